//! The export: [`super::draw`]'s description written as a standalone SVG document for download, with the
//! light theme's colours inline instead of the stylesheet's classes and variables, so the file looks the same
//! wherever it is opened. Arrows are drawn one element each with their tooltip (a file has no crowd to fear).
use std::fmt::Write as _;

use super::draw::{diagram, Arrows, Element, Fixed, Ids, Node, Paint, Value};
use super::index::{GapKind, SequenceIndex};
use super::layout::{build_shapes, Frame, Naming, SequenceShapes, KIND_STYLES, VIEW_WIDTH};
use crate::core::sim::Trace;
use crate::ui::i18n::Texts;
use crate::ui::numbers;

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
        r#"<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="{w}" height="{h}" viewBox="0 0 {w} {h}" font-family="system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'PingFang SC', sans-serif" font-size="13">"#,
        w = numbers::shortest(w),
        h = numbers::Fixed(h, 0)
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
                let _ = write!(
                    out,
                    r#" {name}="{length}""#,
                    length = numbers::Fixed(*length, 1)
                );
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
            let _ = write!(
                out,
                r#" fill="{}""#,
                KIND_COLOURS[style.min(KIND_STYLES - 1)]
            );
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

#[cfg(test)]
mod tests {
    use super::super::draw::{cross_path, head_path, HEAD_LENGTH};
    use super::super::layout::ArrowState;
    use super::super::test_support::*;
    use super::super::view::live_arrows;
    use super::*;

