//! Verifying webhook deliveries: the HMAC-SHA256 signature a sender computes over a delivery
//! with the secret it shares with the receiver, checked (in constant time) before the body is
//! trusted, and the delivery's age checked against replays.
//!
//! A [`SignatureScheme`] says how one sender signs; it is what a document's signature
//! extension describes, and it can describe, among others:
//!
//! | Sender | Signature header | Signed text | Signature |
//! | --- | --- | --- | --- |
//! | Frame.io | `X-Frameio-Signature: v0=<hex>`, timestamp in `X-Frameio-Request-Timestamp` | `v0:{timestamp}:{body}` | hex |
//! | Svix | `svix-signature: v1,<base64> v1,<base64>`, `svix-id`, `svix-timestamp` | `{id}.{timestamp}.{body}` | base64, secret `whsec_<base64>` |
//! | Stripe | `Stripe-Signature: t=<timestamp>,v1=<hex>,v1=<hex>` | `{timestamp}.{body}` | hex |
//!
//! Nothing here panics on any input, and no error holds the secret.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use reqwest::header::HeaderMap;

/// How a sender signs its deliveries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SignatureScheme {
    /// The header holding the signature(s): `X-Frameio-Signature`.
    pub signature_header: &'static str,
    /// Where the delivery's time (Unix seconds) is.
    pub timestamp: TimestampSource,
    /// A header whose value the signed text holds as `{id}` (Svix's `svix-id`).
    pub id_header: Option<&'static str>,
    /// The signed text: `{timestamp}`, `{id}` and `{body}` (the raw bytes received) replaced.
    pub template: &'static str,
    /// How the signature header lists signatures: entries split by this (`" "`, `","`),
    /// each `{version}{delimiter}{signature}`.
    pub separator: &'static str,
    /// Between an entry's version and its value: `'='` (`v0=...`) or `','` (`v1,...`).
    pub delimiter: char,
    /// The version whose entries are signatures: `v0`, `v1`. Entries of other versions are
    /// ignored (a sender may add newer ones); none of this one is [`WebhookError::UnknownVersion`].
    pub version: &'static str,
    /// How a signature is written.
    pub encoding: SignatureEncoding,
    /// How the secret is given.
    pub secret: SecretEncoding,
    /// How far a delivery's time may be from now, either way.
    pub tolerance: Duration,
}

/// Where a delivery's time is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimestampSource {
    /// A header of its own.
    Header(&'static str),
    /// An entry of the signature header, by its key (Stripe's `t`).
    Entry(&'static str),
}

/// How a signature is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignatureEncoding {
    /// Lower- or upper-case hex.
    Hex,
    /// Standard base64, padded.
    Base64,
}

/// How a webhook's secret is given to [`verify_signature`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecretEncoding {
    /// Its bytes are the key, as given.
    Raw,
    /// Base64 after this prefix (`whsec_`), which is taken off if present.
    Base64 {
        /// Taken off before decoding.
        prefix: &'static str,
    },
}

