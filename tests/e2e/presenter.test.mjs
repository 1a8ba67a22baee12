// Presenter mode (issue 13 §3): the toggle and its link, the 18 px measure on every panel in both languages,
// the folded controls, keyboard driving, the laser pointer and pausing when the window loses focus.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { openBrowser, openRoute, byId, shot, expectNoProblems } from './harness.mjs';
import { visibleTextSizes } from './presenter_measure.mjs';

const PANELS = ['sandbox', 'ring', 'failures', 'lock', '2pc'];
const MIN_PX = 18;
/** src/ui/presenter measures each SVG's scale every 250 ms; a little more lets a fresh layout settle. */
const SETTLE_MS = 600;

let browser;
before(async () => {
  browser = await openBrowser();
});
after(async () => {
  await browser.close();
});

async function cursorIndex(page) {
  const text = await byId(page, 'cursor-text').textContent();
  return Number(text.match(/(\d+)/)[1]);
}

const presenting = (page) =>
  page.evaluate(() => document.documentElement.hasAttribute('data-present') && !!document.querySelector('.app.presenter'));

async function smallTexts(page) {
  await page.waitForTimeout(SETTLE_MS);
  const sizes = await page.evaluate(visibleTextSizes);
  assert.ok(sizes.length > 15, `the walk found the page's text (${sizes.length} pieces)`);
  return sizes.filter((s) => s.size < MIN_PX).map((s) => `${s.where}: "${s.text}" ${s.size.toFixed(2)} px`);
}

test('the header toggle turns presenter mode on and off, and the link carries it', async () => {
  const { page } = browser;
  await openRoute(page, '#/sandbox?lang=en&seed=5');
  assert.equal(await presenting(page), false);
  // Without presenter mode the page does have small type: the walk below would catch it.
  await page.waitForTimeout(SETTLE_MS);
  const normal = await page.evaluate(visibleTextSizes);
  assert.ok(normal.some((s) => s.size < MIN_PX), 'the normal layout has text under 18 px (the measure can fail)');

  await byId(page, 'presenter-toggle').click();
  assert.equal(await presenting(page), true);
  assert.equal(await byId(page, 'presenter-toggle').getAttribute('aria-pressed'), 'true');
  await page.waitForFunction(() => location.hash.includes('present=1'));
  assert.match(await page.evaluate(() => location.hash), /seed=5/, 'the run stays in the link');
  // Tabs keep presenter mode.
  assert.match(await byId(page, 'nav-failures').getAttribute('href'), /present=1/);
  await byId(page, 'nav-failures').click();
  await byId(page, 'panel-failures').waitFor();
  assert.equal(await presenting(page), true);

  // The link alone opens presenter mode: a shared or reloaded link shows the projected page.
  const link = await page.evaluate(() => location.href);
  await page.goto('about:blank');
  await page.goto(link);
  await byId(page, 'panel-failures').waitFor();
  assert.equal(await presenting(page), true);

  await byId(page, 'presenter-toggle').click();
  assert.equal(await presenting(page), false);
  await page.waitForFunction(() => !location.hash.includes('present='));

  // A value that is not 0 or 1 is named in the link notice and ignored.
  await openRoute(page, '#/lock?lang=en&present=yes');
  await byId(page, 'url-error').waitFor();
  assert.match(await byId(page, 'url-error').textContent(), /present/);
  assert.equal(await presenting(page), false);
  expectNoProblems(browser);
});

