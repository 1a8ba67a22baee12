//! The trace as data: its JSON, its typed notes, and the generic view fold.
use distlab_core::sandbox::{golden_scenario, scenario, PingPong, PingPongNote, Variant};
use distlab_core::sim::*;

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
        clock_jumps_max: 0,
        horizon_ms: run_ms,
    };
    for action in random_faults(seed, 6, &network, &budget) {
        sim.schedule(action);
    }
    sim.schedule(ScheduledAction {
        at_ms: 300,
        action: Action::DelayMessage {
            msg: MsgId(40),
            by_ms: 500,
        },
    });
    sim.schedule(ScheduledAction {
        at_ms: 301,
        action: Action::DuplicateMessage { msg: MsgId(45) },
    });
    sim.run_until(run_ms);
    sim
}

#[test]
fn trace_json_uses_kebab_case_tags_and_states_point_at_typed_notes() {
    let mut sim = golden_scenario();
    sim.run_until(1000);
    let json = sim.trace().to_json();
    assert!(json.starts_with(r#"{"schema_version":3,"node_count":4,"events":[{"time_ms":0,"kind":{"type":"start","node":0}}"#), "{}", &json[..200]);
    assert!(json.contains(r#""reason":"partition""#));
    assert!(json.contains(r#""type":"state","node":0,"state":"idle","note":0"#));
    let note = &sim.notes()[0];
    assert_eq!(
        (note.pings_sent, note.pongs_counted, note.outstanding),
        (0, 0, 0)
    );
    // Every state event's code is its note's own state.
    for event in &sim.trace().events {
        if let EventKind::State { state, note, .. } = &event.kind {
            assert_eq!(*state, sim.notes()[*note as usize].state());
        }
    }
    // The digest covers the notes: a run whose notes differ digests differently.
    let mut other = golden_scenario();
    other.run_until(1000);
    assert_eq!(other.digest(), sim.digest());
    assert_ne!(sim.trace().digest::<PingPongNote>(&[]), sim.digest());
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
fn each_node_in_the_view_shows_its_last_note() {
    let sim = eventful_sim(7, 4000);
    let view = view_at(sim.trace(), sim.trace().len());
    for id in sim.view().ids() {
        let last = sim.trace().events.iter().rev().find_map(|e| match &e.kind {
            EventKind::State { node, note, .. } if *node == id => Some(*note),
            _ => None,
        });
        assert_eq!(view.nodes[id.0 as usize].note, last, "{id}");
        if let Some(index) = last {
            let note = &sim.notes()[index as usize];
            // Every tick notes right after counting its ping, so the last note has the durable count.
            assert_eq!(note.pings_sent, sim.view().durable(id).pings_sent, "{id}");
        }
    }
}
