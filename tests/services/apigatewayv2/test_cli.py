"""API Gateway v2 through the AWS CLI: quick create an HTTP API to a backend-less route, then read and export it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any

from cumulo.testing import CumuloServer


def aws(cumulo: CumuloServer, *args: str) -> Any:
    env = {**os.environ, "AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test", "AWS_DEFAULT_REGION": "us-east-1"}
    out = subprocess.run([sys.executable, "-m", "awscli", "--endpoint-url", cumulo.url, "apigatewayv2", *args, "--output", "json"],
                         capture_output=True, text=True, env=env, check=False)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout) if out.stdout.strip() else None


def test_aws_cli(cumulo: CumuloServer, tmp_path: Any) -> None:
    api = aws(cumulo, "create-api", "--name", "cli", "--protocol-type", "HTTP", "--target", "https://example.com", "--route-key", "GET /x")
    api_id = api["ApiId"]
    routes = aws(cumulo, "get-routes", "--api-id", api_id)["Items"]
    assert [r["RouteKey"] for r in routes] == ["GET /x"]
    stages = aws(cumulo, "get-stages", "--api-id", api_id)["Items"]
    assert stages[0]["StageName"] == "$default" and stages[0]["AutoDeploy"] is True
    out = tmp_path / "api.json"
    aws(cumulo, "export-api", "--api-id", api_id, "--output-type", "JSON", "--specification", "OAS30", str(out))
    assert list(json.loads(out.read_text())["paths"]) == ["/x"]
    aws(cumulo, "delete-api", "--api-id", api_id)
    assert aws(cumulo, "get-apis")["Items"] == []
