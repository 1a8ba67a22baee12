// Whole-app flows in headless Chromium against the release build in dist/.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { openBrowser, openRoute, byId, shot, expectNoProblems } from './harness.mjs';

let browser;
before(async () => {
  browser = await openBrowser();
});
after(async () => {
  await browser.close();
});

const assertNoProblems = () => expectNoProblems(browser);

async function cursorIndex(page) {
  const text = await byId(page, 'cursor-text').textContent();
  const match = text.match(/(\d+)/);
  assert.ok(match, `cursor text has a number: ${text}`);
  return Number(match[1]);
}

test('the app loads the sandbox with nodes and no console errors', async () => {
  const { page } = browser;
  await openRoute(page, '#/sandbox?lang=en&seed=42');
  await byId(page, 'panel-sandbox').waitFor();
  assert.equal(await byId(page, 'node').count(), 4);
  assert.equal(await byId(page, 'seed').inputValue(), '42');
  for (const id of ['play', 'step-forward', 'step-back', 'speed', 'timeline', 'seed', 'explore', 'reset', 'lang-toggle']) {
    assert.equal(await byId(page, id).count(), 1, `${id} is on the page`);
  }
  // Step a little so the screenshot shows messages in flight.
  for (let i = 0; i < 14; i++) await byId(page, 'step-forward').click();
  await shot(page, 'sandbox-en-1280x720');
  assertNoProblems();
});

test('each tab switches the panel, keeping the language', async () => {
  const { page } = browser;
  await openRoute(page, '#/sandbox?lang=zh-CN');
  for (const name of ['ring', 'failures', 'lock', '2pc', 'sandbox']) {
    await byId(page, `nav-${name}`).click();
    await byId(page, `panel-${name}`).waitFor();
    assert.equal(await byId(page, `nav-${name}`).getAttribute('aria-current'), 'page');
    assert.ok(page.url().includes(`#/${name}`), page.url());
    assert.ok(page.url().includes('lang=zh-CN'), `the link keeps the language: ${page.url()}`);
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh-CN');
    const title = await page.locator(`[data-testid=panel-${name}] h1`).first().textContent();
    assert.match(title, /[\u4e00-\u9fff]/, `the ${name} panel speaks Chinese: ${title}`);
  }
  await byId(page, 'lang-toggle').click();
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  await byId(page, 'nav-ring').click();
  await shot(page, 'ring-en');
  assertNoProblems();
});

test('an unknown route shows a friendly page with links', async () => {
  const { page } = browser;
  await openRoute(page, '#/rng?lang=en');
  await byId(page, 'not-found').waitFor();
  const text = await byId(page, 'not-found').textContent();
  assert.match(text, /rng/);
  await page.getByRole('link', { name: 'Hash ring' }).last().click();
  await byId(page, 'panel-ring').waitFor();
  assertNoProblems();
});

test('the language toggle switches visible text and is remembered', async () => {
  const { page } = browser;
  await openRoute(page, '#/sandbox?lang=en&seed=5');
  assert.equal((await byId(page, 'nav-ring').textContent()).trim(), 'Hash ring');
  await byId(page, 'lang-toggle').click();
  await page.waitForFunction(() => document.documentElement.lang === 'zh-CN');
  assert.equal((await byId(page, 'nav-ring').textContent()).trim(), '哈希环');
  assert.match(await page.locator('h1').textContent(), /沙盒/);
  assert.ok(page.url().includes('lang=zh-CN'), page.url());
  for (let i = 0; i < 10; i++) await byId(page, 'step-forward').click();
  await shot(page, 'sandbox-zh-1280x720');
  // A link without lang falls back to the stored choice.
  await openRoute(page, '#/ring');
  await byId(page, 'panel-ring').waitFor();
  assert.equal((await byId(page, 'nav-ring').textContent()).trim(), '哈希环');
  await byId(page, 'lang-toggle').click();
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  assertNoProblems();
});

test('a malformed link shows a clear message and falls back to defaults', async () => {
  const { page } = browser;
  await openRoute(page, '#/sandbox?lang=en&seed=abc&nodes=99&variant=<b>x</b>&bogus=1');
  await byId(page, 'url-error').waitFor();
  const message = await byId(page, 'url-error').textContent();
  assert.match(message, /seed/);
  assert.match(message, /abc/);
  assert.match(message, /nodes/);
  assert.match(message, /bogus/);
  assert.match(message, /<b>x<\/b>/, 'markup in a link is shown as text');
  assert.equal(await page.locator('.notice b').count(), 0, 'markup in a link is never rendered');
  await byId(page, 'panel-sandbox').waitFor();
  assert.equal(await byId(page, 'node').count(), 4, 'nodes falls back to 4');
  await shot(page, 'malformed-link-en');
  assertNoProblems();
});

