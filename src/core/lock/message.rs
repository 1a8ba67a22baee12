//! What lock clients, lock nodes and the storage say to each other ([`LockMsg`]), and the identities the
//! messages carry ([`HoldId`], [`Ticket`], [`SessionId`]).
//!
//! The lock node speaks a small subset of Redis (`GET`, `SET`, `DEL`, `SET NX PX`, compare-and-delete,
//! `PEXPIRE`-if-ours, `INCR`, `DECR`) and of ZooKeeper (ephemeral sequential create, watches, sessions); the
//! storage takes reads and writes, each with the holder's fencing token where the variant has one.
use crate::sim::{Message, NodeId, TimeMs};
use serde::Serialize;
use std::fmt;

/// One hold of the lock by one client: its round of acquire, read, work, write, release. Rounds are
/// numbered from a durable counter, so a client that crashed and came back never reuses one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct HoldId {
    /// The client.
    pub client: NodeId,
    /// Its round, from 1.
    pub round: u32,
}

impl fmt::Display for HoldId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}#{}", self.client, self.round)
    }
}

/// The value a client stores in the lock for one attempt: the Redis recipes' "random value", unique per
/// attempt so that a late reply or release of an earlier attempt can never be taken for this one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Ticket {
    /// The hold this attempt is for.
    pub hold: HoldId,
    /// The attempt within the round, from 1.
    pub attempt: u32,
}

impl fmt::Display for Ticket {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.hold, self.attempt)
    }
}

/// A client's session with the queue lock's service (ZooKeeper sessions, etcd leases): its ephemeral
/// entries live as long as it keeps the session alive. A new one is opened after a crash or an expiry.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct SessionId {
    /// The client.
    pub client: NodeId,
    /// How many sessions it has opened, this one included (a durable counter).
    pub epoch: u32,
}

impl fmt::Display for SessionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}s{}", self.client, self.epoch)
    }
}

/// What a queue waiter watches.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum WatchTarget {
    /// The entry just ahead of it, by sequence number (the recipe: one notification per handover).
    Entry(u64),
    /// The lock entry itself, whoever holds it (the herd: everyone is notified when it goes).
    Lock,
}

