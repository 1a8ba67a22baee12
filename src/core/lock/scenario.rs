//! The lock panel as the app runs it: [`LockScenario`], its legend, how a run is built (nodes, clocks,
//! properties) and how the explorer searches it.
use super::client::Client;
use super::node::{LockNode, ACQUIRE_COMMAND};
use super::presets::{preset_actions, preset_horizon_ms, preset_network};
use super::properties::{
    EveryClientAcquires, MutualExclusion, Progress, Waiting, EVERY_CLIENT_ACQUIRES,
    MUTUAL_EXCLUSION, PROGRESS,
};
use super::service::Service;
use super::settings::{LockSettings, CLIENT_ROLE, REDLOCK_NODE_ROLE, SERVICE_ROLE, STORAGE_ROLE};
use super::variant::Variant;
use crate::scenario::{CheckJob, CheckPlan, ExplorePlan, Scenario};
use crate::share::{Params, SettingsReader};
use crate::sim::{
    CommandSpec, FaultBudget, Legend, LegendEntry, NetworkConfig, NodeRole, ScheduledAction, Sim,
    StyleRole, TimeMs,
};

/// Runs go on this long after their last action, so its consequences play out.
const TAIL_MS: TimeMs = 3_000;
/// How long each explored run lasts.
pub const EXPLORE_HORIZON_MS: TimeMs = 6_000;
/// How many runs the explorer tries before it says none found.
pub const EXPLORE_RUNS_MAX: u64 = 2_000;

/// Which properties a run checks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Checks {
    /// Mutual exclusion, after every event (a violation halts the run).
    pub safety: bool,
    /// Liveness, at deadlines until this time (`None`: not checked).
    pub liveness_until_ms: Option<TimeMs>,
}

impl Checks {
    /// Both properties, liveness until `until_ms`.
    pub fn all(until_ms: TimeMs) -> Self {
        Checks {
            safety: true,
            liveness_until_ms: Some(until_ms),
        }
    }

    /// No property: the run plays to its end whatever happens (for figures over whole runs).
    pub const NONE: Checks = Checks {
        safety: false,
        liveness_until_ms: None,
    };
}

/// The nodes of a run, in id order: lock nodes, storage, clients.
pub fn lock_nodes(settings: &LockSettings, network: &NetworkConfig) -> Vec<LockNode> {
    let layout = settings.layout();
    let service = Service::new(settings.lease_ms);
    let config = settings.client_config(network);
    let lock = |_| match settings.variant {
        Variant::Redlock => LockNode::RedlockNode(service.clone()),
        _ => LockNode::Service(service.clone()),
    };
    (0..layout.lock_nodes)
        .map(lock)
        .chain(std::iter::once(LockNode::Storage))
        .chain((0..layout.clients).map(|_| LockNode::Client(Client::new(config.clone()))))
        .collect()
}

/// Every half of `within_ms` from `within_ms` up to `until_ms`: when a liveness property with that bound is
/// checked.
fn deadlines(within_ms: TimeMs, until_ms: TimeMs) -> impl Iterator<Item = TimeMs> {
    let every_ms = (within_ms / 2).max(1);
    (1..)
        .map(move |k| within_ms + (k - 1) * every_ms)
        .take_while(move |at_ms| *at_ms <= until_ms)
}

/// A run with its nodes, clocks and the chosen properties, before any action: mutual exclusion after every
/// event, progress (and for the queue lock, every client acquiring) every half of its bound.
pub fn lock_sim(
    settings: &LockSettings,
    network: &NetworkConfig,
    seed: u64,
    checks: Checks,
) -> Sim<LockNode> {
    let layout = settings.layout();
    let mut sim = Sim::new(lock_nodes(settings, network), network.clone(), seed)
        .with_clocks(&settings.clocks());
    if checks.safety {
        sim = sim.with_invariant(MutualExclusion {
            storage: layout.storage(),
        });
    }
    if let Some(until_ms) = checks.liveness_until_ms {
        let waiting = |within_ms| Waiting {
            clients: layout.client_ids(),
            servers: layout.server_ids(),
            within_ms,
        };
        let within_ms = settings.progress_within_ms(network);
        for at_ms in deadlines(within_ms, until_ms) {
            sim = sim.with_deadline(at_ms, Progress(waiting(within_ms)));
        }
        if settings.variant == Variant::QueueLock {
            let within_ms = settings.every_client_within_ms(network);
            for at_ms in deadlines(within_ms, until_ms) {
                sim = sim.with_deadline(at_ms, EveryClientAcquires(waiting(within_ms)));
            }
        }
    }
    sim
}

