//! The fault matrix: how the client behaves when the server or the network misbehaves.
//! Every row runs against a real server on loopback, with millisecond delays.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::support::{asset_json, fast_retries, tracing_capture};
use frameio::types::VersionAssetRequest;
use frameio::{CallOptions, Client, Error, RetryPolicy, StatusCode};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use uuid::Uuid;
use wiremock::matchers::{header, method};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

const TOKEN: &str = "fio-u-fault-token-9876543210";
const ASSET_ID: &str = "3fa85f64-5717-4562-b3fc-2c963f66afa6";

fn asset_id() -> Uuid {
    ASSET_ID.parse().unwrap()
}

fn client(uri: &str, policy: RetryPolicy) -> Client {
    Client::builder()
        .bearer_token(TOKEN)
        .base_url(uri)
        .retry(policy)
        .build()
        .unwrap()
}

fn next_asset() -> VersionAssetRequest {
    VersionAssetRequest::new(asset_id())
}

fn rate_limited(limit: u64, remaining: u64, window_ms: u64) -> ResponseTemplate {
    ResponseTemplate::new(429)
        .insert_header("x-ratelimit-limit", limit.to_string().as_str())
        .insert_header("x-ratelimit-remaining", remaining.to_string().as_str())
        .insert_header("x-ratelimit-window", window_ms.to_string().as_str())
}

async fn received(server: &MockServer) -> usize {
    server.received_requests().await.unwrap().len()
}

#[tokio::test]
async fn a_429_then_200_is_retried_after_the_window_the_headers_give() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .respond_with(rate_limited(10, 0, 150))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .respond_with(ResponseTemplate::new(200).set_body_json(asset_json()))
        .mount(&server)
        .await;

    let response = client(&server.uri(), fast_retries())
        .delete_asset(asset_id())
        .await
        .unwrap();

    assert_eq!(response.attempts(), 2);
    assert!(
        response.waited() >= Duration::from_millis(150),
        "{:?}",
        response.waited()
    );
    assert_eq!(received(&server).await, 2);
}

#[tokio::test]
async fn a_429_with_retry_after_waits_that_long_even_for_post() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "1"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_json(asset_json()))
        .mount(&server)
        .await;

    let response = client(&server.uri(), fast_retries())
        .version_asset(asset_id(), &next_asset())
        .await
        .unwrap();

    assert_eq!(
        response.attempts(),
        2,
        "a 429 was not processed, so even POST is retried"
    );
    assert!(
        response.waited() >= Duration::from_secs(1),
        "{:?}",
        response.waited()
    );
}

#[tokio::test]
async fn a_429_until_attempts_run_out_reports_rate_limit_and_attempts() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .respond_with(rate_limited(10, 0, 10))
        .mount(&server)
        .await;

    let err = client(&server.uri(), fast_retries().max_attempts(3))
        .delete_asset(asset_id())
        .await
        .unwrap_err();

    assert_eq!(err.status(), Some(StatusCode::TOO_MANY_REQUESTS));
    assert_eq!(err.attempts(), 3);
    assert!(err.waited() >= Duration::from_millis(20));
    let rate = err.rate_limit().unwrap();
    assert_eq!((rate.limit, rate.remaining), (Some(10), Some(0)));
    assert_eq!(rate.window, Some(Duration::from_millis(10)));
    assert!(err.is_retryable());
    assert!(err.to_string().contains("after 3 attempts"), "{err}");
    assert_eq!(received(&server).await, 3);
}

#[tokio::test]
async fn a_500_then_200_on_delete_is_retried() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .respond_with(ResponseTemplate::new(500))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .respond_with(ResponseTemplate::new(200).set_body_json(asset_json()))
        .mount(&server)
        .await;

    let response = client(&server.uri(), fast_retries())
        .delete_asset(asset_id())
        .await
        .unwrap();

    assert_eq!(response.attempts(), 2);
    assert_eq!(received(&server).await, 2);
}

