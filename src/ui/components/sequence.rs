//! The sequence diagram (space-time diagram): one horizontal lane per node, time from left to right, an
//! arrow from each send to its delivery. Drops end in a cross, duplicates carry a double arrowhead, crashes
//! and pauses are hatched gaps on the lane, partitions are shaded bands across all lanes, and a node's state
//! label is written on its lane where it changes.
//!
//! How it is built, so that a frame costs little:
//! 1. [`SequenceIndex::build`] folds the whole trace once into message spans, lane gaps, partition bands and
//!    label changes (memoised on the trace's `Rc` pointer).
//! 2. [`build_shapes`] turns the index, a cursor and a [`Frame`] (a time range and a scale) into plain
//!    [`SequenceShapes`] with pixel coordinates: a pure function, tested natively, memoised on (trace pointer,
//!    cursor, frame start). Nothing outside the frame is drawn.
//! 3. The component draws those shapes in a layer that re-renders only when they change; per animation frame
//!    only the cursor line, the open gaps and bands, and the tips of messages in flight move. The frame is
//!    wider than the visible window and slides under a `translate`, so playing does not rebuild it per frame.
//!
//! [`sequence_svg`] renders the same shapes as a standalone SVG document (inline colours, no CSS variables)
//! for download, so the picture on screen and the exported file agree.
//!
//! Few and many arrows: when at most [`FOCUSABLE_ARROWS_MAX`] messages are drawn, each arrow is an element
//! of its own and a focusable button (`tabindex=0`, Enter or Space seeks to it, a tooltip names it). With
//! more, the diagram is "crowded": tabbing through hundreds of arrows would trap a keyboard user, so only the
//! diagram itself takes focus and its `aria-label` summarises what it shows (the transport bar is the
//! keyboard's way through the run), and the arrows are drawn as a few shared paths per message kind. As
//! elements, a page turn or a seek spent most of its time creating and removing hundreds of them. A click on
//! a crowded diagram finds its arrow by position ([`arrow_at`]).
//!
//! Test ids: `sequence-diagram{suffix}` (root `<svg>`, with `data-window-start`, `data-window-end`),
//! `seq-lane` (`data-node-id`), `seq-message` (few arrows only: `data-kind`, `data-msg-id`, `data-state` =
//! `delivered`, `dropped` or `in-flight`, `data-duplicate`, `data-seek`), `seq-arrow-crowd` and
//! `seq-in-flight-crowd` (crowded: one per kind, `data-count` messages), `seq-drop` (crowded: one path with
//! `data-count` crosses), `seq-gap` (`data-gap` = `crash` or `pause`), `seq-partition`, `seq-label`,
//! `seq-cursor`.
use std::fmt::Write as _;
use std::rc::Rc;

use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::svg_point::svg_point;
use super::use_lang;
use super::vec_map::VecMap;
use crate::core::sim::{EventKind, NodeId, Trace};
use crate::ui::i18n::{fill, Texts};
use crate::ui::vocabulary::Vocabulary;

/// Width of the drawing in SVG units: about the width the stage gives it on a 1280-pixel classroom screen, so
/// 13-unit text is drawn near 13 pixels.
pub const VIEW_WIDTH: f64 = 880.0;
/// Left edge of the time axis; the lane names sit to its left.
pub const PLOT_LEFT: f64 = 64.0;
/// Right edge of the time axis.
pub const PLOT_RIGHT: f64 = 856.0;
/// Width of the visible window when a run is too long to fit: 2 s of virtual time.
pub const SLIDING_WINDOW_MS: u64 = 2_000;
/// Beyond this many drawn messages, only the diagram itself is focusable (see the module docs).
pub const FOCUSABLE_ARROWS_MAX: usize = 40;
/// Where the cursor sits in a sliding window, as a fraction of its width from the right edge.
const LEAD_FRACTION: f64 = 0.15;
/// y of the first lane: room above for partition labels.
const TOP: f64 = 40.0;
/// Labels closer than their own width (and at least this) to the previous one on the same lane are left out,
/// so they never overlap.
const LABEL_GAP_PX: f64 = 64.0;
/// Arrow geometry.
const HEAD_LENGTH: f64 = 10.0;
/// How far tick labels may reach beyond the plot's ends.
const AXIS_OVERHANG: f64 = 16.0;
const HEAD_HALF_WIDTH: f64 = 4.5;
const CROSS_HALF: f64 = 6.0;
/// Number of (colour, dash) styles for message kinds.
pub const KIND_STYLES: usize = crate::ui::vocabulary::STYLE_SLOTS;

/// Concrete colours of the light theme for the standalone SVG, by kind style (Okabe–Ito), and the dash
/// pattern that keeps styles apart in greyscale. Keep in step with the `--seq-k*` variables in style.css.
const EXPORT_KIND_COLOURS: [&str; KIND_STYLES] = [
    "#0072b2", "#e69f00", "#009e73", "#d55e00", "#56b4e9", "#1d2430",
];
const KIND_DASHES: [&str; KIND_STYLES] = ["", "7 4", "2 3", "9 3 2 3", "4 2", "1 3"];

// ---------------------------------------------------------------------------------------------------------
// The index: the whole trace folded once.

/// How a message's flight ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Outcome {
    Delivered,
    Dropped,
}

/// One message (or one duplicate copy) from its send to its end.
#[derive(Clone, Debug)]
struct MessageSpan {
    msg: u64,
    from: u32,
    to: u32,
    kind: Rc<str>,
    detail: Rc<str>,
    /// Index of the `Send` (or, for a copy, the `Duplicate`) event.
    start_index: u64,
    start_ms: u64,
    /// Planned delivery at send; `None` when lost at send.
    planned_ms: Option<u64>,
    /// `(event index, new delivery time)` of each `Delay`.
    delays: Vec<(u64, u64)>,
    /// `(event index, time, outcome)` of the `Deliver` or `Drop`.
    end: Option<(u64, u64, Outcome)>,
    /// For a copy made by the network: the original's id.
    copy_of: Option<u64>,
}

impl MessageSpan {
    /// The delivery time planned as of `cursor` (a `Delay` counts once it has happened).
    fn planned_at(&self, cursor: u64) -> Option<u64> {
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
    fn code(self) -> &'static str {
        match self {
            GapKind::Crash => "crash",
            GapKind::Pause => "pause",
        }
    }
}

#[derive(Clone, Debug)]
struct GapSpan {
    node: u32,
    kind: GapKind,
    start_index: u64,
    start_ms: u64,
    end: Option<(u64, u64)>,
}

#[derive(Clone, Debug)]
struct BandSpan {
    start_index: u64,
    start_ms: u64,
    end: Option<(u64, u64)>,
    groups: String,
}

#[derive(Clone, Debug)]
struct LabelChange {
    node: u32,
    index: u64,
    time_ms: u64,
    /// The node's new state, a legend code.
    state: &'static str,
}

/// How the diagram names things: the protocol's vocabulary (message kinds, states) in the reader's language,
/// and each node's name.
#[derive(Clone, PartialEq)]
pub struct Naming {
    pub vocabulary: Vocabulary,
    pub names: Rc<Vec<String>>,
}

impl Naming {
    fn node(&self, node: u32) -> String {
        self.names
            .get(node as usize)
            .cloned()
            .unwrap_or_else(|| NodeId(node).to_string())
    }
}

/// A trace folded once into what the sequence diagram draws; cheap to query for any cursor and window.
#[derive(Clone, Debug, Default)]
pub struct SequenceIndex {
    /// In order of their start event (so in time order).
    messages: Vec<MessageSpan>,
    gaps: Vec<GapSpan>,
    bands: Vec<BandSpan>,
    /// Only the `State` events whose label differs from the node's previous one.
    labels: Vec<LabelChange>,
    /// Every event's time, by index.
    times: Vec<u64>,
    /// Time of the last event: the right end of "the whole run".
    pub horizon_ms: u64,
    /// The longest time any message spent on the wire (or may still spend): how far before a window a
    /// send can be and still reach into it.
    max_span_ms: u64,
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

// ---------------------------------------------------------------------------------------------------------
// Shapes: what to draw, in pixels.

/// A time range drawn at a scale: `x = PLOT_LEFT + (t - start_ms) * px_per_ms`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Frame {
    /// First millisecond with shapes.
    pub start_ms: u64,
    /// Last millisecond with shapes.
    pub end_ms: u64,
    /// Horizontal scale.
    pub px_per_ms: f64,
}

impl Frame {
    /// A frame that fills the plot exactly with `[start_ms, end_ms]`.
    pub fn fit(start_ms: u64, end_ms: u64) -> Frame {
        let end_ms = end_ms.max(start_ms + 1);
        Frame {
            start_ms,
            end_ms,
            px_per_ms: (PLOT_RIGHT - PLOT_LEFT) / (end_ms - start_ms) as f64,
        }
    }

    /// The x of a time.
    pub fn x(&self, time_ms: f64) -> f64 {
        PLOT_LEFT + (time_ms - self.start_ms as f64) * self.px_per_ms
    }
}

/// What part of the run the component shows at a view time, and the (wider, quantised) frame it builds.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Viewport {
    /// Left edge of the visible window, in ms (moves smoothly with the view clock).
    pub visible_start_ms: f64,
    /// Width of the visible window, in ms.
    pub visible_span_ms: u64,
    /// The frame the shapes are built for: it starts on a multiple of half the span and covers the visible
    /// window, so it changes only every half window while playing.
    pub frame: Frame,
}

impl Viewport {
    /// The `translate` that slides the built frame under the visible window.
    pub fn offset_px(&self) -> f64 {
        -(self.visible_start_ms - self.frame.start_ms as f64) * self.frame.px_per_ms
    }
}

