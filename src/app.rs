//! Wiring for `veil serve`: logging, the vault named by the config, the
//! server, and shutdown on SIGTERM / ctrl-c.

use std::sync::Arc;

use crate::config::Config;
use crate::proxy::{ServeError, Server, shutdown_signal};
use crate::vault::{ScopeId, ScopeMap, TenantId, Vault, VaultError, VaultFuture};

/// Why `veil serve` stopped with an error.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// The server could not start.
    #[error(transparent)]
    Serve(#[from] ServeError),
}

/// Installs the log subscriber: `VEIL_LOG` is an env-filter directive
/// (default `info`), output goes to stderr.
pub fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_env("VEIL_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    // A second call (tests) keeps the first subscriber.
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .try_init();
}

/// The vault backend the config names.
pub fn open_vault(_config: &Config) -> Arc<dyn Vault> {
    Arc::new(NoVault)
}

/// Serves until a shutdown signal, then drains.
pub async fn serve(config: Config) -> Result<(), AppError> {
    let vault = open_vault(&config);
    let server = Server::bind(config, vault).await?;
    shutdown_signal().await;
    tracing::info!("shutdown requested");
    server.shutdown().await;
    Ok(())
}

/// Stands in until the vault backends are wired in: never ready, refuses
/// every operation, so redacting routes fail closed and `/readyz` says so.
struct NoVault;

impl Vault for NoVault {
    fn assign<'a>(
        &'a self,
        _tenant: &'a TenantId,
        _scope: &'a ScopeId,
        _values: &'a [crate::vault::NewValue],
    ) -> VaultFuture<'a, Vec<crate::token::Token>> {
        Box::pin(async { Err(VaultError::NotReady("no vault backend".into())) })
    }

    fn load<'a>(&'a self, _tenant: &'a TenantId, _scope: &'a ScopeId) -> VaultFuture<'a, ScopeMap> {
        Box::pin(async { Err(VaultError::NotReady("no vault backend".into())) })
    }

    fn ready(&self) -> VaultFuture<'_, ()> {
        Box::pin(async { Err(VaultError::NotReady("no vault backend".into())) })
    }

    fn backend(&self) -> &'static str {
        "none"
    }
}
