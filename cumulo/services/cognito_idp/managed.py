"""The managed login pages: sign-in with its challenges, sign-up, confirmation, password reset.

Plain HTML forms, each carrying the authorize request's parameters (client_id,
redirect_uri, response_type, state, scope, PKCE, nonce) as hidden fields, and each
driving the very handlers the API runs:

- /login: the password through `flows.password_flow` (lockout, migration, PreAuthentication),
  then any challenge it answers with, rendered as a page: NEW_PASSWORD_REQUIRED,
  SOFTWARE_TOKEN_MFA / SMS_MFA / EMAIL_OTP (a code), SELECT_MFA_TYPE (a choice),
  MFA_SETUP (AssociateSoftwareToken's secret, then VerifySoftwareToken);
- /passkey: USER_AUTH's WEB_AUTHN challenge for the username given, its request options handed
  to the browser's navigator.credentials.get, whose assertion is posted to /mfa;
- /mfa and /newPassword: the answer through RespondToAuthChallenge's handler; a wrong code
  shows the page again (up to three tries) with a fresh session;
- /signup: SignUp; an unconfirmed user gets the /confirm page (ConfirmSignUp, or
  ResendConfirmationCode), a confirmed one is signed in;
- /forgotPassword, /confirmForgotPassword: ForgotPassword, ConfirmForgotPassword, then /login.
A sign-in that gets through ends as the authorize request asked: a redirect to the
callback with an authorization code (or, for the implicit flow, the tokens). The engine
runs these sign-ins under `flows.HOSTED_LOGIN`, so it stops short of issuing tokens.
"""

from __future__ import annotations

import dataclasses
import html
import json
from typing import Any
from urllib.parse import quote, urlencode

from cumulo.core.context import RequestContext
from cumulo.core.errors import AwsError
from cumulo.core.http import Request, Response
from cumulo.core.runtime import Runtime
from cumulo.services.cognito_idp import common, flows, passwords
from cumulo.services.cognito_idp.hosted import _check_authorize, _keep, _page, _pool_for, _redirect, grant
from cumulo.services.cognito_idp.models import Challenge, Client, UserPool

FIELDS = ("client_id", "redirect_uri", "response_type", "state", "scope", "code_challenge", "code_challenge_method", "nonce")
MAX_TRIES = 3
_CODE_FIELD = {"SOFTWARE_TOKEN_MFA": "SOFTWARE_TOKEN_MFA_CODE", "SMS_MFA": "SMS_MFA_CODE", "EMAIL_OTP": "EMAIL_OTP_CODE"}


class _Page:
    """One request to a managed page: the pool, client and authorize parameters it carries."""

    def __init__(self, ctx: RequestContext, pool: UserPool, client: Client, params: dict[str, str], form: dict[str, str]) -> None:
        self.ctx, self.pool, self.client, self.params, self.form = ctx, pool, client, params, form

    def hidden(self, **extra: str) -> str:
        values = {**{n: self.params[n] for n in FIELDS if self.params.get(n)}, **extra}
        return "".join(f"<input type='hidden' name='{n}' value='{html.escape(v, quote=True)}'>" for n, v in values.items())

    def link(self, path: str) -> str:
        return f"{path}?{urlencode({n: self.params[n] for n in FIELDS if self.params.get(n)})}"

    def secret_hash(self, username: str) -> dict[str, str]:
        return {"SECRET_HASH": passwords.secret_hash(self.client.id, self.client.secret, username)} if self.client.secret else {}

    def request(self, username: str, **fields: Any) -> Any:
        """An unsigned API request for `username` from this client (its SecretHash worked out here)."""
        secret = {"SecretHash": self.secret_hash(username)["SECRET_HASH"]} if self.client.secret else {}
        return {"ClientId": self.client.id, "Username": username, **fields, **secret}

    def render(self, title: str, body: str, action: str, *, error: str = "", info: str = "", button: str = "Submit",
               hidden: dict[str, str] | None = None, after: str = "", more: str = "") -> Response:
        notes = f"<p id='error' role='alert'>{html.escape(error)}</p>" if error else ""
        notes += f"<p id='info'>{html.escape(info)}</p>" if info else ""
        return _page(f"<h1>{html.escape(title)}</h1>{notes}<form method='post' action='{action}'>{self.hidden(**(hidden or {}))}"
                     f"{body}<button id='submit' type='submit'>{html.escape(button)}</button>{more}</form>{after}",
                     400 if error else 200)


