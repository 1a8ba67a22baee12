// The distributed-lock panel in Chromium: the check-then-set race and the GC pause show two holders at once
// on the contention timeline; a fencing token gets the late write rejected and no overlap; the lease left
// counts down with the clock; the explorer finds the seeds' broken lock and replays it; every preset plays
// without a problem; absurd values are clamped; the contention comparison, in Chinese.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openBrowser, openRoute, byId, shot, seekTo, virtualTime, expectNoProblems } from './harness.mjs';

let browser;
before(async () => { browser = await openBrowser({ viewport: { width: 1440, height: 900 } }); });
after(async () => { await browser.close(); });
const assertNoProblems = () => expectNoProblems(browser);

const writes = (page) => byId(page, 'storage-write').evaluateAll((all) => all.map((w) => w.dataset.accepted));
const overlaps = async (page) => Number(await byId(page, 'contention-timeline').getAttribute('data-overlaps'));

test('check-then-set: both clients read an empty key and both hold; the timeline shows the overlap', async () => {
  const { page } = browser;
  await openRoute(page, '#/lock?lang=en&seed=5&preset=check-then-set');
  await byId(page, 'panel-lock').waitFor();
  assert.match(await byId(page, 'preset-note').textContent(), /check-then-set race/);
  await seekTo(page, 1e9);
  await byId(page, 'violation').waitFor();
  assert.ok(await overlaps(page) >= 1, 'a red band where both clients hold the lock');
  assert.equal(await byId(page, 'contention-lane').count(), 2);
  const roles = await byId(page, 'node').evaluateAll((all) => all.map((n) => n.dataset.role));
  assert.deepEqual(roles, ['service', 'storage', 'client', 'client']);
  assert.ok(Number(await byId(page, 'metric-violations').getAttribute('data-count')) >= 1);
  assert.match(await byId(page, 'event-log').textContent(), /mutual exclusion/);
  await shot(page, 'lock-check-then-set-en');
  assertNoProblems();
});

test('the GC pause: the lease runs down with the clock, expires, and both writes are accepted', async () => {
  const { page } = browser;
  await openRoute(page, '#/lock?lang=en&seed=2&preset=gc-pause');
  await seekTo(page, 400);
  const left = async () => Number(await byId(page, 'lease-remaining').getAttribute('data-ms'));
  const holders = async () => byId(page, 'lock-holder').getAttribute('data-holders');
  const [early, t1] = [await left(), await virtualTime(page)];
  assert.ok(early > 0 && early < 1000, `a 1000 ms lease has ${early} ms left at ${t1} ms`);
  const first = await holders();
  assert.ok(first, 'someone holds the lock');
  await seekTo(page, 800);
  const [later, t2] = [await left(), await virtualTime(page)];
  assert.equal(early - later, t2 - t1, 'the lease left falls as fast as the clock runs');
  await seekTo(page, 1e9);
  await byId(page, 'violation').waitFor();
  assert.deepEqual(await writes(page), ['true', 'true'], 'the late write overwrote client 2’s update');
  assert.ok(await overlaps(page) >= 1);
  assert.equal(await byId(page, 'metric-leases').textContent(), 'leases expired: 1');
  await shot(page, 'lock-gc-pause-en');
  assertNoProblems();
});

test('the GC pause with a fencing token: the late write is rejected, no overlap, the invariant holds', async () => {
  const { page } = browser;
  await openRoute(page, '#/lock?lang=en&seed=2&preset=gc-pause-fencing');
  await seekTo(page, 1e9);
  assert.deepEqual(await writes(page), ['true', 'false'], 'client 2’s write lands, client 1’s late one is refused');
  assert.equal(await overlaps(page), 0);
  assert.equal(await byId(page, 'invariant').getAttribute('data-status'), 'holds');
  assert.equal(await byId(page, 'metric-writes').getAttribute('data-rejected'), '1');
  assert.equal(await page.locator('[data-testid=contention-lane] [data-state=fenced]').count(), 1, 'client 1’s refused hold is drawn as fenced');
  const log = await byId(page, 'storage-entry').evaluateAll((all) => all.map((e) => `${e.dataset.op}:${e.dataset.accepted}`));
  assert.equal(log.at(-1), 'write:false');
  await shot(page, 'lock-gc-pause-fencing-en');
  assertNoProblems();
});

test('the explorer finds the check-then-set race among looping clients, and Replay stops on it', async () => {
  const { page } = browser;
  await openRoute(page, '#/lock?lang=en&seed=1&preset=custom&variant=check-then-set&clients=3');
  assert.equal(await byId(page, 'loop').isChecked(), true);
  await byId(page, 'explore').click();
  await byId(page, 'explore-result').waitFor({ timeout: 60000 });
  assert.equal(await byId(page, 'explore-result').getAttribute('data-outcome'), 'found');
  await byId(page, 'speed').fill('1.5');
  await byId(page, 'explore-replay').click();
  await byId(page, 'violation').waitFor({ timeout: 60000 });
  assert.ok(await overlaps(page) >= 1, 'the replay shows two holders at once');
  await shot(page, 'lock-explorer-replay-en');
  assertNoProblems();
});

test('the explorer finds nothing wrong with the fenced lease, and says how many runs it tried', async () => {
  const { page } = browser;
  await openRoute(page, '#/lock?lang=en&seed=1&preset=custom&variant=lease-fencing&clients=3');
  await byId(page, 'explore').click();
  await page.waitForFunction(
    () => document.querySelector('[data-testid=explore-result]')?.dataset.outcome === 'none',
    null, { timeout: 240000 },
  );
  assert.match(await byId(page, 'explore-result').textContent(), /No violation found in 2000 runs/);
  assertNoProblems();
});

