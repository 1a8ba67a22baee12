//! The algorithm core: pure and deterministic.
//!
//! **Architecture Invariant:** nothing here names yew, web_sys, gloo, wasm_bindgen or js_sys, and nothing reads
//! a clock. Given (scenario, seed, actions) every trace is byte-for-byte the same, natively and in wasm.
pub mod detect;
pub mod ring;
pub mod sandbox;
pub mod share;
pub mod sim;
