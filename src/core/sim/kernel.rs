//! [`Sim`]: the deterministic discrete-event kernel that runs protocol nodes over a simulated network.
//!
//! A run is two halves: this one, generic over the protocol (the nodes' typed state, message payloads,
//! timer values, notes, the handler calls and the properties), and the [`Engine`], which is not (the queue,
//! statuses, clocks, pauses, faults, partitions, the network's draws and the trace). The split keeps the
//! code compiled once per protocol small.
use super::action::ScheduledAction;
use super::clock::ClockSpec;
use super::engine::{visible_digest, Call, Engine, Sent, Work};
use super::flight::InFlight;
use super::ids::{NodeId, TimeMs};
use super::invariant::{Invariant, NodeCell, NodesView, Violation, Wire};
use super::network::NetworkConfig;
use super::protocol::{Command, Effect, EffectOf, Io, Message, Note, Protocol};
use super::trace::{EventKind, Trace};
use std::rc::Rc;

/// The simulator: nodes, network, event queue, one RNG and the trace.
///
/// How to drive it: build with [`Sim::new`] (then [`Sim::with_invariant`], [`Sim::with_deadline`],
/// [`Sim::with_clocks`]), add faults and commands with [`Sim::schedule`], then advance with [`Sim::step`],
/// [`Sim::run_steps`] or [`Sim::run_until`]. Read results with [`Sim::trace`], [`Sim::notes`],
/// [`Sim::view`], [`Sim::in_flight`] and [`Sim::violation`]. Cloning a `Sim` is a snapshot: the clone
/// continues exactly as the original would.
///
/// A manual network ([`Action::ManualNetwork`], usually the first action at 0 ms) holds every message until
/// an [`Action::Deliver`] and every timer until an [`Action::FireTimer`], and draws no latency, loss or
/// duplication: the run is then a list of steps, as a model checker's counterexample is. Without that
/// action nothing changes: every trace is what it was before manual networks existed.
///
/// Odd inputs never panic: actions naming unknown nodes are ignored; sends to unknown nodes are recorded and
/// dropped as `node-down`; reversed latency ranges are swapped; probabilities outside 0..=1 act as 0 or 1.
#[derive(Clone)]
pub struct Sim<P: Protocol> {
    engine: Engine,
    cells: Vec<NodeCell<P>>,
    /// The nodes as given to `Sim::new`: a crash resets the volatile state to this.
    initial: Vec<P>,
    /// Payloads of the messages in flight, by flight slot (a slot the engine freed holds a stale value until
    /// it is reused).
    payloads: Vec<Option<P::Msg>>,
    /// Values of the active timers, by the engine's timer slot (stale when freed, as `payloads`).
    timer_values: Vec<Option<P::Timer>>,
    /// The notes `State` events point at, in order.
    notes: Vec<P::Note>,
    invariants: Vec<Rc<dyn Invariant<P>>>,
    /// Liveness properties, each checked once at its deadline.
    deadlines: Vec<Rc<dyn Invariant<P>>>,
    /// Reused between handler calls to avoid an allocation per event.
    outbox: Vec<EffectOf<P>>,
}

/// Which handler of a node runs, with its input: one `run_handler` per protocol, not one per handler.
enum Handler<P: Protocol> {
    Start,
    Recover,
    Message(NodeId, P::Msg),
    Timer(P::Timer),
    Command(P::Command),
}

/// Puts `value` in `slot`, growing the slab if needed.
fn put<T>(values: &mut Vec<Option<T>>, slot: u32, value: T) {
    let index = slot as usize;
    if index >= values.len() {
        values.resize_with(index + 1, || None);
    }
    values[index] = Some(value);
}

