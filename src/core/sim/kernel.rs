//! [`Sim`]: the deterministic discrete-event kernel that runs protocol nodes over a simulated network.
use super::action::{Action, CommandRecord, ScheduledAction};
use super::clock::{ClockSpec, NodeClock};
use super::flight::{Flight, FlightTable, InFlight};
use super::ids::{MsgId, NodeId, TimeMs};
use super::invariant::{Invariant, NodeCell, NodeStatus, NodesView, Violation, Wire};
use super::network::NetworkConfig;
use super::protocol::{Command, Effect, EffectOf, Io, Message, Note, Protocol};
use super::queue::{EventQueue, Pending, Queued};
use super::rng::SimRng;
use super::trace::{DropReason, EventKind, Trace, TraceEvent};
use std::rc::Rc;

/// A timer a node has set and that has not fired or been cancelled; `seq` names its one valid queue entry.
#[derive(Clone, Debug)]
struct ActiveTimer<T> {
    timer: T,
    seq: u64,
    /// When it is due, by the node's own clock (a clock jump moves its virtual due time).
    due_clock_ms: i64,
}

/// Kernel-side bookkeeping per node, next to its [`NodeCell`].
#[derive(Clone, Debug)]
struct NodeRuntime<P: Protocol> {
    /// The node as given to `Sim::new`: a crash resets the volatile state to this.
    initial: P,
    timers: Vec<ActiveTimer<P::Timer>>,
    paused_until_ms: TimeMs,
    /// Deliveries and timers that arrived while paused, in arrival order, with their queue sequence numbers.
    held: Vec<(Pending, u64)>,
    /// The node's own clock.
    clock: NodeClock,
}

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
    now_ms: TimeMs,
    seed: u64,
    rng: SimRng,
    cells: Vec<NodeCell<P>>,
    runtimes: Vec<NodeRuntime<P>>,
    network: NetworkConfig,
    /// The applied partition groups and, per node, its group index.
    partition: Option<(Vec<Vec<NodeId>>, Vec<u32>)>,
    queue: EventQueue,
    next_msg_id: u64,
    in_flight: FlightTable<P::Msg>,
    trace: Trace,
    /// The notes `State` events point at, in order.
    notes: Vec<P::Note>,
    invariants: Vec<Rc<dyn Invariant<P>>>,
    /// Liveness properties, each checked once at its deadline.
    deadlines: Vec<(TimeMs, Rc<dyn Invariant<P>>)>,
    violation: Option<Violation>,
    actions: Vec<ScheduledAction>,
    steps: u64,
    /// Reused between handler calls to avoid an allocation per event.
    outbox: Vec<EffectOf<P>>,
    /// Set by `Action::ManualNetwork`: messages and timers wait for actions instead of the clock.
    manual_network: bool,
}

