// Cold-load benchmark: what a first-time visitor sees. Every load opens a new Chromium with a fresh profile, so
// nothing is cached (no HTTP cache, no compiled-code cache). Loads of the app on each panel alternate with
// loads of a plain static HTML page of the same size (the floor this machine and browser can reach), and the
// medians and maxima are compared with the targets:
//   - cold first contentful paint within 1.5x of the static page's;
//   - cold time until the panel answers a click at most 400 ms, on every panel.
// Every time counts from the start of the navigation. Columns: FCP; wasm received (its responseEnd); wasm
// compiled (WebAssembly.instantiateStreaming resolved); app drawn (the app's first frame is in the DOM); click
// target shown (its button has been on screen for one frame, and the page clicks it then, as a quick user
// would); click answered (the frame that shows the answer). The page also reports its cumulative layout
// shift (PerformanceObserver, `layout-shift`), how far the app's header, tabs, title, intro, stage, side
// column and transport bar land from where the skeleton drew them ("jump", px), and whether the wasm-bindgen
// loader compiled the WebAssembly while it streamed in (`WebAssembly.instantiateStreaming`, which needs the
// server to send `application/wasm`).
//
// Run after `trunk build --release`:  node benches/browser/cold.mjs
// Settings: BENCH_LOADS (loads per panel and of the baseline, default 7), BENCH_PORT (default 8767),
// BENCH_DIST (the folder to serve, default dist), BENCH_JSON (also write the samples there). To compare two
// builds fairly on a busy machine, BENCH_COMPARE=<another dist folder> loads it too, interleaved with the
// first (BENCH_LABEL and BENCH_COMPARE_LABEL name them in the tables).
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { pct } from './harness.mjs';

const PORT = Number(process.env.BENCH_PORT || 8767);
const LOADS = Math.max(1, Number(process.env.BENCH_LOADS || 7));
const dist = resolve(process.env.BENCH_DIST || 'dist');

/** Each panel, with a cheap click it answers visibly: the selector to click and the one that shows the answer. */
const PANELS = [
  { route: 'sandbox', click: '[data-testid=play]', answer: '[data-testid=pause]' },
  { route: 'ring', click: '[data-testid=node]', answer: '[data-testid=selected-node]' },
  { route: 'failures', click: '[data-testid=play]', answer: '[data-testid=pause]' },
  { route: 'lock', click: '[data-testid=play]', answer: '[data-testid=pause]' },
  { route: '2pc', click: '[data-testid=play]', answer: '[data-testid=pause]' },
];
/** Parts of the page the skeleton draws and the app then draws again: they should not move. */
const PARTS = ['.topbar', '.brand', '.tabs', '.toggles', '.panel-head h1', '.panel-head .lead', '.stage', '.side', '.transport'];

// Each build is served from a copy of its folder on a port of its own (the app's paths are absolute); the
// baseline page sits beside the first build, as large as its HTML.
const builds = [{ label: process.env.BENCH_LABEL || 'dist', dir: dist }];
if (process.env.BENCH_COMPARE) builds.push({ label: process.env.BENCH_COMPARE_LABEL || 'compare', dir: resolve(process.env.BENCH_COMPARE) });
const appHtml = readFileSync(join(dist, 'index.html'), 'utf8');
for (const [i, build] of builds.entries()) {
  build.root = mkdtempSync(join(tmpdir(), 'distlab-cold-'));
  cpSync(build.dir, build.root, { recursive: true });
  if (i === 0) writeFileSync(join(build.root, 'baseline.html'), baselinePage(Buffer.byteLength(appHtml)));
  build.base = `http://127.0.0.1:${PORT + i}/`;
  build.server = spawn('python3', ['-m', 'http.server', String(PORT + i), '--bind', '127.0.0.1', '-d', build.root], { stdio: 'ignore' });
  build.results = Object.fromEntries(PANELS.map((p) => [p.route, []]));
}

/** A plain page (text and an inline style, nothing else) of `size` bytes: what a static site paints at best. */
function baselinePage(size) {
  const head = '<!doctype html><html lang="en"><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">'
    + '<title>baseline</title><style>body{font-family:system-ui,sans-serif;margin:0;padding:1rem 1.25rem}</style>'
    + '<h1>distlab</h1><p>';
  const tail = '</p></html>';
  const words = 'A static page of the same size as the app\'s HTML, painted without any script. ';
  let body = '';
  while (Buffer.byteLength(head + body + tail) < size) body += words;
  return head + body.slice(0, Math.max(0, size - Buffer.byteLength(head + tail))) + tail;
}

