// The builder's typing is never lost: which boxes hold text not yet sent or not yet saved,
// a link or button that leaves the page waits for those saves, and after a version conflict
// what was typed is kept and offered again once the latest version is loaded.
(function () {
  "use strict";

  var root = document.getElementById("builder");
  if (!root) { return; }
  var unsent = new Map();   // id -> box: typed since it was last sent
  var unsaved = new Map();  // id -> value: typed on this page and not (yet) saved
  var inFlight = 0;
  var stashKey = "clinic-unsaved-" + root.getAttribute("data-programme");

  // Only the boxes of the page's own edit forms; the library search and the export options
  // are not programme edits.
  function isEditBox(box) {
    return Boolean(box && box.id && box.closest && root.contains(box) && box.closest("form[hx-post]") &&
      box.type !== "radio" && box.type !== "hidden" && box.tagName !== "BUTTON");
  }

  function tell() {
    root.setAttribute("data-unsent", String(unsent.size));
    root.dispatchEvent(new CustomEvent("builder-typing"));
  }

  function typed(event) {
    var box = event.target;
    if (!isEditBox(box)) { return; }
    unsent.set(box.id, box);
    unsaved.set(box.id, box.value);
    tell();
  }
  document.addEventListener("input", typed, true);

  function isEdit(detail) {
    var verb = (detail.requestConfig && detail.requestConfig.verb) || "get";
    return verb.toLowerCase() !== "get";
  }

  // What a request carries is sent: remember which of the typed values it took.
  root.addEventListener("htmx:beforeRequest", function (event) {
    if (!isEdit(event.detail)) { return; }
    inFlight += 1;
    var form = event.detail.elt.closest("form") || event.detail.elt;
    var sent = [];
    Array.prototype.forEach.call(form.elements || [], function (box) {
      if (box.id && unsaved.has(box.id)) {
        sent.push([box.id, box.value]);
        unsent.delete(box.id);
      }
    });
    event.detail.xhr.clinicSent = sent;
    tell();
  });

  // A box is refused when the message its aria-describedby names has words in it.
  function refused(box) {
    return (box.getAttribute("aria-describedby") || "").split(" ").some(function (id) {
      var message = /-error$/.test(id) && document.getElementById(id);
      return Boolean(message && message.textContent.trim());
    });
  }

  var leaving = null;  // the link or button that waits for the saves, and whether one was refused
  root.addEventListener("htmx:afterRequest", function (event) {
    if (!isEdit(event.detail)) { return; }
    inFlight = Math.max(0, inFlight - 1);
    var code = event.detail.xhr.status;
    (event.detail.xhr.clinicSent || []).forEach(function (pair) {
      var box = document.getElementById(pair[0]);
      var saved = (code >= 200 && code < 300) || (code === 422 && box && !refused(box));
      if (saved && unsaved.get(pair[0]) === pair[1]) { unsaved.delete(pair[0]); }
    });
    if (code === 409) { stash(); }
    if (leaving && code !== 409 && !(code >= 200 && code < 300)) { leaving.refused = true; }
    tell();
  });

  // Leaving: a click on a link (or a plain form's button) first lets the typed text be sent,
  // then goes on once every save has answered; a refused value keeps the therapist here.
  function settled() { return unsent.size === 0 && inFlight === 0; }

  function holdUntilSaved(event, goOn) {
    if (settled()) { return; }
    event.preventDefault();
    var active = document.activeElement;
    if (active && unsent.has(active.id)) { active.blur(); }  // its "change" sends it
    leaving = {refused: false};
    var waited = 0;
    var timer = window.setInterval(function () {
      waited += 50;
      if (!settled() && waited < 15000) { return; }
      window.clearInterval(timer);
      var stay = leaving.refused;
      leaving = null;
      if (!stay) { goOn(); }
    }, 50);
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[href]");
    if (!link || event.defaultPrevented || event.button !== 0 || event.ctrlKey || event.metaKey ||
        event.shiftKey || event.altKey || link.hasAttribute("download") ||
        (link.target && link.target !== "_self") || link.getAttribute("href").charAt(0) === "#") { return; }
    holdUntilSaved(event, function () { window.location.assign(link.href); });
  }, true);

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.hasAttribute("hx-post") || form.hasAttribute("hx-get") || event.defaultPrevented) { return; }
    var button = event.submitter;
    holdUntilSaved(event, function () { form.requestSubmit(button); });
  });

  // Anything else that leaves (the back button, closing the tab) asks first while text is unsent.
  window.addEventListener("beforeunload", function (event) {
    if (settled()) { return; }
    event.preventDefault();
    event.returnValue = "";
  });

  // After a conflict: keep what was typed, and offer it again on the latest version.
  function labelOf(box) {
    var label = document.querySelector('label[for="' + box.id + '"]');
    var card = box.closest(".item-card");
    var name = card && card.querySelector("h3");
    return [name ? name.textContent.trim() : "", label ? label.textContent.trim() : ""]
      .filter(Boolean).join(" · ");
  }

  function stash() {
    var kept = [];
    unsaved.forEach(function (value, id) {
      var box = document.getElementById(id);
      kept.push({id: id, value: value, label: box ? labelOf(box) : id});
    });
    try { window.sessionStorage.setItem(stashKey, JSON.stringify(kept)); } catch (ignore) { /* private mode */ }
  }

  function offerAgain() {
    var bar = document.getElementById("reapply");
    var kept;
    try { kept = JSON.parse(window.sessionStorage.getItem(stashKey) || "[]"); } catch (ignore) { kept = []; }
    kept = kept.filter(function (entry) {
      var box = document.getElementById(entry.id);
      return box && box.value !== entry.value;
    });
    if (!bar || !kept.length) { window.sessionStorage.removeItem(stashKey); return; }
    var list = bar.querySelector("ul");
    kept.forEach(function (entry) {
      var line = document.createElement("li");
      var what = document.createElement("strong");
      what.textContent = entry.label;
      line.append(what, ": ", entry.value);
      list.append(line);
    });
    bar.hidden = false;
    function done() { window.sessionStorage.removeItem(stashKey); bar.hidden = true; list.replaceChildren(); }
    bar.querySelector("[data-reapply]").addEventListener("click", function () {
      done();
      kept.forEach(function (entry) {
        var box = document.getElementById(entry.id);
        if (!box) { return; }
        for (var open = box.closest("details"); open; open = open.parentElement.closest("details")) {
          open.open = true;
        }
        box.value = entry.value;
        box.dispatchEvent(new Event("input", {bubbles: true}));
        box.dispatchEvent(new Event("change", {bubbles: true}));
      });
    });
    bar.querySelector("[data-discard]").addEventListener("click", done);
  }
  offerAgain();
})();
