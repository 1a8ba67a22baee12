// Frame-time benchmark in headless Chromium: plays a failures run with 12 nodes and slow links, so that
// about 1,000 messages and nodes animate at once, and records requestAnimationFrame intervals. Also seeks to
// random points of a long trace and reports how long each seek's work takes and when its frame is painted.
// Run after `trunk build --release`:  node benches/browser/frames.mjs
import { openBench, pct } from './harness.mjs';

const PORT = Number(process.env.BENCH_PORT || 8768);
const { page, url, close } = await openBench(PORT);
try {
  // 12 nodes, one-way latency 300–450 ms: about 500 heartbeats in flight, each drawn twice (network and
  // sequence diagram), plus the nodes: about 1,000 moving elements.
  const latency = process.env.BENCH_LATENCY || '300-450';
  await page.goto(`${url}#/failures?lang=en&seed=1&nodes=12&lat=${latency}&loss=0&dup=0&a=`);
  await page.waitForSelector('[data-testid=panel-failures]');
  const max = Number(await page.getAttribute('[data-testid=timeline]', 'max'));
  await page.fill('[data-testid=timeline]', String(Math.floor(max / 2)));
  await page.fill('[data-testid=speed]', '-1');
  await page.click('[data-testid=play]');
  await page.waitForTimeout(500);
  // Messages drawn as one path per kind (a crowd) count one per message.
  const animated = await page.evaluate(() => {
    const q = (s) => [...document.querySelectorAll(s)];
    const dots = q('[data-testid=message-dots]').reduce((n, p) => n + Number(p.dataset.count || 0), 0);
    const crowd = q('[data-testid=seq-in-flight-crowd]').reduce((n, g) => n + Number(g.dataset.count || 0), 0);
    return q('[data-testid=message], [data-testid=node], [data-testid=seq-message][data-state=in-flight]').length + dots + crowd;
  });
  const intervals = await page.evaluate(() => new Promise((resolve) => {
    const out = [];
    let last = performance.now();
    const tick = (now) => {
      out.push(now - last);
      last = now;
      if (out.length < 240) requestAnimationFrame(tick); else resolve(out);
    };
    requestAnimationFrame(tick);
  }));
  console.log(`animating ${animated} elements (messages and nodes in the network, arrows in flight in the sequence diagram); ${intervals.length} frames:`);
  console.log(`  frame interval median ${pct(intervals, 0.5).toFixed(1)} ms, p95 ${pct(intervals, 0.95).toFixed(1)} ms (goal p95 ≤ 20 ms)`);
  await page.click('[data-testid=pause]');
  // Seek: a 100,000-event trace (12 nodes for 33 s: a heal at 30 s stretches the run), then jump around it.
  await page.goto(`${url}#/failures?lang=en&seed=2&nodes=12&a=h30000`);
  await page.waitForSelector('[data-testid=panel-failures]');
  const total = Number(await page.getAttribute('[data-testid=timeline]', 'max'));
  // Per seek: the work (input event → Yew's render, which runs on the microtask queue → style and layout
  // forced); the time until the next animation frame starts, which adds the wait for the display's next
  // frame; and until that frame has been painted (a task posted from the frame runs after its paint).
  const work = [];
  const seeks = [];
  const painted = [];
  for (let i = 0; i < 60; i++) {
    const target = Math.floor(((i * 7919) % 997) / 997 * total);
    const [w, f, p] = await page.evaluate((target) => new Promise((resolve) => {
      const input = document.querySelector('[data-testid=timeline]');
      const start = performance.now();
      input.value = String(target);
      input.dispatchEvent(new Event('input', { bubbles: true }));
      Promise.resolve().then(() => Promise.resolve()).then(() => {
        document.documentElement.getBoundingClientRect();
        const done = performance.now() - start;
        requestAnimationFrame(() => {
          const frame = performance.now() - start;
          const channel = new MessageChannel();
          channel.port1.onmessage = () => resolve([done, frame, performance.now() - start]);
          channel.port2.postMessage(0);
        });
      });
    }), target);
    work.push(w);
    seeks.push(f);
    painted.push(p);
  }
  console.log(`seek anywhere in a ${total}-event trace (12 nodes), 60 seeks:`);
  console.log(`  work (input to DOM updated and laid out) median ${pct(work, 0.5).toFixed(1)} ms, p95 ${pct(work, 0.95).toFixed(1)} ms (goal < 16 ms)`);
  console.log(`  to the next frame median ${pct(seeks, 0.5).toFixed(1)} ms, p95 ${pct(seeks, 0.95).toFixed(1)} ms`);
  console.log(`  to that frame painted median ${pct(painted, 0.5).toFixed(1)} ms, p95 ${pct(painted, 0.95).toFixed(1)} ms`);
} finally {
  await close();
}
