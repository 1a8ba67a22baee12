//! The run-file importer on arbitrary bytes, as the app runs it (`RunFile::from_json`, then the panel's
//! scenario reads its settings and actions with the link's codec): reading never panics, and a run it
//! accepts exports to JSON that reads back equal and makes a share link that reads back as the same run
//! with no problem (the app writes an imported run into the address).
#![no_main]

use distlab_core::detect::FailuresScenario;
use distlab_core::sandbox::SandboxScenario;
use distlab_core::scenario::{read_file, read_run, settings_params, write_run, Scenario};
use distlab_core::share::RunFile;
use libfuzzer_sys::fuzz_target;

fn check<S: Scenario>(scenario: S, text: &str) {
    let Ok(file) = RunFile::from_json(text, scenario.slug()) else {
        return;
    };
    let Ok(spec) = read_file(&scenario, &file) else {
        return;
    };
    let exported = RunFile::new(
        scenario.slug(),
        &settings_params(&scenario, &spec.settings, &spec.network),
        file.seed,
        spec.actions.clone(),
        None,
    );
    let json = exported.to_json();
    let again = RunFile::from_json(&json, scenario.slug())
        .ok()
        .and_then(|f| read_file(&scenario, &f).ok())
        .unwrap_or_else(|| panic!("the exported file does not read back\n{json}"));
    assert_eq!(again, spec, "{json}");
    let link = write_run(&scenario, &spec);
    let (from_link, problems) = read_run(&scenario, &link, &[]);
    assert!(problems.is_empty(), "{problems:?} in {link:?}");
    // The link carries the same run (probabilities were read at the link's precision).
    assert_eq!(from_link, spec, "{link:?}");
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    check(SandboxScenario, text);
    check(FailuresScenario, text);
});
