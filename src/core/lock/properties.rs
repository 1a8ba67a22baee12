//! The lock's properties: mutual exclusion as the resource sees it (safety, checked after every event) and
//! every client getting the lock once faults end (liveness, checked at deadlines).
use super::node::LockNode;
use super::note::LockNote;
use super::storage::{Overlap, OverlapKind};
use crate::sim::{EventKind, Invariant, NodeId, NodeStatus, NodesView, TimeMs, Violation};

/// The safety property's legend code.
pub const MUTUAL_EXCLUSION: &str = "mutual-exclusion";
/// The liveness property's legend code.
pub const EVERY_CLIENT_ACQUIRES: &str = "every-client-acquires";

/// No two holds' accepted writes overlap at the storage: no hold's write is accepted between another hold's
/// accepted read and its accepted write, and with fencing, accepted writes' tokens strictly increase (see
/// [`crate::lock::StorageLog::overlap_at`]).
///
/// It reads only the storage's durable log, so the model checker can check it on states alone. The storage
/// logs at most one entry per event, and each entry is checked when it is logged, so checking the last entry
/// after every event checks them all.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MutualExclusion {
    /// The storage node.
    pub storage: NodeId,
}

impl Invariant<LockNode> for MutualExclusion {
    fn name(&self) -> &str {
        MUTUAL_EXCLUSION
    }

    fn check(&self, view: &NodesView<'_, LockNode>) -> Result<(), Violation> {
        let Some((_, durable, _)) = view.get(self.storage) else {
            return Ok(());
        };
        let log = &durable.storage;
        let Some(last) = (log.entries.len() as u32).checked_sub(1) else {
            return Ok(());
        };
        match log.overlap_at(last) {
            None => Ok(()),
            Some(overlap) => Err(violation(&overlap, self.storage)),
        }
    }
}

/// The violation for an overlap: the two clients and the storage, and the log positions and storage-clock
/// times of the three requests involved.
pub fn violation(overlap: &Overlap, storage: NodeId) -> Violation {
    let rule = match overlap.kind {
        OverlapKind::WriteInsideHold => "write-inside-hold",
        OverlapKind::TokenNotIncreasing => "token-not-increasing",
    };
    Violation {
        invariant: MUTUAL_EXCLUSION.to_string(),
        nodes: vec![overlap.hold.client, overlap.other.client, storage],
        detail: format!(
            "{rule} {} read=#{}@{} write=#{}@{} other={} write=#{}@{}",
            overlap.hold,
            overlap.read_index,
            overlap.read_clock_ms,
            overlap.write_index,
            overlap.write_clock_ms,
            overlap.other,
            overlap.other_write_index,
            overlap.other_write_clock_ms,
        ),
    }
}

/// Once faults are over, no client that wants the lock waits longer than `within_ms` for it.
///
/// Checked at a deadline, from the run's history: the faults (crash, recovery, pause, partition, heal,
/// network change, clock jump) tell when the run became quiet, and each client's latest note whether it is
/// waiting and since when (the start of its round). A client waiting longer than `within_ms`, counted from
/// the later of its round's start and the quiet point, is starving. Nothing is judged while a lock node or
/// the storage is down or paused, or a partition is in force: a fault is still going on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EveryClientAcquires {
    /// The clients.
    pub clients: Vec<NodeId>,
    /// The lock nodes and the storage.
    pub servers: Vec<NodeId>,
    /// The longest wait allowed once the run is quiet.
    pub within_ms: TimeMs,
}

impl EveryClientAcquires {
    /// When the last fault ended, or `None` while one is still going on.
    fn quiet_from_ms(&self, view: &NodesView<'_, LockNode>) -> Option<TimeMs> {
        let mut quiet_from_ms = 0;
        let mut partitioned = false;
        for event in view.history() {
            let ended_ms = match &event.kind {
                EventKind::Pause { until_ms, .. } => *until_ms,
                EventKind::Partition { .. } => {
                    partitioned = true;
                    event.time_ms
                }
                EventKind::Heal => {
                    partitioned = false;
                    event.time_ms
                }
                EventKind::Crash { .. }
                | EventKind::Recover { .. }
                | EventKind::Resume { .. }
                | EventKind::NetworkChange { .. }
                | EventKind::ClockJump { .. } => event.time_ms,
                _ => continue,
            };
            quiet_from_ms = quiet_from_ms.max(ended_ms);
        }
        let server_down = self
            .servers
            .iter()
            .any(|node| view.get(*node).is_some_and(|(_, _, s)| s != NodeStatus::Up));
        (!partitioned && !server_down && quiet_from_ms <= view.now()).then_some(quiet_from_ms)
    }

    /// When `client`'s current wait began, if it is waiting: the time of its round's first note.
    fn waiting_since_ms(&self, view: &NodesView<'_, LockNode>, client: NodeId) -> Option<TimeMs> {
        let notes = view.notes();
        let mut round = None;
        let mut since_ms = None;
        for event in view.history().iter().rev() {
            let EventKind::State { node, note, .. } = &event.kind else {
                continue;
            };
            if *node != client {
                continue;
            }
            let Some(LockNote::Client(note)) = notes.get(*note as usize) else {
                continue;
            };
            match round {
                None if !note.state.is_waiting() => return None,
                None => round = Some(note.round),
                Some(round) if note.round != round => break,
                Some(_) => {}
            }
            since_ms = Some(event.time_ms);
        }
        since_ms
    }
}

impl Invariant<LockNode> for EveryClientAcquires {
    fn name(&self) -> &str {
        EVERY_CLIENT_ACQUIRES
    }

    fn check(&self, view: &NodesView<'_, LockNode>) -> Result<(), Violation> {
        let Some(quiet_from_ms) = self.quiet_from_ms(view) else {
            return Ok(());
        };
        let now_ms = view.now();
        let mut starving = Vec::new();
        let mut detail = Vec::new();
        for client in &self.clients {
            if view
                .get(*client)
                .is_none_or(|(_, _, s)| s != NodeStatus::Up)
            {
                continue;
            }
            let Some(since_ms) = self.waiting_since_ms(view, *client) else {
                continue;
            };
            let from_ms = since_ms.max(quiet_from_ms);
            if now_ms.saturating_sub(from_ms) > self.within_ms {
                starving.push(*client);
                detail.push(format!("{client} waiting-since={since_ms}"));
            }
        }
        if starving.is_empty() {
            return Ok(());
        }
        Err(Violation {
            invariant: EVERY_CLIENT_ACQUIRES.to_string(),
            nodes: starving,
            detail: format!(
                "{} quiet-from={quiet_from_ms} within={} now={now_ms}",
                detail.join(" "),
                self.within_ms
            ),
        })
    }
}
