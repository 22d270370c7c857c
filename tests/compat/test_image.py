"""The Dockerfile builds an image that serves: run where a Docker engine answers, skipped
with the reason otherwise."""

from __future__ import annotations

import shutil
import subprocess
import time
import urllib.request
import uuid
from pathlib import Path

import boto3
import pytest

from cumulo.testing import free_port

ROOT = Path(__file__).parents[2]


def _engine_missing() -> str:
    if shutil.which("docker") is None:
        return "no docker client on PATH"
    try:
        info = subprocess.run(["docker", "info"], capture_output=True, text=True, timeout=20)
    except subprocess.TimeoutExpired:
        return "the Docker engine did not answer `docker info`"
    if info.returncode != 0:
        return "no Docker engine running: " + (info.stderr.strip().splitlines() or ["docker info failed"])[-1]
    return ""


def test_image_builds_runs_and_is_healthy() -> None:
    reason = _engine_missing()
    if reason:
        pytest.skip(reason)
    tag = f"cumulo-test:{uuid.uuid4().hex[:8]}"
    port = free_port()
    subprocess.run(["docker", "build", "-t", tag, str(ROOT)], check=True, capture_output=True, timeout=900)
    name = f"cumulo-test-{uuid.uuid4().hex[:8]}"
    try:
        subprocess.run(["docker", "run", "-d", "--name", name, "-p", f"127.0.0.1:{port}:4566", tag], check=True, capture_output=True, timeout=60)
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(url + "/_cumulo/health", timeout=2):
                    break
            except OSError:
                assert time.monotonic() < deadline, "the container never answered /_cumulo/health"
                time.sleep(0.5)
        sqs = boto3.client("sqs", endpoint_url=url, region_name="us-east-1", aws_access_key_id="test", aws_secret_access_key="test")
        sqs.create_queue(QueueName="in-a-container")
        assert len(sqs.list_queues()["QueueUrls"]) == 1
        user = subprocess.run(["docker", "exec", name, "id", "-u"], capture_output=True, text=True, check=True).stdout.strip()
        assert user != "0"
    finally:
        subprocess.run(["docker", "rm", "-f", name], capture_output=True, timeout=60)
        subprocess.run(["docker", "rmi", "-f", tag], capture_output=True, timeout=60)
