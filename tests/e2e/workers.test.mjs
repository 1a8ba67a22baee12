// The checker and the explorer in Web Workers (src/ui/workers): a check runs off the page and gives the
// counts the core's tests give; the explorer's workers, one per stripe of seeds, find the run one search on
// the page finds; cancel ends every worker; where the worker cannot load, the page runs the job itself and
// says so. Speed (frames while workers run, the cancel's delay, runs/s per worker count) is measured by
// benches/browser/workers.mjs, not asserted here.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openBrowser, openRoute, byId, shot } from './harness.mjs';

let browser;
// No service worker: it would answer for worker.js where the last test blocks it.
before(async () => { browser = await openBrowser({ serviceWorkers: 'block' }); });
after(async () => { await browser.close(); });
const assertNoProblems = () => assert.deepEqual(browser.problems.splice(0), []);

/** Opens `hash` with `localStorage["distlab.workers"]` set to `workers` (null: one per core). */
async function openWith(page, hash, workers) {
  await openRoute(page, hash);
  await page.evaluate((w) => {
    if (w === null) localStorage.removeItem('distlab.workers');
    else localStorage.setItem('distlab.workers', w);
  }, workers);
  await openRoute(page, hash);
}

/** Runs the explorer to its result; returns what the card reports. */
async function explore(page) {
  const spawned = [];
  const onWorker = (worker) => spawned.push(worker);
  page.on('worker', onWorker);
  await byId(page, 'explore').click();
  const result = byId(page, 'explore-result');
  await result.waitFor({ timeout: 120000 });
  page.off('worker', onWorker);
  const text = await result.textContent();
  return {
    spawned: spawned.length,
    outcome: await result.getAttribute('data-outcome'),
    seed: /seed (\d+)/.exec(text)?.[1],
    actions: /to (\d+) actions/.exec(text)?.[1],
  };
}

test('a check runs in a worker and gives the core’s counts: 9301 states, 893 blocked in doubt', async () => {
  const { page } = browser;
  await openWith(page, '#/2pc?lang=en&seed=3', null);
  const spawned = [];
  page.on('worker', (worker) => spawned.push(worker.url()));
  await byId(page, 'check-start').click();
  await byId(page, 'check-running').waitFor({ timeout: 10000 });
  assert.equal(await byId(page, 'check-running').getAttribute('data-workers'), '1');
  await shot(page, 'workers-check-running-en');
  const result = byId(page, 'check-result');
  await result.waitFor({ timeout: 120000 });
  assert.equal(await result.getAttribute('data-outcome'), 'all-satisfy');
  assert.equal(await result.getAttribute('data-states'), '9301');
  assert.equal(await byId(page, 'check-counted').getAttribute('data-count'), '893');
  assert.equal(spawned.length, 1);
  assert.match(spawned[0], /\/worker\.js$/);
  // The worker is ended with its job.
  await page.waitForFunction(() => true);
  await assert.doesNotReject(async () => {
    for (let i = 0; i < 50 && page.workers().length > 0; i += 1) await page.waitForTimeout(20);
  });
  assert.equal(page.workers().length, 0, 'the check’s worker outlived its job');
  assertNoProblems();
});

test('the explorer’s workers find the same shortest counterexample as one worker and as the page alone', async () => {
  const { page } = browser;
  // A plain lease fails on some seeds only (from seed 1, first on seed 25): the workers must agree on the
  // earliest, whichever of them reaches a failure first.
  const hash = '#/lock?lang=en&preset=custom&variant=lease&seed=1';
  await openWith(page, hash, '3');
  const three = await explore(page);
  assert.equal(three.spawned, 3);
  assert.equal(three.outcome, 'found');
  await openWith(page, hash, '1');
  const one = await explore(page);
  assert.equal(one.spawned, 1);
  await openWith(page, hash, '0');
  const onPage = await explore(page);
  assert.equal(onPage.spawned, 0, 'distlab.workers=0 runs on the page');
  for (const found of [three, one]) {
    assert.deepEqual([found.outcome, found.seed, found.actions], [onPage.outcome, onPage.seed, onPage.actions]);
  }
  assert.notEqual(onPage.seed, '1', 'the first seed already fails: the test would not tell stripes apart');
  await byId(page, 'explore-replay').click();
  await byId(page, 'violation').waitFor({ timeout: 60000 });
  assertNoProblems();
});

test('cancel ends every worker of a search', async () => {
  const { page } = browser;
  // The fenced lease never fails: the search would take all its seeds.
  await openWith(page, '#/lock?lang=en&preset=custom&variant=lease-fencing&seed=1', '2');
  await byId(page, 'explore').click();
  await byId(page, 'explore-running').waitFor({ timeout: 10000 });
  await page.waitForFunction(() => /[1-9]/.test(document.querySelector('[data-testid=explore-count]')?.textContent ?? ''));
  assert.equal(page.workers().length, 2);
  await shot(page, 'workers-explore-running-en');
  const closed = page.workers().map((worker) => new Promise((resolve) => worker.once('close', resolve)));
  await byId(page, 'explore-cancel').click();
  await Promise.all(closed);
  assert.equal(await byId(page, 'explore-result').getAttribute('data-outcome'), 'cancelled');
  assert.equal(page.workers().length, 0);
  assertNoProblems();
});

test('where the worker cannot load, the page runs the job itself and says so', async () => {
  const { page, context } = browser;
  await context.route('**/worker.js', (route) => route.abort());
  try {
    await openWith(page, '#/2pc?lang=zh-CN&seed=3', null);
    await byId(page, 'check-start').click();
    await page.waitForFunction(
      () => document.querySelector('[data-testid=check-running]')?.dataset.workers === '0',
      null, { timeout: 20000 },
    );
    assert.match(await byId(page, 'check-running').textContent(), /后台线程/);
    await shot(page, 'workers-check-on-page-zh');
    const result = byId(page, 'check-result');
    await result.waitFor({ timeout: 120000 });
    assert.equal(await result.getAttribute('data-states'), '9301');
  } finally {
    await context.unroute('**/worker.js');
  }
  // The blocked worker script is a failed request the console reports; nothing else may go wrong.
  const problems = browser.problems.splice(0).filter((p) => !/worker\.js|ERR_FAILED|Failed to load/i.test(p));
  assert.deepEqual(problems, []);
});
