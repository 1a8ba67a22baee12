//! The contention timeline a teacher points at: two believed holders drawn as an overlap where the storage
//! let both act, and none where fencing refused the late one.
use distlab_core::lock::*;
use distlab_core::scenario::Scenario;
use distlab_core::sim::NodeId;

fn run(settings: &LockSettings, seed: u64) -> Timeline {
    let network = LockScenario.default_network(settings);
    let mut sim = LockScenario.build(settings, &network, seed);
    for action in LockScenario.preset_actions(settings) {
        sim.schedule(action);
    }
    sim.run_until(LockScenario.horizon_ms(settings, &[]));
    let service = (settings.variant.lock_node_count() == 1).then_some(NodeId(0));
    timeline(sim.trace(), sim.notes(), service)
}

#[test]
fn the_gc_pause_overlaps_without_fencing_and_is_fenced_with_it() {
    for seed in 0..8 {
        let mut settings = LockPreset::GcPause.settings();
        settings.variant = Variant::Lease;
        let broken = run(&settings, seed);
        assert!(
            !broken.overlaps.is_empty(),
            "seed {seed}: two holders as the storage saw it"
        );
        let overlap = &broken.overlaps[0];
        assert!(overlap.clients.len() >= 2 && overlap.until_ms > overlap.from_ms);
        assert!(broken.writes.iter().all(|w| w.accepted));
        assert!(!broken.leases.is_empty(), "the service's leases are drawn");

        settings.variant = Variant::LeaseFencing;
        let fenced = run(&settings, seed);
        assert!(
            fenced.overlaps.is_empty(),
            "seed {seed}: {:?}",
            fenced.overlaps
        );
        // The paused client still believed it held the lock: its stretch is drawn, marked as refused.
        assert!(fenced.lanes.iter().flat_map(|l| &l.spans).any(|s| s.fenced));
        assert!(fenced.writes.iter().any(|w| !w.accepted && w.is_write));
    }
}

#[test]
fn lanes_are_one_per_client_in_order_and_spans_do_not_overlap_within_a_lane() {
    let settings = LockPreset::Contention.settings();
    let t = run(&settings, 3);
    let clients: Vec<NodeId> = t.lanes.iter().map(|l| l.client).collect();
    let mut sorted = clients.clone();
    sorted.sort();
    assert_eq!(clients, sorted);
    assert_eq!(clients.len() as u32, settings.clients);
    for lane in &t.lanes {
        for pair in lane.spans.windows(2) {
            assert!(pair[0].until_ms <= pair[1].from_ms, "{:?}", lane);
        }
    }
    // Under contention most clients get their turn within the run (a spin lock promises no more).
    let held = t
        .lanes
        .iter()
        .filter(|l| l.spans.iter().any(|s| s.state == LaneState::Holding))
        .count();
    assert!(
        held * 2 > t.lanes.len(),
        "{held} of {} clients held the lock",
        t.lanes.len()
    );
    // A correct lock under contention: never two holders as the storage saw it.
    assert!(t.overlaps.is_empty(), "{:?}", t.overlaps);
}
