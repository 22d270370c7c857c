"""API Gateway (REST APIs): requests/s through an AWS_PROXY route to a warm Python function,
the gateway's own overhead per MOCK request, and control-plane calls beside moto.

    python bench/apigateway_bench.py [--seconds 5] [--no-moto] [--json bench/results/apigateway.json]

- proxy: GET /restapis/<id>/dev/_user_request_/items/<n> through `ANY /{proxy+}` with
  AWS_PROXY to a Python 3.12 function (warm after the first calls), 1 and 8 clients,
  each on its own keep-alive HTTP connection (http.client: next to no client cost).
- mock over HTTP: the same with a MOCK integration and a response template, 1 client.
- mock in-process: µs per request straight into `Gateway.handle` (no sockets): the
  data-plane step, matching, the templates and the response: the gateway's overhead.
- control plane: GetResources calls/s through boto3, cumulo beside moto_server
  (no peer serves the REST API data plane without Docker, so it has no moto figure).
"""

from __future__ import annotations

import argparse
import asyncio
import http.client
import io
import json
import sys
import time
import zipfile
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from harness import boto3_client, measure, moto_available, server

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

ROLE = "arn:aws:iam::000000000000:role/bench"
FUNCTION = "import json\n\ndef handler(event, context):\n    return {'statusCode': 200, 'body': json.dumps({'path': event['path']})}\n"


def _zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("app.py", FUNCTION)
    return out.getvalue()


def build(url: str) -> str:
    """An API with `ANY /{proxy+}` (AWS_PROXY) and `GET /mock` (MOCK), deployed to `dev`."""
    lam, apigw = boto3_client("lambda", url), boto3_client("apigateway", url)
    arn = lam.create_function(FunctionName="bench-proxy", Runtime="python3.12", Role=ROLE, Handler="app.handler",
                              Code={"ZipFile": _zip()}, Timeout=10)["FunctionArn"]
    api = apigw.create_rest_api(name="bench")
    proxy = apigw.create_resource(restApiId=api["id"], parentId=api["rootResourceId"], pathPart="{proxy+}")
    apigw.put_method(restApiId=api["id"], resourceId=proxy["id"], httpMethod="ANY", authorizationType="NONE")
    apigw.put_integration(restApiId=api["id"], resourceId=proxy["id"], httpMethod="ANY", type="AWS_PROXY", integrationHttpMethod="POST",
                          uri=f"arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/{arn}/invocations")
    mock = apigw.create_resource(restApiId=api["id"], parentId=api["rootResourceId"], pathPart="mock")
    apigw.put_method(restApiId=api["id"], resourceId=mock["id"], httpMethod="GET", authorizationType="NONE")
    apigw.put_integration(restApiId=api["id"], resourceId=mock["id"], httpMethod="GET", type="MOCK",
                          requestTemplates={"application/json": '{"statusCode": 200}'})
    apigw.put_integration_response(restApiId=api["id"], resourceId=mock["id"], httpMethod="GET", statusCode="200",
                                   responseTemplates={"application/json": '{"ok": true, "id": "$context.requestId"}'})
    apigw.create_deployment(restApiId=api["id"], stageName="dev")
    return str(api["id"])


def http_get(url: str, path_of: Any) -> Any:
    parts = urlsplit(url)

    def make(i: int) -> Any:
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
        n = [0]

        def work() -> None:
            n[0] += 1
            connection.request("GET", path_of(i, n[0]))
            response = connection.getresponse()
            response.read()
            if response.status != 200:
                raise RuntimeError(f"HTTP {response.status}")

        return work

    return make


def in_process_mock(count: int) -> dict[str, float]:
    from cumulo.config import Config
    from cumulo.core.http import Request
    from cumulo.gateway import Gateway
    from cumulo.server import build_runtime

    async def run() -> dict[str, float]:
        runtime = build_runtime(Config())
        gw = Gateway(runtime)
        call = gw.call
        api = await call("apigateway", "CreateRestApi", {"name": "inproc"}, "000000000000", "us-east-1")
        mock = await call("apigateway", "CreateResource", {"restApiId": api["id"], "parentId": api["rootResourceId"], "pathPart": "mock"},
                          "000000000000", "us-east-1")
        ids = {"restApiId": api["id"], "resourceId": mock["id"], "httpMethod": "GET"}
        await call("apigateway", "PutMethod", {**ids, "authorizationType": "NONE"}, "000000000000", "us-east-1")
        await call("apigateway", "PutIntegration", {**ids, "type": "MOCK", "requestTemplates": {"application/json": '{"statusCode": 200}'}},
                   "000000000000", "us-east-1")
        await call("apigateway", "PutIntegrationResponse", {**ids, "statusCode": "200",
                   "responseTemplates": {"application/json": '{"ok": true, "id": "$context.requestId"}'}}, "000000000000", "us-east-1")
        await call("apigateway", "CreateDeployment", {"restApiId": api["id"], "stageName": "dev"}, "000000000000", "us-east-1")
        path = f"/restapis/{api['id']}/dev/_user_request_/mock"
        for _ in range(200):
            await gw.handle(Request("GET", path, "", {"host": "127.0.0.1:4566"}))
        samples = []
        for _ in range(count):
            t0 = time.perf_counter()
            response = await gw.handle(Request("GET", path, "", {"host": "127.0.0.1:4566"}))
            samples.append(time.perf_counter() - t0)
            assert response.status == 200
        samples.sort()
        return {"requests": count, "p50_us": round(samples[len(samples) // 2] * 1e6, 1),
                "mean_us": round(sum(samples) / len(samples) * 1e6, 1), "p99_us": round(samples[int(len(samples) * 0.99)] * 1e6, 1)}

    return asyncio.run(run())


def control_plane(url: str, seconds: float) -> dict[str, float]:
    apigw = boto3_client("apigateway", url)
    api = apigw.create_rest_api(name="cp")

    def make(i: int) -> Any:
        client = boto3_client("apigateway", url)
        return lambda: client.get_resources(restApiId=api["id"])

    return measure(make, 1, seconds)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=5)
    parser.add_argument("--no-moto", action="store_true")
    parser.add_argument("--json")
    args = parser.parse_args()
    results: dict[str, Any] = {}
    with server("cumulo") as url:
        api = build(url)
        base = f"/restapis/{api}/dev/_user_request_"
        for clients in (1, 8):
            results[f"proxy_{clients}"] = measure(http_get(url, lambda i, n: f"{base}/items/{i}-{n}"), clients, args.seconds)
            print(f"cumulo AWS_PROXY -> warm python3.12, {clients} client(s): {results[f'proxy_{clients}']}", flush=True)
        results["mock_http_1"] = measure(http_get(url, lambda i, n: f"{base}/mock"), 1, args.seconds)
        print(f"cumulo MOCK over HTTP, 1 client: {results['mock_http_1']}", flush=True)
        results["control_cumulo"] = control_plane(url, args.seconds)
        print(f"cumulo GetResources via boto3: {results['control_cumulo']}", flush=True)
    results["mock_in_process"] = in_process_mock(3000)
    print(f"cumulo MOCK in-process (Gateway.handle): {results['mock_in_process']}", flush=True)
    if not args.no_moto and moto_available():
        with server("moto") as url:
            results["control_moto"] = control_plane(url, args.seconds)
            print(f"moto GetResources via boto3: {results['control_moto']}", flush=True)
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
