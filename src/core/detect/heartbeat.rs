//! [`HeartbeatNode`]: every node heartbeats every other node and runs both detectors on what arrives.
use super::config::DetectConfig;
use super::metrics::PeerView;
use super::phi::{PhiAccrual, PhiSettings, PhiVariant};
use super::timeout::FixedTimeout;
use super::verdict::{Detector, Judgement, Verdict};
use crate::sim::{Io, Message, NoCommand, NodeId, Note, Protocol, TimeMs};
use serde::Serialize;

/// The legend state of an observer that is watching its peers (the only state it notes).
pub const WATCHING_STATE: &str = "watching";

/// An observer's view of its peers at one moment: both verdicts and φ per peer, in peer id order.
#[derive(Clone, Debug, PartialEq, Hash, Serialize)]
pub struct WatchNote {
    /// One entry per peer.
    pub peers: Vec<PeerView>,
}

impl Note for WatchNote {
    fn state(&self) -> &'static str {
        WATCHING_STATE
    }
}

/// An observer notes its view at least this often (when nothing changes, only φ moves), so the φ chart has
/// ten points a second without flooding the trace; a verdict change is noted at once.
pub const PHI_NOTE_EVERY_MS: TimeMs = 100;

/// "I am alive", numbered by the sender.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Heartbeat {
    /// The sender's durable counter: never reused, even across crashes, so duplicates and stale copies
    /// are recognised and do not count as fresh arrivals.
    pub seq: u64,
    /// How many times the sender has started (1 on the first start, +1 per recovery). A new incarnation
    /// tells observers the peer restarted, so its old inter-arrival history (with the outage gap in it) is
    /// thrown away, as Akka does for a new member incarnation and Cassandra for a new gossip generation.
    pub incarnation: u64,
}

impl Message for Heartbeat {
    fn kind(&self) -> &'static str {
        "heartbeat"
    }

    fn detail(&self) -> String {
        format!("heartbeat #{} (incarnation {})", self.seq, self.incarnation)
    }
}

/// The node's two timers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HeartbeatTimer {
    /// Send the next round of heartbeats.
    Beat,
    /// Evaluate both detectors for every peer.
    Check,
}

/// What survives a crash: the counters that keep seqs and incarnations unique.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HeartbeatCounters {
    /// Heartbeat rounds sent so far; also the next round's seq.
    pub rounds_sent: u64,
    /// How many times this node has started (on start and on every recovery).
    pub incarnation: u64,
}

/// One observer's record of one peer: both detectors and their verdicts.
#[derive(Clone, Debug, PartialEq)]
pub struct PeerWatch {
    /// The peer being watched.
    pub peer: NodeId,
    /// The highest heartbeat seq accepted from it (duplicates and reordered copies are ignored).
    pub last_seq: Option<u64>,
    /// The peer's incarnation as last heard (0 before the first heartbeat).
    pub incarnation: u64,
    /// The fixed-timeout detector.
    pub timeout: FixedTimeout,
    /// The phi accrual detector.
    pub phi: PhiAccrual,
    /// The fixed-timeout verdict.
    pub timeout_judgement: Judgement,
    /// The phi verdict.
    pub phi_judgement: Judgement,
}

impl PeerWatch {
    /// The verdict of one detector.
    pub fn verdict(&self, detector: Detector) -> Verdict {
        match detector {
            Detector::FixedTimeout => self.timeout_judgement.verdict,
            Detector::PhiAccrual => self.phi_judgement.verdict,
        }
    }
}

/// A node of the failure-detection protocol.
///
/// Every `heartbeat_every_ms` it sends [`Heartbeat`] to every other node; on arrival it feeds both
/// detectors of that peer; every `check_every_ms` it re-evaluates both detectors for every peer and notes
/// its view (a [`WatchNote`]) when a verdict changed or at least every [`PHI_NOTE_EVERY_MS`].
/// Its whole view is volatile: a crash forgets it and recovery starts watching afresh. A heartbeat from a
/// suspected peer clears it at once; a new incarnation of a peer resets its phi history; a check that
/// fires late because this node was paused judges nobody.

#[derive(Clone, Debug, PartialEq)]
pub struct HeartbeatNode {
    config: DetectConfig,
    variant: PhiVariant,
    peers: Vec<PeerWatch>,
    last_note_ms: Option<TimeMs>,
    last_check_ms: TimeMs,
}

impl HeartbeatNode {
    /// A node with the correct phi detector.
    pub fn new(config: DetectConfig) -> Self {
        Self::with_variant(config, PhiVariant::Standard)
    }

    /// A node whose phi detector is `variant` (to show the checker catching a broken one).
    pub fn with_variant(config: DetectConfig, variant: PhiVariant) -> Self {
        Self {
            config,
            variant,
            peers: Vec::new(),
            last_note_ms: None,
            last_check_ms: 0,
        }
    }

    /// The settings this node runs with.
    pub fn config(&self) -> &DetectConfig {
        &self.config
    }

    /// What this node knows about each peer, in id order (empty before start and after a crash).
    pub fn peers(&self) -> &[PeerWatch] {
        &self.peers
    }

    /// This node's verdict on `peer` by `detector`, if it watches `peer`.
    pub fn verdict(&self, peer: NodeId, detector: Detector) -> Option<Verdict> {
        self.watch(peer).map(|w| w.verdict(detector))
    }

    fn watch(&self, peer: NodeId) -> Option<&PeerWatch> {
        self.peers.iter().find(|w| w.peer == peer)
    }

