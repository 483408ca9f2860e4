//! An upstream origin: `scheme://host[:port][/path/prefix]` (DESIGN §3).

use std::fmt;

use http::Uri;
use http::uri::{Authority, PathAndQuery, Scheme};

use super::ConfigError;

/// Where a provider's requests go. The path veil received is appended to
/// `path_prefix`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    scheme: Scheme,
    authority: Authority,
    /// Empty, or `/` followed by segments, without a trailing `/`.
    path_prefix: String,
}

impl Default for Origin {
    fn default() -> Self {
        Origin {
            scheme: Scheme::HTTPS,
            authority: Authority::from_static("localhost"),
            path_prefix: String::new(),
        }
    }
}

impl Origin {
    /// Parses an origin written at `field`. Plain `http` is accepted for
    /// loopback hosts (local mocks, sidecar tests) and elsewhere only with
    /// `allow_plain_http`, since it would send prompts in clear text.
    pub fn parse(field: &str, text: &str, allow_plain_http: bool) -> Result<Origin, ConfigError> {
        let bad = |why: &str| ConfigError::invalid(field, format!("`{text}`: {why}"));
        let uri: Uri = text.trim().parse().map_err(|_| bad("not a URL"))?;
        let scheme = uri
            .scheme()
            .cloned()
            .ok_or_else(|| bad("scheme:// missing"))?;
        let authority = uri
            .authority()
            .cloned()
            .ok_or_else(|| bad("host missing"))?;
        if uri.query().is_some() {
            return Err(bad("an origin has no query"));
        }
        if authority.as_str().contains('@') {
            return Err(bad("credentials in the URL are not supported"));
        }
        if scheme == Scheme::HTTP {
            let host = authority.host();
            let loopback = host == "localhost"
                || host
                    .trim_matches(['[', ']'])
                    .parse::<std::net::IpAddr>()
                    .is_ok_and(|ip| ip.is_loopback());
            if !loopback && !allow_plain_http {
                return Err(bad(
                    "plain http only for loopback hosts (set upstreams.allow_plain_http)",
                ));
            }
        } else if scheme != Scheme::HTTPS {
            return Err(bad("scheme must be http or https"));
        }
        let path_prefix = uri.path().trim_end_matches('/').to_owned();
        Ok(Origin {
            scheme,
            authority,
            path_prefix,
        })
    }

    /// The upstream URI for `path_and_query` (which starts with `/`).
    pub fn join(&self, path_and_query: &str) -> Result<Uri, http::Error> {
        let pq: PathAndQuery = format!("{}{}", self.path_prefix, path_and_query).parse()?;
        Uri::builder()
            .scheme(self.scheme.clone())
            .authority(self.authority.clone())
            .path_and_query(pq)
            .build()
    }

    /// The `host[:port]` part, for the upstream `Host` header.
    pub fn authority(&self) -> &Authority {
        &self.authority
    }

    /// True for `https`.
    pub fn is_tls(&self) -> bool {
        self.scheme == Scheme::HTTPS
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}://{}{}",
            self.scheme, self.authority, self.path_prefix
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn join_appends_the_path_to_the_prefix() {
        let o = Origin::parse("f", "https://gw.example.com:8443/openai/", false).unwrap();
        assert_eq!(
            o.join("/v1/models?limit=2").unwrap().to_string(),
            "https://gw.example.com:8443/openai/v1/models?limit=2"
        );
        let o = Origin::parse("f", "http://127.0.0.1:9000", false).unwrap();
        assert_eq!(
            o.join("/v1/messages").unwrap().to_string(),
            "http://127.0.0.1:9000/v1/messages"
        );
    }

    #[test]
    fn plain_http_only_for_loopback_unless_allowed() {
        let err = Origin::parse("upstreams.openai", "http://api.example.com", false).unwrap_err();
        assert!(err.to_string().starts_with("upstreams.openai:"), "{err}");
        assert!(Origin::parse("f", "http://api.example.com", true).is_ok());
        assert!(Origin::parse("f", "http://[::1]:80", false).is_ok());
        assert!(Origin::parse("f", "http://localhost:80", false).is_ok());
        for bad in [
            "ftp://x",
            "api.openai.com",
            "https://x/?q=1",
            "https://u:p@x",
        ] {
            assert!(Origin::parse("f", bad, true).is_err(), "{bad}");
        }
    }
}
