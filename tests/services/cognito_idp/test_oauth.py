"""The OAuth2/OIDC endpoints: discovery, JWKS, the hosted sign-in form with code + PKCE
(followed with httpx as a browser would), client credentials, userInfo, revoke, logout."""

from __future__ import annotations

import base64
import hashlib
import re
import secrets
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import jwt
import pytest

from cumulo.testing import CumuloServer

CALLBACK = "http://localhost:3000/callback"


@pytest.fixture
def web_client(idp: Any, pool: str) -> dict[str, Any]:
    idp.create_user_pool_domain(UserPoolId=pool, Domain="myapp")
    return idp.create_user_pool_client(
        UserPoolId=pool, ClientName="web", AllowedOAuthFlowsUserPoolClient=True, AllowedOAuthFlows=["code", "implicit"],
        AllowedOAuthScopes=["openid", "email", "profile"], CallbackURLs=[CALLBACK], LogoutURLs=["http://localhost:3000/bye"],
        SupportedIdentityProviders=["COGNITO"])["UserPoolClient"]


def sign_in_with_browser(base: str, client_id: str, username: str, password: str, **extra: str) -> httpx.Response:
    """What a browser does: authorize, get the form, post it back; the last (redirect) response."""
    with httpx.Client(base_url=base) as browser:
        params = {"response_type": "code", "client_id": client_id, "redirect_uri": CALLBACK, "scope": "openid email",
                  "state": "xyz", **extra}
        first = browser.get("/oauth2/authorize", params=params)
        assert first.status_code == 302 and first.headers["location"].startswith("/login?")
        page = browser.get(first.headers["location"])
        assert page.status_code == 200 and "<form" in page.text
        fields = dict(re.findall(r"name='(\w+)' value='([^']*)'", page.text))
        return browser.post("/login", data={**fields, "username": username, "password": password})


def test_discovery_and_jwks(cumulo: CumuloServer, pool: str) -> None:
    config = httpx.get(f"{cumulo.url}/{pool}/.well-known/openid-configuration").json()
    assert config["issuer"].endswith(f"/{pool}") and config["token_endpoint"].endswith("/oauth2/token")
    keys = httpx.get(config["jwks_uri"]).json()["keys"]
    assert keys[0]["kty"] == "RSA" and keys[0]["alg"] == "RS256"
    assert httpx.get(f"{cumulo.url}/us-east-1_nothere/.well-known/jwks.json").status_code == 404


def test_code_flow_with_pkce(cumulo: CumuloServer, pool: str, web_client: dict[str, Any], make_user: Any) -> None:
    make_user("alice")
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    done = sign_in_with_browser(cumulo.url, web_client["ClientId"], "alice", "Passw0rd!", code_challenge=challenge,
                                code_challenge_method="S256")
    assert done.status_code == 302
    location = urlsplit(done.headers["location"])
    query = parse_qs(location.query)
    assert f"{location.scheme}://{location.netloc}{location.path}" == CALLBACK and query["state"] == ["xyz"]
    code = query["code"][0]
    form = {"grant_type": "authorization_code", "client_id": web_client["ClientId"], "code": code, "redirect_uri": CALLBACK}
    assert httpx.post(f"{cumulo.url}/oauth2/token", data={**form, "code_verifier": "wrong"}).json()["error"] == "invalid_grant"
    # The failed exchange used the code up, as AWS does; sign in again.
    done = sign_in_with_browser(cumulo.url, web_client["ClientId"], "alice", "Passw0rd!", code_challenge=challenge,
                                code_challenge_method="S256")
    form["code"] = parse_qs(urlsplit(done.headers["location"]).query)["code"][0]
    tokens = httpx.post(f"{cumulo.url}/oauth2/token", data={**form, "code_verifier": verifier}).json()
    assert tokens["token_type"] == "Bearer" and tokens["refresh_token"]
    jwks = jwt.PyJWKClient(f"{cumulo.url}/{pool}/.well-known/jwks.json")
    claims = jwt.decode(tokens["id_token"], jwks.get_signing_key_from_jwt(tokens["id_token"]).key, algorithms=["RS256"],
                        audience=web_client["ClientId"], issuer=f"{cumulo.url}/{pool}")
    assert claims["email"] == "alice@example.com" and claims["token_use"] == "id"
    access = jwt.decode(tokens["access_token"], jwks.get_signing_key_from_jwt(tokens["access_token"]).key, algorithms=["RS256"])
    assert access["scope"] == "openid email"
    info = httpx.get(f"{cumulo.url}/oauth2/userInfo", headers={"authorization": f"Bearer {tokens['access_token']}"}).json()
    assert info["email"] == "alice@example.com" and info["username"] == "alice"
    again = httpx.post(f"{cumulo.url}/oauth2/token", data={"grant_type": "refresh_token", "client_id": web_client["ClientId"],
                                                           "refresh_token": tokens["refresh_token"]}).json()
    assert again["access_token"] and "refresh_token" not in again
    assert httpx.post(f"{cumulo.url}/oauth2/revoke", data={"token": tokens["refresh_token"],
                                                           "client_id": web_client["ClientId"]}).status_code == 200
    revoked = httpx.post(f"{cumulo.url}/oauth2/token", data={"grant_type": "refresh_token", "client_id": web_client["ClientId"],
                                                             "refresh_token": tokens["refresh_token"]})
    assert revoked.json()["error"] == "invalid_grant"


