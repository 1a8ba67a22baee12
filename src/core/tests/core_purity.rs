//! Architecture Invariant: `src/core` names no web crate and reads no clock, so it is pure and deterministic
//! on every target. This test reads the sources and names the file and line of any breach.
use std::path::{Path, PathBuf};

/// Identifiers `src/core` must not use (outside comments).
const BANNED: [&str; 9] = [
    "yew",
    "web_sys",
    "gloo",
    "wasm_bindgen",
    "js_sys",
    "Instant",
    "SystemTime",
    "HashMap",
    "HashSet",
];

/// Every banned identifier in `source`, as `(line number, name)`. Comments are skipped so prose may mention
/// what the code must not use; matching is by whole identifier, so `eyewitness` is fine.
fn breaches(source: &str) -> Vec<(usize, &'static str)> {
    let mut found = Vec::new();
    for (index, line) in source.lines().enumerate() {
        let code = line.split("//").next().unwrap_or("");
        for word in code.split(|c: char| !(c.is_alphanumeric() || c == '_')) {
            if let Some(name) = BANNED.iter().find(|b| **b == word) {
                found.push((index + 1, *name));
            }
        }
        if code.contains("std::time") {
            found.push((index + 1, "std::time"));
        }
    }
    found
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .expect("readable dir")
        .flatten()
        .map(|e| e.path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn core_names_no_web_crate_and_reads_no_clock() {
    // The crate's own source: everything beside Cargo.toml except its tests and benchmarks.
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    rust_files(root, &mut files);
    files.retain(|file| {
        let inside = file.strip_prefix(root).unwrap_or(file);
        !(inside.starts_with("tests") || inside.starts_with("benches"))
    });
    assert!(
        files.len() > 5,
        "found only {} files under {}",
        files.len(),
        root.display()
    );
    let mut report = Vec::new();
    for file in files {
        let source = std::fs::read_to_string(&file).expect("utf-8 source");
        for (line, name) in breaches(&source) {
            report.push(format!("{}:{line}: uses `{name}`", file.display()));
        }
    }
    assert!(
        report.is_empty(),
        "src/core must stay pure:\n{}",
        report.join("\n")
    );
}

#[test]
fn the_scanner_catches_breaches_and_ignores_prose() {
    let bad = "use std::collections::HashMap;\nfn f() {}\nlet t = std::time::Instant::now(); // tick\nuse yew::prelude::*;";
    assert_eq!(
        breaches(bad),
        vec![(1, "HashMap"), (3, "Instant"), (3, "std::time"), (4, "yew")]
    );
    assert!(
        breaches("// no yew, web_sys or Instant here\n/// nor HashSet\nlet eyewitness = 1;")
            .is_empty()
    );
}
