//! [`Engine`]: the half of a run that does not depend on the protocol — the event queue, each node's
//! status, clock, pauses and timer bookkeeping, the network's draws, partitions and faults, the messages in
//! flight (without their payloads) and the trace.
//!
//! [`crate::sim::Sim`] is the other half: the nodes' typed state, message payloads, timer values and notes,
//! the handlers and the properties. It is compiled once per protocol; this half is compiled once for all of
//! them (the app's WebAssembly held a copy of the whole kernel per protocol before the split). The engine
//! never calls a handler: when an event needs the protocol it hands back a [`Work`] and the `Sim` does it.
use super::action::{Action, CommandRecord, ScheduledAction};
use super::clock::{ClockSpec, NodeClock};
use super::flight::{Flight, FlightTable, InFlight};
use super::ids::{MsgId, NodeId, TimeMs};
use super::invariant::{NodeStatus, Violation};
use super::network::NetworkConfig;
use super::queue::{EventQueue, Pending, Queued};
use super::rng::SimRng;
use super::trace::{DropReason, EventKind, InitialState, Trace, TraceEvent};

/// A timer a node has set and that has not fired or been cancelled; `seq` names its one valid queue entry.
/// Its value (a protocol's `Timer`) is kept by the `Sim`, in `slot`.
#[derive(Clone, Debug)]
struct ActiveTimer {
    seq: u64,
    /// When it is due, by the node's own clock (a clock jump moves its virtual due time).
    due_clock_ms: i64,
    slot: u32,
}

/// Engine-side bookkeeping per node.
#[derive(Clone, Debug)]
struct NodeRuntime {
    /// In the order the node set them (see [`crate::sim::Sim::timers`]).
    timers: Vec<ActiveTimer>,
    paused_until_ms: TimeMs,
    /// Deliveries and timers that arrived while paused, in arrival order, with their queue sequence numbers.
    held: Vec<(Pending, u64)>,
    /// The node's own clock.
    clock: NodeClock,
}

/// Numbers for values kept elsewhere (timer values in the `Sim`): a freed number is handed out again.
#[derive(Clone, Debug, Default)]
struct Slots {
    count: u32,
    free: Vec<u32>,
}

impl Slots {
    fn take(&mut self) -> u32 {
        self.free.pop().unwrap_or_else(|| {
            self.count += 1;
            self.count - 1
        })
    }

    fn give_back(&mut self, slot: u32) {
        self.free.push(slot);
    }
}

/// What the protocol's half must do after the engine processed an event.
#[derive(Debug)]
pub(crate) enum Work {
    /// Nothing: the event concerned the engine alone (or nothing at all).
    Done,
    /// Run a handler of `node` (the event is already in the trace).
    Run { node: u32, call: Call },
    /// `node` crashed: its volatile state goes back to its initial value. With `recover` (a restart) it
    /// was recovered at once and runs `on_recover`.
    Crashed { node: u32, recover: bool },
    /// A message was duplicated: the copy's payload (slot `copy`) is the original's (slot `original`).
    Copy { original: u32, copy: u32 },
    /// A user's command for `node`, if the protocol knows it (see [`Engine::record_command`]).
    Command { node: u32, record: CommandRecord },
    /// A liveness property's deadline has come.
    Deadline { index: u32 },
}

/// Which handler, and where its input is.
#[derive(Debug)]
pub(crate) enum Call {
    Start,
    Recover,
    /// A message from `from`, whose payload is in flight slot `slot` (now free: take it before anything
    /// is sent).
    Message {
        from: NodeId,
        slot: u32,
    },
    /// A timer, whose value is in timer slot `slot` (now free: take it before anything is set).
    Timer {
        slot: u32,
    },
}

/// Where a sent message's payload goes: no slot if it was lost at once, two if the network duplicated it.
pub(crate) enum Sent {
    Lost,
    Once(u32),
    Twice(u32, u32),
}

