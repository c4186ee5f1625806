/* The patient page's service worker: keeps the one page and its two files for use offline.
   Served from /p/sw.js so its scope is /p/ and nothing of the staff pages. No third-party code. */
"use strict";

const CACHE = "patient-page-v1";
const FILES = ["/static/patient/patient.css", "/static/patient/patient.js"];

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(FILES)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(caches.keys()
    .then((names) => Promise.all(names.filter((name) => name !== CACHE).map((name) => caches.delete(name))))
    .then(() => self.clients.claim()));
});

/* The page: from the network when there is one (and kept), else the copy kept last time.
   A page the server no longer serves (a stopped link) is dropped from the phone too. */
async function page(request) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (response.ok) {
      await cache.put(request, response.clone());
    } else if (response.status === 404) {
      await cache.delete(request);
    }
    return response;
  } catch (offline) {
    const kept = await cache.match(request);
    if (kept) return kept;
    throw offline;
  }
}

async function file(request) {
  const kept = await caches.match(request);
  return kept || fetch(request);
}

self.addEventListener("fetch", (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== "GET" || url.origin !== self.location.origin) return;
  if (event.request.mode === "navigate" && url.pathname.startsWith("/p/")) {
    event.respondWith(page(event.request));
  } else if (FILES.includes(url.pathname)) {
    event.respondWith(file(event.request));
  }
});
