//! A lock client: it loops (or waits for a command) through acquire, read, work, write, release.
//!
//! Each round is one hold: the client tries to acquire with its variant's protocol and retries on failure
//! with its [`RetryPolicy`]; once it believes it holds the lock it reads the resource (with its token where
//! the variant has one), works for `work_ms` by its own clock, writes the value read plus one, and releases.
//! Every request that expects a reply has a timeout; a hold whose read or write is not answered in time is
//! abandoned and released.
//!
//! A client does not check its lease again just before writing: a pause can come between that check and the
//! write (Kleppmann 2016), and this simulator runs a handler without interruption, so a check there would
//! hide exactly the failure the panel teaches.
mod queue;
mod redis;
mod redlock;

use super::message::{HoldId, LockMsg, SessionId, Ticket};
use super::node::{LockNode, LockTimer};
use super::note::{Cause, ClientNote, ClientState, LockNote};
use super::variant::{RetryPolicy, Variant};
use crate::sim::{Io, NodeId, TimeMs};

/// What every client of a run shares: the variant and the timings.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ClientConfig {
    /// The lock design.
    pub variant: Variant,
    /// How it waits after a failed attempt (already [`RetryPolicy::effective`] for the variant).
    pub policy: RetryPolicy,
    /// The lease (or session timeout, or Redlock's ttl), by the lock node's clock.
    pub lease_ms: TimeMs,
    /// How long a hold works between its read and its write, by the client's clock.
    pub work_ms: TimeMs,
    /// The retry policy's base interval.
    pub retry_ms: TimeMs,
    /// Renew the lease every third of it while holding (single-node leases only).
    pub watchdog: bool,
    /// Start a new round after each one (after a short pause); otherwise wait for an `acquire` command.
    pub looping: bool,
    /// How long to wait for any reply.
    pub reply_timeout_ms: TimeMs,
    /// Lock nodes are `0..lock_nodes`.
    pub lock_nodes: u32,
    /// The storage node.
    pub storage: NodeId,
}

impl ClientConfig {
    /// Redlock's majority of its nodes.
    fn majority(&self) -> u32 {
        self.lock_nodes / 2 + 1
    }

    /// The single lock node (node 0) of the variants that have one.
    fn service(&self) -> NodeId {
        NodeId(0)
    }

    /// Redlock's allowance for clock drift: 1 % of the ttl plus 2 ms, as its description computes it.
    fn drift_allowance_ms(&self) -> TimeMs {
        self.lease_ms / 100 + 2
    }

    /// What a Redlock hold must have left to read, work and write in time: the work and two reply timeouts
    /// (the read's round trip and the write's way there are each shorter, or the hold is abandoned).
    fn validity_needed_ms(&self) -> i64 {
        (self.work_ms + 2 * self.reply_timeout_ms) as i64
    }
}

/// What the client is waiting for in an attempt.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Attempt {
    /// Check-then-set: the `GET` reply.
    Get,
    /// Check-then-set: the `SET` reply.
    Set,
    /// Seed 001: the `INCR` reply; `stamp` is the client's clock when it asked (its version).
    Incr {
        /// The version this attempt uses.
        stamp: TimeMs,
    },
    /// Seed 001: the `GET version` reply.
    GetVersion {
        /// The version this attempt uses.
        stamp: TimeMs,
    },
    /// Seed 001: the `SET version` reply.
    SetVersion {
        /// The version this attempt uses.
        stamp: TimeMs,
    },
    /// `SET NX`: the reply; the lease is counted from when it was sent, by the client's clock.
    SetNx {
        /// The client's clock when it sent the request.
        sent_clock_ms: TimeMs,
    },
    /// Redlock: replies from the nodes, as bit sets by node id.
    Redlock {
        /// The client's clock when it sent the requests.
        started_clock_ms: TimeMs,
        /// Nodes that granted.
        granted: u32,
        /// Nodes that answered.
        answered: u32,
    },
    /// Queue: the `create` reply.
    Create,
}

