//! Each operation against a real HTTP server on loopback (wiremock): the request is what the spec
//! says, the seed's response comes back typed, and error statuses come back as typed errors.

use crate::fidelity::example;
use frameio::types::{
    BulkDeleteAssetsRequest, CreateVersionStackParams, CreateVersionStackRequest,
    VersionAssetRequest, VersionStackCreateParams, VersionStackCreateParamsData,
};
use frameio::{Client, Error, ErrorBody, StatusCode};
use serde_json::{Value, json};
use uuid::Uuid;
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const TOKEN: &str = "fio-u-test-token-0123456789";
const ASSET_ID: &str = "3fa85f64-5717-4562-b3fc-2c963f66afa6";
const ACCOUNT_ID: &str = "5ce723d7-e976-4ed4-ba0b-ff279c7f201b";
const FOLDER_ID: &str = "e0358ac7-539f-4446-8cdc-5358b5acd4f2";
const VERSION_STACKS: &str = "/v4/accounts/{account_id}/folders/{folder_id}/version_stacks";

fn client(server: &MockServer) -> Client {
    Client::builder()
        .bearer_token(TOKEN)
        .base_url(server.uri())
        .retry(crate::support::fast_retries())
        .build()
        .unwrap()
}

fn uuid(s: &str) -> Uuid {
    s.parse().unwrap()
}

/// The v2 pages document the limit as a double and the rest as strings.
fn v2_ok(body: Value) -> ResponseTemplate {
    ResponseTemplate::new(200)
        .set_body_json(body)
        .insert_header("x-ratelimit-limit", "100.0")
        .insert_header("x-ratelimit-remaining", "99")
        .insert_header("x-ratelimit-window", "60000")
}

fn v2_not_found() -> ResponseTemplate {
    ResponseTemplate::new(404).set_body_json(json!({
        "code": 404,
        "message": "Not Found",
        "errors": [{"code": 404, "detail": "Asset not found", "status": 404, "title": "Not Found"}]
    }))
}

/// The only request the server received.
async fn single_request(server: &MockServer) -> Request {
    let mut requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 1, "exactly one request");
    requests.pop().unwrap()
}

fn assert_no_body(request: &Request) {
    assert!(request.body.is_empty(), "no body expected");
    assert!(request.headers.get("content-type").is_none());
}

#[tokio::test]
async fn delete_asset_sends_what_the_spec_says_and_returns_the_asset() {
    let server = MockServer::start().await;
    let body = example("/v2/assets/{asset_id}", "delete", Some("200"));
    Mock::given(method("DELETE"))
        .and(path(format!("/v2/assets/{ASSET_ID}")))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .and(header("accept", "application/json"))
        .respond_with(v2_ok(body))
        .expect(1)
        .mount(&server)
        .await;

    let response = client(&server).delete_asset(uuid(ASSET_ID)).await.unwrap();

    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.id, uuid("eefb57e0-79f2-4bc7-9b70-99fbc175175c"));
    assert_eq!(response.name.as_deref(), Some("Interview_Session_01.mov"));
    let rate = response.rate_limit();
    assert_eq!((rate.limit, rate.remaining), (Some(100), Some(99)));
    assert_eq!(rate.window, Some(std::time::Duration::from_secs(60)));
    assert_eq!(response.headers()["x-ratelimit-remaining"], "99");
    assert_no_body(&single_request(&server).await);
}

#[tokio::test]
async fn unversion_asset_sends_what_the_spec_says() {
    let server = MockServer::start().await;
    let body = example("/v2/assets/{asset_id}/unversion", "delete", Some("200"));
    Mock::given(method("DELETE"))
        .and(path(format!("/v2/assets/{ASSET_ID}/unversion")))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .respond_with(v2_ok(body))
        .expect(1)
        .mount(&server)
        .await;

    let asset = client(&server)
        .unversion_asset(uuid(ASSET_ID))
        .await
        .unwrap()
        .into_body();

    assert_eq!(asset.hard_deleted_at, None);
    assert_eq!(asset.view_count, Some(152));
    assert_no_body(&single_request(&server).await);
}

