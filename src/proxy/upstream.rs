//! The upstream leg: one pooled client over rustls for every provider.
//!
//! TLS trusts the webpki roots plus any `upstreams.extra_ca_certs` (or only
//! those, with `webpki_roots = false`), speaks TLS 1.3 only unless
//! `upstreams.tls_min_version = "1.2"`, and offers h2 and http/1.1 by ALPN
//! (h2 is used when the server picks it). Plain http is only reachable for
//! origins the config accepted (loopback, or explicitly allowed).
//! TCP_NODELAY is set so small SSE writes are not held back by Nagle.
//!
//! A failed handshake is a 502 naming the TLS failure (untrusted
//! certificate, or no common protocol version), never a retry over a weaker
//! channel; the rustls reason is logged for the operator.
//!
//! Headers: hop-by-hop headers (RFC 9110 §7.6.1, plus any named by
//! `Connection`) are dropped both ways; `accept-encoding: identity` is asked
//! for so responses can be rewritten without decompressing; the body length
//! is set from the (possibly rewritten) body.

use std::error::Error as StdError;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use http::header::{self, HeaderMap, HeaderName, HeaderValue};
use http::{Method, Request, Response, Uri};
use http_body_util::Full;
use hyper::body::Incoming;
use hyper_rustls::HttpsConnector;
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use rustls::{ClientConfig, RootCertStore};

use super::rescue::ProxyError;
use crate::config::{TlsVersion, UpstreamTls};

/// Headers that describe one connection, never forwarded. Named by
/// constant, not by string: a `&str` lookup parses the name every time, and
/// these checks run for every request and response.
static HOP_BY_HOP: [HeaderName; 9] = [
    header::CONNECTION,
    HeaderName::from_static("keep-alive"),
    HeaderName::from_static("proxy-connection"),
    header::PROXY_AUTHENTICATE,
    header::PROXY_AUTHORIZATION,
    header::TE,
    header::TRAILER,
    header::TRANSFER_ENCODING,
    header::UPGRADE,
];

/// Headers veil itself consumes, never forwarded upstream.
static VEIL_HEADERS: [HeaderName; 1] = [HeaderName::from_static("x-veil-conversation")];

/// Why the upstream client could not be built.
#[derive(Debug, thiserror::Error)]
pub enum UpstreamBuildError {
    /// rustls refused the protocol configuration.
    #[error("TLS setup failed: {0}")]
    Tls(#[from] rustls::Error),
}

/// The pooled upstream client.
#[derive(Clone, Debug)]
pub struct Upstream {
    client: Client<HttpsConnector<HttpConnector>, Full<Bytes>>,
    connector: HttpsConnector<HttpConnector>,
}

impl Upstream {
    /// A client with the given TCP/TLS connect timeout and TLS settings.
    pub fn new(
        connect_timeout: Duration,
        tls: &UpstreamTls,
    ) -> Result<Upstream, UpstreamBuildError> {
        Ok(Upstream::with_connector(connector(connect_timeout, tls)?))
    }

    fn with_connector(connector: HttpsConnector<HttpConnector>) -> Upstream {
        let client = Client::builder(TokioExecutor::new())
            .pool_idle_timeout(Duration::from_secs(90))
            .build(connector.clone());
        Upstream { client, connector }
    }

    /// A client with the same settings and a pool of its own. A pooled
    /// connection's task runs on the runtime that opened it, so each
    /// serving thread gets its own pool: its requests then never hand
    /// their I/O to another thread (no cross-thread wake-ups per request).
    pub fn with_own_pool(&self) -> Upstream {
        Upstream::with_connector(self.connector.clone())
    }

