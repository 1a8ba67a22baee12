//! The commit panel's own protocol ([`TxnNode`]) under the exhaustive model checker: one transaction,
//! every interleaving of deliveries, log writes and timeouts, and a small fault budget.
//!
//! What the configuration does, and why the state space stays small:
//! - **The same nodes as the panel.** [`TxnCheckSettings::panel_settings`] are the panel's settings (the
//!   custom preset: one transaction over every participant, no stream, no random no-votes) and the model's
//!   nodes are exactly the ones [`TxnScenario::build`] runs, so a counterexample replays in the panel
//!   ([`TxnCheckSettings::replay`]) with the panel's properties.
//! - **Pacing is not a choice.** A node puts one message on the wire per [`super::SEND_GAP_MS`] (a
//!   [`TxnTimer::SendNext`] timer) so that the timeline can place a crash between two sends. Under the
//!   untimed semantics each of those timers would be a step of its own that interleaves with everything;
//!   here they are [`CheckModel::immediate_timers`]: a node's queue empties inside the step that filled
//!   it. A crash "after sending to k of n" is then a crash after sending to all n plus lost messages (the
//!   drop budget). The protocol code is unchanged.
//! - **Retries and timeouts are guarded** (see [`may_fire`] for each and why it loses nothing that
//!   matters): the client's and the coordinator's resends never fire; an in-doubt participant's timeout
//!   never fires where it only asks the coordinator (two-phase commit, the two broken coordinators), and
//!   elsewhere fires only while the coordinator is down or cut off (an accurate timeout). Every other
//!   timer (vote timeout, lock wait, termination window, log write) fires at any point.
//! - **One copy of each message in flight** (a state constraint): an asking participant re-arms its
//!   timeout for ever; a second copy of a query still on its way is a duplicate, which these handlers
//!   ignore. The coordinator's sent-message counters, which no handler reads, are cleared
//!   ([`CheckModel::forget_bookkeeping`]).
//! - **Symmetry** over the participants for every variant but three-phase commit (whose participants take
//!   over as backup coordinator in rank order, so they are not interchangeable).
//! - **Faults:** [`TxnFaults`]: coordinator crashes (each with a recovery), lost messages, a partition,
//!   participants that refuse (vote no; the `refuse` command).
//!
//! Properties are the simulator's own [`Atomicity`] and [`Validity`] (and, optionally, [`Durability`]).
//! The report also counts [`BLOCKED_IN_DOUBT`] states: distinct states (classes of states under
//! symmetry) in which [`blocked_in_doubt`] is not empty, that is, some participant is up, has voted yes
//! (`prepared` on its log) and knows no decision, while the coordinator is down and (cooperative
//! termination) no live peer can tell it the outcome. That is two-phase commit's blocking, made a number.
//!
//! ```
//! use distlab_core::check::{CheckOutcome, Checker};
//! use distlab_core::txn::check::{TxnCheckSettings, BLOCKED_IN_DOUBT};
//! use distlab_core::txn::Variant;
//!
//! let settings = TxnCheckSettings { variant: Variant::TwoPhase, participants: 2, ..TxnCheckSettings::default() };
//! let report = Checker::new(settings.model()).run_to_end();
//! assert_eq!(report.outcome, CheckOutcome::AllSatisfy);
//! assert_eq!(report.counts[0].name, BLOCKED_IN_DOUBT);
//! assert!(report.counts[0].states > 0, "two-phase commit blocks");
//! ```
mod rename;

use super::config::Variant;
use super::ids::{
    participant_node, COORDINATOR, FIRST_PARTICIPANT, PARTICIPANTS_MAX, PARTICIPANTS_MIN,
};
use super::node::{RoleState, TxnCommand, TxnNode, TxnTimer};
use super::presets::TxnPreset;
use super::properties::{blocked_in_doubt, Atomicity, Durability, Validity};
use super::scenario::{TxnScenario, TxnSettings};
use crate::check::{CheckBudget, CheckModel, NetworkKind, StepOf, TimerFiring};
use crate::scenario::{AnySettings, CheckJob, CheckPlan, ModelCheck, Scenario};
use crate::sim::{NodeStatus, NodesView, ScheduledAction, TimeMs};

/// The name of the count of states in which a participant is blocked in doubt (see the module's doc).
pub const BLOCKED_IN_DOUBT: &str = "blocked-in-doubt";

/// Time between two steps of a replayed path ([`TxnCheckSettings::replay`]).
pub const REPLAY_STEP_MS: TimeMs = 10;

