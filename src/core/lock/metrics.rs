//! The lock panel's figures, computed from a run's trace and notes alone, so they agree with what the
//! timeline shows: throughput, waits (p50, p99, fairness), retries, messages per acquisition, notifications
//! per handover, lease expirations, rejected writes and safety violations.
use super::message::STORAGE_KINDS;
use super::note::{ClientState, LockNote, ServiceChange};
use super::storage::{StorageLog, StorageOp};
use crate::sim::{EventKind, NodeId, TimeMs, Trace};
use serde::Serialize;

/// One client's figures.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ClientFigures {
    /// The client.
    pub client: NodeId,
    /// Holds it came to believe it had.
    pub acquisitions: u32,
    /// Failed attempts.
    pub retries: u32,
    /// Its longest finished wait.
    pub wait_ms_max: Option<TimeMs>,
}

/// The figures of one run.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LockMetrics {
    /// The virtual time covered (the last event's time).
    pub duration_ms: TimeMs,
    /// Holds begun (a client came to believe it held the lock).
    pub acquisitions: u32,
    /// Acquisitions per second of virtual time.
    pub acquisitions_per_second: f64,
    /// Median wait, from a round's first attempt to its hold (nearest rank). Waits still going on when
    /// the run ends count as lasting until the end, so a starving client is not left out.
    pub wait_ms_p50: Option<TimeMs>,
    /// 99th-percentile wait (nearest rank).
    pub wait_ms_p99: Option<TimeMs>,
    /// Mean wait.
    pub wait_ms_mean: Option<f64>,
    /// Longest wait.
    pub wait_ms_max: Option<TimeMs>,
    /// Max wait over mean wait: 1 is perfectly even; large means someone waited far longer than most.
    pub fairness: Option<f64>,
    /// Rounds still waiting when the run ended.
    pub waits_unfinished: u32,
    /// Failed attempts (a busy lock, no majority, a lost race, a timeout).
    pub retries: u32,
    /// Messages of the lock protocol (everything but storage traffic and session keep-alives).
    pub lock_messages: u64,
    /// Lock messages per acquisition.
    pub messages_per_acquisition: Option<f64>,
    /// Watch notifications sent (the queue variants).
    pub notifications: u64,
    /// Notifications per acquisition: about one for the queue, about the number of waiters for the herd.
    pub notifications_per_handover: Option<f64>,
    /// Leases that ran out (and queue sessions that expired) at a lock node.
    pub lease_expirations: u32,
    /// Writes the storage applied.
    pub writes_accepted: u32,
    /// Writes the storage refused (a stale fencing token).
    pub writes_rejected: u32,
    /// Reads the storage refused.
    pub reads_rejected: u32,
    /// Accepted writes that overlapped another hold (each one a mutual-exclusion violation).
    pub safety_violations: u32,
    /// Increments lost: accepted writes minus the resource's final value.
    pub lost_updates: u64,
    /// Per client, in id order.
    pub clients: Vec<ClientFigures>,
}

/// A round being waited for or held, per client.
#[derive(Clone, Copy, Default)]
struct Round {
    number: u32,
    started_ms: TimeMs,
    held: bool,
    retries: u32,
}

