//! The append-only trace: everything a run did, as data the UI can draw and a test can hash.
use super::ids::{MsgId, NodeId, TimeMs};
use super::network::NetworkConfig;
use serde::{Deserialize, Serialize};

/// The trace format version; bumped whenever the JSON shape of [`Trace`] changes.
pub const TRACE_SCHEMA_VERSION: u32 = 1;

/// Everything one run did, in order. Given (scenario, seed, actions) it is byte-for-byte the same everywhere.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Trace {
    /// Always [`TRACE_SCHEMA_VERSION`] for traces this build writes.
    pub schema_version: u32,
    /// How many nodes the run had (ids `0..node_count`).
    pub node_count: u32,
    /// The events, in the order they happened (time never decreases).
    pub events: Vec<TraceEvent>,
}

/// One thing that happened at one virtual time.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TraceEvent {
    /// When it happened.
    pub time_ms: TimeMs,
    /// What happened.
    pub kind: EventKind,
}

/// Every kind of trace event; the UI draws each generically (see [`crate::sim::view_at`]).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum EventKind {
    /// A node ran `on_start`.
    Start {
        /// The node.
        node: NodeId,
    },
    /// A node sent a message.
    Send {
        /// The message's id.
        msg: MsgId,
        /// Sender.
        from: NodeId,
        /// Receiver.
        to: NodeId,
        /// `Message::kind`, e.g. `"ping"`.
        kind: String,
        /// `Message::detail`, shown in tooltips.
        detail: String,
        /// Planned delivery time; `None` when the message was lost at send (a `Drop` follows).
        deliver_at_ms: Option<TimeMs>,
    },
    /// A message reached its receiver, which ran `on_message`.
    Deliver {
        /// The message's id.
        msg: MsgId,
        /// Sender.
        from: NodeId,
        /// Receiver.
        to: NodeId,
        /// `Message::kind`.
        kind: String,
    },
    /// A message was lost.
    Drop {
        /// The message's id.
        msg: MsgId,
        /// Sender.
        from: NodeId,
        /// Receiver.
        to: NodeId,
        /// `Message::kind`.
        kind: String,
        /// Why it was lost.
        reason: DropReason,
    },
    /// The network made a second copy of a message.
    Duplicate {
        /// The original message.
        msg: MsgId,
        /// The copy's new id.
        copy: MsgId,
        /// When the copy arrives.
        deliver_at_ms: TimeMs,
    },
    /// A message was held back by a `DelayMessage` action.
    Delay {
        /// The message.
        msg: MsgId,
        /// Its new delivery time.
        deliver_at_ms: TimeMs,
    },
    /// A timer fired and the node ran `on_timer`.
    Timer {
        /// The node.
        node: NodeId,
        /// `format!("{timer:?}")`.
        name: String,
    },
    /// A node crashed.
    Crash {
        /// The node.
        node: NodeId,
    },
    /// A crashed node recovered and ran `on_recover`.
    Recover {
        /// The node.
        node: NodeId,
    },
    /// A node froze.
    Pause {
        /// The node.
        node: NodeId,
        /// When it will resume.
        until_ms: TimeMs,
    },
    /// A paused node resumed; its held deliveries and timers run next, late.
    Resume {
        /// The node.
        node: NodeId,
    },
    /// The network was cut into groups.
    Partition {
        /// The groups, as applied (unknown ids removed; unlisted nodes form one more group).
        groups: Vec<Vec<NodeId>>,
    },
    /// The partition was removed.
    Heal,
    /// The network settings changed.
    NetworkChange {
        /// The new settings.
        network: NetworkConfig,
    },
    /// A node noted a change of its state (`Io::note`).
    State {
        /// The node.
        node: NodeId,
        /// A short label, e.g. `"waiting"`.
        label: String,
        /// Key fields, e.g. `[("pings", "3")]`.
        fields: Vec<(String, String)>,
    },
    /// An invariant failed; the run halts here.
    Violation {
        /// The invariant's name.
        invariant: String,
        /// The nodes involved.
        nodes: Vec<NodeId>,
        /// What went wrong, in words.
        detail: String,
    },
}

/// Why a message was lost.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DropReason {
    /// Random loss drawn at send.
    Loss,
    /// The link was cut by a partition (at send or at delivery time).
    Partition,
    /// The receiver was down when the message arrived (or it was held by a node that then crashed).
    NodeDown,
    /// A `DropMessage` action.
    Action,
}

/// The only field read before the full parse, so an unknown version gets a clear message.
#[derive(Deserialize)]
struct VersionProbe {
    schema_version: u32,
}

impl Trace {
    /// An empty trace for `node_count` nodes at the current schema version.
    pub fn new(node_count: u32) -> Self {
        Self {
            schema_version: TRACE_SCHEMA_VERSION,
            node_count,
            events: Vec::new(),
        }
    }

    /// Number of events, as `u64` (never `usize` in anything serialized or compared across targets).
    pub fn len(&self) -> u64 {
        self.events.len() as u64
    }

    /// True when nothing has happened yet.
    pub fn is_empty(&self) -> bool {
        self.events.is_empty()
    }

    /// The canonical JSON: field order is declaration order, floats use the shortest round-trip form.
    pub fn to_json(&self) -> String {
        // Serializing plain structs of integers, strings and floats into a String cannot fail.
        serde_json::to_string(self).unwrap_or_default()
    }

    /// The xxh3-64 of [`Trace::to_json`]: the fingerprint golden tests compare natively and in wasm.
    pub fn digest(&self) -> u64 {
        let bytes = serde_json::to_vec(self).unwrap_or_default();
        xxhash_rust::xxh3::xxh3_64(&bytes)
    }

    /// Parses a trace, rejecting other schema versions with a message that says which version was found.
    pub fn from_json(text: &str) -> Result<Trace, String> {
        let probe: VersionProbe = serde_json::from_str(text)
            .map_err(|e| format!("trace: not a trace file (no readable schema_version): {e}"))?;
        if probe.schema_version != TRACE_SCHEMA_VERSION {
            return Err(format!(
                "trace: schema version {} is not supported; this build reads version {}",
                probe.schema_version, TRACE_SCHEMA_VERSION
            ));
        }
        serde_json::from_str(text).map_err(|e| format!("trace: malformed: {e}"))
    }
}
