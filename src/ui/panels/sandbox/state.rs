//! The sandbox's reducer: which run is loaded and where the cursor stands. The run itself is computed by the
//! core once per (settings, actions) and shared immutably; playback only moves the cursor over its trace.
use std::rc::Rc;

use yew::prelude::*;

use crate::core::sandbox::{self, Variant};
use crate::core::sim::{EventKind, NetworkConfig, ScheduledAction, Trace, ViewIndex};
use crate::ui::components::transport::{SPEED_LOG10_MAX, SPEED_LOG10_MIN};
use crate::ui::route::{ParamReader, UrlProblem};
use crate::ui::url::HashUrl;

/// How far each run is simulated; the timeline spans all of it.
pub const HORIZON_MS: u64 = 20_000;
/// At 1× one real second shows this many virtual milliseconds: slow enough to follow a message.
pub const VIRTUAL_MS_PER_REAL_MS: f64 = 0.1;
/// Node counts the sandbox offers.
pub const NODES_MIN: u64 = 2;
pub const NODES_MAX: u64 = 8;
pub const NODES_DEFAULT: u64 = 4;

/// The sandbox's network: lossy and duplicating enough that the broken variant fails within seconds.
pub fn sandbox_network() -> NetworkConfig {
    NetworkConfig {
        latency_ms_min: 10,
        latency_ms_max: 50,
        loss_probability: 0.05,
        duplicate_probability: 0.05,
        links: Vec::new(),
    }
}

/// Everything the link carries for the sandbox.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SandboxSettings {
    /// `None` until the UI draws one; the link then carries it.
    pub seed: Option<u64>,
    pub nodes: u32,
    pub variant: Variant,
}

impl Default for SandboxSettings {
    fn default() -> Self {
        SandboxSettings {
            seed: None,
            nodes: NODES_DEFAULT as u32,
            variant: Variant::Correct,
        }
    }
}

/// The link's word for a variant.
pub fn variant_code(variant: Variant) -> &'static str {
    match variant {
        Variant::Correct => "correct",
        Variant::CountsDuplicatePongs => "broken",
    }
}

impl SandboxSettings {
    /// Reads `seed`, `nodes` and `variant`, falling back (with a problem noted) on anything unusable.
    pub fn from_params(reader: &mut ParamReader<'_>) -> SandboxSettings {
        let seed = reader.optional_u64("seed");
        let nodes = reader.u64_in("nodes", NODES_MIN, NODES_MAX, NODES_DEFAULT) as u32;
        let variant = match reader.raw("variant") {
            None | Some("correct") => Variant::Correct,
            Some("broken") => Variant::CountsDuplicatePongs,
            Some(other) => {
                reader.problem(UrlProblem::UnknownVariant {
                    value: other.to_string(),
                });
                Variant::Correct
            }
        };
        SandboxSettings {
            seed,
            nodes,
            variant,
        }
    }

    /// Writes these settings into a hash, keeping its other parameters (such as `lang`).
    pub fn write_into(&self, url: &mut HashUrl) {
        url.set("seed", self.seed.map(|s| s.to_string()));
        url.set("nodes", Some(self.nodes.to_string()));
        url.set("variant", Some(variant_code(self.variant).to_string()));
    }
}

/// A computed run: the trace and an index for fast seeking.
pub struct Run {
    pub seed: u64,
    pub trace: Trace,
    pub index: ViewIndex,
}

impl Run {
    /// Simulates the sandbox scenario to the horizon.
    pub fn compute(nodes: u32, variant: Variant, seed: u64, actions: Vec<ScheduledAction>) -> Run {
        let mut sim = sandbox::scenario(nodes, variant, sandbox_network(), seed);
        for action in &actions {
            sim.schedule(action.clone());
        }
        sim.run_until(HORIZON_MS);
        let trace = sim.trace().clone();
        let index = ViewIndex::build(&trace);
        Run { seed, trace, index }
    }

    /// Number of events.
    pub fn len(&self) -> u64 {
        self.trace.events.len() as u64
    }

    /// Virtual time of the state after `cursor` events.
    pub fn time_at(&self, cursor: u64) -> f64 {
        match cursor {
            0 => 0.0,
            k => self.trace.events[(k - 1) as usize].time_ms as f64,
        }
    }
}