/// Why a delivery is refused. None holds the secret; the signature header's values are not
/// repeated either, only what is wrong with them.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum WebhookError {
    /// A header the scheme needs is absent.
    #[error("the webhook delivery has no `{header}` header")]
    MissingHeader {
        /// Its name.
        header: &'static str,
    },
    /// A header is there but cannot be read (not text, an entry without its delimiter, a
    /// timestamp that is not a number).
    #[error("the `{header}` header of the webhook delivery is malformed: {why}")]
    MalformedHeader {
        /// Its name.
        header: &'static str,
        /// What is wrong.
        why: String,
    },
    /// The signature header has no signature of the scheme's version (`v1=` where `v0=` is
    /// expected): the sender signs another way, or the scheme is not this sender's.
    #[error("the webhook delivery has no `{expected}` signature (versions found: {found})")]
    UnknownVersion {
        /// The version the scheme verifies.
        expected: &'static str,
        /// The versions the header has, comma-separated.
        found: String,
    },
    /// A signature of the scheme's version does not decode, or has not the length of an
    /// HMAC-SHA256 (a truncated signature).
    #[error("a `{version}` signature of the webhook delivery is malformed: {why}")]
    MalformedSignature {
        /// Its version.
        version: &'static str,
        /// What is wrong (its length, or the encoding it is not in).
        why: String,
    },
    /// The delivery is older than the tolerance: a replay, or a delivery held too long.
    #[error("the webhook delivery is {age_secs} s old; at most {tolerance_secs} s are accepted")]
    Stale {
        /// How old.
        age_secs: u64,
        /// The scheme's tolerance.
        tolerance_secs: u64,
    },
    /// The delivery's time is ahead of now by more than the tolerance.
    #[error("the webhook delivery is dated {ahead_secs} s ahead; at most {tolerance_secs} s are accepted")]
    Future {
        /// How far ahead.
        ahead_secs: u64,
        /// The scheme's tolerance.
        tolerance_secs: u64,
    },
    /// No signature matches the body, timestamp and secret: the delivery was altered, or was
    /// signed with another secret.
    #[error("no signature of the webhook delivery matches its contents and the secret")]
    SignatureMismatch,
    /// The secret cannot be used (not the base64 the scheme expects, or empty).
    #[error("the webhook secret cannot be used: {why}")]
    InvalidSecret {
        /// What is wrong, without the secret.
        why: String,
    },
    /// The body is signed but does not decode into the API's event type.
    #[error("the webhook delivery's body does not decode: {why}")]
    UndecodableBody {
        /// Where and why decoding failed.
        why: String,
    },
}

/// The length of an HMAC-SHA256.
const SIGNATURE_LEN: usize = 32;

/// Checks a delivery's signature and age: `Ok` when one of its signatures of the scheme's
/// version is the HMAC-SHA256 of the scheme's signed text under `secret`, and its time is
/// within the tolerance of `now`.
pub fn verify_signature(
    scheme: &SignatureScheme,
    secret: &[u8],
    headers: &HeaderMap,
    body: &[u8],
    now: SystemTime,
) -> Result<(), WebhookError> {
    let key_bytes = key(scheme, secret)?;
    let signature_text = header(headers, scheme.signature_header)?;
    let entries = entries(scheme, signature_text)?;
    let timestamp_text = match scheme.timestamp {
        TimestampSource::Header(name) => header(headers, name)?.to_string(),
        TimestampSource::Entry(key) => entries
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| v.to_string())
            .ok_or_else(|| WebhookError::MalformedHeader {
                header: scheme.signature_header,
                why: format!("no `{key}` entry (the timestamp)"),
            })?,
    };
    let timestamp_header = match scheme.timestamp {
        TimestampSource::Header(name) => name,
        TimestampSource::Entry(_) => scheme.signature_header,
    };
    let timestamp: i64 =
        timestamp_text
            .trim()
            .parse()
            .map_err(|_| WebhookError::MalformedHeader {
                header: timestamp_header,
                why: "the timestamp is not a whole number of seconds".into(),
            })?;
    check_age(scheme, timestamp, now)?;
    let id = match scheme.id_header {
        Some(name) => Some(header(headers, name)?),
        None => None,
    };

    let signatures: Vec<&str> = entries
        .iter()
        .filter(|(k, _)| *k == scheme.version)
        .map(|(_, v)| *v)
        .collect();
    if signatures.is_empty() {
        let mut found: Vec<&str> = entries.iter().map(|(k, _)| *k).collect();
        found.sort_unstable();
        found.dedup();
        return Err(WebhookError::UnknownVersion {
            expected: scheme.version,
            found: found.join(", "),
        });
    }
    let decoded: Vec<Vec<u8>> = signatures
        .iter()
        .map(|s| decode_signature(scheme, s))
        .collect::<Result<_, _>>()?;
    let message = signed_text(scheme.template, timestamp_text.trim(), id, body);
    let key = ring::hmac::Key::new(ring::hmac::HMAC_SHA256, &key_bytes);
    // `ring::hmac::verify` compares in constant time.
    if decoded
        .iter()
        .any(|tag| ring::hmac::verify(&key, &message, tag).is_ok())
    {
        Ok(())
    } else {
        Err(WebhookError::SignatureMismatch)
    }
}

