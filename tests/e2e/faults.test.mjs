// Fault injection, time travel, sharing and the failures panel in headless Chromium.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openBrowser, openRoute, byId, shot, expectNoProblems } from './harness.mjs';

let browser;
before(async () => {
  browser = await openBrowser({ acceptDownloads: true });
});
after(async () => {
  await browser.close();
});

const assertNoProblems = () => expectNoProblems(browser);

const cursor = async (page) => Number((await byId(page, 'cursor-text').textContent()).match(/\d+/)[0]);
const virtualMs = async (page) => Number((await byId(page, 'virtual-time').textContent()).match(/\d+/)[0]);
const digest = async (page) => (await byId(page, 'trace-digest').textContent()).trim();

/** Plays fast until the virtual clock passes `ms`, then pauses. */
async function playUntil(page, ms) {
  await byId(page, 'speed').fill('1');
  await byId(page, 'play').click();
  await page.waitForFunction((target) => {
    const text = document.querySelector('[data-testid=virtual-time]').textContent;
    return Number(text.match(/\d+/)[0]) >= target || document.querySelector('[data-testid=play]');
  }, ms, { timeout: 30000, polling: 'raf' });
  if (await byId(page, 'pause').count()) await byId(page, 'pause').click();
}

test('crashing a node by clicking: both detectors mark it within the expected time', async () => {
  const { page } = browser;
  await openRoute(page, '#/failures?lang=en&seed=5&nodes=5&a=');
  await byId(page, 'panel-failures').waitFor();
  await playUntil(page, 1500);
  const crashAt = await virtualMs(page);
  await page.locator('[data-testid="node"][data-node-id="3"]').click();
  await byId(page, 'fault-crash').click();
  assert.equal(await byId(page, 'action-item').count(), 1);
  assert.match(await byId(page, 'action-item').textContent(), /crash n3/);
  assert.equal(await byId(page, 'preset-replaced').count(), 1, 'the note says the preset\'s faults were replaced');
  // Fixed timeout 300 ms + one heartbeat interval + latency + a check: well within 600 ms.
  await playUntil(page, crashAt + 600);
  for (const detector of ['timeout', 'phi']) {
    const verdicts = await page.$$eval(
      `[data-testid="view-cell"][data-peer="3"][data-detector="${detector}"]`,
      (cells) => cells.map((c) => c.dataset.verdict));
    assert.equal(verdicts.length, 4);
    assert.ok(verdicts.every((v) => v === 'suspected' || v === 'down'), `${detector}: ${verdicts}`);
  }
  assert.match(await byId(page, 'metric-detection-timeout').textContent(), /\d+ ms/);
  assert.ok(Number(await byId(page, 'phi-chart').getAttribute('data-phi')) >= 8, 'φ has climbed past the threshold');
  await shot(page, 'failures-crash-en');
  assertNoProblems();
});

