//! Share links and run files: every run round-trips, and no input makes a decoder panic.
use std::collections::BTreeMap;

use distlab_core::share::{decode_actions, encode_actions, RunFile, ShareError};
use distlab_core::sim::{FaultAction, LinkOverride, MsgId, NetworkConfig, NodeId, ScheduledAction};
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

fn action() -> impl Strategy<Value = FaultAction> {
    prop_oneof![
        node().prop_map(|node| FaultAction::Crash { node }),
        node().prop_map(|node| FaultAction::Recover { node }),
        node().prop_map(|node| FaultAction::Restart { node }),
        (node(), 0u64..100_000)
            .prop_map(|(node, duration_ms)| FaultAction::Pause { node, duration_ms }),
        prop::collection::vec(prop::collection::vec(node(), 1..4), 1..4)
            .prop_map(|groups| FaultAction::Partition { groups }),
        Just(FaultAction::Heal),
        any::<u32>().prop_map(|m| FaultAction::DropMessage {
            msg: MsgId(m.into())
        }),
        any::<u32>().prop_map(|m| FaultAction::DuplicateMessage {
            msg: MsgId(m.into())
        }),
        (any::<u32>(), 0u64..100_000).prop_map(|(m, by_ms)| FaultAction::DelayMessage {
            msg: MsgId(m.into()),
            by_ms
        }),
        network().prop_map(|network| FaultAction::SetNetwork { network }),
    ]
}

fn actions() -> impl Strategy<Value = Vec<ScheduledAction>> {
    prop::collection::vec(
        (0u64..1_000_000, action()).prop_map(|(at_ms, action)| ScheduledAction { at_ms, action }),
        0..30,
    )
}

fn node_count(settings: &BTreeMap<String, String>) -> Result<u32, String> {
    settings
        .get("nodes")
        .and_then(|n| n.parse().ok())
        .filter(|n| (2..=NODES).contains(n))
        .ok_or_else(|| "missing or out of range".to_string())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn link_encoding_round_trips(list in actions()) {
        let text = encode_actions(&list);
        prop_assert!(text.chars().all(|c| c.is_ascii_alphanumeric() || "._~-".contains(c)), "URL-safe: {}", text);
        prop_assert_eq!(decode_actions(&text, NODES).unwrap(), list);
    }

    #[test]
    fn run_files_round_trip(list in actions(), seed in any::<u64>(), digest in any::<u64>()) {
        let settings = BTreeMap::from([("nodes".to_string(), NODES.to_string())]);
        let file = RunFile::new("sandbox", settings, seed, list, Some(digest));
        let again = RunFile::from_json(&file.to_json(), "sandbox", node_count).unwrap();
        prop_assert_eq!(again, file);
    }

    #[test]
    fn link_decoder_never_panics(text in ".{0,200}") {
        let _ = decode_actions(&text, NODES);
    }

    #[test]
    fn link_decoder_never_panics_on_near_misses(text in "[crspxhdulnq0-9._~-]{0,80}") {
        let _ = decode_actions(&text, NODES);
    }

    #[test]
    fn file_decoder_never_panics(text in ".{0,300}") {
        let _ = RunFile::from_json(&text, "sandbox", node_count);
    }

    #[test]
    fn file_decoder_never_panics_on_bytes(bytes in prop::collection::vec(any::<u8>(), 0..300)) {
        let _ = RunFile::from_json(&String::from_utf8_lossy(&bytes), "sandbox", node_count);
    }
}

fn settings() -> BTreeMap<String, String> {
    BTreeMap::from([("nodes".to_string(), "4".to_string())])
}

#[test]
fn a_file_of_an_unknown_version_is_refused_with_a_message() {
    let mut file = RunFile::new("sandbox", settings(), 1, Vec::new(), None);
    file.schema_version = 99;
    let error = RunFile::from_json(&file.to_json(), "sandbox", node_count).unwrap_err();
    assert_eq!(
        error,
        ShareError::UnknownVersion {
            found: 99,
            supported: 1
        }
    );
    assert!(error.to_string().contains("99"));
}

