//! The sequence diagram in a real headless Chromium (wasm-bindgen-test): lanes, arrows, drops, gaps and
//! bands for the golden run, clicking and keyboard seeking, focus handling for few and many arrows, and the
//! exported file (parsed by the browser's XML parser) drawing the arrows the page draws.
#![cfg(target_arch = "wasm32")]

use std::cell::RefCell;
use std::rc::Rc;

use distlab::core::sandbox;
use distlab::core::sim::{EventKind, Trace};
use distlab::ui::components::sequence::{
    lane_y, sequence_svg, Naming, SequenceDiagram, SequenceProps, FOCUSABLE_ARROWS_MAX,
};
use distlab::ui::i18n::Lang;
use distlab::ui::vocabulary::Vocabulary;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, KeyboardEvent};
use yew::platform::time::sleep;
use yew::prelude::*;

wasm_bindgen_test_configure!(run_in_browser);

const SVG_NS: &str = "http://www.w3.org/2000/svg";

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

/// A fresh mount point, so tests do not see each other's DOM.
fn mount_point() -> Element {
    let div = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&div).unwrap();
    div
}

fn all(root: &Element, id: &str) -> Vec<Element> {
    let list = root
        .query_selector_all(&format!("[data-testid=\"{id}\"]"))
        .unwrap();
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|node| node.dyn_into::<Element>().ok())
        .collect()
}

/// Lets Yew render (it schedules renders on the microtask queue).
async fn settle() {
    sleep(std::time::Duration::from_millis(30)).await;
}

fn golden_trace(until_ms: u64) -> Rc<Trace> {
    let mut sim = sandbox::golden_scenario();
    sim.run_until(until_ms);
    Rc::new(sim.trace().clone())
}

/// The sandbox's words, as its panel gives them.
fn vocabulary() -> Vocabulary {
    distlab::ui::panels::sandbox::PANEL.vocabulary(Lang::En)
}

fn names() -> Rc<Vec<String>> {
    Rc::new((0..4).map(|n| format!("n{n}")).collect())
}

fn props(trace: Rc<Trace>, cursor: u64, seeks: Rc<RefCell<Vec<u64>>>) -> SequenceProps {
    let time_ms = cursor
        .checked_sub(1)
        .map_or(0.0, |i| trace.events[i as usize].time_ms as f64);
    yew::props!(SequenceProps {
        trace,
        cursor,
        time_ms,
        node_count: 4u32,
        on_seek: Callback::from(move |index| seeks.borrow_mut().push(index)),
        id_suffix: "-test",
        vocabulary: vocabulary(),
        names: names(),
    })
}

/// A bubbling click, as a mouse would send it (SVG elements have no `click()`).
fn click(element: &Element) {
    let event = document().create_event("MouseEvents").unwrap();
    event.init_event_with_bubbles_and_cancelable("click", true, true);
    element.dispatch_event(&event).unwrap();
}

fn press_enter(element: &Element) {
    // `new KeyboardEvent("keydown", { key: "Enter", bubbles: true })`, built through js-sys because the
    // crate does not enable web-sys's `KeyboardEventInit` (and Chrome's `initKeyboardEvent` sets no key).
    let window = web_sys::window().unwrap();
    let constructor: js_sys::Function = js_sys::Reflect::get(&window, &"KeyboardEvent".into())
        .unwrap()
        .dyn_into()
        .unwrap();
    let init = js_sys::Object::new();
    js_sys::Reflect::set(&init, &"key".into(), &"Enter".into()).unwrap();
    js_sys::Reflect::set(&init, &"bubbles".into(), &true.into()).unwrap();
    js_sys::Reflect::set(&init, &"cancelable".into(), &true.into()).unwrap();
    let args = js_sys::Array::of2(&"keydown".into(), &init);
    let event: KeyboardEvent = js_sys::Reflect::construct(&constructor, &args)
        .unwrap()
        .dyn_into()
        .unwrap();
    assert_eq!(event.key(), "Enter");
    element.dispatch_event(&event).unwrap();
}

