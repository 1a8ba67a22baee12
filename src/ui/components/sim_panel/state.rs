//! The reducer every simulated panel shares: the run's spec (settings, seed, network, actions) and the run
//! the scenario computed from it, held together; a cursor moving over the trace; the user's faults and
//! commands. Acting at a past point forks the run (later actions are dropped, as RaftScope does) and can be
//! undone.
use std::any::Any;
use std::rc::Rc;

use yew::prelude::*;

use crate::core::scenario::{AnyRunSpec, AnySettings, DynScenario};
use crate::core::sim::{
    Action, EventKind, NetworkConfig, ScheduledAction, Trace, ViewIndex, Violation,
};
use crate::ui::components::transport::{SPEED_LOG10_MAX, SPEED_LOG10_MIN};
use crate::ui::numbers;

/// At 1× one real second shows this many virtual milliseconds: slow enough to follow a message.
pub const VIRTUAL_MS_PER_REAL_MS: f64 = 0.1;
/// How many undo steps are kept.
const UNDO_MAX: usize = 50;

/// A computed run: its spec, the seed it ran with, its trace and notes, and an index for fast seeking.
pub struct Run {
    pub spec: AnyRunSpec,
    pub seed: u64,
    pub trace: Rc<Trace>,
    notes: Box<dyn Any>,
    /// The fingerprint of trace and notes (the share bar shows it).
    pub digest: u64,
    /// How far the run was simulated.
    pub horizon_ms: u64,
    /// The violation that halted it, if any.
    pub violation: Option<Violation>,
    pub index: ViewIndex,
}

/// Runs are compared by identity: each is computed once and shared.
impl PartialEq for Run {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self, other)
    }
}

impl Run {
    /// Asks the scenario for the run of `spec` with `seed`.
    pub fn compute(scenario: &dyn DynScenario, spec: AnyRunSpec, seed: u64) -> Run {
        let run = scenario.run(&spec, seed);
        let index = ViewIndex::build(&run.trace);
        Run {
            spec,
            seed,
            trace: Rc::new(run.trace),
            notes: run.notes,
            digest: run.digest,
            horizon_ms: run.horizon_ms,
            violation: run.violation,
            index,
        }
    }

    /// The protocol's typed notes (empty if the panel asks for another protocol's type).
    pub fn notes<N: Any>(&self) -> &[N] {
        self.notes
            .downcast_ref::<Vec<N>>()
            .map_or(&[], |notes| notes.as_slice())
    }

    pub fn len(&self) -> u64 {
        self.trace.events.len() as u64
    }

    pub fn is_empty(&self) -> bool {
        self.trace.events.is_empty()
    }

    /// Virtual time of the state after `cursor` events.
    pub fn time_at(&self, cursor: u64) -> f64 {
        match cursor {
            0 => 0.0,
            k => self.trace.events[(k - 1) as usize].time_ms as f64,
        }
    }
}

/// A tour's question and a challenge's judge read the run on screen, so a fault the reader added changes the
/// answer and the verdict with the run.
impl crate::core::scenario::RunRecord for Run {
    fn trace(&self) -> &Trace {
        &self.trace
    }
    fn notes_any(&self) -> &dyn Any {
        self.notes.as_ref()
    }
    fn violation(&self) -> Option<&Violation> {
        self.violation.as_ref()
    }
    fn horizon_ms(&self) -> u64 {
        self.horizon_ms
    }
}

/// One undo step: the actions, network and cursor before an edit.
#[derive(Clone)]
struct UndoStep {
    actions: Vec<ScheduledAction>,
    network: NetworkConfig,
    cursor: u64,
}

pub struct SimState {
    pub scenario: &'static dyn DynScenario,
    pub run: Rc<Run>,
    pub cursor: u64,
    pub time_ms: f64,
    pub playing: bool,
    pub speed_log10: f64,
    /// Where playing stops (a tour step's end), if before the run's end.
    pub stop_at: Option<u64>,
    undo: Rc<Vec<UndoStep>>,
}

