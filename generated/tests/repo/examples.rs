//! The seeds' examples, kept in the spec, go through the generated types without losing a key
//! or a value; the request examples are what the typed request bodies serialize to.

use crate::fidelity::{example, seeds};
use crate::support::json_eq;
use frameio::types::{
    Asset, BulkDeleteAssetsRequest, BulkDeleteAssetsResponse, CreateVersionStackParams,
    CreateVersionStackRequest, VersionAssetRequest, VersionStackResponse,
};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// Deserializes `json` as `T`, serializes it back and compares.
fn round_trip<T: DeserializeOwned + Serialize>(json: &Value) -> T {
    let typed: T = serde_json::from_value(json.clone())
        .unwrap_or_else(|e| panic!("the example does not fit the type: {e}"));
    let back = serde_json::to_value(&typed).unwrap();
    if let Err(diff) = json_eq(json, &back, "") {
        panic!("round trip changed the example at {diff}");
    }
    typed
}

#[test]
fn delete_asset_response_round_trips() {
    let asset: Asset = round_trip(&example("/v2/assets/{asset_id}", "delete", Some("200")));
    assert_eq!(asset.id.to_string(), "eefb57e0-79f2-4bc7-9b70-99fbc175175c");
    // Ids that are not UUIDs stay strings.
    assert_eq!(
        asset.team_id.as_deref(),
        Some("team-9876-5432-10ab-cdef12345678")
    );
    let creator = asset.creator.unwrap();
    assert_eq!(creator.id, "user-1234-5678-9012");
    assert_eq!(creator.type_.as_deref(), Some("user"));
    assert_eq!(creator.roles.unwrap().id.as_deref(), Some("role-5678"));
}

#[test]
fn unversion_asset_response_round_trips_with_nulls() {
    let asset: Asset = round_trip(&example(
        "/v2/assets/{asset_id}/unversion",
        "delete",
        Some("200"),
    ));
    assert_eq!(asset.hard_deleted_at, None, "null reads as None");
    assert_eq!(asset.bundle_view.as_deref(), Some(""), "empty strings stay");
    assert_eq!(
        asset.required_transcodes.unwrap().finalized.unwrap().len(),
        3
    );
}

#[test]
fn version_asset_response_round_trips_with_empty_key() {
    let asset: Asset = round_trip(&example(
        "/v2/assets/{asset_id}/version",
        "post",
        Some("200"),
    ));
    let properties = asset.properties.unwrap();
    assert_eq!(properties[""], Value::from("Confidential"));
    assert!(asset.metadata.unwrap().is_empty());
}

#[test]
fn bulk_delete_response_round_trips() {
    let response: BulkDeleteAssetsResponse =
        round_trip(&example("/v2/batch/assets", "delete", Some("200")));
    let errors = response.error.unwrap();
    assert_eq!(
        errors["aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa"],
        "Failed to delete asset due to permission restrictions."
    );
}

#[test]
fn create_version_stack_response_round_trips() {
    let response: VersionStackResponse = round_trip(&example(
        "/v4/accounts/{account_id}/folders/{folder_id}/version_stacks",
        "post",
        Some("201"),
    ));
    let head = response.data.head_version.unwrap();
    assert_eq!(head.file_size, Some(1_137_444));
    assert_eq!(
        head.creator.unwrap().id.as_deref(),
        Some("196C1A5666BF4EB00A49411B@176719f5667c82b4494214.e")
    );
    assert!(head.media_links.unwrap().thumbnail.is_some());
    assert_eq!(response.data.project.unwrap().storage, Some(15000));
}

#[test]
fn request_examples_are_what_typed_bodies_serialize_to() {
    let version = VersionAssetRequest::new("3fa85f64-5717-4562-b3fc-2c963f66afa6".parse().unwrap());
    assert_eq!(
        serde_json::to_value(&version).unwrap(),
        example("/v2/assets/{asset_id}/version", "post", None)
    );

    let bulk = BulkDeleteAssetsRequest::new(vec![
        "3fa85f64-5717-4562-b3fc-2c963f66afa6".into(),
        "7c9e6679-7425-40de-944b-e07fc1f90ae7".into(),
        "1b4e28ba-2fa1-11d2-883f-0016d3cca427".into(),
    ]);
    assert_eq!(
        serde_json::to_value(&bulk).unwrap(),
        example("/v2/batch/assets", "delete", None)
    );

    let create = CreateVersionStackRequest::new(CreateVersionStackParams::new(vec![
        "9756d6f5-0bb0-48cc-9c0d-295000638b72".parse().unwrap(),
        "abb847a7-e569-4fe0-9be8-f86a88e9d0c1".parse().unwrap(),
    ]));
    assert_eq!(
        serde_json::to_value(&create).unwrap(),
        example(
            "/v4/accounts/{account_id}/folders/{folder_id}/version_stacks",
            "post",
            None
        )
    );
}

/// The spec's examples are the seeds' examples, verbatim: the spec cannot drift from its source.
#[test]
fn spec_examples_match_the_seed_pages() {
    let seeds = seeds();
    assert_eq!(seeds.len(), 5, "five seed pages");
    for seed in seeds {
        let spec = crate::fidelity::spec();
        let op = &spec["paths"][&seed.path][&seed.method];
        assert!(
            op.is_object(),
            "the spec has no {} {}",
            seed.method,
            seed.path
        );
        let (status, _) = op["responses"]
            .as_object()
            .unwrap()
            .iter()
            .find(|(s, _)| s.starts_with('2'))
            .unwrap();
        let response = example(&seed.path, &seed.method, Some(status));
        assert_eq!(
            response, seed.response,
            "{} {} response example",
            seed.method, seed.path
        );
        if let Some(request) = seed
            .request
            .filter(|r| r.as_object().is_some_and(|o| !o.is_empty()))
        {
            assert_eq!(
                example(&seed.path, &seed.method, None),
                request,
                "{} {} request example",
                seed.method,
                seed.path
            );
        }
    }
}

#[test]
fn the_comparison_itself_catches_losses() {
    let a: Value = serde_json::json!({"a": 1, "b": [1, 2], "t": "2024-01-15T09:30:00Z"});
    assert!(
        json_eq(
            &a,
            &serde_json::json!({"a": 1.0, "b": [1, 2], "t": "2024-01-15T09:30:00+00:00"}),
            ""
        )
        .is_ok()
    );
    assert!(json_eq(&a, &serde_json::json!({"a": 1, "b": [1, 2]}), "").is_err());
    assert!(
        json_eq(
            &a,
            &serde_json::json!({"a": 1, "b": [1], "t": "2024-01-15T09:30:00Z"}),
            ""
        )
        .is_err()
    );
    assert!(
        json_eq(
            &a,
            &serde_json::json!({"a": 2, "b": [1, 2], "t": "2024-01-15T09:30:00Z"}),
            ""
        )
        .is_err()
    );
    let with_null =
        serde_json::json!({"a": 1, "b": [1, 2], "t": "2024-01-15T09:30:00Z", "n": null});
    assert!(
        json_eq(&a, &with_null, "").is_ok(),
        "an absent nullable field may come back as null"
    );
    assert!(
        json_eq(&with_null, &a, "").is_err(),
        "an explicit null must not be lost"
    );
}
