//! The event queue: a min-heap ordered by (time, insertion sequence).
//!
//! Ties are broken by the sequence number alone, so equal-time events fire in the order they were scheduled and
//! the order never depends on hashing or allocation addresses.
use super::ids::{MsgId, TimeMs};
use std::cmp::Ordering;
use std::collections::BinaryHeap;

/// What a queued event will do; payloads live in the kernel (in-flight map, timer lists, action list) and are
/// validated against the event's sequence number when it pops, which is how cancelled timers and rescheduled
/// messages become harmless stale entries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Pending {
    Start {
        node: u32,
    },
    Deliver {
        msg: MsgId,
    },
    Timer {
        node: u32,
    },
    Action {
        index: u64,
    },
    Resume {
        node: u32,
    },
    /// A liveness property's deadline: check it now.
    Deadline {
        index: u32,
    },
}

/// One entry of the heap.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Queued {
    pub time_ms: TimeMs,
    /// False for what a paused node held and gets back when it resumes: those go first at their time,
    /// since they arrived before anything else due then.
    pub late: bool,
    pub seq: u64,
    pub pending: Pending,
}

impl Queued {
    fn key(&self) -> (TimeMs, bool, u64) {
        (self.time_ms, self.late, self.seq)
    }
}

impl PartialEq for Queued {
    fn eq(&self, other: &Self) -> bool {
        self.key() == other.key()
    }
}

impl Eq for Queued {}

impl PartialOrd for Queued {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Queued {
    /// Reversed, so that `BinaryHeap` (a max-heap) pops the earliest (time, held-back first, seq) first.
    fn cmp(&self, other: &Self) -> Ordering {
        other.key().cmp(&self.key())
    }
}

/// The future of a run.
#[derive(Clone, Debug, Default)]
pub(crate) struct EventQueue {
    heap: BinaryHeap<Queued>,
    next_seq: u64,
}

impl EventQueue {
    /// Queues `pending` at `time_ms` and returns its sequence number (its identity for staleness checks).
    pub fn push(&mut self, time_ms: TimeMs, pending: Pending) -> u64 {
        self.push_entry(time_ms, true, pending)
    }

    /// Queues what a paused node held back, to run at `time_ms` before anything else due then (in the order
    /// pushed): it arrived earlier.
    pub fn push_held(&mut self, time_ms: TimeMs, pending: Pending) -> u64 {
        self.push_entry(time_ms, false, pending)
    }

    fn push_entry(&mut self, time_ms: TimeMs, late: bool, pending: Pending) -> u64 {
        let seq = self.next_seq;
        self.next_seq += 1;
        self.heap.push(Queued {
            time_ms,
            late,
            seq,
            pending,
        });
        seq
    }

    /// A sequence number that no queue entry will ever have: the identity of a held message or timer of a
    /// manual network, which waits for an action instead of a queue entry.
    pub fn reserve_seq(&mut self) -> u64 {
        let seq = self.next_seq;
        self.next_seq += 1;
        seq
    }

    /// Removes and returns the earliest event.
    pub fn pop(&mut self) -> Option<Queued> {
        self.heap.pop()
    }

    /// The time of the earliest event, if any.
    pub fn peek_time_ms(&self) -> Option<TimeMs> {
        self.heap.peek().map(|q| q.time_ms)
    }
}
