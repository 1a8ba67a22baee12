//! The export: [`super::draw`]'s description written as a standalone SVG document for download, with the
//! light theme's colours inline instead of the stylesheet's classes and variables, so the file looks the same
//! wherever it is opened. Arrows are drawn one element each with their tooltip (a file has no crowd to fear).
use std::fmt::Write as _;

use super::draw::{diagram, Arrows, Element, Fixed, Ids, Node, Paint, Value};
use super::index::{GapKind, SequenceIndex};
use super::layout::{build_shapes, Frame, Naming, SequenceShapes, KIND_STYLES, VIEW_WIDTH};
use crate::core::sim::Trace;
use crate::ui::i18n::Texts;

/// Concrete colours of the light theme, by kind style (Okabe–Ito), and the dash pattern that keeps styles
/// apart in greyscale. Keep in step with the `--seq-k*` variables and `.seq-k*` rules in style.css.
const KIND_COLOURS: [&str; KIND_STYLES] = [
    "#0072b2", "#e69f00", "#009e73", "#d55e00", "#56b4e9", "#1d2430",
];
const KIND_DASHES: [&str; KIND_STYLES] = ["", "7 4", "2 3", "9 3 2 3", "4 2", "1 3"];
/// The page's background (`--surface`).
const BACKGROUND: &str = "#ffffff";

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

/// Writes shapes seen at `now_ms` as an SVG document.
pub(super) fn render_svg(
    shapes: &SequenceShapes,
    now_ms: f64,
    texts: &Texts,
    naming: &Naming,
) -> String {
    let ids = Ids::new("");
    let fixed = Fixed::build(shapes, Arrows::Tooltip, &ids, texts, naming);
    let nodes = diagram(shapes, &fixed, Arrows::Tooltip, now_ms, 0.0, &ids, texts);
    let (w, h) = (VIEW_WIDTH, shapes.height);
    let mut out = String::with_capacity(4096 + 500 * shapes.message_count());
    let _ = write!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="{w}" height="{h:.0}" viewBox="0 0 {w} {h:.0}" font-family="system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'PingFang SC', sans-serif" font-size="13">"#
    );
    out.push_str("<title>");
    write_escaped(&mut out, texts.seq_title);
    let _ = write!(
        out,
        r#"</title><rect width="100%" height="100%" fill="{BACKGROUND}"/>"#
    );
    write_nodes(&mut out, &nodes);
    out.push_str("</svg>");
    out
}

fn write_nodes(out: &mut String, nodes: &[Node]) {
    for node in nodes {
        match node {
            Node::Element(element) => write_element(out, element),
            Node::Text(words) => write_escaped(out, words),
            Node::List(nodes) => write_nodes(out, nodes),
            Node::Part(part) => write_nodes(out, part),
        }
    }
}

fn write_element(out: &mut String, element: &Element) {
    // A hit area is an invisible wide stroke for the mouse: nothing to show in a file.
    if element.get("class") == Some(&Value::Paint(Paint::Hit)) {
        return;
    }
    out.push('<');
    out.push_str(element.tag);
    for (name, value) in element.keys.iter().zip(&element.values) {
        match value {
            Value::Absent => {}
            Value::Paint(paint) => write_paint(out, *paint),
            Value::Text(text) => {
                let _ = write!(out, r#" {name}=""#);
                write_escaped(out, text);
                out.push('"');
            }
            Value::Length(length) => {
                let _ = write!(out, r#" {name}="{length:.1}""#);
            }
            Value::Count(count) => {
                let _ = write!(out, r#" {name}="{count}""#);
            }
        }
    }
    if element.children.is_empty() {
        out.push_str("/>");
    } else {
        out.push('>');
        write_nodes(out, &element.children);
        let _ = write!(out, "</{}>", element.tag);
    }
}

/// The inline attributes of a look: the light theme of style.css's "Sequence diagram" rules, resolved.
fn write_paint(out: &mut String, paint: Paint) {
    let by_kind = |out: &mut String, style: usize, rest: &str| {
        let style = style.min(KIND_STYLES - 1);
        let _ = write!(out, r#" stroke="{}"{rest}"#, KIND_COLOURS[style]);
        if !KIND_DASHES[style].is_empty() {
            let _ = write!(out, r#" stroke-dasharray="{}""#, KIND_DASHES[style]);
        }
    };
    let inline = match paint {
        // Groups: their look is on their children.
        Paint::Layer(_)
        | Paint::Lane
        | Paint::Band
        | Paint::Gap(_)
        | Paint::Message(..)
        | Paint::Crowd(..)
        | Paint::KindSwatch(_)
        | Paint::DuplicateSwatch
        | Paint::Hit => "",
        Paint::LaneLine => r##" stroke="#8a94a3" stroke-width="1.5""##,
        Paint::LaneName => r##" text-anchor="end" font-weight="600" fill="#1d2430""##,
        Paint::Axis => r##" stroke="#5a6473""##,
        Paint::AxisTitle => r##" text-anchor="end" fill="#5a6473""##,
        Paint::Grid => r##" stroke="#e3e7ed""##,
        Paint::TickLabel => r##" text-anchor="middle" fill="#5a6473""##,
        Paint::Text | Paint::DuplicateHead => r##" fill="#1d2430""##,
        Paint::BandArea => r##" fill="#cc79a7" fill-opacity="0.16""##,
        Paint::BandSwatch => r##" fill="#cc79a7" fill-opacity="0.25""##,
        Paint::GapBase => r##" fill="#ffffff""##,
        Paint::GapHatch(GapKind::Crash) => r##" stroke="#d55e00""##,
        Paint::GapHatch(GapKind::Pause) => r##" stroke="#8f8f8f""##,
        Paint::HatchCrash => r##" stroke="#d55e00" stroke-width="2.5""##,
        Paint::HatchPause => r##" fill="#8f8f8f""##,
        Paint::Drop => r##" stroke="#c4410a" stroke-width="2.5" fill="none""##,
        Paint::Label => r##" fill="#5a6473" font-size="12""##,
        Paint::Cursor => r##" stroke="#c4410a" stroke-width="2""##,
        Paint::Line(style) => return by_kind(out, style, r#" stroke-width="2" fill="none""#),
        Paint::CrowdTips(style) => {
            let _ = write!(
                out,
                r#" stroke="{}" stroke-width="9" stroke-linecap="round" fill="none""#,
                KIND_COLOURS[style.min(KIND_STYLES - 1)]
            );
            return;
        }
        Paint::Head(style) | Paint::Tip(style) => {
            let _ = write!(out, r#" fill="{}""#, KIND_COLOURS[style.min(KIND_STYLES - 1)]);
            return;
        }
    };
    out.push_str(inline);
}

/// Appends text escaped for XML content and attribute values.
fn write_escaped(out: &mut String, text: &str) {
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
}