test('a three-way partition: the cut-off side is suspected by both others, and one side alone cannot be applied', async () => {
  const { page } = browser;
  await openRoute(page, '#/failures?lang=en&seed=6&nodes=6&a=');
  await byId(page, 'panel-failures').waitFor();
  await playUntil(page, 1000);
  await byId(page, 'partition-start').click();
  // Drafted as two halves: n0–n2 on A, n3–n5 on B. Every node on A: nothing to cut, so no applying.
  for (const node of [3, 4, 5]) {
    const toggle = page.locator(`[data-testid="partition-toggle"][data-node-id="${node}"]`);
    await toggle.click();
    await toggle.click();
  }
  assert.equal(await byId(page, 'partition-one-side').count(), 1);
  assert.ok(await byId(page, 'partition-apply').isDisabled());
  // A = n0, n1, n2; B = n3, n4; C = n5 alone.
  await page.locator('[data-testid="partition-toggle"][data-node-id="3"]').click();
  await page.locator('[data-testid="partition-toggle"][data-node-id="4"]').click();
  await page.locator('[data-testid="partition-toggle"][data-node-id="5"]').click();
  await page.locator('[data-testid="partition-toggle"][data-node-id="5"]').click();
  assert.equal(await page.locator('[data-testid="partition-toggle"][data-node-id="5"]').getAttribute('data-side'), 'C');
  await byId(page, 'partition-apply').click();
  assert.match(await byId(page, 'action-item').textContent(), /n0 n1 n2 \| n3 n4 \| n5/);
  const cutAt = await virtualMs(page);
  await playUntil(page, cutAt + 800);
  assert.equal(await page.locator('[data-testid="node"].side-c').count(), 1, 'the third side is drawn');
  const verdicts = await page.$$eval('[data-testid="view-cell"][data-peer="5"][data-detector="timeout"]',
    (cells) => cells.map((c) => c.dataset.verdict));
  assert.equal(verdicts.length, 5);
  assert.ok(verdicts.every((v) => v !== 'up'), `everyone else suspects n5: ${verdicts}`);
  // A and B are cut off from each other too, while each side still trusts itself.
  const withinA = await page.$$eval('[data-testid="view-cell"][data-observer="0"][data-peer="1"][data-detector="timeout"]',
    (cells) => cells.map((c) => c.dataset.verdict));
  assert.deepEqual(withinA, ['up']);
  await shot(page, 'failures-partition-three-sides');
  assertNoProblems();
});

test('the slow-network preset fools the fixed timeout more than phi', async () => {
  const { page } = browser;
  await openRoute(page, '#/failures?lang=en&seed=2&preset=slow-network');
  const fixed = Number(await byId(page, 'metric-false-timeout').getAttribute('data-count'));
  const phi = Number(await byId(page, 'metric-false-phi').getAttribute('data-count'));
  assert.ok(fixed > phi, `false suspicions: fixed ${fixed}, phi ${phi}`);
  await byId(page, 'preset').selectOption('partition');
  await page.waitForFunction(() => location.hash.includes('preset=partition'));
  assert.match(await byId(page, 'preset-note').textContent(), /partition/i);
  assertNoProblems();
});

test('dropping a message by clicking shows the drop in the trace, and undo takes it back', async () => {
  const { page } = browser;
  await openRoute(page, '#/sandbox?lang=en&seed=8&loss=0&dup=0');
  const before = await digest(page);
  for (let i = 0; i < 40 && (await byId(page, 'message').count()) === 0; i++) await byId(page, 'step-forward').click();
  const message = byId(page, 'message').first();
  const id = await message.getAttribute('data-msg-id');
  await message.click({ force: true });
  await byId(page, 'fault-drop').click();
  assert.notEqual(await digest(page), before, 'a new action makes a new run');
  let dropped = false;
  for (let i = 0; i < 60 && !dropped; i++) {
    await byId(page, 'step-forward').click();
    dropped = (await byId(page, 'event-log').textContent()).includes('dropped by hand');
  }
  assert.ok(dropped, `message #${id} is dropped in the trace`);
  assert.ok(await byId(page, 'seq-drop').count() >= 1, 'the sequence diagram ends it in a cross');
  await shot(page, 'sandbox-drop-en');
  await byId(page, 'undo').click();
  assert.equal(await byId(page, 'action-item').count(), 0);
  assert.equal(await digest(page), before, 'undo restores the original run');
  assertNoProblems();
});

