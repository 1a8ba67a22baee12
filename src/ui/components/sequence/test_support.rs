//! Fixtures shared by the sequence diagram's unit tests: a small legend in two languages and a small run with
//! one of everything the diagram draws.
use std::rc::Rc;

use super::index::SequenceIndex;
use super::layout::{build_shapes, ArrowShape, Frame, Naming, SequenceShapes};
use crate::core::sim::{
    DropReason, EventKind, Legend, LegendEntry, MsgId, NodeId, StyleRole, Trace, TraceEvent,
};
use crate::ui::i18n::{Lang, Texts};
use crate::ui::vocabulary::{PanelWords, Vocabulary};

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

pub fn naming() -> Naming {
    naming_in(Lang::En)
}

pub fn event(time_ms: u64, kind: EventKind) -> TraceEvent {
    TraceEvent { time_ms, kind }
}

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

pub fn deliver(msg: u64, from: u32, to: u32, kind: &'static str) -> EventKind {
    EventKind::Deliver {
        msg: MsgId(msg),
        from: NodeId(from),
        to: NodeId(to),
        kind,
    }
}

pub fn drop(msg: u64, from: u32, to: u32, kind: &'static str, reason: DropReason) -> EventKind {
    EventKind::Drop {
        msg: MsgId(msg),
        from: NodeId(from),
        to: NodeId(to),
        kind,
        reason,
    }
}

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

pub fn arrow(shapes: &SequenceShapes, msg: u64) -> &ArrowShape {
    shapes
        .arrows
        .iter()
        .chain(&shapes.in_flight)
        .find(|a| a.msg == msg)
        .unwrap_or_else(|| panic!("no arrow for m{msg}"))
}

