//! What a user (or the explorer) does to a run, as data: faults and client commands. A run is fully
//! described by (scenario, seed, `Vec<ScheduledAction>`).
use super::ids::{MsgId, NodeId, TimeMs};
use super::network::NetworkConfig;
use serde::{Deserialize, Serialize};

/// An action to apply at a virtual time; share links, run files and counterexamples carry lists of these.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ScheduledAction {
    /// When to apply it; a time already in the past is applied at the current time.
    pub at_ms: TimeMs,
    /// What to do.
    pub action: Action,
}

/// Every fault the kernel can inject, and the client commands a protocol takes. Unknown node ids are ignored
/// (the action does nothing), actions on messages no longer in flight are ignored and so are commands the
/// protocol does not know, so any list of actions is safe to replay.
///
/// In JSON a fault is one object: `type` names it in kebab case, the other fields are its own
/// (`{"type":"pause","node":1,"duration_ms":500}`). It is read through [`ActionRecord`], not through serde's
/// internally tagged enums, whose buffering code weighed about 20 kB of the app's WebAssembly.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "kebab-case", try_from = "ActionRecord")]
pub enum Action {
    /// The node stops: its volatile state is lost, its timers are cancelled, its durable state is kept.
    Crash {
        /// The node to crash.
        node: NodeId,
    },
    /// A crashed node comes back and runs `on_recover`.
    Recover {
        /// The node to recover.
        node: NodeId,
    },
    /// Crash then recover at the same instant (a process restart).
    Restart {
        /// The node to restart.
        node: NodeId,
    },
    /// A stop-the-world pause (think GC): the node keeps its state, but deliveries and timers for it queue up
    /// and run, late, when it resumes.
    Pause {
        /// The node to freeze.
        node: NodeId,
        /// How long it stays frozen.
        duration_ms: TimeMs,
    },
    /// Cuts the network: nodes in different groups cannot talk; unlisted nodes form one group together.
    Partition {
        /// The groups of nodes that can still talk among themselves.
        groups: Vec<Vec<NodeId>>,
    },
    /// Removes any partition.
    Heal,
    /// Loses one in-flight message.
    DropMessage {
        /// The message to lose.
        msg: MsgId,
    },
    /// Holds one in-flight message back for longer.
    DelayMessage {
        /// The message to delay.
        msg: MsgId,
        /// Added to its planned delivery time.
        by_ms: TimeMs,
    },
    /// Delivers one in-flight message a second time (the copy draws its own latency).
    DuplicateMessage {
        /// The message to copy.
        msg: MsgId,
    },
    /// Replaces the network's latency, loss and duplication settings from now on.
    SetNetwork {
        /// The new settings.
        network: NetworkConfig,
    },
    /// Moves a node's clock forward (or back, when negative) at once, as an NTP step or an operator does;
    /// timers the node set fire by its clock, so a forward jump brings them closer.
    ClockJump {
        /// The node whose clock jumps.
        node: NodeId,
        /// How far, in milliseconds of its clock.
        jump_ms: i64,
    },
    /// A user's request to a node (its protocol's [`crate::sim::Command`]).
    Command {
        /// The node that receives it.
        node: NodeId,
        /// Which command, as the run's actions carry it.
        command: CommandRecord,
    },
    /// From now on the user is the network: messages in flight and every message sent later are held
    /// until a [`Action::Deliver`] hands them over (or a fault drops them), and timers fire only by
    /// [`Action::FireTimer`]. Nothing is lost, duplicated or delayed at random any more; partitions and
    /// crashes still drop what they cut off. This is how a model checker's counterexample replays step by
    /// step ([`crate::check`]) and how a student plays the network by hand. There is no way back within
    /// the run.
    ManualNetwork,
    /// Delivers one in-flight message now, whatever its planned time (a receiver that is down or cut off
    /// by a partition loses it, as at any delivery; a paused one gets it when it resumes).
    Deliver {
        /// The message to deliver.
        msg: MsgId,
    },
    /// Fires one of a node's active timers now, whatever its due time.
    FireTimer {
        /// The node whose timer fires.
        node: NodeId,
        /// Which timer: its index in [`crate::sim::Sim::timers`] for that node when the action applies
        /// (the order in which the node set them).
        timer: u32,
    },
}

