//! Routes (`#/ring`, `#/failures`, ...) and the link parameters every view shares. Parsing never fails: a bad
//! parameter becomes a [`UrlProblem`] shown in the page, and the default is used.
use super::i18n::{fill, Lang, Texts};
use super::numbers;
use super::url::HashUrl;

/// The panels, in tab order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Panel {
    Sandbox,
    Ring,
    Failures,
    Lock,
    TwoPhaseCommit,
}

impl Panel {
    /// Every panel in tab order.
    pub const ALL: [Panel; 5] = [
        Panel::Sandbox,
        Panel::Ring,
        Panel::Failures,
        Panel::Lock,
        Panel::TwoPhaseCommit,
    ];

    /// The route path and test-id suffix: `#/ring`, `nav-ring`, `panel-ring`.
    pub fn slug(self) -> &'static str {
        match self {
            Panel::Sandbox => "sandbox",
            Panel::Ring => "ring",
            Panel::Failures => "failures",
            Panel::Lock => "lock",
            Panel::TwoPhaseCommit => "2pc",
        }
    }

    /// The tab's label.
    pub fn title(self, texts: &Texts) -> &'static str {
        match self {
            Panel::Sandbox => texts.nav_sandbox,
            Panel::Ring => texts.nav_ring,
            Panel::Failures => texts.nav_failures,
            Panel::Lock => texts.nav_lock,
            Panel::TwoPhaseCommit => texts.nav_2pc,
        }
    }

    fn from_slug(slug: &str) -> Option<Panel> {
        Panel::ALL.into_iter().find(|panel| panel.slug() == slug)
    }
}

/// Where the hash points.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Route {
    Panel(Panel),
    /// A path no panel has; the view links to the real ones.
    NotFound(String),
    /// `#/debug/panic` panics on render, so tests can prove the panic banner works.
    DebugPanic,
}

impl Route {
    /// The route for a hash path; the empty path is the first panel.
    pub fn from_path(path: &str) -> Route {
        if path.is_empty() {
            return Route::Panel(Panel::Sandbox);
        }
        if path == "debug/panic" {
            return Route::DebugPanic;
        }
        match Panel::from_slug(path) {
            Some(panel) => Route::Panel(panel),
            None => Route::NotFound(path.to_string()),
        }
    }
}

/// A link parameter that could not be used, and what was used instead.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum UrlProblem {
    NotANumber {
        param: String,
        value: String,
        fallback: String,
    },
    OutOfRange {
        param: String,
        value: String,
        min: String,
        max: String,
        fallback: String,
    },
    UnknownLang {
        value: String,
        fallback: Lang,
    },
    UnknownVariant {
        value: String,
    },
    UnknownChoice {
        param: String,
        value: String,
        choices: String,
        fallback: String,
    },
    BadEntry {
        param: String,
        value: String,
        reason: String,
    },
    UnknownParam {
        param: String,
    },
}

impl UrlProblem {
    /// The message shown in the page.
    pub fn message(&self, texts: &Texts) -> String {
        match self {
            UrlProblem::NotANumber {
                param,
                value,
                fallback,
            } => fill(
                texts.url_bad_number,
                &[("param", param), ("value", value), ("fallback", fallback)],
            ),
            UrlProblem::OutOfRange {
                param,
                value,
                min,
                max,
                fallback,
            } => fill(
                texts.url_out_of_range,
                &[
                    ("param", param),
                    ("value", value),
                    ("min", min),
                    ("max", max),
                    ("fallback", fallback),
                ],
            ),
            UrlProblem::UnknownLang { value, fallback } => fill(
                texts.url_bad_lang,
                &[("value", value), ("fallback", &fallback.code())],
            ),
            UrlProblem::UnknownVariant { value } => {
                fill(texts.url_bad_variant, &[("value", value)])
            }
            UrlProblem::UnknownChoice {
                param,
                value,
                choices,
                fallback,
            } => fill(
                texts.url_bad_choice,
                &[
                    ("param", param),
                    ("value", value),
                    ("choices", choices),
                    ("fallback", fallback),
                ],
            ),
            UrlProblem::BadEntry {
                param,
                value,
                reason,
            } => fill(
                texts.url_bad_entry,
                &[("param", param), ("value", value), ("reason", reason)],
            ),
            UrlProblem::UnknownParam { param } => {
                fill(texts.url_unknown_param, &[("param", param)])
            }
        }
    }
}

/// Parameters every view understands; panels add their own through [`ParamReader`].
pub const SHARED_PARAMS: [&str; 2] = ["lang", "embed"];

/// Reads typed parameters from a hash, collecting problems instead of failing.
pub struct ParamReader<'a> {
    url: &'a HashUrl,
    problems: Vec<UrlProblem>,
    known: Vec<&'static str>,
}

impl<'a> ParamReader<'a> {
    pub fn new(url: &'a HashUrl) -> Self {
        ParamReader {
            url,
            problems: Vec::new(),
            known: SHARED_PARAMS.to_vec(),
        }
    }

