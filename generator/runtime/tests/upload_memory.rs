//! A 200 MB file uploaded in parts of 25 MB, 4 at a time, to a storage server on loopback:
//! every byte arrives in order, one part failing once with 503 is retried, progress reaches
//! the total exactly, and the process's peak heap stays under 4 parts' worth plus a small
//! constant. Alone in its binary: the allocator counts every allocation of the process.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use openapi_rust_gen_runtime::upload::Uploader;
use openapi_rust_gen_runtime::RetryPolicy;

#[path = "parts_server/mod.rs"]
mod parts_server;
use parts_server::{parts, write_pattern_file, PartsServer};

struct Counting;

static CURRENT: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let now = CURRENT.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
        PEAK.fetch_max(now, Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        CURRENT.fetch_sub(layout.size(), Ordering::Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let now = CURRENT.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
        PEAK.fetch_max(now, Ordering::Relaxed);
        unsafe { System.alloc_zeroed(layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if new_size >= layout.size() {
            let grown = new_size - layout.size();
            let now = CURRENT.fetch_add(grown, Ordering::Relaxed) + grown;
            PEAK.fetch_max(now, Ordering::Relaxed);
        } else {
            CURRENT.fetch_sub(layout.size() - new_size, Ordering::Relaxed);
        }
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

const MB: u64 = 1024 * 1024;
const FILE: u64 = 200 * MB;
const PART: u64 = 25 * MB;
const AT_ONCE: usize = 4;
/// What the process may hold besides the parts: the runtime, the HTTP client and server, the
/// test's bookkeeping.
const CONSTANT: usize = 8 * MB as usize;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_hundred_megabytes_in_parts_of_25_four_at_a_time() {
    let dir = std::env::temp_dir().join(format!("upload-memory-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("media.bin");
    write_pattern_file(&file, FILE);

    let server = PartsServer::start(&[2]).await;
    let parts = parts(&server, FILE, PART);
    assert_eq!(parts.len(), 8);
    let reports = Arc::new(Mutex::new(Vec::new()));
    let seen = Arc::clone(&reports);
    let before = CURRENT.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    let uploader = Uploader::new(reqwest::Client::new())
        .concurrency(AT_ONCE)
        .retry(
            RetryPolicy::default()
                .server_error_base_delay(Duration::from_millis(5))
                .jitter(false),
        )
        .on_progress(move |done, total| seen.lock().unwrap().push((done, total)));
    uploader
        .upload_file(&file, &parts)
        .await
        .expect("the upload completes");
    let peak = PEAK.load(Ordering::Relaxed).saturating_sub(before);
    std::fs::remove_dir_all(&dir).unwrap();

    // Every byte, in order, in its part; the failed part twice, the others once.
    let received = server.received.lock().unwrap().clone();
    assert_eq!(received.len(), 8);
    for (index, part) in &received {
        assert!(!part.corrupt, "part {index} differs from the file");
        assert_eq!(part.bytes, PART, "part {index}");
        assert_eq!(
            part.attempts,
            if *index == 2 { 2 } else { 1 },
            "part {index}"
        );
    }
    // Progress: one report per part, growing, the last exactly the total.
    let reports = reports.lock().unwrap().clone();
    assert_eq!(reports.len(), 8);
    assert!(reports.windows(2).all(|w| w[0].0 < w[1].0));
    assert_eq!(reports.last(), Some(&(FILE, FILE)));
    // Memory: four parts and a small constant, not the file.
    let bound = AT_ONCE * PART as usize + CONSTANT;
    println!(
        "peak heap during the upload: {:.1} MB (bound {:.1} MB; the file is {} MB)",
        peak as f64 / MB as f64,
        bound as f64 / MB as f64,
        FILE / MB
    );
    assert!(peak < bound, "peak {peak} bytes, bound {bound}");
}
