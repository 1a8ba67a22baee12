//! distlab: an interactive teacher of distributed-systems algorithms.
//!
//! [`core`] is the pure, deterministic library (the `distlab-core` crate: a seeded discrete-event simulator
//! and the protocols it runs), re-exported here; [`ui`] is the Yew app that renders a simulation's trace
//! and turns clicks into actions.
pub use distlab_core as core;
pub mod ui;
