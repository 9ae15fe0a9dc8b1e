//! Unversions an asset and prints the typed result and the rate limit.
//!
//! ```sh
//! cargo run -p frameio --example unversion_asset
//! ```
//!
//! With `FRAMEIO_TOKEN` and `FRAMEIO_ASSET_ID` set, this calls the real API and really takes
//! that asset out of its version stack. Without them, it starts a mock server on loopback that
//! answers like Frame.io does (the documented example response and rate-limit headers).

use std::time::Duration;

use frameio::{Client, Error, RetryPolicy};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let token = std::env::var("FRAMEIO_TOKEN").ok();
    let asset_id = std::env::var("FRAMEIO_ASSET_ID").ok();

    // Keep the mock alive for the whole run.
    let mut _mock = None;
    let (client, asset_id) = match (token, asset_id) {
        (Some(token), Some(asset_id)) => {
            println!(
                "calling {} (FRAMEIO_TOKEN is set)",
                frameio::DEFAULT_BASE_URL
            );
            (
                configured(Client::builder().bearer_token(token))?,
                asset_id.parse()?,
            )
        }
        _ => {
            let server = mock_frameio().await;
            println!(
                "FRAMEIO_TOKEN/FRAMEIO_ASSET_ID not set: calling a local mock at {}",
                server.uri()
            );
            let client = configured(
                Client::builder()
                    .bearer_token("example-token")
                    .base_url(server.uri()),
            )?;
            _mock = Some(server);
            (client, "3fa85f64-5717-4562-b3fc-2c963f66afa6".parse()?)
        }
    };

    match client.unversion_asset(asset_id).await {
        Ok(response) => {
            let asset = response.body();
            println!("unversioned {} ({:?})", asset.id, asset.name);
            println!("  type: {:?}, label: {:?}", asset.type_, asset.label);
            if let Some(creator) = &asset.creator {
                println!("  created by {:?} <{:?}>", creator.name, creator.email);
            }
            let rate = response.rate_limit();
            println!(
                "  rate limit: {:?} of {:?} calls left, window {:?}; {} attempt(s), waited {:?}",
                rate.remaining,
                rate.limit,
                rate.window,
                response.attempts(),
                response.waited()
            );
        }
        Err(Error::Api(e)) => {
            println!("the API said {}: {:?}", e.status, e.body);
            println!("  raw: {}", e.raw);
        }
        Err(e) => return Err(e.into()),
    }
    Ok(())
}

fn configured(builder: frameio::ClientBuilder) -> Result<Client, Error> {
    builder
        .timeout(Duration::from_secs(30))
        .retry(RetryPolicy::default().max_attempts(4))
        .build()
}

async fn mock_frameio() -> MockServer {
    // An asset as the API returns it after unversioning.
    let body = serde_json::json!({
        "id": "3fa85f64-5717-4562-b3fc-2c963f66afa6",
        "name": "interview.mov",
        "type": "file",
        "parent_asset_id": null,
    });
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(body)
                .insert_header("x-ratelimit-limit", "100.0")
                .insert_header("x-ratelimit-remaining", "99")
                .insert_header("x-ratelimit-window", "60000"),
        )
        .mount(&server)
        .await;
    server
}
