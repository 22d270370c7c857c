"""WebAuthn (passkeys): registration and sign-in ceremonies, verified with py_webauthn.

StartWebAuthnRegistration hands out PublicKeyCredentialCreationOptions with a fresh
challenge; CompleteWebAuthnRegistration verifies the authenticator's attestation
(client data type, challenge, origin, RP id hash, flags, the attestation statement)
and keeps the credential's COSE public key and sign counter. Sign-in (USER_AUTH with
WEB_AUTHN) hands out PublicKeyCredentialRequestOptions in CREDENTIAL_REQUEST_OPTIONS
and verifies the assertion's signature against the kept key, refusing a counter that
does not grow. Credentials live on the user (`User.providers` rows with "webauthn").

The relying party is the pool's WebAuthnConfiguration.RelyingPartyId, else its custom
domain, else its prefix domain, else "localhost". An origin is accepted when its host
is the RP id or below it, over https (http only for localhost and loopback).
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlparse

import webauthn
from webauthn.helpers import base64url_to_bytes, bytes_to_base64url, options_to_json
from webauthn.helpers.exceptions import InvalidAuthenticationResponse, InvalidRegistrationResponse
from webauthn.helpers.structs import (AuthenticatorSelectionCriteria, PublicKeyCredentialDescriptor, ResidentKeyRequirement,
                                      UserVerificationRequirement)

from cumulo.core.errors import AwsError
from cumulo.services.cognito_idp.models import User, UserPool

TIMEOUT_MS = 300_000
_LOOPBACK = ("localhost", "127.0.0.1", "::1")


def relying_party(pool: UserPool) -> str:
    configured = (pool.mfa.get("WebAuthnConfiguration") or {}).get("RelyingPartyId")
    if configured:
        return str(configured)
    if pool.custom_domain:
        return pool.custom_domain
    if pool.domain:
        return f"{pool.domain}.auth.{pool.region}.amazoncognito.com"
    return "localhost"


def _verification(pool: UserPool) -> str:
    return str((pool.mfa.get("WebAuthnConfiguration") or {}).get("UserVerification") or "preferred")


def satisfies_mfa(pool: UserPool, user: User) -> bool:
    """Whether a verified passkey sign-in counts as MFA for this user (the pool's
    FactorConfiguration and the user's WebAuthnMfaSettings)."""
    factor = (pool.mfa.get("WebAuthnConfiguration") or {}).get("FactorConfiguration")
    return factor == "MULTI_FACTOR_WITH_USER_VERIFICATION" and "WEB_AUTHN" in user.mfa_enabled


def credentials(user: User) -> list[dict[str, Any]]:
    """The user's verified passkeys (rows kept before verification existed have no key and do not count)."""
    return [p for p in user.providers if p.get("webauthn") and p.get("public_key")]


def _descriptors(user: User) -> list[PublicKeyCredentialDescriptor]:
    return [PublicKeyCredentialDescriptor(id=base64url_to_bytes(p["id"])) for p in credentials(user)]


def creation_options(pool: UserPool, user: User, challenge: bytes) -> dict[str, Any]:
    rp = relying_party(pool)
    options = webauthn.generate_registration_options(
        rp_id=rp, rp_name=rp, user_name=user.username, user_id=user.sub.encode(), user_display_name=user.username,
        challenge=challenge, timeout=TIMEOUT_MS, exclude_credentials=_descriptors(user),
        authenticator_selection=AuthenticatorSelectionCriteria(
            resident_key=ResidentKeyRequirement.REQUIRED, require_resident_key=True,
            user_verification=UserVerificationRequirement(_verification(pool))))
    document: dict[str, Any] = json.loads(options_to_json(options))
    return document


def request_options(pool: UserPool, user: User, challenge: bytes) -> str:
    options = webauthn.generate_authentication_options(
        rp_id=relying_party(pool), challenge=challenge, timeout=TIMEOUT_MS, allow_credentials=_descriptors(user),
        user_verification=UserVerificationRequirement(_verification(pool)))
    return options_to_json(options)


def _client_origin(credential: dict[str, Any], rp: str, kind: type[Exception]) -> str:
    """The origin the client data names, when it may speak for the relying party."""
    try:
        data = json.loads(base64url_to_bytes(credential["response"]["clientDataJSON"]))
        origin = str(data["origin"])
    except (KeyError, TypeError, ValueError):
        raise kind("The client data is missing or malformed.") from None
    parsed = urlparse(origin)
    host = parsed.hostname or ""
    secure = parsed.scheme == "https" or (parsed.scheme == "http" and host in _LOOPBACK)
    if not secure or not (host == rp or host.endswith("." + rp)):
        raise kind(f"The origin {origin} does not belong to the relying party {rp}.")
    return origin


def register(pool: UserPool, user: User, credential: Any, challenge: bytes, now: float) -> dict[str, Any]:
    """Verifies a registration response; the credential row to keep on the user."""
    if not isinstance(credential, dict):
        raise AwsError("WebAuthnClientMismatchException", "The credential is not a WebAuthn registration response.")
    rp = relying_party(pool)
    try:
        origin = _client_origin(credential, rp, InvalidRegistrationResponse)
        verified = webauthn.verify_registration_response(
            credential=credential, expected_challenge=challenge, expected_rp_id=rp, expected_origin=origin,
            require_user_verification=_verification(pool) == "required")
    except InvalidRegistrationResponse as error:
        message = str(error)
        if "challenge" in message.lower():
            raise AwsError("WebAuthnChallengeNotFoundException", "The registration challenge does not match.") from None
        if "origin" in message.lower():
            raise AwsError("WebAuthnOriginNotAllowedException", message) from None
        if "rp id" in message.lower():
            raise AwsError("WebAuthnRelyingPartyMismatchException", message) from None
        raise AwsError("WebAuthnClientMismatchException", f"The registration response could not be verified: {message}") from None
    credential_id = bytes_to_base64url(verified.credential_id)
    if any(p["id"] == credential_id for p in credentials(user)):
        raise AwsError("WebAuthnCredentialNotSupportedException", "The credential is already registered for this user.")
    response = credential.get("response") or {}
    return {"webauthn": True, "id": credential_id, "name": str(credential.get("name") or "passkey"), "rp": rp,
            "attachment": str(credential.get("authenticatorAttachment") or "cross-platform"),
            "transports": [str(t) for t in response.get("transports") or []], "created": now,
            "public_key": bytes_to_base64url(verified.credential_public_key), "sign_count": verified.sign_count,
            "aaguid": verified.aaguid}


def authenticate(pool: UserPool, user: User, credential_json: str, challenge: bytes, *,
                 require_verification: bool = False) -> dict[str, Any]:
    """Verifies an assertion against the user's kept credential; the credential row, its counter moved on."""
    try:
        credential = json.loads(credential_json)
        stored = next(p for p in credentials(user) if p["id"] == credential.get("id"))
    except (ValueError, TypeError, AttributeError, StopIteration):
        raise AwsError("NotAuthorizedException", "The credential is not registered for this user.") from None
    rp = relying_party(pool)
    try:
        origin = _client_origin(credential, rp, InvalidAuthenticationResponse)
        verified = webauthn.verify_authentication_response(
            credential=credential, expected_challenge=challenge, expected_rp_id=rp, expected_origin=origin,
            credential_public_key=base64url_to_bytes(stored["public_key"]), credential_current_sign_count=int(stored["sign_count"]),
            require_user_verification=require_verification or _verification(pool) == "required")
    except InvalidAuthenticationResponse as error:
        raise AwsError("NotAuthorizedException", f"The passkey assertion could not be verified: {error}") from None
    stored["sign_count"] = verified.new_sign_count
    return stored
