"""ID, access and refresh tokens: RS256 JWTs signed with the pool's own key, and its JWKS.

The issuer is `http://<host>/<pool id>`, the host being the one the client
called cumulo at (as LocalStack does), so that `iss + /.well-known/jwks.json`
is a URL the caller can fetch and any JWT library verifies the tokens from it.
Tokens name the sign-in (`origin_jti`) they come from: revoking it (RevokeToken,
GlobalSignOut) revokes every token it produced.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import uuid
from typing import Any

import jwt
import orjson
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from cumulo.core.errors import AwsError
from cumulo.services.cognito_idp.models import Client, Session, User, UserPool

_keys: dict[bytes, Any] = {}  # PEM -> loaded private key, so signing does not parse it each time
_public: dict[bytes, Any] = {}  # PEM -> its public key, for verifying
_headers: dict[str, bytes] = {}  # kid -> the encoded JWS header every token of the pool shares
_PKCS1, _SHA256 = padding.PKCS1v15(), hashes.SHA256()


def ensure_key(pool: UserPool) -> bool:
    """Give the pool its signing key on first need; True when one was made (the pool changed)."""
    if pool.key_pem:
        return False
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pool.key_pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    pool.kid = base64.b64encode(hashlib.sha256(pool.key_pem).digest()[:24]).decode()
    _keys[pool.key_pem] = key
    return True


def private_key(pool: UserPool) -> Any:
    key = _keys.get(pool.key_pem)
    if key is None:
        key = _keys[pool.key_pem] = serialization.load_pem_private_key(pool.key_pem, password=None)
    return key


def public_key(pool: UserPool) -> Any:
    key = _public.get(pool.key_pem)
    if key is None:
        key = _public[pool.key_pem] = private_key(pool).public_key()
    return key


def _b64(n: int) -> str:
    return base64.urlsafe_b64encode(n.to_bytes((n.bit_length() + 7) // 8, "big")).rstrip(b"=").decode()


def jwks(pool: UserPool) -> dict[str, Any]:
    numbers = public_key(pool).public_numbers()
    return {"keys": [{"alg": "RS256", "e": _b64(numbers.e), "kid": pool.kid, "kty": "RSA", "n": _b64(numbers.n), "use": "sig"}]}


def issuer(host: str, pool_id: str) -> str:
    return f"http://{host}/{pool_id}"


def _segment(data: bytes) -> bytes:
    return base64.urlsafe_b64encode(data).rstrip(b"=")


def _claims_json(claims: dict[str, Any]) -> bytes:
    try:
        return orjson.dumps(claims)
    except TypeError:  # what orjson refuses (integers past 64 bits, non-string keys from a trigger) json writes
        return json.dumps(claims, separators=(",", ":"), default=str).encode()


def sign(pool: UserPool, claims: dict[str, Any]) -> str:
    """A compact RS256 JWS of `claims` (what PyJWT writes, without its per-call header and
    key preparation: the header is the pool's, encoded once, and the key object is cached)."""
    header = _headers.get(pool.kid)
    if header is None:
        header = _headers[pool.kid] = _segment(orjson.dumps({"alg": "RS256", "kid": pool.kid, "typ": "JWT"}))
    signing_input = header + b"." + _segment(_claims_json(claims))
    return (signing_input + b"." + _segment(private_key(pool).sign(signing_input, _PKCS1, _SHA256))).decode()


def user_claims(pool: UserPool, user: User) -> dict[str, Any]:
    """The ID token's attribute claims: every attribute, booleans and numbers typed."""
    out: dict[str, Any] = {}
    for name, value in user.attributes.items():
        kind = pool.schema.get(name, {}).get("AttributeDataType", "String")
        if kind == "Boolean" and value in ("true", "false"):
            out[name] = value == "true"
        elif name == "updated_at" and value.isdigit():
            out[name] = int(value)
        else:
            out[name] = value
    return out


def issue(pool: UserPool, client: Client, user: User, session: Session, host: str, now: float,
          *, id_overrides: dict[str, Any] | None = None, access_overrides: dict[str, Any] | None = None,
          suppress: tuple[list[str], list[str]] = ([], []), scopes: list[str] | None = None,
          with_id: bool = True) -> dict[str, Any]:
    """AuthenticationResult's access and ID tokens for a sign-in (no refresh token)."""
    iss = issuer(host, pool.id)
    event_id = str(uuid.uuid4())
    common = {"sub": user.sub, "iss": iss, "origin_jti": session.origin_jti, "event_id": event_id,
              "auth_time": int(session.auth_time), "iat": int(now)}
    groups = sorted(user.groups)
    access_ttl, id_ttl = client.validity("Access"), client.validity("Id")
    access: dict[str, Any] = {**common, "client_id": client.id, "token_use": "access",
                              "scope": " ".join(scopes if scopes is not None else session.scopes or ["aws.cognito.signin.user.admin"]),
                              "exp": int(now + access_ttl), "jti": str(uuid.uuid4()), "username": user.username}
    if groups:
        access["cognito:groups"] = groups
    if access_overrides:
        access.update(access_overrides)
    for name in suppress[1]:
        access.pop(name, None)
    result: dict[str, Any] = {"AccessToken": sign(pool, access), "ExpiresIn": int(access_ttl), "TokenType": "Bearer"}
    if with_id:
        readable = client.config.get("ReadAttributes")
        attrs = user_claims(pool, user)
        if readable:
            attrs = {k: v for k, v in attrs.items() if k in readable or k == "sub"}
        id_token: dict[str, Any] = {**attrs, **common, "aud": client.id, "token_use": "id", "cognito:username": user.username,
                                    "exp": int(now + id_ttl), "jti": str(uuid.uuid4())}
        if groups:
            id_token["cognito:groups"] = groups
        if id_overrides:
            id_token.update(id_overrides)
        for name in suppress[0]:
            id_token.pop(name, None)
        result["IdToken"] = sign(pool, id_token)
    return result


def new_refresh_token() -> str:
    return "eyJjdHkiOiJKV1QiLCJlbmMiOiJBMjU2R0NNIiwiYWxnIjoiUlNBLU9BRVAifQ." + secrets.token_urlsafe(300)


def refresh_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def unverified_pool(token: str) -> str:
    """The pool id a token names in its issuer, before anything is trusted; "" if none."""
    try:
        claims = jwt.decode(token, options={"verify_signature": False})
    except jwt.PyJWTError:
        return ""
    return str(claims.get("iss", "")).rsplit("/", 1)[-1]


def verify(pool: UserPool, token: str, now: float, use: str = "access") -> dict[str, Any]:
    """The claims of a token this pool issued; NotAuthorizedException as AWS says it otherwise."""
    label = "Access Token" if use == "access" else "Id Token"
    try:
        claims = jwt.decode(token, public_key(pool), algorithms=["RS256"],
                            options={"verify_exp": False, "verify_aud": False, "verify_iat": False})
    except jwt.PyJWTError:
        raise AwsError("NotAuthorizedException", f"Invalid {label}") from None
    if claims.get("token_use") != use:
        raise AwsError("NotAuthorizedException", f"Invalid {label}")
    if claims.get("exp", 0) < now:
        raise AwsError("NotAuthorizedException", f"{label} has expired")
    return claims
