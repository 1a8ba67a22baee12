//! The failures panel's figures, computed from a trace alone: detection times, false suspicions and
//! heartbeat traffic, per detector; plus the φ series and per-observer views the UI draws.
//!
//! Ground truth comes from the kernel's own events (`Crash`, `Recover`, `Pause`, `Resume`, `Partition`,
//! `Heal`), the detectors' opinions from the observers' `"watching"` notes, so the figures agree with what
//! the UI shows at every cursor.
use super::config::DetectConfig;
use super::heartbeat::WatchNote;
use super::verdict::{Detector, Verdict};
use crate::sim::{EventKind, NodeId, NodeStatus, TimeMs, Trace, TraceView};
use serde::{Deserialize, Serialize};

/// How quickly the cluster noticed one crash.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CrashDetection {
    /// The node that crashed.
    pub node: NodeId,
    /// When it crashed.
    pub crashed_at_ms: TimeMs,
    /// When it recovered, if it did within the trace.
    pub recovered_at_ms: Option<TimeMs>,
    /// Time from the crash until every live observer's verdict was at least `suspected`; `None` if that
    /// never happened while the node was down.
    pub suspected_after_ms: Option<TimeMs>,
    /// Time from the crash until every live observer's verdict was `down`; `None` if never while down.
    pub down_after_ms: Option<TimeMs>,
}

/// One wrong suspicion: `observer` began suspecting `peer` although nothing but latency and random loss
/// stood between them (see [`DetectorMetrics::false_suspicions`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FalseSuspicion {
    /// When the verdict left `up`.
    pub at_ms: TimeMs,
    /// Who suspected.
    pub observer: NodeId,
    /// Who was suspected.
    pub peer: NodeId,
}

/// The figures of one detector over one trace.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DetectorMetrics {
    /// Which detector.
    pub detector: Detector,
    /// One entry per crash, in trace order.
    pub detections: Vec<CrashDetection>,
    /// Mean of the detected crashes' `suspected_after_ms`; `None` when none was detected.
    pub mean_detection_ms: Option<f64>,
    /// Every transition of a verdict from `up` to `suspected` or `down`.
    pub suspicions: u64,
    /// Transitions from `up` to `suspected` or `down` of a peer that, during the whole silence that led to
    /// it (from the observer's last heartbeat delivery from that peer, or from when the observer started
    /// watching if later, until the transition), was never crashed, never paused and never cut off from the
    /// observer by a partition. Only latency and random loss (or the observer's own pause, which the
    /// protocol's local-pause guard is there to excuse itself from) could have caused it.
    pub false_suspicions: u64,
    /// The false suspicions themselves, in trace order.
    pub false_suspicion_list: Vec<FalseSuspicion>,
}

/// Both detectors' figures and the heartbeat traffic of one trace.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DetectMetrics {
    /// The fixed-timeout detector.
    pub fixed_timeout: DetectorMetrics,
    /// The phi accrual detector.
    pub phi_accrual: DetectorMetrics,
    /// Heartbeats sent (lost ones included) by all nodes together.
    pub heartbeats_sent: u64,
    /// Heartbeats sent per second of virtual time, all nodes together.
    pub heartbeats_per_second: f64,
    /// What a cluster of `config.node_count` nodes sends per second when all are up: n·(n−1)·1000 /
    /// `heartbeat_every_ms`.
    pub heartbeats_per_second_expected: f64,
    /// The virtual time covered (the last event's time).
    pub duration_ms: TimeMs,
}

impl DetectMetrics {
    /// The figures of one detector.
    pub fn detector(&self, detector: Detector) -> &DetectorMetrics {
        match detector {
            Detector::FixedTimeout => &self.fixed_timeout,
            Detector::PhiAccrual => &self.phi_accrual,
        }
    }
}

fn detector_index(detector: Detector) -> usize {
    match detector {
        Detector::FixedTimeout => 0,
        Detector::PhiAccrual => 1,
    }
}

