// <distlab-view panel="lock" preset="gc-pause" lang="zh-CN"></distlab-view>: one distlab view in another page.
// Load this file from the distlab you embed (<script src="https://host/distlab/distlab-view.js" defer>): the
// iframe opens the app beside it, or at the `src` attribute. Every attribute that is not the element's own
// (panel, src, and HTML's id, class, style, title, data-*, aria-*) becomes a link parameter: preset, seed,
// lang, and tour and step where the app has them. The frame reports its content height, which the element
// follows, and its state; the element re-dispatches each message of the format as a `distlab-message` event
// and drives the view with play(), pause(), seek(index) and setPreset(code). The format is in
// ARCHITECTURE.md ("Embeds that talk") and on the app's #/embed page.
(() => {
  const script = document.currentScript;
  const BASE = new URL('.', script ? script.src : location.href).href;
  const OWN = /^(panel|src|id|class|style|title|hidden|slot|tabindex|data-.*|aria-.*)$/;
  const HEIGHT_MIN = 120, HEIGHT_MAX = 4000;

  class DistlabView extends HTMLElement {
    connectedCallback() {
      if (this.frame) return;
      const url = new URL(this.getAttribute('src') || BASE, location.href);
      const params = new URLSearchParams({ embed: '1' });
      for (const { name, value } of this.attributes) if (!OWN.test(name)) params.set(name, value);
      const panel = this.getAttribute('panel') || 'sandbox';
      url.hash = `/${encodeURIComponent(panel)}?${params}`;
      this.origin = url.origin;
      const frame = (this.frame = document.createElement('iframe'));
      frame.src = url.href;
      frame.title = this.getAttribute('title') || `distlab: ${panel}`;
      frame.loading = 'lazy';
      frame.style.cssText = 'display:block;width:100%;height:640px;border:0';
      // Only the frame's own window, from the origin it was loaded from, in the format's shape.
      this.listener = (event) => {
        const data = event.data;
        if (event.source !== frame.contentWindow || event.origin !== this.origin) return;
        if (!data || typeof data !== 'object' || data.distlab !== 1 || typeof data.type !== 'string') return;
        if (data.type === 'height' && Number.isFinite(data.height)) {
          frame.style.height = `${Math.min(Math.max(Math.ceil(data.height), HEIGHT_MIN), HEIGHT_MAX)}px`;
        }
        this.dispatchEvent(new CustomEvent('distlab-message', { detail: data }));
      };
      addEventListener('message', this.listener);
      if (!this.style.display) this.style.display = 'block';
      this.append(frame);
    }

    disconnectedCallback() {
      removeEventListener('message', this.listener);
      this.frame?.remove();
      this.frame = null;
    }

    post(message) {
      this.frame?.contentWindow?.postMessage({ ...message, distlab: 1 }, this.origin);
    }
    play() { this.post({ type: 'play' }); }
    pause() { this.post({ type: 'pause' }); }
    seek(index) { this.post({ type: 'seek', index }); }
    setPreset(preset) { this.post({ type: 'preset', preset }); }
  }

  if (!customElements.get('distlab-view')) customElements.define('distlab-view', DistlabView);
})();
