// The measure of presenter mode: every piece of text a viewer can see, with the size it is drawn at on
// screen. HTML text counts its computed font size; SVG text its font size times the SVG's scale on screen
// (a 13-unit label in a diagram drawn at half size is 6.5 px tall), so shrinking a diagram cannot hide small
// type. Visible means: rendered (checkVisibility), with a box inside the viewport; form controls count too.
export function visibleTextSizes() {
  const vw = window.innerWidth;
  const vh = window.innerHeight;
  const inView = (r) => r.width > 0 && r.height > 0 && r.right > 0 && r.bottom > 0 && r.left < vw && r.top < vh;
  const out = [];
  const sizeOf = (el) => {
    const css = parseFloat(getComputedStyle(el).fontSize);
    if (el instanceof SVGElement) {
      const m = el.getScreenCTM();
      return m ? css * Math.sqrt(Math.abs(m.a * m.d - m.b * m.c)) : css;
    }
    return css;
  };
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.textContent.trim();
    if (!text) continue;
    const el = node.parentElement;
    if (!el || !el.checkVisibility({ opacityProperty: true, visibilityProperty: true })) continue;
    if (el.closest('option, script, style, title, noscript')) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    if (![...range.getClientRects()].some(inView)) continue;
    out.push({ text: text.slice(0, 40), size: sizeOf(el), where: el.closest('[data-testid]')?.dataset.testid ?? el.tagName });
  }
  for (const el of document.querySelectorAll('input:not([type=range]):not([type=checkbox]):not([type=file]), select, textarea')) {
    if (!el.checkVisibility({ opacityProperty: true, visibilityProperty: true })) continue;
    if (!inView(el.getBoundingClientRect())) continue;
    out.push({ text: `<${el.tagName.toLowerCase()}> ${el.value}`.slice(0, 40), size: sizeOf(el), where: el.dataset.testid ?? el.tagName });
  }
  return out;
}
