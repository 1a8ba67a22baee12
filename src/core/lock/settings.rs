//! [`LockSettings`]: every knob of a lock run, their limits and their link codec, and [`Layout`]: which node
//! is which.
use super::client::ClientConfig;
use super::presets::LockPreset;
use super::variant::{retry_cap_ms, RetryPolicy, Variant};
use crate::share::{Params, SettingsReader};
use crate::sim::{ClockSpec, NetworkConfig, NodeId, NodeRole, TimeMs, DRIFT_PPM_MAX};

/// Fewest clients.
pub const CLIENTS_MIN: u32 = 2;
/// Most clients.
pub const CLIENTS_MAX: u32 = 10;
/// Shortest lease.
pub const LEASE_MS_MIN: TimeMs = 100;
/// Longest lease.
pub const LEASE_MS_MAX: TimeMs = 10_000;
/// Shortest work.
pub const WORK_MS_MIN: TimeMs = 10;
/// Longest work.
pub const WORK_MS_MAX: TimeMs = 5_000;
/// Shortest retry base interval.
pub const RETRY_MS_MIN: TimeMs = 5;
/// Longest retry base interval.
pub const RETRY_MS_MAX: TimeMs = 2_000;
/// Longest pause a preset gives (the kernel's own limit is higher).
pub const PAUSE_MS_MAX: TimeMs = 20_000;
/// Largest drift, in parts per million (the kernel's limit, ±50 %).
pub const DRIFT_MAX_PPM: u32 = DRIFT_PPM_MAX as u32;

/// What the lock panel's link carries besides seed, network and actions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LockSettings {
    /// The story: its actions and how long it runs (and, when picked, the values below).
    pub preset: LockPreset,
    /// The lock design.
    pub variant: Variant,
    /// How many clients compete.
    pub clients: u32,
    /// How a client waits after a failed attempt ([`RetryPolicy::effective`] for the variant).
    pub retry: RetryPolicy,
    /// The lease: `SET NX PX`'s ttl, Redlock's ttl, the queue's session timeout.
    pub lease_ms: TimeMs,
    /// How long a hold works between its read and its write.
    pub work_ms: TimeMs,
    /// The retry policy's base interval (the cap is sixteen of them).
    pub retry_ms: TimeMs,
    /// How long the preset's GC pause lasts.
    pub pause_ms: TimeMs,
    /// Clock drift: the lock nodes' clocks run this many parts per million fast and client 1's as much
    /// slow, so leases end early in true time and client 1 under-measures (and under-stamps) time.
    pub drift_ppm: u32,
    /// Renew single-node leases every third of the lease while holding (Redisson's watchdog).
    pub watchdog: bool,
    /// Clients start a new round after each one; otherwise they wait for an `acquire` command.
    pub looping: bool,
}

impl Default for LockSettings {
    /// The GC-pause story.
    fn default() -> Self {
        LockPreset::GcPause.settings()
    }
}

/// The values every preset starts from.
pub(super) const BASE_SETTINGS: LockSettings = LockSettings {
    preset: LockPreset::Custom,
    variant: Variant::LeaseFencing,
    clients: 3,
    retry: RetryPolicy::FullJitter,
    lease_ms: 1_000,
    work_ms: 100,
    retry_ms: 50,
    pause_ms: 1_800,
    drift_ppm: 0,
    watchdog: false,
    looping: true,
};

const SWITCH: [&str; 2] = ["off", "on"];

impl LockSettings {
    /// Which node is which.
    pub fn layout(&self) -> Layout {
        Layout {
            lock_nodes: self.variant.lock_node_count(),
            clients: self.clients,
        }
    }

    /// How long a client waits for any reply on `network`: four of the slowest one-way trips plus 50 ms, so
    /// a round trip is answered in time unless the network misbehaves.
    pub fn reply_timeout_ms(network: &NetworkConfig) -> TimeMs {
        4 * network.latency_ms_max + 50
    }

