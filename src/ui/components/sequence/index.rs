//! The index: the whole trace folded once into message spans, lane gaps, partition bands and label changes,
//! so that drawing any cursor and window is a matter of slicing, not of replaying events.
use std::rc::Rc;

use crate::core::sim::{EventKind, NodeId, Trace};
use crate::core::vec_map::VecMap;

/// How a message's flight ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Outcome {
    Delivered,
    Dropped,
}

/// One message (or one duplicate copy) from its send to its end.
#[derive(Clone, Debug)]
pub(super) struct MessageSpan {
    pub(super) msg: u64,
    pub(super) from: u32,
    pub(super) to: u32,
    pub(super) kind: Rc<str>,
    pub(super) detail: Rc<str>,
    /// Index of the `Send` (or, for a copy, the `Duplicate`) event.
    pub(super) start_index: u64,
    pub(super) start_ms: u64,
    /// Planned delivery at send; `None` when lost at send.
    pub(super) planned_ms: Option<u64>,
    /// `(event index, new delivery time)` of each `Delay`.
    pub(super) delays: Vec<(u64, u64)>,
    /// `(event index, time, outcome)` of the `Deliver` or `Drop`.
    pub(super) end: Option<(u64, u64, Outcome)>,
    /// For a copy made by the network: the original's id.
    pub(super) copy_of: Option<u64>,
}

impl MessageSpan {
    /// The delivery time planned as of `cursor` (a `Delay` counts once it has happened).
    pub(super) fn planned_at(&self, cursor: u64) -> Option<u64> {
        self.delays
            .iter()
            .rev()
            .find(|(index, _)| *index < cursor)
            .map(|(_, at)| *at)
            .or(self.planned_ms)
    }
}

/// Why a lane has a gap.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GapKind {
    /// From `Crash` to `Recover`.
    Crash,
    /// From `Pause` to `Resume`.
    Pause,
}

impl GapKind {
    pub(super) fn code(self) -> &'static str {
        match self {
            GapKind::Crash => "crash",
            GapKind::Pause => "pause",
        }
    }
}

/// A crash or pause on one lane, from its start event to its end (if it has ended).
#[derive(Clone, Debug)]
pub(super) struct GapSpan {
    pub(super) node: u32,
    pub(super) kind: GapKind,
    pub(super) start_index: u64,
    pub(super) start_ms: u64,
    pub(super) end: Option<(u64, u64)>,
}

/// A partition in force, from the `Partition` event to the next `Partition` or `Heal`.
#[derive(Clone, Debug)]
pub(super) struct BandSpan {
    pub(super) start_index: u64,
    pub(super) start_ms: u64,
    pub(super) end: Option<(u64, u64)>,
    pub(super) groups: String,
}

/// A node's state label where it changes.
#[derive(Clone, Debug)]
pub(super) struct LabelChange {
    pub(super) node: u32,
    pub(super) index: u64,
    pub(super) time_ms: u64,
    /// The node's new state, a legend code.
    pub(super) state: &'static str,
}

/// A trace folded once into what the sequence diagram draws; cheap to query for any cursor and window.
#[derive(Clone, Debug, Default)]
pub struct SequenceIndex {
    /// In order of their start event (so in time order).
    pub(super) messages: Vec<MessageSpan>,
    pub(super) gaps: Vec<GapSpan>,
    pub(super) bands: Vec<BandSpan>,
    /// Only the `State` events whose label differs from the node's previous one.
    pub(super) labels: Vec<LabelChange>,
    /// Every event's time, by index.
    pub(super) times: Vec<u64>,
    /// Time of the last event: the right end of "the whole run".
    pub horizon_ms: u64,
    /// The longest time any message spent on the wire (or may still spend): how far before a window a
    /// send can be and still reach into it.
    pub(super) max_span_ms: u64,
}