/** Runs in every page before its own scripts: records paints, shifts, the loader's path and the click. */
function probe({ click, answer, parts }) {
  const m = (window.__cold = { cls: 0, shifts: 0, done: false });
  const now = () => performance.now();
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        if (e.hadRecentInput) continue;
        m.cls += e.value;
        m.shifts += 1;
        // What moved, for a reader hunting a shift: BENCH_JSON keeps it.
        (m.shiftLog = m.shiftLog || []).push({
          at: Math.round(e.startTime), value: e.value,
          sources: (e.sources || []).map((x) => `${x.node ? (x.node.nodeName + '.' + (x.node.className?.baseVal ?? x.node.className ?? '')) : '?'} `
            + `${JSON.stringify(x.previousRect)}->${JSON.stringify(x.currentRect)}`),
        });
      }
    }).observe({ type: 'layout-shift', buffered: true });
  } catch (e) {
    m.clsError = String(e);
  }
  // Which way the loader compiles: streaming while the bytes arrive, or from a whole buffer afterwards.
  const streaming = WebAssembly.instantiateStreaming;
  if (streaming) {
    WebAssembly.instantiateStreaming = function (...args) {
      m.streaming = 'called';
      return streaming.apply(this, args).then(
        (r) => { m.streaming = 'ok'; m.compiledAt = now(); return r; },
        (e) => { m.streaming = `failed: ${e}`; throw e; },
      );
    };
  }
  const instantiate = WebAssembly.instantiate;
  WebAssembly.instantiate = function (...args) {
    m.bufferInstantiate = (m.bufferInstantiate || 0) + 1;
    return instantiate.apply(this, args);
  };
  if (!click) return;
  const rects = (scope) => {
    const box = {};
    for (const sel of parts) {
      const el = scope && scope.querySelector(sel);
      if (el) {
        const r = el.getBoundingClientRect();
        box[sel] = [r.x, r.y, r.width, r.height];
      }
    }
    return box;
  };
  let state = 'wait';
  const check = () => {
    // The skeleton as the first frame that shows it draws it (it stays hidden until its script has filled it
    // in, and the app may have replaced it by then).
    const skeleton = document.getElementById('skeleton');
    if (skeleton && skeleton.dataset.layout && !m.skeletonRects) {
      m.skeletonRects = 'pending';
      requestAnimationFrame(() => {
        const shown = skeleton.isConnected && skeleton.getBoundingClientRect().width > 0;
        m.skeletonRects = shown ? rects(skeleton) : 'replaced before the first frame';
      });
    }
    const app = document.querySelector('.app');
    if (app && m.mountedAt === undefined) {
      m.mountedAt = now();
      m.skeletonLeftAtMount = !!document.getElementById('skeleton');
      requestAnimationFrame(() => { m.appRects = rects(document.querySelector('.app')); });
    }
    if (state === 'wait' && document.querySelector(click)) {
      state = 'shown';
      // The user sees the button in the next frame, and clicks just after it.
      requestAnimationFrame(() => setTimeout(() => {
        m.readyAt = now();
        state = 'clicked';
        document.querySelector(click).dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true, view: window }));
        check();
      }, 0));
    }
    if (state === 'clicked' && document.querySelector(answer)) {
      state = 'answered';
      m.answerInDomAt = now();
      requestAnimationFrame(() => { m.answeredAt = now(); m.done = true; });
    }
  };
  new MutationObserver(check).observe(document, { childList: true, subtree: true, attributes: true });
  document.addEventListener('readystatechange', check);
}

