//! The lock panel's stories, as data: each preset's settings, network, actions and length. The teaching
//! text comes with the UI; each preset's test in `tests/lock_presets.rs` holds what that text will promise.
//!
//! Stories that need an exact order of events give their clients commands ("client 2 acquires now") and a
//! network whose latency is 20–40 ms, so every seed tells the same story; the contention presets let the
//! clients loop.
use super::settings::{LockSettings, BASE_SETTINGS};
use super::variant::{RetryPolicy, Variant};
use crate::sim::{
    Action, CommandRecord, LinkOverride, NetworkConfig, NodeId, ScheduledAction, TimeMs,
};
use serde::Serialize;

/// One story each.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum LockPreset {
    /// Check-then-set: clients 1 and 2 ask at the same instant, both read "empty", both hold.
    CheckThenSet,
    /// Seed 001's timestamp version: client 1's clock runs 20 % slow, so at 2.15 s its timestamp is
    /// smaller than client 2's, stored at 2 s: "the smaller version wins" and both hold.
    TimestampSkew,
    /// Seed 004's process-local lock: both clients get "the" lock at once.
    LocalLock,
    /// `SET NX` without expiry: client 1 crashes while holding; clients 2 and 3 wait forever.
    NoExpiryCrash,
    /// The GC pause: client 1 pauses past its lease, client 2 acquires and writes, client 1 wakes and
    /// writes. Corrupts the storage with the plain lease; with fencing (the same actions) the late write is
    /// rejected.
    GcPause,
    /// The GC pause with a fencing token: client 1's late write is rejected.
    GcPauseFencing,
    /// The watchdog renews the lease through a long hold, but a pause stops the renewals too: the lease
    /// lapses, client 2 acquires, client 1 wakes and writes.
    WatchdogPause,
    /// Kleppmann's first Redlock story: client 1 gets nodes 1–3 (4 and 5 unreachable), node 3's clock jumps
    /// forward and its lease ends, client 2 gets nodes 3–5 (1 and 2 unreachable): both hold.
    RedlockClockJump,
    /// Kleppmann's second Redlock story: the GC pause, with five nodes.
    RedlockPause,
    /// The queue lock under contention: one notification per handover.
    Queue,
    /// Everyone watching the lock: every handover wakes every waiter.
    Herd,
    /// Eight clients on the fenced lease; compare the backoff policies.
    Contention,
    /// No story: the settings as given, no actions.
    Custom,
}

impl LockPreset {
    /// Every preset, in the panel's order.
    pub const ALL: [LockPreset; 13] = [
        LockPreset::CheckThenSet,
        LockPreset::TimestampSkew,
        LockPreset::LocalLock,
        LockPreset::NoExpiryCrash,
        LockPreset::GcPause,
        LockPreset::GcPauseFencing,
        LockPreset::WatchdogPause,
        LockPreset::RedlockClockJump,
        LockPreset::RedlockPause,
        LockPreset::Queue,
        LockPreset::Herd,
        LockPreset::Contention,
        LockPreset::Custom,
    ];

