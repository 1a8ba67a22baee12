//! The storage service clients write to while they believe they hold the lock, and its durable log, which
//! is how the resource sees mutual exclusion.
//!
//! A hold reads the resource when it starts and writes the value read plus one when its work is done (a
//! read-modify-write, the case a lock exists for). The storage logs every read and write with its outcome.
//! Two holds overlap *as the resource sees it* when one hold's write is accepted between another hold's
//! accepted read and its accepted write: the later write then overwrites an update its holder never saw (a
//! lost update). That is the mutual-exclusion property ([`StorageLog::overlap_at`]).
//!
//! With fencing, every read and write carries the hold's token and the storage refuses one whose token is
//! lower than the highest it has seen, on a read or a write (Kleppmann 2016 fences writes; fencing the read
//! too is what makes a read-modify-write safe: a newer holder's read already tells the storage to refuse
//! the old holder's write). Accepted writes' tokens must then strictly increase.
//!
//! Requests are idempotent per hold (a request id, as real stores keep): a duplicated read or write is
//! answered again and not logged twice.
use super::message::{HoldId, LockMsg};
use super::node::{LockDurable, LockNode};
use super::note::{LockNote, StorageNote};
use crate::sim::{Io, NodeId, TimeMs};
use serde::Serialize;

/// A read or a write.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum StorageOp {
    /// Read at the start of a hold.
    Read,
    /// Write at the end of a hold.
    Write,
}

/// What the storage did with a request.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    /// Applied.
    Accepted,
    /// Refused: its token was lower than the highest the storage had seen.
    Rejected {
        /// That highest token.
        highest: u64,
    },
}

impl Outcome {
    /// True when applied.
    pub fn is_accepted(self) -> bool {
        self == Outcome::Accepted
    }
}

/// One line of the storage's log.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct StorageEntry {
    /// Read or write.
    pub op: StorageOp,
    /// The hold that asked.
    pub hold: HoldId,
    /// Its fencing token, where the variant has one.
    pub token: Option<u64>,
    /// Applied or refused.
    pub outcome: Outcome,
    /// The value read, or the value written.
    pub value: u64,
    /// The storage's clock when it answered.
    pub clock_ms: TimeMs,
}

/// The storage's durable state: the resource's value, the highest token seen and the log.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct StorageLog {
    /// Every read and write answered, in order.
    pub entries: Vec<StorageEntry>,
    /// The resource: a counter each hold increments.
    pub value: u64,
    /// The highest fencing token seen on an accepted request.
    pub highest_token: Option<u64>,
}

/// How two holds' writes overlap at the resource.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum OverlapKind {
    /// Another hold's write was accepted between this hold's read and its write (a lost update).
    WriteInsideHold,
    /// This hold's accepted write carries a token no higher than an earlier accepted write of another hold.
    TokenNotIncreasing,
}

/// A mutual-exclusion violation as the storage's log shows it: the clients, the writes and their times.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Overlap {
    /// Which rule broke.
    pub kind: OverlapKind,
    /// The hold whose accepted write completed the overlap.
    pub hold: HoldId,
    /// Its read's position in the log (its write's if it has no accepted read).
    pub read_index: u32,
    /// Its write's position in the log.
    pub write_index: u32,
    /// The other hold.
    pub other: HoldId,
    /// The other hold's accepted write.
    pub other_write_index: u32,
    /// The storage's clock at this hold's read, at the other's write and at this hold's write.
    pub read_clock_ms: TimeMs,
    /// See `read_clock_ms`.
    pub other_write_clock_ms: TimeMs,
    /// See `read_clock_ms`.
    pub write_clock_ms: TimeMs,
}

impl StorageLog {
    /// The logged request of `op` by `hold`, if any.
    pub fn find(&self, op: StorageOp, hold: HoldId) -> Option<&StorageEntry> {
        self.entries.iter().find(|e| e.op == op && e.hold == hold)
    }

    /// Accepted writes so far.
    pub fn accepted_writes(&self) -> u32 {
        self.entries
            .iter()
            .filter(|e| e.op == StorageOp::Write && e.outcome.is_accepted())
            .count() as u32
    }

    /// Answers a new request (not a duplicate): applies it unless its token is stale, logs it, and returns
    /// the logged entry.
    fn answer(
        &mut self,
        op: StorageOp,
        hold: HoldId,
        token: Option<u64>,
        written: u64,
        clock_ms: TimeMs,
    ) -> StorageEntry {
        let stale = match (token, self.highest_token) {
            (Some(token), Some(highest)) if token < highest => Some(highest),
            _ => None,
        };
        let outcome = match stale {
            Some(highest) => Outcome::Rejected { highest },
            None => {
                self.highest_token = self.highest_token.max(token);
                Outcome::Accepted
            }
        };
        let value = match (op, outcome) {
            (StorageOp::Write, Outcome::Accepted) => {
                self.value = written;
                written
            }
            (StorageOp::Write, _) => written,
            (StorageOp::Read, _) => self.value,
        };
        let entry = StorageEntry {
            op,
            hold,
            token,
            outcome,
            value,
            clock_ms,
        };
        self.entries.push(entry);
        entry
    }

