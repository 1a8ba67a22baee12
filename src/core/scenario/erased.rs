//! A scenario with its types erased, so one UI component (and one copy of its code in the WebAssembly)
//! drives every protocol: settings travel as [`AnySettings`], runs come back as [`AnyRun`], and the
//! protocol's typed notes ride along for the panel that knows their type.
use super::{codec, CheckJob, CheckPlan, ExplorePlan, Scenario};
use crate::share::{Params, RunFile, SettingsReader, ShareError};
use crate::sim::{
    Action, ExploreJob, Explorer, InFlight, Legend, NetworkConfig, NodeId, NodeRole, Protocol,
    ScheduledAction, Sim, TimeMs, Trace, Violation,
};
use std::any::Any;
use std::fmt::Debug;
use std::rc::Rc;

/// A value that can be compared with another of unknown type. (Not `Debug`: a trait object's table holds
/// all its methods, so every scenario's settings printer would be in the app.)
trait SettingsValue {
    fn as_any(&self) -> &dyn Any;
    fn same(&self, other: &dyn SettingsValue) -> bool;
}

impl<T: Any + PartialEq> SettingsValue for T {
    fn as_any(&self) -> &dyn Any {
        self
    }

    fn same(&self, other: &dyn SettingsValue) -> bool {
        other.as_any().downcast_ref::<T>() == Some(self)
    }
}

/// Some scenario's settings; the scenario (and the panel that knows its type) reads them back with
/// [`AnySettings::get`]. Cheap to clone; equal when the values are.
#[derive(Clone)]
pub struct AnySettings(Rc<dyn SettingsValue>);

impl Debug for AnySettings {
    /// Opaque: the panel that knows the type prints the settings themselves.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("AnySettings(..)")
    }
}

impl AnySettings {
    /// Wraps a scenario's settings.
    pub fn new<T: Any + PartialEq>(settings: T) -> Self {
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

/// The facts of a simulated run, whoever holds it: the core's [`AnyRun`] and the run the UI keeps on screen
/// both are one, so a tour's question and a challenge's judge read the run the page shows (a fault the
/// reader added changes the answer and the verdict).
pub trait RunRecord {
    /// The trace.
    fn trace(&self) -> &Trace;
    /// The protocol's notes, a `Vec<P::Note>`.
    fn notes_any(&self) -> &dyn Any;
    /// The violation that halted the run, if any.
    fn violation(&self) -> Option<&Violation>;
    /// How far the run was simulated (a state held to the end is held until then).
    fn horizon_ms(&self) -> TimeMs;
}

impl dyn RunRecord + '_ {
    /// The notes, if the run's protocol notes `N`s (empty otherwise).
    pub fn notes<N: Any>(&self) -> &[N] {
        self.notes_any()
            .downcast_ref::<Vec<N>>()
            .map_or(&[], |notes| notes.as_slice())
    }
}

impl RunRecord for AnyRun {
    fn trace(&self) -> &Trace {
        &self.trace
    }
    fn notes_any(&self) -> &dyn Any {
        self.notes.as_ref()
    }
    fn violation(&self) -> Option<&Violation> {
        self.violation.as_ref()
    }
    fn horizon_ms(&self) -> TimeMs {
        self.horizon_ms
    }
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

/// A simulation with its protocol erased: what [`DynScenario::run`] and [`DynScenario::manual_steps`]
/// drive, so that they are compiled once for every protocol. Every [`Sim`] is one.
pub trait AnySim {
    /// See [`Sim::schedule`].
    fn schedule(&mut self, action: ScheduledAction);
    /// See [`Sim::run_until`].
    fn run_until(&mut self, time_ms: TimeMs) -> u64;
    /// See [`Sim::trace`].
    fn trace(&self) -> &Trace;
    /// See [`Sim::digest`].
    fn digest(&self) -> u64;
    /// See [`Sim::violation`].
    fn violation(&self) -> Option<&Violation>;
    /// See [`Sim::is_halted`].
    fn is_halted(&self) -> bool;
    /// See [`Sim::is_manual_network`].
    fn is_manual_network(&self) -> bool;
    /// See [`Sim::in_flight`].
    fn in_flight(&self) -> Vec<InFlight>;
    /// See [`Sim::node_count`].
    fn node_count(&self) -> u32;
    /// The names of a node's active timers (their `Debug` form, as the trace names them), in the order of
    /// [`Sim::timers`].
    fn timer_names(&self, node: NodeId) -> Vec<String>;
    /// See [`Sim::visible_state_digest`].
    fn visible_state_digest(&self) -> u64;
    /// The trace and the notes (a `Vec<P::Note>`): see [`Sim::into_record`].
    fn into_record(self: Box<Self>) -> (Trace, Box<dyn Any>);
}

impl<P: Protocol + 'static> AnySim for Sim<P> {
    fn schedule(&mut self, action: ScheduledAction) {
        Sim::schedule(self, action)
    }