/// Every message of the lock panel. Kinds are Redis and ZooKeeper command names where there is one.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum LockMsg {
    /// `GET lock` (check-then-set).
    Get {
        /// The attempt asking.
        ticket: Ticket,
    },
    /// The reply to `GET lock`: who holds it, if anyone.
    Value {
        /// The attempt that asked.
        ticket: Ticket,
        /// The hold stored in the lock, if any.
        holder: Option<HoldId>,
    },
    /// `SET lock value`, no condition, no expiry (check-then-set).
    Set {
        /// The value to store.
        ticket: Ticket,
    },
    /// `OK`, the reply to `SET`.
    Ok {
        /// The attempt that asked.
        ticket: Ticket,
    },
    /// `DEL lock`, unconditionally (seed 000's release; no reply).
    Del {
        /// The attempt asking.
        ticket: Ticket,
    },
    /// `SET lock value NX [PX ttl]`, with the fencing token's `INCR` in the same script when `fencing`.
    SetNx {
        /// The value to store.
        ticket: Ticket,
        /// The lease, by the lock node's clock; `None`: no expiry.
        ttl_ms: Option<TimeMs>,
        /// Whether to hand out a fencing token with the grant.
        fencing: bool,
    },
    /// The lock is the asker's now.
    Granted {
        /// The attempt granted.
        ticket: Ticket,
        /// Its fencing token, when asked for one.
        token: Option<u64>,
    },
    /// The lock is someone else's (`SET NX` found the key; ZooKeeper's "node exists").
    Busy {
        /// The attempt refused.
        ticket: Ticket,
    },
    /// Compare-and-delete: delete the lock only if it still holds this value (no reply).
    Release {
        /// The value the releaser stored.
        ticket: Ticket,
    },
    /// The lock does not hold this value (it expired, or someone else has it): the renewal was refused.
    NotOwner {
        /// The attempt that asked.
        ticket: Ticket,
    },
    /// A watchdog's renewal: reset the lease to `ttl_ms` if the lock still holds this value.
    Extend {
        /// The value the holder stored.
        ticket: Ticket,
        /// The new lease, by the lock node's clock.
        ttl_ms: TimeMs,
    },
    /// The lease was renewed.
    Extended {
        /// The holder's attempt.
        ticket: Ticket,
    },
    /// `INCR counter` (seed 001).
    Incr {
        /// The attempt asking.
        ticket: Ticket,
    },
    /// `DECR counter` (seed 001's release, or giving up; no reply).
    Decr {
        /// The attempt asking.
        ticket: Ticket,
    },
    /// The counter after `INCR`.
    Integer {
        /// The attempt that asked.
        ticket: Ticket,
        /// The counter's new value.
        value: u64,
    },
    /// `GET version` (seed 001).
    GetVersion {
        /// The attempt asking.
        ticket: Ticket,
    },
    /// `SET version timestamp` (seed 001).
    SetVersion {
        /// The attempt asking.
        ticket: Ticket,
        /// The asker's clock reading when it asked for the lock.
        version: u64,
    },
    /// The reply to `GET version`.
    Version {
        /// The attempt that asked.
        ticket: Ticket,
        /// The stored version, if any.
        version: Option<u64>,
    },
    /// Create this hold's entry: ephemeral and sequential (the queue), or the one lock entry (the herd).
    /// Idempotent per hold, as Curator's "protected" creates are, so a retried create finds its entry.
    Create {
        /// The attempt asking.
        ticket: Ticket,
        /// The session the entry belongs to.
        session: SessionId,
        /// Sequential (join the queue) or the single lock entry.
        sequential: bool,
    },
    /// Where the asker's entry stands: its sequence number (the fencing token), how many entries are ahead
    /// and the one just ahead.
    Queued {
        /// The attempt that asked.
        ticket: Ticket,
        /// The entry's sequence number.
        seq: u64,
        /// Entries ahead of it.
        ahead: u32,
        /// The entry just ahead, if any.
        predecessor: Option<u64>,
    },
    /// Tell me when this goes (one-shot, like a ZooKeeper watch).
    Watch {
        /// The waiting attempt.
        ticket: Ticket,
        /// Its session.
        session: SessionId,
        /// What it watches.
        target: WatchTarget,
    },
    /// A watched entry is gone.
    Notify {
        /// The watching attempt.
        ticket: Ticket,
        /// The entry that went.
        seq: u64,
    },
    /// Where does my entry stand now? (`getChildren` after a notification.)
    Check {
        /// The waiting attempt.
        ticket: Ticket,
        /// Its session.
        session: SessionId,
        /// Its entry.
        seq: u64,
    },
    /// Delete my entry (release).
    Delete {
        /// The holder's attempt.
        ticket: Ticket,
        /// Its session.
        session: SessionId,
        /// Its entry.
        seq: u64,
    },
    /// The entry was deleted.
    Deleted {
        /// The attempt that asked.
        ticket: Ticket,
    },
    /// "My session is alive" (ZooKeeper's ping, etcd's lease keep-alive).
    KeepAlive {
        /// The session.
        session: SessionId,
    },
    /// The session expired: its entries are gone and nothing it asks is done.
    SessionExpired {
        /// The session.
        session: SessionId,
    },
    /// Read the resource at the start of a hold, with the hold's token.
    Read {
        /// The hold reading.
        hold: HoldId,
        /// Its fencing token, where the variant has one.
        token: Option<u64>,
    },
    /// The resource's value.
    ReadOk {
        /// The hold that read.
        hold: HoldId,
        /// The value read.
        value: u64,
    },
    /// A read refused: the storage has seen a higher token.
    ReadRejected {
        /// The hold refused.
        hold: HoldId,
        /// The highest token the storage has seen.
        highest: u64,
    },
    /// Write the resource at the end of a hold (the value read plus one), with the hold's token.
    Write {
        /// The hold writing.
        hold: HoldId,
        /// Its fencing token, where the variant has one.
        token: Option<u64>,
        /// The new value.
        value: u64,
    },
    /// The write was applied.
    WriteAccepted {
        /// The hold that wrote.
        hold: HoldId,
    },
    /// A write refused: the storage has seen a higher token.
    WriteRejected {
        /// The hold refused.
        hold: HoldId,
        /// The highest token the storage has seen.
        highest: u64,
    },
}

/// The message kinds that go to or come from the storage (the rest is the lock's own traffic).
pub const STORAGE_KINDS: [&str; 6] = [
    "read",
    "read-ok",
    "read-rejected",
    "write",
    "write-accepted",
    "write-rejected",
];

