//! The ring's tour driver. The ring is not a run: a step opens on the cluster before its change (the link's
//! `b=` as the cluster, and a lookup showing the owner alone), and playing or revealing it applies the
//! step's own link, so the keys move and the replicas appear; a question reads the scene on screen.
use std::rc::Rc;

use yew::prelude::*;

use super::settings::RingSettings;
use super::state::RingAction;
use crate::core::ring::{tour::tours, Scene};
use crate::core::share::{Params, SettingsReader};
use crate::ui::components::tour::{meta, TourBar, TourTexts};
use crate::ui::components::use_lang;
use crate::ui::i18n::Lang;

/// The ring tour's words.
pub fn texts(lang: Lang) -> &'static TourTexts {
    super::tour_strings::texts(lang)
}

fn read(params: &Params) -> RingSettings {
    RingSettings::from_params(&mut SettingsReader::new(params))
}

/// Whether `link` opens a step of the ring's tour.
pub fn opens_step(link: &Params) -> bool {
    link.get("tour").is_some() && crate::ui::components::tour::from_link(tours(), link).is_some()
}

/// The ids of the ring's tours.
pub fn tour_ids() -> Vec<&'static str> {
    tours().iter().map(|t| t.id).collect()
}

/// A step as it opens: before its change.
pub fn opening(link: &Params) -> RingSettings {
    let mut params = link.clone();
    let before: Vec<String> = params
        .get_all("b")
        .into_iter()
        .map(str::to_string)
        .collect();
    if !before.is_empty() {
        params.set_all("n", &before);
        params.set("b", None);
    }
    if params.get("key").is_some() {
        params.set("r", Some("1".into()));
    }
    read(&params)
}

/// A step after its change: its own link.
pub fn revealed(link: &Params) -> RingSettings {
    read(link)
}

#[derive(Properties, PartialEq)]
pub struct RingTourProps {
    pub link: Params,
    pub settings: RingSettings,
    pub model: Rc<Scene>,
    pub dispatch: Callback<RingAction>,
}

#[component]
pub fn RingTour(props: &RingTourProps) -> Html {
    let lang = use_lang();
    let tours = tours();
    let shown = use_memo((), move |_| meta(tours));
    let load = |make: fn(&Params) -> RingSettings| {
        let dispatch = props.dispatch.clone();
        Callback::from(move |(t, s): (usize, usize)| {
            dispatch.emit(RingAction::Load(make(&tours[t].steps[s].params())))
        })
    };
    let answer = {
        let model = props.model.clone();
        Callback::from(move |(t, s): (usize, usize)| {
            let question = tours[t].steps[s].question.as_ref()?;
            Some(question.answer(&model, 0))
        })
    };
    let can_play = {
        let settings = props.settings.clone();
        Callback::from(move |(t, s): (usize, usize)| {
            revealed(&tours[t].steps[s].params()) != settings
        })
    };
    html! {
        <TourBar tours={shown} texts={texts(lang)} link={props.link.clone()} on_open={load(opening)}
                 on_play={load(revealed)} {answer} {can_play} />
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::ring::{key_set, KeyHashes};
    use crate::core::tour::Answer;
    use crate::ui::panels::tours::{check_words, keys};

    fn scene(settings: &RingSettings) -> Scene {
        Scene::compute(settings.scene_settings(), None)
    }

    /// The keys moved, read again without the scene: each key's owner by name, before and after.
    fn moved_by_name(settings: &RingSettings) -> u64 {
        let scene = settings.scene_settings();
        let kind = scene.algorithm.with_settings(
            crate::core::ring::RingConfig {
                vnodes: scene.vnodes,
                hash_mode: scene.hash_mode,
            },
            scene.epsilon,
        );
        let before = scene.before.clone().unwrap();
        let keys = key_set(scene.key_count, scene.key_seed);
        let hashes = KeyHashes::new(&keys, kind.hash_mode());
        let (a, b) = (
            kind.owners(&before, &hashes),
            kind.owners(&scene.cluster, &hashes),
        );
        let name = |cluster: &crate::core::ring::Cluster, owner: Option<u32>| {
            owner.map(|o| cluster.nodes()[o as usize].name.clone())
        };
        a.iter()
            .zip(&b)
            .filter(|(x, y)| name(&before, **x) != name(&scene.cluster, **y))
            .count() as u64
    }

    #[test]
    fn every_ring_step_reads_cleanly_and_has_its_words() {
        for tour in tours() {
            assert!((5..=10).contains(&tour.steps.len()));
            check_words(&keys(tour), texts, "ring");
            for step in tour.steps {
                let params = step.params();
                let mut reader = SettingsReader::new(&params);
                let _ = RingSettings::from_params(&mut reader);
                assert!(
                    reader.finish(&[]).is_empty(),
                    "{}: the link reads cleanly",
                    step.key
                );
            }
        }
    }

    #[test]
    fn answers_agree_with_a_second_reading_and_follow_the_step() {
        let tour = &tours()[0];
        let step = |key: &str| tour.steps.iter().find(|s| s.key == key).unwrap();
        let answer = |key: &str, settings: &RingSettings| {
            step(key)
                .question
                .as_ref()
                .unwrap()
                .answer(&scene(settings), 0)
        };
        // Keys moved when cache-3 fails: modulo moves most of them, the ring only cache-3's share.
        for key in ["modulo", "ring"] {
            let after = revealed(&step(key).params());
            assert_eq!(
                answer(key, &after),
                Answer::Number(moved_by_name(&after)),
                "{key}"
            );
        }
        let (Answer::Number(modulo), Answer::Number(ring)) = (
            answer("modulo", &revealed(&step("modulo").params())),
            answer("ring", &revealed(&step("ring").params())),
        ) else {
            panic!("numbers")
        };
        let cache_3 = scene(&opening(&step("ring").params()))
            .primary
            .stats
            .key_counts[2] as u64;
        assert_eq!(ring, cache_3, "only the failed node's keys move on a ring");
        assert!(modulo > 1_500, "modulo moves most keys: {modulo}");
        // One point per node is uneven; 200 virtual nodes are even.
        let spread = |key: &str| {
            let settings = revealed(&step(key).params());
            let ratio = scene(&settings)
                .primary
                .stats
                .key_counts
                .iter()
                .copied()
                .max()
                .unwrap() as f64
                / (settings.key_count as f64 / 5.0);
            (answer(key, &settings), ratio)
        };
        let (one, one_ratio) = spread("one-point");
        let (many, many_ratio) = spread("vnodes");
        assert_ne!(one, many);
        assert!(
            one_ratio > 1.25 && many_ratio < 1.25,
            "{one_ratio} {many_ratio}"
        );
        // The replica that takes over: fail the owner and look the key up again.
        let replicas = revealed(&step("replicas").params());
        let owner = scene(&replicas).primary.lookup.as_ref().unwrap().preference[0];
        let mut failed = replicas.clone();
        failed.nodes[owner as usize].state = crate::core::ring::NodeState::Down;
        let next = scene(&failed).primary.lookup.as_ref().unwrap().preference[0];
        assert_eq!(answer("replicas", &replicas), Answer::Choice(next));
        // Bounded loads keep every node within its capacity.
        assert_eq!(
            answer("bounded", &revealed(&step("bounded").params())),
            Answer::Choice(1)
        );
    }
}
