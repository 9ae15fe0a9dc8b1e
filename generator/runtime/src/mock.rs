//! Stubs of operations on a local mock server, for testing code that calls a generated client
//! (the `mock` feature). A generated crate's `mock` module wraps these in a typed builder per
//! operation; this module knows nothing of any API.
//!
//! The server is [wiremock](https://docs.rs/wiremock)'s, on loopback: it answers real HTTP, so
//! the client under test runs as in production (credentials, retries, rate limits, decoding).
//! A stub answers the calls it matches; when several match, the first mounted that has answers
//! left answers, so stubs mounted in order with [`Stub::up_to`] script a sequence (a 429, then
//! a 200). A call no stub matches is answered 404. A reset connection is the one failure it
//! cannot script (wiremock always answers); the runtime's own tests use raw sockets for that.

use std::fmt;
use std::time::Duration;

use serde::Serialize;
use serde_json::Value;

/// The mock server's crate, for matchers and answers the stubs do not offer.
pub use wiremock;

/// A mock server on loopback. Stubs are mounted on it; it checks, when [`verify`](Self::verify)
/// is called or when it is dropped, that every stub got the calls it [expects](Stub::expect).
pub struct MockServer {
    server: wiremock::MockServer,
}

impl fmt::Debug for MockServer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MockServer")
            .field("uri", &self.server.uri())
            .finish()
    }
}

impl MockServer {
    /// Starts a server on a free port of loopback.
    pub async fn start() -> Self {
        MockServer {
            server: wiremock::MockServer::start().await,
        }
    }

    /// Its base URL, e.g. `http://127.0.0.1:41234`.
    pub fn uri(&self) -> String {
        self.server.uri()
    }

    /// Checks that every stub got the number of calls it expects.
    ///
    /// # Panics
    ///
    /// When one did not, naming it (its operation) and the calls the server received.
    pub async fn verify(&self) {
        self.server.verify().await;
    }

    /// Every request the server received, in order.
    pub async fn received_requests(&self) -> Vec<wiremock::Request> {
        self.server.received_requests().await.unwrap_or_default()
    }

    /// The wiremock server underneath, for matchers and answers stubs do not offer.
    pub fn wiremock(&self) -> &wiremock::MockServer {
        &self.server
    }
}

/// What one operation answers, to which calls, how often. Built by a generated crate's typed
/// stub of the operation; mounted with [`mount`](Self::mount).
#[derive(Debug)]
#[must_use = "a stub does nothing until it is mounted"]
pub struct Stub {
    operation: &'static str,
    method: &'static str,
    template: &'static str,
    /// Path parameters given a value, encoded as the client encodes them.
    path: Vec<(&'static str, String)>,
    query: Vec<(String, String)>,
    headers: Vec<(String, String)>,
    body: Option<Value>,
    status: u16,
    response_headers: Vec<(String, String)>,
    response_body: Option<(Vec<u8>, String)>,
    delay: Option<Duration>,
    up_to: Option<u64>,
    expect: Option<u64>,
}

impl Stub {
    /// A stub of the operation `operation` (`DELETE /v2/assets/{asset_id}`) that matches every
    /// call to it and answers `status` with no body.
    pub fn new(
        operation: &'static str,
        method: &'static str,
        template: &'static str,
        status: u16,
    ) -> Self {
        Stub {
            operation,
            method,
            template,
            path: Vec::new(),
            query: Vec::new(),
            headers: Vec::new(),
            body: None,
            status,
            response_headers: Vec::new(),
            response_body: None,
            delay: None,
            up_to: None,
            expect: None,
        }
    }

    /// Matches only calls whose path parameter `name` is `value` (as the client writes it).
    ///
    /// # Panics
    ///
    /// When the client could not send `value` in a path either (an empty string, `.`, `..`,
    /// or an array or object).
    pub fn path_param<T: Serialize + ?Sized>(mut self, name: &'static str, value: &T) -> Self {
        match crate::request::path_param(self.operation, value) {
            Ok(encoded) => self.path.push((name, encoded)),
            Err(e) => panic!("a stub of `{}`: {}", self.operation, e.message),
        }
        self
    }

