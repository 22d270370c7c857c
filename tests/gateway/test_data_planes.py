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