#[tokio::test]
async fn a_500_on_post_is_not_retried() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(500))
        .expect(1)
        .mount(&server)
        .await;

    let err = client(&server.uri(), fast_retries())
        .version_asset(asset_id(), &next_asset())
        .await
        .unwrap_err();

    assert_eq!(err.status(), Some(StatusCode::INTERNAL_SERVER_ERROR));
    assert_eq!(err.attempts(), 1);
    assert_eq!(
        received(&server).await,
        1,
        "a POST that may have been processed is sent once"
    );
}

#[tokio::test]
async fn a_503_html_page_is_kept_as_raw_text() {
    let server = MockServer::start().await;
    let page = "<html><head><title>503 Service Unavailable</title></head><body>down</body></html>";
    Mock::given(method("DELETE"))
        .respond_with(ResponseTemplate::new(503).set_body_raw(page, "text/html"))
        .mount(&server)
        .await;

    let err = client(&server.uri(), fast_retries())
        .delete_asset(asset_id())
        .await
        .unwrap_err();

    let api = err.as_api().unwrap();
    assert_eq!(api.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(api.raw, page);
    assert!(api.body.is_none());
    assert_eq!(api.attempts, 3, "5xx on DELETE: few tries");
    assert!(err.to_string().contains("503 Service Unavailable"), "{err}");
}

/// A server that answers nothing until `calls` requests have arrived, then answers them all.
/// A client that waits for a first response before sending more never gets one.
async fn answers_only_a_full_house(calls: usize) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let uri = format!("http://{}", listener.local_addr().unwrap());
    let house = Arc::new(tokio::sync::Barrier::new(calls));
    let body = asset_json().to_string();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let (house, body) = (Arc::clone(&house), body.clone());
            tokio::spawn(async move {
                let mut buffer = vec![0u8; 16 * 1024];
                let _ = socket.read(&mut buffer).await;
                house.wait().await;
                let head = format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
                    body.len()
                );
                let _ = socket.write_all(head.as_bytes()).await;
                let _ = socket.write_all(body.as_bytes()).await;
            });
        }
    });
    uri
}

#[tokio::test]
async fn concurrent_calls_are_not_queued_behind_an_unknown_limit() {
    let uri = answers_only_a_full_house(10).await;
    let client = client(&uri, RetryPolicy::none());
    let calls = (0..10).map(|_| client.delete_asset(asset_id()));
    let all = tokio::time::timeout(
        Duration::from_secs(20),
        futures_util::future::join_all(calls),
    )
    .await
    .expect("the ten calls must all be in flight at once; the throttle queued them");
    for result in all {
        result.unwrap();
    }
}

fn http_date_in(seconds: u64) -> String {
    let at = chrono::DateTime::<chrono::Utc>::from(
        std::time::SystemTime::now() + Duration::from_secs(seconds),
    );
    at.format("%a, %d %b %Y %H:%M:%S GMT").to_string()
}

#[tokio::test]
async fn retry_after_is_obeyed_as_an_http_date_and_on_a_503() {
    for as_date in [false, true] {
        // Made just before the call: a whole-second date two seconds ahead is one to two away.
        let retry_after = if as_date {
            http_date_in(2)
        } else {
            "1".to_string()
        };
        let server = MockServer::start().await;
        Mock::given(method("DELETE"))
            .respond_with(
                ResponseTemplate::new(503).insert_header("retry-after", retry_after.as_str()),
            )
            .up_to_n_times(1)
            .mount(&server)
            .await;
        Mock::given(method("DELETE"))
            .respond_with(ResponseTemplate::new(200).set_body_json(asset_json()))
            .mount(&server)
            .await;

        // Backoff of its own would be 5 ms: only the header can make the call wait a second.
        let response = client(&server.uri(), fast_retries())
            .delete_asset(asset_id())
            .await
            .unwrap();

        assert_eq!(response.attempts(), 2);
        assert!(
            response.waited() >= Duration::from_millis(990),
            "Retry-After: {retry_after}: waited {:?}",
            response.waited()
        );
    }
}

