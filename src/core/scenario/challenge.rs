//! Challenges: a goal stated as a property of the run ("make two clients hold the lock at once"), a budget of
//! faults, and the settings the run must keep. The judge reads the goal off the run the simulator made (its
//! violation, its trace), never off anything the UI says, so a challenge is won by a run that anyone opening
//! its link can replay and see.
use super::{AnyRunSpec, DynScenario, RunRecord};
use crate::share::Params;
use crate::sim::Trace;
use crate::sim::{Action, EventKind, NodeId, ScheduledAction, TimeMs};

/// What the run must do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Goal {
    /// Break this property (a code of the protocol's legend).
    Breaks(&'static str),
    /// Keep some node in this legend state (`"in-doubt"`) for at least this long, without a break.
    StateFor { state: &'static str, ms: TimeMs },
    /// Make the run show something its protocol's core reads off it (a detector's verdicts, say), where
    /// neither a property nor a legend state names it.
    Observed(Observation),
}

/// A fact about a run that its protocol's core computes from the trace and notes ("the fixed timeout
/// suspects a live node while φ accrual does not"): a named question with a computed answer, never a
/// written-down one.
#[derive(Clone, Copy, Debug)]
pub struct Observation {
    /// Its code, unique in its panel.
    pub code: &'static str,
    /// Whether the run shows it.
    pub seen: fn(&dyn RunRecord) -> bool,
}

/// Observations are told apart by their codes (comparing function pointers is not reliable).
impl PartialEq for Observation {
    fn eq(&self, other: &Self) -> bool {
        self.code == other.code
    }
}
impl Eq for Observation {}

/// Faults a challenge allows, by kind; recovering, healing and the protocol's commands are free.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FaultCounts {
    /// Crashes and restarts.
    pub crashes: u32,
    pub pauses: u32,
    pub partitions: u32,
    /// Messages dropped, delayed or duplicated.
    pub message_faults: u32,
    /// Anything else that bends the world: network settings, clock jumps, taking over the network by hand.
    /// A challenge allows none.
    pub other: u32,
}

impl FaultCounts {
    /// No faults: the start of a budget (`FaultCounts { pauses: 1, ..FaultCounts::NONE }`).
    pub const NONE: FaultCounts = FaultCounts {
        crashes: 0,
        pauses: 0,
        partitions: 0,
        message_faults: 0,
        other: 0,
    };

    /// The faults among `actions`.
    pub fn of(actions: &[ScheduledAction]) -> FaultCounts {
        let mut used = FaultCounts::default();
        for scheduled in actions {
            match scheduled.action {
                Action::Crash { .. } | Action::Restart { .. } => used.crashes += 1,
                Action::Pause { .. } => used.pauses += 1,
                Action::Partition { .. } => used.partitions += 1,
                Action::DropMessage { .. }
                | Action::DelayMessage { .. }
                | Action::DuplicateMessage { .. } => used.message_faults += 1,
                Action::Recover { .. } | Action::Heal | Action::Command { .. } => {}
                Action::SetNetwork { .. }
                | Action::ClockJump { .. }
                | Action::ManualNetwork
                | Action::Deliver { .. }
                | Action::FireTimer { .. } => used.other += 1,
            }
        }
        used
    }

    /// Every count within `budget`'s.
    pub fn within(&self, budget: &FaultCounts) -> bool {
        self.crashes <= budget.crashes
            && self.pauses <= budget.pauses
            && self.partitions <= budget.partitions
            && self.message_faults <= budget.message_faults
            && self.other <= budget.other
    }
}

/// A challenge of a scenario.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Challenge {
    /// Its code, unique in its panel (`two-holders`): the link's `challenge=` and the words' key.
    pub id: &'static str,
    /// The run it starts from, as link parameters (settings and seed; no faults): the run must keep these
    /// settings, or a broken design would win it for free.
    pub start: &'static [(&'static str, &'static str)],
    pub budget: FaultCounts,
    pub goal: Goal,
}

/// Where a run stands against a challenge.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChallengeStatus {
    /// Not met yet.
    Open,
    /// Met, within the budget and on the challenge's settings.
    Won,
    /// More faults than the budget allows.
    OverBudget,
    /// The settings differ from the challenge's.
    SettingsChanged,
}

/// A challenge judged on a run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Judgement {
    pub status: ChallengeStatus,
    /// The faults the run uses.
    pub used: FaultCounts,
    /// The goal is met (whatever the budget and settings).
    pub goal_met: bool,
}

impl Challenge {
    /// The starting run: the challenge's settings and seed, read by the scenario's link codec.
    pub fn start_spec(&self, scenario: &dyn DynScenario) -> AnyRunSpec {
        let params = Params(
            self.start
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        );
        scenario.read(&params, &[]).0
    }

    /// Judges `run`, made from `spec`: the core's [`super::AnyRun`] or the run the UI keeps on screen.
    pub fn judge(
        &self,
        scenario: &dyn DynScenario,
        spec: &AnyRunSpec,
        run: &dyn RunRecord,
    ) -> Judgement {
        let start = self.start_spec(scenario);
        let used = FaultCounts::of(&spec.actions);
        let goal_met = goal_met(self.goal, run);
        let status = if start.settings != spec.settings || start.network != spec.network {
            ChallengeStatus::SettingsChanged
        } else if !used.within(&self.budget) {
            ChallengeStatus::OverBudget
        } else if goal_met {
            ChallengeStatus::Won
        } else {
            ChallengeStatus::Open
        };
        Judgement {
            status,
            used,
            goal_met,
        }
    }
}

/// Whether `run` meets `goal`.
fn goal_met(goal: Goal, run: &dyn RunRecord) -> bool {
    match goal {
        Goal::Breaks(property) => run.violation().is_some_and(|v| v.invariant == property),
        Goal::StateFor { state, ms } => {
            longest_in_state(run.trace(), run.horizon_ms(), state) >= ms
        }
        Goal::Observed(observation) => (observation.seen)(run),
    }
}

/// The longest time any node of `trace` spent in legend state `state` in one stretch (up to the run's end
/// at `horizon_ms`), in virtual ms. A note in the same state continues the stretch (a node waiting for
/// two pongs is still waiting); a crash ends it: a crashed node is not waiting, it is down.
pub fn longest_in_state(trace: &Trace, horizon_ms: TimeMs, state: &str) -> TimeMs {
    let mut since: Vec<(NodeId, TimeMs)> = Vec::new();
    let mut longest = 0;
    let end_ms = trace.events.last().map_or(0, |e| e.time_ms).max(horizon_ms);
    let mut close = |since: &mut Vec<(NodeId, TimeMs)>, node: NodeId, now: TimeMs| {
        if let Some(i) = since.iter().position(|(n, _)| *n == node) {
            longest = longest.max(now - since[i].1);
            since.swap_remove(i);
        }
    };
    for initial in &trace.initial {
        if initial.state == state {
            since.push((initial.node, 0));
        }
    }
    for event in &trace.events {
        match &event.kind {
            EventKind::State {
                node, state: now, ..
            } => {
                let open = since.iter().any(|(n, _)| n == node);
                if *now != state {
                    close(&mut since, *node, event.time_ms);
                } else if !open {
                    since.push((*node, event.time_ms));
                }
            }
            EventKind::Crash { node } => close(&mut since, *node, event.time_ms),
            _ => {}
        }
    }
    for (node, _) in since.clone() {
        close(&mut since, node, end_ms);
    }
    longest
}
