"""HTTP framing as a raw client sees it: statuses that forbid a body send none, HEAD
answers carry no error document, header values Latin-1 cannot hold are MIME-encoded,
and a keep-alive connection stays in sync through all of it (parsed with h11, which
refuses stray bytes)."""

from __future__ import annotations

import base64
import socket
from typing import Any

import boto3
import h11
import httpx

from cumulo.server import header_value, wire_headers
from cumulo.testing import CumuloServer


class Connection:
    """One keep-alive connection, each answer read exactly as HTTP/1.1 frames it."""

    def __init__(self, port: int) -> None:
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=5)
        self.h11 = h11.Connection(h11.CLIENT)
        self.port = port

    def ask(self, method: str, target: str, headers: dict[str, str] | None = None) -> tuple[h11.Response, bytes]:
        if self.h11.our_state is h11.DONE:
            self.h11.start_next_cycle()
        wire = [("Host", f"127.0.0.1:{self.port}"), *(headers or {}).items()]
        self.sock.sendall(self.h11.send(h11.Request(method=method, target=target, headers=wire)))
        self.sock.sendall(self.h11.send(h11.EndOfMessage()))
        response, body = None, b""
        while True:
            event = self.h11.next_event()
            if event is h11.NEED_DATA:
                self.h11.receive_data(self.sock.recv(65536))
            elif isinstance(event, h11.Response):
                response = event
            elif isinstance(event, h11.Data):
                body += event.data
            elif isinstance(event, h11.EndOfMessage):
                assert response is not None
                return response, body

    def close(self) -> None:
        self.sock.close()


def _headers(response: h11.Response) -> dict[str, str]:
    return {k.decode(): v.decode("latin-1") for k, v in response.headers}


def _s3(cumulo: CumuloServer) -> Any:
    client = boto3.client("s3", endpoint_url=cumulo.url, region_name="us-east-1",
                          aws_access_key_id="test", aws_secret_access_key="test")
    client.create_bucket(Bucket="framing")
    return client


def test_304_sends_no_body_and_the_connection_stays_in_sync(cumulo: CumuloServer) -> None:
    etag = _s3(cumulo).put_object(Bucket="framing", Key="k", Body=b"hello")["ETag"]
    conn = Connection(cumulo.port)
    try:
        for _ in range(3):
            response, body = conn.ask("GET", "/framing/k", {"If-None-Match": etag})
            headers = _headers(response)
            assert response.status_code == 304 and body == b""
            assert "content-length" not in headers and "content-type" not in headers
            assert headers["etag"] == etag
            # The next answer on the same connection is read from its own first byte.
            response, body = conn.ask("GET", "/framing/k")
            assert response.status_code == 200 and body == b"hello"
        response, body = conn.ask("HEAD", "/framing/k", {"If-Modified-Since": "Fri, 01 Jan 2100 00:00:00 GMT"})
        assert response.status_code == 304 and body == b""
        response, body = conn.ask("GET", "/framing/k")
        assert response.status_code == 200 and body == b"hello"
    finally:
        conn.close()


def test_204_and_head_answers_carry_no_error_document(cumulo: CumuloServer) -> None:
    _s3(cumulo).put_object(Bucket="framing", Key="k", Body=b"hello")
    conn = Connection(cumulo.port)
    try:
        response, body = conn.ask("DELETE", "/framing/k")
        assert response.status_code == 204 and body == b""
        assert "content-length" not in _headers(response)
        response, body = conn.ask("HEAD", "/framing/missing")
        headers = _headers(response)
        assert response.status_code == 404 and body == b""
        assert "content-length" not in headers and "content-type" not in headers
        conn.ask("PUT", "/framing/k2", {"Content-Length": "0"})
        response, body = conn.ask("HEAD", "/framing/k2")
        assert response.status_code == 200 and _headers(response)["content-length"] == "0"
        response, body = conn.ask("GET", "/framing/missing")
        assert response.status_code == 404 and b"<Code>NoSuchKey</Code>" in body
    finally:
        conn.close()


def test_metadata_outside_latin_1_is_mime_encoded(cumulo: CumuloServer) -> None:
    s3 = _s3(cumulo)
    post = s3.generate_presigned_post("framing", "dash", Fields={"x-amz-meta-note": "a \u2014 b"},
                                      Conditions=[{"x-amz-meta-note": "a \u2014 b"}])
    answer = httpx.post(post["url"], data=post["fields"], files={"file": ("f.txt", b"x", "text/plain")})
    assert answer.status_code == 204, answer.text
    encoded = "=?UTF-8?B?" + base64.b64encode("a \u2014 b".encode()).decode() + "?="
    assert s3.head_object(Bucket="framing", Key="dash")["Metadata"] == {"note": encoded}
    got = s3.get_object(Bucket="framing", Key="dash")
    assert got["Metadata"] == {"note": encoded} and got["Body"].read() == b"x"


def test_header_values_on_the_wire() -> None:
    assert header_value("plain ascii") == b"plain ascii"
    assert header_value("caf\u00e9") == "caf\u00e9".encode("latin-1")  # raw bytes sent by a client, echoed back
    assert header_value("a\u2014b") == b"=?UTF-8?B?" + base64.b64encode("a\u2014b".encode()) + b"?="
    assert header_value("line\r\nbreak").startswith(b"=?UTF-8?B?")
    headers = wire_headers({"Content-Type": "application/xml", "Content-Length": "12", "ETag": '"x"', "bad name": "v"},
                           304, head=False, has_body=True)
    assert headers == [(b"etag", b'"x"')]
