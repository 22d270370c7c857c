"""Real botocore clients answered by cumulo's serializers, without a server.

`client(service, protocol)` builds a botocore client (optionally forced onto one
of the service's other protocols, e.g. SQS on query, CloudWatch on CBOR) whose
HTTP send is replaced by a `before-send` handler returning the `Response` that
`answer` holds, so each test sees what boto3 users see: parsed results,
`ClientError` codes, modeled exception classes, event streams. A model forced
onto query gets the `{Op}Result` wrappers its old query model declared.
"""

from __future__ import annotations

import asyncio
import copy
import functools
from typing import Any

import botocore.session
from botocore.awsrequest import AWSResponse, HeadersDict
from botocore.config import Config

from cumulo.core.http import Response


class _Raw:
    """What botocore reads a response body from (`stream()` chunks)."""

    def __init__(self, chunks: list[bytes]) -> None:
        self._chunks = chunks
        self._rest = b"".join(chunks)

    def stream(self, *args: Any, **kwargs: Any):
        yield from self._chunks

    def read(self, amt: int | None = None) -> bytes:
        if amt is None:
            amt = len(self._rest)
        data, self._rest = self._rest[:amt], self._rest[amt:]
        return data

    def close(self) -> None:
        pass


class Answer:
    """Holds the next `Response` the fake transport returns."""

    def __init__(self) -> None:
        self.response: Response | None = None

    def __call__(self, request: Any, **kwargs: Any) -> AWSResponse:
        assert self.response is not None, "no answer set"
        body = self.response.body
        chunks = [body] if isinstance(body, bytes) else asyncio.run(_collect(body))
        return AWSResponse(request.url, self.response.status, HeadersDict(self.response.headers), _Raw(chunks))


async def _collect(body: Any) -> list[bytes]:
    return [chunk async for chunk in body]


def body_bytes(body: Any) -> bytes:
    return body if isinstance(body, bytes) else b"".join(asyncio.run(_collect(body)))


@functools.cache
def client(service: str, protocol: str | None = None) -> tuple[Any, Answer]:
    """A client and its transport; cached, so set `answer.response` before each call."""
    session = botocore.session.get_session()
    if protocol is not None:
        loader = session.get_component("data_loader")
        original = loader.load_service_model

        def forced(name: str, type_name: str, api_version: str | None = None) -> Any:
            data = original(name, type_name, api_version)
            if type_name == "service-2":
                data = copy.deepcopy(data)
                data["metadata"] = dict(data["metadata"], protocol=protocol, protocols=[protocol])
                if protocol == "query":
                    # What the service's old query model said: results sit in `{Op}Result`.
                    for name, operation in data["operations"].items():
                        if "output" in operation:
                            operation["output"].setdefault("resultWrapper", f"{name}Result")
            return data

        loader.load_service_model = forced
    made = session.create_client(
        service,
        region_name="us-east-1",
        aws_access_key_id="test",
        aws_secret_access_key="test",
        config=Config(retries={"total_max_attempts": 1}),
    )
    answer = Answer()
    made.meta.events.register("before-send", answer)
    return made, answer
