//! `veil serve` end to end: veil on port 0 in-process, a recording mock
//! upstream on port 0, real HTTP/1.1 and h2c clients.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use http::{HeaderMap, Method, Request, Response, StatusCode};
use http_body_util::{BodyExt, Full};
use hyper::body::{Body, Frame, Incoming};
use hyper::service::service_fn;
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::{TokioExecutor, TokioIo};
use serde_json::Value;
use sha2::{Digest, Sha256};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc;
use tokio_rustls::TlsAcceptor;

use veil::config::Config;
use veil::proxy::Server;
use veil::token::Token;
use veil::vault::{KeyRing, RedisVault, RedisVaultConfig};
use veil::vault::{
    MemoryVault, MemoryVaultConfig, NewValue, ScopeId, ScopeMap, TenantId, Vault, VaultError,
    VaultFuture,
};

// Shared with tests/vault.rs, which uses the helpers this file does not.
#[allow(dead_code)]
mod support;

use support::redis_server::RedisServer;

// === mock upstream ===

/// One request as the mock upstream received it.
#[derive(Debug, Clone)]
struct Seen {
    method: Method,
    path: String,
    headers: HeaderMap,
    body: Bytes,
    /// HTTP/1.1 or HTTP/2 as the mock spoke it.
    version: http::Version,
    /// The negotiated TLS version; `None` on plain http.
    tls: Option<rustls::ProtocolVersion>,
}

/// What the mock answers.
#[derive(Clone)]
enum Reply {
    Json(u16, String),
    /// An event stream sent in 1–3 byte chunks, `delay` apart; with
    /// `reset`, the connection is broken after the last chunk.
    Sse {
        body: String,
        delay: Duration,
        reset: bool,
    },
    /// An event stream in exactly two chunks, cut at byte `at`.
    SseSplit {
        body: String,
        at: usize,
    },
    /// `events` SSE events of 64 KiB each, as fast as they are taken.
    Flood {
        events: usize,
    },
}

type Script = Arc<dyn Fn(&Seen) -> Reply + Send + Sync>;

struct Mock {
    addr: SocketAddr,
    tls: bool,
    seen: Arc<Mutex<Vec<Seen>>>,
    connections: Arc<AtomicUsize>,
}

impl Mock {
    /// A plain-http mock.
    async fn start(script: impl Fn(&Seen) -> Reply + Send + Sync + 'static) -> Mock {
        Mock::serve(None, script).await
    }

    /// A mock behind TLS with `config` (certificate, versions, ALPN).
    async fn start_tls(
        config: Arc<rustls::ServerConfig>,
        script: impl Fn(&Seen) -> Reply + Send + Sync + 'static,
    ) -> Mock {
        Mock::serve(Some(TlsAcceptor::from(config)), script).await
    }

    async fn serve(
        tls: Option<TlsAcceptor>,
        script: impl Fn(&Seen) -> Reply + Send + Sync + 'static,
    ) -> Mock {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let seen = Arc::new(Mutex::new(Vec::new()));
        let connections = Arc::new(AtomicUsize::new(0));
        let script: Script = Arc::new(script);
        let recorded = seen.clone();
        let counted = connections.clone();
        let is_tls = tls.is_some();
        tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    return;
                };
                counted.fetch_add(1, Ordering::SeqCst);
                // Like a real provider: small SSE writes go out at once.
                stream.set_nodelay(true).unwrap();
                let recorded = recorded.clone();
                let script = script.clone();
                let tls = tls.clone();
                tokio::spawn(async move {
                    match tls {
                        None => serve_mock_connection(stream, None, recorded, script).await,
                        // A failed handshake (untrusted certificate, no
                        // common version) ends here: nothing is decrypted.
                        Some(acceptor) => {
                            if let Ok(stream) = acceptor.accept(stream).await {
                                let version = stream.get_ref().1.protocol_version();
                                serve_mock_connection(stream, version, recorded, script).await;
                            }
                        }
                    }
                });
            }
        });
        Mock {
            addr,
            tls: is_tls,
            seen,
            connections,
        }
    }

    fn origin(&self) -> String {
        let scheme = if self.tls { "https" } else { "http" };
        format!("{scheme}://{}", self.addr)
    }

    fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }

    /// TCP connections accepted so far (handshakes that failed included).
    fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }
}

/// Serves HTTP/1.1 or h2 (by preface) on one accepted connection,
/// recording each request.
async fn serve_mock_connection<I>(
    io: I,
    tls: Option<rustls::ProtocolVersion>,
    recorded: Arc<Mutex<Vec<Seen>>>,
    script: Script,
) where
    I: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin + Send + 'static,
{
    let service = service_fn(move |req: Request<Incoming>| {
        let recorded = recorded.clone();
        let script = script.clone();
        async move {
            let (parts, body) = req.into_parts();
            let body = body
                .collect()
                .await
                .map(|b| b.to_bytes())
                .unwrap_or_default();
            let seen = Seen {
                method: parts.method,
                path: parts
                    .uri
                    .path_and_query()
                    .map(|p| p.to_string())
                    .unwrap_or_default(),
                headers: parts.headers,
                body,
                version: parts.version,
                tls,
            };
            let reply = script(&seen);
            recorded.lock().unwrap().push(seen);
            Ok::<_, Infallible>(respond(reply))
        }
    });
    let _ = hyper_util::server::conn::auto::Builder::new(TokioExecutor::new())
        .serve_connection(TokioIo::new(io), service)
        .await;
}

fn respond(reply: Reply) -> Response<ChannelBody> {
    let (tx, rx) = mpsc::channel(4);
    // JSON replies declare their length, as providers' do: the last chunk
    // then ends the body (veil's end-of-body path for sized replies).
    let length = match &reply {
        Reply::Json(_, body) => Some(body.len()),
        _ => None,
    };
    let (status, ct) = match &reply {
        Reply::Json(status, _) => (*status, "application/json"),
        Reply::Sse { .. } | Reply::SseSplit { .. } | Reply::Flood { .. } => {
            (200, "text/event-stream")
        }
    };
    tokio::spawn(async move {
        match reply {
            Reply::Json(_, body) => {
                let _ = tx.send(Ok(Bytes::from(body))).await;
            }
            Reply::Flood { events } => {
                let event = Bytes::from(format!("data: {}\n\n", "x".repeat(64 * 1024 - 8)));
                for _ in 0..events {
                    if tx.send(Ok(event.clone())).await.is_err() {
                        return;
                    }
                }
            }
            Reply::SseSplit { body, at } => {
                let bytes = Bytes::from(body);
                let at = at.min(bytes.len());
                if tx.send(Ok(bytes.slice(..at))).await.is_ok() {
                    // A pause so the halves cross veil as separate frames.
                    tokio::time::sleep(Duration::from_millis(2)).await;
                    let _ = tx.send(Ok(bytes.slice(at..))).await;
                }
            }
            Reply::Sse { body, delay, reset } => {
                let bytes = body.as_bytes();
                let mut i = 0;
                let mut size = 1;
                while i < bytes.len() {
                    let end = (i + size).min(bytes.len());
                    if tx
                        .send(Ok(Bytes::copy_from_slice(&bytes[i..end])))
                        .await
                        .is_err()
                    {
                        return;
                    }
                    i = end;
                    size = size % 3 + 1;
                    if !delay.is_zero() {
                        tokio::time::sleep(delay).await;
                    }
                }
                if reset {
                    let _ = tx.send(Err(std::io::Error::other("reset"))).await;
                }
            }
        }
    });
    let mut r = Response::new(ChannelBody(rx));
    *r.status_mut() = StatusCode::from_u16(status).unwrap();
    r.headers_mut().insert("content-type", ct.parse().unwrap());
    if let Some(length) = length {
        r.headers_mut().insert("content-length", length.into());
    }
    r
}

/// A body fed from a channel; an `Err` item aborts it (connection reset).
struct ChannelBody(mpsc::Receiver<Result<Bytes, std::io::Error>>);

impl Body for ChannelBody {
    type Data = Bytes;
    type Error = std::io::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, std::io::Error>>> {
        self.0
            .poll_recv(cx)
            .map(|item| item.map(|r| r.map(Frame::data)))
    }
}

// === test vault ===

/// A vault that is down: never ready, refuses every call.
struct DownVault;

impl Vault for DownVault {
    fn assign<'a>(
        &'a self,
        _: &'a TenantId,
        _: &'a ScopeId,
        _: &'a [NewValue],
    ) -> VaultFuture<'a, Vec<Token>> {
        Box::pin(async { Err(VaultError::Unavailable("test".into())) })
    }

    fn load<'a>(&'a self, _: &'a TenantId, _: &'a ScopeId) -> VaultFuture<'a, ScopeMap> {
        Box::pin(async { Err(VaultError::Unavailable("test".into())) })
    }

    fn link<'a>(&'a self, _: &'a TenantId, _: &'a ScopeId, _: &'a ScopeId) -> VaultFuture<'a, ()> {
        Box::pin(async { Err(VaultError::Unavailable("test".into())) })
    }

    fn follow<'a>(&'a self, _: &'a TenantId, _: &'a ScopeId) -> VaultFuture<'a, Option<ScopeId>> {
        Box::pin(async { Err(VaultError::Unavailable("test".into())) })
    }

    fn ready(&self) -> VaultFuture<'_, ()> {
        Box::pin(async { Err(VaultError::NotReady("maxmemory-policy".into())) })
    }

    fn backend(&self) -> &'static str {
        "down"
    }
}

fn memory_vault() -> Arc<dyn Vault> {
    Arc::new(MemoryVault::new(MemoryVaultConfig::default()))
}

// === veil ===

