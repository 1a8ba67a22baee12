//! The contention timeline, folded from a run's trace and notes: for each client, when it waited and when it
//! believed it held the lock; the leases the lock service granted; the storage's answers; and every stretch
//! in which two or more clients believed they held it at once, which is the picture a teacher points at.
use super::note::{ClientState, LockNote, ServiceChange};
use super::storage::{Outcome, StorageOp};
use crate::sim::{EventKind, NodeId, TimeMs, Trace};
use serde::Serialize;

/// What a client lane shows over a stretch of time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum LaneState {
    /// Trying to get the lock: asking, backing off or queued.
    Waiting,
    /// Believing it holds the lock (working or writing).
    Holding,
}

/// One stretch of a lane.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Span {
    /// What the client was doing.
    pub state: LaneState,
    /// From when.
    pub from_ms: TimeMs,
    /// Until when (the run's end for one still open).
    pub until_ms: TimeMs,
    /// A holding stretch in which the storage refused the client (a fencing token too low): it believed it
    /// held the lock, but the resource did not let it act on the belief.
    pub fenced: bool,
}

/// A client's lane.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Lane {
    /// The client.
    pub client: NodeId,
    /// Its stretches, in time order.
    pub spans: Vec<Span>,
}

/// A lease the service granted, as its own clock measured it (drawn in true time from the grant).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Lease {
    /// The client it was granted to.
    pub client: NodeId,
    /// When it was granted.
    pub from_ms: TimeMs,
    /// When it ended: released, expired or the grant's lease ran out, or the run's end.
    pub until_ms: TimeMs,
}

/// An answer of the storage.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Write {
    /// The client that asked.
    pub client: NodeId,
    /// When.
    pub at_ms: TimeMs,
    /// A write (true) or a read.
    pub is_write: bool,
    /// Whether it was applied.
    pub accepted: bool,
    /// Its fencing token, if any.
    pub token: Option<u64>,
    /// The value read, or the value written.
    pub value: u64,
}

/// A stretch in which two or more clients believed they held the lock and the storage refused neither.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Overlap {
    /// From when.
    pub from_ms: TimeMs,
    /// Until when.
    pub until_ms: TimeMs,
    /// Who believed it.
    pub clients: Vec<NodeId>,
}

/// Everything the contention timeline draws.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Timeline {
    /// One lane per client, in id order.
    pub lanes: Vec<Lane>,
    /// The single-node service's leases (Redlock's five nodes grant their own; they are left out).
    pub leases: Vec<Lease>,
    /// The storage's answers.
    pub writes: Vec<Write>,
    /// Stretches with two or more believed holders the storage did not refuse: two holders as the resource
    /// saw it.
    pub overlaps: Vec<Overlap>,
    /// The run's end.
    pub end_ms: TimeMs,
}

fn lane_state(state: ClientState) -> Option<LaneState> {
    if state.believes_it_holds() {
        Some(LaneState::Holding)
    } else if state.is_waiting() {
        Some(LaneState::Waiting)
    } else {
        None
    }
}