/// Checks a delivery ([`verify_signature`]), then decodes its body into `E` (a generated
/// crate's event enum): what a webhook handler calls first, with the raw body it received.
pub fn verify<E: serde::de::DeserializeOwned>(
    scheme: &SignatureScheme,
    secret: &[u8],
    headers: &HeaderMap,
    body: &[u8],
    now: SystemTime,
) -> Result<E, WebhookError> {
    verify_signature(scheme, secret, headers, body, now)?;
    decode(body)
}

/// Decodes a body already verified (or from a sender that does not sign) into `E`.
pub fn decode<E: serde::de::DeserializeOwned>(body: &[u8]) -> Result<E, WebhookError> {
    crate::answer::decode_json(body).map_err(|(path, message)| WebhookError::UndecodableBody {
        why: format!("at `{path}`: {message}"),
    })
}

/// Signs `body` as a sender using `scheme` does at `now`, with `id` in the id header when the
/// scheme has one: the headers of a delivery, for testing a handler without the sender.
///
/// # Errors
///
/// [`WebhookError::InvalidSecret`] when the secret cannot be used, and
/// [`WebhookError::MalformedHeader`] when `id` cannot be a header's value.
pub fn sign(
    scheme: &SignatureScheme,
    secret: &[u8],
    body: &[u8],
    now: SystemTime,
    id: &str,
) -> Result<HeaderMap, WebhookError> {
    use reqwest::header::{HeaderName, HeaderValue};
    let key = ring::hmac::Key::new(ring::hmac::HMAC_SHA256, &key(scheme, secret)?);
    let time = now
        .duration_since(UNIX_EPOCH)
        .map_or(0, |since| since.as_secs())
        .to_string();
    let id_signed = scheme.id_header.map(|_| id);
    let tag = ring::hmac::sign(&key, &signed_text(scheme.template, &time, id_signed, body));
    let signature = match scheme.encoding {
        SignatureEncoding::Hex => tag.as_ref().iter().map(|b| format!("{b:02x}")).collect(),
        SignatureEncoding::Base64 => base64::engine::general_purpose::STANDARD.encode(tag.as_ref()),
    };
    let entry = format!("{}{}{signature}", scheme.version, scheme.delimiter);
    let mut headers = HeaderMap::new();
    let mut put = |name: &'static str, value: String| {
        let value = HeaderValue::from_str(&value).map_err(|_| WebhookError::MalformedHeader {
            header: name,
            why: "not a valid header value".into(),
        })?;
        let header =
            HeaderName::from_bytes(name.as_bytes()).map_err(|_| WebhookError::MalformedHeader {
                header: name,
                why: "not a valid header name".into(),
            })?;
        headers.insert(header, value);
        Ok::<(), WebhookError>(())
    };
    match scheme.timestamp {
        TimestampSource::Header(name) => {
            put(name, time.clone())?;
            put(scheme.signature_header, entry)?;
        }
        TimestampSource::Entry(key) => put(
            scheme.signature_header,
            format!("{key}{}{time}{}{entry}", scheme.delimiter, scheme.separator),
        )?,
    }
    if let Some(name) = scheme.id_header {
        put(name, id.to_string())?;
    }
    Ok(headers)
}

/// The HMAC key from the secret as given.
fn key(scheme: &SignatureScheme, secret: &[u8]) -> Result<Vec<u8>, WebhookError> {
    let key = match scheme.secret {
        SecretEncoding::Raw => secret.to_vec(),
        SecretEncoding::Base64 { prefix } => {
            let text = secret.strip_prefix(prefix.as_bytes()).unwrap_or(secret);
            base64::engine::general_purpose::STANDARD
                .decode(text)
                .map_err(|_| WebhookError::InvalidSecret {
                    why: format!("it is not base64 after `{prefix}`"),
                })?
        }
    };
    if key.is_empty() {
        return Err(WebhookError::InvalidSecret {
            why: "it is empty".into(),
        });
    }
    Ok(key)
}

/// A header's value as text.
fn header<'a>(headers: &'a HeaderMap, name: &'static str) -> Result<&'a str, WebhookError> {
    let value = headers
        .get(name)
        .ok_or(WebhookError::MissingHeader { header: name })?;
    value.to_str().map_err(|_| WebhookError::MalformedHeader {
        header: name,
        why: "it is not visible ASCII text".into(),
    })
}