test('in a crowd of messages drawn as dots, clicking a dot picks its message to drop', async () => {
  const { page } = browser;
  // Twelve nodes and slow links: hundreds of heartbeats in flight, drawn as one path of dots.
  await openRoute(page, '#/failures?lang=en&seed=1&nodes=12&lat=300-450&loss=0&dup=0&a=');
  await byId(page, 'panel-failures').waitFor();
  const max = Number(await byId(page, 'timeline').getAttribute('max'));
  await byId(page, 'timeline').fill(String(Math.floor(max / 3)));
  const dots = byId(page, 'message-dots').first();
  await dots.waitFor();
  assert.ok(Number(await dots.getAttribute('data-count')) > 150);
  assert.equal(await byId(page, 'message').count(), 0, 'no message has an element of its own');
  // A dot that nothing covers, in page coordinates.
  const point = await page.evaluate(() => {
    const path = document.querySelector('[data-testid=message-dots]');
    const svg = path.closest('svg');
    const matrix = svg.getScreenCTM();
    for (const [, x, y] of path.getAttribute('d').matchAll(/M(-?[\d.]+) (-?[\d.]+)h0/g)) {
      const p = new DOMPoint(Number(x), Number(y)).matrixTransform(matrix);
      if (document.elementFromPoint(p.x, p.y) === path) return { x: p.x, y: p.y };
    }
    return null;
  });
  assert.ok(point, 'some dot is uncovered');
  await page.mouse.click(point.x, point.y);
  const menu = byId(page, 'fault-menu');
  await menu.waitFor();
  const id = await menu.getAttribute('data-msg-id');
  assert.match(id, /^\d+$/, 'the menu is for a message');
  assert.equal(await byId(page, 'message-ring').getAttribute('data-msg-id'), id, 'the picked dot is ringed');
  await byId(page, 'fault-drop').click();
  assert.match(await byId(page, 'action-item').textContent(), new RegExp(`#${id}\\b`));
  await shot(page, 'failures-crowd-drop');
  assertNoProblems();
});

test('acting at a past point forks the run: later actions are discarded', async () => {
  const { page } = browser;
  await openRoute(page, '#/sandbox?lang=en&seed=3&a=c1.900_r1.1500');
  assert.equal(await byId(page, 'action-item').count(), 2);
  await playUntil(page, 400);
  await page.locator('[data-testid="node"][data-node-id="2"]').click();
  await byId(page, 'fault-pause').click();
  const items = await byId(page, 'action-item').allTextContents();
  assert.equal(items.length, 1, `only the new action remains: ${items}`);
  assert.match(items[0], /pause n2/);
  await byId(page, 'undo').click();
  assert.equal(await byId(page, 'action-item').count(), 2, 'undo brings the old future back');
  assertNoProblems();
});

test('a share link opened in a fresh page reproduces the same trace digest', async () => {
  const { page, context } = browser;
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await openRoute(page, '#/sandbox?lang=en&seed=77');
  await playUntil(page, 300);
  await page.locator('[data-testid="node"][data-node-id="1"]').click();
  await byId(page, 'fault-crash').click();
  await byId(page, 'partition-start').click();
  await byId(page, 'partition-apply').click();
  const original = await digest(page);
  await byId(page, 'share-link').click();
  const link = await byId(page, 'share-url').inputValue();
  assert.ok(link.includes('a='), link);
  const fresh = await context.newPage();
  await fresh.goto(link);
  await byId(fresh, 'panel-sandbox').waitFor();
  assert.equal(await digest(fresh), original);
  assert.equal(await byId(fresh, 'action-item').count(), 2);
  await fresh.close();
  assertNoProblems();
});

