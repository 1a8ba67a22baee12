//! The card for panels that are not built yet: says what is coming, in both languages.
//!
//! A plain function rather than a component: it has no state, and a component's machinery costs the app
//! about 2 kB of WebAssembly.
use yew::prelude::*;

use crate::ui::i18n::Lang;
use crate::ui::route::Panel;

/// The card for `panel`, in `lang`.
pub fn coming_panel(panel: Panel, lang: Lang) -> Html {
    let texts = lang.texts();
    let what = match panel {
        Panel::Ring => texts.coming_ring,
        Panel::Failures => texts.coming_failures,
        Panel::Lock => texts.coming_lock,
        Panel::TwoPhaseCommit => texts.coming_2pc,
        Panel::Sandbox => texts.sandbox_intro,
    };
    html! {
        <section class="panel coming" data-testid={format!("panel-{}", panel.slug())}
                 aria-labelledby="coming-title">
            <div class="card">
                <p class="eyebrow">{ texts.coming_title }</p>
                <h1 id="coming-title">{ panel.title(texts) }</h1>
                <p class="lead">{ what }</p>
                <p>{ texts.coming_body }</p>
                <a class="button primary" href={format!("#/sandbox?lang={}", lang.code())}
                   data-testid="coming-try-sandbox">{ texts.coming_try_sandbox }</a>
            </div>
        </section>
    }
}
