//! The generator's one error type, and JSON pointers into the spec.

use std::fmt;

/// Everything that can go wrong turning a spec into code. Each variant says where in the spec.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The text is not YAML, or not shaped like an OpenAPI 3.0 document.
    #[error("{location}: cannot read the spec: {message}")]
    Parse {
        /// Where in the spec (file, pointer, line).
        location: Location,
        /// What is wrong there.
        message: String,
    },
    /// The document is OpenAPI but breaks a rule the generator relies on (dangling `$ref`,
    /// duplicate operationId, path parameter missing from the template, ...).
    #[error("{location}: invalid spec: {message}")]
    Invalid {
        /// Where in the spec (file, pointer, line).
        location: Location,
        /// Which rule it breaks.
        message: String,
    },
    /// The document breaks a rule of OpenAPI in a way lenient mode can repair; `repair` says
    /// how ([`Settings::lenient`](crate::Settings::lenient), `cargo xtask regen --lenient`).
    #[error("{location}: invalid spec: {message}; lenient mode (`--lenient`) would {repair}")]
    Repairable {
        /// Where in the spec (file, pointer, line).
        location: Location,
        /// Which rule it breaks.
        message: String,
        /// What lenient mode would do instead, as a clause (`read it as empty`).
        repair: String,
    },
    /// Valid OpenAPI that the generator does not translate yet.
    #[error("{location}: unsupported: {construct}")]
    Unsupported {
        /// Where in the spec (file, pointer, line).
        location: Location,
        /// The construct, in the spec's terms.
        construct: String,
    },
    /// The generator produced tokens that do not parse as Rust: a generator bug.
    #[error("internal error: generated `{file}` is not valid Rust ({message}); please report this with the spec")]
    Internal {
        /// The generated file.
        file: String,
        /// What the Rust parser said.
        message: String,
    },
}

impl Error {
    /// Where in the spec the problem is.
    pub fn location(&self) -> Option<&Location> {
        match self {
            Error::Parse { location, .. }
            | Error::Invalid { location, .. }
            | Error::Repairable { location, .. }
            | Error::Unsupported { location, .. } => Some(location),
            Error::Internal { .. } => None,
        }
    }

    /// Whether lenient mode would repair this.
    pub fn is_repairable(&self) -> bool {
        matches!(self, Error::Repairable { .. })
    }

    pub(crate) fn repairable(
        pointer: &Pointer,
        message: impl Into<String>,
        repair: impl Into<String>,
    ) -> Self {
        Error::Repairable {
            location: Location::at(pointer),
            message: message.into(),
            repair: repair.into(),
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

    /// The error with its location as the user wrote it: the file, the pointer in that file
    /// and the line (parts of a document may have been moved while reading it).
    pub fn relocated(mut self, sources: &crate::parse::SourceMap) -> Self {
        if let Error::Parse { location, .. }
        | Error::Invalid { location, .. }
        | Error::Repairable { location, .. }
        | Error::Unsupported { location, .. } = &mut self
        {
            *location = sources.relocate(location);
        }
        self
    }
}

/// A place in the spec: file, JSON pointer and, where it can be found, the 1-based line.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Location {
    /// The file, for documents split across files (`None`: the root document).
    pub file: Option<String>,
    /// RFC 6901 JSON pointer, e.g. `/components/schemas/Asset/properties/id`.
    pub pointer: String,
    /// The 1-based line the node starts on, where the reader could find it.
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
        let pointer = if self.pointer.is_empty() {
            "/"
        } else {
            &self.pointer
        };
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
    /// The whole document (`""`).
    pub fn root() -> Self {
        Pointer(Vec::new())
    }

    /// A child pointer; `segment` is the raw key (escaping happens on display).
    pub fn push(&self, segment: impl Into<String>) -> Self {
        let mut segments = self.0.clone();
        segments.push(segment.into());
        Pointer(segments)
    }

    /// One pointer token unescaped (RFC 6901: `~1` is `/`, `~0` is `~`).
    pub(crate) fn unescape(token: &str) -> String {
        token.replace("~1", "/").replace("~0", "~")
    }

    /// Parses a local `$ref` such as `#/components/schemas/Asset`.
    pub fn from_ref(reference: &str) -> Option<Self> {
        let rest = reference.strip_prefix("#/")?;
        Some(Pointer(rest.split('/').map(Pointer::unescape).collect()))
    }

    /// Parses an RFC 6901 pointer such as `/paths/~1things/get`.
    pub fn parse(pointer: &str) -> Self {
        Pointer(pointer.split('/').skip(1).map(Pointer::unescape).collect())
    }

    /// The unescaped segments, from the root.
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointers_escape_segments() {
        let p = Pointer::root().push("paths").push("/v2/assets/{id}");
        assert_eq!(p.to_string(), "/paths/~1v2~1assets~1{id}");
        assert_eq!(
            Pointer::from_ref("#/components/schemas/A~1B")
                .unwrap()
                .segments(),
            ["components", "schemas", "A/B"]
        );
    }
}
