// Offline for classrooms (ARCHITECTURE.md, "Offline"): after one visit, every panel reloads with the network
// off and the server gone; a new build is picked up on the next online reload and its worker replaces the
// old cache. Serves its own copy of dist/ (on DISTLAB_OFFLINE_PORT, 8821 unless told) so it can stop the
// server and change the build; the rest of the suite runs against DISTLAB_URL.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openBrowser, expectNoProblems } from './harness.mjs';

const PORT = Number(process.env.DISTLAB_OFFLINE_PORT || 8821);
const URL_ = `http://127.0.0.1:${PORT}/`;
const PANELS = [
  ['sandbox', 'sandbox-diagram'],
  ['ring', 'ring-diagram'],
  ['failures', 'failures-diagram'],
  ['lock', 'lock-diagram'],
  ['2pc', '2pc-diagram'],
];

let dir;
let server;
async function serve() {
  server = spawn('python3', ['-m', 'http.server', String(PORT), '--bind', '127.0.0.1', '-d', dir], { stdio: 'ignore' });
  for (let i = 0; i < 50; i++) {
    try {
      await fetch(URL_);
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new Error(`no server at ${URL_}`);
}
async function stop() {
  if (!server || server.exitCode !== null) return;
  const exited = new Promise((resolve) => server.once('exit', resolve));
  server.kill();
  await exited;
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'distlab-offline-'));
  cpSync('dist', dir, { recursive: true });
  await serve();
});
after(async () => {
  await stop();
  rmSync(dir, { recursive: true, force: true });
});

/** The harness counts this test's own server as off-host. */
function expectNoProblemsHere(browser) {
  browser.problems.splice(0, browser.problems.length, ...browser.problems.filter((p) => !p.startsWith(`off-host request: ${URL_}`)));
  expectNoProblems(browser);
}

const cacheNames = (page) => page.evaluate(() => caches.keys());
const workerDigest = () => /const DIGEST = "([0-9a-f]+)"/.exec(readFileSync(join(dir, 'sw.js'), 'utf8'))[1];

test('after one visit every panel reloads offline; a new build replaces the cache on the next online visit', async () => {
  const browser = await openBrowser();
  const { page, context } = browser;
  try {
    await page.goto(`${URL_}#/sandbox?lang=en`);
    await page.waitForSelector('[data-testid="panel-sandbox"]', { timeout: 20000 });
    // The worker installs after the page has loaded, precaches the build and takes the page over.
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 20000 });
    const first = workerDigest();
    const names = await cacheNames(page);
    assert.equal(names.length, 1);
    assert.ok(names[0].endsWith(` ${first}`), `the cache is named after the build: ${names}`);

    // No network, no server.
    await context.setOffline(true);
    await stop();
    for (const [panel, drawing] of PANELS) {
      await page.goto('about:blank');
      await page.goto(`${URL_}#/${panel}?lang=zh-CN`);
      await page.waitForSelector(`[data-testid="panel-${panel}"] [data-testid="${drawing}"]`, { timeout: 20000 });
      await page.reload();
      await page.waitForSelector(`[data-testid="panel-${panel}"] [data-testid="${drawing}"]`, { timeout: 20000 });
      assert.equal(await page.locator('[data-testid="error-banner"]').count(), 0, panel);
      assert.ok((await page.locator(`[data-testid="${drawing}"] *`).count()) > 5, `${panel} is drawn offline`);
    }
    await page.screenshot({ path: '/tmp/shots-embed/offline-2pc-zh.png' });
    expectNoProblemsHere(browser);

    // A new build: index.html changes, and so do the worker's list and digest.
    const index = join(dir, 'index.html');
    writeFileSync(index, readFileSync(index, 'utf8').replace('</body>', '<!-- second build --></body>'));
    execFileSync('node', ['scripts/precache.mjs', dir], { stdio: 'ignore' });
    const second = workerDigest();
    assert.notEqual(second, first);
    await serve();
    await context.setOffline(false);
    // index.html comes from the network first: the new build shows on the first online reload, not the
    // cached one...
    await page.goto('about:blank');
    await page.goto(`${URL_}#/lock?lang=en`);
    await page.waitForSelector('[data-testid="panel-lock"]', { timeout: 20000 });
    assert.ok((await page.content()).includes('<!-- second build -->'), 'the new index.html is served');
    // ...and the new worker takes over, with its own cache only.
    let latest = [];
    for (let i = 0; i < 100; i++) {
      latest = await cacheNames(page);
      if (latest.length === 1 && latest[0].endsWith(` ${second}`)) break;
      await page.waitForTimeout(200);
    }
    assert.equal(latest.length, 1, `one cache left: ${latest}`);
    assert.ok(latest[0].endsWith(` ${second}`), `the new build's cache: ${latest}`);
    expectNoProblemsHere(browser);
  } finally {
    await browser.close();
  }
});