def _input(name: str, label: str, kind: str = "text", value: str = "", complete: str = "") -> str:
    extra = f" value='{html.escape(value, quote=True)}'" if value else ""
    extra += f" autocomplete='{complete}'" if complete else ""
    name = html.escape(name, quote=True)  # custom attribute names may hold quotes
    return f"<label>{html.escape(label)} <input id='{name}' name='{name}' type='{kind}'{extra}></label>"


async def serve(runtime: Runtime, request: Request, path: str, query: dict[str, str], form: dict[str, str]) -> Response | None:
    params = {**query, **{k: v for k, v in form.items() if k in FIELDS}}
    if not params.get("client_id"):
        return None  # not a managed-login request (another service may own the path)
    found = _pool_for(runtime, request, params["client_id"])
    if found is None:
        return _page("<p>An error was encountered with the requested page: invalid client.</p>", 400)
    ctx, pool, client = found
    problem = _check_authorize(pool, client, params)
    if problem:
        return _page(f"<p>An error was encountered with the requested page: {html.escape(problem)}.</p>", 400)
    assert client is not None
    page = _Page(ctx, pool, client, params, form)
    post = request.method == "POST"
    if path == "/login":
        return await _login(page) if post else _login_form(page)
    if path == "/passkey":
        return await _passkey(page) if post else _redirect(page.link("/login"))
    if path in ("/mfa", "/newPassword"):
        return await _answer(page) if post else _redirect(page.link("/login"))
    if path == "/signup":
        return await _sign_up(page) if post else _sign_up_form(page)
    if path == "/confirm":
        return await _confirm(page) if post else _confirm_form(page, query.get("username", ""), "")
    if path == "/forgotPassword":
        return await _forgot(page) if post else _forgot_form(page)
    if path == "/confirmForgotPassword":
        return await _reset(page) if post else _reset_form(page, query.get("username", ""), "")
    return None


# ---------------------------------------------------------------- sign-in and its challenges


def _login_form(page: _Page, error: str = "", info: str = "") -> Response:
    links = (f"<p><a id='forgot' href='{html.escape(page.link('/forgotPassword'), quote=True)}'>Forgot your password?</a></p>"
             f"<p><a id='signup' href='{html.escape(page.link('/signup'), quote=True)}'>Sign up</a></p>")
    body = _input("username", "Username", complete="username") + _input("password", "Password", "password", complete="current-password")
    factors = ((page.pool.config.get("Policies") or {}).get("SignInPolicy") or {}).get("AllowedFirstAuthFactors") or []
    if "WEB_AUTHN" in factors:
        links = (f"<form id='passkey-form' method='post' action='/passkey'>{page.hidden()}"
                 + _input("passkey_username", "Username", complete="username webauthn")
                 + "<button id='passkey-start' type='submit'>Sign in with a passkey</button></form>" + links)
    return page.render("Sign in", body, "/login", error=error, info=info, button="Sign in", after=links)


# The browser side of a passkey sign-in: the options to navigator.credentials.get, the
# assertion (as JSON) into the form, the form to /mfa like any other challenge's answer.
_PASSKEY_SCRIPT = """
document.getElementById('passkey').addEventListener('click', async () => {
  const options = JSON.parse(document.getElementById('options').textContent);
  try {
    const credential = await navigator.credentials.get({publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(options)});
    document.getElementById('credential').value = JSON.stringify(credential.toJSON());
    document.getElementById('passkey-answer').submit();
  } catch (error) {
    document.getElementById('problem').textContent = String(error);
  }
});
"""


