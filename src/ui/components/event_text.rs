//! Words for trace events, in the reader's language, so a student can follow a run step by step.
use crate::core::sim::{DropReason, EventKind, TraceEvent};
use crate::ui::i18n::{fill, Texts};

/// One sentence describing what happened at this event.
pub fn describe(event: &TraceEvent, texts: &Texts) -> String {
    match &event.kind {
        EventKind::Start { node } => fill(texts.ev_start, &[("node", node)]),
        EventKind::Send {
            from,
            to,
            kind,
            deliver_at_ms,
            ..
        } => fill(
            if deliver_at_ms.is_some() {
                texts.ev_send
            } else {
                texts.ev_send_lost
            },
            &[("from", from), ("to", to), ("kind", kind)],
        ),
        EventKind::Deliver { from, to, kind, .. } => fill(
            texts.ev_deliver,
            &[("from", from), ("to", to), ("kind", kind)],
        ),
        EventKind::Drop {
            from,
            to,
            kind,
            reason,
            ..
        } => fill(
            texts.ev_drop,
            &[
                ("from", from),
                ("to", to),
                ("kind", kind),
                ("reason", &reason_text(*reason, texts)),
            ],
        ),
        EventKind::Duplicate { msg, .. } => fill(texts.ev_duplicate, &[("msg", &msg.0)]),
        EventKind::Delay { msg, .. } => fill(texts.ev_delay, &[("msg", &msg.0)]),
        EventKind::Timer { node, name } => fill(texts.ev_timer, &[("node", node), ("name", name)]),
        EventKind::Crash { node } => fill(texts.ev_crash, &[("node", node)]),
        EventKind::Recover { node } => fill(texts.ev_recover, &[("node", node)]),
        EventKind::Pause { node, .. } => fill(texts.ev_pause, &[("node", node)]),
        EventKind::Resume { node } => fill(texts.ev_resume, &[("node", node)]),
        EventKind::Partition { .. } => texts.ev_partition.to_string(),
        EventKind::Heal => texts.ev_heal.to_string(),
        EventKind::NetworkChange { .. } => texts.ev_network.to_string(),
        EventKind::State { node, label, .. } => fill(
            texts.ev_state,
            &[("node", node), ("label", &state_label(label, texts))],
        ),
        EventKind::Violation { detail, .. } => fill(texts.ev_violation, &[("detail", detail)]),
    }
}

/// A protocol's state label in the reader's language; labels without a translation are shown as written.
pub fn state_label<'a>(label: &'a str, texts: &Texts) -> &'a str {
    match label {
        "idle" => texts.label_idle,
        "waiting" => texts.label_waiting,
        other => other,
    }
}

/// Why a message was dropped.
pub fn reason_text(reason: DropReason, texts: &Texts) -> String {
    match reason {
        DropReason::Loss => texts.reason_loss,
        DropReason::Partition => texts.reason_partition,
        DropReason::NodeDown => texts.reason_node_down,
        DropReason::Action => texts.reason_action,
    }
    .to_string()
}

/// Whether an event is an injected fault worth a timeline mark. Random loss and duplication are left out:
/// at a few percent they would cover the timeline in marks.
pub fn is_fault(kind: &EventKind) -> bool {
    matches!(
        kind,
        EventKind::Crash { .. }
            | EventKind::Recover { .. }
            | EventKind::Pause { .. }
            | EventKind::Partition { .. }
            | EventKind::Heal
            | EventKind::Drop {
                reason: DropReason::Action,
                ..
            }
    )
}