fn sha256_hex(key: &str) -> String {
    Sha256::digest(key.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Two tenants: `acme` (key-acme → sk-acme / ant-acme) and `globex`
/// (key-globex → sk-globex).
fn tenants_toml() -> String {
    format!(
        r#"
[[tenants]]
id = "acme"
api_key_sha256 = ["{}"]
provider_keys = {{ openai = "sk-acme", anthropic = "ant-acme" }}

[[tenants]]
id = "globex"
api_key_sha256 = ["{}"]
provider_keys = {{ openai = "sk-globex" }}
"#,
        sha256_hex("key-acme"),
        sha256_hex("key-globex")
    )
}

struct Veil {
    server: Option<Server>,
    addr: SocketAddr,
}

impl Veil {
    async fn start(mock: &Mock, extra: &str) -> Veil {
        Veil::start_with(mock, extra, memory_vault()).await
    }

    async fn start_with(mock: &Mock, extra: &str, vault: Arc<dyn Vault>) -> Veil {
        Veil::boot(mock, extra, "", vault).await
    }

    /// With `upstreams` added to the `[upstreams]` table (TLS settings).
    async fn start_upstreams(mock: &Mock, upstreams: &str) -> Veil {
        Veil::boot(mock, "", upstreams, memory_vault()).await
    }

    async fn boot(mock: &Mock, extra: &str, upstreams: &str, vault: Arc<dyn Vault>) -> Veil {
        let toml = format!(
            "listen = \"127.0.0.1:0\"\n{extra}\n[upstreams]\nopenai = \"{0}/base\"\nanthropic = \"{0}\"\n{upstreams}\n",
            mock.origin()
        );
        let config = Config::from_toml(&toml, &|_: &str| None).unwrap();
        let server = Server::bind(config, vault).await.unwrap();
        let addr = server.local_addrs()[0];
        Veil {
            server: Some(server),
            addr,
        }
    }

    fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }
}

impl Drop for Veil {
    fn drop(&mut self) {
        if let Some(s) = &self.server {
            s.shutdown_handle().shutdown();
        }
    }
}

fn client() -> Client<HttpConnector, Full<Bytes>> {
    let mut http = HttpConnector::new();
    http.set_nodelay(true);
    Client::builder(TokioExecutor::new()).build(http)
}

struct Answer {
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
}

impl Answer {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

async fn call(method: Method, url: &str, headers: &[(&str, &str)], body: &[u8]) -> Answer {
    let mut req = Request::builder().method(method).uri(url);
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    let req = req.body(Full::new(Bytes::copy_from_slice(body))).unwrap();
    let resp = client().request(req).await.unwrap();
    let (parts, body) = resp.into_parts();
    Answer {
        status: parts.status,
        headers: parts.headers,
        body: body.collect().await.unwrap().to_bytes(),
    }
}

const CHAT: &str =
    r#"{"model":"gpt-4o","messages":[{"role":"user","content":"Call Priya on +91 98765 43210"}]}"#;
const MESSAGES: &str = r#"{"model":"claude-sonnet-4","max_tokens":64,"messages":[{"role":"user","content":"Mail priya@example.com"}]}"#;
const MODELS: &str = r#"{"object":"list","data":[{"id":"gpt-4o","object":"model"}]}"#;

fn models(_: &Seen) -> Reply {
    Reply::Json(200, MODELS.to_owned())
}

// === health, readiness, metrics ===

#[tokio::test]
async fn health_ready_and_metrics() {
    let mock = Mock::start(models).await;
    let veil = Veil::start(&mock, "").await;
    let a = call(Method::GET, &veil.url("/healthz"), &[], b"").await;
    assert_eq!(a.status, 200);
    assert_eq!(a.headers["x-request-id"].len(), 32, "generated request id");
    let a = call(
        Method::GET,
        &veil.url("/readyz"),
        &[("x-request-id", "rid-1")],
        b"",
    )
    .await;
    assert_eq!(a.status, 200);
    assert_eq!(
        a.headers["x-request-id"], "rid-1",
        "client request id echoed"
    );
    let a = call(Method::GET, &veil.url("/metrics"), &[], b"").await;
    assert_eq!(a.status, 200);
    let text = a.text();
    assert!(
        text.contains("veil_requests_total{route=\"healthz\",status=\"200\"} 1"),
        "{text}"
    );
    assert!(
        text.contains("veil_request_duration_seconds_bucket{route=\"readyz\",le=\"0.00001\"}"),
        "{text}"
    );

    let not_ready = Veil::start_with(&mock, "", Arc::new(DownVault)).await;
    let a = call(Method::GET, &not_ready.url("/readyz"), &[], b"").await;
    assert_eq!(a.status, 503);
    assert!(a.text().contains("vault_not_ready"), "{}", a.text());
    assert!(mock.seen().is_empty());
}

#[tokio::test]
async fn unknown_paths_are_404_in_openai_shape() {
    let mock = Mock::start(models).await;
    let veil = Veil::start(&mock, "").await;
    let a = call(Method::POST, &veil.url("/v2/whatever"), &[], b"{}").await;
    assert_eq!(a.status, 404);
    assert_eq!(a.json()["error"]["type"], "not_found_error");
    assert!(mock.seen().is_empty());
}

// === auth ===

#[tokio::test]
async fn missing_or_wrong_key_is_401_in_provider_shape_and_nothing_is_sent() {
    let mock = Mock::start(models).await;
    let veil = Veil::start(&mock, &tenants_toml()).await;
    let a = call(
        Method::POST,
        &veil.url("/v1/chat/completions"),
        &[],
        CHAT.as_bytes(),
    )
    .await;
    assert_eq!(a.status, 401);
    assert_eq!(a.json()["error"]["type"], "authentication_error");
    assert_eq!(a.json()["error"]["code"], "auth_missing");
    let a = call(
        Method::POST,
        &veil.url("/v1/messages"),
        &[
            ("x-api-key", "key-wrong"),
            ("anthropic-version", "2023-06-01"),
        ],
        MESSAGES.as_bytes(),
    )
    .await;
    assert_eq!(a.status, 401);
    let v = a.json();
    assert_eq!(v["type"], "error");
    assert_eq!(v["error"]["type"], "authentication_error");
    let a = call(
        Method::GET,
        &veil.url("/v1/models"),
        &[("authorization", "Bearer sk-acme")],
        b"",
    )
    .await;
    assert_eq!(a.status, 401, "a provider key is not a veil key");
    assert!(mock.seen().is_empty(), "mock saw {:?}", mock.seen());
}

#[tokio::test]
async fn right_key_injects_the_tenants_provider_key() {
    let mock = Mock::start(models).await;
    let veil = Veil::start(&mock, &tenants_toml()).await;
    let a = call(
        Method::GET,
        &veil.url("/v1/models"),
        &[("authorization", "Bearer key-acme")],
        b"",
    )
    .await;
    assert_eq!(a.status, 200);
    assert_eq!(a.body, MODELS.as_bytes());
    let a = call(
        Method::GET,
        &veil.url("/v1/models/gpt-4o"),
        &[("authorization", "Bearer key-globex")],
        b"",
    )
    .await;
    assert_eq!(a.status, 200);
    let a = call(
        Method::GET,
        &veil.url("/v1/models"),
        &[
            ("x-api-key", "key-acme"),
            ("anthropic-version", "2023-06-01"),
        ],
        b"",
    )
    .await;
    assert_eq!(a.status, 200);
    let seen = mock.seen();
    assert_eq!(seen.len(), 3);
    assert_eq!(seen[0].path, "/base/v1/models");
    assert_eq!(seen[0].headers["authorization"], "Bearer sk-acme");
    assert_eq!(seen[1].path, "/base/v1/models/gpt-4o");
    assert_eq!(
        seen[1].headers["authorization"], "Bearer sk-globex",
        "tenant chosen by key"
    );
    // Anthropic: x-api-key replaced, no bearer.
    assert_eq!(seen[2].path, "/v1/models");
    assert_eq!(seen[2].headers["x-api-key"], "ant-acme");
    assert!(!seen[2].headers.contains_key("authorization"));
    for s in &seen {
        for v in s.headers.values() {
            let v = v.to_str().unwrap_or("");
            assert!(
                !v.contains("key-acme") && !v.contains("key-globex"),
                "client key forwarded: {v}"
            );
        }
        assert_eq!(s.headers["accept-encoding"], "identity");
        assert!(s.headers.contains_key("x-request-id"));
    }
}

/// A compact HS256 JWT over `claims` (RFC 7515), written out here so the
/// test does not trust veil's own encoder.
fn hs256_jwt(secret: &str, claims: &str) -> String {
    use hmac::{Hmac, KeyInit, Mac};
    fn b64url(bytes: &[u8]) -> String {
        const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        let mut bits = String::new();
        for b in bytes {
            bits.push_str(&format!("{b:08b}"));
        }
        while !bits.len().is_multiple_of(6) {
            bits.push('0');
        }
        bits.as_bytes()
            .chunks(6)
            .map(|c| A[usize::from_str_radix(std::str::from_utf8(c).unwrap(), 2).unwrap()] as char)
            .collect()
    }
    let input = format!(
        "{}.{}",
        b64url(br#"{"alg":"HS256","typ":"JWT"}"#),
        b64url(claims.as_bytes())
    );
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(input.as_bytes());
    format!("{input}.{}", b64url(&mac.finalize().into_bytes()))
}

#[tokio::test]
async fn jwt_names_the_tenant_and_a_bad_one_sends_nothing() {
    let mock = Mock::start(models).await;
    let secret = "a-shared-secret-of-32-bytes-or-more";
    let extra = format!(
        "[jwt]\nsecret = \"{secret}\"\nissuer = \"idp\"\n{}",
        tenants_toml()
    );
    let veil = Veil::start(&mock, &extra).await;
    let good = hs256_jwt(secret, r#"{"tid":"globex","iss":"idp","exp":4000000000}"#);
    let a = call(
        Method::GET,
        &veil.url("/v1/models"),
        &[("authorization", &format!("Bearer {good}"))],
        b"",
    )
    .await;
    assert_eq!(a.status, 200, "{}", a.text());
    let seen = mock.seen();
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].headers["authorization"], "Bearer sk-globex");
    let expired = hs256_jwt(secret, r#"{"tid":"globex","iss":"idp","exp":1000000000}"#);
    let forged = hs256_jwt(
        "another-secret-of-32-bytes-or-more!",
        r#"{"tid":"acme","iss":"idp","exp":4000000000}"#,
    );
    for (token, code) in [(expired, "jwt_expired"), (forged, "jwt_signature")] {
        let a = call(
            Method::POST,
            &veil.url("/v1/chat/completions"),
            &[
                ("authorization", &format!("Bearer {token}")),
                ("content-type", "application/json"),
            ],
            CHAT.as_bytes(),
        )
        .await;
        assert_eq!(a.status, 401);
        assert_eq!(a.json()["error"]["code"], code);
        assert!(!a.text().contains(&token), "the token is not echoed");
    }
    assert_eq!(mock.seen().len(), 1, "refused requests are not forwarded");
}

#[tokio::test]
async fn tenant_without_a_provider_key_is_refused() {
    let mock = Mock::start(models).await;
    let veil = Veil::start(&mock, &tenants_toml()).await;
    let a = call(
        Method::GET,
        &veil.url("/anthropic/v1/models"),
        &[("x-api-key", "key-globex")],
        b"",
    )
    .await;
    assert_eq!(a.status, 403);
    assert_eq!(a.json()["error"]["type"], "permission_error");
    let a = call(
        Method::POST,
        &veil.url("/v1/messages"),
        &[("x-api-key", "key-globex")],
        MESSAGES.as_bytes(),
    )
    .await;
    assert_eq!(a.status, 403);
    assert_eq!(a.json()["type"], "error");
    assert!(mock.seen().is_empty());
}

/// The memory vault's size is on `/metrics`: zero until a conversation
/// stores something, more after.
#[tokio::test]
async fn metrics_show_the_memory_vaults_size() {
    let mock = Mock::start(|_| Reply::Json(200, chat_reply("ok"))).await;
    let veil = Veil::start(&mock, "").await;
    let gauge = |text: &str| -> u64 {
        text.lines()
            .find_map(|l| l.strip_prefix("veil_vault_memory_bytes "))
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or_else(|| panic!("no veil_vault_memory_bytes in {text}"))
    };
    let before = call(Method::GET, &veil.url("/metrics"), &[], b"").await;
    assert_eq!(gauge(&before.text()), 0);
    let body = r#"{"model":"gpt-4o","messages":[{"role":"user","content":"I am Priya, priya@example.com"}]}"#;
    let a = call(
        Method::POST,
        &veil.url("/v1/chat/completions"),
        &[
            ("authorization", "Bearer sk-app"),
            ("x-veil-conversation", "m-1"),
        ],
        body.as_bytes(),
    )
    .await;
    assert_eq!(a.status, 200, "{}", a.text());
    let after = call(Method::GET, &veil.url("/metrics"), &[], b"").await;
    assert!(gauge(&after.text()) > 0, "{}", after.text());
}

// === routes ===

#[tokio::test]
async fn passthrough_forwards_prefix_stripped_with_the_apps_own_key() {
    let mock = Mock::start(models).await;
    let veil = Veil::start(&mock, "").await;
    let a = call(
        Method::GET,
        &veil.url("/openai/v1/models/gpt-4o?limit=2"),
        &[
            ("authorization", "Bearer sk-app-own"),
            ("x-veil-conversation", "c1"),
        ],
        b"",
    )
    .await;
    assert_eq!(a.status, 200);
    assert_eq!(a.body, MODELS.as_bytes());
    let seen = mock.seen();
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].method, Method::GET);
    assert_eq!(seen[0].path, "/base/v1/models/gpt-4o?limit=2");
    assert_eq!(seen[0].headers["authorization"], "Bearer sk-app-own");
    assert!(!seen[0].headers.contains_key("x-veil-conversation"));
    assert_eq!(seen[0].headers["host"], mock.addr.to_string());
    assert!(seen[0].body.is_empty());
}

#[tokio::test]
async fn vault_failure_fails_closed_with_zero_upstream_calls() {
    let mock = Mock::start(models).await;
    let veil = Veil::start_with(&mock, "", Arc::new(DownVault)).await;
    // Only a named conversation is stored in the vault.
    let a = call(
        Method::POST,
        &veil.url("/v1/chat/completions"),
        &[
            ("authorization", "Bearer sk-app"),
            ("content-type", "application/json"),
            ("x-veil-conversation", "c-1"),
        ],
        CHAT.as_bytes(),
    )
    .await;
    assert_eq!(a.status, 503);
    assert_eq!(a.json()["error"]["code"], "vault_unavailable");
    assert!(!a.text().contains("98765"), "error echoes no input");
    let a = call(
        Method::POST,
        &veil.url("/v1/messages"),
        &[("x-api-key", "sk-ant-app"), ("x-veil-conversation", "c-2")],
        MESSAGES.as_bytes(),
    )
    .await;
    assert_eq!(a.status, 503);
    assert_eq!(a.json()["type"], "error");
    assert_eq!(a.json()["error"]["type"], "api_error");
    let a = call(Method::GET, &veil.url("/openai/v1/files"), &[], b"").await;
    assert_eq!(
        a.status, 400,
        "bodiless GET off the allow-list is not forwarded"
    );
    assert!(mock.seen().is_empty(), "upstream must see zero calls");
    let metrics = call(Method::GET, &veil.url("/metrics"), &[], b"")
        .await
        .text();
    assert!(
        metrics.contains("veil_errors_total{kind=\"vault_unavailable\"} 2"),
        "{metrics}"
    );
}

#[tokio::test]
async fn policy_block_refuses_without_forwarding() {
    let mock = Mock::start(models).await;
    let veil = Veil::start(
        &mock,
        &tenants_toml().replace(
            "provider_keys = { openai = \"sk-globex\" }",
            "provider_keys = { openai = \"sk-globex\" }\npolicy = { phone = \"block\" }",
        ),
    )
    .await;
    let a = call(
        Method::POST,
        &veil.url("/v1/chat/completions"),
        &[("authorization", "Bearer key-globex")],
        CHAT.as_bytes(),
    )
    .await;
    assert_eq!(a.status, 400);
    assert_eq!(a.json()["error"]["code"], "policy_block");
    assert!(mock.seen().is_empty());
    // The other tenant's policy is its own.
    let a = call(
        Method::POST,
        &veil.url("/v1/chat/completions"),
        &[("authorization", "Bearer key-acme")],
        CHAT.as_bytes(),
    )
    .await;
    assert_eq!(a.status, 200, "{}", a.text());
    assert_eq!(mock.seen().len(), 1);
}

// === redaction ===

/// Every `content` string of the request's messages, joined.
fn user_text(seen: &Seen) -> String {
    let v: Value = serde_json::from_slice(&seen.body).unwrap_or(Value::Null);
    v["messages"]
        .as_array()
        .map(|m| {
            m.iter()
                .filter_map(|m| m["content"].as_str())
                .collect::<Vec<_>>()
                .join(" ")
        })
        .unwrap_or_default()
}

fn chat_reply(text: &str) -> String {
    serde_json::json!({
        "id": "chatcmpl-1",
        "object": "chat.completion",
        "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}]
    })
    .to_string()
}

fn chat_event(text: &str) -> String {
    let data = serde_json::json!({
        "id": "chatcmpl-1",
        "object": "chat.completion.chunk",
        "choices": [{"index": 0, "delta": {"content": text}}]
    });
    format!("data: {data}\n\n")
}

/// The concatenated `delta.content` / `delta.text` of an SSE reply.
fn streamed_text(sse: &str) -> String {
    let mut text = String::new();
    for line in sse.lines() {
        let Some(data) = line.strip_prefix("data: ") else {
            continue;
        };
        let Ok(v) = serde_json::from_str::<Value>(data) else {
            continue;
        };
        if let Some(t) = v["choices"][0]["delta"]["content"].as_str() {
            text.push_str(t);
        }
        if let Some(t) = v["delta"]["text"].as_str() {
            text.push_str(t);
        }
    }
    text
}

const ORIGINAL: &str = "Call Priya on +91 98765 43210";

fn assert_no_pii(seen: &[Seen]) {
    for s in seen {
        let body = String::from_utf8_lossy(&s.body);
        for pii in ["Priya", "98765", "43210", "priya@example.com"] {
            assert!(!body.contains(pii), "upstream saw {pii:?}: {body}");
        }
        if let Some(len) = s.headers.get("content-length") {
            assert_eq!(len.to_str().unwrap(), s.body.len().to_string());
        }
    }
}

/// A body large enough to be redacted off the serving thread (64 KiB and
/// up) is redacted the same way, and its tokens restored in the reply.
#[tokio::test]
async fn a_large_body_is_redacted_and_restored_like_a_small_one() {
    let mock =
        Mock::start(|seen| Reply::Json(200, chat_reply(&format!("You said: {}", user_text(seen)))))
            .await;
    let veil = Veil::start(&mock, "").await;
    let filler = "The parcel is still in transit and should arrive soon. ".repeat(4000);
    let content = format!("Call Priya on +91 98765 43210. {filler}Or mail priya@example.com");
    let body = serde_json::json!({
        "model": "gpt-4o",
        "messages": [{"role": "user", "content": content}],
    })
    .to_string();
    assert!(body.len() > 200_000);
    let a = call(
        Method::POST,
        &veil.url("/v1/chat/completions"),
        &[("authorization", "Bearer sk-app")],
        body.as_bytes(),
    )
    .await;
    assert_eq!(a.status, 200, "{}", &a.text()[..200.min(a.text().len())]);
    assert_eq!(
        a.json()["choices"][0]["message"]["content"],
        format!("You said: {content}")
    );
    let seen = mock.seen();
    assert_no_pii(&seen);
    let sent = user_text(&seen[0]);
    assert!(
        sent.starts_with("Call {{name:1}} on {{phone:1}}. "),
        "{}",
        &sent[..80]
    );
    assert!(
        sent.ends_with("Or mail {{email:1}}"),
        "{}",
        &sent[sent.len() - 80..]
    );
}

#[tokio::test]
async fn chat_round_trip_upstream_sees_tokens_client_sees_originals() {
    let mock =
        Mock::start(|seen| Reply::Json(200, chat_reply(&format!("You said: {}", user_text(seen)))))
            .await;
    let veil = Veil::start(&mock, "").await;
    let a = call(
        Method::POST,
        &veil.url("/v1/chat/completions"),
        &[
            ("authorization", "Bearer sk-app"),
            ("content-type", "application/json"),
        ],
        CHAT.as_bytes(),
    )
    .await;
    assert_eq!(a.status, 200, "{}", a.text());
    assert_eq!(
        a.json()["choices"][0]["message"]["content"],
        format!("You said: {ORIGINAL}")
    );
    let seen = mock.seen();
    assert_eq!(seen.len(), 1);
    assert_no_pii(&seen);
    assert_eq!(user_text(&seen[0]), "Call {{name:1}} on {{phone:1}}");
    assert_eq!(
        seen[0].headers["authorization"], "Bearer sk-app",
        "pass-through key"
    );
    let metrics = call(Method::GET, &veil.url("/metrics"), &[], b"")
        .await
        .text();
    for line in [
        "veil_entities_total{action=\"tokenize\",type=\"phone\"} 1",
        "veil_entities_total{action=\"tokenize\",type=\"name\"} 1",
        "veil_overhead_seconds_count{phase=\"request\",route=\"chat_completions\"} 1",
    ] {
        assert!(metrics.contains(line), "{line} missing:\n{metrics}");
    }
    assert!(
        !metrics.contains("op=\"assign\"} 1"),
        "a request without a conversation makes no vault call:\n{metrics}"
    );
}

/// Requests that name no conversation keep their map only for their own
/// response: under load the vault must not grow by one scope per request.
#[tokio::test]
async fn single_requests_leave_nothing_in_the_vault() {
    let mock =
        Mock::start(|seen| Reply::Json(200, chat_reply(&format!("You said: {}", user_text(seen)))))
            .await;
    let vault = Arc::new(MemoryVault::new(MemoryVaultConfig::default()));
    let veil = Veil::start_with(&mock, "", vault.clone()).await;
    let mut headers = vec![
        ("authorization", "Bearer sk-app"),
        ("content-type", "application/json"),
    ];
    for _ in 0..20 {
        let a = call(
            Method::POST,
            &veil.url("/v1/chat/completions"),
            &headers,
            CHAT.as_bytes(),
        )
        .await;
        assert_eq!(
            a.json()["choices"][0]["message"]["content"],
            format!("You said: {ORIGINAL}")
        );
    }
    assert_eq!(vault.scope_count(), 0);
    headers.push(("x-veil-conversation", "support-42"));
    for _ in 0..2 {
        let a = call(
            Method::POST,
            &veil.url("/v1/chat/completions"),
            &headers,
            CHAT.as_bytes(),
        )
        .await;
        assert_eq!(
            a.json()["choices"][0]["message"]["content"],
            format!("You said: {ORIGINAL}")
        );
    }
    assert_eq!(vault.scope_count(), 1, "a named conversation is kept");
}

/// Log lines collected in memory.
#[derive(Clone, Default)]
struct LogBuffer(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for LogBuffer {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn logs_show_request_ids_and_only_redacted_bodies() {
    let logs = LogBuffer::default();
    let writer = logs.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::new("veil=trace"))
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .finish();
    // The test runtime is single-threaded, so the server's tasks log here.
    let _guard = tracing::subscriber::set_default(subscriber);
    let mock = Mock::start(|seen| Reply::Json(200, chat_reply(&user_text(seen)))).await;
    let veil = Veil::start(&mock, "").await;
    let a = call(
        Method::POST,
        &veil.url("/v1/chat/completions"),
        &[
            ("authorization", "Bearer sk-app-secret"),
            ("x-request-id", "rid-42"),
        ],
        CHAT.as_bytes(),
    )
    .await;
    assert_eq!(a.json()["choices"][0]["message"]["content"], ORIGINAL);
    let text = String::from_utf8(logs.0.lock().unwrap().clone()).unwrap();
    assert!(text.contains("rid-42"), "{text}");
    assert!(text.contains("redacted request"), "{text}");
    assert!(text.contains("{{phone:1}}"), "{text}");
    for secret in ["Priya", "98765", "sk-app-secret"] {
        assert!(!text.contains(secret), "{secret} logged:\n{text}");
    }
}

#[tokio::test]
async fn sse_tokens_split_at_every_point_are_restored() {
    let reply = format!(
        "{}{}data: [DONE]\n\n",
        chat_event("Calling {{name:1}} at {{phone:1}}"),
        chat_event(" now")
    );
    let at = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let script_at = at.clone();
    let script_reply = reply.clone();
    let mock = Mock::start(move |_| Reply::SseSplit {
        body: script_reply.clone(),
        at: script_at.load(std::sync::atomic::Ordering::SeqCst),
    })
    .await;
    let veil = Veil::start(&mock, "").await;
    let body = r#"{"model":"gpt-4o","stream":true,"messages":[{"role":"user","content":"Call Priya on +91 98765 43210"}]}"#;
    for cut in 1..reply.len() {
        at.store(cut, std::sync::atomic::Ordering::SeqCst);
        let a = call(
            Method::POST,
            &veil.url("/v1/chat/completions"),
            &[("authorization", "Bearer sk-app")],
            body.as_bytes(),
        )
        .await;
        assert_eq!(a.status, 200);
        assert_eq!(
            streamed_text(&a.text()),
            "Calling Priya at +91 98765 43210 now",
            "cut at {cut}: {}",
            a.text()
        );
        assert!(a.text().ends_with("data: [DONE]\n\n"), "cut at {cut}");
    }
    assert_no_pii(&mock.seen());
}

#[tokio::test]
async fn redacted_stream_reset_mid_event_ends_with_one_error_event() {
    let mock = Mock::start(|_| Reply::Sse {
        body: format!("{}data: {{\"choi", chat_event("Calling {{phone:1}}")),
        delay: Duration::ZERO,
        reset: true,
    })
    .await;
    let veil = Veil::start(&mock, "").await;
    let body = r#"{"model":"gpt-4o","stream":true,"messages":[{"role":"user","content":"Call Priya on +91 98765 43210"}]}"#;
    let a = call(
        Method::POST,
        &veil.url("/v1/chat/completions"),
        &[("authorization", "Bearer sk-app")],
        body.as_bytes(),
    )
    .await;
    assert_eq!(a.status, 200);
    let text = a.text();
    assert_eq!(streamed_text(&text), "Calling +91 98765 43210", "{text}");
    let events: Vec<&str> = text.split("\n\n").filter(|e| !e.is_empty()).collect();
    let last: Value =
        serde_json::from_str(events.last().unwrap().strip_prefix("data: ").unwrap()).unwrap();
    assert_eq!(last["error"]["code"], "upstream_reset", "{text}");
    assert_eq!(text.matches("\"error\"").count(), 1, "{text}");
    assert!(!text.contains("{\"choi\n"), "cut event relayed: {text}");
}

fn responses_reply(id: &str, text: &str) -> String {
    serde_json::json!({
        "id": id,
        "object": "response",
        "status": "completed",
        "output": [{"type": "message", "role": "assistant", "content": [{"type": "output_text", "text": text}]}]
    })
    .to_string()
}

fn output_text(v: &Value) -> &str {
    v["output"][0]["content"][0]["text"].as_str().unwrap_or("")
}

#[tokio::test]
async fn previous_response_id_continues_the_scope() {
    let mock = Mock::start(|seen| {
        let v: Value = serde_json::from_slice(&seen.body).unwrap_or(Value::Null);
        if v["previous_response_id"].is_null() {
            Reply::Json(200, responses_reply("resp_first", "Noted {{phone:1}}"))
        } else {
            Reply::Json(
                200,
                responses_reply("resp_second", "It was {{phone:1}} for {{name:1}}"),
            )
        }
    })
    .await;
    let veil = Veil::start(&mock, "").await;
    let first = r#"{"model":"gpt-4o","input":"Call Priya on +91 98765 43210"}"#;
    let a = call(
        Method::POST,
        &veil.url("/v1/responses"),
        &[("authorization", "Bearer sk-app")],
        first.as_bytes(),
    )
    .await;
    assert_eq!(a.status, 200, "{}", a.text());
    assert_eq!(output_text(&a.json()), "Noted +91 98765 43210");
    let next =
        r#"{"model":"gpt-4o","previous_response_id":"resp_first","input":"Which number was it?"}"#;
    let b = call(
        Method::POST,
        &veil.url("/v1/responses"),
        &[("authorization", "Bearer sk-app")],
        next.as_bytes(),
    )
    .await;
    assert_eq!(b.status, 200, "{}", b.text());
    assert_eq!(output_text(&b.json()), "It was +91 98765 43210 for Priya");
    let seen = mock.seen();
    assert_no_pii(&seen);
    let sent: Value = serde_json::from_slice(&seen[1].body).unwrap();
    assert_eq!(
        sent["previous_response_id"], "resp_first",
        "structural field kept"
    );
}

/// A vault whose writes of `resp:` scopes and links are slow, as a remote
/// Redis under load can be.
struct SlowAliasVault(Arc<dyn Vault>);

impl Vault for SlowAliasVault {
    fn assign<'a>(
        &'a self,
        tenant: &'a TenantId,
        scope: &'a ScopeId,
        values: &'a [NewValue],
    ) -> VaultFuture<'a, Vec<Token>> {
        Box::pin(async move {
            if scope.as_str().starts_with("resp:") {
                tokio::time::sleep(Duration::from_millis(300)).await;
            }
            self.0.assign(tenant, scope, values).await
        })
    }

    fn load<'a>(&'a self, tenant: &'a TenantId, scope: &'a ScopeId) -> VaultFuture<'a, ScopeMap> {
        self.0.load(tenant, scope)
    }

    fn link<'a>(
        &'a self,
        tenant: &'a TenantId,
        alias: &'a ScopeId,
        target: &'a ScopeId,
    ) -> VaultFuture<'a, ()> {
        Box::pin(async move {
            tokio::time::sleep(Duration::from_millis(300)).await;
            self.0.link(tenant, alias, target).await
        })
    }

    fn follow<'a>(
        &'a self,
        tenant: &'a TenantId,
        alias: &'a ScopeId,
    ) -> VaultFuture<'a, Option<ScopeId>> {
        self.0.follow(tenant, alias)
    }

    fn ready(&self) -> VaultFuture<'_, ()> {
        self.0.ready()
    }

    fn backend(&self) -> &'static str {
        "slow"
    }
}

