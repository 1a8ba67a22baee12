//! The run-file importer (`RunFile::from_json`) on arbitrary bytes: reading never panics, and a file it
//! accepts is within the limits, exports to JSON that reads back equal, and its actions make a share link
//! that reads back as the same actions (the app writes an imported run's actions into the address).
#![no_main]

use std::collections::BTreeMap;

use distlab_core::share::{decode_actions, encode_actions, validate_actions, RunFile};
use libfuzzer_sys::fuzz_target;

const PANEL: &str = "sandbox";
const NODES_MAX: u32 = 12;

/// As the app reads a file's node count (`node_count_of` in `src/ui/components/share.rs`).
fn node_count_of(settings: &BTreeMap<String, String>) -> Result<u32, String> {
    match settings.get("nodes") {
        None => Ok(NODES_MAX),
        Some(text) => match text.parse::<u32>() {
            Ok(n) if (2..=NODES_MAX).contains(&n) => Ok(n),
            _ => Err(format!("nodes = {text:?}")),
        },
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(file) = RunFile::from_json(text, PANEL, node_count_of) else {
        return;
    };
    let nodes = node_count_of(&file.settings).expect("an accepted file has a node count");
    validate_actions(&file.actions, nodes).expect("an accepted file is within the limits");
    let json = file.to_json();
    let again = RunFile::from_json(&json, PANEL, node_count_of)
        .unwrap_or_else(|error| panic!("the exported file does not read back: {error}\n{json}"));
    assert_eq!(again, file, "{json}");
    let link = encode_actions(&file.actions);
    let from_link = decode_actions(&link, nodes).unwrap_or_else(|error| {
        panic!("the file's actions make an unreadable link {link:?}: {error}")
    });
    // The link carries the same run (probabilities were read at the link's precision).
    assert_eq!(from_link, file.actions, "{link}");
});
