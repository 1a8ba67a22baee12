//! The commit panel's figures, from a trace and its notes alone: messages per transaction (against the
//! textbook's 4n), commit latency, time blocked in doubt, throughput and lock waits.
use super::ids::{participant_index, TxnId, CLIENT};
use super::log::LogRecord;
use super::note::{TxnNote, TxnState};
use crate::sim::{EventKind, NodeId, TimeMs, Trace};
use serde::Serialize;

/// One transaction as the client saw it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TxnTiming {
    /// The transaction.
    pub txn: TxnId,
    /// How many participants it touched.
    pub participants: u32,
    /// When the client began it.
    pub begun_at_ms: TimeMs,
    /// When the client learned the outcome (`None`: not within the trace).
    pub decided_at_ms: Option<TimeMs>,
    /// The outcome learned.
    pub state: TxnState,
}

/// A stretch of time a participant spent in doubt about a transaction (its own crashes included).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct BlockedSpan {
    /// The participant.
    pub node: NodeId,
    /// The transaction.
    pub txn: TxnId,
    /// When it became in doubt.
    pub from_ms: TimeMs,
    /// When it decided (`None`: still in doubt at the end of the trace).
    pub until_ms: Option<TimeMs>,
}

/// A stretch of time a transaction waited in line for a participant's lock.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LockWait {
    /// The participant whose key was locked.
    pub node: NodeId,
    /// The waiting transaction.
    pub txn: TxnId,
    /// When it started waiting.
    pub from_ms: TimeMs,
    /// When it stopped (got the lock, gave up, or the participant crashed); `None`: still waiting.
    pub until_ms: Option<TimeMs>,
}

/// Every figure of one run.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TxnMetrics {
    /// Each transaction the client began, in order.
    pub transactions: Vec<TxnTiming>,
    /// How many committed (as the client learned).
    pub committed: u32,
    /// How many aborted.
    pub aborted: u32,
    /// Messages between the coordinator and the participants and among participants (everything but the
    /// client's `begin` and the outcome sent to it), lost ones included.
    pub protocol_messages: u64,
    /// `protocol_messages` per transaction begun.
    pub messages_per_transaction: Option<f64>,
    /// The textbook's count for the same transactions: 4n for n participants (prepare, vote, decision,
    /// acknowledgement), averaged.
    pub textbook_messages_per_transaction: Option<f64>,
    /// Mean time from `begin` to the client learning commit, over committed transactions.
    pub mean_commit_latency_ms: Option<f64>,
    /// The longest such time.
    pub max_commit_latency_ms: Option<TimeMs>,
    /// Every in-doubt stretch.
    pub blocked: Vec<BlockedSpan>,
    /// Their total length (open ones counted to the end of the trace).
    pub total_blocked_ms: TimeMs,
    /// The longest one.
    pub max_blocked_ms: TimeMs,
    /// Every lock wait.
    pub lock_waits: Vec<LockWait>,
    /// Their total length (open ones counted to the end of the trace).
    pub total_lock_wait_ms: TimeMs,
    /// Commits per second, from the first `begin` to the last outcome.
    pub throughput_per_second: Option<f64>,
}

