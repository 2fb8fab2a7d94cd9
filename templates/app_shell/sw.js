// Prapesan's service worker (orders/views/app_shell.py). It keeps the app shell — public files
// only — and shows the offline page when a page cannot be loaded. Pages are never stored: they hold
// customers' names and numbers. Requests other than GET (every form post) are left to the browser.
"use strict";
const CACHE = "{{ cache_name }}";
const SHELL = {{ shell_json|safe }};
const OFFLINE = "{{ offline_url }}";

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((names) => Promise.all(names.filter((name) => name !== CACHE).map((name) => caches.delete(name))))
      .then(() => self.clients.claim())
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate") {
    // Always from the network; only when there is none, the offline page (the page itself is not kept).
    event.respondWith(fetch(request).catch(() => caches.match(OFFLINE)));
    return;
  }
  if (SHELL.includes(url.pathname)) {
    event.respondWith(caches.match(request).then((kept) => kept || fetch(request)));
  }
});
