//! Component tests in a real headless Chromium (wasm-bindgen-test): the transport bar, the language toggle,
//! the sandbox panel, and the determinism golden digests (sandbox, detectors, ring, 2PC, locks) computed in wasm.
#![cfg(target_arch = "wasm32")]

use std::cell::RefCell;
use std::rc::Rc;

use distlab::core::sandbox;
use distlab::ui::components::transport::{TransportBar, TransportIntent, TransportProps};
use distlab::ui::App;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlInputElement};
use yew::platform::time::sleep;
use yew::prelude::*;

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

/// A fresh mount point, so tests do not see each other's DOM.
fn mount_point() -> Element {
    let div = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&div).unwrap();
    div
}

fn by_test_id(root: &Element, id: &str) -> Option<Element> {
    root.query_selector(&format!("[data-testid=\"{id}\"]"))
        .unwrap()
}

fn click(root: &Element, id: &str) {
    by_test_id(root, id)
        .unwrap_or_else(|| panic!("no element with data-testid={id}"))
        .dyn_into::<HtmlElement>()
        .unwrap()
        .click();
}

/// Lets Yew render (it schedules renders on the microtask queue).
async fn settle() {
    sleep(std::time::Duration::from_millis(30)).await;
}

#[derive(Default)]
struct Calls {
    play: u32,
    pause: u32,
    forward: u32,
    back: u32,
    seeks: Vec<u64>,
    seeds: Vec<u64>,
    resets: u32,
}

fn transport_props(playing: bool, cursor: u64, calls: Rc<RefCell<Calls>>) -> TransportProps {
    // One dispatcher for every control: count what it reports.
    let on = Callback::from(move |intent: TransportIntent| {
        let mut c = calls.borrow_mut();
        match intent {
            TransportIntent::Play => c.play += 1,
            TransportIntent::Pause => c.pause += 1,
            TransportIntent::StepForward => c.forward += 1,
            TransportIntent::StepBack => c.back += 1,
            TransportIntent::Seek(k) => c.seeks.push(k),
            TransportIntent::Seed(s) => c.seeds.push(s),
            TransportIntent::Reset => c.resets += 1,
            TransportIntent::Speed(_) | TransportIntent::RandomSeed | TransportIntent::Explore => {}
        }
    });
    yew::props!(TransportProps {
        playing,
        cursor,
        total: 10u64,
        time_ms: 0.0,
        speed_log10: 0.0,
        seed: 7u64,
        on,
    })
}

#[wasm_bindgen_test]
async fn transport_bar_reports_clicks_and_disables_at_the_ends() {
    let calls = Rc::new(RefCell::new(Calls::default()));
    let root = mount_point();
    yew::Renderer::<TransportBar>::with_root_and_props(
        root.clone(),
        transport_props(false, 0, calls.clone()),
    )
    .render();
    settle().await;

    // At the start, stepping back is impossible and says so.
    let back: web_sys::HtmlButtonElement =
        by_test_id(&root, "step-back").unwrap().dyn_into().unwrap();
    assert!(back.disabled(), "step back must be disabled at event 0");
    assert!(
        by_test_id(&root, "pause").is_none(),
        "a paused bar shows play, not pause"
    );

    click(&root, "play");
    click(&root, "step-forward");
    click(&root, "reset");
    assert_eq!(calls.borrow().play, 1);
    assert_eq!(calls.borrow().forward, 1);
    assert_eq!(calls.borrow().resets, 1);

    // A bad seed shows a message and is not reported; a good one is.
    let seed: HtmlInputElement = by_test_id(&root, "seed").unwrap().dyn_into().unwrap();
    seed.set_value("not a number");
    seed.dispatch_event(&web_sys::InputEvent::new("input").unwrap())
        .unwrap();
    settle().await;
    click(&root, "seed-apply");
    settle().await;
    assert!(
        by_test_id(&root, "seed-error").is_some(),
        "an invalid seed must show a message"
    );
    assert!(calls.borrow().seeds.is_empty());
    seed.set_value("12345");
    seed.dispatch_event(&web_sys::InputEvent::new("input").unwrap())
        .unwrap();
    settle().await;
    click(&root, "seed-apply");
    settle().await;
    assert_eq!(calls.borrow().seeds, vec![12345]);
    assert!(by_test_id(&root, "seed-error").is_none());

    // Dragging the timeline reports the event index.
    let timeline: HtmlInputElement = by_test_id(&root, "timeline").unwrap().dyn_into().unwrap();
    timeline.set_value("6");
    timeline
        .dispatch_event(&web_sys::InputEvent::new("input").unwrap())
        .unwrap();
    assert_eq!(calls.borrow().seeks, vec![6]);
}

