//! Node clocks: each node reads its own clock, which runs at its own rate and can be stepped, so leases,
//! Redlock's validity time and timestamp "versions" can be taught as they fail in practice.
//!
//! A clock shows `anchor_clock_ms + (t − anchor_true_ms) × (1 + drift_ppm / 10⁶)` at virtual time `t`; a jump
//! re-anchors it. All arithmetic is integer (rounded down when reading, up when asking "when will it show
//! L?"), so every target computes the same instants.
use super::ids::TimeMs;
use serde::{Deserialize, Serialize};

/// The largest drift a clock may have, either way: ±50 % keeps every clock moving forward.
pub const DRIFT_PPM_MAX: i32 = 500_000;

/// How a node's clock starts: its rate error and where it starts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClockSpec {
    /// Rate error in parts per million: 50,000 runs 5 % fast (1.05 ms per virtual ms), −20,000 2 % slow.
    /// Clamped to ±[`DRIFT_PPM_MAX`].
    pub drift_ppm: i32,
    /// What the clock shows at virtual time 0 (it may start ahead of or behind virtual time).
    pub offset_ms: i64,
}

impl ClockSpec {
    /// A clock that runs `drift_ppm` fast (negative: slow), starting in step with virtual time.
    pub fn drifting(drift_ppm: i32) -> Self {
        Self {
            drift_ppm,
            offset_ms: 0,
        }
    }
}

/// A running clock: its rate and the last point where it was set.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct NodeClock {
    rate_ppm: i64,
    anchor_true_ms: TimeMs,
    anchor_clock_ms: i64,
}

const PPM: i64 = 1_000_000;

impl NodeClock {
    pub fn new(spec: ClockSpec) -> Self {
        let drift = spec.drift_ppm.clamp(-DRIFT_PPM_MAX, DRIFT_PPM_MAX);
        Self {
            rate_ppm: PPM + i64::from(drift),
            anchor_true_ms: 0,
            anchor_clock_ms: spec.offset_ms,
        }
    }

    /// True when the clock shows virtual time itself (no drift, no offset): the common case, kept exact.
    pub fn is_exact(&self) -> bool {
        self.rate_ppm == PPM && self.anchor_clock_ms == self.anchor_true_ms as i64
    }

    /// What the clock shows at virtual time `true_ms` (at or after its anchor).
    pub fn reading_ms(&self, true_ms: TimeMs) -> i64 {
        let elapsed_ms = true_ms.saturating_sub(self.anchor_true_ms);
        if self.rate_ppm == PPM {
            // The common case, on every handler call: no 128-bit arithmetic for a clock without drift.
            let elapsed_ms = i64::try_from(elapsed_ms).unwrap_or(i64::MAX);
            return self.anchor_clock_ms.saturating_add(elapsed_ms);
        }
        let elapsed = i128::from(elapsed_ms);
        let advanced = elapsed * i128::from(self.rate_ppm) / i128::from(PPM);
        self.anchor_clock_ms
            .saturating_add(i64::try_from(advanced).unwrap_or(i64::MAX))
    }

    /// The reading as a node sees it: never below zero.
    pub fn shown_ms(&self, true_ms: TimeMs) -> TimeMs {
        self.reading_ms(true_ms).max(0) as TimeMs
    }

    /// The first virtual time at or after `now_ms` at which the clock shows at least `reading_ms`.
    pub fn true_time_of(&self, reading_ms: i64, now_ms: TimeMs) -> TimeMs {
        if self.reading_ms(now_ms) >= reading_ms {
            return now_ms;
        }
        let ahead = i128::from(reading_ms) - i128::from(self.anchor_clock_ms);
        let rate = i128::from(self.rate_ppm);
        // Ceiling division: the earliest whole millisecond at which the clock has got there.
        let elapsed = (ahead * i128::from(PPM) + rate - 1) / rate;
        let at = i128::from(self.anchor_true_ms) + elapsed;
        TimeMs::try_from(at).unwrap_or(TimeMs::MAX).max(now_ms)
    }

    /// Steps the clock by `jump_ms` at virtual time `now_ms`.
    pub fn jump(&mut self, now_ms: TimeMs, jump_ms: i64) {
        let reading = self.reading_ms(now_ms);
        self.anchor_true_ms = now_ms;
        self.anchor_clock_ms = reading.saturating_add(jump_ms);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_exact_clock_shows_virtual_time() {
        let clock = NodeClock::new(ClockSpec::default());
        assert!(clock.is_exact());
        for t in [0, 1, 999, 123_456] {
            assert_eq!(clock.reading_ms(t), t as i64);
            assert_eq!(clock.true_time_of(t as i64 + 25, t), t + 25);
        }
    }

    #[test]
    fn a_fast_clock_gets_there_sooner_and_a_jump_moves_it() {
        let mut clock = NodeClock::new(ClockSpec::drifting(50_000));
        assert_eq!(clock.reading_ms(1_000), 1_050);
        // 1,000 ms of this clock pass in 953 virtual ms (1000 / 1.05 = 952.4, rounded up).
        assert_eq!(clock.true_time_of(1_000, 0), 953);
        assert!(clock.reading_ms(953) >= 1_000 && clock.reading_ms(952) < 1_000);
        clock.jump(1_000, 500);
        assert_eq!(clock.reading_ms(1_000), 1_550);
        assert_eq!(clock.true_time_of(1_500, 1_000), 1_000, "already past");
        let mut slow = NodeClock::new(ClockSpec {
            drift_ppm: -500_000,
            offset_ms: -100,
        });
        assert_eq!(slow.shown_ms(100), 0, "a clock behind zero shows zero");
        assert_eq!(slow.true_time_of(0, 0), 200);
        slow.jump(200, -1_000);
        assert_eq!(slow.reading_ms(200), -1_000);
        assert_eq!(slow.true_time_of(-900, 200), 400);
    }
}
