//! YAML 1.2 text → `serde_json::Value`, on saphyr-parser's event stream, and the line of any
//! node by JSON pointer (re-reading the events, only when an error needs it).

use std::collections::HashMap;

use saphyr_parser::{Event, Parser, ScalarStyle, Span, Tag};
use serde_json::{Map, Number, Value};

/// Nesting deeper than this is refused while reading (the document as a whole is held to the
/// stricter `parse::MAX_DEPTH`); it keeps the tree's own `Drop` far from the stack's end.
pub(crate) const MAX_DEPTH: usize = 200;
/// Alias expansion may not build more nodes than this (a guard against "billion laughs").
const MAX_NODES: usize = 20_000_000;

/// A YAML problem: message and 1-based line.
#[derive(Debug)]
pub(crate) struct YamlError {
    pub message: String,
    pub line: Option<usize>,
}

enum Frame {
    Seq(Vec<Value>, usize),
    /// Entries, the key waiting for its value, the anchor, and the key's line (for errors).
    Map(Map<String, Value>, Option<(String, usize)>, usize),
}

/// Reads the first document of `source`.
///
/// A line inside a flow collection (`[...]`, `{...}`) indented less than the block that holds
/// the collection is refused by the YAML 1.2 grammar but read by the common YAML libraries
/// (libyaml, PyYAML, js-yaml), and vendors ship such documents: inside a flow collection
/// indentation carries no meaning, so such a line is read as if indented enough.
pub(crate) fn to_value(source: &str) -> Result<Value, YamlError> {
    readable(source).map(|(value, _)| value)
}

/// The document's value, and its text with flow collections' lines indented enough to read
/// (`None` when it needed nothing): lines keep their numbers, so errors and `line_of` agree.
fn readable(source: &str) -> Result<(Value, Option<String>), YamlError> {
    let mut text = std::borrow::Cow::Borrowed(source);
    // (line, extra indentation) of the last fix, to stop when fixing does not help.
    let mut last: Option<(usize, usize)> = None;
    for _ in 0..10_000 {
        match read_once(&text) {
            Ok(value) => {
                let fixed = match text {
                    std::borrow::Cow::Owned(text) => Some(text),
                    std::borrow::Cow::Borrowed(_) => None,
                };
                return Ok((value, fixed));
            }
            Err(ReadError::Yaml(e)) => return Err(e),
            Err(ReadError::FlowIndent {
                error,
                line,
                flow_indent,
            }) => {
                let extra = match last {
                    Some((l, extra)) if l == line && extra >= 8 => return Err(error),
                    Some((l, extra)) if l == line => extra * 2,
                    _ => 2,
                };
                last = Some((line, extra));
                let mut lines: Vec<&str> = text.split('\n').collect();
                let Some(target) = lines.get(line - 1) else {
                    return Err(error);
                };
                let content = target.trim_start_matches(' ');
                let padded = format!("{}{content}", " ".repeat(flow_indent + extra));
                lines[line - 1] = &padded;
                text = std::borrow::Cow::Owned(lines.join("\n"));
            }
        }
    }
    read_once(&text)
        .map(|value| (value, None))
        .map_err(|e| match e {
            ReadError::Yaml(e) | ReadError::FlowIndent { error: e, .. } => e,
        })
}

/// Why one reading failed.
enum ReadError {
    Yaml(YamlError),
    /// Too little indentation on a line inside a flow collection whose first line is
    /// indented by `flow_indent`.
    FlowIndent {
        error: YamlError,
        line: usize,
        flow_indent: usize,
    },
}

impl From<YamlError> for ReadError {
    fn from(e: YamlError) -> Self {
        ReadError::Yaml(e)
    }
}

