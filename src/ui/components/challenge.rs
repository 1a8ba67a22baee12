//! The challenges card: the panel's challenges to try, and for the one the link names (`challenge=<id>`) its
//! goal, its budget against what the reader used, and the core's verdict; a won run (or ring) gets its link.
//! [`challenge_card`] draws it for every panel; [`challenge_view`] fills it for a simulated panel (the ring
//! fills it in `panels/ring/challenge.rs`). The words of each challenge are the panel's (`challenge.<id>`
//! and `challenge.<id>.goal` among its labels).
use yew::prelude::*;

use crate::core::scenario::{
    AnyRunSpec, Challenge, ChallengeStatus, DynScenario, FaultCounts, Judgement,
};
use crate::ui::browser;
use crate::ui::components::fields::button;
use crate::ui::components::sim_panel::{Run, SimAction};
use crate::ui::i18n::{fill, Lang, Texts};
use crate::ui::url::HashUrl;
use crate::ui::vocabulary::Vocabulary;

/// The link parameter naming the challenge being tried.
pub const CHALLENGE_PARAM: &str = "challenge";

/// The challenge `id` of `scenario`, if it has one.
pub fn find(scenario: &dyn DynScenario, id: Option<&str>) -> Option<&'static Challenge> {
    let id = id?;
    scenario.challenges().iter().find(|c| c.id == id)
}

/// The link of `challenge`'s starting run: its settings and seed, the challenge named, the reader's language
/// and presenter mode kept.
fn start_hash(scenario: &dyn DynScenario, challenge: &Challenge) -> String {
    let current = HashUrl::parse(&browser::current_hash());
    let mut url = HashUrl {
        path: scenario.slug().to_string(),
        params: Vec::new(),
    };
    for key in ["lang", "present", "embed"] {
        url.set(key, current.get(key).map(str::to_string));
    }
    for (key, value) in challenge.start {
        url.set(key, Some(value.to_string()));
    }
    url.set(CHALLENGE_PARAM, Some(challenge.id.to_string()));
    url.to_hash()
}

/// The address of the run on screen with its challenge: what a winner shares.
fn run_address(scenario: &dyn DynScenario, run: &Run, challenge: &Challenge, lang: Lang) -> String {
    let mut url = HashUrl {
        path: scenario.slug().to_string(),
        params: vec![("lang".into(), lang.code().into())],
    };
    url.params.extend(
        scenario
            .write(&AnyRunSpec {
                seed: Some(run.seed),
                ..run.spec.clone()
            })
            .0,
    );
    url.set(CHALLENGE_PARAM, Some(challenge.id.to_string()));
    format!("{}{}", page_address(), url.to_hash())
}

/// `used of max` for each kind of fault the budget allows.
fn budget_text(used: &FaultCounts, budget: &FaultCounts, texts: &Texts) -> String {
    let mut parts = budget_line(&[
        (texts.challenge_crashes, used.crashes, budget.crashes),
        (texts.challenge_pauses, used.pauses, budget.pauses),
        (
            texts.challenge_partitions,
            used.partitions,
            budget.partitions,
        ),
        (
            texts.challenge_message_faults,
            used.message_faults,
            budget.message_faults,
        ),
    ]);
    if used.other > 0 {
        parts.push(fill(texts.challenge_other, &[("used", &used.other)]));
    }
    parts.join(" · ")
}

/// What the card shows.
pub struct ChallengeView<'a> {
    pub scenario: &'static dyn DynScenario,
    pub run: &'a Run,
    /// The challenge the link names, if any.
    pub active: Option<&'static Challenge>,
    pub vocabulary: &'a Vocabulary,
    /// The panel's reducer: starting a challenge loads its run at once, even where the address it goes to
    /// is the one the app last navigated to (and so no change of link reloads it).
    pub dispatch: Callback<SimAction>,
}

/// One challenge offered in the card's list.
pub struct CardItem {
    pub id: &'static str,
    pub title: &'static str,
    pub start: Callback<MouseEvent>,
}

/// The challenge being tried, as the card shows it: the verdict is the core's.
pub struct ActiveCard {
    pub id: &'static str,
    pub title: &'static str,
    pub goal: &'static str,
    /// `used of max` per kind of change the budget allows.
    pub budget: String,
    pub status: ChallengeStatus,
    /// What to do while the goal is not met (the panel's own hint).
    pub open_hint: &'static str,
    /// The address of the won state (a run, or the ring's picture).
    pub won_link: Option<String>,
    /// Starts the challenge again.
    pub again: Callback<MouseEvent>,
}

