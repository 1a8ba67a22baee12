//! What a panel calls things, in the reader's language, and how the shared views draw them: the words for a
//! protocol's legend codes, so the network drawing, sequence diagram, event log and action list label any
//! protocol without naming its message kinds or states.
use crate::core::sim::{Legend, NodeRole, StyleRole};
use crate::ui::i18n::Lang;

/// A panel's own words in one language: its tab, title and introduction, and a label for every code of its
/// legend (message kinds, states, roles, commands, properties). Each panel's `strings.rs` has one per
/// language; a test checks that every legend code has its label in both.
pub struct PanelWords {
    pub nav: &'static str,
    pub title: &'static str,
    pub intro: &'static str,
    /// `(code, label)`: `("pong", "pong")`, `("waiting", "waiting for pongs")`.
    pub labels: &'static [(&'static str, &'static str)],
}

impl PanelWords {
    /// The label of `code`, if the panel has one.
    pub fn label(&self, code: &str) -> Option<&'static str> {
        self.labels
            .iter()
            .find(|(c, _)| *c == code)
            .map(|(_, l)| *l)
    }
}

/// A protocol's legend with its words in the reader's language: what shared components label and colour with.
#[derive(Clone, Copy)]
pub struct Vocabulary {
    pub legend: &'static Legend,
    pub words: &'static PanelWords,
    pub lang: Lang,
}

/// Vocabularies are statics: equal when they are the same ones.
impl PartialEq for Vocabulary {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self.legend, other.legend)
            && std::ptr::eq(self.words, other.words)
            && self.lang == other.lang
    }
}

/// How many colour-and-dash styles the sequence diagram has (`seq-k0` ... `seq-k5` in the stylesheet).
pub const STYLE_SLOTS: usize = 6;

/// A style role's slot in the palette: requests blue, replies orange, yes green, no vermilion, caution
/// sky-blue, neutral grey; heartbeats share the requests' blue (they are the failure detector's probes).
pub fn style_slot(role: StyleRole) -> usize {
    match role {
        StyleRole::Request | StyleRole::Heartbeat => 0,
        StyleRole::Reply => 1,
        StyleRole::Positive => 2,
        StyleRole::Negative => 3,
        StyleRole::Caution => 4,
        StyleRole::Neutral => 5,
    }
}

impl Vocabulary {
    /// The words for a code, or the code itself if the panel has none (never empty).
    pub fn label<'a>(&self, code: &'a str) -> &'a str {
        self.words.label(code).unwrap_or(code)
    }

    /// The palette slot of a message kind.
    pub fn message_slot(&self, kind: &str) -> usize {
        style_slot(self.legend.message_role(kind))
    }

    /// A message kind's style role.
    pub fn message_role(&self, kind: &str) -> StyleRole {
        self.legend.message_role(kind)
    }

    /// A node state's style role.
    pub fn state_role(&self, state: &str) -> StyleRole {
        self.legend.state_role(state)
    }

    /// A node's name: `n3` in a run of look-alike nodes (role `node`); the role alone for the only node of
    /// its role ("coordinator"); else its role and number ("P2", "参与者 2").
    pub fn node_name(&self, role: &NodeRole, roles: &[NodeRole]) -> String {
        if role.role == "node" {
            return role.node.to_string();
        }
        let label = self.label(role.role);
        if roles.iter().filter(|r| r.role == role.role).count() == 1 {
            return label.to_string();
        }
        format!("{label}{}", role.ordinal)
    }
}