fn read_once(source: &str) -> Result<Value, ReadError> {
    // The indentation of the line each open flow collection starts on, innermost last.
    let mut flows: Vec<Option<usize>> = Vec::new();
    let lines: Vec<&str> = source.split('\n').collect();
    let line_indent = |line: usize| {
        lines
            .get(line.saturating_sub(1))
            .map(|l| l.len() - l.trim_start_matches(' ').len())
    };
    let is_flow_start = |span: &Span| {
        lines
            .get(span.start.line().saturating_sub(1))
            .and_then(|l| l.chars().nth(span.start.col()))
            .is_some_and(|c| c == '[' || c == '{')
    };
    let mut stack: Vec<Frame> = Vec::new();
    let mut anchors: HashMap<usize, (Value, usize)> = HashMap::new();
    let mut nodes = 0usize;
    for event in Parser::new_from_str(source) {
        let (event, span) = match event {
            Ok(event) => event,
            Err(e) => {
                let error = YamlError {
                    message: e.info().to_string(),
                    line: Some(e.marker().line()),
                };
                let innermost_flow = flows.iter().rev().find_map(|f| *f);
                return Err(match (innermost_flow, flows.last()) {
                    (Some(flow_indent), Some(Some(_))) if e.info() == "invalid indentation" => {
                        ReadError::FlowIndent {
                            line: e.marker().line(),
                            error,
                            flow_indent,
                        }
                    }
                    _ => ReadError::Yaml(error),
                });
            }
        };
        let line = span.start.line();
        match &event {
            Event::SequenceStart(..) | Event::MappingStart(..) => {
                flows.push(is_flow_start(&span).then(|| line_indent(line)).flatten())
            }
            Event::SequenceEnd | Event::MappingEnd => {
                flows.pop();
            }
            _ => {}
        }
        let (value, anchor) = match event {
            Event::StreamStart | Event::DocumentStart(_) | Event::Nothing => continue,
            Event::DocumentEnd | Event::StreamEnd => break,
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(flow_error(
                        line,
                        format!("nesting deeper than {MAX_DEPTH} levels"),
                    ));
                }
                stack.push(match event {
                    Event::SequenceStart(..) => Frame::Seq(Vec::new(), anchor),
                    _ => Frame::Map(Map::new(), None, anchor),
                });
                continue;
            }
            Event::SequenceEnd => match stack.pop() {
                Some(Frame::Seq(items, anchor)) => (Value::Array(items), anchor),
                _ => return Err(flow_error(line, "unbalanced sequence".into())),
            },
            Event::MappingEnd => match stack.pop() {
                Some(Frame::Map(map, _, anchor)) => (Value::Object(map), anchor),
                _ => return Err(flow_error(line, "unbalanced mapping".into())),
            },
            Event::Scalar(text, style, anchor, tag) => {
                (scalar(&text, style, tag.as_deref(), line)?, anchor)
            }
            Event::Alias(id) => match anchors.get(&id) {
                Some((value, size)) => {
                    nodes += size;
                    if nodes > MAX_NODES {
                        return Err(flow_error(line, "aliases expand to too many nodes".into()));
                    }
                    (value.clone(), 0)
                }
                None => return Err(flow_error(line, "alias to an unknown anchor".into())),
            },
        };
        nodes += 1;
        if anchor != 0 {
            anchors.insert(anchor, (value.clone(), count(&value)));
        }
        match stack.last_mut() {
            None => return Ok(value),
            Some(Frame::Seq(items, _)) => items.push(value),
            Some(Frame::Map(map, pending, _)) => match pending.take() {
                None => *pending = Some((key_text(value, line)?, line)),
                Some((key, key_line)) => insert(map, key, value, key_line)?,
            },
        }
    }
    Ok(Value::Null)
}

fn flow_error(line: usize, message: String) -> ReadError {
    ReadError::Yaml(error(line, message))
}

fn error(line: usize, message: String) -> YamlError {
    YamlError {
        message,
        line: Some(line),
    }
}

fn count(value: &Value) -> usize {
    match value {
        Value::Array(items) => 1 + items.iter().map(count).sum::<usize>(),
        Value::Object(map) => 1 + map.values().map(count).sum::<usize>(),
        _ => 1,
    }
}

/// Adds an entry; `<<` merges a mapping (or a list of them) without overriding keys.
fn insert(
    map: &mut Map<String, Value>,
    key: String,
    value: Value,
    line: usize,
) -> Result<(), YamlError> {
    if key == "<<" {
        let sources = match value {
            Value::Array(items) => items,
            other => vec![other],
        };
        for source in sources {
            let Value::Object(entries) = source else {
                return Err(error(line, "`<<` merges only mappings".into()));
            };
            for (k, v) in entries {
                map.entry(k).or_insert(v);
            }
        }
        return Ok(());
    }
    if map.contains_key(&key) {
        return Err(error(line, format!("duplicate key `{key}`")));
    }
    map.insert(key, value);
    Ok(())
}

/// JSON object keys are strings: scalar keys keep their text (`200:` is the key `"200"`).
fn key_text(key: Value, line: usize) -> Result<String, YamlError> {
    match key {
        Value::String(s) => Ok(s),
        Value::Null => Ok("null".into()),
        Value::Bool(b) => Ok(b.to_string()),
        Value::Number(n) => Ok(n.to_string()),
        _ => Err(error(line, "a mapping key must be a scalar".into())),
    }
}

