//! One description of everything the sequence diagram draws, read by two thin renderers: [`super::view`]
//! turns it into Yew nodes for the page, [`super::export`] into a standalone SVG file. Each drawn element
//! (a lane, a tick, a band, a gap, an arrow, a crowd of arrows, a label, the cursor, a legend swatch) is
//! described here once, so the picture on screen and the downloaded file cannot drift apart.
//!
//! The description is a tree of [`Node`]s: an [`Element`] is a tag, a static list of attribute names with one
//! [`Value`] each, and children. Its look is the `class` attribute, a typed [`Paint`]: on screen it becomes
//! the stylesheet's classes (so the themes apply), in the file the light theme's colours written inline.
//! Attribute names are `'static` slices, one per kind of element, because that is the shape Yew diffs
//! fastest (`Attributes::Dynamic`: one pointer comparison for the names, then value by value).
//!
//! What changes only with the shapes (lanes, axis, ticks, settled arrows, labels, legend) is built once per
//! shapes into [`Fixed`] parts; a frame of playing only describes the moving parts (the cursor, open gaps and
//! bands, messages in flight) around them. The live view draws each [`Node::Part`] in a component that
//! re-renders only when the part is rebuilt.
use std::fmt::Write as _;
use std::rc::Rc;

use yew::AttrValue;

use super::index::GapKind;
use super::layout::{
    legend, ArrowShape, ArrowState, BandShape, GapShape, Naming, SequenceShapes, Swatch,
    AXIS_OVERHANG, PLOT_LEFT, PLOT_RIGHT, PLOT_TOP,
};
use crate::ui::i18n::Texts;
use crate::ui::numbers;

/// Length of an arrowhead, in SVG units.
pub(super) const HEAD_LENGTH: f64 = 10.0;
/// Half the width of an arrowhead's base.
const HEAD_HALF_WIDTH: f64 = 4.5;
/// Half the size of a drop's cross.
const CROSS_HALF: f64 = 6.0;

/// A node of the description.
#[derive(Clone, Debug, PartialEq)]
pub enum Node {
    /// An SVG element.
    Element(Element),
    /// Text content (a `<text>`'s words, a `<title>`'s tooltip).
    Text(AttrValue),
    /// Nodes drawn in place without an element of their own: a list of arrows, which the live view keys by
    /// their start event so that one message settling does not make Yew rewrite every arrow after it.
    List(Vec<Node>),
    /// A part built once per shapes (see [`Fixed`]): the live view draws it in a component of its own that
    /// re-renders only when this `Rc` is replaced, so playing does not redraw it; the export writes it in
    /// place.
    Part(Part),
}

/// A part of the diagram shared between frames.
pub type Part = Rc<Vec<Node>>;

/// One SVG element: tag, attributes (a static list of names, one value each) and children.
#[derive(Clone, Debug, PartialEq)]
pub struct Element {
    /// The SVG tag.
    pub tag: &'static str,
    /// Attribute names; `class` holds a [`Value::Paint`].
    pub keys: &'static [&'static str],
    /// One value per name, [`Value::Absent`] for an attribute this element goes without.
    pub values: Vec<Value>,
    /// Child nodes, in paint order.
    pub children: Vec<Node>,
    /// Identity among its siblings for Yew's diff (a message arrow's start event); the file has no use for it.
    pub key: Option<u64>,
}

impl Element {
    fn new(tag: &'static str, keys: &'static [&'static str], values: Vec<Value>) -> Element {
        debug_assert_eq!(keys.len(), values.len(), "<{tag}>: one value per name");
        Element {
            tag,
            keys,
            values,
            children: Vec::new(),
            key: None,
        }
    }

    fn with(mut self, children: Vec<Node>) -> Element {
        self.children = children;
        self
    }

    /// The value of attribute `name`, if the element has it.
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.keys
            .iter()
            .zip(&self.values)
            .find(|(key, value)| **key == name && **value != Value::Absent)
            .map(|(_, value)| value)
    }
}

impl From<Element> for Node {
    fn from(element: Element) -> Node {
        Node::Element(element)
    }
}

/// An attribute's value, typed so each renderer writes it its own way.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// Left out: an attribute this element goes without (`tabindex` on an arrow in the file).
    Absent,
    /// Words, an id, a path.
    Text(AttrValue),
    /// A coordinate or length in SVG units, written with one decimal.
    Length(f64),
    /// A count or an id number.
    Count(u64),
    /// The look (the `class` attribute): classes on screen, inline colours in the file.
    Paint(Paint),
}

fn constant(text: &'static str) -> Value {
    Value::Text(AttrValue::Static(text))
}

