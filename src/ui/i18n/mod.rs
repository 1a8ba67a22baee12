//! Every visible string, in zh-CN and en. A `Texts` struct (not a string map) makes a missing translation a
//! compile error: both tables must fill every field.
mod en;
mod zh_cn;

use std::fmt;

/// The languages the app speaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    En,
    ZhCn,
}

impl Lang {
    /// The code used in the URL (`lang=zh-CN`), in localStorage and in `<html lang>`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::ZhCn => "zh-CN",
        }
    }

    /// Parses a URL or storage code; browser codes like `zh`, `zh-Hans`, `en-GB` map to the nearest table.
    pub fn from_code(code: &str) -> Option<Lang> {
        let lower = code.trim().to_ascii_lowercase();
        if lower == "en" || lower.starts_with("en-") {
            Some(Lang::En)
        } else if lower == "zh" || lower.starts_with("zh-") {
            Some(Lang::ZhCn)
        } else {
            None
        }
    }

    /// The other language: what the toggle switches to.
    pub fn other(self) -> Lang {
        match self {
            Lang::En => Lang::ZhCn,
            Lang::ZhCn => Lang::En,
        }
    }

    /// This language's table.
    pub fn texts(self) -> &'static Texts {
        match self {
            Lang::En => &en::TEXTS,
            Lang::ZhCn => &zh_cn::TEXTS,
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// Replaces `{name}` placeholders in a table string, in one pass: captions are filled on every frame, and
/// a replace per placeholder built three strings each. A placeholder without a value, or an unclosed brace,
/// is kept as written; a value is never searched for placeholders itself.
pub fn fill(template: &str, values: &[(&str, &dyn fmt::Display)]) -> String {
    use fmt::Write as _;
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            out.push_str(&rest[open..]);
            return out;
        };
        let name = &after[..close];
        match values.iter().find(|(n, _)| *n == name) {
            Some((_, value)) => {
                let _ = write!(out, "{value}");
            }
            None => out.push_str(&rest[open..open + close + 2]),
        }
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    out
}

