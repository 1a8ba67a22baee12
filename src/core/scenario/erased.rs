//! A scenario with its types erased, so one UI component (and one copy of its code in the WebAssembly)
//! drives every protocol: settings travel as [`AnySettings`], runs come back as [`AnyRun`], and the
//! protocol's typed notes ride along for the panel that knows their type.
use super::{read_file, read_run, settings_params, write_run, ExplorePlan, RunSpec, Scenario};
use crate::share::{Params, RunFile, ShareError};
use crate::sim::{
    Action, ExploreJob, Explorer, InFlight, Legend, NetworkConfig, NodeId, NodeRole, Protocol,
    ScheduledAction, TimeMs, Trace, Violation,
};
use std::any::Any;
use std::fmt::Debug;
use std::rc::Rc;

/// A value that can be compared with another of unknown type.
trait SettingsValue: Debug {
    fn as_any(&self) -> &dyn Any;
    fn same(&self, other: &dyn SettingsValue) -> bool;
}

impl<T: Any + Debug + PartialEq> SettingsValue for T {
    fn as_any(&self) -> &dyn Any {
        self
    }

    fn same(&self, other: &dyn SettingsValue) -> bool {
        other.as_any().downcast_ref::<T>() == Some(self)
    }
}

/// Some scenario's settings; the scenario (and the panel that knows its type) reads them back with
/// [`AnySettings::get`]. Cheap to clone; equal when the values are.
#[derive(Clone, Debug)]
pub struct AnySettings(Rc<dyn SettingsValue>);

impl AnySettings {
    /// Wraps a scenario's settings.
    pub fn new<T: Any + Debug + PartialEq>(settings: T) -> Self {
        AnySettings(Rc::new(settings))
    }

    /// The settings, if they are a `T`.
    pub fn get<T: Any>(&self) -> Option<&T> {
        self.0.as_any().downcast_ref::<T>()
    }
}

impl PartialEq for AnySettings {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0) || self.0.same(&*other.0)
    }
}

/// A run with the scenario's settings erased.
#[derive(Clone, Debug, PartialEq)]
pub struct AnyRunSpec {
    /// The panel's settings.
    pub settings: AnySettings,
    /// The seed, once drawn.
    pub seed: Option<u64>,
    /// The network at the start.
    pub network: NetworkConfig,
    /// Faults and commands.
    pub actions: Vec<ScheduledAction>,
}

/// A computed run: the trace every view draws, the protocol's typed notes, and its fingerprint.
pub struct AnyRun {
    /// The trace.
    pub trace: Trace,
    /// The notes, a `Vec<P::Note>` of the scenario's protocol: read them with [`AnyRun::notes`] (or
    /// downcast them where they are kept).
    pub notes: Box<dyn Any>,
    /// [`Trace::digest`] of trace and notes.
    pub digest: u64,
    /// How far the run was simulated.
    pub horizon_ms: TimeMs,
    /// The property violation that halted it, if any.
    pub violation: Option<Violation>,
}

impl AnyRun {
    /// The notes, if the run's protocol notes `N`s (empty otherwise).
    pub fn notes<N: Any>(&self) -> &[N] {
        self.notes
            .downcast_ref::<Vec<N>>()
            .map_or(&[], |notes| notes.as_slice())
    }
}

/// What a student acting as the network can do next: deliver a held message or fire a waiting timer.
#[derive(Clone, Debug, PartialEq)]
pub struct ManualStep {
    /// The action that takes the step ([`Action::Deliver`] or [`Action::FireTimer`]).
    pub action: Action,
    /// The node it happens at: the message's receiver, or the timer's node.
    pub node: NodeId,
    /// For a delivery: the message.
    pub message: Option<InFlight>,
    /// For a timer: its name (the timer's `Debug` form).
    pub timer: Option<String>,
    /// True when the step leads back to a state the run has already shown (same
    /// [`crate::sim::Sim::visible_state_digest`]).
    pub revisits: bool,
}

