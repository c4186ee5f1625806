/* The patient page: check-ins and scores sent without leaving the page, and kept on the phone while offline.
   Without this script the forms still post and the page answers; with it, an answer made
   offline waits in this phone's storage and is sent when the connection comes back. */
"use strict";

(function () {
  const RETRY_MS = 5000;

  /* One form that posts to the server and, offline, waits in localStorage under its own key. */
  function wire(form, queueKey, lineId, onSaved) {
    const words = form.dataset;
    const section = form.parentElement;
    const say = (text, kind) => {
      let line = document.getElementById(lineId);
      if (!line) {
        line = document.createElement("p");
        line.id = lineId;
        line.setAttribute("role", "status");
        form.before(line);
      }
      // The server's own answer, from a post without this script, gives way to this line.
      section.querySelectorAll(`:scope > .saved:not(#${lineId}), :scope > .problem:not(#${lineId})`)
        .forEach((old) => old.remove());
      line.className = kind;
      line.textContent = text;
    };

    const queued = () => JSON.parse(localStorage.getItem(queueKey) || "[]");
    const keep = (list) => localStorage.setItem(queueKey, JSON.stringify(list));

    async function send(fields) {
      const response = await fetch(form.action, {
        method: "POST",
        headers: { "Accept": "application/json" },
        body: new URLSearchParams(fields),
        credentials: "omit",
      });
      if (response.status === 404) return { text: words.sayGone, kind: "problem", saved: false };
      if (response.status === 429) return { text: words.sayTooMany, kind: "problem", saved: false };
      const answer = await response.json();
      return { text: answer.message || answer.problem, kind: answer.saved ? "saved" : "problem", saved: answer.saved };
    }

    let retry = null;

    /* Send what waits, oldest first; still offline, try again in a few seconds. */
    async function flush() {
      clearTimeout(retry);
      let list = queued();
      while (list.length) {
        let result;
        try {
          result = await send(list[0]);
        } catch (offline) {
          retry = setTimeout(flush, RETRY_MS);
          return;
        }
        list = queued().slice(1);
        keep(list);
        say(result.text, result.kind);
        if (result.saved && onSaved) onSaved();
      }
    }

    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const fields = Array.from(new FormData(form).entries());
      try {
        const result = await send(fields);
        say(result.text, result.kind);
        if (result.saved && onSaved) onSaved();
      } catch (offline) {
        keep([...queued(), fields]);
        say(words.sayQueued, "saved");  // the form stays: should the server refuse it later, the answers are here
        retry = setTimeout(flush, RETRY_MS);
      }
    });

    window.addEventListener("online", () => setTimeout(flush, 300));
    flush();
  }

  const form = document.querySelector(".check-in-form");
  if (!form) return;

  /* The day list follows this phone's calendar, even on a page kept from an earlier day. */
  const days = form.querySelectorAll("select[name=day] option");
  days.forEach((option, back) => {
    const day = new Date();
    day.setDate(day.getDate() - back);
    const local = new Date(day.getTime() - day.getTimezoneOffset() * 60000);
    option.value = local.toISOString().slice(0, 10);
  });

  /* The answers shown are the day the page was made for; another day starts empty. */
  form.querySelector("select[name=day]").addEventListener("change", () => {
    form.querySelectorAll("input[type=radio]").forEach((radio) => { radio.checked = false; });
    form.querySelector("textarea[name=note]").value = "";
  });

  wire(form, "clinic.check-ins", "check-in-answer", null);

  /* The outcome score: once the server has it, the questions go; the page asks again when due. */
  const scoreForm = document.querySelector(".score-form");
  if (scoreForm) wire(scoreForm, "clinic.scores", "score-answer", () => scoreForm.remove());

  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register(form.dataset.worker, { scope: "/p/" }).catch(() => {});
  }
})();
