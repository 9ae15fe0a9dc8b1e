//! Shared test helpers. They read no file outside this package: the tests that check the crate
//! against the repository's spec and seed pages are in `tests/repo/`.
#![allow(dead_code)] // `tests/it` and `tests/repo` each use a different subset.

use serde_json::Value;

pub mod tracing_capture;

/// The default policy with millisecond delays, so retry tests stay fast.
pub fn fast_retries() -> frameio::RetryPolicy {
    frameio::RetryPolicy::default()
        .base_delay(std::time::Duration::from_millis(5))
        .server_error_base_delay(std::time::Duration::from_millis(5))
}

/// A small `Asset` as the API returns it, for mocks whose body is not under test.
pub fn asset_json() -> Value {
    serde_json::json!({
        "id": "3fa85f64-5717-4562-b3fc-2c963f66afa6",
        "name": "interview.mov",
        "type": "file",
        "project_id": "a1b2c3d4-0000-4000-8000-000000000001",
    })
}

/// Semantic JSON equality: same keys, same values; numbers compare by value (2400 == 2400.0)
/// and RFC 3339 timestamps by instant. Returns the first difference as `Err(pointer)`.
pub fn json_eq(expected: &Value, actual: &Value, at: &str) -> Result<(), String> {
    match (expected, actual) {
        (Value::Object(a), Value::Object(b)) => {
            for key in a.keys().chain(b.keys()) {
                match (a.get(key), b.get(key)) {
                    (Some(x), Some(y)) => json_eq(x, y, &format!("{at}/{key}"))?,
                    (Some(_), None) => return Err(format!("{at}/{key}: lost")),
                    // Nullable fields serialize `None` as `null` (so an explicit `null` is never
                    // lost); an absent one comes back as `null`, which loses nothing.
                    (None, Some(Value::Null)) => {}
                    (None, Some(_)) => return Err(format!("{at}/{key}: added")),
                    (None, None) => unreachable!(),
                }
            }
            Ok(())
        }
        (Value::Array(a), Value::Array(b)) => {
            if a.len() != b.len() {
                return Err(format!("{at}: {} items became {}", a.len(), b.len()));
            }
            a.iter()
                .zip(b)
                .enumerate()
                .try_for_each(|(i, (x, y))| json_eq(x, y, &format!("{at}/{i}")))
        }
        (Value::Number(a), Value::Number(b)) if a.as_f64() == b.as_f64() => Ok(()),
        (Value::String(a), Value::String(b)) if a == b => Ok(()),
        (Value::String(a), Value::String(b)) => {
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
