//! The transport bar every panel shares: play/pause, step, speed (log scale), timeline with marks, seed,
//! "find a bug" and reset. It only reports intentions ([`TransportIntent`]) through one callback; the panel
//! owns the run.
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::{icons, use_lang};
use crate::ui::i18n::fill;
use crate::ui::numbers::{self, parse_f64, ten_to_the};

/// Slowest and fastest playback, as powers of ten: 0.1× to 100×.
pub const SPEED_LOG10_MIN: f64 = -1.0;
pub const SPEED_LOG10_MAX: f64 = 2.0;

/// What a timeline mark stands for; the colour and shape differ so they read without colour too.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MarkKind {
    Fault,
    Violation,
}

/// What the user asked the transport bar for.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum TransportIntent {
    Play,
    Pause,
    StepForward,
    StepBack,
    /// Move the cursor to this event.
    Seek(u64),
    /// Playback speed, as a power of ten.
    Speed(f64),
    /// Run again with this seed.
    Seed(u64),
    RandomSeed,
    Reset,
    /// Start the bug explorer.
    Explore,
}

/// A mark on the timeline at an event index.
#[derive(Clone, Debug, PartialEq)]
pub struct TimelineMark {
    pub index: u64,
    pub kind: MarkKind,
    pub title: String,
}

#[derive(Properties, PartialEq)]
pub struct TransportProps {
    pub playing: bool,
    pub cursor: u64,
    pub total: u64,
    pub time_ms: f64,
    pub speed_log10: f64,
    pub seed: u64,
    /// Shared, not copied: a long run has many marks and the bar re-renders every frame.
    #[prop_or_default]
    pub marks: std::rc::Rc<Vec<TimelineMark>>,
    #[prop_or(true)]
    pub can_explore: bool,
    /// Panels without an explorer leave the button out.
    #[prop_or(true)]
    pub show_explore: bool,
    /// Every button, slider and field reports here.
    pub on: Callback<TransportIntent>,
    /// Extra controls shown on the second row (the panel's share and export buttons).
    #[prop_or_default]
    pub children: Html,
}

/// Formats a speed factor the way a person reads it: 0.1×, 0.5×, 1×, 2.5×, 100×.
pub fn speed_text(speed_log10: f64) -> String {
    let factor = ten_to_the(speed_log10);
    if factor >= 10.0 {
        format!("{factor}×", factor = numbers::Fixed(factor, 0))
    } else {
        let text = numbers::fixed(factor, 1);
        format!("{}×", text.trim_end_matches(".0"))
    }
}

