//! Lamport's TwoPhase.tla as a protocol of the platform: the abstract two-phase commit of Gray and Lamport,
//! "Consensus on Transaction Commit" (ACM TODS 31(1), 2006; the spec is in the TLA+ examples repository).
//!
//! Node 0 is the transaction manager (TM); nodes `1..=rm_count` are the resource managers (RMs). Each
//! action of the spec is one step of the checker:
//!
//! | TwoPhase.tla | here |
//! |---|---|
//! | `TMRcvPrepared(rm)` | the TM is delivered `Prepared` from `rm` (ignored unless `tmState = "init"`) |
//! | `TMCommit` | the TM's `Commit` timer fires: set once every RM's `Prepared` has arrived |
//! | `TMAbort` | the TM's `Abort` timer fires: set at the start, so the TM may abort on its own any time |
//! | `RMPrepare(rm)` | `rm`'s `Prepare` timer fires (set at the start): it sends `Prepared` to the TM |
//! | `RMChooseToAbort(rm)` | `rm`'s `ChooseToAbort` timer fires (set at the start) |
//! | `RMRcvCommitMsg(rm)` / `RMRcvAbortMsg(rm)` | `rm` is delivered `Commit` / `Abort` from the TM |
//!
//! Messages are kept as a set and never lost ([`NetworkKind::SentSet`]): the spec's `msgs` only grows. The
//! spec's broadcast `[type |-> "Commit"]` is one message to each RM, all sent in the same step, so the two
//! state spaces correspond one to one; timers are a function of the node's state (a node cancels the timers
//! of choices it can no longer make), so they add no states either. With 2, 3, 4 and 5 RMs the checker finds
//! 56, 288, 1,568 and 8,832 distinct states: what TLC reports for TwoPhase.tla.
//!
//! The spec has no crashes, so neither does this model unless a budget adds them: every state here is
//! volatile, and a crashed node forgets everything. Real TMs and RMs log their votes and decisions durably;
//! with crashes and recoveries in the budget the checker shows why (an RM that forgot its yes vote aborts
//! while the others commit).
use super::model::{CheckModel, NetworkKind, Rename};
use crate::sim::{
    Invariant, Io, Label, Message, NoCommand, NodeId, NodesView, Protocol, Violation,
};

/// The property's name: no RM has committed while another has aborted (the spec's `TCConsistent`).
pub const TC_CONSISTENT: &str = "tc-consistent";
/// The liveness goal's name: every RM that is up has decided (committed or aborted).
pub const EVERY_RM_DECIDES: &str = "every-rm-decides";

/// When the TM may commit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum CommitRule {
    /// Once every RM has sent `Prepared` (`tmPrepared = RM`), as the spec says.
    AllPrepared,
    /// The planted bug: once any one RM has prepared, without waiting for the other votes.
    AnyPrepared,
}

/// The TM's state (`tmState`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TmState {
    /// Collecting votes.
    Init,
    /// Decided to commit.
    Committed,
    /// Decided to abort.
    Aborted,
}

/// An RM's state (`rmState[rm]`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RmState {
    /// Has not voted.
    Working,
    /// Voted yes; now in doubt until the TM's decision arrives.
    Prepared,
    /// Committed.
    Committed,
    /// Aborted.
    Aborted,
}

/// The spec's messages; `Prepared`'s `rm` is its sender.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TwoPhaseMsg {
    /// An RM has prepared (votes yes).
    Prepared,
    /// The TM's decision: commit.
    Commit,
    /// The TM's decision: abort.
    Abort,
}

impl Message for TwoPhaseMsg {
    fn kind(&self) -> &'static str {
        match self {
            TwoPhaseMsg::Prepared => "prepared",
            TwoPhaseMsg::Commit => "commit",
            TwoPhaseMsg::Abort => "abort",
        }
    }
}

/// The spontaneous actions of the spec, as timers that may fire at any point.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TwoPhaseTimer {
    /// TM: `TMCommit`.
    Commit,
    /// TM: `TMAbort`.
    Abort,
    /// RM: `RMPrepare`.
    Prepare,
    /// RM: `RMChooseToAbort`.
    ChooseToAbort,
}

