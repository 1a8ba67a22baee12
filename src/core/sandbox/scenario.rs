//! The sandbox as the app runs it: its settings, their link codec, its legend and its explorer.
use super::invariants::PongsNeverExceedPings;
use super::ping_pong::{PingPong, Variant};
use crate::scenario::{ExplorePlan, Scenario};
use crate::share::{Params, SettingsReader};
use crate::sim::{
    FaultBudget, Legend, LegendEntry, NetworkConfig, ScheduledAction, Sim, StyleRole, TimeMs,
};

/// How far each run is simulated; the timeline spans all of it.
pub const HORIZON_MS: TimeMs = 20_000;
/// Node counts the sandbox offers.
pub const NODES_MIN: u32 = 2;
/// The largest sandbox.
pub const NODES_MAX: u32 = 8;
/// Nodes when the link says nothing.
pub const NODES_DEFAULT: u32 = 4;
/// Each explored run is shorter than the shown one: bugs here show up within seconds.
const EXPLORE_HORIZON_MS: TimeMs = 3_000;

/// What the sandbox's link carries besides seed, network and actions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SandboxSettings {
    /// How many nodes ping their neighbour.
    pub nodes: u32,
    /// Which behaviour they have.
    pub variant: Variant,
}

impl Default for SandboxSettings {
    fn default() -> Self {
        SandboxSettings {
            nodes: NODES_DEFAULT,
            variant: Variant::Correct,
        }
    }
}

impl Variant {
    /// Every variant, in the panel's order.
    pub const ALL: [Variant; 2] = [Variant::Correct, Variant::CountsDuplicatePongs];

    /// The link's word for it: `correct`, `broken`.
    pub fn code(self) -> &'static str {
        match self {
            Variant::Correct => "correct",
            Variant::CountsDuplicatePongs => "broken",
        }
    }

    /// Whether this is the deliberately broken variant.
    pub fn is_broken(self) -> bool {
        self == Variant::CountsDuplicatePongs
    }
}

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

/// The property's name, as traces and the legend spell it.
pub const PONGS_NEVER_EXCEED_PINGS: &str = "pongs-never-exceed-pings";

static LEGEND: Legend = Legend {
    messages: &[
        LegendEntry {
            code: "ping",
            role: StyleRole::Request,
        },
        LegendEntry {
            code: "pong",
            role: StyleRole::Reply,
        },
    ],
    states: &[
        LegendEntry {
            code: "idle",
            role: StyleRole::Neutral,
        },
        LegendEntry {
            code: "waiting",
            role: StyleRole::Caution,
        },
    ],
    roles: &["node"],
    commands: &[],
    properties: &[PONGS_NEVER_EXCEED_PINGS],
};

/// The sandbox: ping-pong nodes under a lossy, duplicating network, with a planted bug to find.
#[derive(Clone, Copy, Debug, Default)]
pub struct SandboxScenario;

impl Scenario for SandboxScenario {
    type Protocol = PingPong;
    type Settings = SandboxSettings;

    fn slug(&self) -> &'static str {
        "sandbox"
    }

    fn legend(&self) -> &'static Legend {
        &LEGEND
    }

    fn read_settings(&self, reader: &mut SettingsReader<'_>) -> SandboxSettings {
        let nodes = reader.u64_in(
            "nodes",
            NODES_MIN.into(),
            NODES_MAX.into(),
            NODES_DEFAULT.into(),
        ) as u32;
        let codes = Variant::ALL.map(Variant::code);
        let variant = Variant::ALL[reader.choice("variant", &codes, 0)];
        SandboxSettings { nodes, variant }
    }

    fn write_settings(&self, settings: &SandboxSettings, params: &mut Params) {
        params.set("nodes", Some(settings.nodes.to_string()));
        params.set("variant", Some(settings.variant.code().to_string()));
    }

    fn node_count(&self, settings: &SandboxSettings) -> u32 {
        settings.nodes
    }

    fn default_network(&self, _settings: &SandboxSettings) -> NetworkConfig {
        sandbox_network()
    }

    fn build(
        &self,
        settings: &SandboxSettings,
        network: &NetworkConfig,
        seed: u64,
    ) -> Sim<PingPong> {
        let nodes = (0..settings.nodes)
            .map(|_| PingPong::new(settings.variant))
            .collect();
        Sim::new(nodes, network.clone(), seed).with_invariant(PongsNeverExceedPings)
    }

    fn horizon_ms(&self, _settings: &SandboxSettings, _actions: &[ScheduledAction]) -> TimeMs {
        HORIZON_MS
    }

    fn explore_plan(&self, _settings: &SandboxSettings) -> Option<ExplorePlan> {
        Some(ExplorePlan {
            budget: FaultBudget {
                crashes_max: 1,
                pauses_max: 1,
                partitions_max: 1,
                message_faults_max: 2,
                clock_jumps_max: 0,
                horizon_ms: EXPLORE_HORIZON_MS,
            },
            runs_max: 2_000,
        })
    }

    fn challenges(&self) -> &'static [crate::scenario::Challenge] {
        &super::challenges::CHALLENGES
    }
}