/// A hold the client believes it has.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Hold {
    /// The attempt that was granted.
    pub ticket: Ticket,
    /// Its fencing token.
    pub token: Option<u64>,
    /// The value read, once the read is answered.
    pub read: Option<u64>,
    /// When the client believes its lease ends, by its own clock (Redlock: the end of the validity time).
    pub lease_until_clock_ms: Option<i64>,
    /// When the watchdog last asked for a renewal, by the client's clock.
    pub renewal_sent_clock_ms: Option<TimeMs>,
    /// Its queue entry.
    pub seq: Option<u64>,
}

/// Where the client is.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Phase {
    /// Not asking.
    Idle,
    /// An attempt in flight.
    Acquiring(Attempt),
    /// Waiting for the retry timer.
    Backoff,
    /// Waiting on the queue: its entry (the herd has none until it wins) and how many are ahead.
    Queued {
        /// Its entry.
        seq: Option<u64>,
        /// Entries ahead.
        ahead: Option<u32>,
    },
    /// Holding: reading, then working.
    Holding(Hold),
    /// Holding, write sent.
    Writing(Hold),
}

/// A client's volatile state (a crash forgets it all; its round and session counters are durable).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Client {
    /// The run's shared settings.
    pub config: ClientConfig,
    /// Where it is.
    pub phase: Phase,
    /// Its current round (0 before the first).
    pub round: u32,
    /// Its current attempt within the round.
    pub attempt: u32,
    /// Failed attempts in this round.
    pub retries: u32,
    /// Its queue session, once opened.
    pub session: Option<SessionId>,
    /// A queue entry deleted but not yet acknowledged: the delete is sent again with every keep-alive, so
    /// a lost delete cannot leave a finished hold at the head of the queue.
    pub unacknowledged_delete: Option<(Ticket, u64)>,
}

/// A client's durable counters.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ClientRecord {
    /// Rounds started: the next round's number, so holds are never reused across crashes.
    pub rounds: u32,
    /// Holds it came to believe it had.
    pub acquisitions: u32,
    /// Queue sessions opened.
    pub sessions: u32,
}

type ClientIo<'a, 'b> = &'a mut Io<'b, LockNode>;

impl Client {
    /// A client that has not started.
    pub fn new(config: ClientConfig) -> Self {
        Self {
            config,
            phase: Phase::Idle,
            round: 0,
            attempt: 0,
            retries: 0,
            session: None,
            unacknowledged_delete: None,
        }
    }

    fn ticket(&self, me: NodeId) -> Ticket {
        Ticket {
            hold: HoldId {
                client: me,
                round: self.round,
            },
            attempt: self.attempt,
        }
    }

    /// The hold the client believes it has, if any.
    pub fn hold(&self) -> Option<&Hold> {
        match &self.phase {
            Phase::Holding(hold) | Phase::Writing(hold) => Some(hold),
            _ => None,
        }
    }

    pub(super) fn on_start(&mut self, io: ClientIo<'_, '_>) {
        if self.config.variant.has_queue() {
            io.set_timer(LockTimer::KeepAlive, self.keep_alive_every_ms());
        }
        if self.config.looping {
            self.think(io);
        }
        self.note(io, ClientState::Idle, None, None);
    }

    /// "Acquire now": starts a round if the client is not already in one.
    pub(super) fn on_acquire_command(&mut self, io: ClientIo<'_, '_>) {
        if self.phase == Phase::Idle {
            io.cancel_timer(&LockTimer::Think);
            self.start_round(io);
        }
    }

    pub(super) fn on_timer(&mut self, io: ClientIo<'_, '_>, timer: LockTimer) {
        match timer {
            LockTimer::Think if self.phase == Phase::Idle => self.start_round(io),
            LockTimer::Retry if self.phase == Phase::Backoff => self.try_attempt(io),
            LockTimer::ReplyTimeout => self.on_reply_timeout(io),
            LockTimer::Work => self.write(io),
            LockTimer::Renew => self.renew(io),
            LockTimer::KeepAlive => self.on_keep_alive_tick(io),
            LockTimer::Recheck => self.recheck(io),
            _ => {}
        }
    }

    fn think(&self, io: ClientIo<'_, '_>) {
        let think_ms = 1 + io.random_below(self.config.work_ms.max(1));
        io.set_timer(LockTimer::Think, think_ms);
    }

