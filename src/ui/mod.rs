//! The Yew app: renders a simulation's trace at a cursor and turns clicks into actions for the core.
//!
//! **Architecture Invariant:** no algorithm lives here; components ask `crate::core` and draw.
pub mod app;
pub mod browser;
pub mod components;
pub mod embed;
pub mod i18n;
pub mod numbers;
pub mod panels;
pub mod panic_banner;
pub mod presenter;
pub mod problems;
pub mod route;
pub mod skeleton;
pub mod url;
pub mod vocabulary;
pub mod workers;

pub use app::App;

/// Mounts the app into `#app`, beside the static skeleton it then removes (see [`skeleton`]), with the
/// panic banner installed first. A page without `#app` gets the app on `<body>`.
pub fn start() {
    // The checker's workers run this module too (see [`workers`]); they have no page to mount.
    if web_sys::window().is_none() {
        return;
    }
    panic_banner::install();
    match web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(skeleton::ROOT_ID))
    {
        Some(root) => yew::Renderer::<App>::with_root(root).render(),
        None => yew::Renderer::<App>::new().render(),
    };
}
