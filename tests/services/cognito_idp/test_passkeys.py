"""Passkeys through boto3: WebAuthn registration (attestation verified) and USER_AUTH sign-in with
the WEB_AUTHN challenge (assertion verified against the kept public key and sign counter), with a
software authenticator standing in for the browser."""

from __future__ import annotations

import json
from typing import Any

import jwt
import pytest
from botocore.exceptions import ClientError

from tests.services.cognito_idp.authenticator import Authenticator
from tests.services.cognito_idp.conftest import PASSWORD

ORIGIN = "https://localhost"


@pytest.fixture
def passkey_pool(idp: Any) -> str:
    pool = idp.create_user_pool(PoolName="passkeys", UserPoolTier="ESSENTIALS", Policies={
        "SignInPolicy": {"AllowedFirstAuthFactors": ["PASSWORD", "WEB_AUTHN"]}})["UserPool"]["Id"]
    idp.set_user_pool_mfa_config(UserPoolId=pool, WebAuthnConfiguration={"RelyingPartyId": "localhost", "UserVerification": "preferred"})
    return pool


@pytest.fixture
def passkey_client(idp: Any, passkey_pool: str) -> str:
    return idp.create_user_pool_client(UserPoolId=passkey_pool, ClientName="web", ExplicitAuthFlows=[
        "ALLOW_USER_AUTH", "ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"])["UserPoolClient"]["ClientId"]


def _user(idp: Any, pool: str, client: str, name: str = "pat") -> str:
    idp.admin_create_user(UserPoolId=pool, Username=name, MessageAction="SUPPRESS")
    idp.admin_set_user_password(UserPoolId=pool, Username=name, Password=PASSWORD, Permanent=True)
    return str(idp.initiate_auth(ClientId=client, AuthFlow="USER_PASSWORD_AUTH", AuthParameters={
        "USERNAME": name, "PASSWORD": PASSWORD})["AuthenticationResult"]["AccessToken"])


def _register(idp: Any, access: str, device: Authenticator) -> dict[str, Any]:
    options = idp.start_web_authn_registration(AccessToken=access)["CredentialCreationOptions"]
    idp.complete_web_authn_registration(AccessToken=access, Credential=device.create(options))
    return dict(options)


def _passkey_challenge(idp: Any, client: str, name: str = "pat") -> tuple[str, dict[str, Any]]:
    started = idp.initiate_auth(ClientId=client, AuthFlow="USER_AUTH", AuthParameters={
        "USERNAME": name, "PREFERRED_CHALLENGE": "WEB_AUTHN"})
    assert started["ChallengeName"] == "WEB_AUTHN"
    return started["Session"], json.loads(started["ChallengeParameters"]["CREDENTIAL_REQUEST_OPTIONS"])


def _answer(idp: Any, client: str, session: str, credential: dict[str, Any], name: str = "pat") -> dict[str, Any]:
    return dict(idp.respond_to_auth_challenge(ClientId=client, ChallengeName="WEB_AUTHN", Session=session, ChallengeResponses={
        "USERNAME": name, "CREDENTIAL": json.dumps(credential)}))


@pytest.mark.parametrize("alg", [-7, -257])
def test_register_and_sign_in_with_a_passkey(idp: Any, passkey_pool: str, passkey_client: str, alg: int) -> None:
    access = _user(idp, passkey_pool, passkey_client)
    device = Authenticator(ORIGIN, alg=alg)
    options = _register(idp, access, device)
    assert options["rp"]["id"] == "localhost" and options["user"]["name"] == "pat"
    assert {p["alg"] for p in options["pubKeyCredParams"]} >= {-7, -257}
    listed = idp.list_web_authn_credentials(AccessToken=access)["Credentials"]
    assert [(c["RelyingPartyId"], c["AuthenticatorAttachment"]) for c in listed] == [("localhost", "platform")]
    assert idp.get_user_auth_factors(AccessToken=access)["ConfiguredUserAuthFactors"] == ["PASSWORD", "WEB_AUTHN"]

    session, request = _passkey_challenge(idp, passkey_client)
    assert request["rpId"] == "localhost"
    assert [c["id"] for c in request["allowCredentials"]] == [listed[0]["CredentialId"]]
    result = _answer(idp, passkey_client, session, device.get(request))["AuthenticationResult"]
    claims = jwt.decode(result["AccessToken"], options={"verify_signature": False})
    assert claims["username"] == "pat" and claims["token_use"] == "access"

    # A second sign-in works with the counter moved on.
    session, request = _passkey_challenge(idp, passkey_client)
    assert "AccessToken" in _answer(idp, passkey_client, session, device.get(request))["AuthenticationResult"]


