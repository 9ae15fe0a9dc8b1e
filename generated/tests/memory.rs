//! Peak memory of a call that receives a huge body: bounded by the client's body limit, not by
//! the body. One test in its own binary, because the counting allocator sees the whole process.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use frameio::{Client, Error, RetryPolicy};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// The system allocator, counting the bytes live now and the most live at once.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn grew(bytes: usize) {
    let now = LIVE.fetch_add(bytes, Ordering::Relaxed) + bytes;
    PEAK.fetch_max(now, Ordering::Relaxed);
}

// SAFETY: every call is passed to `System` unchanged; only counters are updated besides.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            grew(layout.size());
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
            grew(new_size);
        }
        p
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

const BODY: usize = 50 << 20;
const MIB: usize = 1 << 20;

/// Answers every request with `status` and a 50 MiB body written from one reused 64 KiB
/// buffer, so the server holds almost nothing itself; with or without `Content-Length`.
async fn huge_body_server(status: u16, declare_length: bool) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let uri = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            tokio::spawn(async move {
                let mut request = vec![0u8; 16 * 1024];
                let _ = socket.read(&mut request).await;
                let length = if declare_length {
                    format!("content-length: {BODY}\r\n")
                } else {
                    "connection: close\r\n".to_string()
                };
                let head = format!(
                    "HTTP/1.1 {status} Whatever\r\ncontent-type: application/json\r\n{length}\r\n"
                );
                if socket.write_all(head.as_bytes()).await.is_err() {
                    return;
                }
                let chunk = vec![b' '; 64 * 1024];
                for _ in 0..BODY / chunk.len() {
                    // The client hangs up once it has read its fill.
                    if socket.write_all(&chunk).await.is_err() {
                        return;
                    }
                }
                let _ = socket.shutdown().await;
            });
        }
    });
    uri
}

/// The most memory live at once during `call`, above what was live before it.
async fn peak_during<T>(call: impl std::future::Future<Output = T>) -> (T, usize) {
    let before = LIVE.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    let out = call.await;
    (out, PEAK.load(Ordering::Relaxed).saturating_sub(before))
}

fn client(uri: &str, limit: usize) -> Client {
    Client::builder()
        .bearer_token("t")
        .base_url(uri)
        .retry(RetryPolicy::none())
        .max_body_size(limit)
        .build()
        .unwrap()
}

#[tokio::test(flavor = "current_thread")]
async fn a_50_mib_body_costs_the_limit_not_the_body() {
    let id = uuid::Uuid::nil();

    // The measure works: with a limit above the body, the call does hold all of it.
    let uri = huge_body_server(200, true).await;
    let (result, peak) = peak_during(client(&uri, 64 * MIB).delete_asset(id)).await;
    assert!(matches!(result, Err(Error::Decode(_))), "{result:?}");
    assert!(
        peak >= BODY,
        "the whole body was read, yet only {peak} bytes seen"
    );

    for declare_length in [true, false] {
        let uri = huge_body_server(200, declare_length).await;
        let (result, peak) = peak_during(client(&uri, MIB).delete_asset(id)).await;
        assert!(
            matches!(result, Err(Error::BodyTooLarge { .. })),
            "{result:?}"
        );
        assert!(
            peak < 4 * MIB,
            "success body, Content-Length {declare_length}: {peak} bytes at peak"
        );

        let uri = huge_body_server(500, declare_length).await;
        let (result, peak) = peak_during(client(&uri, 64 * MIB).delete_asset(id)).await;
        let err = result.unwrap_err();
        let api = err.as_api().expect("an API error");
        assert!(api.raw_cut && api.raw.len() == frameio::ERROR_BODY_LIMIT);
        assert!(
            peak < 4 * MIB,
            "error body, Content-Length {declare_length}: {peak} bytes at peak"
        );
    }
}
