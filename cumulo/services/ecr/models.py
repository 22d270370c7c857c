"""ECR state: repositories, their images and tags, layer uploads, and the registry's settings.

Tables, per (account, region) scope (the registry of that account in that region):
- `repositories`: name -> `Repository` (its tags map `tag -> image digest` and its
  layers `digest -> size` live in it: a push touches one repository row).
- `images/<repository>`: image digest -> `Image`, the manifest's exact text kept in it
  (manifests are kilobytes; the digest is over those bytes).
- `uploads`: upload id -> `Upload`, a layer being uploaded in parts.
- `registry`: one row, "settings" -> `Registry` (policy, replication, scanning,
  pull-through cache rules, creation templates, account settings, signing).
- `tokens`: token id -> expiry (epoch seconds) of each GetAuthorizationToken answer.

Layer bodies are content-addressed across the whole server, in the scope
("ecr", "", ""), table `blobs`: digest -> `Blob`, whose `refs` counts the
repositories (of any account and region) holding the layer; the file goes when
the last one lets go. An upload's parts are blobs of their own until it completes,
so a crash mid-upload leaves only an `Upload` row, never a visible layer or image.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from cumulo.state.blobs import BlobRef

BLOB_SCOPE = ("ecr", "", "")


def images_table(repository: str) -> str:
    return f"images/{repository}"


@dataclass(slots=True)
class Blob:
    digest: str
    ref: BlobRef
    refs: int = 0


@dataclass(slots=True)
class Repository:
    name: str
    account: str
    region: str
    arn: str
    created: float
    tag_mutability: str = "MUTABLE"
    mutability_exclusions: list[dict[str, str]] = field(default_factory=list)
    scan_on_push: bool = False
    encryption: dict[str, str] = field(default_factory=lambda: {"encryptionType": "AES256"})
    resource_tags: dict[str, str] = field(default_factory=dict)
    policy: str = ""
    lifecycle_policy: str = ""
    lifecycle_updated: float = 0.0
    # tag -> image digest
    tags: dict[str, str] = field(default_factory=dict)
    # layer digest -> size in bytes: the layers this repository holds.
    layers: dict[str, int] = field(default_factory=dict)
    # The last lifecycle preview: {"status", "results", "summary"}.
    preview: dict[str, Any] | None = None


@dataclass(slots=True)
class Image:
    digest: str
    manifest: str
    media_type: str
    pushed_at: float
    size: int
    # What the manifest references: config + layer digests, or child manifest digests (an index).
    blobs: list[str] = field(default_factory=list)
    children: list[str] = field(default_factory=list)
    artifact_type: str = ""
    subject: str = ""  # the digest this manifest refers to (OCI referrers)
    last_pulled: float | None = None
    storage_class: str = "STANDARD"
    scan: dict[str, Any] | None = None
    # destination "region/account" -> status, of the replication of this image.
    replication: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class Upload:
    upload_id: str
    repository: str
    started: float
    parts: list[BlobRef] = field(default_factory=list)
    size: int = 0
    # sha256 of the body when it came in one part (the common case: no re-read to verify).
    single_digest: str = ""


@dataclass(slots=True)
class Registry:
    policy: str = ""
    replication: dict[str, Any] = field(default_factory=lambda: {"rules": []})
    scanning: dict[str, Any] = field(default_factory=lambda: {"scanType": "BASIC", "rules": []})
    pull_through: dict[str, dict[str, Any]] = field(default_factory=dict)  # prefix -> rule
    templates: dict[str, dict[str, Any]] = field(default_factory=dict)  # prefix -> template
    account_settings: dict[str, str] = field(default_factory=dict)
    signing: dict[str, Any] | None = None
    pull_time_exclusions: dict[str, float] = field(default_factory=dict)  # principal ARN -> created
    backfills: dict[str, dict[str, Any]] = field(default_factory=dict)  # id -> summary and results
