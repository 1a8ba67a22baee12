// Guided tours in Chromium: a tour opened from its panel, next / back / contents, deep links and reload
// reopening the same step, N / P keys, and predict-then-reveal questions whose computed answer the page
// shows and judges, checked against what the panel itself draws; in both languages.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openBrowser, openRoute, byId, shot, virtualTime } from './harness.mjs';

let browser;
before(async () => { browser = await openBrowser(); });
after(async () => { await browser.close(); });
const assertNoProblems = () => assert.deepEqual(browser.problems.splice(0), []);

const stepOf = async (page) => {
  const el = byId(page, 'tour-step');
  return [Number(await el.getAttribute('data-step')), Number(await el.getAttribute('data-steps'))];
};
const waitStep = (page, k) => page.waitForFunction(
  (k) => document.querySelector('[data-testid=tour-step]')?.dataset.step === String(k), k);
const hashParam = (page, key) => page.evaluate((key) => new URLSearchParams(location.hash.split('?')[1] || '').get(key), key);
// The address bar follows after the current task.
const waitHash = (page, key, value) => page.waitForFunction(
  ([key, value]) => new URLSearchParams(location.hash.split('?')[1] || '').get(key) === value, [key, value]);

test('2PC: the tour opens from the panel; next, back, contents and the link move between steps', async () => {
  const { page } = browser;
  await openRoute(page, '#/2pc?lang=en');
  await byId(page, 'tour-open').first().click();
  await waitStep(page, 1);
  const [, steps] = await stepOf(page);
  assert.ok(steps >= 5 && steps <= 10, `${steps} steps`);
  await waitHash(page, 'tour', 'basics');
  assert.equal(await byId(page, 'preset').inputValue(), 'all-commit', 'step 1 is the happy path');
  assert.equal(await byId(page, 'tour-back').isDisabled(), true);
  await byId(page, 'tour-next').click();
  await waitStep(page, 2);
  assert.equal(await byId(page, 'preset').inputValue(), 'one-votes-no');
  await waitHash(page, 'step', '2');
  await byId(page, 'tour-back').click();
  await waitStep(page, 1);
  await byId(page, 'tour-toc').click();
  const items = byId(page, 'tour-toc-item');
  assert.equal(await items.count(), steps);
  assert.match(await items.nth(3).getAttribute('href'), /tour=basics&step=4/);
  await items.nth(3).click();
  await waitStep(page, 4);
  // Step 4 opens two seconds in, the participants blocked: the cursor was put there.
  const time = await virtualTime(page);
  assert.ok(time > 1500 && time <= 2000, `opens at ${time} ms`);
  assert.equal(await page.locator('[data-testid=txn-node][data-role=participant][data-state=in-doubt]').count(), 3);
  // The step's element is ringed.
  assert.equal(await page.locator('[data-tour-highlight][data-testid=blocked-ms]').count(), 1);
  await byId(page, 'tour-next').click();
  await waitStep(page, 5);
  await byId(page, 'tour-close').click();
  await byId(page, 'tour-bar').waitFor({ state: 'detached' });
  await waitHash(page, 'tour', null);
  assert.equal(await byId(page, 'tour-open').count(), 1, 'the offer is back');
  assertNoProblems();
});

test('2PC: a deep link and a reload reopen the same step; N and P step through the tour', async () => {
  const { page } = browser;
  await openRoute(page, '#/2pc?lang=en&tour=basics&step=3');
  await waitStep(page, 3);
  assert.equal(await byId(page, 'preset').inputValue(), 'coordinator-crash-after-prepare');
  await waitHash(page, 'preset', 'coordinator-crash-after-prepare');
  const shared = await page.evaluate(() => location.hash);
  await page.reload();
  await page.waitForSelector('.app');
  await waitStep(page, 3);
  assert.equal(await byId(page, 'preset').inputValue(), 'coordinator-crash-after-prepare');
  // The shared link (with the step's run in it) opens the same step and run in a fresh page.
  await openRoute(page, shared);
  await waitStep(page, 3);
  const digest = await byId(page, 'trace-digest').textContent();
  await page.locator('body').click({ position: { x: 5, y: 700 } });
  await page.keyboard.press('n');
  await waitStep(page, 4);
  await page.keyboard.press('N');
  await waitStep(page, 5);
  await page.keyboard.press('p');
  await waitStep(page, 4);
  await page.keyboard.press('p');
  await waitStep(page, 3);
  assert.equal(await byId(page, 'trace-digest').textContent(), digest, 'back at the same run');
  // An unknown tour is named in the link notice and opens nothing.
  await openRoute(page, '#/2pc?lang=en&tour=nope&step=2');
  await byId(page, 'url-error').waitFor();
  assert.match(await byId(page, 'url-error').textContent(), /tour/);
  assert.equal(await byId(page, 'tour-bar').count(), 0);
  assertNoProblems();
});

