//! What an observer concludes about a peer, and the two detectors by name.
use crate::sim::TimeMs;
use serde::{Deserialize, Serialize};

/// The two detectors every node runs side by side on the same heartbeats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Detector {
    /// Suspect after `timeout_ms` without a heartbeat.
    FixedTimeout,
    /// Suspect once φ reaches `phi_threshold`.
    PhiAccrual,
}

impl Detector {
    /// Both detectors, in display order.
    pub const ALL: [Detector; 2] = [Detector::FixedTimeout, Detector::PhiAccrual];

    /// The detector's code in `data-detector` and its strings: `"timeout"` or `"phi"`.
    pub fn code(self) -> &'static str {
        match self {
            Detector::FixedTimeout => "timeout",
            Detector::PhiAccrual => "phi",
        }
    }
}

/// One observer's opinion of one peer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// Heartbeats arrive in time.
    Up,
    /// The detector fired: the peer might have failed.
    Suspected,
    /// Suspected continuously for `confirm_ms`: the observer acts as if the peer had failed.
    Down,
}

impl Verdict {
    /// The spelling in note fields and in `data-state`: `"up"`, `"suspected"`, `"down"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Up => "up",
            Verdict::Suspected => "suspected",
            Verdict::Down => "down",
        }
    }

    /// Reads [`Verdict::as_str`]'s spelling back; `None` for anything else.
    pub fn parse(text: &str) -> Option<Verdict> {
        match text {
            "up" => Some(Verdict::Up),
            "suspected" => Some(Verdict::Suspected),
            "down" => Some(Verdict::Down),
            _ => None,
        }
    }
}

/// A verdict with the time suspicion began, so "suspected for `confirm_ms`" can become "down".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Judgement {
    /// The current verdict.
    pub verdict: Verdict,
    /// When the current suspicion began (meaningless while up).
    pub suspected_since_ms: TimeMs,
}

impl Default for Judgement {
    /// Every peer starts up.
    fn default() -> Self {
        Self {
            verdict: Verdict::Up,
            suspected_since_ms: 0,
        }
    }
}

impl Judgement {
    /// Moves the verdict given whether the detector fires at `now_ms`; true when the verdict changed.
    ///
    /// Not firing means up; firing turns up into suspected, and suspected into down once it has lasted
    /// `confirm_ms`.
    pub fn update(&mut self, fires: bool, now_ms: TimeMs, confirm_ms: TimeMs) -> bool {
        let next = match (self.verdict, fires) {
            (_, false) => Verdict::Up,
            (Verdict::Up, true) => {
                self.suspected_since_ms = now_ms;
                if confirm_ms == 0 {
                    Verdict::Down
                } else {
                    Verdict::Suspected
                }
            }
            (Verdict::Suspected, true)
                if now_ms.saturating_sub(self.suspected_since_ms) >= confirm_ms =>
            {
                Verdict::Down
            }
            (verdict, true) => verdict,
        };
        let changed = next != self.verdict;
        self.verdict = next;
        changed
    }
}