def test_assertions_that_must_fail(idp: Any, passkey_pool: str, passkey_client: str) -> None:
    access = _user(idp, passkey_pool, passkey_client)
    device = Authenticator(ORIGIN)
    _register(idp, access, device)

    def refused(credential_of: Any) -> str:
        session, request = _passkey_challenge(idp, passkey_client)
        with pytest.raises(ClientError) as caught:
            _answer(idp, passkey_client, session, credential_of(request))
        return str(caught.value.response["Error"]["Code"])

    # Another key under the same credential id: the signature does not verify.
    impostor = Authenticator(ORIGIN, credential_id=device.credential_id)
    assert refused(impostor.get) == "NotAuthorizedException"
    # The challenge of an earlier ceremony.
    _, stale = _passkey_challenge(idp, passkey_client)
    assert refused(lambda request: device.get(stale)) == "NotAuthorizedException"
    # An origin outside the relying party.
    assert refused(lambda request: device.get(request, origin="https://evil.example")) == "NotAuthorizedException"
    # A counter that does not grow (a cloned authenticator).
    session, request = _passkey_challenge(idp, passkey_client)
    _answer(idp, passkey_client, session, device.get(request, counter=10))
    assert refused(lambda request: device.get(request, counter=10)) == "NotAuthorizedException"
    # An unknown credential.
    assert refused(Authenticator(ORIGIN).get) == "NotAuthorizedException"
    # The right one still signs in.
    session, request = _passkey_challenge(idp, passkey_client)
    assert "IdToken" in _answer(idp, passkey_client, session, device.get(request))["AuthenticationResult"]


def test_registration_checks(idp: Any, passkey_pool: str, passkey_client: str, pool: str, client: str) -> None:
    access = _user(idp, passkey_pool, passkey_client)

    def refused(device: Authenticator, **bad: Any) -> str:
        options = idp.start_web_authn_registration(AccessToken=access)["CredentialCreationOptions"]
        with pytest.raises(ClientError) as caught:
            idp.complete_web_authn_registration(AccessToken=access, Credential=device.create(options, **bad))
        return str(caught.value.response["Error"]["Code"])

    assert refused(Authenticator("https://evil.example")) == "WebAuthnOriginNotAllowedException"
    assert refused(Authenticator(ORIGIN), rp_id="example.com") == "WebAuthnRelyingPartyMismatchException"
    device = Authenticator(ORIGIN)
    with pytest.raises(ClientError) as caught:  # no challenge outstanding
        idp.complete_web_authn_registration(AccessToken=access, Credential=device.create({"rp": {"id": "localhost"}, "challenge": "AAAA"}))
    assert caught.value.response["Error"]["Code"] == "WebAuthnChallengeNotFoundException"
    options = _register(idp, access, device)
    assert options["excludeCredentials"] == []
    again = idp.start_web_authn_registration(AccessToken=access)["CredentialCreationOptions"]
    assert [c["id"] for c in again["excludeCredentials"]] == [idp.list_web_authn_credentials(AccessToken=access)["Credentials"][0]["CredentialId"]]
    with pytest.raises(ClientError) as caught:
        idp.complete_web_authn_registration(AccessToken=access, Credential=device.create(again))
    assert caught.value.response["Error"]["Code"] == "WebAuthnCredentialNotSupportedException"

    # Deleting the credential takes passkey sign-in away.
    credential_id = idp.list_web_authn_credentials(AccessToken=access)["Credentials"][0]["CredentialId"]
    idp.delete_web_authn_credential(AccessToken=access, CredentialId=credential_id)
    with pytest.raises(ClientError) as caught:
        idp.initiate_auth(ClientId=passkey_client, AuthFlow="USER_AUTH", AuthParameters={"USERNAME": "pat", "PREFERRED_CHALLENGE": "WEB_AUTHN"})
    assert caught.value.response["Error"]["Code"] == "InvalidParameterException"

    # A pool that does not allow passkeys.
    idp.admin_create_user(UserPoolId=pool, Username="plain", MessageAction="SUPPRESS")
    idp.admin_set_user_password(UserPoolId=pool, Username="plain", Password=PASSWORD, Permanent=True)
    plain = idp.initiate_auth(ClientId=client, AuthFlow="USER_PASSWORD_AUTH", AuthParameters={
        "USERNAME": "plain", "PASSWORD": PASSWORD})["AuthenticationResult"]["AccessToken"]
    with pytest.raises(ClientError) as caught:
        idp.start_web_authn_registration(AccessToken=plain)
    assert caught.value.response["Error"]["Code"] == "WebAuthnNotEnabledException"


