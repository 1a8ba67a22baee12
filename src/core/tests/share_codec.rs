//! Share links and run files: every run round-trips, a link and a file of the same run go through one
//! validation (what a link refuses, a file refuses, with the same message), and no input makes a decoder
//! panic.
use distlab_core::detect::FailuresScenario;
use distlab_core::sandbox::SandboxScenario;
use distlab_core::scenario::{read_file, read_run, settings_params, write_run, Scenario};
use distlab_core::share::{
    decode_actions, encode_actions, ActionLimits, Params, RunFile, ShareError,
};
use distlab_core::sim::{Action, LinkOverride, MsgId, NetworkConfig, NodeId, ScheduledAction};
use proptest::prelude::*;

const NODES: u32 = 8;

fn node() -> impl Strategy<Value = NodeId> {
    (0..NODES).prop_map(NodeId)
}

fn probability() -> impl Strategy<Value = f64> {
    (0u64..=1_000_000).prop_map(|ppm| ppm as f64 / 1_000_000.0)
}

fn network() -> impl Strategy<Value = NetworkConfig> {
    (
        0u64..500,
        0u64..500,
        probability(),
        probability(),
        prop::collection::vec((node(), node(), 0u64..100, 0u64..100, probability()), 0..3),
    )
        .prop_map(|(a, b, loss, dup, links)| NetworkConfig {
            latency_ms_min: a.min(b),
            latency_ms_max: a.max(b),
            loss_probability: loss,
            duplicate_probability: dup,
            links: links
                .into_iter()
                .map(|(from, to, x, y, loss)| LinkOverride {
                    from,
                    to,
                    latency_ms_min: x.min(y),
                    latency_ms_max: x.max(y),
                    loss_probability: loss,
                })
                .collect(),
        })
}

fn action() -> impl Strategy<Value = Action> {
    prop_oneof![
        node().prop_map(|node| Action::Crash { node }),
        node().prop_map(|node| Action::Recover { node }),
        node().prop_map(|node| Action::Restart { node }),
        (node(), 0u64..100_000).prop_map(|(node, duration_ms)| Action::Pause { node, duration_ms }),
        prop::collection::vec(prop::collection::vec(node(), 1..4), 1..4)
            .prop_map(|groups| Action::Partition { groups }),
        Just(Action::Heal),
        any::<u32>().prop_map(|m| Action::DropMessage {
            msg: MsgId(m.into())
        }),
        any::<u32>().prop_map(|m| Action::DuplicateMessage {
            msg: MsgId(m.into())
        }),
        (any::<u32>(), 0u64..100_000).prop_map(|(m, by_ms)| Action::DelayMessage {
            msg: MsgId(m.into()),
            by_ms
        }),
        network().prop_map(|network| Action::SetNetwork { network }),
        (node(), -5_000i64..5_000).prop_map(|(node, jump_ms)| Action::ClockJump { node, jump_ms }),
    ]
}

fn actions() -> impl Strategy<Value = Vec<ScheduledAction>> {
    prop::collection::vec(
        (0u64..1_000_000, action()).prop_map(|(at_ms, action)| ScheduledAction { at_ms, action }),
        0..30,
    )
}

/// Actions that are sometimes out of bounds: node ids past small runs, times past the limit.
fn risky_actions() -> impl Strategy<Value = Vec<ScheduledAction>> {
    prop::collection::vec(
        (prop_oneof![0u64..20_000, Just(99_999_999)], 0u32..14).prop_map(|(at_ms, node)| {
            ScheduledAction {
                at_ms,
                action: Action::Crash { node: NodeId(node) },
            }
        }),
        0..4,
    )
}

/// Settings as a person might write them: known keys and one unknown, valid values and odd ones.
fn settings_map(keys: &'static [&'static str]) -> impl Strategy<Value = Vec<(String, String)>> {
    let key = prop_oneof![
        8 => prop::sample::select(keys).prop_map(str::to_string),
        1 => Just("colour".to_string()),
    ];
    let value = prop::sample::select(vec![
        "1",
        "2",
        "3",
        "4",
        "5",
        "8",
        "9",
        "12",
        "13",
        "0",
        "300",
        "2999",
        "8.5",
        "nan",
        "-1",
        "x",
        "correct",
        "broken",
        "clean-crash",
        "gc-pause",
        "slow-network",
        "10-50",
        "5-80",
        "50-10",
        "0-99999",
        "100",
    ])
    .prop_map(str::to_string);
    prop::collection::btree_map(key, value, 0..6).prop_map(|m| m.into_iter().collect())
}

