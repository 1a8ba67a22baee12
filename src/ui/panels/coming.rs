//! The card for panels that are not built yet: says what is coming, in both languages.
//!
//! A plain function rather than a component: it has no state, and a component's machinery costs the app
//! about 2 kB of WebAssembly.
use yew::prelude::*;

use super::PanelEntry;
use crate::ui::i18n::Lang;

/// The card for `panel`, saying `what` it will show, in `lang`.
pub fn coming_panel(panel: &'static PanelEntry, what: &'static str, lang: Lang) -> Html {
    let texts = lang.texts();
    html! {
        <section class="panel coming" data-testid={format!("panel-{}", panel.slug)}
                 aria-labelledby="coming-title">
            <div class="card">
                <p class="eyebrow">{ texts.coming_title }</p>
                <h1 id="coming-title">{ panel.title(lang) }</h1>
                <p class="lead">{ what }</p>
                <p>{ texts.coming_body }</p>
                <a class="button primary" href={format!("#/sandbox?lang={}", lang.code())}
                   data-testid="coming-try-sandbox">{ texts.coming_try_sandbox }</a>
            </div>
        </section>
    }
}
