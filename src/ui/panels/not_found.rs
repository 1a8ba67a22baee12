//! A friendly page for a path no panel has, with links to every real one.
//!
//! A plain function rather than a component: it has no state, and a component's machinery costs the app
//! about 2 kB of WebAssembly.
use yew::prelude::*;

use super::PANELS;
use crate::ui::i18n::{fill, Lang};

/// The page for `path`, in `lang`.
pub fn not_found(path: &str, lang: Lang) -> Html {
    let texts = lang.texts();
    html! {
        <section class="panel coming" data-testid="not-found" aria-labelledby="not-found-title">
            <div class="card">
                <h1 id="not-found-title">{ texts.not_found_title }</h1>
                // The path is user input: Yew renders it as text, never as markup.
                <p>{ fill(texts.not_found_body, &[("route", &path)]) }</p>
                <ul class="link-list">
                    { for PANELS.iter().map(|panel| html! {
                        <li><a href={format!("#/{}?lang={}", panel.slug, lang.code())}>
                            { panel.title(lang) }
                        </a></li>
                    }) }
                </ul>
            </div>
        </section>
    }
}
