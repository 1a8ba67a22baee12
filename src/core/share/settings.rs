//! The one settings codec: a run's settings as named text values, read the same way whether they come from
//! a share link (`#/sandbox?nodes=4&variant=broken&seed=7&a=c1.250`) or from a run file's `settings`.
//!
//! Reading never fails: a value that cannot be used becomes a [`ShareError`] and its fallback is used. A
//! link shows those problems and runs with the fallbacks; a file is refused on the first one, with the
//! same message. So what a link refuses, a file refuses, and in the same words.
use super::actions_code::{decode_actions, encode_actions};
use super::error::ShareError;
use super::limits::ActionLimits;
use crate::sim::{NetworkConfig, ScheduledAction, LATENCY_MS_MAX};

/// Named text values in order, as a link's query or a run file's settings hold them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Params(pub Vec<(String, String)>);

impl Params {
    /// The first value of `key`.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// Every value of a repeated `key`, in order.
    pub fn get_all(&self, key: &str) -> Vec<&str> {
        self.0
            .iter()
            .filter(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
            .collect()
    }

    /// Sets `key` to one value (replacing every old one in place of the first), or removes it.
    pub fn set(&mut self, key: &str, value: Option<String>) {
        let values: Vec<String> = value.into_iter().collect();
        self.set_all(key, &values);
    }

    /// Replaces every value of `key` with `values`, where the first old one was (or at the end).
    pub fn set_all(&mut self, key: &str, values: &[String]) {
        let at = self
            .0
            .iter()
            .position(|(k, _)| k == key)
            .unwrap_or(self.0.len());
        self.0.retain(|(k, _)| k != key);
        let at = at.min(self.0.len());
        for (offset, value) in values.iter().enumerate() {
            self.0.insert(at + offset, (key.to_string(), value.clone()));
        }
    }

    /// The keys, in order (repeats included).
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(|(k, _)| k.as_str())
    }
}

/// The parameters every simulated run has besides its panel's own: seed, network and actions.
pub const RUN_PARAMS: [&str; 5] = ["seed", "lat", "loss", "dup", "a"];

/// A setting's number as a problem shows it (a decimal without Rust's float printer: see
/// [`crate::decimal`]).
trait SettingNumber: Copy {
    fn text(self) -> String;
}

impl SettingNumber for u64 {
    fn text(self) -> String {
        self.to_string()
    }
}

impl SettingNumber for f64 {
    fn text(self) -> String {
        crate::decimal::shortest(self)
    }
}

/// Reads typed settings from [`Params`], collecting problems instead of failing.
pub struct SettingsReader<'a> {
    params: &'a Params,
    problems: Vec<ShareError>,
    known: Vec<&'a str>,
}

impl<'a> SettingsReader<'a> {
    /// A reader of `params`.
    pub fn new(params: &'a Params) -> Self {
        SettingsReader {
            params,
            problems: Vec::new(),
            known: Vec::new(),
        }
    }

    /// A whole number in `min..=max`, or `fallback` with a problem recorded.
    pub fn u64_in(&mut self, param: &'static str, min: u64, max: u64, fallback: u64) -> u64 {
        self.known.push(param);
        let Some(raw) = self.params.get(param) else {
            return fallback;
        };
        match raw.trim().parse::<u64>() {
            Ok(value) if (min..=max).contains(&value) => value,
            Ok(_) => self.out_of_range(param, raw, min, max, fallback),
            Err(_) => self.not_a_number(param, raw, fallback),
        }
    }

    /// A whole number that may be absent (absent is fine, malformed is a problem).
    pub fn optional_u64(&mut self, param: &'static str) -> Option<u64> {
        self.known.push(param);
        let raw = self.params.get(param)?;
        match raw.trim().parse::<u64>() {
            Ok(value) => Some(value),
            Err(_) => {
                self.problems.push(ShareError::NotANumber {
                    param: param.to_string(),
                    value: clip(raw),
                    fallback: "—".to_string(),
                });
                None
            }
        }
    }

    /// A number in `min..=max` (decimals allowed), or `fallback` with a problem recorded.
    pub fn f64_in(&mut self, param: &'static str, min: f64, max: f64, fallback: f64) -> f64 {
        self.known.push(param);
        let Some(raw) = self.params.get(param) else {
            return fallback;
        };
        match parse_decimal(raw.trim()) {
            Ok(value) if value.is_finite() && (min..=max).contains(&value) => value,
            Ok(_) => self.out_of_range(param, raw, min, max, fallback),
            Err(_) => self.not_a_number(param, raw, fallback),
        }
    }

