//! The messages of two-phase commit, its cooperative termination and three-phase commit.
use super::ids::{ParticipantSet, TxnId};
use crate::sim::Message;

/// What an acknowledgement acknowledges.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Acked {
    /// A three-phase pre-commit: "I am pre-committed, and logged it".
    PreCommit,
    /// A commit: "I committed; you may forget the transaction" (presumed abort acknowledges commits only).
    Decision,
}

/// Every message, each about one transaction. Kinds (the legend's codes): `begin`, `prepare`, `vote-yes`,
/// `vote-no`, `pre-commit`, `commit`, `abort`, `ack`, `decision-query`, `decision-reply`.
///
/// The answers to a `decision-query` reuse the decision kinds, as real systems resend the decision: a node
/// that knows answers `commit` or `abort`; a three-phase participant that is pre-committed answers
/// `pre-commit` ("move to pre-committed too"); a node that knows nothing either answers `decision-reply`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TxnMsg {
    /// Client to coordinator: run this transaction on these participants (resent until the outcome comes).
    Begin {
        /// The transaction.
        txn: TxnId,
        /// The participants it touches.
        participants: ParticipantSet,
    },
    /// Coordinator to participant: phase one, "can you commit?". Carries the participant set so that
    /// participants can ask each other (cooperative termination, three-phase termination).
    Prepare {
        /// The transaction.
        txn: TxnId,
        /// Everyone it touches.
        participants: ParticipantSet,
    },
    /// Participant to coordinator: "yes, and I logged `prepared`: I can no longer abort alone".
    VoteYes {
        /// The transaction.
        txn: TxnId,
    },
    /// Participant to coordinator: "no" (it has aborted already).
    VoteNo {
        /// The transaction.
        txn: TxnId,
    },
    /// Three-phase commit's middle phase: everyone voted yes; move to pre-committed.
    PreCommit {
        /// The transaction.
        txn: TxnId,
    },
    /// The decision: commit.
    Commit {
        /// The transaction.
        txn: TxnId,
    },
    /// The decision: abort.
    Abort {
        /// The transaction.
        txn: TxnId,
    },
    /// "Done": a participant acknowledges a pre-commit or a commit.
    Ack {
        /// The transaction.
        txn: TxnId,
        /// What is acknowledged.
        of: Acked,
    },
    /// An in-doubt participant (or a recovering three-phase coordinator) asks: "what was decided?".
    DecisionQuery {
        /// The transaction.
        txn: TxnId,
        /// Sent by a three-phase backup coordinator running the termination protocol (so the peers that
        /// rank after it wait instead of starting their own).
        backup: bool,
    },
    /// "I do not know either": the sender is in doubt too, or the coordinator has not decided yet.
    DecisionReply {
        /// The transaction.
        txn: TxnId,
    },
}

impl TxnMsg {
    /// The transaction the message is about.
    pub fn txn(&self) -> TxnId {
        match self {
            TxnMsg::Begin { txn, .. }
            | TxnMsg::Prepare { txn, .. }
            | TxnMsg::VoteYes { txn }
            | TxnMsg::VoteNo { txn }
            | TxnMsg::PreCommit { txn }
            | TxnMsg::Commit { txn }
            | TxnMsg::Abort { txn }
            | TxnMsg::Ack { txn, .. }
            | TxnMsg::DecisionQuery { txn, .. }
            | TxnMsg::DecisionReply { txn } => *txn,
        }
    }
}

impl Message for TxnMsg {
    fn kind(&self) -> &'static str {
        match self {
            TxnMsg::Begin { .. } => "begin",
            TxnMsg::Prepare { .. } => "prepare",
            TxnMsg::VoteYes { .. } => "vote-yes",
            TxnMsg::VoteNo { .. } => "vote-no",
            TxnMsg::PreCommit { .. } => "pre-commit",
            TxnMsg::Commit { .. } => "commit",
            TxnMsg::Abort { .. } => "abort",
            TxnMsg::Ack { .. } => "ack",
            TxnMsg::DecisionQuery { .. } => "decision-query",
            TxnMsg::DecisionReply { .. } => "decision-reply",
        }
    }

    /// The transaction number, `#3`: the kind says the rest.
    fn detail(&self) -> String {
        self.txn().to_string()
    }
}
