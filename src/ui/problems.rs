//! A link's or a file's problems in the reader's language. Links and files share one codec in core, so one
//! function words them all: what a link reports, a refused file says the same way.
use crate::core::share::ShareError;
use crate::ui::i18n::{fill, Texts};

/// The sentence for one problem.
pub fn problem_text(problem: &ShareError, texts: &Texts) -> String {
    match problem {
        ShareError::BadToken {
            index,
            token,
            reason,
        } => fill(
            texts.err_bad_token,
            &[
                ("index", &(index + 1)),
                ("token", token),
                ("reason", reason),
            ],
        ),
        ShareError::TooManyActions { count, max } => fill(
            texts.err_too_many_actions,
            &[("count", count), ("max", max)],
        ),
        ShareError::OutOfRange { what, value, limit } => fill(
            texts.err_out_of_range,
            &[("what", what), ("value", value), ("limit", limit)],
        ),
        ShareError::NoSuchNode {
            action,
            node,
            node_count,
        } => fill(
            texts.err_no_such_node,
            &[
                ("action", &(action + 1)),
                ("node", node),
                ("count", node_count),
                ("last", &node_count.saturating_sub(1)),
            ],
        ),
        ShareError::NotJson(detail) => fill(texts.err_not_json, &[("detail", detail)]),
        ShareError::WrongFormat(found) => fill(texts.err_wrong_format, &[("found", found)]),
        ShareError::UnknownVersion { found, supported } => fill(
            texts.err_unknown_version,
            &[("found", found), ("supported", supported)],
        ),
        ShareError::WrongPanel { found, expected } => fill(
            texts.err_wrong_panel,
            &[("found", found), ("expected", expected)],
        ),
        ShareError::UnknownCommand {
            action,
            code,
            known,
        } => fill(
            texts.err_unknown_command,
            &[("action", &(action + 1)), ("code", code), ("known", known)],
        ),
        ShareError::WrongCommandTarget {
            action,
            code,
            node,
            role,
        } => fill(
            texts.err_wrong_command_target,
            &[
                ("action", &(action + 1)),
                ("code", code),
                ("node", node),
                ("role", role),
            ],
        ),
        ShareError::BadCommandArgument {
            action,
            code,
            takes_one,
        } => fill(
            if *takes_one {
                texts.err_command_needs_arg
            } else {
                texts.err_command_takes_no_arg
            },
            &[("action", &(action + 1)), ("code", code)],
        ),
        ShareError::NotANumber {
            param,
            value,
            fallback,
        } => fill(
            texts.url_bad_number,
            &[("param", param), ("value", value), ("fallback", fallback)],
        ),
        ShareError::SettingOutOfRange {
            param,
            value,
            min,
            max,
            fallback,
        } => fill(
            texts.url_out_of_range,
            &[
                ("param", param),
                ("value", value),
                ("min", min),
                ("max", max),
                ("fallback", fallback),
            ],
        ),
        ShareError::UnknownChoice {
            param,
            value,
            choices,
            fallback,
        } if param == "lang" => fill(
            texts.url_bad_lang,
            &[
                ("value", value),
                ("choices", choices),
                ("fallback", fallback),
            ],
        ),
        ShareError::UnknownChoice {
            param,
            value,
            choices,
            fallback,
        } => fill(
            texts.url_bad_choice,
            &[
                ("param", param),
                ("value", value),
                ("choices", choices),
                ("fallback", fallback),
            ],
        ),
        ShareError::BadSetting {
            param,
            value,
            reason,
        } => fill(
            texts.url_bad_entry,
            &[("param", param), ("value", value), ("reason", reason)],
        ),
        ShareError::UnknownParam { param } => fill(texts.url_unknown_param, &[("param", param)]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::i18n::Lang;

    #[test]
    fn every_problem_has_words_in_both_languages_and_keeps_its_values() {
        let problems = [
            ShareError::BadToken {
                index: 1,
                token: "q7".into(),
                reason: "expected node.time".into(),
            },
            ShareError::NoSuchNode {
                action: 0,
                node: 99,
                node_count: 4,
            },
            ShareError::UnknownVersion {
                found: 9,
                supported: 2,
            },
            ShareError::SettingOutOfRange {
                param: "nodes".into(),
                value: "99".into(),
                min: "2".into(),
                max: "8".into(),
                fallback: "4".into(),
            },
            ShareError::UnknownParam {
                param: "bogus".into(),
            },
        ];
        for lang in [Lang::En, Lang::ZhCn] {
            for problem in &problems {
                let text = problem_text(problem, lang.texts());
                assert!(!text.contains('{'), "{lang}: {text}");
            }
            assert!(problem_text(&problems[0], lang.texts()).contains("q7"));
            assert!(problem_text(&problems[1], lang.texts()).contains("n99"));
            assert!(problem_text(&problems[2], lang.texts()).contains('9'));
            assert!(problem_text(&problems[4], lang.texts()).contains("bogus"));
        }
    }
}
