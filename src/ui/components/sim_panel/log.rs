//! The event log: the last few events up to the cursor, newest first, in the reader's words.
use yew::prelude::*;

use crate::core::sim::{EventKind, Trace};
use crate::ui::components::event_text::describe;
use crate::ui::i18n::Texts;
use crate::ui::vocabulary::Vocabulary;

/// How far back the log looks for events it lists, in events per line shown: a filtered log still finds its
/// lines without scanning the whole trace.
const LOOK_BACK_PER_LINE: usize = 4;

/// Up to `length` events before `cursor` that `keep` lists, newest first.
pub fn event_log(
    trace: &Trace,
    cursor: u64,
    length: usize,
    texts: &Texts,
    vocabulary: &Vocabulary,
    names: &[String],
    keep: impl Fn(&EventKind) -> bool,
) -> Html {
    let start = (cursor as usize).saturating_sub(length * LOOK_BACK_PER_LINE);
    let lines: Vec<Html> = trace.events[start..cursor as usize]
        .iter()
        .enumerate()
        .rev()
        .filter(|(_, event)| keep(&event.kind))
        .take(length)
        .map(|(offset, event)| {
            let is_violation = matches!(event.kind, EventKind::Violation { .. });
            html! {
                <li class={crate::class_list!(is_violation.then_some("violation"))}>
                    <span class="log-time">{ format!("{} ms", event.time_ms) }</span>
                    <span class="log-index">{ format!("#{}", start + offset + 1) }</span>
                    <span>{ describe(event, texts, vocabulary, names) }</span>
                </li>
            }
        })
        .collect();
    if lines.is_empty() {
        return html! { <p class="muted">{ texts.no_event_yet }</p> };
    }
    html! { <ol class="event-log" data-testid="event-log">{ for lines }</ol> }
}
