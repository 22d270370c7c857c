"""A request body as the ASGI adapter hands it on (`cumulo.server`'s protocol keeps a piece
that finds nothing waiting as it is, and joins pieces that pile up): whatever way the bytes
arrive, apart, all at once, or with the next request right behind them, the handler gets
them intact and in order."""

from __future__ import annotations

import hashlib
import os
import socket
import time

import boto3
import h11

from cumulo.testing import CumuloServer


def _responses(sock: socket.socket, count: int) -> list[tuple[int, bytes, dict[str, str]]]:
    conn = h11.Connection(h11.CLIENT)
    conn.send(h11.Request(method="GET", target="/", headers=[("Host", "x")]))  # h11 reads answers to requests it sent
    conn.send(h11.EndOfMessage())
    out: list[tuple[int, bytes, dict[str, str]]] = []
    status, body, headers = 0, b"", {}
    while len(out) < count:
        event = conn.next_event()
        if event is h11.NEED_DATA:
            conn.receive_data(sock.recv(65536))
        elif isinstance(event, h11.Response):
            status, body, headers = event.status_code, b"", {k.decode(): v.decode() for k, v in event.headers}
        elif isinstance(event, h11.Data):
            body += event.data
        elif isinstance(event, h11.EndOfMessage):
            out.append((status, body, headers))
            if len(out) < count:
                conn.start_next_cycle()
                conn.send(h11.Request(method="GET", target="/", headers=[("Host", "x")]))
                conn.send(h11.EndOfMessage())
    return out


def _put(port: int, key: str, size: int) -> bytes:
    return f"PUT /body/{key} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Length: {size}\r\n\r\n".encode()


def test_bodies_arriving_apart_together_and_pipelined_are_stored_intact(cumulo: CumuloServer) -> None:
    s3 = boto3.client("s3", endpoint_url=cumulo.url, region_name="us-east-1",
                      aws_access_key_id="test", aws_secret_access_key="test")
    s3.create_bucket(Bucket="body")
    port = int(cumulo.url.rsplit(":", 1)[1])
    apart, together, behind = os.urandom(700_000), os.urandom(3 * 1024 * 1024 + 5), os.urandom(70_000)
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        # Pieces with pauses between them: each is handed on alone.
        sock.sendall(_put(port, "apart", len(apart)))
        for start in range(0, len(apart), 90_000):
            sock.sendall(apart[start:start + 90_000])
            time.sleep(0.01)
        # A large body at once, then a second request in the same write as the first's tail.
        sock.sendall(_put(port, "together", len(together)) + together + _put(port, "behind", len(behind)) + behind)
        answers = _responses(sock, 3)
    assert [status for status, _, _ in answers] == [200, 200, 200]
    for (_, _, headers), (key, data) in zip(answers, [("apart", apart), ("together", together), ("behind", behind)], strict=True):
        assert headers["etag"] == f'"{hashlib.md5(data).hexdigest()}"'
        assert s3.get_object(Bucket="body", Key=key)["Body"].read() == data


class _Transport:
    """Just enough of a socket transport for uvicorn's protocol."""

    def __init__(self) -> None:
        self.written: list[bytes] = []

    def write(self, data: bytes) -> None:
        self.written.append(bytes(data))

    def get_extra_info(self, name: str, default: object = None) -> object:
        return ("127.0.0.1", 4566) if name in ("sockname", "peername") else default

    def is_closing(self) -> bool:
        return False

    def pause_reading(self) -> None: ...

    def resume_reading(self) -> None: ...

    def close(self) -> None: ...


def test_pieces_that_pile_up_are_joined_and_a_lone_piece_is_handed_on_alone() -> None:
    import asyncio

    import uvicorn
    from uvicorn.server import ServerState

    from cumulo.server import _http_protocol

    seen: list[list[bytes]] = []

    async def app(scope: dict[str, object], receive: object, send: object) -> None:
        messages: list[bytes] = []
        while True:
            message = await receive()  # type: ignore[operator]
            messages.append(message["body"])
            if not message.get("more_body"):
                break
        seen.append(messages)
        await send({"type": "http.response.start", "status": 200, "headers": []})  # type: ignore[operator]
        await send({"type": "http.response.body", "body": b""})  # type: ignore[operator]

    async def main() -> None:
        config = uvicorn.Config(app, lifespan="off", log_config=None)
        config.load()
        protocol = _http_protocol()(config=config, server_state=ServerState(), app_state={})  # type: ignore[call-arg]
        protocol.connection_made(_Transport())  # type: ignore[arg-type]
        piled = os.urandom(200_000)
        protocol.data_received(b"PUT /a HTTP/1.1\r\nHost: x\r\nContent-Length: 200000\r\n\r\n")
        for start in range(0, len(piled), 10_000):  # twenty pieces before the app reads any
            protocol.data_received(piled[start:start + 10_000])
        for _ in range(20):
            await asyncio.sleep(0)
        lone = os.urandom(100_000)
        protocol.data_received(b"PUT /b HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n")
        await asyncio.sleep(0)
        protocol.data_received(lone)
        for _ in range(20):
            await asyncio.sleep(0)
        assert b"".join(seen[0]) == piled
        assert len(seen[1]) == 1 and seen[1][0] == lone

    asyncio.run(main())
