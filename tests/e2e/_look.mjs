import { chromium } from 'playwright-core';
import { visibleTextSizes } from './presenter_measure.mjs';
const [,, base, prefix, w='1280', h='720', extra=''] = process.argv;
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox','--disable-gpu','--disable-background-networking'] });
const p = await b.newPage({ viewport: { width: +w, height: +h } });
p.on('pageerror', e => console.log('pageerror', e.message));
p.on('console', m => { if (m.type()==='error') console.log('console', m.text()); });
for (const lang of ['en', 'zh-CN']) for (const panel of ['sandbox','ring','failures','lock','2pc']) {
  await p.goto('about:blank');
  await p.goto(`${base}#/${panel}?lang=${lang}&present=1${extra}`); await p.waitForSelector('.app'); await p.waitForTimeout(700);
  if (process.env.UNFOLD) { await p.click('[data-testid=presenter-panels]'); await p.waitForTimeout(600); }
  if (process.env.PLAY) { await p.keyboard.press('Space'); await p.waitForTimeout(+process.env.PLAY); await p.keyboard.press('Space'); await p.waitForTimeout(400);}
  await p.mouse.move(640, 300);
  const sizes = await p.evaluate(visibleTextSizes);
  const small = sizes.filter(s => s.size < 18);
  console.log(panel, lang, 'texts', sizes.length, 'small', small.length, JSON.stringify(small.slice(0,8)));
  await p.screenshot({ path: `${prefix}-${panel}-${lang}-${w}x${h}.png` });
}
await b.close();
