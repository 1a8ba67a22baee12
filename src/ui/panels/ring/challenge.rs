//! The ring's challenges card: the shared card (`components::challenge::challenge_card`) filled from the
//! core's ring challenges (`core::ring::challenge`), judged on the scene on screen. Starting one loads its
//! picture and names it in the link (`challenge=<id>`); the ring's link is its whole state, so a won ring's
//! link replays the win.
use yew::prelude::*;

use super::settings::RingSettings;
use super::state::RingAction;
use crate::core::ring::challenge::{RingChallenge, CHALLENGES};
use crate::core::ring::Scene;
use crate::ui::browser;
use crate::ui::components::challenge::{
    budget_line, challenge_card, page_address, ActiveCard, CardItem, CHALLENGE_PARAM,
};
use crate::ui::i18n::{Lang, Texts};
use crate::ui::url::HashUrl;

/// Each challenge's title and goal, `(id, title, goal)`, per language.
const EN: [(&str, &str, &str); 2] = [
    ("small-failure", "A failure that moves few keys", "Five cache servers on a ring of 100 virtual nodes each. Add up to two nodes, then fail one, so that the failure moves under 15% of the keys where modulo hashing would move over 40%."),
    ("even-after-failure", "Even after a failure", "Only 10 virtual nodes per node. Fail one node so that afterwards the busiest node holds at most 1.1× the mean and under 30% of the keys move. You may change the algorithm and ε."),
];
const ZH_CN: [(&str, &str, &str); 2] = [
    ("small-failure", "一次只迁移少量键的故障", "五台缓存服务器，哈希环上每台 100 个虚拟节点。最多添加两个节点，再让一个节点故障，使这次故障迁移的键少于 15%，而取模哈希会迁移超过 40%。"),
    ("even-after-failure", "故障之后依然均衡", "每个节点只有 10 个虚拟节点。让一个节点故障，使故障之后负载最重的节点不超过平均值的 1.1 倍，且迁移的键少于 30%。可以更换算法和 ε。"),
];

/// The title and goal of challenge `id` in `lang`.
pub fn words(lang: Lang, id: &str) -> Option<(&'static str, &'static str)> {
    let table = match lang {
        Lang::En => &EN,
        Lang::ZhCn => &ZH_CN,
    };
    table
        .iter()
        .find(|(key, _, _)| *key == id)
        .map(|(_, title, goal)| (*title, *goal))
}

/// The ring link of `settings` naming `challenge`, the reader's language (and presenter mode) kept.
fn ring_hash(settings: &RingSettings, challenge: &RingChallenge, lang: Lang) -> String {
    let current = HashUrl::parse(&browser::current_hash());
    let mut url = HashUrl {
        path: "ring".to_string(),
        params: vec![("lang".into(), lang.code().into())],
    };
    for key in ["present", "embed"] {
        url.set(key, current.get(key).map(str::to_string));
    }
    settings.write_into(&mut url);
    url.set(CHALLENGE_PARAM, Some(challenge.id.to_string()));
    url.to_hash()
}

/// What the card needs from the ring panel.
pub struct RingChallengeView<'a> {
    pub settings: &'a RingSettings,
    pub model: &'a Scene,
    /// The challenge the link names, if any.
    pub active: Option<&'static RingChallenge>,
    pub lang: Lang,
    pub dispatch: Callback<RingAction>,
}

/// The card.
pub fn ring_challenge_view(props: RingChallengeView<'_>, texts: &Texts) -> Html {
    let lang = props.lang;
    let title = |c: &RingChallenge| words(lang, c.id).map_or(c.id, |w| w.0);
    let start = |c: &'static RingChallenge| {
        let dispatch = props.dispatch.clone();
        Callback::from(move |_: MouseEvent| {
            let settings = RingSettings::from_scene(&c.start_settings());
            dispatch.emit(RingAction::Load(settings.clone()));
            browser::navigate_hash(&ring_hash(&settings, c, lang));
        })
    };
    let items = CHALLENGES
        .iter()
        .map(|c| CardItem {
            id: c.id,
            title: title(c),
            start: start(c),
        })
        .collect();
    let active = props.active.map(|challenge| {
        let judged = challenge.judge(&challenge.start_settings(), props.model);
        let (used, budget) = (judged.used, challenge.budget);
        ActiveCard {
            id: challenge.id,
            title: title(challenge),
            goal: words(lang, challenge.id).map_or("", |w| w.1),
            budget: budget_line(&[
                (texts.challenge_failures, used.failures, budget.failures),
                (texts.challenge_removals, used.removals, budget.removals),
                (texts.challenge_additions, used.additions, budget.additions),
                (
                    texts.challenge_weight_changes,
                    used.weight_changes,
                    budget.weight_changes,
                ),
            ])
            .join(" · "),
            status: judged.status,
            open_hint: texts.challenge_ring_open,
            won_link: Some(format!(
                "{}{}",
                page_address(),
                ring_hash(props.settings, challenge, lang)
            )),
            again: start(challenge),
        }
    });
    challenge_card(texts.challenge_ring_intro, items, active, texts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_ring_challenge_has_a_title_and_a_goal_in_both_languages() {
        for challenge in &CHALLENGES {
            for lang in [Lang::En, Lang::ZhCn] {
                let (title, goal) = words(lang, challenge.id).expect("words");
                assert!(!title.is_empty() && !goal.is_empty());
            }
        }
        assert_eq!(EN.len(), CHALLENGES.len());
        assert_eq!(ZH_CN.len(), CHALLENGES.len());
    }

    #[test]
    fn a_challenge_start_is_written_and_read_back_as_its_own_picture() {
        for challenge in &CHALLENGES {
            let start = challenge.start_settings();
            let settings = RingSettings::from_scene(&start);
            assert_eq!(settings.scene_settings(), start);
        }
    }
}
