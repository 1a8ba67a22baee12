//! What a protocol implements ([`Protocol`], [`Message`]) and what its handlers see ([`Io`]).
//!
//! A node is a sans-IO state machine: handlers never call the network; they push [`Effect`]s that the kernel
//! applies, in order, after the handler returns.
use super::ids::{NodeId, TimeMs};
use super::rng::SimRng;
use std::fmt::Debug;

/// A protocol's message type.
pub trait Message: Clone + Debug {
    /// Short machine name for the trace and for `data-kind` in the UI, e.g. `"ping"`, `"pong"`, `"vote-yes"`.
    fn kind(&self) -> &'static str;
    /// Human detail shown in tooltips; by default the `Debug` form.
    fn detail(&self) -> String {
        format!("{self:?}")
    }
}

/// A protocol node: a sans-IO state machine.
///
/// `self` is its VOLATILE state; durable state lives in `Self::Durable`, owned by the kernel and handed in
/// through [`Io`], so a crash can only lose what is volatile.
pub trait Protocol: Clone {
    /// The messages nodes exchange.
    type Msg: Message;
    /// Timers are identified by value: setting a timer equal to an active one replaces it.
    type Timer: Clone + Debug + PartialEq;
    /// What survives a crash (a log, a term, a counter).
    type Durable: Clone + Debug + Default;
    /// Runs once per node at time 0, in id order.
    fn on_start(&mut self, io: &mut Io<'_, Self>);
    /// Runs when a message from `from` is delivered.
    fn on_message(&mut self, io: &mut Io<'_, Self>, from: NodeId, msg: Self::Msg);
    /// Runs when a timer fires.
    fn on_timer(&mut self, io: &mut Io<'_, Self>, timer: Self::Timer);
    /// Runs after a crashed node recovers; its volatile state has been reset to the initial value.
    /// Default: `on_start`.
    fn on_recover(&mut self, io: &mut Io<'_, Self>) {
        self.on_start(io)
    }
}

/// A side effect requested by a handler; the kernel applies them in push order after the handler returns.
#[derive(Clone, Debug, PartialEq)]
pub enum Effect<M, T> {
    /// Send `msg` to `to` through the simulated network.
    Send {
        /// Receiver.
        to: NodeId,
        /// The message.
        msg: M,
    },
    /// Fire `timer` after `after_ms`, replacing an equal active timer.
    SetTimer {
        /// The timer value.
        timer: T,
        /// Delay from now.
        after_ms: TimeMs,
    },
    /// Cancel the active timer equal to `timer`, if any.
    CancelTimer {
        /// The timer value.
        timer: T,
    },
    /// Record a state change in the trace.
    Note {
        /// Short label, e.g. `"waiting"`.
        label: String,
        /// Key fields.
        fields: Vec<(String, String)>,
    },
}

/// What a handler sees (time, identity, durable state, randomness) and how it acts (the outbox).
///
/// Created by the kernel for each handler call; a handler cannot keep it.
pub struct Io<'a, P: Protocol> {
    pub(crate) now_ms: TimeMs,
    pub(crate) me: NodeId,
    pub(crate) node_count: u32,
    pub(crate) durable: &'a mut P::Durable,
    pub(crate) outbox: &'a mut Vec<Effect<P::Msg, P::Timer>>,
    pub(crate) rng: &'a mut SimRng,
}

impl<'a, P: Protocol> Io<'a, P> {
    /// The current virtual time.
    pub fn now(&self) -> TimeMs {
        self.now_ms
    }

    /// This node's id.
    pub fn me(&self) -> NodeId {
        self.me
    }

    /// How many nodes the run has (ids `0..node_count`).
    pub fn node_count(&self) -> u32 {
        self.node_count
    }

    /// This node's durable state: whatever is written here survives crashes.
    pub fn durable(&mut self) -> &mut P::Durable {
        self.durable
    }

    /// Sends `msg` to `to`; the network decides latency, loss and duplication.
    pub fn send(&mut self, to: NodeId, msg: P::Msg) {
        self.outbox.push(Effect::Send { to, msg });
    }

    /// Fires `timer` after `after_ms`; an active timer equal to `timer` is replaced.
    pub fn set_timer(&mut self, timer: P::Timer, after_ms: TimeMs) {
        self.outbox.push(Effect::SetTimer { timer, after_ms });
    }

    /// Cancels the active timer equal to `timer`; it will not fire.
    pub fn cancel_timer(&mut self, timer: &P::Timer) {
        self.outbox.push(Effect::CancelTimer {
            timer: timer.clone(),
        });
    }

    /// Records a state change in the trace: short label (e.g. `"waiting"`) and key fields.
    pub fn note(&mut self, label: impl Into<String>, fields: Vec<(String, String)>) {
        self.outbox.push(Effect::Note {
            label: label.into(),
            fields,
        });
    }

    /// A uniform draw from `0..bound` (0 when `bound` is 0), from the simulator's one RNG, so runs stay
    /// reproducible from their seed.
    pub fn random_below(&mut self, bound: u64) -> u64 {
        self.rng.below(bound)
    }
}
