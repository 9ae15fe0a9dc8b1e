//! What one call sends, as the generated operations describe it, and how its parameters and
//! body are put on the wire (the answer is `answer.rs`'s).

use std::sync::Mutex;

use bytes::Bytes;
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use reqwest::Method;
use serde::Serialize;
use serde_json::Value;

use crate::auth::Security;
use crate::body::{BinaryBody, Multipart};
use crate::error::Invalid;

/// Maps a non-2xx status and body to the typed error body `E` its operation declares.
pub type ErrorDecoder<E> = fn(u16, &[u8]) -> Option<E>;

/// How a query parameter's value is written (OpenAPI `style` and `explode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// `ids=1&ids=2`, and an object's properties as parameters of their own (the default).
    FormExploded,
    /// `ids=1,2`; an object as `key,value,key,value`.
    Form,
    /// `ids=1%202`.
    SpaceDelimited,
    /// `ids=1|2`.
    PipeDelimited,
    /// `filter[status]=open&filter[type]=bug`.
    DeepObject,
    /// `filter={"status":"open"}` (percent-encoded): a parameter described by `content`
    /// with a JSON media type.
    Json,
}

/// How a path parameter that is an array or object is written (OpenAPI `style`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathStyle {
    /// `1,2`; an object as `k,v,k,v` (exploded: `k=v,k=v`).
    Simple,
    /// `.1.2` exploded, `.1,2` not.
    Label,
    /// `;id=1;id=2` exploded, `;id=1,2` not.
    Matrix,
}

/// One request, as a generated operation describes it. `Debug` shows which call it is, not
/// what it carries.
pub struct Request {
    pub(crate) operation: &'static str,
    pub(crate) method: Method,
    /// The path as sent, parameters encoded.
    pub(crate) path: String,
    /// The path as the spec writes it, for logs: `/v2/assets/{asset_id}`.
    pub(crate) path_template: &'static str,
    pub(crate) security: Security,
    /// The `Accept` header: the media type the operation answers with.
    pub(crate) accept: &'static str,
    pub(crate) headers: Vec<(&'static str, String)>,
    /// Query pairs, percent-encoded (see [`query_string`]).
    pub(crate) query: Vec<(String, String)>,
    pub(crate) cookies: Vec<(&'static str, String)>,
    pub(crate) body: Option<Payload>,
}

/// A request body, ready to send once or again.
pub(crate) enum Payload {
    /// Bytes in memory: sent again as they are on a retry.
    Buffered { bytes: Bytes, content_type: String },
    /// A stream: sent once, never retried (it cannot be read twice).
    Stream {
        body: Mutex<Option<reqwest::Body>>,
        content_type: String,
    },
    /// `multipart/form-data`, built anew for every attempt.
    Multipart(Multipart),
    /// The arguments could not be encoded; the call fails without being sent.
    Invalid(String),
}

impl Payload {
    /// Whether a failed attempt can send this body again.
    pub(crate) fn repeatable(&self) -> bool {
        match self {
            Payload::Buffered { .. } | Payload::Invalid(_) => true,
            Payload::Stream { .. } => false,
            Payload::Multipart(parts) => parts.repeatable(),
        }
    }
}

impl std::fmt::Debug for Request {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Request")
            .field("operation", &self.operation)
            .field("method", &self.method)
            .field("path_template", &self.path_template)
            .finish_non_exhaustive()
    }
}

impl Request {
    /// A request for `operation` to `path` (its parameters encoded), which the spec writes
    /// `path_template`, needing `security`; JSON accepted, nothing else set.
    pub fn new(
        operation: &'static str,
        method: Method,
        path_template: &'static str,
        path: String,
        security: Security,
    ) -> Self {
        Request {
            operation,
            method,
            path,
            path_template,
            security,
            accept: "application/json",
            headers: Vec::new(),
            query: Vec::new(),
            cookies: Vec::new(),
            body: None,
        }
    }

    /// Asks for other media types than JSON (a list, comma-separated, when several answer).
    pub fn accept(mut self, media_type: &'static str) -> Self {
        self.accept = media_type;
        self
    }

    /// A header with a fixed value (a required header the spec allows one value for).
    pub fn header(mut self, name: &'static str, value: &str) -> Self {
        self.headers.push((name, value.to_string()));
        self
    }

