//! The commit panel's lessons, as data: each preset's settings, network, faults and length. Faults that must
//! land at a protocol step are given as [`CrashStep`]s and placed by [`crate::txn::crash_at_step_with`] on
//! a reference run of the preset's settings.
use super::config::Variant;
use super::crash_step::CrashStep;
use super::ids::{participant_node, ParticipantSet, CLIENT, COORDINATOR};
use crate::sim::{Action, CommandRecord, LinkOverride, NetworkConfig, ScheduledAction, TimeMs};

/// One lesson each.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TxnPreset {
    /// No faults and no lesson: the settings as chosen, for the user's own experiments.
    Custom,
    /// One transaction, every vote yes, everybody commits: 4n messages for n participants.
    AllCommit,
    /// The last participant refuses: it aborts alone, votes no, and the coordinator aborts everyone.
    OneVotesNo,
    /// The last participant crashes before voting: the coordinator's vote timeout aborts; the participant
    /// recovers knowing nothing, which presumed abort reads as abort.
    ParticipantCrashBeforeVote,
    /// The coordinator crashes once every prepare is out: the participants vote yes into the void and stay
    /// in doubt, holding their locks, until it recovers at 3 s and (no commit record: presumed abort) aborts.
    CoordinatorCrashAfterPrepare,
    /// The coordinator crashes after logging commit and before sending it: everyone in doubt until it
    /// recovers at 3 s and resends the commit; then all commit.
    CoordinatorCrashAfterLoggingCommit,
    /// Cooperative termination helps: the coordinator crashes after telling one participant; the others
    /// ask it and commit without the coordinator.
    CooperativeHelps,
    /// Cooperative termination cannot help: the coordinator crashes after logging commit, every participant
    /// is in doubt, so asking each other tells nothing; blocked until the coordinator recovers at 3 s.
    CooperativeBlocks,
    /// Three-phase commit under a coordinator crash (after one pre-commit left): the participants elect a
    /// backup and commit without it. Non-blocking.
    ThreePhaseCrash,
    /// Three-phase commit under a partition: the coordinator and participant 1 (pre-committed) on one side
    /// commit; the others, all uncertain, abort. Atomicity violated.
    ThreePhasePartition,
    /// Broken: the coordinator commits on the first yes while the last participant (on a slow link) votes
    /// no.
    BrokenEarlyCommit,
    /// Broken: the coordinator crashes after telling one participant commit; the others time out in doubt
    /// and abort alone.
    BrokenTimeoutAbort,
    /// Broken: the coordinator sends commit to one participant, crashes before logging it, and recovers
    /// into presumed abort.
    BrokenSendBeforeLog,
    /// A stream of transactions over seven participants: throughput, latency and lock waits.
    Stream,
    /// The stream, with the coordinator down from 2 s to 5 s: in-doubt participants hold their locks and
    /// the transactions behind them wait, then time out.
    StreamCoordinatorCrash,
}

/// A fault of a preset.
#[derive(Clone, Debug, PartialEq)]
pub enum PresetStep {
    /// An action at a fixed time.
    At(ScheduledAction),
    /// Crash the step's node at `step` of the first transaction, and recover it at `recover_at_ms`.
    CrashAt {
        /// Where.
        step: CrashStep,
        /// When it comes back, if it does.
        recover_at_ms: Option<TimeMs>,
    },
    /// Cut the network at `step` of the first transaction (nothing crashes): the client, the coordinator
    /// and `with_coordinator` on one side, the other participants on the other; heal at `heal_at_ms`.
    PartitionAt {
        /// Where.
        step: CrashStep,
        /// The participants on the coordinator's side.
        with_coordinator: ParticipantSet,
        /// When the network heals.
        heal_at_ms: TimeMs,
    },
}

/// What a preset sets besides its faults.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PresetSettings {
    /// Which protocol.
    pub variant: Variant,
    /// How many participants.
    pub participants: u32,
    /// A stream or one transaction.
    pub stream: bool,
    /// Chance of a no vote, in percent.
    pub vote_no_percent: u32,
}

