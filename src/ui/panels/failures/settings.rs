//! The failures panel's link: preset, node count, detector settings, the network and the fault actions.
//! Without `a=` the preset's own faults are used; with it (even empty) the link's list replaces them.
use std::rc::Rc;

use crate::core::detect::{self, DetectConfig, Preset, MAX_NODE_COUNT, MIN_NODE_COUNT};
use crate::core::sim::{NetworkConfig, ScheduledAction, TimeMs};
use crate::ui::components::sim_state::{Builder, RunInput};
use crate::ui::route::ParamReader;
use crate::ui::sim_link::{read_actions, read_network, write_actions, write_network};
use crate::ui::url::HashUrl;

pub const NODES_DEFAULT: u32 = 5;
pub const THRESHOLD_MIN: f64 = 1.0;
pub const THRESHOLD_MAX: f64 = 16.0;
pub const TIMEOUT_MS_MIN: u64 = 150;
pub const TIMEOUT_MS_MAX: u64 = 3_000;
/// Runs go on this long after their last fault, so its consequences play out.
const TAIL_MS: TimeMs = 3_000;

#[derive(Clone, Debug, PartialEq)]
pub struct FailureSettings {
    pub seed: Option<u64>,
    pub preset: Preset,
    pub nodes: u32,
    pub phi_threshold: f64,
    pub timeout_ms: u64,
    pub network: NetworkConfig,
    /// `None`: the preset's faults.
    pub actions: Option<Vec<ScheduledAction>>,
}

impl Default for FailureSettings {
    fn default() -> Self {
        let config = DetectConfig::default();
        FailureSettings {
            seed: None,
            preset: Preset::CleanCrash,
            nodes: NODES_DEFAULT,
            phi_threshold: config.phi_threshold,
            timeout_ms: config.timeout_ms,
            network: NetworkConfig::default(),
            actions: None,
        }
    }
}

impl FailureSettings {
    pub fn from_params(reader: &mut ParamReader<'_>) -> FailureSettings {
        let defaults = FailureSettings::default();
        let seed = reader.optional_u64("seed");
        let codes: Vec<&str> = Preset::ALL.iter().map(|p| p.code()).collect();
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
        let network = read_network(reader, &defaults.network);
        let actions = read_actions(reader, nodes);
        FailureSettings {
            seed,
            preset,
            nodes,
            phi_threshold,
            timeout_ms,
            network,
            actions,
        }
    }

    pub fn write_into(&self, url: &mut HashUrl) {
        url.set("seed", self.seed.map(|s| s.to_string()));
        url.set("preset", Some(self.preset.code().to_string()));
        url.set("nodes", Some(self.nodes.to_string()));
        url.set("thr", Some(format!("{}", self.phi_threshold)));
        url.set("timeout", Some(self.timeout_ms.to_string()));
        write_network(url, &self.network);
        write_actions(url, self.actions.as_deref());
    }

    /// The faults of the run: the link's, or the preset's.
    pub fn actions_or_preset(&self) -> Vec<ScheduledAction> {
        self.actions
            .clone()
            .unwrap_or_else(|| detect::preset(self.preset, self.nodes).actions)
    }

    pub fn run_input(&self, seed: u64) -> RunInput {
        RunInput {
            seed,
            network: self.network.clone(),
            actions: self.actions_or_preset(),
        }
    }
}

/// How long a run with these faults lasts: the preset's length, or longer if a fault comes late.
pub fn horizon_ms(preset: Preset, nodes: u32, actions: &[ScheduledAction]) -> TimeMs {
    let last = actions.iter().map(|a| a.at_ms).max().unwrap_or(0);
    detect::preset(preset, nodes).horizon_ms.max(last + TAIL_MS)
}

/// The heartbeat scenario for these detector settings, run to its horizon.
pub fn builder(config: DetectConfig, preset: Preset) -> Builder {
    Rc::new(move |seed, network, actions| {
        let mut sim = detect::scenario(&config, network.clone(), seed);
        for action in actions {
            sim.schedule(action.clone());
        }
        sim.run_until(horizon_ms(preset, config.node_count, actions));
        sim.trace().clone()
    })
}
