//! What checks the crate against the repository it is generated in: the spec's examples
//! (`spec/frameio.yaml`) and the seed pages they come from (`../shared/seeds`). Only the tests
//! that use this module read files outside the package; `Cargo.toml` leaves them out of it.

use serde_json::Value;

pub const SPEC: &str = include_str!("../../../spec/frameio.yaml");

/// The whole spec as JSON, read by the generator's own reader.
pub fn spec() -> Value {
    generator::read(SPEC).expect("spec/frameio.yaml parses")
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
