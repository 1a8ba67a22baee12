//! The append-only trace: everything a run did, as data the UI can draw and a test can hash.
use super::action::CommandRecord;
use super::ids::{MsgId, NodeId, TimeMs};
use super::network::NetworkConfig;
use serde::Serialize;
use std::hash::Hash;

/// The trace format version; bumped whenever the JSON shape of [`Trace`] changes.
pub const TRACE_SCHEMA_VERSION: u32 = 3;

/// Everything one run did, in order, in words every protocol shares. Given (scenario, seed, actions) it is
/// byte-for-byte the same everywhere.
///
/// The protocol's own, typed observations are kept beside it (the run's notes, [`crate::sim::Sim::notes`]):
/// a `State` event says which node changed to which legend state and points at its note. Shared views draw
/// the trace alone; a protocol's panel reads its notes.
#[derive(Clone, Debug, PartialEq, Hash, Serialize)]
pub struct Trace {
    /// Always [`TRACE_SCHEMA_VERSION`] for traces this build writes.
    pub schema_version: u32,
    /// How many nodes the run had (ids `0..node_count`).
    pub node_count: u32,
    /// What each node showed before its first event, where its protocol says ([`crate::sim::Protocol::initial_note`]):
    /// a 2PC participant is idle with an empty log before it starts. Empty when no node has one.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub initial: Vec<InitialState>,
    /// The events, in the order they happened (time never decreases).
    pub events: Vec<TraceEvent>,
}

/// A node's picture before any event: its legend state and its note.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct InitialState {
    /// The node.
    pub node: NodeId,
    /// Its state, as a code of the protocol's legend.
    pub state: &'static str,
    /// Where its note is in the run's notes.
    pub note: u32,
}

/// One thing that happened at one virtual time.
#[derive(Clone, Debug, PartialEq, Hash, Serialize)]
pub struct TraceEvent {
    /// When it happened.
    pub time_ms: TimeMs,
    /// What happened.
    pub kind: EventKind,
}

/// Every kind of trace event; the UI draws each generically (see [`crate::sim::view_at`]).
#[derive(Clone, Debug, PartialEq, Hash, Serialize)]
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
        kind: &'static str,
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
        kind: &'static str,
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
        kind: &'static str,
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
        /// Its state, as a code of the protocol's legend (`Note::state`), e.g. `"waiting"`.
        state: &'static str,
        /// Where its note is in the run's notes.
        note: u32,
    },
    /// A node's clock was moved (an `Action::ClockJump`).
    ClockJump {
        /// The node.
        node: NodeId,
        /// By how much, in ms of its clock.
        jump_ms: i64,
    },
    /// A user's command reached a node (it ran `on_command`), or was lost because the node was down.
    Command {
        /// The node.
        node: NodeId,
        /// The command.
        command: CommandRecord,
        /// False when the node was down or paused and the command was refused.
        delivered: bool,
    },
    /// The user took over the network (an `Action::ManualNetwork`): from here on messages wait for a
    /// `Deliver` action and timers for a `FireTimer` action.
    ManualNetwork,
    /// A property failed (a safety invariant after an event, or a liveness property at its deadline); the
    /// run halts here.
    Violation {
        /// The property's name (a code of the protocol's legend).
        invariant: String,
        /// The nodes involved.
        nodes: Vec<NodeId>,
        /// What went wrong, in words.
        detail: String,
    },
}

/// Why a message was lost.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
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

impl Trace {
    /// An empty trace for `node_count` nodes at the current schema version.
    pub fn new(node_count: u32) -> Self {
        Self {
            schema_version: TRACE_SCHEMA_VERSION,
            node_count,
            initial: Vec::new(),
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

    /// The fingerprint of a whole run, the trace and its notes, the same natively and in wasm32
    /// ([`crate::stable_hash`]): golden tests compare it, the share bar shows it and a run file carries it.
    /// Hashing the values themselves, rather than their JSON, keeps a JSON writer for every trace and note
    /// type out of the app and costs a long run no text.
    pub fn digest<N: Hash>(&self, notes: &[N]) -> u64 {
        crate::stable_hash::stable_digest(&(self, notes))
    }
}
