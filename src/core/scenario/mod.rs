//! The seam a protocol plugs into: a [`Scenario`] says, once, everything the app needs to run, share,
//! explore and label a protocol (its settings and their link codec, how to build a run, how long it lasts,
//! its network and faults, its nodes' roles and its legend). One UI component drives any scenario through
//! [`DynScenario`], so adding a protocol means its core folder, its panel folder and one registry line.
//!
//! A run is a [`RunSpec`]: the settings, the seed, the network and the actions. A share link and a run file
//! carry exactly that, read by one codec ([`read_run`], [`read_file`]) with one set of messages.
//!
//! ```
//! use distlab_core::scenario::DynScenario;
//! use distlab_core::sandbox::SandboxScenario;
//! use distlab_core::share::Params;
//!
//! let link = Params(vec![("nodes".into(), "3".into()), ("variant".into(), "broken".into()),
//!                        ("seed".into(), "7".into()), ("lang".into(), "en".into())]);
//! let (spec, problems) = SandboxScenario.read(&link, &["lang"]);
//! assert!(problems.is_empty());
//! assert_eq!(SandboxScenario.node_count(&spec.settings), 3);
//! let run = SandboxScenario.run(&spec, 7);
//! assert!(run.trace.len() > 10);
//! // The link the app writes for this run reads back as the same run.
//! let (again, _) = SandboxScenario.read(&SandboxScenario.write(&spec), &[]);
//! assert_eq!(again, spec);
//! ```
mod challenge;
mod check_job;
mod codec;
mod erased;

pub use challenge::{
    longest_in_state, Challenge, ChallengeStatus, FaultCounts, Goal, Judgement, Observation,
};
pub use check_job::{
    CheckJob, CheckPlan, CheckStatus, CheckSummary, CheckVerdict, ModelCheck, REPLAY_STEP_MS,
};
pub use erased::{AnyRun, AnyRunSpec, AnySettings, AnySim, DynScenario, ManualStep, RunRecord};

use crate::share::{Params, RunFile, SettingsReader, ShareError};
use crate::sim::{
    FaultBudget, Legend, NetworkConfig, NodeRole, Protocol, ScheduledAction, Sim, TimeMs,
};
use std::any::Any;
use std::fmt::Debug;

/// How the explorer searches a scenario: the fault budget of each run and how many runs before it says
/// "none found".
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExplorePlan {
    /// Faults per run, and each run's length.
    pub budget: FaultBudget,
    /// Runs to try before reporting none found.
    pub runs_max: u64,
}

/// A protocol as the app runs it. Implemented once per protocol, by a unit struct (hence `Copy`) that the
/// panel registry names.
pub trait Scenario: Copy + 'static {
    /// The protocol its nodes run.
    type Protocol: Protocol + 'static;
    /// The panel's own settings (node count, variant, preset, ...): what the link carries besides the seed,
    /// network and actions.
    type Settings: Clone + Debug + PartialEq + 'static;

    /// The route and run-file name: `"sandbox"`, `"failures"`.
    fn slug(&self) -> &'static str;
    /// Everything the protocol names, with style roles.
    fn legend(&self) -> &'static Legend;
    /// Reads the settings from link parameters (or a run file's), noting problems and falling back.
    fn read_settings(&self, reader: &mut SettingsReader<'_>) -> Self::Settings;
    /// Writes the settings as [`Scenario::read_settings`] reads them.
    fn write_settings(&self, settings: &Self::Settings, params: &mut Params);
    /// How many nodes a run has.
    fn node_count(&self, settings: &Self::Settings) -> u32;
    /// Every node's role, in id order. Default: every node a `"node"`.
    fn roles(&self, settings: &Self::Settings) -> Vec<NodeRole> {
        NodeRole::uniform(self.node_count(settings), "node")
    }
    /// The network a run starts with when the link names none.
    fn default_network(&self, settings: &Self::Settings) -> NetworkConfig;
    /// The actions a run has when the link names none (a preset's faults). Default: none.
    fn preset_actions(&self, _settings: &Self::Settings) -> Vec<ScheduledAction> {
        Vec::new()
    }
    /// The simulation for these settings, network and seed, with its properties, before any action.
    fn build(
        &self,
        settings: &Self::Settings,
        network: &NetworkConfig,
        seed: u64,
    ) -> Sim<Self::Protocol>;
    /// How far a run is simulated (the timeline spans it).
    fn horizon_ms(&self, settings: &Self::Settings, actions: &[ScheduledAction]) -> TimeMs;
    /// How the explorer searches this scenario; `None` if the panel has no explorer.
    fn explore_plan(&self, _settings: &Self::Settings) -> Option<ExplorePlan> {
        None
    }
    /// What the exhaustive checker covers for these settings; `None` where the panel has no check (or the
    /// settings' variant has a state space too large for a browser).
    fn check_plan(&self, _settings: &Self::Settings) -> Option<CheckPlan> {
        None
    }
    /// The exhaustive check itself, run by the UI in slices; `Some` exactly when [`Scenario::check_plan`] is.
    fn check_job(&self, _settings: &Self::Settings) -> Option<Box<dyn CheckJob>> {
        None
    }
    /// The panel's challenges ([`Challenge`]), in the order the panel lists them.
    fn challenges(&self) -> &'static [Challenge] {
        &[]
    }
}