/// The message id of the send (or duplication) just before a seek index.
fn sent_message(trace: &Trace, seek: u64) -> Option<u64> {
    match &trace.events[(seek - 1) as usize].kind {
        EventKind::Send { msg, .. } => Some(msg.0),
        EventKind::Duplicate { copy, .. } => Some(copy.0),
        _ => None,
    }
}

#[wasm_bindgen_test]
async fn the_golden_run_draws_lanes_arrows_drops_gaps_and_bands() {
    let trace = golden_trace(sandbox::GOLDEN_RUN_MS);
    let seeks = Rc::new(RefCell::new(Vec::new()));
    let root = mount_point();
    yew::Renderer::<SequenceDiagram>::with_root_and_props(
        root.clone(),
        props(trace.clone(), trace.len(), seeks.clone()),
    )
    .render();
    settle().await;

    let svg = all(&root, "sequence-diagram-test");
    assert_eq!(svg.len(), 1, "one root svg with the suffixed test id");
    assert_eq!(svg[0].namespace_uri().as_deref(), Some(SVG_NS));
    assert_eq!(all(&root, "seq-lane").len(), 4, "one lane per node");

    // Many arrows: drawn as one path of lines and one of heads (or tips, in flight) per message kind, not as
    // an element each.
    assert!(all(&root, "seq-message").is_empty());
    let crowds = all(&root, "seq-arrow-crowd");
    assert!(
        !crowds.is_empty(),
        "a crowded diagram draws its arrows as paths per kind"
    );
    assert_eq!(
        crowds[0].namespace_uri().as_deref(),
        Some(SVG_NS),
        "arrows must be SVG elements, or nothing shows"
    );
    // Every message the trace sent (and every copy the network made) is drawn, and the summary says so.
    let sent = trace
        .events
        .iter()
        .filter(|e| matches!(e.kind, EventKind::Send { .. } | EventKind::Duplicate { .. }))
        .count();
    let drawn = drawn_messages(&root);
    assert!(drawn > FOCUSABLE_ARROWS_MAX, "only {drawn} messages drawn");
    assert_eq!(drawn, sent, "every message is drawn");
    assert!(
        svg[0]
            .get_attribute("aria-label")
            .is_some_and(|l| l.contains(&format!("{sent} messages"))),
        "the summary counts the trace's {sent} messages: {:?}",
        svg[0].get_attribute("aria-label")
    );
    // Every message lost in the run ends in a cross.
    let lost = trace
        .events
        .iter()
        .filter(|e| matches!(e.kind, EventKind::Drop { .. }))
        .count();
    assert!(lost > 0, "the golden run loses messages");
    let crosses: usize = all(&root, "seq-drop").iter().map(count_of).sum();
    assert_eq!(crosses, lost, "dropped messages end in a cross");
    assert!(
        all(&root, "seq-gap")
            .iter()
            .any(|g| g.get_attribute("data-node-id").as_deref() == Some("1")
                && g.get_attribute("data-gap").as_deref() == Some("crash")),
        "n1's crash is a gap on its lane"
    );
    assert_eq!(all(&root, "seq-partition").len(), 1);
    assert_eq!(all(&root, "seq-cursor").len(), 1);

    // Only the diagram takes focus, with a summary for screen readers.
    assert_eq!(svg[0].get_attribute("tabindex").as_deref(), Some("0"));
    assert!(svg[0]
        .get_attribute("aria-label")
        .is_some_and(|l| l.contains("4 nodes")));

    // Clicking on an arrow's line (the middle of the first line of a crowd) seeks to just after its send.
    let line = crowds[0].query_selector(".seq-line").unwrap().unwrap();
    let (x1, y1, x2, y2) = first_segment(&line.get_attribute("d").unwrap());
    click_at(&svg[0], &line, (x1 + x2) / 2.0, (y1 + y2) / 2.0);
    let seek = *seeks.borrow().last().expect("a click seeks");
    assert!(seek >= 1 && seek <= trace.len());
    match &trace.events[(seek - 1) as usize].kind {
        EventKind::Send { from, .. } => assert!(
            (lane_y(from.0, 4) - y1).abs() < 0.1,
            "the clicked line starts on the sender's lane"
        ),
        EventKind::Duplicate { .. } => {}
        other => panic!("a click seeks to just after a send, not {other:?}"),
    }
    // A click between lanes, away from every line, seeks nowhere.
    let before = seeks.borrow().len();
    click_at(&svg[0], &svg[0], 30.0, 5.0);
    assert_eq!(seeks.borrow().len(), before);
}

