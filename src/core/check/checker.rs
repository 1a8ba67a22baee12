//! [`Checker`]: the incremental, exhaustive search, and what it reports.
use super::model::{CheckModel, Checkable, SearchOrder};
use super::state::{CheckState, Choice};
use super::step::{describe, StepOf};
use super::table::StateTable;
use crate::sim::{EffectOf, Violation};
use std::collections::VecDeque;

/// No parent: the initial state.
const ROOT: u32 = u32::MAX;

/// What a complete (or stopped) search found.
#[derive(Clone, Debug, PartialEq)]
pub struct CheckReport<S> {
    /// States found, each counted once (after symmetry reduction, classes of states).
    pub distinct_states: u64,
    /// States computed, the initial one and every successor of every expanded state, repeats included
    /// (TLC's "states generated").
    pub states_generated: u64,
    /// The largest number of steps from the start to a state found (TLC's "depth" is this plus one).
    pub max_depth: u32,
    /// States left unexpanded because they were at the depth bound (0 when the search was complete).
    pub states_at_depth_bound: u64,
    /// xxh3-64 of every distinct state's fingerprint in discovery order: equal digests mean the same
    /// states were found in the same order, which is how runs on two targets are compared.
    pub exploration_digest: u64,
    /// The model's counted states ([`super::CheckModel::count_states`]), in the order they were declared.
    pub counts: Vec<StateCount<S>>,
    /// The verdict.
    pub outcome: CheckOutcome<S>,
}

/// How many distinct states satisfy one of the model's counted predicates.
#[derive(Clone, Debug, PartialEq)]
pub struct StateCount<S> {
    /// The name it was declared with.
    pub name: String,
    /// Distinct states (classes, with symmetry reduction) found in which it holds. Of a search that
    /// stopped at a violation, only the states found until then.
    pub states: u64,
    /// A shortest path (breadth-first) to the first such state, if there is one.
    pub example: Option<Vec<S>>,
}

/// The verdict of a search.
#[derive(Clone, Debug, PartialEq)]
pub enum CheckOutcome<S> {
    /// All `distinct_states` states satisfy every property (and every state can reach the goal, if the
    /// model has one).
    AllSatisfy,
    /// A property fails in a state reached by `path` (with breadth-first search, a shortest such path).
    Violation {
        /// The steps from the start, in order.
        path: Vec<S>,
        /// What failed.
        violation: Violation,
    },
    /// Some states cannot reach the goal by any path: `stuck_states` of them; `path` leads to one of the
    /// closest to the start.
    Stuck {
        /// The goal's name.
        goal: String,
        /// How many states can never reach it.
        stuck_states: u64,
        /// The steps from the start to a stuck state.
        path: Vec<S>,
    },
}

/// Where a search stands after a batch.
#[derive(Clone, Debug, PartialEq)]
pub enum CheckProgress<S> {
    /// Still searching.
    Running {
        /// States found so far.
        distinct_states: u64,
        /// States computed so far.
        states_generated: u64,
        /// Deepest state so far.
        max_depth: u32,
        /// States found and not yet expanded.
        queued: u64,
    },
    /// Finished; further batches return the same report.
    Done(CheckReport<S>),
}

/// The report type of protocol `P`.
pub type ReportOf<P> = CheckReport<StepOf<P>>;

/// An exhaustive search of a [`CheckModel`], run in slices.
///
/// How to drive it: [`Checker::new`], then [`Checker::run_batch`] as often as the caller likes (one slice
/// per animation frame, or a loop in a web worker) until it returns [`CheckProgress::Done`], or
/// [`Checker::run_to_end`]. There is no clock in core: states per second are the caller's to measure.
/// The same model always explores the same states in the same order and gives the same report, natively
/// and in wasm32.
pub struct Checker<P: Checkable> {
    model: CheckModel<P>,
    /// Every state found, by index (its discovery order).
    states: Vec<CheckState<P>>,
    /// Each state's fingerprint, by index.
    fingerprints: Vec<u64>,
    parents: Vec<u32>,
    depths: Vec<u32>,
    table: StateTable,
    frontier: VecDeque<u32>,
    /// `(from, to)` for every step taken, kept only when the model has a goal.
    edges: Vec<(u32, u32)>,
    /// States not expanded because of the depth bound.
    unexpanded: Vec<u32>,
    states_generated: u64,
    max_depth: u32,
    /// Per counted predicate: how many states satisfy it, and the first one's index.
    counted: Vec<(u64, Option<u32>)>,
    report: Option<ReportOf<P>>,
    // Scratch space reused between steps.
    outbox: Vec<EffectOf<P>>,
    choices: Vec<Choice>,
    buffer: Vec<u8>,
}

