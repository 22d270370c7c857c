"""The hosted sign-in page in a real headless browser (Chromium through Selenium): authorize,
sign in on the form, be redirected to the app's callback with a code, exchange it (PKCE);
and sign up on the managed pages, confirm with the emailed code, land on the callback."""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import shutil
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import httpx
import jwt
import pytest

from cumulo.testing import CumuloServer

webdriver = pytest.importorskip("selenium.webdriver")
pytestmark = pytest.mark.skipif(not (shutil.which("chromium") and shutil.which("chromedriver")),
                                reason="needs Debian's chromium and chromedriver")


def _callback_server() -> tuple[HTTPServer, list[str]]:
    seen: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the http.server API
            seen.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self.wfile.write(b"<html><body id='done'>signed in</body></html>")

        def log_message(self, *args: Any) -> None:
            pass

    httpd = HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, seen


def _chrome() -> Any:
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"):
        options.add_argument(flag)
    options.binary_location = shutil.which("chromium") or ""
    return webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)


def test_sign_up_in_a_browser(cumulo: CumuloServer, idp: Any, pool: str) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait

    httpd, seen = _callback_server()
    callback = f"http://localhost:{httpd.server_address[1]}/callback"
    client = idp.create_user_pool_client(UserPoolId=pool, ClientName="spa", AllowedOAuthFlowsUserPoolClient=True,
                                         AllowedOAuthFlows=["code"], AllowedOAuthScopes=["openid", "email"],
                                         CallbackURLs=[callback], SupportedIdentityProviders=["COGNITO"])["UserPoolClient"]["ClientId"]
    driver = _chrome()
    try:
        driver.get(f"{cumulo.url}/oauth2/authorize?" + urlencode({
            "response_type": "code", "client_id": client, "redirect_uri": callback, "scope": "openid email", "state": "s2"}))
        driver.find_element(By.ID, "signup").click()
        driver.find_element(By.ID, "username").send_keys("zoe")
        driver.find_element(By.ID, "attr_email").send_keys("zoe@example.com")
        driver.find_element(By.ID, "password").send_keys("Passw0rd!")
        driver.find_element(By.ID, "submit").click()
        WebDriverWait(driver, 20).until(expected_conditions.presence_of_element_located((By.ID, "code")))
        code = httpx.get(f"{cumulo.url}/_cumulo/cognito/codes", params={"username": "zoe", "type": "signup"}).json()["codes"][-1]["code"]
        driver.find_element(By.ID, "code").send_keys(code)
        driver.find_element(By.ID, "submit").click()
        WebDriverWait(driver, 20).until(expected_conditions.presence_of_element_located((By.ID, "done")))
        landed = urlsplit(driver.current_url)
    finally:
        driver.quit()
        httpd.shutdown()
    assert parse_qs(landed.query)["state"] == ["s2"] and parse_qs(landed.query)["code"] and seen
    assert idp.admin_get_user(UserPoolId=pool, Username="zoe")["UserStatus"] == "CONFIRMED"


def test_sign_in_in_a_browser(cumulo: CumuloServer, idp: Any, pool: str, make_user: Any) -> None:
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait

    httpd, seen = _callback_server()
    callback = f"http://localhost:{httpd.server_address[1]}/callback"
    client = idp.create_user_pool_client(UserPoolId=pool, ClientName="spa", AllowedOAuthFlowsUserPoolClient=True,
                                         AllowedOAuthFlows=["code"], AllowedOAuthScopes=["openid", "email"],
                                         CallbackURLs=[callback], SupportedIdentityProviders=["COGNITO"])["UserPoolClient"]["ClientId"]
    make_user("alice")
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    options = Options()
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"):
        options.add_argument(flag)
    options.binary_location = shutil.which("chromium") or ""
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)
    try:
        driver.get(f"{cumulo.url}/oauth2/authorize?" + urlencode({
            "response_type": "code", "client_id": client, "redirect_uri": callback, "scope": "openid email", "state": "s1",
            "code_challenge": challenge, "code_challenge_method": "S256"}))
        driver.find_element(By.ID, "username").send_keys("alice")
        driver.find_element(By.ID, "password").send_keys("Passw0rd!")
        driver.find_element(By.ID, "submit").click()
        WebDriverWait(driver, 20).until(expected_conditions.presence_of_element_located((By.ID, "done")))
        landed = urlsplit(driver.current_url)
    finally:
        driver.quit()
        httpd.shutdown()
    query = parse_qs(landed.query)
    assert query["state"] == ["s1"] and seen
    tokens = httpx.post(f"{cumulo.url}/oauth2/token", data={"grant_type": "authorization_code", "client_id": client,
                                                            "code": query["code"][0], "redirect_uri": callback,
                                                            "code_verifier": verifier}).json()
    keys = jwt.PyJWKClient(f"{cumulo.url}/{pool}/.well-known/jwks.json")
    claims = jwt.decode(tokens["id_token"], keys.get_signing_key_from_jwt(tokens["id_token"]).key, algorithms=["RS256"], audience=client)
    assert claims["cognito:username"] == "alice"