/// Folds a lock run into its timeline. `service` is the single lock service's node, if the variant has one.
pub fn timeline(trace: &Trace, notes: &[LockNote], service: Option<NodeId>) -> Timeline {
    let end_ms = trace.events.last().map_or(0, |e| e.time_ms);
    let mut out = Timeline {
        end_ms,
        ..Timeline::default()
    };
    // Per node: the open stretch of its lane (a client), and its lane's index.
    let mut open: Vec<Option<(usize, Span)>> = vec![None; trace.node_count as usize];
    let mut open_lease: Option<Lease> = None;
    let close = |out: &mut Timeline, slot: &mut Option<(usize, Span)>, at_ms: TimeMs| {
        if let Some((lane, mut span)) = slot.take() {
            span.until_ms = at_ms;
            if span.until_ms > span.from_ms {
                out.lanes[lane].spans.push(span);
            }
        }
    };
    for event in &trace.events {
        let t = event.time_ms;
        match &event.kind {
            EventKind::Crash { node } => {
                if let Some(slot) = open.get_mut(node.0 as usize) {
                    close(&mut out, slot, t);
                }
            }
            EventKind::State { node, note, .. } => match notes.get(*note as usize) {
                Some(LockNote::Client(client)) => {
                    // Lanes are kept in client order as they appear.
                    let lane = match out.lanes.binary_search_by_key(node, |l| l.client) {
                        Ok(lane) => lane,
                        Err(at) => {
                            out.lanes.insert(
                                at,
                                Lane {
                                    client: *node,
                                    spans: Vec::new(),
                                },
                            );
                            for (lane, _) in open.iter_mut().flatten() {
                                if *lane >= at {
                                    *lane += 1;
                                }
                            }
                            at
                        }
                    };
                    let Some(slot) = open.get_mut(node.0 as usize) else {
                        continue;
                    };
                    let next = lane_state(client.state);
                    if slot.as_ref().map(|(_, s)| s.state) != next {
                        close(&mut out, slot, t);
                        if let Some(state) = next {
                            *slot = Some((
                                lane,
                                Span {
                                    state,
                                    from_ms: t,
                                    until_ms: t,
                                    fenced: false,
                                },
                            ));
                        }
                    }
                }
                Some(LockNote::Service(note)) if Some(*node) == service => match note.change {
                    ServiceChange::Granted | ServiceChange::Enqueued if note.holder.is_some() => {
                        if let Some(mut lease) = open_lease.take() {
                            lease.until_ms = t;
                            out.leases.push(lease);
                        }
                        if let Some(holder) = note.holder {
                            let until_ms = note
                                .lease_left_ms
                                .map_or(end_ms, |left| (t + left).min(end_ms));
                            open_lease = Some(Lease {
                                client: holder.client,
                                from_ms: t,
                                until_ms,
                            });
                        }
                    }
                    ServiceChange::Released
                    | ServiceChange::Expired
                    | ServiceChange::SessionExpired => {
                        if let Some(mut lease) = open_lease.take() {
                            lease.until_ms = lease.until_ms.min(t);
                            out.leases.push(lease);
                        }
                    }
                    ServiceChange::Extended => {
                        if let (Some(lease), Some(left)) = (&mut open_lease, note.lease_left_ms) {
                            lease.until_ms = (t + left).min(end_ms);
                        }
                    }
                    _ => {}
                },
                Some(LockNote::Storage(note)) => out.writes.push(Write {
                    client: note.entry.hold.client,
                    at_ms: t,
                    is_write: note.entry.op == StorageOp::Write,
                    accepted: note.entry.outcome == Outcome::Accepted,
                    token: note.entry.token,
                    value: note.entry.value,
                }),
                _ => {}
            },
            _ => {}
        }
    }
    for slot in &mut open {
        close(&mut out, slot, end_ms);
    }
    if let Some(lease) = open_lease {
        out.leases.push(lease);
    }
    for lane in &mut out.lanes {
        for span in &mut lane.spans {
            span.fenced = span.state == LaneState::Holding
                && out.writes.iter().any(|w| {
                    w.client == lane.client
                        && !w.accepted
                        && (span.from_ms..=span.until_ms).contains(&w.at_ms)
                });
        }
    }
    out.overlaps = overlaps(&out.lanes);
    out
}

/// The stretches covered by two or more lanes' holding spans: a sweep over their starts and ends.
fn overlaps(lanes: &[Lane]) -> Vec<Overlap> {
    let mut bounds: Vec<TimeMs> = lanes
        .iter()
        .flat_map(|l| l.spans.iter())
        .filter(|s| s.state == LaneState::Holding && !s.fenced)
        .flat_map(|s| [s.from_ms, s.until_ms])
        .collect();
    bounds.sort_unstable();
    bounds.dedup();
    let mut out: Vec<Overlap> = Vec::new();
    for pair in bounds.windows(2) {
        let (from_ms, until_ms) = (pair[0], pair[1]);
        let holders: Vec<NodeId> = lanes
            .iter()
            .filter(|l| {
                l.spans.iter().any(|s| {
                    s.state == LaneState::Holding
                        && !s.fenced
                        && s.from_ms <= from_ms
                        && s.until_ms >= until_ms
                })
            })
            .map(|l| l.client)
            .collect();
        if holders.len() < 2 {
            continue;
        }
        match out.last_mut() {
            Some(last) if last.until_ms == from_ms && last.clients == holders => {
                last.until_ms = until_ms
            }
            _ => out.push(Overlap {
                from_ms,
                until_ms,
                clients: holders,
            }),
        }
    }
    out
}
