//! The exported run: versioned JSON that reopens the same run (and says which trace it produced, so an
//! import can confirm it reproduced it).
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::actions_code::round_probabilities_to_ppm;
use super::envelope::{message_without_position, Envelope};
use super::error::ShareError;
use super::limits::validate_actions;
use crate::sim::ScheduledAction;

/// The `format` field of every run file.
pub const RUN_FILE_FORMAT: &str = "distlab-run";
/// The version this app writes and reads.
pub const RUN_FILE_VERSION: u32 = 1;

/// A run: which panel, its settings (as the link writes them), the seed and the actions.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RunFile {
    /// Always [`RUN_FILE_FORMAT`].
    pub format: String,
    /// [`RUN_FILE_VERSION`] when written.
    pub schema_version: u32,
    /// The panel's route name, e.g. `"sandbox"`, `"failures"`.
    pub panel: String,
    /// The panel's settings as link parameters (`"nodes" → "4"`).
    pub settings: BTreeMap<String, String>,
    /// The run's seed.
    pub seed: u64,
    /// The fault actions, in order.
    pub actions: Vec<ScheduledAction>,
    /// The trace's digest (decimal), so a reader can check it reproduced the same run.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trace_digest: Option<String>,
}

impl RunFile {
    /// A run file of the current version.
    pub fn new(
        panel: &str,
        settings: BTreeMap<String, String>,
        seed: u64,
        actions: Vec<ScheduledAction>,
        trace_digest: Option<u64>,
    ) -> RunFile {
        RunFile {
            format: RUN_FILE_FORMAT.to_string(),
            schema_version: RUN_FILE_VERSION,
            panel: panel.to_string(),
            settings,
            seed,
            actions,
            trace_digest: trace_digest.map(|d| d.to_string()),
        }
    }

    /// Pretty JSON, for a file a person may read.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// Reads a run file meant for `panel` whose runs have `node_count` nodes (`node_count_of` reads it
    /// from the file's settings). Checks format, version, shape and limits; never panics.
    pub fn from_json(
        text: &str,
        panel: &str,
        node_count_of: impl Fn(&BTreeMap<String, String>) -> Result<u32, String>,
    ) -> Result<RunFile, ShareError> {
        // Look at the envelope first, so a file from elsewhere gets a message about what it is.
        let Envelope {
            format,
            schema_version: version,
        } = serde_json::from_str(text).map_err(|e| ShareError::NotJson(e.to_string()))?;
        if format != RUN_FILE_FORMAT {
            return Err(ShareError::WrongFormat(format.chars().take(40).collect()));
        }
        if version != u64::from(RUN_FILE_VERSION) {
            return Err(ShareError::UnknownVersion {
                found: u32::try_from(version).unwrap_or(u32::MAX),
                supported: RUN_FILE_VERSION,
            });
        }
        let mut file: RunFile = serde_json::from_str(text)
            .map_err(|e| ShareError::NotJson(message_without_position(&e)))?;
        if file.panel != panel {
            return Err(ShareError::WrongPanel {
                found: file.panel.chars().take(40).collect(),
                expected: panel.to_string(),
            });
        }
        if file.settings.len() > 64
            || file
                .settings
                .iter()
                .any(|(k, v)| k.len() > 64 || v.len() > 4_096)
        {
            return Err(ShareError::OutOfRange {
                what: "the settings".into(),
                value: "too long".into(),
                limit: "64 entries of 4 kB".into(),
            });
        }
        let node_count =
            node_count_of(&file.settings).map_err(|reason| ShareError::OutOfRange {
                what: "the node count".into(),
                value: reason,
                limit: "the panel's range".into(),
            })?;
        validate_actions(&file.actions, node_count)?;
        round_probabilities_to_ppm(&mut file.actions);
        Ok(file)
    }
}
