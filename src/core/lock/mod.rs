//! Distributed locks under contention (issue 10's core): one lock service (or Redlock's five), a storage
//! and 2–10 clients that write to it while they believe they hold the lock, in nine designs from the seeds'
//! broken ones to the correct ones ([`Variant`]).
//!
//! - The protocol is one type, [`LockNode`], an enum of its roles (service, Redlock node, storage, client),
//!   with typed messages ([`LockMsg`], kinds named after Redis and ZooKeeper commands), typed notes
//!   ([`LockNote`]: each client's state, token, believed lease, retry timer and queue position; each lock
//!   node's holder; each storage answer), timers on each node's own clock ([`LockTimer`]) and one command
//!   ([`LockCommand::Acquire`], "client 3 acquires now").
//! - A client loops through rounds: acquire (retrying with its [`RetryPolicy`], or waiting on a queue),
//!   read the resource, work, write the value read plus one, release. Each round is a hold ([`HoldId`]).
//! - **Mutual exclusion as the resource sees it** ([`MutualExclusion`]): the storage's durable log
//!   ([`StorageLog`]) must never accept one hold's write between another hold's accepted read and its
//!   write (that write would overwrite an update its holder never saw), and with fencing accepted tokens
//!   must strictly increase. It reads only durable state, so the model checker can check it. Once faults
//!   end, [`Progress`] wants some waiting client to get the lock in time (a crashed holder that never
//!   releases breaks it), and for the queue lock, which serves in order, [`EveryClientAcquires`] wants
//!   every waiting client to.
//! - [`LockScenario`] is the panel's [`crate::scenario::Scenario`] (slug `lock`): [`LockSettings`] with
//!   limits, [`LockPreset`] stories as data, the legend, the explorer's [`explore_budget`]. [`metrics`]
//!   computes the figures from a run; [`compare_policies`] runs the backoff policies side by side.
//!
//! The GC pause, without and with a fencing token:
//!
//! ```
//! use distlab_core::lock::*;
//! use distlab_core::scenario::Scenario;
//!
//! let mut settings = LockPreset::GcPause.settings();
//! for (variant, corrupted) in [(Variant::Lease, true), (Variant::LeaseFencing, false)] {
//!     settings.variant = variant;
//!     let network = LockScenario.default_network(&settings);
//!     let mut sim = LockScenario.build(&settings, &network, 7);
//!     for action in LockScenario.preset_actions(&settings) {
//!         sim.schedule(action);
//!     }
//!     sim.run_until(LockScenario.horizon_ms(&settings, &[]));
//!     // Client 1 paused past its lease, client 2 acquired and wrote, client 1 woke and wrote.
//!     assert_eq!(sim.violation().is_some(), corrupted);
//!     let figures = metrics(sim.trace(), sim.notes());
//!     assert_eq!(figures.writes_rejected, if corrupted { 0 } else { 1 });
//! }
//! ```
//!
//! **Architecture Invariant:** a node decides only from its own clock and what it was told; no handler
//! reads another node's state. The properties read the storage's log and the run's history, never a
//! node's private belief, so "mutual exclusion" means what the resource saw.
pub mod challenges;
mod check;
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
mod timeline;
pub mod tour;
mod variant;

pub use check::{check_model, check_settings, checkable, CHECK_ATTEMPTS_MAX, CHECK_BUDGET};
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
pub use timeline::{
    timeline, Lane, LaneState, Lease, Overlap as HolderOverlap, Span, Timeline, Write,
};
pub use variant::{retry_cap_ms, RetryPolicy, Variant, Verdict, REDLOCK_NODES};
