//! A panic must never leave a frozen page: the hook draws a banner straight into the DOM (Yew is gone by then,
//! and with `panic = "abort"` the wasm instance is dead), with a reset that reloads with default settings.
use std::cell::Cell;

use super::i18n::Lang;

thread_local! {
    static BANNER_LANG: Cell<Lang> = const { Cell::new(Lang::En) };
}

/// Remembers the language the banner should speak.
pub fn set_banner_lang(lang: Lang) {
    BANNER_LANG.with(|cell| cell.set(lang));
}

/// Installs the hook. Call before rendering (Yew keeps a hook installed through `set_custom_panic_hook`).
pub fn install() {
    yew::set_custom_panic_hook(Box::new(|info| {
        let message = info.to_string();
        web_sys::console::error_1(&message.clone().into());
        show_banner(&message);
    }));
}

fn show_banner(detail: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Some(body) = document.body() else {
        return;
    };
    if document
        .query_selector("[data-testid=error-banner]")
        .ok()
        .flatten()
        .is_some()
    {
        return;
    }
    let lang = BANNER_LANG.with(Cell::get);
    let texts = lang.texts();
    let Ok(banner) = document.create_element("div") else {
        return;
    };
    let _ = banner.set_attribute("data-testid", "error-banner");
    let _ = banner.set_attribute("role", "alert");
    let _ = banner.set_attribute("class", "error-banner");
    // Text nodes only: the panic message may contain user input and must never be parsed as markup.
    let add = |tag: &str, class: &str, text: &str| {
        if let Ok(el) = document.create_element(tag) {
            let _ = el.set_attribute("class", class);
            el.set_text_content(Some(text));
            let _ = banner.append_child(&el);
        }
    };
    add("strong", "error-title", texts.error_title);
    add("p", "error-body", texts.error_body);
    add("code", "error-detail", detail);
    if let Ok(button) = document.create_element("button") {
        let _ = button.set_attribute("data-testid", "error-reset");
        let _ = button.set_attribute("class", "button primary");
        let _ = button.set_attribute("type", "button");
        // The wasm instance is dead, so the reset is a tiny inline handler: default route, then reload.
        let _ = button.set_attribute(
            "onclick",
            &format!(
                "location.hash='#/sandbox?lang={}';location.reload();",
                lang.code()
            ),
        );
        button.set_text_content(Some(texts.error_reset));
        let _ = banner.append_child(&button);
    }
    let _ = body.prepend_with_node_1(&banner);
}
