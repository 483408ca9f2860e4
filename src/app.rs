//! Wiring for `veil serve`: logging, the vault named by the config, the
//! server, and shutdown on SIGTERM / ctrl-c.

use std::sync::Arc;

use crate::config::{Config, VaultConfig};
use crate::proxy::{ServeError, Server, shutdown_signal};
use crate::vault::{
    KeyRing, MemoryVault, MemoryVaultConfig, RedisVault, RedisVaultConfig, Vault, VaultError,
};

/// Why `veil serve` stopped with an error.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// The server could not start.
    #[error(transparent)]
    Serve(#[from] ServeError),
    /// The vault backend could not be opened.
    #[error("vault: {0}")]
    Vault(#[from] VaultError),
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

/// Opens the vault backend the config names: in-memory, or Redis (single
/// node or Cluster) with per-tenant keys derived from the master key.
pub async fn open_vault(config: &Config) -> Result<Arc<dyn Vault>, VaultError> {
    match &config.vault {
        VaultConfig::Memory {
            ttl,
            max_tokens_per_scope,
            max_bytes,
        } => Ok(Arc::new(MemoryVault::new(MemoryVaultConfig {
            ttl: *ttl,
            max_tokens_per_scope: *max_tokens_per_scope,
            max_bytes: *max_bytes,
        }))),
        VaultConfig::Redis {
            urls,
            cluster,
            prefix,
            ttl,
            max_tokens_per_scope,
            connect_timeout,
            op_timeout,
        } => {
            // Config validation requires the key for Redis; checked again
            // here so a hand-built Config cannot start without one.
            let master = config
                .master_key
                .as_ref()
                .ok_or_else(|| VaultError::NotReady("no master key configured".into()))?;
            let vault = RedisVault::connect(
                RedisVaultConfig {
                    urls: urls.clone(),
                    cluster: *cluster,
                    prefix: prefix.clone(),
                    ttl: *ttl,
                    max_tokens_per_scope: *max_tokens_per_scope,
                    connect_timeout: *connect_timeout,
                    op_timeout: *op_timeout,
                },
                KeyRing::new(*master.expose()),
            )
            .await?;
            Ok(Arc::new(vault))
        }
    }
}

/// Serves until a shutdown signal, then drains.
pub async fn serve(config: Config) -> Result<(), AppError> {
    let vault = open_vault(&config).await?;
    tracing::info!(
        backend = vault.backend(),
        tenants = config.tenants.len(),
        auth = ?config.auth,
        "vault open"
    );
    // Handlers first: a SIGTERM right after the port opens must drain.
    let stop = shutdown_signal();
    let server = Server::bind(config, vault).await?;
    stop.await;
    tracing::info!("shutdown requested");
    server.shutdown().await;
    Ok(())
}
