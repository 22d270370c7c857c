"""Amazon Cognito user pools: the state, as plain slotted dataclasses.

Tables, per (account, region) scope of "cognito-idp":
- `pools`: pool id -> `UserPool`;  `clients`: client id -> `Client`;
- `users/<pool id>`: username key (lower-cased when the pool is case-insensitive) -> `User`;
- `groups/<pool id>`, `resource_servers/<pool id>`, `providers/<pool id>`,
  `import_jobs/<pool id>`, `extras/<pool id>`: wire-shaped dicts by name or id;
- `sessions`: origin jti -> `Session` (one per sign-in; its refresh token by hash in `refresh`);
- `domains`: domain prefix -> pool id.
The global scope ("aws", "global") indexes what unsigned calls name without a
region or account: `pool_index` (pool id -> account), `client_index` (client id ->
pool id), `domain_index` (domain -> pool id), and the `codes` ledger.

Passwords are never kept: a salted HMAC-SHA256 for password sign-in and the SRP
verifier (g^x mod N) for USER_SRP_AUTH, both made when the password is set.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

GLOBAL = ("aws", "global")


def region_of(pool_id: str) -> str:
    return pool_id.split("_", 1)[0]


@dataclass(slots=True)
class UserPool:
    id: str
    name: str
    account: str
    region: str
    created: float
    modified: float
    # The pool's settings as DescribeUserPool shows them (Policies, LambdaConfig,
    # Schema-less parts: AutoVerifiedAttributes, AliasAttributes, MfaConfiguration...).
    config: dict[str, Any] = field(default_factory=dict)
    # Schema attributes by name: {"Name", "AttributeDataType", "Mutable", "Required", *Constraints}.
    schema: dict[str, dict[str, Any]] = field(default_factory=dict)
    tags: dict[str, str] = field(default_factory=dict)
    domain: str = ""
    custom_domain: str = ""
    # RS256 signing key (PEM, PKCS8) and its kid; made on first use.
    key_pem: bytes = b""
    kid: str = ""
    # GetUserPoolMfaConfig's extra parts (SmsMfaConfiguration, SoftwareTokenMfaConfiguration, ...).
    mfa: dict[str, Any] = field(default_factory=dict)
    ui: dict[str, Any] = field(default_factory=dict)  # client id or "ALL" -> {"CSS": ..., "ImageUrl": ...}
    risk: dict[str, Any] = field(default_factory=dict)  # client id or "ALL" -> risk configuration
    log_delivery: list[dict[str, Any]] = field(default_factory=list)

    @property
    def arn(self) -> str:
        return f"arn:aws:cognito-idp:{self.region}:{self.account}:userpool/{self.id}"

    @property
    def case_sensitive(self) -> bool:
        return bool(self.config.get("UsernameConfiguration", {}).get("CaseSensitive", True))

    def key_of(self, username: str) -> str:
        return username if self.case_sensitive else username.lower()

    @property
    def lambdas(self) -> dict[str, Any]:
        return self.config.get("LambdaConfig") or {}


@dataclass(slots=True)
class Client:
    id: str
    pool_id: str
    name: str
    created: float
    modified: float
    secret: str = ""
    # Settable parts of UserPoolClientType as given (ExplicitAuthFlows, TokenValidityUnits, ...).
    config: dict[str, Any] = field(default_factory=dict)
    extra_secrets: list[dict[str, Any]] = field(default_factory=list)

    def validity(self, kind: str) -> int:
        """A token's lifetime in seconds (kind: Access, Id, Refresh), in its unit."""
        value = self.config.get(f"{kind}TokenValidity") or (30 if kind == "Refresh" else 1)
        unit = (self.config.get("TokenValidityUnits") or {}).get(f"{kind}Token") or ("days" if kind == "Refresh" else "hours")
        return int(value) * UNITS[unit]


UNITS = {"seconds": 1, "minutes": 60, "hours": 3600, "days": 86400}


@dataclass(slots=True)
class User:
    username: str
    sub: str
    created: float
    modified: float
    attributes: dict[str, str] = field(default_factory=dict)
    status: str = "UNCONFIRMED"
    enabled: bool = True
    password_hash: str = ""  # salt$hmac-sha256, hex
    srp_salt: str = ""  # hex
    srp_verifier: int = 0
    temporary_expires: float | None = None  # a temporary password's end, on the cumulo clock
    password_history: list[str] = field(default_factory=list)
    groups: set[str] = field(default_factory=set)
    # Pending codes: purpose ("signup", "forgot", "verify:<attr>") -> (code, expires).
    codes: dict[str, tuple[str, float]] = field(default_factory=dict)
    failed: int = 0
    locked_until: float = 0.0
    totp_secret: str = ""
    totp_pending: str = ""
    mfa_preferred: str = ""  # SMS_MFA, SOFTWARE_TOKEN_MFA, EMAIL_OTP
    mfa_enabled: set[str] = field(default_factory=set)  # also "WEB_AUTHN": passkey MFA (WebAuthnMfaSettings)
    mfa_options: list[dict[str, Any]] = field(default_factory=list)
    devices: dict[str, dict[str, Any]] = field(default_factory=dict)
    providers: list[dict[str, Any]] = field(default_factory=list)  # linked external identities
    auth_events: list[dict[str, Any]] = field(default_factory=list)

    @property
    def mfa_settings(self) -> list[str]:
        return sorted(m for m in self.mfa_enabled if m != "WEB_AUTHN")


@dataclass(slots=True)
class Session:
    """One sign-in: the refresh token and every token derived from it carry its id (origin_jti)."""

    origin_jti: str
    pool_id: str
    client_id: str
    username: str
    auth_time: float
    expires: float
    scopes: list[str] = field(default_factory=list)
    revoked: bool = False
    refresh_hash: str = ""


@dataclass(slots=True)
class Challenge:
    """An auth flow in progress, named by the opaque Session string the client passes back."""

    pool_id: str
    client_id: str
    username: str
    name: str  # the challenge the client must answer
    expires: float
    flow: str
    srp_b: int = 0
    srp_small_b: int = 0
    srp_a: int = 0
    secret_block: str = ""
    custom: list[dict[str, Any]] = field(default_factory=list)  # CUSTOM_AUTH session so far
    private: dict[str, Any] = field(default_factory=dict)
    attempts: int = 0