/// The viewport for a run ending at `horizon_ms` seen at `time_ms`: the whole run when it is short and no
/// window is asked for, else a sliding window of `window_ms` (default [`SLIDING_WINDOW_MS`]) that keeps the
/// cursor a little left of its right edge.
pub fn viewport(horizon_ms: u64, time_ms: f64, window_ms: Option<u64>) -> Viewport {
    let (span, sliding) = match window_ms {
        Some(window) => (window.max(10), true),
        None if horizon_ms <= SLIDING_WINDOW_MS => (horizon_ms.max(100), false),
        None => (SLIDING_WINDOW_MS, true),
    };
    // The window moves in pages of half its width, keeping the cursor in its right half: between jumps the
    // drawn arrows stand still and only the cursor and the arrows in flight move, so a frame repaints a
    // little, not the whole diagram (a smoothly sliding window repainted thousands of lines every frame).
    let step = (span / 2).max(1);
    let visible_start_ms = if sliding {
        let time_ms = if time_ms.is_finite() {
            time_ms.max(0.0)
        } else {
            0.0
        };
        let lead = span as f64 * LEAD_FRACTION;
        (((time_ms + lead) as u64 / step).saturating_sub(1) * step) as f64
    } else {
        0.0
    };
    let frame = if sliding {
        let start = visible_start_ms as u64;
        Frame {
            start_ms: start,
            end_ms: start + span + step,
            px_per_ms: (PLOT_RIGHT - PLOT_LEFT) / span as f64,
        }
    } else {
        Frame::fit(0, span)
    };
    Viewport {
        visible_start_ms,
        visible_span_ms: span,
        frame,
    }
}

/// How a drawn message ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ArrowState {
    /// Reached its receiver: an arrowhead at `(x2, y2)`.
    Delivered,
    /// Lost: a cross at `(x2, y2)`.
    Dropped,
    /// Still on the wire at the cursor: `(x2, y2)` is the planned delivery; draw up to the view time.
    InFlight,
}

impl ArrowState {
    fn code(self) -> &'static str {
        match self {
            ArrowState::Delivered => "delivered",
            ArrowState::Dropped => "dropped",
            ArrowState::InFlight => "in-flight",
        }
    }
}

/// One message arrow.
#[derive(Clone, Debug, PartialEq)]
pub struct ArrowShape {
    pub msg: u64,
    pub kind: Rc<str>,
    /// Index into the kind styles (colour and dash).
    pub style: usize,
    pub from: u32,
    pub to: u32,
    pub x1: f64,
    pub y1: f64,
    pub x2: f64,
    pub y2: f64,
    pub sent_ms: u64,
    /// Delivery or drop time; for a message in flight, its planned delivery.
    pub end_ms: u64,
    pub state: ArrowState,
    /// A copy made by the network.
    pub duplicate: bool,
    /// The event index a click seeks to: just after the send (or the duplication).
    pub seek_index: u64,
    pub title: String,
}

impl ArrowShape {
    /// The tip of a message in flight at `now_ms` (the planned end for other states).
    pub fn tip_at(&self, now_ms: f64) -> (f64, f64) {
        if self.state != ArrowState::InFlight {
            return (self.x2, self.y2);
        }
        let span = self.end_ms.saturating_sub(self.sent_ms) as f64;
        let fraction = if span <= 0.0 {
            1.0
        } else {
            ((now_ms - self.sent_ms as f64) / span).clamp(0.0, 1.0)
        };
        (
            self.x1 + (self.x2 - self.x1) * fraction,
            self.y1 + (self.y2 - self.y1) * fraction,
        )
    }
}

/// A crash or pause on a lane.
#[derive(Clone, Debug, PartialEq)]
pub struct GapShape {
    pub node: u32,
    pub kind: GapKind,
    pub y: f64,
    pub x1: f64,
    /// `None` while still open at the cursor: it runs up to the view time.
    pub x2: Option<f64>,
    pub title: String,
}

/// A partition band across all lanes.
#[derive(Clone, Debug, PartialEq)]
pub struct BandShape {
    pub x1: f64,
    /// `None` while still in force at the cursor.
    pub x2: Option<f64>,
    pub title: String,
}

/// A state label written on a lane.
#[derive(Clone, Debug, PartialEq)]
pub struct LabelShape {
    pub node: u32,
    pub x: f64,
    pub y: f64,
    pub text: String,
}

/// A lane: its y and its name.
#[derive(Clone, Debug, PartialEq)]
pub struct LaneShape {
    pub node: u32,
    pub y: f64,
    pub name: String,
}

/// A tick on the time axis.
#[derive(Clone, Debug, PartialEq)]
pub struct TickShape {
    pub x: f64,
    pub label: String,
}

/// Everything to draw for one (trace, cursor, frame).
#[derive(Clone, Debug, PartialEq)]
pub struct SequenceShapes {
    pub frame: Frame,
    pub height: f64,
    /// y of the time axis line.
    pub axis_y: f64,
    pub lanes: Vec<LaneShape>,
    pub ticks: Vec<TickShape>,
    pub bands: Vec<BandShape>,
    pub gaps: Vec<GapShape>,
    pub labels: Vec<LabelShape>,
    /// Delivered and dropped messages.
    pub arrows: Vec<ArrowShape>,
    /// Messages on the wire at the cursor.
    pub in_flight: Vec<ArrowShape>,
    /// The message kinds drawn, with their style, for the legend.
    pub kinds: Vec<(Rc<str>, usize)>,
    /// Time of the last event before the cursor.
    pub cursor_ms: u64,
}

impl SequenceShapes {
    /// Number of message arrows drawn.
    pub fn message_count(&self) -> usize {
        self.arrows.len() + self.in_flight.len()
    }
}

/// Vertical distance between lanes: roomy for a few nodes, tighter for many.
fn lane_gap(node_count: u32) -> f64 {
    if node_count <= 1 {
        44.0
    } else {
        // Compact enough that a sandbox's lanes fit under its network drawing on a 720-pixel screen.
        (200.0 / f64::from(node_count - 1)).clamp(22.0, 44.0)
    }
}

/// The y of a node's lane.
pub fn lane_y(node: u32, node_count: u32) -> f64 {
    TOP + f64::from(node) * lane_gap(node_count)
}

/// A tick spacing of 1, 2 or 5 × 10^k giving 5 to 12 ticks over `span_ms`.
fn tick_step(span_ms: u64) -> u64 {
    let mut step = 1u64;
    loop {
        for factor in [1, 2, 5] {
            let candidate = step * factor;
            if span_ms / candidate <= 10 {
                return candidate;
            }
        }
        step *= 10;
    }
}

/// The pure core of the diagram: the shapes for `events[0..cursor]` that fall inside `frame`.
pub fn build_shapes(
    index: &SequenceIndex,
    cursor: u64,
    node_count: u32,
    frame: Frame,
    texts: &Texts,
    naming: &Naming,
) -> SequenceShapes {
    let node_count = node_count.max(1);
    let (start, end) = (frame.start_ms, frame.end_ms);
    let x = |t: u64| frame.x(t as f64);
    let y = |node: u32| lane_y(node, node_count);
    let last_lane = y(node_count - 1);
    let axis_y = last_lane + 30.0;
    let height = axis_y + 64.0;
    let open_end = "…";

    let lanes = (0..node_count)
        .map(|node| LaneShape {
            node,
            y: y(node),
            name: naming.node(node),
        })
        .collect();

    let step = tick_step(end - start);
    let ticks = (start.div_ceil(step)..=end / step)
        .map(|k| TickShape {
            x: x(k * step),
            label: (k * step).to_string(),
        })
        .collect();

    let bands = index
        .bands
        .iter()
        .filter(|b| b.start_index < cursor && b.start_ms <= end)
        .filter_map(|b| {
            let closed = b.end.filter(|(i, _)| *i < cursor);
            if closed.is_some_and(|(_, t)| t < start) {
                return None;
            }
            let to_text = closed.map_or(open_end.to_string(), |(_, t)| t.to_string());
            Some(BandShape {
                x1: x(b.start_ms),
                x2: closed.map(|(_, t)| x(t)),
                title: fill(
                    texts.seq_band,
                    &[
                        ("groups", &b.groups),
                        ("from", &b.start_ms),
                        ("to", &to_text),
                    ],
                ),
            })
        })
        .collect();

    let gaps = index
        .gaps
        .iter()
        .filter(|g| g.node < node_count && g.start_index < cursor && g.start_ms <= end)
        .filter_map(|g| {
            let closed = g.end.filter(|(i, _)| *i < cursor);
            if closed.is_some_and(|(_, t)| t < start) {
                return None;
            }
            let to_text = closed.map_or(open_end.to_string(), |(_, t)| t.to_string());
            let template = match g.kind {
                GapKind::Crash => texts.seq_gap_crash,
                GapKind::Pause => texts.seq_gap_pause,
            };
            Some(GapShape {
                node: g.node,
                kind: g.kind,
                y: y(g.node),
                x1: x(g.start_ms),
                x2: closed.map(|(_, t)| x(t)),
                title: fill(
                    template,
                    &[
                        ("node", &naming.node(g.node)),
                        ("from", &g.start_ms),
                        ("to", &to_text),
                    ],
                ),
            })
        })
        .collect();

    // Labels: only changes, and never crowding the previous one on the same lane.
    let mut labels: Vec<LabelShape> = Vec::new();
    let mut last_x: VecMap<u32, f64> = VecMap::new();
    let first_label = index.labels.partition_point(|l| l.time_ms < start);
    for change in index.labels[first_label..]
        .iter()
        .take_while(|l| l.index < cursor)
        .filter(|l| l.node < node_count && l.time_ms >= start && l.time_ms <= end)
    {
        let lx = x(change.time_ms);
        // `last_x` holds where the previous label on this lane ends.
        if last_x
            .get(&change.node)
            .is_some_and(|prev_end| lx < *prev_end)
        {
            continue;
        }
        let text = naming.vocabulary.label(change.state).to_string();
        let width = (text_width(&text) * 12.0 / 13.0 + 10.0).max(LABEL_GAP_PX);
        last_x.insert(change.node, lx + width);
        labels.push(LabelShape {
            node: change.node,
            x: lx,
            y: y(change.node) - 8.0,
            text,
        });
    }

    let mut arrows = Vec::new();
    let mut in_flight = Vec::new();
    let mut kinds: Vec<(Rc<str>, usize)> = Vec::new();
    // Messages are in send order: skip those sent too early to reach the frame, and stop at the first
    // late or unhappened send.
    let earliest_ms = start.saturating_sub(index.max_span_ms);
    let first_message = index.messages.partition_point(|m| m.start_ms < earliest_ms);
    for span in index.messages[first_message..]
        .iter()
        .take_while(|m| m.start_index < cursor && m.start_ms <= end)
    {
        if span.from >= node_count || span.to >= node_count {
            continue;
        }
        let ended = span.end.filter(|(i, _, _)| *i < cursor);
        let planned = span.planned_at(cursor);
        if let Some((_, t, _)) = ended {
            if t < start {
                continue;
            }
        } else if planned.is_some_and(|p| p < start) && span.start_ms < start {
            // In flight but due (and drawn) before the frame: nothing of it is visible.
            continue;
        }
        let (x1, y1) = (x(span.start_ms), y(span.from));
        let (state, end_ms, (x2, y2)) = match ended {
            Some((_, t, Outcome::Delivered)) => (ArrowState::Delivered, t, (x(t), y(span.to))),
            Some((_, t, Outcome::Dropped)) => {
                let point = match planned {
                    Some(p) if p > span.start_ms => {
                        let fraction =
                            ((t - span.start_ms) as f64 / (p - span.start_ms) as f64).min(1.0);
                        let (px, py) = (x(p), y(span.to));
                        (x1 + (px - x1) * fraction, y1 + (py - y1) * fraction)
                    }
                    // Lost at send: a short stub heading for the receiver.
                    _ => (x1 + 18.0, y1 + (y(span.to) - y1) * 0.4),
                };
                (ArrowState::Dropped, t, point)
            }
            None => {
                let p = planned.unwrap_or(span.start_ms);
                (ArrowState::InFlight, p, (x(p), y(span.to)))
            }
        };
        let outcome = match state {
            ArrowState::Delivered => fill(texts.seq_delivered, &[("time", &end_ms)]),
            ArrowState::Dropped if planned.is_none() => texts.seq_lost_at_send.to_string(),
            ArrowState::Dropped => fill(texts.seq_dropped, &[("time", &end_ms)]),
            ArrowState::InFlight => fill(texts.seq_in_flight, &[("time", &end_ms)]),
        };
        let mut title = fill(
            texts.seq_message_title,
            &[
                ("kind", &naming.vocabulary.label(&span.kind)),
                ("msg", &span.msg),
                ("from", &naming.node(span.from)),
                ("to", &naming.node(span.to)),
                ("sent", &span.start_ms),
                ("outcome", &outcome),
            ],
        );
        if let Some(original) = span.copy_of {
            title.push_str(" — ");
            title.push_str(&fill(texts.seq_copy_of, &[("msg", &original)]));
        }
        if !span.detail.is_empty() {
            let _ = write!(title, " ({})", span.detail);
        }
        title.push('\n');
        title.push_str(texts.seq_click_hint);
        let style = naming.vocabulary.message_slot(&span.kind);
        if !kinds.iter().any(|(k, _)| *k == span.kind) {
            // In legend order (style, then name) as they are found: a sort would add a sorting algorithm.
            let at = kinds.partition_point(|(k, s)| (*s, &**k) < (style, &*span.kind));
            kinds.insert(at, (span.kind.clone(), style));
        }
        let shape = ArrowShape {
            msg: span.msg,
            kind: span.kind.clone(),
            style,
            from: span.from,
            to: span.to,
            x1,
            y1,
            x2,
            y2,
            sent_ms: span.start_ms,
            end_ms,
            state,
            duplicate: span.copy_of.is_some(),
            seek_index: span.start_index + 1,
            title,
        };
        if state == ArrowState::InFlight {
            in_flight.push(shape);
        } else {
            arrows.push(shape);
        }
    }

    let cursor_ms = cursor
        .checked_sub(1)
        .and_then(|i| index.times.get(i as usize))
        .copied()
        .unwrap_or(0);
    SequenceShapes {
        frame,
        height,
        axis_y,
        lanes,
        ticks,
        bands,
        gaps,
        labels,
        arrows,
        in_flight,
        kinds,
        cursor_ms,
    }
}

