//! The ring's one sort: (32-bit point, 32-bit index) pairs packed into `u64` keys.
//!
//! Each element type and comparator handed to the standard library's sort compiles a whole sorting
//! algorithm, 3–5 kB of WebAssembly apiece. The ring's sorts all order by a point and then by an index, so
//! they pack both halves into one `u64` and share this single instantiation. Packed keys are distinct, or
//! equal only when the pairs are equal, so the unstable sort gives the order a stable one would.

/// The key ordering by `high` first, then by `low`.
pub(crate) fn pack(high: u32, low: u32) -> u64 {
    (u64::from(high) << 32) | u64::from(low)
}

/// The high half of a packed key.
pub(crate) fn high(key: u64) -> u32 {
    (key >> 32) as u32
}

/// The low half of a packed key.
pub(crate) fn low(key: u64) -> u32 {
    key as u32
}

/// Sorts packed keys ascending. Not inlined, so that every caller shares one copy of the sort.
#[inline(never)]
pub(crate) fn sort_packed(keys: &mut [u64]) {
    keys.sort_unstable();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packed_keys_order_by_high_then_low() {
        let mut keys = vec![pack(2, 0), pack(1, 9), pack(1, 3), pack(u32::MAX, 0)];
        sort_packed(&mut keys);
        let pairs: Vec<(u32, u32)> = keys.iter().map(|&k| (high(k), low(k))).collect();
        assert_eq!(pairs, [(1, 3), (1, 9), (2, 0), (u32::MAX, 0)]);
    }
}