#[tokio::test]
async fn a_429_with_an_http_date_retry_after_waits_for_that_date() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(429).insert_header("retry-after", http_date_in(3).as_str()),
        )
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_json(asset_json()))
        .mount(&server)
        .await;

    let response = client(&server.uri(), fast_retries())
        .version_asset(asset_id(), &next_asset())
        .await
        .unwrap();

    // The date is whole seconds: three seconds ahead is at least two from now.
    assert!(
        response.waited() >= Duration::from_secs(2),
        "{:?}",
        response.waited()
    );
}

#[tokio::test]
async fn a_huge_error_body_is_kept_as_a_bounded_start() {
    let server = MockServer::start().await;
    let page = format!("<html>{}</html>", "x".repeat(1 << 20));
    Mock::given(method("DELETE"))
        .respond_with(ResponseTemplate::new(404).set_body_raw(page.clone(), "text/html"))
        .mount(&server)
        .await;

    let err = client(&server.uri(), fast_retries())
        .delete_asset(asset_id())
        .await
        .unwrap_err();

    let api = err.as_api().unwrap();
    assert_eq!(api.status, StatusCode::NOT_FOUND);
    assert_eq!(api.raw.len(), frameio::ERROR_BODY_LIMIT);
    assert!(api.raw_cut);
    assert!(page.starts_with(&api.raw));
    assert!(err.to_string().len() < 1000, "Display stays one short line");
}

#[tokio::test]
async fn a_success_body_over_the_limit_is_refused_not_retried() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .respond_with(ResponseTemplate::new(200).set_body_json(asset_json()))
        .mount(&server)
        .await;
    let small = Client::builder()
        .bearer_token(TOKEN)
        .base_url(server.uri())
        .retry(fast_retries())
        .max_body_size(64)
        .build()
        .unwrap();

    let err = small.delete_asset(asset_id()).await.unwrap_err();

    match &err {
        Error::BodyTooLarge { status, limit, .. } => {
            assert_eq!(*status, StatusCode::OK);
            assert_eq!(*limit, 64);
        }
        other => panic!("expected BodyTooLarge, got {other:?}"),
    }
    assert_eq!(err.attempts(), 1);
    assert!(!err.is_retryable());
    assert_eq!(received(&server).await, 1);
}

/// A server that answers every request with the start of a 200 response, then hangs up.
async fn half_answering_server() -> (String, Arc<AtomicUsize>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let uri = format!("http://{}", listener.local_addr().unwrap());
    let accepted = Arc::new(AtomicUsize::new(0));
    let count = Arc::clone(&accepted);
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            count.fetch_add(1, Ordering::SeqCst);
            let mut buffer = vec![0u8; 16 * 1024];
            let _ = socket.read(&mut buffer).await;
            let _ = socket
                .write_all(b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 500\r\n\r\n{\"id\":")
                .await;
            let _ = socket.shutdown().await;
        }
    });
    (uri, accepted)
}

#[tokio::test]
async fn a_connection_closed_mid_response_is_retried_only_when_idempotent() {
    let (uri, accepted) = half_answering_server().await;
    let client = client(&uri, fast_retries());

    let err = client.delete_asset(asset_id()).await.unwrap_err();
    assert!(matches!(err, Error::Transport { .. }), "{err:?}");
    assert_eq!(err.attempts(), 3);
    assert_eq!(accepted.load(Ordering::SeqCst), 3);

    let err = client
        .version_asset(asset_id(), &next_asset())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Transport { .. }), "{err:?}");
    assert_eq!(err.attempts(), 1, "the POST may have been processed");
    assert_eq!(accepted.load(Ordering::SeqCst), 4);
}

#[tokio::test]
async fn a_refused_connection_is_retried_even_for_post() {
    // Bind then drop: nothing listens on this port any more.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let err = client(&format!("http://127.0.0.1:{port}"), fast_retries())
        .version_asset(asset_id(), &next_asset())
        .await
        .unwrap_err();

    assert!(matches!(err, Error::Transport { .. }), "{err:?}");
    assert_eq!(
        err.attempts(),
        3,
        "a refused connection proves the POST was not received"
    );
}

