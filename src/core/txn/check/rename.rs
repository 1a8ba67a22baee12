//! [`Rename`] for every value of the commit protocol, so the model checker can permute participants
//! (symmetry reduction, [`crate::check::CheckModel::symmetric`]).
//!
//! Participants appear by node id (senders, receivers, `pre_commit_from`) and by index (a participant's
//! own `index`, and every [`ParticipantSet`] bitmask: the coordinator's vote and acknowledgement sets, the
//! sets in `begin`, `prepare` and the log). Renaming maps both through the same node map, so a renamed
//! state is the state the renamed run would reach.
use super::super::client::ClientState;
use super::super::coordinator::{CoordinatorState, CoordinatorTxn};
use super::super::ids::{participant_index, participant_node, ParticipantSet};
use super::super::log::{LogRecord, TxnLog};
use super::super::messages::TxnMsg;
use super::super::node::{Outgoing, RoleState, TxnNode, TxnTimer};
use super::super::participant::{ParticipantState, ParticipantTxn, TerminationRun};
use crate::check::Rename;
use crate::sim::NodeId;

type Map<'a> = &'a dyn Fn(NodeId) -> NodeId;

/// Participant `index` renamed; an index the map sends outside the participants is kept.
fn rename_index(index: u32, map: Map<'_>) -> u32 {
    participant_index(map(participant_node(index))).unwrap_or(index)
}

impl Rename for ParticipantSet {
    fn rename(&self, map: Map<'_>) -> Self {
        self.indices().fold(ParticipantSet::EMPTY, |set, index| {
            set.with(rename_index(index, map))
        })
    }
}

impl Rename for LogRecord {
    fn rename(&self, map: Map<'_>) -> Self {
        match *self {
            LogRecord::Begin { txn, participants } => LogRecord::Begin {
                txn,
                participants: participants.rename(map),
            },
            LogRecord::Prepared { txn, participants } => LogRecord::Prepared {
                txn,
                participants: participants.rename(map),
            },
            other => other,
        }
    }
}

impl Rename for TxnLog {
    fn rename(&self, map: Map<'_>) -> Self {
        TxnLog {
            records: self.records.iter().map(|r| r.rename(map)).collect(),
        }
    }
}

impl Rename for TxnMsg {
    fn rename(&self, map: Map<'_>) -> Self {
        match *self {
            TxnMsg::Begin { txn, participants } => TxnMsg::Begin {
                txn,
                participants: participants.rename(map),
            },
            TxnMsg::Prepare { txn, participants } => TxnMsg::Prepare {
                txn,
                participants: participants.rename(map),
            },
            ref other => other.clone(),
        }
    }
}

impl Rename for TxnTimer {
    fn rename(&self, map: Map<'_>) -> Self {
        match self {
            TxnTimer::LogWritten(record) => TxnTimer::LogWritten(record.rename(map)),
            other => other.clone(),
        }
    }
}

impl Rename for Outgoing {
    fn rename(&self, map: Map<'_>) -> Self {
        match self {
            Outgoing::Send { to, msg } => Outgoing::Send {
                to: map(*to),
                msg: msg.rename(map),
            },
            Outgoing::Write(record) => Outgoing::Write(record.rename(map)),
        }
    }
}

impl Rename for CoordinatorTxn {
    fn rename(&self, map: Map<'_>) -> Self {
        CoordinatorTxn {
            participants: self.participants.rename(map),
            voted: self.voted.rename(map),
            voted_yes: self.voted_yes.rename(map),
            pre_commit_acks: self.pre_commit_acks.rename(map),
            acks: self.acks.rename(map),
            in_doubt_replies: self.in_doubt_replies.rename(map),
            ..self.clone()
        }
    }
}

impl Rename for TerminationRun {
    fn rename(&self, map: Map<'_>) -> Self {
        TerminationRun {
            stage: self.stage,
            in_doubt_peers: self.in_doubt_peers.rename(map),
            acked: self.acked.rename(map),
        }
    }
}

impl Rename for ParticipantTxn {
    fn rename(&self, map: Map<'_>) -> Self {
        ParticipantTxn {
            participants: self.participants.rename(map),
            pre_commit_from: self.pre_commit_from.map(map),
            termination: self.termination.map(|t| t.rename(map)),
            ..self.clone()
        }
    }
}

impl Rename for ParticipantState {
    fn rename(&self, map: Map<'_>) -> Self {
        ParticipantState {
            index: rename_index(self.index, map),
            txns: self.txns.iter().map(|t| t.rename(map)).collect(),
            ..self.clone()
        }
    }
}

impl Rename for RoleState {
    fn rename(&self, map: Map<'_>) -> Self {
        match self {
            RoleState::Client(ClientState { .. }) => self.clone(),
            RoleState::Coordinator(CoordinatorState { txns }) => {
                RoleState::Coordinator(CoordinatorState {
                    txns: txns.iter().map(|t| t.rename(map)).collect(),
                })
            }
            RoleState::Participant(state) => RoleState::Participant(state.rename(map)),
        }
    }
}

impl Rename for TxnNode {
    fn rename(&self, map: Map<'_>) -> Self {
        TxnNode {
            config: self.config,
            outbox: self.outbox.iter().map(|o| o.rename(map)).collect(),
            role: self.role.rename(map),
        }
    }
}
