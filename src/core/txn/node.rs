//! [`TxnNode`]: one `Protocol` type for the client, the coordinator and the participants, with what all
//! roles share: the send queue, the log writes, timers, commands and notes.
//!
//! Two things take time here so that a crash can land between them:
//! - **A log append is an fsync.** A forced record ([`Ctx::force`]) reaches the durable log only when its
//!   write completes, [`Timing::log_write_ms`] later (a timer); the node acts on it (sends its vote, its
//!   decision) in that same step. A crash during the write loses the record.
//! - **A node puts one message on the wire per [`SEND_GAP_MS`]**, in order, starting one gap after it
//!   queued the first. So "the commit record is on disk and nothing has been sent" and "sent to k of n"
//!   are instants a crash can be scheduled into ([`crate::txn::crash_at_step`]). A crash loses what is
//!   still queued.
use super::client::ClientState;
use super::config::{Timing, TxnConfig};
use super::coordinator::CoordinatorState;
use super::ids::{ParticipantSet, TxnId};
use super::log::{LogRecord, TxnLog};
use super::messages::TxnMsg;
use super::note::{Role, TxnNote};
use super::participant::ParticipantState;
use crate::sim::{Command, CommandRecord, Io, NodeId, Protocol, TimeMs};

/// Time between two messages leaving one node.
pub const SEND_GAP_MS: TimeMs = 1;

/// Every timer; set and fired on the node's own clock.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TxnTimer {
    /// The next queued message leaves.
    SendNext,
    /// A log write completed: the record is on disk.
    LogWritten(LogRecord),
    /// Client: the workload's next `begin`.
    NextBegin,
    /// Client: no outcome yet, resend `begin`.
    ClientRetry(TxnId),
    /// Coordinator: stop waiting for votes and abort.
    VoteTimeout(TxnId),
    /// Three-phase coordinator: stop waiting for pre-commit acknowledgements and commit.
    PreCommitTimeout(TxnId),
    /// Coordinator: resend the commit to whoever has not acknowledged it (or, recovering in three-phase
    /// commit, ask again).
    Resend(TxnId),
    /// Participant: in doubt for too long; ask (or, three-phase, take over as backup coordinator).
    InDoubt(TxnId),
    /// Participant: the transaction waited too long for the lock; vote no.
    LockWait(TxnId),
    /// Three-phase backup coordinator: the collection window is over.
    Terminate(TxnId),
}

/// What a user can ask: the client begins a transaction or switches its stream; a participant refuses
/// its next transaction (votes no, as a failed constraint would make it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TxnCommand {
    /// `begin` with the participant bitmask as argument (bits past the run's participants are ignored).
    Begin {
        /// The participants the transaction touches.
        participants: ParticipantSet,
    },
    /// `stream` with argument 1 (on, a fresh stream) or 0 (off).
    Stream {
        /// On or off.
        on: bool,
    },
    /// `refuse`: this participant votes no on its next transaction.
    Refuse,
}

impl Command for TxnCommand {
    fn to_record(&self) -> CommandRecord {
        match self {
            TxnCommand::Begin { participants } => {
                CommandRecord::with_arg("begin", u64::from(participants.0))
            }
            TxnCommand::Stream { on } => CommandRecord::with_arg("stream", u64::from(*on)),
            TxnCommand::Refuse => CommandRecord::new("refuse"),
        }
    }

    fn from_record(record: &CommandRecord) -> Option<Self> {
        match (record.code.as_str(), record.arg) {
            ("begin", Some(mask)) if mask <= u64::from(u8::MAX) => Some(TxnCommand::Begin {
                participants: ParticipantSet(mask as u8),
            }),
            ("stream", Some(on)) if on <= 1 => Some(TxnCommand::Stream { on: on == 1 }),
            ("refuse", None) => Some(TxnCommand::Refuse),
            _ => None,
        }
    }
}

/// Something a node will do when its turn on the wire comes.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Outgoing {
    /// Put a message on the wire.
    Send {
        /// Receiver.
        to: NodeId,
        /// The message.
        msg: TxnMsg,
    },
    /// Start a forced log write (the broken send-before-log coordinator queues its decision's write
    /// behind the decision messages).
    Write(LogRecord),
}

/// One node of a commit run: its configuration, its send queue and its role's volatile state. Its durable
/// state is its [`TxnLog`]. Every part is `Clone + Hash + Eq + Ord`, so a model checker can store states.
///
/// Two things take time, so that a crash can land between them:
/// - **A log append is an fsync.** A forced record reaches the durable log only when its write completes,
///   [`Timing::log_write_ms`] after it started (a [`TxnTimer::LogWritten`] timer), and the node acts on it
///   (sends its vote, its decision) only then. A crash during the write loses the record.
/// - **A node puts one message on the wire per [`SEND_GAP_MS`]**, in order, the first one gap after it was
///   queued ([`TxnTimer::SendNext`]). So "the commit record is on disk and nothing has been sent" and
///   "sent to k of n" are instants a crash can be scheduled into ([`crate::txn::crash_at_step`]). A crash
///   loses what is still queued.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct TxnNode {
    /// The run's configuration.
    pub config: TxnConfig,
    /// What is waiting for its turn on the wire, in order.
    pub outbox: Vec<Outgoing>,
    /// The role and its volatile state.
    pub role: RoleState,
}