/// The reply ends only once its continuation scope is stored: a client
/// that sends `previous_response_id` the moment it has read the reply
/// finds its tokens, however slow the vault.
#[tokio::test]
async fn a_continuation_sent_at_once_finds_the_scope() {
    let mock = Mock::start(|seen| {
        let v: Value = serde_json::from_slice(&seen.body).unwrap_or(Value::Null);
        if v["previous_response_id"].is_null() {
            Reply::Json(200, responses_reply("resp_quick", "Noted {{phone:1}}"))
        } else {
            Reply::Json(200, responses_reply("resp_next", "It was {{phone:1}}"))
        }
    })
    .await;
    let veil = Veil::start_with(&mock, "", Arc::new(SlowAliasVault(memory_vault()))).await;
    let auth = [("authorization", "Bearer sk-app")];
    let first = r#"{"model":"gpt-4o","input":"Call me on +91 98765 43210"}"#;
    let a = call(
        Method::POST,
        &veil.url("/v1/responses"),
        &auth,
        first.as_bytes(),
    )
    .await;
    assert_eq!(a.status, 200, "{}", a.text());
    let next = r#"{"model":"gpt-4o","previous_response_id":"resp_quick","input":"Which?"}"#;
    let b = call(
        Method::POST,
        &veil.url("/v1/responses"),
        &auth,
        next.as_bytes(),
    )
    .await;
    assert_eq!(b.status, 200, "{}", b.text());
    assert_eq!(output_text(&b.json()), "It was +91 98765 43210");
    assert_no_pii(&mock.seen());
}