test('play advances the run, pause stops it, step back undoes a step', async () => {
  const { page } = browser;
  await openRoute(page, '#/sandbox?lang=en&seed=7');
  await byId(page, 'panel-sandbox').waitFor();
  // Fast playback so the test is short.
  await byId(page, 'speed').fill('2');
  await byId(page, 'play').click();
  await page.waitForFunction(() => {
    const text = document.querySelector('[data-testid=cursor-text]').textContent;
    return Number(text.match(/\d+/)[0]) > 20;
  }, null, { timeout: 15000 });
  await byId(page, 'pause').click();
  const paused = await cursorIndex(page);
  await page.waitForTimeout(300);
  assert.equal(await cursorIndex(page), paused, 'a paused run does not move');
  await byId(page, 'step-back').click();
  assert.equal(await cursorIndex(page), paused - 1);
  await byId(page, 'step-forward').click();
  assert.equal(await cursorIndex(page), paused);
  // Seeking by the timeline jumps straight there.
  await byId(page, 'timeline').fill('5');
  assert.equal(await cursorIndex(page), 5);
  assert.ok(page.url().includes('seed=7'), 'the link carries the seed');
  assertNoProblems();
});

test('the same seed gives the same run in a fresh page', async () => {
  const { page } = browser;
  await openRoute(page, '#/sandbox?lang=en&seed=99&nodes=5');
  await byId(page, 'timeline').fill('60');
  const first = await byId(page, 'event-log').textContent();
  const total = await byId(page, 'timeline').getAttribute('max');
  const other = await browser.context.newPage();
  await openRoute(other, '#/sandbox?lang=en&seed=99&nodes=5');
  await byId(other, 'timeline').fill('60');
  assert.equal(await byId(other, 'event-log').textContent(), first);
  assert.equal(await byId(other, 'timeline').getAttribute('max'), total);
  await other.close();
  assertNoProblems();
});

test('the explorer finds the planted bug in the broken variant and replays it', async () => {
  const { page } = browser;
  await openRoute(page, '#/sandbox?lang=en&seed=1&variant=broken');
  await byId(page, 'explore').click();
  const result = byId(page, 'explore-result');
  await result.waitFor({ timeout: 30000 });
  assert.equal(await result.getAttribute('data-outcome'), 'found');
  // The counterexample was shrunk: it names fewer actions than the run that found it (or as few).
  assert.match(await result.textContent(), /shrunk from \d+ to \d+ actions/);
  // Replay plays the run by itself, at a speed a class can follow, and stops on the violation; the invariant
  // card says so.
  await byId(page, 'explore-replay').click();
  await byId(page, 'pause').waitFor({ timeout: 2000 });
  await byId(page, 'violation').waitFor({ timeout: 30000 });
  await byId(page, 'play').waitFor();
  assert.equal(await byId(page, 'invariant').getAttribute('data-status'), 'violated');
  const log = await byId(page, 'event-log').textContent();
  assert.match(log, /invariant violated/, 'stopped right on the violation');
  assert.ok(await page.locator('.mark.violation').count() >= 1, 'the timeline marks the violation');
  await shot(page, 'sandbox-violation-en');
  assertNoProblems();
});

test('the explorer finds nothing in the correct variant, and can be cancelled', async () => {
  const { page } = browser;
  await openRoute(page, '#/sandbox?lang=en&seed=1&variant=correct');
  await byId(page, 'explore').click();
  await byId(page, 'explore-progress').waitFor();
  const rate = await byId(page, 'explore-rate').textContent();
  assert.match(rate, /runs\/s/);
  await byId(page, 'explore-cancel').click();
  await byId(page, 'explore-result').waitFor();
  assert.equal(await byId(page, 'explore-result').getAttribute('data-outcome'), 'cancelled');
  await byId(page, 'explore').click();
  await byId(page, 'explore-result').waitFor({ timeout: 60000 });
  await page.waitForFunction(
    () => document.querySelector('[data-testid=explore-result]')?.dataset.outcome === 'none',
    null,
    { timeout: 60000 },
  );
  assertNoProblems();
});

