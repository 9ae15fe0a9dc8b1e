//! Per-call overrides of a client's settings.

use std::fmt;
use std::marker::PhantomData;
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};

use crate::{Error, RetryPolicy};

/// Settings for the calls made through one client handle, overriding the client's own: give
/// them to a generated client's `with_options`. `E` is the API's error body (a generated
/// crate's `CallOptions` fixes it), so that `header(...)?` converts into its `Error`.
///
/// ```
/// use std::time::Duration;
/// use openapi_rust_gen_runtime::{CallOptions, Error, RetryPolicy};
///
/// # fn run() -> Result<(), Error<()>> {
/// let options = CallOptions::<()>::new()
///     .retry(RetryPolicy::none())
///     .timeout(Duration::from_secs(5))
///     .header("x-request-id", "job-42")?;
/// assert_eq!(options.headers.len(), 1);
/// # Ok(())
/// # }
/// # run().unwrap();
/// ```
#[non_exhaustive]
pub struct CallOptions<E> {
    /// Replaces the client's retry policy.
    pub retry: Option<RetryPolicy>,
    /// Replaces the client's whole-request timeout (per attempt). The connect timeout is per
    /// client only (reqwest has no per-request connect timeout); a shorter whole-request timeout
    /// also bounds connecting.
    pub timeout: Option<Duration>,
    /// Extra headers sent with every request. They cannot replace `Authorization`.
    pub headers: HeaderMap,
    /// The error body `header` fails with: only a type, never a value.
    body: PhantomData<fn() -> E>,
}

// By hand: derived impls would ask `E` for `Debug`, `Clone` and `Default`, which only its
// phantom needs.
impl<E> fmt::Debug for CallOptions<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CallOptions")
            .field("retry", &self.retry)
            .field("timeout", &self.timeout)
            .field("headers", &self.headers)
            .finish()
    }
}

impl<E> Clone for CallOptions<E> {
    fn clone(&self) -> Self {
        CallOptions {
            retry: self.retry,
            timeout: self.timeout,
            headers: self.headers.clone(),
            body: PhantomData,
        }
    }
}

impl<E> Default for CallOptions<E> {
    fn default() -> Self {
        CallOptions {
            retry: None,
            timeout: None,
            headers: HeaderMap::new(),
            body: PhantomData,
        }
    }
}

impl<E> CallOptions<E> {
    /// No overrides.
    pub fn new() -> Self {
        Self::default()
    }

    /// Uses this retry policy.
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = Some(policy);
        self
    }

    /// Limits each attempt to this long.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Adds a header.
    ///
    /// # Errors
    /// `Error::Config` for a name or value that is not valid in HTTP.
    pub fn header(mut self, name: &str, value: &str) -> Result<Self, Error<E>> {
        let name = HeaderName::from_bytes(name.as_bytes())
            .map_err(|_| Error::Config(format!("`{name}` is not a valid header name")))?;
        let mut value = HeaderValue::from_str(value).map_err(|_| {
            Error::Config(format!(
                "the value for `{name}` is not a valid header value"
            ))
        })?;
        // Extra headers may carry secrets: keep them out of Debug output.
        value.set_sensitive(true);
        self.headers.insert(name, value);
        Ok(self)
    }
}
