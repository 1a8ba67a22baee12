//! The phi accrual failure detector (Hayashibara, Défago, Yared and Katayama, 2004), as Akka and Cassandra
//! use it.
//!
//! Instead of a yes/no answer it gives a suspicion level φ that keeps growing while a peer is silent:
//! φ = −log10(P_later(t − t_last)), where P_later is the probability that a heartbeat arrives later than
//! the current silence, assuming inter-arrival times are normally distributed with the mean and standard
//! deviation of a sliding window of recent intervals. φ = 1 means a 10 % chance of being wrong, φ = 2 1 %,
//! φ = 8 one chance in 10⁸.
//!
//! P_later uses the logistic approximation of the normal tail that Akka uses
//! (`1 / (1 + e^(y·(1.5976 + 0.070566·y²)))`, error below 1.4·10⁻⁴), so
//! φ = log10(1 + e^a) with a = y·(1.5976 + 0.070566·y²) and y = (silence − mean) / std. We evaluate that
//! softplus in a numerically stable form with `libm::exp` and `libm::log1p` only: the result is the same bit
//! for bit natively and in wasm32, and it never overflows to infinity (Akka's direct form does after long
//! silences).
use crate::sim::TimeMs;
use serde::{Deserialize, Serialize};
use std::collections::VecDeque;

/// Which φ computation an observer runs: the real one, or a named broken one for the false-suspicion
/// checker to catch.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PhiVariant {
    /// Mean and standard deviation of the window, deviation floored at the configured minimum.
    Standard,
    /// Broken on purpose: always uses the minimum deviation, as if the network never jittered, so any
    /// latency spike or lost heartbeat looks like a crash.
    IgnoresVariance,
}

/// The parameters of a phi detector, shared by all peers of one observer.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct PhiSettings {
    /// Suspect once φ reaches this.
    pub threshold: f64,
    /// How many intervals the sliding window keeps.
    pub window: u32,
    /// Floor of the standard deviation.
    pub min_std_dev_ms: TimeMs,
    /// Added to the mean before computing φ: pauses up to about this long are tolerated.
    pub acceptable_pause_ms: TimeMs,
    /// The expected heartbeat interval, used to bootstrap the window before real samples arrive.
    pub expected_interval_ms: TimeMs,
    /// Correct or deliberately broken.
    pub variant: PhiVariant,
}

/// φ for a silence of `silence_ms` when intervals have mean `mean_ms` and deviation `std_dev_ms`.
///
/// Monotonically increasing in `silence_ms`, close to 0 for a silence much shorter than the mean, finite
/// for every finite input. Pure `libm`, so deterministic across targets. `std_dev_ms` must be above 0.
pub fn phi(silence_ms: f64, mean_ms: f64, std_dev_ms: f64) -> f64 {
    let y = (silence_ms - mean_ms) / std_dev_ms;
    let a = y * (1.5976 + 0.070566 * y * y);
    // log10(1 + e^a), rearranged for large a so that e^a cannot overflow.
    let natural = if a > 0.0 {
        a + libm::log1p(libm::exp(-a))
    } else {
        libm::log1p(libm::exp(a))
    };
    natural / core::f64::consts::LN_10
}

/// The silence after which φ reaches `threshold` for this mean and deviation (bisection on [`phi`]); tells
/// a student "with these samples, a crash is suspected after this long".
pub fn silence_for_phi_ms(threshold: f64, mean_ms: f64, std_dev_ms: f64) -> f64 {
    let mut low = mean_ms - 100.0 * std_dev_ms;
    let mut high = mean_ms + std_dev_ms;
    while phi(high, mean_ms, std_dev_ms) < threshold {
        high += (high - low).max(1.0);
    }
    for _ in 0..200 {
        let middle = 0.5 * (low + high);
        if phi(middle, mean_ms, std_dev_ms) < threshold {
            low = middle;
        } else {
            high = middle;
        }
    }
    high
}

/// One observer's phi accrual detector for one peer: the last arrival and a sliding window of intervals.
///
/// Drive it with [`PhiAccrual::heartbeat`] on every arrival; read [`PhiAccrual::phi`] or
/// [`PhiAccrual::is_suspect`] at any time (time is an argument). Sums are kept as exact integers, so the
/// mean and variance do not drift however long the run.
#[derive(Clone, Debug, PartialEq)]
pub struct PhiAccrual {
    settings: PhiSettings,
    intervals_ms: VecDeque<TimeMs>,
    sum_ms: u64,
    sum_squares_ms2: u128,
    /// The last heartbeat's arrival; `None` until the first one.
    last_arrival_ms: Option<TimeMs>,
    /// When watching began: the silence is measured from here until the first heartbeat, so a peer that is
    /// never heard from is suspected too.
    watching_since_ms: TimeMs,
}

impl PhiAccrual {
    /// Starts watching at `watching_since_ms`. Like Akka, the window is bootstrapped with two samples,
    /// interval ± interval/4, so φ behaves sensibly before real samples arrive; real intervals push them out.
    pub fn new(settings: PhiSettings, watching_since_ms: TimeMs) -> Self {
        let mut detector = Self {
            settings,
            intervals_ms: VecDeque::new(),
            sum_ms: 0,
            sum_squares_ms2: 0,
            last_arrival_ms: None,
            watching_since_ms,
        };
        let expected_ms = settings.expected_interval_ms;
        let spread_ms = expected_ms / 4;
        detector.push_interval(expected_ms.saturating_sub(spread_ms));
        detector.push_interval(expected_ms.saturating_add(spread_ms));
        detector
    }

