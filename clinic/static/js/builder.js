// The builder page: version on every edit, save state, keyboard focus, drag and drop, preview.
(function () {
  "use strict";

  var root = document.getElementById("builder");
  if (!root) { return; }
  var statusLine = document.getElementById("save-status");
  var previewTimer = null;
  var keepPlace = null;  // the focused control and its card's place on screen, before an edit

  // The words come from the page (data-say-* on #builder), already in the page language.
  function setStatus(state) {
    statusLine.textContent = root.getAttribute("data-say-" + state) || "";
    statusLine.setAttribute("data-state", state === "saving" || state === "saved" ? state : "error");
  }

  function isEdit(detail) {
    var verb = (detail.verb || (detail.requestConfig && detail.requestConfig.verb) || "get").toLowerCase();
    return verb !== "get";
  }

  // Every edit says which version it was made on; the server refuses a stale one with 409.
  root.addEventListener("htmx:configRequest", function (event) {
    if (isEdit(event.detail)) {
      event.detail.parameters.version = root.getAttribute("data-version");
    }
  });

  // The badge says "Saved" only when nothing on the page is in flight, refused or still unsent:
  // a later good edit elsewhere must not hide a box that is still red.
  var inFlight = 0;
  var conflicted = false;
  var failed = false;

  function anyRefused() {
    return Array.prototype.some.call(root.querySelectorAll('.error-text[id$="-error"]'), function (message) {
      return message.textContent.trim() !== "";
    });
  }

  function refreshStatus() {
    if (inFlight > 0) { setStatus("saving"); }
    else if (conflicted) { setStatus("conflict"); }
    else if (failed) { setStatus("failed"); }
    else if (anyRefused()) { setStatus("refused"); }
    else if (Number(root.getAttribute("data-unsent") || 0) > 0) { setStatus("unsent"); }
    else if (statusLine.getAttribute("data-state") !== "idle") { setStatus("saved"); }
  }
  root.addEventListener("builder-typing", refreshStatus);

  root.addEventListener("htmx:beforeRequest", function (event) {
    if (!isEdit(event.detail)) { return; }
    rememberPlace();
    inFlight += 1;
    setStatus("saving");
  });

  // A refused value (422) and a conflict (409) carry a fragment to show, not a failure page.
  root.addEventListener("htmx:beforeSwap", function (event) {
    var code = event.detail.xhr.status;
    if (code === 409 || code === 422) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });

  root.addEventListener("htmx:afterRequest", function (event) {
    if (!isEdit(event.detail)) { return; }
    var xhr = event.detail.xhr;
    var version = xhr.getResponseHeader("X-Programme-Version");
    if (version) { root.setAttribute("data-version", version); }
    markInvalidFields();
    inFlight = Math.max(0, inFlight - 1);
    var ok = xhr.status >= 200 && xhr.status < 300;
    conflicted = conflicted || xhr.status === 409;
    failed = !ok && xhr.status !== 409 && xhr.status !== 422;
    // A 422 with a version saved the boxes that were fine; only the refused ones wait.
    if (ok || (xhr.status === 422 && version)) { programmeSaved(); }
    if (statusLine.getAttribute("data-state") === "idle") { statusLine.setAttribute("data-state", "saved"); }
    refreshStatus();
  });

  // A save only refreshes the message under each box; mark the boxes to match.
  function markInvalidFields() {
    root.querySelectorAll("[aria-describedby]").forEach(function (input) {
      var ids = input.getAttribute("aria-describedby").split(" ");
      var message = ids.filter(function (id) { return /-error$/.test(id); })
        .map(function (id) { return document.getElementById(id); })[0];
      if (!message) { return; }
      var invalid = message.textContent.trim() !== "";
      var field = input.closest(".dose-field, .field");
      if (field) { field.classList.toggle("field-error", invalid); }
      if (invalid) { input.setAttribute("aria-invalid", "true"); } else { input.removeAttribute("aria-invalid"); }
    });
  }

  // A swap redraws cards closed; reopen the ones the therapist had open.
  var openCards = [];
  root.addEventListener("htmx:beforeSwap", function () {
    openCards = Array.prototype.map.call(root.querySelectorAll("details.item-edit[open]"),
      function (details) { return details.id; });
  });
  root.addEventListener("htmx:afterSwap", function () {
    openCards.forEach(function (id) {
      var details = document.getElementById(id);
      if (details) { details.open = true; }
    });
  });

  // Keep the place: when an edit redraws the control that had the focus (a move button, a
  // level's radio), the focus goes to the same control in the new drawing and its card stays
  // where it was on screen, so the therapist neither hunts for it nor loses the keyboard.
  function rememberPlace() {
    var active = document.activeElement;
    keepPlace = null;
    if (!active || !active.id || !root.contains(active)) { return; }
    var card = active.closest(".item-card");
    keepPlace = {node: active, id: active.id, card: card && card.id,
                 top: card ? card.getBoundingClientRect().top : null};
  }

  root.addEventListener("htmx:afterSettle", function () {
    var place = keepPlace;
    if (!place || place.node.isConnected) { return; }
    keepPlace = null;
    var card = place.card && document.getElementById(place.card);
    if (card && place.top !== null) { window.scrollBy(0, card.getBoundingClientRect().top - place.top); }
    var control = document.getElementById(place.id);
    if (control) { control.focus({preventScroll: true}); }
  });

  function programmeSaved() {
    window.clearTimeout(previewTimer);
    previewTimer = window.setTimeout(function () {
      var frame = document.getElementById("preview-frame");
      if (frame) { frame.src = frame.src; }
      document.body.dispatchEvent(new CustomEvent("programme-saved"));
    }, 400);
  }

  // Print and Export PDF answer with the PDF, not a page: ask the handout panel again until it
  // shows the handout just given, so it never goes on saying that none was printed.
  document.addEventListener("submit", function (event) {
    if (event.defaultPrevented || event.target.id !== "export-form") { return; }
    var panel = document.getElementById("handout-changes");
    var before = panel ? panel.getAttribute("data-issued") : null;
    var tries = 0;
    var timer = window.setInterval(function () {
      var now = document.getElementById("handout-changes");
      tries += 1;
      if (!now || now.getAttribute("data-issued") !== before || tries > 30) {
        window.clearInterval(timer);
        return;
      }
      htmx.trigger(document.body, "handout-given");
    }, 1000);
  });

  // Drag and drop between and within sections; the server gets every list's order at once.
  function sendOrder() {
    var order = {};
    root.querySelectorAll(".item-list").forEach(function (list) {
      order[list.getAttribute("data-section")] = Array.prototype.map.call(
        list.querySelectorAll(":scope > .item-card"),
        function (card) { return Number(card.getAttribute("data-item-id")); });
    });
    document.getElementById("reorder-order").value = JSON.stringify(order);
    htmx.trigger(document.getElementById("reorder-form"), "reorder");
  }

  function makeSortable(scope) {
    if (typeof Sortable === "undefined") { return; }
    scope.querySelectorAll(".item-list").forEach(function (list) {
      if (list.getAttribute("data-sortable")) { return; }
      list.setAttribute("data-sortable", "1");
      Sortable.create(list, {
        group: "items",
        handle: ".drag-handle",
        animation: 150,
        // Pointer events rather than native drag and drop: the same on mouse, pen and touch.
        forceFallback: true,
        onEnd: function (event) {
          if (event.from !== event.to || event.oldIndex !== event.newIndex) { sendOrder(); }
        }
      });
    });
  }

  // "Add exercises" in the bar jumps to the library (a plain link) and puts the cursor in its search.
  root.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("[data-focus]");
    var box = link && document.getElementById(link.getAttribute("data-focus"));
    if (box) { window.setTimeout(function () { box.focus({preventScroll: true}); }, 0); }
  });

  // Boxes marked data-grow show all their text; browsers without CSS field-sizing grow them here.
  var sizesItself = window.CSS && CSS.supports && CSS.supports("field-sizing", "content");
  function grow(box) {
    box.style.height = "auto";
    box.style.height = (box.scrollHeight + box.offsetHeight - box.clientHeight) + "px";
  }
  function growAll(scope) {
    if (sizesItself) { return; }
    scope.querySelectorAll("textarea[data-grow]").forEach(grow);
  }
  if (!sizesItself) {
    root.addEventListener("input", function (event) {
      if (event.target.matches && event.target.matches("textarea[data-grow]")) { grow(event.target); }
    });
  }

  htmx.onLoad(function (scope) { makeSortable(root); growAll(scope); });
  makeSortable(root);
  growAll(root);

  // The preview follows the export form's handout language, so the therapist sees what prints.
  var language = document.getElementById("export-language");
  if (language) {
    language.addEventListener("change", function () {
      var frame = document.getElementById("preview-frame");
      if (!frame) { return; }
      var url = new URL(frame.src, window.location.href);
      url.searchParams.set("language", language.value);
      frame.src = url.toString();
    });
  }
})();