for (const lang of ['en', 'zh-CN']) {
  test(`presenter mode (${lang}): no visible text under 18 px on any panel, folded and unfolded`, async () => {
    const { page } = browser;
    for (const panel of PANELS) {
      await openRoute(page, `#/${panel}?lang=${lang}&present=1`);
      await byId(page, `panel-${panel}`).waitFor();
      // A run in progress shows messages, captions and figures that the first frame does not.
      if (panel !== 'ring') {
        for (let i = 0; i < 30; i++) await page.keyboard.press('ArrowRight');
      }
      assert.deepEqual(await smallTexts(page), [], `${panel} (${lang}) folded`);
      await shot(page, `presenter-${panel}-${lang}-1280x720`);
      await byId(page, 'presenter-panels').click();
      assert.deepEqual(await smallTexts(page), [], `${panel} (${lang}) unfolded`);
      await shot(page, `presenter-${panel}-${lang}-1280x720-unfolded`);
    }
    expectNoProblems(browser);
  });
}

test('the side cards, toolbar and second transport row fold away and come back with one click', async () => {
  const { page } = browser;
  await openRoute(page, '#/lock?lang=en&present=1');
  await byId(page, 'panel-lock').waitFor();
  const shown = async () => ({
    side: await page.locator('[data-testid=panel-lock] aside.side').isVisible(),
    toolbar: await byId(page, 'preset').isVisible(),
    seed: await byId(page, 'seed').isVisible(),
    invariant: await byId(page, 'invariant').isVisible(),
  });
  assert.deepEqual(await shown(), { side: false, toolbar: false, seed: false, invariant: false });
  // The drawings and the transport bar's first row stay.
  for (const id of ['lock-diagram', 'sequence-diagram', 'play', 'step-forward', 'timeline']) {
    assert.ok(await byId(page, id).isVisible(), `${id} shows while folded`);
  }
  assert.equal(await byId(page, 'presenter-panels').getAttribute('aria-expanded'), 'false');
  await byId(page, 'presenter-panels').click();
  assert.deepEqual(await shown(), { side: true, toolbar: true, seed: true, invariant: true });
  assert.equal(await byId(page, 'presenter-panels').getAttribute('aria-expanded'), 'true');
  await byId(page, 'presenter-panels').click();
  assert.deepEqual(await shown(), { side: false, toolbar: false, seed: false, invariant: false });
  // The ring panel folds its side column too.
  await openRoute(page, '#/ring?lang=en&present=1');
  assert.equal(await byId(page, 'algorithm').isVisible(), false);
  await byId(page, 'presenter-panels').click();
  assert.equal(await byId(page, 'algorithm').isVisible(), true);
  expectNoProblems(browser);
});

test('the keyboard drives the run: space, arrows, and F follows the cursor in the sequence diagram', async () => {
  const { page } = browser;
  await openRoute(page, '#/sandbox?lang=en&seed=3&nodes=8&present=1');
  await byId(page, 'panel-sandbox').waitFor();
  await page.keyboard.press('Space');
  await byId(page, 'pause').waitFor();
  await page.waitForTimeout(300);
  await page.keyboard.press('Space');
  await byId(page, 'play').waitFor();
  const played = await cursorIndex(page);
  assert.ok(played > 0, 'space played the run');
  await page.keyboard.press('ArrowRight');
  assert.equal(await cursorIndex(page), played + 1);
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  assert.equal(await cursorIndex(page), played - 1);

  // Back to the start: the first events start each node in turn (a start, then its state), so event 15 is
  // n7's start, on the bottom lane.
  await openRoute(page, '#/sandbox?lang=en&seed=3&nodes=8&present=1');
  await byId(page, 'panel-sandbox').waitFor();
  const laneInView = (node) =>
    page.evaluate((node) => {
      const wrap = document.querySelector('.sequence-wrap');
      const lane = wrap.querySelector(`[data-testid=seq-lane][data-node-id="${node}"]`).getBoundingClientRect();
      const box = wrap.getBoundingClientRect();
      return lane.top >= box.top && lane.bottom <= box.bottom;
    }, node);
  const press = async (key, times) => {
    for (let i = 0; i < times; i++) await page.keyboard.press(key);
  };
  await press('ArrowRight', 15);
  assert.equal(await cursorIndex(page), 15);
  assert.equal(await laneInView(7), false, 'without following, the last lane is below the box');
  assert.equal(await byId(page, 'follow-indicator').count(), 0);
  await page.keyboard.press('f');
  await byId(page, 'follow-indicator').waitFor();
  await press('ArrowLeft', 1);
  await press('ArrowRight', 1);
  assert.equal(await laneInView(7), true, 'following, the lane of the event at the cursor scrolled into view');
  assert.equal(await laneInView(0), false);
  await press('ArrowLeft', 14);
  assert.equal(await cursorIndex(page), 1);
  assert.equal(await laneInView(0), true, "stepping back to n0's start brings its lane back");
  await press('ArrowRight', 14);
  await shot(page, 'presenter-follow-en-1280x720');
  await page.keyboard.press('F');
  assert.equal(await byId(page, 'follow-indicator').count(), 0, 'F again stops following');
  // The shortcuts overlay lists F.
  await page.keyboard.press('?');
  assert.match(await byId(page, 'help-overlay').textContent(), /follow the cursor/);
  await page.keyboard.press('Escape');
  expectNoProblems(browser);
});