/// The path of a filled arrowhead whose tip is `back` units before `(x2, y2)` along the segment.
fn head_path(x1: f64, y1: f64, x2: f64, y2: f64, back: f64) -> String {
    let mut path = String::new();
    write_head_path(&mut path, x1, y1, x2, y2, back);
    path
}

/// Appends [`head_path`] to `out`, so a crowd's heads make one path without a string per head.
fn write_head_path(out: &mut String, x1: f64, y1: f64, x2: f64, y2: f64, back: f64) {
    let (dx, dy) = (x2 - x1, y2 - y1);
    let length = (dx * dx + dy * dy).sqrt().max(1e-6);
    let (ux, uy) = (dx / length, dy / length);
    let (tx, ty) = (x2 - ux * back, y2 - uy * back);
    let (bx, by) = (tx - ux * HEAD_LENGTH, ty - uy * HEAD_LENGTH);
    let (nx, ny) = (-uy * HEAD_HALF_WIDTH, ux * HEAD_HALF_WIDTH);
    let _ = write!(
        out,
        "M{:.1} {:.1}L{:.1} {:.1}L{:.1} {:.1}Z",
        tx,
        ty,
        bx + nx,
        by + ny,
        bx - nx,
        by - ny
    );
}

/// The two strokes of a cross centred on `(x, y)`.
fn cross_path(x: f64, y: f64) -> String {
    let mut path = String::new();
    write_cross_path(&mut path, x, y);
    path
}

/// Appends [`cross_path`] to `out`.
fn write_cross_path(out: &mut String, x: f64, y: f64) {
    let h = CROSS_HALF;
    let _ = write!(
        out,
        "M{:.1} {:.1}L{:.1} {:.1}M{:.1} {:.1}L{:.1} {:.1}",
        x - h,
        y - h,
        x + h,
        y + h,
        x - h,
        y + h,
        x + h,
        y - h
    );
}

/// How far from a drawn line a click still hits it, in SVG units: half the width of an arrow's hit stroke.
const HIT_TOLERANCE: f64 = 6.0;

/// The seek index of the message arrow drawn nearest to `(x, y)` (frame coordinates) at view time `now_ms`,
/// if one passes within [`HIT_TOLERANCE`]. A crowded diagram draws its arrows as a few shared paths, so a
/// click is matched to an arrow here rather than by the element it landed on. On a tie the later message
/// wins, as it is drawn on top.
pub fn arrow_at(shapes: &SequenceShapes, x: f64, y: f64, now_ms: f64) -> Option<u64> {
    let mut best: Option<(f64, u64)> = None;
    for arrow in shapes.arrows.iter().chain(&shapes.in_flight) {
        let (tx, ty) = arrow.tip_at(now_ms);
        let distance = distance_to_segment(x, y, arrow.x1, arrow.y1, tx, ty);
        if distance <= HIT_TOLERANCE && best.is_none_or(|(d, _)| distance <= d) {
            best = Some((distance, arrow.seek_index));
        }
    }
    best.map(|(_, seek)| seek)
}

/// Distance from `(x, y)` to the segment from `(x1, y1)` to `(x2, y2)`.
fn distance_to_segment(x: f64, y: f64, x1: f64, y1: f64, x2: f64, y2: f64) -> f64 {
    let (dx, dy) = (x2 - x1, y2 - y1);
    let length_sq = dx * dx + dy * dy;
    let along = if length_sq <= f64::EPSILON {
        0.0
    } else {
        (((x - x1) * dx + (y - y1) * dy) / length_sq).clamp(0.0, 1.0)
    };
    let (px, py) = (x1 + along * dx, y1 + along * dy);
    ((x - px) * (x - px) + (y - py) * (y - py)).sqrt()
}

/// Rough width of a label in 13-unit text, for laying out the legend (CJK glyphs are about twice as wide).
fn text_width(text: &str) -> f64 {
    text.chars()
        .map(|c| if c.is_ascii() { 7.4 } else { 13.0 })
        .sum()
}

/// One legend entry's kind of swatch.
#[derive(Clone, Debug, PartialEq)]
enum Swatch {
    Kind(usize),
    Drop,
    Duplicate,
    Gap(GapKind),
    Band,
}

/// The legend entries and their x positions.
fn legend(shapes: &SequenceShapes, texts: &Texts, naming: &Naming) -> Vec<(f64, Swatch, String)> {
    let mut entries: Vec<(Swatch, String)> = shapes
        .kinds
        .iter()
        .map(|(kind, style)| {
            (
                Swatch::Kind(*style),
                naming.vocabulary.label(kind).to_string(),
            )
        })
        .collect();
    entries.push((Swatch::Drop, texts.seq_legend_dropped.to_string()));
    entries.push((Swatch::Duplicate, texts.seq_legend_duplicate.to_string()));
    entries.push((
        Swatch::Gap(GapKind::Crash),
        texts.seq_legend_crashed.to_string(),
    ));
    entries.push((
        Swatch::Gap(GapKind::Pause),
        texts.seq_legend_paused.to_string(),
    ));
    entries.push((Swatch::Band, texts.seq_legend_partition.to_string()));
    let mut x = PLOT_LEFT;
    entries
        .into_iter()
        .map(|(swatch, text)| {
            let at = x;
            x += 30.0 + text_width(&text) + 18.0;
            (at, swatch, text)
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------------------
// Export: the same shapes as a standalone SVG document.

/// Escapes text for XML content and attribute values.
fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            _ => out.push(c),
        }
    }
    out
}

/// Concrete light-theme colours of the standalone SVG.
mod export_colours {
    pub const BACKGROUND: &str = "#ffffff";
    pub const TEXT: &str = "#1d2430";
    pub const MUTED: &str = "#5a6473";
    pub const LANE: &str = "#8a94a3";
    pub const GRID: &str = "#e3e7ed";
    pub const DROP: &str = "#c4410a";
    pub const CRASH: &str = "#d55e00";
    pub const PAUSE: &str = "#8f8f8f";
    pub const BAND: &str = "#cc79a7";
    pub const CURSOR: &str = "#c4410a";
}

/// The sequence diagram of `trace.events[0..cursor]` as a standalone SVG document (inline colours, no CSS
/// variables, `xmlns` set) ready to download. `window` is `(start_ms, end_ms)`; `None` fits the whole run.
/// It draws the same [`build_shapes`] as the component, with messages in flight drawn up to the cursor.
pub fn sequence_svg(
    trace: &Trace,
    cursor: u64,
    node_count: u32,
    window: Option<(u64, u64)>,
    texts: &Texts,
    naming: &Naming,
) -> String {
    let index = SequenceIndex::build(trace);
    let cursor = cursor.min(trace.len());
    let frame = match window {
        Some((start, end)) => Frame::fit(start, end),
        None => Frame::fit(0, index.horizon_ms.max(1)),
    };
    let shapes = build_shapes(&index, cursor, node_count, frame, texts, naming);
    render_svg(&shapes, shapes.cursor_ms as f64, texts, naming)
}

