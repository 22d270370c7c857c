"""Amazon Cognito identity pools: the state, as plain slotted dataclasses.

Tables, per (account, region) scope of "cognito-identity": `pools` (pool id ->
`IdentityPool`), `identities/<pool id>` (identity id -> `Identity`), `keys` ("openid" ->
the RSA key GetOpenIdToken signs with). The global scope indexes identity ids, which
unsigned calls (GetCredentialsForIdentity, GetOpenIdToken) name alone: `identity_index`
(identity id -> "account/pool id").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

GLOBAL = ("aws", "global")


@dataclass(slots=True)
class IdentityPool:
    id: str  # "<region>:<uuid>"
    name: str
    account: str
    region: str
    # The settable members as DescribeIdentityPool shows them (AllowUnauthenticatedIdentities,
    # SupportedLoginProviders, DeveloperProviderName, CognitoIdentityProviders, ...).
    config: dict[str, Any] = field(default_factory=dict)
    tags: dict[str, str] = field(default_factory=dict)
    roles: dict[str, str] = field(default_factory=dict)  # "authenticated" / "unauthenticated" -> role ARN
    role_mappings: dict[str, Any] = field(default_factory=dict)
    principal_tags: dict[str, dict[str, Any]] = field(default_factory=dict)  # provider -> {"UseDefaults", "PrincipalTags"}

    @property
    def arn(self) -> str:
        return f"arn:aws:cognito-identity:{self.region}:{self.account}:identitypool/{self.id}"


@dataclass(slots=True)
class Identity:
    id: str
    pool_id: str
    created: float
    modified: float
    logins: dict[str, str] = field(default_factory=dict)  # provider -> the subject it vouched for
    disabled: bool = False