    /// Sends one request and returns the response head with its streaming
    /// body.
    pub async fn send(
        &self,
        method: Method,
        uri: Uri,
        headers: HeaderMap,
        body: Bytes,
    ) -> Result<Response<Incoming>, ProxyError> {
        let mut req = Request::builder()
            .method(method)
            .uri(uri)
            .body(Full::new(body))
            .map_err(|_| ProxyError::Upstream("could not be addressed"))?;
        *req.headers_mut() = headers;
        self.client.request(req).await.map_err(|e| {
            if let Some(tls) = rustls_error(&e) {
                // Certificate and protocol reasons name no request data.
                tracing::warn!(error = %tls, "upstream TLS handshake failed");
                match tls {
                    rustls::Error::InvalidCertificate(_) => {
                        ProxyError::UpstreamTls("presented a TLS certificate veil does not trust")
                    }
                    _ => ProxyError::UpstreamTls("failed the TLS handshake"),
                }
            } else if e.is_connect() {
                ProxyError::Upstream("could not be reached")
            } else {
                ProxyError::Upstream("closed the connection")
            }
        })
    }
}

/// The connector under the pool: TCP (nodelay, keepalive, timeout), then
/// TLS for `https` origins.
fn connector(
    connect_timeout: Duration,
    tls: &UpstreamTls,
) -> Result<HttpsConnector<HttpConnector>, UpstreamBuildError> {
    let mut http = HttpConnector::new();
    http.enforce_http(false);
    http.set_nodelay(true);
    http.set_connect_timeout(Some(connect_timeout));
    http.set_keepalive(Some(Duration::from_secs(60)));
    Ok(hyper_rustls::HttpsConnectorBuilder::new()
        .with_tls_config(client_config(tls)?)
        .https_or_http()
        .enable_http1()
        .enable_http2()
        .wrap_connector(http))
}

/// The rustls client config: roots and versions from `tls`; ALPN is left
/// empty for the connector builder to fill (h2, http/1.1).
fn client_config(tls: &UpstreamTls) -> Result<ClientConfig, UpstreamBuildError> {
    let roots = root_store(tls)?;
    let versions: &[&rustls::SupportedProtocolVersion] = match tls.min_version {
        TlsVersion::Tls13 => &[&rustls::version::TLS13],
        TlsVersion::Tls12 => &[&rustls::version::TLS13, &rustls::version::TLS12],
    };
    Ok(
        ClientConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
            .with_protocol_versions(versions)?
            .with_root_certificates(roots)
            .with_no_client_auth(),
    )
}

/// The trust anchors: the webpki roots unless turned off, plus the
/// configured private CAs.
fn root_store(tls: &UpstreamTls) -> Result<RootCertStore, UpstreamBuildError> {
    let mut roots = RootCertStore::empty();
    if tls.webpki_roots {
        roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
    }
    for cert in &tls.extra_roots {
        roots.add(cert.clone())?;
    }
    Ok(roots)
}

/// The rustls error behind a client error, if the TLS handshake failed.
/// hyper-rustls wraps it in two `io::Error`s, whose `source()` skips the
/// payload, so each one is opened with `get_ref`.
fn rustls_error<'a>(e: &'a (dyn StdError + 'static)) -> Option<&'a rustls::Error> {
    let mut next = Some(e);
    while let Some(e) = next {
        if let Some(tls) = e.downcast_ref::<rustls::Error>() {
            return Some(tls);
        }
        let wrapped = e
            .downcast_ref::<std::io::Error>()
            .and_then(|io| io.get_ref())
            .and_then(|inner| rustls_error(inner));
        if wrapped.is_some() {
            return wrapped;
        }
        next = e.source();
    }
    None
}

/// Removes hop-by-hop headers, and those the `Connection` header names.
pub fn strip_hop_by_hop(headers: &mut HeaderMap) {
    for name in connection_named(headers) {
        headers.remove(name);
    }
    for name in &HOP_BY_HOP {
        headers.remove(name);
    }
}

/// The header names listed in `Connection` (usually none, so no allocation).
fn connection_named(headers: &HeaderMap) -> Vec<HeaderName> {
    headers
        .get_all(header::CONNECTION)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(|n| HeaderName::from_bytes(n.trim().as_bytes()).ok())
        .collect()
}

/// The headers to send upstream, from the client's: hop-by-hop, `host`,
/// veil's own and `content-length` removed (the caller sets the length of
/// the body it sends), `accept-encoding: identity` so responses can be
/// rewritten.
pub fn request_headers(client: &HeaderMap) -> HeaderMap {
    let named = connection_named(client);
    let dropped = |name: &HeaderName| {
        name == header::HOST
            || name == header::CONTENT_LENGTH
            || name == header::ACCEPT_ENCODING
            || HOP_BY_HOP.contains(name)
            || VEIL_HEADERS.contains(name)
            || named.contains(name)
    };
    // Built by copying what is kept rather than cloning and removing: one
    // pass, and no lookups of names that are not there.
    let mut h = HeaderMap::with_capacity(client.keys_len() + 1);
    for (name, value) in client {
        if !dropped(name) {
            h.append(name.clone(), value.clone());
        }
    }
    h.insert(
        header::ACCEPT_ENCODING,
        HeaderValue::from_static("identity"),
    );
    h
}

#[cfg(test)]
mod tests {
    use super::*;
    use hyper_rustls::MaybeHttpsStream;
    use tower::ServiceExt;

    #[tokio::test]
    async fn upstream_sockets_have_nodelay() {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let uri: Uri = format!("http://{}/", listener.local_addr().unwrap())
            .parse()
            .unwrap();
        let connector = connector(Duration::from_secs(5), &UpstreamTls::default()).unwrap();
        let stream = connector.oneshot(uri).await.unwrap();
        let MaybeHttpsStream::Http(tcp) = stream else {
            panic!("an http origin gets a plain TCP stream");
        };
        // The TLS leg wraps this same TCP connector.
        assert!(tcp.inner().nodelay().unwrap(), "TCP_NODELAY not set");
    }

    #[test]
    fn private_cas_are_added_to_the_webpki_roots_unless_they_replace_them() {
        let key = rcgen::KeyPair::generate().unwrap();
        let mut ca = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
        ca.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
        let ca = ca.self_signed(&key).unwrap().der().clone();
        let webpki = webpki_roots::TLS_SERVER_ROOTS.len();
        assert!(webpki > 100, "the Mozilla program, not an empty list");
        let mut tls = UpstreamTls::default();
        assert_eq!(root_store(&tls).unwrap().len(), webpki);
        tls.extra_roots = vec![ca];
        assert_eq!(root_store(&tls).unwrap().len(), webpki + 1);
        tls.webpki_roots = false;
        assert_eq!(root_store(&tls).unwrap().len(), 1);
    }

    #[test]
    fn hop_by_hop_and_connection_named_headers_are_dropped() {
        let mut h = HeaderMap::new();
        h.insert("connection", "keep-alive, x-private".parse().unwrap());
        h.insert("x-private", "1".parse().unwrap());
        h.insert("transfer-encoding", "chunked".parse().unwrap());
        h.insert("host", "veil:8080".parse().unwrap());
        h.insert("content-length", "99".parse().unwrap());
        h.insert("accept-encoding", "gzip, br".parse().unwrap());
        h.insert("x-veil-conversation", "c1".parse().unwrap());
        h.insert("openai-beta", "assistants=v2".parse().unwrap());
        h.append("x-multi", "a".parse().unwrap());
        h.append("x-multi", "b".parse().unwrap());
        let out = request_headers(&h);
        let multi: Vec<_> = out.get_all("x-multi").iter().collect();
        assert_eq!(
            multi,
            ["a", "b"],
            "repeated headers keep every value, in order"
        );
        for gone in [
            "connection",
            "x-private",
            "transfer-encoding",
            "host",
            "x-veil-conversation",
        ] {
            assert!(!out.contains_key(gone), "{gone}");
        }
        assert!(!out.contains_key("content-length"));
        assert_eq!(out["accept-encoding"], "identity");
        assert_eq!(out["openai-beta"], "assistants=v2");
    }
}