    /// The link's word for it.
    pub fn code(self) -> &'static str {
        match self {
            LockPreset::CheckThenSet => "check-then-set",
            LockPreset::TimestampSkew => "timestamp-skew",
            LockPreset::LocalLock => "local-lock",
            LockPreset::NoExpiryCrash => "no-expiry-crash",
            LockPreset::GcPause => "gc-pause",
            LockPreset::GcPauseFencing => "gc-pause-fencing",
            LockPreset::WatchdogPause => "watchdog-pause",
            LockPreset::RedlockClockJump => "redlock-clock-jump",
            LockPreset::RedlockPause => "redlock-pause",
            LockPreset::Queue => "queue",
            LockPreset::Herd => "herd",
            LockPreset::Contention => "contention",
            LockPreset::Custom => "custom",
        }
    }

    /// Reads [`LockPreset::code`] back.
    pub fn from_code(code: &str) -> Option<LockPreset> {
        LockPreset::ALL.into_iter().find(|p| p.code() == code)
    }

    /// The preset whose story each variant is shown with.
    pub fn for_variant(variant: Variant) -> LockPreset {
        match variant {
            Variant::CheckThenSet => LockPreset::CheckThenSet,
            Variant::CounterTimestamp => LockPreset::TimestampSkew,
            Variant::LocalHash => LockPreset::LocalLock,
            Variant::SetNxNoExpiry => LockPreset::NoExpiryCrash,
            Variant::Lease => LockPreset::GcPause,
            Variant::LeaseFencing => LockPreset::GcPauseFencing,
            Variant::Redlock => LockPreset::RedlockClockJump,
            Variant::QueueLock => LockPreset::Queue,
            Variant::QueueHerd => LockPreset::Herd,
        }
    }

    /// The settings the panel switches to when the preset is picked.
    pub fn settings(self) -> LockSettings {
        let story = LockSettings {
            preset: self,
            clients: 2,
            looping: false,
            work_ms: 400,
            ..BASE_SETTINGS
        };
        match self {
            LockPreset::CheckThenSet => LockSettings {
                variant: Variant::CheckThenSet,
                work_ms: 300,
                ..story
            },
            LockPreset::TimestampSkew => LockSettings {
                variant: Variant::CounterTimestamp,
                work_ms: 600,
                drift_ppm: 200_000,
                ..story
            },
            LockPreset::LocalLock => LockSettings {
                variant: Variant::LocalHash,
                work_ms: 300,
                ..story
            },
            LockPreset::NoExpiryCrash => LockSettings {
                variant: Variant::SetNxNoExpiry,
                clients: 3,
                work_ms: 300,
                ..story
            },
            LockPreset::GcPause => LockSettings {
                variant: Variant::Lease,
                ..story
            },
            LockPreset::GcPauseFencing => LockSettings {
                variant: Variant::LeaseFencing,
                ..story
            },
            LockPreset::WatchdogPause => LockSettings {
                variant: Variant::Lease,
                watchdog: true,
                work_ms: 2_500,
                pause_ms: 2_500,
                ..story
            },
            LockPreset::RedlockClockJump => LockSettings {
                variant: Variant::Redlock,
                lease_ms: 2_000,
                ..story
            },
            LockPreset::RedlockPause => LockSettings {
                variant: Variant::Redlock,
                ..story
            },
            LockPreset::Queue => LockSettings {
                preset: self,
                variant: Variant::QueueLock,
                clients: 6,
                retry: RetryPolicy::Queue,
                ..BASE_SETTINGS
            },
            LockPreset::Herd => LockSettings {
                preset: self,
                variant: Variant::QueueHerd,
                clients: 6,
                retry: RetryPolicy::Queue,
                ..BASE_SETTINGS
            },
            LockPreset::Contention => LockSettings {
                preset: self,
                clients: 8,
                ..BASE_SETTINGS
            },
            LockPreset::Custom => BASE_SETTINGS,
        }
    }
}

/// The network a story starts with.
pub fn preset_network(settings: &LockSettings) -> NetworkConfig {
    let story = NetworkConfig {
        latency_ms_min: 20,
        latency_ms_max: 40,
        ..NetworkConfig::default()
    };
    match settings.preset {
        LockPreset::Queue | LockPreset::Herd | LockPreset::Contention | LockPreset::Custom => {
            NetworkConfig::default()
        }
        LockPreset::RedlockClockJump => {
            let layout = settings.layout();
            // Client 1 cannot reach nodes 4 and 5; client 2 cannot reach nodes 1 and 2.
            let cut = |client: NodeId, nodes: [u32; 2]| {
                nodes.into_iter().flat_map(move |node| {
                    let node = NodeId(node);
                    [(client, node), (node, client)]
                })
            };
            let links = cut(layout.client(1), [3, 4])
                .chain(cut(layout.client(2), [0, 1]))
                .filter(|(from, to)| from.0 < layout.node_count() && to.0 < layout.node_count())
                .map(|(from, to)| LinkOverride {
                    from,
                    to,
                    latency_ms_min: story.latency_ms_min,
                    latency_ms_max: story.latency_ms_max,
                    loss_probability: 1.0,
                })
                .collect();
            NetworkConfig { links, ..story }
        }
        _ => story,
    }
}

