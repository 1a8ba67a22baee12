// Challenges (components/challenge.rs): start one from its panel, win it by clicking the fault menu, see the
// verdict the core computes and the winning run's link; open that link in a fresh page and see the same
// run won; go over budget and see it refused. In both languages.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openBrowser, openRoute, byId, shot, seekTo, expectNoProblems } from './harness.mjs';

let browser;
before(async () => { browser = await openBrowser(); });
after(async () => { await browser.close(); });
const assertNoProblems = () => expectNoProblems(browser);

const status = (page) => byId(page, 'challenge-status').getAttribute('data-status');

test('a lock challenge is won with one pause, its link replays the win, a second pause is over budget', async () => {
  const { page, context } = browser;
  await openRoute(page, '#/lock?lang=en');
  const item = page.locator('[data-testid=challenge-item][data-challenge=two-holders]');
  await item.locator('[data-testid=challenge-start]').click();
  await byId(page, 'challenge-active').waitFor();
  assert.match(page.url(), /challenge=two-holders/);
  assert.equal(await byId(page, 'variant').inputValue(), 'lease');
  assert.equal(await status(page), 'open', 'the starting run does not win');
  assert.match(await byId(page, 'challenge-budget').textContent(), /pauses 0 of 1/);

  // Client 2 (node 3) freezes for 1.5 s just after it took the lease: the lease runs out under it.
  await seekTo(page, 150);
  await page.locator('[data-testid="node"][data-node-id="3"]').click();
  await byId(page, 'pause-ms').fill('1500');
  await byId(page, 'pause-ms').dispatchEvent('change');
  await byId(page, 'fault-pause').click();
  await page.waitForFunction(() => document.querySelector('[data-testid=challenge-status]')?.dataset.status !== 'open',
    null, { timeout: 20000 });
  assert.equal(await status(page), 'won');
  assert.match(await byId(page, 'challenge-budget').textContent(), /pauses 1 of 1/);
  const href = await byId(page, 'challenge-link').getAttribute('href');
  assert.match(href, /challenge=two-holders/);
  assert.match(href, /a=/, 'the link carries the pause');
  await shot(page, 'challenge-won-en');

  // The winning link, opened in a fresh page, is the same run, and won.
  const other = await context.newPage();
  await other.goto(href);
  await other.locator('[data-testid=challenge-status][data-status=won]').waitFor({ timeout: 20000 });
  await other.close();

  // A second pause is one more than the budget.
  await page.locator('[data-testid="node"][data-node-id="2"]').click();
  await byId(page, 'fault-pause').click();
  await page.waitForFunction(() => document.querySelector('[data-testid=challenge-status]')?.dataset.status === 'over-budget',
    null, { timeout: 20000 });
  await byId(page, 'challenge-leave').click();
  await byId(page, 'challenge-item').first().waitFor();
  assert.doesNotMatch(page.url(), /challenge=/);
  assertNoProblems();
});

test('a 2PC challenge in Chinese: other settings do not count', async () => {
  const { page } = browser;
  await openRoute(page, '#/2pc?lang=zh-CN');
  await page.locator('[data-testid=challenge-item][data-challenge=split-3pc] [data-testid=challenge-start]').click();
  await byId(page, 'challenge-active').waitFor();
  assert.equal(await status(page), 'open');
  assert.match(await byId(page, 'challenge-active').textContent(), /三阶段提交/);
  assert.match(await byId(page, 'challenge-budget').textContent(), /网络分区 0\/1/);
  await shot(page, 'challenge-open-zh');
  // A broken variant would break atomicity by itself: the challenge refuses it.
  await byId(page, 'variant').selectOption('early-commit');
  await page.waitForFunction(() => document.querySelector('[data-testid=challenge-status]')?.dataset.status === 'settings-changed',
    null, { timeout: 20000 });
  await byId(page, 'challenge-start').click();
  await page.waitForFunction(() => document.querySelector('[data-testid=challenge-status]')?.dataset.status === 'open',
    null, { timeout: 20000 });
  assertNoProblems();
});

const waitStatus = (page, value) => page.waitForFunction(
  (v) => document.querySelector('[data-testid=challenge-status]')?.dataset.status === v, value, { timeout: 20000 });

/** Opens `href` in a fresh page and waits for the challenge to read as won there. */
async function replaysWon(context, href) {
  const other = await context.newPage();
  await other.goto(href);
  await other.locator('[data-testid=challenge-status][data-status=won]').waitFor({ timeout: 20000 });
  await other.close();
}

test('a failures challenge: one pause fools the fixed timeout but not φ, and its link replays the win', async () => {
  const { page, context } = browser;
  await openRoute(page, '#/failures?lang=en');
  await page.locator('[data-testid=challenge-item][data-challenge=timeout-alone] [data-testid=challenge-start]').click();
  await byId(page, 'challenge-active').waitFor();
  assert.match(page.url(), /challenge=timeout-alone/);
  assert.equal(await status(page), 'open');
  await shot(page, 'challenge-failures-open-en');
  // n2 freezes for 400 ms at 2 s: past the 300 ms timeout, within what φ learned of a 10–190 ms network.
  await seekTo(page, 2000);
  await page.locator('[data-testid="node"][data-node-id="2"]').click();
  await byId(page, 'pause-ms').fill('400');
  await byId(page, 'pause-ms').dispatchEvent('change');
  await byId(page, 'fault-pause').click();
  await waitStatus(page, 'won');
  assert.match(await byId(page, 'challenge-budget').textContent(), /pauses 1 of 1/);
  await shot(page, 'challenge-failures-won-en');
  await replaysWon(context, await byId(page, 'challenge-link').getAttribute('href'));
  assertNoProblems();
});