/// Computes the figures of a run from its trace and notes.
pub fn metrics(trace: &Trace, notes: &[TxnNote]) -> TxnMetrics {
    let end_ms = trace.events.last().map_or(0, |e| e.time_ms);
    let mut transactions: Vec<TxnTiming> = Vec::new();
    let mut blocked: Vec<BlockedSpan> = Vec::new();
    let mut lock_waits: Vec<LockWait> = Vec::new();
    let mut protocol_messages = 0u64;
    for event in &trace.events {
        let at_ms = event.time_ms;
        match &event.kind {
            EventKind::Send { from, to, .. } if *from != CLIENT && *to != CLIENT => {
                protocol_messages += 1
            }
            EventKind::Crash { node } => {
                for wait in lock_waits.iter_mut().filter(|w| w.node == *node) {
                    wait.until_ms.get_or_insert(at_ms);
                }
            }
            EventKind::State { node, note, .. } => {
                let Some(note) = notes.get(*note as usize) else {
                    continue;
                };
                if *node == CLIENT {
                    client_note(&mut transactions, note, at_ms);
                } else if participant_index(*node).is_some() {
                    participant_note(&mut blocked, &mut lock_waits, *node, note, at_ms);
                }
            }
            _ => {}
        }
    }
    let length = |from: TimeMs, until: Option<TimeMs>| until.unwrap_or(end_ms).saturating_sub(from);
    let committed: Vec<&TxnTiming> = transactions
        .iter()
        .filter(|t| t.state == TxnState::Committed)
        .collect();
    let latencies: Vec<TimeMs> = committed
        .iter()
        .filter_map(|t| t.decided_at_ms.map(|at| at - t.begun_at_ms))
        .collect();
    let count = transactions.len() as u64;
    let per_txn = |total: u64| (count > 0).then(|| total as f64 / count as f64);
    let textbook: u64 = transactions
        .iter()
        .map(|t| 4 * u64::from(t.participants))
        .sum();
    let first_begin = transactions.first().map(|t| t.begun_at_ms);
    let last_outcome = transactions.iter().filter_map(|t| t.decided_at_ms).max();
    let throughput_per_second = match (first_begin, last_outcome) {
        (Some(from), Some(until)) if until > from => {
            Some(committed.len() as f64 * 1000.0 / (until - from) as f64)
        }
        _ => None,
    };
    TxnMetrics {
        committed: committed.len() as u32,
        aborted: transactions
            .iter()
            .filter(|t| t.state == TxnState::Aborted)
            .count() as u32,
        protocol_messages,
        messages_per_transaction: per_txn(protocol_messages),
        textbook_messages_per_transaction: per_txn(textbook),
        mean_commit_latency_ms: (!latencies.is_empty())
            .then(|| latencies.iter().sum::<u64>() as f64 / latencies.len() as f64),
        max_commit_latency_ms: latencies.iter().copied().max(),
        total_blocked_ms: blocked.iter().map(|b| length(b.from_ms, b.until_ms)).sum(),
        max_blocked_ms: blocked
            .iter()
            .map(|b| length(b.from_ms, b.until_ms))
            .max()
            .unwrap_or(0),
        total_lock_wait_ms: lock_waits
            .iter()
            .map(|w| length(w.from_ms, w.until_ms))
            .sum(),
        throughput_per_second,
        transactions,
        blocked,
        lock_waits,
    }
}

fn client_note(transactions: &mut Vec<TxnTiming>, note: &TxnNote, at_ms: TimeMs) {
    let Some(txn) = note.txn else {
        return;
    };
    match transactions.iter_mut().find(|t| t.txn == txn) {
        None if note.state == TxnState::Working => {
            let participants = note
                .log
                .iter()
                .find_map(|r| match r {
                    LogRecord::Begin {
                        txn: t,
                        participants,
                    } if *t == txn => Some(participants.len()),
                    _ => None,
                })
                .unwrap_or(0);
            transactions.push(TxnTiming {
                txn,
                participants,
                begun_at_ms: at_ms,
                decided_at_ms: None,
                state: TxnState::Working,
            });
        }
        Some(timing) if timing.decided_at_ms.is_none() => {
            if matches!(note.state, TxnState::Committed | TxnState::Aborted) {
                timing.decided_at_ms = Some(at_ms);
                timing.state = note.state;
            }
        }
        _ => {}
    }
}

fn participant_note(
    blocked: &mut Vec<BlockedSpan>,
    lock_waits: &mut Vec<LockWait>,
    node: NodeId,
    note: &TxnNote,
    at_ms: TimeMs,
) {
    // Close the stretches the log now shows decided.
    for span in blocked
        .iter_mut()
        .filter(|b| b.node == node && b.until_ms.is_none())
    {
        let txn = span.txn;
        if note
            .log
            .iter()
            .any(|r| r.txn() == txn && r.outcome().is_some())
        {
            span.until_ms = Some(at_ms);
        }
    }
    if let (Some(txn), TxnState::InDoubt | TxnState::PreCommitted) = (note.txn, note.state) {
        let open = blocked
            .iter()
            .any(|b| b.node == node && b.txn == txn && b.until_ms.is_none());
        if !open {
            blocked.push(BlockedSpan {
                node,
                txn,
                from_ms: at_ms,
                until_ms: None,
            });
        }
    }
    for wait in lock_waits
        .iter_mut()
        .filter(|w| w.node == node && w.until_ms.is_none())
    {
        if !note.lock_waiters.contains(&wait.txn) {
            wait.until_ms = Some(at_ms);
        }
    }
    for txn in &note.lock_waiters {
        let open = lock_waits
            .iter()
            .any(|w| w.node == node && w.txn == *txn && w.until_ms.is_none());
        if !open {
            lock_waits.push(LockWait {
                node,
                txn: *txn,
                from_ms: at_ms,
                until_ms: None,
            });
        }
    }
}
