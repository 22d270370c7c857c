"""APIs, their deployments and stages survive a restart and keep serving; entities round trip the store."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import boto3
import httpx
import pytest

from cumulo.services.apigatewayv2.models import Connection, Resource
from cumulo.state import open_store
from cumulo.testing.plugin import free_port, spawned_server


def test_entities_round_trip_the_store(tmp_path: Path) -> None:
    rows = {
        "apis": ("a1", Resource({"ApiId": "a1", "Name": "n", "CreatedDate": datetime(2026, 1, 2, tzinfo=timezone.utc), "Tags": {"k": "v"}})),
        "deployments": ("a1/d1", Resource({"DeploymentId": "d1"}, {"snapshot": {"routes": {"r": {"RouteKey": "GET /x"}}}})),
        "connections": ("c1", Connection("c1", "a1", "prod", 1.5, 2.5, "127.0.0.1", "ua", {"h": "v"}, {"q": "1"}, {"who": "me"})),
    }
    store = open_store(str(tmp_path))
    scope = store.scope("apigatewayv2", "000000000000", "us-east-1")
    for table, (key, value) in rows.items():
        scope.table(table)[key] = value
    store.commit()
    store.close()
    reopened = open_store(str(tmp_path)).scope("apigatewayv2", "000000000000", "us-east-1")
    for table, (key, value) in rows.items():
        assert reopened.table(table)[key] == value


class _Backend(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        data = json.dumps({"path": self.path}).encode()
        self.send_response(200)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def backend() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Backend)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_restart_keeps_apis_serving(tmp_path: Path, backend: str) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    keys = {"endpoint_url": url, "region_name": "us-east-1", "aws_access_key_id": "test", "aws_secret_access_key": "test"}
    with spawned_server(port, str(tmp_path)):
        apigw = boto3.client("apigatewayv2", **keys)
        api_id = apigw.create_api(Name="kept", ProtocolType="HTTP", Tags={"k": "v"})["ApiId"]
        integration = apigw.create_integration(ApiId=api_id, IntegrationType="HTTP_PROXY", IntegrationMethod="GET",
                                               IntegrationUri=backend + "/{proxy}", PayloadFormatVersion="1.0")
        apigw.create_route(ApiId=api_id, RouteKey="GET /{proxy+}", Target=f"integrations/{integration['IntegrationId']}")
        apigw.create_stage(ApiId=api_id, StageName="live", StageVariables={"v": "1"})
        deployment = apigw.create_deployment(ApiId=api_id, StageName="live")["DeploymentId"]
        assert httpx.get(f"{url}/_aws/execute-api/{api_id}/live/a/b").json() == {"path": "/a/b"}
    with spawned_server(port, str(tmp_path)):
        apigw = boto3.client("apigatewayv2", **keys)
        assert apigw.get_api(ApiId=api_id)["Tags"] == {"k": "v"}
        stage = apigw.get_stage(ApiId=api_id, StageName="live")
        assert stage["DeploymentId"] == deployment and stage["StageVariables"] == {"v": "1"}
        assert [r["RouteKey"] for r in apigw.get_routes(ApiId=api_id)["Items"]] == ["GET /{proxy+}"]
        assert httpx.get(f"{url}/_aws/execute-api/{api_id}/live/c").json() == {"path": "/c"}
        listed = httpx.get(f"{url}/_cumulo/apigatewayv2/apis").json()["apis"]
        assert [(a["apiId"], a["stages"][0]["deploymentId"]) for a in listed] == [(api_id, deployment)]
