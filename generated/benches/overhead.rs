//! The client's overhead against a hand-written `reqwest` + `serde_json` call of the same
//! request, on loopback: throughput with one caller and with 32 concurrent callers.
//!
//! ```sh
//! cargo bench -p frameio --bench overhead            # about a minute
//! cargo bench -p frameio --bench overhead -- --quick # a smoke run
//! ```
//!
//! The server is a minimal HTTP/1.1 keep-alive responder on its own thread, answering every
//! request with the spec's `deleteAsset` example and Frame.io's rate-limit headers (a limit far
//! from exhausted, so the throttle does its bookkeeping but never waits). Both sides send the
//! same request (method, path, `Authorization`, `Accept`, `User-Agent`) through a reqwest client
//! with the same timeouts, and decode into the same `types::Asset`, so what differs is only what
//! the client adds. Rounds alternate
//! between the two (each side going first every other round) and the median ratio is reported;
//! a ratio of 1.00 means no overhead.
//!
//! For diagnosis: `--only client` / `--only hand` runs one side alone (for callgrind or
//! strace); `BENCH_NO_THROTTLE=1` turns the client's throttle off and `BENCH_PLAIN_HTTP=1`
//! gives both sides a plain `reqwest::Client` (no timeouts, no user agent).

use std::time::{Duration, Instant};

use frameio::Client;
use frameio::types::Asset;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const TOKEN: &str = "bench-token";
const ASSET_ID: &str = "3fa85f64-5717-4562-b3fc-2c963f66afa6";

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let (rounds, calls) = if quick { (3, 2_000) } else { (9, 12_000) };
    let body = response_body();
    let addr = serve(body);
    let base = format!("http://{addr}");

    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    runtime.block_on(async {
        let mut builder = Client::builder().bearer_token(TOKEN).base_url(&base);
        if std::env::var_os("BENCH_NO_THROTTLE").is_some() {
            builder = builder.throttle(false);
        }
        // The hand-written side sends the same request (the client's user agent) with the same
        // timeouts, so that what is measured is the client, not reqwest's settings.
        let http = if std::env::var_os("BENCH_PLAIN_HTTP").is_some() {
            builder = builder.http_client(reqwest::Client::new());
            reqwest::Client::new()
        } else {
            reqwest::Client::builder()
                .timeout(frameio::DEFAULT_TIMEOUT)
                .connect_timeout(frameio::DEFAULT_CONNECT_TIMEOUT)
                .user_agent(concat!("frameio/", env!("CARGO_PKG_VERSION")))
                .build()
                .expect("a reqwest client")
        };
        let client = builder.build().expect("a client");
        let id: uuid::Uuid = ASSET_ID.parse().unwrap();
        // Warm both connection pools and check both decode.
        client.delete_asset(id).await.expect("the client call");
        hand_written(&http, &base, id).await;

        // `--only client` / `--only hand`: one side alone, for profilers (callgrind counts
        // instructions, so the two runs compare exactly whatever else the machine does).
        let args: Vec<String> = std::env::args().collect();
        if let Some(side) = args.iter().position(|a| a == "--only").and_then(|i| args.get(i + 1)) {
            let rate = if side == "client" {
                throughput(calls, 1, || {
                    let client = client.clone();
                    async move {
                        client.delete_asset(id).await.expect("the client call");
                    }
                })
                .await
            } else {
                throughput(calls, 1, || {
                    let (http, base) = (http.clone(), base.clone());
                    async move { hand_written(&http, &base, id).await }
                })
                .await
            };
            println!("{side}: {rate:.0} calls/s");
            return;
        }
        println!("calls per round: {calls}; rounds: {rounds}; ratio = client / hand-written throughput");
        for callers in [1usize, 32] {
            let mut ratios = Vec::new();
            let (mut best_client, mut best_hand) = (0f64, 0f64);
            for round in 0..rounds {
                let run_hand = || {
                    throughput(calls, callers, || {
                        let (http, base) = (http.clone(), base.clone());
                        async move { hand_written(&http, &base, id).await }
                    })
                };
                let run_client = || {
                    throughput(calls, callers, || {
                        let client = client.clone();
                        async move {
                            client.delete_asset(id).await.expect("the client call");
                        }
                    })
                };
                // Alternate which side goes first, so that neither always runs warmer.
                let (hand, ours) = if round % 2 == 0 {
                    let hand = run_hand().await;
                    (hand, run_client().await)
                } else {
                    let ours = run_client().await;
                    (run_hand().await, ours)
                };
                ratios.push(ours / hand);
                best_client = best_client.max(ours);
                best_hand = best_hand.max(hand);
            }
            ratios.sort_by(f64::total_cmp);
            let median = ratios[ratios.len() / 2];
            println!(
                "{callers:>2} caller(s): hand-written {best_hand:>8.0} calls/s, client {best_client:>8.0} calls/s (best rounds); median ratio {median:.3} (min {:.3}, max {:.3})",
                ratios[0],
                ratios[ratios.len() - 1]
            );
        }
    });
}