impl SequenceIndex {
    /// Folds the trace. Events naming unknown messages are skipped, so any trace folds.
    pub fn build(trace: &Trace) -> Self {
        let mut index = SequenceIndex {
            horizon_ms: trace.events.last().map_or(0, |e| e.time_ms),
            times: trace.events.iter().map(|e| e.time_ms).collect(),
            ..SequenceIndex::default()
        };
        let mut by_msg: VecMap<u64, usize> = VecMap::new();
        let mut open_crash: VecMap<u32, usize> = VecMap::new();
        let mut open_pause: VecMap<u32, usize> = VecMap::new();
        let mut open_band: Option<usize> = None;
        let mut last_state: VecMap<u32, &'static str> = VecMap::new();
        // Kinds are few: share one string per kind instead of one per message.
        let mut kinds: Vec<Rc<str>> = Vec::new();
        let mut intern = |kind: &str| -> Rc<str> {
            if let Some(known) = kinds.iter().find(|k| &***k == kind) {
                return known.clone();
            }
            let new: Rc<str> = kind.into();
            kinds.push(new.clone());
            new
        };

        for (i, event) in trace.events.iter().enumerate() {
            let i = i as u64;
            let t = event.time_ms;
            match &event.kind {
                EventKind::Send {
                    msg,
                    from,
                    to,
                    kind,
                    detail,
                    deliver_at_ms,
                } => {
                    by_msg.insert(msg.0, index.messages.len());
                    index.messages.push(MessageSpan {
                        msg: msg.0,
                        from: from.0,
                        to: to.0,
                        kind: intern(kind),
                        detail: detail.as_str().into(),
                        start_index: i,
                        start_ms: t,
                        planned_ms: *deliver_at_ms,
                        delays: Vec::new(),
                        end: None,
                        copy_of: None,
                    });
                }
                EventKind::Duplicate {
                    msg,
                    copy,
                    deliver_at_ms,
                } => {
                    if let Some(&original) = by_msg.get(&msg.0) {
                        let original = &index.messages[original];
                        let span = MessageSpan {
                            msg: copy.0,
                            start_index: i,
                            start_ms: t,
                            planned_ms: Some(*deliver_at_ms),
                            delays: Vec::new(),
                            end: None,
                            copy_of: Some(msg.0),
                            ..original.clone()
                        };
                        by_msg.insert(copy.0, index.messages.len());
                        index.messages.push(span);
                    }
                }
                EventKind::Deliver { msg, .. } => {
                    if let Some(&at) = by_msg.get(&msg.0) {
                        let span = &mut index.messages[at];
                        span.end.get_or_insert((i, t, Outcome::Delivered));
                    }
                }
                EventKind::Drop {
                    msg,
                    from,
                    to,
                    kind,
                    ..
                } => match by_msg.get(&msg.0) {
                    Some(&at) => {
                        let span = &mut index.messages[at];
                        span.end.get_or_insert((i, t, Outcome::Dropped));
                    }
                    // A drop with no send in the trace (a hand-made trace): a lost-at-send stub.
                    None => {
                        by_msg.insert(msg.0, index.messages.len());
                        index.messages.push(MessageSpan {
                            msg: msg.0,
                            from: from.0,
                            to: to.0,
                            kind: intern(kind),
                            detail: "".into(),
                            start_index: i,
                            start_ms: t,
                            planned_ms: None,
                            delays: Vec::new(),
                            end: Some((i, t, Outcome::Dropped)),
                            copy_of: None,
                        });
                    }
                },
                EventKind::Delay { msg, deliver_at_ms } => {
                    if let Some(&at) = by_msg.get(&msg.0) {
                        index.messages[at].delays.push((i, *deliver_at_ms));
                    }
                }
                EventKind::Crash { node } => {
                    // A paused node that crashes stops being paused: it is down.
                    if let Some(at) = open_pause.remove(&node.0) {
                        index.gaps[at].end = Some((i, t));
                    }
                    open_crash.or_insert_with(node.0, || {
                        index.gaps.push(GapSpan {
                            node: node.0,
                            kind: GapKind::Crash,
                            start_index: i,
                            start_ms: t,
                            end: None,
                        });
                        index.gaps.len() - 1
                    });
                }
                EventKind::Recover { node } => {
                    if let Some(at) = open_crash.remove(&node.0) {
                        index.gaps[at].end = Some((i, t));
                    }
                }
                EventKind::Pause { node, .. } => {
                    if !open_crash.contains_key(&node.0) {
                        open_pause.or_insert_with(node.0, || {
                            index.gaps.push(GapSpan {
                                node: node.0,
                                kind: GapKind::Pause,
                                start_index: i,
                                start_ms: t,
                                end: None,
                            });
                            index.gaps.len() - 1
                        });
                    }
                }
                EventKind::Resume { node } => {
                    if let Some(at) = open_pause.remove(&node.0) {
                        index.gaps[at].end = Some((i, t));
                    }
                }
                EventKind::Partition { groups } => {
                    if let Some(at) = open_band.take() {
                        index.bands[at].end = Some((i, t));
                    }
                    open_band = Some(index.bands.len());
                    index.bands.push(BandSpan {
                        start_index: i,
                        start_ms: t,
                        end: None,
                        groups: groups_text(groups),
                    });
                }
                EventKind::Heal => {
                    if let Some(at) = open_band.take() {
                        index.bands[at].end = Some((i, t));
                    }
                }
                EventKind::State { node, state, .. } => {
                    if last_state.get(&node.0) != Some(state) {
                        last_state.insert(node.0, state);
                        index.labels.push(LabelChange {
                            node: node.0,
                            index: i,
                            time_ms: t,
                            state,
                        });
                    }
                }
                EventKind::Start { .. }
                | EventKind::Timer { .. }
                | EventKind::NetworkChange { .. }
                | EventKind::ClockJump { .. }
                | EventKind::Command { .. }
                | EventKind::ManualNetwork
                | EventKind::Violation { .. } => {}
            }
        }
        index.max_span_ms = index
            .messages
            .iter()
            .map(|m| {
                let end_ms = match m.end {
                    Some((_, t, _)) => t,
                    None => m
                        .delays
                        .iter()
                        .map(|(_, at)| *at)
                        .chain(m.planned_ms)
                        .max()
                        .unwrap_or(m.start_ms)
                        .max(index.horizon_ms),
                };
                end_ms.saturating_sub(m.start_ms)
            })
            .max()
            .unwrap_or(0);
        index
    }
}

/// `{n0, n1} | {n2, n3}`.
fn groups_text(groups: &[Vec<NodeId>]) -> String {
    groups
        .iter()
        .map(|group| {
            let names: Vec<String> = group.iter().map(|n| n.to_string()).collect();
            format!("{{{}}}", names.join(", "))
        })
        .collect::<Vec<_>>()
        .join(" | ")
}