fn link_of(settings: &[(String, String)], seed: u64, actions: &[ScheduledAction]) -> Params {
    let mut params = Params(settings.to_vec());
    params.set("seed", Some(seed.to_string()));
    params.set("a", Some(encode_actions(actions)));
    params
}

fn file_of(
    panel: &str,
    settings: &[(String, String)],
    seed: u64,
    actions: &[ScheduledAction],
) -> RunFile {
    let file = RunFile::new(
        panel,
        &Params(settings.to_vec()),
        seed,
        actions.to_vec(),
        None,
    );
    RunFile::from_json(&file.to_json(), panel).expect("well-formed")
}

/// The property every panel must keep: a link and a file of the same run agree.
fn link_and_file_agree<S: Scenario>(
    scenario: S,
    settings: &[(String, String)],
    seed: u64,
    actions: &[ScheduledAction],
) -> Result<(), TestCaseError> {
    let (from_link, problems) = read_run(&scenario, &link_of(settings, seed, actions), &[]);
    let from_file = read_file(
        &scenario,
        &file_of(scenario.slug(), settings, seed, actions),
    );
    match (problems.first(), from_file) {
        (None, Ok(spec)) => prop_assert_eq!(spec, from_link),
        (Some(problem), Err(error)) => {
            prop_assert_eq!(problem, &error);
            prop_assert_eq!(problem.to_string(), error.to_string());
        }
        (problem, file) => prop_assert!(false, "the link said {:?}, the file {:?}", problem, file),
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn link_encoding_round_trips(list in actions()) {
        let text = encode_actions(&list);
        prop_assert!(text.chars().all(|c| c.is_ascii_alphanumeric() || "._~-".contains(c)), "URL-safe: {}", text);
        prop_assert_eq!(decode_actions(&text, &ActionLimits::nodes(NODES)).unwrap(), list);
    }

    #[test]
    fn run_files_round_trip(list in actions(), seed in any::<u64>(), digest in any::<u64>()) {
        let settings = Params(vec![("nodes".to_string(), NODES.to_string())]);
        let file = RunFile::new("sandbox", &settings, seed, list, Some(digest));
        let again = RunFile::from_json(&file.to_json(), "sandbox").unwrap();
        prop_assert_eq!(again, file);
    }

    #[test]
    fn a_sandbox_link_and_file_go_through_one_validation(
        settings in settings_map(&["nodes", "variant", "lat", "loss", "dup"]),
        seed in any::<u64>(),
        list in risky_actions(),
    ) {
        link_and_file_agree(SandboxScenario, &settings, seed, &list)?;
    }

    #[test]
    fn a_failures_link_and_file_go_through_one_validation(
        settings in settings_map(&["preset", "nodes", "thr", "timeout", "lat", "loss", "dup"]),
        seed in any::<u64>(),
        list in risky_actions(),
    ) {
        link_and_file_agree(FailuresScenario, &settings, seed, &list)?;
    }

    /// The link the app writes for a run reads back as that run, and so does its file.
    #[test]
    fn what_the_app_writes_reads_back(seed in any::<u64>(), nodes in 2u32..=8, broken in any::<bool>()) {
        let settings_link = Params(vec![
            ("nodes".into(), nodes.to_string()),
            ("variant".into(), if broken { "broken" } else { "correct" }.into()),
            ("seed".into(), seed.to_string()),
        ]);
        let (spec, problems) = read_run(&SandboxScenario, &settings_link, &[]);
        prop_assert!(problems.is_empty());
        let (again, problems) = read_run(&SandboxScenario, &write_run(&SandboxScenario, &spec), &[]);
        prop_assert!(problems.is_empty());
        prop_assert_eq!(&again, &spec);
        let file = RunFile::new("sandbox", &settings_params(&SandboxScenario, &spec.settings, &spec.network), seed, spec.actions.clone(), None);
        let from_file = read_file(&SandboxScenario, &RunFile::from_json(&file.to_json(), "sandbox").unwrap()).unwrap();
        prop_assert_eq!(from_file, spec);
    }

    #[test]
    fn link_decoder_never_panics(text in ".{0,200}") {
        let _ = decode_actions(&text, &ActionLimits::nodes(NODES));
    }

    #[test]
    fn link_decoder_never_panics_on_near_misses(text in "[crspxhdulnjkq0-9._~-]{0,80}") {
        let _ = decode_actions(&text, &ActionLimits::nodes(NODES));
    }

    #[test]
    fn file_decoder_never_panics(text in ".{0,300}") {
        let _ = import(&text);
    }

    #[test]
    fn file_decoder_never_panics_on_bytes(bytes in prop::collection::vec(any::<u8>(), 0..300)) {
        let _ = import(&String::from_utf8_lossy(&bytes));
    }
}

/// What the app does with a dropped file on the sandbox panel.
fn import(text: &str) -> Result<(), ShareError> {
    let file = RunFile::from_json(text, "sandbox")?;
    read_file(&SandboxScenario, &file).map(|_| ())
}

fn four_nodes() -> Params {
    Params(vec![("nodes".to_string(), "4".to_string())])
}

#[test]
fn a_file_of_an_unknown_version_is_refused_with_a_message() {
    let mut file = RunFile::new("sandbox", &four_nodes(), 1, Vec::new(), None);
    file.schema_version = 99;
    let error = RunFile::from_json(&file.to_json(), "sandbox").unwrap_err();
    assert_eq!(
        error,
        ShareError::UnknownVersion {
            found: 99,
            supported: 2
        }
    );
    assert!(error.to_string().contains("99"));
}

#[test]
fn a_version_1_file_is_read_and_its_network_becomes_link_settings() {
    let text = r#"{"format":"distlab-run","schema_version":1,"panel":"sandbox","settings":{"nodes":"3","variant":"broken","network":"{\"latency_ms_min\":20,\"latency_ms_max\":80,\"loss_probability\":0.1,\"duplicate_probability\":0.05,\"links\":[]}"},"seed":9,"actions":[]}"#;
    let file = RunFile::from_json(text, "sandbox").unwrap();
    assert_eq!(file.schema_version, 2);
    assert_eq!(file.settings.get("lat").map(String::as_str), Some("20-80"));
    let spec = read_file(&SandboxScenario, &file).unwrap();
    assert_eq!(spec.network.loss_probability, 0.1);
    assert_eq!(spec.settings.nodes, 3);
}

#[test]
fn wrong_shapes_and_absurd_values_are_refused() {
    let cases = [
        ("{\"format\":\"distlab-run\",\"schema_version\":2}", "missing field"),
        ("[1,2,3]", "not a distlab run"),
        ("not json at all", "not a valid run file"),
        (
            "{\"format\":\"distlab-run\",\"schema_version\":2,\"panel\":\"sandbox\",\"settings\":{\"nodes\":\"4\"},\"seed\":1,\"actions\":[{\"at_ms\":5,\"action\":{\"type\":\"crash\",\"node\":40}}]}",
            "n40",
        ),
        (
            "{\"format\":\"distlab-run\",\"schema_version\":2,\"panel\":\"sandbox\",\"settings\":{\"nodes\":\"4\"},\"seed\":1,\"actions\":[{\"at_ms\":99999999999,\"action\":{\"type\":\"heal\"}}]}",
            "limit",
        ),
        (
            "{\"format\":\"distlab-run\",\"schema_version\":2,\"panel\":\"ring\",\"settings\":{},\"seed\":1,\"actions\":[]}",
            "“ring” panel",
        ),
        // The run-file path used to skip the link's checks: 12 nodes in a sandbox whose maximum is 8.
        (
            "{\"format\":\"distlab-run\",\"schema_version\":2,\"panel\":\"sandbox\",\"settings\":{\"nodes\":\"12\"},\"seed\":1,\"actions\":[]}",
            "outside 2–8",
        ),
        (
            "{\"format\":\"distlab-run\",\"schema_version\":2,\"panel\":\"sandbox\",\"settings\":{\"lat\":\"10-99999\"},\"seed\":1,\"actions\":[]}",
            "lat",
        ),
    ];
    for (text, expected) in cases {
        let error = import(text).unwrap_err();
        assert!(error.to_string().contains(expected), "{text}: {error}");
    }
    // thr=nan used to parse; now a file is refused as the link reports it.
    let nan = "{\"format\":\"distlab-run\",\"schema_version\":2,\"panel\":\"failures\",\"settings\":{\"thr\":\"nan\"},\"seed\":1,\"actions\":[]}";
    let error = read_file(
        &FailuresScenario,
        &RunFile::from_json(nan, "failures").unwrap(),
    )
    .unwrap_err();
    assert!(
        matches!(&error, ShareError::NotANumber { param, .. } if param == "thr"),
        "{error}"
    );
}

/// A file whose probabilities have all 17 significant digits (or more) is read at the share link's precision
/// (parts per million), then exports and reads back equal. Read as written, serde_json's default float
/// parsing is one ulp off for about one such value in ten: `0.112907741606880774` read as
/// 0.11290774160688077, exported as that, and read back as 0.11290774160688076 (found writing the run-file
/// fuzz target).
#[test]
fn long_probabilities_survive_import_export_import() {
    let text = "{\"format\":\"distlab-run\",\"schema_version\":2,\"panel\":\"sandbox\",\"settings\":{\"nodes\":\"4\"},\"seed\":1,\"actions\":[{\"at_ms\":5,\"action\":{\"type\":\"set-network\",\"network\":{\"latency_ms_min\":1,\"latency_ms_max\":2,\"loss_probability\":0.112907741606880774,\"duplicate_probability\":0.99414142341399347,\"links\":[]}}}]}";
    let file = RunFile::from_json(text, "sandbox").unwrap();
    let Action::SetNetwork { network } = &file.actions[0].action else {
        panic!("not a network action: {:?}", file.actions[0]);
    };
    assert_eq!(network.loss_probability, 0.112908);
    assert_eq!(network.duplicate_probability, 0.994141);
    let again = RunFile::from_json(&file.to_json(), "sandbox").unwrap();
    assert_eq!(again, file);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Any probability: read from a file, it is within half a millionth of what was written, and from then
    /// on export and import change nothing; the share link of the imported run carries it exactly.
    #[test]
    fn any_probability_survives_a_run_file(loss in 0.0f64..=1.0, dup in 0.0f64..=1.0) {
        let network = NetworkConfig {
            latency_ms_min: 1,
            latency_ms_max: 2,
            loss_probability: loss,
            duplicate_probability: dup,
            links: Vec::new(),
        };
        let list = vec![ScheduledAction { at_ms: 5, action: Action::SetNetwork { network } }];
        let file = RunFile::new("sandbox", &four_nodes(), 1, list, None);
        let read = RunFile::from_json(&file.to_json(), "sandbox").unwrap();
        let Action::SetNetwork { network: read_network } = &read.actions[0].action else {
            panic!("not a network action");
        };
        prop_assert!((read_network.loss_probability - loss).abs() <= 0.5e-6);
        prop_assert!((read_network.duplicate_probability - dup).abs() <= 0.5e-6);
        let again = RunFile::from_json(&read.to_json(), "sandbox").unwrap();
        prop_assert_eq!(&again, &read);
        let link = encode_actions(&read.actions);
        prop_assert_eq!(decode_actions(&link, &ActionLimits::nodes(4)).unwrap(), read.actions);
    }
}

#[test]
fn an_action_is_read_from_its_flat_json_form_and_must_have_its_fields() {
    let file = |action: &str| {
        format!(
            "{{\"format\":\"distlab-run\",\"schema_version\":2,\"panel\":\"sandbox\",\"settings\":{{\"nodes\":\"4\"}},\"seed\":1,\"actions\":[{{\"at_ms\":5,\"action\":{action}}}]}}"
        )
    };
    let read = RunFile::from_json(
        &file("{\"type\":\"pause\",\"duration_ms\":300,\"node\":2,\"note\":\"ignored\"}"),
        "sandbox",
    )
    .unwrap();
    assert_eq!(
        read.actions[0].action,
        Action::Pause {
            node: NodeId(2),
            duration_ms: 300
        }
    );
    let jump = RunFile::from_json(
        &file("{\"type\":\"clock-jump\",\"node\":1,\"jump_ms\":-250}"),
        "sandbox",
    )
    .unwrap();
    assert_eq!(
        jump.actions[0].action,
        Action::ClockJump {
            node: NodeId(1),
            jump_ms: -250
        }
    );
    for (action, expected) in [
        (
            "{\"type\":\"pause\",\"node\":2}",
            "missing field `duration_ms`",
        ),
        (
            "{\"type\":\"delay-message\",\"by_ms\":3}",
            "missing field `msg`",
        ),
        (
            "{\"type\":\"command\",\"node\":1}",
            "missing field `command`",
        ),
        ("{\"type\":\"explode\"}", "unknown variant `explode`"),
        ("{\"node\":1}", "missing field `type`"),
    ] {
        let error = RunFile::from_json(&file(action), "sandbox").unwrap_err();
        assert!(error.to_string().contains(expected), "{action}: {error}");
    }
    // A command is refused by a panel that takes none, in the same words as in a link.
    let command = RunFile::from_json(
        &file("{\"type\":\"command\",\"node\":1,\"command\":{\"code\":\"acquire\"}}"),
        "sandbox",
    )
    .unwrap();
    let error = read_file(&SandboxScenario, &command).unwrap_err();
    let (_, problems) = read_run(
        &SandboxScenario,
        &Params(vec![
            ("nodes".into(), "4".into()),
            ("a".into(), "k1.5.acquire".into()),
        ]),
        &[],
    );
    assert_eq!(problems, vec![error.clone()]);
    assert!(
        matches!(error, ShareError::UnknownCommand { .. }),
        "{error}"
    );
}
