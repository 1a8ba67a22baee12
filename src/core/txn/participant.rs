//! A participant: holds one key, locks it for a transaction from `prepare` until the decision, votes, and
//! applies the decision. A second transaction on the locked key waits in line (and votes no if it waits
//! too long), so blocking shows up as waiting work.
//!
//! The rules (Gray 1978; Bernstein, Hadzilacos and Goodman 1987, §7): a participant may abort alone only
//! before it votes yes; it forces `prepared` to its log before the vote leaves and is then in doubt until it
//! hears the decision; it asks the coordinator when it has waited too long (and, in the cooperative
//! variant, its peers: a peer that knows the outcome says it, a peer that has not voted aborts and says
//! abort, a peer in doubt cannot help). After a crash it reads its log, takes the lock of its in-doubt
//! transaction back and asks.
//!
//! Three-phase commit (Skeen 1981) adds `pre-committed` between in doubt and committed, and a termination
//! protocol instead of waiting: the in-doubt participant of rank r (its place among the transaction's
//! participants) waits `in_doubt_timeout_ms + r × takeover_ms`, so the lowest live one goes first, and
//! becomes backup coordinator: it asks everyone's state; if anyone committed or aborted it follows; if
//! it is pre-committed it pre-commits those in doubt, then commits; if everyone it hears from is in doubt
//! (uncertain) it aborts, since nobody can have committed. That last rule is what a partition breaks:
//! the side without a pre-committed participant aborts while the other commits. A participant that
//! recovered from a crash takes no part in deciding (it answers "in doubt" and asks), as Skeen requires.
use super::config::Variant;
use super::coordinator::decision_message;
use super::ids::{participant_index, ParticipantSet, TxnId, COORDINATOR};
use super::log::{LogRecord, Outcome};
use super::messages::{Acked, TxnMsg};
use super::node::{Ctx, TxnTimer};
use super::note::{Role, TxnNote, TxnState};
use crate::sim::{NodeId, TimeMs};

/// Where a participant is with one transaction.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ParticipantPhase {
    /// Its key is locked by another transaction; waiting in line.
    WaitingForLock,
    /// Holds the lock; writing `prepared` before voting yes.
    Preparing,
    /// Voted yes (or is about to: the vote is queued); knows no decision.
    InDoubt,
    /// Three-phase: writing `pre-committed`.
    PreCommitting,
    /// Three-phase: pre-committed.
    PreCommitted,
    /// Heard commit; writing the `commit` record.
    Committing,
    /// Committed.
    Committed,
    /// Aborted.
    Aborted,
}

/// Three-phase termination, run by a backup coordinator.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TerminationStage {
    /// Asked everyone's state; collecting answers.
    Collecting,
    /// Pre-committed; sent pre-commit to those in doubt and collecting their acknowledgements.
    PreCommittingPeers,
    /// Decided commit; writing it.
    Deciding,
}

/// A backup coordinator's run of the three-phase termination protocol.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TerminationRun {
    /// Where it is.
    pub stage: TerminationStage,
    /// Peers that answered "in doubt" (uncertain).
    pub in_doubt_peers: ParticipantSet,
    /// Peers that acknowledged the backup's pre-commit.
    pub acked: ParticipantSet,
}

/// A participant's volatile record of one transaction.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ParticipantTxn {
    /// The transaction.
    pub txn: TxnId,
    /// Everyone it touches.
    pub participants: ParticipantSet,
    /// Where this participant is.
    pub phase: ParticipantPhase,
    /// Whether its vote has left.
    pub voted: bool,
    /// Whether this record was rebuilt from the log after a crash.
    pub recovered: bool,
    /// When it became in doubt (its own clock).
    pub in_doubt_since_ms: Option<TimeMs>,
    /// Who sent the pre-commit being logged, to acknowledge it.
    pub pre_commit_from: Option<NodeId>,
    /// Three-phase: the termination protocol it runs as backup coordinator.
    pub termination: Option<TerminationRun>,
}

