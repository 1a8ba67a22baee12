//! Distributed locks under contention (issue 10's core): a lock service, 2–10 clients and a storage they
//! write to while they believe they hold the lock, in nine designs from the seeds' broken ones to the
//! correct ones, with the property that tells them apart: mutual exclusion *as the resource sees it*.
pub mod client;
mod compare;
mod message;
mod metrics;
mod node;
mod note;
mod presets;
mod properties;
mod scenario;
mod service;
mod settings;
mod storage;
mod variant;

pub use client::{Attempt, Client, ClientConfig, ClientRecord, Hold, Phase};
pub use compare::{compare_policies, PolicyFigures};
pub use message::{HoldId, LockMsg, SessionId, Ticket, WatchTarget, STORAGE_KINDS};
pub use metrics::{metrics, ClientFigures, LockMetrics};
pub use node::{LockCommand, LockDurable, LockNode, LockTimer, ACQUIRE_COMMAND};
pub use note::{Cause, ClientNote, ClientState, LockNote, ServiceChange, ServiceNote, StorageNote};
pub use presets::{preset_actions, preset_horizon_ms, preset_network, LockPreset};
pub use properties::{
    violation, EveryClientAcquires, MutualExclusion, Progress, Waiting, EVERY_CLIENT_ACQUIRES,
    MUTUAL_EXCLUSION, PROGRESS,
};
pub use scenario::{
    explore_budget, lock_nodes, lock_sim, Checks, LockScenario, EXPLORE_HORIZON_MS,
    EXPLORE_RUNS_MAX,
};
pub use service::{LockEntry, QueueEntry, Service, ServiceData, Session, WatchEntry};
pub use settings::{
    Layout, LockSettings, CLIENTS_MAX, CLIENTS_MIN, CLIENT_ROLE, DRIFT_MAX_PPM, LEASE_MS_MAX,
    LEASE_MS_MIN, PAUSE_MS_MAX, REDLOCK_NODE_ROLE, RETRY_MS_MAX, RETRY_MS_MIN, SERVICE_ROLE,
    STORAGE_ROLE, WORK_MS_MAX, WORK_MS_MIN,
};
pub use storage::{Outcome, Overlap, OverlapKind, StorageEntry, StorageLog, StorageOp};
pub use variant::{retry_cap_ms, RetryPolicy, Variant, Verdict, REDLOCK_NODES};