/// The protocol-independent state of a run (see the module documentation).
#[derive(Clone, Debug)]
pub(crate) struct Engine {
    pub(crate) now_ms: TimeMs,
    seed: u64,
    rng: SimRng,
    runtimes: Vec<NodeRuntime>,
    /// Every node's status, by id (what properties see).
    statuses: Vec<NodeStatus>,
    network: NetworkConfig,
    /// The applied partition groups and, per node, its group index.
    partition: Option<(Vec<Vec<NodeId>>, Vec<u32>)>,
    queue: EventQueue,
    next_msg_id: u64,
    pub(crate) in_flight: FlightTable,
    timer_slots: Slots,
    pub(crate) trace: Trace,
    violation: Option<Violation>,
    actions: Vec<ScheduledAction>,
    steps: u64,
    /// Set by `Action::ManualNetwork`: messages and timers wait for actions instead of the clock.
    manual_network: bool,
}

impl Engine {
    /// A run of `node_count` nodes, each starting at t=0 in id order.
    pub fn new(node_count: u32, network: NetworkConfig, seed: u64) -> Self {
        let mut queue = EventQueue::default();
        for node in 0..node_count {
            queue.push(0, Pending::Start { node });
        }
        let runtimes = (0..node_count)
            .map(|_| NodeRuntime {
                timers: Vec::new(),
                paused_until_ms: 0,
                held: Vec::new(),
                clock: NodeClock::new(ClockSpec::default()),
            })
            .collect();
        Engine {
            now_ms: 0,
            seed,
            rng: SimRng::from_seed(seed),
            runtimes,
            statuses: vec![NodeStatus::Up; node_count as usize],
            network,
            partition: None,
            queue,
            next_msg_id: 0,
            in_flight: FlightTable::default(),
            timer_slots: Slots::default(),
            trace: Trace::new(node_count),
            violation: None,
            actions: Vec::new(),
            steps: 0,
            manual_network: false,
        }
    }

    /// Queues the check of liveness property `index` at `at_ms`.
    pub fn add_deadline(&mut self, at_ms: TimeMs, index: u32) {
        self.queue.push(at_ms, Pending::Deadline { index });
    }

    /// See [`crate::sim::Sim::with_clocks`].
    pub fn set_clocks(&mut self, clocks: &[ClockSpec]) {
        for (runtime, spec) in self.runtimes.iter_mut().zip(clocks) {
            runtime.clock = NodeClock::new(*spec);
        }
    }

    /// See [`crate::sim::Sim::schedule`].
    pub fn schedule(&mut self, action: ScheduledAction) {
        let at_ms = action.at_ms.max(self.now_ms);
        let index = self.actions.len() as u64;
        self.actions.push(action);
        self.queue.push(at_ms, Pending::Action { index });
    }

    /// The next queued event at or before `limit_ms`, with the clock moved to it; `None` once the run has
    /// halted or nothing is due by then.
    pub fn pop_within(&mut self, limit_ms: TimeMs) -> Option<Queued> {
        if self.is_halted() {
            return None;
        }
        match self.queue.peek_time_ms() {
            Some(time_ms) if time_ms <= limit_ms => {}
            _ => return None,
        }
        let queued = self.queue.pop()?;
        self.now_ms = self.now_ms.max(queued.time_ms);
        Some(queued)
    }

    /// Counts a processed event that appended to the trace.
    pub fn count_step(&mut self) {
        self.steps += 1;
    }

    /// Moves the clock to `time_ms` at the end of [`crate::sim::Sim::run_until`] (a halted run stays where
    /// it halted).
    pub fn advance_to(&mut self, time_ms: TimeMs) {
        if !self.is_halted() {
            self.now_ms = self.now_ms.max(time_ms);
        }
    }

    pub fn seed(&self) -> u64 {
        self.seed
    }

    pub fn trace(&self) -> &Trace {
        &self.trace
    }

    pub fn into_trace(self) -> Trace {
        self.trace
    }

    /// Records what `node` shows before any event (see [`Trace::initial`]).
    pub fn record_initial(&mut self, node: u32, state: &'static str, note: u32) {
        self.trace.initial.push(InitialState {
            node: NodeId(node),
            state,
            note,
        });
    }