    /// How the file marks an arrow of its own.
    const MESSAGE: &str = r#"data-testid="seq-message""#;

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
        assert_eq!(svg.matches(MESSAGE).count(), 5);
        assert!(
            parse_xml(&svg).is_ok(),
            "well-formed: {:?}",
            parse_xml(&svg).err()
        );
        assert!(
            !svg.contains("class="),
            "inline colours, not the stylesheet's classes"
        );
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
        assert_eq!(svg.matches(MESSAGE).count(), 2);
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
    fn drops_and_duplicates_are_drawn_in_the_file() {
        let trace = small_trace();
        let shapes = shapes_at(&trace, trace.len(), Frame::fit(0, 150));
        let svg = render_svg(&shapes, 120.0, texts(), &naming());
        // The message cut by the partition ends in one cross, where it was lost.
        let cut = arrow(&shapes, 3);
        assert_eq!(cut.state, ArrowState::Dropped);
        assert_eq!(svg.matches(&cross_path(cut.x2, cut.y2)).count(), 1);
        // A double arrowhead: the second head is set back along the arrow.
        let copy = arrow(&shapes, 2);
        let second = head_path(copy.x1, copy.y1, copy.x2, copy.y2, HEAD_LENGTH - 2.0);
        assert!(svg.contains(&second));
        // Colours are the light theme's, inline: the lanes' grey, the kinds' Okabe–Ito blue and orange.
        assert!(svg.contains(r##"stroke="#8a94a3""##));
        assert!(svg.contains(r##"<line stroke="#0072b2" stroke-width="2" fill="none" x1="##));
        assert!(svg.contains(
            r##"<line stroke="#e69f00" stroke-width="2" fill="none" stroke-dasharray="7 4" x1="##
        ));
    }

    #[test]
    fn the_file_is_well_formed_xml_with_the_arrows_the_live_view_draws() {
        let (golden, golden_shapes) = golden_shapes();
        let small = small_trace();
        let early = shapes_at(&small, 8, Frame::fit(0, 150));
        for (name, shapes) in [("golden run", golden_shapes), ("small run, early", early)] {
            let svg = render_svg(&shapes, shapes.cursor_ms as f64, texts(), &naming());
            let elements = parse_xml(&svg).unwrap_or_else(|e| panic!("{name}: not XML: {e}"));
            assert_eq!(elements[0].0, "svg");
            let in_file = elements
                .iter()
                .filter(|(_, attributes)| {
                    attributes
                        .iter()
                        .any(|(k, v)| k == "data-testid" && v == "seq-message")
                })
                .count() as u64;
            // What the live view draws for the same shapes: arrows of their own, or crowds' counts.
            let arrows = live_arrows(&shapes);
            let ids = Ids::new("-live");
            let fixed = Fixed::build(&shapes, arrows, &ids, texts(), &naming());
            let live = diagram(
                &shapes,
                &fixed,
                arrows,
                shapes.cursor_ms as f64,
                0.0,
                &ids,
                texts(),
            );
            assert_eq!(in_file, drawn_messages(&live), "{name} ({arrows:?})");
            assert_eq!(in_file, shapes.message_count() as u64, "{name}");
        }
        let crowded = render_svg(&golden_shapes_again(&golden), 1_000.0, texts(), &naming());
        assert!(
            !crowded.contains("seq-arrow-crowd"),
            "the file draws no crowds"
        );
    }

    fn golden_shapes_again(trace: &Trace) -> SequenceShapes {
        build_shapes(
            &SequenceIndex::build(trace),
            trace.len(),
            4,
            Frame::fit(0, 1_000),
            texts(),
            &naming(),
        )
    }

    #[test]
    fn the_xml_check_refuses_what_is_not_xml() {
        assert!(parse_xml(r#"<svg a="1"><g/><text>a &amp; b</text></svg>"#).is_ok());
        for bad in [
            "<svg><g></svg>",
            "<svg></svg><svg></svg>",
            r#"<svg a=1/>"#,
            r#"<svg a="<"/>"#,
            "<svg>a & b</svg>",
            "<svg>a < b</svg>",
            r#"<svg a="1" a="2"/>"#,
            "<svg>",
        ] {
            assert!(parse_xml(bad).is_err(), "{bad}");
        }
    }

    /// An element's tag and attributes.
    type Parsed = (String, Vec<(String, String)>);

    /// Checks that `text` is well-formed XML as far as an SVG file needs (one root; balanced, nested tags;
    /// quoted, unique attributes; no raw `<` in values nor raw `<` or stray `&` in text) and returns its
    /// elements in document order.
    fn parse_xml(text: &str) -> Result<Vec<Parsed>, String> {
        fn check_entities(text: &str) -> Result<(), String> {
            let mut rest = text;
            while let Some(at) = rest.find('&') {
                rest = &rest[at + 1..];
                let end = rest.find(';').ok_or("an unterminated entity")?;
                let name = &rest[..end];
                let known = ["amp", "lt", "gt", "quot", "apos"].contains(&name)
                    || (name.starts_with('#') && name[1..].chars().all(|c| c.is_ascii_digit()));
                if !known {
                    return Err(format!("unknown entity &{name};"));
                }
            }
            Ok(())
        }
        let is_name = |c: char| c.is_ascii_alphanumeric() || "-_:.".contains(c);
        let mut elements = Vec::new();
        let mut open: Vec<String> = Vec::new();
        let mut roots = 0;
        let mut rest = text;
        while !rest.is_empty() {
            if let Some(after) = rest.strip_prefix("</") {
                let end = after.find('>').ok_or("an unterminated end tag")?;
                let name = &after[..end];
                if open.pop().as_deref() != Some(name) {
                    return Err(format!("</{name}> closes nothing open"));
                }
                rest = &after[end + 1..];
            } else if let Some(after) = rest.strip_prefix('<') {
                let name_end = after
                    .find(|c: char| !is_name(c))
                    .ok_or("an unterminated tag")?;
                let name = &after[..name_end];
                if name.is_empty() {
                    return Err("a tag without a name".into());
                }
                if open.is_empty() {
                    roots += 1;
                }
                let mut attributes: Vec<(String, String)> = Vec::new();
                let mut tail = &after[name_end..];
                let closed = loop {
                    tail = tail.trim_start();
                    if let Some(t) = tail.strip_prefix("/>") {
                        tail = t;
                        break true;
                    }
                    if let Some(t) = tail.strip_prefix('>') {
                        tail = t;
                        break false;
                    }
                    let key_end = tail
                        .find(|c: char| !is_name(c))
                        .ok_or("an unterminated tag")?;
                    let key = &tail[..key_end];
                    let t = tail[key_end..]
                        .strip_prefix("=\"")
                        .ok_or(format!("{key}: no quoted value"))?;
                    let value_end = t.find('"').ok_or("an unterminated value")?;
                    let value = &t[..value_end];
                    if key.is_empty() || value.contains('<') {
                        return Err(format!("a bad attribute {key}={value}"));
                    }
                    check_entities(value)?;
                    if attributes.iter().any(|(k, _)| k == key) {
                        return Err(format!("{key} twice"));
                    }
                    attributes.push((key.to_string(), value.to_string()));
                    tail = &t[value_end + 1..];
                };
                elements.push((name.to_string(), attributes));
                if !closed {
                    open.push(name.to_string());
                }
                rest = tail;
            } else {
                let end = rest.find('<').unwrap_or(rest.len());
                let words = &rest[..end];
                if open.is_empty() && !words.trim().is_empty() {
                    return Err("text outside the root".into());
                }
                check_entities(words)?;
                rest = &rest[end..];
            }
        }
        if !open.is_empty() {
            return Err(format!("{open:?} never closed"));
        }
        if roots != 1 {
            return Err(format!("{roots} roots"));
        }
        Ok(elements)
    }
}
