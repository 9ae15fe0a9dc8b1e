//! Uploading a file in parts to the pre-signed URLs an API hands out (S3-style multipart
//! uploads: Frame.io's `upload_urls`, among others): each part `PUT` to its URL with the
//! headers the API asks for, several at a time, each retried on transient failures by the same
//! policy as calls, with progress and cancellation. Memory stays bounded by the part size times
//! the concurrency, whatever the file's size: a part is read when a slot is free and dropped
//! when it is sent.

use std::path::Path;
use std::pin::pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use futures_util::future::{self, Either};
use reqwest::header::{HeaderMap, CONTENT_LENGTH};
use reqwest::Method;
use tokio::io::{AsyncRead, AsyncReadExt};
use tokio::sync::Notify;
use tokio::task::JoinSet;

use crate::retry::{Attempt, Failure, Random};
use crate::RetryPolicy;

/// One part of an upload: where it goes, and how many bytes of the source it takes (parts
/// take the source in order).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UploadPart {
    /// The pre-signed URL. Treated as a secret: errors name its host and path only.
    pub url: String,
    /// Its length in bytes.
    pub size: u64,
}

/// Why an upload stopped. Parts already sent stay sent; no error shows a URL's query (where
/// pre-signed URLs carry their signature).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum UploadError {
    /// The parts' sizes do not add up to the source's length.
    #[error("the parts take {parts} bytes, the source has {source_len}")]
    LengthMismatch {
        /// What the parts add up to.
        parts: u64,
        /// The source's length.
        source_len: u64,
    },
    /// The source could not be read.
    #[error("reading the source for part {part} failed: {message}")]
    Read {
        /// The part (0-based).
        part: usize,
        /// The I/O error.
        message: String,
    },
    /// A part failed for good: a status that retrying cannot help, or every attempt used.
    #[error("part {part} to {target} failed after {attempts} attempt(s): {message}")]
    Part {
        /// The part (0-based).
        part: usize,
        /// The URL's host and path.
        target: String,
        /// The last answer's status, when there was one.
        status: Option<u16>,
        /// Attempts made.
        attempts: u32,
        /// What went wrong last.
        message: String,
    },
    /// A part's URL or the headers given cannot form a request.
    #[error("part {part} cannot be sent: {message}")]
    Invalid {
        /// The part (0-based).
        part: usize,
        /// What is wrong.
        message: String,
    },
    /// [`CancelUpload::cancel`] was called.
    #[error("the upload was cancelled after {done} of {total} bytes")]
    Cancelled {
        /// Bytes of the parts that completed.
        done: u64,
        /// The upload's size.
        total: u64,
    },
}

/// Cancels an upload from elsewhere (a user's button, a shutdown): clone it, give one to
/// [`Uploader::cancel_with`], call [`cancel`](Self::cancel) on another. Dropping the upload's
/// future cancels it too.
#[derive(Debug, Clone, Default)]
pub struct CancelUpload {
    inner: Arc<(AtomicBool, Notify)>,
}

impl CancelUpload {
    /// A handle not cancelled yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Stops the uploads given this handle: parts in flight are abandoned, none is started.
    pub fn cancel(&self) {
        self.inner.0.store(true, Ordering::SeqCst);
        self.inner.1.notify_waiters();
    }

    /// Whether [`cancel`](Self::cancel) was called.
    pub fn is_cancelled(&self) -> bool {
        self.inner.0.load(Ordering::SeqCst)
    }

    async fn cancelled(&self) {
        loop {
            let notified = self.inner.1.notified();
            if self.is_cancelled() {
                return;
            }
            notified.await;
        }
    }
}

type Progress = Arc<dyn Fn(u64, u64) + Send + Sync>;

/// Puts parts to their URLs. Cheap to build; `reqwest::Client` is shared.
#[derive(Clone)]
pub struct Uploader {
    http: reqwest::Client,
    headers: HeaderMap,
    concurrency: usize,
    retry: RetryPolicy,
    progress: Option<Progress>,
    cancel: Option<CancelUpload>,
}

impl std::fmt::Debug for Uploader {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Uploader")
            .field("headers", &self.headers.keys().collect::<Vec<_>>())
            .field("concurrency", &self.concurrency)
            .field("retry", &self.retry)
            .field("progress", &self.progress.is_some())
            .finish()
    }
}

/// Parts sent at once by default.
pub const DEFAULT_CONCURRENCY: usize = 4;

impl Uploader {
    /// An uploader over `http` (pre-signed URLs need no credentials: the client's own are not
    /// sent), 4 parts at a time, the default retry policy.
    pub fn new(http: reqwest::Client) -> Self {
        Uploader {
            http,
            headers: HeaderMap::new(),
            concurrency: DEFAULT_CONCURRENCY,
            retry: RetryPolicy::default(),
            progress: None,
            cancel: None,
        }
    }

    /// Headers every part is sent with (its media type as `Content-Type`, and what the API
    /// asks for, like Frame.io's `x-amz-acl: private`).
    pub fn headers(mut self, headers: HeaderMap) -> Self {
        self.headers = headers;
        self
    }

    /// Parts sent at once (at least 1): memory holds this many parts.
    pub fn concurrency(mut self, parts: usize) -> Self {
        self.concurrency = parts.max(1);
        self
    }

    /// How a failed part is retried: 429s, 5xx answers, timeouts and broken connections, as
    /// for calls (`PUT` is idempotent).
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Called with (bytes done, total) each time a part completes; the last call has the total.
    pub fn on_progress(mut self, progress: impl Fn(u64, u64) + Send + Sync + 'static) -> Self {
        self.progress = Some(Arc::new(progress));
        self
    }

