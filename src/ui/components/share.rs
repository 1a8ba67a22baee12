//! Sharing a run: a link that reproduces it, a JSON file to export and import (by picker or drag and
//! drop), and the diagram as SVG or PNG. A file that cannot be used changes nothing and says why.
use std::rc::Rc;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::{spawn_local, JsFuture};
use yew::prelude::*;

use super::sequence::{sequence_svg, Naming};
use super::sim_panel::Run;
use super::use_lang;
use crate::core::scenario::{AnyRunSpec, DynScenario};
use crate::core::share::RunFile;
use crate::ui::i18n::fill;
use crate::ui::problems::problem_text;
use crate::ui::vocabulary::Vocabulary;

/// A scenario compared by identity (the registry's are statics).
#[derive(Clone, Copy)]
pub struct ScenarioRef(pub &'static dyn DynScenario);

impl PartialEq for ScenarioRef {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::addr_eq(self.0, other.0)
    }
}

/// What the last share action said.
#[derive(Clone, Debug, PartialEq)]
enum Status {
    None,
    Copied(String),
    CopyFailed(String),
    Imported,
    ImportFailed(String),
}

/// Offers `text` as a downloaded file.
fn download(name: &str, mime: &str, parts: &JsValue) {
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(parts, &options) else {
        return;
    };
    download_blob(name, &blob);
}

fn download_blob(name: &str, blob: &web_sys::Blob) {
    let Ok(url) = web_sys::Url::create_object_url_with_blob(blob) else {
        return;
    };
    if let Some(document) = web_sys::window().and_then(|w| w.document()) {
        if let Ok(link) = document.create_element("a") {
            let link: web_sys::HtmlAnchorElement = link.unchecked_into();
            link.set_href(&url);
            link.set_download(name);
            link.click();
        }
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}

fn text_parts(text: &str) -> JsValue {
    js_sys::Array::of1(&JsValue::from_str(text)).into()
}

/// Draws an SVG document on a canvas (at twice its size, for projectors) and downloads it as PNG.
fn download_png(name: String, svg: String) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Ok(image) = web_sys::HtmlImageElement::new() else {
        return;
    };
    let source = format!(
        "data:image/svg+xml;charset=utf-8,{}",
        String::from(js_sys::encode_uri_component(&svg))
    );
    let loaded = image.clone();
    let on_load = Closure::once(move || {
        let (width, height) = (
            loaded.natural_width().max(1) * 2,
            loaded.natural_height().max(1) * 2,
        );
        let Ok(canvas) = document.create_element("canvas") else {
            return;
        };
        let canvas: web_sys::HtmlCanvasElement = canvas.unchecked_into();
        canvas.set_width(width);
        canvas.set_height(height);
        if let Ok(Some(context)) = canvas.get_context("2d") {
            let context: web_sys::CanvasRenderingContext2d = context.unchecked_into();
            let _ = context.draw_image_with_html_image_element_and_dw_and_dh(
                &loaded,
                0.0,
                0.0,
                f64::from(width),
                f64::from(height),
            );
        }
        let on_blob = Closure::once(move |blob: JsValue| {
            if let Ok(blob) = blob.dyn_into::<web_sys::Blob>() {
                download_blob(&name, &blob);
            }
        });
        let _ = canvas.to_blob(on_blob.as_ref().unchecked_ref());
        on_blob.forget();
    });
    image.set_onload(Some(on_load.as_ref().unchecked_ref()));
    on_load.forget();
    image.set_src(&source);
}

#[derive(Properties, PartialEq)]
pub struct ShareBarProps {
    /// The panel's scenario: it names run files and reads them with the link's codec.
    pub scenario: ScenarioRef,
    /// The run on screen, with its seed.
    pub spec: AnyRunSpec,
    pub run: Rc<Run>,
    pub cursor: u64,
    /// For the diagram's export.
    pub vocabulary: Vocabulary,
    pub names: Rc<Vec<String>>,
    /// A valid run file was read; the panel loads its run.
    pub on_import: Callback<AnyRunSpec>,
}