/// Writes shapes as SVG text with inline styles.
fn render_svg(shapes: &SequenceShapes, now_ms: f64, texts: &Texts, naming: &Naming) -> String {
    use export_colours as c;
    let frame = shapes.frame;
    let (w, h) = (VIEW_WIDTH, shapes.height);
    let top = TOP - 24.0;
    let bottom = shapes.axis_y;
    let now_x = frame.x(now_ms);
    let mut out = String::with_capacity(4096 + 400 * shapes.message_count());
    let _ = write!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="{w}" height="{h:.0}" viewBox="0 0 {w} {h:.0}" font-family="system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'PingFang SC', sans-serif" font-size="13">"#
    );
    let _ = write!(out, "<title>{}</title>", xml_escape(texts.seq_title));
    let _ = write!(
        out,
        r#"<defs><clipPath id="seq-clip"><rect x="{PLOT_LEFT}" y="0" width="{:.1}" height="{h:.0}"/></clipPath><clipPath id="seq-clip-axis"><rect x="{:.1}" y="{bottom:.1}" width="{:.1}" height="24"/></clipPath><pattern id="seq-hatch-crash" patternUnits="userSpaceOnUse" width="6" height="6" patternTransform="rotate(45)"><line x1="0" y1="0" x2="0" y2="6" stroke="{}" stroke-width="2.5"/></pattern><pattern id="seq-hatch-pause" patternUnits="userSpaceOnUse" width="6" height="6"><circle cx="3" cy="3" r="1.2" fill="{}"/></pattern></defs>"#,
        PLOT_RIGHT - PLOT_LEFT,
        PLOT_LEFT - AXIS_OVERHANG,
        PLOT_RIGHT - PLOT_LEFT + 2.0 * AXIS_OVERHANG,
        c::CRASH,
        c::PAUSE
    );
    let _ = write!(
        out,
        r#"<rect width="100%" height="100%" fill="{}"/>"#,
        c::BACKGROUND
    );
    // Lanes and their names.
    for lane in &shapes.lanes {
        let _ = write!(
            out,
            r#"<g><line x1="{PLOT_LEFT}" y1="{y:.1}" x2="{PLOT_RIGHT}" y2="{y:.1}" stroke="{}" stroke-width="1.5"/><text x="{:.1}" y="{:.1}" text-anchor="end" font-weight="600" fill="{}">{}</text></g>"#,
            c::LANE,
            PLOT_LEFT - 10.0,
            lane.y + 4.5,
            c::TEXT,
            xml_escape(&lane.name),
            y = lane.y
        );
    }
    let _ = write!(
        out,
        r#"<line x1="{PLOT_LEFT}" y1="{bottom:.1}" x2="{PLOT_RIGHT}" y2="{bottom:.1}" stroke="{}"/>"#,
        c::MUTED
    );
    out.push_str(r#"<g clip-path="url(#seq-clip)">"#);
    for tick in &shapes.ticks {
        let _ = write!(
            out,
            r#"<line x1="{x:.1}" y1="{top:.1}" x2="{x:.1}" y2="{bottom:.1}" stroke="{}"/>"#,
            c::GRID,
            x = tick.x
        );
    }
    for band in &shapes.bands {
        let x2 = band.x2.unwrap_or(now_x);
        let _ = write!(
            out,
            r#"<g><title>{}</title><rect x="{:.1}" y="{top:.1}" width="{:.1}" height="{:.1}" fill="{}" fill-opacity="0.16"/><text x="{:.1}" y="{:.1}" fill="{}">{}</text></g>"#,
            xml_escape(&band.title),
            band.x1,
            (x2 - band.x1).max(1.0),
            bottom - top,
            c::BAND,
            band.x1 + 4.0,
            top - 6.0,
            c::TEXT,
            xml_escape(texts.seq_legend_partition)
        );
    }
    for gap in &shapes.gaps {
        let x2 = gap.x2.unwrap_or(now_x);
        let (pattern, colour) = match gap.kind {
            GapKind::Crash => ("seq-hatch-crash", c::CRASH),
            GapKind::Pause => ("seq-hatch-pause", c::PAUSE),
        };
        let _ = write!(
            out,
            r#"<g><title>{}</title><rect x="{:.1}" y="{:.1}" width="{:.1}" height="14" fill="{}"/><rect x="{:.1}" y="{:.1}" width="{:.1}" height="14" fill="url(#{pattern})" stroke="{colour}"/></g>"#,
            xml_escape(&gap.title),
            gap.x1,
            gap.y - 7.0,
            (x2 - gap.x1).max(1.0),
            c::BACKGROUND,
            gap.x1,
            gap.y - 7.0,
            (x2 - gap.x1).max(1.0),
        );
    }
    for arrow in shapes.arrows.iter().chain(&shapes.in_flight) {
        let colour = EXPORT_KIND_COLOURS[arrow.style];
        let dash = KIND_DASHES[arrow.style];
        let dash_attr = if dash.is_empty() {
            String::new()
        } else {
            format!(r#" stroke-dasharray="{dash}""#)
        };
        let (tx, ty) = arrow.tip_at(now_ms);
        let _ = write!(
            out,
            r#"<g data-kind="{}" data-msg-id="{}"><title>{}</title><line x1="{:.1}" y1="{:.1}" x2="{tx:.1}" y2="{ty:.1}" stroke="{colour}" stroke-width="2"{dash_attr}/>"#,
            xml_escape(&arrow.kind),
            arrow.msg,
            xml_escape(&arrow.title),
            arrow.x1,
            arrow.y1,
        );
        match arrow.state {
            ArrowState::Delivered => {
                let _ = write!(
                    out,
                    r#"<path d="{}" fill="{colour}"/>"#,
                    head_path(arrow.x1, arrow.y1, tx, ty, 0.0)
                );
                if arrow.duplicate {
                    let _ = write!(
                        out,
                        r#"<path d="{}" fill="{colour}"/>"#,
                        head_path(arrow.x1, arrow.y1, tx, ty, HEAD_LENGTH - 2.0)
                    );
                }
            }
            ArrowState::Dropped => {
                let _ = write!(
                    out,
                    r#"<path d="{}" stroke="{}" stroke-width="2.5" fill="none"/>"#,
                    cross_path(tx, ty),
                    c::DROP
                );
            }
            ArrowState::InFlight => {
                let _ = write!(
                    out,
                    r#"<circle cx="{tx:.1}" cy="{ty:.1}" r="4.5" fill="{colour}"/>"#
                );
            }
        }
        out.push_str("</g>");
    }
    for label in &shapes.labels {
        let _ = write!(
            out,
            r#"<text x="{:.1}" y="{:.1}" fill="{}" font-size="12">{}</text>"#,
            label.x + 3.0,
            label.y,
            c::MUTED,
            xml_escape(&label.text)
        );
    }
    let _ = write!(
        out,
        r#"<line x1="{now_x:.1}" y1="{top:.1}" x2="{now_x:.1}" y2="{bottom:.1}" stroke="{}" stroke-width="2"/>"#,
        c::CURSOR
    );
    out.push_str("</g>");
    // Tick labels may overhang the plot a little, so "0" is not cut in half.
    out.push_str(r#"<g clip-path="url(#seq-clip-axis)">"#);
    for tick in &shapes.ticks {
        let _ = write!(
            out,
            r#"<text x="{:.1}" y="{:.1}" text-anchor="middle" fill="{}">{}</text>"#,
            tick.x,
            bottom + 17.0,
            c::MUTED,
            tick.label
        );
    }
    out.push_str("</g>");
    // Axis title and legend.
    let legend_y = bottom + 44.0;
    let _ = write!(
        out,
        r#"<text x="{PLOT_RIGHT}" y="{:.1}" text-anchor="end" fill="{}">{}</text>"#,
        legend_y + 4.5,
        c::MUTED,
        xml_escape(texts.seq_axis)
    );
    for (x, swatch, text) in legend(shapes, texts, naming) {
        match swatch {
            Swatch::Kind(style) => {
                let dash = KIND_DASHES[style];
                let dash_attr = if dash.is_empty() {
                    String::new()
                } else {
                    format!(r#" stroke-dasharray="{dash}""#)
                };
                let _ = write!(
                    out,
                    r#"<line x1="{x:.1}" y1="{legend_y:.1}" x2="{:.1}" y2="{legend_y:.1}" stroke="{}" stroke-width="2.5"{dash_attr}/>"#,
                    x + 24.0,
                    EXPORT_KIND_COLOURS[style]
                );
            }
            Swatch::Drop => {
                let _ = write!(
                    out,
                    r#"<path d="{}" stroke="{}" stroke-width="2.5" fill="none"/>"#,
                    cross_path(x + 12.0, legend_y),
                    c::DROP
                );
            }
            Swatch::Duplicate => {
                let _ = write!(
                    out,
                    r#"<path d="{}" fill="{}"/><path d="{}" fill="{}"/>"#,
                    head_path(x, legend_y, x + 24.0, legend_y, 0.0),
                    c::TEXT,
                    head_path(x, legend_y, x + 24.0, legend_y, HEAD_LENGTH - 2.0),
                    c::TEXT
                );
            }
            Swatch::Gap(kind) => {
                let (pattern, colour) = match kind {
                    GapKind::Crash => ("seq-hatch-crash", c::CRASH),
                    GapKind::Pause => ("seq-hatch-pause", c::PAUSE),
                };
                let _ = write!(
                    out,
                    r#"<rect x="{x:.1}" y="{:.1}" width="24" height="14" fill="url(#{pattern})" stroke="{colour}"/>"#,
                    legend_y - 7.0
                );
            }
            Swatch::Band => {
                let _ = write!(
                    out,
                    r#"<rect x="{x:.1}" y="{:.1}" width="24" height="14" fill="{}" fill-opacity="0.25"/>"#,
                    legend_y - 7.0,
                    c::BAND
                );
            }
        }
        let _ = write!(
            out,
            r#"<text x="{:.1}" y="{:.1}" fill="{}">{}</text>"#,
            x + 30.0,
            legend_y + 4.5,
            c::TEXT,
            xml_escape(&text)
        );
    }
    out.push_str("</svg>");
    out
}

// ---------------------------------------------------------------------------------------------------------
// The component.

/// Compares a trace by pointer: deep equality on a long trace would cost more than drawing it.
#[derive(Clone)]
struct TraceRef(Rc<Trace>);

impl PartialEq for TraceRef {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

#[derive(Properties, Clone)]
pub struct SequenceProps {
    /// The run's trace.
    pub trace: Rc<Trace>,
    /// `events[0..cursor]` have happened.
    pub cursor: u64,
    /// The view clock, between events while playing.
    pub time_ms: f64,
    /// Number of lanes.
    pub node_count: u32,
    /// Called with the event index to seek to when a message is clicked.
    pub on_seek: Callback<u64>,
    /// Show only a window this wide around the cursor; `None` fits the run when it is short (≤ 2 s) and
    /// slides a 2 s window otherwise.
    #[prop_or_default]
    pub window_ms: Option<u64>,
    /// Appended to the root's test id and to the SVG ids, when a page shows more than one diagram.
    #[prop_or_default]
    pub id_suffix: AttrValue,
    /// How message kinds and states are named and drawn.
    pub vocabulary: Vocabulary,
    /// Each node's name, by id.
    pub names: Rc<Vec<String>>,
}

impl PartialEq for SequenceProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.trace, &other.trace)
            && self.cursor == other.cursor
            && self.time_ms == other.time_ms
            && self.node_count == other.node_count
            && self.on_seek == other.on_seek
            && self.window_ms == other.window_ms
            && self.id_suffix == other.id_suffix
            && self.vocabulary == other.vocabulary
            && self.names == other.names
    }
}

/// The seek index in the `data-seek` of the message under an event's target, if any.
fn seek_target(event: &Event) -> Option<u64> {
    let target: web_sys::Element = event.target()?.dyn_into().ok()?;
    let message = target.closest("[data-seek]").ok()??;
    message.get_attribute("data-seek")?.parse().ok()
}

#[component]
pub fn SequenceDiagram(props: &SequenceProps) -> Html {
    let lang = use_lang();
    let texts = lang.texts();
    let suffix = props.id_suffix.clone();

    let index = use_memo(TraceRef(props.trace.clone()), |trace| {
        SequenceIndex::build(&trace.0)
    });
    let viewport = viewport(index.horizon_ms, props.time_ms, props.window_ms);
    let naming = Naming {
        vocabulary: props.vocabulary,
        names: props.names.clone(),
    };
    let shapes = {
        let index = index.clone();
        let frame = viewport.frame;
        use_memo(
            (
                TraceRef(props.trace.clone()),
                props.cursor,
                frame.start_ms,
                frame.end_ms,
                props.node_count,
                lang,
                naming.clone(),
            ),
            move |(_, cursor, _, _, node_count, lang, naming)| {
                build_shapes(&index, *cursor, *node_count, frame, lang.texts(), naming)
            },
        )
    };

    let focusable = shapes.message_count() <= FOCUSABLE_ARROWS_MAX;
    let frame = shapes.frame;
    let now_x = frame.x(props.time_ms);
    let top = TOP - 24.0;
    let bottom = shapes.axis_y;
    let legend_y = bottom + 44.0;
    let clip_id = format!("seq-clip{suffix}");
    let axis_clip_id = format!("seq-clip-axis{suffix}");
    let crash_id = format!("seq-hatch-crash{suffix}");
    let pause_id = format!("seq-hatch-pause{suffix}");
    let visible_end = viewport.visible_start_ms + viewport.visible_span_ms as f64;
    let summary = fill(
        texts.seq_summary,
        &[
            ("nodes", &props.node_count),
            ("messages", &shapes.message_count()),
            ("start", &format!("{:.0}", viewport.visible_start_ms)),
            ("end", &format!("{visible_end:.0}")),
        ],
    );

    let open_bands = shapes
        .bands
        .iter()
        .filter(|b| b.x2.is_none())
        .map(|band| band_html(band, now_x, top, bottom, texts));
    let open_gaps = shapes
        .gaps
        .iter()
        .filter(|g| g.x2.is_none())
        .map(|gap| gap_html(gap, now_x, &crash_id, &pause_id));
    // Arrows in flight move every frame. In a crowded diagram (twelve nodes heartbeating over slow links) they
    // are drawn as one path of lines and one of tips per message kind, rather than elements to create,
    // update and remove.
    let in_flight: Html = if focusable {
        shapes
            .in_flight
            .iter()
            .map(|arrow| arrow_html(arrow, props.time_ms, true))
            .collect()
    } else {
        // (style, lines, tips, count), in style order.
        let mut kinds: Vec<CrowdPaths> = Vec::new();
        for arrow in &shapes.in_flight {
            let (tx, ty) = arrow.tip_at(props.time_ms);
            let (_, lines, tips, count) = crowd_slot(&mut kinds, arrow.style);
            *count += 1;
            let _ = write!(
                lines,
                "M{:.1} {:.1}L{:.1} {:.1}",
                arrow.x1, arrow.y1, tx, ty
            );
            let _ = write!(tips, "M{tx:.1} {ty:.1}h0");
        }
        kinds
            .into_iter()
            .map(|(style, lines, tips, count)| html! {
                <g class={format!("seq-msg seq-k{style} in-flight seq-crowd")} data-testid="seq-in-flight-crowd"
                   data-count={count.to_string()}>
                    <path class="seq-line" d={lines} />
                    <path class="seq-tips" d={tips} />
                </g>
            })
            .collect()
    };
    let lanes = shapes.lanes.iter().map(|lane| {
        html! {
            <g class="seq-lane" data-testid="seq-lane" data-node-id={lane.node.to_string()}>
                <line x1={PLOT_LEFT.to_string()} x2={PLOT_RIGHT.to_string()}
                      y1={fmt1(lane.y)} y2={fmt1(lane.y)} />
                <text x={fmt1(PLOT_LEFT - 10.0)} y={fmt1(lane.y + 4.5)}>{ lane.name.clone() }</text>
            </g>
        }
    });
    let tick_labels = shapes.ticks.iter().map(|tick| {
        html! { <text x={fmt1(tick.x)} y={fmt1(bottom + 17.0)}>{ tick.label.clone() }</text> }
    });
    let legend_items = legend(&shapes, texts, &naming)
        .into_iter()
        .map(|(x, swatch, text)| legend_html(x, legend_y, swatch, text, &crash_id, &pause_id));

    let on_click = {
        let on_seek = props.on_seek.clone();
        let shapes = shapes.clone();
        let offset_px = viewport.offset_px();
        let now_ms = props.time_ms;
        Callback::from(move |event: MouseEvent| {
            let hit = seek_target(&event).or_else(|| {
                let (x, y) = svg_point(&event, "svg.seq-diagram")?;
                if !(PLOT_LEFT..=PLOT_RIGHT).contains(&x) {
                    return None;
                }
                arrow_at(&shapes, x - offset_px, y, now_ms)
            });
            if let Some(index) = hit {
                on_seek.emit(index);
            }
        })
    };
    let on_keydown = {
        let on_seek = props.on_seek.clone();
        Callback::from(move |event: KeyboardEvent| {
            if event.key() == "Enter" || event.key() == " " {
                if let Some(index) = seek_target(&event) {
                    event.prevent_default();
                    on_seek.emit(index);
                }
            }
        })
    };

    html! {
        <svg class={classes!("seq-diagram", (!focusable).then_some("crowded"))} data-testid={format!("sequence-diagram{suffix}")}
             viewBox={format!("0 0 {VIEW_WIDTH} {:.0}", shapes.height)}
             role={if focusable { "group" } else { "img" }}
             tabindex={(!focusable).then_some("0")}
             aria-label={summary}
             data-window-start={format!("{:.0}", viewport.visible_start_ms)}
             data-window-end={format!("{visible_end:.0}")}
             onclick={on_click} onkeydown={on_keydown}>
            <defs>
                <clipPath id={clip_id.clone()}>
                    <rect x={PLOT_LEFT.to_string()} y="0" width={(PLOT_RIGHT - PLOT_LEFT).to_string()}
                          height={fmt1(shapes.height)} />
                </clipPath>
                <clipPath id={axis_clip_id.clone()}>
                    <rect x={fmt1(PLOT_LEFT - AXIS_OVERHANG)} y={fmt1(bottom)}
                          width={fmt1(PLOT_RIGHT - PLOT_LEFT + 2.0 * AXIS_OVERHANG)} height="24" />
                </clipPath>
                <pattern id={crash_id.clone()} patternUnits="userSpaceOnUse" width="6" height="6"
                         patternTransform="rotate(45)">
                    <line class="seq-hatch-crash" x1="0" y1="0" x2="0" y2="6" />
                </pattern>
                <pattern id={pause_id.clone()} patternUnits="userSpaceOnUse" width="6" height="6">
                    <circle class="seq-hatch-pause" cx="3" cy="3" r="1.2" />
                </pattern>
            </defs>
            <g class="seq-lanes">{ for lanes }</g>
            <line class="seq-axis" x1={PLOT_LEFT.to_string()} x2={PLOT_RIGHT.to_string()}
                  y1={fmt1(bottom)} y2={fmt1(bottom)} />
            <text class="seq-axis-title" x={PLOT_RIGHT.to_string()} y={fmt1(legend_y + 4.5)}>{ texts.seq_axis }</text>
            <g class="seq-tick-labels" clip-path={format!("url(#{axis_clip_id})")}>
                <g transform={format!("translate({:.2} 0)", viewport.offset_px())}>{ for tick_labels }</g>
            </g>
            <g clip-path={format!("url(#{clip_id})")}>
                <g transform={format!("translate({:.2} 0)", viewport.offset_px())}>
                    <g class="seq-live-back">{ for open_bands }{ for open_gaps }</g>
                    <SequenceLayer shapes={shapes.clone()} focusable={focusable}
                                   crash_id={crash_id.clone()} pause_id={pause_id.clone()} />
                    <g class="seq-live-front">
                        { in_flight }
                        <line class="seq-cursor" data-testid="seq-cursor"
                              x1={fmt1(now_x)} x2={fmt1(now_x)} y1={fmt1(top)} y2={fmt1(bottom)} />
                    </g>
                </g>
            </g>
            <g class="seq-legend" aria-hidden="true">{ for legend_items }</g>
        </svg>
    }
}

/// Props of the settled layer: compared by the shapes' pointer only.
#[derive(Properties)]
struct LayerProps {
    shapes: Rc<SequenceShapes>,
    focusable: bool,
    crash_id: String,
    pause_id: String,
}

impl PartialEq for LayerProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.shapes, &other.shapes)
            && self.focusable == other.focusable
            && self.crash_id == other.crash_id
    }
}