async def _passkey(page: _Page) -> Response:
    """Passkey sign-in, as USER_AUTH with WEB_AUTHN: the request options for the browser's authenticator."""
    from cumulo.services.cognito_idp.api.auth import _first_factors, _web_authn_challenge

    user = common.user_or_none(page.ctx, page.pool, page.form.get("passkey_username", "").strip())
    if user is None or "WEB_AUTHN" not in _first_factors(page.pool, user):
        return _login_form(page, "No passkey is registered for this user.")
    try:
        flows._usable(page.ctx, user)
    except AwsError as error:
        return _login_form(page, error.message)
    started = _web_authn_challenge(page.ctx, page.pool, page.client, user, flows.HOSTED_LOGIN)
    options = started["ChallengeParameters"]["CREDENTIAL_REQUEST_OPTIONS"].replace("</", "<\\/")
    hidden = page.hidden(session=started["Session"], challenge="WEB_AUTHN")
    return _page("<h1>Sign in with a passkey</h1><p id='problem' role='alert'></p>"
                 f"<script type='application/json' id='options'>{options}</script>"
                 f"<form id='passkey-answer' method='post' action='/mfa'>{hidden}<input type='hidden' id='credential' name='credential'>"
                 "</form><button id='passkey' type='button'>Use my passkey</button>"
                 f"<script>{_PASSKEY_SCRIPT}</script>")


async def _login(page: _Page) -> Response:
    username, password = page.form.get("username", ""), page.form.get("password", "")
    try:
        if not username or not password:
            raise AwsError("NotAuthorizedException", flows.INCORRECT)
        result = await flows.password_flow(page.ctx, page.pool, page.client, {
            "USERNAME": username, "PASSWORD": password, **page.secret_hash(username)}, flows.HOSTED_LOGIN, {})
    except AwsError as error:
        if error.code == "UserNotConfirmedException":
            return await _unconfirmed(page, username)
        if error.code == "PasswordResetRequiredException":
            return await _forgot(_Page(page.ctx, page.pool, page.client, page.params, {"username": username}))
        return _login_form(page, error.message)
    return await _next(page, result)


async def _unconfirmed(page: _Page, username: str) -> Response:
    """The right password of a user not yet confirmed: a new code, and the confirmation page
    (which signs the user in once the code is right)."""
    from cumulo.services.cognito_idp.api.users import resend_confirmation_code

    user = common.user(page.ctx, page.pool, username)
    try:
        sent = await resend_confirmation_code(page.ctx, page.request(username))
    except AwsError as error:
        return _login_form(page, error.message)
    session, _ = flows._new_challenge(page.ctx, page.pool, page.client, user, "HOSTED_CONFIRM", flows.HOSTED_LOGIN)
    return _confirm_form(page, user.username, session, info=f"Confirm your account: we sent a code to {sent['CodeDeliveryDetails']['Destination']}.")


async def _next(page: _Page, result: dict[str, Any], error: str = "") -> Response:
    """Where a step of the engine leads: the challenge's page, or the end of the sign-in."""
    if "HostedUser" in result:
        return await _complete(page, result["HostedUser"])
    name, session, parameters = result["ChallengeName"], result.get("Session", ""), result.get("ChallengeParameters", {})
    hidden = {"session": session, "challenge": name}
    if name in _CODE_FIELD:
        if name == "SOFTWARE_TOKEN_MFA":
            prompt = "Enter the code from your authenticator app."
        else:
            prompt = f"We sent a code to {parameters.get('CODE_DELIVERY_DESTINATION', 'you')}. Enter it below."
        return page.render("Multi-factor authentication", f"<p id='prompt'>{html.escape(prompt)}</p>" + _input("code", "Code", complete="one-time-code"),
                           "/mfa", error=error, button="Sign in", hidden=hidden)
    if name == "SELECT_MFA_TYPE":
        labels = {"SOFTWARE_TOKEN_MFA": "Authenticator app", "SMS_MFA": "Text message", "EMAIL_OTP": "Email"}
        choices = "".join(f"<label><input type='radio' name='answer' value='{m}'{' checked' if i == 0 else ''}> {labels.get(m, m)}</label>"
                          for i, m in enumerate(json.loads(parameters.get("MFAS_CAN_CHOOSE", "[]"))))
        return page.render("Choose how to verify", choices, "/mfa", error=error, button="Continue", hidden=hidden)
    if name == "MFA_SETUP":
        from cumulo.services.cognito_idp.api.auth import associate_software_token

        associated = associate_software_token(page.ctx, {"Session": session})
        label = quote(f"{page.pool.config.get('PoolName') or page.pool.name}:{_challenge_user(page, associated['Session'])}")
        uri = f"otpauth://totp/{label}?{urlencode({'secret': associated['SecretCode'], 'issuer': page.pool.name})}"
        body = (f"<p>Add this key to your authenticator app: <code id='secret'>{associated['SecretCode']}</code></p>"
                f"<p><code id='otpauth'>{html.escape(uri)}</code></p>" + _input("code", "Code", complete="one-time-code"))
        return page.render("Set up multi-factor authentication", body, "/mfa", error=error, button="Verify",
                           hidden={"session": associated["Session"], "challenge": name})
    if name == "NEW_PASSWORD_REQUIRED":
        required = [a.removeprefix("userAttributes.") for a in json.loads(parameters.get("requiredAttributes", "[]"))]
        body = _input("new_password", "New password", "password", complete="new-password")
        body += "".join(_input(f"attr_{a}", a.replace("_", " ").capitalize()) for a in required)
        return page.render("Change your password", body, "/newPassword", error=error, button="Change password", hidden=hidden)
    return _login_form(page, f"Sign-in needs the {name} challenge, which these pages do not offer.")


