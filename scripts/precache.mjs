// Trunk post-build hook (see Trunk.toml), also runnable by hand: `node scripts/precache.mjs [dir]`.
// Writes <dir>/sw.js (default: Trunk's staging directory) from static/sw.js, with the list of every file the
// build made and a digest of their names and contents, so a new build gets a new cache name and the old
// cache is deleted when its worker activates. Run after scripts/minify-js.mjs, which rewrites the loader
// and index.html: the list and digest must describe the files as served.
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = process.argv[2] || process.env.TRUNK_STAGING_DIR;
if (!dir) throw new Error('precache: no directory (pass one, or run as a Trunk hook)');
const WORKER = 'sw.js';

const walk = (at) =>
  readdirSync(at).flatMap((name) => {
    const path = join(at, name);
    return statSync(path).isDirectory() ? walk(path) : [relative(dir, path).split(sep).join('/')];
  });
const files = walk(dir)
  .filter((file) => file !== WORKER)
  .sort();
if (!files.includes('index.html')) throw new Error(`precache: no index.html in ${dir}`);

const hash = createHash('sha256');
for (const file of files) hash.update(file).update('\0').update(readFileSync(join(dir, file))).update('\0');
const digest = hash.digest('hex').slice(0, 16);

// index.html is cached under the directory's own address ('./'), the one a visitor's navigation asks for.
const list = files.map((file) => (file === 'index.html' ? './' : file));
const template = readFileSync(join(dirname(fileURLToPath(import.meta.url)), '..', 'static', WORKER), 'utf8');
const worker = template.replace("'__DISTLAB_DIGEST__'", JSON.stringify(digest)).replace('__DISTLAB_FILES__', JSON.stringify(list));
if (worker.includes('__DISTLAB_')) throw new Error('precache: static/sw.js lost a placeholder');
writeFileSync(join(dir, WORKER), worker);
console.log(`precache: ${WORKER} caches ${list.length} files as build ${digest}`);