#[tokio::test]
async fn version_asset_posts_the_json_body() {
    let server = MockServer::start().await;
    let request_example = example("/v2/assets/{asset_id}/version", "post", None);
    let body = example("/v2/assets/{asset_id}/version", "post", Some("200"));
    Mock::given(method("POST"))
        .and(path(format!("/v2/assets/{ASSET_ID}/version")))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .and(header("content-type", "application/json"))
        .and(body_json(&request_example))
        .respond_with(v2_ok(body))
        .expect(1)
        .mount(&server)
        .await;

    let next = VersionAssetRequest::new(uuid("3fa85f64-5717-4562-b3fc-2c963f66afa6"));
    let asset = client(&server)
        .version_asset(uuid(ASSET_ID), &next)
        .await
        .unwrap();

    assert_eq!(asset.name.as_deref(), Some("Project Proposal Document.pdf"));
}

#[tokio::test]
async fn bulk_delete_sends_a_delete_with_a_json_body() {
    let server = MockServer::start().await;
    let request_example = example("/v2/batch/assets", "delete", None);
    let body = example("/v2/batch/assets", "delete", Some("200"));
    Mock::given(method("DELETE"))
        .and(path("/v2/batch/assets"))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .and(header("content-type", "application/json"))
        .and(body_json(&request_example))
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        .expect(1)
        .mount(&server)
        .await;

    let ids: Vec<String> = serde_json::from_value(request_example["asset_ids"].clone()).unwrap();
    let response = client(&server)
        .bulk_delete_assets(&BulkDeleteAssetsRequest::new(ids))
        .await
        .unwrap();

    let failures = response.error.as_ref().unwrap();
    assert_eq!(failures.len(), 1);
    assert!(
        response.rate_limit().is_empty(),
        "this page lists no rate-limit headers"
    );
}

#[tokio::test]
#[allow(deprecated)] // The operation is deprecated upstream; it must still work.
async fn create_version_stack_sends_the_api_version_header() {
    let server = MockServer::start().await;
    let request_example = example(VERSION_STACKS, "post", None);
    let body = example(VERSION_STACKS, "post", Some("201"));
    Mock::given(method("POST"))
        .and(path(format!(
            "/v4/accounts/{ACCOUNT_ID}/folders/{FOLDER_ID}/version_stacks"
        )))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .and(header("api-version", "experimental"))
        .and(header("content-type", "application/json"))
        .and(body_json(&request_example))
        .respond_with(
            ResponseTemplate::new(201)
                .set_body_json(body)
                .insert_header("x-ratelimit-limit", "10")
                .insert_header("x-ratelimit-remaining", "9")
                .insert_header("x-ratelimit-window", "60000"),
        )
        .expect(1)
        .mount(&server)
        .await;

    let request = CreateVersionStackRequest::new(CreateVersionStackParams::new(vec![
        uuid("9756d6f5-0bb0-48cc-9c0d-295000638b72"),
        uuid("abb847a7-e569-4fe0-9be8-f86a88e9d0c1"),
    ]));
    let response = client(&server)
        .create_version_stack(uuid(ACCOUNT_ID), uuid(FOLDER_ID), &request)
        .await
        .unwrap();

    assert_eq!(response.status(), StatusCode::CREATED);
    assert_eq!(response.rate_limit().limit, Some(10));
    let stack = &response.data;
    assert_eq!(stack.id, uuid("6a2b33f7-0ba5-412c-b510-124dd112dd45"));
    let head = stack.head_version.as_ref().unwrap();
    assert_eq!(head.file_size, Some(1_137_444));
    assert_eq!(head.media_type.as_deref(), Some("image/png"));
}