/// Everything that does not move between events: ticks, closed bands and gaps, settled arrows, labels.
#[component]
fn SequenceLayer(props: &LayerProps) -> Html {
    let texts = use_lang().texts();
    let shapes = &props.shapes;
    let top = TOP - 24.0;
    let bottom = shapes.axis_y;
    let ticks = shapes.ticks.iter().map(|tick| {
        html! {
            <line x1={fmt1(tick.x)} x2={fmt1(tick.x)} y1={fmt1(top)} y2={fmt1(bottom)} />
        }
    });
    let bands = shapes
        .bands
        .iter()
        .filter(|b| b.x2.is_some())
        .map(|band| band_html(band, 0.0, top, bottom, texts));
    let gaps = shapes
        .gaps
        .iter()
        .filter(|g| g.x2.is_some())
        .map(|gap| gap_html(gap, 0.0, &props.crash_id, &props.pause_id));
    let arrows: Html = if props.focusable {
        shapes
            .arrows
            .iter()
            .map(|arrow| arrow_html(arrow, 0.0, true))
            .collect()
    } else {
        crowd_arrows_html(&shapes.arrows)
    };
    let labels = shapes.labels.iter().map(|label| {
        html! {
            <text class="seq-label" data-testid="seq-label" data-node-id={label.node.to_string()}
                  x={fmt1(label.x + 3.0)} y={fmt1(label.y)}>{ label.text.clone() }</text>
        }
    });
    html! {
        <g class="seq-settled">
            <g class="seq-ticks">{ for ticks }</g>
            <g class="seq-bands">{ for bands }</g>
            <g class="seq-gaps">{ for gaps }</g>
            <g class="seq-arrows">{ arrows }</g>
            <g class="seq-labels">{ for labels }</g>
        </g>
    }
}