test('2PC: predict who is in doubt, reveal, and the page shows the computed answer (en, zh-CN)', async () => {
  const { page } = browser;
  for (const lang of ['en', 'zh-CN']) {
    await openRoute(page, `#/2pc?lang=${lang}&tour=basics&step=3`);
    await waitStep(page, 3);
    await byId(page, 'tour-question').waitFor();
    const options = byId(page, 'tour-option');
    assert.equal(await options.count(), 3, 'one box per participant');
    await shot(page, `tour-question-before-${lang}`);
    // en guesses one participant (wrong), zh-CN all three (right, as the run shows).
    await options.nth(0).check();
    if (lang === 'zh-CN') { await options.nth(1).check(); await options.nth(2).check(); }
    await byId(page, 'tour-reveal').click();
    const answer = byId(page, 'tour-answer');
    await answer.waitFor({ timeout: 30000 });
    await shot(page, `tour-question-after-${lang}`);
    // The answer names exactly the participants the panel draws in doubt at that moment.
    const drawn = await page.locator('[data-testid=txn-node][data-role=participant][data-state=in-doubt]').count();
    assert.equal(drawn, 3);
    const named = (await answer.getAttribute('data-answer')).split(/,\s*/).filter(Boolean);
    assert.equal(named.length, drawn, named.join('|'));
    assert.equal(await answer.getAttribute('data-correct'), lang === 'zh-CN' ? 'true' : 'false');
    const text = await answer.textContent();
    assert.match(text, lang === 'en' ? /simulator's answer/ : /模拟器的答案/);
  }
  assertNoProblems();
});

test('2PC: the answer follows the run on screen (fewer participants, fewer in doubt) and numbers are judged', async () => {
  const { page } = browser;
  await openRoute(page, '#/2pc?lang=en&tour=basics&step=3');
  await waitStep(page, 3);
  await byId(page, 'participants').fill('2');
  await byId(page, 'participants').dispatchEvent('change');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=tour-option]').length === 2);
  await byId(page, 'tour-option').nth(0).check();
  await byId(page, 'tour-option').nth(1).check();
  await byId(page, 'tour-reveal').click();
  await byId(page, 'tour-answer').waitFor({ timeout: 30000 });
  assert.equal((await byId(page, 'tour-answer').getAttribute('data-answer')).split(',').length, 2);
  assert.equal(await byId(page, 'tour-answer').getAttribute('data-correct'), 'true');
  // Step 1 asks a number: the messages of one transaction, as the panel's own figure counts them.
  await openRoute(page, '#/2pc?lang=en&tour=basics&step=1');
  await waitStep(page, 1);
  const perTransaction = parseFloat(await byId(page, 'metric-messages').getAttribute('data-count'));
  assert.ok(perTransaction > 0);
  await byId(page, 'tour-number').fill(String(perTransaction));
  await byId(page, 'tour-reveal').click();
  await byId(page, 'tour-answer').waitFor({ timeout: 30000 });
  assert.equal(await byId(page, 'tour-answer').getAttribute('data-answer'), String(perTransaction));
  assert.equal(await byId(page, 'tour-answer').getAttribute('data-correct'), 'true');
  // N typed into a field is the field's, not the tour's.
  await openRoute(page, '#/2pc?lang=en&tour=basics&step=1');
  await waitStep(page, 1);
  await byId(page, 'tour-number').focus();
  await page.keyboard.press('n');
  await page.waitForTimeout(200);
  assert.equal((await stepOf(page))[0], 1);
  assertNoProblems();
});

