//! The golden digest: the fixed sandbox run must hash to the committed value, natively and (in the browser
//! test suite) in wasm32. Regenerate deliberately with `DISTLAB_BLESS=1 cargo test --test sim_golden`.
use distlab_core::sandbox::{golden_scenario, GOLDEN_RUN_MS};

const DIGEST_PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/golden/sandbox.digest");

#[test]
fn the_golden_run_matches_the_committed_digest() {
    let mut sim = golden_scenario();
    sim.run_until(GOLDEN_RUN_MS);
    let digest = sim.digest();
    if std::env::var_os("DISTLAB_BLESS").is_some() {
        std::fs::write(DIGEST_PATH, format!("{digest}\n")).expect("write the golden digest");
    }
    let committed =
        std::fs::read_to_string(DIGEST_PATH).expect("tests/golden/sandbox.digest exists");
    assert_eq!(
        committed.trim().parse::<u64>().expect("a decimal u64"),
        digest,
        "the golden trace changed; if that is intended, bless it (DISTLAB_BLESS=1) and say why in the commit"
    );
}

#[test]
fn the_golden_run_shows_every_scheduled_fault() {
    let mut sim = golden_scenario();
    sim.run_until(GOLDEN_RUN_MS);
    let json = sim.trace().to_json();
    for needle in [
        r#""type":"crash""#,
        r#""type":"recover""#,
        r#""type":"partition""#,
        r#""type":"heal""#,
        r#""type":"duplicate""#,
        r#""reason":"loss""#,
    ] {
        assert!(json.contains(needle), "missing {needle}");
    }
    assert!(sim.violation().is_none());
}
