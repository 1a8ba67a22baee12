// Ring remap benchmark in headless Chromium: 100 nodes × 200 vnodes and 100,000 keys; toggles a node many
// times and reports the time the core took to re-place every key (the panel's data-recompute-ms), the
// time from the click until the next frame was painted (the click's answer: the node's button and badge,
// the "placing the keys again" cue), and until the frame with the new figures was painted (the scene is
// computed after the click's frame, so the first figure alone would hide a slower whole).
// "Painted": a task queued from a frame callback runs after that frame's paint.
// Run after `trunk build --release`:  node benches/browser/ring_remap.mjs  (BENCH_DIR=<folder> for another build)
import { openBench, pct } from './harness.mjs';

const PORT = Number(process.env.BENCH_PORT || 8767);
const TOGGLES = Number(process.env.BENCH_TOGGLES || 20);
const { page, url, close } = await openBench(PORT, process.env.BENCH_DIR || 'dist');
// RING_NODES, RING_VNODES, RING_KEYS measure another size (the small ring of the default link: 5, 100, 2000).
const NODES = Number(process.env.RING_NODES || 100);
const VNODES = Number(process.env.RING_VNODES || 200);
const KEYS = Number(process.env.RING_KEYS || 100000);
const nodes = Array.from({ length: NODES }, (_, i) => `n=1.u.node-${i}`).join('&');
const recompute = [];
const toPaint = [];
const toFigures = [];
try {
  await page.goto(`${url}#/ring?lang=en&vnodes=${VNODES}&keys=${KEYS}&${nodes}`);
  await page.waitForSelector('[data-testid=panel-ring]');
  const toggle = page.locator(`[data-testid="node-row"][data-node-id="node-${Math.min(42, NODES - 1)}"] [data-testid="node-toggle"]`);
  for (let i = 0; i < TOGGLES; i++) {
    const [paintMs, figuresMs] = await toggle.evaluate((button) => new Promise((resolve) => {
      const busy = () => document.querySelector('[data-testid=panel-ring] [aria-busy]') !== null;
      const start = performance.now();
      button.click();
      requestAnimationFrame(() => {
        // A build that draws the figures in the click's own frame is never busy.
        const figuresNow = !busy();
        setTimeout(() => {
          const painted = performance.now() - start;
          if (figuresNow) return resolve([painted, painted]);
          // Otherwise wait for the frame in which the stage is no longer busy, and for its paint.
          const settled = () => (busy() ? requestAnimationFrame(settled)
            : setTimeout(() => resolve([painted, performance.now() - start]), 0));
          requestAnimationFrame(settled);
        }, 0);
      });
    }));
    await page.waitForTimeout(1300); // let the moved keys land
    recompute.push(Number(await page.getAttribute('[data-testid=panel-ring]', 'data-recompute-ms')));
    toPaint.push(paintMs);
    toFigures.push(figuresMs);
  }
} finally {
  await close();
}
const median = (xs) => pct(xs, 0.5);
const p95 = (xs) => pct(xs, 0.95);
console.log(`remap of ${KEYS} keys after a node toggle (${NODES} nodes × ${VNODES} vnodes), ${TOGGLES} toggles:`);
console.log(`  core recompute (owners, diff vs before, modulo diff, balance, arcs): median ${median(recompute).toFixed(2)} ms, p95 ${p95(recompute).toFixed(2)} ms (budget 16 ms)`);
console.log(`  click to next painted frame (the click's answer): median ${median(toPaint).toFixed(1)} ms, p95 ${p95(toPaint).toFixed(1)} ms (target p95 ≤ 50 ms)`);
console.log(`  click to the painted frame with the new figures: median ${median(toFigures).toFixed(1)} ms, p95 ${p95(toFigures).toFixed(1)} ms`);
