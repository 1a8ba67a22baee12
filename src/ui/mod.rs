//! The Yew app: renders a simulation's trace at a cursor and turns clicks into actions for the core.
//!
//! **Architecture Invariant:** no algorithm lives here; components ask `crate::core` and draw.
pub mod app;
pub mod browser;
pub mod components;
pub mod i18n;
pub mod numbers;
pub mod panels;
pub mod panic_banner;
pub mod problems;
pub mod route;
pub mod url;
pub mod vocabulary;

pub use app::App;

/// Mounts the app on `<body>` with the panic banner installed first.
pub fn start() {
    panic_banner::install();
    yew::Renderer::<App>::new().render();
}
