//! Proxy load benchmark: a load generator and a mock OpenAI upstream in one
//! binary, driven by `scripts/bench-proxy`.
//!
//! ```text
//! proxy_load mock  [--listen 127.0.0.1:0] [--threads 1] [--event-gap-us 1000]
//! proxy_load fixed --url URL [--rate 1000] [--duration 10] [--warmup 1]
//!                  [--connections 16] [--stream] [--label NAME] [--threads N]
//! proxy_load max   --url URL [--concurrency 32] [--duration 10] [--warmup 1]
//!                  [--stream] [--label NAME] [--threads N]
//! proxy_load                      # self-check: ~1 s against an in-process mock
//! ```
//!
//! - `mock` answers `POST /v1/chat/completions` at once with a fixed ~1 KB
//!   chat completion, or, when the request says `"stream":true`, with ~20 SSE
//!   chunks (`--event-gap-us` apart, so a proxy that holds the first event
//!   back until more arrive shows it in time to first byte). It prints
//!   `mock listening on ADDR` on stdout and runs until killed. Each reply
//!   carries `x-mock-pii: seen|none`: whether the request body still held the
//!   raw e-mail address of the fixture, so a run can show that the proxy
//!   really redacted what it forwarded.
//! - `fixed` is open loop: a dedicated thread schedules sends at a fixed
//!   rate, and latency runs from each request's *scheduled* time, so time
//!   spent queued behind a slow response counts (no coordinated omission).
//!   `--connections` keep-alive HTTP/1.1 connections take requests from one
//!   queue.
//! - `max` is closed loop: `--concurrency` connections each send the next
//!   request as soon as the last answer is read; the achieved rate is the
//!   maximum throughput.
//!
//! Both print one JSON object on stdout (status mix, errors, achieved rate,
//! p50/p90/p99/p99.9/max of total latency, time to first body byte and
//! service time) and a one-line summary on stderr. Latency figures cover only
//! `200` answers; whoever reads the JSON must refuse them when `statuses`
//! holds anything else.
//!
//! With no arguments (what `cargo test` and `cargo bench` do) or with the
//! arguments nextest passes, it runs a short self-check against an
//! in-process mock, bounded by a timeout, so CI never needs nginx or veil.

use std::collections::{BTreeMap, HashMap};
use std::convert::Infallible;
use std::io::Write;
use std::net::{SocketAddr, ToSocketAddrs};
use std::pin::Pin;
use std::process::ExitCode;
use std::sync::Arc;
use std::task::{Context, Poll, ready};
use std::time::{Duration, Instant};

use bytes::Bytes;
use http::{Method, Request, Response, StatusCode, Uri, header};
use http_body_util::{BodyExt, Full};
use hyper::body::{Body, Frame, Incoming, SizeHint};
use hyper::client::conn::http1::SendRequest;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use serde_json::{Value, json};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{Mutex, mpsc};

/// The raw PII value the mock looks for in what it receives (see `x-mock-pii`).
const PII_MARKER: &str = "priya.sharma84@gmail.com";

/// A request that takes longer than this is an error, and its connection is
/// replaced: one stuck response must not stall a run.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

/// How long after the end of a run queued requests may still be sent; the
/// rest are reported as `unsent` so an overloaded target cannot make a run
/// last for ever.
const DRAIN_GRACE: Duration = Duration::from_secs(5);

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("mock") => cmd_mock(&args[1..]),
        Some("fixed") => cmd_load(&args[1..], Mode::Fixed),
        Some("max") => cmd_load(&args[1..], Mode::Max),
        // nextest asks a harness=false binary for its tests; one self-check.
        Some("--list") => {
            if !args.iter().any(|a| a == "--ignored") {
                println!("self_check: test");
            }
            Ok(())
        }
        // No arguments (`cargo test`), `--bench` (`cargo bench`) or nextest's
        // `self_check --exact --nocapture`: the quick self-check.
        _ => self_check(),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("proxy_load: {message}");
            ExitCode::FAILURE
        }
    }
}

// ---------------------------------------------------------------------------
// Fixtures

