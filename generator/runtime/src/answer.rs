//! The raw 2xx answer of a call, decoded as the operation says; bodies read up to a limit; and
//! JSON decoding that says where a body does not fit its type (responses, webhook deliveries).

use bytes::Bytes;
use reqwest::header::HeaderMap;
use reqwest::StatusCode;
use serde::de::DeserializeOwned;

use crate::error::{snippet, DecodeError};
use crate::{ApiResponse, Error, RateLimit};

/// A JSON body decoded as `T`, or where and why it is not one: (path, message).
pub(crate) fn decode_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, (String, String)> {
    // The fast path; only a failure is decoded again to find where.
    serde_json::from_slice::<T>(bytes).map_err(|_| {
        let mut deserializer = serde_json::Deserializer::from_slice(bytes);
        match serde_path_to_error::deserialize::<_, T>(&mut deserializer) {
            Err(err) => (err.path().to_string(), err.into_inner().to_string()),
            // Valid up to a point, then trailing garbage.
            Ok(_) => match deserializer.end() {
                Err(e) => (".".to_string(), e.to_string()),
                Ok(()) => (".".to_string(), "the body is not valid JSON".to_string()),
            },
        }
    })
}

/// A 2xx response whose body is not decoded yet.
#[derive(Debug)]
pub struct RawResponse {
    pub(crate) operation: &'static str,
    pub(crate) status: StatusCode,
    pub(crate) rate_limit: RateLimit,
    pub(crate) headers: HeaderMap,
    pub(crate) bytes: Bytes,
    pub(crate) attempts: u32,
    pub(crate) waited: std::time::Duration,
}

impl RawResponse {
    /// The status code, to choose how to decode.
    pub fn status(&self) -> u16 {
        self.status.as_u16()
    }

    /// Decodes the body as `T`; a mismatch says where in the JSON it happened.
    pub fn json<T: DeserializeOwned, E>(self) -> Result<ApiResponse<T>, Error<E>> {
        match decode_json::<T>(&self.bytes) {
            Ok(body) => Ok(self.with(body)),
            Err((path, message)) => Err(Error::Decode(Box::new(DecodeError {
                operation: self.operation,
                status: self.status,
                rate_limit: self.rate_limit,
                path,
                message: snippet(&message),
                snippet: snippet(&String::from_utf8_lossy(&self.bytes)),
                attempts: self.attempts,
                waited: self.waited,
            }))),
        }
    }

    /// The body as text (invalid UTF-8 replaced).
    pub fn text(self) -> ApiResponse<String> {
        let text = String::from_utf8_lossy(&self.bytes).into_owned();
        self.with(text)
    }

    /// The body as bytes, as received (no copy).
    pub fn bytes(self) -> ApiResponse<Bytes> {
        let bytes = self.bytes.clone();
        self.with(bytes)
    }

    /// For operations whose success response has no body.
    pub fn empty(self) -> ApiResponse<()> {
        self.with(())
    }

    fn with<T>(self, body: T) -> ApiResponse<T> {
        ApiResponse::new(
            self.status,
            self.headers,
            self.rate_limit,
            body,
            self.attempts,
            self.waited,
        )
    }
}

/// A response body, read up to a limit.
pub(crate) enum Body {
    Whole(bytes::Bytes),
    /// Longer than the limit: the first `limit` bytes when a prefix was wanted, else nothing.
    Cut(bytes::Bytes),
}

/// Reads the body, never holding more than `limit` bytes of it. A body the server declares too
/// long is not read at all unless `prefix` asks for its start. A body of one chunk is kept as
/// received; a longer one is gathered once into a buffer sized from `Content-Length`.
pub(crate) async fn read_body(
    response: &mut reqwest::Response,
    limit: usize,
    prefix: bool,
) -> Result<Body, reqwest::Error> {
    let declared = response
        .content_length()
        .map(|n| usize::try_from(n).unwrap_or(usize::MAX));
    if !prefix && declared.is_some_and(|n| n > limit) {
        return Ok(Body::Cut(bytes::Bytes::new()));
    }
    let mut first: Option<bytes::Bytes> = None;
    let mut gathered: Vec<u8> = Vec::new();
    while let Some(chunk) = response.chunk().await? {
        let have = first.as_ref().map_or(gathered.len(), bytes::Bytes::len);
        if have + chunk.len() > limit {
            if !prefix {
                return Ok(Body::Cut(bytes::Bytes::new()));
            }
            let mut kept = match first.take() {
                Some(first) => first.to_vec(),
                None => std::mem::take(&mut gathered),
            };
            kept.extend_from_slice(&chunk[..limit - have]);
            return Ok(Body::Cut(kept.into()));
        }
        match first.take() {
            None if gathered.is_empty() => first = Some(chunk),
            None => gathered.extend_from_slice(&chunk),
            Some(earlier) => {
                let capacity = declared.unwrap_or(0).min(limit).max(have + chunk.len());
                gathered = Vec::with_capacity(capacity);
                gathered.extend_from_slice(&earlier);
                gathered.extend_from_slice(&chunk);
            }
        }
    }
    Ok(Body::Whole(first.unwrap_or_else(|| gathered.into())))
}

/// Decodes an error body into the `ErrorBody` variant `wrap`; `None` when it does not match.
pub fn decode_error_body<T: DeserializeOwned, E>(body: &[u8], wrap: fn(T) -> E) -> Option<E> {
    serde_json::from_slice(body).ok().map(wrap)
}
