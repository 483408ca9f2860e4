//! A Redis connection (single node or Cluster) whose every operation ends
//! within a bounded time, and whose errors say what failed without quoting
//! anything (no values, no URLs, which may hold passwords).
//!
//! A multiplexed connection does not reconnect by itself, so the
//! [`Connector`] keeps one, drops it when an error shows it is broken, and
//! makes a new one on the next call. The hot path only clones the kept
//! connection under a short synchronous lock. Connecting is serialized by
//! an async mutex so a dead Redis sees one attempt at a time, not one per
//! request; the wait for it counts against the operation's deadline like
//! everything else.

use std::future::Future;
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use ::redis::aio::{ConnectionLike, MultiplexedConnection};
use ::redis::cluster::ClusterClient;
use ::redis::cluster_async::ClusterConnection;
use ::redis::cluster_routing::{MultipleNodeRoutingInfo, RoutingInfo};
use ::redis::{AsyncConnectionConfig, Client, Cmd, Pipeline, RedisError, RedisFuture, Value};

use crate::vault::VaultError;

/// A live connection of either kind; cheap to clone.
#[derive(Clone)]
pub(crate) enum Conn {
    Single(MultiplexedConnection),
    Cluster(ClusterConnection),
}

impl ConnectionLike for Conn {
    fn req_packed_command<'a>(&'a mut self, cmd: &'a Cmd) -> RedisFuture<'a, Value> {
        match self {
            Conn::Single(c) => c.req_packed_command(cmd),
            Conn::Cluster(c) => c.req_packed_command(cmd),
        }
    }

    fn req_packed_commands<'a>(
        &'a mut self,
        pipeline: &'a Pipeline,
        offset: usize,
        count: usize,
    ) -> RedisFuture<'a, Vec<Value>> {
        match self {
            Conn::Single(c) => c.req_packed_commands(pipeline, offset, count),
            Conn::Cluster(c) => c.req_packed_commands(pipeline, offset, count),
        }
    }

    fn get_db(&self) -> i64 {
        match self {
            Conn::Single(c) => c.get_db(),
            Conn::Cluster(c) => c.get_db(),
        }
    }
}

impl Conn {
    /// Runs `cmd` on every node (Cluster) or the one node, returning one
    /// reply per node. A node's error reply is returned as a value, not as
    /// an error, so the caller can tell "refused" from "unreachable".
    pub(crate) async fn on_every_node(&mut self, cmd: Cmd) -> Result<Vec<Value>, RedisError> {
        match self {
            Conn::Single(c) => match cmd.query_async::<Value>(c).await {
                Ok(v) => Ok(vec![v]),
                Err(e) => match e.try_into() {
                    Ok(server) => Ok(vec![Value::ServerError(server)]),
                    Err(e) => Err(e),
                },
            },
            Conn::Cluster(c) => {
                let routing = RoutingInfo::MultiNode((MultipleNodeRoutingInfo::AllNodes, None));
                match c.route_command(cmd, routing).await? {
                    // Without a response policy the cluster client answers
                    // with a map of node address → that node's reply.
                    Value::Map(per_node) => Ok(per_node.into_iter().map(|(_, v)| v).collect()),
                    other => Ok(vec![other]),
                }
            }
        }
    }
}

enum Target {
    Single(Client),
    // Boxed: a cluster client is twice a node client's size.
    Cluster(Box<ClusterClient>),
}

/// Makes and keeps a [`Conn`]; see the module docs.
pub(crate) struct Connector {
    target: Target,
    /// The connection in use; locked only to clone or replace it.
    current: Mutex<Option<Conn>>,
    /// Held while connecting.
    connecting: tokio::sync::Mutex<()>,
    connect_timeout: Duration,
    op_timeout: Duration,
}