/// A client command as a run's actions carry it: a code from the protocol's legend and an optional number
/// (a participant set, a value to propose). The protocol reads it back into its own type
/// ([`crate::sim::Command::from_record`]).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct CommandRecord {
    /// The command's legend code, e.g. `"acquire"`, `"begin"`.
    pub code: String,
    /// Its argument, if it takes one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub arg: Option<u64>,
}

impl CommandRecord {
    /// A command without an argument.
    pub fn new(code: &str) -> Self {
        Self {
            code: code.to_string(),
            arg: None,
        }
    }

    /// A command with an argument.
    pub fn with_arg(code: &str, arg: u64) -> Self {
        Self {
            code: code.to_string(),
            arg: Some(arg),
        }
    }
}

impl Action {
    /// The node this action is about, if it names one (crash, recover, restart, pause, clock jump, command).
    pub fn node(&self) -> Option<NodeId> {
        match self {
            Action::Crash { node }
            | Action::Recover { node }
            | Action::Restart { node }
            | Action::Pause { node, .. }
            | Action::ClockJump { node, .. }
            | Action::Command { node, .. }
            | Action::FireTimer { node, .. } => Some(*node),
            _ => None,
        }
    }
}

/// The names in an action's `type` field.
#[derive(Clone, Copy, Deserialize)]
#[serde(rename_all = "kebab-case")]
enum ActionType {
    Crash,
    Recover,
    Restart,
    Pause,
    Partition,
    Heal,
    DropMessage,
    DelayMessage,
    DuplicateMessage,
    SetNetwork,
    ClockJump,
    Command,
    ManualNetwork,
    Deliver,
    FireTimer,
}

/// An action as it is written in JSON: its type and every field any fault may have. Fields that the type
/// does not use are ignored, as unknown fields are; a field it needs and lacks is an error.
#[derive(Deserialize)]
struct ActionRecord {
    #[serde(rename = "type")]
    kind: ActionType,
    node: Option<NodeId>,
    duration_ms: Option<TimeMs>,
    groups: Option<Vec<Vec<NodeId>>>,
    msg: Option<MsgId>,
    by_ms: Option<TimeMs>,
    network: Option<NetworkConfig>,
    jump_ms: Option<i64>,
    command: Option<CommandRecord>,
    timer: Option<u32>,
}

impl TryFrom<ActionRecord> for Action {
    type Error = String;

    fn try_from(record: ActionRecord) -> Result<Action, String> {
        fn needs<T>(field: Option<T>, name: &str) -> Result<T, String> {
            field.ok_or_else(|| format!("missing field `{name}`"))
        }
        let node = || needs(record.node, "node");
        let msg = || needs(record.msg, "msg");
        Ok(match record.kind {
            ActionType::Crash => Action::Crash { node: node()? },
            ActionType::Recover => Action::Recover { node: node()? },
            ActionType::Restart => Action::Restart { node: node()? },
            ActionType::Pause => Action::Pause {
                node: node()?,
                duration_ms: needs(record.duration_ms, "duration_ms")?,
            },
            ActionType::Partition => Action::Partition {
                groups: needs(record.groups, "groups")?,
            },
            ActionType::Heal => Action::Heal,
            ActionType::DropMessage => Action::DropMessage { msg: msg()? },
            ActionType::DelayMessage => Action::DelayMessage {
                msg: msg()?,
                by_ms: needs(record.by_ms, "by_ms")?,
            },
            ActionType::DuplicateMessage => Action::DuplicateMessage { msg: msg()? },
            ActionType::SetNetwork => Action::SetNetwork {
                network: needs(record.network, "network")?,
            },
            ActionType::ClockJump => Action::ClockJump {
                node: node()?,
                jump_ms: needs(record.jump_ms, "jump_ms")?,
            },
            ActionType::Command => Action::Command {
                node: node()?,
                command: needs(record.command, "command")?,
            },
            ActionType::ManualNetwork => Action::ManualNetwork,
            ActionType::Deliver => Action::Deliver { msg: msg()? },
            ActionType::FireTimer => Action::FireTimer {
                node: node()?,
                timer: needs(record.timer, "timer")?,
            },
        })
    }
}