/// One node: the TM or an RM.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TwoPhase {
    /// The transaction manager.
    Tm {
        /// `tmState`.
        state: TmState,
        /// `tmPrepared`: bit `n` set once RM `n` is known prepared.
        prepared: u64,
        /// When it may commit.
        rule: CommitRule,
        /// How many RMs there are (nodes `1..=rm_count`).
        rm_count: u32,
    },
    /// A resource manager.
    Rm {
        /// `rmState[rm]`.
        state: RmState,
    },
}

/// The nodes of TwoPhase with `rm_count` RMs (at most 63): the TM, then the RMs.
pub fn nodes(rm_count: u32, rule: CommitRule) -> Vec<TwoPhase> {
    let rm_count = rm_count.min(63);
    let mut nodes = vec![TwoPhase::Tm {
        state: TmState::Init,
        prepared: 0,
        rule,
        rm_count,
    }];
    nodes.extend((0..rm_count).map(|_| TwoPhase::Rm {
        state: RmState::Working,
    }));
    nodes
}

/// TwoPhase with `rm_count` RMs on a sent-set network, checked against [`TcConsistent`]; the RMs are
/// interchangeable, so `.symmetric(NodeId(1), rm_count)` may be added.
pub fn model(rm_count: u32, rule: CommitRule) -> CheckModel<TwoPhase> {
    CheckModel::new(nodes(rm_count, rule), NetworkKind::SentSet).invariant(TcConsistent)
}

/// The goal [`EVERY_RM_DECIDES`]: every RM that is up has committed or aborted.
pub fn every_rm_decided(view: &NodesView<'_, TwoPhase>) -> bool {
    view.ids().all(|id| match view.get(id) {
        Some((TwoPhase::Rm { state }, _, status)) => {
            status != crate::sim::NodeStatus::Up
                || matches!(state, RmState::Committed | RmState::Aborted)
        }
        _ => true,
    })
}

fn all_rms(rm_count: u32) -> u64 {
    ((1u64 << rm_count) - 1) << 1
}

impl TwoPhase {
    fn label(&self) -> Label {
        Label(match self {
            TwoPhase::Tm { state, .. } => match state {
                TmState::Init => "init",
                TmState::Committed => "committed",
                TmState::Aborted => "aborted",
            },
            TwoPhase::Rm { state } => match state {
                RmState::Working => "working",
                RmState::Prepared => "prepared",
                RmState::Committed => "committed",
                RmState::Aborted => "aborted",
            },
        })
    }

    /// The TM's decision: the new state for every RM, sent to each, and the other choice cancelled.
    fn decide(&mut self, io: &mut Io<'_, Self>, decision: TmState) {
        let TwoPhase::Tm {
            state, rm_count, ..
        } = self
        else {
            return;
        };
        *state = decision;
        let (msg, other) = match decision {
            TmState::Committed => (TwoPhaseMsg::Commit, TwoPhaseTimer::Abort),
            _ => (TwoPhaseMsg::Abort, TwoPhaseTimer::Commit),
        };
        for rm in 1..=*rm_count {
            io.send(NodeId(rm), msg);
        }
        io.cancel_timer(&other);
        let label = self.label();
        io.note(label);
    }

    /// An RM leaves `Working` (or changes its decision): it can no longer prepare or abort on its own.
    fn become_rm(&mut self, io: &mut Io<'_, Self>, next: RmState) {
        if let TwoPhase::Rm { state } = self {
            *state = next;
            io.cancel_timer(&TwoPhaseTimer::Prepare);
            io.cancel_timer(&TwoPhaseTimer::ChooseToAbort);
            let label = self.label();
            io.note(label);
        }
    }
}

impl Protocol for TwoPhase {
    type Msg = TwoPhaseMsg;
    type Timer = TwoPhaseTimer;
    type Durable = ();
    type Note = Label;
    type Command = NoCommand;

