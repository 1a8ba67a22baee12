//! The sandbox's settings (what its link carries) and the builder that turns them into a trace.
use std::rc::Rc;

use crate::core::sandbox::{self, Variant};
use crate::core::sim::{NetworkConfig, ScheduledAction};
use crate::ui::components::sim_state::{Builder, RunInput};
use crate::ui::route::{ParamReader, UrlProblem};
use crate::ui::sim_link::{read_actions, read_network, write_actions, write_network};
use crate::ui::url::HashUrl;

/// How far each run is simulated; the timeline spans all of it.
pub const HORIZON_MS: u64 = 20_000;
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
#[derive(Clone, Debug, PartialEq)]
pub struct SandboxSettings {
    /// `None` until the UI draws one; the link then carries it.
    pub seed: Option<u64>,
    pub nodes: u32,
    pub variant: Variant,
    pub network: NetworkConfig,
    pub actions: Vec<ScheduledAction>,
}

impl Default for SandboxSettings {
    fn default() -> Self {
        SandboxSettings {
            seed: None,
            nodes: NODES_DEFAULT as u32,
            variant: Variant::Correct,
            network: sandbox_network(),
            actions: Vec::new(),
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

/// The variant a link or file names.
pub fn variant_from_code(code: &str) -> Option<Variant> {
    match code {
        "correct" => Some(Variant::Correct),
        "broken" => Some(Variant::CountsDuplicatePongs),
        _ => None,
    }
}

impl SandboxSettings {
    /// Reads the link, falling back (with a problem noted) on anything unusable.
    pub fn from_params(reader: &mut ParamReader<'_>) -> SandboxSettings {
        let defaults = SandboxSettings::default();
        let seed = reader.optional_u64("seed");
        let nodes = reader.u64_in("nodes", NODES_MIN, NODES_MAX, NODES_DEFAULT) as u32;
        let variant = match reader.raw("variant") {
            None => Variant::Correct,
            Some(code) => variant_from_code(code).unwrap_or_else(|| {
                reader.problem(UrlProblem::UnknownVariant {
                    value: code.to_string(),
                });
                Variant::Correct
            }),
        };
        let network = read_network(reader, &defaults.network);
        let actions = read_actions(reader, nodes).unwrap_or_default();
        SandboxSettings {
            seed,
            nodes,
            variant,
            network,
            actions,
        }
    }

    /// Writes these settings into a hash, keeping its other parameters (such as `lang`).
    pub fn write_into(&self, url: &mut HashUrl) {
        url.set("seed", self.seed.map(|s| s.to_string()));
        url.set("nodes", Some(self.nodes.to_string()));
        url.set("variant", Some(variant_code(self.variant).to_string()));
        write_network(url, &self.network);
        write_actions(
            url,
            Some(&self.actions)
                .filter(|a| !a.is_empty())
                .map(|a| a.as_slice()),
        );
    }

    /// The run these settings describe (the seed must have been drawn already).
    pub fn run_input(&self, seed: u64) -> RunInput {
        RunInput {
            seed,
            network: self.network.clone(),
            actions: self.actions.clone(),
        }
    }
}

/// The sandbox scenario for a node count and variant, run to the horizon.
pub fn builder(nodes: u32, variant: Variant) -> Builder {
    Rc::new(move |seed, network, actions| {
        let mut sim = sandbox::scenario(nodes, variant, network.clone(), seed);
        for action in actions {
            sim.schedule(action.clone());
        }
        sim.run_until(HORIZON_MS);
        sim.trace().clone()
    })
}