/// What an element looks like, named by what it is. [`super::view`] maps each to the stylesheet's classes,
/// [`super::export`] to the light theme's colours; the two tables are the only places that know.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Paint {
    /// A named layer (`seq-lanes`, `seq-settled`, ...) with no look of its own.
    Layer(&'static str),
    /// A lane's group.
    Lane,
    /// A lane's line.
    LaneLine,
    /// A lane's node name.
    LaneName,
    /// The time axis.
    Axis,
    /// The time axis's title.
    AxisTitle,
    /// A grid line at a tick.
    Grid,
    /// A tick's time.
    TickLabel,
    /// Plain words (a band's label, a legend entry).
    Text,
    /// A partition band's group.
    Band,
    /// A partition band's shading.
    BandArea,
    /// A lane gap's group.
    Gap(GapKind),
    /// The opaque base under a gap's hatching, hiding the lane line.
    GapBase,
    /// A gap's hatching, filled with its pattern.
    GapHatch(GapKind),
    /// The stroke of the crash hatching pattern.
    HatchCrash,
    /// The dot of the pause hatching pattern.
    HatchPause,
    /// A message arrow's group, by kind style and state.
    Message(usize, ArrowState),
    /// The wide invisible stroke that makes an arrow easy to click (nothing to show in a file).
    Hit,
    /// A message line, by kind style.
    Line(usize),
    /// An arrowhead, by kind style.
    Head(usize),
    /// The dot at the tip of a message in flight, by kind style.
    Tip(usize),
    /// A drop's cross.
    Drop,
    /// A crowd's group, by kind style: settled arrows, or (`true`) messages in flight.
    Crowd(usize, bool),
    /// The tips of a crowd in flight: zero-length round-capped strokes.
    CrowdTips(usize),
    /// A state label on a lane.
    Label,
    /// The cursor line.
    Cursor,
    /// A legend swatch of a message kind.
    KindSwatch(usize),
    /// The legend swatch of a duplicate.
    DuplicateSwatch,
    /// One head of the duplicate swatch.
    DuplicateHead,
    /// The legend swatch of a partition band.
    BandSwatch,
}

fn paint(paint: Paint) -> Value {
    Value::Paint(paint)
}

/// How message arrows are drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Arrows {
    /// Each its own element, a keyboard stop (`tabindex`, `role="button"`, `aria-label`) with a tooltip:
    /// the live view with few arrows.
    Focusable,
    /// One path of lines and one of heads (or tips) per kind and one path of drop crosses: the live view
    /// with many arrows, where hundreds of elements made a page turn or a seek slow.
    Crowd,
    /// Each its own element with a tooltip but no keyboard stop: the file, which has no handlers.
    Tooltip,
}

/// The ids of the clip paths and patterns, suffixed when a page shows more than one diagram.
#[derive(Clone, Debug, PartialEq)]
pub struct Ids {
    clip: AttrValue,
    axis_clip: AttrValue,
    crash: AttrValue,
    pause: AttrValue,
    clip_url: AttrValue,
    axis_clip_url: AttrValue,
    crash_url: AttrValue,
    pause_url: AttrValue,
}

impl Ids {
    /// The ids for a diagram whose test id ends in `suffix`.
    pub fn new(suffix: &str) -> Ids {
        let id = |name: &str| AttrValue::from(format!("{name}{suffix}"));
        let url = |name: &str| AttrValue::from(format!("url(#{name}{suffix})"));
        Ids {
            clip: id("seq-clip"),
            axis_clip: id("seq-clip-axis"),
            crash: id("seq-hatch-crash"),
            pause: id("seq-hatch-pause"),
            clip_url: url("seq-clip"),
            axis_clip_url: url("seq-clip-axis"),
            crash_url: url("seq-hatch-crash"),
            pause_url: url("seq-hatch-pause"),
        }
    }

    fn hatch_url(&self, kind: GapKind) -> Value {
        Value::Text(match kind {
            GapKind::Crash => self.crash_url.clone(),
            GapKind::Pause => self.pause_url.clone(),
        })
    }
}

