//! The generator's one error type, and the lookup from a JSON pointer to a line of the YAML source.

use std::fmt;

/// Everything that can go wrong turning a spec into code. Each variant says where in the spec.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The text is not YAML, or not shaped like an OpenAPI 3.0 document.
    #[error("{location}: cannot read the spec: {message}")]
    Parse {
        location: Location,
        message: String,
    },
    /// The document is OpenAPI but breaks a rule the generator relies on (dangling `$ref`,
    /// duplicate operationId, path parameter missing from the template, ...).
    #[error("{location}: invalid spec: {message}")]
    Invalid {
        location: Location,
        message: String,
    },
    /// Valid OpenAPI that the generator does not translate yet.
    #[error("{location}: unsupported: {construct}")]
    Unsupported {
        location: Location,
        construct: String,
    },
    /// The generator produced tokens that do not parse as Rust: a generator bug.
    #[error("internal error: generated `{file}` is not valid Rust ({message}); please report this with the spec")]
    Internal { file: String, message: String },
}

impl Error {
    /// Where in the spec the problem is.
    pub fn location(&self) -> Option<&Location> {
        match self {
            Error::Parse { location, .. }
            | Error::Invalid { location, .. }
            | Error::Unsupported { location, .. } => Some(location),
            Error::Internal { .. } => None,
        }
    }

    pub(crate) fn invalid(pointer: &Pointer, message: impl Into<String>) -> Self {
        Error::Invalid {
            location: Location::at(pointer),
            message: message.into(),
        }
    }

    pub(crate) fn unsupported(pointer: &Pointer, construct: impl Into<String>) -> Self {
        Error::Unsupported {
            location: Location::at(pointer),
            construct: construct.into(),
        }
    }

    /// Fills in the line (and file name) once the source text is known.
    pub(crate) fn with_source(mut self, file: Option<&str>, source: &str) -> Self {
        if let Error::Parse { location, .. }
        | Error::Invalid { location, .. }
        | Error::Unsupported { location, .. } = &mut self
        {
            location.file = file.map(str::to_string);
            if location.line.is_none() {
                location.line = line_of(source, &location.pointer);
            }
        }
        self
    }
}

/// A place in the spec: file, JSON pointer and, where it can be found, the 1-based line.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Location {
    pub file: Option<String>,
    /// RFC 6901 JSON pointer, e.g. `/components/schemas/Asset/properties/id`.
    pub pointer: String,
    pub line: Option<usize>,
}

impl Location {
    pub(crate) fn at(pointer: &Pointer) -> Self {
        Location {
            file: None,
            pointer: pointer.to_string(),
            line: None,
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let pointer = if self.pointer.is_empty() { "/" } else { &self.pointer };
        match (&self.file, self.line) {
            (Some(file), Some(line)) => write!(f, "{file}:{line}: at {pointer}"),
            (Some(file), None) => write!(f, "{file}: at {pointer}"),
            (None, Some(line)) => write!(f, "line {line}: at {pointer}"),
            (None, None) => write!(f, "at {pointer}"),
        }
    }
}

/// A JSON pointer under construction, built up segment by segment while walking the spec.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Pointer(Vec<String>);

impl Pointer {
    pub fn root() -> Self {
        Pointer(Vec::new())
    }

    /// A child pointer; `segment` is the raw key (escaping happens on display).
    pub fn push(&self, segment: impl Into<String>) -> Self {
        let mut segments = self.0.clone();
        segments.push(segment.into());
        Pointer(segments)
    }

    /// Parses a local `$ref` such as `#/components/schemas/Asset`.
    pub fn from_ref(reference: &str) -> Option<Self> {
        let rest = reference.strip_prefix("#/")?;
        Some(Pointer(
            rest.split('/')
                .map(|s| s.replace("~1", "/").replace("~0", "~"))
                .collect(),
        ))
    }

    pub fn segments(&self) -> &[String] {
        &self.0
    }
}

impl fmt::Display for Pointer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for segment in &self.0 {
            write!(f, "/{}", segment.replace('~', "~0").replace('/', "~1"))?;
        }
        Ok(())
    }
}

