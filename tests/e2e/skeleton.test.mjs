// A cold visit is never blank: while the WebAssembly is held back, the static skeleton in index.html shows the
// header, the tabs and the panel's title and introduction in the language and theme the app will choose; once
// the wasm is let through, the app takes over in the same places, with the same words, and the skeleton is gone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE_URL, openBrowser as openAnyBrowser, byId, shot, expectNoProblems } from './harness.mjs';

// The offline service worker would answer a reload's wasm request itself, where page.route cannot hold it back.
const openBrowser = (options = {}) => openAnyBrowser({ serviceWorkers: 'block', ...options });

const SKELETON = '#skeleton';
/** Parts drawn by both the skeleton and the app: they must not move when one replaces the other. */
const PARTS = ['.topbar', '.tabs', '.toggles', '.panel-head h1', '.panel-head .lead', '.stage', '.side'];

/** Opens `hash` with every .wasm request held until `release()`; resolves once the skeleton is in the page. */
async function openHeld(browser, hash) {
  const { page } = browser;
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  await page.route('**/*.wasm', async (route) => {
    await held;
    await route.continue();
  });
  await page.goto(`${BASE_URL}${hash}`);
  await page.waitForSelector(`${SKELETON}[data-layout]`);
  return release;
}

/** What the skeleton (or the app, with `.app`) shows: the words and where the shared parts are. */
function readView(page, root) {
  return page.evaluate(([root, parts]) => {
    const scope = document.querySelector(root);
    const text = (sel) => scope.querySelector(sel)?.textContent.trim() ?? null;
    const visible = (sel) => { const el = scope.querySelector(sel); return !!el && el.getBoundingClientRect().height > 0; };
    const rects = {};
    for (const sel of parts) {
      const el = scope.querySelector(sel);
      if (el && el.getBoundingClientRect().height > 0) {
        const r = el.getBoundingClientRect();
        rects[sel] = [r.x, r.y, r.width, r.height].map(Math.round);
      }
    }
    return {
      name: text('.brand-name'), tagline: text('.brand-tagline'), headerShown: visible('.topbar'), panelShown: visible('.panel'),
      tabs: [...scope.querySelectorAll('.tabs a')].map((a) => a.textContent.trim()),
      current: scope.querySelector('.tabs a[aria-current=page]')?.textContent.trim() ?? null,
      title: text('.panel-head h1'), intro: text('.panel-head .lead'),
      lang: document.documentElement.lang, theme: document.documentElement.dataset.theme, rects,
    };
  }, [root, PARTS]);
}

/** Lets the wasm through and checks that the app replaces the skeleton with the same words in the same places. */
async function releaseAndCompare(browser, release, panel, skeleton) {
  const { page } = browser;
  release();
  await byId(page, `panel-${panel}`).waitFor({ timeout: 20000 });
  assert.equal(await page.locator(SKELETON).count(), 0, 'the skeleton is gone once the app has drawn');
  const app = await readView(page, '.app');
  for (const key of ['name', 'tagline', 'tabs', 'current', 'title', 'intro', 'lang', 'theme']) {
    assert.deepEqual(skeleton[key], app[key], `the skeleton showed the app's own ${key}`);
  }
  for (const [part, rect] of Object.entries(skeleton.rects)) {
    assert.ok(app.rects[part], `the app draws ${part}`);
    const moved = Math.max(...rect.map((v, i) => Math.abs(v - app.rects[part][i])));
    assert.ok(moved <= 1, `${part} stays where the skeleton drew it (moved ${moved} px: ${rect} → ${app.rects[part]})`);
  }
  expectNoProblems(browser);
}

test('an English link shows the lock panel in outline before the wasm runs, then the app takes over', async () => {
  const browser = await openBrowser();
  try {
    const { page } = browser;
    const release = await openHeld(browser, '#/lock?lang=en');
    const skeleton = await readView(page, SKELETON);
    assert.equal(await page.locator('.app').count(), 0, 'the app has not started');
    assert.equal(skeleton.name, 'distlab');
    assert.equal(skeleton.tagline, 'Distributed-systems algorithms, step by step');
    assert.deepEqual(skeleton.tabs, ['Sandbox', 'Hash ring', 'Failures', 'Locks', 'Two-phase commit']);
    assert.equal(skeleton.current, 'Locks');
    assert.match(skeleton.title, /^Distributed locks/);
    assert.match(skeleton.intro, /fencing token/);
    assert.equal(skeleton.lang, 'en');
    assert.equal(skeleton.theme, 'light');
    assert.equal(await page.title(), 'distlab — Distributed-systems algorithms, step by step');
    await shot(page, 'skeleton-lock-en-light');
    await releaseAndCompare(browser, release, 'lock', skeleton);
  } finally {
    await browser.close();
  }
});

