//! A service that receives Frame.io webhook deliveries: each is verified (signature and age)
//! before its body is trusted, then handled by its typed event.
//!
//! ```sh
//! cargo run -p frameio --example webhook_receiver
//! ```
//!
//! With `FRAMEIO_WEBHOOK_SECRET` set (the `secret` "Create webhook" answered with), it serves
//! on `0.0.0.0:8080` until stopped: point the webhook's `url` at `/frameio/events`. Without it,
//! it serves on loopback, sends itself one delivery signed as Frame.io signs (and one forged),
//! prints what it did with them, and stops.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::SystemTime;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use frameio::types::WebhookEvent;
use frameio::webhooks;

/// Answers quickly: Frame.io retries a delivery not answered 2xx within 5 seconds, so real
/// work belongs on a queue.
async fn receive(
    State(secret): State<Arc<Vec<u8>>>,
    headers: HeaderMap,
    body: Bytes,
) -> StatusCode {
    match webhooks::verify(&secret, &headers, &body, SystemTime::now()) {
        Ok(WebhookEvent::FileReady(ready)) => {
            println!("file {} is ready (all transcodes done)", ready.resource.id);
            StatusCode::OK
        }
        Ok(WebhookEvent::CommentCreated(comment)) => {
            println!("comment {} was created", comment.resource.id);
            StatusCode::OK
        }
        Ok(WebhookEvent::Unknown(value)) => {
            println!("an event this version does not know: {}", value["type"]);
            StatusCode::OK
        }
        Ok(other) => {
            println!("another event: {other:?}");
            StatusCode::OK
        }
        // Never the secret in the error: safe to log.
        Err(refused) => {
            println!("refused a delivery: {refused}");
            StatusCode::UNAUTHORIZED
        }
    }
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let configured = std::env::var("FRAMEIO_WEBHOOK_SECRET").ok();
    let demo = configured.is_none();
    let secret = configured
        .unwrap_or_else(|| "a-demo-secret".into())
        .into_bytes();
    let app = Router::new()
        .route("/frameio/events", post(receive))
        .with_state(Arc::new(secret.clone()));
    let address: SocketAddr = if demo { "127.0.0.1:0" } else { "0.0.0.0:8080" }.parse()?;
    let listener = tokio::net::TcpListener::bind(address).await?;
    let url = format!("http://{}/frameio/events", listener.local_addr()?);
    println!("receiving deliveries at {url}");
    let server = tokio::spawn(async move { axum::serve(listener, app).await });
    if !demo {
        server.await??;
        return Ok(());
    }

    // The demo: a delivery as Frame.io sends it, then the same with another secret.
    let body = r#"{"type":"file.ready","resource":{"id":"3fa85f64-5717-4562-b3fc-2c963f66afa6","type":"file"},"account":{"id":"a1b2c3d4-0000-4000-8000-000000000001"}}"#;
    let http = reqwest::Client::new();
    for (what, key) in [("signed", &secret[..]), ("forged", b"not-the-secret")] {
        let headers = webhooks::sign(key, body.as_bytes(), SystemTime::now(), "")?;
        let answer = http.post(&url).headers(headers).body(body).send().await?;
        println!("{what} delivery: answered {}", answer.status());
        let expected = if key == &secret[..] { 200 } else { 401 };
        assert_eq!(answer.status().as_u16(), expected);
    }
    server.abort();
    Ok(())
}
