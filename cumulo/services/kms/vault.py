"""Key material at rest: sealed under a master key that lives in a blob file, not the store.

Entities hold material sealed with AES-256-GCM under a per-store master key
(the material id or import token is the associated data, so sealed bytes
cannot be swapped between materials). The master key is a blob referenced from
the global scope's `vault` table: the SQLite log and its rows never hold key
material in plaintext, and a snapshot, which carries blobs, still decrypts.

Unsealed material and parsed private keys are cached per runtime
(`runtime.live["kms"]`), keyed by the master blob and material id, so a hot
Encrypt is one AES-GCM call.
"""

from __future__ import annotations

import os
from typing import Any

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from cumulo.core.runtime import Runtime
from cumulo.services.kms import crypto
from cumulo.state.blobs import BlobRef

GLOBAL = ("aws", "global")


def _live(runtime: Runtime) -> dict[Any, Any]:
    live: dict[Any, Any] = runtime.live.setdefault("kms", {})
    return live


def _master(runtime: Runtime) -> tuple[str, AESGCM]:
    table = runtime.store.scope("kms", *GLOBAL).table("vault")
    ref: BlobRef | None = table.get("master")
    live = _live(runtime)
    cached: AESGCM | None = None
    if ref is not None:
        cached = live.get(("master", ref.id))
        if cached is None:
            try:
                cached = live[("master", ref.id)] = AESGCM(runtime.store.blobs.read_bytes(ref))
            except FileNotFoundError:
                ref = None
    if ref is None:
        ref = runtime.store.blobs.write_bytes(os.urandom(32), service="kms")
        table["master"] = ref
        cached = live[("master", ref.id)] = AESGCM(runtime.store.blobs.read_bytes(ref))
    assert cached is not None
    return ref.id, cached


def seal(runtime: Runtime, label: str, secret: bytes) -> bytes:
    _, aead = _master(runtime)
    nonce = os.urandom(12)
    return nonce + aead.encrypt(nonce, secret, label.encode())


def unseal(runtime: Runtime, label: str, sealed: bytes) -> bytes:
    master_id, aead = _master(runtime)
    key = ("plain", master_id, label)
    live = _live(runtime)
    plain = live.get(key)
    if plain is None:
        plain = live[key] = aead.decrypt(sealed[:12], sealed[12:], label.encode())
    return plain


def private_key(runtime: Runtime, label: str, sealed: bytes) -> Any:
    """The parsed private key of asymmetric material (parsing RSA keys is slow: cached)."""
    master_id, _ = _master(runtime)
    key = ("private", master_id, label)
    live = _live(runtime)
    parsed = live.get(key)
    if parsed is None:
        parsed = live[key] = crypto.load_private(unseal(runtime, label, sealed))
    return parsed
