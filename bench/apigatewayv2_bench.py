"""API Gateway v2: requests/s through an HTTP API route to a warm Python function (1 and 8
clients), the gateway's own cost per request (an HTTP proxy route to a local backend, minus
the backend), and control-plane calls (GetApi through boto3) beside moto's server.

    python bench/apigatewayv2_bench.py [--seconds 5] [--no-moto] [--json bench/results/apigatewayv2.json]

`gateway_overhead_us_in_process` is the data plane's own work per request without sockets.
The data-plane figures use plain keep-alive HTTP clients (http.client, one connection per
client thread), so what they measure is cumulo and the function, not a client library.
No peer serves this data plane without Docker: moto answers the control plane only.
"""

from __future__ import annotations

import argparse
import http.client
import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import boto3_client, free_port, measure, moto_available, server, wait_up  # noqa: E402

HANDLER = "def handler(event, context):\n    return {'ok': True, 'path': event['rawPath']}\n"


def package() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        archive.writestr("app.py", HANDLER)
    return buf.getvalue()


# The HTTP proxy's backend, in its own process (in the bench's process it would share a GIL
# with the measuring threads): one segment per answer, TCP_NODELAY.
BACKEND = """
import socket, sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

class Backend(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def setup(self):
        super().setup()
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def do_GET(self):
        self.wfile.write(b"HTTP/1.1 200 OK\\r\\ncontent-type: application/json\\r\\ncontent-length: 2\\r\\n\\r\\n{}")

    def log_message(self, *args):
        pass

ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Backend).serve_forever()
"""


def getter(url: str, path: str, expect: int = 200) -> Any:
    parts = urlsplit(url)

    def make(_: int) -> Any:
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)

        def work() -> None:
            connection.request("GET", path)
            response = connection.getresponse()
            body = response.read()
            if response.status != expect:
                raise RuntimeError(f"HTTP {response.status}: {body[:200]!r}")

        return work

    return make


def data_plane(url: str, seconds: float) -> dict[str, Any]:
    apigw, lam = boto3_client("apigatewayv2", url), boto3_client("lambda", url)
    arn = lam.create_function(FunctionName="bench", Runtime="python3.12", Role="arn:aws:iam::000000000000:role/bench",
                              Handler="app.handler", Code={"ZipFile": package()})["FunctionArn"]
    api_id = apigw.create_api(Name="bench", ProtocolType="HTTP", Target=arn, RouteKey="GET /hello")["ApiId"]
    port = free_port()
    backend = subprocess.Popen([sys.executable, "-c", BACKEND, str(port)])
    wait_up(f"http://127.0.0.1:{port}/")
    proxy_api = apigw.create_api(Name="proxy", ProtocolType="HTTP", Target=f"http://127.0.0.1:{port}/", RouteKey="GET /p")["ApiId"]
    out: dict[str, Any] = {}
    try:
        hello = getter(url, f"/_aws/execute-api/{api_id}/hello")
        out["lambda_1_client"] = measure(hello, 1, seconds)
        out["lambda_8_clients"] = measure(hello, 8, seconds)
        direct = getter(f"http://127.0.0.1:{port}", "/")
        alone = measure(direct, 1, seconds)
        proxied = measure(getter(url, f"/_aws/execute-api/{proxy_api}/p"), 1, seconds)
        out["http_proxy_1_client"] = proxied
        out["backend_alone_1_client"] = alone
        out["http_proxy_cost_us_p50"] = round((proxied["p50_ms"] - alone["p50_ms"]) * 1000, 1)
    finally:
        backend.kill()
    return out


def in_process(count: int = 5000) -> dict[str, Any]:
    """The data plane's own work per request, in µs, without sockets: find the API and stage,
    read the deployment, select a route among 50 (the last one matches), build the answer.
    The route's integration is left out (a route with no target answers 500 at once)."""
    import time

    from cumulo.core.http import Request
    from cumulo.services.apigatewayv2 import dataplane
    from cumulo.testing import CumuloServer

    s = CumuloServer().start()
    try:
        apigw = boto3_client("apigatewayv2", s.url)
        api_id = apigw.create_api(Name="inproc", ProtocolType="HTTP")["ApiId"]
        for i in range(50):
            apigw.create_route(ApiId=api_id, RouteKey=f"GET /things{i}/{{id}}")
        apigw.create_stage(ApiId=api_id, StageName="$default", AutoDeploy=True)

        async def loop() -> float:
            started = time.perf_counter()
            for _ in range(count):
                answer = await dataplane.serve(s.runtime, Request("GET", f"/_aws/execute-api/{api_id}/things49/7", "", {"host": "127.0.0.1"}))
                assert answer is not None and answer.status == 500
            return (time.perf_counter() - started) / count * 1e6

        s.run(loop())
        return {"gateway_overhead_us_in_process": round(min(s.run(loop()) for _ in range(3)), 1)}
    finally:
        s.stop()


def control_plane(url: str, seconds: float) -> dict[str, Any]:
    api_id = boto3_client("apigatewayv2", url).create_api(Name="cp", ProtocolType="HTTP")["ApiId"]

    def make(_: int) -> Any:
        own = boto3_client("apigatewayv2", url)
        return lambda: own.get_api(ApiId=api_id)

    return {"get_api_1_client": measure(make, 1, seconds), "get_api_8_clients": measure(make, 8, seconds)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=5)
    parser.add_argument("--no-moto", action="store_true")
    parser.add_argument("--json")
    args = parser.parse_args()
    results: dict[str, Any] = {}
    with server("cumulo") as url:
        results["cumulo"] = {**data_plane(url, args.seconds), **control_plane(url, args.seconds), **in_process()}
    if not args.no_moto and moto_available():
        with server("moto") as url:
            results["moto"] = control_plane(url, args.seconds)
    text = json.dumps(results, indent=2)
    print(text)
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(text + "\n")


if __name__ == "__main__":
    main()
