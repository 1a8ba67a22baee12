// Load benchmark: serves dist/ on 127.0.0.1, opens the app in headless Chromium several times, and reports
// time to first contentful paint, time until the panel is mounted, and the gzip size of wasm + js + css, with
// index.html counted too: the static skeleton's script, words and markup are inlined there (src/ui/skeleton.rs).
// Run after `trunk build --release`:  node benches/browser/load.mjs
import { readdirSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { openBench, pct } from './harness.mjs';

const PORT = Number(process.env.BENCH_PORT || 8766);
const RUNS = Number(process.env.BENCH_RUNS || 7);
const dist = join(process.cwd(), 'dist');

let total = 0;
for (const name of readdirSync(dist)) {
  if (!/\.(wasm|js|css|html)$/.test(name)) continue;
  const raw = readFileSync(join(dist, name));
  const gz = gzipSync(raw, { level: 9 }).length;
  total += gz;
  console.log(`${name.padEnd(40)} ${(raw.length / 1024).toFixed(1).padStart(8)} kB raw ${(gz / 1024).toFixed(1).padStart(8)} kB gzip`);
}
console.log(`total wasm+js+css+html gzip: ${(total / 1024).toFixed(1)} kB (budget 350 kB)`);

const { page, url, close } = await openBench(PORT, dist);
const fcp = [];
const mounted = [];
try {
  for (let i = 0; i < RUNS; i++) {
    await page.goto(`${url}?run=${i}#/sandbox?lang=en&seed=42`);
    await page.waitForSelector('[data-testid=panel-sandbox]');
    const mountedAt = await page.evaluate(() => performance.now());
    const paint = await page.evaluate(() => {
      const entry = performance.getEntriesByName('first-contentful-paint')[0];
      return entry ? entry.startTime : null;
    });
    if (i === 0) continue; // the first load fills the HTTP cache and compiles; report warm loads
    fcp.push(paint);
    mounted.push(mountedAt);
  }
} finally {
  await close();
}
const median = (xs) => pct(xs, 0.5);
console.log(`first contentful paint: median ${median(fcp).toFixed(0)} ms, max ${Math.max(...fcp).toFixed(0)} ms (budget 400 ms)`);
console.log(`app mounted (panel in DOM): median ${median(mounted).toFixed(0)} ms, max ${Math.max(...mounted).toFixed(0)} ms`);