/// Finds the 1-based line where the node at `pointer` starts in a block-style YAML document.
///
/// A best-effort scan of indentation, not a YAML parser: it follows mapping keys and `- `
/// sequence items, and gives up (returns the deepest line found so far) on flow style or
/// anchors. Good enough to point a maintainer at the right place.
pub fn line_of(source: &str, pointer: &str) -> Option<usize> {
    let segments: Vec<String> = pointer
        .split('/')
        .skip(1)
        .map(|s| s.replace("~1", "/").replace("~0", "~"))
        .collect();
    let lines: Vec<&str> = source.lines().collect();
    // (first line index of the current node's body, indentation of the parent key)
    let mut start = 0usize;
    let mut parent_indent: isize = -1;
    let mut found: Option<usize> = None;
    for segment in &segments {
        let mut hit = None;
        if let Ok(index) = segment.parse::<usize>() {
            // Sequence item: count `- ` entries at the first indentation deeper than the parent.
            let mut seen = 0usize;
            let mut item_indent: Option<usize> = None;
            for (i, line) in lines.iter().enumerate().skip(start) {
                let trimmed = line.trim_start();
                if trimmed.is_empty() || trimmed.starts_with('#') {
                    continue;
                }
                let indent = line.len() - trimmed.len();
                if (indent as isize) <= parent_indent && !trimmed.starts_with("- ") {
                    break;
                }
                if trimmed.starts_with("- ") || trimmed == "-" {
                    let expected = *item_indent.get_or_insert(indent);
                    if indent == expected {
                        if seen == index {
                            hit = Some((i, indent));
                            break;
                        }
                        seen += 1;
                    } else if indent < expected {
                        break;
                    }
                }
            }
        }
        if hit.is_none() {
            for (i, line) in lines.iter().enumerate().skip(start) {
                let trimmed = line.trim_start().trim_start_matches("- ");
                if trimmed.is_empty() || trimmed.starts_with('#') {
                    continue;
                }
                let indent = line.len() - trimmed.len();
                if (indent as isize) <= parent_indent && i > start {
                    break;
                }
                if key_of(trimmed).as_deref() == Some(segment.as_str()) {
                    hit = Some((i, indent));
                    break;
                }
            }
        }
        match hit {
            Some((i, indent)) => {
                found = Some(i + 1);
                start = i + 1;
                parent_indent = indent as isize;
            }
            None => break,
        }
    }
    found
}

/// The mapping key at the start of a YAML line, unquoted, if the line has one.
fn key_of(line: &str) -> Option<String> {
    let (key, quoted) = if let Some(rest) = line.strip_prefix('"') {
        (rest.split_once("\":")?.0, true)
    } else if let Some(rest) = line.strip_prefix('\'') {
        (rest.split_once("':")?.0, true)
    } else {
        let (key, after) = line.split_once(':')?;
        if !(after.is_empty() || after.starts_with(' ')) {
            return None;
        }
        (key, false)
    };
    Some(if quoted { key.to_string() } else { key.trim().to_string() })
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "openapi: 3.0.3\npaths:\n  /a/{id}:\n    get:\n      parameters:\n        - name: id\n          in: path\n        - name: x\n          in: query\ncomponents:\n  schemas:\n    Thing:\n      type: object\n      properties:\n        \"type\":\n          $ref: '#/components/schemas/Missing'\n";

    #[test]
    fn finds_lines_of_keys_and_items() {
        assert_eq!(line_of(DOC, "/paths/~1a~1{id}/get"), Some(4));
        assert_eq!(line_of(DOC, "/paths/~1a~1{id}/get/parameters/1"), Some(8));
        assert_eq!(line_of(DOC, "/components/schemas/Thing/properties/type"), Some(15));
        assert_eq!(line_of(DOC, "/components/schemas/Nope"), Some(11));
        assert_eq!(line_of(DOC, "/nothing"), None);
    }

    #[test]
    fn pointers_escape_segments() {
        let p = Pointer::root().push("paths").push("/v2/assets/{id}");
        assert_eq!(p.to_string(), "/paths/~1v2~1assets~1{id}");
        assert_eq!(
            Pointer::from_ref("#/components/schemas/A~1B").unwrap().segments(),
            ["components", "schemas", "A/B"]
        );
    }
}