impl<P: Protocol> Sim<P> {
    /// Creates a run of `nodes` (ids in `Vec` order) and schedules `on_start` for every node at t=0 in id order.
    pub fn new(nodes: Vec<P>, network: NetworkConfig, seed: u64) -> Self {
        let node_count = nodes.len() as u32;
        let mut queue = EventQueue::default();
        for node in 0..node_count {
            queue.push(0, Pending::Start { node });
        }
        let runtimes = nodes
            .iter()
            .map(|initial| NodeRuntime {
                initial: initial.clone(),
                timers: Vec::new(),
                paused_until_ms: 0,
                held: Vec::new(),
                clock: NodeClock::new(ClockSpec::default()),
            })
            .collect();
        let cells = nodes
            .into_iter()
            .map(|state| NodeCell {
                state,
                durable: P::Durable::default(),
                status: NodeStatus::Up,
            })
            .collect();
        Self {
            now_ms: 0,
            seed,
            rng: SimRng::from_seed(seed),
            cells,
            runtimes,
            network,
            partition: None,
            queue,
            next_msg_id: 0,
            in_flight: FlightTable::default(),
            trace: Trace::new(node_count),
            notes: Vec::new(),
            invariants: Vec::new(),
            deadlines: Vec::new(),
            violation: None,
            actions: Vec::new(),
            steps: 0,
            outbox: Vec::new(),
            manual_network: false,
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
        self.deadlines.push((at_ms, Rc::new(property)));
        self.queue.push(at_ms, Pending::Deadline { index });
        self
    }

    /// Gives nodes their own clocks, in id order (nodes past the list keep exact clocks). Call before the
    /// first step.
    pub fn with_clocks(mut self, clocks: &[ClockSpec]) -> Self {
        for (runtime, spec) in self.runtimes.iter_mut().zip(clocks) {
            runtime.clock = NodeClock::new(*spec);
        }
        self
    }

    /// Schedules a fault, before or during a run. A time already past is applied at the current time. Actions
    /// at equal times apply in the order they were scheduled.
    pub fn schedule(&mut self, action: ScheduledAction) {
        let at_ms = action.at_ms.max(self.now_ms);
        let index = self.actions.len() as u64;
        self.actions.push(action);
        self.queue.push(at_ms, Pending::Action { index });
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
        if !self.is_halted() {
            self.now_ms = self.now_ms.max(time_ms);
        }
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
        self.now_ms
    }

    /// The seed this run was created with (shown in the UI, carried by share links).
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// Everything that happened so far.
    pub fn trace(&self) -> &Trace {
        &self.trace
    }

    /// The typed notes the trace's `State` events point at (`EventKind::State::note` is an index here).
    pub fn notes(&self) -> &[P::Note] {
        &self.notes
    }

    /// The run's fingerprint: the trace and its notes (see [`Trace::digest`]).
    pub fn digest(&self) -> u64 {
        self.trace.digest(&self.notes)
    }

    /// The run so far, taken out of the simulator: its trace and its notes.
    pub fn into_record(self) -> (Trace, Vec<P::Note>) {
        (self.trace, self.notes)
    }

    /// What node `node`'s clock shows now (virtual time itself unless it drifts or jumped).
    pub fn clock_ms(&self, node: NodeId) -> Option<TimeMs> {
        self.runtimes
            .get(node.0 as usize)
            .map(|r| r.clock.shown_ms(self.now_ms))
    }

    /// Read-only access to every node's volatile state, durable state and status.
    pub fn view(&self) -> NodesView<'_, P> {
        NodesView {
            cells: &self.cells,
            now_ms: self.now_ms,
            wire: Wire::Table(&self.in_flight),
            events: &self.trace.events,
            notes: &self.notes,
        }
    }

    /// The violation that halted the run, if any.
    pub fn violation(&self) -> Option<&Violation> {
        self.violation.as_ref()
    }

    /// True once an invariant has failed: the run accepts no more steps.
    pub fn is_halted(&self) -> bool {
        self.violation.is_some()
    }

    /// Messages sent and not yet delivered or dropped, ordered by id.
    pub fn in_flight(&self) -> Vec<InFlight> {
        self.in_flight
            .iter()
            .map(|(id, f)| InFlight {
                msg: *id,
                from: f.from,
                to: f.to,
                kind: f.msg.kind(),
                sent_at_ms: f.sent_at_ms,
                deliver_at_ms: f.deliver_at_ms,
            })
            .collect()
    }

    /// Every action scheduled so far, in scheduling order: with the seed, this replays the run.
    pub fn actions(&self) -> &[ScheduledAction] {
        &self.actions
    }

    /// Steps processed so far.
    pub fn steps(&self) -> u64 {
        self.steps
    }

    /// Number of nodes.
    pub fn node_count(&self) -> u32 {
        self.cells.len() as u32
    }

    /// The network settings currently in force.
    pub fn network(&self) -> &NetworkConfig {
        &self.network
    }

    /// The partition in force (as applied, unlisted nodes as the last group), or `None` when healed.
    pub fn partition(&self) -> Option<&[Vec<NodeId>]> {
        self.partition.as_ref().map(|(groups, _)| groups.as_slice())
    }

