//! Serde helpers the generated types call: tri-state fields (absent / `null` / value) and
//! tagged unions (read the tag, keep an unknown kind whole).

use serde::de::{self, Deserialize, DeserializeOwned, Deserializer};
use serde::ser::{self, Serialize, SerializeMap, Serializer};
use serde_json::Value;

/// For `Option<Option<T>>` fields with `#[serde(default)]`: a present `null` is `Some(None)`,
/// where plain serde would read it as `None` (absent).
pub fn tri_state<'de, D, T>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(deserializer).map(Some)
}

/// The string value of `property` in an object, if it has one.
pub fn tag(value: &Value, property: &str) -> Option<String> {
    value.get(property)?.as_str().map(str::to_string)
}

/// Decodes a variant's payload from the buffered value.
pub fn from_value<T: DeserializeOwned, E: de::Error>(value: Value) -> Result<T, E> {
    T::deserialize(value).map_err(E::custom)
}

/// Writes `payload` (an object) with the tag property added: for payload types that do not
/// carry the tag themselves.
pub fn serialize_tagged<S: Serializer, T: Serialize>(
    serializer: S,
    property: &str,
    tag: &str,
    payload: &T,
) -> Result<S::Ok, S::Error> {
    match serde_json::to_value(payload).map_err(ser::Error::custom)? {
        Value::Object(mut map) => {
            map.insert(property.to_string(), Value::String(tag.to_string()));
            map.serialize(serializer)
        }
        _ => Err(ser::Error::custom(format!(
            "the `{tag}` variant's payload is not a JSON object, so it cannot carry `{property}`"
        ))),
    }
}

/// Writes `{property: tag}`: a variant that is only its tag.
pub fn serialize_tag_only<S: Serializer>(
    serializer: S,
    property: &str,
    tag: &str,
) -> Result<S::Ok, S::Error> {
    let mut map = serializer.serialize_map(Some(1))?;
    map.serialize_entry(property, tag)?;
    map.end()
}

/// An externally tagged value's tag: the string itself (`false`: no payload), or the one key of
/// a one-entry object (`true`).
pub fn external_tag(value: &Value) -> Option<(String, bool)> {
    match value {
        Value::String(tag) => Some((tag.clone(), false)),
        Value::Object(map) if map.len() == 1 => map.keys().next().map(|key| (key.clone(), true)),
        _ => None,
    }
}

/// The payload of a one-entry object.
pub fn external_payload<T: DeserializeOwned, E: de::Error>(value: Value) -> Result<T, E> {
    match value {
        Value::Object(map) => match map.into_iter().next() {
            Some((_, payload)) => from_value(payload),
            None => Err(E::custom("an empty object has no variant")),
        },
        _ => Err(E::custom("expected a one-entry object")),
    }
}

/// Writes `{tag: payload}`.
pub fn serialize_external<S: Serializer, T: Serialize>(
    serializer: S,
    tag: &str,
    payload: &T,
) -> Result<S::Ok, S::Error> {
    let mut map = serializer.serialize_map(Some(1))?;
    map.serialize_entry(tag, payload)?;
    map.end()
}

/// Test support for the generated example tests: `json` decodes as `T` and encodes back with
/// nothing lost. Numbers compare by value (`2400 == 2400.0`, and as `f32` for `f32` fields),
/// RFC 3339 timestamps by instant, and a `null` the type adds for an absent nullable field is
/// not a change.
///
/// # Panics
/// When the example does not decode, or comes back changed: it is a test's assertion.
pub fn round_trip<T: DeserializeOwned + Serialize>(json: &str) {
    let original: Value = serde_json::from_str(json).expect("the example is JSON");
    let mut deserializer = serde_json::Deserializer::from_str(json);
    let typed: T = serde_path_to_error::deserialize(&mut deserializer).unwrap_or_else(|e| {
        panic!(
            "the example does not decode: at {}: {}",
            e.path(),
            e.inner()
        )
    });
    let back = serde_json::to_value(&typed).expect("the decoded example encodes");
    if let Err(difference) = same(&original, &back, "") {
        panic!("the example changed on its way back: {difference}");
    }
}