// Attribute names, one list per kind of element (see the module docs for why they are static).
static NO_ATTRIBUTES: &[&str] = &[];
static GROUP: &[&str] = &["class"];
static CLIPPED_GROUP: &[&str] = &["class", "clip-path"];
static MOVED_GROUP: &[&str] = &["transform"];
static ID: &[&str] = &["id"];
static PATTERN: &[&str] = &["id", "patternUnits", "width", "height", "patternTransform"];
static RECT: &[&str] = &["class", "x", "y", "width", "height", "fill"];
static LINE: &[&str] = &["class", "x1", "y1", "x2", "y2"];
static CIRCLE: &[&str] = &["class", "cx", "cy", "r"];
static TEXT: &[&str] = &["class", "x", "y"];
static PATH: &[&str] = &["class", "d"];
static LANE: &[&str] = &["class", "data-testid", "data-node-id"];
static TESTED_GROUP: &[&str] = &["class", "data-testid"];
static GAP: &[&str] = &["class", "data-testid", "data-gap", "data-node-id"];
static MESSAGE: &[&str] = &[
    "class",
    "data-testid",
    "data-kind",
    "data-msg-id",
    "data-state",
    "data-duplicate",
    "data-seek",
    "tabindex",
    "role",
    "aria-label",
];
static CROWD: &[&str] = &["class", "data-testid", "data-count"];
static COUNTED_PATH: &[&str] = &["class", "data-testid", "data-count", "d"];
static LABEL: &[&str] = &["class", "data-testid", "data-node-id", "x", "y"];
static CURSOR: &[&str] = &["class", "data-testid", "x1", "y1", "x2", "y2"];
static LEGEND: &[&str] = &["class", "aria-hidden"];

fn group(look: Paint, children: Vec<Node>) -> Node {
    Element::new("g", GROUP, vec![paint(look)])
        .with(children)
        .into()
}

fn layer(name: &'static str, children: Vec<Node>) -> Node {
    group(Paint::Layer(name), children)
}

fn line(look: Paint, x1: f64, y1: f64, x2: f64, y2: f64) -> Node {
    Element::new(
        "line",
        LINE,
        vec![
            paint(look),
            Value::Length(x1),
            Value::Length(y1),
            Value::Length(x2),
            Value::Length(y2),
        ],
    )
    .into()
}

fn rect(look: Option<Paint>, x: f64, y: f64, width: f64, height: f64, fill: Value) -> Node {
    Element::new(
        "rect",
        RECT,
        vec![
            look.map_or(Value::Absent, paint),
            Value::Length(x),
            Value::Length(y),
            Value::Length(width),
            Value::Length(height),
            fill,
        ],
    )
    .into()
}

fn circle(look: Paint, cx: f64, cy: f64, r: f64) -> Node {
    Element::new(
        "circle",
        CIRCLE,
        vec![
            paint(look),
            Value::Length(cx),
            Value::Length(cy),
            Value::Length(r),
        ],
    )
    .into()
}

fn text(look: Paint, x: f64, y: f64, words: AttrValue) -> Node {
    Element::new(
        "text",
        TEXT,
        vec![paint(look), Value::Length(x), Value::Length(y)],
    )
    .with(vec![Node::Text(words)])
    .into()
}

fn path(look: Paint, d: String) -> Node {
    Element::new("path", PATH, vec![paint(look), Value::Text(d.into())]).into()
}

fn title(words: AttrValue) -> Node {
    Element::new("title", NO_ATTRIBUTES, Vec::new())
        .with(vec![Node::Text(words)])
        .into()
}

/// The path of a filled arrowhead whose tip is `back` units before `(x2, y2)` along the segment.
pub(super) fn head_path(x1: f64, y1: f64, x2: f64, y2: f64, back: f64) -> String {
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
        "M{} {}L{} {}L{} {}Z",
        numbers::Fixed(tx, 1),
        numbers::Fixed(ty, 1),
        numbers::Fixed(bx + nx, 1),
        numbers::Fixed(by + ny, 1),
        numbers::Fixed(bx - nx, 1),
        numbers::Fixed(by - ny, 1)
    );
}

/// The two strokes of a cross centred on `(x, y)`.
pub(super) fn cross_path(x: f64, y: f64) -> String {
    let mut path = String::new();
    write_cross_path(&mut path, x, y);
    path
}

/// Appends [`cross_path`] to `out`.
fn write_cross_path(out: &mut String, x: f64, y: f64) {
    let h = CROSS_HALF;
    let _ = write!(
        out,
        "M{} {}L{} {}M{} {}L{} {}",
        numbers::Fixed(x - h, 1),
        numbers::Fixed(y - h, 1),
        numbers::Fixed(x + h, 1),
        numbers::Fixed(y + h, 1),
        numbers::Fixed(x - h, 1),
        numbers::Fixed(y + h, 1),
        numbers::Fixed(x + h, 1),
        numbers::Fixed(y - h, 1)
    );
}

// ---------------------------------------------------------------------------------------------------------
// The parts.

/// The parts of the diagram that change only with the shapes, built once per shapes.
#[derive(Clone, Debug, PartialEq)]
pub struct Fixed {
    /// Clip paths and hatch patterns, lanes, the axis and its title.
    pub backdrop: Part,
    /// The ticks' times (clipped to the axis, under the frame's `translate`).
    pub tick_labels: Part,
    /// Grid lines, closed bands and gaps, settled arrows, state labels.
    pub settled: Part,
    /// The legend.
    pub legend: Part,
}