/// A participant's volatile state.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ParticipantState {
    /// Which participant (from 0).
    pub index: u32,
    /// The transaction holding its key's lock.
    pub lock_held_by: Option<TxnId>,
    /// Transactions waiting for the lock, in arrival order.
    pub lock_waiters: Vec<TxnId>,
    /// Every transaction it has heard of since it last started.
    pub txns: Vec<ParticipantTxn>,
    /// Set by the `refuse` command: vote no on the next transaction.
    pub refuse_next: bool,
}

impl ParticipantState {
    /// Participant `index` as the run starts it.
    pub fn new(index: u32) -> Self {
        ParticipantState {
            index,
            lock_held_by: None,
            lock_waiters: Vec::new(),
            txns: Vec::new(),
            refuse_next: false,
        }
    }

    /// The volatile record of `txn`, if any.
    pub fn txn(&self, txn: TxnId) -> Option<&ParticipantTxn> {
        self.txns.iter().find(|t| t.txn == txn)
    }

    fn position(&self, txn: TxnId) -> Option<usize> {
        self.txns.iter().position(|t| t.txn == txn)
    }

    pub(crate) fn refuse_next(&mut self, ctx: &mut Ctx) {
        self.refuse_next = true;
        ctx.note_anyway();
    }

    pub(crate) fn message(&mut self, ctx: &mut Ctx, from: NodeId, msg: TxnMsg) {
        match msg {
            TxnMsg::Prepare { txn, participants } => self.prepare(ctx, txn, participants),
            TxnMsg::Commit { txn } => self.commit(ctx, from, txn),
            TxnMsg::Abort { txn } => self.abort(ctx, txn),
            TxnMsg::PreCommit { txn } => self.pre_commit(ctx, from, txn),
            TxnMsg::DecisionQuery { txn, backup } => self.answer(ctx, from, txn, backup),
            TxnMsg::DecisionReply { txn } => self.peer_in_doubt(from, txn),
            TxnMsg::Ack {
                txn,
                of: Acked::PreCommit,
            } => self.peer_pre_committed(ctx, from, txn),
            TxnMsg::Begin { .. }
            | TxnMsg::VoteYes { .. }
            | TxnMsg::VoteNo { .. }
            | TxnMsg::Ack { .. } => {}
        }
    }

    fn prepare(&mut self, ctx: &mut Ctx, txn: TxnId, participants: ParticipantSet) {
        match ctx.log().decision(txn) {
            Some(Outcome::Abort) => {
                ctx.send(COORDINATOR, TxnMsg::VoteNo { txn });
                return;
            }
            Some(Outcome::Commit) => return,
            None => {}
        }
        if let Some(t) = self.txn(txn) {
            // A prepare seen twice: say yes again if the yes has left (the first one may have been lost).
            if t.voted && matches!(t.phase, ParticipantPhase::InDoubt) {
                ctx.send(COORDINATOR, TxnMsg::VoteYes { txn });
            }
            return;
        }
        self.txns.push(ParticipantTxn {
            txn,
            participants,
            phase: ParticipantPhase::WaitingForLock,
            voted: false,
            recovered: false,
            in_doubt_since_ms: None,
            pre_commit_from: None,
            termination: None,
        });
        ctx.changed(txn);
        if self.lock_held_by.is_none() {
            self.acquire(ctx, txn);
        } else {
            self.lock_waiters.push(txn);
            let wait_ms = ctx.timing().lock_wait_timeout_ms;
            ctx.set_timer(TxnTimer::LockWait(txn), wait_ms);
        }
    }

