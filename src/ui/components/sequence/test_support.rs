//! Fixtures shared by the sequence diagram's unit tests: a small legend in two languages and a small run with
//! one of everything the diagram draws.
use std::rc::Rc;

use super::draw::{Element, Node, Value};
use super::index::SequenceIndex;
use super::layout::{build_shapes, ArrowShape, Frame, Naming, SequenceShapes};
use crate::core::sim::{
    DropReason, EventKind, Legend, LegendEntry, MsgId, NodeId, StyleRole, Trace, TraceEvent,
};
use crate::ui::i18n::{Lang, Texts};
use crate::ui::vocabulary::{PanelWords, Vocabulary};

/// The English texts.
pub fn texts() -> &'static Texts {
    Lang::En.texts()
}

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

/// The test legend's words in `lang`, and nodes named `n0`...`n3`.
pub fn naming_in(lang: Lang) -> Naming {
    Naming {
        vocabulary: Vocabulary {
            legend: &LEGEND,
            words: if lang == Lang::En { &EN } else { &ZH },
            lang,
        },
        names: Rc::new((0..4).map(|n| format!("n{n}")).collect()),
    }
}

/// [`naming_in`] English.
pub fn naming() -> Naming {
    naming_in(Lang::En)
}

/// A trace event at `time_ms`.
pub fn event(time_ms: u64, kind: EventKind) -> TraceEvent {
    TraceEvent { time_ms, kind }
}

/// A send of `msg`, to be delivered at `deliver_at_ms` (`None`: lost when sent).
pub fn send(
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

/// The delivery of `msg`.
pub fn deliver(msg: u64, from: u32, to: u32, kind: &'static str) -> EventKind {
    EventKind::Deliver {
        msg: MsgId(msg),
        from: NodeId(from),
        to: NodeId(to),
        kind,
    }
}

/// The loss of `msg`.
pub fn drop(msg: u64, from: u32, to: u32, kind: &'static str, reason: DropReason) -> EventKind {
    EventKind::Drop {
        msg: MsgId(msg),
        from: NodeId(from),
        to: NodeId(to),
        kind,
        reason,
    }
}

/// A node's new state.
pub fn state(node: u32, state: &'static str) -> EventKind {
    EventKind::State {
        node: NodeId(node),
        state,
        note: 0,
    }
}

/// A small run with one of everything the diagram draws (event indices in the comments).
pub fn small_trace() -> Trace {
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

/// The shapes of a three-node trace at `cursor` in `frame`.
pub fn shapes_at(trace: &Trace, cursor: u64, frame: Frame) -> SequenceShapes {
    build_shapes(
        &SequenceIndex::build(trace),
        cursor,
        3,
        frame,
        texts(),
        &naming(),
    )
}

/// The arrow of message `msg`, settled or in flight.
pub fn arrow(shapes: &SequenceShapes, msg: u64) -> &ArrowShape {
    shapes
        .arrows
        .iter()
        .chain(&shapes.in_flight)
        .find(|a| a.msg == msg)
        .unwrap_or_else(|| panic!("no arrow for m{msg}"))
}

/// The messages a description draws: arrows of their own plus those in crowd paths (`data-count`), read
/// from the test ids and counts the live view and the file both carry.
pub fn drawn_messages(nodes: &[Node]) -> u64 {
    nodes
        .iter()
        .map(|node| match node {
            Node::Element(element) => {
                let own = match element.get("data-testid") {
                    Some(Value::Text(id)) if id.as_str() == "seq-message" => 1,
                    Some(Value::Text(id))
                        if id.as_str() == "seq-arrow-crowd"
                            || id.as_str() == "seq-in-flight-crowd" =>
                    {
                        match element.get("data-count") {
                            Some(Value::Count(count)) => *count,
                            other => panic!("a crowd without a count: {other:?}"),
                        }
                    }
                    _ => 0,
                };
                own + drawn_messages(&element.children)
            }
            Node::Text(_) => 0,
            Node::List(nodes) => drawn_messages(nodes),
            Node::Part(part) => drawn_messages(part),
        })
        .sum()
}

/// The elements of a description with test id `id`, parts and lists included, in document order.
pub fn with_test_id<'a>(nodes: &'a [Node], id: &str, found: &mut Vec<&'a Element>) {
    for node in nodes {
        match node {
            Node::Element(element) => {
                if matches!(element.get("data-testid"), Some(Value::Text(t)) if t.as_str() == id) {
                    found.push(element);
                }
                with_test_id(&element.children, id, found);
            }
            Node::Text(_) => {}
            Node::List(nodes) => with_test_id(nodes, id, found),
            Node::Part(part) => with_test_id(part, id, found),
        }
    }
}

/// The golden run (four nodes, 1 s, drops, a crash and a partition) and its shapes over the whole run.
pub fn golden_shapes() -> (Trace, SequenceShapes) {
    let mut sim = crate::core::sandbox::golden_scenario();
    sim.run_until(crate::core::sandbox::GOLDEN_RUN_MS);
    let trace = sim.trace().clone();
    let shapes = build_shapes(
        &SequenceIndex::build(&trace),
        trace.len(),
        4,
        Frame::fit(0, crate::core::sandbox::GOLDEN_RUN_MS),
        texts(),
        &naming(),
    );
    (trace, shapes)
}