/// One message kind's paths in a crowd: (style, lines, heads or tips, message count).
type CrowdPaths = (usize, String, String, usize);

/// The paths of `style`, added in style order if new (inserting in order rather than sorting at the end
/// keeps another instance of the standard sort out of the app).
fn crowd_slot(kinds: &mut Vec<CrowdPaths>, style: usize) -> &mut CrowdPaths {
    let at = kinds.partition_point(|(s, ..)| *s < style);
    if kinds.get(at).is_none_or(|(s, ..)| *s != style) {
        kinds.insert(at, (style, String::new(), String::new(), 0));
    }
    &mut kinds[at]
}

/// Settled arrows of a crowded diagram: per message kind one path of lines and one of heads, and one path of
/// drop crosses. A page of a long run holds hundreds of arrows; as elements, turning the page (or seeking)
/// spent most of its time creating and removing them, and a crowded diagram offers no per-arrow focus or
/// tooltip anyway. Clicks find their arrow with [`arrow_at`].
fn crowd_arrows_html(arrows: &[ArrowShape]) -> Html {
    // (style, lines, heads, count), in style order so the drawing does not depend on arrival order.
    let mut kinds: Vec<CrowdPaths> = Vec::new();
    let mut drops = String::new();
    let mut drop_count = 0usize;
    for arrow in arrows {
        let (_, lines, heads, count) = crowd_slot(&mut kinds, arrow.style);
        *count += 1;
        let _ = write!(
            lines,
            "M{:.1} {:.1}L{:.1} {:.1}",
            arrow.x1, arrow.y1, arrow.x2, arrow.y2
        );
        match arrow.state {
            ArrowState::Delivered => {
                write_head_path(heads, arrow.x1, arrow.y1, arrow.x2, arrow.y2, 0.0);
                if arrow.duplicate {
                    let back = HEAD_LENGTH - 2.0;
                    write_head_path(heads, arrow.x1, arrow.y1, arrow.x2, arrow.y2, back);
                }
            }
            ArrowState::Dropped => {
                write_cross_path(&mut drops, arrow.x2, arrow.y2);
                drop_count += 1;
            }
            ArrowState::InFlight => {}
        }
    }
    let groups = kinds.into_iter().map(|(style, lines, heads, count)| {
        html! {
            <g class={format!("seq-msg seq-k{style} seq-crowd")} data-testid="seq-arrow-crowd"
               data-count={count.to_string()}>
                <path class="seq-line" d={lines} />
                <path class="seq-head" d={heads} />
            </g>
        }
    });
    html! {
        <>
            { for groups }
            if drop_count > 0 {
                <path class="seq-drop" data-testid="seq-drop" data-count={drop_count.to_string()} d={drops} />
            }
        </>
    }
}

fn fmt1(value: f64) -> String {
    format!("{value:.1}")
}

fn band_html(band: &BandShape, now_x: f64, top: f64, bottom: f64, texts: &Texts) -> Html {
    let x2 = band.x2.unwrap_or(now_x);
    html! {
        <g class="seq-partition" data-testid="seq-partition">
            <title>{ band.title.clone() }</title>
            <rect x={fmt1(band.x1)} y={fmt1(top)} width={fmt1((x2 - band.x1).max(1.0))}
                  height={fmt1(bottom - top)} />
            <text x={fmt1(band.x1 + 4.0)} y={fmt1(top - 6.0)}>{ texts.seq_legend_partition }</text>
        </g>
    }
}

fn gap_html(gap: &GapShape, now_x: f64, crash_id: &str, pause_id: &str) -> Html {
    let x2 = gap.x2.unwrap_or(now_x);
    let pattern = match gap.kind {
        GapKind::Crash => crash_id,
        GapKind::Pause => pause_id,
    };
    let width = fmt1((x2 - gap.x1).max(1.0));
    html! {
        <g class={classes!("seq-gap", gap.kind.code())} data-testid="seq-gap" data-gap={gap.kind.code()}
           data-node-id={gap.node.to_string()}>
            <title>{ gap.title.clone() }</title>
            <rect class="seq-gap-base" x={fmt1(gap.x1)} y={fmt1(gap.y - 7.0)} width={width.clone()} height="14" />
            <rect class="seq-gap-hatch" x={fmt1(gap.x1)} y={fmt1(gap.y - 7.0)} width={width} height="14"
                  fill={format!("url(#{pattern})")} />
        </g>
    }
}

/// One arrow. Keyed by its start event (unique even in a hand-made trace that reuses a message id), so a
/// message moving from "in flight" to "delivered" does not make Yew rewrite every arrow after it.
fn arrow_html(arrow: &ArrowShape, now_ms: f64, focusable: bool) -> Html {
    let (tx, ty) = arrow.tip_at(now_ms);
    let end = match arrow.state {
        ArrowState::Delivered => html! {
            <>
                <path class="seq-head" d={head_path(arrow.x1, arrow.y1, tx, ty, 0.0)} />
                if arrow.duplicate {
                    <path class="seq-head" d={head_path(arrow.x1, arrow.y1, tx, ty, HEAD_LENGTH - 2.0)} />
                }
            </>
        },
        ArrowState::Dropped => html! {
            <path class="seq-drop" data-testid="seq-drop" d={cross_path(tx, ty)} />
        },
        ArrowState::InFlight => html! {
            <circle class="seq-tip" cx={fmt1(tx)} cy={fmt1(ty)} r="4.5" />
        },
    };
    html! {
        <g key={arrow.seek_index} class={classes!("seq-msg", format!("seq-k{}", arrow.style), arrow.state.code())}
           data-testid="seq-message" data-kind={arrow.kind.to_string()} data-msg-id={arrow.msg.to_string()}
           data-state={arrow.state.code()} data-duplicate={arrow.duplicate.then_some("true")}
           data-seek={arrow.seek_index.to_string()}
           tabindex={focusable.then_some("0")} role={focusable.then_some("button")}
           aria-label={focusable.then(|| arrow.title.clone())}>
            // With many arrows (only the diagram takes focus then) the tooltips are left out: hundreds of
            // title elements are a large part of what a seek or a page turn has to build.
            if focusable {
                <title>{ arrow.title.clone() }</title>
            }
            <line class="seq-hit" x1={fmt1(arrow.x1)} y1={fmt1(arrow.y1)} x2={fmt1(tx)} y2={fmt1(ty)} />
            <line class="seq-line" x1={fmt1(arrow.x1)} y1={fmt1(arrow.y1)} x2={fmt1(tx)} y2={fmt1(ty)} />
            { end }
        </g>
    }
}

