//! The commit panel's run as the app runs it: [`TxnSettings`] and their link codec, the legend, roles,
//! presets, how long a run lasts and how the explorer searches it.
use super::config::{Timing, TxnConfig, Variant, Workload};
use super::crash_step::crash_at_step_with;
use super::ids::{
    participant_node, TxnId, CLIENT, COORDINATOR, PARTICIPANTS_MAX, PARTICIPANTS_MIN,
};
use super::node::TxnNode;
use super::presets::{sides, PresetStep, TxnPreset};
use super::properties::{Safety, Termination, PROPERTIES};
use crate::scenario::{CheckJob, CheckPlan, ExplorePlan, Scenario};
use crate::share::{Params, SettingsReader};
use crate::sim::{
    Action, CommandSpec, FaultBudget, Legend, LegendEntry, NetworkConfig, NodeRole,
    ScheduledAction, Sim, StyleRole, TimeMs,
};

/// Percent of no votes: the slider's range.
pub const VOTE_NO_PERCENT_MAX: u32 = 100;
/// The log write's range, in ms.
pub const LOG_WRITE_MS_MIN: TimeMs = 1;
/// See [`LOG_WRITE_MS_MIN`].
pub const LOG_WRITE_MS_MAX: TimeMs = 500;
/// The vote and in-doubt timeouts' range, in ms.
pub const TIMEOUT_MS_MIN: TimeMs = 100;
/// See [`TIMEOUT_MS_MIN`].
pub const TIMEOUT_MS_MAX: TimeMs = 10_000;
/// Runs go on this long after their last action (or their stream's last transaction).
const TAIL_MS: TimeMs = 4_000;
/// No run is simulated past this (a blocked participant asks every `retry_ms` for as long as it runs).
pub const HORIZON_MS_MAX: TimeMs = 60_000;
/// The first termination deadline; then one every [`TERMINATION_CHECK_EVERY_MS`] up to
/// [`HORIZON_MS_MAX`]. The explorer's runs last exactly until the first.
pub const TERMINATION_FIRST_CHECK_MS: TimeMs = 8_000;
/// See [`TERMINATION_FIRST_CHECK_MS`].
pub const TERMINATION_CHECK_EVERY_MS: TimeMs = 4_000;

/// What the commit panel's link carries besides seed, network and actions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TxnSettings {
    /// The lesson (its faults; its other settings are the defaults of the fields below).
    pub preset: TxnPreset,
    /// Which protocol.
    pub variant: Variant,
    /// How many participants (2..=7).
    pub participants: u32,
    /// A stream of transactions, or one.
    pub stream: bool,
    /// Chance of a no vote, in percent.
    pub vote_no_percent: u32,
    /// The log's write (fsync) time.
    pub log_write_ms: TimeMs,
    /// How long the coordinator waits for votes.
    pub vote_timeout_ms: TimeMs,
    /// How long an in-doubt participant waits before asking (three-phase: before terminating).
    pub in_doubt_timeout_ms: TimeMs,
}

impl Default for TxnSettings {
    fn default() -> Self {
        TxnSettings::of_preset(TxnPreset::AllCommit)
    }
}

impl TxnSettings {
    /// A preset with its own settings and the default timing.
    pub fn of_preset(preset: TxnPreset) -> Self {
        let own = preset.settings();
        let timing = Timing::default();
        TxnSettings {
            preset,
            variant: own.variant,
            participants: own.participants,
            stream: own.stream,
            vote_no_percent: own.vote_no_percent,
            log_write_ms: timing.log_write_ms,
            vote_timeout_ms: timing.vote_timeout_ms,
            in_doubt_timeout_ms: timing.in_doubt_timeout_ms,
        }
    }