#[tokio::test]
async fn version_stacks_create_takes_adobe_ids_and_sends_no_api_version() {
    let server = MockServer::start().await;
    let account = "adobe:9E1C4D2B5F0A3C7E0A495C41@AdobeOrg";
    let folder = "adobe:urn:aaid:sc:US:0d4c8f1e-7b2a-4e11-9b6c-2f3e4d5a6b7c";
    let files = [
        "9756d6f5-0bb0-48cc-9c0d-295000638b72",
        "adobe:urn:aaid:sc:US:a1b2c3d4-e5f6-7890-abcd-ef1234567890",
    ];
    let mut body = example(VERSION_STACKS, "post", Some("201"));
    // A stack in Adobe cloud storage also carries its Adobe id.
    body["data"]["adobe_id"] = json!("urn:aaid:sc:US:ffee0011-2233-4455-6677-8899aabbccdd");
    Mock::given(method("POST"))
        // The ids stay inside their segments; `:` and `@` need no escaping there.
        .and(path(format!(
            "/v4/accounts/{account}/folders/{folder}/version_stacks"
        )))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .and(body_json(json!({"data": {"file_ids": files}})))
        .respond_with(ResponseTemplate::new(201).set_body_json(body))
        .expect(1)
        .mount(&server)
        .await;

    let request = VersionStackCreateParams::new(VersionStackCreateParamsData::new(
        files.iter().map(|f| f.to_string()).collect(),
    ));
    let response = client(&server)
        .version_stacks_create(account, folder, &request)
        .await
        .unwrap();

    let received = &server.received_requests().await.unwrap()[0];
    assert!(
        !received.headers.contains_key("api-version"),
        "the current API takes no api-version header"
    );
    assert_eq!(response.status(), StatusCode::CREATED);
    assert_eq!(
        response.data.adobe_id.as_deref(),
        Some("urn:aaid:sc:US:ffee0011-2233-4455-6677-8899aabbccdd")
    );
}

#[tokio::test]
async fn a_404_is_a_typed_error_with_status_and_body() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path(format!("/v2/assets/{ASSET_ID}")))
        .respond_with(v2_not_found().insert_header("x-ratelimit-remaining", "98"))
        .expect(1)
        .mount(&server)
        .await;

    let err = client(&server)
        .delete_asset(uuid(ASSET_ID))
        .await
        .unwrap_err();

    assert_eq!(err.status(), Some(StatusCode::NOT_FOUND));
    match &err {
        Error::Api(api) => {
            assert_eq!(api.status, 404);
            assert_eq!(api.operation, "deleteAsset");
            assert_eq!(api.path, format!("/v2/assets/{ASSET_ID}"));
            assert_eq!(api.rate_limit.remaining, Some(98));
            let Some(ErrorBody::V2Error(body)) = &api.body else {
                panic!("expected a typed V2Error body, got {:?}", api.body);
            };
            assert_eq!(body.message.as_deref(), Some("Not Found"));
            let detail = &body.errors.as_ref().unwrap()[0];
            assert_eq!(detail.detail.as_deref(), Some("Asset not found"));
            assert!(api.raw.contains("Asset not found"));
        }
        other => panic!("expected Error::Api, got {other:?}"),
    }
    let line = err.to_string();
    assert!(
        line.contains("deleteAsset") && line.contains("404"),
        "{line}"
    );
}

#[tokio::test]
#[allow(deprecated)]
async fn a_v4_error_decodes_as_the_v4_error_shape() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(422).set_body_json(json!({
            "errors": [{"detail": "file_ids must not be empty", "title": "Invalid", "source": {"pointer": "/data/file_ids"}}]
        })))
        .mount(&server)
        .await;

    let request = CreateVersionStackRequest::new(CreateVersionStackParams::new(vec![]));
    let err = client(&server)
        .create_version_stack(uuid(ACCOUNT_ID), uuid(FOLDER_ID), &request)
        .await
        .unwrap_err();

    let Some(ErrorBody::V4Error(body)) = err.error_body() else {
        panic!("expected a V4Error body: {err:?}");
    };
    let source = body.errors[0].source.as_ref().unwrap();
    assert_eq!(source.pointer.as_deref(), Some("/data/file_ids"));
    assert_eq!(err.status(), Some(StatusCode::UNPROCESSABLE_ENTITY));
}

