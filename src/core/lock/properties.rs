//! The lock's properties: mutual exclusion as the resource sees it (safety, checked after every event),
//! and once faults end, progress (some waiting client gets the lock) and, for the queue, every waiting
//! client getting it (liveness, checked at deadlines).
use super::node::LockNode;
use super::note::{ClientState, LockNote};
use super::storage::{Overlap, OverlapKind};
use crate::sim::{EventKind, Invariant, NodeId, NodeStatus, NodesView, TimeMs, Violation};

/// The safety property's legend code.
pub const MUTUAL_EXCLUSION: &str = "mutual-exclusion";
/// The progress property's legend code.
pub const PROGRESS: &str = "progress";
/// The starvation-freedom property's legend code.
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

/// What the liveness properties look at: the clients, the servers whose faults stop the clock, and the
/// bound.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Waiting {
    /// The clients.
    pub clients: Vec<NodeId>,
    /// The lock nodes and the storage.
    pub servers: Vec<NodeId>,
    /// How long a wait may last once the run is quiet.
    pub within_ms: TimeMs,
}

impl Waiting {
    /// When the last fault ended, or `None` while one is still going on: a lock node or the storage down
    /// or paused, a partition in force.
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

    /// Every up client that is waiting, with when its wait began (its round's first note), counted from
    /// the quiet point at the earliest.
    fn waits(
        &self,
        view: &NodesView<'_, LockNode>,
        quiet_from_ms: TimeMs,
    ) -> Vec<(NodeId, TimeMs)> {
        let notes = view.notes();
        let mut waits = Vec::new();
        for client in &self.clients {
            if view
                .get(*client)
                .is_none_or(|(_, _, s)| s != NodeStatus::Up)
            {
                continue;
            }
            let mut round = None;
            let mut since_ms = None;
            for event in view.history().iter().rev() {
                let EventKind::State { node, note, .. } = &event.kind else {
                    continue;
                };
                let Some(LockNote::Client(note)) = notes.get(*note as usize) else {
                    continue;
                };
                if node != client {
                    continue;
                }
                match round {
                    None if !note.state.is_waiting() => break,
                    None => round = Some(note.round),
                    Some(round) if note.round != round => break,
                    Some(_) => {}
                }
                since_ms = Some(event.time_ms);
            }
            if let Some(since_ms) = since_ms {
                waits.push((*client, since_ms.max(quiet_from_ms)));
            }
        }
        waits
    }

    /// When a client last came to hold the lock.
    fn last_acquired_ms(&self, view: &NodesView<'_, LockNode>) -> Option<TimeMs> {
        let notes = view.notes();
        view.history()
            .iter()
            .rev()
            .find_map(|event| match &event.kind {
                EventKind::State { note, .. } => match notes.get(*note as usize) {
                    Some(LockNote::Client(note)) if note.state == ClientState::Holding => {
                        Some(event.time_ms)
                    }
                    _ => None,
                },
                _ => None,
            })
    }

    fn starving(&self, waits: &[(NodeId, TimeMs)], now_ms: TimeMs) -> Vec<(NodeId, TimeMs)> {
        waits
            .iter()
            .copied()
            .filter(|(_, from_ms)| now_ms.saturating_sub(*from_ms) > self.within_ms)
            .collect()
    }

    fn violation(
        &self,
        property: &str,
        starving: &[(NodeId, TimeMs)],
        quiet_from_ms: TimeMs,
        now_ms: TimeMs,
    ) -> Violation {
        let waits: Vec<String> = starving
            .iter()
            .map(|(client, from_ms)| format!("{client} waiting-from={from_ms}"))
            .collect();
        Violation {
            invariant: property.to_string(),
            nodes: starving.iter().map(|(client, _)| *client).collect(),
            detail: format!(
                "{} quiet-from={quiet_from_ms} within={} now={now_ms}",
                waits.join(" "),
                self.within_ms
            ),
        }
    }
}

/// Progress (deadlock freedom): once faults are over, while a client has waited longer than `within_ms`
/// some client must have come to hold the lock in the last `within_ms`. A lock a crashed holder never
/// releases breaks it; a lock that is merely unfair does not (the fairness figure shows that).
///
/// Checked at deadlines, from the run's history (see [`Waiting`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Progress(pub Waiting);

impl Invariant<LockNode> for Progress {
    fn name(&self) -> &str {
        PROGRESS
    }

    fn check(&self, view: &NodesView<'_, LockNode>) -> Result<(), Violation> {
        let Some(quiet_from_ms) = self.0.quiet_from_ms(view) else {
            return Ok(());
        };
        let now_ms = view.now();
        let starving = self.0.starving(&self.0.waits(view, quiet_from_ms), now_ms);
        let recent = self
            .0
            .last_acquired_ms(view)
            .is_some_and(|at_ms| now_ms.saturating_sub(at_ms) <= self.0.within_ms);
        if starving.is_empty() || recent {
            return Ok(());
        }
        Err(self.0.violation(PROGRESS, &starving, quiet_from_ms, now_ms))
    }
}

/// Every client acquires (starvation freedom): once faults are over, no client that wants the lock waits
/// longer than `within_ms`. Promised by the queue lock, which serves its waiters in order; a lock where
/// waiters race (retries, or the herd) lets one client lose every race, however unlikely.
///
/// Checked at deadlines, from the run's history (see [`Waiting`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EveryClientAcquires(pub Waiting);

impl Invariant<LockNode> for EveryClientAcquires {
    fn name(&self) -> &str {
        EVERY_CLIENT_ACQUIRES
    }

    fn check(&self, view: &NodesView<'_, LockNode>) -> Result<(), Violation> {
        let Some(quiet_from_ms) = self.0.quiet_from_ms(view) else {
            return Ok(());
        };
        let now_ms = view.now();
        let starving = self.0.starving(&self.0.waits(view, quiet_from_ms), now_ms);
        if starving.is_empty() {
            return Ok(());
        }
        Err(self
            .0
            .violation(EVERY_CLIENT_ACQUIRES, &starving, quiet_from_ms, now_ms))
    }
}
