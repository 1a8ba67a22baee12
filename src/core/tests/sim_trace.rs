//! The trace as data: JSON round trip, schema checks, the generic view fold and seeking.
use distlab_core::sandbox::{golden_scenario, scenario, PingPong, Variant};
use distlab_core::sim::*;
use proptest::prelude::*;

/// A long run with every kind of fault, so the trace exercises every event kind the fold handles.
fn eventful_sim(seed: u64, run_ms: TimeMs) -> Sim<PingPong> {
    let network = NetworkConfig {
        loss_probability: 0.1,
        duplicate_probability: 0.1,
        ..NetworkConfig::default()
    };
    let mut sim = scenario(6, Variant::Correct, network.clone(), seed);
    let budget = FaultBudget {
        crashes_max: 6,
        pauses_max: 6,
        partitions_max: 4,
        message_faults_max: 4,
        horizon_ms: run_ms,
    };
    for action in random_faults(seed, 6, &network, &budget) {
        sim.schedule(action);
    }
    sim.schedule(ScheduledAction {
        at_ms: 300,
        action: FaultAction::DelayMessage {
            msg: MsgId(40),
            by_ms: 500,
        },
    });
    sim.schedule(ScheduledAction {
        at_ms: 301,
        action: FaultAction::DuplicateMessage { msg: MsgId(45) },
    });
    sim.run_until(run_ms);
    sim
}

#[test]
fn trace_json_round_trips() {
    let sim = eventful_sim(3, 3000);
    let json = sim.trace().to_json();
    let back = Trace::from_json(&json).expect("parses");
    assert_eq!(&back, sim.trace());
    assert_eq!(back.digest(), sim.trace().digest());
    assert_eq!(back.to_json(), json);
}

#[test]
fn trace_json_uses_kebab_case_tags() {
    let mut sim = golden_scenario();
    sim.run_until(1000);
    let json = sim.trace().to_json();
    assert!(json.starts_with(r#"{"schema_version":1,"node_count":4,"events":[{"time_ms":0,"kind":{"type":"start","node":0}}"#), "{}", &json[..200]);
    assert!(json.contains(r#""reason":"partition""#));
    assert!(json.contains(r#""type":"state","node":0,"label":"idle","fields":[["pings","0"]"#));
}

#[test]
fn an_unknown_schema_version_is_rejected_with_a_message() {
    let error = Trace::from_json(r#"{"schema_version":7,"node_count":1,"events":[]}"#).unwrap_err();
    assert!(error.contains("schema version 7"), "{error}");
    assert!(error.contains("version 1"), "{error}");
    let error = Trace::from_json("not json").unwrap_err();
    assert!(error.starts_with("trace:"), "{error}");
    let error = Trace::from_json(r#"{"schema_version":1,"node_count":1,"events":[{"time_ms":0}]}"#)
        .unwrap_err();
    assert!(error.contains("malformed"), "{error}");
}

proptest! {
    #[test]
    fn from_json_never_panics_on_arbitrary_text(text in "\\PC*") {
        let _ = Trace::from_json(&text);
    }

    #[test]
    fn from_json_never_panics_on_damaged_traces(cut in 0usize..2000, byte in any::<u8>()) {
        let mut sim = golden_scenario();
        sim.run_until(300);
        let mut bytes = sim.trace().to_json().into_bytes();
        let at = cut % bytes.len();
        bytes[at] = byte;
        let text = String::from_utf8_lossy(&bytes[..]).to_string();
        let _ = Trace::from_json(&text);
        let _ = Trace::from_json(&text[..text.len().min(cut)]);
    }
}

#[test]
fn the_folded_view_matches_the_kernel() {
    for seed in 0..8 {
        let sim = eventful_sim(seed, 4000);
        let view = view_at(sim.trace(), sim.trace().len());
        assert_eq!(view.in_flight, sim.in_flight(), "seed {seed}");
        assert_eq!(view.partition.as_deref(), sim.partition(), "seed {seed}");
        for id in sim.view().ids() {
            assert_eq!(
                view.nodes[id.0 as usize].status,
                sim.view().status(id),
                "seed {seed} {id}"
            );
        }
        assert_eq!(view.violation.as_ref(), sim.violation());
    }
}

#[test]
fn the_view_index_equals_the_plain_fold() {
    let sim = eventful_sim(11, 30_000);
    let trace = sim.trace();
    assert!(
        trace.len() > 10 * VIEW_CHECKPOINT_EVERY,
        "trace too short: {}",
        trace.len()
    );
    let index = ViewIndex::build(trace);
    let mut cursors: Vec<u64> = (0..trace.len() + 2).step_by(97).collect();
    cursors.extend([
        0,
        1,
        255,
        256,
        257,
        511,
        512,
        trace.len() - 1,
        trace.len(),
        trace.len() + 5,
    ]);
    for cursor in cursors {
        assert_eq!(
            index.view_at(trace, cursor),
            view_at(trace, cursor),
            "cursor {cursor}"
        );
    }
}

#[test]
fn the_view_index_extends_as_the_trace_grows() {
    let mut sim = eventful_sim(5, 2000);
    let mut index = ViewIndex::build(sim.trace());
    sim.run_until(8000);
    index.extend(sim.trace());
    let end = sim.trace().len();
    assert_eq!(index.view_at(sim.trace(), end), view_at(sim.trace(), end));
    assert_eq!(
        index.view_at(sim.trace(), end - 300),
        view_at(sim.trace(), end - 300)
    );
}

#[test]
fn seeking_equals_replaying_from_scratch() {
    let fresh = || {
        let mut sim = golden_scenario();
        sim.schedule(ScheduledAction {
            at_ms: 820,
            action: FaultAction::Pause {
                node: NodeId(2),
                duration_ms: 90,
            },
        });
        sim
    };
    let mut timeline = Timeline::new(fresh(), 16);
    let mut reference = fresh();
    reference.run_until(1000);
    let total = reference.trace().len();
    timeline.advance_to_trace_len(total);
    for k in (0..total).step_by(7).chain([0, total - 1]) {
        let sought = timeline.sim_at_trace_index(k);
        let mut replay = fresh();
        while replay.trace().len() <= k {
            assert!(replay.step());
        }
        assert_eq!(sought.trace(), replay.trace(), "k {k}");
        assert_eq!(sought.steps(), replay.steps(), "k {k}");
        assert_eq!(sought.now(), replay.now(), "k {k}");
        assert_eq!(sought.in_flight(), replay.in_flight(), "k {k}");
        for id in replay.view().ids() {
            assert_eq!(sought.view().durable(id), replay.view().durable(id));
            assert_eq!(sought.view().node(id), replay.view().node(id));
        }
        // And they go on identically.
        let (mut a, mut b) = (sought, replay);
        a.run_steps(50);
        b.run_steps(50);
        assert_eq!(a.trace(), b.trace(), "k {k} continued");
    }
    // Past the end: the latest state.
    assert_eq!(
        timeline.sim_at_trace_index(total + 100).trace().len(),
        timeline.live().trace().len()
    );
}
