//! "Follow the cursor" (the F key): while on, the sequence diagram's scroll box keeps the lane of the
//! cursor's event in view, so a presenter stepping through a run of many nodes never has to scroll by hand.
use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::strings;
use crate::core::sim::{EventKind, Trace};
use crate::ui::i18n::Lang;

/// The node whose lane shows the event just before `cursor`, if the event belongs to one: a message's
/// sender when sent and its receiver when delivered, the first node a violation names.
pub fn event_node(trace: &Trace, cursor: u64) -> Option<u32> {
    let event = trace
        .events
        .get(usize::try_from(cursor.checked_sub(1)?).ok()?)?;
    let node = match &event.kind {
        EventKind::Start { node }
        | EventKind::Timer { node, .. }
        | EventKind::Crash { node }
        | EventKind::Recover { node }
        | EventKind::Pause { node, .. }
        | EventKind::Resume { node }
        | EventKind::State { node, .. }
        | EventKind::ClockJump { node, .. }
        | EventKind::Command { node, .. } => *node,
        EventKind::Send { from, .. } | EventKind::Drop { from, .. } => *from,
        EventKind::Deliver { to, .. } => *to,
        EventKind::Violation { nodes, .. } => *nodes.first()?,
        EventKind::Duplicate { .. }
        | EventKind::Delay { .. }
        | EventKind::Partition { .. }
        | EventKind::Heal
        | EventKind::NetworkChange { .. }
        | EventKind::ManualNetwork => return None,
    };
    Some(node.0)
}

/// While `follow`, scrolls the panel's sequence diagram box so that `node`'s lane is in view after every
/// move of the cursor (a lane already in view is left where it is, so the diagram does not jitter).
#[hook]
pub fn use_follow_cursor(follow: bool, slug: &'static str, cursor: u64, node: Option<u32>) {
    use_effect_with((follow, cursor, node), move |(follow, _, node)| {
        if let (true, Some(node)) = (*follow, *node) {
            scroll_lane_into_view(slug, node);
        }
    });
}

fn scroll_lane_into_view(slug: &str, node: u32) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let wrap = document
        .query_selector(&format!("[data-testid=\"panel-{slug}\"] .sequence-wrap"))
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    let Some(wrap) = wrap else {
        return;
    };
    let Ok(Some(lane)) = wrap.query_selector(&format!(
        "[data-testid=\"seq-lane\"][data-node-id=\"{node}\"]"
    )) else {
        return;
    };
    let box_rect = wrap.get_bounding_client_rect();
    let lane_rect = lane.get_bounding_client_rect();
    if lane_rect.top() >= box_rect.top() && lane_rect.bottom() <= box_rect.bottom() {
        return;
    }
    let centre_offset = (lane_rect.top() - box_rect.top()) as i32 - wrap.client_height() / 2;
    wrap.set_scroll_top(wrap.scroll_top() + centre_offset);
}

/// The sign over the sequence diagram while it follows the cursor.
pub fn follow_badge(follow: bool, lang: Lang) -> Html {
    if !follow {
        return Html::default();
    }
    html! {
        <span class="follow-badge" data-testid="follow-indicator" role="status">
            { strings::texts(lang).following }
        </span>
    }
}
