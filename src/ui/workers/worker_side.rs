//! The worker's end: `static/worker.js` instantiates the page's module and calls [`worker_run`] with the
//! request; reports go back by `postMessage`. The page ends a job it no longer wants by terminating the
//! worker, so the loop never needs to look for a cancel.
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::jobs::run_request;
use super::protocol::{Report, Request};

/// Runs one request (a [`Request`] as text) to its end, posting [`Report`]s as text.
#[wasm_bindgen]
pub fn worker_run(request: &str) {
    let scope: web_sys::DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let mut post = |report: Report| {
        let _ = scope.post_message(&JsValue::from_str(&report.to_text()));
    };
    match Request::from_text(request) {
        Ok(request) => run_request(&request, &mut post, &js_sys::Date::now),
        Err(reason) => post(Report::Failed { reason }),
    }
}