/// A chain of Responses API turns shares one scope: the first reply's
/// tokens are stored once, and each later reply id links to that scope
/// instead of copying it (a copy per turn grows with the square of the
/// chain's length).
#[tokio::test]
async fn a_chain_of_responses_shares_one_scope() {
    let mock = Mock::start(|seen| {
        let v: Value = serde_json::from_slice(&seen.body).unwrap_or(Value::Null);
        match v["previous_response_id"].as_str() {
            None => Reply::Json(200, responses_reply("resp_1", "Noted {{phone:1}}")),
            Some("resp_1") => Reply::Json(200, responses_reply("resp_2", "Mail {{email:1}}")),
            Some(_) => Reply::Json(
                200,
                responses_reply("resp_3", "{{phone:1}} and {{email:1}}"),
            ),
        }
    })
    .await;
    let vault = Arc::new(MemoryVault::new(MemoryVaultConfig::default()));
    let veil = Veil::start_with(&mock, "", vault.clone()).await;
    let auth = [("authorization", "Bearer sk-app")];
    let turns = [
        r#"{"model":"gpt-4o","input":"Call me on +91 98765 43210"}"#,
        r#"{"model":"gpt-4o","previous_response_id":"resp_1","input":"or mail asha@example.in"}"#,
        r#"{"model":"gpt-4o","previous_response_id":"resp_2","input":"Which ones?"}"#,
    ];
    let mut last = String::new();
    for turn in turns {
        let a = call(
            Method::POST,
            &veil.url("/v1/responses"),
            &auth,
            turn.as_bytes(),
        )
        .await;
        assert_eq!(a.status, 200, "{}", a.text());
        last = output_text(&a.json()).to_owned();
    }
    assert_eq!(last, "+91 98765 43210 and asha@example.in");
    assert_no_pii(&mock.seen());
    assert_eq!(vault.scope_count(), 1, "the first reply's scope, shared");
    assert_eq!(vault.link_count(), 2, "resp_2 and resp_3 link to it");
}

