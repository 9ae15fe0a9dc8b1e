//! Uploads in parts to pre-signed URLs: headers, sources, failures, cancellation.

use std::time::Duration;

use openapi_rust_gen_runtime::reqwest::header::{HeaderMap, HeaderValue, CONTENT_TYPE};
use openapi_rust_gen_runtime::upload::{CancelUpload, UploadError, UploadPart, Uploader};
use openapi_rust_gen_runtime::RetryPolicy;

#[path = "parts_server/mod.rs"]
mod parts_server;
use parts_server::{parts, pattern, PartsServer};

fn bytes(len: u64) -> Vec<u8> {
    (0..len).map(pattern).collect()
}

fn quick() -> RetryPolicy {
    RetryPolicy::default()
        .base_delay(Duration::from_millis(1))
        .server_error_base_delay(Duration::from_millis(1))
        .jitter(false)
}

#[tokio::test]
async fn parts_carry_the_headers_given_and_a_reader_is_a_source() {
    let server = PartsServer::start(&[]).await;
    let data = bytes(10_000);
    let parts = parts(&server, 10_000, 3_000);
    let mut headers = HeaderMap::new();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static("video/quicktime"));
    headers.insert("x-amz-acl", HeaderValue::from_static("private"));
    Uploader::new(reqwest::Client::new())
        .headers(headers)
        .concurrency(2)
        .upload_reader(&data[..], 10_000, &parts)
        .await
        .unwrap();
    let received = server.received.lock().unwrap().clone();
    assert_eq!(received.len(), 4);
    assert_eq!(received[&3].bytes, 1_000);
    for part in received.values() {
        assert!(!part.corrupt);
        assert_eq!(part.headers["content-type"], "video/quicktime");
        assert_eq!(part.headers["x-amz-acl"], "private");
    }
}

#[tokio::test]
async fn sizes_that_do_not_add_up_are_refused_before_anything_is_sent() {
    let server = PartsServer::start(&[]).await;
    let parts = parts(&server, 100, 40);
    let error = Uploader::new(reqwest::Client::new())
        .upload_reader(&bytes(99)[..], 99, &parts)
        .await
        .unwrap_err();
    assert!(
        matches!(
            error,
            UploadError::LengthMismatch {
                parts: 100,
                source_len: 99
            }
        ),
        "{error:?}"
    );
    assert!(server.received.lock().unwrap().is_empty());
}

#[tokio::test]
async fn a_part_that_keeps_failing_names_the_part_but_not_the_signature() {
    // Nothing listens there: every attempt fails to connect, then the policy gives up.
    let parts = vec![UploadPart {
        url: "http://127.0.0.1:9/part/0/0?X-Amz-Signature=very-secret".into(),
        size: 10,
    }];
    let error = Uploader::new(reqwest::Client::new())
        .retry(quick())
        .upload_reader(&bytes(10)[..], 10, &parts)
        .await
        .unwrap_err();
    let text = format!("{error} {error:?}");
    assert!(!text.contains("very-secret"), "{text}");
    match error {
        UploadError::Part {
            part,
            target,
            attempts,
            ..
        } => {
            assert_eq!(
                (part, target.as_str(), attempts),
                (0, "127.0.0.1/part/0/0", 3)
            );
        }
        other => panic!("expected UploadError::Part, got {other:?}"),
    }
}

#[tokio::test]
async fn a_cancelled_upload_stops_and_says_how_far_it_got() {
    let server = PartsServer::start(&[]).await;
    let parts = parts(&server, 1_000, 100);
    let cancel = CancelUpload::new();
    let from_progress = cancel.clone();
    // Cancelled once the first part is done, one part at a time.
    let error = Uploader::new(reqwest::Client::new())
        .concurrency(1)
        .cancel_with(cancel.clone())
        .on_progress(move |_, _| from_progress.cancel())
        .upload_reader(&bytes(1_000)[..], 1_000, &parts)
        .await
        .unwrap_err();
    match error {
        UploadError::Cancelled { done, total } => {
            assert_eq!(total, 1_000);
            assert!((100..1_000).contains(&done), "{done}");
        }
        other => panic!("expected UploadError::Cancelled, got {other:?}"),
    }
    assert!(cancel.is_cancelled());
    assert!(server.received.lock().unwrap().len() < 10);
}

#[tokio::test]
async fn a_source_shorter_than_it_claims_is_a_read_error() {
    let server = PartsServer::start(&[]).await;
    let parts = parts(&server, 100, 50);
    let error = Uploader::new(reqwest::Client::new())
        .upload_reader(&bytes(60)[..], 100, &parts)
        .await
        .unwrap_err();
    assert!(
        matches!(error, UploadError::Read { part: 1, .. }),
        "{error:?}"
    );
}
