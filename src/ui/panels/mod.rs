//! The panel registry: every panel in tab order, with how it reads its link and how it draws. The tabs,
//! routes, the not-found page, the share bar and run-file import all come from this list, so adding a panel
//! is one line here (and its folders: see ARCHITECTURE.md, "Adding a protocol").
pub mod failures;
pub mod lock;
pub mod not_found;
pub mod ring;
pub mod sandbox;
pub mod tours;
pub mod txn;

use yew::prelude::*;

use crate::core::share::{Params, SettingsReader, ShareError};
use crate::ui::components::sim_panel::{SimPanel, SimPanelSpec, SpecRef};
use crate::ui::i18n::Lang;
use crate::ui::route::APP_PARAMS;

/// One panel of the app.
pub struct PanelEntry {
    /// The route and test-id suffix: `#/ring`, `nav-ring`, `panel-ring`.
    pub slug: &'static str,
    pub kind: PanelKind,
}

/// What kind of page a panel is.
pub enum PanelKind {
    /// A protocol run by the simulator: the shared simulated-panel component with the panel's own parts.
    Simulated(&'static SimPanelSpec),
    /// The consistent-hashing ring (no simulation: placements computed from settings).
    Ring,
}

/// Every panel, in tab order.
pub static PANELS: [PanelEntry; 5] = [
    PanelEntry {
        slug: "sandbox",
        kind: PanelKind::Simulated(&sandbox::PANEL),
    },
    PanelEntry {
        slug: "ring",
        kind: PanelKind::Ring,
    },
    PanelEntry {
        slug: "failures",
        kind: PanelKind::Simulated(&failures::PANEL),
    },
    PanelEntry {
        slug: "lock",
        kind: PanelKind::Simulated(&lock::PANEL),
    },
    PanelEntry {
        slug: "2pc",
        kind: PanelKind::Simulated(&txn::PANEL),
    },
];

impl PanelEntry {
    /// The tab's label.
    pub fn title(&self, lang: Lang) -> &'static str {
        match &self.kind {
            PanelKind::Simulated(spec) => (spec.words)(lang).nav,
            PanelKind::Ring => lang.texts().nav_ring,
        }
    }

    /// The panel's title and introduction, as its page heads them (the skeleton shows them too).
    pub fn heading(&self, lang: Lang) -> (&'static str, &'static str) {
        match &self.kind {
            PanelKind::Simulated(spec) => {
                let words = (spec.words)(lang);
                (words.title, words.intro)
            }
            PanelKind::Ring => {
                let texts = lang.texts();
                (texts.ring_title, texts.ring_intro)
            }
        }
    }

    /// What the link asks of this panel that it cannot do (the app shows these above the panel).
    pub fn link_problems(&self, link: &Params) -> Vec<ShareError> {
        match &self.kind {
            PanelKind::Simulated(spec) => {
                let mut problems = spec.scenario.read(link, &APP_PARAMS).1;
                problems.extend(tours::sim_link_problem(self.slug, link));
                problems
            }
            PanelKind::Ring => {
                let mut reader = SettingsReader::new(link);
                let _ = ring::RingSettings::from_params(&mut reader);
                let mut problems = reader.finish(&APP_PARAMS);
                problems.extend(tours::link_problem(&ring::tour_ids(), link));
                problems
            }
        }
    }

    /// The panel for a link.
    pub fn view(&'static self, link: Params) -> Html {
        match &self.kind {
            // Keyed by panel: every simulated panel is a `SimPanel`, so without a key switching tabs would
            // keep the previous panel's run.
            PanelKind::Simulated(spec) => {
                html! { <SimPanel key={self.slug} spec={SpecRef(spec)} {link} /> }
            }
            PanelKind::Ring => {
                let mut reader = SettingsReader::new(&link);
                let settings = ring::RingSettings::from_params(&mut reader);
                html! { <ring::RingPanel {settings} {link} /> }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every simulated panel names every code of its legend, in both languages: shared components label
    /// a protocol's kinds, states, roles, commands and properties only through these words.
    #[test]
    fn every_legend_code_has_words_in_both_languages() {
        for entry in &PANELS {
            let PanelKind::Simulated(spec) = &entry.kind else {
                continue;
            };
            let legend = spec.scenario.legend();
            let codes = legend
                .messages
                .iter()
                .map(|e| e.code)
                .chain(legend.states.iter().map(|e| e.code))
                .chain(legend.roles.iter().copied())
                .chain(legend.commands.iter().map(|c| c.code))
                .chain(legend.properties.iter().copied());
            for code in codes {
                for lang in [Lang::En, Lang::ZhCn] {
                    let words = (spec.words)(lang);
                    assert!(
                        words.label(code).is_some_and(|l| !l.is_empty()),
                        "{}: no {lang} words for “{code}”",
                        entry.slug
                    );
                    assert!(!words.title.is_empty() && !words.nav.is_empty());
                }
            }
            assert_eq!(
                spec.scenario.slug(),
                entry.slug,
                "one name for route and scenario"
            );
        }
    }

    #[test]
    fn slugs_are_unique_and_link_safe() {
        for (i, entry) in PANELS.iter().enumerate() {
            assert!(entry
                .slug
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit()));
            assert!(PANELS[i + 1..].iter().all(|other| other.slug != entry.slug));
        }
    }
}