impl Fixed {
    /// The fixed parts of `shapes`, with arrows drawn as `arrows` says.
    pub fn build(
        shapes: &SequenceShapes,
        arrows: Arrows,
        ids: &Ids,
        texts: &Texts,
        naming: &Naming,
    ) -> Fixed {
        Fixed {
            backdrop: Rc::new(backdrop(shapes, ids, texts)),
            tick_labels: Rc::new(tick_labels(shapes)),
            settled: Rc::new(vec![settled(shapes, arrows, ids, texts)]),
            legend: Rc::new(vec![legend_group(shapes, ids, texts, naming)]),
        }
    }
}

/// The whole diagram at view time `now_ms`, in paint order: the fixed parts and, around them, the parts that
/// move (open bands and gaps below the settled layer; messages in flight and the cursor above it).
pub fn diagram(
    shapes: &SequenceShapes,
    fixed: &Fixed,
    arrows: Arrows,
    now_ms: f64,
    offset_px: f64,
    ids: &Ids,
    texts: &Texts,
) -> Vec<Node> {
    let translate = || {
        Element::new(
            "g",
            MOVED_GROUP,
            vec![Value::Text(
                format!(
                    "translate({offset_px} 0)",
                    offset_px = numbers::Fixed(offset_px, 2)
                )
                .into(),
            )],
        )
    };
    let now_x = shapes.frame.x(now_ms);
    let open_bands = shapes
        .bands
        .iter()
        .filter(|b| b.x2.is_none())
        .map(|b| band(b, now_x, shapes.axis_y, texts));
    let open_gaps = shapes
        .gaps
        .iter()
        .filter(|g| g.x2.is_none())
        .map(|g| gap(g, now_x, ids));
    let live_back = layer("seq-live-back", open_bands.chain(open_gaps).collect());
    let cursor = Element::new(
        "line",
        CURSOR,
        vec![
            paint(Paint::Cursor),
            constant("seq-cursor"),
            Value::Length(now_x),
            Value::Length(PLOT_TOP),
            Value::Length(now_x),
            Value::Length(shapes.axis_y),
        ],
    );
    let live_front = layer(
        "seq-live-front",
        vec![in_flight(shapes, arrows, now_ms), cursor.into()],
    );
    vec![
        Node::Part(fixed.backdrop.clone()),
        Element::new(
            "g",
            CLIPPED_GROUP,
            vec![
                paint(Paint::Layer("seq-tick-labels")),
                Value::Text(ids.axis_clip_url.clone()),
            ],
        )
        .with(vec![translate()
            .with(vec![Node::Part(fixed.tick_labels.clone())])
            .into()])
        .into(),
        Element::new(
            "g",
            CLIPPED_GROUP,
            vec![Value::Absent, Value::Text(ids.clip_url.clone())],
        )
        .with(vec![translate()
            .with(vec![
                live_back,
                Node::Part(fixed.settled.clone()),
                live_front,
            ])
            .into()])
        .into(),
        Node::Part(fixed.legend.clone()),
    ]
}

/// Clip paths, hatch patterns, lanes, the axis and its title.
fn backdrop(shapes: &SequenceShapes, ids: &Ids, texts: &Texts) -> Vec<Node> {
    let plot_width = PLOT_RIGHT - PLOT_LEFT;
    let bottom = shapes.axis_y;
    let pattern = |id: &AttrValue, transform: Value, mark: Node| -> Node {
        Element::new(
            "pattern",
            PATTERN,
            vec![
                Value::Text(id.clone()),
                constant("userSpaceOnUse"),
                constant("6"),
                constant("6"),
                transform,
            ],
        )
        .with(vec![mark])
        .into()
    };
    let clip = |id: &AttrValue, area: Node| -> Node {
        Element::new("clipPath", ID, vec![Value::Text(id.clone())])
            .with(vec![area])
            .into()
    };
    let defs = Element::new("defs", NO_ATTRIBUTES, Vec::new()).with(vec![
        clip(
            &ids.clip,
            rect(
                None,
                PLOT_LEFT,
                0.0,
                plot_width,
                shapes.height,
                Value::Absent,
            ),
        ),
        clip(
            &ids.axis_clip,
            rect(
                None,
                PLOT_LEFT - AXIS_OVERHANG,
                bottom,
                plot_width + 2.0 * AXIS_OVERHANG,
                24.0,
                Value::Absent,
            ),
        ),
        pattern(
            &ids.crash,
            constant("rotate(45)"),
            line(Paint::HatchCrash, 0.0, 0.0, 0.0, 6.0),
        ),
        pattern(
            &ids.pause,
            Value::Absent,
            circle(Paint::HatchPause, 3.0, 3.0, 1.2),
        ),
    ]);
    let lanes = shapes
        .lanes
        .iter()
        .map(|lane| {
            Element::new(
                "g",
                LANE,
                vec![
                    paint(Paint::Lane),
                    constant("seq-lane"),
                    Value::Count(lane.node.into()),
                ],
            )
            .with(vec![
                line(Paint::LaneLine, PLOT_LEFT, lane.y, PLOT_RIGHT, lane.y),
                text(
                    Paint::LaneName,
                    PLOT_LEFT - 10.0,
                    lane.y + 4.5,
                    lane.name.clone().into(),
                ),
            ])
            .into()
        })
        .collect();
    vec![
        defs.into(),
        layer("seq-lanes", lanes),
        line(Paint::Axis, PLOT_LEFT, bottom, PLOT_RIGHT, bottom),
        text(
            Paint::AxisTitle,
            PLOT_RIGHT,
            legend_y(shapes) + 4.5,
            AttrValue::Static(texts.seq_axis),
        ),
    ]
}

