//! A part of a page drawn once and kept: [`Frozen`] shows an `Rc<Html>` and is skipped by the virtual DOM
//! while it gets the same `Rc` again. A component's props are compared before its subtree is visited, so a
//! panel that re-renders for a small change (a button's label) does not clone and walk the thousands of
//! elements of a drawing that did not change; plain `Html` kept in a memo is still cloned and compared
//! element by element on every render.
use std::rc::Rc;

use yew::prelude::*;

#[derive(Properties)]
pub struct FrozenProps {
    /// The part, typically from `use_memo`: a new `Rc` redraws it.
    pub content: Rc<Html>,
}

impl PartialEq for FrozenProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.content, &other.content)
    }
}

/// Shows `content`, redrawn only when it is a different `Rc`.
#[component]
pub fn Frozen(props: &FrozenProps) -> Html {
    (*props.content).clone()
}
