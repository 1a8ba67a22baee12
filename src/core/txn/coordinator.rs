//! The coordinator: runs each transaction's phases, logs its decision, sends it, and after a crash
//! finishes from its log.
//!
//! Two-phase commit with presumed abort: `begin` is logged without waiting, prepares go out, and the first
//! `vote-no` or the vote timeout aborts (logged without waiting, sent once, never acknowledged: a
//! participant that asks about a transaction the coordinator has no decision for is told abort). When every
//! vote is yes the coordinator forces `commit` to its log and only then sends it, resending until every
//! participant acknowledges, then logs `end`. Three-phase commit puts a pre-commit round between the
//! votes and the commit.
use super::config::Variant;
use super::ids::{participant_index, ParticipantSet, TxnId, CLIENT};
use super::log::{LogRecord, Outcome};
use super::messages::{Acked, TxnMsg};
use super::node::{Ctx, TxnTimer};
use super::note::{Role, TxnNote, TxnState};
use crate::sim::NodeId;

/// Where the coordinator is with one transaction.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum CoordinatorPhase {
    /// Prepares sent; counting votes.
    Collecting,
    /// Three-phase: pre-commits sent; counting acknowledgements.
    PreCommitting,
    /// Decided; the decision's forced write is in progress, nothing sent yet.
    Logging(Outcome),
    /// Decided and logged (or, broken, sent before logging); sending and resending.
    Decided(Outcome),
    /// Recovering in three-phase commit without a logged decision: asking the participants, who may have
    /// decided without it.
    Asking,
    /// Every participant acknowledged the commit: `end` logged.
    Ended,
}

/// The coordinator's volatile record of one transaction.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CoordinatorTxn {
    /// The transaction.
    pub txn: TxnId,
    /// Its participants.
    pub participants: ParticipantSet,
    /// Where it is.
    pub phase: CoordinatorPhase,
    /// Participants whose vote (yes or no) arrived.
    pub voted: ParticipantSet,
    /// Participants that voted yes.
    pub voted_yes: ParticipantSet,
    /// Three-phase: participants that acknowledged the pre-commit.
    pub pre_commit_acks: ParticipantSet,
    /// Participants that acknowledged the commit.
    pub acks: ParticipantSet,
    /// Prepares that have left so far.
    pub prepares_sent: u32,
    /// Pre-commits that have left so far.
    pub pre_commits_sent: u32,
    /// Decision messages to participants that have left so far (resends included).
    pub decisions_sent: u32,
    /// Recovering three-phase coordinator: query rounds sent.
    pub rounds: u32,
    /// Recovering three-phase coordinator: participants that answered the current round "in doubt".
    pub in_doubt_replies: ParticipantSet,
}

impl CoordinatorTxn {
    fn new(txn: TxnId, participants: ParticipantSet, phase: CoordinatorPhase) -> Self {
        CoordinatorTxn {
            txn,
            participants,
            phase,
            voted: ParticipantSet::EMPTY,
            voted_yes: ParticipantSet::EMPTY,
            pre_commit_acks: ParticipantSet::EMPTY,
            acks: ParticipantSet::EMPTY,
            prepares_sent: 0,
            pre_commits_sent: 0,
            decisions_sent: 0,
            rounds: 0,
            in_doubt_replies: ParticipantSet::EMPTY,
        }
    }

    /// The decision, once made (logged or not).
    pub fn decision(&self) -> Option<Outcome> {
        match self.phase {
            CoordinatorPhase::Logging(outcome) | CoordinatorPhase::Decided(outcome) => {
                Some(outcome)
            }
            CoordinatorPhase::Ended => Some(Outcome::Commit),
            _ => None,
        }
    }
}

/// The coordinator's volatile state: every transaction it has heard of since it last started.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CoordinatorState {
    /// Its transactions, in the order they began.
    pub txns: Vec<CoordinatorTxn>,
}

impl CoordinatorState {
    /// The volatile record of `txn`, if any.
    pub fn txn(&self, txn: TxnId) -> Option<&CoordinatorTxn> {
        self.txns.iter().find(|t| t.txn == txn)
    }