    /// What every client of the run is given.
    pub fn client_config(&self, network: &NetworkConfig) -> ClientConfig {
        let layout = self.layout();
        ClientConfig {
            variant: self.variant,
            policy: self.retry.effective(self.variant),
            lease_ms: self.lease_ms,
            work_ms: self.work_ms,
            retry_ms: self.retry_ms,
            watchdog: self.watchdog,
            looping: self.looping,
            reply_timeout_ms: Self::reply_timeout_ms(network),
            lock_nodes: layout.lock_nodes,
            storage: layout.storage(),
        }
    }

    /// Every node's clock, in id order: lock nodes fast by the drift, client 1 slow by it.
    pub fn clocks(&self) -> Vec<ClockSpec> {
        let layout = self.layout();
        let drift = self.drift_ppm.min(DRIFT_MAX_PPM) as i32;
        (0..layout.node_count())
            .map(|node| {
                let node = NodeId(node);
                if layout.is_lock_node(node) {
                    ClockSpec::drifting(drift)
                } else if node == layout.client(1) {
                    ClockSpec::drifting(-drift)
                } else {
                    ClockSpec::default()
                }
            })
            .collect()
    }

    /// One client's turn with the lock at most: its work, eight one-way trips (acquire, read, write,
    /// release) and a reply timeout.
    fn turn_ms(&self, network: &NetworkConfig) -> TimeMs {
        self.work_ms + 8 * network.latency_ms_max + Self::reply_timeout_ms(network)
    }

    /// The progress property's bound: once faults are over, some waiting client gets the lock within a
    /// stale lease (or session) running out, two of the longest backoffs and two turns.
    pub fn progress_within_ms(&self, network: &NetworkConfig) -> TimeMs {
        self.lease_ms + 2 * retry_cap_ms(self.retry_ms) + 2 * self.turn_ms(network)
    }

    /// The every-client property's bound (the queue lock): a stale session running out, a backoff, then
    /// every client ahead taking a turn, twice over.
    pub fn every_client_within_ms(&self, network: &NetworkConfig) -> TimeMs {
        self.lease_ms
            + 2 * retry_cap_ms(self.retry_ms)
            + 2 * u64::from(self.clients) * self.turn_ms(network)
    }

    /// Reads the settings: the preset first, whose values are the fallbacks of the others.
    pub fn read(reader: &mut SettingsReader<'_>) -> LockSettings {
        let presets = LockPreset::ALL.map(LockPreset::code);
        let default_preset = LockSettings::default().preset;
        let preset_index = LockPreset::ALL
            .iter()
            .position(|p| *p == default_preset)
            .unwrap_or(0);
        let preset = LockPreset::ALL[reader.choice("preset", &presets, preset_index)];
        let base = preset.settings();
        let variants = Variant::ALL.map(Variant::code);
        let variant = Variant::ALL
            [reader.choice("variant", &variants, index_of(&Variant::ALL, base.variant))];
        let policies = RetryPolicy::ALL.map(RetryPolicy::code);
        let retry = RetryPolicy::ALL
            [reader.choice("retry", &policies, index_of(&RetryPolicy::ALL, base.retry))];
        let number = |reader: &mut SettingsReader<'_>, param, min, max, fallback| {
            reader.u64_in(param, min, max, fallback)
        };
        let clients = number(
            reader,
            "clients",
            CLIENTS_MIN.into(),
            CLIENTS_MAX.into(),
            base.clients.into(),
        ) as u32;
        let lease_ms = number(reader, "lease", LEASE_MS_MIN, LEASE_MS_MAX, base.lease_ms);
        let work_ms = number(reader, "work", WORK_MS_MIN, WORK_MS_MAX, base.work_ms);
        let retry_ms = number(reader, "backoff", RETRY_MS_MIN, RETRY_MS_MAX, base.retry_ms);
        let pause_ms = number(reader, "pause", 0, PAUSE_MS_MAX, base.pause_ms);
        let drift_ppm = number(
            reader,
            "drift",
            0,
            DRIFT_MAX_PPM.into(),
            base.drift_ppm.into(),
        ) as u32;
        let watchdog = reader.choice("watchdog", &SWITCH, base.watchdog.into()) == 1;
        let looping = reader.choice("loop", &SWITCH, base.looping.into()) == 1;
        LockSettings {
            preset,
            variant,
            clients,
            retry,
            lease_ms,
            work_ms,
            retry_ms,
            pause_ms,
            drift_ppm,
            watchdog,
            looping,
        }
    }

    /// Writes the settings as [`LockSettings::read`] reads them.
    pub fn write(&self, params: &mut Params) {
        params.set("preset", Some(self.preset.code().to_string()));
        params.set("variant", Some(self.variant.code().to_string()));
        params.set("clients", Some(self.clients.to_string()));
        params.set("retry", Some(self.retry.code().to_string()));
        params.set("lease", Some(self.lease_ms.to_string()));
        params.set("work", Some(self.work_ms.to_string()));
        params.set("backoff", Some(self.retry_ms.to_string()));
        params.set("pause", Some(self.pause_ms.to_string()));
        params.set("drift", Some(self.drift_ppm.to_string()));
        params.set("watchdog", Some(SWITCH[self.watchdog as usize].to_string()));
        params.set("loop", Some(SWITCH[self.looping as usize].to_string()));
    }
}

