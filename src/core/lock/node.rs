//! [`LockNode`]: the one protocol type of the lock panel, an enum of its roles, with its timers, durable
//! state and the command a user can give a client.
use super::client::{Client, ClientRecord};
use super::message::{LockMsg, SessionId};
use super::note::LockNote;
use super::service::{Service, ServiceData};
use super::storage::{on_storage_message, StorageLog};
use crate::sim::{Command, CommandRecord, Io, NodeId, Protocol};

/// Every role a node of the lock panel plays.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum LockNode {
    /// The single lock service (Redis-like, with a ZooKeeper-like queue).
    Service(Service),
    /// One of Redlock's independent lock nodes (the same server, five times).
    RedlockNode(Service),
    /// The storage clients write to.
    Storage,
    /// A client.
    Client(Client),
}

/// Every timer, each on its node's own clock.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum LockTimer {
    /// Client: start the next round.
    Think,
    /// Client: try again after a failed attempt.
    Retry,
    /// Client: a reply (or Redlock's replies) did not come in time.
    ReplyTimeout,
    /// Client: the work is done; write.
    Work,
    /// Client: the watchdog renews the lease.
    Renew,
    /// Client: tell the queue service the session is alive.
    KeepAlive,
    /// Client: a queued waiter has heard nothing for a while; ask where it stands.
    Recheck,
    /// Lock node: the lease may have run out.
    LeaseExpiry,
    /// Lock node: this session may have gone silent too long.
    SessionExpiry {
        /// The session.
        session: SessionId,
    },
}

/// What survives a crash. One type for every role (the kernel gives every node the same type); each role
/// uses its part.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LockDurable {
    /// A lock node's keys, queue and sessions.
    pub service: ServiceData,
    /// The storage's value and log.
    pub storage: StorageLog,
    /// A client's counters.
    pub client: ClientRecord,
}

/// What a user can ask a client to do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum LockCommand {
    /// "Client 3 acquires now": start a round at once if the client is not in one.
    Acquire,
}

/// The command's legend code.
pub const ACQUIRE_COMMAND: &str = "acquire";

impl Command for LockCommand {
    fn to_record(&self) -> CommandRecord {
        CommandRecord::new(ACQUIRE_COMMAND)
    }

    fn from_record(record: &CommandRecord) -> Option<Self> {
        (record.code == ACQUIRE_COMMAND && record.arg.is_none()).then_some(LockCommand::Acquire)
    }
}

impl LockNode {
    /// The client's state, if this node is one.
    pub fn client(&self) -> Option<&Client> {
        match self {
            LockNode::Client(client) => Some(client),
            _ => None,
        }
    }
}

impl Protocol for LockNode {
    type Msg = LockMsg;
    type Timer = LockTimer;
    type Durable = LockDurable;
    type Note = LockNote;
    type Command = LockCommand;

    fn on_start(&mut self, io: &mut Io<'_, Self>) {
        if let LockNode::Client(client) = self {
            client.on_start(io);
        }
    }

    fn on_message(&mut self, io: &mut Io<'_, Self>, from: NodeId, msg: LockMsg) {
        match self {
            LockNode::Service(service) | LockNode::RedlockNode(service) => {
                service.on_message(io, from, msg)
            }
            LockNode::Storage => on_storage_message(io, from, msg),
            LockNode::Client(client) => client.on_message(io, from, msg),
        }
    }

    fn on_timer(&mut self, io: &mut Io<'_, Self>, timer: LockTimer) {
        match self {
            LockNode::Service(service) | LockNode::RedlockNode(service) => {
                service.on_timer(io, timer)
            }
            LockNode::Storage => {}
            LockNode::Client(client) => client.on_timer(io, timer),
        }
    }

    fn on_recover(&mut self, io: &mut Io<'_, Self>) {
        match self {
            LockNode::Service(service) | LockNode::RedlockNode(service) => service.on_recover(io),
            LockNode::Storage => {}
            LockNode::Client(client) => client.on_start(io),
        }
    }

    fn on_command(&mut self, io: &mut Io<'_, Self>, command: LockCommand) {
        if let (LockNode::Client(client), LockCommand::Acquire) = (self, command) {
            client.on_acquire_command(io);
        }
    }
}