test('export then import a run file; a corrupt or unknown-version file changes nothing', async () => {
  const { page } = browser;
  await openRoute(page, '#/sandbox?lang=en&seed=12&a=c2.700');
  const original = await digest(page);
  await byId(page, 'export-json').evaluate((b) => b.closest('details').open = true);
  const [download] = await Promise.all([page.waitForEvent('download'), byId(page, 'export-json').click()]);
  const dir = mkdtempSync(join(tmpdir(), 'distlab-export-'));
  const file = join(dir, download.suggestedFilename());
  await download.saveAs(file);
  const saved = JSON.parse(readFileSync(file, 'utf8'));
  assert.equal(saved.format, 'distlab-run');
  assert.equal(saved.schema_version, 2);
  // A different run is on screen; importing the file brings the exported one back.
  await openRoute(page, '#/sandbox?lang=en&seed=13');
  assert.notEqual(await digest(page), original);
  await byId(page, 'import-file').setInputFiles(file);
  await byId(page, 'import-ok').waitFor();
  assert.equal(await digest(page), original);
  // Corrupt and unknown-version files: a clear message, and nothing changes.
  const corrupt = join(dir, 'corrupt.json');
  writeFileSync(corrupt, '{"format": "distlab-run", "schema_version": 1, "panel": "sandbox", "seed": "x"');
  await byId(page, 'import-file').setInputFiles(corrupt);
  await byId(page, 'import-error').waitFor();
  assert.match(await byId(page, 'import-error').textContent(), /not a valid run file/);
  assert.equal(await digest(page), original);
  const future = join(dir, 'future.json');
  writeFileSync(future, JSON.stringify({ ...saved, schema_version: 9 }));
  await byId(page, 'import-file').setInputFiles(future);
  await page.waitForFunction(() => document.querySelector('[data-testid=import-error]')?.textContent.includes('version 9'));
  assert.equal(await digest(page), original);
  const absurd = join(dir, 'absurd.json');
  writeFileSync(absurd, JSON.stringify({ ...saved, actions: [{ at_ms: 5, action: { type: 'crash', node: 99 } }] }));
  await byId(page, 'import-file').setInputFiles(absurd);
  await page.waitForFunction(() => document.querySelector('[data-testid=import-error]')?.textContent.includes('n99'));
  assert.equal(await digest(page), original);
  // A file and a link of the same run go through one validation: twelve nodes in a sandbox of at most
  // eight is refused by the file with the very words the link's notice uses.
  const twelve = join(dir, 'twelve.json');
  writeFileSync(twelve, JSON.stringify({ ...saved, settings: { ...saved.settings, nodes: '12' } }));
  await byId(page, 'import-file').setInputFiles(twelve);
  await page.waitForFunction(() => document.querySelector('[data-testid=import-error]')?.textContent.includes('12'));
  const fileSays = (await byId(page, 'import-error').textContent()).split(': ').slice(1).join(': ').replace(/Dismiss$/, '').trim();
  assert.match(fileSays, /between 2 and 8/);
  assert.equal(await digest(page), original);
  await shot(page, 'import-error-en');
  await openRoute(page, '#/sandbox?lang=en&seed=13&nodes=12');
  await byId(page, 'url-error').waitFor();
  assert.ok((await byId(page, 'url-error').textContent()).includes(fileSays), `the link says “${fileSays}” too`);
  assertNoProblems();
});

test('keyboard shortcuts: space plays and pauses, arrows step, ? opens the help', async () => {
  const { page } = browser;
  await openRoute(page, '#/sandbox?lang=en&seed=4');
  await page.locator('h1').click();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  assert.equal(await cursor(page), 2);
  await page.keyboard.press('ArrowLeft');
  assert.equal(await cursor(page), 1);
  await page.keyboard.press('+');
  assert.equal((await byId(page, 'speed-text').textContent()).trim(), '1.8×');
  await page.keyboard.press(' ');
  await byId(page, 'pause').waitFor();
  await page.keyboard.press(' ');
  await byId(page, 'play').waitFor();
  await page.keyboard.press('?');
  await byId(page, 'help-overlay').waitFor();
  await shot(page, 'help-overlay-en');
  await page.keyboard.press('Escape');
  assert.equal(await byId(page, 'help-overlay').count(), 0);
  assertNoProblems();
});

test('embed mode shows the panel alone', async () => {
  const { page } = browser;
  await page.setViewportSize({ width: 900, height: 600 });
  await openRoute(page, '#/failures?lang=en&embed=1&seed=1');
  await byId(page, 'panel-failures').waitFor();
  assert.equal(await page.locator('.topbar').isVisible(), false);
  assert.equal(await byId(page, 'url-error').count(), 0, 'embed is a known parameter');
  await shot(page, 'failures-embed-900x600');
  await page.setViewportSize({ width: 1280, height: 720 });
  assertNoProblems();
});