def test_wrong_password_shows_the_form_again(cumulo: CumuloServer, web_client: dict[str, Any], make_user: Any) -> None:
    make_user("bob")
    done = sign_in_with_browser(cumulo.url, web_client["ClientId"], "bob", "nope")
    assert done.status_code == 400 and "Incorrect username or password." in done.text


def test_implicit_flow(cumulo: CumuloServer, web_client: dict[str, Any], make_user: Any) -> None:
    make_user("carl")
    done = sign_in_with_browser(cumulo.url, web_client["ClientId"], "carl", "Passw0rd!", response_type="token")
    fragment = parse_qs(urlsplit(done.headers["location"]).fragment)
    assert fragment["token_type"] == ["Bearer"] and fragment["id_token"][0]


def test_authorize_refuses_an_unknown_redirect(cumulo: CumuloServer, web_client: dict[str, Any]) -> None:
    response = httpx.get(f"{cumulo.url}/oauth2/authorize", params={"response_type": "code", "client_id": web_client["ClientId"],
                                                                    "redirect_uri": "http://evil.example/cb"})
    assert response.status_code == 400


def test_client_credentials(cumulo: CumuloServer, idp: Any, pool: str) -> None:
    idp.create_resource_server(UserPoolId=pool, Identifier="https://api.example", Name="api",
                               Scopes=[{"ScopeName": "read", "ScopeDescription": "r"}, {"ScopeName": "write", "ScopeDescription": "w"}])
    made = idp.create_user_pool_client(UserPoolId=pool, ClientName="m2m", GenerateSecret=True, AllowedOAuthFlows=["client_credentials"],
                                       AllowedOAuthScopes=["https://api.example/read"], AllowedOAuthFlowsUserPoolClient=True)["UserPoolClient"]
    auth = (made["ClientId"], made["ClientSecret"])
    out = httpx.post(f"{cumulo.url}/oauth2/token", data={"grant_type": "client_credentials"}, auth=auth).json()
    claims = jwt.decode(out["access_token"], options={"verify_signature": False})
    assert claims["scope"] == "https://api.example/read" and claims["client_id"] == made["ClientId"] and claims["token_use"] == "access"
    bad = httpx.post(f"{cumulo.url}/oauth2/token", data={"grant_type": "client_credentials", "scope": "https://api.example/write"}, auth=auth)
    assert bad.status_code == 400 and bad.json()["error"] == "invalid_scope"
    wrong = httpx.post(f"{cumulo.url}/oauth2/token", data={"grant_type": "client_credentials"}, auth=(made["ClientId"], "nope"))
    assert wrong.status_code == 401 and wrong.json()["error"] == "invalid_client"


def test_logout_redirects_to_a_registered_url(cumulo: CumuloServer, web_client: dict[str, Any]) -> None:
    ok = httpx.get(f"{cumulo.url}/logout", params={"client_id": web_client["ClientId"], "logout_uri": "http://localhost:3000/bye"})
    assert ok.status_code == 302 and ok.headers["location"] == "http://localhost:3000/bye"
    bad = httpx.get(f"{cumulo.url}/logout", params={"client_id": web_client["ClientId"], "logout_uri": "http://elsewhere/"})
    assert bad.status_code == 400


def test_endpoints_on_the_domain_host(cumulo: CumuloServer, pool: str, web_client: dict[str, Any]) -> None:
    port = cumulo.url.rsplit(":", 1)[1]
    response = httpx.get(f"{cumulo.url}/oauth2/authorize", params={"response_type": "code", "client_id": web_client["ClientId"],
                                                                    "redirect_uri": CALLBACK},
                         headers={"host": f"myapp.auth.us-east-1.amazoncognito.localhost:{port}"})
    assert response.status_code == 302


def test_bad_requests_are_refused_not_faults(cumulo: CumuloServer, pool: str, client: str) -> None:
    cases = [("GET", "/oauth2/authorize", {}), ("GET", "/oauth2/authorize?client_id=nope", {}), ("POST", "/oauth2/token", {}),
             ("POST", "/oauth2/token", {"data": {"grant_type": "authorization_code", "client_id": client}}),
             ("POST", "/oauth2/token", {"headers": {"authorization": "Basic !!!"}}), ("GET", "/oauth2/userInfo", {}),
             ("GET", "/oauth2/userInfo", {"headers": {"authorization": "Bearer abc.def.ghi"}}), ("POST", "/oauth2/revoke", {}),
             ("GET", f"/logout?client_id={client}", {}), ("POST", f"/login?client_id={client}", {}), ("GET", "/oauth2/idpresponse", {}),
             ("GET", f"/oauth2/authorize?client_id={client}&response_type=code&redirect_uri=x", {})]
    for method, path, extra in cases:
        response = httpx.request(method, cumulo.url + path, **extra)
        assert 400 <= response.status_code < 500, (method, path, response.status_code, response.text[:200])