#[test]
fn wrong_shapes_and_absurd_values_are_refused() {
    let cases = [
        ("{\"format\":\"distlab-run\",\"schema_version\":1}", "missing field"),
        ("[1,2,3]", "not a distlab run"),
        ("not json at all", "not a valid run file"),
        (
            "{\"format\":\"distlab-run\",\"schema_version\":1,\"panel\":\"sandbox\",\"settings\":{\"nodes\":\"4\"},\"seed\":1,\"actions\":[{\"at_ms\":5,\"action\":{\"type\":\"crash\",\"node\":40}}]}",
            "n40",
        ),
        (
            "{\"format\":\"distlab-run\",\"schema_version\":1,\"panel\":\"sandbox\",\"settings\":{\"nodes\":\"4\"},\"seed\":1,\"actions\":[{\"at_ms\":99999999999,\"action\":{\"type\":\"heal\"}}]}",
            "limit",
        ),
        (
            "{\"format\":\"distlab-run\",\"schema_version\":1,\"panel\":\"ring\",\"settings\":{},\"seed\":1,\"actions\":[]}",
            "“ring” panel",
        ),
    ];
    for (text, expected) in cases {
        let error = RunFile::from_json(text, "sandbox", node_count).unwrap_err();
        assert!(error.to_string().contains(expected), "{text}: {error}");
    }
}

/// A file whose probabilities have all 17 significant digits (or more) is read at the share link's precision
/// (parts per million), then exports and reads back equal. Read as written, serde_json's default float
/// parsing is one ulp off for about one such value in ten: `0.112907741606880774` read as
/// 0.11290774160688077, exported as that, and read back as 0.11290774160688076 (found writing the run-file
/// fuzz target).
#[test]
fn long_probabilities_survive_import_export_import() {
    let text = "{\"format\":\"distlab-run\",\"schema_version\":1,\"panel\":\"sandbox\",\"settings\":{\"nodes\":\"4\"},\"seed\":1,\"actions\":[{\"at_ms\":5,\"action\":{\"type\":\"set-network\",\"network\":{\"latency_ms_min\":1,\"latency_ms_max\":2,\"loss_probability\":0.112907741606880774,\"duplicate_probability\":0.99414142341399347,\"links\":[]}}}]}";
    let file = RunFile::from_json(text, "sandbox", node_count).unwrap();
    let FaultAction::SetNetwork { network } = &file.actions[0].action else {
        panic!("not a network action: {:?}", file.actions[0]);
    };
    assert_eq!(network.loss_probability, 0.112908);
    assert_eq!(network.duplicate_probability, 0.994141);
    let again = RunFile::from_json(&file.to_json(), "sandbox", node_count).unwrap();
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
        let list = vec![ScheduledAction { at_ms: 5, action: FaultAction::SetNetwork { network } }];
        let file = RunFile::new("sandbox", settings(), 1, list, None);
        let read = RunFile::from_json(&file.to_json(), "sandbox", node_count).unwrap();
        let FaultAction::SetNetwork { network: read_network } = &read.actions[0].action else {
            panic!("not a network action");
        };
        prop_assert!((read_network.loss_probability - loss).abs() <= 0.5e-6);
        prop_assert!((read_network.duplicate_probability - dup).abs() <= 0.5e-6);
        let again = RunFile::from_json(&read.to_json(), "sandbox", node_count).unwrap();
        prop_assert_eq!(&again, &read);
        let link = encode_actions(&read.actions);
        prop_assert_eq!(decode_actions(&link, 4).unwrap(), read.actions);
    }
}

#[test]
fn a_fault_is_read_from_its_flat_json_form_and_must_have_its_fields() {
    let file = |action: &str| {
        format!(
            "{{\"format\":\"distlab-run\",\"schema_version\":1,\"panel\":\"sandbox\",\"settings\":{{\"nodes\":\"4\"}},\"seed\":1,\"actions\":[{{\"at_ms\":5,\"action\":{action}}}]}}"
        )
    };
    let read = RunFile::from_json(
        &file("{\"type\":\"pause\",\"duration_ms\":300,\"node\":2,\"note\":\"ignored\"}"),
        "sandbox",
        node_count,
    )
    .unwrap();
    assert_eq!(
        read.actions[0].action,
        FaultAction::Pause {
            node: NodeId(2),
            duration_ms: 300
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
        ("{\"type\":\"explode\"}", "unknown variant `explode`"),
        ("{\"node\":1}", "missing field `type`"),
    ] {
        let error = RunFile::from_json(&file(action), "sandbox", node_count).unwrap_err();
        assert!(error.to_string().contains(expected), "{action}: {error}");
    }
}
