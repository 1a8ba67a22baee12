//! The explorer: runs many seeds with random faults (within a budget), stops at the first violation, then
//! shrinks it: drops the actions the violation does not need and moves the others later, so a student
//! replays the smallest story that still breaks the property.
//!
//! There is no clock in core, so the work is incremental: the caller decides how many runs to do per slice
//! ([`ExploreJob::run_batch`]), e.g. one batch per animation frame in the browser.
use super::action::{Action, ScheduledAction};
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
    /// Most clock jumps per run (a node's clock stepped by up to a second either way).
    pub clock_jumps_max: u32,
    /// Each run lasts this long in virtual time.
    pub horizon_ms: TimeMs,
}

/// A failing run, with everything needed to replay it: `build(seed)`, schedule `actions`, run to the horizon.
#[derive(Clone, Debug, PartialEq)]
pub struct Counterexample {
    /// The seed passed to `build`.
    pub seed: u64,
    /// The faults, in scheduling order, after shrinking.
    pub actions: Vec<ScheduledAction>,
    /// How many actions the failing run had when it was found, before shrinking.
    pub actions_found: u32,
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
    /// A violation was found and is being made smaller.
    Shrinking {
        /// Runs done so far (search and shrink together).
        runs_done: u64,
        /// Actions left in the smallest failing run so far.
        actions_now: u32,
        /// The seed of the failing run being shrunk: which of several searches over one seed range found
        /// the earliest failure is told by it.
        seed: u64,
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

/// A search the UI can drive without knowing the protocol: one unit of work is one run.
pub trait ExploreJob {
    /// Does up to `runs` more runs (searching, then shrinking); stops early once done.
    fn run_batch(&mut self, runs: u32) -> ExploreProgress;
    /// Runs made so far.
    fn runs_done(&self) -> u64;
    /// Makes this search one of `count` that share its seed range: it tries seeds `first_seed + index`,
    /// `first_seed + index + count`, ... only. Called before the first batch. `count` searches with indices
    /// `0..count`, merged by the earliest failing seed, find what one search would (see the UI's workers).
    fn take_stripe(&mut self, index: u64, count: u64);
    /// The next seed this search would try.
    fn next_seed(&self) -> u64;
}

/// An incremental search over seeds `first_seed, first_seed + 1, ...` (or a stripe of them), which shrinks
/// what it finds.
pub struct Explorer<P: Protocol, F: Fn(u64) -> Sim<P>> {
    build: F,
    next_seed: u64,
    /// The distance between two seeds tried: 1, or the number of stripes.
    seed_step: u64,
    budget: FaultBudget,
    runs_done: u64,
    shrinking: Option<Shrinker>,
    outcome: Option<Counterexample>,
}

impl<P: Protocol, F: Fn(u64) -> Sim<P>> Explorer<P, F> {
    /// `build` makes the scenario's sim (with its properties) for a seed.
    pub fn new(build: F, first_seed: u64, budget: FaultBudget) -> Self {
        Self {
            build,
            next_seed: first_seed,
            seed_step: 1,
            budget,
            runs_done: 0,
            shrinking: None,
            outcome: None,
        }
    }

    /// Runs up to `runs` more runs; stops at the first violation, then shrinks it.
    pub fn run_batch(&mut self, runs: u32) -> ExploreProgress {
        for _ in 0..runs {
            if self.outcome.is_some() {
                break;
            }
            self.runs_done += 1;
            match self.shrinking.take() {
                Some(mut shrinker) => {
                    let candidate = shrinker.candidate();
                    let sim = (self.build)(shrinker.seed);
                    let failed_at_ms = run_to_horizon(sim, &candidate, self.budget.horizon_ms)
                        .filter(|run| run.violation.invariant == shrinker.invariant)
                        .map(|run| run.violation_at_ms);
                    if shrinker.report(failed_at_ms) {
                        self.outcome = Some(shrinker.finish(&self.build, self.budget.horizon_ms));
                    } else {
                        self.shrinking = Some(shrinker);
                    }
                }
                None => {
                    let seed = self.next_seed;
                    self.next_seed = self.next_seed.wrapping_add(self.seed_step);
                    let sim = (self.build)(seed);
                    let actions =
                        random_faults(seed, sim.node_count(), sim.network(), &self.budget);
                    if let Some(run) = run_to_horizon(sim, &actions, self.budget.horizon_ms) {
                        self.shrinking = Some(Shrinker::new(seed, actions, run));
                    }
                }
            }
        }
        if let Some(found) = &self.outcome {
            return ExploreProgress::Found(found.clone());
        }
        match &self.shrinking {
            Some(shrinker) => ExploreProgress::Shrinking {
                runs_done: self.runs_done,
                actions_now: shrinker.actions.len() as u32,
                seed: shrinker.seed,
            },
            None => ExploreProgress::Searching {
                runs_done: self.runs_done,
            },
        }
    }

    /// Runs made so far.
    pub fn runs_done(&self) -> u64 {
        self.runs_done
    }

    /// The counterexample, once found and shrunk.
    pub fn outcome(&self) -> Option<&Counterexample> {
        self.outcome.as_ref()
    }
}

impl<P: Protocol, F: Fn(u64) -> Sim<P>> ExploreJob for Explorer<P, F> {
    fn run_batch(&mut self, runs: u32) -> ExploreProgress {
        Explorer::run_batch(self, runs)
    }

    fn runs_done(&self) -> u64 {
        self.runs_done
    }

    fn take_stripe(&mut self, index: u64, count: u64) {
        self.next_seed = self.next_seed.wrapping_add(index);
        self.seed_step = count.max(1);
    }

    fn next_seed(&self) -> u64 {
        self.next_seed
    }
}

/// How a failing run failed.
struct FailedRun {
    violation: Violation,
    violation_at_ms: TimeMs,
    trace_len: u64,
}

/// Schedules `actions` on a fresh `sim` and runs it to the horizon; how it failed, if it did.
fn run_to_horizon<P: Protocol>(
    mut sim: Sim<P>,
    actions: &[ScheduledAction],
    horizon_ms: TimeMs,
) -> Option<FailedRun> {
    for action in actions {
        sim.schedule(action.clone());
    }
    sim.run_until(horizon_ms);
    Some(FailedRun {
        violation: sim.violation()?.clone(),
        violation_at_ms: sim.now(),
        trace_len: sim.trace().len(),
    })
}

/// Most probes spent moving one action later.
const LATER_PROBES_PER_ACTION: u32 = 4;

/// Where shrinking stands: first drop actions one at a time (passes until none can go), then move each
/// remaining action later by bisection between its time and the violation's.
struct Shrinker {
    seed: u64,
    invariant: String,
    actions_found: u32,
    /// The smallest failing list so far.
    actions: Vec<ScheduledAction>,
    /// When the violation happened in the smallest failing run (moving an action past it cannot help).
    violation_at_ms: TimeMs,
    stage: ShrinkStage,
}

#[derive(Clone, Copy, Debug)]
enum ShrinkStage {
    /// Trying without action `index`; `dropped_any` says whether this pass removed one.
    Drop {
        index: usize,
        dropped_any: bool,
    },
    /// Moving action `index` later: its time fails at `fails_at_ms`, the probe is between that and
    /// `limit_ms`.
    Later {
        index: usize,
        fails_at_ms: TimeMs,
        limit_ms: TimeMs,
        probes: u32,
    },
    Done,
}

impl Shrinker {
    fn new(seed: u64, actions: Vec<ScheduledAction>, found: FailedRun) -> Self {
        let mut shrinker = Self {
            seed,
            invariant: found.violation.invariant,
            actions_found: actions.len() as u32,
            actions,
            violation_at_ms: found.violation_at_ms,
            stage: ShrinkStage::Drop {
                index: 0,
                dropped_any: false,
            },
        };
        shrinker.settle();
        shrinker
    }

    /// The list to try next.
    fn candidate(&self) -> Vec<ScheduledAction> {
        let mut actions = self.actions.clone();
        match self.stage {
            ShrinkStage::Drop { index, .. } => {
                actions.remove(index);
            }
            ShrinkStage::Later {
                index,
                fails_at_ms,
                limit_ms,
                ..
            } => actions[index].at_ms = probe_ms(fails_at_ms, limit_ms),
            ShrinkStage::Done => {}
        }
        actions
    }

    /// Takes the outcome of the last candidate (when it failed the same way, at what time); true once
    /// shrinking is over.
    fn report(&mut self, failed_at_ms: Option<TimeMs>) -> bool {
        let failed = failed_at_ms.is_some();
        if let Some(at_ms) = failed_at_ms {
            self.violation_at_ms = at_ms;
        }
        match self.stage {
            ShrinkStage::Drop { index, dropped_any } => {
                if failed {
                    self.actions.remove(index);
                    self.stage = ShrinkStage::Drop {
                        index,
                        dropped_any: true,
                    };
                } else {
                    self.stage = ShrinkStage::Drop {
                        index: index + 1,
                        dropped_any,
                    };
                }
            }
            ShrinkStage::Later {
                index,
                fails_at_ms,
                limit_ms,
                probes,
            } => {
                let probe = probe_ms(fails_at_ms, limit_ms);
                let (fails_at_ms, limit_ms) = if failed {
                    self.actions[index].at_ms = probe;
                    (probe, limit_ms)
                } else {
                    (fails_at_ms, probe)
                };
                self.stage = ShrinkStage::Later {
                    index,
                    fails_at_ms,
                    limit_ms,
                    probes: probes + 1,
                };
            }
            ShrinkStage::Done => {}
        }
        self.settle();
        matches!(self.stage, ShrinkStage::Done)
    }

    /// Moves past stages with nothing left to try.
    fn settle(&mut self) {
        loop {
            match self.stage {
                ShrinkStage::Drop { index, dropped_any } if index >= self.actions.len() => {
                    self.stage = if dropped_any {
                        ShrinkStage::Drop {
                            index: 0,
                            dropped_any: false,
                        }
                    } else {
                        self.later_from(0)
                    };
                }
                ShrinkStage::Later {
                    index,
                    fails_at_ms,
                    limit_ms,
                    probes,
                } if probes >= LATER_PROBES_PER_ACTION
                    || probe_ms(fails_at_ms, limit_ms) <= fails_at_ms =>
                {
                    self.stage = self.later_from(index + 1);
                }
                _ => return,
            }
        }
    }

    fn later_from(&self, index: usize) -> ShrinkStage {
        match self.actions.get(index) {
            None => ShrinkStage::Done,
            Some(action) => ShrinkStage::Later {
                index,
                fails_at_ms: action.at_ms,
                limit_ms: self.violation_at_ms,
                probes: 0,
            },
        }
    }

    /// The smallest failing run, replayed once more for its violation and trace length (the list only
    /// ever changes to a candidate that failed, so it fails).
    fn finish<P: Protocol>(
        self,
        build: &impl Fn(u64) -> Sim<P>,
        horizon_ms: TimeMs,
    ) -> Counterexample {
        let run = run_to_horizon(build(self.seed), &self.actions, horizon_ms);
        let (violation, trace_len) = match run {
            Some(run) => (run.violation, run.trace_len),
            None => (
                Violation {
                    invariant: self.invariant.clone(),
                    nodes: Vec::new(),
                    detail: String::new(),
                },
                0,
            ),
        };
        Counterexample {
            seed: self.seed,
            actions: self.actions,
            actions_found: self.actions_found,
            trace_len,
            violation,
        }
    }
}

/// The midpoint between a time known to fail and a limit.
fn probe_ms(fails_at_ms: TimeMs, limit_ms: TimeMs) -> TimeMs {
    fails_at_ms + limit_ms.saturating_sub(fails_at_ms) / 2
}

/// Runs up to `seeds_max` seeds and returns the first counterexample, shrunk, if any.
pub fn explore<P: Protocol, F: Fn(u64) -> Sim<P>>(
    build: F,
    first_seed: u64,
    budget: FaultBudget,
    seeds_max: u64,
) -> ExploreResult {
    let mut explorer = Explorer::new(build, first_seed, budget);
    loop {
        // One run at a time once the search budget is nearly spent, so a violation found on the last seed is
        // still shrunk (shrinking runs do not count against `seeds_max`).
        match explorer.run_batch(1) {
            ExploreProgress::Found(found) => return ExploreResult::Found(found),
            ExploreProgress::Shrinking { .. } => {}
            ExploreProgress::Searching { runs_done } if runs_done >= seeds_max => {
                return ExploreResult::NoneFound { runs: runs_done }
            }
            ExploreProgress::Searching { .. } => {}
        }
    }
}

/// Shrinks a failing run of `build(seed)` with `actions`: drops the actions the violation does not need and
/// moves the rest later, keeping the same property violated. `None` if the run does not fail.
pub fn shrink<P: Protocol>(
    build: impl Fn(u64) -> Sim<P>,
    seed: u64,
    actions: Vec<ScheduledAction>,
    horizon_ms: TimeMs,
) -> Option<Counterexample> {
    let found = run_to_horizon(build(seed), &actions, horizon_ms)?;
    let mut shrinker = Shrinker::new(seed, actions, found);
    loop {
        if matches!(shrinker.stage, ShrinkStage::Done) {
            return Some(shrinker.finish(&build, horizon_ms));
        }
        let candidate = shrinker.candidate();
        let failed_at_ms = run_to_horizon(build(seed), &candidate, horizon_ms)
            .filter(|run| run.violation.invariant == shrinker.invariant)
            .map(|run| run.violation_at_ms);
        shrinker.report(failed_at_ms);
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
    let mut push = |at_ms: TimeMs, action: Action| actions.push(ScheduledAction { at_ms, action });
    let crashes = rng.below(u64::from(budget.crashes_max) + 1);
    for _ in 0..crashes {
        let node = NodeId(rng.below(u64::from(node_count)) as u32);
        let at_ms = rng.below(horizon_ms);
        if rng.chance(0.5) {
            push(at_ms, Action::Restart { node });
        } else {
            let down_ms = 1 + rng.below(horizon_ms / 4 + 1);
            push(at_ms, Action::Crash { node });
            push(at_ms + down_ms, Action::Recover { node });
        }
    }
    let pauses = rng.below(u64::from(budget.pauses_max) + 1);
    for _ in 0..pauses {
        let node = NodeId(rng.below(u64::from(node_count)) as u32);
        let at_ms = rng.below(horizon_ms);
        let duration_ms = 1 + rng.below(horizon_ms / 5 + 1);
        push(at_ms, Action::Pause { node, duration_ms });
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
            Action::Partition {
                groups: vec![side_a, side_b],
            },
        );
        push(at_ms + lasts_ms, Action::Heal);
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
        push(at_ms, Action::SetNetwork { network: faulty });
        push(
            at_ms + lasts_ms,
            Action::SetNetwork {
                network: network.clone(),
            },
        );
    }
    // Drawn last, so budgets without clock faults draw exactly what they drew before clocks existed.
    if budget.clock_jumps_max > 0 {
        let jumps = rng.below(u64::from(budget.clock_jumps_max) + 1);
        for _ in 0..jumps {
            let node = NodeId(rng.below(u64::from(node_count)) as u32);
            let at_ms = rng.below(horizon_ms);
            let jump_ms = rng.between_inclusive(1, 1_000) as i64;
            let jump_ms = if rng.chance(0.5) { jump_ms } else { -jump_ms };
            push(at_ms, Action::ClockJump { node, jump_ms });
        }
    }
    actions
}
