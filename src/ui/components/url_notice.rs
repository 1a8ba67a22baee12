//! The notice that says which parts of a link were unusable and what was used instead.
use yew::prelude::*;

use crate::core::share::ShareError;
use crate::ui::i18n::Texts;
use crate::ui::problems::problem_text;

/// The notice for `problems` (nothing when there are none). A plain function: the app keeps which link's
/// notice was dismissed, so a new link shows its own.
pub fn url_notice(
    problems: &[ShareError],
    texts: &'static Texts,
    on_dismiss: Callback<MouseEvent>,
) -> Html {
    if problems.is_empty() {
        return html! {};
    }
    html! {
        <div class="notice warning" role="status" data-testid="url-error">
            <div>
                <strong>{ texts.url_problem_title }</strong>
                <ul>
                    { for problems.iter().map(|p| html! { <li>{ problem_text(p, texts) }</li> }) }
                </ul>
            </div>
            <button type="button" class="button ghost" onclick={on_dismiss}>{ texts.dismiss }</button>
        </div>
    }
}
