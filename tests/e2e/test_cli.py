"""The `cumulo` command as users and testcontainers run it."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import urllib.request

from cumulo.testing import free_port


def start(args: list[str], env: dict[str, str] | None = None) -> tuple[subprocess.Popen[str], list[str]]:
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env={**os.environ, **(env or {})})
    lines = []
    assert proc.stdout is not None
    for line in proc.stdout:
        lines.append(line.rstrip())
        if line.strip() == "Ready.":
            break
    return proc, lines


def test_python_dash_m_prints_url_then_ready_and_stops_on_sigterm() -> None:
    port = free_port()
    proc, lines = start([sys.executable, "-m", "cumulo"], {"CUMULO_PORT": str(port)})
    try:
        assert lines[-1] == "Ready."
        assert f"http://127.0.0.1:{port}" in lines[-2]
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/_cumulo/health") as r:
            assert r.status == 200
            assert json.loads(r.read())["models_loaded"] == []  # no model is read at start-up
    finally:
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=10) == 0


def test_flags_override_env_and_requests_are_logged() -> None:
    port = free_port()
    proc, lines = start([sys.executable, "-m", "cumulo", "serve", "--port", str(port), "--log-level", "info"], {"CUMULO_PORT": "1"})
    try:
        assert f":{port}" in lines[-2]
        body = b"Action=GetCallerIdentity&Version=2011-06-15"
        req = urllib.request.Request(f"http://127.0.0.1:{port}/", data=body, headers={"Content-Type": "application/x-www-form-urlencoded"})
        urllib.request.urlopen(req).read()
    finally:
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=10)
    assert proc.returncode == 0
    assert any("sts GetCallerIdentity 200" in line for line in err.splitlines())


def test_status_and_reset_commands() -> None:
    port = free_port()
    proc, _ = start([sys.executable, "-m", "cumulo", "--port", str(port)])
    try:
        out = subprocess.run([sys.executable, "-m", "cumulo", "status", "--endpoint", f"http://127.0.0.1:{port}"], capture_output=True, text=True)
        assert out.returncode == 0 and '"status": "running"' in out.stdout
        out = subprocess.run([sys.executable, "-m", "cumulo", "reset", "sts", "--endpoint", f"http://127.0.0.1:{port}"], capture_output=True, text=True)
        assert out.returncode == 0 and '"reset": "sts"' in out.stdout
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    out = subprocess.run([sys.executable, "-m", "cumulo", "status", "--endpoint", f"http://127.0.0.1:{port}"], capture_output=True, text=True)
    assert out.returncode == 1