    /// Matches only calls with the query parameter `name` set to `value` (its text).
    ///
    /// # Panics
    ///
    /// When `value` is not a string, number or boolean.
    pub fn query_param<T: Serialize + ?Sized>(mut self, name: &str, value: &T) -> Self {
        let text = text(self.operation, name, value);
        self.query.push((name.to_string(), text));
        self
    }

    /// Matches only calls with the header `name` set to `value` (its text).
    ///
    /// # Panics
    ///
    /// When `value` is not a string, number or boolean.
    pub fn header<T: Serialize + ?Sized>(mut self, name: &str, value: &T) -> Self {
        let text = text(self.operation, name, value);
        self.headers.push((name.to_string(), text));
        self
    }

    /// Matches only calls whose JSON body equals `body`'s JSON (key order aside).
    ///
    /// # Panics
    ///
    /// When `body` cannot be written as JSON (a map with non-string keys).
    pub fn json_body<T: Serialize + ?Sized>(mut self, body: &T) -> Self {
        match serde_json::to_value(body) {
            Ok(value) => self.body = Some(value),
            Err(e) => panic!("a stub of `{}`: the body is not JSON: {e}", self.operation),
        }
        self
    }

    /// Answers `status` with no body.
    pub fn respond(mut self, status: u16) -> Self {
        self.status = status;
        self.response_body = None;
        self
    }

    /// Answers `status` with `body` as JSON.
    ///
    /// # Panics
    ///
    /// When `body` cannot be written as JSON (a map with non-string keys).
    pub fn respond_json<T: Serialize + ?Sized>(self, status: u16, body: &T) -> Self {
        match serde_json::to_vec(body) {
            Ok(bytes) => self.respond_raw(status, "application/json", bytes),
            Err(e) => panic!(
                "a stub of `{}`: the answer is not JSON: {e}",
                self.operation
            ),
        }
    }

    /// Answers `status` with these bytes, of this media type.
    pub fn respond_raw(
        mut self,
        status: u16,
        content_type: &str,
        body: impl Into<Vec<u8>>,
    ) -> Self {
        self.status = status;
        self.response_body = Some((body.into(), content_type.to_string()));
        self
    }

    /// Adds a header to the answer.
    pub fn response_header(mut self, name: &str, value: impl fmt::Display) -> Self {
        self.response_headers
            .push((name.to_string(), value.to_string()));
        self
    }

    /// `Retry-After` in whole seconds, which the client waits before retrying a 429 or 503.
    pub fn retry_after(self, wait: Duration) -> Self {
        self.response_header("retry-after", wait.as_secs())
    }

    /// Answers after `delay` (to test timeouts).
    pub fn delay(mut self, delay: Duration) -> Self {
        self.delay = Some(delay);
        self
    }

    /// Answers `times` calls at most; later calls go to the stubs mounted after it.
    pub fn up_to(mut self, times: u64) -> Self {
        self.up_to = Some(times);
        self
    }

    /// Answers one call: `up_to(1)`.
    pub fn once(self) -> Self {
        self.up_to(1)
    }

    /// Expects exactly `calls` calls, checked by [`MockServer::verify`] and when the server is
    /// dropped.
    pub fn expect(mut self, calls: u64) -> Self {
        self.expect = Some(calls);
        self
    }

    /// The regex of the paths it matches: the template's text, each parameter its value or
    /// one segment.
    fn path_regex(&self) -> String {
        let mut regex = String::from("^");
        let mut rest = self.template;
        while let Some(open) = rest.find('{') {
            let Some(close) = rest[open..].find('}').map(|c| open + c) else {
                break;
            };
            escape_into(&rest[..open], &mut regex);
            let name = &rest[open + 1..close];
            match self.path.iter().find(|(n, _)| *n == name) {
                Some((_, value)) => escape_into(value, &mut regex),
                None => regex.push_str("[^/]+"),
            }
            rest = &rest[close + 1..];
        }
        escape_into(rest, &mut regex);
        regex.push('$');
        regex
    }