/// The reducer state.
pub struct SandboxState {
    pub nodes: u32,
    pub variant: Variant,
    pub run: Rc<Run>,
    pub cursor: u64,
    pub time_ms: f64,
    pub playing: bool,
    pub speed_log10: f64,
}

impl PartialEq for SandboxState {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.run, &other.run)
            && self.cursor == other.cursor
            && self.time_ms == other.time_ms
            && self.playing == other.playing
            && self.speed_log10 == other.speed_log10
    }
}

/// What can happen to the sandbox.
pub enum SandboxAction {
    Play,
    Pause,
    StepForward,
    StepBack,
    Seek(u64),
    /// A frame passed: real milliseconds since the last one.
    Tick(f64),
    Speed(f64),
    Reset,
    Load {
        seed: u64,
        nodes: u32,
        variant: Variant,
        actions: Vec<ScheduledAction>,
    },
}

impl SandboxState {
    pub fn new(nodes: u32, variant: Variant, seed: u64) -> SandboxState {
        SandboxState {
            nodes,
            variant,
            run: Rc::new(Run::compute(nodes, variant, seed, Vec::new())),
            cursor: 0,
            time_ms: 0.0,
            playing: false,
            speed_log10: 0.0,
        }
    }

    fn with(&self, change: impl FnOnce(&mut SandboxState)) -> Rc<SandboxState> {
        let mut next = SandboxState {
            nodes: self.nodes,
            variant: self.variant,
            run: self.run.clone(),
            cursor: self.cursor,
            time_ms: self.time_ms,
            playing: self.playing,
            speed_log10: self.speed_log10,
        };
        change(&mut next);
        Rc::new(next)
    }

    fn at_cursor(&mut self, cursor: u64) {
        self.cursor = cursor.min(self.run.len());
        self.time_ms = self.run.time_at(self.cursor);
    }

    /// Whether the state after `cursor` events includes a violation.
    pub fn violation_reached(&self) -> bool {
        self.run.trace.events[..self.cursor as usize]
            .iter()
            .any(|e| matches!(e.kind, EventKind::Violation { .. }))
    }
}

impl Reducible for SandboxState {
    type Action = SandboxAction;

    fn reduce(self: Rc<Self>, action: SandboxAction) -> Rc<Self> {
        match action {
            SandboxAction::Play => {
                if self.cursor >= self.run.len() {
                    return self;
                }
                self.with(|s| s.playing = true)
            }
            SandboxAction::Pause => self.with(|s| s.playing = false),
            SandboxAction::StepForward => self.with(|s| {
                s.playing = false;
                s.at_cursor(s.cursor + 1);
            }),
            SandboxAction::StepBack => self.with(|s| {
                s.playing = false;
                s.at_cursor(s.cursor.saturating_sub(1));
            }),
            SandboxAction::Seek(cursor) => self.with(|s| s.at_cursor(cursor)),
            SandboxAction::Tick(real_ms) => {
                if !self.playing {
                    return self;
                }
                // A long gap (a hidden tab, a debugger) must not jump the run ahead by minutes.
                let real_ms = real_ms.clamp(0.0, 100.0);
                self.with(|s| {
                    let factor = 10f64.powf(s.speed_log10);
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
                        s.time_ms = s
                            .time_ms
                            .min(s.run.time_at(s.cursor).max(HORIZON_MS as f64));
                    }
                })
            }
            SandboxAction::Speed(speed_log10) => {
                self.with(|s| s.speed_log10 = speed_log10.clamp(SPEED_LOG10_MIN, SPEED_LOG10_MAX))
            }
            SandboxAction::Reset => self.with(|s| {
                s.playing = false;
                s.at_cursor(0);
            }),
            SandboxAction::Load {
                seed,
                nodes,
                variant,
                actions,
            } => Rc::new(SandboxState {
                nodes,
                variant,
                run: Rc::new(Run::compute(nodes, variant, seed, actions)),
                cursor: 0,
                time_ms: 0.0,
                playing: false,
                speed_log10: self.speed_log10,
            }),
        }
    }
}
