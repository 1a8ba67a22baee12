//! One module per panel. A panel owns its reducer state and draws what the core computes.
pub mod coming;
pub mod failures;
pub mod not_found;
pub mod ring;
pub mod sandbox;