fn legend_html(
    x: f64,
    y: f64,
    swatch: Swatch,
    text: String,
    crash_id: &str,
    pause_id: &str,
) -> Html {
    let mark = match swatch {
        Swatch::Kind(style) => html! {
            <g class={format!("seq-msg seq-k{style}")}>
                <line class="seq-line" x1={fmt1(x)} y1={fmt1(y)} x2={fmt1(x + 24.0)} y2={fmt1(y)} />
            </g>
        },
        Swatch::Drop => html! { <path class="seq-drop" d={cross_path(x + 12.0, y)} /> },
        Swatch::Duplicate => html! {
            <g class="seq-legend-dup">
                <path d={head_path(x, y, x + 24.0, y, 0.0)} />
                <path d={head_path(x, y, x + 24.0, y, HEAD_LENGTH - 2.0)} />
            </g>
        },
        Swatch::Gap(kind) => {
            let pattern = match kind {
                GapKind::Crash => crash_id,
                GapKind::Pause => pause_id,
            };
            html! {
                <g class={classes!("seq-gap", kind.code())}>
                    <rect class="seq-gap-hatch" x={fmt1(x)} y={fmt1(y - 7.0)} width="24" height="14"
                          fill={format!("url(#{pattern})")} />
                </g>
            }
        }
        Swatch::Band => html! {
            <g class="seq-partition">
                <rect x={fmt1(x)} y={fmt1(y - 7.0)} width="24" height="14" />
            </g>
        },
    };
    html! {
        <g class="seq-legend-item">
            { mark }
            <text x={fmt1(x + 30.0)} y={fmt1(y + 4.5)}>{ text }</text>
        </g>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::sim::{DropReason, MsgId, TraceEvent};
    use crate::ui::i18n::Lang;

    fn texts() -> &'static Texts {
        Lang::En.texts()
    }

    use crate::core::sim::{Legend, LegendEntry, StyleRole};
    use crate::ui::vocabulary::{PanelWords, STYLE_SLOTS};

    static LEGEND: Legend = Legend {
        messages: &[
            LegendEntry {
                code: "ping",
                role: StyleRole::Request,
            },
            LegendEntry {
                code: "pong",
                role: StyleRole::Reply,
            },
            LegendEntry {
                code: "heartbeat",
                role: StyleRole::Heartbeat,
            },
        ],
        states: &[
            LegendEntry {
                code: "idle",
                role: StyleRole::Neutral,
            },
            LegendEntry {
                code: "waiting",
                role: StyleRole::Caution,
            },
        ],
        roles: &["node"],
        commands: &[],
        properties: &[],
    };
    static EN: PanelWords = PanelWords {
        nav: "",
        title: "",
        intro: "",
        labels: &[
            ("ping", "ping"),
            ("pong", "pong"),
            ("idle", "idle"),
            ("waiting", "waiting for pongs"),
        ],
    };
    static ZH: PanelWords = PanelWords {
        nav: "",
        title: "",
        intro: "",
        labels: &[("idle", "空闲"), ("waiting", "等待 pong")],
    };

    fn naming_in(lang: Lang) -> Naming {
        Naming {
            vocabulary: Vocabulary {
                legend: &LEGEND,
                words: if lang == Lang::En { &EN } else { &ZH },
                lang,
            },
            names: Rc::new((0..4).map(|n| format!("n{n}")).collect()),
        }
    }

    fn naming() -> Naming {
        naming_in(Lang::En)
    }

    fn event(time_ms: u64, kind: EventKind) -> TraceEvent {
        TraceEvent { time_ms, kind }
    }

    fn send(
        msg: u64,
        from: u32,
        to: u32,
        kind: &'static str,
        deliver_at_ms: Option<u64>,
    ) -> EventKind {
        EventKind::Send {
            msg: MsgId(msg),
            from: NodeId(from),
            to: NodeId(to),
            kind,
            detail: String::new(),
            deliver_at_ms,
        }
    }

    fn deliver(msg: u64, from: u32, to: u32, kind: &'static str) -> EventKind {
        EventKind::Deliver {
            msg: MsgId(msg),
            from: NodeId(from),
            to: NodeId(to),
            kind,
        }
    }

    fn drop(msg: u64, from: u32, to: u32, kind: &'static str, reason: DropReason) -> EventKind {
        EventKind::Drop {
            msg: MsgId(msg),
            from: NodeId(from),
            to: NodeId(to),
            kind,
            reason,
        }
    }

    fn state(node: u32, state: &'static str) -> EventKind {
        EventKind::State {
            node: NodeId(node),
            state,
            note: 0,
        }
    }

    /// A small run with one of everything the diagram draws (event indices in the comments).
    fn small_trace() -> Trace {
        let mut trace = Trace::new(3);
        trace.events = vec![
            event(0, EventKind::Start { node: NodeId(0) }),    // 0
            event(0, send(0, 0, 1, "ping", Some(20))),         // 1
            event(5, send(1, 1, 0, "pong", None)),             // 2: lost at send
            event(5, drop(1, 1, 0, "pong", DropReason::Loss)), // 3
            event(
                10,
                EventKind::Duplicate {
                    msg: MsgId(0),
                    copy: MsgId(2),
                    deliver_at_ms: 30,
                },
            ), // 4
            event(20, deliver(0, 0, 1, "ping")),               // 5
            event(20, state(1, "waiting")),                    // 6
            event(25, EventKind::Crash { node: NodeId(2) }),   // 7
            event(30, deliver(2, 0, 1, "ping")),               // 8
            event(
                40,
                EventKind::Partition {
                    groups: vec![vec![NodeId(0)], vec![NodeId(1), NodeId(2)]],
                },
            ), // 9
            event(50, send(3, 0, 2, "ping", Some(80))),        // 10
            event(60, EventKind::Recover { node: NodeId(2) }), // 11
            event(70, EventKind::Heal),                        // 12
            event(70, state(1, "waiting")),                    // 13: no change, no label
            event(75, state(1, "idle")),                       // 14
            event(80, drop(3, 0, 2, "ping", DropReason::Partition)), // 15
            event(90, send(4, 1, 0, "heartbeat", Some(150))),  // 16
            event(
                100,
                EventKind::Pause {
                    node: NodeId(0),
                    until_ms: 120,
                },
            ), // 17
            event(120, EventKind::Resume { node: NodeId(0) }), // 18
        ];
        trace
    }

    fn shapes_at(trace: &Trace, cursor: u64, frame: Frame) -> SequenceShapes {
        build_shapes(
            &SequenceIndex::build(trace),
            cursor,
            3,
            frame,
            texts(),
            &naming(),
        )
    }

    fn arrow(shapes: &SequenceShapes, msg: u64) -> &ArrowShape {
        shapes
            .arrows
            .iter()
            .chain(&shapes.in_flight)
            .find(|a| a.msg == msg)
            .unwrap_or_else(|| panic!("no arrow for m{msg}"))
    }

    #[test]
    fn delivered_messages_are_arrows_from_send_to_delivery() {
        let trace = small_trace();
        let frame = Frame::fit(0, 150);
        let shapes = shapes_at(&trace, trace.len(), frame);
        let ping = arrow(&shapes, 0);
        assert_eq!(ping.state, ArrowState::Delivered);
        assert_eq!((ping.x1, ping.y1), (frame.x(0.0), lane_y(0, 3)));
        assert_eq!((ping.x2, ping.y2), (frame.x(20.0), lane_y(1, 3)));
        assert_eq!(ping.seek_index, 2, "a click lands just after the send");
        assert!(!ping.duplicate);
        assert!(ping.title.contains("ping #0 n0 → n1"), "{}", ping.title);
        assert_eq!(shapes.message_count(), 5);
    }

    #[test]
    fn drops_end_in_a_cross_where_the_message_was_lost() {
        let trace = small_trace();
        let frame = Frame::fit(0, 150);
        let shapes = shapes_at(&trace, trace.len(), frame);
        // Lost at send: a short stub from the sender, heading for the receiver.
        let lost = arrow(&shapes, 1);
        assert_eq!(lost.state, ArrowState::Dropped);
        assert!(lost.x2 > lost.x1 && lost.y2 < lost.y1 && lost.y2 > lane_y(0, 3));
        assert!(lost.title.contains("lost when sent"));
        // Cut by the partition at delivery time: the cross sits on the receiver's lane.
        let cut = arrow(&shapes, 3);
        assert_eq!(cut.state, ArrowState::Dropped);
        assert_eq!((cut.x2, cut.y2), (frame.x(80.0), lane_y(2, 3)));
        let svg = render_svg(&shapes, 120.0, texts(), &naming());
        assert_eq!(svg.matches(&cross_path(cut.x2, cut.y2)).count(), 1);
    }

    #[test]
    fn a_message_in_flight_is_drawn_up_to_the_view_time() {
        let trace = small_trace();
        let frame = Frame::fit(0, 150);
        // After event 7 (the crash at 25 ms): the duplicate copy m2 is on the wire, due at 30 ms.
        let shapes = shapes_at(&trace, 8, frame);
        let copy = arrow(&shapes, 2);
        assert_eq!(copy.state, ArrowState::InFlight);
        assert!(copy.duplicate);
        assert_eq!(
            copy.seek_index, 5,
            "a copy seeks to just after its duplication"
        );
        assert_eq!(copy.end_ms, 30);
        let (x, y) = copy.tip_at(25.0);
        assert!((x - frame.x(25.0)).abs() < 1e-9);
        assert!(y > lane_y(0, 3) && y < lane_y(1, 3));
        assert_eq!(copy.tip_at(99.0), (copy.x2, copy.y2), "never past delivery");
        // Nothing sent after the cursor is drawn.
        assert_eq!(shapes.message_count(), 3);
        assert_eq!(shapes.cursor_ms, 25);
    }

    #[test]
    fn a_click_near_a_line_finds_its_message() {
        let trace = small_trace();
        let frame = Frame::fit(0, 150);
        let shapes = shapes_at(&trace, trace.len(), frame);
        let heartbeat = arrow(&shapes, 4);
        // On the line, a little off it, and beside it but beyond the tolerance.
        let (mx, my) = (
            (heartbeat.x1 + heartbeat.x2) / 2.0,
            (heartbeat.y1 + heartbeat.y2) / 2.0,
        );
        assert_eq!(arrow_at(&shapes, mx, my, 150.0), Some(17));
        assert_eq!(arrow_at(&shapes, mx, my + 4.0, 150.0), Some(17));
        assert_eq!(arrow_at(&shapes, mx, my + 40.0, 150.0), None);
        // Far from every line (left of the first send, between lanes).
        assert_eq!(
            arrow_at(&shapes, frame.x(0.0) - 30.0, lane_y(1, 3) + 10.0, 150.0),
            None
        );
        // A message in flight is hit along the part drawn so far, not beyond its tip.
        let early = shapes_at(&trace, 8, frame);
        let copy = arrow(&early, 2);
        let (tx, ty) = copy.tip_at(22.0);
        let before_tip = (
            copy.x1 + (tx - copy.x1) * 0.9,
            copy.y1 + (ty - copy.y1) * 0.9,
        );
        assert_eq!(arrow_at(&early, before_tip.0, before_tip.1, 22.0), Some(5));
        let (ex, ey) = (copy.x2 - 1.0, copy.y2 - 1.0);
        assert_ne!(
            arrow_at(&early, ex, ey, 22.0),
            Some(5),
            "the undrawn rest is not hit"
        );
    }

    #[test]
    fn duplicates_are_marked_once_delivered() {
        let trace = small_trace();
        let shapes = shapes_at(&trace, trace.len(), Frame::fit(0, 150));
        let copy = arrow(&shapes, 2);
        assert_eq!(copy.state, ArrowState::Delivered);
        assert!(copy.duplicate);
        assert!(copy.title.contains("duplicate of #0"));
        let svg = render_svg(&shapes, 120.0, texts(), &naming());
        // A double arrowhead: the second head is set back along the arrow.
        let second = head_path(copy.x1, copy.y1, copy.x2, copy.y2, HEAD_LENGTH - 2.0);
        assert!(svg.contains(&second));
    }

    #[test]
    fn crashes_and_pauses_are_gaps_and_partitions_are_bands() {
        let trace = small_trace();
        let frame = Frame::fit(0, 150);
        let shapes = shapes_at(&trace, trace.len(), frame);
        assert_eq!(shapes.gaps.len(), 2);
        let crash = &shapes.gaps[0];
        assert_eq!((crash.node, crash.kind), (2, GapKind::Crash));
        assert_eq!((crash.x1, crash.x2), (frame.x(25.0), Some(frame.x(60.0))));
        let pause = &shapes.gaps[1];
        assert_eq!((pause.node, pause.kind), (0, GapKind::Pause));
        assert_eq!(pause.x2, Some(frame.x(120.0)));
        assert_eq!(shapes.bands.len(), 1);
        assert_eq!(
            (shapes.bands[0].x1, shapes.bands[0].x2),
            (frame.x(40.0), Some(frame.x(70.0)))
        );
        assert!(shapes.bands[0].title.contains("{n0} | {n1, n2}"));

        // Before the recovery and the heal, both are open: drawn up to the view time.
        let open = shapes_at(&trace, 11, frame);
        assert_eq!(open.gaps.len(), 1);
        assert_eq!(open.gaps[0].x2, None);
        assert_eq!(open.bands[0].x2, None);
    }

    #[test]
    fn state_labels_appear_only_where_they_change() {
        let trace = small_trace();
        let shapes = shapes_at(&trace, trace.len(), Frame::fit(0, 150));
        let drawn: Vec<&str> = shapes.labels.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(drawn, ["waiting for pongs", "idle"]);
        assert!(shapes.labels.iter().all(|l| l.node == 1));
        // In zh-CN the known labels are translated.
        let zh = build_shapes(
            &SequenceIndex::build(&trace),
            trace.len(),
            3,
            Frame::fit(0, 150),
            Lang::ZhCn.texts(),
            &naming_in(Lang::ZhCn),
        );
        assert_eq!(zh.labels[0].text, "等待 pong");
    }

    #[test]
    fn labels_too_close_together_are_thinned() {
        let mut trace = Trace::new(1);
        trace.events = (0..100)
            .map(|t| event(t, state(0, if t % 2 == 0 { "idle" } else { "waiting" })))
            .collect();
        let shapes = build_shapes(
            &SequenceIndex::build(&trace),
            trace.len(),
            1,
            Frame::fit(0, 100),
            texts(),
            &naming(),
        );
        assert!(!shapes.labels.is_empty());
        assert!(shapes
            .labels
            .windows(2)
            .all(|w| w[1].x - w[0].x >= LABEL_GAP_PX));
    }

    #[test]
    fn a_window_draws_only_what_overlaps_it() {
        let trace = small_trace();
        let shapes = shapes_at(&trace, trace.len(), Frame::fit(45, 150));
        let mut drawn: Vec<u64> = shapes
            .arrows
            .iter()
            .chain(&shapes.in_flight)
            .map(|a| a.msg)
            .collect();
        drawn.sort_unstable();
        assert_eq!(drawn, [3, 4], "messages over before 45 ms are left out");
        assert_eq!(
            shapes.gaps.len(),
            2,
            "the crash (25–60 ms) reaches into the window"
        );
        assert_eq!(shapes.bands.len(), 1);
        assert_eq!(shapes.labels.len(), 1, "the 20 ms label is outside");
        assert!(shapes
            .ticks
            .iter()
            .all(|t| t.x >= PLOT_LEFT - 1e-9 && t.x <= PLOT_RIGHT + 1e-9));
        // A window before everything after 20 ms.
        let early = shapes_at(&trace, trace.len(), Frame::fit(0, 8));
        let drawn: Vec<u64> = early.arrows.iter().map(|a| a.msg).collect();
        assert_eq!(drawn, [0, 1]);
        assert!(early.gaps.is_empty() && early.bands.is_empty());
    }

    #[test]
    fn the_export_is_a_standalone_svg_with_one_arrow_per_message() {
        let trace = small_trace();
        let svg = sequence_svg(&trace, trace.len(), 3, None, texts(), &naming());
        assert!(svg.starts_with("<svg "));
        assert!(svg.contains(r#"xmlns="http://www.w3.org/2000/svg""#));
        assert!(svg.ends_with("</svg>"));
        assert!(
            !svg.contains("var(--"),
            "no CSS variables in a standalone file"
        );
        assert_eq!(svg.matches("<g data-kind=").count(), 5);
        assert_eq!(svg.matches("<g").count(), svg.matches("</g>").count());
        // Text at least 12 units tall in an 880-unit-wide drawing.
        assert!(svg.contains(r#"width="880""#) && svg.contains(r#"font-size="13""#));

        // Only delivered messages: exactly one arrowhead each.
        let mut delivered = Trace::new(2);
        delivered.events = vec![
            event(0, send(0, 0, 1, "ping", Some(10))),
            event(10, deliver(0, 0, 1, "ping")),
            event(10, send(1, 1, 0, "pong", Some(25))),
            event(25, deliver(1, 1, 0, "pong")),
        ];
        let svg = sequence_svg(&delivered, delivered.len(), 2, None, texts(), &naming());
        assert_eq!(svg.matches("<g data-kind=").count(), 2);
        let shapes = build_shapes(
            &SequenceIndex::build(&delivered),
            delivered.len(),
            2,
            Frame::fit(0, 25),
            texts(),
            &naming(),
        );
        assert_eq!(shapes.arrows.len(), 2);
        for arrow in &shapes.arrows {
            let head = head_path(arrow.x1, arrow.y1, arrow.x2, arrow.y2, 0.0);
            assert_eq!(
                svg.matches(&head).count(),
                1,
                "one arrowhead for m{}",
                arrow.msg
            );
        }
        // Text is escaped.
        let mut odd = Trace::new(2);
        odd.events = vec![event(0, send(0, 0, 1, "a<b&\"c\"", None))];
        let svg = sequence_svg(&odd, 1, 2, Some((0, 10)), texts(), &naming());
        assert!(svg.contains("a&lt;b&amp;&quot;c&quot;") && !svg.contains("a<b"));
    }

    #[test]
    fn short_runs_fit_and_long_runs_slide() {
        let fit = viewport(1_500, 700.0, None);
        assert_eq!(fit.visible_start_ms, 0.0);
        assert_eq!((fit.frame.start_ms, fit.frame.end_ms), (0, 1_500));
        assert_eq!(fit.offset_px(), 0.0);

        let slide = viewport(20_000, 5_000.0, None);
        assert_eq!(slide.visible_span_ms, SLIDING_WINDOW_MS);
        let span = SLIDING_WINDOW_MS as f64;
        let visible_end = slide.visible_start_ms + span;
        // The cursor stays in the window's right part, with room ahead of it.
        assert!(
            slide.visible_start_ms + 0.3 * span <= 5_000.0 && 5_000.0 <= visible_end - 0.1 * span
        );
        // The built frame covers the visible window...
        assert!(slide.frame.start_ms as f64 <= slide.visible_start_ms);
        assert!(slide.frame.end_ms as f64 >= visible_end);
        // ...and it and the drawn arrows stay put while the clock moves a little: only the cursor moves.
        let moved = viewport(20_000, 5_050.0, None);
        assert_eq!(moved.frame, slide.frame);
        assert_eq!(moved.visible_start_ms, slide.visible_start_ms);
        assert_eq!(slide.offset_px(), 0.0);
        // Past the page, the window jumps by half its width and the cursor is again in view.
        let later = viewport(20_000, 9_000.0, None);
        assert!(
            later.visible_start_ms + 0.3 * span <= 9_000.0
                && 9_000.0 <= later.visible_start_ms + 0.9 * span
        );
        // An explicit window slides even on a short run.
        assert_eq!(viewport(1_000, 900.0, Some(300)).visible_span_ms, 300);
    }

    #[test]
    fn message_styles_come_from_the_legend_roles() {
        let vocabulary = naming().vocabulary;
        assert_eq!(vocabulary.message_slot("ping"), 0, "a request is blue");
        assert_eq!(vocabulary.message_slot("pong"), 1, "a reply is orange");
        assert_eq!(
            vocabulary.message_slot("heartbeat"),
            0,
            "blue, as in the network drawing"
        );
        assert_eq!(
            vocabulary.message_slot("vote-no"),
            5,
            "a kind the legend lacks is neutral grey"
        );
        // Six meanings, six distinct styles, all within the stylesheet's slots.
        let slots: Vec<usize> = [
            StyleRole::Request,
            StyleRole::Reply,
            StyleRole::Positive,
            StyleRole::Negative,
            StyleRole::Caution,
            StyleRole::Neutral,
        ]
        .iter()
        .map(|role| crate::ui::vocabulary::style_slot(*role))
        .collect();
        assert!(slots.iter().all(|slot| *slot < STYLE_SLOTS));
        let mut distinct = slots.clone();
        distinct.sort_unstable();
        distinct.dedup();
        assert_eq!(distinct.len(), STYLE_SLOTS, "{slots:?}");
    }

    #[test]
    fn the_golden_run_draws_quickly_with_drops_and_gaps() {
        let mut sim = crate::core::sandbox::golden_scenario();
        sim.run_until(crate::core::sandbox::GOLDEN_RUN_MS);
        let trace = sim.trace().clone();
        let index = SequenceIndex::build(&trace);
        let shapes = build_shapes(
            &index,
            trace.len(),
            4,
            Frame::fit(0, 1_000),
            texts(),
            &naming(),
        );
        assert!(shapes.arrows.len() > 10);
        assert!(shapes.arrows.iter().any(|a| a.state == ArrowState::Dropped));
        assert!(shapes
            .gaps
            .iter()
            .any(|g| g.node == 1 && g.kind == GapKind::Crash));
        assert_eq!(shapes.bands.len(), 1);
        let sends = trace
            .events
            .iter()
            .filter(|e| matches!(e.kind, EventKind::Send { .. } | EventKind::Duplicate { .. }))
            .count();
        assert_eq!(shapes.message_count(), sends);
    }
}