#[wasm_bindgen_test]
async fn transport_bar_while_playing_offers_pause() {
    let calls = Rc::new(RefCell::new(Calls::default()));
    let root = mount_point();
    yew::Renderer::<TransportBar>::with_root_and_props(
        root.clone(),
        transport_props(true, 10, calls.clone()),
    )
    .render();
    settle().await;
    assert!(by_test_id(&root, "play").is_none());
    click(&root, "pause");
    let forward: web_sys::HtmlButtonElement = by_test_id(&root, "step-forward")
        .unwrap()
        .dyn_into()
        .unwrap();
    assert!(
        forward.disabled(),
        "step forward must be disabled at the last event"
    );
    click(&root, "step-back");
    assert_eq!(calls.borrow().pause, 1);
    assert_eq!(calls.borrow().back, 1);
}

#[wasm_bindgen_test]
async fn language_toggle_switches_visible_text_and_url() {
    web_sys::window()
        .unwrap()
        .location()
        .set_hash("#/sandbox?lang=en&seed=3")
        .unwrap();
    // Let the hashchange from this (and any earlier test's) navigation fire before the app mounts.
    settle().await;
    let root = mount_point();
    let app = yew::Renderer::<App>::with_root(root.clone()).render();
    settle().await;
    let nav = by_test_id(&root, "nav-ring").unwrap();
    assert_eq!(nav.text_content().unwrap().trim(), "Hash ring");

    click(&root, "lang-toggle");
    settle().await;
    let nav = by_test_id(&root, "nav-ring").unwrap();
    assert_eq!(nav.text_content().unwrap().trim(), "哈希环");
    let hash = web_sys::window().unwrap().location().hash().unwrap();
    assert!(
        hash.contains("lang=zh-CN"),
        "the choice is kept in the URL: {hash}"
    );
    let html_lang = document()
        .document_element()
        .unwrap()
        .get_attribute("lang")
        .unwrap();
    assert_eq!(html_lang, "zh-CN");

    click(&root, "lang-toggle");
    settle().await;
    assert_eq!(
        by_test_id(&root, "nav-ring")
            .unwrap()
            .text_content()
            .unwrap()
            .trim(),
        "Hash ring"
    );
    app.destroy();
    root.remove();
}

#[wasm_bindgen_test]
async fn sandbox_steps_forward_and_back() {
    web_sys::window()
        .unwrap()
        .location()
        .set_hash("#/sandbox?lang=en&seed=42&nodes=3")
        .unwrap();
    settle().await;
    let root = mount_point();
    let app = yew::Renderer::<App>::with_root(root.clone()).render();
    settle().await;
    assert!(by_test_id(&root, "panel-sandbox").is_some());
    let nodes = root.query_selector_all("[data-testid=node]").unwrap();
    assert_eq!(nodes.length(), 3, "nodes=3 in the link draws three nodes");
    let cursor_text = || {
        by_test_id(&root, "cursor-text")
            .unwrap()
            .text_content()
            .unwrap()
    };
    assert!(cursor_text().starts_with("event 0 "), "{}", cursor_text());
    for _ in 0..12 {
        click(&root, "step-forward");
        settle().await;
    }
    assert!(cursor_text().starts_with("event 12 "), "{}", cursor_text());
    assert!(
        by_test_id(&root, "event-log").is_some(),
        "stepping shows what happened"
    );
    click(&root, "step-back");
    settle().await;
    assert!(cursor_text().starts_with("event 11 "), "{}", cursor_text());
    app.destroy();
    root.remove();
}

#[wasm_bindgen_test]
fn golden_trace_digest_matches_native() {
    let mut sim = sandbox::golden_scenario();
    sim.run_until(1000);
    let expected: u64 = include_str!("../src/core/tests/golden/sandbox.digest")
        .trim()
        .parse()
        .unwrap();
    assert_eq!(
        sim.digest(),
        expected,
        "the wasm trace differs from the native one"
    );
}