/// What a careful user would write by hand for `DELETE /v2/assets/{id}`.
async fn hand_written(http: &reqwest::Client, base: &str, id: uuid::Uuid) {
    let response = http
        .delete(format!("{base}/v2/assets/{id}"))
        .bearer_auth(TOKEN)
        .header(reqwest::header::ACCEPT, "application/json")
        .send()
        .await
        .expect("sent");
    assert!(response.status().is_success());
    let bytes = response.bytes().await.expect("read");
    let asset: Asset = serde_json::from_slice(&bytes).expect("decoded");
    std::hint::black_box(asset);
}

/// Calls per second: `calls` calls made by `callers` concurrent tasks, each making its calls
/// one after another (each call's future made when it starts, as a caller would).
async fn throughput<F, Fut>(calls: usize, callers: usize, call: F) -> f64
where
    F: Fn() -> Fut + Clone,
    Fut: std::future::Future<Output = ()>,
{
    let started = Instant::now();
    let per_caller = calls / callers;
    let tasks: Vec<_> = (0..callers)
        .map(|_| {
            let call = call.clone();
            async move {
                for _ in 0..per_caller {
                    call().await;
                }
            }
        })
        .collect();
    futures_util::future::join_all(tasks).await;
    let elapsed = started.elapsed().max(Duration::from_nanos(1));
    (per_caller * callers) as f64 / elapsed.as_secs_f64()
}

fn response_body() -> Vec<u8> {
    let spec = generator::read(include_str!("../../spec/frameio.yaml")).expect("the spec");
    let example = &spec["paths"]["/v2/assets/{asset_id}"]["delete"]["responses"]["200"]["content"]
        ["application/json"]["example"];
    let body = serde_json::to_vec(example).expect("JSON");
    let head = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\
         x-ratelimit-limit: 1000000000\r\nx-ratelimit-remaining: 999999999\r\n\
         x-ratelimit-window: 60000\r\n\r\n",
        body.len()
    );
    [head.into_bytes(), body].concat()
}

/// A keep-alive HTTP/1.1 server on its own thread that answers every request with `response`.
fn serve(response: Vec<u8>) -> std::net::SocketAddr {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a port");
    listener.set_nonblocking(true).unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(listener).unwrap();
            let response: &'static [u8] = Box::leak(response.into_boxed_slice());
            while let Ok((mut socket, _)) = listener.accept().await {
                let _ = socket.set_nodelay(true);
                tokio::spawn(async move {
                    let mut buffer = vec![0u8; 64 * 1024];
                    let mut filled = 0;
                    loop {
                        match socket.read(&mut buffer[filled..]).await {
                            Ok(0) | Err(_) => return,
                            Ok(n) => filled += n,
                        }
                        // Answer each complete request head (these requests have no body).
                        while let Some(end) =
                            buffer[..filled].windows(4).position(|w| w == b"\r\n\r\n")
                        {
                            if socket.write_all(response).await.is_err() {
                                return;
                            }
                            buffer.copy_within(end + 4..filled, 0);
                            filled -= end + 4;
                        }
                    }
                });
            }
        });
    });
    addr
}