impl PartialEq for SimState {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.run, &other.run)
            && self.cursor == other.cursor
            && self.time_ms == other.time_ms
            && self.playing == other.playing
            && self.speed_log10 == other.speed_log10
    }
}

/// How a change of the panel's settings treats the run's faults.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Faults {
    /// Keep the actions and network (a detector threshold changed).
    Keep,
    /// Start from the scenario's preset actions and default network (the node count or the preset
    /// changed, so old actions may name nodes that no longer exist).
    Preset,
}

pub enum SimAction {
    Play,
    Pause,
    StepForward,
    StepBack,
    Seek(u64),
    /// Plays from the cursor and stops after this many events (a tour step's range).
    PlayTo(u64),
    /// A frame passed: real milliseconds since the last one.
    Tick(f64),
    Speed(f64),
    /// Faster or slower by a step on the log scale (keyboard + and −).
    SpeedBy(f64),
    /// Back to the first event (the run is kept).
    Reset,
    /// A fault or command, applied just after the current event; later actions are dropped.
    Inject(Action),
    /// A step taken by hand ("be the network"): applied just after the run's last event, and the cursor
    /// follows to the new end, where the run waits again.
    Step(Action),
    /// Actions with their own times (a crash at a protocol step): later planned actions are dropped, as
    /// for a fault clicked at that time.
    Add(Vec<ScheduledAction>),
    /// Removes one action from the run.
    RemoveAction(usize),
    /// New network settings for the whole run.
    SetNetwork(NetworkConfig),
    Undo,
    /// The panel's own settings changed.
    Settings(AnySettings, Faults),
    /// The same run with another seed.
    Seed(u64),
    /// A new run altogether (a link edited by hand, an imported file, a counterexample); `autoplay` plays
    /// it (a replay plays to its violation and stops there).
    Load {
        spec: AnyRunSpec,
        seed: u64,
        autoplay: bool,
    },
}

impl SimState {
    pub fn new(scenario: &'static dyn DynScenario, spec: AnyRunSpec, seed: u64) -> SimState {
        let run = Rc::new(Run::compute(scenario, spec, seed));
        SimState {
            scenario,
            run,
            cursor: 0,
            time_ms: 0.0,
            playing: false,
            speed_log10: 0.0,
            stop_at: None,
            undo: Rc::new(Vec::new()),
        }
    }

    fn copy(&self) -> SimState {
        SimState {
            scenario: self.scenario,
            run: self.run.clone(),
            cursor: self.cursor,
            time_ms: self.time_ms,
            playing: self.playing,
            speed_log10: self.speed_log10,
            stop_at: self.stop_at,
            undo: self.undo.clone(),
        }
    }

    fn with(&self, change: impl FnOnce(&mut SimState)) -> Rc<SimState> {
        let mut next = self.copy();
        change(&mut next);
        Rc::new(next)
    }

    fn at_cursor(&mut self, cursor: u64) {
        self.cursor = cursor.min(self.run.len());
        self.time_ms = self.run.time_at(self.cursor);
    }

    /// The run's spec with its seed filled in: what the link and a file write.
    pub fn spec(&self) -> AnyRunSpec {
        AnyRunSpec {
            seed: Some(self.run.seed),
            ..self.run.spec.clone()
        }
    }

    /// Whether any event up to the cursor is a violation.
    pub fn violation_reached(&self) -> bool {
        self.run.trace.events[..self.cursor as usize]
            .iter()
            .any(|e| matches!(e.kind, EventKind::Violation { .. }))
    }

    /// Whether there is an edit to undo.
    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    /// The virtual time a fault clicked now happens at: just after the current event.
    pub fn action_time_ms(&self) -> u64 {
        self.time_ms.floor() as u64 + 1
    }

    fn recompute(&self, spec: AnyRunSpec, seed: u64) -> Rc<Run> {
        Rc::new(Run::compute(self.scenario, spec, seed))
    }

