//! Real Redis servers for tests: one node, or a 3-node Cluster, each on
//! free loopback ports with its own temporary directory, never persisting,
//! and killed when dropped.
//!
//! `redis-server` and `redis-cli` must be on PATH; `scripts/test` installs
//! them (Debian package `redis-server`) when it runs as root.

use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread::sleep;
use std::time::{Duration, Instant};

static NEXT_DIR: AtomicUsize = AtomicUsize::new(0);

/// A free loopback TCP port (free when asked; good enough for tests, and
/// [`RedisServer::start_with`] retries on a clash).
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("no free loopback port")
}

fn require(tool: &str) {
    let found = Command::new(tool)
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    assert!(
        found,
        "{tool} not found on PATH: install Redis (Debian: apt-get install -y redis-server; \
         scripts/test does this when run as root)"
    );
}

/// One `redis-server` process.
pub struct RedisServer {
    child: Child,
    port: u16,
    dir: PathBuf,
}

impl RedisServer {
    /// A plain server (`maxmemory-policy noeviction`, Redis' default).
    pub fn start() -> RedisServer {
        RedisServer::start_with(&[])
    }

    /// A server with extra `redis-server` arguments (`--name value` pairs).
    pub fn start_with(extra: &[&str]) -> RedisServer {
        let mut last_log = String::new();
        for _ in 0..5 {
            match RedisServer::try_start(free_port(), extra) {
                Ok(server) => return server,
                // Most likely another process took the port meanwhile.
                Err(log) => last_log = log,
            }
        }
        panic!("redis-server did not start; last log:\n{last_log}");
    }

    /// A plain server on `port` (to bring a killed server back).
    pub fn start_on(port: u16) -> RedisServer {
        RedisServer::try_start(port, &[])
            .unwrap_or_else(|log| panic!("redis-server did not start; log:\n{log}"))
    }

    /// Starts a server and waits until it answers; its log on failure.
    fn try_start(port: u16, extra: &[&str]) -> Result<RedisServer, String> {
        require("redis-server");
        require("redis-cli");
        let dir = std::env::temp_dir().join(format!(
            "veil-redis-{}-{}-{}",
            std::process::id(),
            port,
            NEXT_DIR.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&dir).expect("create redis temp dir");
        let log = dir.join("redis.log");
        let child = Command::new("redis-server")
            .args(["--port", &port.to_string()])
            .args(["--bind", "127.0.0.1"])
            .args(["--save", ""])
            .args(["--appendonly", "no"])
            .arg("--dir")
            .arg(&dir)
            .arg("--logfile")
            .arg(&log)
            .args(extra)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn redis-server");
        let mut server = RedisServer { child, port, dir };
        if server.wait_ready(Duration::from_secs(10)) {
            Ok(server)
        } else {
            // Dropping the server kills it and removes its directory.
            Err(std::fs::read_to_string(&log).unwrap_or_default())
        }
    }

    fn wait_ready(&mut self, limit: Duration) -> bool {
        let start = Instant::now();
        while start.elapsed() < limit {
            if let Ok(Some(_)) = self.child.try_wait() {
                return false;
            }
            if TcpStream::connect(("127.0.0.1", self.port)).is_ok() && self.cli(&["PING"]) == "PONG"
            {
                return true;
            }
            sleep(Duration::from_millis(20));
        }
        false
    }

    /// The server's port.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// `redis://127.0.0.1:<port>`.
    pub fn url(&self) -> String {
        format!("redis://127.0.0.1:{}", self.port)
    }

    /// Runs `redis-cli` against this server; its trimmed stdout.
    pub fn cli(&self, args: &[&str]) -> String {
        let out = Command::new("redis-cli")
            .args(["-h", "127.0.0.1", "-p", &self.port.to_string()])
            .args(args)
            .stdin(Stdio::null())
            .output()
            .expect("run redis-cli");
        String::from_utf8_lossy(&out.stdout).trim().to_owned()
    }

    /// A plain (non-cluster) synchronous connection for inspection.
    pub fn connection(&self) -> redis::Connection {
        redis::Client::open(self.url())
            .and_then(|c| c.get_connection())
            .expect("connect to test redis")
    }

    /// Kills the server now (to test a Redis that went away).
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for RedisServer {
    fn drop(&mut self) {
        self.kill();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Three `redis-server`s joined into a Cluster (no replicas).
pub struct RedisCluster {
    /// The nodes, each owning a third of the slots.
    pub nodes: Vec<RedisServer>,
}

impl RedisCluster {
    /// Starts three nodes, creates the cluster and waits until every node
    /// reports `cluster_state:ok`.
    pub fn start() -> RedisCluster {
        let nodes: Vec<RedisServer> = (0..3)
            .map(|_| {
                let bus = free_port().to_string();
                RedisServer::start_with(&[
                    "--cluster-enabled",
                    "yes",
                    "--cluster-config-file",
                    "nodes.conf",
                    "--cluster-port",
                    &bus,
                    "--cluster-node-timeout",
                    "5000",
                ])
            })
            .collect();
        let addrs: Vec<String> = nodes
            .iter()
            .map(|n| format!("127.0.0.1:{}", n.port()))
            .collect();
        let out = Command::new("redis-cli")
            .arg("--cluster")
            .arg("create")
            .args(&addrs)
            .args(["--cluster-replicas", "0", "--cluster-yes"])
            .stdin(Stdio::null())
            .output()
            .expect("run redis-cli --cluster create");
        assert!(
            out.status.success(),
            "cluster create failed: {}",
            String::from_utf8_lossy(&out.stdout)
        );
        let start = Instant::now();
        loop {
            let ok = nodes.iter().all(|n| {
                let info = n.cli(&["CLUSTER", "INFO"]);
                info.contains("cluster_state:ok")
                    && info.contains("cluster_slots_ok:16384")
                    && info.contains("cluster_known_nodes:3")
            });
            if ok {
                break;
            }
            assert!(
                start.elapsed() < Duration::from_secs(30),
                "cluster did not reach cluster_state:ok"
            );
            sleep(Duration::from_millis(50));
        }
        RedisCluster { nodes }
    }

    /// Every node's URL (any of them seeds a cluster client).
    pub fn urls(&self) -> Vec<String> {
        self.nodes.iter().map(RedisServer::url).collect()
    }

    /// A cluster-aware synchronous connection for inspection.
    pub fn connection(&self) -> redis::cluster::ClusterConnection {
        redis::cluster::ClusterClient::new(self.urls())
            .and_then(|c| c.get_connection())
            .expect("connect to test cluster")
    }
}