    /// A header parameter of any scalar type, written as its JSON value reads (`true`, `42`,
    /// `2024-01-02T03:04:05Z`; arrays comma-separated).
    pub fn header_param<T: Serialize + ?Sized>(mut self, name: &'static str, value: &T) -> Self {
        match to_value(value) {
            Ok(Value::Null) => {}
            Ok(Value::Array(items)) => {
                let joined: Vec<String> = items.iter().filter_map(scalar).collect();
                self.headers.push((name, joined.join(",")));
            }
            Ok(value) => match scalar(&value) {
                Some(text) => self.headers.push((name, text)),
                None => self.invalid(format!("header `{name}` cannot carry an object")),
            },
            Err(message) => self.invalid(message),
        }
        self
    }

    /// A header or cookie parameter described by `content` with a JSON media type: its JSON
    /// text.
    pub fn json_param<T: Serialize + ?Sized>(
        mut self,
        name: &'static str,
        value: &T,
        cookie: bool,
    ) -> Self {
        match to_value(value) {
            Ok(Value::Null) => {}
            Ok(value) if cookie => self.cookies.push((name, value.to_string())),
            Ok(value) => self.headers.push((name, value.to_string())),
            Err(message) => self.invalid(message),
        }
        self
    }

    /// A cookie parameter: sent in the `Cookie` header as `name=value`.
    pub fn cookie_param<T: Serialize + ?Sized>(mut self, name: &'static str, value: &T) -> Self {
        match to_value(value) {
            Ok(Value::Null) => {}
            Ok(value) => match scalar(&value) {
                Some(text) => self.cookies.push((name, text)),
                None => self.invalid(format!("cookie `{name}` cannot carry an object or array")),
            },
            Err(message) => self.invalid(message),
        }
        self
    }

    /// A query parameter, written in `style`.
    pub fn query_param<T: Serialize + ?Sized>(
        mut self,
        name: &'static str,
        value: &T,
        style: Style,
    ) -> Self {
        match to_value(value) {
            Ok(value) => encode_query(name, &value, style, &mut self.query),
            Err(message) => self.invalid(message),
        }
        self
    }

    /// A JSON body (`application/json` or another JSON media type).
    pub fn json<T: Serialize + ?Sized>(mut self, body: &T, content_type: &str) -> Self {
        self.body = Some(match serde_json::to_vec(body) {
            Ok(bytes) => Payload::Buffered {
                bytes: Bytes::from(bytes),
                content_type: content_type.to_string(),
            },
            Err(e) => Payload::Invalid(format!("the request body cannot be serialized: {e}")),
        });
        self
    }

    /// An `application/x-www-form-urlencoded` body: the value's fields as `key=value` pairs
    /// (arrays repeat the key; objects inside it are written as JSON).
    pub fn form<T: Serialize + ?Sized>(mut self, body: &T) -> Self {
        let mut pairs = Vec::new();
        self.body = Some(match to_value(body) {
            Ok(Value::Object(map)) => {
                for (key, value) in &map {
                    encode_form_field(key, value, &mut pairs);
                }
                let mut encoded = url::form_urlencoded::Serializer::new(String::new());
                encoded.extend_pairs(pairs);
                Payload::Buffered {
                    bytes: Bytes::from(encoded.finish()),
                    content_type: "application/x-www-form-urlencoded".into(),
                }
            }
            Ok(_) => Payload::Invalid("a form body must be an object".into()),
            Err(message) => Payload::Invalid(message),
        });
        self
    }

    /// A text body.
    pub fn text(mut self, body: &str, content_type: &str) -> Self {
        self.body = Some(Payload::Buffered {
            bytes: Bytes::copy_from_slice(body.as_bytes()),
            content_type: content_type.to_string(),
        });
        self
    }

    /// A body of raw bytes, in memory or streamed.
    pub fn binary(mut self, body: BinaryBody, content_type: &str) -> Self {
        self.body = Some(body.into_payload(content_type));
        self
    }

    /// A `multipart/form-data` body.
    pub fn multipart(mut self, body: Multipart) -> Self {
        self.body = Some(Payload::Multipart(body));
        self
    }

