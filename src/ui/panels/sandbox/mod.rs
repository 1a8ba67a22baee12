//! The sandbox panel: the kernel's example protocol (ping-pong with acknowledgements) under a lossy,
//! duplicating network. Everything but its toolbar and node captions comes from the shared simulated panel;
//! this is the worked example of "Adding a protocol" in ARCHITECTURE.md.
mod strings;
pub mod tour_strings;

use yew::prelude::*;

use crate::core::sandbox::{
    PingPongNote, SandboxScenario, SandboxSettings, Variant, NODES_MAX, NODES_MIN,
};
use crate::core::scenario::AnySettings;
use crate::core::sim::NodeStatus;
use crate::ui::components::sim_panel::{Faults, PanelCtx, PanelParts, SimPanelSpec};
use crate::ui::i18n::fill;

/// The registry's entry for the sandbox.
pub static PANEL: SimPanelSpec = SimPanelSpec {
    scenario: &SandboxScenario,
    words: strings::words,
    parts: &SandboxParts,
};

struct SandboxParts;

impl PanelParts for SandboxParts {
    fn toolbar(&self, ctx: &PanelCtx<'_>) -> Html {
        let words = strings::texts(ctx.lang);
        let settings = ctx
            .settings::<SandboxSettings>()
            .copied()
            .unwrap_or_default();
        let change = |make: fn(SandboxSettings, &str) -> Option<(SandboxSettings, Faults)>| {
            let on_settings = ctx.on_settings.clone();
            Callback::from(move |event: Event| {
                let input: web_sys::HtmlInputElement = event.target_unchecked_into();
                if let Some((next, faults)) = make(settings, &input.value()) {
                    on_settings.emit((AnySettings::new(next), faults));
                }
            })
        };
        // Actions name nodes, so a new node count starts afresh; a new variant keeps the faults.
        let on_nodes = change(|s, value| {
            let nodes = value.parse::<u32>().ok()?.clamp(NODES_MIN, NODES_MAX);
            Some((SandboxSettings { nodes, ..s }, Faults::Preset))
        });
        let on_variant = change(|s, value| {
            let variant = Variant::ALL.into_iter().find(|v| v.code() == value)?;
            Some((SandboxSettings { variant, ..s }, Faults::Keep))
        });
        let variant = settings.variant;
        let note = if variant.is_broken() {
            words.variant_broken_note
        } else {
            words.variant_correct_note
        };
        html! {
            <>
                <label class="field inline">
                    <span>{ words.variant }</span>
                    <select data-testid="variant" onchange={on_variant} title={note}>
                        <option value="correct" selected={!variant.is_broken()}>{ words.variant_correct }</option>
                        <option value="broken" selected={variant.is_broken()}>{ words.variant_broken }</option>
                    </select>
                </label>
                <label class="field inline">
                    <span>{ ctx.texts.nodes_label }</span>
                    <input type="number" data-testid="nodes" min={NODES_MIN.to_string()} max={NODES_MAX.to_string()}
                           value={settings.nodes.to_string()} onchange={on_nodes} />
                </label>
                <p class="muted small variant-note">{ note }</p>
            </>
        }
    }

    fn captions(&self, ctx: &PanelCtx<'_>) -> Vec<(String, String)> {
        let words = strings::texts(ctx.lang);
        let notes = ctx.run().notes::<PingPongNote>();
        ctx.view
            .nodes
            .iter()
            .map(|node| {
                let note = node.note.and_then(|i| notes.get(i as usize));
                let (pings, pongs) = note.map_or((0, 0), |n| (n.pings_sent, n.pongs_counted));
                let figures = fill(words.node_fields, &[("pings", &pings), ("pongs", &pongs)]);
                let state = match note {
                    Some(note) if node.status == NodeStatus::Up => ctx
                        .vocabulary
                        .label(crate::core::sim::Note::state(note))
                        .to_string(),
                    _ => String::new(),
                };
                (figures, state)
            })
            .collect()
    }
}
