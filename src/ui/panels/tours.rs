//! Which simulated panels have guided tours: the core's steps and the panel's words for them, by slug.
//! The ring, not a simulated panel, keeps its tour in its own folder.
use crate::core::share::{Params, ShareError};
use crate::ui::components::tour::{from_link, SimTours, TourTexts};
use crate::ui::i18n::Lang;

static SANDBOX: SimTours = SimTours {
    tours: crate::core::sandbox::tour::tours,
    texts: super::sandbox::tour_strings::texts,
};

static FAILURES: SimTours = SimTours {
    tours: crate::core::detect::tour::tours,
    texts: super::failures::tour_strings::texts,
};

static LOCK: SimTours = SimTours {
    tours: crate::core::lock::tour::tours,
    texts: super::lock::tour_strings::texts,
};

static TXN: SimTours = SimTours {
    tours: crate::core::txn::tour::tours,
    texts: super::txn::tour_strings::texts,
};

/// The tours of the simulated panel `slug`, if it has any.
pub fn sim_tours(slug: &str) -> Option<&'static SimTours> {
    match slug {
        "sandbox" => Some(&SANDBOX),
        "failures" => Some(&FAILURES),
        "lock" => Some(&LOCK),
        "2pc" => Some(&TXN),
        _ => None,
    }
}

/// Whether `link` opens a step of one of the panel's tours (whose run the tour bar then loads).
pub fn opens_step(slug: &str, link: &Params) -> bool {
    link.get("tour").is_some()
        && sim_tours(slug).is_some_and(|tours| from_link((tours.tours)(), link).is_some())
}

/// A link's `tour` that names no tour of the panel: said in the notice, and nothing opens.
pub fn link_problem(ids: &[&'static str], link: &Params) -> Option<ShareError> {
    let id = link.get("tour")?;
    (!ids.contains(&id)).then(|| ShareError::UnknownChoice {
        param: "tour".into(),
        value: id.chars().take(60).collect(),
        choices: ids.join(", "),
        fallback: "—".into(),
    })
}

/// The link problem of a simulated panel's tour parameter.
pub fn sim_link_problem(slug: &str, link: &Params) -> Option<ShareError> {
    let tours = (sim_tours(slug)?.tours)();
    let ids: Vec<&'static str> = tours.iter().map(|t| t.id).collect();
    link_problem(&ids, link)
}

/// Every text key a tour uses: the tour's id, each step's caption and title, each question and option.
pub fn keys<R: ?Sized>(tour: &crate::core::tour::Tour<R>) -> Vec<String> {
    use crate::core::tour::QuestionForm;
    let mut keys = vec![tour.id.to_string()];
    for step in tour.steps {
        keys.push(step.key.to_string());
        keys.push(format!("{}.title", step.key));
        if let Some(question) = &step.question {
            keys.push(question.key.to_string());
            if let QuestionForm::Choice(options) = question.form {
                keys.extend(options.iter().map(|o| o.to_string()));
            }
        }
    }
    keys
}

/// Every key has its words in both languages, and no entry is left over from a deleted step.
pub fn check_words(keys: &[String], texts: fn(Lang) -> &'static TourTexts, what: &str) {
    for lang in [Lang::En, Lang::ZhCn] {
        let table = texts(lang);
        for key in keys {
            assert!(
                table.get(key).is_some_and(|t| !t.trim().is_empty()),
                "{what}: no {lang:?} words for tour key “{key}”"
            );
        }
        for (key, _) in table.entries {
            assert!(
                keys.iter().any(|k| k == key),
                "{what}: {lang:?} has words for unused key “{key}”"
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::panels::{PanelKind, PANELS};

    #[test]
    fn every_tour_step_has_its_words_in_both_languages() {
        for entry in &PANELS {
            let PanelKind::Simulated(_) = entry.kind else {
                continue;
            };
            let Some(tours) = sim_tours(entry.slug) else {
                continue;
            };
            for tour in (tours.tours)() {
                check_words(&keys(tour), tours.texts, entry.slug);
                assert!(
                    tour.steps.iter().any(|s| s.question.is_some()),
                    "{}: a question",
                    entry.slug
                );
            }
        }
    }

    #[test]
    fn an_unknown_tour_is_reported_and_a_known_one_opens() {
        let link = |text: &str| crate::core::tour::link(text);
        assert!(matches!(
            sim_link_problem("2pc", &link("tour=nope&step=2")),
            Some(ShareError::UnknownChoice { param, .. }) if param == "tour"
        ));
        assert!(sim_link_problem("2pc", &link("tour=basics&step=2")).is_none());
        let tours = (sim_tours("2pc").unwrap().tours)();
        assert_eq!(from_link(tours, &link("tour=basics&step=3")), Some((0, 2)));
        // A step out of range opens the nearest one; a step that is not a number the first.
        assert_eq!(
            from_link(tours, &link("tour=basics&step=99")),
            Some((0, tours[0].steps.len() - 1))
        );
        assert_eq!(from_link(tours, &link("tour=basics&step=x")), Some((0, 0)));
        assert_eq!(from_link(tours, &link("tour=nope")), None);
    }
}
