//! The sequence diagram (space-time diagram): one horizontal lane per node, time from left to right, an
//! arrow from each send to its delivery. Drops end in a cross, duplicates carry a double arrowhead, crashes
//! and pauses are hatched gaps on the lane, partitions are shaded bands across all lanes, and a node's state
//! label is written on its lane where it changes.
//!
//! How it is built, so that a frame costs little:
//! 1. [`SequenceIndex::build`] folds the whole trace once into message spans, lane gaps, partition bands and
//!    label changes (memoised on the trace's `Rc` pointer).
//! 2. [`build_shapes`] turns the index, a cursor and a [`Frame`] (a time range and a scale) into plain
//!    [`SequenceShapes`] with pixel coordinates: a pure function, tested natively, memoised on (trace pointer,
//!    cursor, frame start). Nothing outside the frame is drawn.
//! 3. `draw` describes each drawn element once (tag, attributes, a typed look, children); what changes only
//!    with the shapes is described once per shapes, the moving parts (the cursor line, the open gaps and
//!    bands, the tips of messages in flight) per frame. The frame is wider than the visible window and slides
//!    under a `translate`, so playing does not rebuild it per frame.
//! 4. Two thin renderers read that description: the component ([`SequenceDiagram`], `view`) as Yew nodes
//!    with the stylesheet's classes, drawing the fixed parts in components that re-render only when the
//!    shapes change; and [`sequence_svg`] (`export`) as a standalone SVG document with the light theme's
//!    colours inline, for download. The picture on screen and the exported file cannot drift apart.
//!
//! Modules, by concern: `index` (the trace folded), `layout` (frames, viewports, lanes, ticks, shapes),
//! `hit` (which arrow a click lands on), `draw` (the one description), `view` and `export` (its renderers).
//!
//! Few and many arrows: when at most [`FOCUSABLE_ARROWS_MAX`] messages are drawn, each arrow is an element
//! of its own and a focusable button (`tabindex=0`, Enter or Space seeks to it, a tooltip names it). With
//! more, the diagram is "crowded": tabbing through hundreds of arrows would trap a keyboard user, so only the
//! diagram itself takes focus and its `aria-label` summarises what it shows (the transport bar is the
//! keyboard's way through the run), and the arrows are drawn as a few shared paths per message kind. As
//! elements, a page turn or a seek spent most of its time creating and removing hundreds of them. A click on
//! a crowded diagram finds its arrow by position ([`arrow_at`]).
//!
//! Test ids: `sequence-diagram{suffix}` (root `<svg>`, with `data-window-start`, `data-window-end`),
//! `seq-lane` (`data-node-id`), `seq-message` (few arrows only: `data-kind`, `data-msg-id`, `data-state` =
//! `delivered`, `dropped` or `in-flight`, `data-duplicate`, `data-seek`), `seq-arrow-crowd` and
//! `seq-in-flight-crowd` (crowded: one per kind, `data-count` messages), `seq-drop` (crowded: one path with
//! `data-count` crosses), `seq-gap` (`data-gap` = `crash` or `pause`), `seq-partition`, `seq-label`,
//! `seq-cursor`.

mod draw;
mod export;
mod hit;
mod index;
mod layout;
#[cfg(test)]
mod test_support;
mod view;

pub use export::sequence_svg;
pub use hit::arrow_at;
pub use index::{GapKind, SequenceIndex};
pub use layout::{
    build_shapes, lane_y, viewport, ArrowShape, ArrowState, BandShape, Frame, GapShape, LabelShape,
    LaneShape, Naming, SequenceShapes, TickShape, Viewport, KIND_STYLES, PLOT_LEFT, PLOT_RIGHT,
    SLIDING_WINDOW_MS, VIEW_WIDTH,
};
pub use view::{SequenceDiagram, SequenceProps, FOCUSABLE_ARROWS_MAX};
