//! The explorer: runs many seeds with random faults (within a budget) and stops at the first violation.
//!
//! There is no clock in core, so the work is incremental: the caller decides how many runs to do per slice
//! ([`Explorer::run_batch`]), e.g. one batch per animation frame in the browser.
use super::fault::{FaultAction, ScheduledAction};
use super::ids::{NodeId, TimeMs};
use super::invariant::Violation;
use super::kernel::Sim;
use super::protocol::Protocol;
use super::rng::SimRng;

/// Mixed into the seed for the fault stream, so faults are drawn independently of the sim's own RNG.
const FAULT_STREAM_SALT: u64 = 0x9E37_79B9_7F4A_7C15;

/// How many faults of each kind a run may get, and how long each run lasts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FaultBudget {
    /// Most crashes per run (each followed by a recovery, or a restart).
    pub crashes_max: u32,
    /// Most pauses per run.
    pub pauses_max: u32,
    /// Most partitions per run (each healed later).
    pub partitions_max: u32,
    /// Most message-fault bursts per run (a window of duplication, loss or slow links, then the old network).
    pub message_faults_max: u32,
    /// Each run lasts this long in virtual time.
    pub horizon_ms: TimeMs,
}

/// A failing run, with everything needed to replay it: `build(seed)`, schedule `actions`, run to the horizon.
#[derive(Clone, Debug, PartialEq)]
pub struct Counterexample {
    /// The seed passed to `build`.
    pub seed: u64,
    /// The faults, in scheduling order.
    pub actions: Vec<ScheduledAction>,
    /// Trace length at the violation (the violation is its last event).
    pub trace_len: u64,
    /// What failed.
    pub violation: Violation,
}

/// Where an incremental search stands.
#[derive(Clone, Debug, PartialEq)]
pub enum ExploreProgress {
    /// No violation yet after this many runs.
    Searching {
        /// Runs done so far.
        runs_done: u64,
    },
    /// A violation was found; further batches return it again.
    Found(Counterexample),
}

/// The result of [`explore`].
#[derive(Clone, Debug, PartialEq)]
pub enum ExploreResult {
    /// The first failing run.
    Found(Counterexample),
    /// Every run passed.
    NoneFound {
        /// How many runs were made.
        runs: u64,
    },
}

/// An incremental search over seeds `first_seed, first_seed + 1, ...`.
pub struct Explorer<P: Protocol, F: Fn(u64) -> Sim<P>> {
    build: F,
    next_seed: u64,
    budget: FaultBudget,
    runs_done: u64,
    outcome: Option<Counterexample>,
}

impl<P: Protocol, F: Fn(u64) -> Sim<P>> Explorer<P, F> {
    /// `build` makes the scenario's sim (with its invariants) for a seed.
    pub fn new(build: F, first_seed: u64, budget: FaultBudget) -> Self {
        Self {
            build,
            next_seed: first_seed,
            budget,
            runs_done: 0,
            outcome: None,
        }
    }

    /// Runs up to `runs` more seeds; stops at the first violation.
    pub fn run_batch(&mut self, runs: u32) -> ExploreProgress {
        for _ in 0..runs {
            if self.outcome.is_some() {
                break;
            }
            let seed = self.next_seed;
            self.next_seed = self.next_seed.wrapping_add(1);
            self.runs_done += 1;
            self.outcome = self.run_one(seed);
        }
        match &self.outcome {
            Some(found) => ExploreProgress::Found(found.clone()),
            None => ExploreProgress::Searching {
                runs_done: self.runs_done,
            },
        }
    }

    /// Runs made so far.
    pub fn runs_done(&self) -> u64 {
        self.runs_done
    }

    /// The counterexample, once found.
    pub fn outcome(&self) -> Option<&Counterexample> {
        self.outcome.as_ref()
    }

    fn run_one(&self, seed: u64) -> Option<Counterexample> {
        let mut sim = (self.build)(seed);
        let actions = random_faults(seed, sim.node_count(), sim.network(), &self.budget);
        for action in &actions {
            sim.schedule(action.clone());
        }
        sim.run_until(self.budget.horizon_ms);
        let violation = sim.violation()?.clone();
        Some(Counterexample {
            seed,
            actions,
            trace_len: sim.trace().len(),
            violation,
        })
    }
}

