//! `#/embed`: the page for authors. It lists every view ([`catalog`](super::catalog)), shows the chosen one
//! live in an iframe that this page drives like any host would (it follows the preview's height, sends
//! play, pause, seek and preset, and lists what the preview reports with the sender's origin), and gives the
//! iframe and `<distlab-view>` snippets to copy. A plain page: it draws rarely, holds no run of its own.
use std::rc::Rc;

use js_sys::{Object, Reflect, JSON};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::{spawn_local, JsFuture};
use yew::prelude::*;

use super::catalog::{self, sections, View};
use super::message::VERSION;
use super::strings::{texts, EmbedTexts};
use crate::ui::browser;
use crate::ui::components::use_lang;
use crate::ui::i18n::Lang;

/// The preview's height before it reports one, and the bounds a report is held to.
const PREVIEW_HEIGHT_PX: i32 = 640;
const PREVIEW_HEIGHT_MIN_PX: f64 = 200.0;
const PREVIEW_HEIGHT_MAX_PX: f64 = 3000.0;
/// How much of a received message the list shows.
const MESSAGE_TEXT_MAX: usize = 240;

#[derive(Properties, PartialEq)]
pub struct EmbedPageProps {
    /// The link's `view`: the id of the view to preview (an unknown one falls back to the first).
    pub view: Option<String>,
}

/// The last message of each type from the preview: (type, the message as JSON, the sender's origin).
#[derive(Default, PartialEq)]
struct Received(Vec<(String, String, String)>);

impl Reducible for Received {
    type Action = (String, String, String);
    fn reduce(self: Rc<Self>, message: Self::Action) -> Rc<Self> {
        let mut list = self.0.clone();
        match list.iter_mut().find(|(kind, ..)| *kind == message.0) {
            Some(slot) => *slot = message,
            None => list.push(message),
        }
        Rc::new(Received(list))
    }
}

/// The app's address without the hash: where the snippets point.
fn base_url() -> String {
    let href = web_sys::window()
        .and_then(|w| w.location().href().ok())
        .unwrap_or_default();
    href.split('#').next().unwrap_or_default().to_string()
}

/// Sends `{distlab: 1, type, ..}` to the preview, as a host page would.
fn send(frame: &NodeRef, kind: &str, field: Option<(&str, JsValue)>) {
    let Some(target) = frame
        .cast::<web_sys::HtmlIFrameElement>()
        .and_then(|f| f.content_window())
    else {
        return;
    };
    let message = Object::new();
    let _ = Reflect::set(&message, &"distlab".into(), &VERSION.into());
    let _ = Reflect::set(&message, &"type".into(), &kind.into());
    if let Some((name, value)) = field {
        let _ = Reflect::set(&message, &name.into(), &value);
    }
    let origin = web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default();
    let _ = target.post_message(&message, &origin);
}