def _challenge_user(page: _Page, session: str) -> str:
    challenge: Challenge | None = flows._challenges(page.ctx, page.pool).get(flows._session_key(session))
    return challenge.username if challenge is not None else ""


async def _answer(page: _Page) -> Response:
    from cumulo.services.cognito_idp.api.auth import _respond, verify_software_token

    session, name = page.form.get("session", ""), page.form.get("challenge", "")
    table = flows._challenges(page.ctx, page.pool)
    pending: Challenge | None = table.get(flows._session_key(session))
    if pending is None or pending.expires < page.ctx.clock.now() or pending.client_id != page.client.id or pending.name != name:
        return _login_form(page, "Your session has expired. Sign in again.")
    kept = dataclasses.replace(pending, private=dict(pending.private))
    answers = {"USERNAME": pending.username, **page.secret_hash(pending.username)}
    try:
        if name in _CODE_FIELD:
            answers[_CODE_FIELD[name]] = page.form.get("code", "").strip()
        elif name == "SELECT_MFA_TYPE":
            answers["ANSWER"] = page.form.get("answer", "")
        elif name == "NEW_PASSWORD_REQUIRED":
            answers["NEW_PASSWORD"] = page.form.get("new_password", "")
            answers.update({f"userAttributes.{k.removeprefix('attr_')}": v for k, v in page.form.items() if k.startswith("attr_") and v})
        elif name == "WEB_AUTHN":
            answers["CREDENTIAL"] = page.form.get("credential", "")
        elif name == "MFA_SETUP":
            session = verify_software_token(page.ctx, {"Session": session, "UserCode": page.form.get("code", "").strip()})["Session"]
        result = await _respond(page.ctx, page.pool, page.client, name, session, answers, {})
    except AwsError as error:
        if name == "WEB_AUTHN":
            return _login_form(page, error.message)
        return await _again(page, kept, page.form.get("session", ""), error)
    return await _next(page, result)


