//! The live view: the [`SequenceDiagram`] component, which draws [`super::draw`]'s description as Yew nodes
//! with the stylesheet's classes, and turns clicks and keys into seeks.
//!
//! What a frame costs: the trace is folded once per trace and the shapes are built once per (cursor, frame);
//! the parts that change only with the shapes ([`Fixed`]) are described once per shapes and drawn in
//! components that re-render only when they are rebuilt. A frame of playing describes and diffs only the
//! moving parts: the cursor line, the open gaps and bands, and the messages in flight.
use std::rc::Rc;

use wasm_bindgen::JsCast;
use yew::prelude::*;
use yew::virtual_dom::{AttributeOrProperty, Attributes, Key, VTag, VText};

use super::super::svg_point::svg_point;
use super::super::use_lang;
use super::draw::{diagram, Arrows, Element, Fixed, Ids, Node, Paint, Part, Value};
use super::hit::arrow_at;
use super::index::{GapKind, SequenceIndex};
use super::layout::{
    build_shapes, viewport, ArrowState, Naming, SequenceShapes, KIND_STYLES, PLOT_LEFT, PLOT_RIGHT,
    VIEW_WIDTH,
};
use crate::core::sim::Trace;
use crate::ui::i18n::fill;
use crate::ui::numbers;
use crate::ui::vocabulary::Vocabulary;

/// Beyond this many drawn messages, only the diagram itself is focusable (see the `sequence` module docs).
pub const FOCUSABLE_ARROWS_MAX: usize = 40;

/// Compares an `Rc` by pointer: deep equality on a long trace (or its shapes) would cost more than drawing
/// it.
struct ByPointer<T>(Rc<T>);

impl<T> PartialEq for ByPointer<T> {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// What the diagram shows, and where a click on a message goes.
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

/// How a diagram with these shapes draws its arrows on screen.
pub(super) fn live_arrows(shapes: &SequenceShapes) -> Arrows {
    if shapes.message_count() <= FOCUSABLE_ARROWS_MAX {
        Arrows::Focusable
    } else {
        Arrows::Crowd
    }
}

/// The sequence diagram of a run, drawn up to the cursor and the view clock.
#[component]
pub fn SequenceDiagram(props: &SequenceProps) -> Html {
    let lang = use_lang();
    let texts = lang.texts();
    let suffix = props.id_suffix.clone();

    let index = use_memo(ByPointer(props.trace.clone()), |trace| {
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
                ByPointer(props.trace.clone()),
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
    let ids = use_memo(suffix.clone(), |suffix| Ids::new(suffix));
    let arrows = live_arrows(&shapes);
    // The shapes are rebuilt whenever the language or the naming changes, so they alone key the fixed parts.
    let fixed = {
        let ids = ids.clone();
        let naming = naming.clone();
        use_memo((ByPointer(shapes.clone()), suffix.clone()), move |deps| {
            Fixed::build(&deps.0 .0, arrows, &ids, texts, &naming)
        })
    };

    let focusable = arrows == Arrows::Focusable;
    let visible_end = viewport.visible_start_ms + viewport.visible_span_ms as f64;
    let summary = fill(
        texts.seq_summary,
        &[
            ("nodes", &props.node_count),
            ("messages", &shapes.message_count()),
            ("start", &numbers::fixed(viewport.visible_start_ms, 0)),
            ("end", &numbers::fixed(visible_end, 0)),
        ],
    );
    let nodes = diagram(
        &shapes,
        &fixed,
        arrows,
        props.time_ms,
        viewport.offset_px(),
        &ids,
        texts,
    );

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
        <svg class={crate::class_list!("seq-diagram", (!focusable).then_some("crowded"))} data-testid={format!("sequence-diagram{suffix}")}
             viewBox={format!("0 0 {} {}", numbers::shortest(VIEW_WIDTH), numbers::Fixed(shapes.height, 0))}
             role={if focusable { "group" } else { "img" }}
             tabindex={(!focusable).then_some("0")}
             aria-label={summary}
             data-window-start={numbers::fixed(viewport.visible_start_ms, 0)}
             data-window-end={numbers::fixed(visible_end, 0)}
             onclick={on_click} onkeydown={on_keydown}>
            { render(&nodes) }
        </svg>
    }
}

/// Props of a fixed part: compared by the part's pointer only.
#[derive(Properties)]
struct PartProps {
    part: Part,
}

impl PartialEq for PartProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.part, &other.part)
    }
}

/// A part that changes only with the shapes: re-renders only when it is rebuilt, not on every frame.
#[component]
fn FixedPart(props: &PartProps) -> Html {
    render(&props.part)
}

/// Nodes of the description as Yew nodes.
pub(super) fn render(nodes: &[Node]) -> Html {
    nodes.iter().map(render_node).collect()
}

fn render_node(node: &Node) -> Html {
    match node {
        Node::Element(element) => render_element(element),
        Node::Text(words) => VText::new(words.clone()).into(),
        Node::List(nodes) => render(nodes),
        Node::Part(part) => html! { <FixedPart part={part.clone()} /> },
    }
}

