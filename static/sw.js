// distlab's service worker, for classrooms with poor Wi-Fi: a reload with the network off still opens every
// panel. scripts/precache.mjs (a Trunk post-build hook) writes it into dist/ as sw.js with the build's file
// list and a digest of their contents filled in below; static/offline.js registers it.
//
// - Trunk's file names carry a hash of their content, so a cached wasm, js or css file is never stale: they
//   are served from the cache first.
// - index.html is the one name that stays the same across builds: it is fetched from the network first, and
//   the cached copy (from the same build as the cached files it names) answers only when the network fails
//   or takes longer than NAVIGATION_TIMEOUT_MS. A new build is therefore seen on the next online reload.
// - A new build means a new sw.js (its digest changed): it installs its own cache and, once active, deletes
//   this deployment's older caches. Caches of other apps (or other distlab deployments) on the origin are
//   left alone: the cache name holds the worker's scope.
const DIGEST = '__DISTLAB_DIGEST__';
const FILES = __DISTLAB_FILES__;
const NAVIGATION_TIMEOUT_MS = 4000;

const PREFIX = `distlab ${self.registration.scope} `;
const CACHE = PREFIX + DIGEST;
const INDEX = new URL('./', self.registration.scope).href;

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      // `reload`: past the HTTP cache, so a half-updated host cannot mix two builds into one cache.
      .then((cache) => cache.addAll(FILES.map((file) => new Request(file, { cache: 'reload' }))))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) =>
        Promise.all(names.filter((name) => name.startsWith(PREFIX) && name !== CACHE).map((name) => caches.delete(name))),
      )
      .then(() => self.clients.claim()),
  );
});

const cached = (request) => caches.open(CACHE).then((cache) => cache.match(request));

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return;
  if (request.mode === 'navigate') {
    // The app routes in the hash, so every page of it is index.html.
    const fromCache = () => cached(INDEX).then((hit) => hit || Response.error());
    event.respondWith(
      new Promise((resolve) => {
        const timer = setTimeout(() => resolve(fromCache()), NAVIGATION_TIMEOUT_MS);
        fetch(request).then(
          (response) => { clearTimeout(timer); resolve(response); },
          () => { clearTimeout(timer); resolve(fromCache()); },
        );
      }),
    );
    return;
  }
  event.respondWith(cached(request).then((hit) => hit || fetch(request)));
});