/// `store: false` asks the provider to forget the response, so nothing can
/// continue it: veil keeps no copy of its tokens either.
#[tokio::test]
async fn unstored_responses_leave_no_scope_behind() {
    let mock = Mock::start(|seen| {
        let v: Value = serde_json::from_slice(&seen.body).unwrap_or(Value::Null);
        let id = if v["store"] == false {
            "resp_unstored"
        } else {
            "resp_stored"
        };
        Reply::Json(200, responses_reply(id, "Noted {{phone:1}}"))
    })
    .await;
    let vault = Arc::new(MemoryVault::new(MemoryVaultConfig::default()));
    let veil = Veil::start_with(&mock, "", vault.clone()).await;
    for store in ["false", "true"] {
        let body =
            format!(r#"{{"model":"gpt-4o","store":{store},"input":"Call +91 98765 43210"}}"#);
        let a = call(
            Method::POST,
            &veil.url("/v1/responses"),
            &[("authorization", "Bearer sk-app")],
            body.as_bytes(),
        )
        .await;
        assert_eq!(output_text(&a.json()), "Noted +91 98765 43210");
    }
    let tenant = TenantId::new("default").unwrap();
    let scope = |id: &str| ScopeId::new(&format!("resp:{id}")).unwrap();
    // The copy runs in the background, after the unstored reply's would have.
    let mut stored = ScopeMap::new();
    for _ in 0..100 {
        stored = vault.load(&tenant, &scope("resp_stored")).await.unwrap();
        if !stored.is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert_eq!(stored.len(), 1, "a stored response can be continued");
    let unstored = vault.load(&tenant, &scope("resp_unstored")).await.unwrap();
    assert!(unstored.is_empty(), "store:false keeps nothing");
    assert_eq!(vault.scope_count(), 1);
}

#[tokio::test]
async fn anthropic_stream_in_tiny_chunks_is_restored() {
    let events = [
        r#"{"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","content":[],"model":"claude-sonnet-4","usage":{"input_tokens":5,"output_tokens":1}}}"#,
        r#"{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}"#,
        r#"{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Writing to {{em"}}"#,
        r#"{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"ail:1}} now"}}"#,
        r#"{"type":"content_block_stop","index":0}"#,
        r#"{"type":"message_stop"}"#,
    ];
    let names = [
        "message_start",
        "content_block_start",
        "content_block_delta",
        "content_block_delta",
        "content_block_stop",
        "message_stop",
    ];
    let body: String = names
        .iter()
        .zip(events)
        .map(|(n, d)| format!("event: {n}\ndata: {d}\n\n"))
        .collect();
    let mock = Mock::start(move |_| Reply::Sse {
        body: body.clone(),
        delay: Duration::ZERO,
        reset: false,
    })
    .await;
    let veil = Veil::start(&mock, "").await;
    let req = MESSAGES.replace("\"max_tokens\":64,", "\"max_tokens\":64,\"stream\":true,");
    let a = call(
        Method::POST,
        &veil.url("/v1/messages"),
        &[
            ("x-api-key", "sk-ant-app"),
            ("anthropic-version", "2023-06-01"),
        ],
        req.as_bytes(),
    )
    .await;
    assert_eq!(a.status, 200);
    assert_eq!(
        streamed_text(&a.text()),
        "Writing to priya@example.com now",
        "{}",
        a.text()
    );
    let seen = mock.seen();
    assert_no_pii(&seen);
    assert_eq!(seen[0].path, "/v1/messages");
    assert_eq!(seen[0].headers["x-api-key"], "sk-ant-app");
}

/// Tenant A puts a phone in conversation `shared`; tenant B, in a
/// conversation of the same name, gets a reply holding the same token and
/// must see the token, not A's original.
async fn tenants_are_isolated_on(vault: Arc<dyn Vault>) {
    let mock = Mock::start(|_| Reply::Json(200, chat_reply("Your number is {{phone:1}}"))).await;
    let veil = Veil::start_with(&mock, &tenants_toml(), vault).await;
    let ask = |key: &'static str, body: &'static str| {
        let url = veil.url("/v1/chat/completions");
        async move {
            let auth = format!("Bearer {key}");
            call(
                Method::POST,
                &url,
                &[
                    ("authorization", auth.as_str()),
                    ("x-veil-conversation", "shared"),
                ],
                body.as_bytes(),
            )
            .await
        }
    };
    let a = ask("key-acme", CHAT).await;
    assert_eq!(a.status, 200, "{}", a.text());
    assert_eq!(
        a.json()["choices"][0]["message"]["content"],
        "Your number is +91 98765 43210"
    );
    let question =
        r#"{"model":"gpt-4o","messages":[{"role":"user","content":"What is my number?"}]}"#;
    let b = ask("key-globex", question).await;
    assert_eq!(b.status, 200, "{}", b.text());
    assert_eq!(
        b.json()["choices"][0]["message"]["content"],
        "Your number is {{phone:1}}",
        "tenant B resolved tenant A's token"
    );
    // A's next turn still resolves (conversation scope loaded from the vault).
    let a2 = ask("key-acme", question).await;
    assert_eq!(
        a2.json()["choices"][0]["message"]["content"],
        "Your number is +91 98765 43210"
    );
    assert_no_pii(&mock.seen());
    let seen = mock.seen();
    assert_eq!(seen[0].headers["authorization"], "Bearer sk-acme");
    assert_eq!(seen[1].headers["authorization"], "Bearer sk-globex");
}

#[tokio::test]
async fn tenants_are_isolated_in_memory() {
    tenants_are_isolated_on(memory_vault()).await;
}

#[tokio::test]
async fn tenants_are_isolated_in_redis() {
    let redis = RedisServer::start();
    let vault = RedisVault::connect(
        RedisVaultConfig {
            urls: vec![redis.url()],
            ..RedisVaultConfig::default()
        },
        KeyRing::new([7; 32]),
    )
    .await
    .unwrap();
    tenants_are_isolated_on(Arc::new(vault)).await;
}

#[tokio::test]
async fn h2c_prior_knowledge_is_served() {
    let mock = Mock::start(models).await;
    let veil = Veil::start(&mock, "").await;
    let h2: Client<HttpConnector, Full<Bytes>> = Client::builder(TokioExecutor::new())
        .http2_only(true)
        .build(HttpConnector::new());
    let req = Request::get(veil.url("/v1/models"))
        .header("authorization", "Bearer sk-app")
        .body(Full::new(Bytes::new()))
        .unwrap();
    let resp = h2.request(req).await.unwrap();
    assert_eq!(resp.version(), http::Version::HTTP_2);
    assert_eq!(resp.status(), 200);
    let body = resp.into_body().collect().await.unwrap().to_bytes();
    assert_eq!(body, MODELS.as_bytes());
    // A redacted request over h2 too.
    let req = Request::post(veil.url("/v1/chat/completions"))
        .header("authorization", "Bearer sk-app")
        .body(Full::new(Bytes::from_static(CHAT.as_bytes())))
        .unwrap();
    let resp = h2.request(req).await.unwrap();
    assert_eq!(resp.status(), 200);
    let seen = mock.seen();
    assert_eq!(seen.len(), 2);
    assert_no_pii(&seen);
    assert_eq!(user_text(&seen[1]), "Call {{name:1}} on {{phone:1}}");
}

// === https upstreams ===

/// A private CA and a server certificate for 127.0.0.1 signed by it, made
/// at test time (no key material in the repository), with the CA written
/// to a PEM file for `upstreams.extra_ca_certs`.
struct Pki {
    ca_file: std::path::PathBuf,
    chain: Vec<rustls::pki_types::CertificateDer<'static>>,
    key_der: Vec<u8>,
}

static NEXT_PKI: AtomicUsize = AtomicUsize::new(0);

impl Pki {
    fn new() -> Pki {
        use rcgen::{
            BasicConstraints, CertificateParams, CertifiedIssuer, DnType, ExtendedKeyUsagePurpose,
            IsCa, KeyPair, KeyUsagePurpose,
        };
        let mut ca = CertificateParams::new(Vec::<String>::new()).unwrap();
        ca.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        ca.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
        ca.distinguished_name
            .push(DnType::CommonName, "veil test private CA");
        let ca = CertifiedIssuer::self_signed(ca, KeyPair::generate().unwrap()).unwrap();
        let key = KeyPair::generate().unwrap();
        let mut leaf = CertificateParams::new(vec!["127.0.0.1".to_owned()]).unwrap();
        leaf.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
        let leaf = leaf.signed_by(&key, &ca).unwrap();
        let ca_file = std::env::temp_dir().join(format!(
            "veil-proxy-ca-{}-{}.pem",
            std::process::id(),
            NEXT_PKI.fetch_add(1, Ordering::SeqCst)
        ));
        std::fs::write(&ca_file, ca.pem()).unwrap();
        Pki {
            ca_file,
            chain: vec![leaf.der().clone()],
            key_der: key.serialize_der(),
        }
    }

    /// The `[upstreams]` line that trusts this CA.
    fn trust(&self) -> String {
        format!(
            "extra_ca_certs = [{:?}]",
            self.ca_file.display().to_string()
        )
    }

    /// A server config presenting the leaf, speaking `versions` and
    /// offering `alpn`.
    fn server(
        &self,
        versions: &[&'static rustls::SupportedProtocolVersion],
        alpn: &[&[u8]],
    ) -> Arc<rustls::ServerConfig> {
        let key = rustls::pki_types::PrivateKeyDer::Pkcs8(self.key_der.clone().into());
        let mut config = rustls::ServerConfig::builder_with_provider(Arc::new(
            rustls::crypto::ring::default_provider(),
        ))
        .with_protocol_versions(versions)
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(self.chain.clone(), key)
        .unwrap();
        config.alpn_protocols = alpn.iter().map(|p| p.to_vec()).collect();
        Arc::new(config)
    }
}

impl Drop for Pki {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.ca_file);
    }
}

/// What real providers offer: TLS 1.2 and 1.3, h2 and http/1.1.
const BOTH_VERSIONS: &[&rustls::SupportedProtocolVersion] =
    &[&rustls::version::TLS13, &rustls::version::TLS12];
const H2_AND_H1: &[&[u8]] = &[b"h2", b"http/1.1"];

/// Answers JSON, or an SSE stream in 1–3 byte chunks when the request
/// asks to stream; either way echoing the redacted user text.
fn echo_chat(seen: &Seen) -> Reply {
    let text = user_text(seen);
    if String::from_utf8_lossy(&seen.body).contains("\"stream\":true") {
        Reply::Sse {
            body: format!(
                "{}{}data: [DONE]\n\n",
                chat_event("You said: "),
                chat_event(&text)
            ),
            delay: Duration::ZERO,
            reset: false,
        }
    } else {
        Reply::Json(200, chat_reply(&format!("You said: {text}")))
    }
}

const STREAM_CHAT: &str = r#"{"model":"gpt-4o","stream":true,"messages":[{"role":"user","content":"Call Priya on +91 98765 43210"}]}"#;

#[tokio::test]
async fn https_upstream_with_a_private_ca_is_detokenized_over_tls13_and_h2() {
    let pki = Pki::new();
    let mock = Mock::start_tls(pki.server(BOTH_VERSIONS, H2_AND_H1), echo_chat).await;
    // One serving thread: each thread has its own upstream pool, and the
    // two client connections below would otherwise land on two threads.
    let veil = Veil::boot(
        &mock,
        "[server]\nthreads = 1\n",
        &pki.trust(),
        memory_vault(),
    )
    .await;
    let headers = [("authorization", "Bearer sk-app")];
    let a = call(
        Method::POST,
        &veil.url("/v1/chat/completions"),
        &headers,
        CHAT.as_bytes(),
    )
    .await;
    assert_eq!(a.status, 200, "{}", a.text());
    assert_eq!(
        a.json()["choices"][0]["message"]["content"],
        format!("You said: {ORIGINAL}")
    );
    let a = call(
        Method::POST,
        &veil.url("/v1/chat/completions"),
        &headers,
        STREAM_CHAT.as_bytes(),
    )
    .await;
    assert_eq!(a.status, 200, "{}", a.text());
    assert_eq!(streamed_text(&a.text()), format!("You said: {ORIGINAL}"));
    assert!(a.text().ends_with("data: [DONE]\n\n"), "{}", a.text());

    let seen = mock.seen();
    assert_eq!(seen.len(), 2);
    assert_no_pii(&seen);
    for s in &seen {
        assert_eq!(user_text(s), "Call {{name:1}} on {{phone:1}}");
        assert_eq!(s.tls, Some(rustls::ProtocolVersion::TLSv1_3));
        assert_eq!(
            s.version,
            http::Version::HTTP_2,
            "h2 offered by ALPN is used"
        );
        assert_eq!(s.path, "/base/v1/chat/completions");
    }
    assert_eq!(
        mock.connections(),
        1,
        "both requests share one pooled h2 connection"
    );
}

#[tokio::test]
async fn https_upstream_without_h2_is_spoken_http1() {
    let pki = Pki::new();
    // The second run also trusts the private CA alone (webpki_roots off).
    for (alpn, roots) in [
        (&[b"http/1.1".as_slice()][..], ""),
        (&[], "\nwebpki_roots = false"),
    ] {
        let mock = Mock::start_tls(pki.server(BOTH_VERSIONS, alpn), echo_chat).await;
        let veil = Veil::start_upstreams(&mock, &format!("{}{roots}", pki.trust())).await;
        let a = call(
            Method::POST,
            &veil.url("/v1/messages"),
            &[("x-api-key", "sk-ant-app")],
            MESSAGES.as_bytes(),
        )
        .await;
        assert_eq!(a.status, 200, "{}", a.text());
        let seen = mock.seen();
        assert_eq!(seen.len(), 1);
        assert_eq!(seen[0].version, http::Version::HTTP_11, "ALPN {alpn:?}");
        assert_eq!(seen[0].tls, Some(rustls::ProtocolVersion::TLSv1_3));
        assert_no_pii(&seen);
    }
}

#[tokio::test]
async fn untrusted_upstream_certificate_is_a_provider_shaped_502_and_nothing_is_sent() {
    let pki = Pki::new();
    let mock = Mock::start_tls(pki.server(BOTH_VERSIONS, H2_AND_H1), echo_chat).await;
    // The webpki roots alone, then another private CA: neither signed the
    // mock's certificate.
    let stranger = Pki::new();
    for upstreams in [String::new(), stranger.trust()] {
        let veil = Veil::start_upstreams(&mock, &upstreams).await;
        for body in [CHAT, STREAM_CHAT] {
            let a = call(
                Method::POST,
                &veil.url("/v1/chat/completions"),
                &[("authorization", "Bearer sk-app")],
                body.as_bytes(),
            )
            .await;
            assert_eq!(a.status, 502, "{}", a.text());
            let v = a.json();
            assert_eq!(v["error"]["code"], "upstream_tls", "{v}");
            let message = v["error"]["message"].as_str().unwrap();
            assert!(message.contains("TLS certificate"), "{message}");
            assert!(!a.text().contains("98765") && !a.text().contains("Priya"));
        }
        let a = call(
            Method::POST,
            &veil.url("/v1/messages"),
            &[("x-api-key", "sk-ant-app")],
            MESSAGES.as_bytes(),
        )
        .await;
        assert_eq!(a.status, 502, "{}", a.text());
        assert_eq!(a.json()["type"], "error", "Anthropic's error shape");
        assert!(!a.text().contains("priya@"), "{}", a.text());
        // Still serving, and the refusals are counted.
        let metrics = call(Method::GET, &veil.url("/metrics"), &[], b"")
            .await
            .text();
        assert!(
            metrics.contains("veil_errors_total{kind=\"upstream_tls\"} 3"),
            "{metrics}"
        );
    }
    assert!(mock.connections() > 0, "veil did try the upstream");
    assert!(mock.seen().is_empty(), "no request got past the handshake");
}

#[tokio::test]
async fn tls12_only_upstream_is_refused_unless_tls_min_version_allows_it() {
    let pki = Pki::new();
    let mock = Mock::start_tls(pki.server(&[&rustls::version::TLS12], H2_AND_H1), echo_chat).await;
    let veil = Veil::start_upstreams(&mock, &pki.trust()).await;
    let a = call(
        Method::POST,
        &veil.url("/v1/chat/completions"),
        &[("authorization", "Bearer sk-app")],
        CHAT.as_bytes(),
    )
    .await;
    assert_eq!(a.status, 502, "{}", a.text());
    assert_eq!(a.json()["error"]["code"], "upstream_tls");
    assert!(
        a.json()["error"]["message"]
            .as_str()
            .unwrap()
            .contains("TLS handshake"),
        "{}",
        a.text()
    );
    assert!(
        mock.seen().is_empty(),
        "nothing sent over TLS 1.2 by default"
    );

    let allowed = Veil::start_upstreams(
        &mock,
        &format!("{}\ntls_min_version = \"1.2\"", pki.trust()),
    )
    .await;
    let a = call(
        Method::POST,
        &allowed.url("/v1/chat/completions"),
        &[("authorization", "Bearer sk-app")],
        CHAT.as_bytes(),
    )
    .await;
    assert_eq!(a.status, 200, "{}", a.text());
    assert_eq!(
        a.json()["choices"][0]["message"]["content"],
        format!("You said: {ORIGINAL}")
    );
    let seen = mock.seen();
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].tls, Some(rustls::ProtocolVersion::TLSv1_2));
    assert_eq!(seen[0].version, http::Version::HTTP_2);
    assert_no_pii(&seen);
}

