//! The card for panels that are not built yet: says what is coming, in both languages.
use yew::prelude::*;

use crate::ui::components::use_lang;
use crate::ui::route::Panel;

#[derive(Properties, PartialEq)]
pub struct ComingProps {
    pub panel: Panel,
}

#[component]
pub fn ComingPanel(props: &ComingProps) -> Html {
    let lang = use_lang();
    let texts = lang.texts();
    let what = match props.panel {
        Panel::Ring => texts.coming_ring,
        Panel::Failures => texts.coming_failures,
        Panel::Lock => texts.coming_lock,
        Panel::TwoPhaseCommit => texts.coming_2pc,
        Panel::Sandbox => texts.sandbox_intro,
    };
    html! {
        <section class="panel coming" data-testid={format!("panel-{}", props.panel.slug())}
                 aria-labelledby="coming-title">
            <div class="card">
                <p class="eyebrow">{ texts.coming_title }</p>
                <h1 id="coming-title">{ props.panel.title(texts) }</h1>
                <p class="lead">{ what }</p>
                <p>{ texts.coming_body }</p>
                <a class="button primary" href={format!("#/sandbox?lang={}", lang.code())}
                   data-testid="coming-try-sandbox">{ texts.coming_try_sandbox }</a>
            </div>
        </section>
    }
}
