//! The crate's typed mocks (`frameio::mock`, the `mock` feature) used as an application's
//! tests would use them: stub the calls the code under test makes, run it, check the calls.

use std::time::Duration;

use crate::support::fast_retries;
use frameio::Error;
use frameio::mock::MockServer;
use frameio::types::{
    Asset, ErrorBody, V2Error, V4Error, V4ErrorItem, VersionAssetRequest, VersionStackCreateParams,
    VersionStackCreateParamsData, VersionStackResponse, VersionStackWithIncludes,
};
use uuid::Uuid;

const ASSET_ID: &str = "3fa85f64-5717-4562-b3fc-2c963f66afa6";

fn uuid(text: &str) -> Uuid {
    text.parse().unwrap()
}

#[tokio::test]
async fn a_429_with_retry_after_is_retried_and_the_second_answer_is_returned() {
    let server = MockServer::start().await;
    let stack_id = uuid("8d7c3b2a-1f0e-4d5c-9b8a-7f6e5d4c3b2a");
    let mut busy = V4ErrorItem::default();
    busy.detail = Some("slow down".into());
    // Mounted in order: the first answers once, then the second answers.
    server
        .version_stacks_create()
        .account_id("acct")
        .folder_id("fold")
        .respond_too_many_requests(&V4Error::new(vec![busy]))
        .retry_after(Duration::ZERO)
        .once()
        .expect(1)
        .mount()
        .await;
    server
        .version_stacks_create()
        .account_id("acct")
        .folder_id("fold")
        .respond_created(&VersionStackResponse::new(VersionStackWithIncludes::new(
            stack_id,
        )))
        .expect(1)
        .mount()
        .await;
    let client = server
        .client_builder()
        .retry(fast_retries())
        .build()
        .unwrap();
    let body = VersionStackCreateParams::new(VersionStackCreateParamsData::new(vec![
        ASSET_ID.to_string(),
    ]));
    let response = client
        .version_stacks_create("acct", "fold", &body)
        .await
        .expect("the retry succeeds");
    assert_eq!(response.status().as_u16(), 201);
    assert_eq!(response.body().data.id, stack_id);
    server.verify().await;
    assert_eq!(server.received_requests().await.len(), 2);
}

#[tokio::test]
async fn a_declared_404_arrives_as_its_typed_error_body() {
    let server = MockServer::start().await;
    let mut missing = V2Error::default();
    missing.code = Some(404);
    missing.message = Some("Not found".into());
    server
        .delete_asset()
        .asset_id(uuid(ASSET_ID))
        .respond_not_found(&missing)
        .expect(1)
        .mount()
        .await;
    let error = server
        .client()
        .delete_asset(uuid(ASSET_ID))
        .await
        .expect_err("a 404 is an error");
    match error {
        Error::Api(api) => {
            assert_eq!(api.status.as_u16(), 404);
            assert_eq!(api.operation, "deleteAsset");
            assert_eq!(api.body, Some(ErrorBody::V2Error(missing)));
        }
        other => panic!("expected Error::Api, got {other:?}"),
    }
    server.verify().await;
}

#[tokio::test]
async fn a_body_matcher_refuses_a_request_with_another_body() {
    let server = MockServer::start().await;
    let expected = VersionAssetRequest::new(uuid("a1b2c3d4-0000-4000-8000-000000000001"));
    server
        .version_asset()
        .asset_id(uuid(ASSET_ID))
        .body(&expected)
        .respond_ok(&Asset::new(uuid(ASSET_ID)))
        .expect(1)
        .mount()
        .await;
    let client = server.client();
    // Another body matches no stub: the mock server answers 404, with no typed body.
    let wrong = VersionAssetRequest::new(uuid("a1b2c3d4-0000-4000-8000-000000000002"));
    match client.version_asset(uuid(ASSET_ID), &wrong).await {
        Err(Error::Api(api)) => {
            assert_eq!(api.status.as_u16(), 404);
            assert_eq!(api.body, None);
        }
        other => panic!("expected the mock's 404, got {other:?}"),
    }
    // The expected body is answered as stubbed.
    let asset = client
        .version_asset(uuid(ASSET_ID), &expected)
        .await
        .expect("the stubbed call succeeds");
    assert_eq!(asset.body().id, uuid(ASSET_ID));
    server.verify().await;
}

#[tokio::test]
async fn an_expected_call_that_never_comes_fails_verify() {
    let server = MockServer::start().await;
    server
        .unversion_asset()
        .respond_ok(&Asset::new(uuid(ASSET_ID)))
        .expect(1)
        .mount()
        .await;
    let verified = tokio::spawn(async move { server.verify().await }).await;
    assert!(verified.is_err(), "verify must panic on a missing call");
}

#[tokio::test]
async fn a_delay_makes_the_client_time_out() {
    let server = MockServer::start().await;
    server
        .delete_asset()
        .respond_ok(&Asset::new(uuid(ASSET_ID)))
        .delay(Duration::from_millis(300))
        .mount()
        .await;
    let client = server
        .client_builder()
        .timeout(Duration::from_millis(50))
        .retry(fast_retries().max_attempts(1))
        .build()
        .unwrap();
    let error = client.delete_asset(uuid(ASSET_ID)).await.unwrap_err();
    assert!(matches!(error, Error::Timeout { .. }), "{error:?}");
}
