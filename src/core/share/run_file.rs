//! The exported run: versioned JSON that reopens the same run (and says which trace it produced, so an
//! import can confirm it reproduced it). Its `settings` are the link's parameters (`nodes`, `variant`, `lat`,
//! ...), read by the same codec as a link ([`super::SettingsReader`]), so both are checked the same way.
use serde::{Deserialize, Serialize};

use super::actions_code::round_probabilities_to_ppm;
use super::envelope::{message_without_position, Envelope};
use super::error::ShareError;
use super::settings::{write_network, Params};
use crate::sim::{NetworkConfig, ScheduledAction};
use crate::vec_map::VecMap;

/// The `format` field of every run file.
pub const RUN_FILE_FORMAT: &str = "distlab-run";
/// The version this app writes. Version 1 (whose network was one JSON value under `settings.network`) is
/// still read.
pub const RUN_FILE_VERSION: u32 = 2;

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
    /// The panel's settings and the network, as link parameters (`"nodes" → "4"`, `"lat" → "10-50"`).
    pub settings: VecMap<String, String>,
    /// The run's seed.
    pub seed: u64,
    /// The actions (faults and commands), in order.
    pub actions: Vec<ScheduledAction>,
    /// The trace's digest (decimal), so a reader can check it reproduced the same run.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trace_digest: Option<String>,
}

/// Most settings a file may have, and their longest key and value.
const SETTINGS_MAX: usize = 64;
const KEY_CHARS_MAX: usize = 64;
const VALUE_CHARS_MAX: usize = 4_096;

impl RunFile {
    /// A run file of the current version; `settings` are the link parameters of the panel and network.
    pub fn new(
        panel: &str,
        settings: &Params,
        seed: u64,
        actions: Vec<ScheduledAction>,
        trace_digest: Option<u64>,
    ) -> RunFile {
        let mut map = VecMap::new();
        for (key, value) in &settings.0 {
            map.insert(key.clone(), value.clone());
        }
        RunFile {
            format: RUN_FILE_FORMAT.to_string(),
            schema_version: RUN_FILE_VERSION,
            panel: panel.to_string(),
            settings: map,
            seed,
            actions,
            trace_digest: trace_digest.map(|d| d.to_string()),
        }
    }

    /// Pretty JSON, for a file a person may read.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// The settings as link parameters, in key order.
    pub fn settings_params(&self) -> Params {
        Params(
            self.settings
                .iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
        )
    }

    /// Reads a run file meant for `panel`: format, version, shape and size. Its settings and actions are
    /// checked by the panel's scenario, with the link's codec. Never panics.
    pub fn from_json(text: &str, panel: &str) -> Result<RunFile, ShareError> {
        // Look at the envelope first, so a file from elsewhere gets a message about what it is.
        let Envelope {
            format,
            schema_version: version,
        } = serde_json::from_str(text).map_err(|e| ShareError::NotJson(e.to_string()))?;
        if format != RUN_FILE_FORMAT {
            return Err(ShareError::WrongFormat(format.chars().take(40).collect()));
        }
        if version != 1 && version != u64::from(RUN_FILE_VERSION) {
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
        if file.settings.len() > SETTINGS_MAX
            || file.settings.iter().any(|(k, v)| {
                k.chars().count() > KEY_CHARS_MAX || v.chars().count() > VALUE_CHARS_MAX
            })
        {
            return Err(ShareError::OutOfRange {
                what: "the settings".into(),
                value: "too long".into(),
                limit: format!("{SETTINGS_MAX} entries of {VALUE_CHARS_MAX} characters"),
            });
        }
        if file.schema_version == 1 {
            file.upgrade_from_version_1()?;
        }
        round_probabilities_to_ppm(&mut file.actions);
        Ok(file)
    }

    /// Version 1 kept the network as JSON under `settings.network`; from version 2 it is `lat`, `loss` and
    /// `dup`, as in a link.
    fn upgrade_from_version_1(&mut self) -> Result<(), ShareError> {
        if let Some(json) = self.settings.remove("network") {
            let network: NetworkConfig =
                serde_json::from_str(&json).map_err(|e| ShareError::BadSetting {
                    param: "network".into(),
                    value: json.chars().take(60).collect(),
                    reason: message_without_position(&e),
                })?;
            let mut params = Params::default();
            write_network(&mut params, &network);
            for (key, value) in params.0 {
                self.settings.insert(key, value);
            }
        }
        self.schema_version = RUN_FILE_VERSION;
        Ok(())
    }
}
