//! The hash functions behind every algorithm, in one place so that a key hashes the same way everywhere.
use md5::{Digest, Md5};
use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::{xxh3_64, xxh3_64_with_seed};

/// How ring points (of keys and of virtual nodes) are computed.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
pub enum HashMode {
    /// xxh3 (fast): a point is the high 32 bits of `xxh3_64` of the text.
    #[default]
    Xxh3,
    /// libketama's MD5 points, so that key → server matches memcached ketama clients.
    Ketama,
}

/// The 64-bit hash of a key that modulo, jump and rendezvous hashing start from: `xxh3_64` of its UTF-8
/// bytes. xxh3 is specified bit for bit, so this is the same on every platform.
pub fn key_hash_u64(key: &str) -> u64 {
    xxh3_64(key.as_bytes())
}

/// A point on the 2^32 ring for `text` under `mode`: for xxh3 the high half of `xxh3_64`, for ketama the
/// little-endian `u32` of the first four bytes of MD5 (libketama's `ketama_hashi`).
pub fn ring_point(text: &str, mode: HashMode) -> u32 {
    match mode {
        HashMode::Xxh3 => (xxh3_64(text.as_bytes()) >> 32) as u32,
        HashMode::Ketama => ketama_digest_points(text)[0],
    }
}

/// The four ring points libketama takes from one MD5 digest: bytes `4h..4h+3` read as a little-endian `u32`.
pub fn ketama_digest_points(text: &str) -> [u32; 4] {
    let digest = Md5::digest(text.as_bytes());
    let word = |h: usize| {
        u32::from_le_bytes([
            digest[4 * h],
            digest[4 * h + 1],
            digest[4 * h + 2],
            digest[4 * h + 3],
        ])
    };
    [word(0), word(1), word(2), word(3)]
}

/// A second, independent 64-bit hash of `hash` keyed by `seed`: rendezvous scores (seed = the node's hash)
/// and jump hashing's fallback attempts (seed = attempt number) use it.
pub fn rehash_u64(hash: u64, seed: u64) -> u64 {
    xxh3_64_with_seed(&hash.to_le_bytes(), seed)
}