/// What the UI asks of a scenario, with types erased. Every [`Scenario`] is one.
pub trait DynScenario {
    /// See [`Scenario::slug`].
    fn slug(&self) -> &'static str;
    /// See [`Scenario::legend`].
    fn legend(&self) -> &'static Legend;
    /// Reads a run from link parameters (see [`read_run`]).
    fn read(&self, params: &Params, also_known: &[&str]) -> (AnyRunSpec, Vec<ShareError>);
    /// Writes a run as link parameters (see [`write_run`]).
    fn write(&self, spec: &AnyRunSpec) -> Params;
    /// The settings and network as a run file keeps them.
    fn file_settings(&self, spec: &AnyRunSpec) -> Params;
    /// Reads a run file's run (see [`read_file`]).
    fn read_file(&self, file: &RunFile) -> Result<AnyRunSpec, ShareError>;
    /// See [`Scenario::node_count`] (0 for settings of another scenario).
    fn node_count(&self, settings: &AnySettings) -> u32;
    /// See [`Scenario::roles`].
    fn roles(&self, settings: &AnySettings) -> Vec<NodeRole>;
    /// See [`Scenario::default_network`].
    fn default_network(&self, settings: &AnySettings) -> NetworkConfig;
    /// See [`Scenario::preset_actions`].
    fn preset_actions(&self, settings: &AnySettings) -> Vec<ScheduledAction>;
    /// See [`Scenario::horizon_ms`].
    fn horizon_ms(&self, settings: &AnySettings, actions: &[ScheduledAction]) -> TimeMs;
    /// Simulates a run (the seed must be drawn) to its horizon.
    fn run(&self, spec: &AnyRunSpec, seed: u64) -> AnyRun;
    /// See [`Scenario::explore_plan`].
    fn explore_plan(&self, settings: &AnySettings) -> Option<ExplorePlan>;
    /// On a run whose network the user has taken over ([`Action::ManualNetwork`]), the steps enabled at its
    /// end (where it waits); empty otherwise.
    fn manual_steps(&self, spec: &AnyRunSpec, seed: u64) -> Vec<ManualStep>;
    /// A search for a violation starting at `first_seed`, and how many runs it may take; `None` if the
    /// scenario has no explorer.
    fn explorer(
        &self,
        settings: &AnySettings,
        first_seed: u64,
    ) -> Option<(Box<dyn ExploreJob>, ExplorePlan)>;
}