def test_relying_party_is_the_pool_domain_and_select_challenge(idp: Any) -> None:
    pool = idp.create_user_pool(PoolName="domained", UserPoolTier="ESSENTIALS", Policies={
        "SignInPolicy": {"AllowedFirstAuthFactors": ["PASSWORD", "WEB_AUTHN"]}})["UserPool"]["Id"]
    idp.create_user_pool_domain(UserPoolId=pool, Domain="passkeyapp")
    client = idp.create_user_pool_client(UserPoolId=pool, ClientName="web", ExplicitAuthFlows=[
        "ALLOW_USER_AUTH", "ALLOW_USER_PASSWORD_AUTH"])["UserPoolClient"]["ClientId"]
    access = _user(idp, pool, client, "dana")
    rp = "passkeyapp.auth.us-east-1.amazoncognito.com"
    device = Authenticator(f"https://{rp}")
    assert _register(idp, access, device)["rp"]["id"] == rp

    started = idp.initiate_auth(ClientId=client, AuthFlow="USER_AUTH", AuthParameters={"USERNAME": "dana"})
    assert started["ChallengeName"] == "SELECT_CHALLENGE"
    assert "WEB_AUTHN" in started["AvailableChallenges"]
    chosen = idp.respond_to_auth_challenge(ClientId=client, ChallengeName="SELECT_CHALLENGE", Session=started["Session"],
                                           ChallengeResponses={"USERNAME": "dana", "ANSWER": "WEB_AUTHN"})
    assert chosen["ChallengeName"] == "WEB_AUTHN"
    request = json.loads(chosen["ChallengeParameters"]["CREDENTIAL_REQUEST_OPTIONS"])
    assert request["rpId"] == rp
    done = _answer(idp, client, chosen["Session"], device.get(request), name="dana")
    assert "RefreshToken" in done["AuthenticationResult"]


def test_passkey_as_mfa_where_the_pool_requires_it(idp: Any, passkey_pool: str, passkey_client: str) -> None:
    access = _user(idp, passkey_pool, passkey_client)
    device = Authenticator(ORIGIN)
    _register(idp, access, device)
    idp.set_user_pool_mfa_config(UserPoolId=passkey_pool, SoftwareTokenMfaConfiguration={"Enabled": True}, MfaConfiguration="ON",
                                 WebAuthnConfiguration={"RelyingPartyId": "localhost", "FactorConfiguration": "SINGLE_FACTOR"})

    def offered() -> bool:
        try:
            _passkey_challenge(idp, passkey_client)
        except ClientError as error:
            assert error.response["Error"]["Code"] == "InvalidParameterException"
            return False
        return True

    # A single-factor passkey is no sign-in where MFA is required...
    assert not offered()
    # ...until the pool counts a verified passkey as MFA and the user turns passkey MFA on.
    idp.set_user_pool_mfa_config(UserPoolId=passkey_pool, WebAuthnConfiguration={
        "RelyingPartyId": "localhost", "FactorConfiguration": "MULTI_FACTOR_WITH_USER_VERIFICATION"})
    assert not offered()
    idp.set_user_mfa_preference(AccessToken=access, WebAuthnMfaSettings={"Enabled": True})
    assert "WEB_AUTHN" not in idp.get_user(AccessToken=access).get("UserMFASettingList", [])
    session, request = _passkey_challenge(idp, passkey_client)
    with pytest.raises(ClientError) as caught:  # no user verification: not a second factor
        _answer(idp, passkey_client, session, device.get(request, verified=False))
    assert caught.value.response["Error"]["Code"] == "NotAuthorizedException"
    session, request = _passkey_challenge(idp, passkey_client)
    assert "AccessToken" in _answer(idp, passkey_client, session, device.get(request))["AuthenticationResult"]