impl<P: Protocol> Sim<P> {
    /// Creates a run of `nodes` (ids in `Vec` order) and schedules `on_start` for every node at t=0 in id order.
    pub fn new(nodes: Vec<P>, network: NetworkConfig, seed: u64) -> Self {
        let mut engine = Engine::new(nodes.len() as u32, network, seed);
        let mut notes = Vec::new();
        for (id, node) in nodes.iter().enumerate() {
            if let Some(note) = node.initial_note() {
                engine.record_initial(id as u32, note.state(), notes.len() as u32);
                notes.push(note);
            }
        }
        let cells = nodes
            .iter()
            .map(|state| NodeCell {
                state: state.clone(),
                durable: P::Durable::default(),
            })
            .collect();
        Self {
            engine,
            cells,
            initial: nodes,
            payloads: Vec::new(),
            timer_values: Vec::new(),
            notes,
            invariants: Vec::new(),
            deadlines: Vec::new(),
            outbox: Vec::new(),
        }
    }

    /// Adds an invariant, checked after every step.
    pub fn with_invariant(mut self, invariant: impl Invariant<P> + 'static) -> Self {
        self.invariants.push(Rc::new(invariant));
        self
    }

    /// Adds a liveness property, checked once when virtual time reaches `at_ms` (if the run gets that far):
    /// "by then, every client has acquired the lock".
    pub fn with_deadline(mut self, at_ms: TimeMs, property: impl Invariant<P> + 'static) -> Self {
        let index = self.deadlines.len() as u32;
        self.deadlines.push(Rc::new(property));
        self.engine.add_deadline(at_ms, index);
        self
    }

    /// Gives nodes their own clocks, in id order (nodes past the list keep exact clocks). Call before the
    /// first step.
    pub fn with_clocks(mut self, clocks: &[ClockSpec]) -> Self {
        self.engine.set_clocks(clocks);
        self
    }

    /// Schedules a fault, before or during a run. A time already past is applied at the current time. Actions
    /// at equal times apply in the order they were scheduled.
    pub fn schedule(&mut self, action: ScheduledAction) {
        self.engine.schedule(action);
    }

    /// Processes one event that appends at least one trace event; false if nothing is left or the run halted.
    pub fn step(&mut self) -> bool {
        self.step_within(TimeMs::MAX)
    }

    /// Steps until no event at or before `time_ms` remains (or a violation halts the run), then moves the clock
    /// to `time_ms`. Returns the number of steps taken.
    pub fn run_until(&mut self, time_ms: TimeMs) -> u64 {
        let mut count = 0;
        while self.step_within(time_ms) {
            count += 1;
        }
        self.engine.advance_to(time_ms);
        count
    }

    /// Takes up to `max_steps` steps; returns how many were taken.
    pub fn run_steps(&mut self, max_steps: u64) -> u64 {
        let mut count = 0;
        while count < max_steps && self.step() {
            count += 1;
        }
        count
    }

    /// The current virtual time.
    pub fn now(&self) -> TimeMs {
        self.engine.now_ms
    }

    /// The seed this run was created with (shown in the UI, carried by share links).
    pub fn seed(&self) -> u64 {
        self.engine.seed()
    }

    /// Everything that happened so far.
    pub fn trace(&self) -> &Trace {
        self.engine.trace()
    }

    /// The typed notes the trace's `State` events point at (`EventKind::State::note` is an index here).
    pub fn notes(&self) -> &[P::Note] {
        &self.notes
    }

    /// The run's fingerprint: the trace and its notes (see [`Trace::digest`]).
    pub fn digest(&self) -> u64 {
        self.engine.trace().digest(&self.notes)
    }

    /// The run so far, taken out of the simulator: its trace and its notes.
    pub fn into_record(self) -> (Trace, Vec<P::Note>) {
        (self.engine.into_trace(), self.notes)
    }

    /// What node `node`'s clock shows now (virtual time itself unless it drifts or jumped).
    pub fn clock_ms(&self, node: NodeId) -> Option<TimeMs> {
        self.engine.clock_ms(node.0)
    }

