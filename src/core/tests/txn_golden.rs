//! Golden digest of one commit run: if this changes, the protocol or the kernel changed the trace. The
//! same run is meant to be checked in wasm (tests/web.rs) against the same value.
use distlab_core::scenario::Scenario;
use distlab_core::txn::{TxnPreset, TxnScenario, TxnSettings};

/// The `stream-coordinator-crash` preset with seed 42, run to its horizon (14 s): random participant sets
/// and votes from the seed, lock waits, a coordinator crash and recovery, every note with its log.
pub const TXN_GOLDEN_DIGEST: u64 = 0x885b_0b9a_edf9_de80;

#[test]
fn the_stream_with_a_coordinator_crash_has_its_golden_digest() {
    let settings = TxnSettings::of_preset(TxnPreset::StreamCoordinatorCrash);
    let network = TxnScenario.default_network(&settings);
    let actions = TxnScenario.preset_actions(&settings);
    let mut sim = TxnScenario.build(&settings, &network, 42);
    for action in &actions {
        sim.schedule(action.clone());
    }
    sim.run_until(TxnScenario.horizon_ms(&settings, &actions));
    let digest = sim.digest();
    assert_eq!(
        digest,
        TXN_GOLDEN_DIGEST,
        "digest {digest:#018x} over {} events; update the constant only for an intended change",
        sim.trace().len()
    );
}
