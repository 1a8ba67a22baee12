//! The reducer every simulated panel shares: a run (seed, network, actions) turned into a trace by the
//! panel's builder, a cursor moving over it, and the user's fault actions. Acting at a past point forks the
//! run (later actions are dropped, as RaftScope does) and can be undone.
use std::rc::Rc;

use yew::prelude::*;

use crate::core::sim::{EventKind, FaultAction, NetworkConfig, ScheduledAction, Trace, ViewIndex};
use crate::ui::components::transport::{SPEED_LOG10_MAX, SPEED_LOG10_MIN};
use crate::ui::numbers;

/// At 1× one real second shows this many virtual milliseconds: slow enough to follow a message.
pub const VIRTUAL_MS_PER_REAL_MS: f64 = 0.1;
/// How many undo steps are kept.
const UNDO_MAX: usize = 50;

/// Turns (seed, network, actions) into a trace: the panel's scenario, run to its horizon.
pub type Builder = Rc<dyn Fn(u64, &NetworkConfig, &[ScheduledAction]) -> Trace>;

/// What a run is made of; a share link and a run file carry exactly this (plus the panel's settings).
#[derive(Clone, Debug, PartialEq)]
pub struct RunInput {
    pub seed: u64,
    pub network: NetworkConfig,
    pub actions: Vec<ScheduledAction>,
}

/// A computed run: its input, its trace and an index for fast seeking.
pub struct Run {
    pub input: RunInput,
    pub trace: Rc<Trace>,
    pub index: ViewIndex,
}

/// Runs are compared by identity: each is computed once and shared.
impl PartialEq for Run {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self, other)
    }
}

impl Run {
    pub fn compute(builder: &Builder, input: RunInput) -> Run {
        let trace = Rc::new(builder(input.seed, &input.network, &input.actions));
        let index = ViewIndex::build(&trace);
        Run {
            input,
            trace,
            index,
        }
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

/// One undo step: the actions and cursor before an edit.
#[derive(Clone)]
struct UndoStep {
    actions: Vec<ScheduledAction>,
    network: NetworkConfig,
    cursor: u64,
}

pub struct SimState {
    pub builder: Builder,
    pub run: Rc<Run>,
    pub cursor: u64,
    pub time_ms: f64,
    pub playing: bool,
    pub speed_log10: f64,
    undo: Rc<Vec<UndoStep>>,
    /// Changes whenever the builder changes (the panel's own settings), so effects can follow it.
    pub generation: u64,
}

impl PartialEq for SimState {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.run, &other.run)
            && self.cursor == other.cursor
            && self.time_ms == other.time_ms
            && self.playing == other.playing
            && self.speed_log10 == other.speed_log10
            && self.generation == other.generation
    }
}

pub enum SimAction {
    Play,
    Pause,
    StepForward,
    StepBack,
    Seek(u64),
    /// A frame passed: real milliseconds since the last one.
    Tick(f64),
    Speed(f64),
    /// Faster or slower by a step on the log scale (keyboard + and −).
    SpeedBy(f64),
    /// Back to the first event (the run is kept).
    Reset,
    /// A fault clicked by the user, applied just after the current event; later actions are dropped.
    Inject(FaultAction),
    /// Removes one action from the run.
    RemoveAction(usize),
    /// New network settings for the whole run.
    SetNetwork(NetworkConfig),
    Undo,
    /// A new run (seed, network, actions), optionally with a new builder (the panel's settings changed).
    Load {
        input: RunInput,
        builder: Option<Builder>,
        cursor: u64,
    },
}

impl SimState {
    pub fn new(builder: Builder, input: RunInput) -> SimState {
        let run = Rc::new(Run::compute(&builder, input));
        SimState {
            builder,
            run,
            cursor: 0,
            time_ms: 0.0,
            playing: false,
            speed_log10: 0.0,
            undo: Rc::new(Vec::new()),
            generation: 0,
        }
    }