    fn position(&self, txn: TxnId) -> Option<usize> {
        self.txns.iter().position(|t| t.txn == txn)
    }

    pub(crate) fn message(&mut self, ctx: &mut Ctx, from: NodeId, msg: TxnMsg) {
        match msg {
            TxnMsg::Begin { txn, participants } => self.begin(ctx, from, txn, participants),
            TxnMsg::VoteYes { txn } => self.vote(ctx, from, txn, true),
            TxnMsg::VoteNo { txn } => self.vote(ctx, from, txn, false),
            TxnMsg::Ack { txn, of } => self.ack(ctx, from, txn, of),
            TxnMsg::DecisionQuery { txn, .. } => self.answer(ctx, from, txn),
            TxnMsg::Commit { txn } => self.learn(ctx, txn, Outcome::Commit),
            TxnMsg::Abort { txn } => self.learn(ctx, txn, Outcome::Abort),
            TxnMsg::DecisionReply { txn } => self.in_doubt_reply(from, txn),
            TxnMsg::Prepare { .. } | TxnMsg::PreCommit { .. } => {}
        }
    }

    fn begin(&mut self, ctx: &mut Ctx, from: NodeId, txn: TxnId, participants: ParticipantSet) {
        if let Some(outcome) = ctx.log().decision(txn) {
            ctx.send(from, decision_message(txn, outcome));
            return;
        }
        if self.position(txn).is_some() || ctx.log().begun(txn).is_some() {
            return;
        }
        let participants = participants.and(ctx.config.all_participants());
        if participants.is_empty() {
            return;
        }
        ctx.append(LogRecord::Begin { txn, participants });
        self.txns.push(CoordinatorTxn::new(
            txn,
            participants,
            CoordinatorPhase::Collecting,
        ));
        for node in participants.nodes() {
            ctx.send(node, TxnMsg::Prepare { txn, participants });
        }
        let vote_timeout_ms = ctx.timing().vote_timeout_ms;
        ctx.set_timer(TxnTimer::VoteTimeout(txn), vote_timeout_ms);
        ctx.changed(txn);
    }

    fn vote(&mut self, ctx: &mut Ctx, from: NodeId, txn: TxnId, yes: bool) {
        let Some(index) = participant_index(from) else {
            return;
        };
        let Some(at) = self.position(txn) else {
            // A late vote for a transaction decided before a crash: tell the voter, if it waits.
            if let (true, Some(outcome)) = (yes, ctx.log().decision(txn)) {
                ctx.send(from, decision_message(txn, outcome));
            }
            return;
        };
        let t = &mut self.txns[at];
        if t.phase != CoordinatorPhase::Collecting || !t.participants.contains(index) {
            return;
        }
        t.voted = t.voted.with(index);
        if !yes {
            self.abort(ctx, at);
            return;
        }
        t.voted_yes = t.voted_yes.with(index);
        let enough = match ctx.config.variant {
            Variant::CommitsWithoutAllVotes => true,
            _ => t.voted_yes.covers(t.participants),
        };
        ctx.changed(txn);
        if enough {
            ctx.cancel_timer(TxnTimer::VoteTimeout(txn));
            if ctx.config.variant == Variant::ThreePhase {
                let t = &mut self.txns[at];
                t.phase = CoordinatorPhase::PreCommitting;
                for node in t.participants.nodes() {
                    ctx.send(node, TxnMsg::PreCommit { txn });
                }
                let wait_ms = ctx.timing().vote_timeout_ms;
                ctx.set_timer(TxnTimer::PreCommitTimeout(txn), wait_ms);
            } else {
                self.decide_commit(ctx, at);
            }
        }
    }

    /// Commit decided: force it to the log, then send it. The broken variant sends first and queues the
    /// write behind the messages.
    fn decide_commit(&mut self, ctx: &mut Ctx, at: usize) {
        let t = &mut self.txns[at];
        let txn = t.txn;
        if ctx.config.variant == Variant::SendsDecisionBeforeLogging {
            t.phase = CoordinatorPhase::Decided(Outcome::Commit);
            self.send_decision(ctx, at, Outcome::Commit, ParticipantSet::EMPTY);
            ctx.write_after_sends(LogRecord::Commit { txn });
            let retry_ms = ctx.timing().retry_ms;
            ctx.set_timer(TxnTimer::Resend(txn), retry_ms);
        } else {
            t.phase = CoordinatorPhase::Logging(Outcome::Commit);
            ctx.force(LogRecord::Commit { txn });
        }
        ctx.changed(txn);
    }