/// Runs up to `seeds_max` seeds and returns the first counterexample, if any.
pub fn explore<P: Protocol, F: Fn(u64) -> Sim<P>>(
    build: F,
    first_seed: u64,
    budget: FaultBudget,
    seeds_max: u64,
) -> ExploreResult {
    let mut explorer = Explorer::new(build, first_seed, budget);
    while explorer.runs_done() < seeds_max {
        let batch = (seeds_max - explorer.runs_done()).min(u64::from(u32::MAX)) as u32;
        if let ExploreProgress::Found(found) = explorer.run_batch(batch) {
            return ExploreResult::Found(found);
        }
    }
    ExploreResult::NoneFound {
        runs: explorer.runs_done(),
    }
}

/// Draws a run's faults from a stream derived from its seed: each kind gets `0..=max` faults at random times
/// within the horizon, each temporary fault undone after a random while. Message faults are network bursts
/// (duplication, loss or slow links) so they are plain data that replays without knowing message ids.
pub fn random_faults(
    seed: u64,
    node_count: u32,
    network: &super::network::NetworkConfig,
    budget: &FaultBudget,
) -> Vec<ScheduledAction> {
    let mut rng = SimRng::from_seed(seed ^ FAULT_STREAM_SALT);
    let horizon_ms = budget.horizon_ms.max(1);
    let mut actions = Vec::new();
    if node_count == 0 {
        return actions;
    }
    let mut push =
        |at_ms: TimeMs, action: FaultAction| actions.push(ScheduledAction { at_ms, action });
    let crashes = rng.below(u64::from(budget.crashes_max) + 1);
    for _ in 0..crashes {
        let node = NodeId(rng.below(u64::from(node_count)) as u32);
        let at_ms = rng.below(horizon_ms);
        if rng.chance(0.5) {
            push(at_ms, FaultAction::Restart { node });
        } else {
            let down_ms = 1 + rng.below(horizon_ms / 4 + 1);
            push(at_ms, FaultAction::Crash { node });
            push(at_ms + down_ms, FaultAction::Recover { node });
        }
    }
    let pauses = rng.below(u64::from(budget.pauses_max) + 1);
    for _ in 0..pauses {
        let node = NodeId(rng.below(u64::from(node_count)) as u32);
        let at_ms = rng.below(horizon_ms);
        let duration_ms = 1 + rng.below(horizon_ms / 5 + 1);
        push(at_ms, FaultAction::Pause { node, duration_ms });
    }
    let partitions = rng.below(u64::from(budget.partitions_max) + 1);
    for _ in 0..partitions {
        let at_ms = rng.below(horizon_ms);
        let mut side_a = Vec::new();
        let mut side_b = Vec::new();
        for node in 0..node_count {
            if rng.chance(0.5) {
                side_a.push(NodeId(node));
            } else {
                side_b.push(NodeId(node));
            }
        }
        let lasts_ms = 1 + rng.below(horizon_ms / 3 + 1);
        push(
            at_ms,
            FaultAction::Partition {
                groups: vec![side_a, side_b],
            },
        );
        push(at_ms + lasts_ms, FaultAction::Heal);
    }
    let bursts = rng.below(u64::from(budget.message_faults_max) + 1);
    for _ in 0..bursts {
        let at_ms = rng.below(horizon_ms);
        let lasts_ms = 1 + rng.below(horizon_ms / 4 + 1);
        let mut faulty = network.clone();
        match rng.below(3) {
            0 => faulty.duplicate_probability = 0.5,
            1 => faulty.loss_probability = 0.5,
            _ => {
                faulty.latency_ms_max = faulty.latency_ms_max.saturating_mul(4);
            }
        }
        push(at_ms, FaultAction::SetNetwork { network: faulty });
        push(
            at_ms + lasts_ms,
            FaultAction::SetNetwork {
                network: network.clone(),
            },
        );
    }
    actions
}
