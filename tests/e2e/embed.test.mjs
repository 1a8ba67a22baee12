// Embeds that talk (ARCHITECTURE.md, "Embeds that talk"): the #/embed page, and a page on another origin
// that embeds two views with <distlab-view>, drives one by postMessage and checks that the frames follow
// their content's height. The host page is tests/e2e/fixtures/embed-host.html, served by this test on
// DISTLAB_HOST_PORT (8821) while the app is at DISTLAB_URL.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { BASE_URL, openBrowser, openRoute, byId, shot, expectNoProblems } from './harness.mjs';

const HOST_PORT = Number(process.env.DISTLAB_HOST_PORT || 8821);
// Another origin than the app's: the other of 127.0.0.1 and localhost would do too.
const HOST = `http://127.0.0.1:${HOST_PORT}`;
const APP_ORIGIN = new URL(BASE_URL).origin;
assert.notEqual(APP_ORIGIN, HOST, 'the host page must be cross-origin');

let server;
before(async () => {
  const page = readFileSync(new URL('./fixtures/embed-host.html', import.meta.url), 'utf8').replaceAll('__APP__', BASE_URL);
  server = createServer((req, res) => {
    if (req.url === '/' || req.url === '/index.html') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(page);
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise((resolve) => server.listen(HOST_PORT, '127.0.0.1', resolve));
});
after(() => new Promise((resolve) => server.close(resolve)));

/** The harness counts requests to the host page as off-host: they are this test's own. */
function expectNoProblemsBut(browser, origin) {
  browser.problems.splice(0, browser.problems.length, ...browser.problems.filter((p) => !p.includes(`request: ${origin}/`)));
  expectNoProblems(browser);
}

/** Waits until `predicate(messages)` holds for the messages a view sent, and returns the last one. */
async function waitForMessage(page, id, predicate) {
  const handle = await page.waitForFunction(
    ([id, source]) => {
      const matches = window.received[id].filter(new Function('m', `return (${source})(m)`));
      return matches.length ? matches[matches.length - 1] : null;
    },
    [id, predicate.toString()],
    { timeout: 20000 },
  );
  return handle.jsonValue();
}

/** axe-core's WCAG 2 A/AA violations on the page itself (the preview is the app, which a11y.test.mjs reads). */
async function axeViolations(page) {
  await page.addScriptTag({ path: createRequire(import.meta.url).resolve('axe-core/axe.min.js') });
  return page.evaluate(async () => {
    const { violations } = await window.axe.run(
      { exclude: [['[data-testid="embed-preview"]']] },
      { iframes: false, runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } },
    );
    return violations.map((v) => `${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
  });
}

const frameOf = async (page, id) => (await page.locator(`#${id} iframe`).elementHandle()).contentFrame();

test('a page on another origin embeds two views, drives one by postMessage, and the frames fit their content', async () => {
  const browser = await openBrowser();
  const { page } = browser;
  try {
    await page.goto(`${HOST}/`);
    // Both views load, report their run and their height; each frame takes that height.
    for (const [id, panel, preset] of [['lock', 'lock', 'gc-pause'], ['failures', 'failures', 'clean-crash']]) {
      const state = await waitForMessage(page, id, (m) => m.type === 'state' && m.events > 0);
      assert.equal(state.panel, panel);
      assert.equal(state.preset, preset);
      assert.equal(state.cursor, 0);
      assert.equal(state.playing, false);
      const frame = await frameOf(page, id);
      assert.equal(await frame.locator(`[data-testid="panel-${panel}"]`).count(), 1);
      // The frame is as tall as its content: no scroll bar inside, no empty band below.
      await page.waitForFunction((id) => {
        const sent = window.received[id].filter((m) => m.type === 'height').pop();
        return sent && document.querySelector(`#${id} iframe`).clientHeight === Math.ceil(sent.height);
      }, id, { timeout: 10000 });
      const inside = await frame.evaluate(() => ({
        content: Math.ceil(document.getElementById('app').getBoundingClientRect().bottom),
        viewport: innerHeight,
        scroll: document.scrollingElement.scrollHeight,
      }));
      assert.ok(inside.content > 300, `the embedded panel is drawn (${inside.content} px)`);
      assert.equal(inside.viewport, inside.content, `${id}: the frame's height is its content's`);
      assert.ok(inside.scroll <= inside.viewport + 1, `${id}: nothing to scroll inside the frame`);
    }
    const lockFrame = await frameOf(page, 'lock');
    assert.equal(await lockFrame.evaluate(() => document.documentElement.lang), 'zh-CN');
    assert.equal(await lockFrame.locator('[data-testid="embed"]').count(), 1, 'no header: embed mode');
    await shot(page, 'embed-host');
    await page.screenshot({ path: '/tmp/shots-embed/host-page.png' });

    // A browser stops animating frames out of sight: bring the driven one into view, as a reader would.
    await page.locator('#failures').scrollIntoViewIfNeeded();
    const frame = await frameOf(page, 'failures');
    const send = (message) =>
      page.evaluate(([message, origin]) => document.querySelector('#failures iframe').contentWindow.postMessage(message, origin), [message, APP_ORIGIN]);
    const total = (await waitForMessage(page, 'failures', (m) => m.type === 'state')).events;

    // Seek: the frame shows the state after that many events, and says so.
    await send({ distlab: 1, type: 'seek', index: 7 });
    await waitForMessage(page, 'failures', (m) => m.type === 'state' && m.cursor === 7);
    assert.match(await frame.locator('[data-testid="cursor-text"]').textContent(), new RegExp(`\\b7\\b.*\\b${total}\\b`));
    // The frame recorded who is driving it.
    assert.equal(await frame.evaluate(() => document.documentElement.dataset.hostOrigin), HOST);

    // Play, then pause: the frame's own transport bar follows, and the cursor moved while it played.
    await send({ distlab: 1, type: 'play' });
    await waitForMessage(page, 'failures', (m) => m.type === 'state' && m.playing === true);
    await frame.locator('[data-testid="pause"]').waitFor({ state: 'visible' });
    await waitForMessage(page, 'failures', (m) => m.type === 'state' && m.cursor > 7);
    await send({ distlab: 1, type: 'pause' });
    const paused = await waitForMessage(page, 'failures', (m) => m.type === 'state' && m.playing === false && m.cursor > 7);
    await frame.locator('[data-testid="play"]').waitFor({ state: 'visible' });

    // Malformed or unknown messages change nothing and break nothing.
    const count = await page.evaluate(() => window.received.failures.length);
    for (const bad of [
      'play',
      { distlab: 2, type: 'play' },
      { distlab: 1, type: 'PLAY' },
      { distlab: 1, type: 'eval', code: 'document.body.remove()' },
      { distlab: 1, type: 'seek', index: -3 },
      { distlab: 1, type: 'seek', index: 2.5 },
      { distlab: 1, type: 'seek', index: '4' },
      { distlab: 1, type: 'preset', preset: 'no-such-preset' },
      { distlab: 1, type: 'preset', preset: '<img src=x onerror=alert(1)>' },
      { distlab: 1, type: 'height', height: 10 },
    ]) {
      await send(bad);
    }
    await page.waitForTimeout(500);
    assert.equal(await page.evaluate(() => window.received.failures.length), count, 'no reaction to bad messages');
    assert.match(await frame.locator('[data-testid="cursor-text"]').textContent(), new RegExp(`\\b${paused.cursor}\\b`));
    assert.equal(await frame.locator('[data-testid="preset"]').inputValue(), 'clean-crash');

    // Set preset: the panel loads it through its own link codec, from the first event.
    await send({ distlab: 1, type: 'preset', preset: 'gc-pause' });
    const loaded = await waitForMessage(page, 'failures', (m) => m.type === 'state' && m.preset === 'gc-pause');
    assert.equal(loaded.cursor, 0);
    assert.equal(await frame.locator('[data-testid="preset"]').inputValue(), 'gc-pause');
    assert.equal(await frame.locator('[data-testid="url-error"]').count(), 0);
    await send({ distlab: 1, type: 'seek', index: 40 });
    await waitForMessage(page, 'failures', (m) => m.type === 'state' && m.preset === 'gc-pause' && m.cursor === 40);
    await page.waitForTimeout(300);
    await page.screenshot({ path: '/tmp/shots-embed/host-page-driven.png' });

    // The other view was not touched.
    const lock = await waitForMessage(page, 'lock', (m) => m.type === 'state');
    assert.equal(lock.cursor, 0);
    assert.equal(lock.preset, 'gc-pause');
    assert.equal(await lockFrame.evaluate(() => document.documentElement.dataset.hostOrigin), undefined);
    expectNoProblemsBut(browser, HOST);
  } finally {
    await browser.close();
  }
});

test('#/embed lists every view with a live preview it drives, and snippets in the reader\'s language', async () => {
  const browser = await openBrowser();
  const { page } = browser;
  try {
    await openRoute(page, '#/embed?lang=en');
    await byId(page, 'embed-page').waitFor();
    // Reached from the footer, not from a tab among the protocols.
    assert.equal(await page.locator('[data-testid^="nav-"][data-testid="nav-embed"]').count(), 0);
    assert.equal(await page.locator('.tab.selected').count(), 0);
    const views = await page.locator('[data-testid="embed-view"]').evaluateAll((els) => els.map((e) => e.dataset.view));
    for (const view of ['sandbox', 'ring', 'failures', 'failures.gc-pause', 'lock', 'lock.gc-pause', '2pc']) {
      assert.ok(views.includes(view), `the page lists ${view}`);
    }
    await page.locator('[data-view="lock.gc-pause"]').click();
    const preview = byId(page, 'embed-preview');
    assert.match(await preview.getAttribute('src'), /#\/lock\?embed=1&lang=en&preset=gc-pause$/);
    assert.match(await byId(page, 'snippet-element').textContent(), /<distlab-view panel="lock" preset="gc-pause" lang="en"><\/distlab-view>/);
    assert.match(await byId(page, 'snippet-element').textContent(), /distlab-view\.js/);
    assert.match(await byId(page, 'snippet-iframe').textContent(), /#\/lock\?embed=1&amp;lang=en&amp;preset=gc-pause/);
    // The preview reports to this page, which shows the messages with their origin and follows the height.
    const received = byId(page, 'embed-received');
    await received.locator('li[data-type="state"]').filter({ hasText: '"preset":"gc-pause"' }).waitFor();
    assert.equal(await received.locator('li[data-type="state"]').getAttribute('data-origin'), new URL(BASE_URL).origin);
    await received.locator('li[data-type="height"]').waitFor();
    const reported = JSON.parse(await received.locator('li[data-type="height"] code').textContent()).height;
    await page.waitForFunction((h) => document.querySelector('[data-testid="embed-preview"]').clientHeight === Math.ceil(h) + 0 || Math.abs(document.querySelector('[data-testid="embed-preview"]').getBoundingClientRect().height - h) <= 3, reported);
    // Its buttons drive the preview through the same messages.
    const frame = await (await preview.elementHandle()).contentFrame();
    await byId(page, 'embed-seek-index').fill('5');
    await byId(page, 'embed-seek').click();
    await received.locator('li[data-type="state"]').filter({ hasText: '"cursor":5,' }).waitFor();
    assert.match(await frame.locator('[data-testid="cursor-text"]').textContent(), /\b5\b/);
    await byId(page, 'embed-preset').selectOption('check-then-set');
    await received.locator('li[data-type="state"]').filter({ hasText: '"preset":"check-then-set"' }).waitFor();
    assert.equal(await frame.locator('[data-testid="preset"]').inputValue(), 'check-then-set');
    await page.locator('.embed-docs').evaluate((e) => { e.scrollTop = 0; });
    await shot(page, 'embed-page-en');
    await page.screenshot({ path: '/tmp/shots-embed/embed-page-en.png' });
    assert.deepEqual(await axeViolations(page), [], 'axe finds nothing on the embed page');
    expectNoProblems(browser);

    // In Chinese: the page's words and the snippets' language.
    await openRoute(page, '#/embed?lang=zh-CN&view=failures.gc-pause');
    await byId(page, 'embed-page').waitFor();
    assert.equal(await page.locator('#embed-title').textContent(), '把 distlab 嵌入你的网页');
    assert.match(await byId(page, 'snippet-element').textContent(), /panel="failures" preset="gc-pause" lang="zh-CN"/);
    await byId(page, 'embed-received').locator('li[data-type="height"]').waitFor();
    await page.waitForTimeout(500);
    await page.screenshot({ path: '/tmp/shots-embed/embed-page-zh.png' });
    await page.locator('.embed-docs').evaluate((e) => { e.scrollTop = 1100; });
    await page.waitForTimeout(200);
    await page.screenshot({ path: '/tmp/shots-embed/embed-page-zh-format.png' });
    expectNoProblems(browser);

    // An unknown view in the link is ignored: the first view is shown.
    await openRoute(page, '#/embed?lang=en&view=nope.<b>');
    await byId(page, 'embed-page').waitFor();
    assert.equal(await page.locator('[data-testid="embed-view"][aria-pressed="true"]').getAttribute('data-view'), 'sandbox');
    expectNoProblems(browser);
  } finally {
    await browser.close();
  }
});
