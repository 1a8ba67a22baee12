//! Keyboard control of a simulated panel: space plays or pauses, ← and → step, + and − change speed,
//! F makes the sequence diagram follow the cursor, Ctrl+Z undoes, ? shows the help. The run also pauses
//! when the tab is hidden and, in presenter mode, when the window loses focus.
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::sim_panel::{SimAction, SimState};
use crate::ui::i18n::{Lang, Texts};
use crate::ui::presenter;

/// One press of + or − moves the speed by this much on the log scale (about ×1.8).
const SPEED_STEP_LOG10: f64 = 0.25;

/// Whether a key press belongs to the focused control: typing a seed must not start the run, and space or
/// Enter on a focused button is that button's own click.
fn belongs_to_control(event: &KeyboardEvent) -> bool {
    let tag = event
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .map(|el| el.tag_name())
        .unwrap_or_default();
    match tag.as_str() {
        "INPUT" | "SELECT" | "TEXTAREA" => true,
        "BUTTON" | "A" | "SUMMARY" => matches!(event.key().as_str(), " " | "Enter"),
        _ => false,
    }
}

/// What the shortcuts toggle besides the run itself.
pub struct KeyStates {
    /// The `?` overlay is open.
    pub help: UseStateHandle<bool>,
    /// The sequence diagram follows the cursor (F).
    pub follow: UseStateHandle<bool>,
}

/// Installs the shortcuts for as long as the panel is mounted.
#[hook]
pub fn use_transport_keys(dispatch: UseReducerDispatcher<SimState>, playing: bool) -> KeyStates {
    let help = use_state(|| false);
    let follow = use_state(|| false);
    {
        let help = help.clone();
        let follow = follow.clone();
        let deps = (playing, *follow);
        use_effect_with(deps, move |deps| {
            let (playing, following) = *deps;
            let window = web_sys::window();
            let dispatch_keys = dispatch.clone();
            let on_key = Closure::<dyn Fn(KeyboardEvent)>::new(move |event: KeyboardEvent| {
                let key = event.key();
                if key == "Escape" {
                    help.set(false);
                    return;
                }
                if (event.ctrl_key() || event.meta_key()) && key.eq_ignore_ascii_case("z") {
                    event.prevent_default();
                    dispatch_keys.dispatch(SimAction::Undo);
                    return;
                }
                if event.ctrl_key() || event.meta_key() || event.alt_key() {
                    return;
                }
                if belongs_to_control(&event) {
                    return;
                }
                let action = match key.as_str() {
                    " " => Some(if playing {
                        SimAction::Pause
                    } else {
                        SimAction::Play
                    }),
                    "ArrowRight" => Some(SimAction::StepForward),
                    "ArrowLeft" => Some(SimAction::StepBack),
                    "+" | "=" => Some(SimAction::SpeedBy(SPEED_STEP_LOG10)),
                    "-" | "_" => Some(SimAction::SpeedBy(-SPEED_STEP_LOG10)),
                    "?" => {
                        help.set(!*help);
                        None
                    }
                    "f" | "F" => {
                        follow.set(!following);
                        None
                    }
                    _ => return,
                };
                event.prevent_default();
                if let Some(action) = action {
                    dispatch_keys.dispatch(action);
                }
            });
            let dispatch_hidden = dispatch.clone();
            let on_visibility = Closure::<dyn Fn()>::new(move || {
                let hidden = web_sys::window()
                    .and_then(|w| w.document())
                    .map(|d| d.hidden())
                    .unwrap_or(false);
                if hidden {
                    dispatch_hidden.dispatch(SimAction::Pause);
                }
            });
            // A presenter who switches to their slides or notes comes back to the moment they left; a
            // student alone may keep a run playing beside another window, so only presenter mode does this.
            let dispatch_blur = dispatch.clone();
            let on_blur = Closure::<dyn Fn()>::new(move || {
                if presenter::is_on() {
                    dispatch_blur.dispatch(SimAction::Pause);
                }
            });
            if let Some(window) = &window {
                let _ = window
                    .add_event_listener_with_callback("keydown", on_key.as_ref().unchecked_ref());
                let _ = window
                    .add_event_listener_with_callback("blur", on_blur.as_ref().unchecked_ref());
                if let Some(document) = window.document() {
                    let _ = document.add_event_listener_with_callback(
                        "visibilitychange",
                        on_visibility.as_ref().unchecked_ref(),
                    );
                }
            }
            move || {
                if let Some(window) = &window {
                    let _ = window.remove_event_listener_with_callback(
                        "keydown",
                        on_key.as_ref().unchecked_ref(),
                    );
                    let _ = window.remove_event_listener_with_callback(
                        "blur",
                        on_blur.as_ref().unchecked_ref(),
                    );
                    if let Some(document) = window.document() {
                        let _ = document.remove_event_listener_with_callback(
                            "visibilitychange",
                            on_visibility.as_ref().unchecked_ref(),
                        );
                    }
                }
            }
        });
    }
    KeyStates { help, follow }
}

/// The `?` overlay listing the shortcuts, while `open`. A plain function rather than a component: it is
/// nothing while closed, and a component's machinery costs the app about 2 kB of WebAssembly.
pub fn key_help(open: &UseStateHandle<bool>, texts: &Texts, lang: Lang) -> Html {
    if !**open {
        return Html::default();
    }
    let close = {
        let open = open.clone();
        Callback::from(move |_: MouseEvent| open.set(false))
    };
    let rows = [
        ("Space", texts.key_play_pause),
        ("← →", texts.key_step),
        ("+ −", texts.key_speed),
        ("F", presenter::strings::texts(lang).key_follow),
        ("Ctrl+Z", texts.key_undo),
        ("?", texts.key_help),
    ];
    html! {
        <div class="overlay" data-testid="help-overlay" role="dialog" aria-modal="true" aria-labelledby="help-title">
            <div class="card help">
                <h2 id="help-title">{ texts.key_title }</h2>
                <dl>
                    { for rows.iter().map(|(key, what)| html! { <><dt><kbd>{ *key }</kbd></dt><dd>{ *what }</dd></> }) }
                </dl>
                <button type="button" class="button primary" data-testid="help-close" onclick={close}>{ texts.dismiss }</button>
            </div>
        </div>
    }
}