/// The signature header's entries: (version or key, value).
fn entries<'a>(
    scheme: &SignatureScheme,
    text: &'a str,
) -> Result<Vec<(&'a str, &'a str)>, WebhookError> {
    let entries: Vec<(&str, &str)> = text
        .split(scheme.separator)
        .map(str::trim)
        .filter(|entry| !entry.is_empty())
        .map(|entry| {
            entry
                .split_once(scheme.delimiter)
                .ok_or_else(|| WebhookError::MalformedHeader {
                    header: scheme.signature_header,
                    why: format!(
                        "an entry has no `{}` between its version and its value",
                        scheme.delimiter
                    ),
                })
        })
        .collect::<Result<_, _>>()?;
    if entries.is_empty() {
        return Err(WebhookError::MalformedHeader {
            header: scheme.signature_header,
            why: "it is empty".into(),
        });
    }
    Ok(entries)
}

/// The delivery's time against now, either way.
fn check_age(
    scheme: &SignatureScheme,
    timestamp: i64,
    now: SystemTime,
) -> Result<(), WebhookError> {
    let now = match now.duration_since(UNIX_EPOCH) {
        Ok(since) => i128::from(since.as_secs()),
        Err(before) => -i128::from(before.duration().as_secs()),
    };
    let age = now - i128::from(timestamp);
    let tolerance = scheme.tolerance.as_secs();
    let secs = |d: i128| u64::try_from(d.unsigned_abs()).unwrap_or(u64::MAX);
    if age > i128::from(tolerance) {
        Err(WebhookError::Stale {
            age_secs: secs(age),
            tolerance_secs: tolerance,
        })
    } else if -age > i128::from(tolerance) {
        Err(WebhookError::Future {
            ahead_secs: secs(age),
            tolerance_secs: tolerance,
        })
    } else {
        Ok(())
    }
}

/// A signature's bytes, which must be an HMAC-SHA256's length.
fn decode_signature(scheme: &SignatureScheme, text: &str) -> Result<Vec<u8>, WebhookError> {
    let malformed = |why: String| WebhookError::MalformedSignature {
        version: scheme.version,
        why,
    };
    let bytes = match scheme.encoding {
        SignatureEncoding::Hex => {
            decode_hex(text).ok_or_else(|| malformed("it is not hex".into()))?
        }
        SignatureEncoding::Base64 => base64::engine::general_purpose::STANDARD
            .decode(text)
            .map_err(|_| malformed("it is not base64".into()))?,
    };
    if bytes.len() != SIGNATURE_LEN {
        return Err(malformed(format!(
            "{} bytes where an HMAC-SHA256 has {SIGNATURE_LEN}",
            bytes.len()
        )));
    }
    Ok(bytes)
}

fn decode_hex(text: &str) -> Option<Vec<u8>> {
    let digits = text.as_bytes();
    if !digits.len().is_multiple_of(2) {
        return None;
    }
    let value = |d: u8| (d as char).to_digit(16);
    digits
        .chunks(2)
        .map(|pair| Some((value(pair[0])? * 16 + value(pair[1])?) as u8))
        .collect()
}

/// The template with its placeholders replaced; the body as the raw bytes received.
fn signed_text(template: &str, timestamp: &str, id: Option<&str>, body: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(template.len() + body.len() + timestamp.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.extend_from_slice(&rest.as_bytes()[..open]);
        let after = &rest[open..];
        let (value, len): (&[u8], usize) = if after.starts_with("{timestamp}") {
            (timestamp.as_bytes(), "{timestamp}".len())
        } else if after.starts_with("{body}") {
            (body, "{body}".len())
        } else if after.starts_with("{id}") {
            (id.unwrap_or_default().as_bytes(), "{id}".len())
        } else {
            (b"{", 1)
        };
        out.extend_from_slice(value);
        rest = &after[len..];
    }
    out.extend_from_slice(rest.as_bytes());
    out
}

#[cfg(test)]
mod tests;
