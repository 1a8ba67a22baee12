//! Thin, failure-tolerant access to the browser: every function works (doing nothing) when a piece of the
//! browser is missing, e.g. localStorage disabled in a private window.

use std::cell::RefCell;

thread_local! {
    /// A hash [`replace_hash`] has yet to write into the address bar.
    static PENDING_HASH: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// The current `location.hash` (or the one about to be written), or empty.
pub fn current_hash() -> String {
    if let Some(pending) = PENDING_HASH.with(|p| p.borrow().clone()) {
        return pending;
    }
    web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default()
}

/// Replaces the hash without adding a history entry and without firing `hashchange`, so settings can follow
/// the user's edits into the URL without re-routing. The write waits for the current task to end: Chromium
/// spends up to 20 ms in `replaceState` for a long link (a ring of 100 nodes), time the click's answer would
/// otherwise wait for before its frame is painted; edits in one task write once.
pub fn replace_hash(hash: &str) {
    let already_pending = PENDING_HASH.with(|p| p.replace(Some(hash.to_string())).is_some());
    if already_pending {
        return;
    }
    gloo_timers::callback::Timeout::new(0, write_pending_hash).forget();
}

fn write_pending_hash() {
    let Some(hash) = PENDING_HASH.with(|p| p.borrow_mut().take()) else {
        return;
    };
    let Some(window) = web_sys::window() else {
        return;
    };
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&hash));
    }
}

/// Sets the hash as navigation (a history entry; `hashchange` fires).
pub fn navigate_hash(hash: &str) {
    // A replacement still waiting belongs to the page being left: it must not overwrite the navigation.
    PENDING_HASH.with(|p| p.borrow_mut().take());
    if let Some(window) = web_sys::window() {
        let _ = window.location().set_hash(hash);
    }
}

/// A value from localStorage.
pub fn stored(key: &str) -> Option<String> {
    web_sys::window()?
        .local_storage()
        .ok()??
        .get_item(key)
        .ok()?
}

/// Writes a value to localStorage, ignoring a storage that refuses.
pub fn store(key: &str, value: &str) {
    if let Some(Ok(Some(storage))) = web_sys::window().map(|w| w.local_storage()) {
        let _ = storage.set_item(key, value);
    }
}

/// The browser's preferred language (`navigator.language`).
pub fn browser_language() -> Option<String> {
    web_sys::window()?.navigator().language()
}

/// Whether a CSS media query matches, e.g. `(prefers-reduced-motion: reduce)`.
pub fn media_matches(query: &str) -> bool {
    web_sys::window()
        .and_then(|w| w.match_media(query).ok().flatten())
        .map(|m| m.matches())
        .unwrap_or(false)
}

/// Milliseconds from the page's time origin; the UI's only clock (the core never reads one).
pub fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map(|p| p.now())
        .unwrap_or(0.0)
}

/// Sets `<html lang>` and the theme attribute, so screen readers and CSS follow the choice.
pub fn set_document_attributes(lang: &str, theme: &str) {
    if let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = root.set_attribute("lang", lang);
        let _ = root.set_attribute("data-theme", theme);
    }
}

/// Sets the document title.
pub fn set_title(title: &str) {
    if let Some(document) = web_sys::window().and_then(|w| w.document()) {
        document.set_title(title);
    }
}

/// A fresh random seed from the browser's crypto source; only the UI draws seeds this way.
pub fn random_seed() -> u64 {
    let mut bytes = [0u8; 8];
    if getrandom::fill(&mut bytes).is_err() {
        return (now_ms() * 1000.0) as u64;
    }
    // Keep seeds short enough to read aloud in a classroom.
    u64::from_le_bytes(bytes) % 1_000_000
}

/// Runs `f` after the browser has painted its next frame: for work that a click's first visible answer
/// need not wait for.
pub fn after_next_paint(f: impl FnOnce() + 'static) {
    use wasm_bindgen::JsCast;
    let Some(window) = web_sys::window() else {
        return f();
    };
    // A frame callback runs just before that frame's paint; a task queued from it runs after.
    let before_paint = wasm_bindgen::closure::Closure::once_into_js(move || {
        gloo_timers::callback::Timeout::new(0, f).forget();
    });
    let _ = window.request_animation_frame(before_paint.unchecked_ref());
}
