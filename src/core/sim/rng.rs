//! The simulator's random numbers: one seeded ChaCha8 stream, mapped to ranges by hand.
//!
//! Only `next_u64` is ever called and the range mapping below is our own, so the same seed draws the same bits
//! on every platform (natively and in wasm32) and across `rand` versions.
//!
//! The stream is the one `rand_chacha::ChaCha8Rng::seed_from_u64` draws through `next_u64` (a test compares
//! them), computed here one block at a time: `rand_chacha` computes four blocks at once through a portable
//! vector layer, which compiled to 5 kB of the app's WebAssembly against about 1 kB for this.
use rand_core::SeedableRng;

/// "expand 32-byte k", the first row of every ChaCha block.
const CONSTANTS: [u32; 4] = [0x6170_7865, 0x3320_646e, 0x7962_2d32, 0x6b20_6574];
/// Words in one refill: four 16-word blocks, as `rand_chacha` produces them.
const BUFFER_WORDS: usize = 64;

/// ChaCha with 8 rounds, a 256-bit key, a 64-bit block counter and a zero stream id.
#[derive(Clone, Debug)]
struct ChaCha8 {
    key: [u32; 8],
    /// The counter of the next block to compute.
    next_block: u64,
    buffer: [u32; BUFFER_WORDS],
    /// The next unread word of `buffer`; `BUFFER_WORDS` when it is used up.
    read: usize,
}

impl SeedableRng for ChaCha8 {
    type Seed = [u8; 32];

    fn from_seed(seed: [u8; 32]) -> ChaCha8 {
        let mut key = [0u32; 8];
        for (word, bytes) in key.iter_mut().zip(seed.chunks_exact(4)) {
            *word = u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]);
        }
        ChaCha8 {
            key,
            next_block: 0,
            buffer: [0; BUFFER_WORDS],
            read: BUFFER_WORDS,
        }
    }
}

impl ChaCha8 {
    /// The next two words of the keystream, the first as the low half.
    fn next_u64(&mut self) -> u64 {
        if self.read >= BUFFER_WORDS {
            for block in self.buffer.chunks_exact_mut(16) {
                chacha8_block(&self.key, self.next_block, block);
                self.next_block = self.next_block.wrapping_add(1);
            }
            self.read = 0;
        }
        let low = u64::from(self.buffer[self.read]);
        let high = u64::from(self.buffer[self.read + 1]);
        self.read += 2;
        (high << 32) | low
    }
}

/// One 16-word block: the input state after 8 rounds, plus the input state.
fn chacha8_block(key: &[u32; 8], counter: u64, out: &mut [u32]) {
    let mut input = [0u32; 16];
    input[..4].copy_from_slice(&CONSTANTS);
    input[4..12].copy_from_slice(key);
    input[12] = counter as u32;
    input[13] = (counter >> 32) as u32;
    let mut x = input;
    for _ in 0..4 {
        // A column round, then a diagonal round.
        for [a, b, c, d] in [
            [0, 4, 8, 12],
            [1, 5, 9, 13],
            [2, 6, 10, 14],
            [3, 7, 11, 15],
            [0, 5, 10, 15],
            [1, 6, 11, 12],
            [2, 7, 8, 13],
            [3, 4, 9, 14],
        ] {
            x[a] = x[a].wrapping_add(x[b]);
            x[d] = (x[d] ^ x[a]).rotate_left(16);
            x[c] = x[c].wrapping_add(x[d]);
            x[b] = (x[b] ^ x[c]).rotate_left(12);
            x[a] = x[a].wrapping_add(x[b]);
            x[d] = (x[d] ^ x[a]).rotate_left(8);
            x[c] = x[c].wrapping_add(x[d]);
            x[b] = (x[b] ^ x[c]).rotate_left(7);
        }
    }
    for ((word, mixed), start) in out.iter_mut().zip(x).zip(input) {
        *word = mixed.wrapping_add(start);
    }
}

/// A reproducible random stream; cloning it clones its position, which is what snapshots need.
#[derive(Clone, Debug)]
pub struct SimRng {
    inner: ChaCha8,
}

impl SimRng {
    /// Starts the stream for `seed`; equal seeds give equal streams on every target.
    pub fn from_seed(seed: u64) -> Self {
        Self {
            inner: ChaCha8::seed_from_u64(seed),
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

#[cfg(test)]
mod tests {
    use super::SimRng;
    use rand_chacha::ChaCha8Rng;
    use rand_core::{RngCore, SeedableRng};

    #[test]
    fn the_stream_is_rand_chachas_chacha8() {
        for seed in [0, 1, 42, 0xdead_beef, u64::MAX] {
            let mut ours = SimRng::from_seed(seed);
            let mut reference = ChaCha8Rng::seed_from_u64(seed);
            // Several refills of four blocks each.
            for draw in 0..300 {
                assert_eq!(
                    ours.next_u64(),
                    reference.next_u64(),
                    "seed {seed}, draw {draw}"
                );
            }
        }
    }
}