    /// A node's active timers, in the order [`Action::FireTimer`] counts them: the order the node set them
    /// (re-setting an active timer keeps its place; a timer that fires by the clock hands its place to the
    /// last one). Empty for an unknown node.
    pub fn timers(&self, node: NodeId) -> Vec<&P::Timer> {
        self.runtimes
            .get(node.0 as usize)
            .map_or_else(Vec::new, |r| r.timers.iter().map(|t| &t.timer).collect())
    }

    /// A fingerprint of what the run shows now: each node's status and last note, the messages on the wire
    /// (sender, receiver and detail; not their ids or times) and each node's active timers. Two moments with
    /// the same digest look the same to a student, which is how "be the network" marks a step that leads
    /// back to a state already seen. Messages and timers are combined by a sum of their hashes, so their
    /// order does not matter (a multiset, as in the model checker).
    pub fn visible_state_digest(&self) -> u64 {
        use xxhash_rust::xxh3::xxh3_64;
        let mut last_note: Vec<Option<u32>> = vec![None; self.cells.len()];
        for event in &self.trace.events {
            if let EventKind::State { node, note, .. } = event.kind {
                if let Some(slot) = last_note.get_mut(node.0 as usize) {
                    *slot = Some(note);
                }
            }
        }
        let mut bytes = Vec::new();
        for (cell, note) in self.cells.iter().zip(&last_note) {
            bytes.push(cell.status as u8);
            if let Some(note) = note.and_then(|i| self.notes.get(i as usize)) {
                bytes.extend(serde_json::to_vec(note).unwrap_or_default());
            }
            bytes.push(0);
        }
        let mut on_the_wire = 0u64;
        for (_, flight) in self.in_flight.iter() {
            let text = format!("{}>{}:{}", flight.from, flight.to, flight.msg.detail());
            on_the_wire = on_the_wire.wrapping_add(xxh3_64(text.as_bytes()));
        }
        let mut timers = 0u64;
        for (node, runtime) in self.runtimes.iter().enumerate() {
            for active in &runtime.timers {
                let text = format!("{node}:{:?}", active.timer);
                timers = timers.wrapping_add(xxh3_64(text.as_bytes()));
            }
        }
        bytes.extend(on_the_wire.to_le_bytes());
        bytes.extend(timers.to_le_bytes());
        xxh3_64(&bytes)
    }

    /// True once an [`Action::ManualNetwork`] has made the user the network.
    pub fn is_manual_network(&self) -> bool {
        self.manual_network
    }

    /// When the next queued event is due, if any (it may turn out to be a cancelled timer).
    pub fn next_event_ms(&self) -> Option<TimeMs> {
        self.queue.peek_time_ms()
    }

    fn step_within(&mut self, limit_ms: TimeMs) -> bool {
        if self.is_halted() {
            return false;
        }
        loop {
            match self.queue.peek_time_ms() {
                Some(time_ms) if time_ms <= limit_ms => {}
                _ => return false,
            }
            let Some(queued) = self.queue.pop() else {
                return false;
            };
            let trace_len_before = self.trace.events.len();
            self.now_ms = self.now_ms.max(queued.time_ms);
            self.process(queued);
            if self.trace.events.len() > trace_len_before {
                self.steps += 1;
                self.check_invariants();
                return true;
            }
        }
    }

    fn process(&mut self, queued: Queued) {
        match queued.pending {
            Pending::Start { node } => self.start(node),
            Pending::Deliver { msg } => self.deliver(msg, queued.seq),
            Pending::Timer { node } => self.fire_timer(node, queued.seq),
            Pending::Action { index } => {
                if let Some(action) = self.actions.get(index as usize) {
                    let action = action.action.clone();
                    self.apply_action(action);
                }
            }
            Pending::Resume { node } => self.resume(node, queued.time_ms),
            Pending::Deadline { index } => self.check_deadline(index),
        }
    }

