// The consistent-hashing panel in headless Chromium: changes move the right keys, lookups find owners and
// replicas, links reproduce the picture, compare mode shows both algorithms.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { openBrowser, openRoute, byId, shot, expectNoProblems } from './harness.mjs';

let browser;
before(async () => {
  browser = await openBrowser();
});
after(async () => {
  await browser.close();
});

const assertNoProblems = () => expectNoProblems(browser);

const node = (page, name) => page.locator(`[data-testid="node"][data-node-id="${name}"]`);

async function ownersByNode(page) {
  return page.$$eval('[data-testid="node"]', (els) => els.map((e) => [e.dataset.nodeId, e.dataset.state, e.dataset.keys]));
}

test('failing a node on a ring moves exactly its keys, and far fewer than hash % N', async () => {
  const { page } = browser;
  await openRoute(page, '#/ring?lang=en');
  await byId(page, 'panel-ring').waitFor();
  assert.equal(await byId(page, 'node').count(), 5);
  const victim = node(page, 'cache-3');
  const itsKeys = Number(await victim.getAttribute('data-keys'));
  assert.ok(itsKeys > 0, 'the node owns keys before it fails');
  await victim.click();
  await byId(page, 'selected-node').waitFor();
  await byId(page, 'selected-toggle').click();
  // The moved keys fly to their new owners.
  await byId(page, 'flying-key').first().waitFor({ timeout: 2000 });
  await shot(page, 'ring-fail-flying-en');
  assert.equal(await victim.getAttribute('data-state'), 'down');
  assert.equal(Number(await byId(page, 'keys-moved').getAttribute('data-moved')), itsKeys,
    'a ring moves exactly the failed node\'s keys');
  const modulo = Number(await byId(page, 'keys-moved-modulo').getAttribute('data-moved'));
  assert.ok(modulo > 0.6 * 2000, `hash % N moves most keys (${modulo} of 2000)`);
  assert.match(await byId(page, 'keys-moved-min').textContent(), /\d/);
  assert.equal(Number(await victim.getAttribute('data-keys')), 0, 'a failed node holds no keys');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=flying-key]').length === 0, null, { timeout: 5000 });
  await shot(page, 'ring-fail-settled-en');
  // Recovering brings exactly those keys back.
  await byId(page, 'selected-toggle').click();
  assert.equal(Number(await byId(page, 'keys-moved').getAttribute('data-moved')), itsKeys);
  assert.equal(Number(await victim.getAttribute('data-keys')), itsKeys);
  assertNoProblems();
});

test('lookup shows the owner and replicas, and a failed owner hands over to the next replica', async () => {
  const { page } = browser;
  await openRoute(page, '#/ring?lang=en&r=3');
  await byId(page, 'key-lookup').fill('user:42');
  const owner = (await byId(page, 'key-owner').textContent()).trim();
  const replicas = (await byId(page, 'key-replicas').textContent()).split(',').map((s) => s.trim());
  assert.equal(replicas.length, 2, 'R = 3: the owner and two replicas');
  assert.ok(!replicas.includes(owner), 'replicas are distinct from the owner');
  await byId(page, 'lookup-marker').waitFor();
  // The clockwise walk is drawn: one arc per holder, owner first.
  const walked = await page.$$eval('[data-testid=lookup-walk]', (arcs) => arcs.map((a) => [a.dataset.rank, a.dataset.nodeId]));
  assert.equal(walked.length, 3);
  assert.equal(walked[0][0], '1');
  await page.locator(`[data-testid="node-row"][data-node-id="${owner}"] [data-testid="node-toggle"]`).click();
  assert.equal((await byId(page, 'key-owner').textContent()).trim(), replicas[0], 'reads go to the next replica');
  assert.ok(page.url().includes('key=user'), page.url());
  await shot(page, 'ring-lookup-en');
  assertNoProblems();
});