/// Resolves a scalar by the YAML 1.2 core schema (plain scalars) or its tag.
fn scalar(
    text: &str,
    style: ScalarStyle,
    tag: Option<&Tag>,
    line: usize,
) -> Result<Value, YamlError> {
    if let Some(tag) = tag.filter(|t| t.is_yaml_core_schema()) {
        let parsed = match tag.suffix.as_str() {
            "str" => Some(Value::String(text.to_string())),
            "null" => Some(Value::Null),
            "bool" => plain(text).filter(Value::is_boolean),
            "int" => plain(text).filter(|v| v.is_i64() || v.is_u64()),
            "float" => plain(text).filter(Value::is_number),
            _ => return Err(error(line, format!("unsupported tag `!!{}`", tag.suffix))),
        };
        return parsed
            .ok_or_else(|| error(line, format!("`{text}` is not a valid `!!{}`", tag.suffix)));
    }
    if style != ScalarStyle::Plain || tag.is_some() {
        return Ok(Value::String(text.to_string()));
    }
    Ok(plain(text).unwrap_or_else(|| Value::String(text.to_string())))
}

/// The core schema's reading of a plain scalar, if it is not a string.
fn plain(text: &str) -> Option<Value> {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Some(Value::Null),
        "true" | "True" | "TRUE" => return Some(Value::Bool(true)),
        "false" | "False" | "FALSE" => return Some(Value::Bool(false)),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "-.inf" | ".nan" | ".NaN" | ".NAN" => {
            // JSON has no infinities or NaN; keep the text.
            return Some(Value::String(text.to_string()));
        }
        _ => {}
    }
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    if let Some(hex) = text.strip_prefix("0x") {
        return i64::from_str_radix(hex, 16).ok().map(Value::from);
    }
    if let Some(oct) = text.strip_prefix("0o") {
        return i64::from_str_radix(oct, 8).ok().map(Value::from);
    }
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        if let Ok(n) = text.parse::<i64>() {
            return Some(Value::from(n));
        }
        if let Ok(n) = text.trim_start_matches('+').parse::<u64>() {
            return Some(Value::from(n));
        }
        // Beyond 64 bits: a JSON number all the same, as JSON readers do.
        return text
            .parse::<f64>()
            .ok()
            .and_then(Number::from_f64)
            .map(Value::Number);
    }
    let float_like = digits.bytes().any(|b| b.is_ascii_digit())
        && digits
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'-' | b'+'))
        && !digits.starts_with(['e', 'E']);
    if float_like {
        return text
            .parse::<f64>()
            .ok()
            .and_then(Number::from_f64)
            .map(Value::Number);
    }
    None
}

