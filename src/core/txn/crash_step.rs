//! The crash-at-step tool: crash the coordinator or a participant at a chosen step of a transaction, so
//! each classic failure case is one click.
//!
//! The step's instant is found in a reference run (the same settings, network, seed and actions, without
//! the crash; the run is deterministic), as the first moment the step has been reached while the next
//! step has not. A crash scheduled for one millisecond later lands exactly there: an action scheduled
//! before the run comes before every event the run itself schedules for the same millisecond, and the
//! protocol's next step is at least a millisecond away (log writes take `log_write_ms`, messages leave
//! one [`crate::txn::SEND_GAP_MS`] apart). Each answer is checked by replaying it.
use super::coordinator::CoordinatorTxn;
use super::ids::{participant_node, TxnId, COORDINATOR};
use super::node::TxnNode;
use super::participant::{ParticipantPhase, ParticipantTxn};
use super::scenario::{TxnScenario, TxnSettings};
use crate::scenario::Scenario;
use crate::sim::{
    Action, EventKind, NetworkConfig, NodeId, NodeStatus, ScheduledAction, Sim, TimeMs,
};

/// A protocol step to crash at, for one transaction. Participants are numbered from 0.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum CrashStep {
    /// The coordinator has the `begin` and has sent no prepare.
    CoordinatorBeforePrepare,
    /// The coordinator has sent every prepare and received exactly this many votes (with all of them: the
    /// commit record's write has not completed).
    CoordinatorAfterVotes(u32),
    /// Three-phase: the coordinator has sent exactly this many pre-commits.
    CoordinatorAfterSendingPreCommit(u32),
    /// The decision is in the coordinator's durable log and has been sent to nobody.
    CoordinatorAfterLoggingDecision,
    /// The decision has been sent to exactly this many participants (the broken send-before-log variant:
    /// and is not logged yet).
    CoordinatorAfterSendingDecision(u32),
    /// The participant has the prepare and its vote has not left.
    ParticipantBeforeVote(u32),
    /// The participant's vote has left and it has heard no decision.
    ParticipantAfterVote(u32),
}

impl CrashStep {
    /// The node that crashes.
    pub fn node(self) -> NodeId {
        match self {
            CrashStep::ParticipantBeforeVote(index) | CrashStep::ParticipantAfterVote(index) => {
                participant_node(index)
            }
            _ => COORDINATOR,
        }
    }

    /// Whether the step has been reached in this run, and whether the step after it has.
    fn progress(self, sim: &Sim<TxnNode>, txn: TxnId) -> (bool, bool) {
        let view = sim.view();
        let node = self.node();
        if view
            .get(node)
            .is_none_or(|(_, _, status)| status != NodeStatus::Up)
        {
            return (false, false);
        }
        let (state, log, _) = view.get(node).expect("checked above");
        if let CrashStep::ParticipantBeforeVote(_) | CrashStep::ParticipantAfterVote(_) = self {
            let t: Option<&ParticipantTxn> = state.as_participant().and_then(|p| p.txn(txn));
            let Some(t) = t else {
                return (false, false);
            };
            let past_doubt = !matches!(
                t.phase,
                ParticipantPhase::WaitingForLock
                    | ParticipantPhase::Preparing
                    | ParticipantPhase::InDoubt
            );
            return match self {
                CrashStep::ParticipantBeforeVote(_) => (true, t.voted),
                _ => (t.voted, past_doubt || log.decision(txn).is_some()),
            };
        }
        let t: Option<&CoordinatorTxn> = state.as_coordinator().and_then(|c| c.txn(txn));
        let Some(t) = t else {
            return (false, false);
        };
        let n = t.participants.len();
        let votes = t.voted.len();
        let logged = log.decision(txn).is_some();
        match self {
            CrashStep::CoordinatorBeforePrepare => (true, t.prepares_sent > 0),
            CrashStep::CoordinatorAfterVotes(k) => {
                let reached = t.prepares_sent >= n && votes >= k;
                let beyond = if k < n {
                    votes > k
                } else {
                    logged || t.pre_commits_sent > 0 || t.decisions_sent > 0
                };
                (reached, beyond)
            }
            CrashStep::CoordinatorAfterSendingPreCommit(k) => (
                t.pre_commits_sent >= k && (k > 0 || votes >= n),
                t.pre_commits_sent > k || logged,
            ),
            CrashStep::CoordinatorAfterLoggingDecision => (logged, t.decisions_sent > 0),
            CrashStep::CoordinatorAfterSendingDecision(k) => (
                t.decision().is_some() && t.decisions_sent >= k,
                t.decisions_sent > k,
            ),
            CrashStep::ParticipantBeforeVote(_) | CrashStep::ParticipantAfterVote(_) => {
                (false, false)
            }
        }
    }
}