impl<P: Checkable> Checker<P> {
    /// A search of `model`, starting from its initial state (every node has run `on_start`).
    pub fn new(model: CheckModel<P>) -> Self {
        let mut checker = Checker {
            model,
            states: Vec::new(),
            fingerprints: Vec::new(),
            parents: Vec::new(),
            depths: Vec::new(),
            table: StateTable::default(),
            frontier: VecDeque::new(),
            edges: Vec::new(),
            unexpanded: Vec::new(),
            states_generated: 0,
            max_depth: 0,
            counted: Vec::new(),
            report: None,
            outbox: Vec::new(),
            choices: Vec::new(),
            buffer: Vec::new(),
        };
        checker.counted = vec![(0, None); checker.model.counted.len()];
        let initial = CheckState::initial(&checker.model, &mut checker.outbox);
        checker.states_generated = 1;
        checker.admit(initial, ROOT, 0);
        checker
    }

    /// The model being checked.
    pub fn model(&self) -> &CheckModel<P> {
        &self.model
    }

    /// Expands up to `states` more states; stops early at a violation or when nothing is left.
    pub fn run_batch(&mut self, states: u32) -> CheckProgress<StepOf<P>> {
        for _ in 0..states {
            if self.report.is_some() {
                break;
            }
            let next = match self.model.order {
                SearchOrder::BreadthFirst => self.frontier.pop_front(),
                SearchOrder::DepthFirst => self.frontier.pop_back(),
            };
            match next {
                Some(index) => self.expand(index),
                None => self.finish(),
            }
        }
        if self.report.is_none() && self.frontier.is_empty() {
            self.finish();
        }
        match &self.report {
            Some(report) => CheckProgress::Done(report.clone()),
            None => CheckProgress::Running {
                distinct_states: self.states.len() as u64,
                states_generated: self.states_generated,
                max_depth: self.max_depth,
                queued: self.frontier.len() as u64,
            },
        }
    }

    /// Runs the search to its end.
    pub fn run_to_end(&mut self) -> ReportOf<P> {
        loop {
            if let CheckProgress::Done(report) = self.run_batch(4_096) {
                return report;
            }
        }
    }

    fn expand(&mut self, index: u32) {
        let depth = self.depths[index as usize];
        if self.model.depth_max.is_some_and(|max| depth >= max) {
            self.unexpanded.push(index);
            return;
        }
        let parent = self.states[index as usize].clone();
        let mut choices = std::mem::take(&mut self.choices);
        parent.choices(&self.model, &mut choices);
        for &choice in &choices {
            let mut next = parent.clone();
            next.apply(&self.model, choice, &mut self.outbox);
            self.states_generated += 1;
            self.admit(next, index, depth + 1);
            if self.report.is_some() {
                break;
            }
        }
        self.choices = choices;
    }

    /// Takes in a successor of `parent` (or the initial state): discards it outside the state constraint,
    /// finds it if already known, else records it, checks the properties on it and queues it.
    fn admit(&mut self, state: CheckState<P>, parent: u32, depth: u32) {
        if let Some(within) = &self.model.constraint {
            if !within(&state.view()) {
                return;
            }
        }
        let (state, key) = match &self.model.symmetry {
            Some(symmetry) => symmetry.canonical(state, &mut self.buffer),
            None => {
                let key = state.fingerprint(&mut self.buffer);
                (state, key)
            }
        };
        let states = &self.states;
        if let Some(known) = self.table.find(key, |i| states[i as usize] == state) {
            if self.model.goal.is_some() && parent != ROOT {
                self.edges.push((parent, known));
            }
            // Depth-first with a bound: a state met again closer to the start is explored again from there,
            // or states beyond it could be missed.
            if self.model.depth_max.is_some() && depth < self.depths[known as usize] {
                self.depths[known as usize] = depth;
                self.parents[known as usize] = parent;
                self.frontier.push_back(known);
            }
            return;
        }
        let index = self.states.len() as u32;
        let violation = self
            .model
            .invariants
            .iter()
            .find_map(|invariant| invariant.check(&state.view()).err());
        for (counted, (states, first)) in self.model.counted.iter().zip(&mut self.counted) {
            if (counted.holds)(&state.view()) {
                *states += 1;
                first.get_or_insert(index);
            }
        }
        self.states.push(state);
        self.fingerprints.push(key);
        self.parents.push(parent);
        self.depths.push(depth);
        self.table.insert(key, index);
        self.max_depth = self.max_depth.max(depth);
        if self.model.goal.is_some() && parent != ROOT {
            self.edges.push((parent, index));
        }
        match violation {
            Some(violation) => {
                let path = self.path_to(index);
                self.report =
                    Some(self.report_with(super::CheckOutcome::Violation { path, violation }));
            }
            None => self.frontier.push_back(index),
        }
    }

