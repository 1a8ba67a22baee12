//! The one message format between an embedded distlab and the page that frames it, read without trusting
//! the sender. Every message is a plain object with `distlab: 1` (the format's version) and a `type`:
//!
//! | direction | `type` | other fields |
//! |---|---|---|
//! | app → host | `height` | `height`: the content's height in CSS pixels |
//! | app → host | `state` | `panel`; simulated panels add `preset` (the link's, or absent), `cursor` (events shown: 0 is before the first, `events` the end), `events`, `playing`, `virtual_time_ms` |
//! | host → app | `play`, `pause` | — |
//! | host → app | `seek` | `index`: the cursor to show, an integer from 0 (clamped to the run's end) |
//! | host → app | `preset` | `preset`: a preset code of the panel (`gc-pause`), read by the panel's link codec |
//!
//! Anything else is ignored: another version, an unknown type, a missing or malformed field. Commands carry
//! only these values, so nothing a host sends can run code in the app.

/// The format at a glance, as the embed page shows it (the same in both languages: it is code).
pub const FORMAT: &str = "\
view → page  {distlab: 1, type: \"height\", height}
             {distlab: 1, type: \"state\", panel, preset, cursor, events, playing, virtual_time_ms}
page → view  {distlab: 1, type: \"play\"}
             {distlab: 1, type: \"pause\"}
             {distlab: 1, type: \"seek\", index}
             {distlab: 1, type: \"preset\", preset}";

/// The format's version, the `distlab` field of every message.
pub const VERSION: f64 = 1.0;

/// The largest cursor a host may ask for; the reducer clamps it to the run's length anyway.
const SEEK_INDEX_MAX: f64 = 1e9;
/// Preset codes are short link words (`gc-pause`, `coordinator-crash`).
const PRESET_CODE_MAX: usize = 40;

/// What a host may ask of an embedded panel.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HostCommand {
    Play,
    Pause,
    /// Show the state after this many events.
    Seek(u64),
    /// Load this preset of the panel (the panel's codec decides whether it is one).
    Preset(String),
}

/// A field of a received message, as far as the format cares.
#[derive(Clone, Debug, PartialEq)]
pub enum Field {
    Missing,
    Number(f64),
    Text(String),
    /// Present but neither a number nor a string (an object, a boolean, null).
    Other,
}

/// Reads a host's message through `field` (its fields by name); `None` for anything that is not a command
/// of this format.
pub fn read_command(field: impl Fn(&str) -> Field) -> Option<HostCommand> {
    if field("distlab") != Field::Number(VERSION) {
        return None;
    }
    let Field::Text(kind) = field("type") else {
        return None;
    };
    match kind.as_str() {
        "play" => Some(HostCommand::Play),
        "pause" => Some(HostCommand::Pause),
        "seek" => match field("index") {
            Field::Number(index)
                if (0.0..=SEEK_INDEX_MAX).contains(&index) && index.fract() == 0.0 =>
            {
                Some(HostCommand::Seek(index as u64))
            }
            _ => None,
        },
        "preset" => match field("preset") {
            Field::Text(code) if is_link_word(&code) => Some(HostCommand::Preset(code)),
            _ => None,
        },
        _ => None,
    }
}

/// Whether `code` could be a preset's link word: lower-case letters, digits and dashes, short.
fn is_link_word(code: &str) -> bool {
    !code.is_empty()
        && code.len() <= PRESET_CODE_MAX
        && code
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A message given as (name, field) pairs; absent names are missing.
    fn check(fields: &[(&str, Field)], expect: Option<HostCommand>) {
        let read = read_command(|name| {
            fields
                .iter()
                .find(|(n, _)| *n == name)
                .map_or(Field::Missing, |(_, f)| f.clone())
        });
        assert_eq!(read, expect, "{fields:?}");
    }

    fn text(s: &str) -> Field {
        Field::Text(s.into())
    }

    #[test]
    fn commands_of_the_format_are_read() {
        let v1 = ("distlab", Field::Number(1.0));
        check(
            &[v1.clone(), ("type", text("play"))],
            Some(HostCommand::Play),
        );
        check(
            &[v1.clone(), ("type", text("pause"))],
            Some(HostCommand::Pause),
        );
        check(
            &[
                v1.clone(),
                ("type", text("seek")),
                ("index", Field::Number(12.0)),
            ],
            Some(HostCommand::Seek(12)),
        );
        check(
            &[
                v1.clone(),
                ("type", text("seek")),
                ("index", Field::Number(0.0)),
            ],
            Some(HostCommand::Seek(0)),
        );
        check(
            &[v1, ("type", text("preset")), ("preset", text("gc-pause"))],
            Some(HostCommand::Preset("gc-pause".into())),
        );
    }

    #[test]
    fn anything_else_is_ignored() {
        let v1 = ("distlab", Field::Number(1.0));
        // Not this format, or another version of it.
        check(&[("type", text("play"))], None);
        check(
            &[("distlab", Field::Number(2.0)), ("type", text("play"))],
            None,
        );
        check(&[("distlab", text("1")), ("type", text("play"))], None);
        // Unknown or malformed types.
        check(&[v1.clone(), ("type", text("eval"))], None);
        check(&[v1.clone(), ("type", text("PLAY"))], None);
        check(&[v1.clone(), ("type", Field::Other)], None);
        check(std::slice::from_ref(&v1), None);
        // Our own reports are not commands.
        check(
            &[
                v1.clone(),
                ("type", text("height")),
                ("height", Field::Number(500.0)),
            ],
            None,
        );
        // Seek needs a whole, non-negative, bounded index.
        for bad in [
            Field::Missing,
            Field::Other,
            text("12"),
            Field::Number(-1.0),
            Field::Number(2.5),
            Field::Number(f64::NAN),
            Field::Number(f64::INFINITY),
            Field::Number(1e12),
        ] {
            check(&[v1.clone(), ("type", text("seek")), ("index", bad)], None);
        }
        // A preset is a short link word, never markup or a URL.
        for bad in [
            Field::Missing,
            Field::Number(3.0),
            text(""),
            text("<img src=x onerror=alert(1)>"),
            text("javascript:alert(1)"),
            text("GC-Pause"),
            text(&"a".repeat(41)),
        ] {
            check(
                &[v1.clone(), ("type", text("preset")), ("preset", bad)],
                None,
            );
        }
    }
}