    fn start_round(&mut self, io: ClientIo<'_, '_>) {
        let record = &mut io.durable().client;
        record.rounds += 1;
        self.round = record.rounds;
        self.attempt = 0;
        self.retries = 0;
        self.try_attempt(io);
    }

    /// Sends the variant's first request of a new attempt.
    fn try_attempt(&mut self, io: ClientIo<'_, '_>) {
        self.attempt += 1;
        let ticket = self.ticket(io.me());
        let service = self.config.service();
        let clock_ms = io.clock_ms();
        let lease_ms = self.config.lease_ms;
        let attempt = match self.config.variant {
            Variant::CheckThenSet => {
                io.send(service, LockMsg::Get { ticket });
                Attempt::Get
            }
            Variant::CounterTimestamp => {
                io.send(service, LockMsg::Incr { ticket });
                Attempt::Incr { stamp: clock_ms }
            }
            Variant::LocalHash => {
                // The process's own `threading.Lock`, picked by `hash(key) % N`: no other thread of this
                // process wants it, so it is always free.
                self.note(io, ClientState::Acquiring, None, None);
                return self.begin_hold(io, ticket, None, None, None);
            }
            Variant::SetNxNoExpiry | Variant::Lease | Variant::LeaseFencing => {
                let ttl_ms = (self.config.variant != Variant::SetNxNoExpiry).then_some(lease_ms);
                let fencing = self.config.variant.has_fencing();
                io.send(
                    service,
                    LockMsg::SetNx {
                        ticket,
                        ttl_ms,
                        fencing,
                    },
                );
                Attempt::SetNx {
                    sent_clock_ms: clock_ms,
                }
            }
            Variant::Redlock => {
                for node in 0..self.config.lock_nodes {
                    io.send(
                        NodeId(node),
                        LockMsg::SetNx {
                            ticket,
                            ttl_ms: Some(lease_ms),
                            fencing: false,
                        },
                    );
                }
                Attempt::Redlock {
                    started_clock_ms: clock_ms,
                    granted: 0,
                    answered: 0,
                }
            }
            Variant::QueueLock | Variant::QueueHerd => {
                let session = self.session_or_open(io);
                let sequential = self.config.variant == Variant::QueueLock;
                io.send(
                    service,
                    LockMsg::Create {
                        ticket,
                        session,
                        sequential,
                    },
                );
                Attempt::Create
            }
        };
        self.phase = Phase::Acquiring(attempt);
        io.set_timer(LockTimer::ReplyTimeout, self.config.reply_timeout_ms);
        self.note(io, ClientState::Acquiring, None, None);
    }

    /// The attempt failed: wait as the policy says, then try again.
    fn fail_attempt(&mut self, io: ClientIo<'_, '_>, cause: Cause) {
        io.cancel_timer(&LockTimer::ReplyTimeout);
        io.cancel_timer(&LockTimer::Recheck);
        self.retries += 1;
        let delay_ms = self
            .config
            .policy
            .delay_ms(self.retries, self.config.retry_ms, |bound| {
                io.random_below(bound)
            });
        self.phase = Phase::Backoff;
        io.set_timer(LockTimer::Retry, delay_ms);
        self.note(io, ClientState::Backoff, Some(cause), Some(delay_ms));
    }

    /// The client now believes it holds the lock: it reads the resource.
    fn begin_hold(
        &mut self,
        io: ClientIo<'_, '_>,
        ticket: Ticket,
        token: Option<u64>,
        lease_until_clock_ms: Option<i64>,
        seq: Option<u64>,
    ) {
        io.cancel_timer(&LockTimer::ReplyTimeout);
        io.cancel_timer(&LockTimer::Recheck);
        io.durable().client.acquisitions += 1;
        self.phase = Phase::Holding(Hold {
            ticket,
            token,
            read: None,
            lease_until_clock_ms,
            renewal_sent_clock_ms: None,
            seq,
        });
        io.send(
            self.config.storage,
            LockMsg::Read {
                hold: ticket.hold,
                token,
            },
        );
        io.set_timer(LockTimer::ReplyTimeout, self.config.reply_timeout_ms);
        if self.config.watchdog && self.config.variant.has_watchdog() {
            io.set_timer(LockTimer::Renew, (self.config.lease_ms / 3).max(1));
        }
        self.note(io, ClientState::Holding, None, None);
    }

