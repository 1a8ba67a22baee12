//! Components shared by every panel.
pub mod animation;
pub mod event_text;
pub mod explorer;
pub mod faults;
pub mod icons;
pub mod keyboard;
pub mod link_sync;
pub mod network_diagram;
pub mod sequence;
pub mod share;
pub mod sim_panel;
pub mod svg_point;
pub mod transport;
pub mod url_notice;

use yew::prelude::*;

use super::i18n::Lang;

/// The language from the app's context (English outside one, e.g. in a component test).
#[hook]
pub fn use_lang() -> Lang {
    use_context::<Lang>().unwrap_or_default()
}
