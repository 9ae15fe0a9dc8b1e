//! Every way to give the client its bearer token, one call each:
//!
//! 1. a fixed token (`bearer_token`),
//! 2. your own async callback (`TokenSource::from_fn`),
//! 3. a user's refresh token from an Adobe IMS sign-in (`TokenSource::adobe_ims_refresh_token`),
//! 4. Frame.io server-to-server credentials (`TokenSource::adobe_s2s_client_credentials`).
//!
//! ```sh
//! cargo run -p frameio --example token_sources
//! ```
//!
//! By default everything runs against a mock Adobe IMS token endpoint and a mock Frame.io on
//! loopback. To run the server-to-server setup against the real services, set
//! `FRAMEIO_CLIENT_ID`, `FRAMEIO_CLIENT_SECRET` (from the Adobe Developer Console),
//! `FRAMEIO_ACCOUNT_ID`, `FRAMEIO_FOLDER_ID` and `FRAMEIO_FILE_IDS` (two to ten, comma
//! separated; Frame.io UUIDs or `adobe:` ids): this really stacks those files.

use std::time::Duration;

use frameio::types::{VersionStackCreateParams, VersionStackCreateParamsData};
use frameio::{AccessToken, Client, TokenSource};
use wiremock::matchers::{body_string_contains, header_regex, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    if let Some(real) = real_server_to_server()? {
        return real.await;
    }
    let ims = mock_ims().await;
    let api = mock_frameio().await;
    let token_url = format!("{}/ims/token/v3", ims.uri());
    println!(
        "mock Adobe IMS at {token_url}, mock Frame.io at {}",
        api.uri()
    );

    let sources = [
        ("fixed token", None),
        (
            "callback",
            Some(TokenSource::from_fn(|| async {
                // Fetch from a secrets manager, another service, ...
                Ok::<_, std::io::Error>(
                    AccessToken::new("token-from-callback").expires_in(Duration::from_secs(3600)),
                )
            })),
        ),
        (
            "refresh token (user sign-in)",
            Some(
                TokenSource::adobe_ims_refresh_token(
                    "example-client-id",
                    Some("example-client-secret".to_string()),
                    "refresh-token-from-sign-in",
                )
                .token_url(&token_url),
            ),
        ),
        (
            "server-to-server",
            Some(
                TokenSource::adobe_s2s_client_credentials(
                    "example-client-id",
                    "example-client-secret",
                )
                .token_url(&token_url),
            ),
        ),
    ];
    for (name, source) in sources {
        let builder = Client::builder().base_url(api.uri());
        let client = match source {
            None => builder.bearer_token("fixed-token").build()?,
            Some(source) => builder.token_source(source).build()?,
        };
        println!("{name}:");
        stack(&client, ACCOUNT, FOLDER, example_files()).await?;
    }
    Ok(())
}

const ACCOUNT: &str = "5ce723d7-e976-4ed4-ba0b-ff279c7f201b";
const FOLDER: &str = "adobe:urn:aaid:sc:US:0d4c8f1e-7b2a-4e11-9b6c-2f3e4d5a6b7c";

/// The call every source makes: ids may be Frame.io UUIDs or Adobe ids.
async fn stack(
    client: &Client,
    account: &str,
    folder: &str,
    files: Vec<String>,
) -> Result<(), frameio::Error> {
    let body = VersionStackCreateParams::new(VersionStackCreateParamsData::new(files));
    let response = client.version_stacks_create(account, folder, &body).await?;
    println!(
        "  stacked as {} ({} attempt(s))",
        response.data.id,
        response.attempts()
    );
    Ok(())
}

type Run =
    std::pin::Pin<Box<dyn std::future::Future<Output = Result<(), Box<dyn std::error::Error>>>>>;

/// The server-to-server setup against Adobe IMS and Frame.io, when the environment says so.
fn real_server_to_server() -> Result<Option<Run>, Box<dyn std::error::Error>> {
    let var = |name: &str| std::env::var(name).ok();
    let (Some(id), Some(secret), Some(account), Some(folder), Some(files)) = (
        var("FRAMEIO_CLIENT_ID"),
        var("FRAMEIO_CLIENT_SECRET"),
        var("FRAMEIO_ACCOUNT_ID"),
        var("FRAMEIO_FOLDER_ID"),
        var("FRAMEIO_FILE_IDS"),
    ) else {
        return Ok(None);
    };
    let files = files.split(',').map(|f| f.trim().to_string()).collect();
    Ok(Some(Box::pin(async move {
        println!(
            "server-to-server against Adobe IMS and {}",
            frameio::DEFAULT_BASE_URL
        );
        let client = Client::builder()
            .token_source(TokenSource::adobe_s2s_client_credentials(id, secret))
            .build()?;
        stack(&client, &account, &folder, files).await?;
        Ok(())
    })))
}

fn example_files() -> Vec<String> {
    vec![
        "9756d6f5-0bb0-48cc-9c0d-295000638b72".to_string(),
        "adobe:urn:aaid:sc:US:a1b2c3d4-e5f6-7890-abcd-ef1234567890".to_string(),
    ]
}

/// Adobe IMS as the token endpoint answers: a bearer token for a day.
async fn mock_ims() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/ims/token/v3"))
        .and(body_string_contains("client_id=example-client-id"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "access_token": "token-from-ims",
            "token_type": "bearer",
            "expires_in": 86399,
        })))
        .mount(&server)
        .await;
    server
}

/// Frame.io's create call, answering with a version stack as the API returns one.
async fn mock_frameio() -> MockServer {
    let example = serde_json::json!({
        "data": {
            "id": "8d7c3b2a-1f0e-4d5c-9b8a-7f6e5d4c3b2a",
            "name": "Interview cuts",
            "type": "version_stack",
            "created_at": "2026-01-05T10:00:00Z",
        }
    });
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(format!(
            "/v4/accounts/{ACCOUNT}/folders/{FOLDER}/version_stacks"
        )))
        .and(header_regex(
            "authorization",
            "^Bearer (fixed-token|token-from-callback|token-from-ims)$",
        ))
        .respond_with(ResponseTemplate::new(201).set_body_json(example))
        .mount(&server)
        .await;
    server
}