async def _again(page: _Page, kept: Challenge, session: str, error: AwsError) -> Response:
    """The same challenge once more after a wrong answer, under a fresh session (the old one is spent)."""
    kept.attempts += 1
    if kept.attempts >= MAX_TRIES:
        return _login_form(page, "Too many failed attempts. Sign in again.")
    user = common.user_or_none(page.ctx, page.pool, kept.username)
    if user is None:
        return _login_form(page, flows.INCORRECT)
    flows._challenges(page.ctx, page.pool).pop(flows._session_key(session), None)
    session, fresh = flows._new_challenge(page.ctx, page.pool, page.client, user, kept.name, kept.flow)
    fresh.private, fresh.attempts, fresh.expires = dict(kept.private), kept.attempts, kept.expires
    hidden = {"session": session, "challenge": kept.name}
    if kept.name == "MFA_SETUP":
        body = (f"<p>Add this key to your authenticator app: <code id='secret'>{user.totp_pending}</code></p>"
                + _input("code", "Code", complete="one-time-code"))
        return page.render("Set up multi-factor authentication", body, "/mfa", error=error.message, button="Verify", hidden=hidden)
    parameters: dict[str, Any] = {"MFAS_CAN_CHOOSE": json.dumps(flows._mfa_methods(page.pool, user))}
    if kept.name == "NEW_PASSWORD_REQUIRED":
        parameters["requiredAttributes"] = json.dumps(
            [f"userAttributes.{n}" for n, s in page.pool.schema.items() if s.get("Required") and n != "sub" and not user.attributes.get(n)])
    if kept.name in ("SMS_MFA", "EMAIL_OTP"):
        attr = "email" if kept.name == "EMAIL_OTP" else "phone_number"
        parameters["CODE_DELIVERY_DESTINATION"] = common.delivery_for(page.pool, user, attr)["Destination"]
    return await _next(page, {"ChallengeName": kept.name, "Session": session, "ChallengeParameters": parameters}, error.message)


async def _complete(page: _Page, username: str) -> Response:
    """The end of a sign-in: the authorization code (or implicit tokens) for the callback."""
    user = common.user(page.ctx, page.pool, username)
    params, client = page.params, page.client
    scopes = params.get("scope", "").split() or list(client.config.get("AllowedOAuthScopes") or [])
    if params["response_type"] == "token":
        result = (await flows.finish(page.ctx, page.pool, client, user, "HOSTED", {}, scopes=scopes,
                                     source="TokenGeneration_HostedAuth", with_id="openid" in scopes))["AuthenticationResult"]
        fragment = {"access_token": result["AccessToken"], "token_type": "Bearer", "expires_in": str(result["ExpiresIn"]),
                    **({"id_token": result["IdToken"]} if "IdToken" in result else {}), **_keep(params, "state")}
        return _redirect(f"{params['redirect_uri']}#{urlencode(fragment)}")
    return grant(page.ctx, page.pool, client, user.username, params, scopes)


# ---------------------------------------------------------------- sign-up and confirmation


def _sign_up_attributes(pool: UserPool) -> list[str]:
    """The attributes the sign-up form asks for: the required ones, and those codes go to."""
    by_alias = pool.config.get("UsernameAttributes") or []
    wanted = [n for n, s in pool.schema.items() if s.get("Required") and n != "sub" and n not in by_alias]
    for name in pool.config.get("AutoVerifiedAttributes") or []:
        if name not in wanted and name not in by_alias:
            wanted.append(name)
    return wanted


def _sign_up_form(page: _Page, error: str = "") -> Response:
    by_alias = page.pool.config.get("UsernameAttributes") or []
    label = " or ".join(a.replace("_", " ") for a in by_alias).capitalize() if by_alias else "Username"
    body = _input("username", label, value=page.form.get("username", ""), complete="username")
    body += "".join(_input(f"attr_{a}", a.replace("_", " ").capitalize(), value=page.form.get(f"attr_{a}", ""))
                    for a in _sign_up_attributes(page.pool))
    body += _input("password", "Password", "password", complete="new-password")
    after = f"<p><a id='login' href='{html.escape(page.link('/login'), quote=True)}'>Already have an account? Sign in</a></p>"
    return page.render("Sign up", body, "/signup", error=error, button="Sign up", after=after)