fn render_element(element: &Element) -> Html {
    let values = element.values.iter().map(attribute).collect();
    let mut tag = VTag::new(AttrValue::Static(element.tag));
    // The names are a static list, as the `html!` macro makes them: Yew diffs such attributes by position.
    tag.set_attributes(Attributes::Dynamic {
        keys: element.keys,
        values,
    });
    tag.key = element.key.map(Key::from);
    if !element.children.is_empty() {
        tag.add_children(element.children.iter().map(render_node));
    }
    tag.into()
}

fn attribute(value: &Value) -> Option<AttributeOrProperty> {
    match value {
        Value::Absent => None,
        Value::Text(AttrValue::Static(text)) => Some(AttributeOrProperty::Static(text)),
        Value::Text(text) => Some(AttributeOrProperty::Attribute(text.clone())),
        Value::Length(length) => Some(AttributeOrProperty::Attribute(
            numbers::fixed(*length, 1).into(),
        )),
        Value::Count(count) => Some(AttributeOrProperty::Attribute(count.to_string().into())),
        Value::Paint(paint) => class(*paint).map(AttributeOrProperty::Static),
    }
}

/// `[prefix0suffix, ..., prefix5suffix]`: the class lists of the kind styles, written out at compile time so
/// drawing an arrow formats no class name.
macro_rules! per_style {
    ($prefix:literal, $suffix:literal) => {
        [
            concat!($prefix, "0", $suffix),
            concat!($prefix, "1", $suffix),
            concat!($prefix, "2", $suffix),
            concat!($prefix, "3", $suffix),
            concat!($prefix, "4", $suffix),
            concat!($prefix, "5", $suffix),
        ]
    };
}

static DELIVERED: [&str; KIND_STYLES] = per_style!("seq-msg seq-k", " delivered");
static DROPPED: [&str; KIND_STYLES] = per_style!("seq-msg seq-k", " dropped");
static IN_FLIGHT: [&str; KIND_STYLES] = per_style!("seq-msg seq-k", " in-flight");
static CROWD: [&str; KIND_STYLES] = per_style!("seq-msg seq-k", " seq-crowd");
static IN_FLIGHT_CROWD: [&str; KIND_STYLES] = per_style!("seq-msg seq-k", " in-flight seq-crowd");
static KIND: [&str; KIND_STYLES] = per_style!("seq-msg seq-k", "");

