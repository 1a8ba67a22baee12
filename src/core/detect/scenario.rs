//! The failures panel's run as the app runs it: preset, node count and both detectors' settings, their
//! link codec, the legend, and how long a run lasts.
use super::config::{DetectConfig, MAX_NODE_COUNT, MIN_NODE_COUNT};
use super::heartbeat::{HeartbeatNode, WATCHING_STATE};
use super::presets::{preset, scenario, Preset};
use crate::scenario::Scenario;
use crate::share::{Params, SettingsReader};
use crate::sim::{Legend, LegendEntry, NetworkConfig, ScheduledAction, Sim, StyleRole, TimeMs};

/// Nodes when the link says nothing.
pub const NODES_DEFAULT: u32 = 5;
/// The φ threshold's range on the slider and in links.
pub const THRESHOLD_MIN: f64 = 1.0;
/// See [`THRESHOLD_MIN`].
pub const THRESHOLD_MAX: f64 = 16.0;
/// The fixed timeout's range on the slider and in links.
pub const TIMEOUT_MS_MIN: TimeMs = 150;
/// See [`TIMEOUT_MS_MIN`].
pub const TIMEOUT_MS_MAX: TimeMs = 3_000;
/// Runs go on this long after their last action, so its consequences play out.
const TAIL_MS: TimeMs = 3_000;

/// What the failures panel's link carries besides seed, network and actions.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FailureSettings {
    /// The lesson.
    pub preset: Preset,
    /// Nodes watching each other.
    pub nodes: u32,
    /// φ accrual's threshold.
    pub phi_threshold: f64,
    /// The fixed timeout.
    pub timeout_ms: TimeMs,
}

impl Default for FailureSettings {
    fn default() -> Self {
        let config = DetectConfig::default();
        FailureSettings {
            preset: Preset::CleanCrash,
            nodes: NODES_DEFAULT,
            phi_threshold: config.phi_threshold,
            timeout_ms: config.timeout_ms,
        }
    }
}

impl FailureSettings {
    /// The detector settings these stand for.
    pub fn config(&self) -> DetectConfig {
        DetectConfig {
            node_count: self.nodes,
            phi_threshold: self.phi_threshold,
            timeout_ms: self.timeout_ms,
            ..DetectConfig::default()
        }
    }
}

static LEGEND: Legend = Legend {
    messages: &[LegendEntry {
        code: "heartbeat",
        role: StyleRole::Heartbeat,
    }],
    states: &[LegendEntry {
        code: WATCHING_STATE,
        role: StyleRole::Neutral,
    }],
    roles: &["node"],
    commands: &[],
    properties: &[],
};

/// Heartbeats judged by a fixed timeout and by φ accrual side by side, in five teaching presets.
#[derive(Clone, Copy, Debug, Default)]
pub struct FailuresScenario;

impl Scenario for FailuresScenario {
    type Protocol = HeartbeatNode;
    type Settings = FailureSettings;

    fn slug(&self) -> &'static str {
        "failures"
    }

    fn legend(&self) -> &'static Legend {
        &LEGEND
    }

    fn read_settings(&self, reader: &mut SettingsReader<'_>) -> FailureSettings {
        let defaults = FailureSettings::default();
        let codes = Preset::ALL.map(Preset::code);
        let preset = Preset::ALL[reader.choice("preset", &codes, 0)];
        let nodes = reader.u64_in(
            "nodes",
            MIN_NODE_COUNT.into(),
            MAX_NODE_COUNT.into(),
            NODES_DEFAULT.into(),
        ) as u32;
        let phi_threshold =
            reader.f64_in("thr", THRESHOLD_MIN, THRESHOLD_MAX, defaults.phi_threshold);
        let timeout_ms = reader.u64_in(
            "timeout",
            TIMEOUT_MS_MIN,
            TIMEOUT_MS_MAX,
            defaults.timeout_ms,
        );
        FailureSettings {
            preset,
            nodes,
            phi_threshold,
            timeout_ms,
        }
    }

    fn write_settings(&self, settings: &FailureSettings, params: &mut Params) {
        params.set("preset", Some(settings.preset.code().to_string()));
        params.set("nodes", Some(settings.nodes.to_string()));
        params.set(
            "thr",
            Some(crate::decimal::shortest(settings.phi_threshold)),
        );
        params.set("timeout", Some(settings.timeout_ms.to_string()));
    }

    fn node_count(&self, settings: &FailureSettings) -> u32 {
        settings.nodes
    }

    fn default_network(&self, settings: &FailureSettings) -> NetworkConfig {
        preset(settings.preset, settings.nodes).network
    }

    fn preset_actions(&self, settings: &FailureSettings) -> Vec<ScheduledAction> {
        preset(settings.preset, settings.nodes).actions
    }

    fn build(
        &self,
        settings: &FailureSettings,
        network: &NetworkConfig,
        seed: u64,
    ) -> Sim<HeartbeatNode> {
        scenario(&settings.config(), network.clone(), seed)
    }

    /// The preset's length, or longer when an action comes late.
    fn horizon_ms(&self, settings: &FailureSettings, actions: &[ScheduledAction]) -> TimeMs {
        let last = actions.iter().map(|a| a.at_ms).max().unwrap_or(0);
        preset(settings.preset, settings.nodes)
            .horizon_ms
            .max(last + TAIL_MS)
    }

    fn challenges(&self) -> &'static [crate::scenario::Challenge] {
        &super::challenges::CHALLENGES
    }
}