    fn phi_settings(&self) -> PhiSettings {
        PhiSettings {
            threshold: self.config.phi_threshold,
            window: self.config.phi_window,
            min_std_dev_ms: self.config.phi_min_std_dev_ms,
            acceptable_pause_ms: self.config.acceptable_pause_ms,
            expected_interval_ms: self.config.heartbeat_every_ms,
            variant: self.variant,
        }
    }

    fn send_heartbeats(&mut self, io: &mut Io<'_, Self>) {
        let seq = io.durable().rounds_sent;
        io.durable().rounds_sent += 1;
        let incarnation = io.durable().incarnation;
        let me = io.me();
        for peer in (0..io.node_count()).map(NodeId).filter(|p| *p != me) {
            io.send(peer, Heartbeat { seq, incarnation });
        }
    }

    /// Re-evaluates every verdict at `now`; true when any changed.
    fn judge_all(&mut self, now_ms: TimeMs) -> bool {
        let confirm_ms = self.config.confirm_ms;
        let mut changed = false;
        for watch in &mut self.peers {
            let timeout_fires = watch.timeout.is_suspect(now_ms);
            let phi_fires = watch.phi.is_suspect(now_ms);
            changed |= watch
                .timeout_judgement
                .update(timeout_fires, now_ms, confirm_ms);
            changed |= watch.phi_judgement.update(phi_fires, now_ms, confirm_ms);
        }
        changed
    }

    fn note_view(&mut self, io: &mut Io<'_, Self>) {
        let now_ms = io.clock_ms();
        let peers = self
            .peers
            .iter()
            .map(|watch| PeerView {
                peer: watch.peer,
                timeout: watch.timeout_judgement.verdict,
                phi: watch.phi_judgement.verdict,
                phi_value: watch.phi.phi(now_ms),
            })
            .collect();
        io.note(WatchNote { peers });
        self.last_note_ms = Some(now_ms);
    }

    fn note_due(&self, now_ms: TimeMs) -> bool {
        self.last_note_ms
            .is_none_or(|last_ms| now_ms.saturating_sub(last_ms) >= PHI_NOTE_EVERY_MS)
    }
}

impl Protocol for HeartbeatNode {
    type Msg = Heartbeat;
    type Timer = HeartbeatTimer;
    type Durable = HeartbeatCounters;
    type Note = WatchNote;
    type Command = NoCommand;

    fn on_start(&mut self, io: &mut Io<'_, Self>) {
        let now_ms = io.clock_ms();
        let me = io.me();
        io.durable().incarnation += 1;
        self.last_check_ms = now_ms;
        let settings = self.phi_settings();
        self.peers = (0..io.node_count())
            .map(NodeId)
            .filter(|p| *p != me)
            .map(|peer| PeerWatch {
                peer,
                last_seq: None,
                incarnation: 0,
                timeout: FixedTimeout::new(self.config.timeout_ms, now_ms),
                phi: PhiAccrual::new(settings, now_ms),
                timeout_judgement: Judgement::default(),
                phi_judgement: Judgement::default(),
            })
            .collect();
        // A random first beat spreads the nodes out, so their heartbeats do not all cross at once.
        let every_ms = self.config.heartbeat_every_ms.max(1);
        let first_beat_ms = 1 + io.random_below(every_ms);
        io.set_timer(HeartbeatTimer::Beat, first_beat_ms);
        io.set_timer(HeartbeatTimer::Check, self.config.check_every_ms.max(1));
        self.note_view(io);
    }

    fn on_message(&mut self, io: &mut Io<'_, Self>, from: NodeId, msg: Heartbeat) {
        let now_ms = io.clock_ms();
        let Some(watch) = self.peers.iter_mut().find(|w| w.peer == from) else {
            return;
        };
        if watch.last_seq.is_some_and(|last| msg.seq <= last) || msg.incarnation < watch.incarnation
        {
            return;
        }
        if msg.incarnation > watch.incarnation && watch.incarnation != 0 {
            // The peer restarted: its history before the restart says nothing about its new life.
            watch.phi = PhiAccrual::new(watch.phi.settings(), now_ms);
        }
        watch.incarnation = msg.incarnation;
        watch.last_seq = Some(msg.seq);
        watch.timeout.heartbeat(now_ms);
        watch.phi.heartbeat(now_ms);
        // A heartbeat from a suspected peer clears it at once rather than at the next check.
        let was_suspected = watch.timeout_judgement.verdict != Verdict::Up
            || watch.phi_judgement.verdict != Verdict::Up;
        if was_suspected && self.judge_all(now_ms) {
            self.note_view(io);
        }
    }

    fn on_timer(&mut self, io: &mut Io<'_, Self>, timer: HeartbeatTimer) {
        match timer {
            HeartbeatTimer::Beat => {
                self.send_heartbeats(io);
                io.set_timer(HeartbeatTimer::Beat, self.config.heartbeat_every_ms.max(1));
            }
            HeartbeatTimer::Check => {
                let now_ms = io.clock_ms();
                let every_ms = self.config.check_every_ms.max(1);
                // A check more than one interval late means this node itself was frozen (a GC pause):
                // heartbeats that arrived meanwhile are still queued behind this timer, so judging now
                // would wrongly suspect every peer. Skip one round, like Cassandra's local-pause guard.
                let frozen = now_ms.saturating_sub(self.last_check_ms) > 2 * every_ms;
                self.last_check_ms = now_ms;
                if !frozen {
                    let changed = self.judge_all(now_ms);
                    if changed || self.note_due(now_ms) {
                        self.note_view(io);
                    }
                }
                io.set_timer(HeartbeatTimer::Check, self.config.check_every_ms.max(1));
            }
        }
    }
}
