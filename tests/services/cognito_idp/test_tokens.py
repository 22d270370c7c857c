"""The token signer alone: what it writes is a compact RS256 JWS that PyJWT verifies against
the pool's JWKS, with the claims given (any JSON a trigger may add) and the pool's key id."""

from __future__ import annotations

from typing import Any

import jwt
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cumulo.core.errors import AwsError
from cumulo.services.cognito_idp import tokens
from cumulo.services.cognito_idp.models import UserPool

POOL = UserPool(id="us-east-1_Tok123", name="tokens", account="000000000000", region="us-east-1", created=0, modified=0)
tokens.ensure_key(POOL)
_json = st.recursive(
    st.none() | st.booleans() | st.integers(min_value=-(1 << 80), max_value=1 << 80) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3), max_leaves=8)


@given(st.dictionaries(st.text(max_size=10), _json, max_size=6))
@settings(max_examples=40, deadline=None)
def test_signed_tokens_verify_with_pyjwt_against_the_jwks(claims: dict[str, Any]) -> None:
    token = tokens.sign(POOL, claims)
    key = jwt.PyJWK(tokens.jwks(POOL)["keys"][0]).key
    assert jwt.get_unverified_header(token) == {"alg": "RS256", "kid": POOL.kid, "typ": "JWT"}
    # Only the signature is checked here: the registered claims' own checks are not the signer's.
    unchecked = {f"verify_{name}": False for name in ("exp", "aud", "iat", "nbf", "iss", "sub", "jti")}
    assert jwt.decode(token, key, algorithms=["RS256"], options=unchecked) == claims


def test_a_token_altered_after_signing_does_not_verify() -> None:
    header, payload, signature = tokens.sign(POOL, {"token_use": "access", "exp": 1 << 40, "sub": "a"}).split(".")
    forged = ".".join([header, jwt.utils.base64url_encode(b'{"token_use":"access","exp":1099511627776,"sub":"b"}').decode(), signature])
    assert tokens.verify(POOL, tokens.sign(POOL, {"token_use": "access", "exp": 1 << 40}), 0)["token_use"] == "access"
    with pytest.raises(AwsError, match="Invalid Access Token"):
        tokens.verify(POOL, forged, 0)
