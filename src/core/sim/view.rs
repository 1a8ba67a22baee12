//! A protocol-agnostic picture of a run at any point of its trace, folded from the trace alone.
//!
//! The UI draws every protocol from this: node status and last noted state, messages on the wire, the
//! partition and any violation. [`ViewIndex`] keeps checkpoints so that scrubbing a long trace stays fast.
use super::flight::InFlight;
use super::ids::{NodeId, TimeMs};
use super::invariant::{NodeStatus, Violation};
use super::trace::{EventKind, Trace, TraceEvent};
use serde::Serialize;

/// One node as the trace shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct NodeSnapshot {
    /// The node.
    pub id: NodeId,
    /// Up, down or paused.
    pub status: NodeStatus,
    /// The legend state of its last `State` event (empty before the first).
    pub state: &'static str,
    /// Its last note, as an index into the run's notes.
    pub note: Option<u32>,
}

/// The state of a run after a prefix of its trace.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TraceView {
    /// Time of the last applied event (0 before any).
    pub time_ms: TimeMs,
    /// Every node, by id.
    pub nodes: Vec<NodeSnapshot>,
    /// Messages sent and not yet delivered or dropped, ordered by id.
    pub in_flight: Vec<InFlight>,
    /// The partition in force, if any.
    pub partition: Option<Vec<Vec<NodeId>>>,
    /// The violation, once one has been recorded.
    pub violation: Option<Violation>,
}

/// How many events apart [`ViewIndex`] keeps checkpoints.
pub const VIEW_CHECKPOINT_EVERY: u64 = 256;

impl TraceView {
    /// The picture before any event: every node up with what it shows before starting (its
    /// [`Trace::initial`] state, else nothing noted), nothing on the wire.
    pub fn initial(trace: &Trace) -> Self {
        let mut nodes: Vec<NodeSnapshot> = (0..trace.node_count)
            .map(|id| NodeSnapshot {
                id: NodeId(id),
                status: NodeStatus::Up,
                state: "",
                note: None,
            })
            .collect();
        for initial in &trace.initial {
            if let Some(snapshot) = nodes.get_mut(initial.node.0 as usize) {
                snapshot.state = initial.state;
                snapshot.note = Some(initial.note);
            }
        }
        Self {
            time_ms: 0,
            nodes,
            in_flight: Vec::new(),
            partition: None,
            violation: None,
        }
    }

    /// Applies one event. Events naming unknown nodes or messages change nothing, so any trace folds safely.
    pub fn apply(&mut self, event: &TraceEvent) {
        self.time_ms = event.time_ms;
        match &event.kind {
            EventKind::Start { node }
            | EventKind::Recover { node }
            | EventKind::Resume { node } => self.set_status(*node, NodeStatus::Up),
            EventKind::Crash { node } => self.set_status(*node, NodeStatus::Down),
            EventKind::Pause { node, .. } => self.set_status(*node, NodeStatus::Paused),
            EventKind::Send {
                msg,
                from,
                to,
                kind,
                deliver_at_ms: Some(deliver_at_ms),
                ..
            } => self.in_flight.push(InFlight {
                msg: *msg,
                from: *from,
                to: *to,
                kind,
                sent_at_ms: event.time_ms,
                deliver_at_ms: *deliver_at_ms,
            }),
            EventKind::Send { .. }
            | EventKind::Timer { .. }
            | EventKind::NetworkChange { .. }
            | EventKind::ClockJump { .. }
            | EventKind::Command { .. } => {}
            // From here on every message waits for a `Deliver`: held since now, as `Sim::in_flight` says.
            EventKind::ManualNetwork => {
                for flight in &mut self.in_flight {
                    flight.deliver_at_ms = event.time_ms;
                }
            }
            EventKind::Deliver { msg, .. } | EventKind::Drop { msg, .. } => {
                self.in_flight.retain(|f| f.msg != *msg)
            }
            EventKind::Duplicate {
                msg,
                copy,
                deliver_at_ms,
            } => {
                if let Some(original) = self.in_flight.iter().find(|f| f.msg == *msg) {
                    let copy = InFlight {
                        msg: *copy,
                        sent_at_ms: event.time_ms,
                        deliver_at_ms: *deliver_at_ms,
                        ..original.clone()
                    };
                    // Ids only grow, so pushing keeps the list ordered by id.
                    self.in_flight.push(copy);
                }
            }
            EventKind::Delay { msg, deliver_at_ms } => {
                if let Some(flight) = self.in_flight.iter_mut().find(|f| f.msg == *msg) {
                    flight.deliver_at_ms = *deliver_at_ms;
                }
            }
            EventKind::Partition { groups } => self.partition = Some(groups.clone()),
            EventKind::Heal => self.partition = None,
            EventKind::State { node, state, note } => {
                if let Some(snapshot) = self.nodes.get_mut(node.0 as usize) {
                    snapshot.state = state;
                    snapshot.note = Some(*note);
                }
            }
            EventKind::Violation {
                invariant,
                nodes,
                detail,
            } => {
                self.violation = Some(Violation {
                    invariant: invariant.clone(),
                    nodes: nodes.clone(),
                    detail: detail.clone(),
                })
            }
        }
    }

