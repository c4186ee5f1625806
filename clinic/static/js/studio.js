// The studio's live card: after typing stops for a moment, the form is sent to the preview frame.
(function () {
  "use strict";
  var form = document.getElementById("studio-form");
  var preview = document.getElementById("studio-preview");
  if (!form || !preview || !form.requestSubmit) { return; }
  var timer = null;
  form.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { form.requestSubmit(preview); }, 600);
  });
}());