fn index_of<T: PartialEq>(all: &[T], value: T) -> usize {
    all.iter().position(|v| *v == value).unwrap_or(0)
}

/// Which node is which: the lock nodes first (none, one, or Redlock's five), then the storage, then the
/// clients. Clients and lock nodes are numbered from 1 in the UI ("client 3").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Layout {
    /// Lock nodes: ids `0..lock_nodes`.
    pub lock_nodes: u32,
    /// Clients: the last `clients` ids.
    pub clients: u32,
}

impl Layout {
    /// Every node.
    pub fn node_count(&self) -> u32 {
        self.lock_nodes + 1 + self.clients
    }

    /// The storage.
    pub fn storage(&self) -> NodeId {
        NodeId(self.lock_nodes)
    }

    /// Client `ordinal` (from 1).
    pub fn client(&self, ordinal: u32) -> NodeId {
        NodeId(self.lock_nodes + ordinal)
    }

    /// Every client, in order.
    pub fn client_ids(&self) -> Vec<NodeId> {
        (1..=self.clients).map(|k| self.client(k)).collect()
    }

    /// The lock nodes and the storage.
    pub fn server_ids(&self) -> Vec<NodeId> {
        (0..=self.lock_nodes).map(NodeId).collect()
    }

    /// True for a lock node.
    pub fn is_lock_node(&self, node: NodeId) -> bool {
        node.0 < self.lock_nodes
    }

    /// A client's number (from 1), if the node is a client.
    pub fn client_ordinal(&self, node: NodeId) -> Option<u32> {
        (node.0 > self.lock_nodes && node.0 < self.node_count()).then(|| node.0 - self.lock_nodes)
    }

    /// Every node's role (`service`, `redlock-node`, `storage`, `client`), numbered from 1 within it.
    pub fn roles(&self) -> Vec<NodeRole> {
        let lock_role = if self.lock_nodes > 1 {
            REDLOCK_NODE_ROLE
        } else {
            SERVICE_ROLE
        };
        (0..self.node_count())
            .map(|id| {
                let node = NodeId(id);
                let (role, ordinal) = if self.is_lock_node(node) {
                    (lock_role, id + 1)
                } else if node == self.storage() {
                    (STORAGE_ROLE, 1)
                } else {
                    (CLIENT_ROLE, id - self.lock_nodes)
                };
                NodeRole {
                    node,
                    role,
                    ordinal,
                }
            })
            .collect()
    }
}

/// The single lock service's role.
pub const SERVICE_ROLE: &str = "service";
/// A Redlock node's role.
pub const REDLOCK_NODE_ROLE: &str = "redlock-node";
/// The storage's role.
pub const STORAGE_ROLE: &str = "storage";
/// A client's role.
pub const CLIENT_ROLE: &str = "client";