#[component]
pub fn TransportBar(props: &TransportProps) -> Html {
    let texts = use_lang().texts();
    let seed_text = use_state(|| props.seed.to_string());
    let seed_error = use_state(|| false);

    // When the run's seed changes from outside (reset, explorer replay), show it.
    {
        let seed_text = seed_text.clone();
        let seed_error = seed_error.clone();
        use_effect_with(props.seed, move |seed| {
            seed_text.set(seed.to_string());
            seed_error.set(false);
        });
    }

    let click = |intent: TransportIntent| {
        let on = props.on.clone();
        Callback::from(move |_: MouseEvent| on.emit(intent))
    };
    let play_pause = if props.playing {
        html! {
            <button type="button" class="button icon primary" data-testid="pause"
                    aria-label={texts.pause} title={texts.pause}
                    onclick={click(TransportIntent::Pause)}>
                { icons::pause() }
            </button>
        }
    } else {
        let at_end = props.cursor >= props.total;
        html! {
            <button type="button" class="button icon primary" data-testid="play"
                    aria-label={texts.play} title={texts.play} disabled={at_end}
                    onclick={click(TransportIntent::Play)}>
                { icons::play() }
            </button>
        }
    };
    let slider = |intent: fn(f64) -> TransportIntent| {
        let on = props.on.clone();
        Callback::from(move |event: InputEvent| {
            let input: HtmlInputElement = event.target_unchecked_into();
            if let Some(value) = parse_f64(&input.value()) {
                on.emit(intent(value));
            }
        })
    };
    let on_seek = slider(|value| TransportIntent::Seek(value.max(0.0) as u64));
    let on_speed =
        slider(|value| TransportIntent::Speed(value.clamp(SPEED_LOG10_MIN, SPEED_LOG10_MAX)));
    let on_seed_input = {
        let seed_text = seed_text.clone();
        Callback::from(move |event: InputEvent| {
            let input: HtmlInputElement = event.target_unchecked_into();
            seed_text.set(input.value());
        })
    };
    let on_seed_submit = {
        let seed_text = seed_text.clone();
        let seed_error = seed_error.clone();
        let on = props.on.clone();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            match seed_text.trim().parse::<u64>() {
                Ok(seed) => {
                    seed_error.set(false);
                    on.emit(TransportIntent::Seed(seed));
                }
                Err(_) => seed_error.set(true),
            }
        })
    };

    let total = props.total.max(1) as f64;
    let marks = props.marks.iter().map(|mark| {
        let left = format!("left: {}%", numbers::Fixed(mark.index as f64 / total * 100.0, 3));
        let class = match mark.kind {
            MarkKind::Fault => "mark fault",
            MarkKind::Violation => "mark violation",
        };
        html! { <span class={class} style={left} title={mark.title.clone()} aria-hidden="true"></span> }
    });
    let position_text = fill(
        texts.timeline_value,
        &[("cursor", &props.cursor), ("total", &props.total)],
    );

    html! {
        <div class="transport" role="group" aria-label={texts.transport_label}>
            <div class="transport-main">
            <div class="transport-buttons">
                <button type="button" class="button icon" data-testid="step-back"
                        aria-label={texts.step_back} title={texts.step_back}
                        disabled={props.cursor == 0} onclick={click(TransportIntent::StepBack)}>
                    { icons::step_back() }
                </button>
                { play_pause }
                <button type="button" class="button icon" data-testid="step-forward"
                        aria-label={texts.step_forward} title={texts.step_forward}
                        disabled={props.cursor >= props.total} onclick={click(TransportIntent::StepForward)}>
                    { icons::step_forward() }
                </button>
            </div>
            <div class="timeline-wrap">
                <div class="timeline-marks">{ for marks }</div>
                <input type="range" class="timeline" data-testid="timeline"
                       aria-label={texts.timeline} aria-valuetext={position_text.clone()}
                       min="0" max={props.total.to_string()} step="1"
                       value={props.cursor.to_string()} oninput={on_seek} />
                <div class="timeline-readout" aria-live="off">
                    <span>{ texts.time_label }{": "}<strong data-testid="virtual-time">{ format!("{} ms", numbers::Fixed(props.time_ms, 0)) }</strong></span>
                    <span data-testid="cursor-text">{ position_text }</span>
                </div>
            </div>
            </div>
            <div class="transport-extra">
            <label class="speed">
                <span>{ texts.speed }</span>
                <input type="range" data-testid="speed" min={numbers::shortest(SPEED_LOG10_MIN)}
                       max={numbers::shortest(SPEED_LOG10_MAX)} step="0.05"
                       value={numbers::shortest(props.speed_log10)} oninput={on_speed}
                       aria-valuetext={speed_text(props.speed_log10)} />
                <output data-testid="speed-text">{ speed_text(props.speed_log10) }</output>
            </label>
            <form class="seed" onsubmit={on_seed_submit}>
                <label for="seed-input">{ texts.seed }</label>
                <input id="seed-input" type="text" inputmode="numeric" data-testid="seed"
                       value={(*seed_text).clone()} oninput={on_seed_input}
                       aria-invalid={(*seed_error).then_some("true")}
                       aria-describedby={(*seed_error).then_some("seed-error")} />
                <button type="submit" class="button" data-testid="seed-apply">{ texts.seed_apply }</button>
                <button type="button" class="button icon" data-testid="seed-random"
                        aria-label={texts.seed_random} title={texts.seed_random}
                        onclick={click(TransportIntent::RandomSeed)}>
                    { icons::dice() }
                </button>
                if *seed_error {
                    <span id="seed-error" class="field-error" role="alert" data-testid="seed-error">
                        { texts.seed_invalid }
                    </span>
                }
            </form>
            { props.children.clone() }
            <div class="transport-actions">
                if props.show_explore {
                    <button type="button" class="button accent" data-testid="explore"
                            disabled={!props.can_explore} onclick={click(TransportIntent::Explore)}>{ texts.explore }</button>
                }
                <button type="button" class="button" data-testid="reset" onclick={click(TransportIntent::Reset)}>{ texts.reset }</button>
            </div>
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::speed_text;

    #[test]
    fn speed_reads_like_a_person_writes_it() {
        assert_eq!(speed_text(-1.0), "0.1×");
        assert_eq!(speed_text(0.0), "1×");
        assert_eq!(speed_text(2.0), "100×");
        assert_eq!(speed_text(std::f64::consts::LOG10_2), "2×");
    }
}
