"""The data-plane step: a service answers requests no model operation describes, as
claimed in services.DATA_PLANES, and passes on ones that are not for its resources."""

from __future__ import annotations

import httpx
import pytest

from cumulo import services
from cumulo.core.http import Request, Response
from cumulo.core.runtime import Runtime
from cumulo.testing import CumuloServer


async def _echo(runtime: Runtime, request: Request) -> Response | None:
    if request.path.endswith("/unknown"):
        return None
    return Response(200, {"content-type": "text/plain"}, f"{request.method} {request.path} {await request.read()!r}".encode())


@pytest.fixture
def claimed(monkeypatch: pytest.MonkeyPatch) -> None:
    sqs = services.get("sqs")
    assert sqs is not None
    monkeypatch.setattr(sqs, "data_plane", _echo)
    monkeypatch.setattr(services, "DATA_PLANES", [("sqs", r"\.echo\.localhost$", None), ("sqs", None, r"^/echo/")])
    monkeypatch.setattr(services, "_data_planes", None)


def test_claimed_by_host_or_path(cumulo: CumuloServer, claimed: None) -> None:
    by_host = httpx.post(f"{cumulo.url}/any/path", content=b"hi", headers={"host": "api1.echo.localhost:4566"})
    assert (by_host.status_code, by_host.text) == (200, "POST /any/path b'hi'")
    by_path = httpx.get(f"{cumulo.url}/echo/x")
    assert by_path.text == "GET /echo/x b''"


def test_a_request_the_service_declines_goes_on_to_the_apis(cumulo: CumuloServer, claimed: None) -> None:
    # Declined (None): the request is routed as an API call, and fails as one would.
    response = httpx.get(f"{cumulo.url}/echo/unknown")
    assert response.status_code != 200 and "GET /echo/unknown" not in response.text



def test_claims_cached_per_host_match_every_pattern_tried_in_turn() -> None:
    """data_planes_for keeps, per host, the claims it allows and one joined path pattern:
    the answer is the one trying each (service, host, path) claim in order gives."""
    import re

    def every(host: str, path: str) -> list[str]:
        return [name for name, h, p in services.DATA_PLANES if name in services.IMPLEMENTED
                and (h is None or re.search(h, host)) and (p is None or re.search(p, path))]

    hosts = ["127.0.0.1", "localhost", "sqs.us-east-1.localhost.localstack.cloud", "abcdefghij.execute-api.localhost",
             "a1.execute-api.localhost", "api.example.com", "000000000000.dkr.ecr.us-east-1.localhost",
             "pool.auth.us-east-1.amazoncognito.localhost", ""]
    paths = ["/", "/v2/", "/v2/_catalog", "/v2/repo/manifests/latest", "/_cfn/callback/x", "/oauth2/token", "/login",
             "/restapis/abc/dev/_user_request_/x", "/_aws/execute-api/abc/dev", "/us-east-1_Ab12/.well-known/jwks.json",
             "/bucket/key", "/2015-03-31/functions"]
    for _ in range(2):  # cold, then from the cache
        for host in hosts:
            for path in paths:
                assert services.data_planes_for(host, path) == every(host, path), (host, path)
