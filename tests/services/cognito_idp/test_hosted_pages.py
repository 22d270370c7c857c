"""The managed login pages followed with httpx as a browser would (read the form, fill it in,
post it, follow cumulo's own redirects): sign-up and confirmation, the MFA steps after /login
(TOTP, email codes, the choice between them, TOTP set-up), a required new password, and
forgotten passwords, passkeys, each ending in the callback with a code that exchanges for tokens."""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import time
from html.parser import HTMLParser
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import jwt
import pytest

from cumulo.services.cognito_idp.flows import totp
from cumulo.services.cognito_idp.passwords import secret_hash
from cumulo.testing import CumuloServer
from tests.services.cognito_idp.authenticator import Authenticator

CALLBACK = "http://localhost:3000/callback"
TIMEOUT = 60.0  # a loaded machine can be slow; never a timing assertion


class _Forms(HTMLParser):
    """The page's first form: its action and the values a browser would send unless told otherwise."""

    def __init__(self) -> None:
        super().__init__()
        self.action, self.fields, self.ids, self.links = "", {}, {}, {}  # type: str, dict[str, str], dict[str, str], dict[str, str]
        self._in_form, self._text_of = False, ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and not self.action:
            self.action, self._in_form = a.get("action", ""), True
        elif tag == "input" and self._in_form and a.get("name"):
            if a.get("type") != "radio" or "checked" in a:
                self.fields[a["name"]] = a.get("value", "")
        if tag == "a" and a.get("id"):
            self.links[a["id"]] = a.get("href", "")
        if a.get("id"):
            self._text_of = a["id"]
            self.ids.setdefault(a["id"], "")

    def handle_endtag(self, tag: str) -> None:
        self._text_of = ""
        if tag == "form":
            self._in_form = False

    def handle_data(self, data: str) -> None:
        if self._text_of:
            self.ids[self._text_of] += data


def parse(page: httpx.Response) -> _Forms:
    forms = _Forms()
    forms.feed(page.text)
    return forms


class Browser:
    def __init__(self, base: str) -> None:
        self.http = httpx.Client(base_url=base, timeout=TIMEOUT)

    def _follow(self, response: httpx.Response) -> httpx.Response:
        while response.status_code == 302 and response.headers["location"].startswith("/"):
            response = self.http.get(response.headers["location"])
        return response

    def open(self, path: str, **params: str) -> httpx.Response:
        return self._follow(self.http.get(path, params=params) if params else self.http.get(path))

    def submit(self, page: httpx.Response, **fields: str) -> httpx.Response:
        form = parse(page)
        assert form.action, page.text
        return self._follow(self.http.post(form.action, data={**form.fields, **fields}))


@pytest.fixture
def app(idp: Any, pool: str) -> dict[str, str]:
    client = idp.create_user_pool_client(
        UserPoolId=pool, ClientName="web", GenerateSecret=True, AllowedOAuthFlowsUserPoolClient=True, AllowedOAuthFlows=["code"],
        AllowedOAuthScopes=["openid", "email"], CallbackURLs=[CALLBACK], SupportedIdentityProviders=["COGNITO"])["UserPoolClient"]
    return {"id": client["ClientId"], "secret": client["ClientSecret"]}


def _authorize(browser: Browser, app: dict[str, str], verifier: str, path: str = "/oauth2/authorize") -> httpx.Response:
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    return browser.open(path, response_type="code", client_id=app["id"], redirect_uri=CALLBACK, scope="openid email",
                        state="st", code_challenge=challenge, code_challenge_method="S256")


