import { openBrowser, openRoute, byId } from '/work/helper-tours/tests/e2e/harness.mjs';
const b = await openBrowser();
const { page } = b;
for (const lang of ['en', 'zh-CN']) {
  await openRoute(page, `#/2pc?lang=${lang}`);
  await page.waitForTimeout(400);
  await page.screenshot({ path: `/tmp/shots-tours/2pc-offer-${lang}.png` });
  await byId(page, 'tour-open').first().click();
  await byId(page, 'tour-next').click();
  await byId(page, 'tour-next').click();
  await page.waitForTimeout(300);
  await page.screenshot({ path: `/tmp/shots-tours/2pc-question-before-${lang}.png` });
  await byId(page, 'tour-option').nth(0).check();
  await byId(page, 'tour-option').nth(1).check();
  await byId(page, 'tour-reveal').click();
  await byId(page, 'tour-answer').waitFor({ timeout: 60000 });
  await page.screenshot({ path: `/tmp/shots-tours/2pc-question-after-${lang}.png` });
  console.log(await byId(page, 'tour-answer').getAttribute('data-answer'), await byId(page, 'tour-answer').getAttribute('data-correct'));
}
console.log(b.problems);
await b.close();