/// Hashes the send queue and the role, not the configuration: it is the same in every node of a run and
/// never changes, and the model checker hashes every node of every state it meets. (Equal nodes still
/// hash equally, so `Hash` agrees with `Eq`.)
impl std::hash::Hash for TxnNode {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.outbox.hash(state);
        self.role.hash(state);
    }
}

/// The volatile state of each role.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RoleState {
    /// The client.
    Client(ClientState),
    /// The coordinator.
    Coordinator(CoordinatorState),
    /// A participant.
    Participant(ParticipantState),
}

impl TxnNode {
    /// The client (node 0).
    pub fn client(config: TxnConfig) -> Self {
        Self::with_role(config, RoleState::Client(ClientState::new(&config)))
    }

    /// The coordinator (node 1).
    pub fn coordinator(config: TxnConfig) -> Self {
        Self::with_role(config, RoleState::Coordinator(CoordinatorState::default()))
    }

    /// Participant `index` (node 2 + index).
    pub fn participant(config: TxnConfig, index: u32) -> Self {
        Self::with_role(config, RoleState::Participant(ParticipantState::new(index)))
    }

    /// Every node of a run, in id order: client, coordinator, participants.
    pub fn all(config: TxnConfig) -> Vec<TxnNode> {
        let mut nodes = vec![Self::client(config), Self::coordinator(config)];
        nodes.extend((0..config.participants).map(|i| Self::participant(config, i)));
        nodes
    }

    fn with_role(config: TxnConfig, role: RoleState) -> Self {
        TxnNode {
            config,
            outbox: Vec::new(),
            role,
        }
    }

    /// The coordinator's volatile state, if this is the coordinator.
    pub fn as_coordinator(&self) -> Option<&CoordinatorState> {
        match &self.role {
            RoleState::Coordinator(state) => Some(state),
            _ => None,
        }
    }

    /// A participant's volatile state, if this is one.
    pub fn as_participant(&self) -> Option<&ParticipantState> {
        match &self.role {
            RoleState::Participant(state) => Some(state),
            _ => None,
        }
    }

    /// Runs one handler of the role with a [`Ctx`], then notes the node's state if it changed.
    fn handle(&mut self, io: &mut Io<'_, Self>, handler: impl FnOnce(&mut RoleState, &mut Ctx)) {
        let TxnNode {
            config,
            outbox,
            role,
        } = self;
        let mut ctx = Ctx {
            io,
            config,
            outbox,
            changed: None,
            note_anyway: false,
        };
        handler(role, &mut ctx);
        if ctx.changed.is_some() || ctx.note_anyway {
            let txn = ctx.changed;
            let note = match role {
                RoleState::Client(state) => state.note(&mut ctx, txn),
                RoleState::Coordinator(state) => state.note(&mut ctx, txn),
                RoleState::Participant(state) => state.note(&mut ctx, txn),
            };
            ctx.io.note(note);
        }
    }

    /// The next queued item's turn.
    fn send_next(&mut self, io: &mut Io<'_, Self>) {
        if self.outbox.is_empty() {
            return;
        }
        let item = self.outbox.remove(0);
        if !self.outbox.is_empty() {
            io.set_timer(TxnTimer::SendNext, SEND_GAP_MS);
        }
        match item {
            Outgoing::Send { to, msg } => {
                io.send(to, msg.clone());
                self.handle(io, |role, ctx| match role {
                    RoleState::Coordinator(state) => state.sent(ctx, to, &msg),
                    RoleState::Participant(state) => state.sent(ctx, to, &msg),
                    RoleState::Client(_) => {}
                });
            }
            Outgoing::Write(record) => self.handle(io, |_, ctx| ctx.force(record)),
        }
    }
}

/// What a role's handler works with: the node's [`Io`], the configuration, the send queue and the log.
pub struct Ctx<'a, 'io> {
    io: &'a mut Io<'io, TxnNode>,
    /// The run's configuration.
    pub config: &'a TxnConfig,
    outbox: &'a mut Vec<Outgoing>,
    changed: Option<TxnId>,
    note_anyway: bool,
}

impl Ctx<'_, '_> {
    /// The node's own clock.
    pub fn now_ms(&self) -> TimeMs {
        self.io.clock_ms()
    }

    /// The node's id.
    pub fn me(&self) -> NodeId {
        self.io.me()
    }

    /// The timing settings.
    pub fn timing(&self) -> &Timing {
        &self.config.timing
    }

    /// The node's durable log.
    pub fn log(&mut self) -> &TxnLog {
        self.io.durable()
    }

    /// Queues `msg` for `to`; it leaves when its turn comes.
    pub fn send(&mut self, to: NodeId, msg: TxnMsg) {
        self.enqueue(Outgoing::Send { to, msg });
    }

    /// Queues the start of a forced write behind the messages already queued.
    pub fn write_after_sends(&mut self, record: LogRecord) {
        self.enqueue(Outgoing::Write(record));
    }