test('a story whose clients act once hides the explorer and says how to explore', async () => {
  const { page } = browser;
  await openRoute(page, '#/lock?lang=en&preset=gc-pause');
  await byId(page, 'loop-hint').waitFor();
  assert.equal(await byId(page, 'explore').count(), 0);
  await byId(page, 'loop').check();
  await byId(page, 'explore').waitFor();
  assert.equal(await byId(page, 'loop-hint').count(), 0);
  assertNoProblems();
});

test('every preset plays to its end and tells its story', async () => {
  const { page } = browser;
  await openRoute(page, '#/lock?lang=en&seed=3');
  const presets = await byId(page, 'preset').locator('option').evaluateAll((all) => all.map((o) => o.value));
  assert.equal(presets.length, 13);
  for (const preset of presets) {
    await byId(page, 'preset').selectOption(preset);
    await page.waitForFunction((p) => location.hash.includes(`preset=${p}`), preset);
    assert.ok((await byId(page, 'preset-note').textContent()).length > 40, `${preset} has a story`);
    await seekTo(page, 1e9);
    assert.ok(await byId(page, 'contention-lane').count() >= 2, `${preset} draws its clients`);
  }
  // The crashed holder of SET NX without expiry never releases: progress fails.
  await byId(page, 'preset').selectOption('no-expiry-crash');
  await seekTo(page, 1e9);
  await byId(page, 'violation').waitFor();
  assert.match(await byId(page, 'event-log').textContent(), /progress/);
  assertNoProblems();
});

test('absurd values: typed ones are clamped, a link’s are named and fall back, and the run goes on', async () => {
  const { page } = browser;
  await openRoute(page, '#/lock?lang=en&preset=custom');
  await byId(page, 'clients').fill('99');
  await byId(page, 'clients').dispatchEvent('change');
  await page.waitForFunction(() => location.hash.includes('clients=10'));
  assert.equal(await byId(page, 'clients').inputValue(), '10');
  await byId(page, 'lease').fill('-5');
  await byId(page, 'lease').dispatchEvent('change');
  await page.waitForFunction(() => location.hash.includes('lease=100&'));
  assert.equal(await byId(page, 'lease').inputValue(), '100', 'a negative lease is the shortest one');
  // A number field holding no number (what the browser reports for text like "1e").
  await byId(page, 'work').evaluate((el) => { el.value = ''; el.dispatchEvent(new Event('change', { bubbles: true })); });
  assert.equal(await byId(page, 'work').inputValue(), '100', 'an empty field gets the value in use back');
  await openRoute(page, '#/lock?lang=en&preset=custom&clients=1000&lease=abc');
  await byId(page, 'url-error').waitFor();
  assert.match(await byId(page, 'url-error').textContent(), /clients[\s\S]*lease|lease[\s\S]*clients/);
  assert.equal(await byId(page, 'clients').inputValue(), '3', 'a link out of range falls back to the preset’s value');
  await seekTo(page, 1e9);
  assert.equal(await byId(page, 'contention-lane').count(), 3);
  assertNoProblems();
});

test('contention in Chinese: the backoff policies side by side', async () => {
  const { page } = browser;
  await openRoute(page, '#/lock?lang=zh-CN&seed=4&preset=contention');
  await byId(page, 'compare-policies').waitFor();
  const rows = await byId(page, 'compare-row').evaluateAll((all) => all.map((r) => r.dataset.policy));
  assert.deepEqual(rows, ['fixed', 'exponential', 'full-jitter', 'queue']);
  assert.match(await page.locator('[data-testid=panel-lock] h1').textContent(), /分布式锁/);
  assert.match(await byId(page, 'compare-policies').textContent(), /指数退避/);
  await seekTo(page, 1e9);
  assert.equal(await byId(page, 'contention-lane').count(), 8);
  assert.ok(Number(await byId(page, 'metric-acquisitions').getAttribute('data-count')) > 10);
  await shot(page, 'lock-contention-zh');
  await page.emulateMedia({ colorScheme: 'dark' });
  await byId(page, 'theme-toggle').click().catch(() => {});
  await shot(page, 'lock-contention-zh-dark');
  assertNoProblems();
});

test('check every state: the fenced lease is safe in all of them; check-then-set has a shortest path that replays', async () => {
  const { page } = browser;
  await openRoute(page, '#/lock?lang=en&seed=1&preset=custom&variant=lease-fencing&clients=3');
  await byId(page, 'check-start').click();
  await byId(page, 'check-result').waitFor({ timeout: 120000 });
  const safe = byId(page, 'check-result');
  assert.equal(await safe.getAttribute('data-outcome'), 'all-satisfy');
  // The same count as the core's test of this model (src/core/tests/lock_check.rs), now in wasm.
  assert.equal(await safe.getAttribute('data-states'), '20994');
  assert.match(await safe.textContent(), /All 20994 states satisfy every property/);
  await shot(page, 'lock-check-fenced-en');

  await byId(page, 'variant').selectOption('check-then-set');
  // New settings: the card offers a new check rather than the old answer.
  await byId(page, 'check-start').click();
  await page.waitForFunction(
    () => document.querySelector('[data-testid=check-result]')?.dataset.outcome === 'violation',
    null, { timeout: 120000 },
  );
  assert.equal(await byId(page, 'check-result').getAttribute('data-steps'), '18');
  await byId(page, 'speed').fill('1.5');
  await byId(page, 'check-replay').click();
  await byId(page, 'violation').waitFor({ timeout: 60000 });
  assert.ok(await overlaps(page) >= 1, 'the replay shows two holders at once');
  // The card still answers for the configuration now shown (two clients acquiring once).
  assert.equal(await byId(page, 'check-result').getAttribute('data-outcome'), 'violation');
  await shot(page, 'lock-check-replay-en');
  assertNoProblems();
});
