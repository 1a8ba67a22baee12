//! The framed app's side of [`message`](super::message): only when the app runs in an iframe does it listen
//! to its parent and report to it. Two hooks: [`use_host_bridge`] (the app, once) listens for the host's
//! commands and reports the content's height; [`use_sim_bridge`] (every simulated panel) subscribes the
//! panel's reducer to the commands and reports the run's state. Between them sits a registry of one
//! subscriber, the panel on screen: commands reach the reducer as `SimAction`s, never as DOM clicks.
use std::cell::{Cell, RefCell};

use js_sys::{Object, Reflect};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use yew::prelude::*;

use super::message::{read_command, Field, HostCommand, VERSION};
use crate::core::scenario::AnyRunSpec;
use crate::core::share::Params;
use crate::ui::browser;
use crate::ui::components::sim_panel::{SimAction, SimState};
use crate::ui::route::APP_PARAMS;
use crate::ui::url::HashUrl;

thread_local! {
    /// Whether the page is framed, asked once (a page does not move in or out of a frame).
    static FRAMED: Cell<Option<bool>> = const { Cell::new(None) };
    /// The panel taking the host's commands, with the token of its subscription.
    static PANEL: RefCell<Option<(u32, Callback<HostCommand>)>> = const { RefCell::new(None) };
    static NEXT_TOKEN: Cell<u32> = const { Cell::new(0) };
    /// The last height reported, so a resize that changes nothing sends nothing.
    static HEIGHT: Cell<i32> = const { Cell::new(-1) };
    /// The last origin commands came from (logged when it changes).
    static ORIGIN: RefCell<String> = const { RefCell::new(String::new()) };
}

/// Whether the app runs inside another page's frame.
pub fn framed() -> bool {
    if let Some(framed) = FRAMED.get() {
        return framed;
    }
    let framed = web_sys::window().is_some_and(|window| {
        window
            .parent()
            .ok()
            .flatten()
            .is_some_and(|parent| JsValue::from(parent) != JsValue::from(window))
    });
    FRAMED.set(Some(framed));
    framed
}

/// Sends `{distlab: 1, type, ..fields}` to the framing page. The target is any origin: an embed may sit in
/// anyone's page, and what it reports is what its link already shows.
pub fn post(kind: &str, fields: &[(&str, JsValue)]) {
    let Some(parent) = web_sys::window().and_then(|w| w.parent().ok().flatten()) else {
        return;
    };
    let message = Object::new();
    let _ = Reflect::set(&message, &"distlab".into(), &VERSION.into());
    let _ = Reflect::set(&message, &"type".into(), &kind.into());
    for (name, value) in fields {
        let _ = Reflect::set(&message, &(*name).into(), value);
    }
    let _ = parent.post_message(&message, "*");
}

/// A received message's field, as [`read_command`] sees it.
fn field(data: &JsValue, name: &str) -> Field {
    match Reflect::get(data, &name.into()) {
        Ok(value) if value.is_undefined() => Field::Missing,
        Ok(value) => match (value.as_f64(), value.as_string()) {
            (Some(number), _) => Field::Number(number),
            (_, Some(text)) => Field::Text(text),
            _ => Field::Other,
        },
        Err(_) => Field::Missing,
    }
}

/// A host's message, if it comes from the framing page and is a command of the format. The sender's
/// origin is recorded on `<html data-host-origin>` and in the console, so an author (or a test) sees who
/// drives the embed.
fn command_of(event: &web_sys::MessageEvent) -> Option<HostCommand> {
    let parent = web_sys::window()?.parent().ok()??;
    if event.source().map(JsValue::from) != Some(JsValue::from(parent)) {
        return None;
    }
    let data = event.data();
    if !data.is_object() {
        return None;
    }
    let command = read_command(|name| field(&data, name))?;
    let origin = event.origin();
    let changed = ORIGIN.with(|last| {
        let changed = *last.borrow() != origin;
        if changed {
            last.replace(origin.clone());
        }
        changed
    });
    if changed {
        web_sys::console::info_1(&format!("distlab: taking commands from {origin}").into());
        if let Some(root) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
        {
            let _ = root.set_attribute("data-host-origin", &origin);
        }
    }
    Some(command)
}

/// Reports the content's height (the bottom of the app's root) when it changes.
fn report_height() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let Some(root) = window
        .document()
        .and_then(|d| d.get_element_by_id(crate::ui::skeleton::ROOT_ID))
    else {
        return;
    };
    let scroll_y = window.scroll_y().unwrap_or(0.0);
    let height = (root.get_bounding_client_rect().bottom() + scroll_y).ceil() as i32;
    if height > 0 && HEIGHT.replace(height) != height {
        post("height", &[("height", height.into())]);
    }
}

