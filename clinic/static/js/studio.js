// The studio's live preview: after typing (or sliding) stops for a moment, the form is sent to the preview frame.
(function () {
  "use strict";
  var form = document.getElementById("studio-form");
  var preview = document.getElementById("studio-preview");
  if (!form || !preview || !form.requestSubmit) { return; }
  var timer = null;
  form.addEventListener("input", function (event) {
    // A slider's number beside it follows the slider.
    var shown = event.target.id && form.querySelector('output[for="' + event.target.id + '"]');
    if (shown) { shown.textContent = event.target.value; }
    clearTimeout(timer);
    timer = setTimeout(function () { form.requestSubmit(preview); }, 400);
  });
  if (preview.getAttribute("formtarget") === "studio-figure") { form.requestSubmit(preview); }
}());
