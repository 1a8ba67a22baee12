//! Words for trace events, in the reader's language, so a student can follow a run step by step. Message
//! kinds, states and commands are named through the protocol's vocabulary; nodes by their names.
use crate::core::sim::{CommandRecord, DropReason, EventKind, NodeId, TraceEvent};
use crate::ui::i18n::{fill, Texts};
use crate::ui::vocabulary::Vocabulary;

/// A node's name from the panel's list (its id if the list is short).
pub fn node_name(names: &[String], node: NodeId) -> String {
    names
        .get(node.0 as usize)
        .cloned()
        .unwrap_or_else(|| node.to_string())
}

/// A command in words: its label, and its argument if it has one.
pub fn command_text(command: &CommandRecord, vocabulary: &Vocabulary) -> String {
    let label = vocabulary.label(&command.code);
    match command.arg {
        None => label.to_string(),
        Some(arg) => format!("{label} ({arg})"),
    }
}

/// One sentence describing what happened at this event.
pub fn describe(
    event: &TraceEvent,
    texts: &Texts,
    vocabulary: &Vocabulary,
    names: &[String],
) -> String {
    let name = |node: &NodeId| node_name(names, *node);
    match &event.kind {
        EventKind::Start { node } => fill(texts.ev_start, &[("node", &name(node))]),
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
            &[
                ("from", &name(from)),
                ("to", &name(to)),
                ("kind", &vocabulary.label(kind)),
            ],
        ),
        EventKind::Deliver { from, to, kind, .. } => fill(
            texts.ev_deliver,
            &[
                ("from", &name(from)),
                ("to", &name(to)),
                ("kind", &vocabulary.label(kind)),
            ],
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
                ("from", &name(from)),
                ("to", &name(to)),
                ("kind", &vocabulary.label(kind)),
                ("reason", &reason_text(*reason, texts)),
            ],
        ),
        EventKind::Duplicate { msg, .. } => fill(texts.ev_duplicate, &[("msg", &msg.0)]),
        EventKind::Delay { msg, .. } => fill(texts.ev_delay, &[("msg", &msg.0)]),
        EventKind::Timer { node, name: timer } => {
            fill(texts.ev_timer, &[("node", &name(node)), ("name", timer)])
        }
        EventKind::Crash { node } => fill(texts.ev_crash, &[("node", &name(node))]),
        EventKind::Recover { node } => fill(texts.ev_recover, &[("node", &name(node))]),
        EventKind::Pause { node, .. } => fill(texts.ev_pause, &[("node", &name(node))]),
        EventKind::Resume { node } => fill(texts.ev_resume, &[("node", &name(node))]),
        EventKind::Partition { .. } => texts.ev_partition.to_string(),
        EventKind::Heal => texts.ev_heal.to_string(),
        EventKind::NetworkChange { .. } => texts.ev_network.to_string(),
        EventKind::ManualNetwork => texts.ev_manual_network.to_string(),
        EventKind::ClockJump { node, jump_ms } => fill(
            texts.ev_clock_jump,
            &[("node", &name(node)), ("ms", jump_ms)],
        ),
        EventKind::Command {
            node,
            command,
            delivered,
        } => fill(
            if *delivered {
                texts.ev_command
            } else {
                texts.ev_command_refused
            },
            &[
                ("node", &name(node)),
                ("command", &command_text(command, vocabulary)),
            ],
        ),
        EventKind::State { node, state, .. } => fill(
            texts.ev_state,
            &[("node", &name(node)), ("label", &vocabulary.label(state))],
        ),
        EventKind::Violation {
            invariant, detail, ..
        } => fill(
            texts.ev_violation,
            &[(
                "detail",
                &format!("{} — {detail}", vocabulary.label(invariant)),
            )],
        ),
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

/// Whether an event is an injected fault or command worth a timeline mark. Random loss and duplication are
/// left out: at a few percent they would cover the timeline in marks.
pub fn is_fault(kind: &EventKind) -> bool {
    matches!(
        kind,
        EventKind::Crash { .. }
            | EventKind::Recover { .. }
            | EventKind::Pause { .. }
            | EventKind::Partition { .. }
            | EventKind::Heal
            | EventKind::ClockJump { .. }
            | EventKind::Command { .. }
            | EventKind::Drop {
                reason: DropReason::Action,
                ..
            }
    )
}