/// Everything a run is made of: what a share link and a run file carry.
#[derive(Clone, Debug, PartialEq)]
pub struct RunSpec<S> {
    /// The panel's settings.
    pub settings: S,
    /// The seed, once drawn (a link may leave it out; the UI then draws one).
    pub seed: Option<u64>,
    /// The network at the start.
    pub network: NetworkConfig,
    /// The actions: faults and commands.
    pub actions: Vec<ScheduledAction>,
}

/// Reads a run from link parameters. Parameters in `also_known` (the app's own, such as `lang`) are not
/// reported as unknown. Never fails: problems are returned and their fallbacks used.
pub fn read_run<S: Scenario>(
    scenario: &S,
    params: &Params,
    also_known: &[&str],
) -> (RunSpec<S::Settings>, Vec<ShareError>) {
    let (spec, problems) = codec::read_run(scenario, params, also_known);
    (typed::<S>(spec), problems)
}

/// Writes a run as link parameters; `a=` is left out while the actions are the preset's.
pub fn write_run<S: Scenario>(scenario: &S, spec: &RunSpec<S::Settings>) -> Params {
    codec::write_run(scenario, &erase(spec.clone()))
}

/// The settings and network as parameters: what a run file's `settings` hold.
pub fn settings_params<S: Scenario>(
    scenario: &S,
    settings: &S::Settings,
    network: &NetworkConfig,
) -> Params {
    codec::settings_params(scenario, &AnySettings::new(settings.clone()), network)
}

/// Reads a run file's run with the link's codec, in the link's order (settings, network, actions, unknown
/// keys): the first problem a link would show refuses the file, with the same message.
pub fn read_file<S: Scenario>(
    scenario: &S,
    file: &RunFile,
) -> Result<RunSpec<S::Settings>, ShareError> {
    codec::read_file(scenario, file).map(typed::<S>)
}

fn erase<T: Any + PartialEq>(spec: RunSpec<T>) -> AnyRunSpec {
    AnyRunSpec {
        settings: AnySettings::new(spec.settings),
        seed: spec.seed,
        network: spec.network,
        actions: spec.actions,
    }
}

/// A run read by scenario `S`'s own codec, with its settings' type back.
fn typed<S: Scenario>(spec: AnyRunSpec) -> RunSpec<S::Settings> {
    RunSpec {
        settings: spec
            .settings
            .get::<S::Settings>()
            .expect("a scenario reads its own settings")
            .clone(),
        seed: spec.seed,
        network: spec.network,
        actions: spec.actions,
    }
}
