//! A requestAnimationFrame loop as a hook: while `active`, calls back with the real milliseconds since the
//! previous frame. Browsers stop frames in hidden tabs, so playback pauses there by itself.
use std::cell::{Cell, RefCell};
use std::rc::Rc;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use yew::prelude::*;

type FrameClosure = Closure<dyn FnMut(f64)>;

#[hook]
pub fn use_animation_frame(active: bool, on_frame: Callback<f64>) {
    // The newest callback, read by the running loop, so re-renders need not restart it.
    let latest = use_mut_ref(|| on_frame.clone());
    *latest.borrow_mut() = on_frame;
    use_effect_with(active, move |active| {
        let stopped = Rc::new(RefCell::new(false));
        let handle: Rc<RefCell<Option<FrameClosure>>> = Rc::new(RefCell::new(None));
        let request: Rc<Cell<Option<i32>>> = Rc::new(Cell::new(None));
        if *active {
            let window = web_sys::window();
            let handle_for_loop = handle.clone();
            let stopped_for_loop = stopped.clone();
            let mut last_ms: Option<f64> = None;
            let request_for_loop = request.clone();
            *handle.borrow_mut() = Some(Closure::new(move |now_ms: f64| {
                if *stopped_for_loop.borrow() {
                    return;
                }
                let dt = last_ms.map(|last| now_ms - last).unwrap_or(0.0);
                last_ms = Some(now_ms);
                latest.borrow().emit(dt);
                // The emit may have stopped the loop (the cleanup can run synchronously inside it).
                if *stopped_for_loop.borrow() {
                    return;
                }
                if let (Some(window), Some(closure)) =
                    (web_sys::window(), handle_for_loop.borrow().as_ref())
                {
                    if let Ok(id) = window.request_animation_frame(closure.as_ref().unchecked_ref())
                    {
                        request_for_loop.set(Some(id));
                    }
                }
            }));
            if let (Some(window), Some(closure)) = (window, handle.borrow().as_ref()) {
                if let Ok(id) = window.request_animation_frame(closure.as_ref().unchecked_ref()) {
                    request.set(Some(id));
                }
            }
        }
        move || {
            *stopped.borrow_mut() = true;
            // A frame already requested must not call a closure that is about to be freed.
            if let (Some(window), Some(id)) = (web_sys::window(), request.take()) {
                let _ = window.cancel_animation_frame(id);
            }
            // Free the closure later, never from inside its own call (the cleanup can run synchronously
            // within a frame callback that dispatched the change).
            let closure = handle.borrow_mut().take();
            yew::platform::spawn_local(async move { drop(closure) });
        }
    });
}