#[tokio::test]
async fn a_response_slower_than_the_timeout_is_a_timeout() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(2)))
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(2)))
        .mount(&server)
        .await;
    let quick = client(&server.uri(), fast_retries())
        .with_options(CallOptions::new().timeout(Duration::from_millis(100)));

    let started = Instant::now();
    let err = quick
        .version_asset(asset_id(), &next_asset())
        .await
        .unwrap_err();
    assert!(err.is_timeout(), "{err:?}");
    assert_eq!(err.attempts(), 1);

    let err = quick.delete_asset(asset_id()).await.unwrap_err();
    assert!(err.is_timeout(), "{err:?}");
    assert_eq!(
        err.attempts(),
        3,
        "an idempotent call is retried after a timeout"
    );
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "the timeout cut the waits short"
    );
}

#[tokio::test]
async fn a_2xx_with_invalid_json_is_a_decode_error_and_not_retried() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            "{\"id\": \"eefb57e0-79f2-4bc7-9b70-99fbc175175c\", oops",
            "application/json",
        ))
        .expect(1)
        .mount(&server)
        .await;

    let err = client(&server.uri(), fast_retries())
        .delete_asset(asset_id())
        .await
        .unwrap_err();

    let Error::Decode(decode) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(decode.status, StatusCode::OK);
    assert!(decode.snippet.contains("oops"), "{}", decode.snippet);
    assert!(decode.message.contains("line 1"), "{}", decode.message);
    assert!(!err.is_retryable());
}

#[tokio::test]
async fn remaining_zero_makes_the_next_call_wait_for_the_window() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(asset_json())
                .insert_header("x-ratelimit-limit", "5")
                .insert_header("x-ratelimit-remaining", "0")
                .insert_header("x-ratelimit-window", "300"),
        )
        .mount(&server)
        .await;
    let throttled = client(&server.uri(), RetryPolicy::none());

    let first = throttled.delete_asset(asset_id()).await.unwrap();
    assert_eq!(first.waited(), Duration::ZERO);
    // A clone shares the rate-limit state.
    let second = throttled.clone().delete_asset(asset_id()).await.unwrap();
    assert!(
        second.waited() >= Duration::from_millis(300),
        "{:?}",
        second.waited()
    );

    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 2, "no 429 collected, no extra request");

    // Throttling is configurable: off, the next call goes at once.
    let eager = Client::builder()
        .bearer_token(TOKEN)
        .base_url(server.uri())
        .throttle(false)
        .build()
        .unwrap();
    eager.delete_asset(asset_id()).await.unwrap();
    let third = eager.delete_asset(asset_id()).await.unwrap();
    assert_eq!(third.waited(), Duration::ZERO);
}

/// A server enforcing `limit` calls per sliding `window`, answering 429 beyond it.
struct Limiter {
    limit: usize,
    window: Duration,
    accepted: Mutex<Vec<Instant>>,
    rejected: AtomicUsize,
}

struct SharedLimiter(Arc<Limiter>);