    /// Stops the upload when `cancel` is cancelled.
    pub fn cancel_with(mut self, cancel: CancelUpload) -> Self {
        self.cancel = Some(cancel);
        self
    }

    /// Uploads the file at `path` in `parts`.
    pub async fn upload_file(
        &self,
        path: impl AsRef<Path>,
        parts: &[UploadPart],
    ) -> Result<(), UploadError> {
        let read_error = |e: std::io::Error| UploadError::Read {
            part: 0,
            message: e.to_string(),
        };
        let file = tokio::fs::File::open(path).await.map_err(read_error)?;
        let length = file.metadata().await.map_err(read_error)?.len();
        self.upload_reader(file, length, parts).await
    }

    /// Uploads `length` bytes read from `reader` in `parts`.
    pub async fn upload_reader<R: AsyncRead + Unpin>(
        &self,
        reader: R,
        length: u64,
        parts: &[UploadPart],
    ) -> Result<(), UploadError> {
        let total = parts
            .iter()
            .try_fold(0u64, |sum, p| sum.checked_add(p.size))
            .unwrap_or(u64::MAX);
        if total != length {
            return Err(UploadError::LengthMismatch {
                parts: total,
                source_len: length,
            });
        }
        let done = std::cell::Cell::new(0u64);
        let run = pin!(self.run(reader, total, parts, &done));
        let Some(cancel) = &self.cancel else {
            return run.await;
        };
        let cancelled = pin!(cancel.cancelled());
        match future::select(run, cancelled).await {
            Either::Left((result, _)) => result,
            Either::Right(((), _)) => Err(UploadError::Cancelled {
                done: done.get(),
                total,
            }),
        }
    }

    async fn run<R: AsyncRead + Unpin>(
        &self,
        mut reader: R,
        total: u64,
        parts: &[UploadPart],
        done: &std::cell::Cell<u64>,
    ) -> Result<(), UploadError> {
        // Parts are sent by tasks of their own, so they progress while the next part is read;
        // the set aborts them when the upload stops (an error, a cancel, a dropped future).
        let mut in_flight: JoinSet<Result<u64, UploadError>> = JoinSet::new();
        let finish = |joined: Result<Result<u64, UploadError>, tokio::task::JoinError>| {
            let size = joined.map_err(|e| UploadError::Invalid {
                part: usize::MAX,
                message: format!("a part's task stopped: {e}"),
            })??;
            done.set(done.get() + size);
            if let Some(progress) = &self.progress {
                progress(done.get(), total);
            }
            Ok::<(), UploadError>(())
        };
        for (index, part) in parts.iter().enumerate() {
            // A part is read only when a slot is free: memory holds `concurrency` parts.
            while in_flight.len() >= self.concurrency {
                if let Some(joined) = in_flight.join_next().await {
                    finish(joined)?;
                }
            }
            let size = usize::try_from(part.size).map_err(|_| UploadError::Invalid {
                part: index,
                message: "the part is larger than memory can hold".into(),
            })?;
            let mut buffer = vec![0u8; size];
            reader
                .read_exact(&mut buffer)
                .await
                .map_err(|e| UploadError::Read {
                    part: index,
                    message: e.to_string(),
                })?;
            let body = Bytes::from(buffer);
            let (this, url, size) = (self.clone(), part.url.clone(), part.size);
            in_flight.spawn(async move {
                this.put(index, &url, body).await?;
                Ok(size)
            });
        }
        while let Some(joined) = in_flight.join_next().await {
            finish(joined)?;
        }
        Ok(())
    }

    /// One part, retried as the policy says.
    async fn put(&self, part: usize, url: &str, body: Bytes) -> Result<(), UploadError> {
        let target = target(url);
        let mut random = Random::new();
        let mut waited = Duration::ZERO;
        let mut attempt = 1u32;
        loop {
            let sent = self
                .http
                .put(url)
                .headers(self.headers.clone())
                .header(CONTENT_LENGTH, body.len())
                .body(body.clone())
                .send()
                .await;
            let (failure, headers, status, message) = match sent {
                Ok(response) if response.status().is_success() => return Ok(()),
                Ok(response) => {
                    let status = response.status();
                    (
                        Failure::from_status(status),
                        Some(response.headers().clone()),
                        Some(status.as_u16()),
                        format!("answered {status}"),
                    )
                }
                Err(e) if e.is_builder() => {
                    return Err(UploadError::Invalid {
                        part,
                        message: e.without_url().to_string(),
                    })
                }
                Err(e) => (
                    Failure::from_transport(&e),
                    None,
                    None,
                    e.without_url().to_string(),
                ),
            };
            let next = self.retry.delay(
                &Attempt {
                    failure,
                    method: &Method::PUT,
                    number: attempt,
                    headers: headers.as_ref(),
                    rate_limit: None,
                },
                waited,
                &mut random,
            );
            match next {
                Some(delay) => {
                    tracing::debug!(part, attempt, ?delay, %message, "part failed; retrying");
                    tokio::time::sleep(delay).await;
                    waited += delay;
                    attempt += 1;
                }
                None => {
                    return Err(UploadError::Part {
                        part,
                        target,
                        status,
                        attempts: attempt,
                        message,
                    })
                }
            }
        }
    }
}

/// A URL's host and path, without its query (a pre-signed URL's signature).
fn target(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(parsed) => format!("{}{}", parsed.host_str().unwrap_or_default(), parsed.path()),
        Err(_) => "an unparsable URL".into(),
    }
}