    fn run_until(&mut self, time_ms: TimeMs) -> u64 {
        Sim::run_until(self, time_ms)
    }

    fn trace(&self) -> &Trace {
        Sim::trace(self)
    }

    fn digest(&self) -> u64 {
        Sim::digest(self)
    }

    fn violation(&self) -> Option<&Violation> {
        Sim::violation(self)
    }

    fn is_halted(&self) -> bool {
        Sim::is_halted(self)
    }

    fn is_manual_network(&self) -> bool {
        Sim::is_manual_network(self)
    }

    fn in_flight(&self) -> Vec<InFlight> {
        Sim::in_flight(self)
    }

    fn node_count(&self) -> u32 {
        Sim::node_count(self)
    }

    fn timer_names(&self, node: NodeId) -> Vec<String> {
        self.timers(node)
            .into_iter()
            .map(|timer| format!("{timer:?}"))
            .collect()
    }

    fn visible_state_digest(&self) -> u64 {
        Sim::visible_state_digest(self)
    }

    fn into_record(self: Box<Self>) -> (Trace, Box<dyn Any>) {
        let (trace, notes) = Sim::into_record(*self);
        (trace, Box::new(notes))
    }
}

/// What the UI asks of a scenario, with types erased. Every [`Scenario`] is one.
///
/// The few methods that need the scenario's types are implemented per scenario; the others (the link and
/// file codec, running, the manual network's steps) are written once over `&dyn DynScenario`, so the
/// WebAssembly holds one copy of them, not one per protocol.
pub trait DynScenario {
    /// See [`Scenario::slug`].
    fn slug(&self) -> &'static str;
    /// See [`Scenario::legend`].
    fn legend(&self) -> &'static Legend;
    /// See [`Scenario::read_settings`].
    fn read_any_settings(&self, reader: &mut SettingsReader<'_>) -> AnySettings;
    /// The settings as link parameters (see [`Scenario::write_settings`]); `None` for settings of another
    /// scenario.
    fn write_any_settings(&self, settings: &AnySettings) -> Option<Params>;
    /// Reads a run from link parameters (see [`super::read_run`]).
    fn read(&self, params: &Params, also_known: &[&str]) -> (AnyRunSpec, Vec<ShareError>);
    /// Writes a run as link parameters (see [`super::write_run`]).
    fn write(&self, spec: &AnyRunSpec) -> Params;
    /// The settings and network as a run file keeps them.
    fn file_settings(&self, spec: &AnyRunSpec) -> Params;
    /// Reads a run file's run (see [`super::read_file`]).
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
    /// See [`Scenario::build`]; `None` for settings of another scenario.
    fn build_any(
        &self,
        settings: &AnySettings,
        network: &NetworkConfig,
        seed: u64,
    ) -> Option<Box<dyn AnySim>>;
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
    /// See [`Scenario::check_plan`].
    fn check_plan(&self, settings: &AnySettings) -> Option<CheckPlan>;
    /// See [`Scenario::check_job`].
    fn check_job(&self, settings: &AnySettings) -> Option<Box<dyn CheckJob>>;
    /// See [`Scenario::challenges`].
    fn challenges(&self) -> &'static [super::Challenge];
}

impl<S: Scenario> DynScenario for S {
    fn slug(&self) -> &'static str {
        Scenario::slug(self)
    }

    fn legend(&self) -> &'static Legend {
        Scenario::legend(self)
    }

    fn read_any_settings(&self, reader: &mut SettingsReader<'_>) -> AnySettings {
        AnySettings::new(self.read_settings(reader))
    }

    fn write_any_settings(&self, settings: &AnySettings) -> Option<Params> {
        let mut params = Params::default();
        self.write_settings(settings.get::<S::Settings>()?, &mut params);
        Some(params)
    }

    fn read(&self, params: &Params, also_known: &[&str]) -> (AnyRunSpec, Vec<ShareError>) {
        codec::read_run(self, params, also_known)
    }

