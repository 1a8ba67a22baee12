//! Golden digest of one lock run: if this changes, the protocol or the kernel changed the trace. The same
//! run is checked in the browser (tests/web.rs) against the same value, so wasm and native agree bit for bit.
use distlab_core::lock::{LockPreset, LockScenario, LockSettings};
use distlab_core::scenario::Scenario;

/// The contention preset (eight looping clients on a fenced lease, full-jitter backoff drawn from the
/// seed) with drifting clocks, seed 42, run to its horizon.
const LOCK_GOLDEN_DIGEST: u64 = 0xe844_b89e_cbfc_3904;

/// The run the digest is of.
fn golden_settings() -> LockSettings {
    LockSettings {
        drift_ppm: 30_000,
        ..LockPreset::Contention.settings()
    }
}

#[test]
fn contention_with_drifting_clocks_has_its_golden_digest() {
    let settings = golden_settings();
    let network = LockScenario.default_network(&settings);
    let mut sim = LockScenario.build(&settings, &network, 42);
    sim.run_until(LockScenario.horizon_ms(&settings, &[]));
    let digest = sim.digest();
    assert_eq!(
        digest,
        LOCK_GOLDEN_DIGEST,
        "digest {digest:#018x} over {} events; update the constant only for an intended change",
        sim.trace().len()
    );
}