    fn invalid(&mut self, message: String) {
        if !matches!(self.body, Some(Payload::Invalid(_))) {
            self.body = Some(Payload::Invalid(message));
        }
    }
}

fn to_value<T: Serialize + ?Sized>(value: &T) -> Result<Value, String> {
    serde_json::to_value(value).map_err(|e| format!("a parameter cannot be serialized: {e}"))
}

/// A scalar's text: strings as they are, numbers and booleans as JSON writes them.
pub(crate) fn scalar(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Null | Value::Array(_) | Value::Object(_) => None,
    }
}

/// Anything: a scalar's text, or JSON for an object or array nested too deep for a style.
fn text(value: &Value) -> String {
    scalar(value).unwrap_or_else(|| value.to_string())
}

/// Everything but RFC 3986 unreserved characters is percent-encoded in a query name or value,
/// so that the delimiters a style adds (`,` `|` `%20` `&` `=`) are the only ones on the wire.
const QUERY: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

fn encoded(text: &str) -> String {
    std::borrow::Cow::from(utf8_percent_encode(text, QUERY)).into_owned()
}

/// Writes one query parameter as encoded `(name, value)` pairs: values percent-encoded, the
/// style's delimiters (and deepObject's brackets) literal, as OpenAPI's style tables show them.
fn encode_query(name: &str, value: &Value, style: Style, out: &mut Vec<(String, String)>) {
    if style == Style::Json {
        if !value.is_null() {
            out.push((encoded(name), encoded(&value.to_string())));
        }
        return;
    }
    let joined = |items: Vec<String>, separator: &str| {
        items
            .iter()
            .map(|item| encoded(item))
            .collect::<Vec<_>>()
            .join(separator)
    };
    match value {
        Value::Null => {}
        Value::Array(items) => {
            let items: Vec<String> = items.iter().filter(|v| !v.is_null()).map(text).collect();
            let separator = match style {
                Style::FormExploded | Style::DeepObject => {
                    out.extend(items.iter().map(|item| (encoded(name), encoded(item))));
                    return;
                }
                Style::Form | Style::Json => ",",
                Style::SpaceDelimited => "%20",
                Style::PipeDelimited => "|",
            };
            out.push((encoded(name), joined(items, separator)));
        }
        Value::Object(map) => {
            let set = map.iter().filter(|(_, v)| !v.is_null());
            match style {
                Style::DeepObject => {
                    for (key, value) in set {
                        let key = format!("{}[{}]", encoded(name), encoded(key));
                        match value {
                            Value::Array(items) => out.extend(
                                items.iter().map(|item| (key.clone(), encoded(&text(item)))),
                            ),
                            other => out.push((key, encoded(&text(other)))),
                        }
                    }
                }
                Style::FormExploded => {
                    out.extend(set.map(|(k, v)| (encoded(k), encoded(&text(v)))));
                }
                _ => {
                    let flat: Vec<String> = set.flat_map(|(k, v)| [k.clone(), text(v)]).collect();
                    out.push((encoded(name), joined(flat, ",")));
                }
            }
        }
        scalar => out.push((encoded(name), encoded(&text(scalar)))),
    }
}

/// One scalar query pair, encoded.
pub(crate) fn query_pair(name: &str, value: &str) -> (String, String) {
    (encoded(name), encoded(value))
}

/// The query string of encoded pairs, without the `?`.
pub(crate) fn query_string<'a>(pairs: impl IntoIterator<Item = &'a (String, String)>) -> String {
    let mut out = String::new();
    for (name, value) in pairs {
        if !out.is_empty() {
            out.push('&');
        }
        out.push_str(name);
        out.push('=');
        out.push_str(value);
    }
    out
}

fn encode_form_field(key: &str, value: &Value, out: &mut Vec<(String, String)>) {
    match value {
        Value::Null => {}
        Value::Array(items) => out.extend(
            items
                .iter()
                .filter(|v| !v.is_null())
                .map(|item| (key.to_string(), text(item))),
        ),
        other => out.push((key.to_string(), text(other))),
    }
}