    /// The work is done: write the value read plus one.
    fn write(&mut self, io: ClientIo<'_, '_>) {
        let Phase::Holding(hold) = &self.phase else {
            return;
        };
        let Some(read) = hold.read else {
            return;
        };
        let hold = hold.clone();
        io.send(
            self.config.storage,
            LockMsg::Write {
                hold: hold.ticket.hold,
                token: hold.token,
                value: read + 1,
            },
        );
        self.phase = Phase::Writing(hold);
        io.set_timer(LockTimer::ReplyTimeout, self.config.reply_timeout_ms);
        self.note(io, ClientState::Writing, None, None);
    }

    /// The watchdog: ask for the lease again while the hold lasts.
    fn renew(&mut self, io: ClientIo<'_, '_>) {
        let clock_ms = io.clock_ms();
        let lease_ms = self.config.lease_ms;
        let (Phase::Holding(hold) | Phase::Writing(hold)) = &mut self.phase else {
            return;
        };
        hold.renewal_sent_clock_ms = Some(clock_ms);
        let ticket = hold.ticket;
        io.send(
            self.config.service(),
            LockMsg::Extend {
                ticket,
                ttl_ms: lease_ms,
            },
        );
        io.set_timer(LockTimer::Renew, (lease_ms / 3).max(1));
    }

    /// Ends the hold (released, refused or lost), lets the lock go, and thinks before the next round.
    fn end_hold(&mut self, io: ClientIo<'_, '_>, state: ClientState, cause: Option<Cause>) {
        if let Some(hold) = self.hold().cloned() {
            if cause != Some(Cause::SessionExpired) {
                self.release(io, &hold);
            }
        }
        for timer in [LockTimer::ReplyTimeout, LockTimer::Work, LockTimer::Renew] {
            io.cancel_timer(&timer);
        }
        self.note(io, state, cause, None);
        self.phase = Phase::Idle;
        if self.config.looping {
            self.think(io);
        }
    }

    fn release(&mut self, io: ClientIo<'_, '_>, hold: &Hold) {
        let ticket = hold.ticket;
        let service = self.config.service();
        match self.config.variant {
            Variant::CheckThenSet => io.send(service, LockMsg::Del { ticket }),
            Variant::CounterTimestamp => io.send(service, LockMsg::Decr { ticket }),
            Variant::LocalHash => {}
            Variant::SetNxNoExpiry | Variant::Lease | Variant::LeaseFencing => {
                io.send(service, LockMsg::Release { ticket })
            }
            Variant::Redlock => {
                for node in 0..self.config.lock_nodes {
                    io.send(NodeId(node), LockMsg::Release { ticket });
                }
            }
            Variant::QueueLock | Variant::QueueHerd => {
                if let (Some(session), Some(seq)) = (self.session, hold.seq) {
                    io.send(
                        service,
                        LockMsg::Delete {
                            ticket,
                            session,
                            seq,
                        },
                    );
                    self.unacknowledged_delete = Some((ticket, seq));
                }
            }
        }
    }

    fn on_reply_timeout(&mut self, io: ClientIo<'_, '_>) {
        match &self.phase {
            Phase::Acquiring(Attempt::Redlock { .. }) => self.decide_redlock(io),
            Phase::Acquiring(_) => self.fail_attempt(io, Cause::ReplyTimeout),
            Phase::Queued { seq: Some(seq), .. } => {
                // The check after a notification went unanswered: ask again.
                let (ticket, seq) = (self.ticket(io.me()), *seq);
                if let Some(session) = self.session {
                    io.send(
                        self.config.service(),
                        LockMsg::Check {
                            ticket,
                            session,
                            seq,
                        },
                    );
                    io.set_timer(LockTimer::ReplyTimeout, self.config.reply_timeout_ms);
                }
            }
            Phase::Holding(_) | Phase::Writing(_) => {
                self.end_hold(io, ClientState::Released, Some(Cause::ReplyTimeout))
            }
            Phase::Idle | Phase::Backoff | Phase::Queued { .. } => {}
        }
    }

