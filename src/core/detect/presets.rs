//! The failures panel's teaching presets, as data: settings, network, faults and how long to run.
use super::config::{DetectConfig, MAX_NODE_COUNT, MIN_NODE_COUNT};
use super::heartbeat::HeartbeatNode;
use super::phi::PhiVariant;
use crate::sim::{Action, LinkOverride, NetworkConfig, NodeId, ScheduledAction, Sim, TimeMs};
use serde::{Deserialize, Serialize};

/// One lesson each: what a detector gets right, and what fools it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Preset {
    /// n1 crashes at 2 s: both detectors suspect it, then everyone marks it down.
    CleanCrash,
    /// From 3 s to 11 s heartbeats from n1 and n2 take 50–450 ms and 5 % are lost: the fixed timeout
    /// suspects live nodes again and again; φ widens its estimate and suspects far less.
    SlowNetwork,
    /// The cluster splits into two halves at 2 s and heals at 6 s: both sides suspect each other.
    Partition,
    /// n1 crashes and recovers four times, sometimes for less than the confirm time.
    FlappingNode,
    /// n2 freezes for 1 s at 2 s (a stop-the-world GC): suspected although alive, then up again.
    GcPause,
}

impl Preset {
    /// Every preset, in the panel's order.
    pub const ALL: [Preset; 5] = [
        Preset::CleanCrash,
        Preset::SlowNetwork,
        Preset::Partition,
        Preset::FlappingNode,
        Preset::GcPause,
    ];

    /// The stable name in links and test ids: `"clean-crash"`, `"slow-network"`, `"partition"`,
    /// `"flapping"`, `"gc-pause"`.
    pub fn code(self) -> &'static str {
        match self {
            Preset::CleanCrash => "clean-crash",
            Preset::SlowNetwork => "slow-network",
            Preset::Partition => "partition",
            Preset::FlappingNode => "flapping",
            Preset::GcPause => "gc-pause",
        }
    }

    /// Reads [`Preset::code`] back; `None` for an unknown name.
    pub fn from_code(code: &str) -> Option<Preset> {
        Preset::ALL.into_iter().find(|p| p.code() == code)
    }
}

/// Everything a preset run needs besides the seed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PresetRun {
    /// Detector and heartbeat settings.
    pub config: DetectConfig,
    /// The network at the start.
    pub network: NetworkConfig,
    /// The faults, in time order.
    pub actions: Vec<ScheduledAction>,
    /// How long to run so the whole lesson plays out.
    pub horizon_ms: TimeMs,
}

impl PresetRun {
    /// The run with these settings and this seed, its actions scheduled, not yet stepped.
    pub fn sim(&self, seed: u64) -> Sim<HeartbeatNode> {
        self.sim_with_variant(seed, PhiVariant::Standard)
    }

    /// Same as [`PresetRun::sim`] with a chosen phi variant.
    pub fn sim_with_variant(&self, seed: u64, variant: PhiVariant) -> Sim<HeartbeatNode> {
        let mut sim = scenario_with_variant(&self.config, self.network.clone(), seed, variant);
        for action in &self.actions {
            sim.schedule(action.clone());
        }
        sim
    }
}

/// `config.node_count` heartbeat nodes with the correct phi detector.
pub fn scenario(config: &DetectConfig, network: NetworkConfig, seed: u64) -> Sim<HeartbeatNode> {
    scenario_with_variant(config, network, seed, PhiVariant::Standard)
}

/// `config.node_count` heartbeat nodes whose phi detector is `variant`.
pub fn scenario_with_variant(
    config: &DetectConfig,
    network: NetworkConfig,
    seed: u64,
    variant: PhiVariant,
) -> Sim<HeartbeatNode> {
    let nodes = (0..config.node_count)
        .map(|_| HeartbeatNode::with_variant(config.clone(), variant))
        .collect();
    Sim::new(nodes, network, seed)
}

fn at(at_ms: TimeMs, action: Action) -> ScheduledAction {
    ScheduledAction { at_ms, action }
}

/// The network of the slow-network preset while the spike lasts: links out of n1 and n2 take 50–450 ms,
/// and every link loses 5 % of messages.
pub fn slow_network(node_count: u32) -> NetworkConfig {
    let calm = NetworkConfig::default();
    let mut links = Vec::new();
    for from in [NodeId(1), NodeId(2)] {
        for to in (0..node_count).map(NodeId).filter(|to| *to != from) {
            links.push(LinkOverride {
                from,
                to,
                latency_ms_min: 50,
                latency_ms_max: 450,
                loss_probability: 0.05,
            });
        }
    }
    NetworkConfig {
        loss_probability: 0.05,
        links,
        ..calm
    }
}

/// The preset's settings for `node_count` nodes (clamped to 3..=12), default detector settings, a calm
/// network (10–50 ms, no loss) and the preset's faults.
pub fn preset(preset: Preset, node_count: u32) -> PresetRun {
    let node_count = node_count.clamp(MIN_NODE_COUNT, MAX_NODE_COUNT);
    let config = DetectConfig {
        node_count,
        ..DetectConfig::default()
    };
    let network = NetworkConfig::default();
    let n1 = NodeId(1);
    let n2 = NodeId(2);
    let (actions, horizon_ms) = match preset {
        Preset::CleanCrash => (vec![at(2_000, Action::Crash { node: n1 })], 5_000),
        Preset::SlowNetwork => (
            vec![
                at(
                    3_000,
                    Action::SetNetwork {
                        network: slow_network(node_count),
                    },
                ),
                at(
                    11_000,
                    Action::SetNetwork {
                        network: NetworkConfig::default(),
                    },
                ),
            ],
            14_000,
        ),
        Preset::Partition => {
            let half = node_count / 2;
            let groups = vec![
                (0..half).map(NodeId).collect(),
                (half..node_count).map(NodeId).collect(),
            ];
            (
                vec![
                    at(2_000, Action::Partition { groups }),
                    at(6_000, Action::Heal),
                ],
                9_000,
            )
        }
        Preset::FlappingNode => (
            vec![
                at(2_000, Action::Crash { node: n1 }),
                at(3_800, Action::Recover { node: n1 }),
                at(4_600, Action::Crash { node: n1 }),
                at(5_200, Action::Recover { node: n1 }),
                at(6_000, Action::Crash { node: n1 }),
                at(7_500, Action::Recover { node: n1 }),
                at(8_200, Action::Crash { node: n1 }),
                at(8_700, Action::Recover { node: n1 }),
            ],
            11_000,
        ),
        Preset::GcPause => (
            vec![at(
                2_000,
                Action::Pause {
                    node: n2,
                    duration_ms: 1_000,
                },
            )],
            5_000,
        ),
    };
    PresetRun {
        config,
        network,
        actions,
        horizon_ms,
    }
}
