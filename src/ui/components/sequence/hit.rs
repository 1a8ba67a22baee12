//! Hit testing: which message arrow a click at a point lands on. A crowded diagram draws its arrows as a few
//! shared paths per kind, so a click there cannot be matched by the element it landed on.
use super::layout::SequenceShapes;

/// How far from a drawn line a click still hits it, in SVG units: half the width of an arrow's hit stroke.
const HIT_TOLERANCE: f64 = 6.0;

/// The seek index of the message arrow drawn nearest to `(x, y)` (frame coordinates) at view time `now_ms`,
/// if one passes within [`HIT_TOLERANCE`]. A crowded diagram draws its arrows as a few shared paths, so a
/// click is matched to an arrow here rather than by the element it landed on. On a tie the later message
/// wins, as it is drawn on top.
pub fn arrow_at(shapes: &SequenceShapes, x: f64, y: f64, now_ms: f64) -> Option<u64> {
    let mut best: Option<(f64, u64)> = None;
    for arrow in shapes.arrows.iter().chain(&shapes.in_flight) {
        let (tx, ty) = arrow.tip_at(now_ms);
        let distance = distance_to_segment(x, y, arrow.x1, arrow.y1, tx, ty);
        if distance <= HIT_TOLERANCE && best.is_none_or(|(d, _)| distance <= d) {
            best = Some((distance, arrow.seek_index));
        }
    }
    best.map(|(_, seek)| seek)
}

/// Distance from `(x, y)` to the segment from `(x1, y1)` to `(x2, y2)`.
fn distance_to_segment(x: f64, y: f64, x1: f64, y1: f64, x2: f64, y2: f64) -> f64 {
    let (dx, dy) = (x2 - x1, y2 - y1);
    let length_sq = dx * dx + dy * dy;
    let along = if length_sq <= f64::EPSILON {
        0.0
    } else {
        (((x - x1) * dx + (y - y1) * dy) / length_sq).clamp(0.0, 1.0)
    };
    let (px, py) = (x1 + along * dx, y1 + along * dy);
    ((x - px) * (x - px) + (y - py) * (y - py)).sqrt()
}

#[cfg(test)]
mod tests {
    use super::super::layout::{lane_y, Frame};
    use super::super::test_support::*;
    use super::*;

    #[test]
    fn a_click_near_a_line_finds_its_message() {
        let trace = small_trace();
        let frame = Frame::fit(0, 150);
        let shapes = shapes_at(&trace, trace.len(), frame);
        let heartbeat = arrow(&shapes, 4);
        // On the line, a little off it, and beside it but beyond the tolerance.
        let (mx, my) = (
            (heartbeat.x1 + heartbeat.x2) / 2.0,
            (heartbeat.y1 + heartbeat.y2) / 2.0,
        );
        assert_eq!(arrow_at(&shapes, mx, my, 150.0), Some(17));
        assert_eq!(arrow_at(&shapes, mx, my + 4.0, 150.0), Some(17));
        assert_eq!(arrow_at(&shapes, mx, my + 40.0, 150.0), None);
        // Far from every line (left of the first send, between lanes).
        assert_eq!(
            arrow_at(&shapes, frame.x(0.0) - 30.0, lane_y(1, 3) + 10.0, 150.0),
            None
        );
        // A message in flight is hit along the part drawn so far, not beyond its tip.
        let early = shapes_at(&trace, 8, frame);
        let copy = arrow(&early, 2);
        let (tx, ty) = copy.tip_at(22.0);
        let before_tip = (
            copy.x1 + (tx - copy.x1) * 0.9,
            copy.y1 + (ty - copy.y1) * 0.9,
        );
        assert_eq!(arrow_at(&early, before_tip.0, before_tip.1, 22.0), Some(5));
        let (ex, ey) = (copy.x2 - 1.0, copy.y2 - 1.0);
        assert_ne!(
            arrow_at(&early, ex, ey, 22.0),
            Some(5),
            "the undrawn rest is not hit"
        );
    }
}
