//! Properties: safety invariants checked after every processed event, liveness properties checked at a
//! deadline, and the read-only view both check.
use super::flight::FlightTable;
use super::ids::{MsgId, NodeId, TimeMs};
use super::protocol::Protocol;
use super::trace::TraceEvent;
use serde::Serialize;

/// Whether a node is running, crashed or frozen.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum NodeStatus {
    /// Running normally.
    Up,
    /// Crashed: receives nothing, runs no timers.
    Down,
    /// Frozen by a pause: deliveries and timers wait until it resumes.
    Paused,
}

/// A failed property: which one, which nodes, and what went wrong.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Violation {
    /// The property's name, a code of the protocol's legend.
    pub invariant: String,
    /// The nodes involved (for highlighting).
    pub nodes: Vec<NodeId>,
    /// What went wrong: names and numbers (the UI frames it in the reader's language).
    pub detail: String,
}

/// A protocol's property. As a safety invariant ([`crate::sim::Sim::with_invariant`]) it is checked after
/// every event; as a liveness property ([`crate::sim::Sim::with_deadline`]) once, when virtual time reaches
/// its deadline ("every client has acquired within 5 s"). A violation becomes a trace event and halts the
/// run.
pub trait Invariant<P: Protocol> {
    /// A stable name, shown in the trace: a code of the protocol's legend.
    fn name(&self) -> &str;
    /// Checks the current state of the run.
    fn check(&self, view: &NodesView<'_, P>) -> Result<(), Violation>;
}

/// One node's state as the kernel keeps it (its status is kept beside it, see [`NodesView`]).
#[derive(Clone, Debug)]
pub(crate) struct NodeCell<P: Protocol> {
    pub state: P,
    pub durable: P::Durable,
}

/// The messages on the wire, as the simulator (`Table`: the flights and their payloads by slot) or the
/// model checker (`List`) keeps them.
pub(crate) enum Wire<'a, M> {
    Table(&'a FlightTable, &'a [Option<M>]),
    List(&'a [(MsgId, NodeId, NodeId, M)]),
}

/// Read-only view for properties: per node its volatile state, durable state and status, the messages in
/// flight, and the run's history so far (trace events and notes).
///
/// The per-node accessors panic on an id outside `0..len()`; use [`NodesView::get`] when the id is untrusted.
pub struct NodesView<'a, P: Protocol> {
    pub(crate) cells: &'a [NodeCell<P>],
    /// Each node's status, by id (as long as `cells`).
    pub(crate) statuses: &'a [NodeStatus],
    pub(crate) now_ms: TimeMs,
    pub(crate) wire: Wire<'a, P::Msg>,
    pub(crate) events: &'a [TraceEvent],
    pub(crate) notes: &'a [P::Note],
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
        self.statuses[id.0 as usize]
    }

    /// `(volatile, durable, status)` of a node, or `None` for an unknown id.
    pub fn get(&self, id: NodeId) -> Option<(&'a P, &'a P::Durable, NodeStatus)> {
        let cell = self.cells.get(id.0 as usize)?;
        Some((
            &cell.state,
            &cell.durable,
            *self.statuses.get(id.0 as usize)?,
        ))
    }

    /// The current virtual time (the true time, not any node's clock). Zero in the untimed model checker.
    pub fn now(&self) -> TimeMs {
        self.now_ms
    }

    /// Every message in flight as `(id, from, to, message)`, by increasing id.
    pub fn in_flight(&self) -> Box<dyn Iterator<Item = (MsgId, NodeId, NodeId, &'a P::Msg)> + 'a> {
        match self.wire {
            Wire::Table(table, payloads) => Box::new(table.iter().filter_map(|(id, slot, f)| {
                Some((id, f.from, f.to, payloads.get(slot as usize)?.as_ref()?))
            })),
            Wire::List(list) => Box::new(list.iter().map(|(id, from, to, m)| (*id, *from, *to, m))),
        }
    }

    /// Everything the run recorded so far (empty in the model checker, whose states carry what their
    /// properties need).
    pub fn history(&self) -> &'a [TraceEvent] {
        self.events
    }

    /// The notes the run's `State` events point at.
    pub fn notes(&self) -> &'a [P::Note] {
        self.notes
    }
}
