//! Bodies that are not JSON: raw bytes (in memory or streamed) and `multipart/form-data`.

use std::fmt;
use std::sync::Mutex;

use bytes::Bytes;
use serde::Serialize;

use crate::request::Payload;

/// A request body of raw bytes (`application/octet-stream`, images, archives, ...).
///
/// In memory (`Vec<u8>`, `Bytes`, `&'static [u8]`, `String`), it is sent again as it is when a
/// call is retried. A stream ([`BinaryBody::stream`]) is read as it is sent, never held whole in
/// memory, and so sent once: a call with a streamed body is not retried.
pub struct BinaryBody(Content);

enum Content {
    Bytes(Bytes),
    Stream(reqwest::Body),
}

impl BinaryBody {
    /// A body read from `stream` as it is sent.
    pub fn stream<S>(stream: S) -> Self
    where
        S: futures_util::TryStream + Send + 'static,
        S::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
        Bytes: From<S::Ok>,
    {
        BinaryBody(Content::Stream(reqwest::Body::wrap_stream(stream)))
    }

    pub(crate) fn into_payload(self, content_type: &str) -> Payload {
        match self.0 {
            Content::Bytes(bytes) => Payload::Buffered {
                bytes,
                content_type: content_type.to_string(),
            },
            Content::Stream(body) => Payload::Stream {
                body: Mutex::new(Some(body)),
                content_type: content_type.to_string(),
            },
        }
    }
}

impl fmt::Debug for BinaryBody {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            Content::Bytes(bytes) => write!(f, "BinaryBody({} bytes)", bytes.len()),
            Content::Stream(_) => f.write_str("BinaryBody(stream)"),
        }
    }
}

impl From<Bytes> for BinaryBody {
    fn from(bytes: Bytes) -> Self {
        BinaryBody(Content::Bytes(bytes))
    }
}

impl From<Vec<u8>> for BinaryBody {
    fn from(bytes: Vec<u8>) -> Self {
        BinaryBody(Content::Bytes(Bytes::from(bytes)))
    }
}

impl From<&'static [u8]> for BinaryBody {
    fn from(bytes: &'static [u8]) -> Self {
        BinaryBody(Content::Bytes(Bytes::from_static(bytes)))
    }
}

impl From<String> for BinaryBody {
    fn from(text: String) -> Self {
        BinaryBody(Content::Bytes(Bytes::from(text)))
    }
}

/// One file (or other binary part) of a `multipart/form-data` body: its bytes or a stream, and
/// the file name and content type it is sent with.
pub struct Part {
    body: BinaryBody,
    file_name: Option<String>,
    content_type: Option<String>,
}

impl Part {
    /// A part holding these bytes.
    pub fn bytes(bytes: impl Into<BinaryBody>) -> Self {
        Part {
            body: bytes.into(),
            file_name: None,
            content_type: None,
        }
    }

    /// Sends it with this file name (`filename=` in its `Content-Disposition`).
    pub fn file_name(mut self, name: impl Into<String>) -> Self {
        self.file_name = Some(name.into());
        self
    }

    /// Sends it with this content type (default: `application/octet-stream`).
    pub fn content_type(mut self, media_type: impl Into<String>) -> Self {
        self.content_type = Some(media_type.into());
        self
    }
}

impl fmt::Debug for Part {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Part")
            .field("body", &self.body)
            .field("file_name", &self.file_name)
            .field("content_type", &self.content_type)
            .finish()
    }
}

impl<T: Into<BinaryBody>> From<T> for Part {
    fn from(bytes: T) -> Self {
        Part::bytes(bytes)
    }
}

/// A `multipart/form-data` body whose parts the caller names, for operations whose spec does
/// not list them as an object's properties (a union of shapes, a free-form object).
///
/// ```
/// let form = openapi_rust_gen_runtime::Form::new()
///     .text("name", "clip.mov")
///     .value("tags", &["a", "b"])
///     .part("file", openapi_rust_gen_runtime::Part::bytes(vec![1, 2, 3]).file_name("clip.mov"));
/// # let _ = form;
/// ```
pub struct Form(Multipart);

impl Form {
    /// An empty form.
    pub fn new() -> Self {
        Form(Multipart::new())
    }

    /// A text part.
    pub fn text(self, name: &str, text: impl Into<String>) -> Self {
        Form(self.0.field(name, &text.into()))
    }

    /// A part from any value: a scalar as its text, an array of scalars as one part per
    /// item, anything else as JSON (`Content-Type: application/json`).
    pub fn value<T: Serialize + ?Sized>(self, name: &str, value: &T) -> Self {
        Form(self.0.field(name, value))
    }

    /// A file part (bytes or a stream, with its file name and content type).
    pub fn part(self, name: &str, part: impl Into<Part>) -> Self {
        Form(self.0.part(name, part.into()))
    }
}

impl From<Form> for Multipart {
    fn from(form: Form) -> Self {
        form.0
    }
}

impl Default for Form {
    fn default() -> Self {
        Form::new()
    }
}