/// The card every panel with challenges shows (simulated panels and the ring alike): the list to try, or
/// the one the link names with its goal, budget, verdict, the won link, start again and leave.
pub fn challenge_card(
    intro: &'static str,
    items: Vec<CardItem>,
    active: Option<ActiveCard>,
    texts: &Texts,
) -> Html {
    let body = match active {
        None => html! {
            <>
                <p class="muted small">{ intro }</p>
                <ul class="challenge-list">
                    { for items.into_iter().map(|c| html! {
                        <li data-testid="challenge-item" data-challenge={c.id}>
                            <strong>{ c.title }</strong>
                            { button("button", "challenge-start", texts.challenge_try, false, c.start) }
                        </li>
                    }) }
                </ul>
            </>
        },
        Some(active) => {
            let (status, message) = match active.status {
                ChallengeStatus::Open => ("open", active.open_hint),
                ChallengeStatus::Won => ("won", texts.challenge_won),
                ChallengeStatus::OverBudget => ("over-budget", texts.challenge_over),
                ChallengeStatus::SettingsChanged => ("settings-changed", texts.challenge_settings),
            };
            let leave = Callback::from(|_: MouseEvent| {
                let mut url = HashUrl::parse(&browser::current_hash());
                url.params.retain(|(k, _)| k != CHALLENGE_PARAM);
                browser::navigate_hash(&url.to_hash());
            });
            let won = active.status == ChallengeStatus::Won;
            html! {
                <div data-testid="challenge-active" data-challenge={active.id}>
                    <strong>{ active.title }</strong>
                    <p>{ active.goal }</p>
                    <p class="small" data-testid="challenge-budget">
                        { texts.challenge_budget }{ " " }{ active.budget }
                    </p>
                    <p class={crate::class_list!("small", "challenge-status", status)} data-testid="challenge-status"
                       data-status={status} role="status">
                        { if won { "✓ " } else { "" } }{ message }
                    </p>
                    if let Some(href) = active.won_link.filter(|_| won) {
                        <a class="challenge-link small" data-testid="challenge-link" href={href.clone()}>{ href }</a>
                    }
                    if matches!(active.status, ChallengeStatus::SettingsChanged | ChallengeStatus::OverBudget) {
                        { button("button", "challenge-start", texts.challenge_again, false, active.again) }
                    }
                    { button("button ghost", "challenge-leave", texts.challenge_leave, false, leave) }
                </div>
            }
        }
    };
    html! {
        <section class="card challenge" aria-labelledby="challenge-title">
            <h2 id="challenge-title">{ texts.challenges_title }</h2>
            { body }
        </section>
    }
}

/// The page's address without its hash: a won link is absolute, so it can be pasted anywhere.
pub fn page_address() -> String {
    web_sys::window()
        .and_then(|w| w.location().href().ok())
        .map(|href| href.split('#').next().unwrap_or_default().to_string())
        .unwrap_or_default()
}

/// `used of max` for each kind the budget allows (or that was used anyway): `(words, used, max)`.
pub fn budget_line(kinds: &[(&'static str, u32, u32)]) -> Vec<String> {
    kinds
        .iter()
        .filter(|(_, used, max)| *max > 0 || *used > 0)
        .map(|(what, used, max)| fill(what, &[("used", used), ("max", max)]))
        .collect()
}

/// The card of a simulated panel; nothing for a panel without challenges.
pub fn challenge_view(props: ChallengeView<'_>, texts: &Texts) -> Html {
    let scenario = props.scenario;
    let challenges = scenario.challenges();
    if challenges.is_empty() {
        return Html::default();
    }
    let words = props.vocabulary.words;
    let title = |c: &Challenge| words.label(&format!("challenge.{}", c.id)).unwrap_or(c.id);
    let goal = |c: &Challenge| {
        words
            .label(&format!("challenge.{}.goal", c.id))
            .unwrap_or("")
    };
    let start = |c: &'static Challenge| {
        let dispatch = props.dispatch.clone();
        Callback::from(move |_: MouseEvent| {
            let spec = c.start_spec(scenario);
            let seed = spec.seed.unwrap_or(0);
            dispatch.emit(SimAction::Load {
                spec: AnyRunSpec { seed: None, ..spec },
                seed,
                autoplay: false,
            });
            browser::navigate_hash(&start_hash(scenario, c));
        })
    };
    let items = challenges
        .iter()
        .map(|c| CardItem {
            id: c.id,
            title: title(c),
            start: start(c),
        })
        .collect();
    let active = props.active.map(|challenge| {
        let run = props.run;
        let judged: Judgement = challenge.judge(scenario, &run.spec, run);
        ActiveCard {
            id: challenge.id,
            title: title(challenge),
            goal: goal(challenge),
            budget: budget_text(&judged.used, &challenge.budget, texts),
            status: judged.status,
            open_hint: texts.challenge_open,
            won_link: (judged.status == ChallengeStatus::Won)
                .then(|| run_address(scenario, run, challenge, props.vocabulary.lang)),
            again: start(challenge),
        }
    });
    challenge_card(texts.challenge_intro, items, active, texts)
}

#[cfg(test)]
mod tests {
    use crate::ui::i18n::Lang;
    use crate::ui::panels::{PanelKind, PANELS};

    #[test]
    fn every_challenge_has_a_title_and_a_goal_in_both_languages() {
        for entry in &PANELS {
            let PanelKind::Simulated(spec) = &entry.kind else {
                continue;
            };
            for challenge in spec.scenario.challenges() {
                for lang in [Lang::En, Lang::ZhCn] {
                    let words = (spec.words)(lang);
                    for key in [
                        format!("challenge.{}", challenge.id),
                        format!("challenge.{}.goal", challenge.id),
                    ] {
                        assert!(
                            words.label(&key).is_some_and(|w| !w.is_empty()),
                            "{} has no {key} in {lang}",
                            entry.slug
                        );
                    }
                }
            }
        }
    }
}