/// The app's half of the bridge, called once by the shell: when framed, listens for the host's commands
/// (handing them to the panel on screen) and reports the content's height as it changes. `panel` is the
/// route's panel when it has no run of its own (the ring): its state report is just its name, and it takes
/// no commands.
#[hook]
pub fn use_host_bridge(panel_without_run: Option<&'static str>) {
    use_effect_with((), |_| {
        if framed() {
            if let Some(window) = web_sys::window() {
                let listener = Closure::<dyn Fn(web_sys::MessageEvent)>::new(|event| {
                    if let Some(command) = command_of(&event) {
                        let panel = PANEL.with(|p| p.borrow().as_ref().map(|(_, cb)| cb.clone()));
                        if let Some(panel) = panel {
                            panel.emit(command);
                        }
                    }
                });
                let _ = window
                    .add_event_listener_with_callback("message", listener.as_ref().unchecked_ref());
                // The app lives as long as the page: so do its listener and observer.
                listener.forget();
                let on_resize = Closure::<dyn Fn()>::new(report_height);
                if let (Ok(observer), Some(root)) = (
                    web_sys::ResizeObserver::new(on_resize.as_ref().unchecked_ref()),
                    window
                        .document()
                        .and_then(|d| d.get_element_by_id(crate::ui::skeleton::ROOT_ID)),
                ) {
                    observer.observe(&root);
                }
                on_resize.forget();
            }
        }
    });
    // The observer waits for the frame to be drawn, which a browser puts off while the frame is out of
    // sight: measuring after each render too means a frame below the fold is sized before it is scrolled to.
    use_effect(|| {
        if framed() {
            report_height();
        }
    });
    use_effect_with(panel_without_run, |panel| {
        if let (true, Some(panel)) = (framed(), panel) {
            post("state", &[("panel", (*panel).into())]);
        }
    });
}

/// A simulated panel's half of the bridge: while it is on screen, the host's play, pause, seek and preset
/// reach its reducer; each change of run, cursor or playing is reported.
#[hook]
pub fn use_sim_bridge(state: &UseReducerHandle<SimState>) {
    // Subscribed anew after every render, so a preset is read against the run on screen.
    {
        let state = state.clone();
        use_effect(move || {
            let token = framed().then(|| {
                let token = NEXT_TOKEN.get().wrapping_add(1);
                NEXT_TOKEN.set(token);
                let callback = Callback::from(move |command| apply(&state, command));
                PANEL.with(|p| p.replace(Some((token, callback))));
                token
            });
            move || {
                // Only our own subscription: a panel mounted meanwhile keeps its own.
                PANEL.with(|p| {
                    let mut panel = p.borrow_mut();
                    if token.is_some() && panel.as_ref().map(|(t, _)| *t) == token {
                        *panel = None;
                    }
                });
            }
        });
    }
    let run = state.run.clone();
    let slug = state.scenario.slug();
    use_effect_with(
        (run, state.cursor, state.playing),
        move |(run, cursor, playing)| {
            if framed() {
                let hash = browser::current_hash();
                let link = HashUrl::parse(&hash);
                let preset = link.get("preset").map_or(JsValue::UNDEFINED, JsValue::from);
                post(
                    "state",
                    &[
                        ("panel", slug.into()),
                        ("preset", preset),
                        ("cursor", (*cursor as f64).into()),
                        ("events", (run.len() as f64).into()),
                        ("playing", (*playing).into()),
                        ("virtual_time_ms", run.time_at(*cursor).into()),
                    ],
                );
                report_height();
            }
        },
    );
}

/// Turns a host's command into the reducer's action. A preset goes through the panel's own link codec:
/// a code the panel does not know is a problem there, and the command is dropped.
fn apply(state: &UseReducerHandle<SimState>, command: HostCommand) {
    match command {
        HostCommand::Play => state.dispatch(SimAction::Play),
        HostCommand::Pause => state.dispatch(SimAction::Pause),
        HostCommand::Seek(cursor) => state.dispatch(SimAction::Seek(cursor)),
        HostCommand::Preset(code) => {
            let link = Params(vec![("preset".to_string(), code)]);
            let (spec, problems) = state.scenario.read(&link, &APP_PARAMS);
            if problems.is_empty() {
                let seed = spec.seed.unwrap_or(state.run.seed);
                state.dispatch(SimAction::Load {
                    spec: AnyRunSpec { seed: None, ..spec },
                    seed,
                    autoplay: false,
                });
            }
        }
    }
}
