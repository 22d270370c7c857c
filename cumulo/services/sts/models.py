"""STS state: the temporary credentials it issued, and per-account token signing keys.

Sessions live in one global scope (("sts", "aws", "global")), because an access
key must be resolved before its account is known.
"""

from __future__ import annotations

from dataclasses import dataclass, field

GLOBAL = ("aws", "global")  # (account, region) of the scope that holds every session


@dataclass(slots=True)
class Session:
    access_key: str
    secret_key: str
    token: str
    expiration: float  # epoch seconds on the cumulo clock
    account: str
    arn: str  # what GetCallerIdentity answers: assumed-role, federated-user, user or root ARN
    user_id: str
    source_identity: str = ""
    tags: dict[str, str] = field(default_factory=dict)
    # Sessions made from sessions (role chaining) are limited to one hour.
    chained: bool = False
    # Session policies (AssumeRole `Policy` and `PolicyArns`): the session may do only
    # what these and the role's own policies both allow (read with getattr: sessions
    # stored before these fields lack them).
    policy: str = ""
    policy_arns: tuple[str, ...] = ()


@dataclass(slots=True)
class SigningKey:
    """The private key STS signs outbound web identity tokens with (PEM)."""

    kid: str
    algorithm: str
    pem: bytes
