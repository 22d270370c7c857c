"""IAM's state: plain slotted dataclasses, one global scope per account.

IAM is a global service: every region sees the same users and roles, so state
lives in `("iam", account, "global")` whatever region a client signs for. One
more scope, `("iam", "aws", "global")`, indexes every access key to its account
and user, because a key must be resolved before its account is known.
Policy documents are kept as the JSON text the client sent (URL-decoded).
"""

from __future__ import annotations

from dataclasses import dataclass, field

GLOBAL = "global"
KEY_INDEX = ("aws", "global")  # (account, region) of the access key index
ROOT = ""  # the name of the entity holding the root user's own access keys


@dataclass(slots=True)
class User:
    name: str
    id: str
    path: str
    created: float
    tags: dict[str, str] = field(default_factory=dict)
    inline: dict[str, str] = field(default_factory=dict)  # policy name -> document
    attached: list[str] = field(default_factory=list)  # managed policy ARNs, in attach order
    groups: list[str] = field(default_factory=list)
    boundary: str = ""  # permissions boundary policy ARN
    access_keys: dict[str, AccessKey] = field(default_factory=dict)
    login: LoginProfile | None = None
    mfa: list[str] = field(default_factory=list)  # serial numbers of enabled MFA devices
    ssh_keys: dict[str, SshKey] = field(default_factory=dict)
    signing_certs: dict[str, SigningCert] = field(default_factory=dict)
    service_credentials: dict[str, ServiceCredential] = field(default_factory=dict)
    password_last_used: float = 0.0


@dataclass(slots=True)
class AccessKey:
    id: str
    secret: str
    status: str
    created: float
    last_used: float = 0.0
    last_service: str = ""
    last_region: str = ""


@dataclass(slots=True)
class LoginProfile:
    created: float
    reset_required: bool
    password_hash: str  # sha256 of the password: never handed back, only compared


@dataclass(slots=True)
class SshKey:
    id: str
    body: str
    fingerprint: str
    status: str
    uploaded: float


@dataclass(slots=True)
class SigningCert:
    id: str
    body: str
    status: str
    uploaded: float


@dataclass(slots=True)
class ServiceCredential:
    id: str
    service: str
    user_name: str
    password: str
    status: str
    created: float
    expires: float = 0.0


@dataclass(slots=True)
class Group:
    name: str
    id: str
    path: str
    created: float
    inline: dict[str, str] = field(default_factory=dict)
    attached: list[str] = field(default_factory=list)
    members: list[str] = field(default_factory=list)  # user names


@dataclass(slots=True)
class Role:
    name: str
    id: str
    path: str
    created: float
    trust_policy: str
    description: str = ""
    max_session: int = 3600
    boundary: str = ""
    tags: dict[str, str] = field(default_factory=dict)
    inline: dict[str, str] = field(default_factory=dict)
    attached: list[str] = field(default_factory=list)
    last_used: float = 0.0
    last_used_region: str = ""
    service_linked: bool = False


@dataclass(slots=True)
class PolicyVersion:
    id: str  # "v1", "v2", ...
    document: str
    created: float


@dataclass(slots=True)
class ManagedPolicy:
    name: str
    id: str
    path: str
    arn: str
    created: float
    updated: float
    description: str = ""
    versions: dict[str, PolicyVersion] = field(default_factory=dict)
    default: str = "v1"
    next_version: int = 2
    attachments: int = 0
    boundary_uses: int = 0
    tags: dict[str, str] = field(default_factory=dict)

    @property
    def document(self) -> str:
        return self.versions[self.default].document


@dataclass(slots=True)
class InstanceProfile:
    name: str
    id: str
    path: str
    created: float
    roles: list[str] = field(default_factory=list)
    tags: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class MfaDevice:
    serial: str
    seed: bytes  # the TOTP secret (20 random bytes)
    created: float
    user: str = ""
    enabled: float = 0.0
    last_counter: int = 0  # the later of the two codes last accepted (no replays)
    tags: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class OidcProvider:
    arn: str
    url: str
    client_ids: list[str]
    thumbprints: list[str]
    created: float
    tags: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class SamlProvider:
    arn: str
    metadata: str
    uuid: str
    created: float
    valid_until: float
    encryption_mode: str = ""
    tags: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class ServerCert:
    name: str
    id: str
    path: str
    body: str
    chain: str
    uploaded: float
    expires: float
    tags: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class Job:
    """An asynchronous report (service last accessed, organizations access), done at once."""

    id: str
    kind: str
    arn: str
    created: float
    granularity: str = "SERVICE_LEVEL"


@dataclass(slots=True)
class Delegation:
    id: str
    owner: str
    description: str
    permissions: dict
    message: str
    state: str
    created: float
    updated: float
    notes: str = ""
    duration: int = 3600
    redirect: str = ""
    workflow: str = ""
    only_owner_sends: bool = False


@dataclass(slots=True)
class Account:
    """Account-wide settings: one row, under the key "account"."""

    aliases: list[str] = field(default_factory=list)
    password_policy: dict | None = None
    credential_report: float = 0.0  # when the report was generated; 0 never
    report_csv: str = ""
    sts_token_version: str = "v1Token"
    outbound_federation: bool = False
    issuer_id: str = ""
    properties: dict = field(default_factory=dict)
    deletion_tasks: dict[str, str] = field(default_factory=dict)  # task id -> role name