    /// Presumed abort: the record needs no fsync and no acknowledgement; participants that voted no have
    /// aborted already and are not told.
    fn abort(&mut self, ctx: &mut Ctx, at: usize) {
        let t = &mut self.txns[at];
        let txn = t.txn;
        ctx.cancel_timer(TxnTimer::VoteTimeout(txn));
        ctx.cancel_timer(TxnTimer::PreCommitTimeout(txn));
        t.phase = CoordinatorPhase::Decided(Outcome::Abort);
        let voted_no = ParticipantSet(t.voted.0 & !t.voted_yes.0);
        ctx.append(LogRecord::Abort { txn });
        self.send_decision(ctx, at, Outcome::Abort, voted_no);
        ctx.changed(txn);
    }

    /// Queues the decision for every participant but `skip`, then for the client.
    fn send_decision(&self, ctx: &mut Ctx, at: usize, outcome: Outcome, skip: ParticipantSet) {
        let t = &self.txns[at];
        for index in t.participants.indices().filter(|i| !skip.contains(*i)) {
            ctx.send(
                super::ids::participant_node(index),
                decision_message(t.txn, outcome),
            );
        }
        ctx.send(CLIENT, decision_message(t.txn, outcome));
    }

    pub(crate) fn written(&mut self, ctx: &mut Ctx, record: LogRecord) {
        let LogRecord::Commit { txn } = record else {
            return;
        };
        let Some(at) = self.position(txn) else {
            return;
        };
        if self.txns[at].phase != CoordinatorPhase::Logging(Outcome::Commit) {
            return;
        }
        self.txns[at].phase = CoordinatorPhase::Decided(Outcome::Commit);
        self.send_decision(ctx, at, Outcome::Commit, ParticipantSet::EMPTY);
        let retry_ms = ctx.timing().retry_ms;
        ctx.set_timer(TxnTimer::Resend(txn), retry_ms);
        ctx.changed(txn);
    }

    fn ack(&mut self, ctx: &mut Ctx, from: NodeId, txn: TxnId, of: Acked) {
        let (Some(index), Some(at)) = (participant_index(from), self.position(txn)) else {
            return;
        };
        let t = &mut self.txns[at];
        match (of, t.phase) {
            (Acked::PreCommit, CoordinatorPhase::PreCommitting) => {
                t.pre_commit_acks = t.pre_commit_acks.with(index);
                if t.pre_commit_acks.covers(t.participants) {
                    ctx.cancel_timer(TxnTimer::PreCommitTimeout(txn));
                    self.decide_commit(ctx, at);
                }
            }
            (Acked::Decision, CoordinatorPhase::Decided(Outcome::Commit)) => {
                t.acks = t.acks.with(index);
                if t.acks.covers(t.participants) {
                    t.phase = CoordinatorPhase::Ended;
                    ctx.append(LogRecord::End { txn });
                    ctx.cancel_timer(TxnTimer::Resend(txn));
                    ctx.changed(txn);
                }
            }
            _ => {}
        }
    }

    /// Answers a decision query: the logged decision if there is one; "not decided" while the transaction
    /// runs (three-phase: "pre-commit" once all voted yes); abort for a transaction it has no record of
    /// (presumed abort).
    fn answer(&mut self, ctx: &mut Ctx, from: NodeId, txn: TxnId) {
        if let Some(outcome) = ctx.log().decision(txn) {
            ctx.send(from, decision_message(txn, outcome));
            return;
        }
        let reply = match self.txn(txn).map(|t| t.phase) {
            Some(CoordinatorPhase::PreCommitting) => TxnMsg::PreCommit { txn },
            Some(CoordinatorPhase::Decided(outcome)) => decision_message(txn, outcome),
            Some(_) => TxnMsg::DecisionReply { txn },
            None if ctx.log().begun(txn).is_some() => TxnMsg::DecisionReply { txn },
            None => TxnMsg::Abort { txn },
        };
        ctx.send(from, reply);
    }