/// The y of the legend's row.
fn legend_y(shapes: &SequenceShapes) -> f64 {
    shapes.axis_y + 44.0
}

fn tick_labels(shapes: &SequenceShapes) -> Vec<Node> {
    shapes
        .ticks
        .iter()
        .map(|tick| {
            text(
                Paint::TickLabel,
                tick.x,
                shapes.axis_y + 17.0,
                tick.label.clone().into(),
            )
        })
        .collect()
}

/// Everything that does not move between events.
fn settled(shapes: &SequenceShapes, arrows: Arrows, ids: &Ids, texts: &Texts) -> Node {
    let bottom = shapes.axis_y;
    let ticks = shapes
        .ticks
        .iter()
        .map(|tick| line(Paint::Grid, tick.x, PLOT_TOP, tick.x, bottom))
        .collect();
    // Closed ones only: an open one runs to the view time, and is drawn with the moving parts.
    let bands = shapes
        .bands
        .iter()
        .filter(|b| b.x2.is_some())
        .map(|b| band(b, 0.0, bottom, texts))
        .collect();
    let gaps = shapes
        .gaps
        .iter()
        .filter(|g| g.x2.is_some())
        .map(|g| gap(g, 0.0, ids))
        .collect();
    let drawn_arrows = match arrows {
        Arrows::Crowd => crowd(&shapes.arrows),
        Arrows::Focusable | Arrows::Tooltip => Node::List(
            shapes
                .arrows
                .iter()
                .map(|a| arrow(a, 0.0, arrows))
                .collect(),
        ),
    };
    let labels = shapes
        .labels
        .iter()
        .map(|label| {
            Element::new(
                "text",
                LABEL,
                vec![
                    paint(Paint::Label),
                    constant("seq-label"),
                    Value::Count(label.node.into()),
                    Value::Length(label.x + 3.0),
                    Value::Length(label.y),
                ],
            )
            .with(vec![Node::Text(label.text.clone().into())])
            .into()
        })
        .collect();
    layer(
        "seq-settled",
        vec![
            layer("seq-ticks", ticks),
            layer("seq-bands", bands),
            layer("seq-gaps", gaps),
            layer("seq-arrows", vec![drawn_arrows]),
            layer("seq-labels", labels),
        ],
    )
}

/// A partition band; an open one ends at `now_x`.
fn band(band: &BandShape, now_x: f64, bottom: f64, texts: &Texts) -> Node {
    let x2 = band.x2.unwrap_or(now_x);
    Element::new(
        "g",
        TESTED_GROUP,
        vec![paint(Paint::Band), constant("seq-partition")],
    )
    .with(vec![
        title(band.title.clone().into()),
        rect(
            Some(Paint::BandArea),
            band.x1,
            PLOT_TOP,
            (x2 - band.x1).max(1.0),
            bottom - PLOT_TOP,
            Value::Absent,
        ),
        text(
            Paint::Text,
            band.x1 + 4.0,
            PLOT_TOP - 6.0,
            AttrValue::Static(texts.seq_legend_partition),
        ),
    ])
    .into()
}

/// A crash or pause on a lane; an open one ends at `now_x`.
fn gap(gap: &GapShape, now_x: f64, ids: &Ids) -> Node {
    let width = (gap.x2.unwrap_or(now_x) - gap.x1).max(1.0);
    Element::new(
        "g",
        GAP,
        vec![
            paint(Paint::Gap(gap.kind)),
            constant("seq-gap"),
            constant(gap.kind.code()),
            Value::Count(gap.node.into()),
        ],
    )
    .with(vec![
        title(gap.title.clone().into()),
        rect(
            Some(Paint::GapBase),
            gap.x1,
            gap.y - 7.0,
            width,
            14.0,
            Value::Absent,
        ),
        rect(
            Some(Paint::GapHatch(gap.kind)),
            gap.x1,
            gap.y - 7.0,
            width,
            14.0,
            ids.hatch_url(gap.kind),
        ),
    ])
    .into()
}

