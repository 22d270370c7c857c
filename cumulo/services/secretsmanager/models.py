"""Secrets Manager state, as plain slotted dataclasses.

Per (account, region) scope: `secrets` (name -> Secret) and `runs` (run id ->
RotationRun, the history of rotations). A version's value is never stored in
plaintext: `Version.sealed` is AES-256-GCM under a data key that KMS generated
(`Version.data_key` is KMS's ciphertext of it), so reading a value takes a KMS
Decrypt, and a disabled or deleted key makes it unreadable, as on AWS.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class Version:
    id: str
    created: float
    stages: list[str]
    binary: bool  # SecretBinary (True) or SecretString
    data_key: bytes  # KMS CiphertextBlob of the data key
    sealed: bytes  # nonce + AES-GCM of the value
    kms_key_arn: str = ""
    last_accessed: float | None = None
    digest: str = ""  # sha256 of the value, for ClientRequestToken idempotency checks


@dataclass(slots=True)
class Secret:
    name: str
    arn: str
    account: str
    region: str
    created: float
    description: str = ""
    kms_key_id: str = ""  # as the client gave it; "" for aws/secretsmanager
    type: str = ""
    tags: list[dict[str, str]] = field(default_factory=list)
    versions: dict[str, Version] = field(default_factory=dict)
    last_changed: float | None = None
    last_accessed: float | None = None
    deleted: float | None = None  # when DeleteSecret was called
    deletion_date: float | None = None  # when it is purged
    rotation_enabled: bool = False
    rotation_lambda: str = ""
    rotation_rules: dict[str, object] = field(default_factory=dict)
    last_rotated: float | None = None
    next_rotation: float | None = None
    external_rotation: list[dict[str, str]] = field(default_factory=list)
    external_rotation_role: str = ""
    policies: dict[str, str] = field(default_factory=dict)  # policy name -> document
    # Replication: on a primary, region -> {"KmsKeyId", "Status", "StatusMessage"}; on a replica, its primary's region.
    replicas: dict[str, dict[str, str]] = field(default_factory=dict)
    primary_region: str = ""
    cross_account_replicas: list[dict[str, str]] = field(default_factory=list)
    cross_account_primary: str = ""
    owning_service: str = ""

    def version_with(self, stage: str) -> Version | None:
        for v in self.versions.values():
            if stage in v.stages:
                return v
        return None


@dataclass(slots=True)
class RotationRun:
    id: str
    secret_arn: str
    token: str
    lambda_arn: str
    started: float
    trigger: str  # RotateSecret | schedule
    steps: list[dict[str, object]] = field(default_factory=list)  # {"step", "ok", "error", "at"}
    status: str = "InProgress"  # InProgress | Succeeded | Failed
    finished: float | None = None