    fn report_with(&mut self, outcome: super::CheckOutcome<StepOf<P>>) -> ReportOf<P> {
        let counted = self.counted.clone();
        let counts = self
            .model
            .counted
            .iter()
            .map(|c| c.name.clone())
            .collect::<Vec<_>>()
            .into_iter()
            .zip(counted)
            .map(|(name, (states, first))| StateCount {
                name,
                states,
                example: first.map(|index| self.path_to(index)),
            })
            .collect();
        CheckReport {
            counts,
            distinct_states: self.states.len() as u64,
            states_generated: self.states_generated,
            max_depth: self.max_depth,
            states_at_depth_bound: self.unexpanded.len() as u64,
            exploration_digest: {
                let bytes: Vec<u8> = self
                    .fingerprints
                    .iter()
                    .flat_map(|f| f.to_le_bytes())
                    .collect();
                xxhash_rust::xxh3::xxh3_64(&bytes)
            },
            outcome,
        }
    }

    /// The search is over without a violation: checks the goal, if any.
    fn finish(&mut self) {
        if self.report.is_some() {
            return;
        }
        // Depth-first, a state cut off at the bound may have been reached again closer and expanded.
        if let Some(max) = self.model.depth_max {
            let depths = &self.depths;
            self.unexpanded.retain(|&i| depths[i as usize] >= max);
            self.unexpanded.sort_unstable();
            self.unexpanded.dedup();
        }
        let outcome = match &self.model.goal {
            None => super::CheckOutcome::AllSatisfy,
            Some(goal) => {
                let reached: Vec<bool> = self
                    .states
                    .iter()
                    .map(|state| (goal.reached)(&state.view()))
                    .collect();
                let stuck = super::liveness::stuck_states(
                    self.states.len() as u32,
                    &self.edges,
                    &reached,
                    &self.unexpanded,
                );
                match stuck.first() {
                    None => super::CheckOutcome::AllSatisfy,
                    Some(&first) => super::CheckOutcome::Stuck {
                        goal: goal.name.clone(),
                        stuck_states: stuck.len() as u64,
                        path: self.path_to(first),
                    },
                }
            }
        };
        self.report = Some(self.report_with(outcome));
    }

    /// The steps from the start to state `index`, replayed on real (not canonical) states: each step is the
    /// first enabled one whose outcome is the next state of the chain, so with symmetry reduction the path
    /// still names the nodes as a real run would.
    fn path_to(&mut self, index: u32) -> Vec<StepOf<P>> {
        let mut chain = vec![index];
        let mut at = index;
        while self.parents[at as usize] != ROOT {
            at = self.parents[at as usize];
            chain.push(at);
        }
        chain.reverse();
        let mut actual = CheckState::initial(&self.model, &mut self.outbox);
        let mut path = Vec::new();
        let mut choices = Vec::new();
        for &next in &chain[1..] {
            actual.choices(&self.model, &mut choices);
            let target = &self.states[next as usize];
            let found = choices.iter().find_map(|&choice| {
                let mut candidate = actual.clone();
                let mut fired = Vec::new();
                candidate.apply_traced(&self.model, choice, &mut self.outbox, &mut fired);
                let canonical = match &self.model.symmetry {
                    Some(symmetry) => symmetry.canonical(candidate.clone(), &mut self.buffer).0,
                    None => candidate.clone(),
                };
                (canonical == *target).then_some((choice, candidate, fired))
            });
            let Some((choice, candidate, fired)) = found else {
                // Cannot happen: every state was found as a successor of its parent.
                break;
            };
            path.push(describe(&actual, choice, &self.model.commands));
            // The immediate timers the step set, as the simulator must fire them.
            path.extend(
                fired
                    .into_iter()
                    .map(|(node, timer)| super::CheckStep::FireTimer { node, timer }),
            );
            actual = candidate;
        }
        path
    }
}