    /// Recomputes with new actions/network, remembering the old ones for undo; the cursor stays put (the
    /// trace before the edit is unchanged).
    fn edit(&self, actions: Vec<ScheduledAction>, network: NetworkConfig) -> Rc<SimState> {
        let mut undo = (*self.undo).clone();
        undo.push(UndoStep {
            actions: self.run.spec.actions.clone(),
            network: self.run.spec.network.clone(),
            cursor: self.cursor,
        });
        if undo.len() > UNDO_MAX {
            undo.remove(0);
        }
        let spec = AnyRunSpec {
            network,
            actions,
            ..self.run.spec.clone()
        };
        let mut next = self.copy();
        next.run = self.recompute(spec, self.run.seed);
        next.undo = Rc::new(undo);
        next.playing = false;
        next.at_cursor(self.cursor);
        // The trace before the edit is unchanged, so the clock stays exactly where it was (between events
        // if the run was paused mid-flight): the next fault then lands after this one, never before it.
        next.time_ms = self.time_ms.max(next.time_ms);
        Rc::new(next)
    }

    /// A fresh run from the first event, with no undo history.
    fn load(&self, spec: AnyRunSpec, seed: u64, autoplay: bool) -> Rc<SimState> {
        let mut next = self.copy();
        next.run = self.recompute(spec, seed);
        next.undo = Rc::new(Vec::new());
        next.playing = autoplay && !next.run.is_empty();
        next.stop_at = None;
        // A run whose network the user took over waits at its end for the next step: show it there.
        let waiting = next
            .run
            .spec
            .actions
            .iter()
            .any(|a| a.action == Action::ManualNetwork);
        next.at_cursor(if waiting { next.run.len() } else { 0 });
        Rc::new(next)
    }
}

impl Reducible for SimState {
    type Action = SimAction;