    /// The violation completed by the entry at `index`, if it is an accepted write that lands inside another
    /// hold (or, with tokens, does not increase them). Checking every accepted write as it is logged finds
    /// every violation: a hold that reads before another's write and writes after it is caught at its own
    /// write.
    pub fn overlap_at(&self, index: u32) -> Option<Overlap> {
        let entry = self.entries.get(index as usize)?;
        if entry.op != StorageOp::Write || !entry.outcome.is_accepted() {
            return None;
        }
        let before = &self.entries[..index as usize];
        let read_index = before
            .iter()
            .rposition(|e| {
                e.hold == entry.hold && e.op == StorageOp::Read && e.outcome.is_accepted()
            })
            .unwrap_or(index as usize);
        let other_write = |e: &&StorageEntry| {
            e.hold != entry.hold && e.op == StorageOp::Write && e.outcome.is_accepted()
        };
        let overlap = |kind, other_index: usize| {
            let other = &self.entries[other_index];
            Overlap {
                kind,
                hold: entry.hold,
                read_index: read_index as u32,
                write_index: index,
                other: other.hold,
                other_write_index: other_index as u32,
                read_clock_ms: self.entries[read_index].clock_ms,
                other_write_clock_ms: other.clock_ms,
                write_clock_ms: entry.clock_ms,
            }
        };
        if let Some(offset) = before[read_index.min(before.len())..]
            .iter()
            .position(|e| other_write(&e))
        {
            return Some(overlap(OverlapKind::WriteInsideHold, read_index + offset));
        }
        let token = entry.token?;
        before
            .iter()
            .rposition(|e| other_write(&e) && e.token.is_some_and(|t| t >= token))
            .map(|other_index| overlap(OverlapKind::TokenNotIncreasing, other_index))
    }

    /// Every violation in the log, in log order (the figures count them; a run halts at the first).
    pub fn overlaps(&self) -> Vec<Overlap> {
        (0..self.entries.len() as u32)
            .filter_map(|index| self.overlap_at(index))
            .collect()
    }
}

/// Handles a read or a write arriving at the storage; other messages are not for it.
pub(super) fn on_storage_message(io: &mut Io<'_, LockNode>, from: NodeId, msg: LockMsg) {
    let (op, hold, token, written) = match msg {
        LockMsg::Read { hold, token } => (StorageOp::Read, hold, token, 0),
        LockMsg::Write { hold, token, value } => (StorageOp::Write, hold, token, value),
        _ => return,
    };
    let clock_ms = io.clock_ms();
    let durable: &mut LockDurable = io.durable();
    let log = &mut durable.storage;
    let (entry, fresh) = match log.find(op, hold) {
        Some(entry) => (*entry, false),
        None => (log.answer(op, hold, token, written, clock_ms), true),
    };
    let note = StorageNote {
        entry,
        index: log.entries.len() as u32 - 1,
        value: log.value,
        highest_token: log.highest_token,
    };
    let reply = match (op, entry.outcome) {
        (StorageOp::Read, Outcome::Accepted) => LockMsg::ReadOk {
            hold,
            value: entry.value,
        },
        (StorageOp::Read, Outcome::Rejected { highest }) => LockMsg::ReadRejected { hold, highest },
        (StorageOp::Write, Outcome::Accepted) => LockMsg::WriteAccepted { hold },
        (StorageOp::Write, Outcome::Rejected { highest }) => {
            LockMsg::WriteRejected { hold, highest }
        }
    };
    io.send(from, reply);
    if fresh {
        io.note(LockNote::Storage(note));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hold(client: u32) -> HoldId {
        HoldId {
            client: NodeId(client),
            round: 1,
        }
    }

    #[test]
    fn a_write_between_anothers_read_and_write_is_a_lost_update() {
        let mut log = StorageLog::default();
        log.answer(StorageOp::Read, hold(1), None, 0, 10);
        log.answer(StorageOp::Read, hold(2), None, 0, 20);
        log.answer(StorageOp::Write, hold(2), None, 1, 30);
        assert_eq!(log.overlap_at(2), None, "the first writer lost nothing");
        log.answer(StorageOp::Write, hold(1), None, 1, 40);
        let overlap = log.overlap_at(3).expect("hold 1 overwrote hold 2's update");
        assert_eq!(overlap.kind, OverlapKind::WriteInsideHold);
        assert_eq!((overlap.hold, overlap.other), (hold(1), hold(2)));
        assert_eq!(
            (
                overlap.read_clock_ms,
                overlap.other_write_clock_ms,
                overlap.write_clock_ms
            ),
            (10, 30, 40)
        );
        assert_eq!(log.value, 1, "two increments, one kept");
        assert_eq!(log.overlaps().len(), 1);
    }

    #[test]
    fn fencing_refuses_the_older_token_on_reads_and_writes() {
        let mut log = StorageLog::default();
        log.answer(StorageOp::Read, hold(1), Some(1), 0, 10);
        log.answer(StorageOp::Read, hold(2), Some(2), 0, 20);
        let late = log.answer(StorageOp::Write, hold(1), Some(1), 1, 30);
        assert_eq!(late.outcome, Outcome::Rejected { highest: 2 });
        log.answer(StorageOp::Write, hold(2), Some(2), 1, 40);
        assert!(log.overlaps().is_empty());
        let read = log.answer(StorageOp::Read, hold(3), Some(1), 0, 50);
        assert_eq!(read.outcome, Outcome::Rejected { highest: 2 });
        assert_eq!(log.value, 1);
    }

    #[test]
    fn serial_holds_and_equal_tokens() {
        let mut log = StorageLog::default();
        for (client, token) in [(1, 5), (2, 6)] {
            log.answer(StorageOp::Read, hold(client), Some(token), 0, 0);
            log.answer(StorageOp::Write, hold(client), Some(token), 1, 0);
        }
        assert!(log.overlaps().is_empty());
        // A token handed out twice (a lock service that forgot its counter) is caught.
        log.answer(StorageOp::Read, hold(3), Some(6), 0, 0);
        log.answer(StorageOp::Write, hold(3), Some(6), 1, 0);
        let overlap = log.overlap_at(5).expect("equal tokens");
        assert_eq!(overlap.kind, OverlapKind::TokenNotIncreasing);
        assert_eq!(overlap.other, hold(2));
    }
}
