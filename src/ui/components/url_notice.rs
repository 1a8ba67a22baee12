//! The notice that says which parts of a link were unusable and what was used instead.
use yew::prelude::*;

use super::use_lang;
use crate::core::share::ShareError;
use crate::ui::problems::problem_text;

#[derive(Properties, PartialEq)]
pub struct UrlNoticeProps {
    pub problems: Vec<ShareError>,
}

#[component]
pub fn UrlNotice(props: &UrlNoticeProps) -> Html {
    let texts = use_lang().texts();
    let dismissed = use_state(|| false);
    if props.problems.is_empty() || *dismissed {
        return html! {};
    }
    let on_dismiss = {
        let dismissed = dismissed.clone();
        Callback::from(move |_: MouseEvent| dismissed.set(true))
    };
    html! {
        <div class="notice warning" role="status" data-testid="url-error">
            <div>
                <strong>{ texts.url_problem_title }</strong>
                <ul>
                    { for props.problems.iter().map(|p| html! { <li>{ problem_text(p, texts) }</li> }) }
                </ul>
            </div>
            <button type="button" class="button ghost" onclick={on_dismiss}>{ texts.dismiss }</button>
        </div>
    }
}
