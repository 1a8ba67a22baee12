//! distlab: an interactive teacher of distributed-systems algorithms.
//!
//! [`core`] is a pure, deterministic library (a seeded discrete-event simulator and the protocols it runs);
//! [`ui`] is the Yew app that renders a simulation's trace and turns clicks into fault actions.
pub mod core;
pub mod ui;
