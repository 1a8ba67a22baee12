//! The lock protocol under the exhaustive checker, over the simulator's own handlers: two clients that each
//! acquire once (a command), every interleaving of deliveries and timers (a lease may run out at any point,
//! which is what a pause past the lease does), at most one lost message and one crash. The panel's "check
//! every state" card and the tests run this same model.
use super::{
    lock_nodes, LockCommand, LockNode, LockScenario, LockSettings, MutualExclusion, Variant,
};
use crate::check::{CheckBudget, CheckModel, NetworkKind};
use crate::scenario::{AnySettings, CheckJob, CheckPlan, ModelCheck, Scenario};
use crate::sim::NodesView;

/// Failed attempts a client may make per round before the model stops following it (TLC's `CONSTRAINT`):
/// a waiting client retries for ever, so without a bound the state space is infinite.
pub const CHECK_ATTEMPTS_MAX: u32 = 1;

/// The faults the panel's check allows on top of the protocol's own steps.
pub const CHECK_BUDGET: CheckBudget = CheckBudget {
    drops_max: 1,
    crashes_max: 1,
    ..CheckBudget::NONE
};

/// Whether the checker can cover `variant` in a browser's patience, with paths that replay: Redlock's five
/// lock nodes and the queue recipes' sessions and watches multiply the interleavings past what a card
/// should wait for, and seed 001's timestamp lock decides by reading clocks, which the untimed checker
/// holds at 0, so its paths would not replay on the simulator's clocks. Their failures are the explorer's
/// to find.
pub fn checkable(variant: Variant) -> bool {
    !matches!(
        variant,
        Variant::Redlock | Variant::QueueLock | Variant::QueueHerd | Variant::CounterTimestamp
    )
}

/// The settings a check runs (and its counterexample replays) with: the panel's variant and timings, two
/// clients acquiring once.
pub fn check_settings(settings: &LockSettings) -> LockSettings {
    LockSettings {
        clients: 2,
        looping: false,
        ..*settings
    }
}

/// The model of `settings` (see [`check_settings`]) with `budget`: both clients' acquire commands, mutual
/// exclusion as the storage sees it, and at most [`CHECK_ATTEMPTS_MAX`] failed attempts per round.
pub fn check_model(settings: &LockSettings, budget: CheckBudget) -> CheckModel<LockNode> {
    let settings = check_settings(settings);
    let network = LockScenario.default_network(&settings);
    let layout = settings.layout();
    let commands = layout
        .client_ids()
        .into_iter()
        .map(|client| (client, LockCommand::Acquire))
        .collect();
    CheckModel::new(lock_nodes(&settings, &network), NetworkKind::Multiset)
        .budget(CheckBudget {
            commands_max: 2,
            ..budget
        })
        .commands(commands)
        .invariant(MutualExclusion {
            storage: layout.storage(),
        })
        .state_constraint(|view: &NodesView<'_, LockNode>| {
            view.ids().all(|id| match view.node(id) {
                LockNode::Client(client) => client.attempt <= CHECK_ATTEMPTS_MAX,
                _ => true,
            })
        })
}

/// The panel's check plan, for checkable variants.
pub(super) fn plan(settings: &LockSettings) -> Option<CheckPlan> {
    checkable(settings.variant).then(|| CheckPlan {
        settings: AnySettings::new(check_settings(settings)),
        node_count: check_settings(settings).layout().node_count(),
        budget: CHECK_BUDGET,
    })
}

/// The panel's check job, for checkable variants.
pub(super) fn job(settings: &LockSettings) -> Option<Box<dyn CheckJob>> {
    checkable(settings.variant).then(|| {
        let model = check_model(settings, CHECK_BUDGET);
        Box::new(ModelCheck::new(
            model,
            AnySettings::new(check_settings(settings)),
        )) as Box<dyn CheckJob>
    })
}
