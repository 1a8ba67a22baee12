// Shared Playwright harness: Debian's Chromium, a fresh profile per browser, no background networking, and
// every console error, page error or off-host request collected so tests can fail on them.
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const BASE_URL = process.env.DISTLAB_URL || 'http://127.0.0.1:8765/';
export const SHOTS = join(process.cwd(), 'test-output', 'screenshots');
mkdirSync(SHOTS, { recursive: true });

const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--disable-dev-shm-usage',
];

/** Opens a browser context with the given options; returns helpers and a close(). */
export async function openBrowser(options = {}) {
  const profile = mkdtempSync(join(tmpdir(), 'distlab-e2e-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 720 },
    locale: 'en-US',
    ...options,
  });
  const problems = [];
  const watch = (page) => {
    page.on('console', (msg) => {
      if (msg.type() === 'error') problems.push(`console error: ${msg.text()}`);
    });
    page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
    page.on('request', (req) => {
      const url = req.url();
      if (!url.startsWith(BASE_URL) && !url.startsWith('data:')) problems.push(`off-host request: ${url}`);
    });
  };
  context.pages().forEach(watch);
  context.on('page', watch);
  const page = context.pages()[0] || (await context.newPage());
  return {
    context,
    page,
    problems,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Loads a hash route and waits for the app to mount. */
export async function openRoute(page, hash) {
  // A fresh document each time: a same-document hash change would race the test's first click.
  await page.goto('about:blank');
  await page.goto(`${BASE_URL}${hash}`);
  await page.waitForSelector('.app', { timeout: 20000 });
}

export const byId = (page, id) => page.locator(`[data-testid="${id}"]`);

/** The virtual time the transport bar shows, in ms. */
export const virtualTime = async (page) => parseFloat(await byId(page, 'virtual-time').textContent());

/** Moves a simulated panel's cursor to the last event at or before `ms` of virtual time (a binary search over
 * the timeline slider, reading the clock the page shows). */
export async function seekTo(page, ms) {
  const timeline = byId(page, 'timeline');
  let lo = 0;
  let hi = Number(await timeline.getAttribute('max'));
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    await timeline.fill(String(mid));
    if ((await virtualTime(page)) <= ms) lo = mid;
    else hi = mid - 1;
  }
  await timeline.fill(String(lo));
}

export async function shot(page, name) {
  await page.screenshot({ path: join(SHOTS, `${name}.png`) });
}

/** Fails on any console error, page error or off-host request seen since the last check, and clears them. */
export function expectNoProblems(browser) {
  const problems = browser.problems.splice(0);
  assert.deepEqual(problems, [], `the page reported problems:\n${problems.join('\n')}`);
}
