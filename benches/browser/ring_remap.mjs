// Ring remap benchmark in headless Chromium: 100 nodes × 200 vnodes and 100,000 keys; toggles a node many
// times and reports the time the core took to re-place every key (the panel's data-recompute-ms) and the
// time from the click until the next frame was painted.
// Run after `trunk build --release`:  node benches/browser/ring_remap.mjs
import { openBench, pct } from './harness.mjs';

const PORT = Number(process.env.BENCH_PORT || 8767);
const TOGGLES = Number(process.env.BENCH_TOGGLES || 20);
const { page, url, close } = await openBench(PORT);
const nodes = Array.from({ length: 100 }, (_, i) => `n=1.u.node-${i}`).join('&');
const recompute = [];
const toPaint = [];
try {
  await page.goto(`${url}#/ring?lang=en&vnodes=200&keys=100000&${nodes}`);
  await page.waitForSelector('[data-testid=panel-ring]');
  const toggle = page.locator('[data-testid="node-row"][data-node-id="node-42"] [data-testid="node-toggle"]');
  for (let i = 0; i < TOGGLES; i++) {
    const paintMs = await toggle.evaluate((button) => new Promise((resolve) => {
      const start = performance.now();
      button.click();
      requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - start), 0));
    }));
    await page.waitForTimeout(1300); // let the moved keys land
    recompute.push(Number(await page.getAttribute('[data-testid=panel-ring]', 'data-recompute-ms')));
    toPaint.push(paintMs);
  }
} finally {
  await close();
}
const median = (xs) => pct(xs, 0.5);
const p95 = (xs) => pct(xs, 0.95);
console.log(`remap of 100,000 keys after a node toggle (100 nodes × 200 vnodes), ${TOGGLES} toggles:`);
console.log(`  core recompute (owners, diff vs before, modulo diff, balance, arcs): median ${median(recompute).toFixed(2)} ms, p95 ${p95(recompute).toFixed(2)} ms (budget 16 ms)`);
console.log(`  click to next frame (recompute + render): median ${median(toPaint).toFixed(1)} ms, p95 ${p95(toPaint).toFixed(1)} ms`);