    /// True when `ticket` is the attempt in flight.
    fn is_current(&self, io: &Io<'_, LockNode>, ticket: Ticket) -> bool {
        ticket == self.ticket(io.me()) && matches!(self.phase, Phase::Acquiring(_))
    }

    /// Handles a reply from a lock node or the storage.
    pub(super) fn on_message(&mut self, io: ClientIo<'_, '_>, from: NodeId, msg: LockMsg) {
        match msg {
            LockMsg::Value { ticket, holder } => self.on_value(io, ticket, holder),
            LockMsg::Ok { ticket } => self.on_ok(io, ticket),
            LockMsg::Integer { ticket, value } => self.on_counter(io, ticket, value),
            LockMsg::Version { ticket, version } => self.on_version(io, ticket, version),
            LockMsg::Granted { ticket, token } => self.on_granted(io, from, ticket, token),
            LockMsg::Busy { ticket } => self.on_busy(io, from, ticket),
            LockMsg::Queued {
                ticket,
                seq,
                ahead,
                predecessor,
            } => self.on_queued(io, ticket, seq, ahead, predecessor),
            LockMsg::Notify { ticket, .. } => self.on_notify(io, ticket),
            LockMsg::SessionExpired { session } => self.on_session_expired(io, session),
            LockMsg::Extended { ticket } => {
                let lease_ms = self.config.lease_ms as i64;
                if let Phase::Holding(hold) | Phase::Writing(hold) = &mut self.phase {
                    if hold.ticket == ticket {
                        if let Some(sent) = hold.renewal_sent_clock_ms {
                            hold.lease_until_clock_ms = Some(sent as i64 + lease_ms);
                        }
                    }
                }
            }
            LockMsg::NotOwner { ticket } => {
                let renewing = self.config.watchdog && self.config.variant.has_watchdog();
                if renewing && self.hold().is_some_and(|h| h.ticket == ticket) {
                    self.end_hold(io, ClientState::Lost, Some(Cause::RenewalRefused));
                }
            }
            LockMsg::Deleted { ticket } => self.on_deleted(ticket),
            LockMsg::ReadOk { hold, value } => {
                let work_ms = self.config.work_ms;
                if let Phase::Holding(current) = &mut self.phase {
                    if current.ticket.hold == hold && current.read.is_none() {
                        current.read = Some(value);
                        io.cancel_timer(&LockTimer::ReplyTimeout);
                        io.set_timer(LockTimer::Work, work_ms);
                    }
                }
            }
            LockMsg::ReadRejected { hold, highest } => {
                if matches!(&self.phase, Phase::Holding(h) if h.ticket.hold == hold) {
                    self.end_hold(
                        io,
                        ClientState::Rejected,
                        Some(Cause::ReadRejected { highest }),
                    );
                }
            }
            LockMsg::WriteAccepted { hold } => {
                if matches!(&self.phase, Phase::Writing(h) if h.ticket.hold == hold) {
                    self.end_hold(io, ClientState::Released, None);
                }
            }
            LockMsg::WriteRejected { hold, highest } => {
                if matches!(&self.phase, Phase::Writing(h) if h.ticket.hold == hold) {
                    self.end_hold(
                        io,
                        ClientState::Rejected,
                        Some(Cause::WriteRejected { highest }),
                    );
                }
            }
            _ => {}
        }
    }

    fn note(
        &self,
        io: ClientIo<'_, '_>,
        state: ClientState,
        cause: Option<Cause>,
        retry_in_ms: Option<TimeMs>,
    ) {
        let clock_ms = io.clock_ms();
        let hold = self.hold();
        let queue_position = match (&self.phase, hold) {
            (Phase::Queued { ahead, .. }, _) => *ahead,
            (_, Some(_)) if self.config.variant.has_queue() => Some(0),
            _ => None,
        };
        io.note(LockNote::Client(ClientNote {
            state,
            round: self.round,
            attempt: self.attempt,
            retries: self.retries,
            token: hold.and_then(|h| h.token),
            lease_left_ms: hold
                .and_then(|h| h.lease_until_clock_ms)
                .map(|until| until - clock_ms as i64),
            retry_in_ms,
            queue_position,
            cause,
            clock_ms,
        }));
    }
}
