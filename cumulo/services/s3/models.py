"""S3 state: buckets, object versions, multipart uploads. Plain data only.

Where things live (all in one scope per account, region "global", since S3
bucket names are global):

- `buckets` table (in the `_global` account's scope): bucket name -> `Bucket`,
  for every account, so names are unique across accounts as on AWS.
- `objects/<bucket>`: key -> `ObjectKey`, the versions of one key, newest first.
  An unversioned bucket keeps one version per key, with version id "null".
- `uploads/<bucket>`: upload id -> `Upload` with its parts.
- `markers/<bucket>`: key -> True for each key whose current version is a
  delete marker, and "" once the table is complete (`keyindex`).

Object tables are cold (`cumulo.state.store.cold_tables`): past the store's
warm budget a row's value, inline body and all, leaves memory for disk. Read
them through the table's mapping API, a page at a time (`Table.peek`), and
keep no `ObjectKey` or `ObjectVersion` across an await: re-read it before a
change.

Bodies are either inline bytes (small objects: no file per object) or a
`BlobRef` into the store's blob files; never both. An SSE-C body holds
ciphertext and a `Seal` saying how to decrypt it (`sse_c.py`); the customer's
key is never stored, only a salted HMAC of it.

Fields added after data was stored (`Body.seal`, `Upload.key_check`) are unset
on entities unpickled from before: read them through `sse_c.seal_of` and
`sse_c.key_check_of`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from cumulo.state import BlobRef
from cumulo.state.store import cold_tables

GLOBAL = "_global"  # the scope (account and region) holding every bucket

cold_tables("s3", "objects/")


@dataclass(slots=True)
class Bucket:
    name: str
    account: str
    region: str
    created: float
    versioning: str = ""  # "", "Enabled" or "Suspended"
    mfa_delete: str = ""
    # Stored configurations, exactly as put: "cors", "policy", "lifecycle", ...
    config: dict[str, Any] = field(default_factory=dict)
    tags: list[dict[str, str]] | None = None
    acl: dict[str, Any] | None = None


@dataclass(slots=True)
class KeyCheck:
    """Tells a later SSE-C key right from wrong without keeping the key."""

    salt: bytes
    digest: bytes  # HMAC-SHA256 of the key, keyed with `salt`


@dataclass(slots=True)
class Segment:
    """One run of a sealed body encrypted in one piece (a PUT, a part)."""

    size: int
    nonce: bytes  # the run's first AES-CTR counter block


@dataclass(slots=True)
class Seal:
    """How an SSE-C body was encrypted: runs in order, all under the one key."""

    check: KeyCheck
    segments: list[Segment]
    # SSE-KMS (`sse_kms`): KMS's ciphertext of the data key and its context; None for SSE-C.
    kms: dict[str, Any] | None = None


@dataclass(slots=True)
class Body:
    """Where an object's bytes are: inline, or in a blob file."""

    size: int
    md5: str  # hex, of the bytes as stored (ciphertext when sealed)
    data: bytes | None = None
    blob: BlobRef | None = None
    seal: Seal | None = None  # SSE-C: the stored bytes are encrypted


@dataclass(slots=True)
class ObjectVersion:
    key: str
    version_id: str  # "null" for unversioned or suspended writes
    last_modified: float
    etag: str = ""  # quoted, as sent on the wire
    size: int = 0
    body: Body | None = None  # None for a delete marker
    delete_marker: bool = False
    content: dict[str, Any] = field(default_factory=dict)  # ContentType, CacheControl, ... as input members
    metadata: dict[str, str] = field(default_factory=dict)
    storage_class: str = "STANDARD"
    tags: dict[str, str] = field(default_factory=dict)
    # Flexible checksum: algorithm ("CRC32"...), its base64 value, and type.
    checksum_algorithm: str = ""
    checksum: str = ""
    checksum_type: str = ""
    parts: list[PartInfo] | None = None  # for multipart objects: sizes and checksums per part
    extra: dict[str, Any] = field(default_factory=dict)  # SSE, object lock, website redirect...
    acl: dict[str, Any] | None = None


@dataclass(slots=True)
class ObjectKey:
    """Every version of one key, newest first."""

    versions: list[ObjectVersion] = field(default_factory=list)

    @property
    def current(self) -> ObjectVersion | None:
        return self.versions[0] if self.versions else None


@dataclass(slots=True)
class PartInfo:
    number: int
    size: int
    etag: str
    checksum: str = ""
    last_modified: float = 0.0
    body: Body | None = None  # while the upload is in progress


@dataclass(slots=True)
class Upload:
    upload_id: str
    key: str
    initiated: float
    owner: str  # account
    content: dict[str, Any] = field(default_factory=dict)
    metadata: dict[str, str] = field(default_factory=dict)
    storage_class: str = "STANDARD"
    tags: dict[str, str] = field(default_factory=dict)
    checksum_algorithm: str = ""
    checksum_type: str = ""
    extra: dict[str, Any] = field(default_factory=dict)
    parts: dict[int, PartInfo] = field(default_factory=dict)
    key_check: KeyCheck | None = None  # SSE-C: every part must come with this key