    /// Mounts it: from now on it answers the calls it matches.
    pub async fn mount(self, server: &MockServer) {
        use wiremock::matchers;
        let mut mock = wiremock::Mock::given(matchers::method(self.method))
            .and(matchers::path_regex(self.path_regex()));
        for (name, value) in &self.query {
            mock = mock.and(matchers::query_param(name.as_str(), value.as_str()));
        }
        for (name, value) in &self.headers {
            mock = mock.and(matchers::header(name.as_str(), value.as_str()));
        }
        if let Some(body) = &self.body {
            mock = mock.and(matchers::body_json(body));
        }
        let mut answer = wiremock::ResponseTemplate::new(self.status);
        for (name, value) in &self.response_headers {
            answer = answer.append_header(name.as_str(), value.as_str());
        }
        if let Some((bytes, media_type)) = self.response_body {
            answer = answer.set_body_raw(bytes, &media_type);
        }
        if let Some(delay) = self.delay {
            answer = answer.set_delay(delay);
        }
        let mut mock = mock.respond_with(answer).named(self.operation);
        if let Some(times) = self.up_to {
            mock = mock.up_to_n_times(times);
        }
        if let Some(calls) = self.expect {
            mock = mock.expect(calls);
        }
        mock.mount(&server.server).await;
    }
}

/// The methods every generated stub of an operation has besides its typed ones: a struct
/// `$stub<'a> { server: &'a MockServer, stub: Stub }` gets answers of any status, headers,
/// delay, call limits and expectations, and `mount`. Generated code only.
#[doc(hidden)]
#[macro_export]
macro_rules! mock_stub {
    ($stub:ident) => {
        impl $stub<'_> {
            /// Answers this status with no body (one the spec does not declare, say).
            pub fn respond_status(mut self, status: u16) -> Self {
                self.stub = self.stub.respond(status);
                self
            }

            /// Answers this status with these bytes of this media type (a body that does not
            /// decode, say).
            pub fn respond_raw(
                mut self,
                status: u16,
                content_type: &str,
                body: impl Into<::std::vec::Vec<u8>>,
            ) -> Self {
                self.stub = self.stub.respond_raw(status, content_type, body);
                self
            }

            /// Adds a header to the answer (`x-ratelimit-remaining`, say).
            pub fn response_header(mut self, name: &str, value: impl ::std::fmt::Display) -> Self {
                self.stub = self.stub.response_header(name, value);
                self
            }

            /// `Retry-After` in whole seconds, which the client waits before it retries a 429
            /// or a 503.
            pub fn retry_after(mut self, wait: ::std::time::Duration) -> Self {
                self.stub = self.stub.retry_after(wait);
                self
            }

            /// Answers after `delay` (to test timeouts).
            pub fn delay(mut self, delay: ::std::time::Duration) -> Self {
                self.stub = self.stub.delay(delay);
                self
            }

            /// Answers one call; the next go to the stubs mounted after it (a 429, then a 200).
            pub fn once(mut self) -> Self {
                self.stub = self.stub.once();
                self
            }

            /// Answers `times` calls at most; the next go to the stubs mounted after it.
            pub fn up_to(mut self, times: u64) -> Self {
                self.stub = self.stub.up_to(times);
                self
            }

            /// Expects exactly `calls` calls: the server's `verify` (and its drop) panics
            /// otherwise.
            pub fn expect(mut self, calls: u64) -> Self {
                self.stub = self.stub.expect(calls);
                self
            }

            /// Mounts the stub on its server: from now on it answers the calls it matches.
            pub async fn mount(self) {
                self.stub.mount(self.server).await;
            }
        }
    };
}

