//! The deterministic discrete-event simulation kernel.
//!
//! A run is (scenario, seed, actions): protocol nodes ([`Protocol`], sans-IO state machines) exchange messages
//! over a simulated network ([`NetworkConfig`]) while one-off faults ([`ScheduledAction`]) crash, pause and
//! partition them. Everything that happens is appended to a [`Trace`], which is byte-for-byte the same for
//! the same run natively and in wasm32.
//!
//! - [`Sim`] drives a run; [`Timeline`] seeks inside one; [`view_at`] / [`ViewIndex`] draw any trace;
//!   [`Explorer`] searches seeds and faults for an invariant violation.
//!
//! **Architecture Invariant:** time is virtual ([`TimeMs`]); randomness comes only from the seed; the event
//! order depends only on (time, scheduling order).
mod explore;
mod fault;
mod flight;
mod ids;
mod invariant;
mod kernel;
mod network;
mod protocol;
mod queue;
mod rng;
mod seek;
mod trace;
mod view;

pub use explore::{
    explore, random_faults, Counterexample, ExploreProgress, ExploreResult, Explorer, FaultBudget,
};
pub use fault::{FaultAction, ScheduledAction};
pub use flight::InFlight;
pub use ids::{MsgId, NodeId, TimeMs};
pub use invariant::{Invariant, NodeStatus, NodesView, Violation};
pub use kernel::Sim;
pub use network::{LinkOverride, NetworkConfig};
pub use protocol::{Effect, Io, Message, Protocol};
pub use rng::SimRng;
pub use seek::Timeline;
pub use trace::{DropReason, EventKind, Trace, TraceEvent, TRACE_SCHEMA_VERSION};
pub use view::{view_at, NodeSnapshot, TraceView, ViewIndex, VIEW_CHECKPOINT_EVERY};
