// CareMap service worker: keeps the app shell and the pages a family last looked at, so that
// offline the app still opens and shows those results (each page states when its data was fetched).
const CACHE = 'caremap-v5';
// Only the home page and its small bundle up front: the other pages' bundles are kept the first time
// they are used (below). Fetching all four at install would cost a family on mobile data ~0.6 MB.
const SHELL = ['/', '/offline', '/favicon.svg', '/manifest.webmanifest', '/home-pkg/frontend.js', '/home-pkg/frontend_bg.wasm'];
// What a page never saved shows offline (pages/offline.rs), with the list of the pages that were.
const OFFLINE = '/offline';

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

const escapeHtml = (s) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);

// The offline page with a link to each saved page, named by its title (already HTML-escaped there).
async function notSaved(cache) {
  const shell = await cache.match(OFFLINE);
  if (!shell) return null;
  const links = [];
  for (const saved of await cache.keys()) {
    const u = new URL(saved.url);
    if (!isPage(u)) continue;
    const text = await (await cache.match(saved)).text();
    const title = (text.match(/<title>([^<]*)<\/title>/) || [])[1] || escapeHtml(u.pathname);
    links.push(`<li><a href="${escapeHtml(u.pathname + u.search)}">${title}</a></li>`);
  }
  const html = (await shell.text()).replace(/(<ul id="saved-pages"[^>]*>)/, `$1${links.join('')}`);
  return new Response(html, { status: 200, headers: shell.headers });
}

self.addEventListener('fetch', (event) => {
  const req = event.request;
  const url = new URL(req.url);
  if (req.method !== 'GET' || url.origin !== self.location.origin) return;

  if (req.mode === 'navigate') {
    // Pages: the network first (figures must be live); a family's pages are kept for offline use (the
    // managers' and the district's are not: they hold other people's data). Offline, a page is only ever
    // its own saved copy — never another page's content under its address.
    event.respondWith(
      fetch(req)
        .then((res) => {
          if (res.ok && isPage(url)) {
            const copy = res.clone();
            caches.open(CACHE).then((c) => c.put(req, copy));
          }
          return res;
        })
        .catch(async () => {
          const cache = await caches.open(CACHE);
          return (await cache.match(req)) || (await notSaved(cache)) || Response.error();
        }),
    );
    return;
  }

  if (/^\/([a-z]+-)?pkg\//.test(url.pathname) || url.pathname === '/favicon.svg' || url.pathname === '/manifest.webmanifest') {
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
