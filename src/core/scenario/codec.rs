//! The link and run-file codec of every scenario, written once over `&dyn DynScenario` (the typed
//! [`super::read_run`], [`super::write_run`], [`super::settings_params`] and [`super::read_file`] are
//! these with the settings' type put back).
use super::{AnyRunSpec, AnySettings, DynScenario};
use crate::share::{
    read_actions, read_network, validate_actions, write_actions, write_network, ActionLimits,
    Params, RunFile, SettingsReader, ShareError,
};
use crate::sim::NetworkConfig;

/// See [`super::read_run`].
pub(super) fn read_run(
    scenario: &dyn DynScenario,
    params: &Params,
    also_known: &[&str],
) -> (AnyRunSpec, Vec<ShareError>) {
    let mut reader = SettingsReader::new(params);
    let settings = scenario.read_any_settings(&mut reader);
    let seed = reader.optional_u64("seed");
    let network = read_network(&mut reader, &scenario.default_network(&settings));
    let roles = scenario.roles(&settings);
    let limits = ActionLimits {
        node_count: scenario.node_count(&settings),
        roles: &roles,
        commands: scenario.legend().commands,
    };
    let actions = read_actions(&mut reader, &limits, scenario.preset_actions(&settings));
    let problems = reader.finish(also_known);
    (
        AnyRunSpec {
            settings,
            seed,
            network,
            actions,
        },
        problems,
    )
}

/// See [`super::write_run`]; nothing for settings of another scenario.
pub(super) fn write_run(scenario: &dyn DynScenario, spec: &AnyRunSpec) -> Params {
    let Some(mut params) = scenario.write_any_settings(&spec.settings) else {
        return Params::default();
    };
    write_network(&mut params, &spec.network);
    params.set("seed", spec.seed.map(|seed| seed.to_string()));
    let preset = scenario.preset_actions(&spec.settings);
    write_actions(
        &mut params,
        (spec.actions != preset).then_some(spec.actions.as_slice()),
    );
    params
}

/// See [`super::settings_params`]; nothing for settings of another scenario.
pub(super) fn settings_params(
    scenario: &dyn DynScenario,
    settings: &AnySettings,
    network: &NetworkConfig,
) -> Params {
    let Some(mut params) = scenario.write_any_settings(settings) else {
        return Params::default();
    };
    write_network(&mut params, network);
    params
}

/// See [`super::read_file`].
pub(super) fn read_file(
    scenario: &dyn DynScenario,
    file: &RunFile,
) -> Result<AnyRunSpec, ShareError> {
    let params = file.settings_params();
    if let Some(key) = params.keys().find(|k| matches!(*k, "seed" | "a")) {
        // The seed and the actions are fields of their own in a file, never settings.
        return Err(ShareError::UnknownParam {
            param: key.to_string(),
        });
    }
    let mut reader = SettingsReader::new(&params);
    let settings = scenario.read_any_settings(&mut reader);
    let network = read_network(&mut reader, &scenario.default_network(&settings));
    let roles = scenario.roles(&settings);
    let limits = ActionLimits {
        node_count: scenario.node_count(&settings),
        roles: &roles,
        commands: scenario.legend().commands,
    };
    if let Err(problem) = validate_actions(&file.actions, &limits) {
        reader.problem(problem);
    }
    if let Some(problem) = reader.finish(&[]).into_iter().next() {
        return Err(problem);
    }
    Ok(AnyRunSpec {
        settings,
        seed: Some(file.seed),
        network,
        actions: file.actions.clone(),
    })
}