// === limits ===

#[tokio::test]
async fn oversized_body_is_413_and_not_forwarded() {
    let mock = Mock::start(models).await;
    let veil = Veil::start(&mock, "[limits]\nmax_body_bytes = 1024\n").await;
    let big = format!(r#"{{"input":"{}"}}"#, "a".repeat(4096));
    let a = call(
        Method::POST,
        &veil.url("/v1/embeddings"),
        &[],
        big.as_bytes(),
    )
    .await;
    assert_eq!(a.status, 413);
    assert_eq!(a.json()["error"]["code"], "body_too_large");
    let a = call(
        Method::POST,
        &veil.url("/v1/messages"),
        &[("anthropic-version", "2023-06-01")],
        big.as_bytes(),
    )
    .await;
    assert_eq!(a.status, 413);
    assert_eq!(a.json()["error"]["type"], "request_too_large");
    assert!(mock.seen().is_empty());
}

#[tokio::test]
async fn deep_nesting_and_invalid_utf8_are_400() {
    let mock = Mock::start(models).await;
    let veil = Veil::start(&mock, "[limits]\nmax_json_depth = 16\n").await;
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let a = call(
        Method::POST,
        &veil.url("/v1/chat/completions"),
        &[],
        deep.as_bytes(),
    )
    .await;
    assert_eq!(a.status, 400);
    assert_eq!(a.json()["error"]["code"], "json_too_deep");
    let a = call(
        Method::POST,
        &veil.url("/v1/chat/completions"),
        &[],
        b"{\"messages\":[{\"content\":\"caf\xe9\"}]}",
    )
    .await;
    assert_eq!(a.status, 400);
    assert_eq!(a.json()["error"]["code"], "request_utf8");
    let a = call(
        Method::POST,
        &veil.url("/v1/chat/completions"),
        &[("content-type", "multipart/form-data")],
        b"--x",
    )
    .await;
    assert_eq!(a.status, 400);
    assert_eq!(a.json()["error"]["code"], "request_not_json");
    assert!(mock.seen().is_empty());
}

#[tokio::test]
async fn slow_client_gets_408_after_the_idle_timeout() {
    let mock = Mock::start(models).await;
    let veil = Veil::start(&mock, "[limits]\nidle_timeout_ms = 200\n").await;
    let mut tcp = TcpStream::connect(veil.addr).await.unwrap();
    tcp.write_all(
        b"POST /v1/chat/completions HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{\"model\":",
    )
    .await
    .unwrap();
    let started = std::time::Instant::now();
    let mut buf = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(5), tcp.read_to_end(&mut buf)).await;
    assert!(read.is_ok(), "veil kept a stalled client open");
    let text = String::from_utf8_lossy(&buf);
    assert!(text.starts_with("HTTP/1.1 408"), "{text}");
    assert!(text.contains("client_idle"), "{text}");
    assert!(started.elapsed() < Duration::from_secs(3));
    assert!(mock.seen().is_empty());
}

