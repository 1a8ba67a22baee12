//! Fingerprints that are the same on every target: xxh3-64 over the bytes `std::hash::Hash` writes, with
//! lengths and discriminants widened to 64 bits.
//!
//! `std::hash::Hash` feeds a `Hasher` with `usize` lengths and `isize` enum discriminants, which are 32 bits
//! in wasm32 and 64 bits natively; [`StableHasher`] writes both as 64 bits and every integer little-endian,
//! so a value has one fingerprint everywhere. The model checker fingerprints its states with it (its
//! exploration order, and so its answer, depend on it only through deduplication, which compares whole
//! states as well), and a run's digest is the fingerprint of its trace and notes ([`stable_digest`]): a
//! derived `Hash` costs the app far less code than writing the run as JSON to hash it.
use std::hash::{Hash, Hasher};

/// The fingerprint of `value`: the same natively and in wasm32.
pub(crate) fn stable_digest<T: Hash + ?Sized>(value: &T) -> u64 {
    let mut bytes = Vec::new();
    let mut hasher = StableHasher::new(&mut bytes);
    value.hash(&mut hasher);
    hasher.finish()
}

/// Hashes an `f64` by its bits, for the few types with a float field that derive nothing else for `Hash`
/// (probabilities in a network configuration, φ in a detector's note). Equal values give equal bits because
/// the simulator never produces -0.0 or NaN where an equal value has another representation.
pub(crate) fn hash_f64<H: Hasher>(value: f64, state: &mut H) {
    state.write_u64(value.to_bits());
}

/// Collects what a value hashes into a reusable byte buffer, then takes its xxh3-64.
pub(crate) struct StableHasher<'a> {
    bytes: &'a mut Vec<u8>,
}

impl<'a> StableHasher<'a> {
    /// A hasher writing into `bytes`, cleared first (the buffer is kept to avoid an allocation per state).
    pub fn new(bytes: &'a mut Vec<u8>) -> Self {
        bytes.clear();
        StableHasher { bytes }
    }
}

impl Hasher for StableHasher<'_> {
    fn finish(&self) -> u64 {
        xxhash_rust::xxh3::xxh3_64(self.bytes)
    }

    fn write(&mut self, bytes: &[u8]) {
        self.bytes.extend_from_slice(bytes);
    }

    fn write_u8(&mut self, i: u8) {
        self.bytes.push(i);
    }

    fn write_u16(&mut self, i: u16) {
        self.write(&i.to_le_bytes());
    }

    fn write_u32(&mut self, i: u32) {
        self.write(&i.to_le_bytes());
    }

    fn write_u64(&mut self, i: u64) {
        self.write(&i.to_le_bytes());
    }

    fn write_u128(&mut self, i: u128) {
        self.write(&i.to_le_bytes());
    }

    fn write_usize(&mut self, i: usize) {
        self.write_u64(i as u64);
    }

    fn write_i8(&mut self, i: i8) {
        self.write_u8(i as u8);
    }

    fn write_i16(&mut self, i: i16) {
        self.write_u16(i as u16);
    }

    fn write_i32(&mut self, i: i32) {
        self.write_u32(i as u32);
    }

    fn write_i64(&mut self, i: i64) {
        self.write_u64(i as u64);
    }

    fn write_isize(&mut self, i: isize) {
        // Sign-extended to 64 bits first, so -1 is the same eight bytes on a 32-bit target.
        self.write_u64(i as i64 as u64);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fingerprint_of<T: Hash + ?Sized>(value: &T, buffer: &mut Vec<u8>) -> u64 {
        let mut hasher = StableHasher::new(buffer);
        value.hash(&mut hasher);
        hasher.finish()
    }

    #[test]
    fn lengths_and_discriminants_hash_as_64_bits() {
        #[derive(Hash)]
        enum Shape {
            #[allow(dead_code)]
            Dot,
            Line(u8),
        }
        let mut bytes = Vec::new();
        let mut hasher = StableHasher::new(&mut bytes);
        vec![Shape::Line(7)].hash(&mut hasher);
        // length 1 as u64, discriminant 1 as u64, then the byte.
        assert_eq!(bytes, [1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 7]);
        let mut buffer = Vec::new();
        assert_eq!(
            fingerprint_of(&[1u32, 2], &mut buffer),
            fingerprint_of(&[1u32, 2], &mut Vec::new())
        );
        assert_ne!(
            fingerprint_of(&[1u32, 2], &mut buffer),
            fingerprint_of(&[2u32, 1], &mut buffer)
        );
    }
}