#[wasm_bindgen_test]
fn detector_golden_digest_matches_native() {
    // The same run as tests/detect_golden.rs: φ's libm arithmetic must agree bit for bit in the browser.
    let plan = distlab::core::detect::preset(distlab::core::detect::Preset::SlowNetwork, 5);
    let mut sim = plan.sim(42);
    sim.run_until(plan.horizon_ms);
    assert_eq!(
        sim.digest(),
        0x3ab9_c789_6341_bea8,
        "the wasm trace differs from the native one"
    );
}

#[wasm_bindgen_test]
fn ring_owners_match_native_golden() {
    // The same owners digests as tests/ring_golden.rs: every algorithm places keys identically in wasm.
    use distlab::core::ring::{
        key_set, Algorithm, Cluster, KeyHashes, NodeSpec, NodeState, RingConfig,
    };
    let digest = |algorithm: Algorithm| {
        let mut cluster = Cluster::new(vec![
            NodeSpec::weighted("alpha", 1),
            NodeSpec::weighted("beta", 2),
            NodeSpec::weighted("gamma", 1),
            NodeSpec::weighted("delta", 3),
            NodeSpec::weighted("epsilon", 1),
        ])
        .unwrap();
        cluster.set_state(2, NodeState::Down).unwrap();
        let keys = KeyHashes::new(&key_set(1000, 2024), algorithm.hash_mode());
        let bytes: Vec<u8> = algorithm
            .owners(&cluster, &keys)
            .iter()
            .map(|o| o.map_or(255, |n| n as u8))
            .collect();
        format!("{:016x}", xxhash_rust::xxh3::xxh3_64(&bytes))
    };
    let algorithms = [
        Algorithm::Modulo,
        Algorithm::Ring(RingConfig::xxh3(100)),
        Algorithm::Ring(RingConfig::ketama()),
        Algorithm::Jump,
        Algorithm::Rendezvous,
        Algorithm::BoundedLoads {
            ring: RingConfig::xxh3(100),
            epsilon: 0.02,
        },
    ];
    let digests: Vec<String> = algorithms.iter().map(|&a| digest(a)).collect();
    assert_eq!(
        digests,
        [
            "4bf25ff37aad4092",
            "7c48afd77fc38082",
            "7276b8f0088deb50",
            "2e487589e813af58",
            "987d981170f8c971",
            "29dc75e7b6d6beec"
        ]
    );
}

#[wasm_bindgen_test]
fn txn_golden_digest_matches_native() {
    // The same run as src/core/tests/txn_golden.rs: a stream of transactions, lock waits, a coordinator crash.
    use distlab::core::scenario::Scenario;
    use distlab::core::txn::{TxnPreset, TxnScenario, TxnSettings};
    let settings = TxnSettings::of_preset(TxnPreset::StreamCoordinatorCrash);
    let network = TxnScenario.default_network(&settings);
    let actions = TxnScenario.preset_actions(&settings);
    let mut sim = TxnScenario.build(&settings, &network, 42);
    for action in &actions {
        sim.schedule(action.clone());
    }
    sim.run_until(TxnScenario.horizon_ms(&settings, &actions));
    assert_eq!(
        sim.digest(),
        0x885b_0b9a_edf9_de80,
        "the wasm trace differs from the native one"
    );
}

#[wasm_bindgen_test]
fn lock_golden_digest_matches_native() {
    // The same run as src/core/tests/lock_golden.rs: eight clients with jittered backoff and drifting clocks.
    use distlab::core::lock::{LockPreset, LockScenario, LockSettings};
    use distlab::core::scenario::Scenario;
    let settings = LockSettings {
        drift_ppm: 30_000,
        ..LockPreset::Contention.settings()
    };
    let network = LockScenario.default_network(&settings);
    let mut sim = LockScenario.build(&settings, &network, 42);
    sim.run_until(LockScenario.horizon_ms(&settings, &[]));
    assert_eq!(
        sim.digest(),
        0xe844_b89e_cbfc_3904,
        "the wasm trace differs from the native one"
    );
}