impl TxnPreset {
    /// Every preset, in the panel's order.
    pub const ALL: [TxnPreset; 15] = [
        TxnPreset::Custom,
        TxnPreset::AllCommit,
        TxnPreset::OneVotesNo,
        TxnPreset::ParticipantCrashBeforeVote,
        TxnPreset::CoordinatorCrashAfterPrepare,
        TxnPreset::CoordinatorCrashAfterLoggingCommit,
        TxnPreset::CooperativeHelps,
        TxnPreset::CooperativeBlocks,
        TxnPreset::ThreePhaseCrash,
        TxnPreset::ThreePhasePartition,
        TxnPreset::BrokenEarlyCommit,
        TxnPreset::BrokenTimeoutAbort,
        TxnPreset::BrokenSendBeforeLog,
        TxnPreset::Stream,
        TxnPreset::StreamCoordinatorCrash,
    ];

    /// The name in links and test ids.
    pub fn code(self) -> &'static str {
        match self {
            TxnPreset::Custom => "custom",
            TxnPreset::AllCommit => "all-commit",
            TxnPreset::OneVotesNo => "one-votes-no",
            TxnPreset::ParticipantCrashBeforeVote => "participant-crash",
            TxnPreset::CoordinatorCrashAfterPrepare => "coordinator-crash-after-prepare",
            TxnPreset::CoordinatorCrashAfterLoggingCommit => "coordinator-crash-after-logging",
            TxnPreset::CooperativeHelps => "cooperative-helps",
            TxnPreset::CooperativeBlocks => "cooperative-blocks",
            TxnPreset::ThreePhaseCrash => "3pc-crash",
            TxnPreset::ThreePhasePartition => "3pc-partition",
            TxnPreset::BrokenEarlyCommit => "broken-early-commit",
            TxnPreset::BrokenTimeoutAbort => "broken-timeout-abort",
            TxnPreset::BrokenSendBeforeLog => "broken-send-before-log",
            TxnPreset::Stream => "stream",
            TxnPreset::StreamCoordinatorCrash => "stream-coordinator-crash",
        }
    }

    /// Reads [`TxnPreset::code`] back.
    pub fn from_code(code: &str) -> Option<TxnPreset> {
        TxnPreset::ALL.into_iter().find(|p| p.code() == code)
    }

    /// The settings the preset starts with (a link may change them; the faults adapt).
    pub fn settings(self) -> PresetSettings {
        let one = |variant| PresetSettings {
            variant,
            participants: 3,
            stream: false,
            vote_no_percent: 0,
        };
        match self {
            TxnPreset::Custom
            | TxnPreset::AllCommit
            | TxnPreset::OneVotesNo
            | TxnPreset::ParticipantCrashBeforeVote
            | TxnPreset::CoordinatorCrashAfterPrepare
            | TxnPreset::CoordinatorCrashAfterLoggingCommit => one(Variant::TwoPhase),
            TxnPreset::CooperativeHelps | TxnPreset::CooperativeBlocks => one(Variant::Cooperative),
            TxnPreset::ThreePhaseCrash | TxnPreset::ThreePhasePartition => one(Variant::ThreePhase),
            TxnPreset::BrokenEarlyCommit => one(Variant::CommitsWithoutAllVotes),
            TxnPreset::BrokenTimeoutAbort => one(Variant::AbortsInDoubtOnTimeout),
            TxnPreset::BrokenSendBeforeLog => one(Variant::SendsDecisionBeforeLogging),
            TxnPreset::Stream | TxnPreset::StreamCoordinatorCrash => PresetSettings {
                variant: Variant::TwoPhase,
                participants: 7,
                stream: true,
                vote_no_percent: 10,
            },
        }
    }

    /// The preset's network for a run of `participants`: a steady 20 ms on every link for the one-transaction
    /// lessons, so that their faults land at the same step whatever the seed; 10–50 ms for the custom
    /// settings and the streams.
    pub fn network(self, participants: u32) -> NetworkConfig {
        let steady = NetworkConfig {
            latency_ms_min: 20,
            latency_ms_max: 20,
            ..NetworkConfig::default()
        };
        match self {
            TxnPreset::Custom | TxnPreset::Stream | TxnPreset::StreamCoordinatorCrash => {
                NetworkConfig::default()
            }
            TxnPreset::BrokenEarlyCommit => {
                // The refusing participant is far away: its vote-no arrives after the others' yes.
                let last = participant_node(participants.saturating_sub(1));
                let slow = |from, to| LinkOverride {
                    from,
                    to,
                    latency_ms_min: 60,
                    latency_ms_max: 60,
                    loss_probability: 0.0,
                };
                NetworkConfig {
                    links: vec![slow(COORDINATOR, last), slow(last, COORDINATOR)],
                    ..steady
                }
            }
            _ => steady,
        }
    }

    /// The preset's faults for a run of `participants`.
    pub fn steps(self, participants: u32) -> Vec<PresetStep> {
        let last = participants.saturating_sub(1);
        let refuse_last = PresetStep::At(ScheduledAction {
            at_ms: 0,
            action: Action::Command {
                node: participant_node(last),
                command: CommandRecord::new("refuse"),
            },
        });
        let crash = |step, recover_at_ms| PresetStep::CrashAt {
            step,
            recover_at_ms,
        };
        match self {
            TxnPreset::Custom | TxnPreset::AllCommit | TxnPreset::Stream => Vec::new(),
            TxnPreset::OneVotesNo => vec![refuse_last],
            TxnPreset::ParticipantCrashBeforeVote => {
                vec![crash(CrashStep::ParticipantBeforeVote(last), Some(2_000))]
            }
            TxnPreset::CoordinatorCrashAfterPrepare => {
                vec![crash(CrashStep::CoordinatorAfterVotes(0), Some(3_000))]
            }
            TxnPreset::CoordinatorCrashAfterLoggingCommit | TxnPreset::CooperativeBlocks => {
                vec![crash(
                    CrashStep::CoordinatorAfterLoggingDecision,
                    Some(3_000),
                )]
            }
            TxnPreset::CooperativeHelps => vec![crash(
                CrashStep::CoordinatorAfterSendingDecision(1),
                Some(4_000),
            )],
            TxnPreset::ThreePhaseCrash => vec![crash(
                CrashStep::CoordinatorAfterSendingPreCommit(1),
                Some(5_000),
            )],
            TxnPreset::ThreePhasePartition => vec![PresetStep::PartitionAt {
                step: CrashStep::CoordinatorAfterSendingPreCommit(1),
                with_coordinator: ParticipantSet::first(1),
                heal_at_ms: 3_000,
            }],
            TxnPreset::BrokenEarlyCommit => vec![refuse_last],
            TxnPreset::BrokenTimeoutAbort => vec![crash(
                CrashStep::CoordinatorAfterSendingDecision(1),
                Some(3_000),
            )],
            TxnPreset::BrokenSendBeforeLog => vec![crash(
                CrashStep::CoordinatorAfterSendingDecision(1),
                Some(1_500),
            )],
            TxnPreset::StreamCoordinatorCrash => vec![
                PresetStep::At(ScheduledAction {
                    at_ms: 2_000,
                    action: Action::Crash { node: COORDINATOR },
                }),
                PresetStep::At(ScheduledAction {
                    at_ms: 5_000,
                    action: Action::Recover { node: COORDINATOR },
                }),
            ],
        }
    }

    /// How long the lesson runs (a custom run's length comes from its workload).
    pub fn horizon_ms(self) -> Option<TimeMs> {
        Some(match self {
            TxnPreset::Custom => return None,
            TxnPreset::AllCommit | TxnPreset::OneVotesNo => 2_000,
            TxnPreset::ParticipantCrashBeforeVote => 4_000,
            TxnPreset::CoordinatorCrashAfterPrepare
            | TxnPreset::CoordinatorCrashAfterLoggingCommit
            | TxnPreset::CooperativeBlocks
            | TxnPreset::ThreePhasePartition => 5_000,
            TxnPreset::CooperativeHelps => 6_000,
            TxnPreset::ThreePhaseCrash => 7_000,
            TxnPreset::BrokenEarlyCommit
            | TxnPreset::BrokenTimeoutAbort
            | TxnPreset::BrokenSendBeforeLog => 4_000,
            TxnPreset::Stream => 11_000,
            TxnPreset::StreamCoordinatorCrash => 14_000,
        })
    }
}

/// The partition of [`PresetStep::PartitionAt`]: client, coordinator and `with_coordinator` against the
/// other participants.
pub(crate) fn sides(
    participants: u32,
    with_coordinator: ParticipantSet,
) -> Vec<Vec<crate::sim::NodeId>> {
    let all = ParticipantSet::first(participants);
    let mut near = vec![CLIENT, COORDINATOR];
    near.extend(with_coordinator.and(all).nodes());
    let far = ParticipantSet(all.0 & !with_coordinator.0)
        .nodes()
        .collect();
    vec![near, far]
}
