//! The network as plain data: latency ranges, loss, duplication and per-link overrides.
use super::ids::{NodeId, TimeMs};
use serde::{Deserialize, Serialize};

/// The largest one-way latency any network setting may have: ten seconds is far past anything a lesson
/// needs, and keeps a hand-edited link from making a run of hours.
pub const LATENCY_MS_MAX: TimeMs = 10_000;
/// The most per-link overrides a network may have.
pub const LINK_OVERRIDES_MAX: u32 = 256;

/// What is wrong with a network setting: which value, what it is, and its limit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NetworkProblem {
    /// The setting, e.g. `"latency"`, `"link n1 -> n2 loss probability"`.
    pub what: String,
    /// Its value.
    pub value: String,
    /// The limit it breaks.
    pub limit: String,
}

/// How the simulated network treats messages; changed mid-run with `Action::SetNetwork`.
///
/// Partitions are not part of this struct: they are one-off actions (`Partition`, `Heal`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NetworkConfig {
    /// Smallest one-way latency; each message draws uniformly from `latency_ms_min..=latency_ms_max`.
    pub latency_ms_min: TimeMs,
    /// Largest one-way latency (inclusive).
    pub latency_ms_max: TimeMs,
    /// Chance that a message is lost, decided when it is sent (0.0..=1.0).
    pub loss_probability: f64,
    /// Chance that a message is delivered twice, decided when it is sent (0.0..=1.0).
    pub duplicate_probability: f64,
    /// Per directed link overrides of latency and loss; the first matching entry wins.
    pub links: Vec<LinkOverride>,
}

/// Latency and loss for one directed link `from -> to`, replacing the defaults of [`NetworkConfig`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LinkOverride {
    /// Sending node.
    pub from: NodeId,
    /// Receiving node.
    pub to: NodeId,
    /// Smallest latency on this link.
    pub latency_ms_min: TimeMs,
    /// Largest latency on this link (inclusive).
    pub latency_ms_max: TimeMs,
    /// Chance that a message on this link is lost.
    pub loss_probability: f64,
}

/// The effective parameters for one send, after applying overrides.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct LinkParams {
    pub latency_ms_min: TimeMs,
    pub latency_ms_max: TimeMs,
    pub loss_probability: f64,
}

impl Default for NetworkConfig {
    /// A calm LAN-like network: 10..=50 ms, nothing lost or duplicated.
    fn default() -> Self {
        Self {
            latency_ms_min: 10,
            latency_ms_max: 50,
            loss_probability: 0.0,
            duplicate_probability: 0.0,
            links: Vec::new(),
        }
    }
}

impl NetworkConfig {
    /// Checks the config against the limits every part of the app shares (the link, the run file, the
    /// network sliders). The kernel never panics on an invalid config (it swaps reversed ranges and treats
    /// probabilities outside 0..=1 as 0 or 1), but input from a person is checked here first.
    pub fn check(&self) -> Result<(), NetworkProblem> {
        check_latency("latency", self.latency_ms_min, self.latency_ms_max)?;
        check_probability("loss probability", self.loss_probability)?;
        check_probability("duplication probability", self.duplicate_probability)?;
        if self.links.len() as u64 > u64::from(LINK_OVERRIDES_MAX) {
            return Err(NetworkProblem {
                what: "link overrides".into(),
                value: self.links.len().to_string(),
                limit: LINK_OVERRIDES_MAX.to_string(),
            });
        }
        for link in &self.links {
            let place = format!("link {} -> {}", link.from, link.to);
            check_latency(
                &format!("{place} latency"),
                link.latency_ms_min,
                link.latency_ms_max,
            )?;
            check_probability(&format!("{place} loss probability"), link.loss_probability)?;
        }
        Ok(())
    }

    /// [`NetworkConfig::check`] as a sentence.
    pub fn validate(&self) -> Result<(), String> {
        self.check()
            .map_err(|p| format!("{} is {}, past the limit of {}", p.what, p.value, p.limit))
    }

    /// The parameters that apply to a message from `from` to `to`.
    pub(crate) fn link_params(&self, from: NodeId, to: NodeId) -> LinkParams {
        match self.links.iter().find(|l| l.from == from && l.to == to) {
            Some(link) => LinkParams {
                latency_ms_min: link.latency_ms_min,
                latency_ms_max: link.latency_ms_max,
                loss_probability: link.loss_probability,
            },
            None => LinkParams {
                latency_ms_min: self.latency_ms_min,
                latency_ms_max: self.latency_ms_max,
                loss_probability: self.loss_probability,
            },
        }
    }
}

fn check_latency(what: &str, min_ms: TimeMs, max_ms: TimeMs) -> Result<(), NetworkProblem> {
    if max_ms > LATENCY_MS_MAX {
        return Err(NetworkProblem {
            what: what.to_string(),
            value: format!("{max_ms} ms"),
            limit: format!("{LATENCY_MS_MAX} ms"),
        });
    }
    if min_ms > max_ms {
        return Err(NetworkProblem {
            what: format!("{what} minimum"),
            value: format!("{min_ms} ms"),
            limit: format!("the maximum, {max_ms} ms"),
        });
    }
    Ok(())
}

fn check_probability(what: &str, probability: f64) -> Result<(), NetworkProblem> {
    if !(probability.is_finite() && (0.0..=1.0).contains(&probability)) {
        return Err(NetworkProblem {
            what: what.to_string(),
            value: crate::decimal::shortest(probability),
            limit: "0–1".to_string(),
        });
    }
    Ok(())
}

impl std::hash::Hash for NetworkConfig {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.latency_ms_min.hash(state);
        self.latency_ms_max.hash(state);
        crate::stable_hash::hash_f64(self.loss_probability, state);
        crate::stable_hash::hash_f64(self.duplicate_probability, state);
        self.links.hash(state);
    }
}

impl std::hash::Hash for LinkOverride {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.from.hash(state);
        self.to.hash(state);
        self.latency_ms_min.hash(state);
        self.latency_ms_max.hash(state);
        crate::stable_hash::hash_f64(self.loss_probability, state);
    }
}