/// Running ground truth and opinions while folding a trace.
struct Fold {
    node_count: usize,
    status: Vec<NodeStatus>,
    group_of: Option<Vec<u32>>,
    /// Per node, when its last crash or pause ended.
    fault_end_ms: Vec<Option<TimeMs>>,
    /// Per (observer, peer), when the last partition between them ended.
    cut_end_ms: Vec<Option<TimeMs>>,
    /// Per (observer, peer), the last heartbeat delivered from peer to observer.
    last_heartbeat_ms: Vec<Option<TimeMs>>,
    /// Per observer, when it last started or recovered (its view began then).
    watching_since_ms: Vec<TimeMs>,
    /// Per detector, per (observer, peer), the last noted verdict.
    verdicts: [Vec<Verdict>; 2],
}

impl Fold {
    fn new(node_count: u32) -> Self {
        let n = node_count as usize;
        Self {
            node_count: n,
            status: vec![NodeStatus::Up; n],
            group_of: None,
            fault_end_ms: vec![None; n],
            cut_end_ms: vec![None; n * n],
            last_heartbeat_ms: vec![None; n * n],
            watching_since_ms: vec![0; n],
            verdicts: [vec![Verdict::Up; n * n], vec![Verdict::Up; n * n]],
        }
    }

    fn pair(&self, observer: NodeId, peer: NodeId) -> Option<usize> {
        let (o, p) = (observer.0 as usize, peer.0 as usize);
        (o < self.node_count && p < self.node_count).then_some(o * self.node_count + p)
    }

    fn cut(&self, a: usize, b: usize) -> bool {
        self.group_of
            .as_ref()
            .is_some_and(|groups| groups.get(a) != groups.get(b))
    }

    fn set_partition(&mut self, time_ms: TimeMs, group_of: Option<Vec<u32>>) {
        let n = self.node_count;
        let before: Vec<bool> = (0..n * n).map(|i| self.cut(i / n, i % n)).collect();
        self.group_of = group_of;
        for (index, was_cut) in before.into_iter().enumerate() {
            if was_cut && !self.cut(index / n, index % n) {
                self.cut_end_ms[index] = Some(time_ms);
            }
        }
    }

    fn set_status(&mut self, node: NodeId, status: NodeStatus, time_ms: TimeMs) {
        let Some(current) = self.status.get_mut(node.0 as usize) else {
            return;
        };
        if *current != NodeStatus::Up && status == NodeStatus::Up {
            self.fault_end_ms[node.0 as usize] = Some(time_ms);
        }
        *current = status;
    }

    /// True when a suspicion of `peer` by `observer` now has no fault to blame (see
    /// [`DetectorMetrics::false_suspicions`]).
    fn is_false(&self, observer: NodeId, peer: NodeId, index: usize) -> bool {
        let (o, p) = (observer.0 as usize, peer.0 as usize);
        if self.status[p] != NodeStatus::Up || self.cut(o, p) {
            return false;
        }
        let silence_start_ms = self.last_heartbeat_ms[index]
            .unwrap_or(0)
            .max(self.watching_since_ms[o]);
        let clear = |end: Option<TimeMs>| end.is_none_or(|end_ms| end_ms <= silence_start_ms);
        clear(self.fault_end_ms[p]) && clear(self.cut_end_ms[index])
    }

    /// True when every live observer other than `peer` has `detector`'s verdict on `peer` at least `floor`.
    fn all_live_at_least(&self, peer: NodeId, detector: Detector, floor: Verdict) -> bool {
        let verdicts = &self.verdicts[detector_index(detector)];
        (0..self.node_count)
            .filter(|o| *o != peer.0 as usize && self.status[*o] != NodeStatus::Down)
            .all(|o| verdicts[o * self.node_count + peer.0 as usize] >= floor)
    }
}

/// A crash being timed.
struct OpenCrash {
    /// Index into the detections of both detectors.
    index: usize,
    node: NodeId,
}

