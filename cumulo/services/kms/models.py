"""KMS state, as plain slotted dataclasses.

Per (account, region) scope: `keys` (key id -> Key), `aliases` (alias name ->
Alias), `grants` (grant id -> Grant), `stores` (custom key store id ->
CustomKeyStore). A multi-Region key is one `Key` per region scope, all with
the same id and materials. Key material is kept wrapped (`Material.wrapped`,
see `vault`), never in plaintext.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class Material:
    id: str  # 64 hex, KeyMaterialId
    wrapped: bytes  # the material, sealed under the service's master key
    created: float
    state: str = "CURRENT"  # CURRENT | NON_CURRENT | PENDING_ROTATION
    rotation_type: str = ""  # AUTOMATIC | ON_DEMAND for rotations; "" for the first material
    # Imported material only:
    description: str = ""
    valid_to: float | None = None
    expiration_model: str = ""
    imported: bool = False  # False once DeleteImportedKeyMaterial or expiry removed it


@dataclass(slots=True)
class ImportParameters:
    token: str  # hex; the ImportToken is its bytes
    wrapping_pem: bytes  # sealed under the master key
    algorithm: str
    valid_to: float


@dataclass(slots=True)
class Key:
    id: str
    arn: str
    account: str
    region: str
    created: float
    spec: str
    usage: str
    origin: str = "AWS_KMS"
    manager: str = "CUSTOMER"
    description: str = ""
    state: str = "Enabled"
    policy: str = ""
    tags: dict[str, str] = field(default_factory=dict)
    materials: list[Material] = field(default_factory=list)
    deletion_date: float | None = None
    pending_window: int | None = None
    rotation_enabled: bool = False
    rotation_period: int = 365
    next_rotation: float | None = None
    on_demand_started: float | None = None
    multi_region: bool = False
    primary_region: str = ""  # for multi-Region keys: the primary's region
    replica_regions: list[str] = field(default_factory=list)  # on the primary
    custom_key_store: str = ""
    xks_key_id: str = ""
    imports: list[ImportParameters] = field(default_factory=list)
    last_used: tuple[str, float, str] | None = None  # (operation, time, request id)

    def current(self) -> Material | None:
        for m in self.materials:
            if m.state == "CURRENT" and (m.imported or self.origin != "EXTERNAL"):
                return m
        return None

    def material(self, material_id: str) -> Material | None:
        for m in self.materials:
            if m.id == material_id:
                return m
        return None


@dataclass(slots=True)
class Alias:
    name: str
    key_id: str
    created: float
    updated: float


@dataclass(slots=True)
class Grant:
    id: str
    key_id: str
    key_arn: str
    token: str
    name: str
    grantee: str
    retiring: str
    operations: list[str]
    constraints: dict[str, object]
    issuing_account: str
    created: float


@dataclass(slots=True)
class CustomKeyStore:
    id: str
    name: str
    type: str
    created: float
    state: str = "DISCONNECTED"
    error_code: str = ""
    cluster_id: str = ""
    trust_anchor: str = ""
    xks: dict[str, str] = field(default_factory=dict)
