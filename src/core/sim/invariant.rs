//! Invariants: properties checked after every processed event, and the read-only view they check.
use super::ids::{NodeId, TimeMs};
use super::protocol::Protocol;
use serde::{Deserialize, Serialize};

/// Whether a node is running, crashed or frozen.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum NodeStatus {
    /// Running normally.
    Up,
    /// Crashed: receives nothing, runs no timers.
    Down,
    /// Frozen by a pause: deliveries and timers wait until it resumes.
    Paused,
}

/// A failed invariant: which one, which nodes, and what went wrong.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Violation {
    /// The invariant's name.
    pub invariant: String,
    /// The nodes involved (for highlighting).
    pub nodes: Vec<NodeId>,
    /// What went wrong, in words.
    pub detail: String,
}

/// A protocol's safety property. A violation becomes a trace event and halts the run.
pub trait Invariant<P: Protocol> {
    /// A stable name, shown in the trace.
    fn name(&self) -> &str;
    /// Checks the current state of all nodes.
    fn check(&self, view: &NodesView<'_, P>) -> Result<(), Violation>;
}

/// One node as the kernel keeps it.
#[derive(Clone, Debug)]
pub(crate) struct NodeCell<P: Protocol> {
    pub state: P,
    pub durable: P::Durable,
    pub status: NodeStatus,
}

/// Read-only view for invariants and the UI: per node its volatile state, durable state and status.
///
/// The accessors panic on an id outside `0..len()`; use [`NodesView::get`] when the id is untrusted.
pub struct NodesView<'a, P: Protocol> {
    pub(crate) cells: &'a [NodeCell<P>],
    pub(crate) now_ms: TimeMs,
}

impl<'a, P: Protocol> NodesView<'a, P> {
    /// Number of nodes.
    pub fn len(&self) -> u32 {
        self.cells.len() as u32
    }

    /// True when the run has no nodes.
    pub fn is_empty(&self) -> bool {
        self.cells.is_empty()
    }

    /// All node ids, in order.
    pub fn ids(&self) -> impl Iterator<Item = NodeId> + '_ {
        (0..self.len()).map(NodeId)
    }

    /// A node's volatile state.
    pub fn node(&self, id: NodeId) -> &'a P {
        &self.cells[id.0 as usize].state
    }

    /// A node's durable state.
    pub fn durable(&self, id: NodeId) -> &'a P::Durable {
        &self.cells[id.0 as usize].durable
    }

    /// A node's status.
    pub fn status(&self, id: NodeId) -> NodeStatus {
        self.cells[id.0 as usize].status
    }

    /// `(volatile, durable, status)` of a node, or `None` for an unknown id.
    pub fn get(&self, id: NodeId) -> Option<(&'a P, &'a P::Durable, NodeStatus)> {
        self.cells
            .get(id.0 as usize)
            .map(|c| (&c.state, &c.durable, c.status))
    }

    /// The current virtual time.
    pub fn now(&self) -> TimeMs {
        self.now_ms
    }
}