    pub fn statuses(&self) -> &[NodeStatus] {
        &self.statuses
    }

    pub fn node_count(&self) -> u32 {
        self.runtimes.len() as u32
    }

    pub fn network(&self) -> &NetworkConfig {
        &self.network
    }

    pub fn partition(&self) -> Option<&[Vec<NodeId>]> {
        self.partition.as_ref().map(|(groups, _)| groups.as_slice())
    }

    pub fn actions(&self) -> &[ScheduledAction] {
        &self.actions
    }

    pub fn steps(&self) -> u64 {
        self.steps
    }

    pub fn violation(&self) -> Option<&Violation> {
        self.violation.as_ref()
    }

    pub fn is_halted(&self) -> bool {
        self.violation.is_some()
    }

    pub fn is_manual_network(&self) -> bool {
        self.manual_network
    }

    pub fn next_event_ms(&self) -> Option<TimeMs> {
        self.queue.peek_time_ms()
    }

    /// What `node`'s clock shows now; virtual time for an unknown node.
    pub fn clock_ms(&self, node: u32) -> Option<TimeMs> {
        self.runtimes
            .get(node as usize)
            .map(|r| r.clock.shown_ms(self.now_ms))
    }

    /// The one random stream, for handlers.
    pub fn rng(&mut self) -> &mut SimRng {
        &mut self.rng
    }