async def _sign_up(page: _Page) -> Response:
    from cumulo.services.cognito_idp.api.users import sign_up

    username, password = page.form.get("username", "").strip(), page.form.get("password", "")
    attributes = [{"Name": k.removeprefix("attr_"), "Value": v.strip()} for k, v in page.form.items() if k.startswith("attr_") and v.strip()]
    by_alias = page.pool.config.get("UsernameAttributes") or []
    if by_alias and username:
        alias = "phone_number" if username.startswith("+") and "phone_number" in by_alias else "email"
        attributes.append({"Name": alias, "Value": username})
    try:
        if not username:
            raise AwsError("InvalidParameterException", "Username is required.")
        outcome = await sign_up(page.ctx, page.request(username, Password=password, UserAttributes=attributes))
    except AwsError as error:
        return _sign_up_form(page, error.message)
    if outcome.get("UserConfirmed"):
        return await _login(_Page(page.ctx, page.pool, page.client, page.params, {"username": username, "password": password}))
    user = common.user(page.ctx, page.pool, username)
    # This browser just proved the password: after confirming, it is signed in without asking again.
    session, _ = flows._new_challenge(page.ctx, page.pool, page.client, user, "HOSTED_CONFIRM", flows.HOSTED_LOGIN)
    destination = (outcome.get("CodeDeliveryDetails") or {}).get("Destination", "")
    return _confirm_form(page, username, session, info=f"We sent a code to {destination}." if destination else "")


def _confirm_form(page: _Page, username: str, session: str, error: str = "", info: str = "") -> Response:
    body = _input("username", "Username", value=username, complete="username") + _input("code", "Confirmation code", complete="one-time-code")
    # After the Confirm button, so that Enter in the code field confirms.
    resend = "<button id='resend' type='submit' name='action' value='resend'>Resend code</button>"
    return page.render("Confirm your account", body, "/confirm", error=error, info=info, button="Confirm",
                       hidden={"session": session} if session else None, more=resend)


async def _confirm(page: _Page) -> Response:
    from cumulo.services.cognito_idp.api.users import confirm_sign_up, resend_confirmation_code

    username, session = page.form.get("username", "").strip(), page.form.get("session", "")
    try:
        if page.form.get("action") == "resend":
            sent = await resend_confirmation_code(page.ctx, page.request(username))
            return _confirm_form(page, username, session, info=f"We sent a new code to {sent['CodeDeliveryDetails']['Destination']}.")
        await confirm_sign_up(page.ctx, page.request(username, ConfirmationCode=page.form.get("code", "").strip()))
    except AwsError as error:
        return _confirm_form(page, username, session, error=error.message)
    pending: Challenge | None = flows._challenges(page.ctx, page.pool).get(flows._session_key(session)) if session else None
    user = common.user(page.ctx, page.pool, username)
    if pending is None or pending.name != "HOSTED_CONFIRM" or pending.username != user.username or pending.expires < page.ctx.clock.now():
        return _login_form(page, info="Your account is confirmed. Sign in.")
    del flows._challenges(page.ctx, page.pool)[flows._session_key(session)]
    return await _next(page, await flows.mfa_or_tokens(page.ctx, page.pool, page.client, user, flows.HOSTED_LOGIN, {}))


# ---------------------------------------------------------------- forgotten passwords


def _forgot_form(page: _Page, error: str = "") -> Response:
    return page.render("Forgot your password?", "<p>Enter your username and we will send you a code to reset your password.</p>"
                       + _input("username", "Username", complete="username"), "/forgotPassword", error=error, button="Reset my password")


async def _forgot(page: _Page) -> Response:
    from cumulo.services.cognito_idp.api.users import forgot_password

    username = page.form.get("username", "").strip()
    try:
        sent = await forgot_password(page.ctx, page.request(username))
    except AwsError as error:
        return _forgot_form(page, error.message)
    return _reset_form(page, username, "", info=f"We sent a code to {sent['CodeDeliveryDetails']['Destination']}.")


def _reset_form(page: _Page, username: str, error: str, info: str = "") -> Response:
    body = (_input("username", "Username", value=username, complete="username") + _input("code", "Code", complete="one-time-code")
            + _input("password", "New password", "password", complete="new-password"))
    return page.render("Reset your password", body, "/confirmForgotPassword", error=error, info=info, button="Change password")


async def _reset(page: _Page) -> Response:
    from cumulo.services.cognito_idp.api.users import confirm_forgot_password

    username = page.form.get("username", "").strip()
    try:
        await confirm_forgot_password(page.ctx, page.request(username, ConfirmationCode=page.form.get("code", "").strip(),
                                                             Password=page.form.get("password", "")))
    except AwsError as error:
        return _reset_form(page, username, error.message)
    return _login_form(page, info="Your password has been reset. Sign in with your new password.")