test('playback pauses when the window loses focus in presenter mode, and only there', async () => {
  const { page } = browser;
  const blurWhilePlaying = async () => {
    await page.keyboard.press('Space');
    await byId(page, 'pause').waitFor();
    await page.evaluate(() => window.dispatchEvent(new Event('blur')));
    await page.waitForTimeout(200);
    return byId(page, 'play').isVisible();
  };
  await openRoute(page, '#/failures?lang=en&present=1');
  await byId(page, 'panel-failures').waitFor();
  assert.equal(await blurWhilePlaying(), true, 'presenter: blur paused the run');
  const paused = await cursorIndex(page);
  await page.waitForTimeout(300);
  assert.equal(await cursorIndex(page), paused, 'and it stays paused');
  await openRoute(page, '#/failures?lang=en');
  await byId(page, 'panel-failures').waitFor();
  assert.equal(await blurWhilePlaying(), false, 'not presenting: a blur leaves the run playing');
  expectNoProblems(browser);
});

test('the laser pointer follows the mouse, never takes a click, and hides when the mouse leaves', async () => {
  const { page } = browser;
  await openRoute(page, '#/sandbox?lang=en&present=1');
  await byId(page, 'panel-sandbox').waitFor();
  const laser = byId(page, 'laser');
  assert.equal(await laser.isVisible(), false, 'hidden until the mouse moves');
  await page.mouse.move(400, 300);
  assert.equal(await laser.isVisible(), true);
  const box = await laser.boundingBox();
  assert.ok(Math.abs(box.x + box.width / 2 - 400) < 2 && Math.abs(box.y + box.height / 2 - 300) < 2, 'centred on the mouse');
  assert.equal(await laser.evaluate((el) => getComputedStyle(el).pointerEvents), 'none');
  // A click through the glow lands on what is under it.
  const play = await byId(page, 'play').boundingBox();
  await page.mouse.move(play.x + play.width / 2, play.y + play.height / 2);
  await page.mouse.click(play.x + play.width / 2, play.y + play.height / 2);
  await byId(page, 'pause').waitFor();
  await byId(page, 'pause').click();
  await page.evaluate(() => document.documentElement.dispatchEvent(new MouseEvent('mouseleave')));
  assert.equal(await laser.isVisible(), false, 'hidden when the mouse leaves the page');
  await page.mouse.move(500, 300);
  assert.equal(await laser.isVisible(), true);
  await page.emulateMedia({ reducedMotion: 'reduce' });
  assert.equal(await laser.isVisible(), false, 'hidden with reduced motion');
  await page.emulateMedia({ reducedMotion: null });
  // Out of presenter mode there is no laser.
  await byId(page, 'presenter-toggle').click();
  assert.equal(await laser.count(), 0);
  expectNoProblems(browser);
});