static LEGEND: Legend = Legend {
    messages: &[
        LegendEntry {
            code: "get",
            role: StyleRole::Request,
        },
        LegendEntry {
            code: "value",
            role: StyleRole::Reply,
        },
        LegendEntry {
            code: "set",
            role: StyleRole::Request,
        },
        LegendEntry {
            code: "ok",
            role: StyleRole::Reply,
        },
        LegendEntry {
            code: "del",
            role: StyleRole::Request,
        },
        LegendEntry {
            code: "set-nx",
            role: StyleRole::Request,
        },
        LegendEntry {
            code: "granted",
            role: StyleRole::Positive,
        },
        LegendEntry {
            code: "busy",
            role: StyleRole::Negative,
        },
        LegendEntry {
            code: "release",
            role: StyleRole::Request,
        },
        LegendEntry {
            code: "not-owner",
            role: StyleRole::Negative,
        },
        LegendEntry {
            code: "extend",
            role: StyleRole::Request,
        },
        LegendEntry {
            code: "extended",
            role: StyleRole::Positive,
        },
        LegendEntry {
            code: "incr",
            role: StyleRole::Request,
        },
        LegendEntry {
            code: "decr",
            role: StyleRole::Request,
        },
        LegendEntry {
            code: "integer",
            role: StyleRole::Reply,
        },
        LegendEntry {
            code: "create",
            role: StyleRole::Request,
        },
        LegendEntry {
            code: "queued",
            role: StyleRole::Reply,
        },
        LegendEntry {
            code: "watch",
            role: StyleRole::Request,
        },
        LegendEntry {
            code: "notify",
            role: StyleRole::Positive,
        },
        LegendEntry {
            code: "check",
            role: StyleRole::Request,
        },
        LegendEntry {
            code: "delete",
            role: StyleRole::Request,
        },
        LegendEntry {
            code: "deleted",
            role: StyleRole::Reply,
        },
        LegendEntry {
            code: "keep-alive",
            role: StyleRole::Heartbeat,
        },
        LegendEntry {
            code: "session-expired",
            role: StyleRole::Negative,
        },
        LegendEntry {
            code: "read",
            role: StyleRole::Request,
        },
        LegendEntry {
            code: "read-ok",
            role: StyleRole::Reply,
        },
        LegendEntry {
            code: "read-rejected",
            role: StyleRole::Negative,
        },
        LegendEntry {
            code: "write",
            role: StyleRole::Request,
        },
        LegendEntry {
            code: "write-accepted",
            role: StyleRole::Positive,
        },
        LegendEntry {
            code: "write-rejected",
            role: StyleRole::Negative,
        },
    ],
    states: &[
        LegendEntry {
            code: "idle",
            role: StyleRole::Neutral,
        },
        LegendEntry {
            code: "acquiring",
            role: StyleRole::Caution,
        },
        LegendEntry {
            code: "backoff",
            role: StyleRole::Caution,
        },
        LegendEntry {
            code: "queued",
            role: StyleRole::Caution,
        },
        LegendEntry {
            code: "holding",
            role: StyleRole::Positive,
        },
        LegendEntry {
            code: "writing",
            role: StyleRole::Positive,
        },
        LegendEntry {
            code: "released",
            role: StyleRole::Neutral,
        },
        LegendEntry {
            code: "rejected",
            role: StyleRole::Negative,
        },
        LegendEntry {
            code: "lost",
            role: StyleRole::Negative,
        },
        LegendEntry {
            code: "free",
            role: StyleRole::Neutral,
        },
        LegendEntry {
            code: "locked",
            role: StyleRole::Positive,
        },
        LegendEntry {
            code: "accepted",
            role: StyleRole::Positive,
        },
    ],
    roles: &[SERVICE_ROLE, REDLOCK_NODE_ROLE, STORAGE_ROLE, CLIENT_ROLE],
    commands: &[CommandSpec {
        code: ACQUIRE_COMMAND,
        target_role: CLIENT_ROLE,
        arg_max: None,
    }],
    properties: &[MUTUAL_EXCLUSION, PROGRESS, EVERY_CLIENT_ACQUIRES],
};

