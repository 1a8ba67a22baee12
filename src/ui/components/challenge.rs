//! The challenges card of a simulated panel: the panel's challenges to try, and for the one the link names
//! (`challenge=<id>`) its goal, its budget against the faults the run uses, and the core's verdict on the run
//! on screen; a won run gets its link. The words of each challenge are the panel's (`challenge.<id>` and
//! `challenge.<id>.goal` among its labels).
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
    let page = web_sys::window()
        .and_then(|w| w.location().href().ok())
        .map(|href| href.split('#').next().unwrap_or_default().to_string())
        .unwrap_or_default();
    format!("{page}{}", url.to_hash())
}

/// `used of max` for each kind of fault the budget allows.
fn budget_text(used: &FaultCounts, budget: &FaultCounts, texts: &Texts) -> String {
    let kinds = [
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
    ];
    let mut parts: Vec<String> = kinds
        .iter()
        .filter(|(_, used, max)| *max > 0 || *used > 0)
        .map(|(what, used, max)| fill(what, &[("used", used), ("max", max)]))
        .collect();
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

/// The card; nothing for a panel without challenges.
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
    let body = match props.active {
        None => html! {
            <>
                <p class="muted small">{ texts.challenge_intro }</p>
                <ul class="challenge-list">
                    { for challenges.iter().map(|c| html! {
                        <li data-testid="challenge-item" data-challenge={c.id}>
                            <strong>{ title(c) }</strong>
                            { button("button", "challenge-start", texts.challenge_try, false, start(c)) }
                        </li>
                    }) }
                </ul>
            </>
        },
        Some(challenge) => {
            let run = props.run;
            let judged: Judgement = challenge.judge(scenario, &run.spec, run);
            let (status, message) = match judged.status {
                ChallengeStatus::Open => ("open", texts.challenge_open),
                ChallengeStatus::Won => ("won", texts.challenge_won),
                ChallengeStatus::OverBudget => ("over-budget", texts.challenge_over),
                ChallengeStatus::SettingsChanged => ("settings-changed", texts.challenge_settings),
            };
            let leave = Callback::from(|_: MouseEvent| {
                let mut url = HashUrl::parse(&browser::current_hash());
                url.params.retain(|(k, _)| k != CHALLENGE_PARAM);
                browser::navigate_hash(&url.to_hash());
            });
            html! {
                <div data-testid="challenge-active" data-challenge={challenge.id}>
                    <strong>{ title(challenge) }</strong>
                    <p>{ goal(challenge) }</p>
                    <p class="small" data-testid="challenge-budget">
                        { texts.challenge_budget }{ " " }{ budget_text(&judged.used, &challenge.budget, texts) }
                    </p>
                    <p class={crate::class_list!("small", "challenge-status", status)} data-testid="challenge-status"
                       data-status={status} role="status">
                        { if judged.status == ChallengeStatus::Won { "✓ " } else { "" } }{ message }
                    </p>
                    if judged.status == ChallengeStatus::Won {
                        { { let href = run_address(scenario, run, challenge, props.vocabulary.lang);
                            html! { <a class="challenge-link small" data-testid="challenge-link" href={href.clone()}>{ href }</a> } } }
                    }
                    if matches!(judged.status, ChallengeStatus::SettingsChanged | ChallengeStatus::OverBudget) {
                        { button("button", "challenge-start", texts.challenge_again, false, start(challenge)) }
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
