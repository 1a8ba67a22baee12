//! The page's end: starts workers from `worker.js` beside the app's own JS glue, hands each the compiled
//! module and its request, and passes their reports on. Stopping a worker terminates it at once, whatever it
//! is doing, which is how a cancel takes effect within a frame.
use std::cell::RefCell;
use std::rc::{Rc, Weak};

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Event, MessageEvent, Worker, WorkerOptions, WorkerType};

use super::protocol::Report;
use crate::ui::browser;

#[wasm_bindgen]
extern "C" {
    type ImportMeta;
    /// `import.meta` of the app's JS glue, where wasm-bindgen puts this import: its URL is the glue's.
    #[wasm_bindgen(thread_local_v2, js_namespace = import, js_name = meta)]
    static IMPORT_META: ImportMeta;
    #[wasm_bindgen(method, getter)]
    fn url(this: &ImportMeta) -> String;
}

/// Most workers a job starts, whatever the machine has.
const WORKERS_MAX: u32 = 8;

/// How many workers a parallel job should use: one per core, capped. `localStorage["distlab.workers"]`
/// overrides it (the benchmarks compare 1 with all; 0 runs on the page, as where workers cannot start).
pub fn worker_count() -> u32 {
    if let Some(count) = browser::stored("distlab.workers").and_then(|v| v.parse::<u32>().ok()) {
        return count.min(WORKERS_MAX);
    }
    let cores = web_sys::window()
        .map(|w| w.navigator().hardware_concurrency())
        .unwrap_or(1.0);
    (cores as u32).clamp(1, WORKERS_MAX)
}

type Handlers = (Closure<dyn FnMut(MessageEvent)>, Closure<dyn FnMut(Event)>);

/// Running workers, one per request.
pub struct WorkerSet {
    workers: Vec<Option<Worker>>,
    handlers: Vec<Handlers>,
}

impl WorkerSet {
    /// Starts one worker per request (each a [`super::protocol::Request`] as text); `on_report(k, report)`
    /// hears worker `k`, a worker that fails to load as a `Failed` report. Err where workers cannot start
    /// (a `file://` page, or none asked for).
    pub fn start(
        requests: Vec<String>,
        on_report: Rc<dyn Fn(usize, Report)>,
    ) -> Result<WorkerSet, String> {
        if requests.is_empty() {
            return Err("no workers asked for".into());
        }
        let glue = IMPORT_META.with(ImportMeta::url);
        let script = web_sys::Url::new_with_base("worker.js", &glue)
            .map_err(|e| format!("{e:?}"))?
            .href();
        let options = WorkerOptions::new();
        options.set_type(WorkerType::Module);
        let mut set = WorkerSet {
            workers: Vec::new(),
            handlers: Vec::new(),
        };
        for (k, request) in requests.into_iter().enumerate() {
            let worker =
                Worker::new_with_options(&script, &options).map_err(|e| format!("{e:?}"))?;
            let on_message = {
                let on_report = on_report.clone();
                Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
                    let report = event
                        .data()
                        .as_string()
                        .ok_or_else(|| "a message that is not text".to_string())
                        .and_then(|text| Report::from_text(&text))
                        .unwrap_or_else(|reason| Report::Failed { reason });
                    on_report(k, report);
                })
            };
            let on_error = {
                let on_report = on_report.clone();
                // A script that fails to load fires a plain `Event`; an error thrown inside, an `ErrorEvent`.
                Closure::<dyn FnMut(Event)>::new(move |event: Event| {
                    let reason = js_sys::Reflect::get(&event, &JsValue::from_str("message"))
                        .ok()
                        .and_then(|m| m.as_string())
                        .unwrap_or_else(|| "the worker script did not load".into());
                    on_report(k, Report::Failed { reason });
                })
            };
            worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
            worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
            let message = js_sys::Object::new();
            let set_field = |key: &str, value: &JsValue| {
                js_sys::Reflect::set(&message, &JsValue::from_str(key), value).is_ok()
            };
            let complete = set_field("glue", &JsValue::from_str(&glue))
                && set_field("module", &wasm_bindgen::module())
                && set_field("request", &JsValue::from_str(&request));
            if !complete {
                return Err("the worker's message could not be made".into());
            }
            worker
                .post_message(&message)
                .map_err(|e| format!("{e:?}"))?;
            set.workers.push(Some(worker));
            set.handlers.push((on_message, on_error));
        }
        Ok(set)
    }

    /// Terminates worker `k` (at once).
    pub fn stop(&mut self, k: usize) {
        if let Some(worker) = self.workers.get_mut(k).and_then(Option::take) {
            worker.set_onmessage(None);
            worker.set_onerror(None);
            worker.terminate();
        }
    }

    /// Workers still running.
    pub fn running(&self) -> usize {
        self.workers.iter().filter(|w| w.is_some()).count()
    }
}

impl Drop for WorkerSet {
    fn drop(&mut self) {
        for k in 0..self.workers.len() {
            self.stop(k);
        }
        // A set is often dropped from inside one of its own handlers: free them after it returns.
        let handlers = std::mem::take(&mut self.handlers);
        gloo_timers::callback::Timeout::new(0, move || drop(handlers)).forget();
    }
}

/// Ends the workers in `slot`, if the card that started them still holds them: called from inside one of
/// their own reports, which is why the slot is weak (a card gone from the page has dropped them already).
pub fn end(slot: &Weak<RefCell<Option<WorkerSet>>>) {
    if let Some(slot) = slot.upgrade() {
        slot.borrow_mut().take();
    }
}

/// Units per wall-clock second since `started_ms`.
pub fn per_second(count: u64, started_ms: f64) -> f64 {
    count as f64 / ((browser::now_ms() - started_ms) / 1000.0).max(0.001)
}
