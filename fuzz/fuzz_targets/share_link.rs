//! The share-link action codec (`a=` in a link) on arbitrary bytes: decoding never panics, and whatever it
//! accepts re-encodes to a URL-safe link that decodes to the same actions (and encodes to the same text).
#![no_main]

use distlab_core::share::{decode_actions, encode_actions, validate_actions, ActionLimits};
use distlab_core::sim::{CommandSpec, NodeRole};
use libfuzzer_sys::fuzz_target;

/// Twelve nodes (the most any panel has), half of them clients that take two commands.
const COMMANDS: &[CommandSpec] = &[
    CommandSpec {
        code: "acquire",
        target_role: "client",
        arg_max: None,
    },
    CommandSpec {
        code: "begin",
        target_role: "client",
        arg_max: Some(255),
    },
];

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let roles: Vec<NodeRole> = (0..12)
        .map(|n| NodeRole {
            node: distlab_core::sim::NodeId(n),
            role: if n % 2 == 0 { "service" } else { "client" },
            ordinal: n,
        })
        .collect();
    let limits = ActionLimits {
        node_count: 12,
        roles: &roles,
        commands: COMMANDS,
    };
    let Ok(actions) = decode_actions(text, &limits) else {
        return;
    };
    validate_actions(&actions, &limits).expect("decoded actions are within the limits");
    let link = encode_actions(&actions);
    assert!(
        link.chars()
            .all(|c| c.is_ascii_alphanumeric() || "._~-".contains(c)),
        "not URL-safe: {link:?}"
    );
    let again = decode_actions(&link, &limits)
        .unwrap_or_else(|error| panic!("re-encoded {link:?} does not decode: {error}"));
    assert_eq!(again, actions, "{text:?} -> {link:?}");
    assert_eq!(encode_actions(&again), link);
});