impl<S: Scenario> DynScenario for S {
    fn slug(&self) -> &'static str {
        Scenario::slug(self)
    }

    fn legend(&self) -> &'static Legend {
        Scenario::legend(self)
    }

    fn read(&self, params: &Params, also_known: &[&str]) -> (AnyRunSpec, Vec<ShareError>) {
        let (spec, problems) = read_run(self, params, also_known);
        (erase(spec), problems)
    }

    fn write(&self, spec: &AnyRunSpec) -> Params {
        match typed(self, spec) {
            Some(spec) => write_run(self, &spec),
            None => Params::default(),
        }
    }

    fn file_settings(&self, spec: &AnyRunSpec) -> Params {
        match spec.settings.get::<S::Settings>() {
            Some(settings) => settings_params(self, settings, &spec.network),
            None => Params::default(),
        }
    }

    fn read_file(&self, file: &RunFile) -> Result<AnyRunSpec, ShareError> {
        read_file(self, file).map(erase)
    }

    fn node_count(&self, settings: &AnySettings) -> u32 {
        settings
            .get::<S::Settings>()
            .map_or(0, |s| Scenario::node_count(self, s))
    }

    fn roles(&self, settings: &AnySettings) -> Vec<NodeRole> {
        settings
            .get::<S::Settings>()
            .map_or_else(Vec::new, |s| Scenario::roles(self, s))
    }

    fn default_network(&self, settings: &AnySettings) -> NetworkConfig {
        settings
            .get::<S::Settings>()
            .map_or_else(NetworkConfig::default, |s| {
                Scenario::default_network(self, s)
            })
    }

    fn preset_actions(&self, settings: &AnySettings) -> Vec<ScheduledAction> {
        settings
            .get::<S::Settings>()
            .map_or_else(Vec::new, |s| Scenario::preset_actions(self, s))
    }

    fn horizon_ms(&self, settings: &AnySettings, actions: &[ScheduledAction]) -> TimeMs {
        settings
            .get::<S::Settings>()
            .map_or(0, |s| Scenario::horizon_ms(self, s, actions))
    }

    fn run(&self, spec: &AnyRunSpec, seed: u64) -> AnyRun {
        let Some(settings) = spec.settings.get::<S::Settings>() else {
            return AnyRun {
                trace: Trace::new(0),
                notes: Box::new(Vec::<<S::Protocol as Protocol>::Note>::new()),
                digest: 0,
                horizon_ms: 0,
                violation: None,
            };
        };
        let mut sim = self.build(settings, &spec.network, seed);
        for action in &spec.actions {
            sim.schedule(action.clone());
        }
        let horizon_ms = Scenario::horizon_ms(self, settings, &spec.actions);
        sim.run_until(horizon_ms);
        let digest = sim.digest();
        let violation = sim.violation().cloned();
        let (trace, notes) = sim.into_record();
        AnyRun {
            trace,
            notes: Box::new(notes),
            digest,
            horizon_ms,
            violation,
        }
    }

    fn explore_plan(&self, settings: &AnySettings) -> Option<ExplorePlan> {
        Scenario::explore_plan(self, settings.get::<S::Settings>()?)
    }

    fn manual_steps(&self, spec: &AnyRunSpec, seed: u64) -> Vec<ManualStep> {
        let Some(settings) = spec.settings.get::<S::Settings>() else {
            return Vec::new();
        };
        let horizon_ms = Scenario::horizon_ms(self, settings, &spec.actions);
        let run = |actions: &[ScheduledAction]| {
            let mut sim = self.build(settings, &spec.network, seed);
            for action in actions {
                sim.schedule(action.clone());
            }
            sim.run_until(horizon_ms);
            sim
        };
        let now = run(&spec.actions);
        if !now.is_manual_network() || now.is_halted() {
            return Vec::new();
        }
        // The states shown so far: after the takeover and after each step taken by hand.
        let mut seen: Vec<u64> = spec
            .actions
            .iter()
            .enumerate()
            .filter(|(_, a)| {
                matches!(
                    a.action,
                    Action::ManualNetwork | Action::Deliver { .. } | Action::FireTimer { .. }
                )
            })
            .map(|(i, _)| run(&spec.actions[..=i]).visible_state_digest())
            .collect();
        seen.push(now.visible_state_digest());
        // A step lands just after the run's last event, where it waits (its clock has run on to the horizon).
        let at_ms = now.trace().events.last().map_or(0, |e| e.time_ms) + 1;
        let revisits = |action: &Action| {
            let mut actions = spec.actions.clone();
            actions.push(ScheduledAction {
                at_ms,
                action: action.clone(),
            });
            seen.contains(&run(&actions).visible_state_digest())
        };
        let mut steps = Vec::new();
        for message in now.in_flight() {
            let action = Action::Deliver { msg: message.msg };
            steps.push(ManualStep {
                revisits: revisits(&action),
                node: message.to,
                message: Some(message),
                timer: None,
                action,
            });
        }
        for node in (0..now.node_count()).map(NodeId) {
            for (index, timer) in now.timers(node).into_iter().enumerate() {
                let action = Action::FireTimer {
                    node,
                    timer: index as u32,
                };
                steps.push(ManualStep {
                    revisits: revisits(&action),
                    node,
                    message: None,
                    timer: Some(format!("{timer:?}")),
                    action,
                });
            }
        }
        steps
    }

    fn explorer(
        &self,
        settings: &AnySettings,
        first_seed: u64,
    ) -> Option<(Box<dyn ExploreJob>, ExplorePlan)> {
        let settings = settings.get::<S::Settings>()?.clone();
        let plan = Scenario::explore_plan(self, &settings)?;
        let network = Scenario::default_network(self, &settings);
        let scenario = *self;
        let build = move |seed| scenario.build(&settings, &network, seed);
        let explorer = Explorer::new(build, first_seed, plan.budget.clone());
        Some((Box::new(explorer), plan))
    }
}

fn erase<T: Any + Debug + PartialEq>(spec: RunSpec<T>) -> AnyRunSpec {
    AnyRunSpec {
        settings: AnySettings::new(spec.settings),
        seed: spec.seed,
        network: spec.network,
        actions: spec.actions,
    }
}

fn typed<S: Scenario>(_scenario: &S, spec: &AnyRunSpec) -> Option<RunSpec<S::Settings>> {
    Some(RunSpec {
        settings: spec.settings.get::<S::Settings>()?.clone(),
        seed: spec.seed,
        network: spec.network.clone(),
        actions: spec.actions.clone(),
    })
}
