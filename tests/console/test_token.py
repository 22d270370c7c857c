"""The token rule: bound beyond loopback, the console and every state-changing or state-dumping internal endpoint need the token."""

from __future__ import annotations

from typing import Any

import boto3
import httpx
import pytest

from cumulo import cli
from cumulo.config import Config
from cumulo.console import guard
from cumulo.core.http import Request
from cumulo.server import console_banner
from cumulo.testing import CumuloServer
from cumulo.testing.plugin import free_port, spawned_server

TOKEN = "s3cret-console-token"
GUARDED = [
    ("GET", "/_cumulo/console/"),
    ("GET", "/_cumulo/console/api/overview"),
    ("POST", "/_cumulo/console/api/locate"),
    ("GET", "/_cumulo/console/api/logs/tail?group=x"),
    ("GET", "/_cumulo/state"),
    ("POST", "/_cumulo/reset"),
    ("POST", "/_cumulo/reset/sqs"),
    ("POST", "/_cumulo/time"),
    ("POST", "/_cumulo/settings/enforce-iam"),
    ("GET", "/_cumulo/sqs/messages"),
    ("POST", "/_fakecloud/reset"),
    ("POST", "/_reset"),
    ("GET", "/_aws/sqs/messages"),
    ("POST", "/moto-api/reset"),
]


@pytest.fixture(scope="module")
def wide() -> str:
    """A child server bound to 0.0.0.0 with a set token, reached over loopback."""
    port = free_port("0.0.0.0")
    with spawned_server(port, env={"CUMULO_HOST": "0.0.0.0", "CUMULO_CONSOLE_TOKEN": TOKEN}):
        yield f"http://127.0.0.1:{port}"


@pytest.mark.parametrize(("method", "path"), GUARDED)
def test_loopback_requests_without_the_token_are_refused_on_a_wide_bind(wide: str, method: str, path: str) -> None:
    refused = httpx.request(method, wide + path, json={})
    assert refused.status_code == 401 and "token" in refused.json()["error"]
    wrong = httpx.request(method, wide + path, json={}, headers={"x-cumulo-token": "guess"})
    assert wrong.status_code == 401


def test_the_token_opens_them_by_header_bearer_query_or_cookie(wide: str) -> None:
    assert httpx.get(wide + "/_cumulo/state", headers={"x-cumulo-token": TOKEN}).status_code == 200
    assert httpx.post(wide + "/_cumulo/reset", headers={"authorization": f"Bearer {TOKEN}"}).status_code == 200
    page = httpx.get(wide + f"/_cumulo/console/?token={TOKEN}")
    assert page.status_code == 200 and "cumulo console" in page.text
    cookie = page.headers["set-cookie"]
    assert cookie.startswith(f"{guard.COOKIE}={TOKEN}") and "HttpOnly" in cookie and "SameSite=Strict" in cookie
    api = httpx.get(wide + "/_cumulo/console/api/overview", cookies={guard.COOKIE: TOKEN})
    assert api.status_code == 200 and api.json()["services"]


def test_health_checks_and_the_aws_api_stay_open(wide: str) -> None:
    for path in ("/_cumulo/health", "/_localstack/health", "/_localstack/init/ready"):
        assert httpx.get(wide + path).status_code == 200
    sqs = boto3.client("sqs", endpoint_url=wide, region_name="us-east-1", aws_access_key_id="test", aws_secret_access_key="test")
    assert sqs.create_queue(QueueName="still-open")["QueueUrl"]


def test_a_wide_bind_without_a_set_token_makes_one_and_prints_it() -> None:
    server = CumuloServer(Config(host="0.0.0.0", log_level="warning")).start()
    try:
        token = server.runtime.config.console_token
        assert len(token) >= 24
        banner = console_banner(server.config)
        assert f"?token={token}" in banner and "127.0.0.1" in banner
        url = f"http://127.0.0.1:{server.port}"
        assert httpx.post(url + "/_cumulo/reset").status_code == 401
        assert httpx.post(url + "/_cumulo/reset", headers={"x-cumulo-token": token}).status_code == 200
    finally:
        server.stop()


def test_loopback_binds_need_no_token() -> None:
    for host in ("127.0.0.1", "127.0.0.2", "localhost", "::1", "[::1]"):
        assert guard.loopback(host)
        assert guard.ensure_token(Config(host=host)) == ""
    for host in ("0.0.0.0", "::", "192.168.1.4", "example.com"):
        assert not guard.loopback(host)
    assert console_banner(Config(host="127.0.0.1", port=4566)) == "console: http://127.0.0.1:4566/_cumulo/console/"
    turned_off = Config(host="0.0.0.0", console_token="off")
    assert guard.ensure_token(turned_off) == "" and guard.allowed(turned_off, Request("POST", "/_cumulo/reset"))
    assert not guard.allowed(Config(host="0.0.0.0", console_token="t"), Request("POST", "/_cumulo/reset"))


def test_cumulo_console_prints_the_url(cumulo: CumuloServer, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CUMULO_CONSOLE_TOKEN", raising=False)
    assert cli.main(["console", "--no-browser", "--endpoint", cumulo.url]) == 0
    assert capsys.readouterr().out.strip() == f"{cumulo.url}/_cumulo/console/"
    monkeypatch.setenv("CUMULO_CONSOLE_TOKEN", "abc")
    dead = f"http://127.0.0.1:{free_port()}"
    assert cli.main(["console", "--no-browser", "--endpoint", dead]) == 1
    captured = capsys.readouterr()
    assert captured.out.strip() == f"{dead}/_cumulo/console/?token=abc" and "not answering" in captured.err


def test_a_browser_without_the_token_gets_a_page_saying_what_to_do(wide: str) -> None:
    page = httpx.get(wide + "/_cumulo/console/", headers={"accept": "text/html"})
    assert page.status_code == 401 and page.headers["content-type"].startswith("text/html") and "?token=" in page.text


def test_another_origins_page_cannot_drive_the_console(cumulo: CumuloServer, aws: Any) -> None:
    url = cumulo.url + "/_cumulo/console/api/call/sqs/CreateQueue"
    host = cumulo.url.split("://", 1)[1]
    for origin in ("http://evil.example", "null", f"http://{host}.evil.example"):
        refused = httpx.post(url, json={"QueueName": "csrf"}, headers={"origin": origin})
        assert refused.status_code == 403
    assert aws("sqs").list_queues().get("QueueUrls", []) == []
    assert httpx.post(url, json={"QueueName": "mine"}, headers={"origin": cumulo.url}).status_code == 200
    assert httpx.post(url, json={"QueueName": "scripted"}).status_code == 200  # no Origin: not a browser page