fn at(at_ms: TimeMs, action: Action) -> ScheduledAction {
    ScheduledAction { at_ms, action }
}

fn acquire(settings: &LockSettings, client: u32, at_ms: TimeMs) -> ScheduledAction {
    at(
        at_ms,
        Action::Command {
            node: settings.layout().client(client),
            command: CommandRecord::new(super::node::ACQUIRE_COMMAND),
        },
    )
}

/// The story's actions for these settings (the pause and the second client's turn follow the lease and
/// pause settings; clients past the run's count are left out).
pub fn preset_actions(settings: &LockSettings) -> Vec<ScheduledAction> {
    let layout = settings.layout();
    let client = |k| layout.client(k);
    let gc_pause = || {
        vec![
            acquire(settings, 1, 0),
            at(
                200,
                Action::Pause {
                    node: client(1),
                    duration_ms: settings.pause_ms,
                },
            ),
            acquire(settings, 2, settings.lease_ms + 150),
        ]
    };
    let mut actions = match settings.preset {
        LockPreset::CheckThenSet => vec![acquire(settings, 1, 0), acquire(settings, 2, 0)],
        LockPreset::TimestampSkew => vec![acquire(settings, 2, 2_000), acquire(settings, 1, 2_150)],
        LockPreset::LocalLock => vec![acquire(settings, 1, 0), acquire(settings, 2, 50)],
        LockPreset::NoExpiryCrash => vec![
            acquire(settings, 1, 0),
            at(150, Action::Crash { node: client(1) }),
            acquire(settings, 2, 300),
            acquire(settings, 3, 350),
            at(400, Action::Recover { node: client(1) }),
        ],
        LockPreset::GcPause | LockPreset::GcPauseFencing | LockPreset::RedlockPause => gc_pause(),
        LockPreset::WatchdogPause => vec![
            acquire(settings, 1, 0),
            at(
                1_200,
                Action::Pause {
                    node: client(1),
                    duration_ms: settings.pause_ms,
                },
            ),
            acquire(settings, 2, 1_500),
        ],
        LockPreset::RedlockClockJump => vec![
            acquire(settings, 1, 0),
            at(
                300,
                Action::ClockJump {
                    node: NodeId(2),
                    jump_ms: settings.lease_ms as i64,
                },
            ),
            acquire(settings, 2, 350),
        ],
        LockPreset::Queue | LockPreset::Herd | LockPreset::Contention | LockPreset::Custom => {
            Vec::new()
        }
    };
    let node_count = layout.node_count();
    actions.retain(|a| a.action.node().is_none_or(|node| node.0 < node_count));
    actions
}

/// How long the story runs: long enough for its end to play out (the no-expiry story until the liveness
/// property has had its say).
pub fn preset_horizon_ms(settings: &LockSettings) -> TimeMs {
    let network = preset_network(settings);
    match settings.preset {
        LockPreset::CheckThenSet | LockPreset::LocalLock => 2_000,
        LockPreset::TimestampSkew => 5_000,
        LockPreset::NoExpiryCrash => 400 + settings.progress_within_ms(&network) * 3 / 2 + 500,
        LockPreset::GcPause | LockPreset::GcPauseFencing | LockPreset::RedlockPause => {
            (200 + settings.pause_ms + 1_500).max(settings.lease_ms + 2_000)
        }
        LockPreset::WatchdogPause => 1_200 + settings.pause_ms + settings.work_ms + 1_000,
        LockPreset::RedlockClockJump => 3_000,
        LockPreset::Queue | LockPreset::Herd => 6_000,
        LockPreset::Contention | LockPreset::Custom => 10_000,
    }
}
