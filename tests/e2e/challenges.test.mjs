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