    fn record(&mut self, kind: EventKind) {
        self.trace.events.push(TraceEvent {
            time_ms: self.now_ms,
            kind,
        });
    }

    fn status(&self, node: u32) -> Option<NodeStatus> {
        self.cells.get(node as usize).map(|c| c.status)
    }

    fn start(&mut self, node: u32) {
        if self.status(node) != Some(NodeStatus::Up) {
            return;
        }
        self.record(EventKind::Start { node: NodeId(node) });
        self.run_handler(node, |state, io| state.on_start(io));
    }

    /// Runs one handler of `node` and applies its effects in order.
    fn run_handler(&mut self, node: u32, handler: impl FnOnce(&mut P, &mut Io<'_, P>)) {
        let mut outbox = std::mem::take(&mut self.outbox);
        let node_count = self.cells.len() as u32;
        let clock_ms = self
            .runtimes
            .get(node as usize)
            .map_or(self.now_ms, |r| r.clock.shown_ms(self.now_ms));
        if let Some(cell) = self.cells.get_mut(node as usize) {
            let mut io = Io {
                clock_ms,
                me: NodeId(node),
                node_count,
                durable: &mut cell.durable,
                outbox: &mut outbox,
                rng: Some(&mut self.rng),
            };
            handler(&mut cell.state, &mut io);
        }
        for effect in outbox.drain(..) {
            self.apply_effect(node, effect);
        }
        self.outbox = outbox;
    }

    fn apply_effect(&mut self, node: u32, effect: EffectOf<P>) {
        match effect {
            Effect::Send { to, msg } => self.send(NodeId(node), to, msg),
            Effect::SetTimer { timer, after_ms } => {
                let clock = self.runtimes[node as usize].clock;
                // Past i64 the deadline means "never"; clamping keeps the arithmetic exact below that.
                let after_ms = i64::try_from(after_ms).unwrap_or(i64::MAX / 4);
                let due_clock_ms = clock.reading_ms(self.now_ms).saturating_add(after_ms);
                let at_ms = if clock.is_exact() {
                    due_clock_ms.max(0) as TimeMs
                } else {
                    clock.true_time_of(due_clock_ms, self.now_ms)
                };
                let seq = if self.manual_network {
                    self.queue.reserve_seq()
                } else {
                    self.queue.push(at_ms, Pending::Timer { node })
                };
                let timers = &mut self.runtimes[node as usize].timers;
                match timers.iter_mut().find(|t| t.timer == timer) {
                    Some(active) => {
                        active.seq = seq;
                        active.due_clock_ms = due_clock_ms;
                    }
                    None => timers.push(ActiveTimer {
                        timer,
                        seq,
                        due_clock_ms,
                    }),
                }
            }
            Effect::CancelTimer { timer } => {
                self.runtimes[node as usize]
                    .timers
                    .retain(|t| t.timer != timer);
            }
            Effect::Note(note) => {
                let index = self.notes.len() as u32;
                let state = note.state();
                self.notes.push(note);
                self.record(EventKind::State {
                    node: NodeId(node),
                    state,
                    note: index,
                });
            }
        }
    }

    fn cut(&self, from: NodeId, to: NodeId) -> bool {
        match &self.partition {
            None => false,
            Some((_, group_of)) => group_of.get(from.0 as usize) != group_of.get(to.0 as usize),
        }
    }

    fn draw_latency_ms(&mut self, from: NodeId, to: NodeId) -> TimeMs {
        let link = self.network.link_params(from, to);
        self.rng
            .between_inclusive(link.latency_ms_min, link.latency_ms_max)
    }

    fn send(&mut self, from: NodeId, to: NodeId, msg: P::Msg) {
        let id = MsgId(self.next_msg_id);
        self.next_msg_id += 1;
        let kind = msg.kind();
        let lost_because = if to.0 >= self.node_count() {
            Some(DropReason::NodeDown)
        } else if self.cut(from, to) {
            Some(DropReason::Partition)
        } else if self.manual_network {
            None
        } else {
            let loss_probability = self.network.link_params(from, to).loss_probability;
            self.rng
                .chance(loss_probability)
                .then_some(DropReason::Loss)
        };
        if let Some(reason) = lost_because {
            self.record(EventKind::Send {
                msg: id,
                from,
                to,
                kind,
                detail: msg.detail(),
                deliver_at_ms: None,
            });
            self.record(EventKind::Drop {
                msg: id,
                from,
                to,
                kind,
                reason,
            });
            return;
        }
        let deliver_at_ms = self.planned_delivery_ms(from, to);
        self.record(EventKind::Send {
            msg: id,
            from,
            to,
            kind,
            detail: msg.detail(),
            deliver_at_ms: Some(deliver_at_ms),
        });
        let duplicate = !self.manual_network && self.rng.chance(self.network.duplicate_probability);
        if duplicate {
            self.put_in_flight(id, from, to, msg.clone(), deliver_at_ms);
            self.duplicate(id, from, to, msg);
        } else {
            self.put_in_flight(id, from, to, msg, deliver_at_ms);
        }
    }

    /// Makes a copy of message `original` with a fresh id and its own latency.
    fn duplicate(&mut self, original: MsgId, from: NodeId, to: NodeId, msg: P::Msg) {
        let copy = MsgId(self.next_msg_id);
        self.next_msg_id += 1;
        let deliver_at_ms = self.planned_delivery_ms(from, to);
        self.record(EventKind::Duplicate {
            msg: original,
            copy,
            deliver_at_ms,
        });
        self.put_in_flight(copy, from, to, msg, deliver_at_ms);
    }

    /// When a message sent now is due: after a latency drawn for its link, or, on a manual network, now (it
    /// then waits for a `Deliver` action and draws nothing).
    fn planned_delivery_ms(&mut self, from: NodeId, to: NodeId) -> TimeMs {
        if self.manual_network {
            self.now_ms
        } else {
            self.now_ms.saturating_add(self.draw_latency_ms(from, to))
        }
    }

    fn put_in_flight(&mut self, id: MsgId, from: NodeId, to: NodeId, msg: P::Msg, at_ms: TimeMs) {
        let seq = if self.manual_network {
            self.queue.reserve_seq()
        } else {
            self.queue.push(at_ms, Pending::Deliver { msg: id })
        };
        self.in_flight.insert(
            id,
            Flight {
                from,
                to,
                msg,
                sent_at_ms: self.now_ms,
                deliver_at_ms: at_ms,
                seq,
            },
        );
    }

    fn deliver(&mut self, id: MsgId, seq: u64) {
        let Some(flight) = self.in_flight.get(&id) else {
            return;
        };
        if flight.seq != seq {
            return;
        }
        let to = flight.to;
        if self.status(to.0) == Some(NodeStatus::Paused) {
            self.runtimes[to.0 as usize]
                .held
                .push((Pending::Deliver { msg: id }, seq));
            return;
        }
        let Some(flight) = self.in_flight.remove(&id) else {
            return;
        };
        let from = flight.from;
        let kind = flight.msg.kind();
        let reason = if self.cut(from, to) {
            Some(DropReason::Partition)
        } else if self.status(to.0) != Some(NodeStatus::Up) {
            Some(DropReason::NodeDown)
        } else {
            None
        };
        if let Some(reason) = reason {
            self.record(EventKind::Drop {
                msg: id,
                from,
                to,
                kind,
                reason,
            });
            return;
        }
        self.record(EventKind::Deliver {
            msg: id,
            from,
            to,
            kind,
        });
        let msg = flight.msg;
        self.run_handler(to.0, |state, io| state.on_message(io, from, msg));
    }

    fn fire_timer(&mut self, node: u32, seq: u64) {
        let Some(runtime) = self.runtimes.get_mut(node as usize) else {
            return;
        };
        let Some(position) = runtime.timers.iter().position(|t| t.seq == seq) else {
            return;
        };
        if self.cells[node as usize].status == NodeStatus::Paused {
            runtime.held.push((Pending::Timer { node }, seq));
            return;
        }
        let active = runtime.timers.swap_remove(position);
        if self.cells[node as usize].status != NodeStatus::Up {
            return;
        }
        self.record(EventKind::Timer {
            node: NodeId(node),
            name: format!("{:?}", active.timer),
        });
        let timer = active.timer;
        self.run_handler(node, |state, io| state.on_timer(io, timer));
    }

    fn apply_action(&mut self, action: Action) {
        match action {
            Action::Crash { node } => self.crash(node.0),
            Action::Recover { node } => self.recover(node.0),
            Action::Restart { node } => {
                self.crash(node.0);
                self.recover(node.0);
            }
            Action::Pause { node, duration_ms } => self.pause(node.0, duration_ms),
            Action::Partition { groups } => self.apply_partition(groups),
            Action::Heal => {
                self.partition = None;
                self.record(EventKind::Heal);
            }
            Action::DropMessage { msg } => {
                if let Some(flight) = self.in_flight.remove(&msg) {
                    self.record(EventKind::Drop {
                        msg,
                        from: flight.from,
                        to: flight.to,
                        kind: flight.msg.kind(),
                        reason: DropReason::Action,
                    });
                }
            }
            // A manual network delivers nothing by time, so a delay means nothing there.
            Action::DelayMessage { msg, by_ms } if !self.manual_network => {
                if let Some(flight) = self.in_flight.get(&msg) {
                    let at_ms = flight.deliver_at_ms.max(self.now_ms).saturating_add(by_ms);
                    let seq = self.queue.push(at_ms, Pending::Deliver { msg });
                    if let Some(flight) = self.in_flight.get_mut(&msg) {
                        flight.seq = seq;
                        flight.deliver_at_ms = at_ms;
                    }
                    self.record(EventKind::Delay {
                        msg,
                        deliver_at_ms: at_ms,
                    });
                }
            }
            Action::DuplicateMessage { msg } => {
                if let Some(flight) = self.in_flight.get(&msg) {
                    let (from, to, payload) = (flight.from, flight.to, flight.msg.clone());
                    self.duplicate(msg, from, to, payload);
                }
            }
            Action::SetNetwork { network } => {
                self.network = network.clone();
                self.record(EventKind::NetworkChange { network });
            }
            Action::DelayMessage { .. } => {}
            Action::ClockJump { node, jump_ms } => self.jump_clock(node.0, jump_ms),
            Action::Command { node, command } => self.command(node.0, command),
            Action::ManualNetwork => self.take_network(),
            Action::Deliver { msg } => {
                if let Some(seq) = self.in_flight.get(&msg).map(|f| f.seq) {
                    self.deliver(msg, seq);
                }
            }
            Action::FireTimer { node, timer } => self.fire_timer_now(node.0, timer),
        }
    }

    /// Makes the user the network: every message in flight and every active timer gets a sequence number
    /// no queue entry has, so the entries already queued for them turn stale and they wait for actions.
    fn take_network(&mut self) {
        if self.manual_network {
            return;
        }
        self.manual_network = true;
        let ids: Vec<MsgId> = self.in_flight.iter().map(|(id, _)| *id).collect();
        for id in ids {
            let seq = self.queue.reserve_seq();
            if let Some(flight) = self.in_flight.get_mut(&id) {
                flight.seq = seq;
                flight.deliver_at_ms = self.now_ms;
            }
        }
        for index in 0..self.runtimes.len() {
            for position in 0..self.runtimes[index].timers.len() {
                let seq = self.queue.reserve_seq();
                self.runtimes[index].timers[position].seq = seq;
            }
        }
        self.record(EventKind::ManualNetwork);
    }

    /// Fires the `index`-th active timer of `node` now (a paused node runs it when it resumes).
    fn fire_timer_now(&mut self, node: u32, index: u32) {
        let Some(runtime) = self.runtimes.get_mut(node as usize) else {
            return;
        };
        let index = index as usize;
        let Some(active) = runtime.timers.get(index) else {
            return;
        };
        match self.cells[node as usize].status {
            NodeStatus::Paused => {
                runtime.held.push((Pending::Timer { node }, active.seq));
                return;
            }
            NodeStatus::Down => return,
            NodeStatus::Up => {}
        }
        // `remove`, not `swap_remove`: the other timers keep their indexes' order.
        let active = runtime.timers.remove(index);
        self.record(EventKind::Timer {
            node: NodeId(node),
            name: format!("{:?}", active.timer),
        });
        let timer = active.timer;
        self.run_handler(node, |state, io| state.on_timer(io, timer));
    }

    /// Steps a node's clock and moves its timers' virtual due times to match (in the order they were set).
    fn jump_clock(&mut self, node: u32, jump_ms: i64) {
        let now_ms = self.now_ms;
        let Some(runtime) = self.runtimes.get_mut(node as usize) else {
            return;
        };
        runtime.clock.jump(now_ms, jump_ms);
        let clock = runtime.clock;
        let mut timers = std::mem::take(&mut runtime.timers);
        // On a manual network timers wait for actions, whatever the clock says.
        if !self.manual_network {
            for active in &mut timers {
                let at_ms = clock.true_time_of(active.due_clock_ms, now_ms);
                active.seq = self.queue.push(at_ms, Pending::Timer { node });
            }
        }
        // Held entries of a paused node keep their old seqs; those timers now wait for their new entries.
        self.runtimes[node as usize].timers = timers;
        self.record(EventKind::ClockJump {
            node: NodeId(node),
            jump_ms,
        });
    }

    /// Hands a user's command to a node that is up; a down or paused node refuses it (recorded as such).
    fn command(&mut self, node: u32, record: CommandRecord) {
        let Some(status) = self.status(node) else {
            return;
        };
        let Some(command) = P::Command::from_record(&record) else {
            return;
        };
        let delivered = status == NodeStatus::Up;
        self.record(EventKind::Command {
            node: NodeId(node),
            command: record,
            delivered,
        });
        if delivered {
            self.run_handler(node, |state, io| state.on_command(io, command));
        }
    }

    fn crash(&mut self, node: u32) {
        match self.status(node) {
            None | Some(NodeStatus::Down) => return,
            Some(_) => {}
        }
        self.record(EventKind::Crash { node: NodeId(node) });
        let index = node as usize;
        self.cells[index].status = NodeStatus::Down;
        self.cells[index].state = self.runtimes[index].initial.clone();
        let runtime = &mut self.runtimes[index];
        runtime.timers.clear();
        let held = std::mem::take(&mut runtime.held);
        // Messages a paused node was holding are lost with it.
        for (pending, seq) in held {
            if let Pending::Deliver { msg } = pending {
                let valid = self.in_flight.get(&msg).is_some_and(|f| f.seq == seq);
                if let (true, Some(flight)) = (valid, self.in_flight.remove(&msg)) {
                    self.record(EventKind::Drop {
                        msg,
                        from: flight.from,
                        to: flight.to,
                        kind: flight.msg.kind(),
                        reason: DropReason::NodeDown,
                    });
                }
            }
        }
    }

    fn recover(&mut self, node: u32) {
        if self.status(node) != Some(NodeStatus::Down) {
            return;
        }
        self.cells[node as usize].status = NodeStatus::Up;
        self.record(EventKind::Recover { node: NodeId(node) });
        self.run_handler(node, |state, io| state.on_recover(io));
    }

    fn pause(&mut self, node: u32, duration_ms: TimeMs) {
        let until_ms = self.now_ms.saturating_add(duration_ms);
        match self.status(node) {
            Some(NodeStatus::Up) => {}
            Some(NodeStatus::Paused) if until_ms > self.runtimes[node as usize].paused_until_ms => {
            }
            _ => return,
        }
        self.cells[node as usize].status = NodeStatus::Paused;
        self.runtimes[node as usize].paused_until_ms = until_ms;
        self.queue.push(until_ms, Pending::Resume { node });
        self.record(EventKind::Pause {
            node: NodeId(node),
            until_ms,
        });
    }

    /// Ends a pause (unless it was extended or the node crashed) and re-queues what it held, in arrival order.
    fn resume(&mut self, node: u32, due_ms: TimeMs) {
        let index = node as usize;
        if self.status(node) != Some(NodeStatus::Paused)
            || self.runtimes[index].paused_until_ms != due_ms
        {
            return;
        }
        self.cells[index].status = NodeStatus::Up;
        self.record(EventKind::Resume { node: NodeId(node) });
        let held = std::mem::take(&mut self.runtimes[index].held);
        for (pending, old_seq) in held {
            // Only entries still valid (not dropped, delayed or cancelled meanwhile) are re-queued.
            let still_valid = match pending {
                Pending::Deliver { msg } => {
                    self.in_flight.get(&msg).is_some_and(|f| f.seq == old_seq)
                }
                Pending::Timer { .. } => {
                    self.runtimes[index].timers.iter().any(|t| t.seq == old_seq)
                }
                _ => false,
            };
            if !still_valid {
                continue;
            }
            // Held entries arrived before anything else due now, so they go first (in arrival order).
            let seq = self.queue.push_held(self.now_ms, pending);
            match pending {
                Pending::Deliver { msg } => {
                    if let Some(flight) = self.in_flight.get_mut(&msg) {
                        flight.seq = seq;
                    }
                }
                _ => {
                    if let Some(active) = self.runtimes[index]
                        .timers
                        .iter_mut()
                        .find(|t| t.seq == old_seq)
                    {
                        active.seq = seq;
                    }
                }
            }
        }
    }

    /// Applies a partition: unknown ids are removed, a node listed twice stays in its first group, empty groups
    /// are removed and unlisted nodes form one last group together.
    fn apply_partition(&mut self, groups: Vec<Vec<NodeId>>) {
        let node_count = self.node_count();
        let mut assigned = vec![false; node_count as usize];
        let mut applied: Vec<Vec<NodeId>> = Vec::new();
        for group in groups {
            let mut kept = Vec::new();
            for node in group {
                if node.0 < node_count && !assigned[node.0 as usize] {
                    assigned[node.0 as usize] = true;
                    kept.push(node);
                }
            }
            if !kept.is_empty() {
                applied.push(kept);
            }
        }
        let unlisted: Vec<NodeId> = (0..node_count)
            .filter(|n| !assigned[*n as usize])
            .map(NodeId)
            .collect();
        if !unlisted.is_empty() {
            applied.push(unlisted);
        }
        let mut group_of = vec![0u32; node_count as usize];
        for (group_index, group) in applied.iter().enumerate() {
            for node in group {
                group_of[node.0 as usize] = group_index as u32;
            }
        }
        self.partition = Some((applied.clone(), group_of));
        self.record(EventKind::Partition { groups: applied });
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
            self.halt(violation);
        }
    }

    /// Checks the liveness property whose deadline has come.
    fn check_deadline(&mut self, index: u32) {
        let Some((_, property)) = self.deadlines.get(index as usize) else {
            return;
        };
        if let Err(violation) = property.clone().check(&self.view()) {
            self.halt(violation);
        }
    }

    /// Records a violation; the run takes no more steps.
    fn halt(&mut self, violation: Violation) {
        self.record(EventKind::Violation {
            invariant: violation.invariant.clone(),
            nodes: violation.nodes.clone(),
            detail: violation.detail.clone(),
        });
        self.violation = Some(violation);
    }
}