    /// An unsigned integer in `min..=max`, or `fallback` with a problem recorded.
    pub fn u64_in(&mut self, param: &'static str, min: u64, max: u64, fallback: u64) -> u64 {
        self.known.push(param);
        let Some(raw) = self.url.get(param) else {
            return fallback;
        };
        match raw.trim().parse::<u64>() {
            Ok(value) if (min..=max).contains(&value) => value,
            Ok(_) => {
                self.problems.push(UrlProblem::OutOfRange {
                    param: param.to_string(),
                    value: raw.to_string(),
                    min: min.to_string(),
                    max: max.to_string(),
                    fallback: fallback.to_string(),
                });
                fallback
            }
            Err(_) => {
                self.problems.push(UrlProblem::NotANumber {
                    param: param.to_string(),
                    value: raw.to_string(),
                    fallback: fallback.to_string(),
                });
                fallback
            }
        }
    }

    /// An optional unsigned integer (absent is fine, malformed is a problem).
    pub fn optional_u64(&mut self, param: &'static str) -> Option<u64> {
        self.known.push(param);
        let raw = self.url.get(param)?;
        match raw.trim().parse::<u64>() {
            Ok(value) => Some(value),
            Err(_) => {
                self.problems.push(UrlProblem::NotANumber {
                    param: param.to_string(),
                    value: raw.to_string(),
                    fallback: "—".to_string(),
                });
                None
            }
        }
    }

    /// A number in `min..=max` (decimals allowed), or `fallback` with a problem recorded.
    pub fn f64_in(&mut self, param: &'static str, min: f64, max: f64, fallback: f64) -> f64 {
        self.known.push(param);
        let Some(raw) = self.url.get(param) else {
            return fallback;
        };
        match numbers::parse_f64(raw.trim()) {
            Some(value) if value.is_finite() && (min..=max).contains(&value) => value,
            Some(_) => {
                self.problems.push(UrlProblem::OutOfRange {
                    param: param.to_string(),
                    value: raw.to_string(),
                    min: min.to_string(),
                    max: max.to_string(),
                    fallback: fallback.to_string(),
                });
                fallback
            }
            None => {
                self.problems.push(UrlProblem::NotANumber {
                    param: param.to_string(),
                    value: raw.to_string(),
                    fallback: fallback.to_string(),
                });
                fallback
            }
        }
    }

    /// One of a fixed set of words (returned as its index), or `fallback` with a problem recorded.
    pub fn choice(&mut self, param: &'static str, choices: &[&str], fallback: usize) -> usize {
        self.known.push(param);
        let Some(raw) = self.url.get(param) else {
            return fallback;
        };
        match choices.iter().position(|c| *c == raw.trim()) {
            Some(index) => index,
            None => {
                self.problems.push(UrlProblem::UnknownChoice {
                    param: param.to_string(),
                    value: raw.to_string(),
                    choices: choices.join(", "),
                    fallback: choices[fallback].to_string(),
                });
                fallback
            }
        }
    }

    /// Every value of a repeated parameter.
    pub fn all(&mut self, param: &'static str) -> Vec<&'a str> {
        self.known.push(param);
        self.url.get_all(param)
    }

    /// A string parameter checked by the caller; `None` when absent.
    pub fn raw(&mut self, param: &'static str) -> Option<&'a str> {
        self.known.push(param);
        self.url.get(param)
    }

    /// Records a problem found by the caller.
    pub fn problem(&mut self, problem: UrlProblem) {
        self.problems.push(problem);
    }

    /// The problems found, plus one for every parameter nobody asked for.
    pub fn finish(mut self) -> Vec<UrlProblem> {
        for (key, _) in &self.url.params {
            if !self.known.contains(&key.as_str())
                && !self
                    .problems
                    .iter()
                    .any(|p| matches!(p, UrlProblem::UnknownParam { param } if param == key))
            {
                self.problems
                    .push(UrlProblem::UnknownParam { param: key.clone() });
            }
        }
        self.problems
    }
}

/// The language asked for by the link, if any, with a problem when it is not one we speak.
pub fn lang_from_url(url: &HashUrl) -> (Option<Lang>, Option<UrlProblem>) {
    match url.get("lang") {
        None => (None, None),
        Some(code) => match Lang::from_code(code) {
            Some(lang) => (Some(lang), None),
            None => (
                None,
                Some(UrlProblem::UnknownLang {
                    value: code.to_string(),
                    fallback: Lang::En,
                }),
            ),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_resolve() {
        assert_eq!(Route::from_path(""), Route::Panel(Panel::Sandbox));
        assert_eq!(Route::from_path("2pc"), Route::Panel(Panel::TwoPhaseCommit));
        assert_eq!(Route::from_path("rng"), Route::NotFound("rng".into()));
    }

    #[test]
    fn bad_numbers_fall_back_with_a_problem() {
        let url = HashUrl::parse("#/sandbox?seed=abc&nodes=99&zzz=1");
        let mut reader = ParamReader::new(&url);
        assert_eq!(reader.u64_in("nodes", 2, 8, 4), 4);
        assert_eq!(reader.optional_u64("seed"), None);
        let problems = reader.finish();
        assert_eq!(problems.len(), 3, "{problems:?}");
        let text = problems[1].message(Lang::En.texts());
        assert!(text.contains("seed") && text.contains("abc"), "{text}");
        assert!(matches!(&problems[2], UrlProblem::UnknownParam { param } if param == "zzz"));
    }

    #[test]
    fn unknown_language_is_reported() {
        let url = HashUrl::parse("#/ring?lang=klingon");
        let (lang, problem) = lang_from_url(&url);
        assert_eq!(lang, None);
        assert!(problem.is_some());
        let (lang, problem) = lang_from_url(&HashUrl::parse("#/ring?lang=zh"));
        assert_eq!((lang, problem), (Some(Lang::ZhCn), None));
    }
}