    /// Takes the lock for `txn` and votes: no (aborting alone, which is allowed before a yes) when refusing,
    /// else writes `prepared` first.
    fn acquire(&mut self, ctx: &mut Ctx, txn: TxnId) {
        let Some(at) = self.position(txn) else {
            return;
        };
        self.lock_held_by = Some(txn);
        let percent = ctx.config.vote_no_percent;
        let refuses = std::mem::take(&mut self.refuse_next)
            || (percent > 0 && ctx.random_below(100) < u64::from(percent));
        let t = &mut self.txns[at];
        if refuses {
            t.phase = ParticipantPhase::Aborted;
            self.lock_held_by = None;
            ctx.append(LogRecord::Abort { txn });
            ctx.send(COORDINATOR, TxnMsg::VoteNo { txn });
        } else {
            t.phase = ParticipantPhase::Preparing;
            ctx.force(LogRecord::Prepared {
                txn,
                participants: t.participants,
            });
        }
        ctx.changed(txn);
    }

    /// Frees the lock if `txn` holds it and hands it to the next in line.
    fn release(&mut self, ctx: &mut Ctx, txn: TxnId) {
        if self.lock_held_by == Some(txn) {
            self.lock_held_by = None;
        }
        self.lock_waiters.retain(|w| *w != txn);
        while self.lock_held_by.is_none() && !self.lock_waiters.is_empty() {
            let next = self.lock_waiters.remove(0);
            ctx.cancel_timer(TxnTimer::LockWait(next));
            self.acquire(ctx, next);
        }
    }

    /// Aborts `txn` at this participant: logs it (presumed abort needs no fsync), frees the lock and stops
    /// every timer and write of the transaction. `vote_no` also tells the coordinator (an abort alone, before
    /// voting).
    fn abort_here(&mut self, ctx: &mut Ctx, at: usize, vote_no: bool) {
        let t = &mut self.txns[at];
        let txn = t.txn;
        let participants = t.participants;
        t.phase = ParticipantPhase::Aborted;
        t.in_doubt_since_ms = None;
        t.termination = None;
        ctx.append(LogRecord::Abort { txn });
        stop_timers(ctx, txn, participants);
        if vote_no {
            ctx.send(COORDINATOR, TxnMsg::VoteNo { txn });
        }
        self.release(ctx, txn);
        ctx.changed(txn);
    }

    fn commit(&mut self, ctx: &mut Ctx, from: NodeId, txn: TxnId) {
        if ctx.log().decision(txn).is_some() {
            if ctx.log().decision(txn) == Some(Outcome::Commit) && from == COORDINATOR {
                ctx.send(
                    COORDINATOR,
                    TxnMsg::Ack {
                        txn,
                        of: Acked::Decision,
                    },
                );
            }
            return;
        }
        let Some(at) = self.position(txn) else {
            return;
        };
        let t = &mut self.txns[at];
        if !matches!(
            t.phase,
            ParticipantPhase::InDoubt
                | ParticipantPhase::PreCommitting
                | ParticipantPhase::PreCommitted
        ) || !t.voted
        {
            // Nothing prepared (or the yes has not even left): there is nothing this participant could commit.
            return;
        }
        t.phase = ParticipantPhase::Committing;
        // Told the decision: it follows, whatever termination it was running.
        t.termination = None;
        ctx.cancel_timer(TxnTimer::InDoubt(txn));
        ctx.cancel_timer(TxnTimer::Terminate(txn));
        ctx.force(LogRecord::Commit { txn });
        ctx.changed(txn);
    }

    fn abort(&mut self, ctx: &mut Ctx, txn: TxnId) {
        if ctx.log().decision(txn).is_some() {
            return;
        }
        match self.position(txn) {
            Some(at) if self.txns[at].phase != ParticipantPhase::Committing => {
                self.abort_here(ctx, at, false)
            }
            Some(_) => {}
            None => {
                // Never prepared here: remember the abort so a late prepare is refused.
                ctx.append(LogRecord::Abort { txn });
            }
        }
    }

