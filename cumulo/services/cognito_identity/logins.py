"""What a `Logins` map proves: each provider's token checked, and the subject it names.

A user pool's ID token is verified with the pool's own key, which the user pool
service hands out as its signing certificate (GetSigningCertificate, through
services.call): signature, expiry on the cumulo clock, token_use and, when the
identity pool names the app client, the audience. Tokens of other OIDC or social
providers cannot be checked against their issuers from here; their claims are read
and their expiry enforced. A developer provider's "token" is the user identifier.
"""

from __future__ import annotations

import base64
from typing import Any

import jwt
from cryptography import x509

from cumulo import services
from cumulo.core.context import RequestContext
from cumulo.core.errors import AwsError
from cumulo.services.cognito_identity.models import IdentityPool

_USER_POOL_PREFIX = "cognito-idp."


def _invalid(message: str = "Invalid login token.") -> AwsError:
    return AwsError("NotAuthorizedException", message)


async def _user_pool_key(ctx: RequestContext, pool: IdentityPool, user_pool_id: str) -> Any:
    region = user_pool_id.split("_", 1)[0]
    try:
        out = await services.call(ctx.runtime, "cognito-idp", "GetSigningCertificate", {"UserPoolId": user_pool_id},
                                  pool.account, region)
    except AwsError:
        raise _invalid(f"Invalid login token. Issuer {user_pool_id} is not a known user pool.") from None
    return x509.load_der_x509_certificate(base64.b64decode(out["Certificate"])).public_key()


async def verify(ctx: RequestContext, pool: IdentityPool, logins: dict[str, str]) -> dict[str, dict[str, Any]]:
    """Provider -> the claims its token carries, every token checked as far as cumulo can."""
    checked: dict[str, dict[str, Any]] = {}
    user_pools = {p["ProviderName"]: p for p in pool.config.get("CognitoIdentityProviders") or []}
    supported = pool.config.get("SupportedLoginProviders") or {}
    oidc = {arn.rsplit("/", 1)[-1] for arn in pool.config.get("OpenIdConnectProviderARNs") or []}
    developer = pool.config.get("DeveloperProviderName")
    for provider, token in logins.items():
        if provider == developer:
            checked[provider] = {"sub": token}
            continue
        if provider.startswith(_USER_POOL_PREFIX):
            if provider not in user_pools:
                raise _invalid(f"Invalid login token. Issuer {provider} is not configured for this identity pool.")
            user_pool_id = provider.rsplit("/", 1)[-1]
            key = await _user_pool_key(ctx, pool, user_pool_id)
            try:
                claims = jwt.decode(token, key, algorithms=["RS256"], options={"verify_exp": False, "verify_aud": False, "verify_iat": False})
            except jwt.PyJWTError:
                raise _invalid() from None
            if not str(claims.get("iss", "")).endswith("/" + user_pool_id):
                raise _invalid("Invalid login token. Issuer doesn't match providerName")
            if claims.get("token_use") != "id":
                raise _invalid("Invalid login token. Not a valid OpenId Connect identity token.")
            client_id = user_pools[provider].get("ClientId")
            if client_id and claims.get("aud") != client_id:
                raise _invalid("Invalid login token. Incorrect token audience.")
        else:
            if provider not in supported.values() and provider not in supported and provider not in oidc:
                raise _invalid(f"Invalid login token. Provider {provider} is not configured for this identity pool.")
            try:
                claims = jwt.decode(token, options={"verify_signature": False, "verify_exp": False})
            except jwt.PyJWTError:
                claims = {"sub": token}  # social providers' opaque access tokens name the user themselves
        if float(claims.get("exp", ctx.clock.now() + 1)) < ctx.clock.now():
            raise _invalid("Invalid login token. Token expired: the token is older than its expiry time.")
        checked[provider] = claims
    return checked
