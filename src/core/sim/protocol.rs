//! What a protocol implements ([`Protocol`], [`Message`], [`Note`], [`Command`]) and what its handlers see
//! ([`Io`]).
//!
//! A node is a sans-IO state machine: handlers never call the network or read a clock; they are handed the
//! node's own clock reading and push [`Effect`]s that the kernel applies, in order, after the handler
//! returns. The same handlers run in the simulator ([`crate::sim::Sim`]) and, untimed, in the model checker.
use super::action::CommandRecord;
use super::ids::{NodeId, TimeMs};
use super::rng::SimRng;
use serde::Serialize;
use std::fmt::Debug;
use std::hash::Hash;

/// A protocol's message type.
pub trait Message: Clone + Debug {
    /// Short machine name for the trace and for `data-kind` in the UI, e.g. `"ping"`, `"pong"`, `"vote-yes"`:
    /// one of the message kinds of the protocol's [`crate::sim::Legend`].
    fn kind(&self) -> &'static str;
    /// Detail for tooltips and the trace (numbers and names, no sentences: the UI speaks two languages); by
    /// default the `Debug` form.
    fn detail(&self) -> String {
        format!("{self:?}")
    }
}

/// What a node reports about itself when its state changes: a typed value kept in the run's notes (the
/// trace's `State` event points at it), so figures and drawings read fields, never text parsed back.
pub trait Note: Clone + Debug + PartialEq + Hash {
    /// The node's state as one of the state codes of the protocol's legend (`"idle"`, `"in-doubt"`): what the
    /// shared views (node colour, sequence-diagram labels, event log) show without knowing the protocol.
    fn state(&self) -> &'static str;
}

/// A note that is only a state code, for protocols (and tests) with nothing more to say.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct Label(pub &'static str);

impl Note for Label {
    fn state(&self) -> &'static str {
        self.0
    }
}

/// A request a user can send to a node while a run plays ("client 2 acquires now", "begin a transaction").
///
/// In a run's action list (and so in share links and run files) a command travels as a [`CommandRecord`],
/// a legend code and an optional number; the protocol turns it into its own type here, at the boundary.
pub trait Command: Clone + Debug + PartialEq {
    /// The record that stands for this command in a run's actions.
    fn to_record(&self) -> CommandRecord;
    /// The command a record stands for, or `None` if this protocol has no such command (it is then ignored,
    /// like a fault naming an unknown node).
    fn from_record(record: &CommandRecord) -> Option<Self>;
}

/// The command type of protocols that take none.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NoCommand {}

impl Command for NoCommand {
    fn to_record(&self) -> CommandRecord {
        match *self {}
    }

    fn from_record(_: &CommandRecord) -> Option<Self> {
        None
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
    /// What a node reports about its state ([`Io::note`]).
    type Note: Note;
    /// What a user can ask a node to do ([`NoCommand`] when nothing).
    type Command: Command;
    /// What the node shows before it has started, if anything: the picture at event 0, so a panel can draw
    /// its nodes (an idle participant, an empty log) before the first event rather than blank cards.
    fn initial_note(&self) -> Option<Self::Note> {
        None
    }
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
    /// Runs when a user's command reaches this node. Default: ignored.
    fn on_command(&mut self, io: &mut Io<'_, Self>, command: Self::Command) {
        let _ = (io, command);
    }
}

/// A side effect requested by a handler; the kernel applies them in push order after the handler returns.
#[derive(Clone, Debug, PartialEq)]
pub enum Effect<M, T, N> {
    /// Send `msg` to `to` through the simulated network.
    Send {
        /// Receiver.
        to: NodeId,
        /// The message.
        msg: M,
    },
    /// Fire `timer` once this node's own clock has advanced by `after_ms`, replacing an equal active timer.
    SetTimer {
        /// The timer value.
        timer: T,
        /// Delay from now, on the node's clock.
        after_ms: TimeMs,
    },
    /// Cancel the active timer equal to `timer`, if any.
    CancelTimer {
        /// The timer value.
        timer: T,
    },
    /// Record a state change in the trace.
    Note(N),
}

/// The effects a handler of protocol `P` pushes.
pub type EffectOf<P> = Effect<<P as Protocol>::Msg, <P as Protocol>::Timer, <P as Protocol>::Note>;

/// What a handler sees (its clock, identity, durable state, randomness) and how it acts (the outbox).
///
/// Created by the kernel (or the model checker) for each handler call; a handler cannot keep it.
pub struct Io<'a, P: Protocol> {
    pub(crate) clock_ms: TimeMs,
    pub(crate) me: NodeId,
    pub(crate) node_count: u32,
    pub(crate) durable: &'a mut P::Durable,
    pub(crate) outbox: &'a mut Vec<EffectOf<P>>,
    /// The simulator's one RNG; `None` in the untimed model checker, where every draw is 0.
    pub(crate) rng: Option<&'a mut SimRng>,
}

impl<'a, P: Protocol> Io<'a, P> {
    /// The `Io` of the untimed model checker ([`crate::check`]): its clock always reads 0 and every random
    /// draw is 0, so a protocol whose behaviour depends on time or randomness is checked as if both stood
    /// still.
    pub(crate) fn untimed(
        me: NodeId,
        node_count: u32,
        durable: &'a mut P::Durable,
        outbox: &'a mut Vec<EffectOf<P>>,
    ) -> Self {
        Io {
            clock_ms: 0,
            me,
            node_count,
            durable,
            outbox,
            rng: None,
        }
    }

    /// This node's own clock: virtual time as the node's drifting, jumpable clock shows it (see
    /// [`crate::sim::ClockSpec`]). Exact unless the run gives the node a drift or a clock jump. Always 0 in
    /// the model checker, which is untimed.
    pub fn clock_ms(&self) -> TimeMs {
        self.clock_ms
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

    /// Fires `timer` once this node's clock has advanced by `after_ms`; an active timer equal to `timer` is
    /// replaced.
    pub fn set_timer(&mut self, timer: P::Timer, after_ms: TimeMs) {
        self.outbox.push(Effect::SetTimer { timer, after_ms });
    }

    /// Cancels the active timer equal to `timer`; it will not fire.
    pub fn cancel_timer(&mut self, timer: &P::Timer) {
        self.outbox.push(Effect::CancelTimer {
            timer: timer.clone(),
        });
    }

    /// Records a state change in the trace.
    pub fn note(&mut self, note: P::Note) {
        self.outbox.push(Effect::Note(note));
    }

    /// A uniform draw from `0..bound` (0 when `bound` is 0), from the simulator's one RNG, so runs stay
    /// reproducible from their seed. Always 0 in the model checker, which explores choices as steps, not as
    /// random draws.
    pub fn random_below(&mut self, bound: u64) -> u64 {
        match &mut self.rng {
            Some(rng) => rng.below(bound),
            None => 0,
        }
    }
}