impl fmt::Debug for Form {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = self.0.parts.iter().map(|(name, _)| name.as_str()).collect();
        f.debug_struct("Form").field("parts", &names).finish()
    }
}

/// A `multipart/form-data` body as the generated code assembles it, rebuilt for every attempt.
#[derive(Default)]
pub struct Multipart {
    parts: Vec<(String, Field)>,
    /// The first part that could not be encoded: the call fails without being sent.
    invalid: Option<String>,
}

enum Field {
    Text {
        text: String,
        content_type: Option<&'static str>,
    },
    Bytes {
        bytes: Bytes,
        file_name: Option<String>,
        content_type: Option<String>,
    },
    Stream(Mutex<Option<reqwest::multipart::Part>>),
}

/// A scalar's text, or `None` for arrays and objects.
fn scalar_text(value: &serde_json::Value) -> Option<String> {
    match value {
        serde_json::Value::String(text) => Some(text.clone()),
        serde_json::Value::Number(_) | serde_json::Value::Bool(_) => Some(value.to_string()),
        _ => None,
    }
}

impl fmt::Debug for Multipart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = self.parts.iter().map(|(name, _)| name.as_str()).collect();
        f.debug_struct("Multipart").field("parts", &names).finish()
    }
}

impl Multipart {
    /// No parts yet.
    pub fn new() -> Self {
        Multipart {
            parts: Vec::new(),
            invalid: None,
        }
    }

    fn refuse(&mut self, message: String) {
        self.invalid.get_or_insert(message);
    }

    /// A file part.
    pub fn part(mut self, name: &str, part: Part) -> Self {
        let field = match part.body.0 {
            Content::Bytes(bytes) => Field::Bytes {
                bytes,
                file_name: part.file_name,
                content_type: part.content_type,
            },
            Content::Stream(body) => {
                let mut built = reqwest::multipart::Part::stream(body);
                if let Some(name) = part.file_name {
                    built = built.file_name(name);
                }
                if let Some(mime) = &part.content_type {
                    match built.mime_str(mime) {
                        Ok(with_type) => built = with_type,
                        Err(_) => {
                            self.refuse(format!("part `{name}`: `{mime}` is not a media type"));
                            return self;
                        }
                    }
                }
                Field::Stream(Mutex::new(Some(built)))
            }
        };
        self.parts.push((name.to_string(), field));
        self
    }

    /// A field that is not a file: a scalar as its text, an array of scalars as one part per
    /// item (the same name repeated), anything else as JSON (`Content-Type: application/json`).
    pub fn field<T: Serialize + ?Sized>(mut self, name: &str, value: &T) -> Self {
        let value = match serde_json::to_value(value) {
            Ok(value) => value,
            Err(e) => {
                self.refuse(format!("part `{name}` cannot be serialized: {e}"));
                return self;
            }
        };
        let text = |text| Field::Text {
            text,
            content_type: None,
        };
        match value {
            serde_json::Value::Null => {}
            serde_json::Value::Array(items) if items.iter().all(|v| scalar_text(v).is_some()) => {
                for item in &items {
                    if let Some(item) = scalar_text(item) {
                        self.parts.push((name.to_string(), text(item)));
                    }
                }
            }
            value => {
                let field = match scalar_text(&value) {
                    Some(scalar) => text(scalar),
                    None => Field::Text {
                        text: value.to_string(),
                        content_type: Some("application/json"),
                    },
                };
                self.parts.push((name.to_string(), field));
            }
        }
        self
    }

    /// Whether a failed attempt can send it again: not once a stream is part of it.
    pub(crate) fn repeatable(&self) -> bool {
        !self
            .parts
            .iter()
            .any(|(_, field)| matches!(field, Field::Stream(_)))
    }

    /// The form for one attempt.
    pub(crate) fn build(&self) -> Result<reqwest::multipart::Form, String> {
        if let Some(message) = &self.invalid {
            return Err(message.clone());
        }
        let mut form = reqwest::multipart::Form::new();
        for (name, field) in &self.parts {
            let part = match field {
                Field::Text { text, content_type } => {
                    let part = reqwest::multipart::Part::text(text.clone());
                    match content_type {
                        Some(mime) => part.mime_str(mime).map_err(|e| e.to_string())?,
                        None => part,
                    }
                }
                Field::Bytes {
                    bytes,
                    file_name,
                    content_type,
                } => {
                    let mut part =
                        reqwest::multipart::Part::stream(reqwest::Body::from(bytes.clone()));
                    if let Some(name) = file_name {
                        part = part.file_name(name.clone());
                    }
                    match content_type {
                        Some(mime) => part
                            .mime_str(mime)
                            .map_err(|_| format!("part `{name}`: `{mime}` is not a media type"))?,
                        None => part
                            .mime_str("application/octet-stream")
                            .map_err(|e| e.to_string())?,
                    }
                }
                Field::Stream(part) => part
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner)
                    .take()
                    .ok_or_else(|| format!("part `{name}` was a stream, already sent"))?,
            };
            form = form.part(name.clone(), part);
        }
        Ok(form)
    }
}