/// The 1-based line where the node at `segments` is written: for a mapping entry, its key's
/// line. When the node does not exist, the line of its deepest existing ancestor.
pub(crate) fn line_of(source: &str, segments: &[String]) -> Option<usize> {
    enum Pos {
        Seq(usize),
        /// Key position (`None`), or the key whose value comes next.
        Map(Option<String>),
    }
    let mut path: Vec<Pos> = Vec::new();
    let mut best: Option<(usize, usize)> = None; // (matched depth, line)
    let matches = |path: &[Pos]| {
        path.iter().zip(segments).all(|(pos, seg)| match pos {
            Pos::Seq(i) => seg.parse::<usize>().ok() == Some(*i),
            Pos::Map(Some(key)) => key == seg,
            Pos::Map(None) => false,
        })
    };
    let mut note = |path: &[Pos], span: &Span| {
        let depth = path.len();
        if depth <= segments.len() && matches(path) && best.is_none_or(|(d, _)| depth > d) {
            best = Some((depth, span.start.line()));
        }
        depth == segments.len() && matches(path)
    };
    let mut stopped = false;
    for event in Parser::new_from_str(source) {
        let Ok((event, span)) = event else {
            stopped = true;
            break;
        };
        // A node starting in key position is a key: it names the entry whose line we report.
        if let Some(Pos::Map(key @ None)) = path.last_mut() {
            match &event {
                Event::Scalar(text, ..) => {
                    *key = Some(text.to_string());
                    if note(&path, &span) {
                        break;
                    }
                    continue;
                }
                Event::MappingEnd => {
                    path.pop();
                    advance(&mut path);
                    continue;
                }
                _ => {}
            }
        }
        match event {
            Event::SequenceStart(..) | Event::MappingStart(..) => {
                // In a mapping, the key's line was noted already.
                if !matches!(path.last(), Some(Pos::Map(_))) && note(&path, &span) {
                    break;
                }
                path.push(if matches!(event, Event::SequenceStart(..)) {
                    Pos::Seq(0)
                } else {
                    Pos::Map(None)
                });
            }
            Event::SequenceEnd | Event::MappingEnd => {
                path.pop();
                advance(&mut path);
            }
            Event::Scalar(..) | Event::Alias(_) => {
                if matches!(path.last(), Some(Pos::Seq(_))) && note(&path, &span) {
                    break;
                }
                advance(&mut path);
            }
            _ => {}
        }
    }

    /// After a value: the next sequence index, or back to key position.
    fn advance(path: &mut [Pos]) {
        match path.last_mut() {
            Some(Pos::Seq(i)) => *i += 1,
            Some(Pos::Map(key)) => *key = None,
            None => {}
        }
    }
    if stopped && best.is_none_or(|(depth, _)| depth < segments.len()) {
        // The text reads only with its flow collections' lines indented: look there.
        if let Ok((_, Some(fixed))) = readable(source) {
            return line_of(&fixed, segments);
        }
    }
    best.filter(|(depth, _)| *depth > 0 || segments.is_empty())
        .map(|(_, line)| line)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flow_lines_indented_less_than_their_block_are_read_and_located() {
        let text = "a:\n  example: {\n    \"x\": 1\n  }\n  b:\n    c: [1,\n  2]\n";
        assert!(read_once(text).is_err(), "YAML 1.2 refuses it as written");
        let value = to_value(text).unwrap();
        assert_eq!(value["a"]["b"]["c"], serde_json::json!([1, 2]));
        let segments: Vec<String> = ["a", "b", "c"].iter().map(|s| s.to_string()).collect();
        assert_eq!(line_of(text, &segments), Some(6));
        // A block line indented wrongly is still an error.
        assert!(to_value("a:\n  b: 1\n c: 2\n").is_err());
    }

    fn segs(pointer: &str) -> Vec<String> {
        pointer.split('/').skip(1).map(str::to_string).collect()
    }

    #[test]
    fn reads_core_schema_scalars() {
        let v = to_value(
            "a: 1\nb: 1.5\nc: true\nd: ~\ne: '1'\nf: -9223372036854776000\n200: x\ng: 0x1f\n",
        )
        .unwrap();
        assert_eq!(v["a"], 1);
        assert_eq!(v["b"], 1.5);
        assert_eq!(v["c"], true);
        assert!(v["d"].is_null());
        assert_eq!(v["e"], "1");
        assert!(v["f"].as_f64().unwrap() < -9.0e18);
        assert_eq!(v["200"], "x");
        assert_eq!(v["g"], 31);
    }

    #[test]
    fn anchors_merges_and_duplicates() {
        let v = to_value("base: &b {x: 1}\nderived:\n  <<: *b\n  y: 2\n").unwrap();
        assert_eq!(v["derived"]["x"], 1);
        assert_eq!(v["derived"]["y"], 2);
        let err = to_value("a: 1\na: 2\n").unwrap_err();
        assert_eq!(err.line, Some(2));
        assert!(err.message.contains("duplicate key"));
    }

    #[test]
    fn refuses_absurd_nesting() {
        let deep = "[".repeat(MAX_DEPTH + 5);
        assert!(to_value(&deep).unwrap_err().message.contains("nesting"));
    }

    #[test]
    fn finds_lines() {
        let doc = "openapi: 3.0.3\npaths:\n  /a/{id}:\n    get:\n      parameters:\n        - name: id\n          in: path\n        - name: x\n          in: query\ncomponents:\n  schemas:\n    Thing:\n      type: object\n      properties:\n        \"type\":\n          $ref: '#/components/schemas/Missing'\n";
        assert_eq!(
            line_of(
                doc,
                &segs("/paths/~1a~1{id}/get")
                    .iter()
                    .map(|s| s.replace("~1", "/"))
                    .collect::<Vec<_>>()
            ),
            Some(4)
        );
        assert_eq!(
            line_of(
                doc,
                &[
                    "paths".into(),
                    "/a/{id}".into(),
                    "get".into(),
                    "parameters".into(),
                    "1".into()
                ]
            ),
            Some(8)
        );
        assert_eq!(
            line_of(doc, &segs("/components/schemas/Thing/properties/type/$ref")),
            Some(16)
        );
        assert_eq!(line_of(doc, &segs("/components/schemas/Nope")), Some(11));
        assert_eq!(line_of(doc, &segs("/nothing")), None);
    }
}