/// The lock-contention panel: a lock service (or five), a storage and 2–10 clients, in nine designs.
#[derive(Clone, Copy, Debug, Default)]
pub struct LockScenario;

impl Scenario for LockScenario {
    type Protocol = LockNode;
    type Settings = LockSettings;

    fn slug(&self) -> &'static str {
        "lock"
    }

    fn legend(&self) -> &'static Legend {
        &LEGEND
    }

    fn read_settings(&self, reader: &mut SettingsReader<'_>) -> LockSettings {
        LockSettings::read(reader)
    }

    fn write_settings(&self, settings: &LockSettings, params: &mut Params) {
        settings.write(params)
    }

    fn node_count(&self, settings: &LockSettings) -> u32 {
        settings.layout().node_count()
    }

    fn roles(&self, settings: &LockSettings) -> Vec<NodeRole> {
        settings.layout().roles()
    }

    fn default_network(&self, settings: &LockSettings) -> NetworkConfig {
        preset_network(settings)
    }

    fn preset_actions(&self, settings: &LockSettings) -> Vec<ScheduledAction> {
        preset_actions(settings)
    }

    /// Both properties; liveness checked until the preset's end or an explored run's, whichever is later.
    fn build(&self, settings: &LockSettings, network: &NetworkConfig, seed: u64) -> Sim<LockNode> {
        let until_ms = preset_horizon_ms(settings).max(explore_budget(settings.variant).horizon_ms);
        lock_sim(settings, network, seed, Checks::all(until_ms))
    }

    /// The preset's length, or longer when an action comes late.
    fn horizon_ms(&self, settings: &LockSettings, actions: &[ScheduledAction]) -> TimeMs {
        let last = actions.iter().map(|a| a.at_ms).max().unwrap_or(0);
        preset_horizon_ms(settings).max(last + TAIL_MS)
    }

    /// Random crashes, pauses, partitions, message faults and (for the variants that read clocks) clock
    /// jumps. Only for looping clients: clients that wait for commands get none from the explorer (use
    /// [`LockSettings::exploring`]).
    fn explore_plan(&self, settings: &LockSettings) -> Option<ExplorePlan> {
        settings.looping.then(|| ExplorePlan {
            budget: explore_budget(settings.variant),
            runs_max: EXPLORE_RUNS_MAX,
        })
    }

    fn check_plan(&self, settings: &LockSettings) -> Option<CheckPlan> {
        super::check::plan(settings)
    }

    fn check_job(&self, settings: &LockSettings) -> Option<Box<dyn CheckJob>> {
        super::check::job(settings)
    }

    fn challenges(&self) -> &'static [crate::scenario::Challenge] {
        &super::challenges::CHALLENGES
    }
}

/// The explorer's faults for a variant: one crash, two pauses, one partition, two message-fault bursts,
/// and two clock jumps where some node reads its clock to decide. `SET NX` without expiry is searched with
/// crashes and message faults only, over longer runs: its failure is a holder that crashes and never
/// releases, which the progress property can only judge once the run has been quiet for its bound.
pub fn explore_budget(variant: Variant) -> FaultBudget {
    if variant == Variant::SetNxNoExpiry {
        return FaultBudget {
            crashes_max: 2,
            pauses_max: 0,
            partitions_max: 0,
            message_faults_max: 1,
            clock_jumps_max: 0,
            horizon_ms: 2 * EXPLORE_HORIZON_MS,
        };
    }
    FaultBudget {
        crashes_max: 1,
        pauses_max: 2,
        partitions_max: 1,
        message_faults_max: 2,
        clock_jumps_max: if variant.reads_clocks() { 2 } else { 0 },
        horizon_ms: EXPLORE_HORIZON_MS,
    }
}

impl LockSettings {
    /// These settings as the explorer should search them: clients loop, no story.
    pub fn exploring(&self) -> LockSettings {
        LockSettings {
            looping: true,
            preset: super::presets::LockPreset::Custom,
            ..*self
        }
    }
}
