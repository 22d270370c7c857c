"""Introspection under /_cumulo/cognito-identity/: the public keys GetOpenIdToken signs with
(what AWS publishes at https://cognito-identity.amazonaws.com/.well-known/jwks_uri)."""

from __future__ import annotations

import base64
import hashlib
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from cumulo.core.http import Request
from cumulo.core.runtime import Runtime


def _b64(n: int) -> str:
    return base64.urlsafe_b64encode(n.to_bytes((n.bit_length() + 7) // 8, "big")).rstrip(b"=").decode()


def jwks(runtime: Runtime, request: Request) -> dict[str, Any]:
    """GET /_cumulo/cognito-identity/jwks: every account's and region's OpenID token key."""
    keys = []
    for scope in runtime.store.scopes_of("cognito-identity"):
        pem = scope.table("keys").get("openid")
        if pem is None:
            continue
        private = serialization.load_pem_private_key(pem, password=None)
        assert isinstance(private, rsa.RSAPrivateKey)
        numbers = private.public_key().public_numbers()
        kid = f"{scope.region}-" + base64.urlsafe_b64encode(hashlib.sha256(pem).digest()[:9]).decode()
        keys.append({"kty": "RSA", "alg": "RS512", "use": "sig", "kid": kid, "n": _b64(numbers.n), "e": _b64(numbers.e)})
    return {"keys": keys}