    /// A three-phase participant (backup coordinator) tells the decision it reached without this
    /// coordinator: adopt it if still undecided.
    fn learn(&mut self, ctx: &mut Ctx, txn: TxnId, outcome: Outcome) {
        let Some(at) = self.position(txn) else {
            return;
        };
        if self.txns[at].decision().is_some() || ctx.log().decision(txn).is_some() {
            return;
        }
        for timer in [
            TxnTimer::VoteTimeout(txn),
            TxnTimer::PreCommitTimeout(txn),
            TxnTimer::Resend(txn),
        ] {
            ctx.cancel_timer(timer);
        }
        ctx.append(LogRecord::decision(txn, outcome));
        // The participants decided among themselves; the coordinator only records it and tells the client.
        self.txns[at].phase = match outcome {
            Outcome::Commit => CoordinatorPhase::Ended,
            Outcome::Abort => CoordinatorPhase::Decided(Outcome::Abort),
        };
        ctx.send(CLIENT, decision_message(txn, outcome));
        ctx.changed(txn);
    }

    /// A participant answered a recovering three-phase coordinator's query "in doubt".
    fn in_doubt_reply(&mut self, from: NodeId, txn: TxnId) {
        let (Some(index), Some(at)) = (participant_index(from), self.position(txn)) else {
            return;
        };
        let t = &mut self.txns[at];
        if t.phase == CoordinatorPhase::Asking {
            t.in_doubt_replies = t.in_doubt_replies.with(index);
        }
    }

    pub(crate) fn timer(&mut self, ctx: &mut Ctx, timer: TxnTimer) {
        match timer {
            TxnTimer::VoteTimeout(txn) => {
                if let Some(at) = self.position(txn) {
                    if self.txns[at].phase == CoordinatorPhase::Collecting {
                        self.abort(ctx, at);
                    }
                }
            }
            TxnTimer::PreCommitTimeout(txn) => {
                // Skeen's rule: every vote was yes, so the missing acknowledgements come from crashed
                // participants, who will learn the commit when they recover.
                if let Some(at) = self.position(txn) {
                    if self.txns[at].phase == CoordinatorPhase::PreCommitting {
                        self.decide_commit(ctx, at);
                    }
                }
            }
            TxnTimer::Resend(txn) => self.resend(ctx, txn),
            _ => {}
        }
    }

    fn resend(&mut self, ctx: &mut Ctx, txn: TxnId) {
        let Some(t) = self.txn(txn) else {
            return;
        };
        let (participants, phase, acks) = (t.participants, t.phase, t.acks);
        match phase {
            CoordinatorPhase::Decided(Outcome::Commit) => {
                for index in participants.indices().filter(|i| !acks.contains(*i)) {
                    ctx.send(super::ids::participant_node(index), TxnMsg::Commit { txn });
                }
            }
            CoordinatorPhase::Asking => {
                let Some(at) = self.position(txn) else {
                    return;
                };
                // Every participant answered a whole round "in doubt" (none pre-committed, none decided),
                // and the round came a retry after the recovery, so no pre-commit sent before the crash is
                // still on its way (the synchronous network three-phase commit assumes): nobody has committed
                // or can, so abort. (Skeen's total-failure case: without this, a coordinator and participants
                // that all crashed and recovered would ask each other forever.)
                let t = &mut self.txns[at];
                if t.rounds >= 2 && t.in_doubt_replies.covers(participants) {
                    self.abort(ctx, at);
                    return;
                }
                t.rounds += 1;
                t.in_doubt_replies = ParticipantSet::EMPTY;
                for node in participants.nodes() {
                    ctx.send(node, TxnMsg::DecisionQuery { txn, backup: false });
                }
            }
            _ => return,
        }
        let retry_ms = ctx.timing().retry_ms;
        ctx.set_timer(TxnTimer::Resend(txn), retry_ms);
    }

