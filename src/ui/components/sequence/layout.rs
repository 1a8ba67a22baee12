//! Layout: where everything goes, in SVG units. [`viewport`] picks the time range to show, and
//! [`build_shapes`] turns the index, a cursor and a [`Frame`] into plain [`SequenceShapes`] with pixel
//! coordinates and the words of their tooltips. Pure functions, tested natively; the drawing
//! ([`super::draw`]) only reads them.
use std::fmt::Write as _;
use std::rc::Rc;

use super::index::{GapKind, Outcome, SequenceIndex};
use crate::core::sim::NodeId;
use crate::core::vec_map::VecMap;
use crate::ui::i18n::{fill, Texts};
use crate::ui::vocabulary::Vocabulary;

/// Width of the drawing in SVG units: about the width the stage gives it on a 1280-pixel classroom screen, so
/// 13-unit text is drawn near 13 pixels.
pub const VIEW_WIDTH: f64 = 880.0;
/// Left edge of the time axis; the lane names sit to its left, room for "coordinator" at 13 units.
pub const PLOT_LEFT: f64 = 96.0;
/// Right edge of the time axis.
pub const PLOT_RIGHT: f64 = 856.0;
/// Width of the visible window when a run is too long to fit: 2 s of virtual time.
pub const SLIDING_WINDOW_MS: u64 = 2_000;
/// Number of (colour, dash) styles for message kinds.
pub const KIND_STYLES: usize = crate::ui::vocabulary::STYLE_SLOTS;
/// Where the cursor sits in a sliding window, as a fraction of its width from the right edge.
const LEAD_FRACTION: f64 = 0.15;
/// y of the first lane: room above for partition labels.
const TOP: f64 = 40.0;
/// Top of the plot (grid lines, bands, the cursor): room above it for the partition labels.
pub(super) const PLOT_TOP: f64 = TOP - 24.0;
/// Labels closer than their own width (and at least this) to the previous one on the same lane are left out,
/// so they never overlap.
pub(super) const LABEL_GAP_PX: f64 = 64.0;
/// How far tick labels may reach beyond the plot's ends.
pub(super) const AXIS_OVERHANG: f64 = 16.0;

/// How the diagram names things: the protocol's vocabulary (message kinds, states) in the reader's language,
/// and each node's name.
#[derive(Clone, PartialEq)]
pub struct Naming {
    pub vocabulary: Vocabulary,
    pub names: Rc<Vec<String>>,
}

impl Naming {
    pub(super) fn node(&self, node: u32) -> String {
        self.names
            .get(node as usize)
            .cloned()
            .unwrap_or_else(|| NodeId(node).to_string())
    }
}

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
    pub(super) fn code(self) -> &'static str {
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
    pub title: Rc<str>,
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
    pub title: Rc<str>,
}

/// A partition band across all lanes.
#[derive(Clone, Debug, PartialEq)]
pub struct BandShape {
    pub x1: f64,
    /// `None` while still in force at the cursor.
    pub x2: Option<f64>,
    pub title: Rc<str>,
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
                )
                .into(),
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
                )
                .into(),
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
            title: title.into(),
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

/// Rough width of a label in 13-unit text, for laying out the legend (CJK glyphs are about twice as wide).
fn text_width(text: &str) -> f64 {
    text.chars()
        .map(|c| if c.is_ascii() { 7.4 } else { 13.0 })
        .sum()
}

/// One legend entry's kind of swatch.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Swatch {
    Kind(usize),
    Drop,
    Duplicate,
    Gap(GapKind),
    Band,
}

/// The legend entries and their x positions.
pub(super) fn legend(
    shapes: &SequenceShapes,
    texts: &Texts,
    naming: &Naming,
) -> Vec<(f64, Swatch, String)> {
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

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::*;
    use crate::core::sim::{EventKind, StyleRole, Trace};
    use crate::ui::i18n::Lang;
    use crate::ui::vocabulary::STYLE_SLOTS;

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
    fn duplicates_are_marked_once_delivered() {
        let trace = small_trace();
        let shapes = shapes_at(&trace, trace.len(), Frame::fit(0, 150));
        let copy = arrow(&shapes, 2);
        assert_eq!(copy.state, ArrowState::Delivered);
        assert!(copy.duplicate);
        assert!(copy.title.contains("duplicate of #0"));
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
