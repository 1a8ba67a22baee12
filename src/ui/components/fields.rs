//! Toolbar fields the panels share, so a preset or variant picker looks and reads alike on every panel.

use yew::prelude::*;

/// A labelled `<select>`: `choices` are (code, words, chosen); the change handler reads the chosen code.
pub fn select_field(
    label: &str,
    test_id: &'static str,
    choices: impl IntoIterator<Item = (&'static str, String, bool)>,
    on_change: Callback<Event>,
) -> Html {
    html! {
        <label class="field inline">
            <span>{ label.to_string() }</span>
            <select data-testid={test_id} onchange={on_change}>
                { for choices.into_iter().map(|(code, name, chosen)| html! {
                    <option value={code} selected={chosen}>{ name }</option>
                }) }
            </select>
        </label>
    }
}

/// A button that does one thing when clicked: the app's one way of writing it, so each button is a call
/// rather than another copy of the element's construction in the WebAssembly.
pub fn button(
    class: &'static str,
    test_id: &'static str,
    label: &str,
    disabled: bool,
    onclick: Callback<MouseEvent>,
) -> Html {
    html! {
        <button type="button" {class} data-testid={test_id} {disabled} {onclick}>{ label.to_string() }</button>
    }
}

/// A labelled range slider with its value beside it; `limits` are (min, max, step) as the input writes them.
pub fn slider(
    label: &str,
    test_id: &'static str,
    limits: (&'static str, &'static str, &'static str),
    value: String,
    shown: String,
    onchange: Callback<Event>,
) -> Html {
    let (min, max, step) = limits;
    html! {
        <label class="slider">
            <span>{ label.to_string() }</span>
            <input type="range" data-testid={test_id} {min} {max} {step} {value} {onchange} />
            <output>{ shown }</output>
        </label>
    }
}

/// A panel's presets in its string tables: `(link code, name, story)`, in the order its toolbar lists them.
#[derive(Clone, Copy)]
pub struct PresetTexts(pub &'static [(&'static str, &'static str, &'static str)]);

impl PresetTexts {
    /// `(code, name)` of each preset (`PanelParts::presets`).
    pub fn names(self) -> Vec<(&'static str, &'static str)> {
        self.0
            .iter()
            .map(|(code, name, _)| (*code, *name))
            .collect()
    }

    /// The preset picker's choices, `current` chosen.
    pub fn choices(self, current: &str) -> impl Iterator<Item = (&'static str, String, bool)> + '_ {
        self.0
            .iter()
            .map(move |(code, name, _)| (*code, name.to_string(), *code == current))
    }

    /// The story told under the toolbar for `code` (empty for an unknown one).
    pub fn story(self, code: &str) -> &'static str {
        self.0
            .iter()
            .find(|(c, ..)| *c == code)
            .map_or("", |(_, _, story)| *story)
    }
}

/// A variant's words from a panel's (code, name) table, tagged correct or broken: "lease (broken)".
pub fn variant_words(
    names: &[(&'static str, &'static str)],
    code: &'static str,
    (broken, correct_word, broken_word): (bool, &str, &str),
) -> String {
    let name = names
        .iter()
        .find(|(c, _)| *c == code)
        .map_or(code, |(_, name)| *name);
    let tag = if broken { broken_word } else { correct_word };
    format!("{name} ({tag})")
}

#[cfg(test)]
mod tests {
    use super::{variant_words, PresetTexts};

    #[test]
    fn a_preset_table_names_chooses_and_tells_its_stories() {
        let table = PresetTexts(&[("a", "First", "story a"), ("b", "Second", "story b")]);
        assert_eq!(table.names(), vec![("a", "First"), ("b", "Second")]);
        let chosen: Vec<_> = table.choices("b").map(|(code, _, on)| (code, on)).collect();
        assert_eq!(chosen, vec![("a", false), ("b", true)]);
        assert_eq!(table.story("a"), "story a");
        assert_eq!(table.story("zzz"), "");
    }

    #[test]
    fn a_variant_reads_its_name_and_verdict_and_falls_back_to_its_code() {
        let names = [("lease", "lease"), ("fenced", "lease + fencing token")];
        assert_eq!(
            variant_words(&names, "fenced", (false, "correct", "broken")),
            "lease + fencing token (correct)"
        );
        assert_eq!(
            variant_words(&names, "cts", (true, "correct", "broken")),
            "cts (broken)"
        );
    }
}