test('a Chinese link in a dark system theme shows the 2PC skeleton in Chinese and dark, then the app', async () => {
  const browser = await openBrowser({ colorScheme: 'dark' });
  try {
    const { page } = browser;
    const release = await openHeld(browser, '#/2pc?lang=zh-CN');
    const skeleton = await readView(page, SKELETON);
    assert.equal(skeleton.lang, 'zh-CN');
    assert.equal(skeleton.theme, 'dark');
    assert.equal(skeleton.current, '两阶段提交');
    assert.equal(skeleton.tabs.length, 5);
    for (const words of [skeleton.tagline, skeleton.title, skeleton.intro, ...skeleton.tabs]) {
      assert.match(words, /[\u4e00-\u9fff]/, `Chinese words: ${words}`);
    }
    await shot(page, 'skeleton-2pc-zh-dark');
    await releaseAndCompare(browser, release, '2pc', skeleton);
  } finally {
    await browser.close();
  }
});

test('without a language in the link the skeleton follows the stored choice, else the browser', async () => {
  // A Chinese browser, no stored choice: Chinese (the ring's layout, light).
  let browser = await openBrowser({ locale: 'zh-CN' });
  try {
    const release = await openHeld(browser, '#/ring');
    const skeleton = await readView(browser.page, SKELETON);
    assert.equal(skeleton.lang, 'zh-CN');
    assert.equal(skeleton.current, '哈希环');
    assert.equal(await browser.page.locator(`${SKELETON}[data-layout=ring]`).count(), 1);
    await shot(browser.page, 'skeleton-ring-zh-light');
    await releaseAndCompare(browser, release, 'ring', skeleton);
  } finally {
    await browser.close();
  }
  // The same browser with English and dark stored: the stored choices win.
  browser = await openBrowser({ locale: 'zh-CN' });
  try {
    await browser.page.addInitScript(() => {
      localStorage.setItem('distlab.lang', 'en');
      localStorage.setItem('distlab.theme', 'dark');
    });
    const release = await openHeld(browser, '#/sandbox');
    const skeleton = await readView(browser.page, SKELETON);
    assert.equal(skeleton.lang, 'en');
    assert.equal(skeleton.theme, 'dark');
    assert.equal(skeleton.current, 'Sandbox');
    await shot(browser.page, 'skeleton-sandbox-en-dark');
    await releaseAndCompare(browser, release, 'sandbox', skeleton);
  } finally {
    await browser.close();
  }
});

test('embed=1 shows no header; an unknown route a neutral skeleton whose tabs still work', async () => {
  const browser = await openBrowser();
  try {
    const { page } = browser;
    let release = await openHeld(browser, '#/failures?embed=1&lang=en');
    let skeleton = await readView(page, SKELETON);
    assert.equal(skeleton.headerShown, false, 'embedded: no header');
    assert.match(skeleton.title, /^Failure detection/);
    release();
    await byId(page, 'embed').waitFor({ timeout: 20000 });
    assert.equal(await page.locator('.topbar').isVisible(), false);
    assert.equal(await page.locator(SKELETON).count(), 0);
    await page.unrouteAll();

    await page.goto('about:blank');
    release = await openHeld(browser, '#/no-such-panel?lang=en');
    skeleton = await readView(page, SKELETON);
    assert.equal(await page.locator(`${SKELETON}[data-layout=none]`).count(), 1);
    assert.equal(skeleton.headerShown, true);
    assert.equal(skeleton.tabs.length, 5);
    assert.equal(skeleton.current, null, 'no tab is the current one');
    assert.equal(skeleton.panelShown, false, 'no panel is drawn');
    // A tab clicked before the app has started: that panel's skeleton, then that panel.
    await page.locator(`${SKELETON} .tabs a`).nth(1).click();
    await page.waitForFunction(() => document.querySelector('#skeleton[data-layout=ring]'));
    skeleton = await readView(page, SKELETON);
    assert.equal(skeleton.current, 'Hash ring');
    assert.match(skeleton.title, /^Consistent hashing/);
    await releaseAndCompare(browser, release, 'ring', skeleton);
  } finally {
    await browser.close();
  }
});

test('the served wasm is application/wasm, so the loader compiles it while it streams in', async () => {
  const browser = await openBrowser();
  try {
    const { page } = browser;
    await page.addInitScript(() => {
      const streaming = WebAssembly.instantiateStreaming;
      window.__streamed = 'not called';
      WebAssembly.instantiateStreaming = (...args) => streaming(...args).then((r) => { window.__streamed = 'ok'; return r; });
      const buffered = WebAssembly.instantiate;
      WebAssembly.instantiate = (...args) => { window.__buffered = true; return buffered(...args); };
    });
    const wasm = page.waitForResponse((r) => r.url().endsWith('.wasm'));
    await page.goto(`${BASE_URL}#/sandbox?lang=en`);
    assert.equal((await wasm).headers()['content-type'], 'application/wasm');
    await byId(page, 'panel-sandbox').waitFor({ timeout: 20000 });
    assert.equal(await page.evaluate(() => window.__streamed), 'ok');
    assert.equal(await page.evaluate(() => window.__buffered), undefined, 'no fallback to a whole buffer');
    expectNoProblems(browser);
  } finally {
    await browser.close();
  }
});
