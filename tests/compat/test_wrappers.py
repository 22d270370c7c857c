"""LocalStack's wrappers, installed from the registries, work unchanged against cumulo:
`awslocal` (awscli-local) and `tflocal` (terraform-local), pointed at cumulo the way their
documentation says to point them at LocalStack (`LOCALSTACK_HOST`, `AWS_ENDPOINT_URL`)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import boto3
import pytest

from cumulo.testing import free_port, spawned_server

MIRROR = Path("/opt/tf-plugins")


def _env(port: int) -> dict[str, str]:
    # Only the wrapper's own knob: no AWS_ENDPOINT_URL, which they would pass through as is.
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "TF_", "LOCALSTACK_"))}
    return env | {"LOCALSTACK_HOST": f"127.0.0.1:{port}", "AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test",
                  "AWS_DEFAULT_REGION": "us-east-1"}


def _run(argv: list[str], env: dict[str, str], cwd: Path | None = None) -> str:
    done = subprocess.run(argv, env=env, cwd=cwd, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, f"{argv} exited {done.returncode}:\n{done.stdout[-4000:]}\n{done.stderr[-4000:]}"
    return done.stdout


@pytest.mark.skipif(shutil.which("awslocal") is None, reason="awslocal not installed (pip install awscli-local)")
def test_awslocal() -> None:
    port = free_port()
    env = _env(port)
    with spawned_server(port):
        url = json.loads(_run(["awslocal", "sqs", "create-queue", "--queue-name", "jobs"], env))["QueueUrl"]
        _run(["awslocal", "sqs", "send-message", "--queue-url", url, "--message-body", "hi"], env)
        _run(["awslocal", "s3", "mb", "s3://drop-in"], env)
        _run(["awslocal", "s3api", "put-object", "--bucket", "drop-in", "--key", "k", "--body", __file__], env)
        assert "drop-in" in _run(["awslocal", "s3", "ls"], env)
        assert json.loads(_run(["awslocal", "sts", "get-caller-identity"], env))["Account"] == "000000000000"
        client = boto3.client("sqs", endpoint_url=f"http://127.0.0.1:{port}", region_name="us-east-1",
                              aws_access_key_id="test", aws_secret_access_key="test")
        [message] = client.receive_message(QueueUrl=url)["Messages"]
        assert message["Body"] == "hi"


@pytest.mark.skipif(shutil.which("tflocal") is None or shutil.which("terraform") is None or not MIRROR.is_dir(),
                    reason="needs tflocal (pip install terraform-local), terraform and the provider mirror at /opt/tf-plugins")
def test_tflocal(tmp_path: Path) -> None:
    port = free_port()
    (tmp_path / "main.tf").write_text(
        'resource "aws_ssm_parameter" "p" {\n  name  = "/drop-in/p"\n  type  = "String"\n  value = "v1"\n}\n')
    cli_config = tmp_path / "cli.tfrc"
    cli_config.write_text(f'provider_installation {{\n  filesystem_mirror {{\n    path = "{MIRROR}"\n  }}\n}}\n')
    # tflocal's knob is AWS_ENDPOINT_URL (its port is the edge port it writes into the provider).
    env = _env(port) | {"AWS_ENDPOINT_URL": f"http://127.0.0.1:{port}", "DISABLE_DEPRECATION_NOTICE": "1", "TF_CLI_CONFIG_FILE": str(cli_config), "TF_IN_AUTOMATION": "1", "TF_INPUT": "0", "CHECKPOINT_DISABLE": "1"}
    with spawned_server(port):
        _run(["tflocal", "init", "-no-color"], env, tmp_path)
        _run(["tflocal", "apply", "-auto-approve", "-no-color"], env, tmp_path)
        ssm = boto3.client("ssm", endpoint_url=f"http://127.0.0.1:{port}", region_name="us-east-1",
                           aws_access_key_id="test", aws_secret_access_key="test")
        assert ssm.get_parameter(Name="/drop-in/p")["Parameter"]["Value"] == "v1"
        _run(["tflocal", "destroy", "-auto-approve", "-no-color"], env, tmp_path)
        assert ssm.describe_parameters()["Parameters"] == []
