//! Uploads a local file to a Frame.io folder with a progress bar: `local_upload` creates the
//! file and answers with a pre-signed URL per part, then each part is PUT to its URL (4 at a
//! time, retried on transient failures) with the file's media type and `x-amz-acl: private`.
//! There is no completion call: `file.upload.completed` and `file.ready` deliveries say when
//! Frame.io has it.
//!
//! ```sh
//! cargo run -p frameio --example upload_file
//! ```
//!
//! It runs against a local mock of both Frame.io and the storage (no network): a generated
//! 12 MB file in parts of 5 MB.

use std::time::Duration;

use frameio::HeaderMap;
use frameio::mock::MockServer;
use frameio::types::{FileCreateLocalUploadParams, FileCreateLocalUploadParamsData};
use frameio::upload::UploadPart;
use indicatif::{ProgressBar, ProgressStyle};
use wiremock::matchers::{header, method, path_regex};
use wiremock::{Mock, ResponseTemplate};

const MB: u64 = 1024 * 1024;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // A file to upload.
    let dir = std::env::temp_dir().join(format!("frameio-upload-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let path = dir.join("interview.mov");
    let size = 12 * MB;
    std::fs::write(&path, vec![7u8; size as usize])?;

    // Frame.io and its storage, on loopback.
    let server = MockServer::start().await;
    let account: frameio::uuid::Uuid = "a1b2c3d4-0000-4000-8000-000000000001".parse()?;
    let folder: frameio::uuid::Uuid = "a1b2c3d4-0000-4000-8000-000000000002".parse()?;
    let parts: Vec<serde_json::Value> = (0..size.div_ceil(5 * MB))
        .map(|i| {
            serde_json::json!({
                "url": format!("{}/storage/{i}?X-Amz-Signature=example", server.uri()),
                "size": (5 * MB).min(size - i * 5 * MB),
            })
        })
        .collect();
    let created = serde_json::json!({ "data": {
        "id": "3fa85f64-5717-4562-b3fc-2c963f66afa6", "name": "interview.mov", "type": "file",
        "status": "created", "file_size": size, "media_type": "video/quicktime",
        "parent_id": folder.to_string(), "project_id": "a1b2c3d4-0000-4000-8000-000000000003",
        "view_url": "https://next.frame.io/project/p/view/f",
        "created_at": "2026-12-05T10:00:00Z", "updated_at": "2026-12-05T10:00:00Z",
        "upload_urls": parts,
    }});
    server
        .files_create_local_upload()
        .respond_raw(201, "application/json", created.to_string())
        .mount()
        .await;
    Mock::given(method("PUT"))
        .and(path_regex("^/storage/[0-9]+$"))
        .and(header("x-amz-acl", "private"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_millis(150)))
        .mount(server.wiremock())
        .await;
    let client = server.client();

    // 1. Create the file: its media type, and where its parts go.
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("upload");
    let params = FileCreateLocalUploadParams::new(FileCreateLocalUploadParamsData::new(
        size as i64,
        name.to_string(),
    ));
    let file = client
        .files_create_local_upload(account, folder, &params)
        .await?
        .into_body()
        .data;
    let parts: Vec<UploadPart> = file
        .upload_urls
        .unwrap_or_default()
        .into_iter()
        .map(|u| UploadPart {
            url: u.url,
            size: u.size.max(0) as u64,
        })
        .collect();

    // 2. Put the parts, with a progress bar.
    let bar = ProgressBar::new(size);
    bar.set_style(ProgressStyle::with_template(
        "{bar:40} {bytes}/{total_bytes} ({bytes_per_sec})",
    )?);
    let shown = bar.clone();
    let mut headers = HeaderMap::new();
    headers.insert("content-type", file.media_type.parse()?);
    headers.insert("x-amz-acl", "private".parse()?);
    client
        .uploader()
        .headers(headers)
        .concurrency(4)
        .on_progress(move |done, _total| shown.set_position(done))
        .upload_file(&path, &parts)
        .await?;
    bar.finish();
    println!(
        "uploaded {} ({} parts); Frame.io now assembles it",
        file.name,
        parts.len()
    );
    std::fs::remove_dir_all(&dir)?;
    Ok(())
}