/// The ~2 KB chat-completions request: a support chat holding seven PII
/// entities (two names, an Indian and a US phone, an e-mail address, an
/// order id and an amount) in the last user turn and the history.
fn request_body(stream: bool) -> Bytes {
    let mut body = json!({
        "model": "gpt-4o-mini",
        "temperature": 0.2,
        "max_tokens": 400,
        "messages": [
            {"role": "system", "content": "You are the customer support assistant of an online electronics store. Answer politely and briefly, confirm what you will do next, never promise refunds that the policy does not allow, and ask for missing details one at a time. Refunds to the original payment method take five to seven working days after the item is picked up. Replacement orders ship within two working days from the nearest warehouse."},
            {"role": "user", "content": "Hi, my headphones arrived with the left ear cup cracked. I would like a replacement, not a refund, if that is possible."},
            {"role": "assistant", "content": "I am sorry the headphones arrived damaged. I can arrange a replacement. Could you share the order number and the name on the order, and tell me whether the box was also damaged when it was delivered?"},
            {"role": "user", "content": "The box was fine from outside, so I did not notice at the door. I only opened it in the evening. Is a video of the unboxing needed for the claim? I did not record one, but I have photos of the cracked cup and of the serial number sticker on the inside of the headband."},
            {"role": "assistant", "content": "Photos are enough, thank you, no unboxing video is needed. Please keep them handy in case the pickup agent asks. To raise the replacement I still need the order number, the name on the order, a phone number where the courier can reach you, and the e-mail address for the pickup confirmation."},
            {"role": "user", "content": "Sure. The order is OD-48213977, placed under Priya Sharma. I paid ₹12,499 with my card. You can reach me on +91 98765 43210 during the day, or on my US number (512) 349-2207 after 9 pm IST since I travel a lot these weeks. Please send the pickup confirmation to priya.sharma84@gmail.com and not to the old address on the account. Also, the delivery agent Rahul Verma said the pickup can only happen on weekdays, is that right? I work from home on Tuesdays and Thursdays so either of those works best for me. Thank you for the quick help!"}
        ]
    });
    if stream {
        body["stream"] = Value::Bool(true);
    }
    Bytes::from(serde_json::to_vec(&body).expect("a json! value serializes"))
}

/// The assistant's answer in the mock's replies. It holds tokens, as a model
/// answering a redacted prompt would, so veil's detokenizer has work to do.
const REPLY_TEXT: &str = "Thank you, {{name:1}}. I have raised a replacement request for order {{order_id:1}}: a courier will pick up the damaged headphones on Tuesday between 10 am and 2 pm, and the replacement ships within two working days of the pickup. You will get the pickup confirmation by e-mail at {{email:1}} and a text message on {{phone:1}} one hour before the courier arrives. Please keep the headphones in their original box with all accessories. If Tuesday does not work, reply to the confirmation mail and we will move the pickup to Thursday. No charge applies.";

/// The mock's fixed non-streaming reply (~1 KB).
fn reply_json() -> Bytes {
    let reply = json!({
        "id": "chatcmpl-bench0000000000000001",
        "object": "chat.completion",
        "created": 1_732_000_000,
        "model": "gpt-4o-mini-2024-07-18",
        "choices": [{
            "index": 0,
            "message": {"role": "assistant", "content": REPLY_TEXT, "refusal": null},
            "logprobs": null,
            "finish_reason": "stop"
        }],
        "usage": {"prompt_tokens": 478, "completion_tokens": 121, "total_tokens": 599},
        "system_fingerprint": "fp_bench0001"
    });
    Bytes::from(serde_json::to_vec(&reply).expect("a json! value serializes"))
}

/// The mock's streaming reply: a role event, 18 content deltas (cut so that
/// `{{name:1}}` spans two events), a finish event and `[DONE]`: 21 events.
fn reply_events() -> Vec<Bytes> {
    let chunk = |delta: Value, finish: Value| {
        let event = json!({
            "id": "chatcmpl-bench0000000000000001",
            "object": "chat.completion.chunk",
            "created": 1_732_000_000,
            "model": "gpt-4o-mini-2024-07-18",
            "system_fingerprint": "fp_bench0001",
            "choices": [{"index": 0, "delta": delta, "logprobs": null, "finish_reason": finish}]
        });
        Bytes::from(format!("data: {event}\n\n"))
    };
    let mut events = vec![chunk(
        json!({"role": "assistant", "content": ""}),
        Value::Null,
    )];
    // Cut 4 bytes into the first token, then in equal pieces on char bounds.
    let first_cut = REPLY_TEXT.find("{{").expect("reply holds a token") + 4;
    let mut cuts = vec![0, first_cut];
    let pieces = 17;
    let step = (REPLY_TEXT.len() - first_cut) / pieces;
    for i in 1..pieces {
        let mut at = first_cut + i * step;
        while !REPLY_TEXT.is_char_boundary(at) {
            at += 1;
        }
        cuts.push(at);
    }
    cuts.push(REPLY_TEXT.len());
    for pair in cuts.windows(2) {
        events.push(chunk(
            json!({"content": &REPLY_TEXT[pair[0]..pair[1]]}),
            Value::Null,
        ));
    }
    events.push(chunk(json!({}), json!("stop")));
    events.push(Bytes::from_static(b"data: [DONE]\n\n"));
    events
}