/// One language's strings. Placeholders in braces are filled with [`fill`].
pub struct Texts {
    pub app_title: &'static str,
    pub app_tagline: &'static str,
    pub lang_toggle_label: &'static str,
    pub lang_toggle_text: &'static str,
    pub theme_toggle_label: &'static str,
    pub theme_light: &'static str,
    pub theme_dark: &'static str,
    pub nav_label: &'static str,
    pub nav_ring: &'static str,
    pub not_found_title: &'static str,
    pub not_found_body: &'static str,
    pub url_problem_title: &'static str,
    pub url_bad_number: &'static str,
    pub url_bad_lang: &'static str,
    pub url_out_of_range: &'static str,
    pub url_bad_choice: &'static str,
    pub url_bad_entry: &'static str,
    pub url_unknown_param: &'static str,
    pub dismiss: &'static str,
    pub error_title: &'static str,
    pub error_body: &'static str,
    pub error_reset: &'static str,
    // transport bar
    pub transport_label: &'static str,
    pub play: &'static str,
    pub pause: &'static str,
    pub step_forward: &'static str,
    pub step_back: &'static str,
    pub speed: &'static str,
    pub timeline: &'static str,
    pub timeline_value: &'static str,
    pub seed: &'static str,
    pub seed_apply: &'static str,
    pub seed_random: &'static str,
    pub seed_invalid: &'static str,
    pub reset: &'static str,
    pub explore: &'static str,
    pub time_label: &'static str,
    pub event_label: &'static str,
    // sandbox
    pub nodes_label: &'static str,
    pub invariant_label: &'static str,
    pub invariant_holds: &'static str,
    pub invariant_violated: &'static str,
    pub node_up: &'static str,
    pub node_down: &'static str,
    pub node_paused: &'static str,
    pub legend_title: &'static str,
    pub last_event: &'static str,
    pub no_event_yet: &'static str,
    pub network_label: &'static str,
    pub network_summary: &'static str,
    // explorer
    pub explore_title: &'static str,
    pub explore_intro: &'static str,
    pub explore_running: &'static str,
    pub explore_rate: &'static str,
    pub explore_cancel: &'static str,
    pub explore_cancelled: &'static str,
    pub explore_found: &'static str,
    pub explore_none: &'static str,
    pub explore_replay: &'static str,
    pub explore_progress_label: &'static str,
    // event descriptions
    pub ev_start: &'static str,
    pub ev_send: &'static str,
    pub ev_send_lost: &'static str,
    pub ev_deliver: &'static str,
    pub ev_drop: &'static str,
    pub ev_duplicate: &'static str,
    pub ev_delay: &'static str,
    pub ev_timer: &'static str,
    pub ev_crash: &'static str,
    pub ev_recover: &'static str,
    pub ev_pause: &'static str,
    pub ev_resume: &'static str,
    pub ev_partition: &'static str,
    pub ev_heal: &'static str,
    pub ev_network: &'static str,
    pub ev_state: &'static str,
    pub ev_violation: &'static str,
    pub reason_loss: &'static str,
    pub reason_partition: &'static str,
    pub reason_node_down: &'static str,
    pub reason_action: &'static str,
    pub footer_note: &'static str,
    pub preset_replaced: &'static str,
    pub export_menu: &'static str,
    pub preset_label: &'static str,
    pub key_title: &'static str,
    pub key_play_pause: &'static str,
    pub key_step: &'static str,
    pub key_speed: &'static str,
    pub key_undo: &'static str,
    pub key_help: &'static str,
    pub share_link: &'static str,
    pub share_copied: &'static str,
    pub share_copy_failed: &'static str,
    pub export_json: &'static str,
    pub export_svg: &'static str,
    pub export_png: &'static str,
    pub import_run: &'static str,
    pub import_drop: &'static str,
    pub import_failed: &'static str,
    pub import_done: &'static str,
    pub import_digest_mismatch: &'static str,
    pub trace_digest: &'static str,
    pub fault_title: &'static str,
    pub fault_hint: &'static str,
    pub fault_node_title: &'static str,
    pub fault_message_title: &'static str,
    pub fault_message_gone: &'static str,
    pub fault_crash: &'static str,
    pub fault_recover: &'static str,
    pub fault_restart: &'static str,
    pub fault_pause: &'static str,
    pub fault_drop: &'static str,
    pub fault_duplicate: &'static str,
    pub fault_delay: &'static str,
    pub fault_partition: &'static str,
    pub fault_partition_hint: &'static str,
    /// Shown instead of applying when every node is on the same side.
    pub fault_partition_one_side: &'static str,
    pub fault_partition_apply: &'static str,
    pub fault_heal: &'static str,
    pub fault_cancel: &'static str,
    pub fault_undo: &'static str,
    pub fault_actions: &'static str,
    pub fault_no_actions: &'static str,
    pub fault_remove_action: &'static str,
    pub fault_crash_of: &'static str,
    pub fault_recover_of: &'static str,
    pub fault_restart_of: &'static str,
    pub fault_pause_of: &'static str,
    pub fault_partition_of: &'static str,
    pub fault_drop_of: &'static str,
    pub fault_duplicate_of: &'static str,
    pub fault_delay_of: &'static str,
    pub net_latency_min: &'static str,
    pub net_latency_max: &'static str,
    pub net_loss: &'static str,
    pub net_duplicate: &'static str,
    pub ring_title: &'static str,
    pub ring_intro: &'static str,
    pub ring_algorithm: &'static str,
    pub algo_ring: &'static str,
    pub algo_modulo: &'static str,
    pub algo_jump: &'static str,
    pub algo_rendezvous: &'static str,
    pub algo_bounded: &'static str,
    pub ring_hash_mode: &'static str,
    pub hash_xxh3: &'static str,
    pub hash_ketama: &'static str,
    pub ring_compare: &'static str,
    pub ring_vnodes: &'static str,
    pub ring_keys: &'static str,
    pub ring_replicas: &'static str,
    pub ring_epsilon: &'static str,
    pub ring_nodes: &'static str,
    pub ring_weight: &'static str,
    pub ring_fail: &'static str,
    pub ring_recover: &'static str,
    pub ring_remove: &'static str,
    pub ring_add: &'static str,
    pub ring_add_name: &'static str,
    pub ring_node_up: &'static str,
    pub ring_node_down: &'static str,
    pub ring_node_keys: &'static str,
    pub ring_node_label: &'static str,
    pub ring_selected: &'static str,
    pub ring_select_hint: &'static str,
    pub ring_lookup: &'static str,
    pub ring_lookup_placeholder: &'static str,
    pub ring_owner: &'static str,
    pub ring_replicas_list: &'static str,
    pub ring_no_owner: &'static str,
    pub ring_lookup_walk: &'static str,
    pub ring_lookup_other: &'static str,
    pub ring_moved: &'static str,
    pub ring_moved_min: &'static str,
    pub ring_moved_modulo: &'static str,
    pub ring_no_change: &'static str,
    /// Shown in the figures strip between an edit and its new scene.
    pub ring_recomputing: &'static str,
    pub ring_last_change: &'static str,
    pub ring_load: &'static str,
    pub ring_max_mean: &'static str,
    pub ring_std: &'static str,
    pub ring_expected: &'static str,
    pub ring_capacity: &'static str,
    pub ring_mean_line: &'static str,
    pub ring_showing_sample: &'static str,
    pub ring_markers_hidden: &'static str,
    pub ring_notes: &'static str,
    pub ring_note_modulo: &'static str,
    pub ring_note_vnodes: &'static str,
    pub ring_note_jump: &'static str,
    pub ring_note_bounded: &'static str,
    pub ring_err_name_empty: &'static str,
    pub ring_err_name_taken: &'static str,
    pub ring_err_too_many: &'static str,
    pub ring_err_last_node: &'static str,
    pub ring_err_name_long: &'static str,
    pub ring_change_fail: &'static str,
    pub ring_change_recover: &'static str,
    pub ring_change_remove: &'static str,
    pub ring_change_add: &'static str,
    pub ring_change_weight: &'static str,
    // sequence diagram
    pub seq_title: &'static str,
    pub seq_summary: &'static str,
    pub seq_axis: &'static str,
    pub seq_message_title: &'static str,
    pub seq_delivered: &'static str,
    pub seq_dropped: &'static str,
    pub seq_lost_at_send: &'static str,
    pub seq_in_flight: &'static str,
    pub seq_copy_of: &'static str,
    pub seq_click_hint: &'static str,
    pub seq_gap_crash: &'static str,
    pub seq_gap_pause: &'static str,
    pub seq_band: &'static str,
    pub seq_legend_dropped: &'static str,
    pub seq_legend_duplicate: &'static str,
    pub seq_legend_crashed: &'static str,
    pub seq_legend_paused: &'static str,
    pub seq_legend_partition: &'static str,
    pub seq_export: &'static str,
    pub explore_shrinking: &'static str,
    /// The exhaustive checker's card.
    pub check_title: &'static str,
    /// What it covers: {nodes}, {drops}, {crashes}, {partitions}.
    pub check_intro: &'static str,
    pub check_start: &'static str,
    /// {states}, {depth}, {rate}.
    pub check_running: &'static str,
    /// {states}, {depth}.
    pub check_all: &'static str,
    /// {property}, {steps}, {states}.
    pub check_violation: &'static str,
    /// {states}.
    pub check_cancelled: &'static str,
    /// {count}, {what} (the panel's `check-counted` label).
    pub check_counted: &'static str,
    /// The challenges card (components/challenge.rs); budget lines take `{used}` and `{max}`.
    pub challenges_title: &'static str,
    pub challenge_intro: &'static str,
    pub challenge_try: &'static str,
    pub challenge_budget: &'static str,
    pub challenge_crashes: &'static str,
    pub challenge_pauses: &'static str,
    pub challenge_partitions: &'static str,
    pub challenge_message_faults: &'static str,
    pub challenge_other: &'static str,
    pub challenge_open: &'static str,
    pub challenge_won: &'static str,
    pub challenge_over: &'static str,
    pub challenge_settings: &'static str,
    pub challenge_again: &'static str,
    pub challenge_leave: &'static str,
    /// The ring's challenges card (panels/ring/challenge.rs): a budget of changes to the cluster.
    pub challenge_ring_intro: &'static str,
    pub challenge_ring_open: &'static str,
    pub challenge_failures: &'static str,
    pub challenge_removals: &'static str,
    pub challenge_additions: &'static str,
    pub challenge_weight_changes: &'static str,
    /// The check runs in a worker (off the page).
    pub check_in_worker: &'static str,
    /// A search runs on the page because workers cannot start here.
    pub work_on_page: &'static str,
    /// The explorer's workers: `{workers}`.
    pub explore_in_workers: &'static str,
    /// One worker's line: `{n}`, `{runs}`, `{rate}`.
    pub explore_worker: &'static str,
    pub err_bad_token: &'static str,
    pub err_too_many_actions: &'static str,
    pub err_out_of_range: &'static str,
    pub err_no_such_node: &'static str,
    pub err_not_json: &'static str,
    pub err_wrong_format: &'static str,
    pub err_unknown_version: &'static str,
    pub err_wrong_panel: &'static str,
    pub err_unknown_command: &'static str,
    pub err_wrong_command_target: &'static str,
    pub err_command_needs_arg: &'static str,
    pub err_command_takes_no_arg: &'static str,
    pub fault_clock_jump: &'static str,
    pub fault_clock_jump_of: &'static str,
    pub fault_commands: &'static str,
    pub fault_command_arg: &'static str,
    pub fault_command_of: &'static str,
    pub ev_clock_jump: &'static str,
    pub ev_command: &'static str,
    pub ev_command_refused: &'static str,
    pub ev_manual_network: &'static str,
    pub fault_manual_network_of: &'static str,
    pub fault_deliver_of: &'static str,
    pub fault_fire_timer_of: &'static str,
    pub be_network_title: &'static str,
    pub be_network_intro: &'static str,
    pub be_network_start: &'static str,
    pub be_network_stop: &'static str,
    pub be_network_back: &'static str,
    pub be_network_none: &'static str,
    pub step_deliver: &'static str,
    pub step_fire: &'static str,
    pub step_revisits: &'static str,
}

#[cfg(test)]
mod tests {
    use super::fill;

    #[test]
    fn placeholders_are_filled_once_each_and_the_rest_is_kept() {
        assert_eq!(
            fill("{a} → {b}, again {a}", &[("a", &"n1"), ("b", &2)]),
            "n1 → 2, again n1"
        );
        assert_eq!(fill("被 {n} 个节点怀疑", &[("n", &3)]), "被 3 个节点怀疑");
        assert_eq!(fill("no placeholders", &[("a", &1)]), "no placeholders");
        assert_eq!(fill("{unknown} stays", &[("a", &1)]), "{unknown} stays");
        assert_eq!(fill("open { brace", &[("a", &1)]), "open { brace");
        assert_eq!(fill("{a}{", &[("a", &1)]), "1{");
        // A value that looks like a placeholder is not filled in turn.
        assert_eq!(fill("{a} {b}", &[("a", &"{b}"), ("b", &"x")]), "{b} x");
    }
}
