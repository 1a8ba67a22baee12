//! What the page and a worker say to each other: one JSON text per message, read with the app's one JSON
//! reader. Runs travel as run files ([`crate::core::share::RunFile`]), whose reader validates them as it
//! does an imported file. The enums are externally tagged (`{"check-done": {...}}`): serde reads an
//! internally tagged enum through a buffer of every value, which cost the app 10 kB more.
use serde::{Deserialize, Serialize};

/// A job for a worker.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Request {
    /// Check every state of the configuration the run's settings name.
    Check {
        /// The panel's slug.
        panel: String,
        /// A run file (JSON) of the panel's settings.
        run: String,
    },
    /// Search seeds `seed + stripe`, `seed + stripe + stripes`, ... below `seed + runs_max` for a failing run.
    Explore {
        panel: String,
        /// A run file (JSON) of the panel's settings and seed.
        run: String,
        stripe: u64,
        stripes: u64,
        runs_max: u64,
    },
}

/// What a worker reports, as it goes and at the end.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Report {
    CheckProgress {
        states: u64,
        depth: u32,
    },
    CheckDone {
        states: u64,
        depth: u32,
        counted: Option<u64>,
        violation: Option<CheckViolation>,
    },
    ExploreProgress {
        runs: u64,
        /// The next seed the worker would try: every seed of its stripe below it has passed.
        next_seed: u64,
    },
    /// A failing run was found at `seed` and is being shrunk.
    ExploreShrinking {
        runs: u64,
        seed: u64,
        actions: u32,
    },
    ExploreDone {
        runs: u64,
        found: Option<ExploreFound>,
    },
    /// The job could not run (a bad request, or a panic inside the worker).
    Failed {
        reason: String,
    },
}

/// A shortest violating path of a check.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CheckViolation {
    /// The broken property's legend code.
    pub property: String,
    pub steps: u32,
    /// The path as a run file: the check's settings and the path's actions.
    pub run: String,
}

/// The explorer's shrunk counterexample.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ExploreFound {
    /// The run file of the shrunk failing run (its seed and actions).
    pub run: String,
    /// Actions the failing run had when found, before shrinking.
    pub actions_found: u32,
}

impl Request {
    pub fn to_text(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    pub fn from_text(text: &str) -> Result<Request, String> {
        serde_json::from_str(text).map_err(|e| e.to_string())
    }
}

impl Report {
    pub fn to_text(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    pub fn from_text(text: &str) -> Result<Report, String> {
        serde_json::from_str(text).map_err(|e| e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_and_reports_read_back_as_written() {
        let request = Request::Explore {
            panel: "lock".into(),
            run: "{\"format\":\"distlab-run\"}".into(),
            stripe: 1,
            stripes: 3,
            runs_max: 10_000,
        };
        assert_eq!(Request::from_text(&request.to_text()), Ok(request));
        let report = Report::CheckDone {
            states: 9_301,
            depth: 40,
            counted: Some(893),
            violation: Some(CheckViolation {
                property: "atomicity".into(),
                steps: 12,
                run: "{}".into(),
            }),
        };
        assert_eq!(Report::from_text(&report.to_text()), Ok(report));
        assert!(Report::from_text("{\"launch-missiles\":{}}").is_err());
    }
}
