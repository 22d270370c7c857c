"""The AWS CLI against API Gateway: an API imported, deployed and exported, then called over HTTP."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from cumulo.testing import CumuloServer


def test_aws_cli_imports_deploys_and_exports(cumulo: CumuloServer, invoke: Any, tmp_path: Path) -> None:
    env = {**os.environ, "AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test", "AWS_DEFAULT_REGION": "us-east-1"}

    def cli(*args: str) -> Any:
        out = subprocess.run([sys.executable, "-m", "awscli", "apigateway", *args, "--endpoint-url", cumulo.url, "--output", "json"],
                             capture_output=True, text=True, env=env)
        assert out.returncode == 0, out.stderr
        return json.loads(out.stdout) if out.stdout.strip() else None

    document = {"openapi": "3.0.1", "info": {"title": "cli-api", "version": "1"}, "paths": {"/ping": {"get": {
        "x-amazon-apigateway-integration": {"type": "mock", "requestTemplates": {"application/json": '{"statusCode": 200}'},
                                            "responses": {"default": {"statusCode": "200",
                                                                      "responseTemplates": {"application/json": '{"pong": true}'}}}}}}}}
    (tmp_path / "doc.json").write_text(json.dumps(document))
    api = cli("import-rest-api", "--body", f"fileb://{tmp_path / 'doc.json'}")
    assert api["name"] == "cli-api"
    cli("create-deployment", "--rest-api-id", api["id"], "--stage-name", "cli")
    assert invoke(api["id"], "cli", "/ping").json() == {"pong": True}
    exported = tmp_path / "api.json"
    cli("get-export", "--rest-api-id", api["id"], "--stage-name", "cli", "--export-type", "oas30", str(exported))
    assert list(json.loads(exported.read_text())["paths"]) == ["/ping"]