test('the failures panel in Chinese', async () => {
  const { page } = browser;
  await openRoute(page, '#/failures?lang=zh-CN&seed=4&preset=partition');
  const max = Number(await byId(page, 'timeline').getAttribute('max'));
  await byId(page, 'timeline').fill(String(Math.floor(max * 0.4)));
  assert.match(await page.locator('h1').textContent(), /故障检测/);
  // Everything a student reads is in Chinese: the intro, the preset and its note, the grids' caption, the
  // figures, the fault panel, the event log, the transport's labels and the legend.
  const cjk = /[\u4e00-\u9fff]/;
  for (const selector of ['.lead', '[data-testid=preset-note]', '.matrix-caption', '[data-testid=metrics]',
    '.faults h2', '[data-testid=event-log]', '.legend', '[data-testid=node]']) {
    const text = await page.locator(selector).first().textContent();
    assert.match(text, cjk, `${selector} is in Chinese: ${text.slice(0, 60)}`);
  }
  assert.match(await byId(page, 'preset').locator('option:checked').textContent(), cjk);
  assert.match(await byId(page, 'play').getAttribute('aria-label'), cjk);
  const english = await page.evaluate(() => [...document.querySelectorAll('main button, main label > span, main h2')]
    .map((el) => el.textContent.trim()).filter((t) => /^[A-Za-z][a-z]+( [a-z]+)*$/.test(t)));
  assert.deepEqual(english, [], 'no English word left on a button, label or heading');
  await shot(page, 'failures-partition-zh');
  assertNoProblems();
});

test('be the network: the run waits, each step is chosen by hand, the link carries the choices and back undoes', async () => {
  const { page } = browser;
  await openRoute(page, '#/sandbox?lang=en&seed=5&nodes=3');
  await byId(page, 'be-network').click();
  await byId(page, 'manual-steps').waitFor();
  // At the takeover nothing is on the wire: every node waits on its ping timer.
  let steps = byId(page, 'next-step');
  assert.equal(await steps.count(), 3);
  for (const kind of await steps.evaluateAll((all) => all.map((s) => s.dataset.step))) assert.equal(kind, 'fire');
  // Fire n0's timer: its ping now waits to be delivered.
  await page.locator('[data-testid=next-step][data-step=fire][data-node-id="0"]').click();
  const deliver = page.locator('[data-testid=next-step][data-step=deliver]');
  await deliver.first().waitFor();
  assert.match(await deliver.first().textContent(), /deliver ping #\d+: n0 → n1/);
  // Hovering the step rings its message in the drawing.
  await deliver.first().hover();
  await page.locator('.message.selected').waitFor();
  await deliver.first().click();
  await page.waitForFunction(() => document.querySelector('[data-testid=event-log]')?.textContent.includes('n1 receives ping from n0'));
  // The run stops where it waits; the share link carries the takeover and both choices.
  assert.equal(await byId(page, 'play').isDisabled(), true, 'nothing happens by itself');
  // The address bar follows the run after the click's task (browser::replace_hash), not inside it.
  await page.waitForFunction(() => /a=m\d+_t0\.\d+\.0_v\d+\.\d+/.test(location.hash), null, { timeout: 5000 });
  const link = page.url();
  const digest = await byId(page, 'trace-digest').textContent();
  await openRoute(page, link.slice(link.indexOf('#')));
  await byId(page, 'manual-steps').waitFor();
  assert.equal(await byId(page, 'trace-digest').textContent(), digest, 'the link reopens the same run');
  // Back takes the last choice back: the ping waits again.
  await byId(page, 'be-network-back').click();
  await deliver.first().waitFor();
  await shot(page, 'be-the-network-en');
  await byId(page, 'be-network-stop').click();
  await byId(page, 'be-network').waitFor();
  assertNoProblems();
});
