/* The patient page: check-ins sent without leaving the page, and kept on the phone while offline.
   Without this script the form still posts and the page answers; with it, a check-in made
   offline waits in this phone's storage and is sent when the connection comes back. */
"use strict";

(function () {
  const form = document.querySelector(".check-in-form");
  if (!form) return;
  const QUEUE = "clinic.check-ins";
  const say = (text, kind) => {
    let line = document.getElementById("check-in-answer");
    if (!line) {
      line = document.createElement("p");
      line.id = "check-in-answer";
      line.setAttribute("role", "status");
      form.before(line);
    }
    // The server's own answer, from a post without this script, gives way to this line.
    document.querySelectorAll(".check-in > .saved:not(#check-in-answer), .check-in > .problem:not(#check-in-answer)")
      .forEach((old) => old.remove());
    line.className = kind;
    line.textContent = text;
  };
  const words = form.dataset;

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

  const queued = () => JSON.parse(localStorage.getItem(QUEUE) || "[]");
  const keep = (list) => localStorage.setItem(QUEUE, JSON.stringify(list));

  async function send(fields) {
    const response = await fetch(form.action, {
      method: "POST",
      headers: { "Accept": "application/json" },
      body: new URLSearchParams(fields),
      credentials: "omit",
    });
    if (response.status === 404) return { done: true, text: words.sayGone, kind: "problem" };
    if (response.status === 429) return { done: true, text: words.sayTooMany, kind: "problem" };
    const answer = await response.json();
    return { done: true, text: answer.message || answer.problem, kind: answer.saved ? "saved" : "problem" };
  }

  const RETRY_MS = 5000;
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
    }
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const fields = Array.from(new FormData(form).entries());
    try {
      const result = await send(fields);
      say(result.text, result.kind);
    } catch (offline) {
      keep([...queued(), fields]);
      say(words.sayQueued, "saved");
      retry = setTimeout(flush, RETRY_MS);
    }
  });

  window.addEventListener("online", () => setTimeout(flush, 300));
  flush();

  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register(words.worker, { scope: "/p/" }).catch(() => {});
  }
})();
