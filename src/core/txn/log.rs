//! The write-ahead log every node keeps on disk: the only state that survives a crash.
use super::ids::{ParticipantSet, TxnId};
use serde::Serialize;

/// How a transaction ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    /// Every participant made its changes permanent.
    Commit,
    /// Every participant undid its changes.
    Abort,
}

/// One log record. Which are forced (the node waits for the fsync before acting on them) follows presumed
/// abort (Mohan, Lindsay and Obermarck, "Transaction management in the R* distributed database management
/// system", 1986): `prepared`, `pre-committed` and `commit` are forced; `begin`, `abort` and `end` are not,
/// because losing them only ever leads to the abort that a missing record means anyway.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(tag = "record", rename_all = "kebab-case")]
pub enum LogRecord {
    /// Coordinator and client: the transaction exists and touches these participants.
    Begin {
        /// The transaction.
        txn: TxnId,
        /// Who takes part.
        participants: ParticipantSet,
    },
    /// Participant: it voted yes (written before the vote leaves). From here it is in doubt.
    Prepared {
        /// The transaction.
        txn: TxnId,
        /// Who takes part, so that after a crash it knows whom to ask.
        participants: ParticipantSet,
    },
    /// Three-phase participant: it is pre-committed (written before it acknowledges the pre-commit).
    PreCommitted {
        /// The transaction.
        txn: TxnId,
    },
    /// The decision commit (coordinator: decided; participant: applied; client: learned).
    Commit {
        /// The transaction.
        txn: TxnId,
    },
    /// The decision abort.
    Abort {
        /// The transaction.
        txn: TxnId,
    },
    /// Coordinator: every participant acknowledged the commit; nothing more to do for it.
    End {
        /// The transaction.
        txn: TxnId,
    },
}

impl LogRecord {
    /// The transaction the record is about.
    pub fn txn(&self) -> TxnId {
        match self {
            LogRecord::Begin { txn, .. }
            | LogRecord::Prepared { txn, .. }
            | LogRecord::PreCommitted { txn }
            | LogRecord::Commit { txn }
            | LogRecord::Abort { txn }
            | LogRecord::End { txn } => *txn,
        }
    }

    /// The record's short name, as the UI labels a log line: `begin`, `prepared`, `pre-committed`,
    /// `commit`, `abort`, `end`.
    pub fn code(&self) -> &'static str {
        match self {
            LogRecord::Begin { .. } => "begin",
            LogRecord::Prepared { .. } => "prepared",
            LogRecord::PreCommitted { .. } => "pre-committed",
            LogRecord::Commit { .. } => "commit",
            LogRecord::Abort { .. } => "abort",
            LogRecord::End { .. } => "end",
        }
    }

    /// The decision this record states, if it is one.
    pub fn outcome(&self) -> Option<Outcome> {
        match self {
            LogRecord::Commit { .. } => Some(Outcome::Commit),
            LogRecord::Abort { .. } => Some(Outcome::Abort),
            _ => None,
        }
    }

    /// The decision record for an outcome.
    pub fn decision(txn: TxnId, outcome: Outcome) -> Self {
        match outcome {
            Outcome::Commit => LogRecord::Commit { txn },
            Outcome::Abort => LogRecord::Abort { txn },
        }
    }
}

/// A node's durable state: its log, in the order records reached the disk.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct TxnLog {
    /// The records.
    pub records: Vec<LogRecord>,
}

impl TxnLog {
    /// The first decision logged for `txn` (a correct node logs at most one).
    pub fn decision(&self, txn: TxnId) -> Option<Outcome> {
        self.records
            .iter()
            .filter(|r| r.txn() == txn)
            .find_map(LogRecord::outcome)
    }

    /// The participants of `txn` named by its `begin` record.
    pub fn begun(&self, txn: TxnId) -> Option<ParticipantSet> {
        self.records.iter().find_map(|r| match r {
            LogRecord::Begin {
                txn: t,
                participants,
            } if *t == txn => Some(*participants),
            _ => None,
        })
    }

    /// The participants of `txn` named by its `prepared` record, if this node voted yes.
    pub fn prepared(&self, txn: TxnId) -> Option<ParticipantSet> {
        self.records.iter().find_map(|r| match r {
            LogRecord::Prepared {
                txn: t,
                participants,
            } if *t == txn => Some(*participants),
            _ => None,
        })
    }

    /// Whether a `pre-committed` record of `txn` is on disk.
    pub fn pre_committed(&self, txn: TxnId) -> bool {
        self.has(LogRecord::PreCommitted { txn })
    }

    /// Whether an `end` record of `txn` is on disk.
    pub fn ended(&self, txn: TxnId) -> bool {
        self.has(LogRecord::End { txn })
    }

    /// Whether this exact record is on disk.
    pub fn has(&self, record: LogRecord) -> bool {
        self.records.contains(&record)
    }

    /// How many `begin` records the log holds (the client numbers its next transaction from this).
    pub fn begin_count(&self) -> u32 {
        self.records
            .iter()
            .filter(|r| matches!(r, LogRecord::Begin { .. }))
            .count() as u32
    }

    /// Every `(transaction, decision)` on disk, in log order.
    pub fn decisions(&self) -> impl Iterator<Item = (TxnId, Outcome)> + '_ {
        self.records
            .iter()
            .filter_map(|r| r.outcome().map(|o| (r.txn(), o)))
    }
}