    /// Reads the log and finishes every transaction: a logged commit without `end` is sent again; a
    /// `begin` without a decision is aborted (presumed abort: nobody can have committed it) and the
    /// participants are told, so they release their locks; in three-phase commit the participants may have
    /// decided without the coordinator, so it asks them instead.
    pub(crate) fn recover(&mut self, ctx: &mut Ctx) {
        let begun: Vec<(TxnId, ParticipantSet)> = ctx
            .log()
            .records
            .iter()
            .filter_map(|r| match r {
                LogRecord::Begin { txn, participants } => Some((*txn, *participants)),
                _ => None,
            })
            .collect();
        for (txn, participants) in begun {
            let decision = ctx.log().decision(txn);
            let phase = match decision {
                Some(Outcome::Commit) if !ctx.log().ended(txn) => {
                    CoordinatorPhase::Decided(Outcome::Commit)
                }
                Some(_) => continue,
                None if ctx.config.variant == Variant::ThreePhase => CoordinatorPhase::Asking,
                None => CoordinatorPhase::Decided(Outcome::Abort),
            };
            self.txns
                .push(CoordinatorTxn::new(txn, participants, phase));
            let at = self.txns.len() - 1;
            match phase {
                CoordinatorPhase::Decided(Outcome::Commit) => {
                    self.send_decision(ctx, at, Outcome::Commit, ParticipantSet::EMPTY);
                    let retry_ms = ctx.timing().retry_ms;
                    ctx.set_timer(TxnTimer::Resend(txn), retry_ms);
                }
                CoordinatorPhase::Decided(Outcome::Abort) => {
                    ctx.append(LogRecord::Abort { txn });
                    self.send_decision(ctx, at, Outcome::Abort, ParticipantSet::EMPTY);
                }
                _ => {
                    self.txns[at].rounds = 1;
                    for node in participants.nodes() {
                        ctx.send(node, TxnMsg::DecisionQuery { txn, backup: false });
                    }
                    let retry_ms = ctx.timing().retry_ms;
                    ctx.set_timer(TxnTimer::Resend(txn), retry_ms);
                }
            }
            ctx.changed(txn);
        }
    }

    /// Counts what has left, for the crash-at-step tool and the figures.
    pub(crate) fn sent(&mut self, _ctx: &mut Ctx, to: NodeId, msg: &TxnMsg) {
        let Some(at) = self.position(msg.txn()) else {
            return;
        };
        let t = &mut self.txns[at];
        match msg {
            TxnMsg::Prepare { .. } => t.prepares_sent += 1,
            TxnMsg::PreCommit { .. } => t.pre_commits_sent += 1,
            TxnMsg::Commit { .. } | TxnMsg::Abort { .. } if participant_index(to).is_some() => {
                t.decisions_sent += 1
            }
            _ => {}
        }
    }

    pub(crate) fn note(&self, ctx: &mut Ctx, txn: Option<TxnId>) -> TxnNote {
        let state = match txn {
            None => TxnState::Idle,
            Some(txn) => match (self.txn(txn).map(|t| t.phase), ctx.log().decision(txn)) {
                (Some(CoordinatorPhase::Collecting | CoordinatorPhase::Logging(_)), _) => {
                    TxnState::Working
                }
                (Some(CoordinatorPhase::PreCommitting), _) => TxnState::PreCommitted,
                (Some(CoordinatorPhase::Asking), _) => TxnState::InDoubt,
                (Some(CoordinatorPhase::Decided(Outcome::Abort)), _) => TxnState::Aborted,
                (Some(_), _) | (None, Some(Outcome::Commit)) => TxnState::Committed,
                (None, Some(Outcome::Abort)) => TxnState::Aborted,
                (None, None) => TxnState::Idle,
            },
        };
        TxnNote {
            role: Role::Coordinator,
            state,
            txn,
            log: ctx.log_records(),
            lock_held_by: None,
            lock_waiters: Vec::new(),
            in_doubt_since_ms: None,
        }
    }
}

/// The message that carries a decision.
pub(crate) fn decision_message(txn: TxnId, outcome: Outcome) -> TxnMsg {
    match outcome {
        Outcome::Commit => TxnMsg::Commit { txn },
        Outcome::Abort => TxnMsg::Abort { txn },
    }
}