    fn on_start(&mut self, io: &mut Io<'_, Self>) {
        match self {
            TwoPhase::Tm { .. } => io.set_timer(TwoPhaseTimer::Abort, 1),
            TwoPhase::Rm { .. } => {
                io.set_timer(TwoPhaseTimer::Prepare, 1);
                io.set_timer(TwoPhaseTimer::ChooseToAbort, 1);
            }
        }
        let label = self.label();
        io.note(label);
    }

    fn on_message(&mut self, io: &mut Io<'_, Self>, from: NodeId, msg: TwoPhaseMsg) {
        match (&mut *self, msg) {
            (
                TwoPhase::Tm {
                    state: TmState::Init,
                    prepared,
                    rule,
                    rm_count,
                },
                TwoPhaseMsg::Prepared,
            ) => {
                if (1..=*rm_count).contains(&from.0) {
                    *prepared |= 1 << from.0;
                }
                let may_commit = match rule {
                    CommitRule::AllPrepared => *prepared == all_rms(*rm_count),
                    CommitRule::AnyPrepared => *prepared != 0,
                };
                if may_commit {
                    io.set_timer(TwoPhaseTimer::Commit, 1);
                }
            }
            (TwoPhase::Rm { .. }, TwoPhaseMsg::Commit) => self.become_rm(io, RmState::Committed),
            (TwoPhase::Rm { .. }, TwoPhaseMsg::Abort) => self.become_rm(io, RmState::Aborted),
            _ => {}
        }
    }

    fn on_timer(&mut self, io: &mut Io<'_, Self>, timer: TwoPhaseTimer) {
        match (*self, timer) {
            (
                TwoPhase::Tm {
                    state: TmState::Init,
                    ..
                },
                TwoPhaseTimer::Commit,
            ) => self.decide(io, TmState::Committed),
            (
                TwoPhase::Tm {
                    state: TmState::Init,
                    ..
                },
                TwoPhaseTimer::Abort,
            ) => self.decide(io, TmState::Aborted),
            (
                TwoPhase::Rm {
                    state: RmState::Working,
                },
                TwoPhaseTimer::Prepare,
            ) => {
                io.send(NodeId(0), TwoPhaseMsg::Prepared);
                self.become_rm(io, RmState::Prepared);
            }
            (
                TwoPhase::Rm {
                    state: RmState::Working,
                },
                TwoPhaseTimer::ChooseToAbort,
            ) => self.become_rm(io, RmState::Aborted),
            _ => {}
        }
    }
}

impl Rename for TwoPhase {
    fn rename(&self, map: &dyn Fn(NodeId) -> NodeId) -> Self {
        match *self {
            TwoPhase::Tm {
                state,
                prepared,
                rule,
                rm_count,
            } => {
                let mut renamed = 0u64;
                for node in 0..64 {
                    if (prepared >> node) & 1 == 1 {
                        renamed |= 1 << map(NodeId(node)).0.min(63);
                    }
                }
                TwoPhase::Tm {
                    state,
                    prepared: renamed,
                    rule,
                    rm_count,
                }
            }
            rm => rm,
        }
    }
}

impl Rename for TwoPhaseMsg {
    fn rename(&self, _map: &dyn Fn(NodeId) -> NodeId) -> Self {
        *self
    }
}

impl Rename for TwoPhaseTimer {
    fn rename(&self, _map: &dyn Fn(NodeId) -> NodeId) -> Self {
        *self
    }
}

/// `TCConsistent`: no RM has committed while another has aborted.
#[derive(Clone, Copy, Debug, Default)]
pub struct TcConsistent;

impl Invariant<TwoPhase> for TcConsistent {
    fn name(&self) -> &str {
        TC_CONSISTENT
    }

    fn check(&self, view: &NodesView<'_, TwoPhase>) -> Result<(), Violation> {
        let with = |wanted: RmState| {
            view.ids()
                .find(|id| matches!(view.node(*id), TwoPhase::Rm { state } if *state == wanted))
        };
        match (with(RmState::Committed), with(RmState::Aborted)) {
            (Some(committed), Some(aborted)) => Err(Violation {
                invariant: TC_CONSISTENT.to_string(),
                nodes: vec![committed, aborted],
                detail: format!("{committed} committed and {aborted} aborted"),
            }),
            _ => Ok(()),
        }
    }
}
