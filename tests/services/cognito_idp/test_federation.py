"""Sign-in through an OIDC identity provider running on this machine: cumulo sends the browser there,
exchanges the provider's code, verifies its ID token against the provider's JWKS, and makes the
federated user; the app then gets cumulo's own code."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import httpx
import jwt
from cryptography.hazmat.primitives.asymmetric import rsa

from cumulo.testing import CumuloServer

CALLBACK = "http://localhost:3000/callback"


def oidc_provider() -> tuple[HTTPServer, str]:
    """A minimal OIDC provider: /authorize sends the browser straight back with a code, /token
    answers an RS256 ID token for "corp-user-1", /jwks the key that signed it."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(key.public_key()))
    httpd = HTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    issuer = f"http://127.0.0.1:{httpd.server_address[1]}"

    class Handler(BaseHTTPRequestHandler):
        def _json(self, body: Any) -> None:
            data = json.dumps(body).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:  # noqa: N802 - the http.server API
            url = urlsplit(self.path)
            if url.path == "/authorize":
                query = parse_qs(url.query)
                self.send_response(302)
                self.send_header("Location", f"{query['redirect_uri'][0]}?{urlencode({'code': 'provider-code', 'state': query['state'][0]})}")
                self.end_headers()
            elif url.path == "/.well-known/jwks.json":
                self._json({"keys": [{**jwk, "kid": "k1", "alg": "RS256", "use": "sig"}]})

        def do_POST(self) -> None:  # noqa: N802 - the http.server API
            form = parse_qs(self.rfile.read(int(self.headers.get("Content-Length", "0"))).decode())
            assert form["code"] == ["provider-code"]
            now = int(time.time())
            token = jwt.encode({"iss": issuer, "sub": "corp-user-1", "aud": "corp-client", "email": "pat@corp.example",
                                "iat": now, "exp": now + 600}, key, algorithm="RS256", headers={"kid": "k1"})
            self._json({"id_token": token, "access_token": "opaque", "token_type": "Bearer"})

        def log_message(self, *args: Any) -> None:
            pass

    httpd.RequestHandlerClass = Handler
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, issuer


def test_sign_in_through_an_oidc_provider(cumulo: CumuloServer, idp: Any, pool: str) -> None:
    httpd, issuer = oidc_provider()
    try:
        idp.create_identity_provider(UserPoolId=pool, ProviderName="Corp", ProviderType="OIDC", AttributeMapping={"email": "email"},
                                     ProviderDetails={"client_id": "corp-client", "client_secret": "s", "authorize_scopes": "openid email",
                                                      "oidc_issuer": issuer, "attributes_request_method": "GET"})
        client = idp.create_user_pool_client(UserPoolId=pool, ClientName="web", AllowedOAuthFlowsUserPoolClient=True,
                                             AllowedOAuthFlows=["code"], AllowedOAuthScopes=["openid", "email"], CallbackURLs=[CALLBACK],
                                             SupportedIdentityProviders=["Corp"])["UserPoolClient"]["ClientId"]
        with httpx.Client() as browser:
            to_provider = browser.get(f"{cumulo.url}/oauth2/authorize", params={
                "response_type": "code", "client_id": client, "redirect_uri": CALLBACK, "identity_provider": "Corp", "state": "app"})
            assert to_provider.status_code == 302 and to_provider.headers["location"].startswith(f"{issuer}/authorize?")
            back = browser.get(to_provider.headers["location"])
            landed = browser.get(back.headers["location"])
        assert landed.status_code == 302
        query = parse_qs(urlsplit(landed.headers["location"]).query)
        assert query["state"] == ["app"]
        tokens = httpx.post(f"{cumulo.url}/oauth2/token", data={"grant_type": "authorization_code", "client_id": client,
                                                                "code": query["code"][0], "redirect_uri": CALLBACK}).json()
        claims = jwt.decode(tokens["id_token"], options={"verify_signature": False})
        assert claims["cognito:username"] == "Corp_corp-user-1" and claims["email"] == "pat@corp.example"
        user = idp.admin_get_user(UserPoolId=pool, Username="Corp_corp-user-1")
        assert user["UserStatus"] == "EXTERNAL_PROVIDER"
        assert json.loads({a["Name"]: a["Value"] for a in user["UserAttributes"]}["identities"])[0]["providerName"] == "Corp"
    finally:
        httpd.shutdown()