/// The faults one path may contain, on top of the protocol's own steps.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct TxnFaults {
    /// Coordinator crashes; each may be followed by its recovery (which reads the log and finishes).
    pub coordinator_crashes_max: u32,
    /// Messages the network may lose.
    pub drops_max: u32,
    /// Partitions of the network into two sides (each may heal).
    pub partitions_max: u32,
    /// Participants that may refuse the transaction (vote no), as the `refuse` command makes them.
    pub refusals_max: u32,
}

impl TxnFaults {
    /// No faults: only the protocol's own steps.
    pub const NONE: TxnFaults = TxnFaults {
        coordinator_crashes_max: 0,
        drops_max: 0,
        partitions_max: 0,
        refusals_max: 0,
    };

    /// The small budget: one coordinator crash (and its recovery) and one lost message.
    pub const SMALL: TxnFaults = TxnFaults {
        coordinator_crashes_max: 1,
        drops_max: 1,
        ..TxnFaults::NONE
    };

    /// The checker's budget for these faults.
    pub fn budget(self) -> CheckBudget {
        CheckBudget {
            drops_max: self.drops_max,
            crashes_max: self.coordinator_crashes_max,
            recoveries_max: self.coordinator_crashes_max,
            partitions_max: self.partitions_max,
            commands_max: self.refusals_max,
            ..CheckBudget::NONE
        }
    }
}

/// What to check: a variant with some participants, the faults, and which properties.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct TxnCheckSettings {
    /// Which protocol.
    pub variant: Variant,
    /// How many participants (clamped to 2..=7; 2 and 3 check in well under a second).
    pub participants: u32,
    /// The fault budget.
    pub faults: TxnFaults,
    /// Check validity as well as atomicity.
    pub validity: bool,
    /// Check durability too (a decision acted on is the coordinator's logged one).
    pub durability: bool,
    /// Reduce by symmetry over the participants, where that is sound (not for three-phase commit).
    pub symmetry: bool,
}

impl Default for TxnCheckSettings {
    /// Two-phase commit, three participants, the small budget, atomicity and validity, symmetry.
    fn default() -> Self {
        TxnCheckSettings {
            variant: Variant::TwoPhase,
            participants: 3,
            faults: TxnFaults::SMALL,
            validity: true,
            durability: false,
            symmetry: true,
        }
    }
}

impl TxnCheckSettings {
    /// The panel's settings whose nodes the model checks (and in which its paths replay): the custom
    /// preset, one transaction over every participant, no random no-votes.
    pub fn panel_settings(&self) -> TxnSettings {
        TxnSettings {
            variant: self.variant,
            participants: self.participants.clamp(PARTICIPANTS_MIN, PARTICIPANTS_MAX),
            stream: false,
            vote_no_percent: 0,
            ..TxnSettings::of_preset(TxnPreset::Custom)
        }
    }

    /// Whether the model reduces by symmetry: asked for, and sound for the variant.
    pub fn is_symmetric(&self) -> bool {
        self.symmetry && self.variant != Variant::ThreePhase
    }

    /// The model to hand to [`crate::check::Checker`].
    pub fn model(&self) -> CheckModel<TxnNode> {
        let settings = self.panel_settings();
        let config = settings.config();
        let participants = config.participants;
        let refusals = (0..participants)
            .map(|i| (participant_node(i), TxnCommand::Refuse))
            .collect();
        let variant = self.variant;
        let mut model = CheckModel::new(TxnNode::all(config), NetworkKind::Multiset)
            .timer_guard(move |firing| may_fire(variant, firing))
            .forget_bookkeeping(clear_counters)
            .budget(self.faults.budget())
            .crashable(&[COORDINATOR])
            .commands(refusals)
            .immediate_timers(|timer| *timer == TxnTimer::SendNext)
            .state_constraint(one_copy_of_each_message)
            .invariant(Atomicity)
            .count_states(BLOCKED_IN_DOUBT, |view| !blocked_in_doubt(view).is_empty());
        if self.validity {
            model = model.invariant(Validity);
        }
        if self.durability {
            model = model.invariant(Durability);
        }
        if self.is_symmetric() {
            model = model.symmetric(crate::sim::NodeId(FIRST_PARTICIPANT), participants);
        }
        model
    }

    /// The actions that replay `path` (a path of [`TxnCheckSettings::model`]) in the panel's run of
    /// [`TxnCheckSettings::panel_settings`]: a manual network, then one step every [`REPLAY_STEP_MS`].
    pub fn replay(&self, path: &[StepOf<TxnNode>]) -> Vec<ScheduledAction> {
        crate::check::replay_actions(&self.model(), path, REPLAY_STEP_MS)
    }

