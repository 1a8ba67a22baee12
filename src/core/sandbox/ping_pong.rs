//! The ping-pong state machine.
use crate::sim::{Io, Message, NoCommand, NodeId, Note, Protocol};
use serde::{Deserialize, Serialize};

/// How often each node pings its neighbour.
pub const PING_EVERY_MS: u64 = 100;

/// Which behaviour a node has: the correct one, or a named bug to find.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Variant {
    /// Counts a pong only if its ping is outstanding, then forgets the ping.
    Correct,
    /// Counts every pong, so a duplicated pong (or ping) is counted twice.
    CountsDuplicatePongs,
}

/// The two messages (ordered and hashable so the model checker can keep them sorted).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PingPongMsg {
    /// "Are you there?", numbered by the sender's durable counter.
    Ping {
        /// Unique per sender, never reused, even across crashes.
        seq: u64,
    },
    /// "Yes", echoing the ping's number.
    Pong {
        /// The seq of the ping being answered.
        seq: u64,
    },
}

impl Message for PingPongMsg {
    fn kind(&self) -> &'static str {
        match self {
            PingPongMsg::Ping { .. } => "ping",
            PingPongMsg::Pong { .. } => "pong",
        }
    }

    fn detail(&self) -> String {
        match self {
            PingPongMsg::Ping { seq } => format!("ping #{seq}"),
            PingPongMsg::Pong { seq } => format!("pong #{seq}"),
        }
    }
}

/// The node's only timer: time to ping again.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PingPongTimer {
    /// Send the next ping.
    Tick,
}

/// What survives a crash: the counters the invariant compares.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Counters {
    /// Pings sent so far; also the next ping's seq, so seqs are never reused after a restart.
    pub pings_sent: u64,
    /// Pongs counted so far.
    pub pongs_counted: u64,
}

/// What a node reports after every change: its counters and how many pings are unanswered.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct PingPongNote {
    /// Pings sent so far.
    pub pings_sent: u64,
    /// Pongs counted so far.
    pub pongs_counted: u64,
    /// Pings sent and not yet answered.
    pub outstanding: u32,
}

impl Note for PingPongNote {
    /// `"waiting"` while a ping is unanswered, else `"idle"`.
    fn state(&self) -> &'static str {
        if self.outstanding == 0 {
            "idle"
        } else {
            "waiting"
        }
    }
}

/// One node's volatile state.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct PingPong {
    /// Which behaviour this node has.
    pub variant: Variant,
    /// Seqs of pings sent and not yet answered (lost on crash), in increasing order: seqs only grow, so a
    /// new one goes at the end. (A `Vec`, not a `BTreeSet`: a few entries, and no B-tree compiled for them.)
    pub outstanding: Vec<u64>,
}

impl PingPong {
    /// A fresh node.
    pub fn new(variant: Variant) -> Self {
        Self {
            variant,
            outstanding: Vec::new(),
        }
    }

    fn note_state(&self, io: &mut Io<'_, Self>) {
        let counters = io.durable().clone();
        io.note(PingPongNote {
            pings_sent: counters.pings_sent,
            pongs_counted: counters.pongs_counted,
            outstanding: self.outstanding.len() as u32,
        });
    }
}

impl Protocol for PingPong {
    type Msg = PingPongMsg;
    type Timer = PingPongTimer;
    type Durable = Counters;
    type Note = PingPongNote;
    type Command = NoCommand;

    fn on_start(&mut self, io: &mut Io<'_, Self>) {
        // A random first tick spreads the nodes out, so their pings do not all cross at once.
        let first_tick_ms = 1 + io.random_below(PING_EVERY_MS);
        io.set_timer(PingPongTimer::Tick, first_tick_ms);
        self.note_state(io);
    }

    fn on_message(&mut self, io: &mut Io<'_, Self>, from: NodeId, msg: PingPongMsg) {
        match msg {
            PingPongMsg::Ping { seq } => io.send(from, PingPongMsg::Pong { seq }),
            PingPongMsg::Pong { seq } => {
                let was_outstanding = match self.outstanding.binary_search(&seq) {
                    Ok(position) => {
                        self.outstanding.remove(position);
                        true
                    }
                    Err(_) => false,
                };
                let counts = match self.variant {
                    Variant::Correct => was_outstanding,
                    Variant::CountsDuplicatePongs => true,
                };
                if counts {
                    io.durable().pongs_counted += 1;
                    self.note_state(io);
                }
            }
        }
    }

    fn on_timer(&mut self, io: &mut Io<'_, Self>, timer: PingPongTimer) {
        match timer {
            PingPongTimer::Tick => {
                let seq = io.durable().pings_sent;
                io.durable().pings_sent += 1;
                self.outstanding.push(seq);
                let next = NodeId((io.me().0 + 1) % io.node_count().max(1));
                io.send(next, PingPongMsg::Ping { seq });
                io.set_timer(PingPongTimer::Tick, PING_EVERY_MS);
                self.note_state(io);
            }
        }
    }
}