    fn enqueue(&mut self, item: Outgoing) {
        if self.outbox.is_empty() {
            self.io.set_timer(TxnTimer::SendNext, SEND_GAP_MS);
        }
        self.outbox.push(item);
    }

    /// Starts a forced write: `record` is durable when the write completes ([`TxnTimer::LogWritten`]),
    /// after `log_write_ms`, and the role's `written` handler runs then.
    pub fn force(&mut self, record: LogRecord) {
        let after_ms = self.config.timing.log_write_ms;
        self.io.set_timer(TxnTimer::LogWritten(record), after_ms);
    }

    /// Abandons a forced write still in progress (the transaction was decided meanwhile).
    pub fn cancel_write(&mut self, record: LogRecord) {
        self.io.cancel_timer(&TxnTimer::LogWritten(record));
    }

    /// Appends a record that needs no fsync: it is on disk at once (presumed abort never needs to wait for
    /// it, see [`LogRecord`]).
    pub fn append(&mut self, record: LogRecord) {
        self.io.durable().records.push(record);
    }

    /// Sets a timer on the node's clock.
    pub fn set_timer(&mut self, timer: TxnTimer, after_ms: TimeMs) {
        self.io.set_timer(timer, after_ms);
    }

    /// Cancels a timer.
    pub fn cancel_timer(&mut self, timer: TxnTimer) {
        self.io.cancel_timer(&timer);
    }

    /// A uniform draw from `0..bound` from the run's random stream.
    pub fn random_below(&mut self, bound: u64) -> u64 {
        self.io.random_below(bound)
    }

    /// Marks `txn` as changed: the node notes its state when the handler returns.
    pub fn changed(&mut self, txn: TxnId) {
        self.changed = Some(txn);
    }

    /// The node notes its state when the handler returns, even if no transaction changed.
    pub fn note_anyway(&mut self) {
        self.note_anyway = true;
    }

    /// The durable log's records, cloned for a note.
    pub(crate) fn log_records(&mut self) -> Vec<LogRecord> {
        self.io.durable().records.clone()
    }
}

impl Protocol for TxnNode {
    type Msg = TxnMsg;
    type Timer = TxnTimer;
    type Durable = TxnLog;
    type Note = TxnNote;
    type Command = TxnCommand;

    /// Every node is idle with an empty log before it starts: the panel's cards show that at event 0.
    fn initial_note(&self) -> Option<TxnNote> {
        let role = match self.role {
            RoleState::Client(_) => Role::Client,
            RoleState::Coordinator(_) => Role::Coordinator,
            RoleState::Participant(_) => Role::Participant,
        };
        Some(TxnNote::idle(role))
    }

    fn on_start(&mut self, io: &mut Io<'_, Self>) {
        self.handle(io, |role, ctx| {
            ctx.note_anyway();
            match role {
                RoleState::Client(state) => state.start(ctx),
                RoleState::Coordinator(_) | RoleState::Participant(_) => {}
            }
        });
    }

    fn on_message(&mut self, io: &mut Io<'_, Self>, from: NodeId, msg: TxnMsg) {
        self.handle(io, |role, ctx| match role {
            RoleState::Client(state) => state.message(ctx, from, msg),
            RoleState::Coordinator(state) => state.message(ctx, from, msg),
            RoleState::Participant(state) => state.message(ctx, from, msg),
        });
    }

    fn on_timer(&mut self, io: &mut Io<'_, Self>, timer: TxnTimer) {
        match timer {
            TxnTimer::SendNext => self.send_next(io),
            TxnTimer::LogWritten(record) => {
                io.durable().records.push(record);
                self.handle(io, |role, ctx| match role {
                    RoleState::Client(_) => {}
                    RoleState::Coordinator(state) => state.written(ctx, record),
                    RoleState::Participant(state) => state.written(ctx, record),
                });
            }
            timer => self.handle(io, |role, ctx| match role {
                RoleState::Client(state) => state.timer(ctx, timer),
                RoleState::Coordinator(state) => state.timer(ctx, timer),
                RoleState::Participant(state) => state.timer(ctx, timer),
            }),
        }
    }

    /// Each role reads its log and finishes what it can: the coordinator resends logged decisions (and, with
    /// presumed abort, aborts what it never decided); an in-doubt participant takes its lock back and asks.
    fn on_recover(&mut self, io: &mut Io<'_, Self>) {
        self.handle(io, |role, ctx| {
            ctx.note_anyway();
            match role {
                RoleState::Client(state) => state.recover(ctx),
                RoleState::Coordinator(state) => state.recover(ctx),
                RoleState::Participant(state) => state.recover(ctx),
            }
        });
    }

    fn on_command(&mut self, io: &mut Io<'_, Self>, command: TxnCommand) {
        self.handle(io, |role, ctx| match (role, command) {
            (RoleState::Client(state), TxnCommand::Begin { participants }) => {
                state.begin(ctx, participants)
            }
            (RoleState::Client(state), TxnCommand::Stream { on }) => state.set_stream(ctx, on),
            (RoleState::Participant(state), TxnCommand::Refuse) => state.refuse_next(ctx),
            _ => {}
        });
    }
}
