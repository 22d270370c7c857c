"""Terraform's AWS provider builds an HTTP API on cumulo: a Lambda function behind a JWT-authorized
route (the test serves the issuer's JWKS) and a public one, on an auto-deployed stage; both are called
over HTTP, `plan` shows no drift, `destroy` removes it all. See test_terraform.py for the `Stack` runner."""

from __future__ import annotations

import json
import threading
import time
import zipfile
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

from cumulo.testing import CumuloServer

from .test_terraform import HERE, Stack, client, error_code, pytestmark  # noqa: F401 - pytestmark: the same skip

KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)


def issuer() -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the http.server API
            base = f"http://127.0.0.1:{self.server.server_address[1]}"
            if self.path == "/.well-known/openid-configuration":
                doc: dict[str, Any] = {"issuer": base, "jwks_uri": base + "/keys"}
            elif self.path == "/keys":
                doc = {"keys": [{**json.loads(RSAAlgorithm.to_jwk(KEY.public_key())), "kid": "tf", "alg": "RS256", "use": "sig"}]}
            else:
                self.send_response(404)
                self.end_headers()
                return
            data = json.dumps(doc).encode()
            self.send_response(200)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: Any) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd


def test_http_api_with_jwt_authorizer(cumulo: CumuloServer, tmp_path: Path) -> None:
    apigw, lam = client(cumulo, "apigatewayv2"), client(cumulo, "lambda")
    package = tmp_path / "hello.zip"
    with zipfile.ZipFile(package, "w") as archive:
        archive.write(HERE / "httpapi" / "hello.py", "hello.py")
    httpd = issuer()
    iss = f"http://127.0.0.1:{httpd.server_address[1]}"
    try:
        stack = Stack("httpapi", tmp_path, cumulo.url)
        outputs = stack.apply(function_zip=str(package), issuer=iss)
        api_id = outputs["api_id"]
        api = apigw.get_api(ApiId=api_id)
        assert api["Tags"] == {"team": "platform"} and api["CorsConfiguration"]["AllowOrigins"] == ["https://app.example"]
        routes = {r["RouteKey"]: r for r in apigw.get_routes(ApiId=api_id)["Items"]}
        assert routes["GET /private"]["AuthorizationType"] == "JWT"
        base = f"{cumulo.url}/_aws/execute-api/{api_id}"
        public = httpx.get(f"{base}/public/ann", timeout=30)
        assert public.status_code == 200, public.text
        assert public.json() == {"greeting": "hello", "name": "ann", "route": "GET /public/{name}"}
        assert httpx.get(f"{base}/private", timeout=30).status_code == 401
        now = int(time.time())
        token = jwt.encode({"iss": iss, "sub": "bob", "aud": "tf-app", "exp": now + 300, "scope": "hello:read"}, KEY,
                           algorithm="RS256", headers={"kid": "tf"})
        private = httpx.get(f"{base}/private", headers={"authorization": f"Bearer {token}"}, timeout=30)
        assert private.status_code == 200, private.text
        assert private.json()["name"] == "bob"

        stack.assert_no_drift()
        stack.destroy()
        assert apigw.get_apis()["Items"] == []
        assert "ResourceNotFoundException" in error_code(lam.get_function, FunctionName="tf-hello")
    finally:
        httpd.shutdown()
