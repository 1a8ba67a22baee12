// The checker and the explorer in Web Workers (src/ui/workers), measured in headless Chromium:
// - the explorer's rate with the search on the page, in 1 worker and in one per core, on a design that never
//   fails (the fenced lease: every run of the range is made), with the page's frame intervals meanwhile;
// - how long a cancel takes to end every worker (click to the last worker's close);
// - the 2PC panel's exhaustive check (3 participants), on the page and in a worker.
// Run after `trunk build --release`:  node benches/browser/workers.mjs
import { openBench, pct } from './harness.mjs';

const PORT = Number(process.env.BENCH_PORT || 8769);
const { page, url, close } = await openBench(PORT);

async function open(hash, workers) {
  await page.goto(`${url}${hash}`);
  await page.evaluate((w) => (w === null ? localStorage.removeItem('distlab.workers') : localStorage.setItem('distlab.workers', w)), workers);
  await page.goto('about:blank');
  await page.goto(`${url}${hash}`);
  await page.waitForSelector('.app');
}

/** rAF intervals until `done()` in the page is true. */
const framesUntilResult = (selector) => page.evaluate((selector) => new Promise((resolve) => {
  const out = [];
  let last = performance.now();
  const tick = (now) => {
    out.push(now - last);
    last = now;
    if (document.querySelector(selector)) resolve(out); else requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
}), selector);

try {
  const cores = await page.evaluate(() => navigator.hardwareConcurrency);
  console.log(`navigator.hardwareConcurrency = ${cores}`);
  console.log('explorer, fenced lease, 3 clients, every seed of the range (no violation):');
  console.log('| where | runs | wall s | runs/s | frame median ms | frame p95 ms |');
  console.log('|---|---|---|---|---|---|');
  for (const workers of ['0', '1', null]) {
    await open('#/lock?lang=en&preset=custom&variant=lease-fencing&seed=1', workers);
    const t0 = Date.now();
    await page.click('[data-testid=explore]');
    const frames = await framesUntilResult('[data-testid=explore-result]');
    const wall = (Date.now() - t0) / 1000;
    const text = await page.textContent('[data-testid=explore-result]');
    const runs = Number(/(\d+) runs/.exec(text)?.[1]);
    const where = workers === '0' ? 'page (sliced)' : workers === '1' ? '1 worker' : `${cores} workers`;
    console.log(`| ${where} | ${runs} | ${wall.toFixed(2)} | ${(runs / wall).toFixed(0)} | ${pct(frames, 0.5).toFixed(1)} | ${pct(frames, 0.95).toFixed(1)} |`);
  }

  const cancels = [];
  for (let i = 0; i < 7; i += 1) {
    await open('#/lock?lang=en&preset=custom&variant=lease-fencing&seed=1', null);
    await page.click('[data-testid=explore]');
    await page.waitForFunction(() => /[1-9]/.test(document.querySelector('[data-testid=explore-count]')?.textContent ?? ''));
    const closed = page.workers().map((w) => new Promise((resolve) => w.once('close', () => resolve(Date.now()))));
    const t0 = Date.now();
    await page.click('[data-testid=explore-cancel]');
    const ends = await Promise.all(closed);
    cancels.push(Math.max(...ends) - t0);
  }
  console.log(`cancel, click to the last worker closed (as Playwright hears it): median ${pct(cancels, 0.5)} ms, max ${Math.max(...cancels)} ms (budget 100 ms)`);

  console.log('2PC check, 3 participants, one coordinator crash and one lost message:');
  for (const workers of ['0', null]) {
    const times = [];
    for (let i = 0; i < 3; i += 1) {
      await open('#/2pc?lang=en&seed=3', workers);
      const t0 = Date.now();
      await page.click('[data-testid=check-start]');
      await page.waitForSelector('[data-testid=check-result]', { timeout: 120000 });
      times.push(Date.now() - t0);
    }
    console.log(`  ${workers === '0' ? 'page' : 'worker'}: median ${pct(times, 0.5)} ms of ${times.join(', ')}`);
  }
} finally {
  await close();
}
