//! What the nodes report ([`LockNote`]): typed values the contention timeline and the figures read, never
//! text parsed back.
use super::message::HoldId;
use super::storage::StorageEntry;
use crate::sim::{Note, TimeMs};
use serde::Serialize;

/// Where a client is in its loop: the legend's client states.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ClientState {
    /// Not asking for the lock (thinking between rounds, or waiting for a command).
    Idle,
    /// An attempt is in flight.
    Acquiring,
    /// The attempt failed; the retry timer runs.
    Backoff,
    /// Waiting on the lock's queue for a notification.
    Queued,
    /// It believes it holds the lock: reading the resource and working.
    Holding,
    /// It believes it holds the lock and has sent its write.
    Writing,
    /// It let the lock go (the hold ended normally).
    Released,
    /// The storage refused its read or write: someone with a higher token got there first.
    Rejected,
    /// It learned it lost the lock before writing (a renewal refused, its session expired).
    Lost,
}

impl ClientState {
    /// Every client state, in the legend's order.
    pub const ALL: [ClientState; 9] = [
        ClientState::Idle,
        ClientState::Acquiring,
        ClientState::Backoff,
        ClientState::Queued,
        ClientState::Holding,
        ClientState::Writing,
        ClientState::Released,
        ClientState::Rejected,
        ClientState::Lost,
    ];

    /// The legend code.
    pub fn code(self) -> &'static str {
        match self {
            ClientState::Idle => "idle",
            ClientState::Acquiring => "acquiring",
            ClientState::Backoff => "backoff",
            ClientState::Queued => "queued",
            ClientState::Holding => "holding",
            ClientState::Writing => "writing",
            ClientState::Released => "released",
            ClientState::Rejected => "rejected",
            ClientState::Lost => "lost",
        }
    }

    /// True while the client believes it holds the lock.
    pub fn believes_it_holds(self) -> bool {
        matches!(self, ClientState::Holding | ClientState::Writing)
    }

    /// True while the client wants the lock and does not have it.
    pub fn is_waiting(self) -> bool {
        matches!(
            self,
            ClientState::Acquiring | ClientState::Backoff | ClientState::Queued
        )
    }
}

/// Why an attempt failed or a hold ended early.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Cause {
    /// The lock was someone else's (`busy`, `GET` found a holder, the version said wait).
    Busy,
    /// No reply in time.
    ReplyTimeout,
    /// Redlock: fewer than a majority of nodes granted.
    NoMajority {
        /// Nodes that granted.
        granted: u32,
    },
    /// Redlock: a majority granted, but too late to finish the work within the validity time.
    ValidityTooShort {
        /// What was left, by the client's clock.
        validity_ms: i64,
    },
    /// The storage refused the read.
    ReadRejected {
        /// The highest token it had seen.
        highest: u64,
    },
    /// The storage refused the write.
    WriteRejected {
        /// The highest token it had seen.
        highest: u64,
    },
    /// The watchdog's renewal was refused: the lease had already expired.
    RenewalRefused,
    /// The queue's session expired.
    SessionExpired,
}

/// A client's state change, with what the contention timeline draws.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct ClientNote {
    /// The new state.
    pub state: ClientState,
    /// Its round (0 before the first): a hold is (client, round).
    pub round: u32,
    /// The attempt within the round (0 before the first).
    pub attempt: u32,
    /// Failed attempts so far in this round.
    pub retries: u32,
    /// The hold's fencing token, where the variant has one.
    pub token: Option<u64>,
    /// How long the lease has left as the client believes it, by its own clock, now (Redlock: the validity
    /// time left).
    pub lease_left_ms: Option<i64>,
    /// When the retry timer fires, from now, by the client's clock.
    pub retry_in_ms: Option<TimeMs>,
    /// Entries ahead of it in the queue.
    pub queue_position: Option<u32>,
    /// Why an attempt failed or a hold ended early.
    pub cause: Option<Cause>,
    /// The client's own clock reading at this note (the true time is the trace event's).
    pub clock_ms: TimeMs,
}

/// What changed at a lock node.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ServiceChange {
    /// The lock was granted (`SET NX`, `SET`, the first queue entry).
    Granted,
    /// The lock was released by its holder (compare-and-delete, `DEL`, delete of the entry).
    Released,
    /// The lease ran out by this node's clock.
    Expired,
    /// A watchdog renewed the lease.
    Extended,
    /// Seed 001's counter or version changed.
    Counter,
    /// A waiter joined the queue.
    Enqueued,
    /// A session expired and its entries went with it.
    SessionExpired,
}

/// A lock node's state after a change.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct ServiceNote {
    /// What happened.
    pub change: ServiceChange,
    /// Who holds the lock now.
    pub holder: Option<HoldId>,
    /// The holder's fencing token.
    pub token: Option<u64>,
    /// The holder's lease left, by this node's clock.
    pub lease_left_ms: Option<TimeMs>,
    /// Seed 001's counter.
    pub counter: u64,
    /// Entries in the queue, the holder's included.
    pub queue_length: u32,
    /// Watches waiting to fire.
    pub watchers: u32,
    /// This node's clock reading.
    pub clock_ms: TimeMs,
}

/// The storage's answer to one read or write, as its log keeps it.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct StorageNote {
    /// The log entry (what was asked, by which hold, with which token, and the outcome).
    pub entry: StorageEntry,
    /// Its position in the log.
    pub index: u32,
    /// The resource's value after it.
    pub value: u64,
    /// The highest token seen after it.
    pub highest_token: Option<u64>,
}

/// Every note of the lock panel.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum LockNote {
    /// A client's state change.
    Client(ClientNote),
    /// A lock node's change.
    Service(ServiceNote),
    /// A storage read or write.
    Storage(StorageNote),
}

impl Note for LockNote {
    fn state(&self) -> &'static str {
        match self {
            LockNote::Client(note) => note.state.code(),
            LockNote::Service(note) => {
                if note.holder.is_some() || note.counter > 0 || note.queue_length > 0 {
                    "locked"
                } else {
                    "free"
                }
            }
            LockNote::Storage(note) => {
                if note.entry.outcome.is_accepted() {
                    "accepted"
                } else {
                    "rejected"
                }
            }
        }
    }
}

impl LockNote {
    /// The client note, if this is one.
    pub fn client(&self) -> Option<&ClientNote> {
        match self {
            LockNote::Client(note) => Some(note),
            _ => None,
        }
    }

    /// The lock node's note, if this is one.
    pub fn service(&self) -> Option<&ServiceNote> {
        match self {
            LockNote::Service(note) => Some(note),
            _ => None,
        }
    }

    /// The storage note, if this is one.
    pub fn storage(&self) -> Option<&StorageNote> {
        match self {
            LockNote::Storage(note) => Some(note),
            _ => None,
        }
    }
}