_CREATE = """
const [options, done] = arguments;
navigator.credentials.create({publicKey: PublicKeyCredential.parseCreationOptionsFromJSON(options)})
  .then(credential => done(credential.toJSON()), error => done({error: String(error)}));
"""
_GET = """
const [options, done] = arguments;
navigator.credentials.get({publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(options)})
  .then(credential => done(credential.toJSON()), error => done({error: String(error)}));
"""


def test_passkey_with_chromiums_virtual_authenticator(cumulo: CumuloServer, idp: Any) -> None:
    """Registration and sign-in with what a real browser's WebAuthn stack produces, through the API
    and on the managed login page."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.virtual_authenticator import Protocol, Transport, VirtualAuthenticatorOptions
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait

    pool = idp.create_user_pool(PoolName="passkeys", UserPoolTier="ESSENTIALS", Policies={
        "SignInPolicy": {"AllowedFirstAuthFactors": ["PASSWORD", "WEB_AUTHN"]}})["UserPool"]["Id"]
    idp.set_user_pool_mfa_config(UserPoolId=pool, WebAuthnConfiguration={"RelyingPartyId": "localhost", "UserVerification": "required"})
    client = idp.create_user_pool_client(UserPoolId=pool, ClientName="web", ExplicitAuthFlows=[
        "ALLOW_USER_AUTH", "ALLOW_USER_PASSWORD_AUTH"])["UserPoolClient"]["ClientId"]
    idp.admin_create_user(UserPoolId=pool, Username="paula", MessageAction="SUPPRESS")
    idp.admin_set_user_password(UserPoolId=pool, Username="paula", Password="Passw0rd!", Permanent=True)
    access = idp.initiate_auth(ClientId=client, AuthFlow="USER_PASSWORD_AUTH", AuthParameters={
        "USERNAME": "paula", "PASSWORD": "Passw0rd!"})["AuthenticationResult"]["AccessToken"]
    httpd, seen = _callback_server()
    driver = _chrome()
    try:
        driver.add_virtual_authenticator(VirtualAuthenticatorOptions(
            protocol=Protocol.CTAP2, transport=Transport.INTERNAL, has_resident_key=True, has_user_verification=True,
            is_user_verified=True))
        # Any cumulo page on "localhost" gives the script the relying party's origin.
        driver.get(f"{cumulo.url.replace('127.0.0.1', 'localhost')}/{pool}/.well-known/jwks.json")
        options = idp.start_web_authn_registration(AccessToken=access)["CredentialCreationOptions"]
        created = driver.execute_async_script(_CREATE, options)
        assert "error" not in created, created
        idp.complete_web_authn_registration(AccessToken=access, Credential=created)
        for _ in range(2):
            started = idp.initiate_auth(ClientId=client, AuthFlow="USER_AUTH", AuthParameters={
                "USERNAME": "paula", "PREFERRED_CHALLENGE": "WEB_AUTHN"})
            asserted = driver.execute_async_script(_GET, json.loads(started["ChallengeParameters"]["CREDENTIAL_REQUEST_OPTIONS"]))
            assert "error" not in asserted, asserted
            done = idp.respond_to_auth_challenge(ClientId=client, ChallengeName="WEB_AUTHN", Session=started["Session"],
                                                 ChallengeResponses={"USERNAME": "paula", "CREDENTIAL": json.dumps(asserted)})
            assert done["AuthenticationResult"]["AccessToken"]

        # The managed login page's passkey sign-in, ending on the app's callback with a code.
        callback = f"http://localhost:{httpd.server_address[1]}/callback"
        web = idp.create_user_pool_client(UserPoolId=pool, ClientName="spa", AllowedOAuthFlowsUserPoolClient=True,
                                          AllowedOAuthFlows=["code"], AllowedOAuthScopes=["openid"], CallbackURLs=[callback],
                                          SupportedIdentityProviders=["COGNITO"])["UserPoolClient"]["ClientId"]
        driver.get(f"{cumulo.url.replace('127.0.0.1', 'localhost')}/oauth2/authorize?" + urlencode({
            "response_type": "code", "client_id": web, "redirect_uri": callback, "state": "pk"}))
        driver.find_element(By.ID, "passkey_username").send_keys("paula")
        driver.find_element(By.ID, "passkey-start").click()
        WebDriverWait(driver, 20).until(expected_conditions.presence_of_element_located((By.ID, "passkey"))).click()
        WebDriverWait(driver, 20).until(expected_conditions.presence_of_element_located((By.ID, "done")))
        landed = parse_qs(urlsplit(driver.current_url).query)
    finally:
        driver.quit()
        httpd.shutdown()
    assert landed["state"] == ["pk"] and landed["code"] and seen
    assert [c["CredentialId"] for c in idp.list_web_authn_credentials(AccessToken=access)["Credentials"]] == [created["id"]]
