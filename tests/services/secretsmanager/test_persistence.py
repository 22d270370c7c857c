"""Secrets and their versions survive a restart; values are stored only encrypted; the AWS CLI."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import boto3

from cumulo.services.secretsmanager.models import RotationRun, Secret, Version
from cumulo.state import open_store
from cumulo.testing import CumuloServer
from cumulo.testing.plugin import free_port, spawned_server

VALUE = "correct-horse-battery-staple-7731"


def test_entities_round_trip(tmp_path: Path) -> None:
    secret = Secret("n", "arn", "000000000000", "us-east-1", 1.0, tags=[{"Key": "a", "Value": "b"}],
                    versions={"v": Version("v", 1.0, ["AWSCURRENT"], False, b"key", b"sealed")}, policies={"default": "{}"},
                    replicas={"us-west-2": {"Status": "InSync"}})
    run = RotationRun("r", "arn", "t", "fn", 1.0, "RotateSecret", steps=[{"step": "createSecret", "ok": True}])
    store = open_store(str(tmp_path))
    try:
        table = store.scope("secretsmanager", "000000000000", "us-east-1").table("things")
        table["s"], table["r"] = secret, run
        store.commit()
    finally:
        store.close()
    store = open_store(str(tmp_path))
    try:
        table = store.scope("secretsmanager", "000000000000", "us-east-1").table("things")
        assert table["s"] == secret and table["r"] == run
    finally:
        store.close()


def test_secrets_survive_a_restart(tmp_path: Path) -> None:
    port = free_port()

    def client() -> Any:
        return boto3.client("secretsmanager", endpoint_url=f"http://127.0.0.1:{port}", region_name="us-east-1", aws_access_key_id="test", aws_secret_access_key="test")

    with spawned_server(port, data_dir=str(tmp_path)):
        sm = client()
        first = sm.create_secret(Name="kept", SecretString=VALUE)["VersionId"]
        second = sm.put_secret_value(SecretId="kept", SecretString="second")["VersionId"]
        sm.create_secret(Name="bin", SecretBinary=b"\x00\x01")
    with spawned_server(port, data_dir=str(tmp_path)):
        sm = client()
        assert sm.get_secret_value(SecretId="kept")["SecretString"] == "second"
        assert sm.get_secret_value(SecretId="kept", VersionId=first)["SecretString"] == VALUE
        assert sm.describe_secret(SecretId="kept")["VersionIdsToStages"] == {second: ["AWSCURRENT"], first: ["AWSPREVIOUS"]}
        assert sm.get_secret_value(SecretId="bin")["SecretBinary"] == b"\x00\x01"
    files = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert files and not any(VALUE.encode() in p.read_bytes() for p in files)


def test_aws_cli(cumulo: CumuloServer) -> None:
    env = {**os.environ, "AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test", "AWS_DEFAULT_REGION": "us-east-1"}

    def cli(*args: str) -> Any:
        out = subprocess.run([sys.executable, "-m", "awscli", "secretsmanager", *args, "--endpoint-url", cumulo.url, "--output", "json"], capture_output=True, text=True, env=env)
        assert out.returncode == 0, out.stderr
        return json.loads(out.stdout)

    cli("create-secret", "--name", "cli/secret", "--secret-string", '{"user":"admin"}')
    sm = boto3.client("secretsmanager", endpoint_url=cumulo.url, region_name="us-east-1")
    assert json.loads(sm.get_secret_value(SecretId="cli/secret")["SecretString"]) == {"user": "admin"}
    assert json.loads(cli("get-secret-value", "--secret-id", "cli/secret")["SecretString"]) == {"user": "admin"}