/// Messages drawn: arrows of their own plus those in the crowd paths.
fn drawn_messages(root: &Element) -> usize {
    let crowds = all(root, "seq-arrow-crowd")
        .into_iter()
        .chain(all(root, "seq-in-flight-crowd"));
    all(root, "seq-message").len() + crowds.map(|c| count_of(&c)).sum::<usize>()
}

/// The `data-count` of an element drawing several messages.
fn count_of(element: &Element) -> usize {
    element
        .get_attribute("data-count")
        .and_then(|c| c.parse().ok())
        .expect("a data-count")
}

/// The first `M x1 y1 L x2 y2` segment of a path.
fn first_segment(d: &str) -> (f64, f64, f64, f64) {
    let numbers: Vec<f64> = d
        .split(['M', 'L', ' '])
        .filter(|n| !n.is_empty())
        .take(4)
        .map(|n| n.parse().unwrap())
        .collect();
    (numbers[0], numbers[1], numbers[2], numbers[3])
}

/// A bubbling click on `target` at a point given in the diagram's SVG units.
fn click_at(svg: &Element, target: &Element, x: f64, y: f64) {
    let rect = svg.get_bounding_client_rect();
    let view_box: Vec<f64> = svg
        .get_attribute("viewBox")
        .unwrap()
        .split(' ')
        .map(|n| n.parse().unwrap())
        .collect();
    let scale = (rect.width() / view_box[2]).min(rect.height() / view_box[3]);
    let left = rect.left() + (rect.width() - view_box[2] * scale) / 2.0;
    let top = rect.top() + (rect.height() - view_box[3] * scale) / 2.0;
    let window = web_sys::window().unwrap();
    let constructor: js_sys::Function = js_sys::Reflect::get(&window, &"MouseEvent".into())
        .unwrap()
        .dyn_into()
        .unwrap();
    let init = js_sys::Object::new();
    js_sys::Reflect::set(&init, &"clientX".into(), &(left + x * scale).into()).unwrap();
    js_sys::Reflect::set(&init, &"clientY".into(), &(top + y * scale).into()).unwrap();
    js_sys::Reflect::set(&init, &"bubbles".into(), &true.into()).unwrap();
    let args = js_sys::Array::of2(&"click".into(), &init);
    let event: web_sys::Event = js_sys::Reflect::construct(&constructor, &args)
        .unwrap()
        .dyn_into()
        .unwrap();
    target.dispatch_event(&event).unwrap();
}