test('a copied link reproduces the same owners and figures', async () => {
  const { page } = browser;
  await openRoute(page, '#/ring?lang=en');
  await byId(page, 'add-node-name').fill('cache-6');
  await byId(page, 'add-node-weight').fill('2');
  await byId(page, 'add-node').click();
  await node(page, 'cache-6').waitFor();
  await node(page, 'cache-1').click();
  await byId(page, 'selected-remove').click();
  await byId(page, 'key-lookup').fill('order-7');
  await page.waitForFunction(() => location.hash.includes('key=order-7'));
  const link = page.url();
  const owners = await ownersByNode(page);
  const moved = await byId(page, 'keys-moved').getAttribute('data-moved');
  const keyOwner = await byId(page, 'key-owner').textContent();
  const fresh = await browser.context.newPage();
  await fresh.goto(link);
  await byId(fresh, 'panel-ring').waitFor();
  assert.deepEqual(await ownersByNode(fresh), owners);
  assert.equal(await byId(fresh, 'keys-moved').getAttribute('data-moved'), moved);
  assert.equal(await byId(fresh, 'key-owner').textContent(), keyOwner);
  await fresh.close();
  assertNoProblems();
});

test('compare mode shows both algorithms and both figures for the same change', async () => {
  const { page } = browser;
  await openRoute(page, '#/ring?lang=en');
  await byId(page, 'compare').check();
  await byId(page, 'compare-view').waitFor();
  await byId(page, 'compare-algorithm').selectOption('modulo');
  await page.locator('[data-testid="node-row"][data-node-id="cache-2"] [data-testid="node-toggle"]').click();
  const ring = Number(await byId(page, 'keys-moved').getAttribute('data-moved'));
  const modulo = Number(await byId(page, 'keys-moved-compare').getAttribute('data-moved'));
  assert.ok(ring > 0 && modulo > 2 * ring, `ring moved ${ring}, modulo ${modulo}`);
  assert.equal(await byId(page, 'ring-diagram-compare').count(), 1);
  await page.waitForTimeout(1300);
  await shot(page, 'ring-compare-en');
  assertNoProblems();
});

test('every algorithm renders, and bounded loads never exceed capacity', async () => {
  const { page } = browser;
  for (const algo of ['modulo', 'jump', 'rendezvous', 'bounded', 'ring']) {
    await openRoute(page, `#/ring?lang=en&algo=${algo}&eps=0.1`);
    await byId(page, 'panel-ring').waitFor();
    assert.equal(await byId(page, 'algorithm').inputValue(), algo);
    const keys = (await ownersByNode(page)).map(([, , k]) => Number(k));
    assert.equal(keys.reduce((a, b) => a + b, 0), 2000, `${algo}: every key has one owner`);
    if (algo === 'bounded') {
      assert.ok(Math.max(...keys) <= Math.ceil(1.1 * 2000 / 5), `bounded: ${keys}`);
    }
  }
  assertNoProblems();
});

test('bad input: a malformed link, a duplicate name and markup in a name', async () => {
  const { page } = browser;
  await openRoute(page, '#/ring?lang=en&n=oops&vnodes=abc&algo=magic');
  await byId(page, 'url-error').waitFor();
  const message = await byId(page, 'url-error').textContent();
  assert.match(message, /vnodes/);
  assert.match(message, /magic/);
  assert.equal(await byId(page, 'node').count(), 5, 'falls back to the default nodes');
  await byId(page, 'add-node-name').fill('cache-1');
  await byId(page, 'add-node').click();
  await byId(page, 'ring-error').waitFor();
  assert.match(await byId(page, 'ring-error').textContent(), /cache-1/);
  await byId(page, 'add-node-name').fill('<img src=x onerror=alert(1)>');
  await byId(page, 'add-node').click();
  await page.locator('[data-testid="node-row"]').nth(5).waitFor();
  assert.equal(await page.locator('.side img').count(), 0, 'a name is text, never markup');
  assert.match(await page.locator('.node-list').textContent(), /<img src=x/);
  assertNoProblems();
});

test('the ring panel in Chinese at 1280x720', async () => {
  const { page } = browser;
  await openRoute(page, '#/ring?lang=zh-CN&keys=5000&vnodes=50');
  await page.locator('[data-testid="node-row"][data-node-id="cache-4"] [data-testid="node-toggle"]').click();
  await page.waitForTimeout(1300);
  assert.match(await byId(page, 'keys-moved').textContent(), /迁移了/);
  // 5,000 keys: the dots are a sample, and a density band shows where all of them fall.
  assert.equal(await byId(page, 'key-density').count(), 1);
  await shot(page, 'ring-zh');
  assertNoProblems();
});