impl Message for LockMsg {
    fn kind(&self) -> &'static str {
        match self {
            LockMsg::Get { .. } | LockMsg::GetVersion { .. } => "get",
            LockMsg::Value { .. } | LockMsg::Version { .. } => "value",
            LockMsg::Set { .. } | LockMsg::SetVersion { .. } => "set",
            LockMsg::Ok { .. } => "ok",
            LockMsg::Del { .. } => "del",
            LockMsg::SetNx { .. } => "set-nx",
            LockMsg::Granted { .. } => "granted",
            LockMsg::Busy { .. } => "busy",
            LockMsg::Release { .. } => "release",
            LockMsg::NotOwner { .. } => "not-owner",
            LockMsg::Extend { .. } => "extend",
            LockMsg::Extended { .. } => "extended",
            LockMsg::Incr { .. } => "incr",
            LockMsg::Decr { .. } => "decr",
            LockMsg::Integer { .. } => "integer",
            LockMsg::Create { .. } => "create",
            LockMsg::Queued { .. } => "queued",
            LockMsg::Watch { .. } => "watch",
            LockMsg::Notify { .. } => "notify",
            LockMsg::Check { .. } => "check",
            LockMsg::Delete { .. } => "delete",
            LockMsg::Deleted { .. } => "deleted",
            LockMsg::KeepAlive { .. } => "keep-alive",
            LockMsg::SessionExpired { .. } => "session-expired",
            LockMsg::Read { .. } => "read",
            LockMsg::ReadOk { .. } => "read-ok",
            LockMsg::ReadRejected { .. } => "read-rejected",
            LockMsg::Write { .. } => "write",
            LockMsg::WriteAccepted { .. } => "write-accepted",
            LockMsg::WriteRejected { .. } => "write-rejected",
        }
    }

    /// Names and numbers only (`n3#2.1 ttl_ms=1000`): the UI frames them in the reader's language.
    fn detail(&self) -> String {
        let token = |token: &Option<u64>| match token {
            Some(token) => format!(" token={token}"),
            None => String::new(),
        };
        match self {
            LockMsg::Get { ticket }
            | LockMsg::Set { ticket }
            | LockMsg::Ok { ticket }
            | LockMsg::Del { ticket }
            | LockMsg::Busy { ticket }
            | LockMsg::Release { ticket }
            | LockMsg::NotOwner { ticket }
            | LockMsg::Extended { ticket }
            | LockMsg::Incr { ticket }
            | LockMsg::Decr { ticket }
            | LockMsg::GetVersion { ticket }
            | LockMsg::Deleted { ticket } => ticket.to_string(),
            LockMsg::Value { ticket, holder } => match holder {
                Some(holder) => format!("{ticket} holder={holder}"),
                None => format!("{ticket} holder=none"),
            },
            LockMsg::SetNx {
                ticket,
                ttl_ms,
                fencing,
            } => {
                let ttl = ttl_ms.map_or(String::new(), |ttl| format!(" ttl_ms={ttl}"));
                let fencing = if *fencing { " fencing" } else { "" };
                format!("{ticket}{ttl}{fencing}")
            }
            LockMsg::Granted { ticket, token: t } => format!("{ticket}{}", token(t)),
            LockMsg::Extend { ticket, ttl_ms } => format!("{ticket} ttl_ms={ttl_ms}"),
            LockMsg::Integer { ticket, value } => format!("{ticket} value={value}"),
            LockMsg::SetVersion { ticket, version } => format!("{ticket} version={version}"),
            LockMsg::Version { ticket, version } => match version {
                Some(version) => format!("{ticket} version={version}"),
                None => format!("{ticket} version=none"),
            },
            LockMsg::Create {
                ticket, session, ..
            } => format!("{ticket} session={session}"),
            LockMsg::Queued {
                ticket, seq, ahead, ..
            } => format!("{ticket} seq={seq} ahead={ahead}"),
            LockMsg::Watch { ticket, target, .. } => match target {
                WatchTarget::Entry(seq) => format!("{ticket} watch_seq={seq}"),
                WatchTarget::Lock => format!("{ticket} watch=lock"),
            },
            LockMsg::Notify { ticket, seq } => format!("{ticket} gone_seq={seq}"),
            LockMsg::Check { ticket, seq, .. } | LockMsg::Delete { ticket, seq, .. } => {
                format!("{ticket} seq={seq}")
            }
            LockMsg::KeepAlive { session } | LockMsg::SessionExpired { session } => {
                format!("session={session}")
            }
            LockMsg::Read { hold, token: t } => format!("{hold}{}", token(t)),
            LockMsg::ReadOk { hold, value } => format!("{hold} value={value}"),
            LockMsg::ReadRejected { hold, highest } | LockMsg::WriteRejected { hold, highest } => {
                format!("{hold} highest={highest}")
            }
            LockMsg::Write {
                hold,
                token: t,
                value,
            } => format!("{hold}{} value={value}", token(t)),
            LockMsg::WriteAccepted { hold } => hold.to_string(),
        }
    }
}
