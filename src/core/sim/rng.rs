//! The simulator's random numbers: one seeded ChaCha8 stream, mapped to ranges by hand.
//!
//! Only `next_u64` is ever called and the range mapping below is our own, so the same seed draws the same bits
//! on every platform (natively and in wasm32) and across `rand` versions.
use rand_chacha::ChaCha8Rng;
use rand_core::{RngCore, SeedableRng};

/// A reproducible random stream; cloning it clones its position, which is what snapshots need.
#[derive(Clone, Debug)]
pub struct SimRng {
    inner: ChaCha8Rng,
}

impl SimRng {
    /// Starts the stream for `seed`; equal seeds give equal streams on every target.
    pub fn from_seed(seed: u64) -> Self {
        Self {
            inner: ChaCha8Rng::seed_from_u64(seed),
        }
    }

    /// Draws 64 raw bits.
    pub fn next_u64(&mut self) -> u64 {
        self.inner.next_u64()
    }

    /// Draws uniformly from `0..bound`; returns 0 without drawing when `bound` is 0 or 1.
    ///
    /// Lemire's multiply-and-reject method: unbiased, and usually one draw.
    pub fn below(&mut self, bound: u64) -> u64 {
        if bound <= 1 {
            return 0;
        }
        let threshold = bound.wrapping_neg() % bound;
        loop {
            let product = u128::from(self.next_u64()) * u128::from(bound);
            if (product as u64) >= threshold {
                return (product >> 64) as u64;
            }
        }
    }

    /// Draws uniformly from `low..=high` (the bounds are swapped if given in the wrong order).
    pub fn between_inclusive(&mut self, low: u64, high: u64) -> u64 {
        let (low, high) = if low <= high {
            (low, high)
        } else {
            (high, low)
        };
        let span = high - low;
        if span == u64::MAX {
            return self.next_u64();
        }
        low + self.below(span + 1)
    }

    /// Returns true with `probability`; does not draw when the answer is certain (`<= 0`, `>= 1`), so a
    /// network without loss consumes no randomness for it.
    pub fn chance(&mut self, probability: f64) -> bool {
        if probability <= 0.0 || probability.is_nan() {
            return false;
        }
        if probability >= 1.0 {
            return true;
        }
        // 53 random bits make an exactly representable fraction in [0, 1).
        let unit = (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64);
        unit < probability
    }
}
