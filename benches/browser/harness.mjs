// What every browser benchmark shares: serve a folder on 127.0.0.1, open headless Debian Chromium with a
// fresh profile and the flags this machine's closed network needs, and close both afterwards.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

/** Serves `dir` on `port` and opens a 1280×720 page; `close()` ends the browser and the server. */
export async function openBench(port, dir = 'dist') {
  const server = spawn('python3', ['-m', 'http.server', String(port), '--bind', '127.0.0.1', '-d', dir], { stdio: 'ignore' });
  await new Promise((r) => setTimeout(r, 700));
  const profile = mkdtempSync(join(tmpdir(), 'distlab-bench-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium', headless: true, viewport: { width: 1280, height: 720 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = context.pages()[0] || (await context.newPage());
  const close = async () => {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
    server.kill();
  };
  return { page, url: `http://127.0.0.1:${port}/`, close };
}

/** The `p` quantile (0–1) of `xs`. */
export const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))];