    fn write(&self, spec: &AnyRunSpec) -> Params {
        codec::write_run(self, spec)
    }

    fn file_settings(&self, spec: &AnyRunSpec) -> Params {
        codec::settings_params(self, &spec.settings, &spec.network)
    }

    fn read_file(&self, file: &RunFile) -> Result<AnyRunSpec, ShareError> {
        codec::read_file(self, file)
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

    fn build_any(
        &self,
        settings: &AnySettings,
        network: &NetworkConfig,
        seed: u64,
    ) -> Option<Box<dyn AnySim>> {
        Some(Box::new(self.build(
            settings.get::<S::Settings>()?,
            network,
            seed,
        )))
    }

    fn run(&self, spec: &AnyRunSpec, seed: u64) -> AnyRun {
        run(self, spec, seed)
    }

    fn explore_plan(&self, settings: &AnySettings) -> Option<ExplorePlan> {
        Scenario::explore_plan(self, settings.get::<S::Settings>()?)
    }

    fn manual_steps(&self, spec: &AnyRunSpec, seed: u64) -> Vec<ManualStep> {
        manual_steps(self, spec, seed)
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

    fn check_plan(&self, settings: &AnySettings) -> Option<CheckPlan> {
        Scenario::check_plan(self, settings.get::<S::Settings>()?)
    }

    fn check_job(&self, settings: &AnySettings) -> Option<Box<dyn CheckJob>> {
        Scenario::check_job(self, settings.get::<S::Settings>()?)
    }

    fn challenges(&self) -> &'static [super::Challenge] {
        Scenario::challenges(self)
    }
}

/// [`DynScenario::run`], for every scenario.
fn run(scenario: &dyn DynScenario, spec: &AnyRunSpec, seed: u64) -> AnyRun {
    let Some(mut sim) = scenario.build_any(&spec.settings, &spec.network, seed) else {
        return AnyRun {
            trace: Trace::new(0),
            notes: Box::new(()),
            digest: 0,
            horizon_ms: 0,
            violation: None,
        };
    };
    for action in &spec.actions {
        sim.schedule(action.clone());
    }
    let horizon_ms = scenario.horizon_ms(&spec.settings, &spec.actions);
    sim.run_until(horizon_ms);
    let digest = sim.digest();
    let violation = sim.violation().cloned();
    let (trace, notes) = sim.into_record();
    AnyRun {
        trace,
        notes,
        digest,
        horizon_ms,
        violation,
    }
}

/// [`DynScenario::manual_steps`], for every scenario.
fn manual_steps(scenario: &dyn DynScenario, spec: &AnyRunSpec, seed: u64) -> Vec<ManualStep> {
    let horizon_ms = scenario.horizon_ms(&spec.settings, &spec.actions);
    let run = |actions: &[ScheduledAction]| {
        let mut sim = scenario.build_any(&spec.settings, &spec.network, seed)?;
        for action in actions {
            sim.schedule(action.clone());
        }
        sim.run_until(horizon_ms);
        Some(sim)
    };
    let Some(now) = run(&spec.actions) else {
        return Vec::new();
    };
    if !now.is_manual_network() || now.is_halted() {
        return Vec::new();
    }
    let digest_after =
        |actions: &[ScheduledAction]| run(actions).map(|sim| sim.visible_state_digest());
    // The states shown so far: after the takeover and after each step taken by hand.
    let mut seen: Vec<Option<u64>> = spec
        .actions
        .iter()
        .enumerate()
        .filter(|(_, a)| {
            matches!(
                a.action,
                Action::ManualNetwork | Action::Deliver { .. } | Action::FireTimer { .. }
            )
        })
        .map(|(i, _)| digest_after(&spec.actions[..=i]))
        .collect();
    seen.push(Some(now.visible_state_digest()));
    // A step lands just after the run's last event, where it waits (its clock has run on to the horizon).
    let at_ms = now.trace().events.last().map_or(0, |e| e.time_ms) + 1;
    let revisits = |action: &Action| {
        let mut actions = spec.actions.clone();
        actions.push(ScheduledAction {
            at_ms,
            action: action.clone(),
        });
        seen.contains(&digest_after(&actions))
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
        for (index, timer) in now.timer_names(node).into_iter().enumerate() {
            let action = Action::FireTimer {
                node,
                timer: index as u32,
            };
            steps.push(ManualStep {
                revisits: revisits(&action),
                node,
                message: None,
                timer: Some(timer),
                action,
            });
        }
    }
    steps
}