/// Encodes one path parameter value as a single path segment: everything but RFC 3986
/// unreserved characters is percent-encoded, `/`, `?`, `#` and `%` included, so a value can never
/// leave its segment.
///
/// # Errors
/// Empty values, `.` and `..` would change which resource the path names (URL parsers resolve
/// dot segments, even percent-encoded ones), so they are refused.
pub fn encode_path_segment(operation: &'static str, value: &str) -> Result<String, Invalid> {
    // Unreserved characters, and `:` and `@`, which RFC 3986 allows in a path segment (pchar)
    // and ids use (Frame.io's `adobe:...`, `...@AdobeOrg`). Everything else is escaped, the
    // other sub-delimiters included: servers read `;`, `+` or `=` in paths in different ways.
    const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'.')
        .remove(b'_')
        .remove(b'~')
        .remove(b':')
        .remove(b'@');
    if value.is_empty() || value == "." || value == ".." {
        return Err(Invalid {
            operation,
            message: format!("`{value}` cannot be used as a path parameter"),
        });
    }
    // Most ids (UUIDs, numbers, slugs) need no escaping: one scan, one copy.
    if value
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b':' | b'@'))
    {
        return Ok(value.to_string());
    }
    Ok(std::borrow::Cow::from(utf8_percent_encode(value, SEGMENT)).into_owned())
}

/// A path parameter of any scalar type, as its segment.
pub fn path_param<T: Serialize + ?Sized>(
    operation: &'static str,
    value: &T,
) -> Result<String, Invalid> {
    let value = to_value(value).map_err(|message| Invalid { operation, message })?;
    match scalar(&value) {
        Some(text) => encode_path_segment(operation, &text),
        None => Err(Invalid {
            operation,
            message: "a path parameter must be a string, number or boolean".into(),
        }),
    }
}

