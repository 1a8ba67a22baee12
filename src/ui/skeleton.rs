//! The static first paint. Before the WebAssembly has arrived, compiled and drawn its first frame, a cold
//! visit would see a blank page; so `index.html` carries a skeleton of the app's first frame (header, tabs,
//! the panel's title and introduction, the outline of its stage, side column and transport bar), filled by a
//! small inline script (`static/skeleton.js`) in the language and theme the app will choose. The app mounts
//! just before it, into `#app`; the stylesheet hides the skeleton as soon as `#app` has content
//! (`#app:not(:empty) + .shell`), because Yew may yield to the browser between drawing its first frame and
//! running effects, and the app's first effect then removes it. So the two are never on screen together, and
//! the skeleton uses the app's own classes so nothing moves when one replaces the other.
//!
//! The skeleton's words are the app's own: `static/skeleton-words.js` is generated from the string tables
//! by [`words_js`], and a test fails when the committed file is stale (regenerate with
//! `DISTLAB_WRITE_SKELETON=1 cargo test -p distlab skeleton`).

/// The skeleton's element in `index.html`.
pub const SKELETON_ID: &str = "skeleton";
/// The element the app mounts into, next to the skeleton.
pub const ROOT_ID: &str = "app";

/// Takes the (by then hidden) skeleton out of the page, once the app's first frame is in the DOM.
pub fn remove() {
    if let Some(element) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(SKELETON_ID))
    {
        element.remove();
    }
}

/// The contents of `static/skeleton-words.js`: per language, the words the skeleton shows, taken from the
/// same tables the app draws with, and the panels in tab order with the layout their skeleton sketches.
#[cfg(not(target_arch = "wasm32"))]
pub fn words_js() -> String {
    use super::i18n::Lang;
    use super::panels::{PanelKind, PANELS};

    // JSON strings, with `<` escaped so that no text can close the inline `<script>` it lands in.
    let quote = |text: &str| serde_json::to_string(text).unwrap().replace('<', "\\u003c");
    let list = |items: Vec<String>| format!("[{}]", items.join(","));
    let panels = list(
        PANELS
            .iter()
            .map(|panel| {
                let layout = match panel.kind {
                    PanelKind::Simulated(_) => "sim",
                    PanelKind::Ring => "ring",
                };
                list(vec![quote(panel.slug), quote(layout)])
            })
            .collect(),
    );
    let mut out = String::from(
        "// Generated from the app's string tables by src/ui/skeleton.rs: do not edit. Regenerate with\n\
         // DISTLAB_WRITE_SKELETON=1 cargo test -p distlab skeleton\n",
    );
    out.push_str(&format!("var distlabSkeleton = {{\n\"panels\": {panels}"));
    for lang in [Lang::En, Lang::ZhCn] {
        let texts = lang.texts();
        let fields = [
            ("name", quote(texts.app_title)),
            ("tagline", quote(texts.app_tagline)),
            ("nav", quote(texts.nav_label)),
            ("dark", quote(texts.theme_dark)),
            ("light", quote(texts.theme_light)),
            ("lang", quote(texts.lang_toggle_text)),
            ("footer", quote(texts.footer_note)),
            (
                "tabs",
                list(PANELS.iter().map(|p| quote(p.title(lang))).collect()),
            ),
            (
                "heads",
                list(
                    PANELS
                        .iter()
                        .map(|p| {
                            let (title, intro) = p.heading(lang);
                            list(vec![quote(title), quote(intro)])
                        })
                        .collect(),
                ),
            ),
        ];
        let body: Vec<String> = fields
            .iter()
            .map(|(key, value)| format!("  \"{key}\": {value}"))
            .collect();
        out.push_str(&format!(
            ",\n\"{}\": {{\n{}\n}}",
            lang.code(),
            body.join(",\n")
        ));
    }
    out.push_str("\n};\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    /// The committed file is what the tables give today: a changed title, intro or tab name must reach the
    /// skeleton too, or a cold visit would show words the app then replaces.
    #[test]
    fn skeleton_words_are_current() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("static/skeleton-words.js");
        let fresh = words_js();
        if std::env::var_os("DISTLAB_WRITE_SKELETON").is_some() {
            std::fs::write(&path, &fresh).expect("write static/skeleton-words.js");
            return;
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == fresh,
            "static/skeleton-words.js is stale (the app's words changed): regenerate it with\n  \
             DISTLAB_WRITE_SKELETON=1 cargo test -p distlab skeleton\nand commit it"
        );
    }

    #[test]
    fn skeleton_words_cannot_close_their_script() {
        let words = words_js();
        assert!(!words.contains("</"), "a `</` would end the inline script");
        assert!(words.contains("\"zh-CN\"") && words.contains("\"en\""));
    }
}
