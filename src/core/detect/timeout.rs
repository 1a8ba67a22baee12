//! The fixed-timeout detector: suspect a peer after a set time without a heartbeat.
use crate::sim::TimeMs;

/// One observer's fixed-timeout detector for one peer: it only remembers the last arrival.
///
/// Drive it with [`FixedTimeout::heartbeat`] on every arrival and ask [`FixedTimeout::is_suspect`] at any
/// time; time is always an argument, never read from a clock.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FixedTimeout {
    timeout_ms: TimeMs,
    /// The last heartbeat's arrival, or the time watching began before the first one, so a peer that is
    /// never heard from is suspected too.
    last_arrival_ms: TimeMs,
}

impl FixedTimeout {
    /// Starts watching at `watching_since_ms` as if a heartbeat had just arrived.
    pub fn new(timeout_ms: TimeMs, watching_since_ms: TimeMs) -> Self {
        Self {
            timeout_ms,
            last_arrival_ms: watching_since_ms,
        }
    }

    /// Records a heartbeat arriving at `now_ms`.
    pub fn heartbeat(&mut self, now_ms: TimeMs) {
        self.last_arrival_ms = self.last_arrival_ms.max(now_ms);
    }

    /// How long the peer has been silent at `now_ms`.
    pub fn silence_ms(&self, now_ms: TimeMs) -> TimeMs {
        now_ms.saturating_sub(self.last_arrival_ms)
    }

    /// True once the peer has been silent for at least the timeout.
    pub fn is_suspect(&self, now_ms: TimeMs) -> bool {
        self.silence_ms(now_ms) >= self.timeout_ms
    }

    /// The configured timeout.
    pub fn timeout_ms(&self) -> TimeMs {
        self.timeout_ms
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suspects_after_exactly_the_timeout_and_clears_on_a_heartbeat() {
        let mut detector = FixedTimeout::new(300, 1_000);
        assert!(!detector.is_suspect(1_299));
        assert!(detector.is_suspect(1_300));
        detector.heartbeat(1_350);
        assert!(!detector.is_suspect(1_350));
        assert_eq!(detector.silence_ms(1_400), 50);
        // A late, out-of-order report never moves the last arrival back.
        detector.heartbeat(1_200);
        assert_eq!(detector.silence_ms(1_400), 50);
    }
}
