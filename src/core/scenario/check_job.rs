//! The exhaustive checker as a panel drives it: a job run in slices between frames, whose report names no
//! protocol type, and whose counterexample is an ordinary run of the panel's own scenario (settings and
//! actions) that the timeline, the sequence diagram and a share link replay like any other.
use super::erased::AnySettings;
use crate::check::{
    replay_actions, CheckBudget, CheckModel, CheckOutcome, CheckProgress, Checkable, Checker,
};
use crate::sim::{ScheduledAction, TimeMs};

/// What a panel's check covers, for the card to say before it starts.
#[derive(Clone, Debug, PartialEq)]
pub struct CheckPlan {
    /// The settings the check runs with (a small configuration of the panel's): a finished check answers
    /// for these, and a counterexample replays under them.
    pub settings: AnySettings,
    /// Nodes in the checked configuration.
    pub node_count: u32,
    /// The faults each path may contain.
    pub budget: CheckBudget,
}

/// Where a check stands after a slice.
#[derive(Clone, Debug, PartialEq)]
pub enum CheckStatus {
    /// Still searching.
    Running {
        /// States found so far.
        distinct_states: u64,
        /// The deepest of them, in steps from the start.
        max_depth: u32,
    },
    /// Finished.
    Done(CheckSummary),
}

/// A finished check, in words every panel shares.
#[derive(Clone, Debug, PartialEq)]
pub struct CheckSummary {
    /// The settings it checked ([`CheckPlan::settings`]).
    pub settings: AnySettings,
    /// Distinct states found.
    pub distinct_states: u64,
    /// The longest shortest path to any of them.
    pub max_depth: u32,
    /// States where the model's first counted condition holds (2PC: a participant blocked in doubt), if it
    /// declares one ([`CheckModel::count_states`]).
    pub counted: Option<u64>,
    /// The verdict.
    pub verdict: CheckVerdict,
}

/// What the search concluded.
#[derive(Clone, Debug, PartialEq)]
pub enum CheckVerdict {
    /// Every state found satisfies every property.
    AllSatisfy,
    /// A property fails after `steps` steps (a shortest such path): `settings` and `actions` replay it in the
    /// panel's scenario.
    Violation {
        /// The broken property's legend code.
        property: String,
        /// Steps from the start.
        steps: u32,
        /// The settings the check ran with (the replay's).
        settings: AnySettings,
        /// The path as actions on a manual network.
        actions: Vec<ScheduledAction>,
    },
}

/// A check the UI runs a slice at a time.
pub trait CheckJob {
    /// Explores up to `states` more states.
    fn run_batch(&mut self, states: u32) -> CheckStatus;
}

/// How far apart the replay's steps are, in virtual ms: far enough that each is its own moment on the
/// timeline.
pub const REPLAY_STEP_MS: TimeMs = 20;

/// The checker over a model, with the settings its counterexamples replay under.
pub struct ModelCheck<P: Checkable> {
    checker: Checker<P>,
    settings: AnySettings,
}

impl<P: Checkable + 'static> ModelCheck<P> {
    /// A check of `model`, whose paths replay in the panel's scenario under `settings`.
    pub fn new(model: CheckModel<P>, settings: AnySettings) -> Self {
        ModelCheck {
            checker: Checker::new(model),
            settings,
        }
    }
}

impl<P: Checkable + 'static> CheckJob for ModelCheck<P> {
    fn run_batch(&mut self, states: u32) -> CheckStatus {
        let report = match self.checker.run_batch(states) {
            CheckProgress::Running {
                distinct_states,
                max_depth,
                ..
            } => {
                return CheckStatus::Running {
                    distinct_states,
                    max_depth,
                }
            }
            CheckProgress::Done(report) => report,
        };
        let verdict = match &report.outcome {
            CheckOutcome::Violation { path, violation } => CheckVerdict::Violation {
                property: violation.invariant.clone(),
                steps: path.len() as u32,
                settings: self.settings.clone(),
                actions: replay_actions(self.checker.model(), path, REPLAY_STEP_MS),
            },
            // The panels' checks declare no goal, so no state is stuck.
            CheckOutcome::AllSatisfy | CheckOutcome::Stuck { .. } => CheckVerdict::AllSatisfy,
        };
        CheckStatus::Done(CheckSummary {
            settings: self.settings.clone(),
            distinct_states: report.distinct_states,
            max_depth: report.max_depth,
            counted: report.counts.first().map(|count| count.states),
            verdict,
        })
    }
}