/// A kind style's entry (the last, neutral one for a style out of range).
fn by_style(table: &[&'static str; KIND_STYLES], style: usize) -> &'static str {
    table.get(style).copied().unwrap_or(table[KIND_STYLES - 1])
}

/// The stylesheet's classes for a look (`static/style.css`, "Sequence diagram"); `None` where the element
/// is styled through its group's class.
pub(super) fn class(paint: Paint) -> Option<&'static str> {
    Some(match paint {
        Paint::Layer(name) => name,
        Paint::Lane => "seq-lane",
        Paint::Axis => "seq-axis",
        Paint::AxisTitle => "seq-axis-title",
        Paint::Band => "seq-partition",
        Paint::Gap(GapKind::Crash) => "seq-gap crash",
        Paint::Gap(GapKind::Pause) => "seq-gap pause",
        Paint::GapBase => "seq-gap-base",
        Paint::GapHatch(_) => "seq-gap-hatch",
        Paint::HatchCrash => "seq-hatch-crash",
        Paint::HatchPause => "seq-hatch-pause",
        Paint::Message(style, ArrowState::Delivered) => by_style(&DELIVERED, style),
        Paint::Message(style, ArrowState::Dropped) => by_style(&DROPPED, style),
        Paint::Message(style, ArrowState::InFlight) => by_style(&IN_FLIGHT, style),
        Paint::Hit => "seq-hit",
        Paint::Line(_) => "seq-line",
        Paint::Head(_) => "seq-head",
        Paint::Tip(_) => "seq-tip",
        Paint::Drop => "seq-drop",
        Paint::Crowd(style, false) => by_style(&CROWD, style),
        Paint::Crowd(style, true) => by_style(&IN_FLIGHT_CROWD, style),
        Paint::CrowdTips(_) => "seq-tips",
        Paint::Label => "seq-label",
        Paint::Cursor => "seq-cursor",
        Paint::KindSwatch(style) => by_style(&KIND, style),
        Paint::DuplicateSwatch => "seq-legend-dup",
        Paint::LaneLine
        | Paint::LaneName
        | Paint::Grid
        | Paint::TickLabel
        | Paint::Text
        | Paint::BandArea
        | Paint::DuplicateHead
        | Paint::BandSwatch => return None,
    })
}

#[cfg(test)]
mod tests {
    use yew::virtual_dom::VNode;

    use super::super::layout::Frame;
    use super::super::test_support::*;
    use super::*;

    /// The value of attribute `name` on a rendered element.
    fn attribute_of<'a>(tag: &'a VTag, name: &str) -> Option<&'a str> {
        let Attributes::Dynamic { keys, values } = &tag.attributes else {
            panic!("<{}>: attributes not in the positional form", tag.tag())
        };
        keys.iter()
            .zip(values.iter())
            .find(|(key, _)| **key == name)
            .and_then(|(_, value)| match value {
                Some(AttributeOrProperty::Static(text)) => Some(*text),
                Some(AttributeOrProperty::Attribute(text)) => Some(text.as_str()),
                _ => None,
            })
    }

    /// Every element rendered (not descending into components), and the number of components.
    fn walk<'a>(node: &'a VNode, tags: &mut Vec<&'a VTag>, components: &mut usize) {
        match node {
            VNode::VTag(tag) => {
                tags.push(tag);
                if let Some(children) = tag.children() {
                    walk(children, tags, components);
                }
            }
            VNode::VList(list) => list.iter().for_each(|n| walk(n, tags, components)),
            VNode::VComp(_) => *components += 1,
            _ => {}
        }
    }

    #[test]
    fn the_view_draws_the_description_with_the_stylesheet_classes() {
        let trace = small_trace();
        let shapes = shapes_at(&trace, 8, Frame::fit(0, 150));
        assert_eq!(live_arrows(&shapes), Arrows::Focusable);
        let ids = Ids::new("-t");
        let fixed = Fixed::build(&shapes, Arrows::Focusable, &ids, texts(), &naming());
        let frame = render(&diagram(
            &shapes,
            &fixed,
            Arrows::Focusable,
            25.0,
            0.0,
            &ids,
            texts(),
        ));
        let (mut tags, mut components) = (Vec::new(), 0);
        walk(&frame, &mut tags, &mut components);
        assert_eq!(components, 4, "the fixed parts are components of their own");
        // A frame draws the moving parts: the duplicate in flight and the cursor, with their classes.
        let in_flight: Vec<_> = tags
            .iter()
            .filter(|t| attribute_of(t, "data-testid") == Some("seq-message"))
            .collect();
        assert_eq!(in_flight.len(), shapes.in_flight.len());
        let copy = arrow(&shapes, 2);
        let drawn = in_flight
            .iter()
            .find(|t| attribute_of(t, "data-msg-id") == Some("2"))
            .expect("the copy in flight");
        assert_eq!(
            attribute_of(drawn, "class"),
            Some(&*format!("seq-msg seq-k{} in-flight", copy.style))
        );
        assert_eq!(attribute_of(drawn, "tabindex"), Some("0"));
        assert_eq!(attribute_of(drawn, "data-duplicate"), Some("true"));
        assert_eq!(
            drawn.key.as_ref().map(|k| k.to_string()),
            Some("5".to_string())
        );
        let cursor = tags
            .iter()
            .find(|t| attribute_of(t, "data-testid") == Some("seq-cursor"))
            .expect("a cursor");
        assert_eq!(attribute_of(cursor, "class"), Some("seq-cursor"));
        assert_eq!(
            attribute_of(cursor, "x1"),
            Some(&*numbers::fixed(shapes.frame.x(25.0), 1))
        );

        // The settled part: a settled arrow, the lanes' grid, a gap with its suffixed pattern.
        let settled = render(&fixed.settled);
        let (mut tags, mut components) = (Vec::new(), 0);
        walk(&settled, &mut tags, &mut components);
        assert_eq!(components, 0);
        let lines = tags
            .iter()
            .filter(|t| t.tag() == "line" && attribute_of(t, "class") == Some("seq-line"))
            .count();
        assert_eq!(lines, shapes.arrows.len(), "one line per settled arrow");
        assert!(tags
            .iter()
            .any(|t| attribute_of(t, "class") == Some("seq-settled")));
    }

    #[test]
    fn every_look_has_its_classes_in_the_stylesheet() {
        let css = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/static/style.css"));
        let styled = [
            Paint::Lane,
            Paint::Axis,
            Paint::AxisTitle,
            Paint::Band,
            Paint::Gap(GapKind::Crash),
            Paint::Gap(GapKind::Pause),
            Paint::GapBase,
            Paint::GapHatch(GapKind::Crash),
            Paint::HatchCrash,
            Paint::HatchPause,
            Paint::Hit,
            Paint::Line(0),
            Paint::Head(0),
            Paint::Tip(0),
            Paint::Drop,
            Paint::CrowdTips(0),
            Paint::Label,
            Paint::Cursor,
            Paint::DuplicateSwatch,
        ];
        for look in styled {
            let classes = class(look).expect("a class");
            for name in classes.split(' ') {
                assert!(
                    css.contains(&format!(".{name}")),
                    "{look:?}: .{name} is not styled"
                );
            }
        }
        for style in 0..KIND_STYLES {
            for look in [
                Paint::Message(style, ArrowState::Delivered),
                Paint::Crowd(style, true),
                Paint::KindSwatch(style),
            ] {
                let classes = class(look).expect("a class");
                assert!(
                    classes.split(' ').any(|c| c == format!("seq-k{style}")),
                    "{classes}"
                );
                assert!(
                    css.contains(&format!(".seq-k{style} ")),
                    "seq-k{style} is not styled"
                );
            }
        }
    }
}
