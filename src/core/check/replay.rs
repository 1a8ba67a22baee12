//! A checker's path as an ordinary run: actions for the simulator's manual network.
use super::model::{CheckModel, Checkable, NetworkKind};
use super::step::{CheckStep, StepOf};
use crate::sim::{Action, Command, MsgId, NetworkConfig, NodeId, ScheduledAction, Sim, TimeMs};

/// The actions that replay `path` in the simulator: an [`Action::ManualNetwork`] at 0 ms, then step `k`
/// (counting from 1) at `k * step_ms`: a `Deliver` of the matching message, a `FireTimer` of the matching
/// timer, or the fault itself. Scheduled on a fresh run of the model's nodes (any seed: a manual network
/// draws no latency, loss or duplication), they make the same handlers run in the same order, so the run
/// ends in the state the path reaches, and in its violation when the run checks the same properties.
///
/// Message ids are found by running the path in the simulator as the actions are made, so they are the ids
/// the simulator gives. On a [`NetworkKind::SentSet`] network a message stays deliverable: when the path
/// delivers a message again later, its last copy is first duplicated, and a drop drops every copy.
///
/// The checker's handlers see a clock at 0 and random draws of 0; the simulator's see real ones. Protocols
/// that use them only for timer delays (ping-pong's first tick) replay exactly, since a manual network
/// ignores delays; a protocol whose decisions depend on the clock or on randomness may not. A step the
/// simulator cannot take is left out.
pub fn replay_actions<P: Checkable>(
    model: &CheckModel<P>,
    path: &[StepOf<P>],
    step_ms: TimeMs,
) -> Vec<ScheduledAction> {
    let mut sim = Sim::new(model.nodes.clone(), NetworkConfig::default(), 0);
    let mut actions = Vec::new();
    let mut take = |sim: &mut Sim<P>, at_ms: TimeMs, action: Action| {
        let scheduled = ScheduledAction { at_ms, action };
        actions.push(scheduled.clone());
        sim.schedule(scheduled);
        sim.run_until(at_ms);
    };
    take(&mut sim, 0, Action::ManualNetwork);
    let set = model.network == NetworkKind::SentSet;
    for (k, step) in path.iter().enumerate() {
        let at_ms = (k as u64 + 1).saturating_mul(step_ms);
        match step {
            CheckStep::Deliver { from, to, msg } => {
                let copies = copies_of(&sim, *from, *to, msg);
                let Some(&first) = copies.first() else {
                    continue;
                };
                let again = path[k + 1..].iter().any(
                    |later| matches!(later, CheckStep::Deliver { from: f, to: t, msg: m } if (f, t, m) == (from, to, msg)),
                );
                if set && again && copies.len() == 1 {
                    take(&mut sim, at_ms, Action::DuplicateMessage { msg: first });
                    let copy = *copies_of(&sim, *from, *to, msg).last().unwrap_or(&first);
                    take(&mut sim, at_ms, Action::Deliver { msg: copy });
                } else {
                    take(&mut sim, at_ms, Action::Deliver { msg: first });
                }
            }
            CheckStep::FireTimer { node, timer } => {
                let index = sim.timers(*node).iter().position(|t| *t == timer);
                if let Some(index) = index {
                    let timer = index as u32;
                    take(&mut sim, at_ms, Action::FireTimer { node: *node, timer });
                }
            }
            CheckStep::Drop { from, to, msg } => {
                let copies = copies_of(&sim, *from, *to, msg);
                let dropped = if set {
                    &copies[..]
                } else {
                    &copies[..copies.len().min(1)]
                };
                for &id in dropped {
                    take(&mut sim, at_ms, Action::DropMessage { msg: id });
                }
            }
            CheckStep::Duplicate { from, to, msg } => {
                if let Some(&first) = copies_of(&sim, *from, *to, msg).first() {
                    take(&mut sim, at_ms, Action::DuplicateMessage { msg: first });
                }
            }
            CheckStep::Crash { node } => take(&mut sim, at_ms, Action::Crash { node: *node }),
            CheckStep::Recover { node } => take(&mut sim, at_ms, Action::Recover { node: *node }),
            CheckStep::Partition { cut_off } => {
                let near: Vec<NodeId> = (0..model.node_count())
                    .map(NodeId)
                    .filter(|n| !cut_off.contains(n))
                    .collect();
                let groups = vec![near, cut_off.clone()];
                take(&mut sim, at_ms, Action::Partition { groups });
            }
            CheckStep::Heal => take(&mut sim, at_ms, Action::Heal),
            CheckStep::Command { node, command } => {
                let command = command.to_record();
                take(
                    &mut sim,
                    at_ms,
                    Action::Command {
                        node: *node,
                        command,
                    },
                );
            }
        }
    }
    actions
}

/// The ids of the simulator's in-flight copies of `msg` from `from` to `to`, oldest first.
fn copies_of<P: Checkable>(sim: &Sim<P>, from: NodeId, to: NodeId, msg: &P::Msg) -> Vec<MsgId> {
    sim.view()
        .in_flight()
        .filter(|(_, f, t, m)| (*f, *t) == (from, to) && *m == msg)
        .map(|(id, ..)| id)
        .collect()
}
