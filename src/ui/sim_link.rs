//! The link parameters every simulated panel shares: the network (`lat=10-50`, `loss` and `dup` in %) and
//! the fault actions (`a=`, see `core::share`).
use crate::core::share::{decode_actions, encode_actions};
use crate::core::sim::{NetworkConfig, ScheduledAction};
use crate::ui::route::{ParamReader, UrlProblem};
use crate::ui::url::HashUrl;

/// Largest latency a link may ask for, in ms.
const LATENCY_MS_LINK_MAX: u64 = 5_000;

/// The network the link describes, starting from the panel's default.
pub fn read_network(reader: &mut ParamReader<'_>, defaults: &NetworkConfig) -> NetworkConfig {
    let mut network = defaults.clone();
    if let Some(range) = reader.raw("lat") {
        let parsed = range
            .split_once('-')
            .and_then(|(a, b)| Some((a.parse::<u64>().ok()?, b.parse::<u64>().ok()?)))
            .filter(|(a, b)| a <= b && *b <= LATENCY_MS_LINK_MAX);
        match parsed {
            Some((min, max)) => {
                network.latency_ms_min = min;
                network.latency_ms_max = max;
            }
            None => reader.problem(UrlProblem::BadEntry {
                param: "lat".into(),
                value: range.to_string(),
                reason: format!(
                    "expected min-max in ms, e.g. 10-50 (at most {LATENCY_MS_LINK_MAX})"
                ),
            }),
        }
    }
    let percent = |p: f64| (p * 100.0).round() as u64;
    network.loss_probability =
        reader.u64_in("loss", 0, 100, percent(network.loss_probability)) as f64 / 100.0;
    network.duplicate_probability =
        reader.u64_in("dup", 0, 100, percent(network.duplicate_probability)) as f64 / 100.0;
    network
}

/// Writes the network into the link.
pub fn write_network(url: &mut HashUrl, network: &NetworkConfig) {
    let percent = |p: f64| ((p * 100.0).round() as u64).to_string();
    url.set(
        "lat",
        Some(format!(
            "{}-{}",
            network.latency_ms_min, network.latency_ms_max
        )),
    );
    url.set("loss", Some(percent(network.loss_probability)));
    url.set("dup", Some(percent(network.duplicate_probability)));
}

/// The link's fault actions, if it has `a=` (an unusable list is reported and read as none).
pub fn read_actions(reader: &mut ParamReader<'_>, node_count: u32) -> Option<Vec<ScheduledAction>> {
    let text = reader.raw("a")?;
    Some(decode_actions(text, node_count).unwrap_or_else(|error| {
        reader.problem(UrlProblem::BadEntry {
            param: "a".into(),
            value: text.chars().take(60).collect(),
            reason: error.to_string(),
        });
        Vec::new()
    }))
}

/// Writes the fault actions (`None` removes `a=`).
pub fn write_actions(url: &mut HashUrl, actions: Option<&[ScheduledAction]>) {
    url.set("a", actions.map(encode_actions));
}
