"""Fixtures: the mock upstream and a `veil serve` process in front of it."""

import os
import socket
import subprocess
import time
import urllib.request

import pytest

import mock_upstream


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def upstream():
    server, recorder = mock_upstream.start()
    yield server, recorder
    server.shutdown()


@pytest.fixture(scope="session")
def veil_url(upstream):
    server, _ = upstream
    binary = os.environ.get("VEIL_BIN")
    assert binary and os.path.exists(binary), "set VEIL_BIN to a built veil binary (scripts/test-sdk does)"
    port = free_port()
    origin = f"http://127.0.0.1:{server.server_address[1]}"
    env = {
        **os.environ,
        "VEIL_LISTEN": f"127.0.0.1:{port}",
        "VEIL_OPENAI_UPSTREAM": origin,
        "VEIL_ANTHROPIC_UPSTREAM": origin,
    }
    for var in ("VEIL_CONFIG", "VEIL_REDIS_URL"):
        env.pop(var, None)
    proc = subprocess.Popen([binary, "serve"], env=env)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=1) as r:
                if r.status == 200:
                    break
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            pytest.fail("veil serve did not become healthy")
        time.sleep(0.05)
    yield url
    proc.terminate()
    proc.wait(timeout=30)


@pytest.fixture
def recorder(upstream):
    _, rec = upstream
    with rec.lock:
        rec.requests.clear()
    return rec
