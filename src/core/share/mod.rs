//! Runs as data that leave the app and come back: the one settings codec (named values, from a link or a
//! file), a compact text form of an action list for share links, and a versioned JSON run file for export
//! and import. Decoding never panics: anything malformed,
//! unknown or absurd becomes a [`ShareError`] whose message says what to fix.
mod actions_code;
mod envelope;
mod error;
mod limits;
mod run_file;
mod settings;

pub use actions_code::{decode_actions, encode_actions, round_probabilities_to_ppm};
pub use error::ShareError;
pub use limits::{
    validate_actions, ActionLimits, ACTIONS_MAX, DURATION_MS_MAX, LATENCY_MS_MAX, TIMER_INDEX_MAX,
    TIME_MS_MAX,
};
pub use run_file::{RunFile, RUN_FILE_FORMAT, RUN_FILE_VERSION};
pub use settings::{
    read_actions, read_network, write_actions, write_network, Params, SettingsReader, RUN_PARAMS,
};
