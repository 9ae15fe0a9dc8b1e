//! A storage server on loopback for upload tests: takes `PUT /part/{index}/{offset}`, checks
//! every byte of the body against [`pattern`] at its offset in the file as it streams in
//! (keeping none of it), and answers 200, or 503 to the first attempt of the parts told to
//! fail once. It records what each part received.

#![allow(dead_code)] // each test binary uses its own share of it

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, Mutex};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// The byte at `offset` of the test file: 251 is prime, so parts of any round size differ.
pub fn pattern(offset: u64) -> u8 {
    (offset % 251) as u8
}

/// What one part's requests brought.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Received {
    /// Attempts, the failed one included.
    pub attempts: u32,
    /// Bytes of the accepted attempt, all equal to the pattern at their offset.
    pub bytes: u64,
    /// A byte differed from the pattern, or the body was short.
    pub corrupt: bool,
    /// Headers of the last attempt, lower-case names.
    pub headers: BTreeMap<String, String>,
}

#[derive(Clone)]
pub struct PartsServer {
    pub base: String,
    pub received: Arc<Mutex<BTreeMap<u64, Received>>>,
    fail_once: Arc<Mutex<BTreeSet<u64>>>,
}

impl PartsServer {
    /// A server whose parts in `fail_once` answer 503 to their first attempt.
    pub async fn start(fail_once: &[u64]) -> PartsServer {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let server = PartsServer {
            base,
            received: Arc::default(),
            fail_once: Arc::new(Mutex::new(fail_once.iter().copied().collect())),
        };
        let state = server.clone();
        tokio::spawn(async move {
            loop {
                let Ok((socket, _)) = listener.accept().await else {
                    return;
                };
                let state = state.clone();
                tokio::spawn(async move { state.serve(socket).await });
            }
        });
        server
    }

    /// The URL of part `index`, which starts at `offset`, with a query like a signature's.
    pub fn url(&self, index: u64, offset: u64) -> String {
        format!(
            "{}/part/{index}/{offset}?X-Amz-Signature=secret-signature-{index}",
            self.base
        )
    }

    async fn serve(&self, mut socket: TcpStream) {
        let mut buffer = vec![0u8; 64 * 1024];
        let mut pending: Vec<u8> = Vec::new();
        loop {
            // The request head.
            let head_end = loop {
                if let Some(end) = pending.windows(4).position(|w| w == b"\r\n\r\n") {
                    break end + 4;
                }
                match socket.read(&mut buffer).await {
                    Ok(0) | Err(_) => return,
                    Ok(n) => pending.extend_from_slice(&buffer[..n]),
                }
            };
            let head = String::from_utf8_lossy(&pending[..head_end]).into_owned();
            pending.drain(..head_end);
            let mut lines = head.lines();
            let request_line = lines.next().unwrap_or_default().to_string();
            let headers: BTreeMap<String, String> = lines
                .filter_map(|l| l.split_once(':'))
                .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
                .collect();
            let length: u64 = headers
                .get("content-length")
                .and_then(|v| v.parse().ok())
                .unwrap_or(0);
            let path = request_line.split(' ').nth(1).unwrap_or_default();
            let path = path.split('?').next().unwrap_or_default();
            let mut segments = path.trim_start_matches("/part/").split('/');
            let index: u64 = segments
                .next()
                .and_then(|s| s.parse().ok())
                .unwrap_or(u64::MAX);
            let offset: u64 = segments.next().and_then(|s| s.parse().ok()).unwrap_or(0);
            let fail = self.fail_once.lock().unwrap().remove(&index);

            // The body, checked as it streams, kept nowhere.
            let mut seen = 0u64;
            let mut corrupt = false;
            while seen < length {
                if pending.is_empty() {
                    match socket.read(&mut buffer).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => pending.extend_from_slice(&buffer[..n]),
                    }
                }
                let take = pending.len().min((length - seen) as usize);
                for (i, byte) in pending[..take].iter().enumerate() {
                    corrupt |= *byte != pattern(offset + seen + i as u64);
                }
                seen += take as u64;
                pending.drain(..take);
            }
            {
                let mut received = self.received.lock().unwrap();
                let entry = received.entry(index).or_default();
                entry.attempts += 1;
                entry.headers = headers.clone();
                if !fail {
                    entry.bytes = seen;
                    entry.corrupt = corrupt || seen != length;
                }
            }
            let answer: &[u8] = if fail {
                b"HTTP/1.1 503 Service Unavailable\r\ncontent-length: 0\r\nretry-after: 0\r\n\r\n"
            } else {
                b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n"
            };
            if socket.write_all(answer).await.is_err() {
                return;
            }
        }
    }
}

/// A file of `len` bytes of [`pattern`], written in blocks (the test's memory stays small).
pub fn write_pattern_file(path: &std::path::Path, len: u64) {
    use std::io::Write;
    let mut file = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    let mut block = vec![0u8; 1 << 20];
    let mut offset = 0u64;
    while offset < len {
        let n = (len - offset).min(block.len() as u64) as usize;
        for (i, byte) in block[..n].iter_mut().enumerate() {
            *byte = pattern(offset + i as u64);
        }
        file.write_all(&block[..n]).unwrap();
        offset += n as u64;
    }
    file.flush().unwrap();
}

/// Parts of `part` bytes (the last one shorter) covering `len` bytes.
pub fn parts(
    server: &PartsServer,
    len: u64,
    part: u64,
) -> Vec<openapi_rust_gen_runtime::upload::UploadPart> {
    (0..len.div_ceil(part))
        .map(|i| openapi_rust_gen_runtime::upload::UploadPart {
            url: server.url(i, i * part),
            size: part.min(len - i * part),
        })
        .collect()
}
