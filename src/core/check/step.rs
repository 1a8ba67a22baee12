//! [`CheckStep`]: one step of a path, in words a person (and the simulator) can follow.
use super::model::Checkable;
use super::state::{CheckState, Choice};
use crate::sim::{NodeId, Protocol};

/// One step of a path through the untimed semantics.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CheckStep<M, T, C> {
    /// The network delivers `msg` from `from` to `to`, which runs `on_message`.
    Deliver {
        /// Sender.
        from: NodeId,
        /// Receiver.
        to: NodeId,
        /// The message.
        msg: M,
    },
    /// A timer of `node` fires (for a protocol's spontaneous choices: "any time now").
    FireTimer {
        /// The node.
        node: NodeId,
        /// The timer.
        timer: T,
    },
    /// The network loses one copy of `msg` (or the message, on a sent-set network).
    Drop {
        /// Sender.
        from: NodeId,
        /// Receiver.
        to: NodeId,
        /// The message.
        msg: M,
    },
    /// The network copies `msg`.
    Duplicate {
        /// Sender.
        from: NodeId,
        /// Receiver.
        to: NodeId,
        /// The message.
        msg: M,
    },
    /// `node` crashes: volatile state back to its initial value, timers gone, durable state kept.
    Crash {
        /// The node.
        node: NodeId,
    },
    /// A crashed `node` recovers and runs `on_recover`.
    Recover {
        /// The node.
        node: NodeId,
    },
    /// The network splits: `cut_off` cannot talk with the others (node 0's side).
    Partition {
        /// The nodes on the far side from node 0.
        cut_off: Vec<NodeId>,
    },
    /// The partition ends.
    Heal,
    /// A user's command reaches `node`.
    Command {
        /// The node.
        node: NodeId,
        /// The command.
        command: C,
    },
}

/// The step type of protocol `P`'s paths.
pub type StepOf<P> =
    CheckStep<<P as Protocol>::Msg, <P as Protocol>::Timer, <P as Protocol>::Command>;

/// The step `choice` out of `state`, spelled out.
pub(crate) fn describe<P: Checkable>(
    state: &CheckState<P>,
    choice: Choice,
    commands: &[(NodeId, P::Command)],
) -> StepOf<P> {
    let envelope = |i: u32| state.wire[i as usize].clone();
    match choice {
        Choice::Deliver(i) => {
            let (_, from, to, msg) = envelope(i);
            CheckStep::Deliver { from, to, msg }
        }
        Choice::Fire(i) => {
            let (node, timer) = state.timers[i as usize].clone();
            CheckStep::FireTimer { node, timer }
        }
        Choice::Drop(i) => {
            let (_, from, to, msg) = envelope(i);
            CheckStep::Drop { from, to, msg }
        }
        Choice::Duplicate(i) => {
            let (_, from, to, msg) = envelope(i);
            CheckStep::Duplicate { from, to, msg }
        }
        Choice::Crash(node) => CheckStep::Crash { node: NodeId(node) },
        Choice::Recover(node) => CheckStep::Recover { node: NodeId(node) },
        Choice::Partition(cut) => CheckStep::Partition {
            cut_off: (0..state.cells.len().min(64) as u32)
                .filter(|n| (cut >> n) & 1 == 1)
                .map(NodeId)
                .collect(),
        },
        Choice::Heal => CheckStep::Heal,
        Choice::Command(i) => {
            let (node, command) = commands[i as usize].clone();
            CheckStep::Command { node, command }
        }
    }
}