/// A parameter's value as text, as the client writes a scalar.
fn text<T: Serialize + ?Sized>(operation: &str, name: &str, value: &T) -> String {
    match serde_json::to_value(value)
        .ok()
        .as_ref()
        .and_then(crate::request::scalar)
    {
        Some(text) => text,
        None => panic!("a stub of `{operation}`: `{name}` must be a string, number or boolean"),
    }
}

/// `text` with the regex's special characters escaped.
fn escape_into(text: &str, regex: &mut String) {
    for c in text.chars() {
        if "\\.+*?()|[]{}^$#&-~".contains(c) {
            regex.push('\\');
        }
        regex.push(c);
    }
}

/// Runs `future` to completion on a runtime of its own (one thread, timers and sockets on):
/// for doc examples and synchronous tests. Tests that are `async` (`#[tokio::test]`) need it not.
///
/// # Panics
///
/// When called inside another async runtime, or when the runtime cannot start.
pub fn block_on<F: std::future::Future>(future: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime for the mock server")
        .block_on(future)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_match_the_template_with_the_values_given() {
        let stub = Stub::new("get", "GET", "/v2/assets/{asset_id}/files.{ext}", 200)
            .path_param("asset_id", "a b");
        assert_eq!(stub.path_regex(), r"^/v2/assets/a%20b/files\.[^/]+$");
    }

    #[test]
    fn a_sequence_answers_in_mount_order_and_expectations_are_checked() {
        block_on(async {
            let server = MockServer::start().await;
            Stub::new("op", "GET", "/things/{id}", 200)
                .path_param("id", &7)
                .respond(429)
                .retry_after(Duration::ZERO)
                .once()
                .expect(1)
                .mount(&server)
                .await;
            Stub::new("op", "GET", "/things/{id}", 200)
                .respond_json(200, &serde_json::json!({"id": 7}))
                .expect(2)
                .mount(&server)
                .await;
            let http = reqwest::Client::new();
            let url = format!("{}/things/7", server.uri());
            let first = http.get(&url).send().await.unwrap();
            assert_eq!(first.status(), 429);
            assert_eq!(first.headers()["retry-after"], "0");
            for _ in 0..2 {
                let next = http.get(&url).send().await.unwrap();
                assert_eq!(next.status(), 200);
                assert_eq!(next.text().await.unwrap(), r#"{"id":7}"#);
            }
            server.verify().await;
        });
    }

    #[test]
    fn query_header_and_body_matchers_refuse_other_calls() {
        block_on(async {
            let server = MockServer::start().await;
            Stub::new("op", "POST", "/things", 201)
                .query_param("dry_run", &true)
                .header("x-tenant", "acme")
                .json_body(&serde_json::json!({"name": "a", "size": 1}))
                .mount(&server)
                .await;
            let http = reqwest::Client::new();
            let url = format!("{}/things", server.uri());
            let send = |query: &'static str, tenant: &'static str, body: &'static str| {
                http.post(format!("{url}{query}"))
                    .header("x-tenant", tenant)
                    .header("content-type", "application/json")
                    .body(body)
                    .send()
            };
            let ok = send("?dry_run=true", "acme", r#"{"size":1,"name":"a"}"#);
            assert_eq!(ok.await.unwrap().status(), 201);
            let wrong_query = send("?dry_run=false", "acme", r#"{"size":1,"name":"a"}"#);
            assert_eq!(wrong_query.await.unwrap().status(), 404);
            let wrong_header = send("?dry_run=true", "other", r#"{"size":1,"name":"a"}"#);
            assert_eq!(wrong_header.await.unwrap().status(), 404);
            let wrong_body = send("?dry_run=true", "acme", r#"{"size":2,"name":"a"}"#);
            assert_eq!(wrong_body.await.unwrap().status(), 404);
        });
    }

    #[test]
    #[should_panic(expected = "must be a string, number or boolean")]
    fn a_query_value_the_client_cannot_write_is_refused_when_the_stub_is_built() {
        let _ = Stub::new("op", "GET", "/", 200).query_param("ids", &[1, 2]);
    }
}