    fn reduce(self: Rc<Self>, action: SimAction) -> Rc<Self> {
        match action {
            SimAction::Play => {
                if self.cursor >= self.run.len() {
                    return self;
                }
                self.with(|s| {
                    s.playing = true;
                    s.stop_at = None;
                })
            }
            SimAction::PlayTo(stop_at) => {
                if self.cursor >= stop_at.min(self.run.len()) {
                    return self;
                }
                self.with(|s| {
                    s.playing = true;
                    s.stop_at = Some(stop_at);
                })
            }
            SimAction::Pause => self.with(|s| {
                s.playing = false;
                s.stop_at = None;
            }),
            SimAction::StepForward => self.with(|s| {
                s.playing = false;
                s.at_cursor(s.cursor + 1);
            }),
            SimAction::StepBack => self.with(|s| {
                s.playing = false;
                s.at_cursor(s.cursor.saturating_sub(1));
            }),
            SimAction::Seek(cursor) => self.with(|s| s.at_cursor(cursor)),
            SimAction::Tick(real_ms) => {
                if !self.playing {
                    return self;
                }
                // A long gap (a hidden tab, a debugger) must not jump the run ahead by minutes.
                let real_ms = real_ms.clamp(0.0, 100.0);
                self.with(|s| {
                    let factor = numbers::ten_to_the(s.speed_log10);
                    s.time_ms += real_ms * factor * VIRTUAL_MS_PER_REAL_MS;
                    let events = &s.run.trace.events;
                    let stop_at = s.stop_at.unwrap_or(u64::MAX).min(events.len() as u64);
                    while s.cursor < stop_at
                        && events[s.cursor as usize].time_ms as f64 <= s.time_ms
                    {
                        let kind = &events[s.cursor as usize].kind;
                        s.cursor += 1;
                        if matches!(kind, EventKind::Violation { .. }) {
                            // Stop where the property broke, so the class sees it.
                            s.playing = false;
                            s.time_ms = s.run.time_at(s.cursor);
                            return;
                        }
                    }
                    if s.cursor >= stop_at {
                        s.playing = false;
                        s.stop_at = None;
                        s.time_ms = s.run.time_at(s.cursor);
                    }
                })
            }
            SimAction::Speed(speed_log10) => {
                self.with(|s| s.speed_log10 = speed_log10.clamp(SPEED_LOG10_MIN, SPEED_LOG10_MAX))
            }
            SimAction::SpeedBy(step) => self.with(|s| {
                s.speed_log10 = (s.speed_log10 + step).clamp(SPEED_LOG10_MIN, SPEED_LOG10_MAX)
            }),
            SimAction::Reset => self.with(|s| {
                s.playing = false;
                s.at_cursor(0);
            }),
            SimAction::Inject(action) => {
                let at_ms = self.action_time_ms();
                // Forking: what was planned after this point belonged to the old future.
                let mut actions: Vec<ScheduledAction> = self
                    .run
                    .spec
                    .actions
                    .iter()
                    .filter(|a| a.at_ms <= at_ms)
                    .cloned()
                    .collect();
                actions.push(ScheduledAction { at_ms, action });
                self.edit(actions, self.run.spec.network.clone())
            }
            SimAction::Step(action) => {
                // The takeover stops the run where the cursor is; after it the run waits at its last event.
                let waiting = self
                    .run
                    .spec
                    .actions
                    .iter()
                    .any(|a| a.action == Action::ManualNetwork);
                let at_ms = if waiting {
                    self.run.trace.events.last().map_or(0, |e| e.time_ms) + 1
                } else {
                    self.action_time_ms()
                };
                let mut actions: Vec<ScheduledAction> = self
                    .run
                    .spec
                    .actions
                    .iter()
                    .filter(|a| a.at_ms <= at_ms)
                    .cloned()
                    .collect();
                actions.push(ScheduledAction { at_ms, action });
                let mut next = (*self.edit(actions, self.run.spec.network.clone())).copy();
                next.at_cursor(next.run.len());
                Rc::new(next)
            }
            SimAction::Add(added) => {
                let Some(from_ms) = added.iter().map(|a| a.at_ms).min() else {
                    return self;
                };
                let mut actions: Vec<ScheduledAction> = self
                    .run
                    .spec
                    .actions
                    .iter()
                    .filter(|a| a.at_ms <= from_ms)
                    .cloned()
                    .collect();
                actions.extend(added);
                self.edit(actions, self.run.spec.network.clone())
            }
            SimAction::RemoveAction(index) => {
                if index >= self.run.spec.actions.len() {
                    return self;
                }
                let mut actions = self.run.spec.actions.clone();
                actions.remove(index);
                self.edit(actions, self.run.spec.network.clone())
            }
            SimAction::SetNetwork(network) => {
                if network == self.run.spec.network {
                    return self;
                }
                self.edit(self.run.spec.actions.clone(), network)
            }
            SimAction::Undo => {
                let mut undo = (*self.undo).clone();
                let Some(step) = undo.pop() else {
                    return self;
                };
                let spec = AnyRunSpec {
                    network: step.network,
                    actions: step.actions,
                    ..self.run.spec.clone()
                };
                let mut next = self.copy();
                next.run = self.recompute(spec, self.run.seed);
                next.undo = Rc::new(undo);
                next.playing = false;
                next.at_cursor(step.cursor);
                Rc::new(next)
            }
            SimAction::Settings(settings, faults) => {
                if settings == self.run.spec.settings {
                    return self;
                }
                let (network, actions) = match faults {
                    Faults::Keep => (self.run.spec.network.clone(), self.run.spec.actions.clone()),
                    Faults::Preset => (
                        self.scenario.default_network(&settings),
                        self.scenario.preset_actions(&settings),
                    ),
                };
                let spec = AnyRunSpec {
                    settings,
                    seed: None,
                    network,
                    actions,
                };
                self.load(spec, self.run.seed, false)
            }
            SimAction::Seed(seed) => self.load(self.run.spec.clone(), seed, false),
            SimAction::Load {
                spec,
                seed,
                autoplay,
            } => self.load(spec, seed, autoplay),
        }
    }
}