test('ring: a step opens before its change; revealing applies it and the answer is the keys-moved figure (en, zh-CN)', async () => {
  const { page } = browser;
  for (const lang of ['en', 'zh-CN']) {
    await openRoute(page, `#/ring?lang=${lang}`);
    await byId(page, 'tour-open').click();
    await waitStep(page, 1);
    // Before the change: every server up, nothing moved yet.
    assert.equal(await page.locator('[data-testid=node][data-state=down]').count(), 0);
    await byId(page, 'tour-number').fill('400');
    await byId(page, 'tour-reveal').click();
    await byId(page, 'tour-answer').waitFor();
    assert.equal(await page.locator('[data-testid=node][data-state=down]').count(), 1, 'cache-3 failed');
    const moved = await byId(page, 'keys-moved').getAttribute('data-moved');
    assert.equal(await byId(page, 'tour-answer').getAttribute('data-answer'), moved);
    assert.ok(Number(moved) > 1500, `modulo moves most keys: ${moved}`);
    assert.equal(await byId(page, 'tour-answer').getAttribute('data-correct'), 'false');
    if (lang === 'en') await shot(page, 'tour-ring-after-en');
    // Next: the same failure on a ring moves only cache-3's keys; a reload reopens step 2.
    await byId(page, 'tour-next').click();
    await waitStep(page, 2);
    await waitHash(page, 'step', '2');
    await page.reload();
    await page.waitForSelector('.app');
    await waitStep(page, 2);
    await page.locator('body').click({ position: { x: 5, y: 700 } });
    await page.keyboard.press('n');
    await waitStep(page, 3);
    await page.keyboard.press('p');
    await waitStep(page, 2);
  }
  // Replicas: the step opens with the owner alone; reveal shows the replicas and names the next one.
  await openRoute(page, '#/ring?lang=en&tour=basics&step=5');
  await waitStep(page, 5);
  assert.equal(await byId(page, 'key-replicas').count(), 0, 'only the owner before the reveal');
  await byId(page, 'key-owner').waitFor();
  await byId(page, 'tour-option').nth(0).check();
  await byId(page, 'tour-reveal').click();
  await byId(page, 'tour-answer').waitFor();
  // The owner, then two replicas (R = 3).
  const replicas = (await byId(page, 'key-replicas').textContent()).split(', ');
  assert.equal(replicas.length, 2);
  assert.equal(await byId(page, 'tour-answer').getAttribute('data-answer'), replicas[0], 'the first replica takes over');
  assertNoProblems();
});

test('locks, failures, sandbox: each panel offers its tour and answers a question from its own run', async () => {
  const { page } = browser;
  // Locks: the fenced GC pause; the answer agrees with the storage's refused write.
  await openRoute(page, '#/lock?lang=en');
  await byId(page, 'tour-open').click();
  await waitStep(page, 1);
  await openRoute(page, '#/lock?lang=en&tour=basics&step=7');
  await waitStep(page, 7);
  await byId(page, 'tour-option').nth(1).check();
  await byId(page, 'tour-reveal').click();
  await byId(page, 'tour-answer').waitFor({ timeout: 30000 });
  assert.ok(Number(await byId(page, 'metric-writes').getAttribute('data-rejected')) > 0, 'the late write was refused');
  assert.equal(await byId(page, 'tour-answer').getAttribute('data-correct'), 'true');
  // A step without a question plays its range from the bar, then offers nothing more to play.
  await openRoute(page, '#/lock?lang=en&tour=basics&step=2');
  await waitStep(page, 2);
  assert.equal(await byId(page, 'tour-question').count(), 0);
  await byId(page, 'tour-play').click();
  await page.locator('button[data-testid=pause]').waitFor();
  await page.waitForFunction(() => document.querySelector('[data-testid=tour-play]')?.disabled === true, null, { timeout: 30000 });
  const [at, of] = (await byId(page, 'cursor-text').textContent()).match(/\d[\d,]*/g).map((n) => Number(n.replace(/,/g, '')));
  assert.equal(at, of, 'played to the end of the run');
  // Failures: during the partition n0 suspects exactly the nodes the matrix shows it suspecting.
  await openRoute(page, '#/failures?lang=zh-CN&tour=basics&step=5');
  await waitStep(page, 5);
  await byId(page, 'tour-reveal').click();
  await byId(page, 'tour-answer').waitFor({ timeout: 30000 });
  const suspected = await page.locator('[data-testid=view-cell][data-detector=timeout][data-observer="0"]:not([data-verdict=up])')
    .evaluateAll((cells) => cells.map((c) => `n${c.dataset.peer}`));
  assert.equal(suspected.length, 3, 'the other side of the cut');
  const named = (await byId(page, 'tour-answer').getAttribute('data-answer')).split(/,\s*/);
  assert.deepEqual(named.sort(), suspected.sort());
  assert.equal(await byId(page, 'tour-answer').getAttribute('data-correct'), 'false', 'nobody was guessed');
  // Sandbox: the pings of the first second, as the event count of the sequence diagram shows them.
  await openRoute(page, '#/sandbox?lang=en&tour=basics&step=1');
  await waitStep(page, 1);
  await byId(page, 'tour-number').fill('1');
  await byId(page, 'tour-reveal').click();
  await byId(page, 'tour-answer').waitFor({ timeout: 30000 });
  const time = await virtualTime(page);
  assert.ok(time <= 1000 && time > 900, `stopped at the step's end: ${time} ms`);
  assert.ok(Number(await byId(page, 'tour-answer').getAttribute('data-answer')) > 1);
  assertNoProblems();
});