test('a sandbox challenge in Chinese: a paused neighbour keeps a node waiting over a second', async () => {
  const { page, context } = browser;
  await openRoute(page, '#/sandbox?lang=zh-CN');
  await page.locator('[data-testid=challenge-item][data-challenge=wait-a-second] [data-testid=challenge-start]').click();
  await byId(page, 'challenge-active').waitFor();
  assert.equal(await status(page), 'open');
  assert.match(await byId(page, 'challenge-budget').textContent(), /停顿 0\/1/);
  await shot(page, 'challenge-sandbox-open-zh');
  await seekTo(page, 500);
  await page.locator('[data-testid="node"][data-node-id="1"]').click();
  await byId(page, 'pause-ms').fill('1500');
  await byId(page, 'pause-ms').dispatchEvent('change');
  await byId(page, 'fault-pause').click();
  await waitStatus(page, 'won');
  await shot(page, 'challenge-sandbox-won-zh');
  await replaysWon(context, await byId(page, 'challenge-link').getAttribute('href'));
  // A crash is not in the budget.
  await page.locator('[data-testid="node"][data-node-id="2"]').click();
  await byId(page, 'fault-crash').click();
  await waitStatus(page, 'over-budget');
  assertNoProblems();
});

/** The ring's nodes and the keys each owns, from the drawing's badges. */
const ringNodes = (page) => page.$$eval('[data-testid=node]', (nodes) =>
  nodes.map((n) => ({ name: n.dataset.nodeId, keys: Number(n.dataset.keys), state: n.dataset.state })));

test('a ring challenge: add a node, fail the one with the smallest share, the link replays the win', async () => {
  const { page, context } = browser;
  await openRoute(page, '#/ring?lang=en');
  await page.locator('[data-testid=challenge-item][data-challenge=small-failure] [data-testid=challenge-start]').click();
  await byId(page, 'challenge-active').waitFor();
  assert.match(page.url(), /challenge=small-failure/);
  assert.equal(await status(page), 'open');
  assert.match(await byId(page, 'challenge-budget').textContent(), /failures 0 of 1 · additions 0 of 2/);
  await shot(page, 'challenge-ring-open-en');
  // Fewer than 15 % of 2,000 keys: a node's share must be under 300 keys; add nodes until one's is.
  let smallest;
  for (const name of ['cache-6', 'cache-7']) {
    await byId(page, 'add-node-name').fill(name);
    await byId(page, 'add-node').click();
    await page.waitForFunction((n) => document.querySelector(`[data-testid=node][data-node-id="${n}"]`), name);
    const nodes = await ringNodes(page);
    smallest = nodes.reduce((a, b) => (b.keys < a.keys ? b : a));
    if (smallest.keys < 300) break;
  }
  assert.ok(smallest.keys < 300, `no node owns under 300 keys: ${JSON.stringify(await ringNodes(page))}`);
  assert.equal(await status(page), 'open', 'additions alone do not win');
  await page.locator(`[data-testid=node-row][data-node-id="${smallest.name}"] [data-testid=node-toggle]`).click();
  await waitStatus(page, 'won');
  assert.match(await byId(page, 'challenge-budget').textContent(), /failures 1 of 1/);
  await shot(page, 'challenge-ring-won-en');
  const href = await byId(page, 'challenge-link').getAttribute('href');
  assert.match(href, /challenge=small-failure/);
  await replaysWon(context, href);
  // A second failure is over budget; more virtual nodes are another ring.
  const up = (await ringNodes(page)).find((n) => n.state === 'up');
  await page.locator(`[data-testid=node-row][data-node-id="${up.name}"] [data-testid=node-toggle]`).click();
  await waitStatus(page, 'over-budget');
  assertNoProblems();
});

test('a ring challenge in Chinese shows its goal and budget; its start again resets a changed setting', async () => {
  const { page } = browser;
  await openRoute(page, '#/ring?lang=zh-CN');
  await page.locator('[data-testid=challenge-item][data-challenge=even-after-failure] [data-testid=challenge-start]').click();
  await byId(page, 'challenge-active').waitFor();
  assert.match(await byId(page, 'challenge-active').textContent(), /虚拟节点/);
  assert.match(await byId(page, 'challenge-budget').textContent(), /故障 0\/1/);
  await shot(page, 'challenge-ring-open-zh');
  // Bounded loads with ε = 0.1 caps every node at 1.1× the mean: a failure is then spread evenly.
  await byId(page, 'algorithm').selectOption('bounded');
  await byId(page, 'epsilon').fill('0.1');
  await page.locator('[data-testid=node-row][data-node-id="cache-1"] [data-testid=node-toggle]').click();
  await waitStatus(page, 'won');
  await shot(page, 'challenge-ring-won-zh');
  await byId(page, 'hash-mode').selectOption('ketama');
  await waitStatus(page, 'settings-changed');
  await byId(page, 'challenge-start').click();
  await waitStatus(page, 'open');
  assertNoProblems();
});
