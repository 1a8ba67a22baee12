//! Inline SVG icons: no icon font to download, and no reliance on symbol glyphs a system may lack.
use yew::prelude::*;

fn icon(path: &'static str) -> Html {
    html! {
        <svg class="icon" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
            <path d={path} fill="currentColor" />
        </svg>
    }
}

pub fn play() -> Html {
    icon("M7 4.5v15a1 1 0 0 0 1.5.86l12.5-7.5a1 1 0 0 0 0-1.72L8.5 3.64A1 1 0 0 0 7 4.5z")
}

pub fn pause() -> Html {
    icon("M6 4h4v16H6zM14 4h4v16h-4z")
}

pub fn step_forward() -> Html {
    icon("M5 5.5v13a1 1 0 0 0 1.5.85L16 13.5V19h3V5h-3v5.5L6.5 4.65A1 1 0 0 0 5 5.5z")
}

pub fn step_back() -> Html {
    icon("M19 5.5v13a1 1 0 0 1-1.5.85L8 13.5V19H5V5h3v5.5l9.5-5.85A1 1 0 0 1 19 5.5z")
}

pub fn dice() -> Html {
    icon("M5 3h14a2 2 0 0 1 2 2v14a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2zm2.5 3a1.5 1.5 0 1 0 0 3 1.5 1.5 0 0 0 0-3zm9 0a1.5 1.5 0 1 0 0 3 1.5 1.5 0 0 0 0-3zM12 10.5a1.5 1.5 0 1 0 0 3 1.5 1.5 0 0 0 0-3zM7.5 15a1.5 1.5 0 1 0 0 3 1.5 1.5 0 0 0 0-3zm9 0a1.5 1.5 0 1 0 0 3 1.5 1.5 0 0 0 0-3z")
}

/// A screen on a stand: presenter mode.
pub fn present() -> Html {
    icon("M2 3h20v2h-1v10H3V5H2zm3 2v8h14V5zm6 11h2v2.5l3.5 2.5H14l-2-1.4-2 1.4H7.5l3.5-2.5z")
}
