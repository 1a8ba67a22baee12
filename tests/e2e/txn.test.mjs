// The two-phase-commit panel in Chromium: blocking in doubt and recovery from the log, the crash-at-step
// tool, a broken variant found and replayed by the explorer, three-phase commit under a partition.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openBrowser, openRoute, byId, shot, seekTo, virtualTime, expectNoProblems } from './harness.mjs';

let browser;
before(async () => { browser = await openBrowser(); });
after(async () => { await browser.close(); });
const assertNoProblems = () => expectNoProblems(browser);

const participants = (page) => page.locator('[data-testid=txn-node][data-role=participant]');
const states = (page) => participants(page).evaluateAll((all) => all.map((n) => n.dataset.state));

test('the coordinator crashes after logging commit: participants block in doubt, then recovery commits them', async () => {
  const { page } = browser;
  await openRoute(page, '#/2pc?lang=en&seed=3&preset=coordinator-crash-after-logging');
  await byId(page, 'panel-2pc').waitFor();
  await seekTo(page, 1500);
  assert.deepEqual(await states(page), ['in-doubt', 'in-doubt', 'in-doubt']);
  const blocked = async () => Math.min(...(await byId(page, 'blocked-ms').evaluateAll((all) => all.map((b) => Number(b.dataset.ms)))));
  const [early, t1] = [await blocked(), await virtualTime(page)];
  await seekTo(page, 2500);
  const [later, t2] = [await blocked(), await virtualTime(page)];
  assert.ok(t2 - t1 > 500, `time passed: ${t1} to ${t2} ms`);
  assert.equal(later - early, t2 - t1, 'the blocked timer grows with the clock while in doubt');
  // The coordinator's log holds commit, yet nobody has committed: the decision is only on its disk.
  const coordinator = page.locator('[data-testid=txn-node][data-role=coordinator]');
  assert.ok(await coordinator.locator('[data-record=commit]').count() > 0);
  await shot(page, 'txn-in-doubt-en');
  await seekTo(page, 6000);
  assert.deepEqual(await states(page), ['committed', 'committed', 'committed']);
  assert.equal(await byId(page, 'blocked-ms').count(), 0);
  assert.equal(await byId(page, 'invariant').getAttribute('data-status'), 'holds');
  assertNoProblems();
});

test('crash at step "decision logged, nothing sent": recovery resends commit', async () => {
  const { page } = browser;
  await openRoute(page, '#/2pc?lang=en&seed=8&preset=all-commit');
  await byId(page, 'crash-at-step').selectOption({ label: 'coordinator: decision logged, nothing sent' });
  await byId(page, 'crash-at-step-apply').click();
  await page.waitForFunction(() => document.querySelector('[data-testid=action-list]')?.textContent.includes('crash coordinator'));
  const items = await byId(page, 'action-item').allTextContents();
  assert.equal(items.length, 2, items.join(' | '));
  assert.match(items[1], /recover coordinator/);
  // Just after the crash everyone is in doubt; at the end the resent commit has reached them all.
  const crashAt = Number(items[0].split(' ')[0]);
  await seekTo(page, crashAt + 500);
  assert.deepEqual(await states(page), ['in-doubt', 'in-doubt', 'in-doubt']);
  await seekTo(page, 1e9);
  assert.deepEqual(await states(page), ['committed', 'committed', 'committed']);
  assert.ok(await page.locator('[data-testid=event-log]').textContent());
  assertNoProblems();
});

test('a broken variant: the explorer finds the violation and Replay stops on it', async () => {
  const { page } = browser;
  await openRoute(page, '#/2pc?lang=en&seed=1&preset=custom&variant=early-commit');
  await byId(page, 'explore').click();
  await byId(page, 'explore-result').waitFor({ timeout: 60000 });
  assert.equal(await byId(page, 'explore-result').getAttribute('data-outcome'), 'found');
  await byId(page, 'speed').fill('1.5');
  await byId(page, 'explore-replay').click();
  await byId(page, 'violation').waitFor({ timeout: 30000 });
  await byId(page, 'play').waitFor();
  assert.match(await byId(page, 'event-log').textContent(), /validity|atomicity|durability/);
  await shot(page, 'txn-broken-replay-en');
  assertNoProblems();
});

test('three-phase commit under a partition violates atomicity; the panel in Chinese', async () => {
  const { page } = browser;
  await openRoute(page, '#/2pc?lang=zh-CN&seed=2&preset=3pc-partition');
  await seekTo(page, 1e9);
  await byId(page, 'violation').waitFor();
  const end = await states(page);
  assert.ok(end.includes('committed') && end.includes('aborted'), `one side commits, the other aborts: ${end}`);
  assert.match(await page.locator('[data-testid=panel-2pc] h1').textContent(), /两阶段提交/);
  assert.match(await byId(page, 'event-log').textContent(), /原子性/);
  await shot(page, 'txn-3pc-partition-zh');
  assertNoProblems();
});

test('check every state: 2PC is atomic in all 9301 states and blocked in 893; a broken variant is caught and replayed', async () => {
  const { page } = browser;
  await openRoute(page, '#/2pc?lang=en&seed=3');
  await byId(page, 'check-start').click();
  await byId(page, 'check-result').waitFor({ timeout: 120000 });
  const result = byId(page, 'check-result');
  assert.equal(await result.getAttribute('data-outcome'), 'all-satisfy');
  // The counts of the core's test (src/core/tests/txn_check.rs), here computed in wasm.
  assert.equal(await result.getAttribute('data-states'), '9301');
  assert.equal(await byId(page, 'check-counted').getAttribute('data-count'), '893');
  assert.match(await byId(page, 'check-counted').textContent(), /blocked in doubt/);
  await shot(page, 'txn-check-2pc-en');

  await byId(page, 'variant').selectOption('send-before-log');
  await byId(page, 'check-start').click();
  await page.waitForFunction(
    () => document.querySelector('[data-testid=check-result]')?.dataset.outcome === 'violation',
    null, { timeout: 120000 },
  );
  await byId(page, 'check-replay').click();
  await byId(page, 'violation').waitFor({ timeout: 60000 });
  await shot(page, 'txn-check-replay-en');
  assertNoProblems();
});