def _exchange(cumulo: CumuloServer, app: dict[str, str], landed: httpx.Response, verifier: str) -> dict[str, Any]:
    assert landed.status_code == 302, landed.text
    location = urlsplit(landed.headers["location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == CALLBACK
    query = parse_qs(location.query)
    assert query["state"] == ["st"]
    tokens = httpx.post(f"{cumulo.url}/oauth2/token", timeout=TIMEOUT, auth=(app["id"], app["secret"]), data={
        "grant_type": "authorization_code", "code": query["code"][0], "redirect_uri": CALLBACK, "code_verifier": verifier})
    assert tokens.status_code == 200, tokens.text
    return dict(jwt.decode(tokens.json()["id_token"], options={"verify_signature": False}))


def _code(cumulo: CumuloServer, username: str, kind: str) -> str:
    codes = httpx.get(f"{cumulo.url}/_cumulo/cognito/codes", params={"username": username, "type": kind}, timeout=TIMEOUT).json()["codes"]
    return str(codes[-1]["code"])


def test_sign_up_confirm_and_land_on_the_callback(cumulo: CumuloServer, idp: Any, pool: str, app: dict[str, str]) -> None:
    browser, verifier = Browser(cumulo.url), secrets.token_urlsafe(40)
    login = _authorize(browser, app, verifier)
    assert parse(login).action == "/login"
    signup = browser.open(parse(login).links["signup"])
    form = parse(signup)
    assert form.action == "/signup" and "attr_email" in form.ids
    weak = browser.submit(signup, username="nina", attr_email="nina@example.com", password="short")
    assert weak.status_code == 400 and "password" in parse(weak).ids["error"].lower()
    confirm = browser.submit(weak, username="nina", attr_email="nina@example.com", password="Passw0rd!")
    assert parse(confirm).action == "/confirm" and "n***@example.com" in parse(confirm).ids["info"]
    assert idp.admin_get_user(UserPoolId=pool, Username="nina")["UserStatus"] == "UNCONFIRMED"
    wrong = browser.submit(confirm, code="000000")
    assert wrong.status_code == 400 and parse(wrong).ids["error"]
    resent = browser.submit(wrong, action="resend")
    assert "new code" in parse(resent).ids["info"]
    landed = browser.submit(resent, code=_code(cumulo, "nina", "signup"))
    claims = _exchange(cumulo, app, landed, verifier)
    assert claims["cognito:username"] == "nina" and claims["email"] == "nina@example.com" and claims["email_verified"] is True
    assert idp.admin_get_user(UserPoolId=pool, Username="nina")["UserStatus"] == "CONFIRMED"


def test_totp_code_after_login(cumulo: CumuloServer, idp: Any, pool: str, app: dict[str, str], make_user: Any, login: Any) -> None:
    idp.set_user_pool_mfa_config(UserPoolId=pool, SoftwareTokenMfaConfiguration={"Enabled": True}, MfaConfiguration="OPTIONAL")
    make_user("tess")
    access = login(idp, app_client(idp, pool), "tess")["AuthenticationResult"]["AccessToken"]
    secret = idp.associate_software_token(AccessToken=access)["SecretCode"]
    idp.verify_software_token(AccessToken=access, UserCode=totp(secret, time.time()))
    idp.set_user_mfa_preference(AccessToken=access, SoftwareTokenMfaSettings={"Enabled": True, "PreferredMfa": True})

    browser, verifier = Browser(cumulo.url), secrets.token_urlsafe(40)
    mfa = browser.submit(_authorize(browser, app, verifier), username="tess", password="Passw0rd!")
    assert parse(mfa).action == "/mfa" and "authenticator app" in parse(mfa).ids["prompt"]
    again = browser.submit(mfa, code="000000")
    assert again.status_code == 400 and "Invalid code" in parse(again).ids["error"]
    landed = browser.submit(again, code=totp(secret, time.time()))
    assert _exchange(cumulo, app, landed, verifier)["cognito:username"] == "tess"


def app_client(idp: Any, pool: str) -> str:
    return str(idp.create_user_pool_client(UserPoolId=pool, ClientName="api", ExplicitAuthFlows=[
        "ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"])["UserPoolClient"]["ClientId"])


def test_choose_email_code_then_enter_it(cumulo: CumuloServer, idp: Any, pool: str, app: dict[str, str], make_user: Any,
                                         login: Any) -> None:
    idp.set_user_pool_mfa_config(UserPoolId=pool, SoftwareTokenMfaConfiguration={"Enabled": True},
                                 EmailMfaConfiguration={"Message": "code {####}", "Subject": "code"}, MfaConfiguration="OPTIONAL")
    make_user("ella")
    access = login(idp, app_client(idp, pool), "ella")["AuthenticationResult"]["AccessToken"]
    secret = idp.associate_software_token(AccessToken=access)["SecretCode"]
    idp.verify_software_token(AccessToken=access, UserCode=totp(secret, time.time()))
    # Both on, neither preferred: the user chooses at sign-in.
    idp.admin_set_user_mfa_preference(UserPoolId=pool, Username="ella", SoftwareTokenMfaSettings={"Enabled": False})
    idp.admin_set_user_mfa_preference(UserPoolId=pool, Username="ella", EmailMfaSettings={"Enabled": True},
                                      SoftwareTokenMfaSettings={"Enabled": True})

    browser, verifier = Browser(cumulo.url), secrets.token_urlsafe(40)
    choose = browser.submit(_authorize(browser, app, verifier), username="ella", password="Passw0rd!")
    assert parse(choose).action == "/mfa" and "Choose" in choose.text
    mfa = browser.submit(choose, answer="EMAIL_OTP")
    assert "e***@example.com" in parse(mfa).ids["prompt"]
    landed = browser.submit(mfa, code=_code(cumulo, "ella", "EMAIL_OTP"))
    assert _exchange(cumulo, app, landed, verifier)["cognito:username"] == "ella"


def test_mfa_setup_when_the_pool_requires_it(cumulo: CumuloServer, idp: Any, pool: str, app: dict[str, str], make_user: Any) -> None:
    idp.set_user_pool_mfa_config(UserPoolId=pool, SoftwareTokenMfaConfiguration={"Enabled": True}, MfaConfiguration="ON")
    make_user("owen")
    browser, verifier = Browser(cumulo.url), secrets.token_urlsafe(40)
    setup = browser.submit(_authorize(browser, app, verifier), username="owen", password="Passw0rd!")
    form = parse(setup)
    secret = form.ids["secret"]
    assert form.action == "/mfa" and form.ids["otpauth"].startswith("otpauth://totp/") and secret
    again = browser.submit(setup, code="000000")
    assert again.status_code == 400 and parse(again).ids["secret"] == secret
    landed = browser.submit(again, code=totp(secret, time.time()))
    assert _exchange(cumulo, app, landed, verifier)["cognito:username"] == "owen"
    assert idp.admin_get_user(UserPoolId=pool, Username="owen")["UserMFASettingList"] == ["SOFTWARE_TOKEN_MFA"]


def test_new_password_required(cumulo: CumuloServer, idp: Any, pool: str, app: dict[str, str]) -> None:
    idp.admin_create_user(UserPoolId=pool, Username="ivan", TemporaryPassword="Temp0rary!", MessageAction="SUPPRESS",
                          UserAttributes=[{"Name": "email", "Value": "ivan@example.com"}])
    browser, verifier = Browser(cumulo.url), secrets.token_urlsafe(40)
    change = browser.submit(_authorize(browser, app, verifier), username="ivan", password="Temp0rary!")
    assert parse(change).action == "/newPassword"
    landed = browser.submit(change, new_password="Brand-n3w-pass")
    assert _exchange(cumulo, app, landed, verifier)["cognito:username"] == "ivan"
    assert idp.admin_get_user(UserPoolId=pool, Username="ivan")["UserStatus"] == "CONFIRMED"


def test_forgot_password_then_sign_in(cumulo: CumuloServer, idp: Any, pool: str, app: dict[str, str], make_user: Any) -> None:
    make_user("fay")
    browser, verifier = Browser(cumulo.url), secrets.token_urlsafe(40)
    login = _authorize(browser, app, verifier)
    forgot = browser.open(parse(login).links["forgot"])
    assert parse(forgot).action == "/forgotPassword"
    reset = browser.submit(forgot, username="fay")
    assert parse(reset).action == "/confirmForgotPassword" and "f***@example.com" in parse(reset).ids["info"]
    bad = browser.submit(reset, username="fay", code="000000", password="N3w-password!")
    assert bad.status_code == 400
    relogin = browser.submit(bad, username="fay", code=_code(cumulo, "fay", "forgot"), password="N3w-password!")
    assert parse(relogin).action == "/login" and "reset" in parse(relogin).ids["info"]
    refused = browser.submit(relogin, username="fay", password="Passw0rd!")
    assert refused.status_code == 400 and "Incorrect" in parse(refused).ids["error"]
    landed = browser.submit(refused, username="fay", password="N3w-password!")
    assert _exchange(cumulo, app, landed, verifier)["cognito:username"] == "fay"


def test_pages_decline_without_a_client_and_refuse_bad_sessions(cumulo: CumuloServer, app: dict[str, str]) -> None:
    browser = Browser(cumulo.url)
    for path in ("/signup", "/confirm", "/mfa", "/forgotPassword", "/confirmForgotPassword"):
        assert 400 <= httpx.get(f"{cumulo.url}{path}", timeout=TIMEOUT).status_code < 500  # not a managed-login request: no page
    page = browser.open("/signup", response_type="code", client_id=app["id"], redirect_uri="http://evil.example/cb")
    assert page.status_code == 400
    login = browser.open("/login", response_type="code", client_id=app["id"], redirect_uri=CALLBACK)
    expired = browser.http.post("/mfa", data={**parse(login).fields, "session": "nope", "challenge": "SMS_MFA", "code": "1"})
    assert expired.status_code == 400 and "expired" in parse(expired).ids["error"]


def test_unconfirmed_user_signing_in_is_asked_to_confirm(cumulo: CumuloServer, idp: Any, pool: str, app: dict[str, str]) -> None:
    idp.sign_up(ClientId=app["id"], Username="uma", Password="Passw0rd!", SecretHash=secret_hash(app["id"], app["secret"], "uma"),
                UserAttributes=[{"Name": "email", "Value": "uma@example.com"}])
    browser, verifier = Browser(cumulo.url), secrets.token_urlsafe(40)
    login = _authorize(browser, app, verifier)
    wrong = browser.submit(login, username="uma", password="Wrong-passw0rd")
    assert wrong.status_code == 400 and parse(wrong).action == "/login"  # no hint before the password is right
    confirm = browser.submit(wrong, username="uma", password="Passw0rd!")
    assert parse(confirm).action == "/confirm" and "u***@example.com" in parse(confirm).ids["info"]
    landed = browser.submit(confirm, code=_code(cumulo, "uma", "signup"))
    assert _exchange(cumulo, app, landed, verifier)["cognito:username"] == "uma"


def test_passkey_sign_in_on_the_login_page(cumulo: CumuloServer, idp: Any) -> None:
    pool = idp.create_user_pool(PoolName="passkeys", UserPoolTier="ESSENTIALS", Policies={
        "SignInPolicy": {"AllowedFirstAuthFactors": ["PASSWORD", "WEB_AUTHN"]}})["UserPool"]["Id"]
    idp.set_user_pool_mfa_config(UserPoolId=pool, WebAuthnConfiguration={"RelyingPartyId": "localhost"})
    client = idp.create_user_pool_client(
        UserPoolId=pool, ClientName="web", GenerateSecret=True, AllowedOAuthFlowsUserPoolClient=True, AllowedOAuthFlows=["code"],
        AllowedOAuthScopes=["openid", "email"], CallbackURLs=[CALLBACK], SupportedIdentityProviders=["COGNITO"],
        ExplicitAuthFlows=["ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_USER_AUTH"])["UserPoolClient"]
    app = {"id": client["ClientId"], "secret": client["ClientSecret"]}
    idp.admin_create_user(UserPoolId=pool, Username="kim", MessageAction="SUPPRESS")
    idp.admin_set_user_password(UserPoolId=pool, Username="kim", Password="Passw0rd!", Permanent=True)
    access = idp.admin_initiate_auth(UserPoolId=pool, ClientId=app["id"], AuthFlow="ADMIN_USER_PASSWORD_AUTH", AuthParameters={
        "USERNAME": "kim", "PASSWORD": "Passw0rd!", "SECRET_HASH": secret_hash(app["id"], app["secret"], "kim")})
    token = access["AuthenticationResult"]["AccessToken"]
    device = Authenticator("https://localhost")
    options = idp.start_web_authn_registration(AccessToken=token)["CredentialCreationOptions"]
    idp.complete_web_authn_registration(AccessToken=token, Credential=device.create(options))

    browser, verifier = Browser(cumulo.url), secrets.token_urlsafe(40)
    login = _authorize(browser, app, verifier)
    fields = {k: v for k, v in parse(login).fields.items() if k not in ("username", "password")}
    nobody = browser._follow(browser.http.post("/passkey", data={**fields, "passkey_username": "nobody"}))
    assert nobody.status_code == 400 and "No passkey" in parse(nobody).ids["error"]
    page = browser._follow(browser.http.post("/passkey", data={**fields, "passkey_username": "kim"}))
    form = parse(page)
    assert form.action == "/mfa" and form.fields["challenge"] == "WEB_AUTHN"
    request = json.loads(form.ids["options"])
    assert request["rpId"] == "localhost"
    landed = browser.submit(page, credential=json.dumps(device.get(request)))
    assert _exchange(cumulo, app, landed, verifier)["cognito:username"] == "kim"