#[tokio::test]
async fn an_undeclared_status_keeps_the_raw_body() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .respond_with(
            ResponseTemplate::new(502)
                .set_body_raw("<html><body>Bad Gateway</body></html>", "text/html"),
        )
        .mount(&server)
        .await;

    let err = client(&server)
        .delete_asset(uuid(ASSET_ID))
        .await
        .unwrap_err();

    let api = err.as_api().expect("an API error");
    assert_eq!(api.status, StatusCode::BAD_GATEWAY);
    assert_eq!(api.attempts, 3, "a DELETE is retried on 5xx");
    assert!(api.body.is_none());
    assert!(api.raw.contains("Bad Gateway"));
}

#[tokio::test]
async fn a_declared_status_with_an_unexpected_body_keeps_the_raw_body() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .respond_with(ResponseTemplate::new(401).set_body_raw("Unauthorized", "text/plain"))
        .mount(&server)
        .await;

    let err = client(&server)
        .delete_asset(uuid(ASSET_ID))
        .await
        .unwrap_err();

    let api = err.as_api().unwrap();
    assert_eq!(api.status, 401);
    assert!(api.body.is_none());
    assert_eq!(api.raw, "Unauthorized");
}

#[tokio::test]
#[allow(deprecated)]
async fn a_success_body_that_does_not_match_says_where() {
    let server = MockServer::start().await;
    let mut body = example(VERSION_STACKS, "post", Some("201"));
    body["data"]["head_version"]["file_size"] = json!("large");
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(201).set_body_json(body))
        .mount(&server)
        .await;

    let request = CreateVersionStackRequest::new(CreateVersionStackParams::new(vec![]));
    let err = client(&server)
        .create_version_stack(uuid(ACCOUNT_ID), uuid(FOLDER_ID), &request)
        .await
        .unwrap_err();

    let Error::Decode(decode) = &err else {
        panic!("expected a decode error, got {err:?}");
    };
    assert_eq!(decode.path, "data.head_version.file_size");
    assert!(
        decode.snippet.starts_with("{\"data\""),
        "{}",
        decode.snippet
    );
    assert!(decode.snippet.chars().count() <= 201);
    assert!(err.to_string().contains("data.head_version.file_size"));
}

#[tokio::test]
async fn unknown_fields_and_enum_values_still_parse() {
    let server = MockServer::start().await;
    let mut body = example("/v2/assets/{asset_id}", "delete", Some("200"));
    body["type"] = json!("hologram");
    body["brand_new_field"] = json!({"nested": true});
    Mock::given(method("DELETE"))
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        .mount(&server)
        .await;

    let asset = client(&server).delete_asset(uuid(ASSET_ID)).await.unwrap();

    assert_eq!(
        asset.type_,
        Some(frameio::types::AssetType::Unknown("hologram".into()))
    );
    assert_eq!(asset.type_.as_ref().unwrap().as_str(), "hologram");
}

#[tokio::test]
async fn the_token_appears_in_no_debug_or_error_string() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .respond_with(v2_not_found())
        .mount(&server)
        .await;
    let client = client(&server);

    let err = client.delete_asset(uuid(ASSET_ID)).await.unwrap_err();
    let closed = Client::builder()
        .bearer_token(TOKEN)
        .base_url("http://127.0.0.1:9") // discard port: nothing listens
        .retry(frameio::RetryPolicy::none())
        .build()
        .unwrap()
        .delete_asset(uuid(ASSET_ID))
        .await
        .unwrap_err();
    assert!(matches!(closed, Error::Transport { .. }), "{closed:?}");

    for shown in [
        format!("{client:?}"),
        format!("{err:?}"),
        err.to_string(),
        format!("{closed:?}"),
        closed.to_string(),
    ] {
        assert!(!shown.contains(TOKEN), "token leaked: {shown}");
        assert!(!shown.contains("test-token"), "token leaked: {shown}");
    }
}