    fn pre_commit(&mut self, ctx: &mut Ctx, from: NodeId, txn: TxnId) {
        let Some(at) = self.position(txn) else {
            return;
        };
        let t = &mut self.txns[at];
        match t.phase {
            ParticipantPhase::InDoubt if t.voted => {
                t.phase = ParticipantPhase::PreCommitting;
                t.pre_commit_from = Some(from);
                ctx.force(LogRecord::PreCommitted { txn });
                ctx.changed(txn);
            }
            ParticipantPhase::PreCommitted if from != ctx.me() => {
                ctx.send(
                    from,
                    TxnMsg::Ack {
                        txn,
                        of: Acked::PreCommit,
                    },
                );
            }
            _ => {}
        }
    }

    /// Answers a peer (or a recovering three-phase coordinator) asking about `txn`.
    fn answer(&mut self, ctx: &mut Ctx, from: NodeId, txn: TxnId, backup: bool) {
        if let Some(outcome) = ctx.log().decision(txn) {
            ctx.send(from, decision_message(txn, outcome));
            return;
        }
        let Some(at) = self.position(txn) else {
            // Never prepared here: it cannot vote yes any more, so the transaction can only abort.
            ctx.append(LogRecord::Abort { txn });
            ctx.send(from, TxnMsg::Abort { txn });
            return;
        };
        let t = &self.txns[at];
        match t.phase {
            ParticipantPhase::WaitingForLock | ParticipantPhase::Preparing => {
                // Not voted yet: free to abort alone, and then the answer is known.
                self.abort_here(ctx, at, true);
                ctx.send(from, TxnMsg::Abort { txn });
            }
            ParticipantPhase::PreCommitted if !t.recovered => {
                ctx.send(from, TxnMsg::PreCommit { txn })
            }
            ParticipantPhase::Committing => ctx.send(from, TxnMsg::Commit { txn }),
            _ => {
                ctx.send(from, TxnMsg::DecisionReply { txn });
                if backup {
                    self.defer_to(ctx, at, from);
                }
            }
        }
    }

    /// Three-phase: a lower-ranked peer asking runs the termination protocol; this participant stops its
    /// own (if any) and waits its turn again.
    fn defer_to(&mut self, ctx: &mut Ctx, at: usize, from: NodeId) {
        if ctx.config.variant != Variant::ThreePhase {
            return;
        }
        let t = &mut self.txns[at];
        let (Some(peer), Some(my_rank)) =
            (participant_index(from), t.participants.rank_of(self.index))
        else {
            return;
        };
        if t.participants
            .rank_of(peer)
            .is_none_or(|rank| rank > my_rank)
        {
            return;
        }
        let txn = t.txn;
        if t.termination
            .is_some_and(|term| term.stage != TerminationStage::Deciding)
        {
            t.termination = None;
            ctx.cancel_timer(TxnTimer::Terminate(txn));
        }
        if t.termination.is_none() {
            let wait_ms = in_doubt_wait_ms(ctx, t, self.index);
            ctx.set_timer(TxnTimer::InDoubt(txn), wait_ms);
        }
    }

    fn peer_in_doubt(&mut self, from: NodeId, txn: TxnId) {
        let Some(peer) = participant_index(from) else {
            return;
        };
        if let Some(at) = self.position(txn) {
            if let Some(term) = &mut self.txns[at].termination {
                if term.stage == TerminationStage::Collecting {
                    term.in_doubt_peers = term.in_doubt_peers.with(peer);
                }
            }
        }
    }

    fn peer_pre_committed(&mut self, ctx: &mut Ctx, from: NodeId, txn: TxnId) {
        let (Some(peer), Some(at)) = (participant_index(from), self.position(txn)) else {
            return;
        };
        let Some(term) = &mut self.txns[at].termination else {
            return;
        };
        if term.stage == TerminationStage::PreCommittingPeers {
            term.acked = term.acked.with(peer);
            if term.acked.covers(term.in_doubt_peers) {
                ctx.cancel_timer(TxnTimer::Terminate(txn));
                self.backup_commit(ctx, at);
            }
        }
    }

