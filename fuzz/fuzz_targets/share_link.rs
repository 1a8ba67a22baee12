//! The share-link action codec (`a=` in a link) on arbitrary bytes: decoding never panics, and whatever it
//! accepts re-encodes to a URL-safe link that decodes to the same actions (and encodes to the same text).
#![no_main]

use distlab_core::share::{decode_actions, encode_actions, validate_actions};
use libfuzzer_sys::fuzz_target;

/// The most nodes a run has (the import's limit, `FILE_NODES_MAX` in `src/ui/components/share.rs`).
const NODES: u32 = 12;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(actions) = decode_actions(text, NODES) else {
        return;
    };
    validate_actions(&actions, NODES).expect("decoded actions are within the limits");
    let link = encode_actions(&actions);
    assert!(
        link.chars()
            .all(|c| c.is_ascii_alphanumeric() || "._~-".contains(c)),
        "not URL-safe: {link:?}"
    );
    let again = decode_actions(&link, NODES)
        .unwrap_or_else(|error| panic!("re-encoded {link:?} does not decode: {error}"));
    assert_eq!(again, actions, "{text:?} -> {link:?}");
    assert_eq!(encode_actions(&again), link);
});