    /// One of `codes` (returned as its index), or `fallback` with a problem recorded.
    pub fn choice(&mut self, param: &'static str, codes: &[&str], fallback: usize) -> usize {
        self.known.push(param);
        let Some(raw) = self.params.get(param) else {
            return fallback;
        };
        match codes.iter().position(|c| *c == raw.trim()) {
            Some(index) => index,
            None => {
                self.problems.push(ShareError::UnknownChoice {
                    param: param.to_string(),
                    value: clip(raw),
                    choices: codes.join(", "),
                    fallback: codes.get(fallback).copied().unwrap_or("").to_string(),
                });
                fallback
            }
        }
    }

    /// Every value of a repeated parameter.
    pub fn all(&mut self, param: &'static str) -> Vec<&'a str> {
        self.known.push(param);
        self.params.get_all(param)
    }

    /// A value the caller checks itself; `None` when absent.
    pub fn raw(&mut self, param: &'static str) -> Option<&'a str> {
        self.known.push(param);
        self.params.get(param)
    }

    /// Records a problem found by the caller.
    pub fn problem(&mut self, problem: ShareError) {
        self.problems.push(problem);
    }

    /// The problems found, plus one for every parameter nobody asked for and that is not in `also_known`
    /// (a link's `lang` and `embed`, which the app reads).
    pub fn finish(mut self, also_known: &[&str]) -> Vec<ShareError> {
        let mut reported: Vec<&str> = Vec::new();
        for key in self.params.keys() {
            if !self.known.contains(&key) && !also_known.contains(&key) && !reported.contains(&key)
            {
                reported.push(key);
                self.problems
                    .push(ShareError::UnknownParam { param: clip(key) });
            }
        }
        self.problems
    }

    fn out_of_range<T: SettingNumber>(
        &mut self,
        param: &str,
        raw: &str,
        min: T,
        max: T,
        fallback: T,
    ) -> T {
        self.problems.push(ShareError::SettingOutOfRange {
            param: param.to_string(),
            value: clip(raw),
            min: min.text(),
            max: max.text(),
            fallback: fallback.text(),
        });
        fallback
    }

    fn not_a_number<T: SettingNumber>(&mut self, param: &str, raw: &str, fallback: T) -> T {
        self.problems.push(ShareError::NotANumber {
            param: param.to_string(),
            value: clip(raw),
            fallback: fallback.text(),
        });
        fallback
    }
}

/// Reads a decimal number as JSON writes one (`8`, `8.5`, `1e-3`; not `nan`, `inf`, `.5` or `+1`). The
/// app has one float reader, serde_json's, already there for run files: `str::parse::<f64>` would add a
/// second one with a 10 kB table to the WebAssembly.
fn parse_decimal(text: &str) -> Result<f64, ()> {
    serde_json::from_str::<f64>(text).map_err(|_| ())
}

/// At most 60 characters of a value go into a message.
fn clip(text: &str) -> String {
    text.chars().take(60).collect()
}

/// Reads the network: `lat=min-max` in ms and `loss`, `dup` in whole percent, over the scenario's default
/// (whose per-link overrides are kept).
pub fn read_network(reader: &mut SettingsReader<'_>, defaults: &NetworkConfig) -> NetworkConfig {
    let mut network = defaults.clone();
    if let Some(range) = reader.raw("lat") {
        let parsed = range
            .split_once('-')
            .and_then(|(a, b)| Some((a.trim().parse::<u64>().ok()?, b.trim().parse::<u64>().ok()?)))
            .filter(|(a, b)| a <= b && *b <= LATENCY_MS_MAX);
        match parsed {
            Some((min, max)) => {
                network.latency_ms_min = min;
                network.latency_ms_max = max;
            }
            None => reader.problem(ShareError::BadSetting {
                param: "lat".into(),
                value: clip(range),
                reason: format!("expected min-max in ms, e.g. 10-50 (at most {LATENCY_MS_MAX})"),
            }),
        }
    }
    network.loss_probability =
        reader.u64_in("loss", 0, 100, percent(network.loss_probability)) as f64 / 100.0;
    network.duplicate_probability =
        reader.u64_in("dup", 0, 100, percent(network.duplicate_probability)) as f64 / 100.0;
    network
}

fn percent(probability: f64) -> u64 {
    (probability.clamp(0.0, 1.0) * 100.0).round() as u64
}

/// Writes the network as [`read_network`] reads it.
pub fn write_network(params: &mut Params, network: &NetworkConfig) {
    params.set(
        "lat",
        Some(format!(
            "{}-{}",
            network.latency_ms_min, network.latency_ms_max
        )),
    );
    params.set("loss", Some(percent(network.loss_probability).to_string()));
    params.set(
        "dup",
        Some(percent(network.duplicate_probability).to_string()),
    );
}

/// Reads `a=`, the run's actions, if present; an unusable list is a problem and reads as `fallback`.
pub fn read_actions(
    reader: &mut SettingsReader<'_>,
    limits: &ActionLimits<'_>,
    fallback: Vec<ScheduledAction>,
) -> Vec<ScheduledAction> {
    let Some(text) = reader.raw("a") else {
        return fallback;
    };
    match decode_actions(text, limits) {
        Ok(actions) => actions,
        Err(error) => {
            reader.problem(error);
            fallback
        }
    }
}

/// Writes `a=` (`None` removes it).
pub fn write_actions(params: &mut Params, actions: Option<&[ScheduledAction]>) {
    params.set("a", actions.map(encode_actions));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(pairs: &[(&str, &str)]) -> Params {
        Params(
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        )
    }

    #[test]
    fn bad_values_fall_back_with_a_problem_and_unknown_keys_are_named() {
        let link = params(&[
            ("seed", "abc"),
            ("nodes", "99"),
            ("zzz", "1"),
            ("lang", "en"),
        ]);
        let mut reader = SettingsReader::new(&link);
        assert_eq!(reader.u64_in("nodes", 2, 8, 4), 4);
        assert_eq!(reader.optional_u64("seed"), None);
        let problems = reader.finish(&["lang"]);
        assert_eq!(problems.len(), 3, "{problems:?}");
        assert!(
            matches!(&problems[0], ShareError::SettingOutOfRange { param, .. } if param == "nodes")
        );
        assert!(matches!(&problems[1], ShareError::NotANumber { param, .. } if param == "seed"));
        assert_eq!(
            problems[2],
            ShareError::UnknownParam {
                param: "zzz".into()
            }
        );
    }

    #[test]
    fn the_network_reads_over_its_defaults_and_writes_back() {
        let defaults = NetworkConfig::default();
        let link = params(&[("lat", "5-80"), ("loss", "10"), ("dup", "250")]);
        let mut reader = SettingsReader::new(&link);
        let network = read_network(&mut reader, &defaults);
        assert_eq!((network.latency_ms_min, network.latency_ms_max), (5, 80));
        assert_eq!(network.loss_probability, 0.1);
        assert_eq!(network.duplicate_probability, 0.0, "250 % falls back");
        assert_eq!(reader.finish(&[]).len(), 1);
        let mut written = Params::default();
        write_network(&mut written, &network);
        let mut again = SettingsReader::new(&written);
        assert_eq!(read_network(&mut again, &defaults), network);
        let too_slow = params(&[("lat", "10-99999")]);
        let mut reader = SettingsReader::new(&too_slow);
        assert_eq!(read_network(&mut reader, &defaults), defaults);
        assert!(
            matches!(&reader.finish(&[])[0], ShareError::BadSetting { param, .. } if param == "lat")
        );
    }

    #[test]
    fn decimals_read_as_json_writes_them() {
        for (text, value) in [("8", 8.0), ("8.5", 8.5), ("1e-3", 0.001), ("-2.25", -2.25)] {
            assert_eq!(parse_decimal(text), Ok(value), "{text}");
        }
        for text in ["nan", "inf", ".5", "+1", "8,5", "", "1 2", "0x10"] {
            assert!(parse_decimal(text).is_err(), "{text}");
        }
        let link = params(&[("thr", "nan"), ("eps", "0.05")]);
        let mut reader = SettingsReader::new(&link);
        assert_eq!(reader.f64_in("thr", 1.0, 16.0, 8.0), 8.0);
        assert_eq!(reader.f64_in("eps", 0.0, 1.0, 0.1), 0.05);
        assert!(
            matches!(&reader.finish(&[])[0], ShareError::NotANumber { param, .. } if param == "thr")
        );
    }

    #[test]
    fn params_set_in_place() {
        let mut p = params(&[("a", "1"), ("b", "2"), ("a", "3")]);
        p.set("a", Some("9".into()));
        assert_eq!(p, params(&[("a", "9"), ("b", "2")]));
        p.set("b", None);
        p.set("c", Some("4".into()));
        assert_eq!(p, params(&[("a", "9"), ("c", "4")]));
    }
}