    pub(crate) fn written(&mut self, ctx: &mut Ctx, record: LogRecord) {
        let Some(at) = self.position(record.txn()) else {
            return;
        };
        let txn = record.txn();
        let index = self.index;
        let t = &mut self.txns[at];
        match (record, t.phase) {
            (LogRecord::Prepared { .. }, ParticipantPhase::Preparing) => {
                t.phase = ParticipantPhase::InDoubt;
                t.in_doubt_since_ms = Some(ctx.now_ms());
                ctx.send(COORDINATOR, TxnMsg::VoteYes { txn });
                let wait_ms = in_doubt_wait_ms(ctx, t, index);
                ctx.set_timer(TxnTimer::InDoubt(txn), wait_ms);
            }
            (LogRecord::PreCommitted { .. }, ParticipantPhase::PreCommitting) => {
                t.phase = ParticipantPhase::PreCommitted;
                if let Some(from) = t.pre_commit_from.filter(|f| *f != ctx.me()) {
                    ctx.send(
                        from,
                        TxnMsg::Ack {
                            txn,
                            of: Acked::PreCommit,
                        },
                    );
                }
                if t.termination.is_none() {
                    let wait_ms = in_doubt_wait_ms(ctx, t, index);
                    ctx.set_timer(TxnTimer::InDoubt(txn), wait_ms);
                }
            }
            (LogRecord::Commit { .. }, ParticipantPhase::Committing) => {
                t.phase = ParticipantPhase::Committed;
                t.in_doubt_since_ms = None;
                let backup = t.termination.is_some();
                let participants = t.participants;
                ctx.send(
                    COORDINATOR,
                    TxnMsg::Ack {
                        txn,
                        of: Acked::Decision,
                    },
                );
                if backup {
                    // The backup coordinator tells everyone (the coordinator too, for when it returns).
                    let me = ctx.me();
                    for node in participants.nodes().filter(|n| *n != me) {
                        ctx.send(node, TxnMsg::Commit { txn });
                    }
                    ctx.send(COORDINATOR, TxnMsg::Commit { txn });
                }
                self.release(ctx, txn);
            }
            _ => return,
        }
        ctx.changed(txn);
    }

    pub(crate) fn timer(&mut self, ctx: &mut Ctx, timer: TxnTimer) {
        match timer {
            TxnTimer::LockWait(txn) => {
                if let Some(at) = self.position(txn) {
                    if self.txns[at].phase == ParticipantPhase::WaitingForLock {
                        self.abort_here(ctx, at, true);
                    }
                }
            }
            TxnTimer::InDoubt(txn) => self.in_doubt_too_long(ctx, txn),
            TxnTimer::Terminate(txn) => self.terminate(ctx, txn),
            _ => {}
        }
    }

    fn in_doubt_too_long(&mut self, ctx: &mut Ctx, txn: TxnId) {
        let Some(at) = self.position(txn) else {
            return;
        };
        let t = &mut self.txns[at];
        if !matches!(
            t.phase,
            ParticipantPhase::InDoubt | ParticipantPhase::PreCommitted
        ) || t.termination.is_some()
        {
            return;
        }
        let variant = ctx.config.variant;
        if variant == Variant::AbortsInDoubtOnTimeout {
            // The bug: it voted yes, so the coordinator may well have decided commit.
            self.abort_here(ctx, at, false);
            return;
        }
        let peers = t.participants;
        if variant == Variant::ThreePhase && !t.recovered {
            t.termination = Some(TerminationRun {
                stage: TerminationStage::Collecting,
                in_doubt_peers: ParticipantSet::EMPTY,
                acked: ParticipantSet::EMPTY,
            });
            ask(ctx, txn, peers, true, true);
            let wait_ms = ctx.timing().termination_wait_ms;
            ctx.set_timer(TxnTimer::Terminate(txn), wait_ms);
            ctx.changed(txn);
            return;
        }
        ask(ctx, txn, peers, variant.asks_peers(), false);
        let retry_ms = ctx.timing().retry_ms;
        ctx.set_timer(TxnTimer::InDoubt(txn), retry_ms);
    }