    fn set_status(&mut self, node: NodeId, status: NodeStatus) {
        if let Some(snapshot) = self.nodes.get_mut(node.0 as usize) {
            snapshot.status = status;
        }
    }
}

/// The picture after applying `trace.events[0..cursor]` (a cursor past the end means the whole trace).
pub fn view_at(trace: &Trace, cursor: u64) -> TraceView {
    let mut view = TraceView::initial(trace);
    for event in trace.events.iter().take(cursor.min(trace.len()) as usize) {
        view.apply(event);
    }
    view
}

/// Checkpoints of [`TraceView`] every [`VIEW_CHECKPOINT_EVERY`] events, so [`ViewIndex::view_at`] folds at most
/// that many events whatever the cursor.
#[derive(Clone, Debug)]
pub struct ViewIndex {
    /// `checkpoints[i]` is the view after `i * VIEW_CHECKPOINT_EVERY` events.
    checkpoints: Vec<TraceView>,
}

impl ViewIndex {
    /// Folds the whole trace once, keeping checkpoints.
    pub fn build(trace: &Trace) -> Self {
        let mut index = Self {
            checkpoints: vec![TraceView::initial(trace)],
        };
        index.extend(trace);
        index
    }

    /// Adds checkpoints for events appended to `trace` since the last build or extend (for a growing trace).
    pub fn extend(&mut self, trace: &Trace) {
        let covered = (self.checkpoints.len() as u64 - 1) * VIEW_CHECKPOINT_EVERY;
        let Some(mut view) = self.checkpoints.last().cloned() else {
            return;
        };
        let mut applied = covered;
        while applied + VIEW_CHECKPOINT_EVERY <= trace.len() {
            let start = applied as usize;
            for event in &trace.events[start..start + VIEW_CHECKPOINT_EVERY as usize] {
                view.apply(event);
            }
            applied += VIEW_CHECKPOINT_EVERY;
            self.checkpoints.push(view.clone());
        }
    }

    /// Same result as [`view_at`], starting from the nearest checkpoint at or before `cursor`.
    pub fn view_at(&self, trace: &Trace, cursor: u64) -> TraceView {
        let cursor = cursor.min(trace.len());
        let checkpoint =
            ((cursor / VIEW_CHECKPOINT_EVERY) as usize).min(self.checkpoints.len() - 1);
        let mut view = self.checkpoints[checkpoint].clone();
        let start = checkpoint as u64 * VIEW_CHECKPOINT_EVERY;
        for event in &trace.events[start as usize..cursor as usize] {
            view.apply(event);
        }
        view
    }
}
