// Registers the service worker that keeps the app usable offline (static/sw.js, written into dist/ by
// scripts/precache.mjs). Only over http(s): a page opened from file:// has no worker to register. Not in an
// embed: a documentation page's iframe should not install a worker in its readers' browsers.
if (/^https?:$/.test(location.protocol) && 'serviceWorker' in navigator && !/[?&]embed=1(&|$)/.test(location.hash)) {
  addEventListener('load', () => navigator.serviceWorker.register('sw.js').catch(() => {}));
}