// ---------------------------------------------------------------------------
// Mock upstream

/// A response body that yields prepared chunks, optionally a fixed gap apart.
struct MockBody {
    chunks: std::vec::IntoIter<Bytes>,
    gap: Duration,
    sleep: Option<Pin<Box<tokio::time::Sleep>>>,
    /// Exact length for single-chunk bodies, so they get a Content-Length.
    len: Option<u64>,
}

impl MockBody {
    fn full(bytes: Bytes) -> Self {
        let len = Some(bytes.len() as u64);
        MockBody {
            chunks: vec![bytes].into_iter(),
            gap: Duration::ZERO,
            sleep: None,
            len,
        }
    }

    fn events(events: Vec<Bytes>, gap: Duration) -> Self {
        MockBody {
            chunks: events.into_iter(),
            gap,
            sleep: None,
            len: None,
        }
    }
}

impl Body for MockBody {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        let this = self.get_mut();
        if let Some(sleep) = this.sleep.as_mut() {
            ready!(sleep.as_mut().poll(cx));
            this.sleep = None;
        }
        let Some(chunk) = this.chunks.next() else {
            return Poll::Ready(None);
        };
        if !this.gap.is_zero() && this.chunks.len() > 0 {
            this.sleep = Some(Box::pin(tokio::time::sleep(this.gap)));
        }
        Poll::Ready(Some(Ok(Frame::data(chunk))))
    }

    fn is_end_stream(&self) -> bool {
        self.chunks.len() == 0
    }

    fn size_hint(&self) -> SizeHint {
        self.len.map(SizeHint::with_exact).unwrap_or_default()
    }
}

/// What every mock connection shares.
struct MockState {
    reply: Bytes,
    events: Vec<Bytes>,
    gap: Duration,
}