    /// The backup coordinator's collection window closed.
    fn terminate(&mut self, ctx: &mut Ctx, txn: TxnId) {
        let Some(at) = self.position(txn) else {
            return;
        };
        let t = &mut self.txns[at];
        let Some(term) = &mut t.termination else {
            return;
        };
        match (term.stage, t.phase) {
            (TerminationStage::Collecting, ParticipantPhase::PreCommitted) => {
                if term.in_doubt_peers.is_empty() {
                    self.backup_commit(ctx, at);
                } else {
                    term.stage = TerminationStage::PreCommittingPeers;
                    for node in term.in_doubt_peers.nodes() {
                        ctx.send(node, TxnMsg::PreCommit { txn });
                    }
                    let wait_ms = ctx.timing().termination_wait_ms;
                    ctx.set_timer(TxnTimer::Terminate(txn), wait_ms);
                }
            }
            (TerminationStage::Collecting, ParticipantPhase::PreCommitting) => {
                // Its own pre-committed record is being written; look again when it is on disk.
                let wait_ms = ctx.timing().log_write_ms + 1;
                ctx.set_timer(TxnTimer::Terminate(txn), wait_ms);
            }
            (TerminationStage::Collecting, ParticipantPhase::InDoubt) => {
                // Everyone it heard from is uncertain: nobody can have committed, so abort (Skeen's rule;
                // it assumes silent peers crashed, which a partition makes false).
                let participants = t.participants;
                self.abort_here(ctx, at, false);
                let me = ctx.me();
                for node in participants.nodes().filter(|n| *n != me) {
                    ctx.send(node, TxnMsg::Abort { txn });
                }
                ctx.send(COORDINATOR, TxnMsg::Abort { txn });
            }
            (TerminationStage::PreCommittingPeers, ParticipantPhase::PreCommitted) => {
                self.backup_commit(ctx, at)
            }
            _ => {}
        }
    }

    fn backup_commit(&mut self, ctx: &mut Ctx, at: usize) {
        let t = &mut self.txns[at];
        if let Some(term) = &mut t.termination {
            term.stage = TerminationStage::Deciding;
        }
        t.phase = ParticipantPhase::Committing;
        ctx.cancel_timer(TxnTimer::InDoubt(t.txn));
        ctx.force(LogRecord::Commit { txn: t.txn });
        ctx.changed(t.txn);
    }

    /// Reads the log: every transaction prepared and not decided is in doubt again, holds the lock again
    /// (it was locked from prepare until the decision, crash or not) and asks at once.
    pub(crate) fn recover(&mut self, ctx: &mut Ctx) {
        let prepared: Vec<(TxnId, ParticipantSet)> = ctx
            .log()
            .records
            .iter()
            .filter_map(|r| match r {
                LogRecord::Prepared { txn, participants } => Some((*txn, *participants)),
                _ => None,
            })
            .collect();
        for (txn, participants) in prepared {
            if ctx.log().decision(txn).is_some() {
                continue;
            }
            let phase = if ctx.log().pre_committed(txn) {
                ParticipantPhase::PreCommitted
            } else {
                ParticipantPhase::InDoubt
            };
            self.txns.push(ParticipantTxn {
                txn,
                participants,
                phase,
                voted: true,
                recovered: true,
                in_doubt_since_ms: Some(ctx.now_ms()),
                pre_commit_from: None,
                termination: None,
            });
            self.lock_held_by = Some(txn);
            ask(
                ctx,
                txn,
                participants,
                ctx.config.variant.asks_peers(),
                false,
            );
            let retry_ms = ctx.timing().retry_ms;
            ctx.set_timer(TxnTimer::InDoubt(txn), retry_ms);
            ctx.changed(txn);
        }
    }

