//! A friendly page for a path no panel has, with links to every real one.
use yew::prelude::*;

use crate::ui::components::use_lang;
use crate::ui::i18n::fill;
use crate::ui::route::Panel;

#[derive(Properties, PartialEq)]
pub struct NotFoundProps {
    pub path: String,
}

#[component]
pub fn NotFound(props: &NotFoundProps) -> Html {
    let lang = use_lang();
    let texts = lang.texts();
    html! {
        <section class="panel coming" data-testid="not-found" aria-labelledby="not-found-title">
            <div class="card">
                <h1 id="not-found-title">{ texts.not_found_title }</h1>
                // The path is user input: Yew renders it as text, never as markup.
                <p>{ fill(texts.not_found_body, &[("route", &props.path)]) }</p>
                <ul class="link-list">
                    { for Panel::ALL.iter().map(|panel| html! {
                        <li><a href={format!("#/{}?lang={}", panel.slug(), lang.code())}>
                            { panel.title(texts) }
                        </a></li>
                    }) }
                </ul>
            </div>
        </section>
    }
}