    /// Records a heartbeat arriving at `now_ms`: the interval since the previous one joins the window (the
    /// first heartbeat only sets the reference, as the time before it is not an interval).
    pub fn heartbeat(&mut self, now_ms: TimeMs) {
        if let Some(last_ms) = self.last_arrival_ms {
            if now_ms < last_ms {
                return;
            }
            self.push_interval(now_ms - last_ms);
        }
        self.last_arrival_ms = Some(now_ms);
    }

    fn push_interval(&mut self, interval_ms: TimeMs) {
        let capacity = self.settings.window.max(1) as u64;
        while self.intervals_ms.len() as u64 >= capacity {
            if let Some(old_ms) = self.intervals_ms.pop_front() {
                self.sum_ms -= old_ms;
                self.sum_squares_ms2 -= u128::from(old_ms) * u128::from(old_ms);
            }
        }
        self.intervals_ms.push_back(interval_ms);
        self.sum_ms += interval_ms;
        self.sum_squares_ms2 += u128::from(interval_ms) * u128::from(interval_ms);
    }

    /// The settings this detector runs with.
    pub fn settings(&self) -> PhiSettings {
        self.settings
    }

    /// Number of intervals in the window (bootstrap samples included).
    pub fn sample_count(&self) -> u32 {
        self.intervals_ms.len() as u32
    }

    /// Mean of the window's intervals.
    pub fn mean_ms(&self) -> f64 {
        let count = self.intervals_ms.len() as u64;
        if count == 0 {
            return self.settings.expected_interval_ms as f64;
        }
        self.sum_ms as f64 / count as f64
    }

    /// Population standard deviation of the window's intervals, before the floor.
    pub fn window_std_dev_ms(&self) -> f64 {
        let count = self.intervals_ms.len() as u128;
        if count == 0 {
            return 0.0;
        }
        // n²·variance = n·Σx² − (Σx)², exact in integers; only the final division and root are floats.
        let sum = u128::from(self.sum_ms);
        let scaled = (count * self.sum_squares_ms2).saturating_sub(sum * sum);
        (scaled as f64 / (count * count) as f64).sqrt()
    }

    /// The deviation φ uses: the window's, floored (or only the floor, for the broken variant).
    pub fn std_dev_ms(&self) -> f64 {
        let floor_ms = self.settings.min_std_dev_ms.max(1) as f64;
        match self.settings.variant {
            PhiVariant::Standard => self.window_std_dev_ms().max(floor_ms),
            PhiVariant::IgnoresVariance => floor_ms,
        }
    }

    /// How long the peer has been silent at `now_ms`.
    pub fn silence_ms(&self, now_ms: TimeMs) -> TimeMs {
        now_ms.saturating_sub(self.last_arrival_ms.unwrap_or(self.watching_since_ms))
    }

    /// φ at `now_ms`: about 0 right after a heartbeat, rising while none arrives.
    pub fn phi(&self, now_ms: TimeMs) -> f64 {
        let mean_ms = self.mean_ms() + self.settings.acceptable_pause_ms as f64;
        phi(self.silence_ms(now_ms) as f64, mean_ms, self.std_dev_ms())
    }

    /// True once φ has reached the threshold.
    pub fn is_suspect(&self, now_ms: TimeMs) -> bool {
        self.phi(now_ms) >= self.settings.threshold
    }

    /// The silence at which this detector would start suspecting, given its current window.
    pub fn suspect_after_ms(&self) -> f64 {
        let mean_ms = self.mean_ms() + self.settings.acceptable_pause_ms as f64;
        silence_for_phi_ms(self.settings.threshold, mean_ms, self.std_dev_ms())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(variant: PhiVariant) -> PhiSettings {
        PhiSettings {
            threshold: 8.0,
            window: 4,
            min_std_dev_ms: 10,
            acceptable_pause_ms: 0,
            expected_interval_ms: 100,
            variant,
        }
    }

    #[test]
    fn bootstrap_is_the_expected_interval_plus_or_minus_a_quarter() {
        let detector = PhiAccrual::new(settings(PhiVariant::Standard), 0);
        assert_eq!(detector.sample_count(), 2);
        assert_eq!(detector.mean_ms(), 100.0);
        assert_eq!(detector.window_std_dev_ms(), 25.0);
    }

    #[test]
    fn the_window_slides_and_keeps_exact_sums() {
        let mut detector = PhiAccrual::new(settings(PhiVariant::Standard), 0);
        for arrival_ms in [0, 100, 200, 300, 400] {
            detector.heartbeat(arrival_ms);
        }
        assert_eq!(detector.sample_count(), 4);
        assert_eq!(detector.mean_ms(), 100.0);
        assert_eq!(detector.window_std_dev_ms(), 0.0);
        assert_eq!(detector.std_dev_ms(), 10.0);
    }

    #[test]
    fn ignoring_variance_uses_the_floor() {
        let mut detector = PhiAccrual::new(settings(PhiVariant::IgnoresVariance), 0);
        for arrival_ms in [0, 50, 250, 300] {
            detector.heartbeat(arrival_ms);
        }
        assert!(detector.window_std_dev_ms() > 10.0);
        assert_eq!(detector.std_dev_ms(), 10.0);
    }

    #[test]
    fn phi_is_finite_after_a_very_long_silence() {
        let value = phi(1.0e9, 100.0, 10.0);
        assert!(value.is_finite() && value > 1.0e6);
    }

    #[test]
    fn silence_for_phi_inverts_phi() {
        let silence_ms = silence_for_phi_ms(8.0, 200.0, 20.0);
        assert!((phi(silence_ms, 200.0, 20.0) - 8.0).abs() < 1e-9);
    }
}