#[component]
pub fn EmbedPage(props: &EmbedPageProps) -> Html {
    let lang = use_lang();
    let t = texts(lang);
    let all = use_memo(lang, |lang| sections(*lang));
    let first = all[0].views[0].id.clone();
    let selected = use_state(|| {
        props
            .view
            .clone()
            .filter(|id| all.iter().any(|s| s.views.iter().any(|v| v.id == *id)))
            .unwrap_or(first)
    });
    let frame = use_node_ref();
    let seek_input = use_node_ref();
    let height = use_state(|| PREVIEW_HEIGHT_PX);
    let received = use_reducer(Received::default);
    let copied = use_state(|| None::<(&'static str, bool)>);

    // Listen to the preview as a host page does: only messages from its window, only of the format.
    {
        let frame = frame.clone();
        let height = height.clone();
        let received = received.dispatcher();
        use_effect_with((), move |_| {
            let listener = Closure::<dyn Fn(web_sys::MessageEvent)>::new(
                move |event: web_sys::MessageEvent| {
                    let Some(preview) = frame
                        .cast::<web_sys::HtmlIFrameElement>()
                        .and_then(|f| f.content_window())
                    else {
                        return;
                    };
                    if event.source().map(JsValue::from) != Some(JsValue::from(preview)) {
                        return;
                    }
                    let data = event.data();
                    let get = |name: &str| Reflect::get(&data, &name.into()).ok();
                    if !data.is_object() || get("distlab").and_then(|v| v.as_f64()) != Some(VERSION)
                    {
                        return;
                    }
                    let Some(kind) = get("type").and_then(|v| v.as_string()) else {
                        return;
                    };
                    if let Some(px) = get("height")
                        .and_then(|v| v.as_f64())
                        .filter(|_| kind == "height")
                    {
                        height.set(
                            px.clamp(PREVIEW_HEIGHT_MIN_PX, PREVIEW_HEIGHT_MAX_PX)
                                .ceil() as i32,
                        );
                    }
                    let text: String = JSON::stringify(&data)
                        .ok()
                        .and_then(|s| s.as_string())
                        .unwrap_or_default()
                        .chars()
                        .take(MESSAGE_TEXT_MAX)
                        .collect();
                    received.dispatch((kind.chars().take(20).collect(), text, event.origin()));
                },
            );
            let window = web_sys::window();
            if let Some(window) = &window {
                let _ = window
                    .add_event_listener_with_callback("message", listener.as_ref().unchecked_ref());
            }
            move || {
                if let Some(window) = &window {
                    let _ = window.remove_event_listener_with_callback(
                        "message",
                        listener.as_ref().unchecked_ref(),
                    );
                }
            }
        });
    }

    let (section, view) = all
        .iter()
        .find_map(|s| s.views.iter().find(|v| v.id == *selected).map(|v| (s, v)))
        .unwrap_or((&all[0], &all[0].views[0]));
    let base = base_url();
    let title = section.panel.heading(lang).0;
    let iframe_code = catalog::iframe_snippet(view, lang, &base, title);
    let element_code = catalog::element_snippet(view, lang, &base);

    let on_view = {
        let selected = selected.clone();
        Callback::from(move |id: String| {
            browser::replace_hash(&format!("#/embed?lang={}&view={id}", lang.code()));
            selected.set(id);
        })
    };
    let command = |kind: &'static str| {
        let frame = frame.clone();
        Callback::from(move |_: MouseEvent| send(&frame, kind, None))
    };
    let on_seek = {
        let frame = frame.clone();
        let seek_input = seek_input.clone();
        Callback::from(move |_: MouseEvent| {
            let index = seek_input
                .cast::<web_sys::HtmlInputElement>()
                .and_then(|input| input.value().trim().parse::<u32>().ok());
            if let Some(index) = index {
                send(&frame, "seek", Some(("index", index.into())));
            }
        })
    };
    let on_preset = {
        let frame = frame.clone();
        Callback::from(move |event: Event| {
            if let Some(select) = event.target_dyn_into::<web_sys::HtmlSelectElement>() {
                send(&frame, "preset", Some(("preset", select.value().into())));
            }
        })
    };
    let copy = |which: &'static str, code: String| {
        let copied = copied.clone();
        Callback::from(move |_: MouseEvent| {
            let copied = copied.clone();
            let code = code.clone();
            let clipboard = web_sys::window().map(|w| w.navigator().clipboard());
            spawn_local(async move {
                let done = match clipboard {
                    Some(clipboard) => JsFuture::from(clipboard.write_text(&code)).await.is_ok(),
                    None => false,
                };
                copied.set(Some((which, done)));
            });
        })
    };
    let presets: Vec<&View> = section
        .views
        .iter()
        .filter(|v| !v.params.is_empty())
        .collect();

    html! {
        <section class="panel embed-docs" data-testid="embed-page" aria-labelledby="embed-title">
            <div class="panel-head">
                <h1 id="embed-title">{ t.title }</h1>
                <p class="lead">{ t.intro }</p>
            </div>
            <div class="embed-docs-body">
                <nav class="card embed-views" aria-label={t.views_heading}>
                    <h2>{ t.views_heading }</h2>
                    { for all.iter().map(|s| html! {
                        <div class="embed-section">
                            <h3>{ s.panel.title(lang) }</h3>
                            <ul>
                                { for s.views.iter().map(|v| {
                                    let pressed = v.id == view.id;
                                    let id = v.id.clone();
                                    let on_view = on_view.clone();
                                    html! {
                                        <li><button type="button" class={crate::class_list!("embed-view", pressed.then_some("selected"))}
                                                    data-testid="embed-view" data-view={v.id.clone()}
                                                    aria-pressed={if pressed { "true" } else { "false" }}
                                                    onclick={Callback::from(move |_: MouseEvent| on_view.emit(id.clone()))}>
                                            { v.label }
                                        </button></li>
                                    }
                                }) }
                            </ul>
                        </div>
                    }) }
                </nav>
                <div class="embed-main">
                    <div class="card">
                        <h2>{ t.preview_heading }{ ": " }{ title }{ " · " }{ view.label }</h2>
                        <iframe ref={frame.clone()} class="embed-preview" data-testid="embed-preview"
                                src={format!("{base}{}", catalog::hash(view, lang))}
                                title={format!("distlab: {title}")}
                                style={format!("height:{}px", *height)} />
                        { try_card(t, lang, section.panel.slug, &presets, view, seek_input, command("play"), command("pause"), on_seek, on_preset) }
                        { received_list(t, &received.0) }
                    </div>
                    <div class="card embed-snippets">
                        { snippet(t, "iframe", t.iframe_heading, t.iframe_note, &iframe_code, *copied, copy("iframe", iframe_code.clone())) }
                        { snippet(t, "element", t.element_heading, t.element_note, &element_code, *copied, copy("element", element_code.clone())) }
                    </div>
                    <div class="card" data-testid="embed-format">
                        <h2>{ t.messages_heading }</h2>
                        <pre class="embed-format" tabindex="0">{ super::message::FORMAT }</pre>
                        { for [t.messages_intro, t.fields_note, t.validation_note, t.ring_note].iter().map(|note| html! {
                            <p class="small">{ *note }</p>
                        }) }
                    </div>
                </div>
            </div>
        </section>
    }
}

