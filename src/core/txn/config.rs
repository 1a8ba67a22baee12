//! What a commit run is configured with: the variant (correct or a named broken one), the timeouts and
//! the client's workload. Every node gets the same [`TxnConfig`].
use crate::sim::TimeMs;
use serde::Serialize;

/// Which commit protocol the nodes run: three correct ones and three named bugs to find.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Variant {
    /// Two-phase commit with presumed abort (Gray 1978; Mohan, Lindsay and Obermarck 1986). Correct; blocks
    /// while the coordinator is down and a participant is in doubt.
    TwoPhase,
    /// Two-phase commit with the cooperative termination protocol (Bernstein, Hadzilacos and Goodman,
    /// "Concurrency Control and Recovery in Database Systems", 1987, §7.4): an in-doubt participant also
    /// asks its peers. Correct; helps when a peer knows the outcome or has not voted, still blocks when
    /// every participant is in doubt and the coordinator is down.
    Cooperative,
    /// Three-phase commit (Skeen, "Nonblocking commit protocols", 1981) with a backup coordinator elected
    /// among the participants. Non-blocking when the coordinator crashes and the network is synchronous;
    /// violates atomicity when the network partitions.
    ThreePhase,
    /// Broken: the coordinator decides commit on the first `vote-yes` instead of waiting for every vote
    /// (the seed article's "send a request and the others update their state", one vote short).
    CommitsWithoutAllVotes,
    /// Broken: a participant that voted yes and hears nothing for a while aborts on its own, although
    /// the coordinator may have decided commit.
    AbortsInDoubtOnTimeout,
    /// Broken: the coordinator sends its decision first and logs it afterwards; a crash in between
    /// forgets a decision others already acted on.
    SendsDecisionBeforeLogging,
}

impl Variant {
    /// Every variant, in the panel's order.
    pub const ALL: [Variant; 6] = [
        Variant::TwoPhase,
        Variant::Cooperative,
        Variant::ThreePhase,
        Variant::CommitsWithoutAllVotes,
        Variant::AbortsInDoubtOnTimeout,
        Variant::SendsDecisionBeforeLogging,
    ];

    /// The link's word for it: `2pc`, `cooperative`, `3pc`, `early-commit`, `timeout-abort`,
    /// `send-before-log`.
    pub fn code(self) -> &'static str {
        match self {
            Variant::TwoPhase => "2pc",
            Variant::Cooperative => "cooperative",
            Variant::ThreePhase => "3pc",
            Variant::CommitsWithoutAllVotes => "early-commit",
            Variant::AbortsInDoubtOnTimeout => "timeout-abort",
            Variant::SendsDecisionBeforeLogging => "send-before-log",
        }
    }

    /// Whether this is one of the deliberately broken variants. (Three-phase commit is labelled correct:
    /// it is, under the synchronous, partition-free network it assumes; its partition failure is its lesson.)
    pub fn is_broken(self) -> bool {
        matches!(
            self,
            Variant::CommitsWithoutAllVotes
                | Variant::AbortsInDoubtOnTimeout
                | Variant::SendsDecisionBeforeLogging
        )
    }

    /// Whether in-doubt participants also ask their peers.
    pub(crate) fn asks_peers(self) -> bool {
        matches!(self, Variant::Cooperative | Variant::ThreePhase)
    }
}

/// The protocol's timing, every value on the node's own clock.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Timing {
    /// How long a log append takes to reach the disk (an fsync). A record is durable only when its write
    /// completes, and a node acts on a forced record (sends the vote, the decision) only after that, so a
    /// crash can land during the write (record lost) or after it and before the send (record kept,
    /// nothing sent).
    pub log_write_ms: TimeMs,
    /// How long the coordinator waits for every vote before it aborts (three-phase: also how long it
    /// waits for pre-commit acknowledgements before it commits anyway).
    pub vote_timeout_ms: TimeMs,
    /// How long an in-doubt participant waits for the decision before it asks (then asks again every
    /// `retry_ms`); in three-phase commit, before the termination protocol starts.
    pub in_doubt_timeout_ms: TimeMs,
    /// How often a coordinator resends an unacknowledged commit, an in-doubt participant asks again and
    /// the client resends an unanswered `begin`.
    pub retry_ms: TimeMs,
    /// How long a transaction waits for a participant's lock before that participant votes no.
    pub lock_wait_timeout_ms: TimeMs,
    /// Three-phase termination: how long the backup coordinator collects answers (and then
    /// acknowledgements) before it decides.
    pub termination_wait_ms: TimeMs,
}

impl Default for Timing {
    fn default() -> Self {
        Timing {
            log_write_ms: 10,
            vote_timeout_ms: 1_000,
            in_doubt_timeout_ms: 600,
            retry_ms: 400,
            lock_wait_timeout_ms: 800,
            termination_wait_ms: 150,
        }
    }
}

impl Timing {
    /// Three-phase commit: how much longer the participant of rank `r` waits than rank 0 before it takes
    /// over as backup coordinator, so that one backup at a time runs the termination protocol (a collection
    /// round, a pre-commit round and the decision fit in it).
    pub fn takeover_ms(&self) -> TimeMs {
        3 * self.termination_wait_ms + 2 * self.log_write_ms
    }
}

/// The client's workload: what it begins by itself (more can be begun with `begin` commands).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Workload {
    /// When the first transaction begins (stream or not).
    pub first_begin_ms: TimeMs,
    /// Off: one transaction touching every participant. On: a stream of transactions, each touching a
    /// random non-empty set of participants.
    pub stream: bool,
    /// Time between two transactions of the stream.
    pub stream_every_ms: TimeMs,
    /// The stream ends once the client's log holds this many transactions.
    pub stream_txns: u32,
}

impl Default for Workload {
    fn default() -> Self {
        Workload {
            first_begin_ms: 100,
            stream: false,
            stream_every_ms: 100,
            stream_txns: 40,
        }
    }
}

/// Everything a node needs to know about the run; the same for every node.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct TxnConfig {
    /// Which protocol.
    pub variant: Variant,
    /// How many participants (2..=7).
    pub participants: u32,
    /// Timeouts and the log's write time.
    pub timing: Timing,
    /// What the client begins.
    pub workload: Workload,
    /// Chance (in percent) that a participant votes no on a transaction (a failed constraint, say): drawn
    /// from the run's random stream, so a seed replays it.
    pub vote_no_percent: u32,
}

impl Default for TxnConfig {
    fn default() -> Self {
        TxnConfig {
            variant: Variant::TwoPhase,
            participants: 3,
            timing: Timing::default(),
            workload: Workload::default(),
            vote_no_percent: 0,
        }
    }
}

impl TxnConfig {
    /// Every participant of the run.
    pub fn all_participants(&self) -> super::ids::ParticipantSet {
        super::ids::ParticipantSet::first(self.participants)
    }
}
