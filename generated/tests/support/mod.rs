//! Shared test helpers: the spec's examples, the seed pages, and JSON comparison.
#![allow(dead_code)] // Each test binary uses a different subset.

use serde_json::Value;

pub mod tracing_capture;

/// The default policy with millisecond delays, so retry tests stay fast.
pub fn fast_retries() -> frameio::RetryPolicy {
    frameio::RetryPolicy::default()
        .base_delay(std::time::Duration::from_millis(5))
        .server_error_base_delay(std::time::Duration::from_millis(5))
}

pub const SPEC: &str = include_str!("../../../spec/frameio.yaml");

/// The whole spec as JSON.
pub fn spec() -> Value {
    serde_yaml::from_str(SPEC).expect("spec/frameio.yaml parses")
}

/// The JSON example of an operation's request body (`status` = None) or response.
pub fn example(path: &str, method: &str, status: Option<&str>) -> Value {
    let spec = spec();
    let op = &spec["paths"][path][method];
    let media = match status {
        Some(status) => &op["responses"][status]["content"]["application/json"],
        None => &op["requestBody"]["content"]["application/json"],
    };
    let example = media["example"].clone();
    assert!(
        !example.is_null(),
        "no example for {method} {path} {status:?}"
    );
    example
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

/// One seed page: its method, path template and the JSON blocks it shows.
pub struct Seed {
    pub method: String,
    pub path: String,
    /// `payload = {...}` of the page's Python sample, when it has one.
    pub request: Option<Value>,
    /// The response example.
    pub response: Value,
}

/// Reads every page in `../shared/seeds` (beside the repository, read-only).
pub fn seeds() -> Vec<Seed> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/seeds");
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("the seed pages must be at {dir}: {e}"))
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| parse_seed(&std::fs::read_to_string(p).unwrap()))
        .collect()
}

fn parse_seed(text: &str) -> Seed {
    let lines: Vec<&str> = text.lines().collect();
    // The page names its endpoint as a method line followed by the bare path.
    let (method, path) = lines
        .windows(2)
        .find_map(|w| {
            let method = w[0].trim();
            let path = w[1].trim();
            (["GET", "POST", "PUT", "PATCH", "DELETE"].contains(&method) && path.starts_with("/v"))
                .then(|| (method.to_ascii_lowercase(), path.to_string()))
        })
        .expect("a method and path line");
    let path = path
        .split('/')
        .map(|s| match s.strip_prefix(':') {
            Some(name) => format!("{{{name}}}"),
            None => s.to_string(),
        })
        .collect::<Vec<_>>()
        .join("/");
    // Code samples are numbered lines ("12 text"); numbering restarts for each block.
    let mut blocks: Vec<Vec<&str>> = Vec::new();
    let mut expected = 1;
    for line in &lines {
        // The number is glued to the text: `1{`, `2 "account_id": ...`, `5payload = {...}`.
        let digits = line.len() - line.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        let (number, rest) = line.split_at(digits);
        match number.parse::<usize>() {
            Ok(1) => {
                blocks.push(vec![rest]);
                expected = 2;
            }
            Ok(n) if n == expected && !blocks.is_empty() => {
                blocks.last_mut().unwrap().push(rest);
                expected += 1;
            }
            _ => {}
        }
    }
    let response = blocks
        .iter()
        .find(|b| b.first().is_some_and(|l| l.trim() == "{"))
        .map(|b| serde_json::from_str(&b.join("\n")).expect("the response example is JSON"))
        .expect("a response example");
    let request = blocks.iter().flatten().find_map(|l| {
        l.trim()
            .strip_prefix("payload = ")
            .map(|json| serde_json::from_str(json).expect("the payload is JSON"))
    });
    Seed {
        method,
        path,
        request,
        response,
    }
}
