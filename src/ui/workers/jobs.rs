//! What a worker does with a request, written without the browser so that native tests run it: find the
//! panel's scenario in the registry, read the run file as an import would, run the job to its end and report
//! on the way. The worker's wasm glue ([`super::worker_side`]) only supplies the clock and `postMessage`.
use crate::core::scenario::{AnyRunSpec, CheckStatus, CheckVerdict, DynScenario};
use crate::core::share::RunFile;
use crate::core::sim::{ExploreProgress, ScheduledAction};
use crate::ui::panels::{PanelKind, PANELS};

use super::protocol::{CheckViolation, ExploreFound, Report, Request};

/// How often a worker reports progress, in wall-clock ms.
const PROGRESS_EVERY_MS: f64 = 100.0;
/// States a check explores between two looks at the clock.
const CHECK_BATCH_STATES: u32 = 500;

/// Runs `request` to its end; `post` receives the reports, `now_ms` reads a wall clock.
pub fn run_request(request: &Request, post: &mut dyn FnMut(Report), now_ms: &dyn Fn() -> f64) {
    let result = match request {
        Request::Check { panel, run } => check(panel, run, post, now_ms),
        Request::Explore {
            panel,
            run,
            stripe,
            stripes,
            runs_max,
        } => explore(panel, run, *stripe, *stripes, *runs_max, post, now_ms),
    };
    if let Err(reason) = result {
        post(Report::Failed { reason });
    }
}

/// The simulated panel `slug`'s scenario.
pub fn scenario_of(slug: &str) -> Result<&'static dyn DynScenario, String> {
    PANELS
        .iter()
        .find_map(|entry| match &entry.kind {
            PanelKind::Simulated(spec) if entry.slug == slug => {
                Some(spec.scenario as &'static dyn DynScenario)
            }
            _ => None,
        })
        .ok_or_else(|| format!("no simulated panel {slug}"))
}

/// The panel's scenario and the run a run file holds, read as an imported file is.
fn read_run(slug: &str, text: &str) -> Result<(&'static dyn DynScenario, AnyRunSpec), String> {
    let scenario = scenario_of(slug)?;
    let spec = read_result(scenario, text)?;
    Ok((scenario, spec))
}

/// A run file of `scenario` with `spec`'s settings and `actions` on the default network.
fn run_file(
    scenario: &dyn DynScenario,
    spec: &AnyRunSpec,
    seed: u64,
    actions: Vec<ScheduledAction>,
) -> String {
    let run = AnyRunSpec {
        settings: spec.settings.clone(),
        network: scenario.default_network(&spec.settings),
        seed: Some(seed),
        actions,
    };
    RunFile::new(
        scenario.slug(),
        &scenario.file_settings(&run),
        seed,
        run.actions.clone(),
        None,
    )
    .to_json()
}

fn check(
    slug: &str,
    text: &str,
    post: &mut dyn FnMut(Report),
    now_ms: &dyn Fn() -> f64,
) -> Result<(), String> {
    let (scenario, spec) = read_run(slug, text)?;
    let seed = spec.seed.unwrap_or(0);
    let mut job = scenario
        .check_job(&spec.settings)
        .ok_or("this panel has no check for these settings")?;
    let mut reported_ms = now_ms();
    loop {
        match job.run_batch(CHECK_BATCH_STATES) {
            CheckStatus::Running {
                distinct_states,
                max_depth,
            } => {
                if now_ms() - reported_ms >= PROGRESS_EVERY_MS {
                    reported_ms = now_ms();
                    post(Report::CheckProgress {
                        states: distinct_states,
                        depth: max_depth,
                    });
                }
            }
            CheckStatus::Done(summary) => {
                let violation = match summary.verdict {
                    CheckVerdict::AllSatisfy => None,
                    CheckVerdict::Violation {
                        property,
                        steps,
                        settings,
                        actions,
                    } => Some(CheckViolation {
                        property,
                        steps,
                        run: run_file(
                            scenario,
                            &AnyRunSpec {
                                settings,
                                ..spec.clone()
                            },
                            seed,
                            actions,
                        ),
                    }),
                };
                post(Report::CheckDone {
                    states: summary.distinct_states,
                    depth: summary.max_depth,
                    counted: summary.counted,
                    violation,
                });
                return Ok(());
            }
        }
    }
}

fn explore(
    slug: &str,
    text: &str,
    stripe: u64,
    stripes: u64,
    runs_max: u64,
    post: &mut dyn FnMut(Report),
    now_ms: &dyn Fn() -> f64,
) -> Result<(), String> {
    let (scenario, spec) = read_run(slug, text)?;
    let first_seed = spec.seed.unwrap_or(0);
    let (mut job, _) = scenario
        .explorer(&spec.settings, first_seed)
        .ok_or("this panel has no explorer")?;
    job.take_stripe(stripe, stripes);
    let mut reported_ms = now_ms();
    let mut shrinking = false;
    loop {
        let index = job.next_seed().wrapping_sub(first_seed);
        if !shrinking && index >= runs_max {
            post(Report::ExploreDone {
                runs: job.runs_done(),
                found: None,
            });
            return Ok(());
        }
        match job.run_batch(1) {
            ExploreProgress::Found(found) => {
                post(Report::ExploreDone {
                    runs: job.runs_done(),
                    found: Some(ExploreFound {
                        run: run_file(scenario, &spec, found.seed, found.actions),
                        actions_found: found.actions_found,
                    }),
                });
                return Ok(());
            }
            ExploreProgress::Shrinking {
                runs_done,
                actions_now,
                seed,
            } => {
                // The first word of a find goes out at once: the page stops the searches it makes moot.
                if !shrinking || now_ms() - reported_ms >= PROGRESS_EVERY_MS {
                    shrinking = true;
                    reported_ms = now_ms();
                    post(Report::ExploreShrinking {
                        runs: runs_done,
                        seed,
                        actions: actions_now,
                    });
                }
            }
            ExploreProgress::Searching { runs_done } => {
                if now_ms() - reported_ms >= PROGRESS_EVERY_MS {
                    reported_ms = now_ms();
                    post(Report::ExploreProgress {
                        runs: runs_done,
                        next_seed: job.next_seed(),
                    });
                }
            }
        }
    }
}

/// Reads a run file of `scenario` (a request's, or a result a worker sent back), as an import would.
pub fn read_result(scenario: &dyn DynScenario, text: &str) -> Result<AnyRunSpec, String> {
    RunFile::from_json(text, scenario.slug())
        .and_then(|file| scenario.read_file(&file))
        .map_err(|e| e.to_string())
}

/// A request's run file: the panel's settings (on its default network) and the seed.
pub fn request_run(scenario: &dyn DynScenario, spec: &AnyRunSpec, seed: u64) -> String {
    run_file(scenario, spec, seed, Vec::new())
}