#[tokio::test]
async fn slow_headers_are_cut_off() {
    let mock = Mock::start(models).await;
    let veil = Veil::start(&mock, "[limits]\nidle_timeout_ms = 200\n").await;
    let mut tcp = TcpStream::connect(veil.addr).await.unwrap();
    tcp.write_all(b"GET /healthz HTTP/1.1\r\nhost: x\r\n")
        .await
        .unwrap();
    let mut buf = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(5), tcp.read_to_end(&mut buf)).await;
    assert!(
        read.is_ok(),
        "veil kept a client with unfinished headers open"
    );
}

#[tokio::test]
async fn silent_connections_are_closed_after_the_idle_timeout() {
    let mock = Mock::start(models).await;
    let veil = Veil::start(&mock, "[limits]\nidle_timeout_ms = 200\n").await;
    // Never a byte, and an idle keep-alive connection after one request.
    let mut silent = TcpStream::connect(veil.addr).await.unwrap();
    let mut kept = TcpStream::connect(veil.addr).await.unwrap();
    kept.write_all(b"GET /healthz HTTP/1.1\r\nhost: x\r\n\r\n")
        .await
        .unwrap();
    for (name, conn) in [("silent", &mut silent), ("keep-alive", &mut kept)] {
        let mut buf = Vec::new();
        let read = tokio::time::timeout(Duration::from_secs(5), conn.read_to_end(&mut buf)).await;
        assert!(read.is_ok(), "{name} connection kept open");
    }
}

#[tokio::test]
async fn a_client_that_stops_reading_is_cut_off() {
    // 24 MiB: more than loopback socket buffers hold, so veil's writes stall.
    let mock = Mock::start(|_| Reply::Flood { events: 384 }).await;
    let veil = Veil::start(&mock, "[limits]\nidle_timeout_ms = 300\n").await;
    let mut tcp = TcpStream::connect(veil.addr).await.unwrap();
    tcp.write_all(b"GET /v1/models HTTP/1.1\r\nhost: x\r\n\r\n")
        .await
        .unwrap();
    // Never read while veil would still be writing.
    tokio::time::sleep(Duration::from_secs(2)).await;
    let mut buf = Vec::new();
    let drained = tokio::time::timeout(Duration::from_secs(10), tcp.read_to_end(&mut buf)).await;
    assert!(
        drained.is_ok(),
        "veil kept writing to a client that stopped reading"
    );
    assert!(
        buf.len() < 24 * 1024 * 1024,
        "whole body delivered: {} bytes",
        buf.len()
    );
}

#[tokio::test]
async fn oversized_headers_are_refused() {
    let mock = Mock::start(models).await;
    let veil = Veil::start(&mock, "[limits]\nmax_header_bytes = 8192\n").await;
    let huge = "x".repeat(20_000);
    let mut tcp = TcpStream::connect(veil.addr).await.unwrap();
    let req = format!("GET /healthz HTTP/1.1\r\nhost: x\r\nx-big: {huge}\r\n\r\n");
    let _ = tcp.write_all(req.as_bytes()).await;
    let mut buf = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(5), tcp.read_to_end(&mut buf)).await;
    let text = String::from_utf8_lossy(&buf);
    assert!(text.starts_with("HTTP/1.1 431"), "{text}");
}

// === streaming ===

const SSE: &str = "data: {\"choices\":[{\"delta\":{\"content\":\"Hel\"}}]}\n\ndata: {\"choices\":[{\"delta\":{\"content\":\"lo\"}}]}\n\ndata: [DONE]\n\n";

#[tokio::test]
async fn passthrough_stream_arrives_intact_from_tiny_chunks() {
    let mock = Mock::start(|_| Reply::Sse {
        body: SSE.to_owned(),
        delay: Duration::ZERO,
        reset: false,
    })
    .await;
    let veil = Veil::start(&mock, "").await;
    let a = call(Method::GET, &veil.url("/v1/models"), &[], b"").await;
    assert_eq!(a.status, 200);
    assert_eq!(a.headers["content-type"], "text/event-stream");
    assert_eq!(a.text(), SSE);
    let metrics = call(Method::GET, &veil.url("/metrics"), &[], b"")
        .await
        .text();
    assert!(metrics.contains("veil_stream_events_total 3"), "{metrics}");
    assert!(
        metrics.contains("veil_time_to_first_byte_seconds_count 1"),
        "{metrics}"
    );
    assert!(
        metrics.contains("veil_upstream_duration_seconds_count 1"),
        "{metrics}"
    );
    assert!(
        metrics.contains("veil_overhead_seconds_count{phase=\"total\",route=\"models\"} 1"),
        "{metrics}"
    );
}

#[tokio::test]
async fn upstream_reset_mid_stream_ends_with_one_sse_error_event() {
    let mock = Mock::start(|_| Reply::Sse {
        body: "data: {\"choices\":[{\"delta\":{\"content\":\"Hel\"}}]}\n\n".to_owned(),
        delay: Duration::ZERO,
        reset: true,
    })
    .await;
    let veil = Veil::start(&mock, "").await;
    let a = call(Method::GET, &veil.url("/v1/models"), &[], b"").await;
    assert_eq!(a.status, 200);
    let text = a.text();
    assert!(text.starts_with("data: {\"choices\""), "{text}");
    // However much of the cut event got through, the error is an event of
    // its own, and the last one.
    let events: Vec<&str> = text.split("\n\n").filter(|e| !e.is_empty()).collect();
    assert_eq!(events.len(), 2, "{text:?}");
    let event: Value = serde_json::from_str(
        events[1]
            .strip_prefix("data: ")
            .unwrap_or_else(|| panic!("{text:?}")),
    )
    .unwrap();
    assert_eq!(event["error"]["code"], "upstream_reset");
    assert!(text.ends_with("}\n\n"));
    // Anthropic streams get `event: error`.
    let a = call(Method::GET, &veil.url("/anthropic/v1/models"), &[], b"").await;
    assert!(
        a.text().contains("event: error\ndata: {\"type\":\"error\""),
        "{}",
        a.text()
    );
    // veil is still up.
    let a = call(Method::GET, &veil.url("/healthz"), &[], b"").await;
    assert_eq!(a.status, 200);
}

