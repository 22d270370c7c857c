"""The AWS CLI against API Gateway: an API built, deployed and exported, then called over HTTP."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from cumulo.testing import CumuloServer


def test_aws_cli_builds_deploys_and_exports(cumulo: CumuloServer, invoke: Any, tmp_path: Path) -> None:
    env = {**os.environ, "AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test", "AWS_DEFAULT_REGION": "us-east-1"}

    def cli(*args: str) -> Any:
        out = subprocess.run([sys.executable, "-m", "awscli", "apigateway", *args, "--endpoint-url", cumulo.url, "--output", "json"],
                             capture_output=True, text=True, env=env)
        assert out.returncode == 0, out.stderr
        return json.loads(out.stdout) if out.stdout.strip() else None

    api = cli("create-rest-api", "--name", "cli-api")
    resource = cli("create-resource", "--rest-api-id", api["id"], "--parent-id", api["rootResourceId"], "--path-part", "ping")
    ids = ["--rest-api-id", api["id"], "--resource-id", resource["id"], "--http-method", "GET"]
    cli("put-method", *ids, "--authorization-type", "NONE")
    cli("put-integration", *ids, "--type", "MOCK", "--request-templates", json.dumps({"application/json": '{"statusCode": 200}'}))
    cli("put-integration-response", *ids, "--status-code", "200", "--response-templates", json.dumps({"application/json": '{"pong": true}'}))
    cli("create-deployment", "--rest-api-id", api["id"], "--stage-name", "cli")
    assert invoke(api["id"], "cli", "/ping").json() == {"pong": True}
    exported = tmp_path / "api.json"
    cli("get-export", "--rest-api-id", api["id"], "--stage-name", "cli", "--export-type", "oas30", str(exported))
    assert list(json.loads(exported.read_text())["paths"]) == ["/ping"]