    /// The slots of `node`'s active timers' values, in the order it set them (empty for an unknown node).
    pub fn timer_slots(&self, node: u32) -> impl Iterator<Item = u32> + '_ {
        self.runtimes
            .get(node as usize)
            .into_iter()
            .flat_map(|r| r.timers.iter().map(|t| t.slot))
    }

    /// Messages in flight, by increasing id.
    pub fn in_flight(&self) -> Vec<InFlight> {
        self.in_flight
            .iter()
            .map(|(id, _, f)| InFlight {
                msg: id,
                from: f.from,
                to: f.to,
                kind: f.kind,
                sent_at_ms: f.sent_at_ms,
                deliver_at_ms: f.deliver_at_ms,
            })
            .collect()
    }

    /// For each node, the index of the last note its `State` events pointed at.
    pub fn last_notes(&self) -> Vec<Option<u32>> {
        let mut last_note: Vec<Option<u32>> = vec![None; self.runtimes.len()];
        for initial in &self.trace.initial {
            if let Some(slot) = last_note.get_mut(initial.node.0 as usize) {
                *slot = Some(initial.note);
            }
        }
        for event in &self.trace.events {
            if let EventKind::State { node, note, .. } = event.kind {
                if let Some(slot) = last_note.get_mut(node.0 as usize) {
                    *slot = Some(note);
                }
            }
        }
        last_note
    }

    /// Appends an event at the current time.
    pub fn record(&mut self, kind: EventKind) {
        self.trace.events.push(TraceEvent {
            time_ms: self.now_ms,
            kind,
        });
    }

    /// Records a violation; the run takes no more steps.
    pub fn halt(&mut self, violation: Violation) {
        self.record(EventKind::Violation {
            invariant: violation.invariant.clone(),
            nodes: violation.nodes.clone(),
            detail: violation.detail.clone(),
        });
        self.violation = Some(violation);
    }

    fn status(&self, node: u32) -> Option<NodeStatus> {
        self.statuses.get(node as usize).copied()
    }

    fn set_status(&mut self, node: u32, status: NodeStatus) {
        self.statuses[node as usize] = status;
    }

    /// Does what a popped event does, as far as it does not need the protocol; the rest is returned.
    pub fn process(&mut self, queued: Queued) -> Work {
        match queued.pending {
            Pending::Start { node } => {
                if self.status(node) != Some(NodeStatus::Up) {
                    return Work::Done;
                }
                self.record(EventKind::Start { node: NodeId(node) });
                Work::Run {
                    node,
                    call: Call::Start,
                }
            }
            Pending::Deliver { msg } => self.deliver(msg, queued.seq),
            Pending::Timer { node } => self.fire_timer(node, queued.seq),
            Pending::Action { index } => match self.actions.get(index as usize) {
                Some(action) => {
                    let action = action.action.clone();
                    self.apply_action(action)
                }
                None => Work::Done,
            },
            Pending::Resume { node } => {
                self.resume(node, queued.time_ms);
                Work::Done
            }
            Pending::Deadline { index } => Work::Deadline { index },
        }
    }

    /// Sets (or, given the slot of an equal active timer, re-sets) a timer of `node` to fire once its clock
    /// has advanced by `after_ms`. Returns the slot for the value of a new timer.
    pub fn set_timer(&mut self, node: u32, existing: Option<u32>, after_ms: TimeMs) -> Option<u32> {
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
        match existing.and_then(|slot| timers.iter_mut().find(|t| t.slot == slot)) {
            Some(active) => {
                active.seq = seq;
                active.due_clock_ms = due_clock_ms;
                None
            }
            None => {
                let slot = self.timer_slots.take();
                timers.push(ActiveTimer {
                    seq,
                    due_clock_ms,
                    slot,
                });
                Some(slot)
            }
        }
    }

    /// Cancels `node`'s active timer whose value is in `slot`; the others keep their order.
    pub fn cancel_timer(&mut self, node: u32, slot: u32) {
        let timers = &mut self.runtimes[node as usize].timers;
        if let Some(position) = timers.iter().position(|t| t.slot == slot) {
            timers.remove(position);
            self.timer_slots.give_back(slot);
        }
    }

    /// Records a timer firing (its name is the protocol's to give).
    pub fn record_timer(&mut self, node: u32, name: String) {
        self.record(EventKind::Timer {
            node: NodeId(node),
            name,
        });
    }

    /// Records a command the protocol knows; true if `node` is up and takes it (a down or paused node
    /// refuses it).
    pub fn record_command(&mut self, node: u32, record: CommandRecord) -> bool {
        let delivered = self.status(node) == Some(NodeStatus::Up);
        self.record(EventKind::Command {
            node: NodeId(node),
            command: record,
            delivered,
        });
        delivered
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

    /// Sends a message (`kind` and `detail` are its `Message::kind` and `Message::detail`): the network
    /// decides loss, latency and duplication. Returns where its payload goes.
    pub fn send(&mut self, from: NodeId, to: NodeId, kind: &'static str, detail: String) -> Sent {
        let id = MsgId(self.next_msg_id);
        self.next_msg_id += 1;
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
                detail,
                deliver_at_ms: None,
            });
            self.record(EventKind::Drop {
                msg: id,
                from,
                to,
                kind,
                reason,
            });
            return Sent::Lost;
        }
        let deliver_at_ms = self.planned_delivery_ms(from, to);
        self.record(EventKind::Send {
            msg: id,
            from,
            to,
            kind,
            detail,
            deliver_at_ms: Some(deliver_at_ms),
        });
        let duplicate = !self.manual_network && self.rng.chance(self.network.duplicate_probability);
        let slot = self.put_in_flight(id, from, to, kind, deliver_at_ms);
        if duplicate {
            Sent::Twice(slot, self.duplicate(id, from, to, kind))
        } else {
            Sent::Once(slot)
        }
    }

    /// Makes a copy of message `original` with a fresh id and its own latency; returns the copy's slot.
    fn duplicate(&mut self, original: MsgId, from: NodeId, to: NodeId, kind: &'static str) -> u32 {
        let copy = MsgId(self.next_msg_id);
        self.next_msg_id += 1;
        let deliver_at_ms = self.planned_delivery_ms(from, to);
        self.record(EventKind::Duplicate {
            msg: original,
            copy,
            deliver_at_ms,
        });
        self.put_in_flight(copy, from, to, kind, deliver_at_ms)
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

    fn put_in_flight(
        &mut self,
        id: MsgId,
        from: NodeId,
        to: NodeId,
        kind: &'static str,
        at_ms: TimeMs,
    ) -> u32 {
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
                kind,
                sent_at_ms: self.now_ms,
                deliver_at_ms: at_ms,
                seq,
            },
        )
    }

    fn deliver(&mut self, id: MsgId, seq: u64) -> Work {
        let Some(flight) = self.in_flight.get(&id) else {
            return Work::Done;
        };
        if flight.seq != seq {
            return Work::Done;
        }
        let to = flight.to;
        if self.status(to.0) == Some(NodeStatus::Paused) {
            self.runtimes[to.0 as usize]
                .held
                .push((Pending::Deliver { msg: id }, seq));
            return Work::Done;
        }
        let Some((slot, flight)) = self.in_flight.remove(&id) else {
            return Work::Done;
        };
        let from = flight.from;
        let kind = flight.kind;
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
            return Work::Done;
        }
        self.record(EventKind::Deliver {
            msg: id,
            from,
            to,
            kind,
        });
        Work::Run {
            node: to.0,
            call: Call::Message { from, slot },
        }
    }

    fn fire_timer(&mut self, node: u32, seq: u64) -> Work {
        let Some(runtime) = self.runtimes.get_mut(node as usize) else {
            return Work::Done;
        };
        let Some(position) = runtime.timers.iter().position(|t| t.seq == seq) else {
            return Work::Done;
        };
        let status = self.statuses[node as usize];
        if status == NodeStatus::Paused {
            runtime.held.push((Pending::Timer { node }, seq));
            return Work::Done;
        }
        let active = runtime.timers.swap_remove(position);
        let up = status == NodeStatus::Up;
        self.timer_slots.give_back(active.slot);
        if !up {
            return Work::Done;
        }
        Work::Run {
            node,
            call: Call::Timer { slot: active.slot },
        }
    }

    fn apply_action(&mut self, action: Action) -> Work {
        match action {
            Action::Crash { node } => {
                if self.crash(node.0) {
                    return Work::Crashed {
                        node: node.0,
                        recover: false,
                    };
                }
            }
            Action::Recover { node } => {
                if self.recover(node.0) {
                    return Work::Run {
                        node: node.0,
                        call: Call::Recover,
                    };
                }
            }
            Action::Restart { node } => {
                let crashed = self.crash(node.0);
                let recovered = self.recover(node.0);
                if crashed {
                    return Work::Crashed {
                        node: node.0,
                        recover: recovered,
                    };
                }
                if recovered {
                    return Work::Run {
                        node: node.0,
                        call: Call::Recover,
                    };
                }
            }
            Action::Pause { node, duration_ms } => self.pause(node.0, duration_ms),
            Action::Partition { groups } => self.apply_partition(groups),
            Action::Heal => {
                self.partition = None;
                self.record(EventKind::Heal);
            }
            Action::DropMessage { msg } => {
                if let Some((_, flight)) = self.in_flight.remove(&msg) {
                    self.record(EventKind::Drop {
                        msg,
                        from: flight.from,
                        to: flight.to,
                        kind: flight.kind,
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
                if let (Some(original), Some(flight)) =
                    (self.in_flight.slot_of(&msg), self.in_flight.get(&msg))
                {
                    let (from, to, kind) = (flight.from, flight.to, flight.kind);
                    let copy = self.duplicate(msg, from, to, kind);
                    return Work::Copy { original, copy };
                }
            }
            Action::SetNetwork { network } => {
                self.network = network.clone();
                self.record(EventKind::NetworkChange { network });
            }
            Action::DelayMessage { .. } => {}
            Action::ClockJump { node, jump_ms } => self.jump_clock(node.0, jump_ms),
            Action::Command { node, command } => {
                if self.status(node.0).is_some() {
                    return Work::Command {
                        node: node.0,
                        record: command,
                    };
                }
            }
            Action::ManualNetwork => self.take_network(),
            Action::Deliver { msg } => {
                if let Some(seq) = self.in_flight.get(&msg).map(|f| f.seq) {
                    return self.deliver(msg, seq);
                }
            }
            Action::FireTimer { node, timer } => return self.fire_timer_now(node.0, timer),
        }
        Work::Done
    }

    /// Makes the user the network: every message in flight and every active timer gets a sequence number
    /// no queue entry has, so the entries already queued for them turn stale and they wait for actions.
    fn take_network(&mut self) {
        if self.manual_network {
            return;
        }
        self.manual_network = true;
        let ids: Vec<MsgId> = self.in_flight.iter().map(|(id, _, _)| id).collect();
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
    fn fire_timer_now(&mut self, node: u32, index: u32) -> Work {
        let Some(runtime) = self.runtimes.get_mut(node as usize) else {
            return Work::Done;
        };
        let index = index as usize;
        let Some(active) = runtime.timers.get(index) else {
            return Work::Done;
        };
        match self.statuses[node as usize] {
            NodeStatus::Paused => {
                runtime.held.push((Pending::Timer { node }, active.seq));
                return Work::Done;
            }
            NodeStatus::Down => return Work::Done,
            NodeStatus::Up => {}
        }
        // `remove`, not `swap_remove`: the other timers keep their indexes' order.
        let active = runtime.timers.remove(index);
        self.timer_slots.give_back(active.slot);
        Work::Run {
            node,
            call: Call::Timer { slot: active.slot },
        }
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

    /// Crashes `node` (false if unknown or already down): its timers and what it held are lost.
    fn crash(&mut self, node: u32) -> bool {
        match self.status(node) {
            None | Some(NodeStatus::Down) => return false,
            Some(_) => {}
        }
        self.record(EventKind::Crash { node: NodeId(node) });
        self.set_status(node, NodeStatus::Down);
        let runtime = &mut self.runtimes[node as usize];
        for active in runtime.timers.drain(..) {
            self.timer_slots.give_back(active.slot);
        }
        let held = std::mem::take(&mut runtime.held);
        // Messages a paused node was holding are lost with it.
        for (pending, seq) in held {
            if let Pending::Deliver { msg } = pending {
                let valid = self.in_flight.get(&msg).is_some_and(|f| f.seq == seq);
                if let (true, Some((_, flight))) = (valid, self.in_flight.remove(&msg)) {
                    self.record(EventKind::Drop {
                        msg,
                        from: flight.from,
                        to: flight.to,
                        kind: flight.kind,
                        reason: DropReason::NodeDown,
                    });
                }
            }
        }
        true
    }

    /// Brings a crashed node back (false if it was not down); it then runs `on_recover`.
    fn recover(&mut self, node: u32) -> bool {
        if self.status(node) != Some(NodeStatus::Down) {
            return false;
        }
        self.set_status(node, NodeStatus::Up);
        self.record(EventKind::Recover { node: NodeId(node) });
        true
    }

    fn pause(&mut self, node: u32, duration_ms: TimeMs) {
        let until_ms = self.now_ms.saturating_add(duration_ms);
        match self.status(node) {
            Some(NodeStatus::Up) => {}
            Some(NodeStatus::Paused) if until_ms > self.runtimes[node as usize].paused_until_ms => {
            }
            _ => return,
        }
        self.set_status(node, NodeStatus::Paused);
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
        self.set_status(node, NodeStatus::Up);
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
}

/// The fingerprint behind [`crate::sim::Sim::visible_state_digest`], from what the protocol's half
/// rendered: per node its status and the fingerprint of its last note (0 before the first), the messages on
/// the wire as `from>to:detail` and the active timers as `node:name`. Messages and timers are summed, so
/// their order does not matter.
pub(crate) fn visible_digest(
    statuses: &[NodeStatus],
    notes: &[u64],
    wire: &[String],
    timers: &[String],
) -> u64 {
    use xxhash_rust::xxh3::xxh3_64;
    let mut bytes = Vec::new();
    for (status, note) in statuses.iter().zip(notes) {
        bytes.push(*status as u8);
        bytes.extend(note.to_le_bytes());
    }
    let sum = |texts: &[String]| {
        texts
            .iter()
            .fold(0u64, |sum, text| sum.wrapping_add(xxh3_64(text.as_bytes())))
    };
    bytes.extend(sum(wire).to_le_bytes());
    bytes.extend(sum(timers).to_le_bytes());
    xxh3_64(&bytes)
}
