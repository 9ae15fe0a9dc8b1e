//! An upload as Frame.io's docs describe it ("How to: Upload"): create the file with
//! `local_upload`, then PUT each part of the file to its pre-signed URL with the file's media
//! type and `x-amz-acl: private`; no completion call. Both Frame.io and the storage are mocks
//! on loopback.

use frameio::HeaderMap;
use frameio::mock::MockServer;
use frameio::types::{FileCreateLocalUploadParams, FileCreateLocalUploadParamsData};
use frameio::upload::UploadPart;
use uuid::Uuid;
use wiremock::matchers::{header, method, path_regex};
use wiremock::{Mock, ResponseTemplate};

const ACCOUNT: &str = "a1b2c3d4-0000-4000-8000-000000000001";
const FOLDER: &str = "a1b2c3d4-0000-4000-8000-000000000002";

fn file_bytes(len: usize) -> Vec<u8> {
    (0..len).map(|i| (i % 251) as u8).collect()
}

#[tokio::test]
async fn a_local_upload_puts_every_part_in_order_with_the_media_type() {
    let server = MockServer::start().await;
    let data = file_bytes(25_000);
    // Frame.io answers with three pre-signed URLs, on the same mock server's storage paths.
    let storage = server.uri();
    let created = serde_json::json!({
        "data": {
            "id": "3fa85f64-5717-4562-b3fc-2c963f66afa6",
            "name": "interview.mov",
            "type": "file",
            "status": "created",
            "file_size": 25_000,
            "media_type": "video/quicktime",
            "parent_id": FOLDER,
            "project_id": "a1b2c3d4-0000-4000-8000-000000000003",
            "view_url": "https://next.frame.io/project/p/view/f",
            "created_at": "2026-12-05T10:00:00Z",
            "updated_at": "2026-12-05T10:00:00Z",
            "upload_urls": [
                { "url": format!("{storage}/storage/part-1?X-Amz-Signature=s1"), "size": 10_000 },
                { "url": format!("{storage}/storage/part-2?X-Amz-Signature=s2"), "size": 10_000 },
                { "url": format!("{storage}/storage/part-3?X-Amz-Signature=s3"), "size": 5_000 },
            ],
        }
    });
    let body = FileCreateLocalUploadParams::new(FileCreateLocalUploadParamsData::new(
        25_000,
        "interview.mov".into(),
    ));
    server
        .files_create_local_upload()
        .account_id(ACCOUNT.parse::<Uuid>().unwrap())
        .folder_id(FOLDER.parse::<Uuid>().unwrap())
        .body(&body)
        .respond_raw(201, "application/json", created.to_string())
        .expect(1)
        .mount()
        .await;
    Mock::given(method("PUT"))
        .and(path_regex("^/storage/part-[0-9]$"))
        .and(header("content-type", "video/quicktime"))
        .and(header("x-amz-acl", "private"))
        .respond_with(ResponseTemplate::new(200))
        .expect(3)
        .mount(server.wiremock())
        .await;

    let client = server.client();
    let file = client
        .files_create_local_upload(ACCOUNT.parse().unwrap(), FOLDER.parse().unwrap(), &body)
        .await
        .unwrap()
        .into_body()
        .data;
    let parts: Vec<UploadPart> = file
        .upload_urls
        .unwrap_or_default()
        .into_iter()
        .map(|u| UploadPart {
            url: u.url,
            size: u.size as u64,
        })
        .collect();
    let mut headers = HeaderMap::new();
    headers.insert("content-type", file.media_type.parse().unwrap());
    headers.insert("x-amz-acl", "private".parse().unwrap());
    client
        .uploader()
        .headers(headers)
        .upload_reader(&data[..], data.len() as u64, &parts)
        .await
        .unwrap();

    server.verify().await;
    // Every byte, each part at its place; the credentials went to Frame.io only.
    let mut received: Vec<(String, Vec<u8>, bool)> = server
        .received_requests()
        .await
        .into_iter()
        .filter(|r| r.url.path().starts_with("/storage/"))
        .map(|r| {
            let authorized = r.headers.contains_key("authorization");
            (r.url.path().to_string(), r.body, authorized)
        })
        .collect();
    received.sort();
    let joined: Vec<u8> = received.iter().flat_map(|(_, b, _)| b.clone()).collect();
    assert_eq!(joined, data);
    assert!(received.iter().all(|(_, _, authorized)| !authorized));
}