/// The crash of the step's node landing exactly at `step` of the first transaction, for a run of these
/// settings, network and seed with the settings' preset actions; `None` when this run never gets there
/// or gets past it within the same millisecond (two votes arriving at once, say).
pub fn crash_at_step(
    settings: &TxnSettings,
    network: &NetworkConfig,
    seed: u64,
    step: CrashStep,
) -> Option<ScheduledAction> {
    let actions = TxnScenario.preset_actions(settings);
    crash_at_step_with(settings, network, seed, &actions, TxnId(1), step)
}

/// [`crash_at_step`] for any transaction of a run with any actions (the crash lands after them).
pub fn crash_at_step_with(
    settings: &TxnSettings,
    network: &NetworkConfig,
    seed: u64,
    actions: &[ScheduledAction],
    txn: TxnId,
    step: CrashStep,
) -> Option<ScheduledAction> {
    let at_ms = step_instant(settings, network, seed, actions, txn, step)?;
    let crash = ScheduledAction {
        at_ms,
        action: Action::Crash { node: step.node() },
    };
    lands_at(settings, network, seed, actions, txn, step, &crash).then_some(crash)
}

/// The first millisecond at which `step` of `txn` has been reached and the step after it has not, plus
/// one: where an action scheduled now lands between the two (a crash, or a partition for three-phase
/// commit's lesson).
pub fn step_instant(
    settings: &TxnSettings,
    network: &NetworkConfig,
    seed: u64,
    actions: &[ScheduledAction],
    txn: TxnId,
    step: CrashStep,
) -> Option<TimeMs> {
    let horizon_ms = TxnScenario.horizon_ms(settings, actions);
    let mut sim = reference(settings, network, seed, actions);
    let mut reached_ms = None;
    while sim.now() <= horizon_ms && sim.step() {
        let (reached, beyond) = step.progress(&sim, txn);
        match reached_ms {
            None if reached && !beyond => reached_ms = Some(sim.now()),
            None if beyond => return None,
            Some(at_ms) if beyond => {
                return (sim.now() > at_ms).then_some(at_ms + 1);
            }
            _ => {}
        }
    }
    reached_ms.map(|at_ms| at_ms + 1)
}

fn reference(
    settings: &TxnSettings,
    network: &NetworkConfig,
    seed: u64,
    actions: &[ScheduledAction],
) -> Sim<TxnNode> {
    let mut sim = TxnScenario.build(settings, network, seed);
    for action in actions {
        sim.schedule(action.clone());
    }
    sim
}

/// Replays the run with the crash and checks that, just before the crash, the step was reached and the
/// next one was not.
fn lands_at(
    settings: &TxnSettings,
    network: &NetworkConfig,
    seed: u64,
    actions: &[ScheduledAction],
    txn: TxnId,
    step: CrashStep,
    crash: &ScheduledAction,
) -> bool {
    let mut sim = reference(settings, network, seed, actions);
    sim.schedule(crash.clone());
    let node = step.node();
    loop {
        let before = step.progress(&sim, txn);
        if sim.now() > crash.at_ms || !sim.step() {
            return false;
        }
        let crashed =
            sim.trace().events.last().is_some_and(
                |event| matches!(event.kind, EventKind::Crash { node: n } if n == node),
            );
        if crashed {
            return before == (true, false);
        }
    }
}
