//! Presenter mode (`present=1`): the app projected in front of a class. Type is large enough to read from
//! the back of a room (no text under 18 CSS px at 1280×720, `tests/e2e/presenter.test.mjs` measures every
//! text node), colours are high-contrast and strokes thicker, the controls and side cards fold away behind
//! one button, a laser-pointer glow follows the mouse, and playback pauses when the window loses focus.
//!
//! Most of it is the stylesheet's (`:root[data-present]`); this module sets what CSS cannot know: how many
//! user units of each SVG make one CSS pixel on screen (`--px` on the `<svg>`), so that a caption drawn in
//! a shrunken diagram is still 18 px tall.
mod follow;
pub mod strings;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::core::share::ShareError;
use crate::ui::i18n::Lang;
use crate::ui::numbers;
pub use follow::{event_node, follow_badge, use_follow_cursor};

/// Whether the page is presenting now, as the shell marked it on the root element: read at the moment of an
/// event (the keyboard pauses on blur only then), so components below the shell need no context for it.
pub fn is_on() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
        .is_some_and(|root| root.has_attribute("data-present"))
}

/// The laser pointer's element id: moved by the mouse listener without a re-render.
const LASER_ID: &str = "presenter-laser";

/// How often the SVG scales are measured again, in wall-clock ms: often enough to follow a resized window or
/// a newly drawn diagram within a blink, rarely enough to cost nothing while a run plays.
const SCALE_INTERVAL_MS: u32 = 250;

/// The app's reading of the link: `present=1` turns presenter mode on; anything else leaves it off.
pub fn from_link(value: Option<&str>) -> bool {
    value == Some("1")
}

/// The problem with a `present` value other than `1` or `0`, for the link notice.
pub fn link_problem(value: Option<&str>) -> Option<ShareError> {
    match value {
        None | Some("1") | Some("0") => None,
        Some(other) => Some(ShareError::UnknownChoice {
            param: "present".into(),
            value: other.chars().take(60).collect(),
            choices: "0, 1".into(),
            fallback: "0".into(),
        }),
    }
}

/// Installs presenter mode on the page while `on`: the root attribute the stylesheet keys on, the laser
/// pointer's listeners and the SVG scale measurements. Everything is removed again when it turns off.
#[hook]
pub fn use_presenter_page(on: bool) {
    use_effect_with(on, |on| {
        let on = *on;
        let window = web_sys::window();
        let document = window.as_ref().and_then(|w| w.document());
        let root = document.as_ref().and_then(|d| d.document_element());
        if let Some(root) = &root {
            let _ = root.toggle_attribute_with_force("data-present", on);
        }
        let mut teardown: Option<Box<dyn FnOnce()>> = None;
        if let (true, Some(window), Some(document), Some(root)) = (on, window, document, root) {
            measure_svg_scales(&document);
            let interval = {
                let document = document.clone();
                gloo_timers::callback::Interval::new(SCALE_INTERVAL_MS, move || {
                    measure_svg_scales(&document)
                })
            };
            let on_move = Closure::<dyn Fn(MouseEvent)>::new(move |event: MouseEvent| {
                show_laser(Some((event.client_x(), event.client_y())));
            });
            let on_leave = Closure::<dyn Fn()>::new(|| show_laser(None));
            let _ = document
                .add_event_listener_with_callback("mousemove", on_move.as_ref().unchecked_ref());
            let _ = root
                .add_event_listener_with_callback("mouseleave", on_leave.as_ref().unchecked_ref());
            let _ =
                window.add_event_listener_with_callback("blur", on_leave.as_ref().unchecked_ref());
            teardown = Some(Box::new(move || {
                drop(interval);
                let _ = document.remove_event_listener_with_callback(
                    "mousemove",
                    on_move.as_ref().unchecked_ref(),
                );
                let _ = root.remove_event_listener_with_callback(
                    "mouseleave",
                    on_leave.as_ref().unchecked_ref(),
                );
                let _ = window
                    .remove_event_listener_with_callback("blur", on_leave.as_ref().unchecked_ref());
            }));
        }
        move || {
            if let Some(teardown) = teardown {
                teardown();
            }
        }
    });
}

