// Trunk post-build hook (see Trunk.toml): in a release build, minifies the wasm-bindgen JS loader with terser
// and puts its new subresource-integrity digest into index.html. Trunk's own JS minifier cannot parse the
// loader's `export { __wbg_init as default }` and leaves it whole, about 2 kB more gzip.
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { minify } from 'terser';

if (process.env.TRUNK_PROFILE !== 'release') process.exit(0);

const stage = process.env.TRUNK_STAGING_DIR;
const htmlPath = join(stage, 'index.html');
const digest = (text) => `sha384-${createHash('sha384').update(text).digest('base64')}`;
let html = readFileSync(htmlPath, 'utf8');
// Only the scripts the page loads: static/distlab-view.js, copied for other people's pages, and
// static/worker.js stay as written.
for (const name of readdirSync(stage).filter((file) => file.endsWith('.js') && html.includes(file))) {
  const path = join(stage, name);
  const source = readFileSync(path, 'utf8');
  const { code } = await minify(source, { module: true, compress: true, mangle: true });
  const before = digest(source);
  // A loader without a digest in the page would still be minified; one with a stale digest would not load.
  if (html.includes('integrity') && !html.includes(before)) {
    throw new Error(`${name}: index.html has no integrity digest for it`);
  }
  writeFileSync(path, code);
  html = html.split(before).join(digest(code));
}
writeFileSync(htmlPath, html);
