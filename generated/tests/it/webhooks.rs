//! Frame.io webhook deliveries through the crate's `webhooks` module: verified and typed. The
//! signature was computed outside this code, with OpenSSL:
//! `(printf 'v0:1733400000:'; cat body.json) | openssl dgst -sha256 -hmac whsec-frameio-example-secret`
//! where `body.json` is [`BODY`] without a trailing newline.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use frameio::HeaderMap;
use frameio::types::WebhookEvent;
use frameio::webhooks::{self, WebhookError};
use uuid::Uuid;

const SECRET: &[u8] = b"whsec-frameio-example-secret";
const BODY: &str = r#"{"type":"file.ready","resource":{"id":"3fa85f64-5717-4562-b3fc-2c963f66afa6","type":"file"},"account":{"id":"a1b2c3d4-0000-4000-8000-000000000001"},"workspace":{"id":"a1b2c3d4-0000-4000-8000-000000000002"},"project":{"id":"a1b2c3d4-0000-4000-8000-000000000003"},"user":{"id":"a1b2c3d4-0000-4000-8000-000000000004"}}"#;
const SIGNATURE: &str = "v0=2139dc00377e25a39184690faf3715c052ff9c435145fe55317a554f1a96ea68";
const SENT: u64 = 1_733_400_000;

fn delivery(signature: &str, time: &str) -> HeaderMap {
    let mut headers = HeaderMap::new();
    // Names as Frame.io writes them; header names are case-insensitive.
    headers.insert("X-Frameio-Signature", signature.parse().unwrap());
    headers.insert("X-Frameio-Request-Timestamp", time.parse().unwrap());
    headers
}

fn at(secs: u64) -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(secs)
}

#[test]
fn a_file_ready_delivery_verifies_into_its_event() {
    let headers = delivery(SIGNATURE, "1733400000");
    let event = webhooks::verify(SECRET, &headers, BODY.as_bytes(), at(SENT + 2)).unwrap();
    match event {
        WebhookEvent::FileReady(ready) => {
            let id: Uuid = "3fa85f64-5717-4562-b3fc-2c963f66afa6".parse().unwrap();
            assert_eq!(ready.resource.id, id);
            assert_eq!(ready.resource.type_, "file");
            assert!(ready.project.is_some());
        }
        other => panic!("expected file.ready, got {other:?}"),
    }
}

#[test]
fn the_scheme_is_frameio_s_and_refuses_what_it_must() {
    assert_eq!(webhooks::SIGNATURE.tolerance, Duration::from_secs(300));
    let headers = delivery(SIGNATURE, "1733400000");
    let tampered = BODY.replace("file.ready", "file.ready ");
    assert_eq!(
        webhooks::verify(SECRET, &headers, tampered.as_bytes(), at(SENT)).unwrap_err(),
        WebhookError::SignatureMismatch
    );
    assert!(matches!(
        webhooks::verify(SECRET, &headers, BODY.as_bytes(), at(SENT + 301)).unwrap_err(),
        WebhookError::Stale { .. }
    ));
    assert!(matches!(
        webhooks::verify(SECRET, &HeaderMap::new(), BODY.as_bytes(), at(SENT)).unwrap_err(),
        WebhookError::MissingHeader { .. }
    ));
}

#[test]
fn an_event_type_this_version_does_not_know_is_kept_whole() {
    let body = BODY.replace("file.ready", "file.exploded");
    match webhooks::decode(body.as_bytes()).unwrap() {
        WebhookEvent::Unknown(value) => assert_eq!(value["type"], "file.exploded"),
        other => panic!("expected the unknown event, got {other:?}"),
    }
}
