//! What a node reports after every change: its state for one transaction, its log, its lock.
use super::ids::TxnId;
use super::log::LogRecord;
use crate::sim::{Note, TimeMs};
use serde::Serialize;

/// A node's part in the run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    /// Begins transactions, learns outcomes.
    Client,
    /// Runs the protocol for every transaction.
    Coordinator,
    /// Holds a key, votes, and applies the decision.
    Participant,
}

impl Role {
    /// The legend's role code: `client`, `coordinator`, `participant`.
    pub fn code(self) -> &'static str {
        match self {
            Role::Client => "client",
            Role::Coordinator => "coordinator",
            Role::Participant => "participant",
        }
    }
}

/// A node's state for one transaction: the legend's state codes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum TxnState {
    /// Nothing going on.
    Idle,
    /// Before the vote: waiting for the lock, writing the `prepared` record (participant); collecting votes
    /// or logging the decision (coordinator); waiting for the outcome (client). A participant may still
    /// abort alone.
    Working,
    /// Voted yes and knows no decision: may neither commit nor abort alone (a recovering three-phase
    /// coordinator that is asking is in doubt too).
    InDoubt,
    /// Three-phase commit: everyone voted yes and this node knows it (participant), or the coordinator is
    /// collecting pre-commit acknowledgements.
    PreCommitted,
    /// Committed (coordinator: decided commit).
    Committed,
    /// Aborted.
    Aborted,
}

impl TxnState {
    /// The legend's state code: `idle`, `working`, `in-doubt`, `pre-committed`, `committed`, `aborted`.
    pub fn code(self) -> &'static str {
        match self {
            TxnState::Idle => "idle",
            TxnState::Working => "working",
            TxnState::InDoubt => "in-doubt",
            TxnState::PreCommitted => "pre-committed",
            TxnState::Committed => "committed",
            TxnState::Aborted => "aborted",
        }
    }

    /// Every state, in the legend's order.
    pub const ALL: [TxnState; 6] = [
        TxnState::Idle,
        TxnState::Working,
        TxnState::InDoubt,
        TxnState::PreCommitted,
        TxnState::Committed,
        TxnState::Aborted,
    ];
}

/// A node's report after a change. A participant reports the transaction holding its lock (or, with the
/// lock free, the one that just changed); the coordinator and the client report the transaction that changed.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct TxnNote {
    /// Who reports.
    pub role: Role,
    /// Its state for `txn`.
    pub state: TxnState,
    /// The transaction reported on (`None` before the first).
    pub txn: Option<TxnId>,
    /// The node's whole durable log so far.
    pub log: Vec<LogRecord>,
    /// Participant: the transaction holding its key's lock.
    pub lock_held_by: Option<TxnId>,
    /// Participant: transactions waiting for that lock, first come first served.
    pub lock_waiters: Vec<TxnId>,
    /// Participant in doubt about `txn`: when (on its own clock) it voted yes, or recovered in doubt, so
    /// the UI can show "blocked for".
    pub in_doubt_since_ms: Option<TimeMs>,
}

impl TxnNote {
    /// A node with nothing to report yet: idle, an empty log, no lock.
    pub fn idle(role: Role) -> TxnNote {
        TxnNote {
            role,
            state: TxnState::Idle,
            txn: None,
            log: Vec::new(),
            lock_held_by: None,
            lock_waiters: Vec::new(),
            in_doubt_since_ms: None,
        }
    }
}

impl Note for TxnNote {
    fn state(&self) -> &'static str {
        self.state.code()
    }
}