/// Semantic JSON equality, as `round_trip` describes; the first difference as `Err`.
fn same(expected: &Value, actual: &Value, at: &str) -> Result<(), String> {
    match (expected, actual) {
        (Value::Object(a), Value::Object(b)) => {
            for (key, x) in a {
                match b.get(key) {
                    Some(y) => same(x, y, &format!("{at}/{key}"))?,
                    None => return Err(format!("{at}/{key}: lost")),
                }
            }
            match b
                .iter()
                .find(|(key, y)| !a.contains_key(*key) && !y.is_null())
            {
                Some((key, _)) => Err(format!("{at}/{key}: added")),
                None => Ok(()),
            }
        }
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => a
            .iter()
            .zip(b)
            .enumerate()
            .try_for_each(|(i, (x, y))| same(x, y, &format!("{at}/{i}"))),
        (Value::Number(a), Value::Number(b)) => {
            let (x, y) = (a.as_f64(), b.as_f64());
            if x == y || x.map(|v| v as f32) == y.map(|v| v as f32) {
                Ok(())
            } else {
                Err(format!("{at}: {a} became {b}"))
            }
        }
        (Value::String(a), Value::String(b)) if a != b => {
            let instant = |s: &str| chrono::DateTime::parse_from_rfc3339(s).ok();
            match (instant(a), instant(b)) {
                (Some(x), Some(y)) if x == y => Ok(()),
                _ => Err(format!("{at}: {a:?} became {b:?}")),
            }
        }
        (a, b) if a == b => Ok(()),
        (a, b) => Err(format!("{at}: {a} became {b}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
    struct Patch {
        #[serde(
            default,
            deserialize_with = "tri_state",
            skip_serializing_if = "Option::is_none"
        )]
        note: Option<Option<String>>,
    }

    #[test]
    fn tri_state_keeps_absent_null_and_value_apart() {
        for (json, note) in [
            ("{}", None),
            (r#"{"note":null}"#, Some(None)),
            (r#"{"note":"x"}"#, Some(Some("x".to_string()))),
        ] {
            let patch: Patch = serde_json::from_str(json).unwrap();
            assert_eq!(patch.note, note, "{json}");
            assert_eq!(serde_json::to_string(&patch).unwrap(), json);
        }
    }

    #[test]
    fn round_trips_compare_by_meaning() {
        assert!(same(
            &serde_json::json!({"n": 2400, "t": "2024-01-01T00:00:00+00:00"}),
            &serde_json::json!({"n": 2400.0, "t": "2024-01-01T00:00:00Z", "extra": null}),
            ""
        )
        .is_ok());
        assert_eq!(
            same(&serde_json::json!({"a": 1}), &serde_json::json!({}), "").unwrap_err(),
            "/a: lost"
        );
        assert_eq!(
            same(&serde_json::json!({}), &serde_json::json!({"b": 2}), "").unwrap_err(),
            "/b: added"
        );
        assert!(
            same(
                &serde_json::json!(0.1),
                &serde_json::json!(0.10000000149011612),
                ""
            )
            .is_ok(),
            "f32 precision"
        );
        assert!(same(&serde_json::json!("x"), &serde_json::json!("y"), "").is_err());
        round_trip::<Patch>(r#"{"note":null}"#);
    }

    #[test]
    #[should_panic(expected = "lost")]
    fn round_trip_notices_a_dropped_property() {
        round_trip::<Patch>(r#"{"note":"x","other":1}"#);
    }

    #[test]
    fn tag_helpers() {
        let value = serde_json::json!({"type": "file", "id": 1});
        assert_eq!(tag(&value, "type").as_deref(), Some("file"));
        assert_eq!(tag(&value, "id"), None);
        assert_eq!(
            external_tag(&serde_json::json!("Detached")),
            Some(("Detached".into(), false))
        );
        assert_eq!(
            external_tag(&serde_json::json!({"Attached": 1})),
            Some(("Attached".into(), true))
        );
        assert_eq!(external_tag(&serde_json::json!({"a": 1, "b": 2})), None);
        let out = serialize_tagged(
            serde_json::value::Serializer,
            "type",
            "folder",
            &serde_json::json!({"id": 2}),
        )
        .unwrap();
        assert_eq!(out, serde_json::json!({"type": "folder", "id": 2}));
        assert!(serialize_tagged(serde_json::value::Serializer, "type", "x", &3).is_err());
        let n: u8 =
            external_payload::<u8, serde_json::Error>(serde_json::json!({"Slot": 3})).unwrap();
        assert_eq!(n, 3);
    }
}
