//! The callbacks every simulated panel wires the same way: selecting nodes and messages, injecting and
//! removing faults, network settings, seeking and speed.
use yew::prelude::*;

use super::faults::Selection;
use super::sim_state::{SimAction, SimState};
use crate::core::sim::{FaultAction, InFlight, NetworkConfig, NodeId};

pub struct SimCallbacks {
    /// Clicking a node selects it (clicking it again deselects).
    pub on_node: Callback<NodeId>,
    /// Clicking a message pauses the run and selects it: a moving target is hard to act on.
    pub on_message: Callback<InFlight>,
    pub on_inject: Callback<FaultAction>,
    pub on_remove: Callback<usize>,
    pub on_network: Callback<NetworkConfig>,
    pub on_clear: Callback<()>,
    pub on_seek: Callback<u64>,
    pub on_speed: Callback<f64>,
}

impl SimCallbacks {
    pub fn new(
        state: &UseReducerHandle<SimState>,
        selection: &UseStateHandle<Selection>,
    ) -> SimCallbacks {
        let dispatch = |make: fn(u64) -> SimAction| {
            let state = state.clone();
            Callback::from(move |value| state.dispatch(make(value)))
        };
        SimCallbacks {
            on_node: {
                let selection = selection.clone();
                Callback::from(move |node: NodeId| {
                    let next = if *selection == Selection::Node(node) {
                        Selection::None
                    } else {
                        Selection::Node(node)
                    };
                    selection.set(next);
                })
            },
            on_message: {
                let selection = selection.clone();
                let state = state.clone();
                Callback::from(move |message| {
                    state.dispatch(SimAction::Pause);
                    selection.set(Selection::Message(message));
                })
            },
            on_inject: {
                let state = state.clone();
                Callback::from(move |fault| state.dispatch(SimAction::Inject(fault)))
            },
            on_remove: {
                let state = state.clone();
                Callback::from(move |index| state.dispatch(SimAction::RemoveAction(index)))
            },
            on_network: {
                let state = state.clone();
                Callback::from(move |network| state.dispatch(SimAction::SetNetwork(network)))
            },
            on_clear: {
                let selection = selection.clone();
                Callback::from(move |_| selection.set(Selection::None))
            },
            on_seek: dispatch(SimAction::Seek),
            on_speed: {
                let state = state.clone();
                Callback::from(move |speed| state.dispatch(SimAction::Speed(speed)))
            },
        }
    }
}

/// Playback for a simulated panel: the run advances on animation frames while playing, and the keyboard
/// drives it. Returns the help overlay's open state.
#[hook]
pub fn use_playback(state: &UseReducerHandle<SimState>) -> UseStateHandle<bool> {
    {
        let state = state.clone();
        super::animation::use_animation_frame(
            state.playing,
            Callback::from(move |dt| state.dispatch(SimAction::Tick(dt))),
        );
    }
    super::keyboard::use_transport_keys(state.dispatcher(), state.playing)
}

/// Keeps the address bar in step with what a panel shows (without navigating), so a copied link
/// reproduces it. `write` puts the panel's settings into the parsed hash, keeping unrelated parameters.
#[hook]
pub fn use_link_sync<T>(path: &'static str, link: T, write: fn(&T, &mut crate::ui::url::HashUrl))
where
    T: PartialEq + Clone + 'static,
{
    use_effect_with(link, move |link| {
        let mut url = crate::ui::url::HashUrl::parse(&crate::ui::browser::current_hash());
        url.path = path.to_string();
        write(link, &mut url);
        crate::ui::browser::replace_hash(&url.to_hash());
    });
}
