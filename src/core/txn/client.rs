//! The client: begins transactions (one, a stream, or on command) and waits for each outcome, resending
//! `begin` until the coordinator answers. Its log numbers its transactions and remembers what it learned.
use super::config::TxnConfig;
use super::ids::{ParticipantSet, TxnId, COORDINATOR};
use super::log::{LogRecord, Outcome};
use super::messages::TxnMsg;
use super::node::{Ctx, TxnTimer};
use super::note::{Role, TxnNote, TxnState};
use crate::sim::NodeId;

/// The client's volatile state.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ClientState {
    /// Whether the stream is running (the setting at start and after a crash; `stream` commands change it).
    pub stream_on: bool,
    /// Transactions begun by the current stream.
    pub streamed: u32,
}

impl ClientState {
    /// A client as the run starts it.
    pub fn new(config: &TxnConfig) -> Self {
        ClientState {
            stream_on: config.workload.stream,
            streamed: 0,
        }
    }

    pub(crate) fn start(&mut self, ctx: &mut Ctx) {
        let first_ms = ctx.config.workload.first_begin_ms;
        ctx.set_timer(TxnTimer::NextBegin, first_ms);
    }

    /// After a crash: the stream (if the setting runs one) goes on where the log says it was, and every
    /// transaction without a learned outcome is asked about again.
    pub(crate) fn recover(&mut self, ctx: &mut Ctx) {
        let begun = ctx.log().begin_count();
        self.streamed = begun;
        if self.stream_on || begun == 0 {
            let every_ms = ctx.config.workload.stream_every_ms;
            ctx.set_timer(TxnTimer::NextBegin, every_ms);
        }
        let pending: Vec<(TxnId, ParticipantSet)> = ctx
            .log()
            .records
            .iter()
            .filter_map(|r| match r {
                LogRecord::Begin { txn, participants } => Some((*txn, *participants)),
                _ => None,
            })
            .collect();
        for (txn, participants) in pending {
            if ctx.log().decision(txn).is_none() {
                ctx.send(COORDINATOR, TxnMsg::Begin { txn, participants });
                let retry_ms = retry_ms(ctx);
                ctx.set_timer(TxnTimer::ClientRetry(txn), retry_ms);
            }
        }
    }

    /// Begins a transaction on `participants` (those past the run's participants are dropped).
    pub(crate) fn begin(&mut self, ctx: &mut Ctx, participants: ParticipantSet) {
        let participants = participants.and(ctx.config.all_participants());
        if participants.is_empty() {
            return;
        }
        let txn = TxnId(ctx.log().begin_count() + 1);
        ctx.append(LogRecord::Begin { txn, participants });
        ctx.send(COORDINATOR, TxnMsg::Begin { txn, participants });
        let retry_ms = retry_ms(ctx);
        ctx.set_timer(TxnTimer::ClientRetry(txn), retry_ms);
        ctx.changed(txn);
    }

    pub(crate) fn set_stream(&mut self, ctx: &mut Ctx, on: bool) {
        self.stream_on = on;
        if on {
            self.streamed = 0;
            let every_ms = ctx.config.workload.stream_every_ms;
            ctx.set_timer(TxnTimer::NextBegin, every_ms);
        } else {
            ctx.cancel_timer(TxnTimer::NextBegin);
        }
    }

    pub(crate) fn message(&mut self, ctx: &mut Ctx, _from: NodeId, msg: TxnMsg) {
        let (txn, outcome) = match msg {
            TxnMsg::Commit { txn } => (txn, Outcome::Commit),
            TxnMsg::Abort { txn } => (txn, Outcome::Abort),
            _ => return,
        };
        if ctx.log().begun(txn).is_some() && ctx.log().decision(txn).is_none() {
            ctx.append(LogRecord::decision(txn, outcome));
            ctx.cancel_timer(TxnTimer::ClientRetry(txn));
            ctx.changed(txn);
        }
    }

    pub(crate) fn timer(&mut self, ctx: &mut Ctx, timer: TxnTimer) {
        match timer {
            TxnTimer::NextBegin => self.next_begin(ctx),
            TxnTimer::ClientRetry(txn) => {
                if let (Some(participants), None) = (ctx.log().begun(txn), ctx.log().decision(txn))
                {
                    ctx.send(COORDINATOR, TxnMsg::Begin { txn, participants });
                    let retry_ms = retry_ms(ctx);
                    ctx.set_timer(TxnTimer::ClientRetry(txn), retry_ms);
                }
            }
            _ => {}
        }
    }

    /// The workload's next transaction: without a stream, one touching every participant (once); with one,
    /// a random non-empty set, until the stream has begun its `stream_txns`.
    fn next_begin(&mut self, ctx: &mut Ctx) {
        let workload = ctx.config.workload;
        if !self.stream_on {
            if ctx.log().begin_count() == 0 {
                let all = ctx.config.all_participants();
                self.begin(ctx, all);
            }
            return;
        }
        if self.streamed >= workload.stream_txns {
            return;
        }
        let sets = u64::from(ctx.config.all_participants().0);
        let participants = ParticipantSet((1 + ctx.random_below(sets)) as u8);
        self.streamed += 1;
        self.begin(ctx, participants);
        if self.streamed < workload.stream_txns {
            ctx.set_timer(TxnTimer::NextBegin, workload.stream_every_ms);
        }
    }

    pub(crate) fn note(&self, ctx: &mut Ctx, txn: Option<TxnId>) -> TxnNote {
        let state = match txn {
            None => TxnState::Idle,
            Some(txn) => match ctx.log().decision(txn) {
                Some(Outcome::Commit) => TxnState::Committed,
                Some(Outcome::Abort) => TxnState::Aborted,
                None if ctx.log().begun(txn).is_some() => TxnState::Working,
                None => TxnState::Idle,
            },
        };
        TxnNote {
            role: Role::Client,
            state,
            txn,
            log: ctx.log_records(),
            lock_held_by: None,
            lock_waiters: Vec::new(),
            in_doubt_since_ms: None,
        }
    }
}

/// How long the client waits for an outcome before it resends `begin`: long enough for the coordinator
/// to give up on missing votes.
fn retry_ms(ctx: &Ctx) -> crate::sim::TimeMs {
    let timing = ctx.timing();
    timing.vote_timeout_ms + timing.retry_ms
}
