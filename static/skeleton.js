// The static first paint (src/ui/skeleton.rs explains it): fills the skeleton in index.html before the
// WebAssembly runs, choosing route, language and theme as the app will (src/ui/app.rs, route.rs, url.rs,
// i18n/mod.rs), with the words of static/skeleton-words.js. Trunk inlines both into the head; nothing is
// fetched.
(() => {
  const W = distlabSkeleton, d = document, $ = (id) => d.getElementById(id);
  const stored = (key) => { try { return localStorage.getItem(key); } catch (e) {} };
  // Lang::from_code: "en", "en-…" and "zh", "zh-…", in any case.
  const lang = (code) => /^\s*en(-|\s*$)/i.test(code) ? 'en' : /^\s*zh(-|\s*$)/i.test(code) ? 'zh-CN' : '';
  const fill = () => {
    const root = $('skeleton');
    if (!root) return;
    // HashUrl::parse: "#/path?query"; URLSearchParams decodes as url.rs does (bad escapes kept, + is a space).
    let [, path, query] = /^#?\/?([^?]*)\??(.*)/s.exec(location.hash);
    const link = new URLSearchParams(query);
    path = new URLSearchParams('p=' + path.replace(/\/+$/, '').replace(/&/g, '%26')).get('p');
    // The link's language, else the stored choice, else the browser's, else English.
    const code = lang(link.get('lang')) || lang(stored('distlab.lang')) || lang(navigator.language) || 'en';
    const words = W[code], theme = stored('distlab.theme');
    const dark = theme == 'dark' || (theme != 'light' && matchMedia('(prefers-color-scheme: dark)').matches);
    // The empty path is the first panel; an unknown one (or #/debug/panic) gets the neutral skeleton.
    const at = path ? W.panels.findIndex((panel) => panel[0] == path) : 0;
    const html = d.documentElement;
    html.lang = code;
    html.dataset.theme = dark ? 'dark' : 'light';
    d.title = words.name + ' — ' + words.tagline;
    root.className = link.get('embed') == '1' ? 'shell embed' : 'shell';
    root.dataset.layout = at < 0 ? 'none' : W.panels[at][1];
    const text = (id, value) => { $('sk-' + id).textContent = value; };
    text('name', words.name);
    text('tagline', words.tagline);
    text('theme', dark ? words.light : words.dark);
    text('lang', words.lang);
    $('sk-lang').lang = code == 'en' ? 'zh-CN' : 'en';
    text('footer', words.footer);
    const [title, intro] = words.heads[at] || [];
    text('title', title || '');
    text('intro', intro || '');
    const tabs = $('sk-tabs');
    tabs.ariaLabel = words.nav;
    tabs.replaceChildren(...W.panels.map(([slug], i) => {
      const tab = d.createElement('a');
      tab.className = i == at ? 'tab selected' : 'tab';
      tab.href = `#/${slug}?lang=${code}`;
      if (i == at) tab.ariaCurrent = 'page';
      tab.textContent = words.tabs[i];
      return tab;
    }));
  };
  // Run from the head, before the stylesheet (a script after it would wait for it, while the browser may
  // paint): fill the skeleton once the parser has inserted its last element. Mutation records are delivered
  // before the browser next renders, so no frame shows the skeleton unfilled.
  new MutationObserver((_, observer) => {
    if ($('sk-footer')) {
      observer.disconnect();
      fill();
    }
  }).observe(d, { childList: true, subtree: true });
  // A tab clicked before the app has started shows that panel's skeleton.
  addEventListener('hashchange', fill);
})();