impl Respond for SharedLimiter {
    fn respond(&self, _: &Request) -> ResponseTemplate {
        let limiter = &self.0;
        let now = Instant::now();
        let mut accepted = limiter.accepted.lock().unwrap();
        let in_window = accepted
            .iter()
            .filter(|t| now.duration_since(**t) < limiter.window)
            .count();
        let window_ms = limiter.window.as_millis().to_string();
        if in_window >= limiter.limit {
            limiter.rejected.fetch_add(1, Ordering::SeqCst);
            return ResponseTemplate::new(429)
                .insert_header("x-ratelimit-limit", limiter.limit.to_string().as_str())
                .insert_header("x-ratelimit-remaining", "0")
                .insert_header("x-ratelimit-window", window_ms.as_str());
        }
        accepted.push(now);
        ResponseTemplate::new(200)
            .set_body_json(asset_json())
            .insert_header("x-ratelimit-limit", limiter.limit.to_string().as_str())
            .insert_header(
                "x-ratelimit-remaining",
                (limiter.limit - in_window - 1).to_string().as_str(),
            )
            .insert_header("x-ratelimit-window", window_ms.as_str())
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fifty_concurrent_calls_never_exceed_the_announced_limit() {
    let server = MockServer::start().await;
    let limiter = Arc::new(Limiter {
        limit: 5,
        window: Duration::from_millis(100),
        accepted: Mutex::new(Vec::new()),
        rejected: AtomicUsize::new(0),
    });
    Mock::given(method("DELETE"))
        .respond_with(SharedLimiter(Arc::clone(&limiter)))
        .mount(&server)
        .await;
    // No retries: a single 429 would surface as an error.
    let client = client(&server.uri(), RetryPolicy::none());
    // An unknown limit holds nothing back; the first answer announces it.
    client.delete_asset(asset_id()).await.unwrap();

    let calls: Vec<_> = (0..50)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move { client.delete_asset(asset_id()).await.map(|r| r.attempts()) })
        })
        .collect();
    for call in calls {
        assert_eq!(call.await.unwrap().unwrap(), 1);
    }

    assert_eq!(
        limiter.rejected.load(Ordering::SeqCst),
        0,
        "no call was refused"
    );
    let accepted = limiter.accepted.lock().unwrap();
    assert_eq!(accepted.len(), 51);
    for (i, start) in accepted.iter().enumerate() {
        let within = accepted[i..]
            .iter()
            .filter(|t| t.duration_since(*start) < limiter.window)
            .count();
        assert!(within <= limiter.limit, "{within} calls within one window");
    }
}

#[tokio::test]
async fn per_call_options_override_the_client() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(header("x-request-id", "job-42"))
        .respond_with(ResponseTemplate::new(500))
        .mount(&server)
        .await;
    let base = client(&server.uri(), fast_retries());
    let once = base.with_options(
        CallOptions::new()
            .retry(RetryPolicy::none())
            .header("x-request-id", "job-42")
            .unwrap()
            .header("authorization", "Bearer someone-else")
            .unwrap(),
    );

    let err = once.delete_asset(asset_id()).await.unwrap_err();

    assert_eq!(
        err.status(),
        Some(StatusCode::INTERNAL_SERVER_ERROR),
        "{err:?}"
    );
    assert_eq!(
        err.attempts(),
        1,
        "the per-call policy replaced the client's"
    );
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 1);
    assert_eq!(
        requests[0].headers["authorization"],
        format!("Bearer {TOKEN}").as_str(),
        "extra headers cannot replace the token"
    );
    assert!(CallOptions::new().header("bad header", "x").is_err());
}

#[tokio::test(flavor = "current_thread")]
async fn each_attempt_is_a_span_without_token_or_body() {
    let capture = tracing_capture::Capture::default();
    let _guard = tracing::subscriber::set_default(capture.clone());
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .respond_with(ResponseTemplate::new(500).set_body_string("secret-ish body"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .respond_with(ResponseTemplate::new(200).set_body_json(asset_json()))
        .mount(&server)
        .await;

    client(&server.uri(), fast_retries())
        .delete_asset(asset_id())
        .await
        .unwrap();

    let lines = capture.lines.lock().unwrap().join("\n");
    let span =
        "span request operation=\"deleteAsset\" method=DELETE path=\"/v2/assets/{asset_id}\"";
    assert!(lines.contains(&format!("{span} attempt=1")), "{lines}");
    assert!(lines.contains(&format!("{span} attempt=2")), "{lines}");
    assert!(lines.contains("record status=500"), "{lines}");
    assert!(lines.contains("record status=200"), "{lines}");
    assert!(lines.contains("elapsed_ms="), "{lines}");
    assert!(lines.contains("message=retrying"), "{lines}");
    assert!(
        !lines.contains(TOKEN) && !lines.contains("fault-token"),
        "token in traces: {lines}"
    );
    assert!(
        !lines.contains("secret-ish body"),
        "body in traces: {lines}"
    );
    assert!(
        !lines.contains("Interview_Session"),
        "body in traces: {lines}"
    );
}