/** One load in a browser of its own with an empty profile. */
async function coldLoad(url, target) {
  const profile = mkdtempSync(join(tmpdir(), 'distlab-cold-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium', headless: true, viewport: { width: 1280, height: 720 }, locale: 'en-US',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
  const errors = [];
  try {
    const page = context.pages()[0] || (await context.newPage());
    page.on('console', (msg) => { if (msg.type() === 'error' || msg.type() === 'warning') errors.push(`${msg.type()}: ${msg.text()}`); });
    page.on('pageerror', (e) => errors.push(e.message));
    let wasmType = null;
    page.on('response', (r) => { if (r.url().endsWith('.wasm')) wasmType = r.headers()['content-type']; });
    await page.addInitScript(probe, { ...target, parts: PARTS });
    await page.goto(url, { waitUntil: 'load' });
    if (target.click) {
      await page.waitForFunction(() => window.__cold.done, null, { timeout: 30000, polling: 20 });
    } else {
      await page.waitForFunction(() => performance.getEntriesByName('first-contentful-paint').length > 0, null, { timeout: 30000 });
    }
    // Let late shifts land in the observer.
    await page.waitForTimeout(100);
    const sample = await page.evaluate(() => {
      const m = window.__cold;
      const fcp = performance.getEntriesByName('first-contentful-paint')[0];
      const end = (ext) => performance.getEntriesByType('resource').find((r) => r.name.endsWith(ext))?.responseEnd ?? null;
      return { ...m, fcp: fcp ? fcp.startTime : null, cssEnd: end('.css'), wasmEnd: end('.wasm'), skeletonGone: !document.getElementById('skeleton') };
    });
    return { ...sample, wasmType, errors };
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

/** The largest distance (px) any part moved or resized between the skeleton's frame and the app's first. */
function jump(sample) {
  if (!sample.skeletonRects || typeof sample.skeletonRects !== 'object' || !sample.appRects) return null;
  let worst = 0;
  let where = '';
  for (const [sel, a] of Object.entries(sample.skeletonRects)) {
    const b = sample.appRects[sel];
    if (!b) continue;
    const d = Math.max(...a.map((v, i) => Math.abs(v - b[i])));
    if (d > worst) { worst = d; where = sel; }
  }
  return { px: worst, where, parts: Object.keys(sample.skeletonRects).length };
}

const median = (xs) => pct(xs, 0.5);
const fmt = (xs, digits = 0) => (xs.length ? `${median(xs).toFixed(digits)} / ${Math.max(...xs).toFixed(digits)}` : 'n/a');

await new Promise((r) => setTimeout(r, 700));
const baseline = [];
const notes = new Set();
try {
  for (let round = 0; round < LOADS; round++) {
    for (const panel of PANELS) {
      // Alternate: the static page, then the app (each build), so all see the same machine load.
      baseline.push(await coldLoad(`${builds[0].base}baseline.html?r=${round}-${panel.route}`, {}));
      for (const build of builds) {
        const sample = await coldLoad(`${build.base}?r=${round}#/${panel.route}?lang=en`, panel);
        build.results[panel.route].push(sample);
        for (const e of sample.errors) notes.add(`${build.label}: console ${e}`);
        process.stderr.write('.');
      }
    }
  }
} finally {
  for (const build of builds) {
    build.server.kill();
    rmSync(build.root, { recursive: true, force: true });
  }
}
process.stderr.write('\n');

const baseFcp = baseline.map((s) => s.fcp).filter((v) => v != null);
console.log(`cold loads: ${LOADS} per panel and build, ${baseFcp.length} of the static baseline (${Buffer.byteLength(appHtml)} B of HTML), fresh profile each; median / max in ms`);
for (const build of builds) report(build);
for (const n of notes) console.log(`note: ${n}`);
if (process.env.BENCH_JSON) {
  writeFileSync(process.env.BENCH_JSON, JSON.stringify({ baseline, builds: builds.map(({ label, results }) => ({ label, results })) }, null, 1));
}

/** One build's table and how it fares against the targets. */
function report(build) {
  const rows = PANELS.map((panel) => {
    const s = build.results[panel.route];
    const pick = (key) => s.map((x) => x[key]).filter((v) => typeof v === 'number');
    const jumps = s.map(jump).filter(Boolean);
    return {
      route: `#/${panel.route}`, fcp: pick('fcp'), wasm: pick('wasmEnd'), compiled: pick('compiledAt'), mounted: pick('mountedAt'),
      ready: pick('readyAt'), answered: pick('answeredAt'), cls: pick('cls'),
      jump: jumps.map((j) => j.px), jumpWhere: jumps.filter((j) => j.px >= 1).sort((a, b) => b.px - a.px)[0]?.where || '',
      streaming: [...new Set(s.map((x) => x.streaming || 'not called'))].join(','),
      buffer: s.some((x) => x.bufferInstantiate), type: [...new Set(s.map((x) => x.wasmType))].join(','),
    };
  });
  console.log('');
  console.log(`${build.label} (${build.dir}):`);
  console.log('');
  console.log('| route | FCP | wasm received | wasm compiled | app drawn | click target shown | click answered | CLS | skeleton→app jump (px) |');
  console.log('|---|---|---|---|---|---|---|---|---|');
  console.log(`| static baseline | ${fmt(baseFcp)} | | | | | | | |`);
  for (const r of rows) {
    const jumpText = r.jump.length ? `${fmt(r.jump)}${r.jumpWhere ? ` (${r.jumpWhere})` : ''}` : 'no skeleton';
    console.log(`| ${r.route} | ${fmt(r.fcp)} | ${fmt(r.wasm)} | ${fmt(r.compiled)} | ${fmt(r.mounted)} | ${fmt(r.ready)} | ${fmt(r.answered)} | ${fmt(r.cls, 3)} | ${jumpText} |`);
  }
  console.log('');
  const allFcp = rows.flatMap((r) => r.fcp);
  const ratio = median(allFcp) / median(baseFcp);
  console.log(`target: cold FCP within 1.5x of the static page: ${ratio.toFixed(2)}x (median ${median(allFcp).toFixed(0)} ms vs ${median(baseFcp).toFixed(0)} ms) ${ratio <= 1.5 ? 'MET' : 'NOT MET'}`);
  for (const r of rows) {
    const m = r.answered.length ? median(r.answered) : Infinity;
    const cls = r.cls.length ? Math.max(...r.cls) : NaN;
    console.log(`target: ${r.route} answers a click within 400 ms: median ${m.toFixed(0)} ms ${m <= 400 ? 'MET' : 'NOT MET'}; CLS max ${cls.toFixed(3)} ${cls < 0.05 ? '(< 0.05)' : '(NOT < 0.05)'}`);
  }
  const types = [...new Set(rows.map((r) => r.type))].join(',');
  const streamed = rows.every((r) => r.streaming === 'ok') && !rows.some((r) => r.buffer);
  console.log(`loader: .wasm served as ${types}; WebAssembly.instantiateStreaming ${streamed ? 'used on every load (no buffered fallback)' : `NOT always used: ${rows.map((r) => `${r.route}=${r.streaming}${r.buffer ? '+buffer' : ''}`).join(' ')}`}`);
}