/// A snippet under its heading, with its copy button.
fn snippet(
    t: &EmbedTexts,
    which: &'static str,
    heading: &str,
    note: &str,
    code: &str,
    copied: Option<(&'static str, bool)>,
    on_copy: Callback<MouseEvent>,
) -> Html {
    let status = match copied {
        Some((w, true)) if w == which => t.copied,
        Some((w, false)) if w == which => t.copy_failed,
        _ => "",
    };
    html! {
        <div class="embed-snippet">
            <h2>{ heading }</h2>
            <p class="muted small">{ note }</p>
            <pre tabindex="0" data-testid={format!("snippet-{which}")}><code>{ code }</code></pre>
            <button type="button" class="button" data-testid={format!("copy-{which}")} onclick={on_copy}>{ t.copy }</button>
            <span class="muted small" role="status">{ status }</span>
        </div>
    }
}

/// The controls that drive the preview as a host page would.
#[allow(clippy::too_many_arguments)]
fn try_card(
    t: &EmbedTexts,
    lang: Lang,
    panel: &str,
    presets: &[&View],
    shown: &View,
    seek_input: NodeRef,
    on_play: Callback<MouseEvent>,
    on_pause: Callback<MouseEvent>,
    on_seek: Callback<MouseEvent>,
    on_preset: Callback<Event>,
) -> Html {
    if panel == "ring" {
        return html! { <p class="muted small">{ t.ring_note }</p> };
    }
    html! {
        <div class="embed-try" aria-label={t.try_heading} role="group" lang={lang.code()}>
            <strong>{ t.try_heading }</strong>
            <button type="button" class="button" data-testid="embed-play" onclick={on_play}>{ t.play }</button>
            <button type="button" class="button" data-testid="embed-pause" onclick={on_pause}>{ t.pause }</button>
            <label class="field inline">
                <span>{ t.seek_label }</span>
                <input type="number" min="0" value="0" ref={seek_input} data-testid="embed-seek-index" />
            </label>
            <button type="button" class="button" data-testid="embed-seek" onclick={on_seek}>{ t.seek }</button>
            if !presets.is_empty() {
                <label class="field inline">
                    <span>{ t.preset_label }</span>
                    <select data-testid="embed-preset" onchange={on_preset}>
                        { for presets.iter().map(|v| html! {
                            <option value={v.params[0].1} selected={v.id == shown.id}>{ v.label }</option>
                        }) }
                    </select>
                </label>
            }
        </div>
    }
}

/// What the preview said last, per type, with who said it.
fn received_list(t: &EmbedTexts, received: &[(String, String, String)]) -> Html {
    html! {
        <div class="embed-received" data-testid="embed-received">
            <strong>{ t.received_heading }</strong>
            if received.is_empty() {
                <p class="muted small">{ t.received_none }</p>
            }
            <ul>
                { for received.iter().map(|(kind, text, origin)| html! {
                    <li data-type={kind.clone()} data-origin={origin.clone()}>
                        <code>{ text }</code>{ " " }<span class="muted">{ t.from }{ " " }{ origin }</span>
                    </li>
                }) }
            </ul>
        </div>
    }
}