/// One arrow of its own (`arrows` is [`Arrows::Focusable`] or [`Arrows::Tooltip`]), drawn up to its tip at
/// `now_ms`.
fn arrow(arrow: &ArrowShape, now_ms: f64, arrows: Arrows) -> Node {
    let (tx, ty) = arrow.tip_at(now_ms);
    let focusable = arrows == Arrows::Focusable;
    let style = arrow.style;
    let mut children = vec![
        title(arrow.title.clone().into()),
        line(Paint::Hit, arrow.x1, arrow.y1, tx, ty),
        line(Paint::Line(style), arrow.x1, arrow.y1, tx, ty),
    ];
    match arrow.state {
        ArrowState::Delivered => {
            children.push(path(
                Paint::Head(style),
                head_path(arrow.x1, arrow.y1, tx, ty, 0.0),
            ));
            if arrow.duplicate {
                let back = HEAD_LENGTH - 2.0;
                children.push(path(
                    Paint::Head(style),
                    head_path(arrow.x1, arrow.y1, tx, ty, back),
                ));
            }
        }
        ArrowState::Dropped => children.push(
            Element::new(
                "path",
                COUNTED_PATH,
                vec![
                    paint(Paint::Drop),
                    constant("seq-drop"),
                    Value::Absent,
                    Value::Text(cross_path(tx, ty).into()),
                ],
            )
            .into(),
        ),
        ArrowState::InFlight => children.push(circle(Paint::Tip(style), tx, ty, 4.5)),
    }
    let when_focusable = |value: Value| if focusable { value } else { Value::Absent };
    let mut element = Element::new(
        "g",
        MESSAGE,
        vec![
            paint(Paint::Message(style, arrow.state)),
            constant("seq-message"),
            Value::Text(arrow.kind.clone().into()),
            Value::Count(arrow.msg),
            constant(arrow.state.code()),
            if arrow.duplicate {
                constant("true")
            } else {
                Value::Absent
            },
            Value::Count(arrow.seek_index),
            when_focusable(constant("0")),
            when_focusable(constant("button")),
            when_focusable(Value::Text(arrow.title.clone().into())),
        ],
    )
    .with(children);
    element.key = Some(arrow.seek_index);
    element.into()
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

/// A crowd's group of one kind: its lines and its heads (settled) or tips (in flight).
fn crowd_group((style, lines, ends, count): CrowdPaths, in_flight: bool) -> Node {
    let (test_id, end_paint) = if in_flight {
        ("seq-in-flight-crowd", Paint::CrowdTips(style))
    } else {
        ("seq-arrow-crowd", Paint::Head(style))
    };
    Element::new(
        "g",
        CROWD,
        vec![
            paint(Paint::Crowd(style, in_flight)),
            constant(test_id),
            Value::Count(count as u64),
        ],
    )
    .with(vec![path(Paint::Line(style), lines), path(end_paint, ends)])
    .into()
}

/// Settled arrows of a crowded diagram: per message kind one path of lines and one of heads, and one path of
/// drop crosses. A page of a long run holds hundreds of arrows; as elements, turning the page (or seeking)
/// spent most of its time creating and removing them, and a crowded diagram offers no per-arrow focus or
/// tooltip anyway. Clicks find their arrow with [`super::arrow_at`].
fn crowd(arrows: &[ArrowShape]) -> Node {
    // In style order, so the drawing does not depend on arrival order.
    let mut kinds: Vec<CrowdPaths> = Vec::new();
    let mut drops = String::new();
    let mut drop_count = 0u64;
    for arrow in arrows {
        let (_, lines, heads, count) = crowd_slot(&mut kinds, arrow.style);
        *count += 1;
        let _ = write!(
            lines,
            "M{} {}L{} {}",
            numbers::Fixed(arrow.x1, 1),
            numbers::Fixed(arrow.y1, 1),
            numbers::Fixed(arrow.x2, 1),
            numbers::Fixed(arrow.y2, 1)
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
    let mut nodes: Vec<Node> = kinds
        .into_iter()
        .map(|paths| crowd_group(paths, false))
        .collect();
    if drop_count > 0 {
        nodes.push(
            Element::new(
                "path",
                COUNTED_PATH,
                vec![
                    paint(Paint::Drop),
                    constant("seq-drop"),
                    Value::Count(drop_count),
                    Value::Text(drops.into()),
                ],
            )
            .into(),
        );
    }
    Node::List(nodes)
}

/// Messages in flight at `now_ms`: they move every frame. In a crowd (twelve nodes heartbeating over slow
/// links) they are one path of lines and one of tips per kind, rather than elements to create, update and
/// remove.
fn in_flight(shapes: &SequenceShapes, arrows: Arrows, now_ms: f64) -> Node {
    if arrows != Arrows::Crowd {
        return Node::List(
            shapes
                .in_flight
                .iter()
                .map(|a| arrow(a, now_ms, arrows))
                .collect(),
        );
    }
    let mut kinds: Vec<CrowdPaths> = Vec::new();
    for arrow in &shapes.in_flight {
        let (tx, ty) = arrow.tip_at(now_ms);
        let (_, lines, tips, count) = crowd_slot(&mut kinds, arrow.style);
        *count += 1;
        let _ = write!(
            lines,
            "M{} {}L{} {}",
            numbers::Fixed(arrow.x1, 1),
            numbers::Fixed(arrow.y1, 1),
            numbers::Fixed(tx, 1),
            numbers::Fixed(ty, 1)
        );
        let _ = write!(
            tips,
            "M{tx} {ty}h0",
            tx = numbers::Fixed(tx, 1),
            ty = numbers::Fixed(ty, 1)
        );
    }
    Node::List(
        kinds
            .into_iter()
            .map(|paths| crowd_group(paths, true))
            .collect(),
    )
}

/// The legend: a swatch and a name for each message kind drawn, then drops, duplicates, gaps and bands.
fn legend_group(shapes: &SequenceShapes, ids: &Ids, texts: &Texts, naming: &Naming) -> Node {
    let y = legend_y(shapes);
    let items = legend(shapes, texts, naming)
        .into_iter()
        .map(|(x, swatch, words)| {
            let mark = match swatch {
                Swatch::Kind(style) => group(
                    Paint::KindSwatch(style),
                    vec![line(Paint::Line(style), x, y, x + 24.0, y)],
                ),
                Swatch::Drop => path(Paint::Drop, cross_path(x + 12.0, y)),
                Swatch::Duplicate => group(
                    Paint::DuplicateSwatch,
                    vec![
                        path(Paint::DuplicateHead, head_path(x, y, x + 24.0, y, 0.0)),
                        path(
                            Paint::DuplicateHead,
                            head_path(x, y, x + 24.0, y, HEAD_LENGTH - 2.0),
                        ),
                    ],
                ),
                Swatch::Gap(kind) => group(
                    Paint::Gap(kind),
                    vec![rect(
                        Some(Paint::GapHatch(kind)),
                        x,
                        y - 7.0,
                        24.0,
                        14.0,
                        ids.hatch_url(kind),
                    )],
                ),
                Swatch::Band => group(
                    Paint::Band,
                    vec![rect(
                        Some(Paint::BandSwatch),
                        x,
                        y - 7.0,
                        24.0,
                        14.0,
                        Value::Absent,
                    )],
                ),
            };
            layer(
                "seq-legend-item",
                vec![mark, text(Paint::Text, x + 30.0, y + 4.5, words.into())],
            )
        })
        .collect();
    Element::new(
        "g",
        LEGEND,
        vec![paint(Paint::Layer("seq-legend")), constant("true")],
    )
    .with(items)
    .into()
}

#[cfg(test)]
mod tests {
    use super::super::layout::Frame;
    use super::super::test_support::*;
    use super::*;

    fn described(shapes: &SequenceShapes, arrows: Arrows, now_ms: f64) -> (Fixed, Vec<Node>) {
        let ids = Ids::new("-t");
        let fixed = Fixed::build(shapes, arrows, &ids, texts(), &naming());
        let nodes = diagram(shapes, &fixed, arrows, now_ms, 0.0, &ids, texts());
        (fixed, nodes)
    }

    fn found<'a>(nodes: &'a [Node], id: &str) -> Vec<&'a Element> {
        let mut found = Vec::new();
        with_test_id(nodes, id, &mut found);
        found
    }

    fn text_of<'a>(element: &'a Element, name: &str) -> Option<&'a str> {
        match element.get(name) {
            Some(Value::Text(text)) => Some(text.as_str()),
            _ => None,
        }
    }

    #[test]
    fn few_arrows_are_keyboard_stops_and_the_file_has_tooltips_only() {
        let trace = small_trace();
        let shapes = shapes_at(&trace, trace.len(), Frame::fit(0, 150));
        let (_, focusable) = described(&shapes, Arrows::Focusable, 150.0);
        let messages = found(&focusable, "seq-message");
        assert_eq!(messages.len(), shapes.message_count());
        for (message, shape) in messages
            .iter()
            .zip(shapes.arrows.iter().chain(&shapes.in_flight))
        {
            assert_eq!(text_of(message, "tabindex"), Some("0"));
            assert_eq!(text_of(message, "role"), Some("button"));
            assert_eq!(text_of(message, "aria-label"), Some(&*shape.title));
            assert_eq!(
                message.get("data-seek"),
                Some(&Value::Count(shape.seek_index))
            );
            assert_eq!(
                message.key,
                Some(shape.seek_index),
                "keyed by its start event"
            );
            assert_eq!(text_of(message, "data-state"), Some(shape.state.code()));
            assert_eq!(
                text_of(message, "data-duplicate"),
                shape.duplicate.then_some("true")
            );
        }
        let (_, tooltip) = described(&shapes, Arrows::Tooltip, 150.0);
        let messages = found(&tooltip, "seq-message");
        assert_eq!(messages.len(), shapes.message_count());
        for message in messages {
            assert_eq!(message.get("tabindex"), None, "no keyboard stop in a file");
            assert_eq!(message.get("aria-label"), None);
            assert!(
                matches!(&message.children[0], Node::Element(title) if title.tag == "title"),
                "but a tooltip"
            );
        }
    }

    #[test]
    fn a_crowd_draws_one_path_per_kind_with_every_message_counted() {
        let (_, shapes) = golden_shapes();
        assert!(shapes.message_count() > 40);
        let (_, crowd) = described(&shapes, Arrows::Crowd, 1_000.0);
        assert!(
            found(&crowd, "seq-message").is_empty(),
            "no element per arrow"
        );
        let groups = found(&crowd, "seq-arrow-crowd");
        let kinds: Vec<usize> = {
            let mut styles: Vec<usize> = shapes.arrows.iter().map(|a| a.style).collect();
            styles.sort_unstable();
            styles.dedup();
            styles
        };
        assert_eq!(groups.len(), kinds.len(), "one group per kind drawn");
        for (group, style) in groups.iter().zip(&kinds) {
            assert_eq!(
                group.get("class"),
                Some(&Value::Paint(Paint::Crowd(*style, false)))
            );
        }
        assert_eq!(drawn_messages(&crowd), shapes.message_count() as u64);
        let dropped = shapes
            .arrows
            .iter()
            .filter(|a| a.state == ArrowState::Dropped)
            .count() as u64;
        let drops = found(&crowd, "seq-drop");
        assert_eq!(drops.len(), 1, "one path of crosses");
        assert_eq!(drops[0].get("data-count"), Some(&Value::Count(dropped)));
    }

    #[test]
    fn only_the_moving_parts_change_with_the_view_time() {
        let trace = small_trace();
        // After event 10 (the send at 50 ms): n2 is down and the partition is in force, both open.
        let shapes = shapes_at(&trace, 11, Frame::fit(0, 150));
        let ids = Ids::new("");
        let fixed = Fixed::build(&shapes, Arrows::Focusable, &ids, texts(), &naming());
        let at = |now_ms: f64| {
            diagram(
                &shapes,
                &fixed,
                Arrows::Focusable,
                now_ms,
                0.0,
                &ids,
                texts(),
            )
        };
        let (early, late) = (at(52.0), at(58.0));
        let parts = |nodes: &[Node]| -> Vec<Part> {
            fn collect(nodes: &[Node], out: &mut Vec<Part>) {
                for node in nodes {
                    match node {
                        Node::Part(part) => out.push(part.clone()),
                        Node::Element(element) => collect(&element.children, out),
                        Node::List(nodes) => collect(nodes, out),
                        Node::Text(_) => {}
                    }
                }
            }
            let mut out = Vec::new();
            collect(nodes, &mut out);
            out
        };
        let (early_parts, late_parts) = (parts(&early), parts(&late));
        assert_eq!(early_parts.len(), 4);
        assert!(
            early_parts
                .iter()
                .zip(&late_parts)
                .all(|(a, b)| Rc::ptr_eq(a, b)),
            "the fixed parts are shared between frames, not rebuilt"
        );
        // The open gap, the open band and the cursor reach the view time.
        let width = |nodes: &[Node], id: &str| -> f64 {
            let group = found(nodes, id)[0];
            let Node::Element(area) = &group.children[1] else {
                panic!("{id}: no area")
            };
            let Some(Value::Length(width)) = area.get("width") else {
                panic!("{id}: no width")
            };
            *width
        };
        let grown = 6.0 * shapes.frame.px_per_ms;
        assert!((width(&late, "seq-gap") - width(&early, "seq-gap") - grown).abs() < 1e-9);
        assert!(
            (width(&late, "seq-partition") - width(&early, "seq-partition") - grown).abs() < 1e-9
        );
        let cursor_x = |nodes: &[Node]| found(nodes, "seq-cursor")[0].get("x1").cloned();
        assert_eq!(cursor_x(&late), Some(Value::Length(shapes.frame.x(58.0))));
        assert!(
            found(&fixed.settled, "seq-gap").is_empty(),
            "an open gap is not fixed"
        );
    }
}