/// Detection times, false suspicions and heartbeat traffic of `trace` and its `notes` (a run of
/// [`super::HeartbeatNode`]s configured with `config`).
pub fn metrics(trace: &Trace, notes: &[WatchNote], config: &DetectConfig) -> DetectMetrics {
    let mut fold = Fold::new(trace.node_count);
    let mut per_detector = Detector::ALL.map(|detector| DetectorMetrics {
        detector,
        detections: Vec::new(),
        mean_detection_ms: None,
        suspicions: 0,
        false_suspicions: 0,
        false_suspicion_list: Vec::new(),
    });
    let mut open: Vec<OpenCrash> = Vec::new();
    let mut heartbeats_sent = 0u64;
    for event in &trace.events {
        let time_ms = event.time_ms;
        let mut check_open = false;
        match &event.kind {
            EventKind::Send { kind, .. } if *kind == "heartbeat" => heartbeats_sent += 1,
            EventKind::Deliver { from, to, kind, .. } if *kind == "heartbeat" => {
                if let Some(index) = fold.pair(*to, *from) {
                    fold.last_heartbeat_ms[index] = Some(time_ms);
                }
            }
            EventKind::Start { node } => {
                if let Some(since) = fold.watching_since_ms.get_mut(node.0 as usize) {
                    *since = time_ms;
                }
            }
            EventKind::Crash { node } => {
                fold.set_status(*node, NodeStatus::Down, time_ms);
                // The observer's view dies with it.
                if (node.0 as usize) < fold.node_count {
                    let start = node.0 as usize * fold.node_count;
                    for verdicts in &mut fold.verdicts {
                        for verdict in &mut verdicts[start..start + fold.node_count] {
                            *verdict = Verdict::Up;
                        }
                    }
                    let index = per_detector[0].detections.len();
                    for metrics in &mut per_detector {
                        metrics.detections.push(CrashDetection {
                            node: *node,
                            crashed_at_ms: time_ms,
                            recovered_at_ms: None,
                            suspected_after_ms: None,
                            down_after_ms: None,
                        });
                    }
                    open.push(OpenCrash { index, node: *node });
                }
                check_open = true;
            }
            EventKind::Recover { node } => {
                fold.set_status(*node, NodeStatus::Up, time_ms);
                if let Some(since) = fold.watching_since_ms.get_mut(node.0 as usize) {
                    *since = time_ms;
                }
                for crash in open.iter().filter(|c| c.node == *node) {
                    for metrics in &mut per_detector {
                        metrics.detections[crash.index].recovered_at_ms = Some(time_ms);
                    }
                }
                open.retain(|c| c.node != *node);
                check_open = true;
            }
            EventKind::Pause { node, .. } => fold.set_status(*node, NodeStatus::Paused, time_ms),
            EventKind::Resume { node } => fold.set_status(*node, NodeStatus::Up, time_ms),
            EventKind::Partition { groups } => {
                let mut group_of = vec![u32::MAX; fold.node_count];
                for (group_index, group) in groups.iter().enumerate() {
                    for node in group {
                        if let Some(slot) = group_of.get_mut(node.0 as usize) {
                            *slot = group_index as u32;
                        }
                    }
                }
                fold.set_partition(time_ms, Some(group_of));
            }
            EventKind::Heal => fold.set_partition(time_ms, None),
            EventKind::State { node, note, .. } => {
                let Some(note) = notes.get(*note as usize) else {
                    continue;
                };
                for view in &note.peers {
                    let Some(index) = fold.pair(*node, view.peer) else {
                        continue;
                    };
                    for detector in Detector::ALL {
                        let verdict = view.verdict(detector);
                        let slot = detector_index(detector);
                        let before = fold.verdicts[slot][index];
                        if before == Verdict::Up && verdict != Verdict::Up {
                            let metrics = &mut per_detector[slot];
                            metrics.suspicions += 1;
                            if fold.is_false(*node, view.peer, index) {
                                metrics.false_suspicions += 1;
                                metrics.false_suspicion_list.push(FalseSuspicion {
                                    at_ms: time_ms,
                                    observer: *node,
                                    peer: view.peer,
                                });
                            }
                        }
                        fold.verdicts[slot][index] = verdict;
                    }
                }
                check_open = true;
            }
            _ => {}
        }
        if check_open {
            for crash in &open {
                for (slot, detector) in Detector::ALL.into_iter().enumerate() {
                    let detection = &mut per_detector[slot].detections[crash.index];
                    let elapsed_ms = time_ms - detection.crashed_at_ms;
                    if detection.suspected_after_ms.is_none()
                        && fold.all_live_at_least(crash.node, detector, Verdict::Suspected)
                    {
                        detection.suspected_after_ms = Some(elapsed_ms);
                    }
                    if detection.down_after_ms.is_none()
                        && fold.all_live_at_least(crash.node, detector, Verdict::Down)
                    {
                        detection.down_after_ms = Some(elapsed_ms);
                    }
                }
            }
        }
    }
    for metrics in &mut per_detector {
        let detected: Vec<TimeMs> = metrics
            .detections
            .iter()
            .filter_map(|d| d.suspected_after_ms)
            .collect();
        if !detected.is_empty() {
            let total_ms: TimeMs = detected.iter().sum();
            metrics.mean_detection_ms = Some(total_ms as f64 / detected.len() as f64);
        }
    }
    let duration_ms = trace.events.last().map_or(0, |e| e.time_ms);
    let per_second = |count: f64| {
        if duration_ms == 0 {
            0.0
        } else {
            count * 1000.0 / duration_ms as f64
        }
    };
    let n = f64::from(config.node_count);
    let [fixed_timeout, phi_accrual] = per_detector;
    DetectMetrics {
        fixed_timeout,
        phi_accrual,
        heartbeats_sent,
        heartbeats_per_second: per_second(heartbeats_sent as f64),
        heartbeats_per_second_expected: n * (n - 1.0) * 1000.0
            / config.heartbeat_every_ms.max(1) as f64,
        duration_ms,
    }
}

