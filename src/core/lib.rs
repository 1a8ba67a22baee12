//! The algorithm core: pure and deterministic.
//!
//! - [`sim`]: the simulation kernel (time, network, faults, clocks, commands, trace, properties, explorer).
//! - [`check`]: the exhaustive model checker over the same protocol code (untimed, breadth-first).
//! - [`scenario`]: the seam a protocol plugs into, and the one codec of its settings.
//! - [`share`]: runs leaving the app (link parameters, action codes, run files) and their validation.
//! - Protocols: [`sandbox`] (ping-pong), [`detect`] (failure detectors), [`ring`] (consistent hashing),
//!   [`txn`] (two-phase commit and its variants), [`lock`] (distributed locks under contention).
//! - [`decimal`]: decimals as text without Rust's float printer; [`vec_map`]: a small sorted map for the few places a `BTreeMap` would compile a B-tree for nothing.
//!
//! **Architecture Invariant:** nothing here names yew, web_sys, gloo, wasm_bindgen or js_sys, and nothing reads
//! a clock. Given (scenario, seed, actions) every trace is byte-for-byte the same, natively and in wasm.
pub mod check;
pub mod decimal;
pub mod detect;
pub mod lock;
pub mod ring;
pub mod sandbox;
pub mod scenario;
pub mod share;
pub mod sim;
pub(crate) mod stable_hash;
pub mod tour;
pub mod txn;
pub mod vec_map;
