//! The first look at a run file: what it says it is, read from any JSON at all.
//!
//! A file is read twice, straight from its text: once into an [`Envelope`] (format and version), so that a
//! file from elsewhere gets a message about what it is, then into the `RunFile` itself. Going through
//! `serde_json::Value` instead compiled a second copy of every run-file reader, for `Value`, into the app.
use std::fmt;

use serde::de::{Deserialize, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

/// A file's `format` if it is a string (else empty) and its `schema_version` if it is a whole number
/// (else 0); any JSON value reads as one, a non-object as the empty envelope.
#[derive(Debug, Default, PartialEq)]
pub(super) struct Envelope {
    pub format: String,
    pub schema_version: u64,
}

impl<'de> Deserialize<'de> for Envelope {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Envelope, D::Error> {
        deserializer.deserialize_any(EnvelopeVisitor)
    }
}

/// One JSON value, kept only if it is a string or a whole number.
enum Scalar {
    Text(String),
    Whole(u64),
    Other,
}

impl<'de> Deserialize<'de> for Scalar {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Scalar, D::Error> {
        deserializer.deserialize_any(ScalarVisitor)
    }
}

struct EnvelopeVisitor;

impl<'de> Visitor<'de> for EnvelopeVisitor {
    type Value = Envelope;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Envelope, A::Error> {
        let mut envelope = Envelope::default();
        // A repeated key counts as its last value.
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "format" => {
                    envelope.format = match map.next_value()? {
                        Scalar::Text(text) => text,
                        _ => String::new(),
                    }
                }
                "schema_version" => {
                    envelope.schema_version = match map.next_value()? {
                        Scalar::Whole(number) => number,
                        _ => 0,
                    }
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(envelope)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Envelope, A::Error> {
        IgnoredAny.visit_seq(seq)?;
        Ok(Envelope::default())
    }

    fn visit_bool<E>(self, _: bool) -> Result<Envelope, E> {
        Ok(Envelope::default())
    }

    fn visit_i64<E>(self, _: i64) -> Result<Envelope, E> {
        Ok(Envelope::default())
    }

    fn visit_u64<E>(self, _: u64) -> Result<Envelope, E> {
        Ok(Envelope::default())
    }

    fn visit_f64<E>(self, _: f64) -> Result<Envelope, E> {
        Ok(Envelope::default())
    }

    fn visit_str<E>(self, _: &str) -> Result<Envelope, E> {
        Ok(Envelope::default())
    }

    fn visit_unit<E>(self) -> Result<Envelope, E> {
        Ok(Envelope::default())
    }
}

struct ScalarVisitor;

impl<'de> Visitor<'de> for ScalarVisitor {
    type Value = Scalar;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_str<E>(self, text: &str) -> Result<Scalar, E> {
        Ok(Scalar::Text(text.to_string()))
    }

    fn visit_u64<E>(self, number: u64) -> Result<Scalar, E> {
        Ok(Scalar::Whole(number))
    }

    fn visit_i64<E>(self, number: i64) -> Result<Scalar, E> {
        Ok(u64::try_from(number).map_or(Scalar::Other, Scalar::Whole))
    }

    fn visit_f64<E>(self, _: f64) -> Result<Scalar, E> {
        Ok(Scalar::Other)
    }

    fn visit_bool<E>(self, _: bool) -> Result<Scalar, E> {
        Ok(Scalar::Other)
    }

    fn visit_unit<E>(self) -> Result<Scalar, E> {
        Ok(Scalar::Other)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Scalar, A::Error> {
        IgnoredAny.visit_seq(seq)?;
        Ok(Scalar::Other)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Scalar, A::Error> {
        IgnoredAny.visit_map(map)?;
        Ok(Scalar::Other)
    }
}

/// serde_json's message, without its " at line L column C" for a data error: data errors read as they did
/// when files were checked through `serde_json::Value`, which has no positions (syntax errors had them).
pub(super) fn message_without_position(error: &serde_json::Error) -> String {
    let message = error.to_string();
    if !error.is_data() {
        return message;
    }
    let position = format!(" at line {} column {}", error.line(), error.column());
    match message.strip_suffix(&position) {
        Some(bare) => bare.to_string(),
        None => message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Envelope {
        serde_json::from_str(text).unwrap()
    }

    #[test]
    fn the_envelope_is_what_value_get_would_have_seen() {
        let envelope = read(r#"{"x":[1,{"y":2}],"format":"distlab-run","schema_version":1}"#);
        assert_eq!(envelope.format, "distlab-run");
        assert_eq!(envelope.schema_version, 1);
        let odd = read(r#"{"format":["distlab-run"],"schema_version":-1,"format":7}"#);
        assert_eq!(odd, Envelope::default());
        assert_eq!(read(r#"{"schema_version":1.0}"#).schema_version, 0);
        for text in ["[1,2,3]", "\"distlab-run\"", "null", "true", "3.5", "-2"] {
            assert_eq!(read(text), Envelope::default(), "{text}");
        }
    }

    #[test]
    fn data_errors_lose_their_position_and_keep_their_words() {
        let error = serde_json::from_str::<u32>("\"x\"").unwrap_err();
        assert_eq!(
            message_without_position(&error),
            "invalid type: string \"x\", expected u32"
        );
    }
}
