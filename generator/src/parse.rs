//! Stage 1: YAML or JSON text → `openapiv3::OpenAPI`, with errors that carry a pointer and line.

use openapiv3::OpenAPI;
use serde_path_to_error::Segment;

use crate::error::{Error, Location, Pointer};

/// Parses an OpenAPI 3.0.x document (YAML, or JSON, which is YAML).
pub fn parse(source: &str) -> Result<OpenAPI, Error> {
    let deserializer = serde_yaml::Deserializer::from_str(source);
    let spec: OpenAPI = serde_path_to_error::deserialize(deserializer).map_err(|err| {
        let mut pointer = Pointer::root();
        for segment in err.path().iter() {
            match segment {
                Segment::Seq { index } => pointer = pointer.push(index.to_string()),
                Segment::Map { key } => pointer = pointer.push(key.clone()),
                Segment::Enum { variant } => pointer = pointer.push(variant.clone()),
                Segment::Unknown => break,
            }
        }
        let inner = err.into_inner();
        let line = inner.location().map(|l| l.line());
        Error::Parse {
            location: Location {
                file: None,
                pointer: pointer.to_string(),
                line,
            },
            message: strip_location(&inner.to_string()),
        }
    })?;
    if !spec.openapi.starts_with("3.0") {
        return Err(Error::unsupported(
            &Pointer::root().push("openapi"),
            format!(
                "OpenAPI version {:?} (only 3.0.x is supported)",
                spec.openapi
            ),
        ));
    }
    Ok(spec)
}

/// serde_yaml appends " at line L column C"; the location is reported separately.
fn strip_location(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}