async fn mock_handle(
    state: Arc<MockState>,
    req: Request<Incoming>,
) -> Result<Response<MockBody>, Infallible> {
    let respond = |status: StatusCode, pii: &'static str, ctype: &'static str, body: MockBody| {
        let mut builder = Response::builder()
            .status(status)
            .header(header::CONTENT_TYPE, ctype)
            .header("x-mock-pii", pii);
        if ctype == "text/event-stream" {
            // Tells nginx not to buffer this response, as an SSE upstream should.
            builder = builder
                .header(header::CACHE_CONTROL, "no-cache")
                .header("x-accel-buffering", "no");
        }
        Ok(builder.body(body).expect("static response parts are valid"))
    };
    if req.method() != Method::POST || req.uri().path() != "/v1/chat/completions" {
        let body = MockBody::full(Bytes::from_static(br#"{"error":{"message":"not found"}}"#));
        return respond(StatusCode::NOT_FOUND, "none", "application/json", body);
    }
    let body = match req.into_body().collect().await {
        Ok(collected) => collected.to_bytes(),
        Err(_) => {
            let body = MockBody::full(Bytes::from_static(br#"{"error":{"message":"body"}}"#));
            return respond(StatusCode::BAD_REQUEST, "none", "application/json", body);
        }
    };
    let pii = if memchr::memmem::find(&body, PII_MARKER.as_bytes()).is_some() {
        "seen"
    } else {
        "none"
    };
    if memchr::memmem::find(&body, br#""stream":true"#).is_some() {
        let body = MockBody::events(state.events.clone(), state.gap);
        respond(StatusCode::OK, pii, "text/event-stream", body)
    } else {
        respond(
            StatusCode::OK,
            pii,
            "application/json",
            MockBody::full(state.reply.clone()),
        )
    }
}

/// Serves the mock on `listener` until the process ends.
async fn serve_mock(listener: TcpListener, gap: Duration) {
    let state = Arc::new(MockState {
        reply: reply_json(),
        events: reply_events(),
        gap,
    });
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            // Out of file descriptors or similar: back off instead of spinning.
            tokio::time::sleep(Duration::from_millis(10)).await;
            continue;
        };
        let _ = stream.set_nodelay(true);
        let state = state.clone();
        tokio::spawn(async move {
            let service = service_fn(move |req| mock_handle(state.clone(), req));
            let _ = hyper::server::conn::http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}

fn cmd_mock(args: &[String]) -> Result<(), String> {
    let opts = Opts::parse(args)?;
    let listen: SocketAddr = opts.parse_or("listen", "127.0.0.1:0".parse().expect("valid"))?;
    let threads: usize = opts.parse_or("threads", 1)?;
    let gap = Duration::from_micros(opts.parse_or("event-gap-us", 1000)?);
    runtime(threads)?.block_on(async move {
        let listener = TcpListener::bind(listen)
            .await
            .map_err(|e| format!("bind {listen}: {e}"))?;
        let addr = listener.local_addr().map_err(|e| e.to_string())?;
        // The script waits for this line to learn the port.
        println!("mock listening on {addr}");
        std::io::stdout().flush().map_err(|e| e.to_string())?;
        serve_mock(listener, gap).await;
        Ok(())
    })
}

// ---------------------------------------------------------------------------
// Histogram

/// Linear sub-buckets per power of two: 2^7 = 128, so a reported value is
/// within 1/128 (< 0.8 %) of the recorded one.
const SUB_BITS: u32 = 7;
const SUB: u64 = 1 << SUB_BITS;

/// A log-linear latency histogram of nanoseconds in the style of
/// HdrHistogram: fixed relative precision from 1 ns to u64::MAX in a flat
/// array, so recording is an index computation and merging is addition.
/// Hand-rolled because it is forty lines and the crate would be one more
/// dependency for a bench.
#[derive(Clone)]
struct Histogram {
    counts: Vec<u64>,
    count: u64,
    max: u64,
    sum: u128,
}

impl Histogram {
    fn new() -> Self {
        let buckets = (64 - SUB_BITS as usize + 1) * SUB as usize;
        Histogram {
            counts: vec![0; buckets],
            count: 0,
            max: 0,
            sum: 0,
        }
    }

    fn index(v: u64) -> usize {
        if v < SUB {
            return v as usize;
        }
        let exp = 63 - v.leading_zeros();
        let shift = exp - SUB_BITS;
        let mantissa = (v >> shift) - SUB;
        ((u64::from(shift) + 1) * SUB + mantissa) as usize
    }

    /// The middle of bucket `idx`.
    fn value_at(idx: usize) -> u64 {
        let idx = idx as u64;
        if idx < SUB {
            return idx;
        }
        let shift = idx / SUB - 1;
        let low = (SUB + idx % SUB) << shift;
        low + ((1u64 << shift) >> 1)
    }

    fn record(&mut self, d: Duration) {
        let v = u64::try_from(d.as_nanos()).unwrap_or(u64::MAX);
        self.counts[Self::index(v)] += 1;
        self.count += 1;
        self.max = self.max.max(v);
        self.sum += u128::from(v);
    }

    fn merge(&mut self, other: &Histogram) {
        for (a, b) in self.counts.iter_mut().zip(&other.counts) {
            *a += b;
        }
        self.count += other.count;
        self.max = self.max.max(other.max);
        self.sum += other.sum;
    }

    /// The value at quantile `q` (0..=1), in nanoseconds.
    fn quantile(&self, q: f64) -> u64 {
        if self.count == 0 {
            return 0;
        }
        let rank = ((q * self.count as f64).ceil() as u64).clamp(1, self.count);
        if rank == self.count {
            return self.max;
        }
        let mut seen = 0;
        for (idx, &n) in self.counts.iter().enumerate() {
            seen += n;
            if seen >= rank {
                return Self::value_at(idx).min(self.max);
            }
        }
        self.max
    }

    /// Percentiles in microseconds, for the JSON report.
    fn summary(&self) -> Value {
        let us = |ns: u64| (ns as f64 / 100.0).round() / 10.0;
        let mean = if self.count == 0 {
            0
        } else {
            (self.sum / u128::from(self.count)) as u64
        };
        json!({
            "count": self.count,
            "mean": us(mean),
            "p50": us(self.quantile(0.50)),
            "p90": us(self.quantile(0.90)),
            "p99": us(self.quantile(0.99)),
            "p999": us(self.quantile(0.999)),
            "max": us(self.max),
        })
    }
}

// ---------------------------------------------------------------------------
// Load generator

#[derive(Clone, Copy, PartialEq)]
enum Mode {
    /// Open loop at a fixed rate.
    Fixed,
    /// Closed loop, as fast as the target answers.
    Max,
}

/// Where requests go.
#[derive(Clone)]
struct Target {
    addr: SocketAddr,
    host: String,
    path: String,
}

impl Target {
    fn parse(url: &str) -> Result<Self, String> {
        let uri: Uri = url.parse().map_err(|e| format!("--url {url}: {e}"))?;
        if uri.scheme_str() != Some("http") {
            return Err(format!("--url {url}: only http:// is supported"));
        }
        let host = uri.host().ok_or_else(|| format!("--url {url}: no host"))?;
        let port = uri.port_u16().unwrap_or(80);
        let addr = (host, port)
            .to_socket_addrs()
            .map_err(|e| format!("--url {url}: {e}"))?
            .next()
            .ok_or_else(|| format!("--url {url}: no address"))?;
        let path = uri.path_and_query().map_or("/", |p| p.as_str()).to_string();
        Ok(Target {
            addr,
            host: format!("{host}:{port}"),
            path,
        })
    }

    fn request(&self, body: &Bytes) -> Request<Full<Bytes>> {
        Request::post(self.path.as_str())
            .header(header::HOST, self.host.as_str())
            .header(header::CONTENT_TYPE, "application/json")
            // Pass-through auth forwards this unchanged; the mock ignores it.
            .header(header::AUTHORIZATION, "Bearer sk-bench-not-a-real-key")
            .body(Full::new(body.clone()))
            .expect("static request parts are valid")
    }
}

/// What one worker saw; merged at the end of a run.
struct Stats {
    /// Scheduled send (open loop) or send (closed loop) to last body byte.
    total: Histogram,
    /// The same start to the first non-empty body frame.
    ttfb: Histogram,
    /// Actual send to last body byte: `total` minus queueing.
    service: Histogram,
    statuses: BTreeMap<u16, u64>,
    errors: BTreeMap<&'static str, u64>,
    pii: BTreeMap<&'static str, u64>,
    /// Measured requests answered (any status).
    completed: u64,
    /// When the last measured answer ended: the achieved rate is `completed`
    /// over the time from the start of the window to here (at least the
    /// window), so a target that falls behind and answers its backlog during
    /// the drain does not appear to reach the rate.
    last_done: Option<Instant>,
    /// Start of the measured window, set by the run.
    window_start: Option<Instant>,
}

impl Stats {
    fn new() -> Self {
        Stats {
            total: Histogram::new(),
            ttfb: Histogram::new(),
            service: Histogram::new(),
            statuses: BTreeMap::new(),
            errors: BTreeMap::new(),
            pii: BTreeMap::new(),
            completed: 0,
            last_done: None,
            window_start: None,
        }
    }

    fn merge(&mut self, other: Stats) {
        self.total.merge(&other.total);
        self.ttfb.merge(&other.ttfb);
        self.service.merge(&other.service);
        for (k, v) in other.statuses {
            *self.statuses.entry(k).or_default() += v;
        }
        for (k, v) in other.errors {
            *self.errors.entry(k).or_default() += v;
        }
        for (k, v) in other.pii {
            *self.pii.entry(k).or_default() += v;
        }
        self.completed += other.completed;
        self.last_done = self.last_done.max(other.last_done);
    }

    fn error(&mut self, kind: &'static str) {
        *self.errors.entry(kind).or_default() += 1;
    }

    fn record(&mut self, outcome: &Outcome) {
        self.completed += 1;
        self.last_done = self.last_done.max(Some(outcome.done));
        *self.statuses.entry(outcome.status).or_default() += 1;
        *self.pii.entry(outcome.pii).or_default() += 1;
        // Latency only of answers that did the work; the status mix shows the rest.
        if outcome.status == 200 {
            self.total.record(outcome.total);
            self.ttfb.record(outcome.ttfb);
            self.service.record(outcome.service);
        }
    }
}

/// One answered request.
struct Outcome {
    status: u16,
    total: Duration,
    ttfb: Duration,
    service: Duration,
    pii: &'static str,
    /// When the last body byte arrived.
    done: Instant,
}

type Sender = SendRequest<Full<Bytes>>;

async fn connect(addr: SocketAddr) -> Result<Sender, String> {
    let stream = TcpStream::connect(addr)
        .await
        .map_err(|e| format!("connect {addr}: {e}"))?;
    // Small requests and answers: Nagle would add delay, not save packets.
    stream.set_nodelay(true).map_err(|e| e.to_string())?;
    let (sender, conn) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
        .await
        .map_err(|e| format!("handshake {addr}: {e}"))?;
    tokio::spawn(async move {
        let _ = conn.await;
    });
    Ok(sender)
}

/// Sends one request and reads the whole answer. `start` is when the request
/// was due; latencies run from there.
async fn exchange(
    sender: &mut Sender,
    req: Request<Full<Bytes>>,
    start: Instant,
) -> Result<Outcome, &'static str> {
    sender.ready().await.map_err(|_| "connection")?;
    let sent = Instant::now();
    let resp = sender.send_request(req).await.map_err(|_| "request")?;
    let status = resp.status().as_u16();
    let pii = match resp.headers().get("x-mock-pii").map(|v| v.as_bytes()) {
        Some(b"seen") => "seen",
        Some(b"none") => "none",
        _ => "unknown",
    };
    let mut body = resp.into_body();
    let mut ttfb = None;
    while let Some(frame) = body.frame().await {
        let frame = frame.map_err(|_| "body")?;
        if ttfb.is_none() && frame.data_ref().is_some_and(|d| !d.is_empty()) {
            ttfb = Some(start.elapsed());
        }
    }
    let done = Instant::now();
    let total = done - start;
    Ok(Outcome {
        status,
        total,
        ttfb: ttfb.unwrap_or(total),
        service: done - sent,
        pii,
        done,
    })
}

/// Runs `exchange` with a timeout, replacing the connection after a failure.
/// Returns the outcome, or records the error.
async fn attempt(
    sender: &mut Option<Sender>,
    target: &Target,
    body: &Bytes,
    start: Instant,
    stats: &mut Stats,
    count: bool,
) -> Option<Outcome> {
    if sender.as_ref().is_none_or(|s| s.is_closed()) {
        match connect(target.addr).await {
            Ok(s) => *sender = Some(s),
            Err(_) => {
                if count {
                    stats.error("connect");
                }
                // Don't spin on a refused port.
                tokio::time::sleep(Duration::from_millis(10)).await;
                return None;
            }
        }
    }
    let conn = sender.as_mut().expect("connected above");
    let result = tokio::time::timeout(REQUEST_TIMEOUT, exchange(conn, target.request(body), start))
        .await
        .unwrap_or(Err("timeout"));
    match result {
        Ok(outcome) => Some(outcome),
        Err(kind) => {
            *sender = None;
            if count {
                stats.error(kind);
            }
            None
        }
    }
}

/// Settings of one `fixed` or `max` run.
struct LoadConfig {
    mode: Mode,
    target: Target,
    body: Bytes,
    rate: f64,
    connections: usize,
    duration: Duration,
    warmup: Duration,
}

/// Open loop: a thread releases request due times at `rate`; workers on
/// `connections` connections send each as soon as one is free.
async fn run_fixed(cfg: &LoadConfig) -> Result<Stats, String> {
    let mut senders = Vec::with_capacity(cfg.connections);
    for _ in 0..cfg.connections {
        senders.push(connect(cfg.target.addr).await?);
    }
    let (tx, rx) = mpsc::unbounded_channel::<Instant>();
    let rx = Arc::new(Mutex::new(rx));
    let t0 = Instant::now() + Duration::from_millis(20);
    let measure_from = t0 + cfg.warmup;
    let end = measure_from + cfg.duration;
    let n = ((cfg.warmup + cfg.duration).as_secs_f64() * cfg.rate).round() as u64;
    let rate = cfg.rate;
    // An OS thread, not a tokio timer: tokio's timer wheel has 1 ms
    // granularity, which at 1,000 req/s would send in bursts, while
    // thread::sleep wakes within tens of microseconds. Latency is measured
    // from the computed due time either way.
    let scheduler = std::thread::spawn(move || {
        for i in 0..n {
            let due = t0 + Duration::from_secs_f64(i as f64 / rate);
            let now = Instant::now();
            if due > now {
                std::thread::sleep(due - now);
            }
            if tx.send(due).is_err() {
                break;
            }
        }
    });
    let mut workers = Vec::new();
    for sender in senders {
        let rx = rx.clone();
        let target = cfg.target.clone();
        let body = cfg.body.clone();
        workers.push(tokio::spawn(async move {
            let mut stats = Stats::new();
            let mut sender = Some(sender);
            loop {
                let due = rx.lock().await.recv().await;
                let Some(due) = due else { break };
                let count = due >= measure_from;
                if Instant::now() > end + DRAIN_GRACE {
                    if count {
                        stats.error("unsent");
                    }
                    continue;
                }
                if let Some(outcome) =
                    attempt(&mut sender, &target, &body, due, &mut stats, count).await
                    && count
                {
                    stats.record(&outcome);
                }
            }
            stats
        }));
    }
    let mut stats = Stats::new();
    for worker in workers {
        stats.merge(worker.await.map_err(|e| e.to_string())?);
    }
    scheduler
        .join()
        .map_err(|_| "scheduler thread panicked".to_string())?;
    stats.window_start = Some(measure_from);
    Ok(stats)
}

/// Closed loop: each of `connections` workers sends the next request as soon
/// as the previous answer is read.
async fn run_max(cfg: &LoadConfig) -> Result<Stats, String> {
    let t0 = Instant::now();
    let measure_from = t0 + cfg.warmup;
    let end = measure_from + cfg.duration;
    let mut workers = Vec::new();
    for _ in 0..cfg.connections {
        let sender = connect(cfg.target.addr).await?;
        let target = cfg.target.clone();
        let body = cfg.body.clone();
        workers.push(tokio::spawn(async move {
            let mut stats = Stats::new();
            let mut sender = Some(sender);
            loop {
                let start = Instant::now();
                if start >= end {
                    break;
                }
                let count = start >= measure_from;
                if let Some(outcome) =
                    attempt(&mut sender, &target, &body, start, &mut stats, count).await
                    && count
                {
                    stats.record(&outcome);
                }
            }
            stats
        }));
    }
    let mut stats = Stats::new();
    for worker in workers {
        stats.merge(worker.await.map_err(|e| e.to_string())?);
    }
    stats.window_start = Some(measure_from);
    Ok(stats)
}

async fn run(cfg: &LoadConfig) -> Result<Stats, String> {
    match cfg.mode {
        Mode::Fixed => run_fixed(cfg).await,
        Mode::Max => run_max(cfg).await,
    }
}

fn report(cfg: &LoadConfig, label: &str, stream: bool, stats: &Stats) -> Value {
    let elapsed = match (stats.window_start, stats.last_done) {
        (Some(start), Some(done)) => done.saturating_duration_since(start).max(cfg.duration),
        _ => cfg.duration,
    };
    let statuses: serde_json::Map<String, Value> = stats
        .statuses
        .iter()
        .map(|(k, v)| (k.to_string(), json!(v)))
        .collect();
    json!({
        "label": label,
        "mode": if cfg.mode == Mode::Fixed { "fixed" } else { "max" },
        "stream": stream,
        "url": format!("http://{}{}", cfg.target.host, cfg.target.path),
        "target_rps": if cfg.mode == Mode::Fixed { json!(cfg.rate) } else { Value::Null },
        "connections": cfg.connections,
        "duration_s": cfg.duration.as_secs_f64(),
        "body_bytes": cfg.body.len(),
        "completed": stats.completed,
        "achieved_rps": stats.completed as f64 / elapsed.as_secs_f64(),
        "statuses": statuses,
        "errors": stats.errors,
        "pii": stats.pii,
        "latency_us": stats.total.summary(),
        "ttfb_us": stats.ttfb.summary(),
        "service_us": stats.service.summary(),
    })
}

fn cmd_load(args: &[String], mode: Mode) -> Result<(), String> {
    let opts = Opts::parse(args)?;
    let url = opts.get("url").ok_or("--url is required")?;
    let stream = opts.flag("stream");
    let connections = if mode == Mode::Fixed {
        opts.parse_or("connections", 16)?
    } else {
        opts.parse_or("concurrency", 32)?
    };
    let rate: f64 = opts.parse_or("rate", 1000.0)?;
    let duration: f64 = opts.parse_or("duration", 10.0)?;
    let warmup: f64 = opts.parse_or("warmup", 1.0)?;
    // Checked here because Duration::from_secs_f64 panics on NaN or negatives.
    let positive = |x: f64| x.is_finite() && x > 0.0;
    if connections == 0
        || !positive(rate)
        || !positive(duration)
        || !(positive(warmup) || warmup == 0.0)
    {
        return Err("--rate, --duration and --connections/--concurrency must be positive, --warmup not negative".into());
    }
    let cfg = LoadConfig {
        mode,
        target: Target::parse(url)?,
        body: request_body(stream),
        rate,
        connections,
        duration: Duration::from_secs_f64(duration),
        warmup: Duration::from_secs_f64(warmup),
    };
    let label = opts.get("label").unwrap_or("target").to_string();
    let threads = opts.parse_or("threads", default_threads())?;
    let stats = runtime(threads)?.block_on(run(&cfg))?;
    let out = report(&cfg, &label, stream, &stats);
    eprintln!("{}", summary_line(&out));
    println!("{out}");
    Ok(())
}

/// One human-readable line of a JSON report.
fn summary_line(r: &Value) -> String {
    let lat = if r["stream"] == true {
        &r["ttfb_us"]
    } else {
        &r["latency_us"]
    };
    format!(
        "{:<8} {:<5}{} {:>8.0} req/s  p50 {:>8} µs  p99 {:>8} µs  max {:>8} µs  statuses {}  errors {}  pii {}",
        r["label"].as_str().unwrap_or(""),
        r["mode"].as_str().unwrap_or(""),
        if r["stream"] == true { " (ttfb)" } else { "" },
        r["achieved_rps"].as_f64().unwrap_or(0.0),
        lat["p50"],
        lat["p99"],
        lat["max"],
        r["statuses"],
        r["errors"],
        r["pii"],
    )
}

// ---------------------------------------------------------------------------
// Self-check

/// What `cargo test` runs: the mock in-process, a short fixed-rate run, a
/// closed-loop run and a streaming run against it, all under one timeout.
fn self_check() -> Result<(), String> {
    check_histogram()?;
    let body = request_body(false);
    if !(1500..=2600).contains(&body.len()) {
        return Err(format!(
            "request body is {} bytes, expected ~2 KB",
            body.len()
        ));
    }
    let reply = reply_json();
    if !(800..=1300).contains(&reply.len()) {
        return Err(format!(
            "mock reply is {} bytes, expected ~1 KB",
            reply.len()
        ));
    }
    let events = reply_events();
    if !(18..=24).contains(&events.len()) {
        return Err(format!(
            "mock stream has {} events, expected ~20",
            events.len()
        ));
    }
    runtime(2)?.block_on(async {
        tokio::time::timeout(Duration::from_secs(20), self_check_runs())
            .await
            .map_err(|_| "self-check timed out".to_string())?
    })
}

async fn self_check_runs() -> Result<(), String> {
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .map_err(|e| e.to_string())?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    tokio::spawn(serve_mock(listener, Duration::from_micros(200)));
    let target = Target::parse(&format!("http://{addr}/v1/chat/completions"))?;
    let runs = [
        (Mode::Fixed, false, 4),
        (Mode::Max, false, 4),
        // ~20 ms per stream (20 gaps of at least one 1 ms timer tick).
        (Mode::Fixed, true, 16),
    ];
    for (mode, stream, connections) in runs {
        let cfg = LoadConfig {
            mode,
            target: target.clone(),
            body: request_body(stream),
            rate: 200.0,
            connections,
            duration: Duration::from_millis(300),
            warmup: Duration::from_millis(50),
        };
        let stats = run(&cfg).await?;
        let out = report(&cfg, "self", stream, &stats);
        eprintln!("{}", summary_line(&out));
        let ok = stats.statuses.get(&200).copied().unwrap_or(0);
        if ok == 0 || ok != stats.completed || !stats.errors.is_empty() {
            return Err(format!("self-check run failed: {out}"));
        }
        // Direct to the mock the raw e-mail arrives; the marker must see it.
        if stats.pii.get("seen") != Some(&ok) {
            return Err(format!("mock did not see the PII marker: {out}"));
        }
    }
    eprintln!("proxy_load self-check ok (scripts/bench-proxy runs the real benchmark)");
    Ok(())
}

fn check_histogram() -> Result<(), String> {
    let mut h = Histogram::new();
    for us in 1..=10_000u64 {
        h.record(Duration::from_micros(us));
    }
    for (q, want) in [(0.5, 5_000_000.0), (0.99, 9_900_000.0)] {
        let got = h.quantile(q) as f64;
        if (got - want).abs() / want > 0.01 {
            return Err(format!(
                "histogram quantile {q}: {got} ns, expected ~{want}"
            ));
        }
    }
    if h.quantile(1.0) != 10_000_000 || Histogram::index(u64::MAX) >= h.counts.len() {
        return Err("histogram max or range is wrong".into());
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// Plumbing

fn default_threads() -> usize {
    std::thread::available_parallelism().map_or(2, |n| n.get())
}

fn runtime(threads: usize) -> Result<tokio::runtime::Runtime, String> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(threads.max(1))
        .enable_all()
        .build()
        .map_err(|e| format!("tokio runtime: {e}"))
}

/// `--key value` options and bare `--flag`s.
struct Opts {
    values: HashMap<String, String>,
}

impl Opts {
    fn parse(args: &[String]) -> Result<Self, String> {
        let mut values = HashMap::new();
        let mut it = args.iter().peekable();
        while let Some(arg) = it.next() {
            let key = arg
                .strip_prefix("--")
                .ok_or_else(|| format!("unexpected argument {arg}"))?;
            let value = match it.peek() {
                Some(next) if !next.starts_with("--") => it.next().expect("peeked").clone(),
                _ => String::new(),
            };
            values.insert(key.to_string(), value);
        }
        Ok(Opts { values })
    }

    fn get(&self, key: &str) -> Option<&str> {
        self.values.get(key).map(String::as_str)
    }

    fn flag(&self, key: &str) -> bool {
        self.values.contains_key(key)
    }

    fn parse_or<T: std::str::FromStr>(&self, key: &str, default: T) -> Result<T, String> {
        match self.get(key) {
            None => Ok(default),
            Some(v) => v
                .parse()
                .map_err(|_| format!("--{key}: cannot parse {v:?}")),
        }
    }
}
