// CareMap service worker: keeps the app shell and the pages a family last looked at, so that
// offline the app still opens and shows those results (each page states when its data was fetched).
const CACHE = 'caremap-v3';
// Only the home page and its small bundle up front: the other pages' bundles are kept the first time
// they are used (below). Fetching all four at install would cost a family on mobile data ~0.6 MB.
const SHELL = ['/', '/favicon.svg', '/manifest.webmanifest', '/home-pkg/frontend-home.js', '/home-pkg/frontend-home_bg.wasm'];
const LAST_SEARCH = '/__last-search';

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((c) => c.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

function isPage(url) {
  return url.pathname === '/' || url.pathname === '/search' || url.pathname.startsWith('/facility/') ||
    url.pathname === '/compare';
}

self.addEventListener('fetch', (event) => {
  const req = event.request;
  const url = new URL(req.url);
  if (req.method !== 'GET' || url.origin !== self.location.origin) return;

  if (req.mode === 'navigate' && isPage(url)) {
    // Pages: the network first (figures must be live); a copy is kept for offline use.
    event.respondWith(
      fetch(req)
        .then((res) => {
          if (res.ok) {
            const copy = res.clone();
            caches.open(CACHE).then((c) => {
              c.put(req, copy.clone());
              if (url.pathname === '/search') c.put(LAST_SEARCH, copy);
            });
          }
          return res;
        })
        .catch(async () => {
          const cache = await caches.open(CACHE);
          return (await cache.match(req)) ||
            (url.pathname === '/search' && (await cache.match(LAST_SEARCH))) ||
            (await cache.match(LAST_SEARCH)) ||
            (await cache.match('/')) ||
            Response.error();
        }),
    );
    return;
  }

  if (url.pathname.startsWith('/pkg/') || url.pathname.startsWith('/home-pkg/') || url.pathname.startsWith('/search-pkg/') || url.pathname.startsWith('/facility-pkg/') || url.pathname === '/favicon.svg' || url.pathname === '/manifest.webmanifest') {
    // Code and icons: from the cache at once, refreshed in the background.
    event.respondWith(
      caches.open(CACHE).then(async (cache) => {
        const cached = await cache.match(req);
        const fresh = fetch(req).then((res) => {
          if (res.ok) cache.put(req, res.clone());
          return res;
        }).catch(() => cached);
        return cached || fresh;
      }),
    );
  }
});
