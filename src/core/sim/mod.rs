//! The deterministic discrete-event simulation kernel.
//!
//! A run is (scenario, seed, actions): protocol nodes ([`Protocol`], sans-IO state machines) exchange messages
//! over a simulated network ([`NetworkConfig`]) while scheduled [`Action`]s crash, pause and partition them,
//! step their clocks or hand them a user's [`Command`]. Everything that happens is appended to a [`Trace`]
//! (with the nodes' typed [`Note`]s beside it), byte-for-byte the same for the same run natively and in
//! wasm32.
//!
//! - [`Sim`] drives a run; [`view_at`] / [`ViewIndex`] draw any trace; [`Explorer`] searches seeds and
//!   faults for a property violation and [`shrink`]s what it finds; a [`Legend`] names what a protocol
//!   shows.
//!
//! A whole protocol, a run and a fault in a few lines:
//!
//! ```
//! use distlab_core::sim::*;
//!
//! #[derive(Clone, Debug)]
//! struct Hello;
//! impl Message for Hello {
//!     fn kind(&self) -> &'static str { "hello" }
//! }
//!
//! /// Every node greets the next one at start; greetings received are counted durably.
//! #[derive(Clone, Debug)]
//! struct Greeter;
//! impl Protocol for Greeter {
//!     type Msg = Hello;
//!     type Timer = ();
//!     type Durable = u64;
//!     type Note = Label;
//!     type Command = NoCommand;
//!     fn on_start(&mut self, io: &mut Io<'_, Self>) {
//!         let next = NodeId((io.me().0 + 1) % io.node_count());
//!         io.send(next, Hello);
//!     }
//!     fn on_message(&mut self, io: &mut Io<'_, Self>, _from: NodeId, _msg: Hello) {
//!         *io.durable() += 1;
//!         io.note(Label("greeted"));
//!     }
//!     fn on_timer(&mut self, _io: &mut Io<'_, Self>, _timer: ()) {}
//! }
//!
//! let mut sim = Sim::new(vec![Greeter, Greeter, Greeter], NetworkConfig::default(), 42);
//! sim.schedule(ScheduledAction { at_ms: 0, action: Action::Crash { node: NodeId(2) } });
//! sim.run_until(1_000);
//! // n2 crashed before n1's greeting arrived, so that one was dropped.
//! assert_eq!(*sim.view().durable(NodeId(0)), 1);
//! assert_eq!(*sim.view().durable(NodeId(2)), 0);
//! assert!(sim.trace().events.iter().any(|e| matches!(e.kind, EventKind::Drop { reason: DropReason::NodeDown, .. })));
//! // The same (scenario, seed, actions) always gives the same trace.
//! let digest = sim.digest();
//! # let mut again = Sim::new(vec![Greeter, Greeter, Greeter], NetworkConfig::default(), 42);
//! # again.schedule(ScheduledAction { at_ms: 0, action: Action::Crash { node: NodeId(2) } });
//! # again.run_until(1_000);
//! # assert_eq!(again.digest(), digest);
//! ```
//!
//! **Architecture Invariant:** time is virtual ([`TimeMs`]); randomness comes only from the seed; the event
//! order depends only on (time, scheduling order).
mod action;
mod clock;
mod engine;
mod explore;
mod flight;
mod ids;
mod invariant;
mod kernel;
mod legend;
mod network;
mod protocol;
mod queue;
mod rng;
mod trace;
mod view;

pub use action::{Action, CommandRecord, ScheduledAction};
pub use clock::{ClockSpec, DRIFT_PPM_MAX};
pub use explore::{
    explore, random_faults, shrink, Counterexample, ExploreJob, ExploreProgress, ExploreResult,
    Explorer, FaultBudget,
};
pub use flight::InFlight;
pub use ids::{MsgId, NodeId, TimeMs};
pub use invariant::{Invariant, NodeStatus, NodesView, Violation};
pub(crate) use invariant::{NodeCell, Wire};
pub use kernel::Sim;
pub use legend::{CommandSpec, Legend, LegendEntry, NodeRole, StyleRole};
pub use network::{
    LinkOverride, NetworkConfig, NetworkProblem, LATENCY_MS_MAX, LINK_OVERRIDES_MAX,
};
pub use protocol::{Command, Effect, EffectOf, Io, Label, Message, NoCommand, Note, Protocol};
pub use rng::SimRng;
pub use trace::{DropReason, EventKind, InitialState, Trace, TraceEvent, TRACE_SCHEMA_VERSION};
pub use view::{view_at, NodeSnapshot, TraceView, ViewIndex, VIEW_CHECKPOINT_EVERY};
