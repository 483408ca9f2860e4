//! Trust and protocol settings of the upstream TLS leg (`[upstreams]`
//! `extra_ca_certs`, `webpki_roots`, `tls_min_version`).
//!
//! Certificates are read and checked here, at load time, so a missing file,
//! a file without certificates or a certificate that cannot be a trust
//! anchor stops startup (and `veil check --config`) with the field named,
//! instead of surfacing as a 502 on the first request.

use std::path::Path;

use rustls::RootCertStore;
use rustls::pki_types::CertificateDer;
use rustls::pki_types::pem::PemObject;

use super::ConfigError;
use super::file::FileUpstreams;

/// The lowest TLS version veil speaks to an upstream.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TlsVersion {
    /// TLS 1.2 and 1.3: for gateways and egress proxies that still
    /// terminate TLS 1.2.
    Tls12,
    /// TLS 1.3 only (the default; both providers' APIs speak it).
    #[default]
    Tls13,
}

/// How veil authenticates upstream servers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UpstreamTls {
    /// Trust anchors added to (or, without `webpki_roots`, replacing) the
    /// built-in roots: private CAs of corporate egress proxies and internal
    /// gateways. Each was accepted by rustls as a trust anchor at load.
    pub extra_roots: Vec<CertificateDer<'static>>,
    /// Trust the Mozilla root program (the `webpki-roots` crate).
    pub webpki_roots: bool,
    /// The lowest protocol version offered.
    pub min_version: TlsVersion,
}

impl Default for UpstreamTls {
    fn default() -> Self {
        UpstreamTls {
            extra_roots: Vec::new(),
            webpki_roots: true,
            min_version: TlsVersion::Tls13,
        }
    }
}

/// Validates the TLS part of `[upstreams]`.
pub(crate) fn upstream_tls(f: &FileUpstreams) -> Result<UpstreamTls, ConfigError> {
    let mut extra_roots = Vec::new();
    for (i, path) in f.extra_ca_certs.iter().flatten().enumerate() {
        extra_roots.extend(read_ca_file(
            &format!("upstreams.extra_ca_certs[{i}]"),
            Path::new(path),
        )?);
    }
    let webpki_roots = f.webpki_roots.unwrap_or(true);
    if !webpki_roots && extra_roots.is_empty() {
        return Err(ConfigError::invalid(
            "upstreams.webpki_roots",
            "false needs upstreams.extra_ca_certs, or no upstream could be trusted",
        ));
    }
    let min_version = match f.tls_min_version.as_deref() {
        None | Some("1.3") => TlsVersion::Tls13,
        Some("1.2") => TlsVersion::Tls12,
        Some(other) => {
            return Err(ConfigError::invalid(
                "upstreams.tls_min_version",
                format!("`{other}` is not supported (known: \"1.2\", \"1.3\")"),
            ));
        }
    };
    Ok(UpstreamTls {
        extra_roots,
        webpki_roots,
        min_version,
    })
}

/// Every certificate of one PEM file, each checked as a trust anchor.
fn read_ca_file(field: &str, path: &Path) -> Result<Vec<CertificateDer<'static>>, ConfigError> {
    let shown = path.display();
    let pem = std::fs::read(path)
        .map_err(|e| ConfigError::invalid(field, format!("cannot read {shown}: {e}")))?;
    let certs = CertificateDer::pem_slice_iter(&pem)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| ConfigError::invalid(field, format!("{shown}: {}", pem_problem(&e))))?;
    if certs.is_empty() {
        return Err(ConfigError::invalid(
            field,
            format!("{shown} holds no `BEGIN CERTIFICATE` block"),
        ));
    }
    // The same check the upstream client's root store makes, done once
    // here so a bad anchor is a config error, not a failed connection.
    let mut store = RootCertStore::empty();
    for (n, cert) in certs.iter().enumerate() {
        store.add(cert.clone()).map_err(|e| {
            ConfigError::invalid(
                field,
                format!(
                    "certificate {} of {shown} is not usable as a CA: {e}",
                    n + 1
                ),
            )
        })?;
    }
    Ok(certs)
}

/// A PEM error without the bytes it may quote: the file may be a key
/// pasted in the wrong place.
fn pem_problem(e: &rustls::pki_types::pem::Error) -> &'static str {
    use rustls::pki_types::pem::Error;
    match e {
        Error::MissingSectionEnd { .. } => "a PEM block has no END line",
        Error::IllegalSectionStart { .. } => "a PEM BEGIN line is malformed",
        Error::Base64Decode(_) => "a PEM block is not valid base64",
        Error::SectionTooLarge => "a PEM block is too large",
        _ => "not valid PEM",
    }
}