    /// How long the panel's run of a replay lasts.
    pub fn replay_horizon_ms(&self, actions: &[ScheduledAction]) -> TimeMs {
        TxnScenario.horizon_ms(&self.panel_settings(), actions)
    }
}

/// When a protocol timer may fire in the model (the guard of [`CheckModel::timer_guard`]); every timer
/// not named here fires at any point, as the untimed semantics has it (a vote timeout, a lock wait, a
/// three-phase termination window, a log write completing).
///
/// - The client's resend of `begin` never fires: the coordinator logs `begin` and sends every prepare in
///   the step that takes the first `begin`, so a later one only makes it resend a decision the client has
///   been sent already (or, if the first was lost, starts what the first would have started).
/// - The coordinator's resend of its commit (and a recovering three-phase coordinator's further query
///   rounds) never fires: the first commit is still in flight unless the budget lost it, a recovering
///   coordinator sends it again, and an in-doubt participant can ask.
/// - An in-doubt participant's timeout: in two-phase commit and the two broken coordinators it only asks
///   the coordinator, whose answer is its logged decision (which it sends anyway when it logs it, and again
///   when it recovers) or "not decided" (which the participant ignores), so it never fires. Where the
///   timeout does more (cooperative termination asks the peers, the broken participant aborts, three-phase
///   commit elects a backup coordinator) it fires only while the coordinator is down or cut off from the
///   participant: an accurate timeout, which is what these protocols assume of a synchronous network.
///   A participant asking a live coordinator is the case the panel's runs show; what the checker adds is
///   every interleaving around a crash or a partition.
fn may_fire(variant: Variant, firing: &TimerFiring<'_, '_, TxnNode>) -> bool {
    match firing.timer {
        TxnTimer::ClientRetry(_) | TxnTimer::Resend(_) => false,
        TxnTimer::InDoubt(_) => {
            let acts_alone = variant.asks_peers() || variant == Variant::AbortsInDoubtOnTimeout;
            acts_alone
                && (firing.view.status(COORDINATOR) != NodeStatus::Up
                    || !firing.connected(firing.node, COORDINATOR))
        }
        _ => true,
    }
}

/// Write-only bookkeeping of the coordinator (messages sent, for the crash-at-step tool and the figures),
/// which no handler reads: cleared so that resends do not make new states.
fn clear_counters(node: &mut TxnNode) {
    if let RoleState::Coordinator(coordinator) = &mut node.role {
        for t in &mut coordinator.txns {
            t.prepares_sent = 0;
            t.pre_commits_sent = 0;
            t.decisions_sent = 0;
        }
    }
}

/// The state constraint that bounds retries: no two copies of one message in flight (the wire is sorted,
/// so copies are neighbours).
fn one_copy_of_each_message(view: &NodesView<'_, TxnNode>) -> bool {
    let mut previous = None;
    for (_, from, to, msg) in view.in_flight() {
        let current = (from, to, msg);
        if previous == Some(current) {
            return false;
        }
        previous = Some(current);
    }
    true
}

/// The check the panel's card runs for `variant`: the largest configuration whose state space a browser
/// explores in a few seconds. Two-phase variants: three participants, one coordinator crash (and its
/// recovery) and one lost message. Cooperative termination multiplies the states (participants ask each
/// other): two participants. Three-phase commit: two participants and one partition, its lesson.
pub fn panel_check(variant: Variant) -> TxnCheckSettings {
    match variant {
        Variant::Cooperative => TxnCheckSettings {
            variant,
            participants: 2,
            ..TxnCheckSettings::default()
        },
        Variant::ThreePhase => TxnCheckSettings {
            variant,
            participants: 2,
            faults: TxnFaults {
                partitions_max: 1,
                ..TxnFaults::NONE
            },
            ..TxnCheckSettings::default()
        },
        _ => TxnCheckSettings {
            variant,
            ..TxnCheckSettings::default()
        },
    }
}

/// The panel's check plan.
pub(crate) fn plan(settings: &TxnSettings) -> CheckPlan {
    let check = panel_check(settings.variant);
    CheckPlan {
        settings: AnySettings::new(check.panel_settings()),
        node_count: check.panel_settings().config().participants + 2,
        budget: check.faults.budget(),
    }
}

/// The panel's check job: counterexamples replay under the check's panel settings.
pub(crate) fn job(settings: &TxnSettings) -> Box<dyn CheckJob> {
    let check = panel_check(settings.variant);
    Box::new(ModelCheck::new(
        check.model(),
        AnySettings::new(check.panel_settings()),
    ))
}