    /// The nodes' configuration these stand for.
    pub fn config(&self) -> TxnConfig {
        TxnConfig {
            variant: self.variant,
            participants: self.participants.clamp(PARTICIPANTS_MIN, PARTICIPANTS_MAX),
            timing: Timing {
                log_write_ms: self.log_write_ms,
                vote_timeout_ms: self.vote_timeout_ms,
                in_doubt_timeout_ms: self.in_doubt_timeout_ms,
                ..Timing::default()
            },
            workload: Workload {
                stream: self.stream,
                ..Workload::default()
            },
            vote_no_percent: self.vote_no_percent.min(VOTE_NO_PERCENT_MAX),
        }
    }
}

static LEGEND: Legend = Legend {
    messages: &[
        LegendEntry {
            code: "begin",
            role: StyleRole::Request,
        },
        LegendEntry {
            code: "prepare",
            role: StyleRole::Request,
        },
        LegendEntry {
            code: "vote-yes",
            role: StyleRole::Positive,
        },
        LegendEntry {
            code: "vote-no",
            role: StyleRole::Negative,
        },
        LegendEntry {
            code: "pre-commit",
            role: StyleRole::Caution,
        },
        LegendEntry {
            code: "commit",
            role: StyleRole::Positive,
        },
        LegendEntry {
            code: "abort",
            role: StyleRole::Negative,
        },
        LegendEntry {
            code: "ack",
            role: StyleRole::Reply,
        },
        LegendEntry {
            code: "decision-query",
            role: StyleRole::Request,
        },
        LegendEntry {
            code: "decision-reply",
            role: StyleRole::Neutral,
        },
    ],
    states: &[
        LegendEntry {
            code: "idle",
            role: StyleRole::Neutral,
        },
        LegendEntry {
            code: "working",
            role: StyleRole::Request,
        },
        LegendEntry {
            code: "in-doubt",
            role: StyleRole::Caution,
        },
        LegendEntry {
            code: "pre-committed",
            role: StyleRole::Caution,
        },
        LegendEntry {
            code: "committed",
            role: StyleRole::Positive,
        },
        LegendEntry {
            code: "aborted",
            role: StyleRole::Negative,
        },
    ],
    roles: &["client", "coordinator", "participant"],
    commands: &[
        CommandSpec {
            code: "begin",
            target_role: "client",
            arg_max: Some(127),
        },
        CommandSpec {
            code: "stream",
            target_role: "client",
            arg_max: Some(1),
        },
        CommandSpec {
            code: "refuse",
            target_role: "participant",
            arg_max: None,
        },
    ],
    properties: &PROPERTIES,
};

/// A run of `config`'s nodes with what [`TxnScenario::build`] adds: the three safety invariants ([`Safety`]) after every
/// event and the termination property at [`TERMINATION_FIRST_CHECK_MS`], then every
/// [`TERMINATION_CHECK_EVERY_MS`]. For tests and benchmarks that want a workload the settings do not offer.
pub fn build_sim(config: &TxnConfig, network: &NetworkConfig, seed: u64) -> Sim<TxnNode> {
    let mut sim = Sim::new(TxnNode::all(*config), network.clone(), seed).with_invariant(Safety);
    let mut at_ms = TERMINATION_FIRST_CHECK_MS;
    while at_ms <= HORIZON_MS_MAX {
        sim = sim.with_deadline(at_ms, Termination::default());
        at_ms += TERMINATION_CHECK_EVERY_MS;
    }
    sim
}

/// Two-phase commit and its variants: a client, a coordinator and 2–7 participants.
#[derive(Clone, Copy, Debug, Default)]
pub struct TxnScenario;

impl Scenario for TxnScenario {
    type Protocol = TxnNode;
    type Settings = TxnSettings;