    /// Marks the vote as gone, for the crash-at-step tool.
    pub(crate) fn sent(&mut self, _ctx: &mut Ctx, _to: NodeId, msg: &TxnMsg) {
        if let TxnMsg::VoteYes { txn } | TxnMsg::VoteNo { txn } = msg {
            if let Some(at) = self.position(*txn) {
                self.txns[at].voted = true;
            }
        }
    }

    /// The state of `txn` here.
    pub fn state_of(&self, log: &super::log::TxnLog, txn: TxnId) -> TxnState {
        match (self.txn(txn).map(|t| t.phase), log.decision(txn)) {
            (_, Some(Outcome::Commit)) => TxnState::Committed,
            (_, Some(Outcome::Abort)) => TxnState::Aborted,
            (Some(ParticipantPhase::WaitingForLock | ParticipantPhase::Preparing), _) => {
                TxnState::Working
            }
            (Some(ParticipantPhase::PreCommitted), _) => TxnState::PreCommitted,
            (Some(ParticipantPhase::Committing), _) if log.pre_committed(txn) => {
                TxnState::PreCommitted
            }
            (
                Some(
                    ParticipantPhase::InDoubt
                    | ParticipantPhase::PreCommitting
                    | ParticipantPhase::Committing,
                ),
                _,
            ) => TxnState::InDoubt,
            (Some(ParticipantPhase::Committed), _) => TxnState::Committed,
            (Some(ParticipantPhase::Aborted), _) => TxnState::Aborted,
            (None, None) => TxnState::Idle,
        }
    }

    pub(crate) fn note(&self, ctx: &mut Ctx, changed: Option<TxnId>) -> TxnNote {
        let txn = self.lock_held_by.or(changed);
        let state = match txn {
            Some(txn) => self.state_of(ctx.log(), txn),
            None => TxnState::Idle,
        };
        TxnNote {
            role: Role::Participant,
            state,
            txn,
            log: ctx.log_records(),
            lock_held_by: self.lock_held_by,
            lock_waiters: self.lock_waiters.clone(),
            in_doubt_since_ms: txn
                .and_then(|txn| self.txn(txn))
                .filter(|_| matches!(state, TxnState::InDoubt | TxnState::PreCommitted))
                .and_then(|t| t.in_doubt_since_ms),
        }
    }
}

/// How long an in-doubt participant waits before acting: three-phase participants wait their rank's turn
/// to take over as backup coordinator.
fn in_doubt_wait_ms(ctx: &Ctx, t: &ParticipantTxn, index: u32) -> TimeMs {
    let timing = ctx.timing();
    if ctx.config.variant == Variant::ThreePhase && !t.recovered {
        let rank = t.participants.rank_of(index).unwrap_or(0);
        timing.in_doubt_timeout_ms + u64::from(rank) * timing.takeover_ms()
    } else {
        timing.in_doubt_timeout_ms
    }
}

/// Asks the coordinator what was decided, and the peers too when `peers_too` (`backup`: as a three-phase
/// backup coordinator).
fn ask(ctx: &mut Ctx, txn: TxnId, participants: ParticipantSet, peers_too: bool, backup: bool) {
    ctx.send(COORDINATOR, TxnMsg::DecisionQuery { txn, backup });
    if peers_too {
        let me = ctx.me();
        for node in participants.nodes().filter(|n| *n != me) {
            ctx.send(node, TxnMsg::DecisionQuery { txn, backup });
        }
    }
}

/// Stops every timer and write of `txn` at a participant that just decided it.
fn stop_timers(ctx: &mut Ctx, txn: TxnId, participants: ParticipantSet) {
    for timer in [
        TxnTimer::InDoubt(txn),
        TxnTimer::Terminate(txn),
        TxnTimer::LockWait(txn),
    ] {
        ctx.cancel_timer(timer);
    }
    ctx.cancel_write(LogRecord::Prepared { txn, participants });
    ctx.cancel_write(LogRecord::PreCommitted { txn });
}
