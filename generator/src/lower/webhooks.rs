//! The document's `x-webhook-signature`: how deliveries of its webhooks are signed, read into
//! the IR's [`Signature`]. A valid document whose extension cannot be read still generates:
//! without `verify`, with a located warning.

use serde_json::Value;

use crate::ir::{Signature, SignatureTime};

/// The extension's name, at the document's root.
pub const EXTENSION: &str = "x-webhook-signature";

/// Reads the extension; `Err(why)` when it cannot be used.
pub fn signature(value: &Value) -> Result<Signature, String> {
    let text = |key: &str| value.get(key).and_then(Value::as_str);
    let required = |key: &str| {
        text(key)
            .filter(|t| !t.is_empty())
            .map(str::to_string)
            .ok_or_else(|| format!("`{key}` (a string) is required"))
    };
    if let Some(algorithm) = text("algorithm") {
        if !algorithm.eq_ignore_ascii_case("hmac-sha256") {
            return Err(format!(
                "`algorithm: {algorithm}` is not supported (only `hmac-sha256`)"
            ));
        }
    }
    let timestamp = match (text("timestamp-header"), text("timestamp-entry")) {
        (Some(header), None) => SignatureTime::Header(header.to_ascii_lowercase()),
        (None, Some(entry)) => SignatureTime::Entry(entry.to_string()),
        _ => return Err("one of `timestamp-header` and `timestamp-entry` is required".into()),
    };
    let template = required("signed")?;
    if !template.contains("{body}") {
        return Err("`signed` must contain `{body}`".into());
    }
    let delimiter = text("delimiter").unwrap_or("=");
    let mut chars = delimiter.chars();
    let (Some(delimiter), None) = (chars.next(), chars.next()) else {
        return Err("`delimiter` must be one character".into());
    };
    let base64 = match text("encoding").unwrap_or("hex") {
        "hex" => false,
        "base64" => true,
        other => return Err(format!("`encoding: {other}`: `hex` or `base64`")),
    };
    let secret_prefix = match text("secret-encoding").unwrap_or("raw") {
        "raw" => None,
        "base64" => Some(text("secret-prefix").unwrap_or_default().to_string()),
        other => return Err(format!("`secret-encoding: {other}`: `raw` or `base64`")),
    };
    let tolerance_secs = match value.get("tolerance") {
        None => 300,
        Some(t) => t
            .as_u64()
            .ok_or("`tolerance` must be a whole number of seconds")?,
    };
    Ok(Signature {
        header: required("header")?.to_ascii_lowercase(),
        timestamp,
        id_header: text("id-header").map(str::to_ascii_lowercase),
        template,
        separator: text("separator").unwrap_or(",").to_string(),
        delimiter,
        version: required("version")?,
        base64,
        secret_prefix,
        tolerance_secs,
    })
}
