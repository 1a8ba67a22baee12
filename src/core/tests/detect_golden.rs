//! Golden digest of one failure-detection run: if this changes, the protocol, the detectors or the kernel
//! changed the trace. The same run is meant to be checked in wasm (tests/web.rs) against the same value, so
//! φ's `libm` arithmetic is proven identical on both targets.
use distlab_core::detect::{preset, Preset};

/// `preset(Preset::SlowNetwork, 5)` with seed 42, run to its horizon (14 s): loss, latency spikes, φ values
/// in every note.
pub const DETECT_GOLDEN_DIGEST: u64 = 0x3ab9_c789_6341_bea8;

#[test]
fn the_slow_network_preset_has_its_golden_digest() {
    let plan = preset(Preset::SlowNetwork, 5);
    let mut sim = plan.sim(42);
    sim.run_until(plan.horizon_ms);
    let digest = sim.digest();
    assert_eq!(
        digest,
        DETECT_GOLDEN_DIGEST,
        "digest {digest:#018x} over {} events; update the constant only for an intended change",
        sim.trace().len()
    );
}