#[tokio::test]
async fn request_timeout_bounds_a_stalled_stream() {
    let mock = Mock::start(|_| Reply::Sse {
        body: "data: 1\n\ndata: 2\n\n".to_owned(),
        delay: Duration::from_millis(400),
        reset: false,
    })
    .await;
    let veil = Veil::start(&mock, "[limits]\nrequest_timeout_ms = 300\n").await;
    let a = call(Method::GET, &veil.url("/v1/models"), &[], b"").await;
    assert_eq!(a.status, 200);
    assert!(
        a.text().ends_with("\"code\":\"timeout\"}}\n\n"),
        "{}",
        a.text()
    );
}

#[tokio::test]
async fn graceful_shutdown_drains_an_in_flight_stream() {
    let mock = Mock::start(|_| Reply::Sse {
        body: SSE.to_owned(),
        delay: Duration::from_millis(5),
        reset: false,
    })
    .await;
    let mut veil = Veil::start(&mock, "").await;
    let req = Request::get(veil.url("/v1/models"))
        .body(Full::new(Bytes::new()))
        .unwrap();
    let resp = client().request(req).await.unwrap();
    let mut body = resp.into_body();
    let first = body.frame().await.unwrap().unwrap().into_data().unwrap();
    assert!(!first.is_empty());
    let server = veil.server.take().unwrap();
    let addr = veil.addr;
    let drained = tokio::spawn(server.shutdown());
    let rest = body.collect().await.unwrap().to_bytes();
    let mut all = first.to_vec();
    all.extend_from_slice(&rest);
    assert_eq!(
        String::from_utf8(all).unwrap(),
        SSE,
        "stream completed during drain"
    );
    tokio::time::timeout(Duration::from_secs(5), drained)
        .await
        .expect("drain finished")
        .unwrap();
    assert!(TcpStream::connect(addr).await.is_err(), "listener closed");
}

/// Connections are handed to the serving threads in turn; shutdown drains
/// the streams in flight on every thread, not only on the caller's.
#[tokio::test]
async fn graceful_shutdown_drains_streams_on_every_serving_thread() {
    let mock = Mock::start(|_| Reply::Sse {
        body: SSE.to_owned(),
        delay: Duration::from_millis(5),
        reset: false,
    })
    .await;
    let mut veil = Veil::start(&mock, "[server]\nthreads = 3\n").await;
    let mut bodies = Vec::new();
    for _ in 0..3 {
        // A client each: one connection each, so one per serving thread.
        let req = Request::get(veil.url("/v1/models"))
            .body(Full::new(Bytes::new()))
            .unwrap();
        let mut body = client().request(req).await.unwrap().into_body();
        let first = body.frame().await.unwrap().unwrap().into_data().unwrap();
        bodies.push((first, body));
    }
    let server = veil.server.take().unwrap();
    let addr = veil.addr;
    let drained = tokio::spawn(server.shutdown());
    for (first, body) in bodies {
        let rest = body.collect().await.unwrap().to_bytes();
        let mut all = first.to_vec();
        all.extend_from_slice(&rest);
        assert_eq!(String::from_utf8(all).unwrap(), SSE, "stream completed");
    }
    tokio::time::timeout(Duration::from_secs(5), drained)
        .await
        .expect("drain finished")
        .unwrap();
    assert!(TcpStream::connect(addr).await.is_err(), "listener closed");
}

/// With `max_concurrent_requests` in flight, the next request is refused at
/// once in the provider's shape and never forwarded; a stream holds its
/// slot until it ends.
#[tokio::test]
async fn requests_over_the_concurrency_limit_get_503_overloaded() {
    let mock = Mock::start(|seen| {
        if seen.path.ends_with("/models") {
            Reply::Sse {
                body: SSE.to_owned(),
                delay: Duration::from_millis(5),
                reset: false,
            }
        } else {
            Reply::Json(200, chat_reply("fine"))
        }
    })
    .await;
    // Two serving threads: the limit holds across them (each `call` opens a
    // new connection, and connections are handed to the threads in turn).
    let veil = Veil::start(
        &mock,
        "[server]\nthreads = 2\n[limits]\nmax_concurrent_requests = 1\n",
    )
    .await;
    let req = Request::get(veil.url("/v1/models"))
        .body(Full::new(Bytes::new()))
        .unwrap();
    let mut stream = client().request(req).await.unwrap().into_body();
    stream.frame().await.unwrap().unwrap();
    let chat = || {
        let url = veil.url("/v1/chat/completions");
        async move {
            let headers = [("authorization", "Bearer sk-app")];
            call(Method::POST, &url, &headers, CHAT.as_bytes()).await
        }
    };
    let a = chat().await;
    assert_eq!(a.status, 503);
    assert_eq!(a.json()["error"]["code"], "overloaded");
    let a = call(
        Method::POST,
        &veil.url("/v1/messages"),
        &[("x-api-key", "sk-ant-app")],
        MESSAGES.as_bytes(),
    )
    .await;
    assert_eq!(a.status, 503);
    assert_eq!(a.json()["type"], "error");
    assert_eq!(mock.seen().len(), 1, "refused requests are not forwarded");
    let health = call(Method::GET, &veil.url("/healthz"), &[], b"").await;
    assert_eq!(health.status, 200, "health checks are not limited");
    stream.collect().await.unwrap();
    // The slot is released as the stream ends; the next request may race
    // that release by a moment, so allow it a few tries.
    let mut status = StatusCode::SERVICE_UNAVAILABLE;
    for _ in 0..50 {
        status = chat().await.status;
        if status == StatusCode::OK {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert_eq!(status, StatusCode::OK);
}

// === command line ===

fn veil_bin() -> std::process::Command {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_veil"));
    for var in [
        "VEIL_CONFIG",
        "VEIL_LISTEN",
        "VEIL_REDIS_URL",
        "VEIL_OPENAI_UPSTREAM",
    ] {
        cmd.env_remove(var);
    }
    cmd
}

#[test]
fn check_config_names_the_bad_field() {
    let dir = std::env::temp_dir().join(format!("veil-proxy-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("bad.toml");
    std::fs::write(&bad, "[[tenants]]\nid = \"a\"\napi_key_sha256 = [\"00\"]\n").unwrap();
    let out = veil_bin()
        .args(["check", "--config"])
        .arg(&bad)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(64));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("tenants[0].api_key_sha256[0]"), "{err}");
    let good = dir.join("good.toml");
    std::fs::write(&good, "listen = \"127.0.0.1:0\"\n").unwrap();
    let out = veil_bin()
        .args(["check", "--config"])
        .arg(&good)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("config: 1 listener(s), 1 tenant(s)"));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn check_config_refuses_an_unusable_ca_file() {
    let dir = std::env::temp_dir().join(format!("veil-proxy-ca-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let not_pem = dir.join("not-a-ca.pem");
    std::fs::write(&not_pem, "just text\n").unwrap();
    let pki = Pki::new();
    for (ca, why) in [
        (dir.join("missing.pem"), "cannot read"),
        (not_pem, "no `BEGIN CERTIFICATE` block"),
        (pki.ca_file.clone(), ""),
    ] {
        let config = dir.join("veil.toml");
        std::fs::write(
            &config,
            format!(
                "[upstreams]\nextra_ca_certs = [{:?}]\n",
                ca.display().to_string()
            ),
        )
        .unwrap();
        let out = veil_bin()
            .args(["check", "--config"])
            .arg(&config)
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        if why.is_empty() {
            assert!(out.status.success(), "a usable CA file: {err}");
        } else {
            assert_eq!(out.status.code(), Some(64), "{err}");
            assert!(err.contains("upstreams.extra_ca_certs[0]"), "{err}");
            assert!(err.contains(why), "{err}");
        }
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test]
async fn serve_binary_answers_and_stops_on_sigterm() {
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_veil"))
        .arg("serve")
        .env("VEIL_LISTEN", format!("127.0.0.1:{port}"))
        .env_remove("VEIL_CONFIG")
        .env_remove("VEIL_REDIS_URL")
        .env("VEIL_LOG", "warn")
        .spawn()
        .unwrap();
    let url = format!("http://127.0.0.1:{port}/healthz");
    let mut up = false;
    // Generous: a debug build compiling its rules on a loaded 2-core box.
    for _ in 0..600 {
        if TcpStream::connect(("127.0.0.1", port)).await.is_ok() {
            up = true;
            break;
        }
        if let Some(status) = child.try_wait().unwrap() {
            panic!("veil serve exited early: {status:?}");
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    if !up {
        let _ = child.kill();
        panic!("veil serve did not listen");
    }
    assert_eq!(call(Method::GET, &url, &[], b"").await.status, 200);
    let pid = child.id().to_string();
    let killed = std::process::Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .unwrap();
    assert!(killed.success());
    let mut status = None;
    for _ in 0..600 {
        status = child.try_wait().unwrap();
        if status.is_some() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let Some(status) = status else {
        let _ = child.kill();
        panic!("veil serve did not stop after SIGTERM");
    };
    assert!(status.success(), "{status:?}");
}

// === vault from config ===

#[tokio::test]
async fn open_vault_follows_the_config() {
    let memory = veil::app::open_vault(&Config::embedded_default())
        .await
        .unwrap();
    assert_eq!(memory.backend(), "memory");
    memory.ready().await.unwrap();
    let redis = RedisServer::start();
    let env = |k: &str| match k {
        "VEIL_REDIS_URL" => Some(redis.url()),
        "VEIL_MASTER_KEY" => Some("42".repeat(32)),
        _ => None,
    };
    let config = Config::from_toml("", &env).unwrap();
    let vault = veil::app::open_vault(&config).await.unwrap();
    assert_eq!(vault.backend(), "redis");
    vault.ready().await.unwrap();
}