/// A path parameter that is an array or an object (or any value, in the `label` and
/// `matrix` styles), written in its style: each value percent-encoded as a segment would be,
/// the style's delimiters as they are.
pub fn path_styled<T: Serialize + ?Sized>(
    operation: &'static str,
    name: &str,
    value: &T,
    style: PathStyle,
    explode: bool,
) -> Result<String, Invalid> {
    let invalid = |message: String| Invalid { operation, message };
    let value = to_value(value).map_err(invalid)?;
    let encode = |text: &str| -> Result<String, Invalid> {
        if text.is_empty() {
            return Ok(String::new());
        }
        encode_path_segment(operation, text)
    };
    // The values, and for objects their keys: (key, value).
    let entries: Vec<(Option<String>, String)> = match &value {
        Value::Null => return Err(invalid(format!("path parameter `{name}` cannot be null"))),
        Value::Array(items) => items
            .iter()
            .filter(|v| !v.is_null())
            .map(|v| Ok((None, encode(&text(v))?)))
            .collect::<Result<_, Invalid>>()?,
        Value::Object(map) => map
            .iter()
            .filter(|(_, v)| !v.is_null())
            .map(|(k, v)| Ok((Some(encode(k)?), encode(&text(v))?)))
            .collect::<Result<_, Invalid>>()?,
        scalar => vec![(None, encode(&text(scalar))?)],
    };
    let pair = |(key, value): &(Option<String>, String), joiner: &str| match key {
        Some(key) => format!("{key}{joiner}{value}"),
        None => value.clone(),
    };
    let flat = || -> Vec<String> {
        entries
            .iter()
            .flat_map(|(k, v)| k.iter().cloned().chain(std::iter::once(v.clone())))
            .collect()
    };
    let name = encode(name)?;
    Ok(match (style, explode) {
        (PathStyle::Simple, true) => entries
            .iter()
            .map(|e| pair(e, "="))
            .collect::<Vec<_>>()
            .join(","),
        (PathStyle::Simple, false) => flat().join(","),
        (PathStyle::Label, true) => entries
            .iter()
            .map(|e| format!(".{}", pair(e, "=")))
            .collect(),
        (PathStyle::Label, false) => format!(".{}", flat().join(",")),
        (PathStyle::Matrix, true) => entries
            .iter()
            .map(|e| match &e.0 {
                Some(_) => format!(";{}", pair(e, "=")),
                None => format!(";{name}={}", e.1),
            })
            .collect(),
        (PathStyle::Matrix, false) => format!(";{name}={}", flat().join(",")),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn path_styles() {
        let styled =
            |value: Value, style, explode| path_styled("op", "id", &value, style, explode).unwrap();
        let ids = || json!([3, 4, "a b"]);
        let point = || json!({"x": 1, "y": 2});
        assert_eq!(styled(ids(), PathStyle::Simple, false), "3,4,a%20b");
        assert_eq!(styled(point(), PathStyle::Simple, false), "x,1,y,2");
        assert_eq!(styled(point(), PathStyle::Simple, true), "x=1,y=2");
        assert_eq!(styled(ids(), PathStyle::Label, false), ".3,4,a%20b");
        assert_eq!(styled(ids(), PathStyle::Label, true), ".3.4.a%20b");
        assert_eq!(styled(point(), PathStyle::Label, true), ".x=1.y=2");
        assert_eq!(styled(ids(), PathStyle::Matrix, false), ";id=3,4,a%20b");
        assert_eq!(
            styled(ids(), PathStyle::Matrix, true),
            ";id=3;id=4;id=a%20b"
        );
        assert_eq!(styled(point(), PathStyle::Matrix, true), ";x=1;y=2");
        assert_eq!(styled(json!(5), PathStyle::Matrix, false), ";id=5");
        assert!(path_styled("op", "id", &json!(null), PathStyle::Simple, false).is_err());
    }

    #[test]
    fn json_query_parameters_are_one_encoded_value() {
        let mut out = Vec::new();
        encode_query("filter", &json!({"a": [1, 2]}), Style::Json, &mut out);
        assert_eq!(
            out,
            vec![(
                "filter".to_string(),
                "%7B%22a%22%3A%5B1%2C2%5D%7D".to_string()
            )]
        );
    }

    fn query(value: Value, style: Style) -> Vec<(String, String)> {
        let mut out = Vec::new();
        encode_query("ids", &value, style, &mut out);
        out
    }

    fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
        items
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn query_styles() {
        assert_eq!(
            query(json!([1, 2]), Style::FormExploded),
            pairs(&[("ids", "1"), ("ids", "2")])
        );
        assert_eq!(query(json!([1, 2]), Style::Form), pairs(&[("ids", "1,2")]));
        assert_eq!(
            query(json!(["a", "b"]), Style::SpaceDelimited),
            pairs(&[("ids", "a%20b")])
        );
        assert_eq!(
            query(json!(["a", "b"]), Style::PipeDelimited),
            pairs(&[("ids", "a|b")])
        );
        assert_eq!(
            query(
                json!({"status": "open", "n": 2, "skip": null}),
                Style::DeepObject
            ),
            pairs(&[("ids[n]", "2"), ("ids[status]", "open")])
        );
        assert_eq!(
            query(json!({"a": true}), Style::FormExploded),
            pairs(&[("a", "true")])
        );
        assert_eq!(
            query(json!({"a": 1, "b": 2}), Style::Form),
            pairs(&[("ids", "a,1,b,2")])
        );
        assert_eq!(query(json!(null), Style::Form), pairs(&[]));
        assert_eq!(
            query(json!("2024-01-02"), Style::FormExploded),
            pairs(&[("ids", "2024-01-02")])
        );
    }

    #[test]
    fn values_are_encoded_and_only_the_style_delimiters_are_literal() {
        assert_eq!(
            query(json!(["a,b", "c d", "e|f&g=h"]), Style::Form),
            pairs(&[("ids", "a%2Cb,c%20d,e%7Cf%26g%3Dh")])
        );
        assert_eq!(
            query(json!(["x y", "é"]), Style::PipeDelimited),
            pairs(&[("ids", "x%20y|%C3%A9")])
        );
        assert_eq!(
            query(json!({"a b": "c&d"}), Style::DeepObject),
            pairs(&[("ids[a%20b]", "c%26d")])
        );
        assert_eq!(
            query_string(&pairs(&[("a", "1"), ("b", "x%20y")])),
            "a=1&b=x%20y"
        );
    }

    #[test]
    fn path_parameters_of_any_scalar_stay_in_their_segment() {
        assert_eq!(path_param("op", &42).unwrap(), "42");
        assert_eq!(path_param("op", "a/b").unwrap(), "a%2Fb");
        assert!(path_param("op", &json!({"a": 1})).is_err());
        assert!(encode_path_segment("op", "..").is_err());
    }

    #[test]
    fn bad_arguments_become_an_invalid_payload_not_a_panic() {
        let request = Request::new("op", Method::GET, "/", "/".into(), Security::Unspecified)
            .header_param("x-a", &json!({"nested": 1}));
        assert!(matches!(request.body, Some(Payload::Invalid(_))));
    }
}