    fn slug(&self) -> &'static str {
        "2pc"
    }

    fn legend(&self) -> &'static Legend {
        &LEGEND
    }

    /// Reads `preset` first; every other setting falls back to the preset's own.
    fn read_settings(&self, reader: &mut SettingsReader<'_>) -> TxnSettings {
        let presets = TxnPreset::ALL.map(TxnPreset::code);
        let default_preset = TxnPreset::ALL
            .iter()
            .position(|p| *p == TxnPreset::AllCommit)
            .unwrap_or(0);
        let preset = TxnPreset::ALL[reader.choice("preset", &presets, default_preset)];
        let base = TxnSettings::of_preset(preset);
        let variants = Variant::ALL.map(Variant::code);
        let base_variant = Variant::ALL
            .iter()
            .position(|v| *v == base.variant)
            .unwrap_or(0);
        let variant = Variant::ALL[reader.choice("variant", &variants, base_variant)];
        let participants = reader.u64_in(
            "participants",
            PARTICIPANTS_MIN.into(),
            PARTICIPANTS_MAX.into(),
            base.participants.into(),
        ) as u32;
        let stream = reader.choice("stream", &["off", "on"], usize::from(base.stream)) == 1;
        let vote_no_percent = reader.u64_in(
            "vote-no",
            0,
            VOTE_NO_PERCENT_MAX.into(),
            base.vote_no_percent.into(),
        ) as u32;
        let log_write_ms = reader.u64_in(
            "log-write",
            LOG_WRITE_MS_MIN,
            LOG_WRITE_MS_MAX,
            base.log_write_ms,
        );
        let vote_timeout_ms = reader.u64_in(
            "vote-timeout",
            TIMEOUT_MS_MIN,
            TIMEOUT_MS_MAX,
            base.vote_timeout_ms,
        );
        let in_doubt_timeout_ms = reader.u64_in(
            "doubt-timeout",
            TIMEOUT_MS_MIN,
            TIMEOUT_MS_MAX,
            base.in_doubt_timeout_ms,
        );
        TxnSettings {
            preset,
            variant,
            participants,
            stream,
            vote_no_percent,
            log_write_ms,
            vote_timeout_ms,
            in_doubt_timeout_ms,
        }
    }

    fn write_settings(&self, settings: &TxnSettings, params: &mut Params) {
        params.set("preset", Some(settings.preset.code().to_string()));
        params.set("variant", Some(settings.variant.code().to_string()));
        params.set("participants", Some(settings.participants.to_string()));
        let stream = if settings.stream { "on" } else { "off" };
        params.set("stream", Some(stream.to_string()));
        params.set("vote-no", Some(settings.vote_no_percent.to_string()));
        params.set("log-write", Some(settings.log_write_ms.to_string()));
        params.set("vote-timeout", Some(settings.vote_timeout_ms.to_string()));
        params.set(
            "doubt-timeout",
            Some(settings.in_doubt_timeout_ms.to_string()),
        );
    }

    /// Client, coordinator, participants.
    fn node_count(&self, settings: &TxnSettings) -> u32 {
        2 + settings.config().participants
    }

    /// `client 1`, `coordinator 1`, `participant 1..n` (participant `i` of the code is `participant i+1`).
    fn roles(&self, settings: &TxnSettings) -> Vec<NodeRole> {
        let mut roles = vec![
            NodeRole {
                node: CLIENT,
                role: "client",
                ordinal: 1,
            },
            NodeRole {
                node: COORDINATOR,
                role: "coordinator",
                ordinal: 1,
            },
        ];
        roles.extend((0..settings.config().participants).map(|i| NodeRole {
            node: participant_node(i),
            role: "participant",
            ordinal: i + 1,
        }));
        roles
    }

    fn default_network(&self, settings: &TxnSettings) -> NetworkConfig {
        settings.preset.network(settings.config().participants)
    }

    /// The preset's faults, placed at their protocol steps on a reference run of these settings (seed 0,
    /// the preset's network). A step this run never reaches is left out.
    fn preset_actions(&self, settings: &TxnSettings) -> Vec<ScheduledAction> {
        let participants = settings.config().participants;
        let network = self.default_network(settings);
        let steps = settings.preset.steps(participants);
        let mut actions: Vec<ScheduledAction> = steps
            .iter()
            .filter_map(|step| match step {
                PresetStep::At(action) => Some(action.clone()),
                _ => None,
            })
            .collect();
        for step in &steps {
            match step {
                PresetStep::At(_) => {}
                PresetStep::CrashAt {
                    step,
                    recover_at_ms,
                } => {
                    let Some(crash) =
                        crash_at_step_with(settings, &network, 0, &actions, TxnId(1), *step)
                    else {
                        continue;
                    };
                    actions.push(crash);
                    if let Some(at_ms) = recover_at_ms {
                        actions.push(ScheduledAction {
                            at_ms: *at_ms,
                            action: Action::Recover { node: step.node() },
                        });
                    }
                }
                PresetStep::PartitionAt {
                    step,
                    with_coordinator,
                    heal_at_ms,
                } => {
                    let Some(at_ms) = super::crash_step::step_instant(
                        settings,
                        &network,
                        0,
                        &actions,
                        TxnId(1),
                        *step,
                    ) else {
                        continue;
                    };
                    actions.push(ScheduledAction {
                        at_ms,
                        action: Action::Partition {
                            groups: sides(participants, *with_coordinator),
                        },
                    });
                    actions.push(ScheduledAction {
                        at_ms: *heal_at_ms,
                        action: Action::Heal,
                    });
                }
            }
        }
        actions
    }

    /// Every node of the run with the three safety invariants and the termination deadlines.
    fn build(&self, settings: &TxnSettings, network: &NetworkConfig, seed: u64) -> Sim<TxnNode> {
        build_sim(&settings.config(), network, seed)
    }

    /// The preset's length (a custom run: its workload's), or longer when an action comes late; at most
    /// [`HORIZON_MS_MAX`].
    fn horizon_ms(&self, settings: &TxnSettings, actions: &[ScheduledAction]) -> TimeMs {
        let workload = settings.config().workload;
        let own_ms = settings.preset.horizon_ms().unwrap_or_else(|| {
            let stream_ms = if workload.stream {
                workload.stream_every_ms * u64::from(workload.stream_txns)
            } else {
                0
            };
            workload.first_begin_ms + stream_ms + TAIL_MS
        });
        let last_ms = actions.iter().map(|a| a.at_ms).max().unwrap_or(0);
        own_ms
            .max(last_ms.saturating_add(TAIL_MS))
            .min(HORIZON_MS_MAX)
    }

    /// Crashes, a pause, a partition and message faults (loss, duplication, slow links) for two-phase
    /// variants; for three-phase commit crashes and partitions only (message loss breaks its synchrony
    /// assumption just as a partition does, and the partition is the lesson). Each run lasts until the
    /// first termination deadline.
    /// Every variant has a check: atomicity and validity over every state of a small configuration
    /// ([`super::check::panel_check`]), with the states where a participant is blocked in doubt counted.
    fn check_plan(&self, settings: &TxnSettings) -> Option<CheckPlan> {
        Some(super::check::plan(settings))
    }

    fn check_job(&self, settings: &TxnSettings) -> Option<Box<dyn CheckJob>> {
        Some(super::check::job(settings))
    }

    fn challenges(&self) -> &'static [crate::scenario::Challenge] {
        &super::challenges::CHALLENGES
    }

    fn explore_plan(&self, settings: &TxnSettings) -> Option<ExplorePlan> {
        let three_phase = settings.variant == Variant::ThreePhase;
        Some(ExplorePlan {
            budget: FaultBudget {
                crashes_max: 2,
                pauses_max: if three_phase { 0 } else { 1 },
                partitions_max: 1,
                message_faults_max: if three_phase { 0 } else { 2 },
                clock_jumps_max: 0,
                horizon_ms: TERMINATION_FIRST_CHECK_MS,
            },
            runs_max: 5_000,
        })
    }
}
