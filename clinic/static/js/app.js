// Page-wide behaviour. The CSP forbids inline script, so everything lives here.
(function () {
  "use strict";

  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute("content") : "";
  }

  // Flask-WTF checks the X-CSRFToken header on every htmx request that changes data.
  document.addEventListener("htmx:configRequest", function (event) {
    event.detail.headers["X-CSRFToken"] = csrfToken();
  });

  // htmx does not swap error responses; show their short text in the message area instead,
  // so a failed save is never silent.
  // Fallback words come from <body data-say-*>, already in the page language.
  function said(name) {
    return document.body.getAttribute("data-say-" + name) || "";
  }

  function showMessage(text, kind) {
    var area = document.getElementById("messages");
    if (!area) { return; }
    var line = document.createElement("p");
    line.className = "message message-" + kind;
    line.textContent = text;
    area.replaceChildren(line);
  }

  document.addEventListener("htmx:responseError", function (event) {
    var xhr = event.detail.xhr;
    var text = xhr && xhr.getResponseHeader("Content-Type") &&
      xhr.getResponseHeader("Content-Type").indexOf("text/plain") === 0 ? xhr.responseText : "";
    showMessage(text || said("failed"), "error");
  });

  document.addEventListener("htmx:sendError", function () {
    showMessage(said("offline"), "error");
  });

  // Buttons that ask before doing something hard to undo: data-confirm="Question?"
  document.addEventListener("submit", function (event) {
    var button = event.submitter;
    var question = (button && button.getAttribute("data-confirm")) ||
      event.target.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
    }
  });
})();