/// φ of `peer` as `observer` noted it over the run, as (time, φ) points for the climbing-φ chart. Points
/// come at most every [`super::PHI_NOTE_EVERY_MS`] plus at every verdict change; there are none while the
/// observer is down.
pub fn phi_series(
    trace: &Trace,
    notes: &[WatchNote],
    observer: NodeId,
    peer: NodeId,
) -> Vec<(TimeMs, f64)> {
    trace
        .events
        .iter()
        .filter_map(|event| match &event.kind {
            EventKind::State { node, note, .. } if *node == observer => notes
                .get(*note as usize)?
                .peers
                .iter()
                .find(|view| view.peer == peer)
                .map(|view| (event.time_ms, view.phi_value)),
            _ => None,
        })
        .collect()
}

/// One observer's opinion of one peer, as it noted it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PeerView {
    /// The peer.
    pub peer: NodeId,
    /// The fixed-timeout verdict.
    pub timeout: Verdict,
    /// The phi verdict.
    pub phi: Verdict,
    /// φ when it was noted.
    pub phi_value: f64,
}

impl std::hash::Hash for PeerView {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.peer.hash(state);
        self.timeout.hash(state);
        self.phi.hash(state);
        crate::stable_hash::hash_f64(self.phi_value, state);
    }
}

impl PeerView {
    /// The verdict of one detector.
    pub fn verdict(&self, detector: Detector) -> Verdict {
        match detector {
            Detector::FixedTimeout => self.timeout,
            Detector::PhiAccrual => self.phi,
        }
    }
}

/// One node's status and its view of the others at a cursor.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ObserverView {
    /// The observer.
    pub observer: NodeId,
    /// Its own status in the run.
    pub status: NodeStatus,
    /// Its opinions, in peer id order; empty while it is down (a crashed node has no view) or before its
    /// first note.
    pub peers: Vec<PeerView>,
}

/// Every node's view of the others in a [`TraceView`] (from `sim::view_at`): its last note, while it is
/// not down.
pub fn views_at(view: &TraceView, notes: &[WatchNote]) -> Vec<ObserverView> {
    view.nodes
        .iter()
        .map(|snapshot| {
            let peers = match snapshot.note.and_then(|index| notes.get(index as usize)) {
                Some(note) if snapshot.status != NodeStatus::Down => note.peers.clone(),
                _ => Vec::new(),
            };
            ObserverView {
                observer: snapshot.id,
                status: snapshot.status,
                peers,
            }
        })
        .collect()
}