#[component]
pub fn ShareBar(props: &ShareBarProps) -> Html {
    let lang = use_lang();
    let texts = lang.texts();
    let status = use_state(|| Status::None);
    let digest = props.run.digest;
    let scenario = props.scenario.0;
    let panel = scenario.slug();

    // Reading a file (picked or dropped): validate fully before anything changes.
    let read_file = {
        let status = status.clone();
        let on_import = props.on_import.clone();
        Callback::from(move |file: web_sys::File| {
            let status = status.clone();
            let on_import = on_import.clone();
            spawn_local(async move {
                let text = match JsFuture::from(file.text()).await {
                    Ok(text) => text.as_string().unwrap_or_default(),
                    Err(_) => String::new(),
                };
                // The file is read with the link's codec: what a link refuses, a file refuses, in the same words.
                match RunFile::from_json(&text, panel).and_then(|file| scenario.read_file(&file)) {
                    Ok(spec) => {
                        on_import.emit(spec);
                        status.set(Status::Imported);
                    }
                    Err(error) => status.set(Status::ImportFailed(problem_text(&error, texts))),
                }
            });
        })
    };
    // Drag and drop anywhere on the page while this panel is open.
    {
        let read_file = read_file.clone();
        use_effect_with((), move |_| {
            let document = web_sys::window().and_then(|w| w.document());
            let on_over =
                Closure::<dyn Fn(web_sys::DragEvent)>::new(|event: web_sys::DragEvent| {
                    event.prevent_default();
                });
            let on_drop =
                Closure::<dyn Fn(web_sys::DragEvent)>::new(move |event: web_sys::DragEvent| {
                    event.prevent_default();
                    let file = event
                        .data_transfer()
                        .and_then(|d| d.files())
                        .and_then(|files| files.get(0));
                    if let Some(file) = file {
                        read_file.emit(file);
                    }
                });
            if let Some(document) = &document {
                let _ = document
                    .add_event_listener_with_callback("dragover", on_over.as_ref().unchecked_ref());
                let _ = document
                    .add_event_listener_with_callback("drop", on_drop.as_ref().unchecked_ref());
            }
            move || {
                if let Some(document) = &document {
                    let _ = document.remove_event_listener_with_callback(
                        "dragover",
                        on_over.as_ref().unchecked_ref(),
                    );
                    let _ = document.remove_event_listener_with_callback(
                        "drop",
                        on_drop.as_ref().unchecked_ref(),
                    );
                }
            }
        });
    }

    let on_share = {
        let status = status.clone();
        Callback::from(move |_: MouseEvent| {
            let href = web_sys::window()
                .and_then(|w| w.location().href().ok())
                .unwrap_or_default();
            let status = status.clone();
            let clipboard = web_sys::window().map(|w| w.navigator().clipboard());
            spawn_local(async move {
                let copied = match clipboard {
                    Some(clipboard) => JsFuture::from(clipboard.write_text(&href)).await.is_ok(),
                    None => false,
                };
                status.set(if copied {
                    Status::Copied(href)
                } else {
                    Status::CopyFailed(href)
                });
            });
        })
    };
    // The file is made when asked for: the bar re-renders every animation frame.
    let seed = props.run.seed;
    let on_export_json = {
        let spec = props.spec.clone();
        Callback::from(move |_: MouseEvent| {
            let file = RunFile::new(
                panel,
                &scenario.file_settings(&spec),
                seed,
                spec.actions.clone(),
                Some(digest),
            );
            let name = format!("distlab-{panel}-{seed}.json");
            download(&name, "application/json", &text_parts(&file.to_json()))
        })
    };
    let svg_of = {
        let run = props.run.clone();
        let cursor = props.cursor;
        let (vocabulary, names) = (props.vocabulary, props.names.clone());
        move || {
            sequence_svg(
                &run.trace,
                cursor,
                run.trace.node_count,
                None,
                texts,
                &Naming {
                    vocabulary,
                    names: names.clone(),
                },
            )
        }
    };
    let on_export_svg = {
        let svg_of = svg_of.clone();
        let name = format!("distlab-{panel}-{seed}.svg");
        Callback::from(move |_: MouseEvent| {
            download(&name, "image/svg+xml", &text_parts(&svg_of()))
        })
    };
    let on_export_png = {
        let name = format!("distlab-{panel}-{seed}.png");
        Callback::from(move |_: MouseEvent| download_png(name.clone(), svg_of()))
    };
    let on_pick = {
        let read_file = read_file.clone();
        Callback::from(move |event: Event| {
            let input: web_sys::HtmlInputElement = event.target_unchecked_into();
            if let Some(file) = input.files().and_then(|files| files.get(0)) {
                read_file.emit(file);
            }
            // Let the same file be picked again after fixing it.
            input.set_value("");
        })
    };
    let on_dismiss = {
        let status = status.clone();
        Callback::from(move |_: MouseEvent| status.set(Status::None))
    };

    let message = match &*status {
        Status::None => Html::default(),
        Status::Copied(href) | Status::CopyFailed(href) => html! {
            <div class="share-status" data-testid="share-status" role="status">
                <span>{ if matches!(*status, Status::Copied(_)) { texts.share_copied } else { texts.share_copy_failed } }</span>
                <input type="text" readonly=true data-testid="share-url" value={href.clone()} aria-label={texts.share_link} />
                <button type="button" class="button small ghost" onclick={on_dismiss}>{ texts.dismiss }</button>
            </div>
        },
        Status::Imported => html! {
            <div class="share-status" data-testid="import-ok" role="status">
                <span>{ texts.import_done }</span>
                <button type="button" class="button small ghost" onclick={on_dismiss}>{ texts.dismiss }</button>
            </div>
        },
        Status::ImportFailed(reason) => html! {
            <div class="share-status bad" data-testid="import-error" role="alert">
                <span>{ fill(texts.import_failed, &[("reason", reason)]) }</span>
                <button type="button" class="button small ghost" onclick={on_dismiss}>{ texts.dismiss }</button>
            </div>
        },
    };

    html! {
        <div class="share-bar">
            <div class="row wrap">
                <button type="button" class="button primary" data-testid="share-link" onclick={on_share}>{ texts.share_link }</button>
                <details class="menu">
                    <summary class="button" data-testid="export-menu">{ texts.export_menu }{ " ▾" }</summary>
                    <div class="menu-items card">
                        <button type="button" class="button" data-testid="export-json" onclick={on_export_json}>{ texts.export_json }</button>
                        <button type="button" class="button" data-testid="export-svg" onclick={on_export_svg}>{ texts.export_svg }</button>
                        <button type="button" class="button" data-testid="export-png" onclick={on_export_png}>{ texts.export_png }</button>
                        <label class="button file-button">
                            { texts.import_run }
                            <input type="file" accept=".json,application/json" data-testid="import-file" onchange={on_pick} />
                        </label>
                        <p class="muted small">{ texts.import_drop }</p>
                    </div>
                </details>
                <span class="digest muted small" title={texts.trace_digest}>
                    <span class="digest-label">{ texts.trace_digest }{ ": " }</span><code data-testid="trace-digest">{ format!("{digest:016x}") }</code>
                </span>
            </div>
            { message }
        </div>
    }
}