    fn copy(&self) -> SimState {
        SimState {
            builder: self.builder.clone(),
            run: self.run.clone(),
            cursor: self.cursor,
            time_ms: self.time_ms,
            playing: self.playing,
            speed_log10: self.speed_log10,
            undo: self.undo.clone(),
            generation: self.generation,
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

    /// Recomputes with new actions/network, remembering the old ones for undo; the cursor stays put (the
    /// trace before the edit is unchanged).
    fn edit(&self, actions: Vec<ScheduledAction>, network: NetworkConfig) -> Rc<SimState> {
        let mut undo = (*self.undo).clone();
        undo.push(UndoStep {
            actions: self.run.input.actions.clone(),
            network: self.run.input.network.clone(),
            cursor: self.cursor,
        });
        if undo.len() > UNDO_MAX {
            undo.remove(0);
        }
        let input = RunInput {
            seed: self.run.input.seed,
            network,
            actions,
        };
        let mut next = self.copy();
        next.run = Rc::new(Run::compute(&self.builder, input));
        next.undo = Rc::new(undo);
        next.playing = false;
        next.at_cursor(self.cursor);
        // The trace before the edit is unchanged, so the clock stays exactly where it was (between events
        // if the run was paused mid-flight): the next fault then lands after this one, never before it.
        next.time_ms = self.time_ms.max(next.time_ms);
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
                self.with(|s| s.playing = true)
            }
            SimAction::Pause => self.with(|s| s.playing = false),
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
                    while (s.cursor as usize) < events.len()
                        && events[s.cursor as usize].time_ms as f64 <= s.time_ms
                    {
                        let kind = &events[s.cursor as usize].kind;
                        s.cursor += 1;
                        if matches!(kind, EventKind::Violation { .. }) {
                            // Stop where the invariant broke, so the class sees it.
                            s.playing = false;
                            s.time_ms = s.run.time_at(s.cursor);
                            return;
                        }
                    }
                    if s.cursor >= s.run.len() {
                        s.playing = false;
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
            SimAction::Inject(fault) => {
                let at_ms = self.action_time_ms();
                // Forking: what was planned after this point belonged to the old future.
                let mut actions: Vec<ScheduledAction> = self
                    .run
                    .input
                    .actions
                    .iter()
                    .filter(|a| a.at_ms <= at_ms)
                    .cloned()
                    .collect();
                actions.push(ScheduledAction {
                    at_ms,
                    action: fault,
                });
                self.edit(actions, self.run.input.network.clone())
            }
            SimAction::RemoveAction(index) => {
                if index >= self.run.input.actions.len() {
                    return self;
                }
                let mut actions = self.run.input.actions.clone();
                actions.remove(index);
                self.edit(actions, self.run.input.network.clone())
            }
            SimAction::SetNetwork(network) => {
                if network == self.run.input.network {
                    return self;
                }
                self.edit(self.run.input.actions.clone(), network)
            }
            SimAction::Undo => {
                let mut undo = (*self.undo).clone();
                let Some(step) = undo.pop() else {
                    return self;
                };
                let input = RunInput {
                    seed: self.run.input.seed,
                    network: step.network,
                    actions: step.actions,
                };
                let mut next = self.copy();
                next.run = Rc::new(Run::compute(&self.builder, input));
                next.undo = Rc::new(undo);
                next.playing = false;
                next.at_cursor(step.cursor);
                Rc::new(next)
            }
            SimAction::Load {
                input,
                builder,
                cursor,
            } => {
                let mut next = self.copy();
                if let Some(builder) = builder {
                    next.builder = builder;
                    next.generation += 1;
                }
                next.run = Rc::new(Run::compute(&next.builder, input));
                next.undo = Rc::new(Vec::new());
                next.playing = false;
                next.at_cursor(cursor);
                Rc::new(next)
            }
        }
    }
}