    /// Read-only access to every node's volatile state, durable state and status.
    pub fn view(&self) -> NodesView<'_, P> {
        NodesView {
            cells: &self.cells,
            statuses: self.engine.statuses(),
            now_ms: self.engine.now_ms,
            wire: Wire::Table(&self.engine.in_flight, &self.payloads),
            events: &self.engine.trace.events,
            notes: &self.notes,
        }
    }

    /// The violation that halted the run, if any.
    pub fn violation(&self) -> Option<&Violation> {
        self.engine.violation()
    }

    /// True once an invariant has failed: the run accepts no more steps.
    pub fn is_halted(&self) -> bool {
        self.engine.is_halted()
    }

    /// Messages sent and not yet delivered or dropped, ordered by id.
    pub fn in_flight(&self) -> Vec<InFlight> {
        self.engine.in_flight()
    }

    /// Every action scheduled so far, in scheduling order: with the seed, this replays the run.
    pub fn actions(&self) -> &[ScheduledAction] {
        self.engine.actions()
    }

    /// Steps processed so far.
    pub fn steps(&self) -> u64 {
        self.engine.steps()
    }

    /// Number of nodes.
    pub fn node_count(&self) -> u32 {
        self.engine.node_count()
    }

    /// The network settings currently in force.
    pub fn network(&self) -> &NetworkConfig {
        self.engine.network()
    }

    /// The partition in force (as applied, unlisted nodes as the last group), or `None` when healed.
    pub fn partition(&self) -> Option<&[Vec<NodeId>]> {
        self.engine.partition()
    }

    /// A node's active timers, in the order [`crate::sim::Action::FireTimer`] counts them: the order the
    /// node set them (re-setting an active timer keeps its place; a timer that fires by the clock hands its
    /// place to the last one). Empty for an unknown node.
    pub fn timers(&self, node: NodeId) -> Vec<&P::Timer> {
        self.engine
            .timer_slots(node.0)
            .filter_map(|slot| self.timer_values.get(slot as usize)?.as_ref())
            .collect()
    }

    /// A fingerprint of what the run shows now: each node's status and last note, the messages on the wire
    /// (sender, receiver and detail; not their ids or times) and each node's active timers. Two moments with
    /// the same digest look the same to a student, which is how "be the network" marks a step that leads
    /// back to a state already seen. Messages and timers are combined by a sum of their hashes, so their
    /// order does not matter (a multiset, as in the model checker).
    pub fn visible_state_digest(&self) -> u64 {
        let notes: Vec<u64> = self
            .engine
            .last_notes()
            .into_iter()
            .map(|note| {
                note.and_then(|i| self.notes.get(i as usize))
                    .map_or(0, crate::stable_hash::stable_digest)
            })
            .collect();
        let wire: Vec<String> = self
            .view()
            .in_flight()
            .map(|(_, from, to, msg)| format!("{from}>{to}:{}", msg.detail()))
            .collect();
        let timers: Vec<String> = (0..self.node_count())
            .flat_map(|node| {
                self.timers(NodeId(node))
                    .into_iter()
                    .map(move |timer| format!("{node}:{timer:?}"))
            })
            .collect();
        visible_digest(self.engine.statuses(), &notes, &wire, &timers)
    }

    /// True once an [`crate::sim::Action::ManualNetwork`] has made the user the network.
    pub fn is_manual_network(&self) -> bool {
        self.engine.is_manual_network()
    }

    /// When the next queued event is due, if any (it may turn out to be a cancelled timer).
    pub fn next_event_ms(&self) -> Option<TimeMs> {
        self.engine.next_event_ms()
    }

    fn step_within(&mut self, limit_ms: TimeMs) -> bool {
        while let Some(queued) = self.engine.pop_within(limit_ms) {
            let trace_len_before = self.engine.trace.events.len();
            let work = self.engine.process(queued);
            self.work(work);
            if self.engine.trace.events.len() > trace_len_before {
                self.engine.count_step();
                self.check_invariants();
                return true;
            }
        }
        false
    }

    /// Does the protocol's part of an event.
    fn work(&mut self, work: Work) {
        match work {
            Work::Done => {}
            Work::Run { node, call } => self.call(node, call),
            Work::Crashed { node, recover } => {
                let index = node as usize;
                self.cells[index].state = self.initial[index].clone();
                if recover {
                    self.call(node, Call::Recover);
                }
            }
            Work::Copy { original, copy } => {
                if let Some(msg) = self.payloads.get(original as usize).cloned().flatten() {
                    put(&mut self.payloads, copy, msg);
                }
            }
            Work::Command { node, record } => {
                if let Some(command) = P::Command::from_record(&record) {
                    if self.engine.record_command(node, record) {
                        self.run_handler(node, Handler::Command(command));
                    }
                }
            }
            Work::Deadline { index } => {
                let Some(property) = self.deadlines.get(index as usize).cloned() else {
                    return;
                };
                if let Err(violation) = property.check(&self.view()) {
                    self.engine.halt(violation);
                }
            }
        }
    }

    fn call(&mut self, node: u32, call: Call) {
        match call {
            Call::Start => self.run_handler(node, Handler::Start),
            Call::Recover => self.run_handler(node, Handler::Recover),
            Call::Message { from, slot } => {
                if let Some(msg) = self.payloads.get_mut(slot as usize).and_then(Option::take) {
                    self.run_handler(node, Handler::Message(from, msg));
                }
            }
            Call::Timer { slot } => {
                if let Some(timer) = self
                    .timer_values
                    .get_mut(slot as usize)
                    .and_then(Option::take)
                {
                    self.engine.record_timer(node, format!("{timer:?}"));
                    self.run_handler(node, Handler::Timer(timer));
                }
            }
        }
    }

    /// Runs one handler of `node` and applies its effects in order.
    fn run_handler(&mut self, node: u32, handler: Handler<P>) {
        let mut outbox = std::mem::take(&mut self.outbox);
        let node_count = self.cells.len() as u32;
        let clock_ms = self.engine.clock_ms(node).unwrap_or(self.engine.now_ms);
        if let Some(cell) = self.cells.get_mut(node as usize) {
            let mut io = Io {
                clock_ms,
                me: NodeId(node),
                node_count,
                durable: &mut cell.durable,
                outbox: &mut outbox,
                rng: Some(self.engine.rng()),
            };
            let state = &mut cell.state;
            match handler {
                Handler::Start => state.on_start(&mut io),
                Handler::Recover => state.on_recover(&mut io),
                Handler::Message(from, msg) => state.on_message(&mut io, from, msg),
                Handler::Timer(timer) => state.on_timer(&mut io, timer),
                Handler::Command(command) => state.on_command(&mut io, command),
            }
        }
        for effect in outbox.drain(..) {
            self.apply_effect(node, effect);
        }
        self.outbox = outbox;
    }

    /// The slot of `node`'s active timer equal to `timer`, if any.
    fn active_timer(&self, node: u32, timer: &P::Timer) -> Option<u32> {
        self.engine.timer_slots(node).find(|&slot| {
            self.timer_values
                .get(slot as usize)
                .and_then(Option::as_ref)
                == Some(timer)
        })
    }

    fn apply_effect(&mut self, node: u32, effect: EffectOf<P>) {
        match effect {
            Effect::Send { to, msg } => {
                match self.engine.send(NodeId(node), to, msg.kind(), msg.detail()) {
                    Sent::Lost => {}
                    Sent::Once(slot) => put(&mut self.payloads, slot, msg),
                    Sent::Twice(slot, copy) => {
                        put(&mut self.payloads, slot, msg.clone());
                        put(&mut self.payloads, copy, msg);
                    }
                }
            }
            Effect::SetTimer { timer, after_ms } => {
                let existing = self.active_timer(node, &timer);
                if let Some(slot) = self.engine.set_timer(node, existing, after_ms) {
                    put(&mut self.timer_values, slot, timer);
                }
            }
            Effect::CancelTimer { timer } => {
                if let Some(slot) = self.active_timer(node, &timer) {
                    self.engine.cancel_timer(node, slot);
                }
            }
            Effect::Note(note) => {
                let index = self.notes.len() as u32;
                let state = note.state();
                self.notes.push(note);
                self.engine.record(EventKind::State {
                    node: NodeId(node),
                    state,
                    note: index,
                });
            }
        }
    }

    fn check_invariants(&mut self) {
        if self.invariants.is_empty() || self.is_halted() {
            return;
        }
        let failed = self
            .invariants
            .iter()
            .find_map(|invariant| invariant.check(&self.view()).err());
        if let Some(violation) = failed {
            self.engine.halt(violation);
        }
    }
}