#[wasm_bindgen_test]
async fn few_arrows_are_focusable_and_enter_seeks() {
    let trace = golden_trace(sandbox::GOLDEN_RUN_MS);
    // Early in the run: a handful of messages.
    let cursor = trace.events.iter().position(|e| e.time_ms > 60).unwrap() as u64;
    let seeks = Rc::new(RefCell::new(Vec::new()));
    let root = mount_point();
    yew::Renderer::<SequenceDiagram>::with_root_and_props(
        root.clone(),
        props(trace.clone(), cursor, seeks.clone()),
    )
    .render();
    settle().await;

    let messages = all(&root, "seq-message");
    assert!(!messages.is_empty() && messages.len() <= FOCUSABLE_ARROWS_MAX);
    assert!(messages
        .iter()
        .all(|m| m.get_attribute("tabindex").as_deref() == Some("0")));
    let svg = &all(&root, "sequence-diagram-test")[0];
    assert!(svg.get_attribute("tabindex").is_none());

    // Nothing after the cursor is drawn.
    for message in &messages {
        let seek: u64 = message.get_attribute("data-seek").unwrap().parse().unwrap();
        assert!(seek <= cursor, "m{seek} is drawn before it was sent");
    }

    // Clicking an arrow (on its line) seeks to just after its send.
    let target = messages.last().unwrap();
    click(&target.query_selector(".seq-line").unwrap().unwrap());
    let seek = *seeks.borrow().last().expect("a click seeks");
    let msg_id: u64 = target
        .get_attribute("data-msg-id")
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(sent_message(&trace, seek), Some(msg_id));

    press_enter(&messages[0]);
    let seek = *seeks.borrow().last().expect("Enter seeks");
    let msg_id: u64 = messages[0]
        .get_attribute("data-msg-id")
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(sent_message(&trace, seek), Some(msg_id));
}

#[wasm_bindgen_test]
async fn a_long_run_shows_a_sliding_two_second_window() {
    let trace = golden_trace(6_000);
    let cursor = trace.events.iter().position(|e| e.time_ms > 4_000).unwrap() as u64;
    let root = mount_point();
    yew::Renderer::<SequenceDiagram>::with_root_and_props(
        root.clone(),
        props(trace.clone(), cursor, Rc::new(RefCell::new(Vec::new()))),
    )
    .render();
    settle().await;

    let svg = &all(&root, "sequence-diagram-test")[0];
    let start: f64 = svg
        .get_attribute("data-window-start")
        .unwrap()
        .parse()
        .unwrap();
    let end: f64 = svg
        .get_attribute("data-window-end")
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(end - start, 2_000.0);
    assert!(start > 1_000.0 && start < 4_000.0 && end > 4_000.0);
    // Messages long over before the window are not drawn.
    let total_sends = trace.events[..cursor as usize]
        .iter()
        .filter(|e| matches!(e.kind, EventKind::Send { .. }))
        .count();
    let drawn = drawn_messages(&root);
    assert!(drawn > 0 && drawn < total_sends);
}

/// Plays through the golden run by re-rendering with a moving cursor and clock, as a panel does.
#[wasm_bindgen_test]
async fn playing_moves_the_cursor_line_and_keeps_arrows_consistent() {
    #[derive(Properties, PartialEq)]
    struct PlayerProps {
        trace: Rc<Trace>,
        step: Rc<RefCell<Option<Callback<u64>>>>,
    }
    #[function_component]
    fn Player(props: &PlayerProps) -> Html {
        let cursor = use_state(|| 0u64);
        {
            let cursor = cursor.clone();
            *props.step.borrow_mut() = Some(Callback::from(move |to: u64| cursor.set(to)));
        }
        let time_ms = cursor
            .checked_sub(1)
            .map_or(0.0, |i| props.trace.events[i as usize].time_ms as f64);
        html! {
            <SequenceDiagram trace={props.trace.clone()} cursor={*cursor} time_ms={time_ms}
                             node_count={4} on_seek={Callback::noop()} vocabulary={vocabulary()}
                             names={names()} />
        }
    }

    let trace = golden_trace(3_000);
    let step = Rc::new(RefCell::new(None));
    let root = mount_point();
    yew::Renderer::<Player>::with_root_and_props(
        root.clone(),
        PlayerProps {
            trace: trace.clone(),
            step: step.clone(),
        },
    )
    .render();
    settle().await;
    let mut last = (f64::NEG_INFINITY, -1.0);
    let mut moves = 0;
    for cursor in (0..=trace.len()).step_by((trace.len() / 12).max(1) as usize) {
        let emit = step.borrow().clone().unwrap();
        emit.emit(cursor);
        settle().await;
        let line = &all(&root, "seq-cursor")[0];
        let x: f64 = line.get_attribute("x1").unwrap().parse().unwrap();
        // No more arrows than messages sent so far.
        let sent = trace.events[..cursor as usize]
            .iter()
            .filter(|e| matches!(e.kind, EventKind::Send { .. } | EventKind::Duplicate { .. }))
            .count();
        assert!(drawn_messages(&root) <= sent);
        let messages = all(&root, "seq-message");
        // Every message drawn on its own was sent before the cursor, and no arrow is drawn twice.
        let mut seeks: Vec<u64> = messages
            .iter()
            .map(|m| m.get_attribute("data-seek").unwrap().parse().unwrap())
            .collect();
        assert!(seeks.iter().all(|s| *s <= cursor));
        seeks.sort_unstable();
        seeks.dedup();
        assert_eq!(seeks.len(), messages.len());
        let now_ms = trace.events[..cursor as usize]
            .last()
            .map_or(0, |e| e.time_ms) as f64;
        if now_ms <= 1_700.0 {
            // On the first page of the window (until the cursor nears its right edge and the window jumps
            // on), the line moves right exactly when time passes.
            let (last_x, last_ms) = last;
            if now_ms > last_ms {
                assert!(
                    x > last_x,
                    "time went from {last_ms} to {now_ms} ms but the line stayed at {last_x}"
                );
                moves += 1;
            } else {
                assert_eq!(x, last_x, "the line moved though time stood still");
            }
            last = (x, now_ms);
        }
    }
    assert!(
        moves >= 3,
        "the cursor line moved {moves} times on the first page"
    );
}