test('dark theme and phone width stay legible', async () => {
  const { page } = browser;
  await openRoute(page, '#/sandbox?lang=en&seed=3');
  await byId(page, 'theme-toggle').click();
  await page.waitForFunction(() => document.documentElement.dataset.theme === 'dark');
  for (let i = 0; i < 14; i++) await byId(page, 'step-forward').click();
  await shot(page, 'sandbox-dark-en');
  await page.setViewportSize({ width: 390, height: 844 });
  await shot(page, 'sandbox-phone-dark-en');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 1, `no horizontal scrolling at phone width (overflow ${overflow}px)`);
  // Legible: text keeps WCAG AA contrast (4.5:1) against what it is drawn on, in the dark theme, and no text
  // is smaller than 11 px at phone width.
  const report = await page.evaluate(() => {
    const rgb = (c) => (c.match(/[\d.]+/g) || []).slice(0, 4).map(Number);
    const luminance = ([r, g, b]) => {
      const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
      return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
    };
    const background = (el) => {
      for (let e = el; e; e = e.parentElement) {
        const c = rgb(getComputedStyle(e).backgroundColor);
        if (c.length === 3 || (c.length === 4 && c[3] > 0.5)) return c;
      }
      return rgb(getComputedStyle(document.body).backgroundColor);
    };
    const checked = [...document.querySelectorAll('h1, .lead, .tab, .button, .node-name, .node-status, .event-log li, .eyebrow, label span')]
      .filter((el) => el.getClientRects().length && el.textContent.trim());
    const bad = [];
    for (const el of checked) {
      const style = getComputedStyle(el);
      const fg = rgb(el instanceof SVGElement ? style.fill : style.color);
      const bg = background(el);
      const [a, b] = [luminance(fg), luminance(bg)].sort((x, y) => y - x);
      const ratio = (a + 0.05) / (b + 0.05);
      const size = parseFloat(style.fontSize);
      if (ratio < 4.5 || size < 11) bad.push(`${el.tagName}.${el.className?.baseVal ?? el.className} “${el.textContent.trim().slice(0, 20)}” ${ratio.toFixed(2)}:1 ${size}px`);
    }
    return { checked: checked.length, bad };
  });
  assert.ok(report.checked > 20, `checked ${report.checked} texts`);
  assert.deepEqual(report.bad, [], 'every text is legible');
  await byId(page, 'theme-toggle').click();
  await page.setViewportSize({ width: 1280, height: 720 });
  assertNoProblems();
});

test('a panic shows the error banner with a working reset', async () => {
  const { page } = browser;
  await openRoute(page, '#/debug/panic?lang=en');
  await byId(page, 'error-banner').waitFor();
  assert.match(await byId(page, 'error-banner').textContent(), /went wrong/);
  await shot(page, 'panic-banner-en');
  browser.problems.splice(0); // the panic itself is logged as an error, on purpose
  await byId(page, 'error-reset').click();
  await byId(page, 'panel-sandbox').waitFor({ timeout: 20000 });
  assert.equal(await byId(page, 'error-banner').count(), 0);
  assertNoProblems();
});

test('the transport bar works from the keyboard alone', async () => {
  const { page } = browser;
  await openRoute(page, '#/sandbox?lang=en&seed=11');
  await byId(page, 'panel-sandbox').waitFor();
  let reached = false;
  for (let i = 0; i < 60 && !reached; i++) {
    await page.keyboard.press('Tab');
    reached = await page.evaluate(() => document.activeElement?.dataset?.testid === 'step-forward');
  }
  assert.ok(reached, 'Tab reaches the step-forward button');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Enter');
  assert.equal(await cursorIndex(page), 2);
  const label = await byId(page, 'step-forward').getAttribute('aria-label');
  assert.equal(label, 'Step forward one event', 'icon buttons are labelled for screen readers');
  assertNoProblems();
});

/** The transform of one in-flight message, sampled twice while playing slowly. */
/** Every message in flight, by id: its transform. */
async function messagePlaces(page) {
  return page.evaluate(() => Object.fromEntries(
    [...document.querySelectorAll('[data-testid=message]')].map((m) => [m.dataset.msgId, m.getAttribute('transform')]),
  ));
}

/** Plays slowly for 400 ms and compares where the messages that stayed in flight were and are. */
async function messageMovement(page) {
  await byId(page, 'speed').fill('-1');
  // Step until messages are in flight, then play.
  for (let i = 0; i < 40 && (await byId(page, 'message').count()) < 2; i++) await byId(page, 'step-forward').click();
  const before = await messagePlaces(page);
  await byId(page, 'play').click();
  await page.waitForTimeout(400);
  const after = await messagePlaces(page);
  await byId(page, 'pause').click();
  // Only messages in flight at both moments say anything (one delivered meanwhile is gone from `after`).
  const stayed = Object.keys(before).filter((id) => id in after);
  return { stayed: stayed.length, moved: stayed.filter((id) => before[id] !== after[id]).length };
}

test('messages fly when motion is welcome and stand still under prefers-reduced-motion', async () => {
  const { page } = browser;
  await openRoute(page, '#/sandbox?lang=en&seed=21');
  const moving = await messageMovement(page);
  assert.ok(moving.stayed > 0, 'some message was in flight before and after');
  assert.equal(moving.moved, moving.stayed, 'every message still in flight moved along its link');
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await openRoute(page, '#/sandbox?lang=en&seed=21&nodes=4');
  await page.reload();
  await page.waitForSelector('[data-testid=panel-sandbox]');
  const still = await messageMovement(page);
  assert.ok(still.stayed > 0, 'some message was in flight before and after');
  assert.equal(still.moved, 0, 'with reduced motion a message jumps, never glides');
  await page.emulateMedia({ reducedMotion: 'no-preference' });
  assertNoProblems();
});