/// Computes the figures of a run from its trace and notes.
pub fn metrics(trace: &Trace, notes: &[LockNote]) -> LockMetrics {
    let node_count = trace.node_count as usize;
    let mut rounds: Vec<Option<Round>> = vec![None; node_count];
    let mut per_client: Vec<Option<ClientFigures>> = vec![None; node_count];
    let mut waits: Vec<TimeMs> = Vec::new();
    let mut retries = 0;
    let mut lock_messages = 0;
    let mut notifications = 0;
    let mut lease_expirations = 0;
    let mut log = StorageLog::default();
    let finish_round = |round: &Round, figures: &mut ClientFigures, retries: &mut u32| {
        *retries += round.retries;
        figures.retries += round.retries;
    };
    for event in &trace.events {
        match &event.kind {
            EventKind::Send { kind, .. } => {
                if *kind == "notify" {
                    notifications += 1;
                }
                if !STORAGE_KINDS.contains(kind) && *kind != "keep-alive" {
                    lock_messages += 1;
                }
            }
            EventKind::State { node, note, .. } => match notes.get(*note as usize) {
                Some(LockNote::Client(note)) => {
                    let index = node.0 as usize;
                    let figures = per_client[index].get_or_insert(ClientFigures {
                        client: *node,
                        acquisitions: 0,
                        retries: 0,
                        wait_ms_max: None,
                    });
                    if note.round == 0 {
                        continue;
                    }
                    let slot = &mut rounds[index];
                    if slot.is_none_or(|r| r.number != note.round) {
                        if let Some(old) = slot.as_ref() {
                            finish_round(old, figures, &mut retries);
                        }
                        *slot = Some(Round {
                            number: note.round,
                            started_ms: event.time_ms,
                            ..Round::default()
                        });
                    }
                    let Some(round) = slot.as_mut() else {
                        continue;
                    };
                    round.retries = round.retries.max(note.retries);
                    if note.state == ClientState::Holding && !round.held {
                        round.held = true;
                        let wait_ms = event.time_ms - round.started_ms;
                        waits.push(wait_ms);
                        figures.acquisitions += 1;
                        figures.wait_ms_max = figures.wait_ms_max.max(Some(wait_ms));
                    }
                }
                Some(LockNote::Service(note)) => {
                    if matches!(
                        note.change,
                        ServiceChange::Expired | ServiceChange::SessionExpired
                    ) {
                        lease_expirations += 1;
                    }
                }
                Some(LockNote::Storage(note)) => log.entries.push(note.entry),
                None => {}
            },
            _ => {}
        }
    }
    let duration_ms = trace.events.last().map_or(0, |e| e.time_ms);
    let mut waits_unfinished = 0;
    let mut censored = Vec::new();
    for (index, round) in rounds.iter().enumerate() {
        if let (Some(round), Some(figures)) = (round, per_client[index].as_mut()) {
            finish_round(round, figures, &mut retries);
            if !round.held {
                waits_unfinished += 1;
                censored.push(duration_ms - round.started_ms);
            }
        }
    }
    let acquisitions = waits.len() as u32;
    let writes = |op: StorageOp, accepted: bool| {
        log.entries
            .iter()
            .filter(|e| e.op == op && e.outcome.is_accepted() == accepted)
            .count() as u32
    };
    let writes_accepted = writes(StorageOp::Write, true);
    let final_value = log
        .entries
        .iter()
        .rev()
        .find(|e| e.op == StorageOp::Write && e.outcome.is_accepted())
        .map_or(0, |e| e.value);
    let per_acquisition =
        |count: u64| (acquisitions > 0).then(|| count as f64 / f64::from(acquisitions));
    let mut sorted = waits.clone();
    sorted.extend(censored);
    sorted.sort_unstable();
    let wait_ms_mean =
        (!sorted.is_empty()).then(|| sorted.iter().sum::<TimeMs>() as f64 / sorted.len() as f64);
    let wait_ms_max = sorted.last().copied();
    LockMetrics {
        duration_ms,
        acquisitions,
        acquisitions_per_second: if duration_ms == 0 {
            0.0
        } else {
            f64::from(acquisitions) * 1_000.0 / duration_ms as f64
        },
        wait_ms_p50: nearest_rank(&sorted, 50),
        wait_ms_p99: nearest_rank(&sorted, 99),
        wait_ms_mean,
        wait_ms_max,
        fairness: match (wait_ms_max, wait_ms_mean) {
            (Some(max), Some(mean)) if mean > 0.0 => Some(max as f64 / mean),
            _ => None,
        },
        waits_unfinished,
        retries,
        lock_messages,
        messages_per_acquisition: per_acquisition(lock_messages),
        notifications,
        notifications_per_handover: per_acquisition(notifications),
        lease_expirations,
        writes_accepted,
        writes_rejected: writes(StorageOp::Write, false),
        reads_rejected: writes(StorageOp::Read, false),
        safety_violations: log.overlaps().len() as u32,
        lost_updates: u64::from(writes_accepted).saturating_sub(final_value),
        clients: per_client.into_iter().flatten().collect(),
    }
}

/// The nearest-rank percentile of sorted values.
fn nearest_rank(sorted: &[TimeMs], percent: u64) -> Option<TimeMs> {
    if sorted.is_empty() {
        return None;
    }
    let rank = (percent * sorted.len() as u64).div_ceil(100).max(1);
    sorted.get(rank as usize - 1).copied()
}

#[cfg(test)]
mod tests {
    use super::nearest_rank;

    #[test]
    fn nearest_rank_percentiles() {
        let values: Vec<u64> = (1..=200).collect();
        assert_eq!(nearest_rank(&values, 50), Some(100));
        assert_eq!(nearest_rank(&values, 99), Some(198));
        assert_eq!(nearest_rank(&[7], 99), Some(7));
        assert_eq!(nearest_rank(&[], 50), None);
    }
}
