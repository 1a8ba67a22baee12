// Accessibility: axe-core's WCAG 2 A and AA rules over every panel, in both themes and both languages, at
// the start of a run and with a run played to its end (where the drawings are busiest). Any violation fails,
// with the rule, the elements and axe's advice.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { openBrowser, openRoute, byId } from './harness.mjs';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const PANELS = ['sandbox', 'ring', 'failures', 'lock', '2pc'];

let browser;
before(async () => { browser = await openBrowser(); });
after(async () => { await browser.close(); });

async function violations(page) {
  await page.addScriptTag({ path: AXE });
  const result = await page.evaluate(async () => {
    const { violations } = await window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    });
    return violations.map((v) => ({
      rule: v.id,
      help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => `${n.target.join(' ')}: ${n.failureSummary.split('\n').slice(1).join(' ')}`),
    }));
  });
  return result;
}

for (const theme of ['light', 'dark']) {
  for (const lang of ['en', 'zh-CN']) {
    test(`every panel passes axe's WCAG 2 AA rules (${theme}, ${lang})`, async () => {
      const { page } = browser;
      const found = [];
      for (const panel of PANELS) {
        await openRoute(page, `#/${panel}?lang=${lang}`);
        await page.evaluate((t) => {
          localStorage.setItem('distlab.theme', t);
        }, theme);
        await openRoute(page, `#/${panel}?lang=${lang}`);
        await byId(page, `panel-${panel}`).waitFor();
        for (const v of await violations(page)) found.push({ panel, moment: 'start', ...v });
        if (panel !== 'ring') {
          const max = await byId(page, 'timeline').getAttribute('max');
          await byId(page, 'timeline').fill(max);
          for (const v of await violations(page)) found.push({ panel, moment: 'end', ...v });
        }
      }
      assert.deepEqual(found, [], JSON.stringify(found, null, 2));
      assert.deepEqual(browser.problems.splice(0), []);
    });
  }
}