/// `new DOMParser().parseFromString(text, "image/svg+xml")`, through js-sys because the crate does not enable
/// web-sys's `DomParser`: the browser's own XML parser, which reports malformed input as a `parsererror`.
fn parse_svg(text: &str) -> web_sys::Document {
    let window = web_sys::window().unwrap();
    let constructor: js_sys::Function = js_sys::Reflect::get(&window, &"DOMParser".into())
        .unwrap()
        .dyn_into()
        .unwrap();
    let parser = js_sys::Reflect::construct(&constructor, &js_sys::Array::new()).unwrap();
    let parse: js_sys::Function = js_sys::Reflect::get(&parser, &"parseFromString".into())
        .unwrap()
        .dyn_into()
        .unwrap();
    parse
        .call2(&parser, &text.into(), &"image/svg+xml".into())
        .unwrap()
        .dyn_into()
        .unwrap()
}

#[wasm_bindgen_test]
async fn the_exported_file_is_svg_with_the_arrows_the_page_draws() {
    let trace = golden_trace(sandbox::GOLDEN_RUN_MS);
    let early = trace.events.iter().position(|e| e.time_ms > 60).unwrap() as u64;
    let naming = Naming {
        vocabulary: vocabulary(),
        names: names(),
    };
    // Many arrows (crowds on the page) and few (an element each).
    for cursor in [trace.len(), early] {
        let root = mount_point();
        yew::Renderer::<SequenceDiagram>::with_root_and_props(
            root.clone(),
            props(trace.clone(), cursor, Rc::new(RefCell::new(Vec::new()))),
        )
        .render();
        settle().await;
        let on_page = drawn_messages(&root);
        assert!(on_page > 0);

        let svg = sequence_svg(&trace, cursor, 4, None, Lang::En.texts(), &naming);
        let file = parse_svg(&svg);
        assert_eq!(
            file.get_elements_by_tag_name("parsererror").length(),
            0,
            "the file is well-formed XML"
        );
        let root_element = file.document_element().unwrap();
        assert_eq!(root_element.tag_name(), "svg");
        assert_eq!(root_element.namespace_uri().as_deref(), Some(SVG_NS));
        let in_file = file
            .query_selector_all("[data-testid=\"seq-message\"]")
            .unwrap()
            .length() as usize;
        assert_eq!(
            in_file, on_page,
            "at cursor {cursor}, the file draws what the page draws"
        );
        assert!(
            file.query_selector("[class]").unwrap().is_none(),
            "inline colours, no classes"
        );
    }
}