/// Moves the laser pointer to a point of the viewport, or hides it (`None`: the mouse left the page).
fn show_laser(at: Option<(i32, i32)>) {
    let Some(laser) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(LASER_ID))
    else {
        return;
    };
    match at {
        Some((x, y)) => {
            let _ = laser.set_attribute("style", &format!("transform:translate({x}px,{y}px)"));
            let _ = laser.set_attribute("data-shown", "true");
        }
        None => {
            let _ = laser.set_attribute("data-shown", "false");
        }
    }
}

/// Writes on every drawn `<svg>` with a `viewBox` how many of its user units make one CSS pixel on screen,
/// as `--px`: the stylesheet sizes SVG text as `calc(18px * var(--px))`, so a diagram shrunk to fit its box
/// still shows its captions at 18 px. Hidden diagrams (no box) are left alone.
fn measure_svg_scales(document: &web_sys::Document) {
    let Ok(svgs) = document.query_selector_all(".app svg[viewBox]") else {
        return;
    };
    for i in 0..svgs.length() {
        let Some(svg) = svgs
            .get(i)
            .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
        else {
            continue;
        };
        let Some(view_box) = svg.get_attribute("viewBox") else {
            continue;
        };
        let mut parts = view_box.split_ascii_whitespace().skip(2);
        let (Some(width), Some(height)) = (
            parts.next().and_then(numbers::parse_f64),
            parts.next().and_then(numbers::parse_f64),
        ) else {
            continue;
        };
        let rect = svg.get_bounding_client_rect();
        if rect.width() <= 0.0 || rect.height() <= 0.0 || width <= 0.0 || height <= 0.0 {
            continue;
        }
        // `preserveAspectRatio` "meet" (the default) draws at the smaller of the two ratios.
        let scale = (rect.width() / width).min(rect.height() / height);
        // Rounded up, so that text sized from it is never a hair under its size.
        let units_per_px = (1000.0 / scale).ceil() / 1000.0;
        let style = format!("--px:{}", numbers::fixed(units_per_px, 3));
        if svg.get_attribute("style").as_deref() != Some(style.as_str()) {
            let _ = svg.set_attribute("style", &style);
        }
    }
}

/// What the header shows for presenter mode: the toggle, and while presenting the button that unfolds the
/// controls and side cards. A plain function: it has no state of its own.
pub fn header_controls(
    lang: Lang,
    on: bool,
    unfolded: bool,
    on_toggle: Callback<MouseEvent>,
    on_fold: Callback<MouseEvent>,
) -> Html {
    let words = strings::texts(lang);
    html! {
        <>
            if on {
                <button type="button" class="button ghost" data-testid="presenter-panels"
                        aria-expanded={if unfolded { "true" } else { "false" }} onclick={on_fold}>
                    { if unfolded { words.hide_panels } else { words.show_panels } }
                </button>
            }
            // An icon, so the header of a 1280-pixel screen keeps one line; the words are its name.
            <button type="button" class={crate::class_list!("button", "icon", if on { "primary" } else { "ghost" })}
                    data-testid="presenter-toggle" aria-pressed={if on { "true" } else { "false" }}
                    aria-label={words.present_label} title={if on { words.stop_presenting } else { words.present }}
                    onclick={on_toggle}>
                { crate::ui::components::icons::present() }
            </button>
        </>
    }
}

/// The laser pointer: a glow that the mouse listener moves; never takes a click, hidden until the mouse
/// moves over the page and (by the stylesheet) under reduced motion.
pub fn laser() -> Html {
    html! { <div id={LASER_ID} class="laser" data-testid="laser" data-shown="false" aria-hidden="true"></div> }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_link_turns_presenter_mode_on_only_with_one() {
        assert!(from_link(Some("1")));
        assert!(!from_link(Some("0")) && !from_link(None) && !from_link(Some("yes")));
        assert_eq!(link_problem(Some("1")), None);
        assert_eq!(link_problem(None), None);
        assert!(matches!(
            link_problem(Some("yes")),
            Some(ShareError::UnknownChoice { param, value, .. }) if param == "present" && value == "yes"
        ));
    }
}
