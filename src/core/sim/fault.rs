//! One-off faults as data. A run is fully described by (scenario, seed, `Vec<ScheduledAction>`).
use super::ids::{MsgId, NodeId, TimeMs};
use super::network::NetworkConfig;
use serde::{Deserialize, Serialize};

/// A fault to apply at a virtual time; share links and counterexamples carry lists of these.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ScheduledAction {
    /// When to apply it; a time already in the past is applied at the current time.
    pub at_ms: TimeMs,
    /// What to do.
    pub action: FaultAction,
}

/// Every fault the kernel can inject. Unknown node ids are ignored (the action does nothing) and actions on
/// messages no longer in flight are ignored, so any list of actions is safe to replay.
///
/// In JSON a fault is one object: `type` names it in kebab case, the other fields are its own
/// (`{"type":"pause","node":1,"duration_ms":500}`). It is read through [`FaultRecord`], not through serde's
/// internally tagged enums, whose buffering code weighed about 20 kB of the app's WebAssembly.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "kebab-case", try_from = "FaultRecord")]
pub enum FaultAction {
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
}

/// The names in a fault's `type` field.
#[derive(Clone, Copy, Deserialize)]
#[serde(rename_all = "kebab-case")]
enum FaultType {
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
}

/// A fault as it is written in JSON: its type and every field any fault may have. Fields that the type
/// does not use are ignored, as unknown fields are; a field it needs and lacks is an error.
#[derive(Deserialize)]
struct FaultRecord {
    #[serde(rename = "type")]
    kind: FaultType,
    node: Option<NodeId>,
    duration_ms: Option<TimeMs>,
    groups: Option<Vec<Vec<NodeId>>>,
    msg: Option<MsgId>,
    by_ms: Option<TimeMs>,
    network: Option<NetworkConfig>,
}

impl TryFrom<FaultRecord> for FaultAction {
    type Error = String;

    fn try_from(record: FaultRecord) -> Result<FaultAction, String> {
        fn needs<T>(field: Option<T>, name: &str) -> Result<T, String> {
            field.ok_or_else(|| format!("missing field `{name}`"))
        }
        let node = || needs(record.node, "node");
        let msg = || needs(record.msg, "msg");
        Ok(match record.kind {
            FaultType::Crash => FaultAction::Crash { node: node()? },
            FaultType::Recover => FaultAction::Recover { node: node()? },
            FaultType::Restart => FaultAction::Restart { node: node()? },
            FaultType::Pause => FaultAction::Pause {
                node: node()?,
                duration_ms: needs(record.duration_ms, "duration_ms")?,
            },
            FaultType::Partition => FaultAction::Partition {
                groups: needs(record.groups, "groups")?,
            },
            FaultType::Heal => FaultAction::Heal,
            FaultType::DropMessage => FaultAction::DropMessage { msg: msg()? },
            FaultType::DelayMessage => FaultAction::DelayMessage {
                msg: msg()?,
                by_ms: needs(record.by_ms, "by_ms")?,
            },
            FaultType::DuplicateMessage => FaultAction::DuplicateMessage { msg: msg()? },
            FaultType::SetNetwork => FaultAction::SetNetwork {
                network: needs(record.network, "network")?,
            },
        })
    }
}
