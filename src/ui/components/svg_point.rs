//! Where a click landed in an SVG drawing's own units. Crowds of messages are drawn as a few shared paths
//! (one element per kind, not per message), so a click on them is matched to a message by position.
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::ui::numbers::parse_f64;

/// The point of `event` in the `viewBox` units of the nearest `<svg>` matching `selector` around its target,
/// with the drawing scaled to fit and centred, as SVG does by default.
pub fn svg_point(event: &MouseEvent, selector: &str) -> Option<(f64, f64)> {
    let target: web_sys::Element = event.target()?.dyn_into().ok()?;
    let svg = target.closest(selector).ok()??;
    let rect = svg.get_bounding_client_rect();
    let view_box = svg.get_attribute("viewBox")?;
    let mut numbers = view_box.split(' ').map(parse_f64);
    let (_, _, width, height) = (
        numbers.next()??,
        numbers.next()??,
        numbers.next()??,
        numbers.next()??,
    );
    let scale = (rect.width() / width).min(rect.height() / height);
    if !(scale.is_finite() && scale > 0.0) {
        return None;
    }
    let left = rect.left() + (rect.width() - width * scale) / 2.0;
    let top = rect.top() + (rect.height() - height * scale) / 2.0;
    Some((
        (f64::from(event.client_x()) - left) / scale,
        (f64::from(event.client_y()) - top) / scale,
    ))
}