impl Connector {
    /// A connector for one node (`cluster == false`, exactly one URL) or a
    /// Cluster reached through any of `urls`. Connects nothing yet.
    pub(crate) fn new(
        urls: &[String],
        cluster: bool,
        connect_timeout: Duration,
        op_timeout: Duration,
    ) -> Result<Connector, VaultError> {
        let target = if cluster {
            if urls.is_empty() {
                return Err(VaultError::NotReady(
                    "redis cluster configured without node urls".into(),
                ));
            }
            let client = ClusterClient::builder(urls.iter().map(String::as_str))
                .connection_timeout(connect_timeout)
                .response_timeout(op_timeout)
                .retries(2)
                .build()
                .map_err(|e| unavailable("cluster url", &e))?;
            Target::Cluster(Box::new(client))
        } else {
            let [url] = urls else {
                return Err(VaultError::NotReady(
                    "redis single node needs exactly one url (set cluster for several)".into(),
                ));
            };
            let client = Client::open(url.as_str()).map_err(|e| unavailable("url", &e))?;
            Target::Single(client)
        };
        Ok(Connector {
            target,
            current: Mutex::new(None),
            connecting: tokio::sync::Mutex::new(()),
            connect_timeout,
            op_timeout,
        })
    }

    /// True for a Cluster target.
    pub(crate) fn is_cluster(&self) -> bool {
        matches!(self.target, Target::Cluster(_))
    }

    /// Runs `op` on a connection, within the operation timeout. On an
    /// error that shows the connection is broken, it is dropped so the
    /// next call reconnects.
    pub(crate) async fn run<T, F, Fut>(&self, what: &'static str, op: F) -> Result<T, VaultError>
    where
        F: FnOnce(Conn) -> Fut,
        Fut: Future<Output = Result<T, RedisError>>,
    {
        let deadline = self.connect_timeout + self.op_timeout;
        let work = async {
            let conn = self.get().await?;
            match op(conn).await {
                Ok(v) => Ok(v),
                Err(e) => {
                    if e.is_io_error()
                        || e.is_connection_dropped()
                        || e.is_unrecoverable_error()
                        || e.is_timeout()
                    {
                        self.slot().take();
                    }
                    Err(unavailable(what, &e))
                }
            }
        };
        match tokio::time::timeout(deadline, work).await {
            Ok(r) => r,
            Err(_) => {
                // Whatever the connection was doing, do not trust it.
                self.slot().take();
                Err(VaultError::Unavailable(format!("redis {what}: timed out")))
            }
        }
    }

    /// The kept connection slot. A poisoned lock only means another
    /// thread panicked while cloning an `Option`; the value is still sound.
    fn slot(&self) -> MutexGuard<'_, Option<Conn>> {
        self.current.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The current connection, or a new one.
    async fn get(&self) -> Result<Conn, VaultError> {
        if let Some(c) = self.slot().as_ref() {
            return Ok(c.clone());
        }
        let _connecting = self.connecting.lock().await;
        // Someone else may have connected while this call waited.
        if let Some(c) = self.slot().as_ref() {
            return Ok(c.clone());
        }
        let made = tokio::time::timeout(self.connect_timeout, self.connect())
            .await
            .map_err(|_| VaultError::Unavailable("redis connect: timed out".into()))?
            .map_err(|e| unavailable("connect", &e))?;
        *self.slot() = Some(made.clone());
        Ok(made)
    }

    async fn connect(&self) -> Result<Conn, RedisError> {
        match &self.target {
            Target::Single(client) => {
                let cfg = AsyncConnectionConfig::new()
                    .set_connection_timeout(Some(self.connect_timeout))
                    .set_response_timeout(Some(self.op_timeout));
                client
                    .get_multiplexed_async_connection_with_config(&cfg)
                    .await
                    .map(Conn::Single)
            }
            Target::Cluster(client) => client.get_async_connection().await.map(Conn::Cluster),
        }
    }
}

/// An `Unavailable` naming the operation and the error's kind only: a
/// Redis error's text can quote a URL (with its password) or a reply.
pub(crate) fn unavailable(what: &'static str, e: &RedisError) -> VaultError {
    let kind = if e.is_timeout() {
        "timed out".to_owned()
    } else if e.is_connection_refusal() {
        "connection refused".to_owned()
    } else if e.is_io_error() || e.is_connection_dropped() {
        "connection lost".to_owned()
    } else {
        match e.code() {
            // Server error codes are single upper-case words (OOM, NOSCRIPT,
            // CLUSTERDOWN…), never data; anything else is not printed.
            Some(code) if code.len() <= 32 && code.bytes().all(|b| b.is_ascii_uppercase()) => {
                format!("server error {code}")
            }
            _ => format!("{:?}", e.kind())
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric())
                .collect(),
        }
    };
    VaultError::Unavailable(format!("redis {what}: {kind}"))
}
