"""Layer uploads, shared by the API (InitiateLayerUpload, UploadLayerPart,
CompleteLayerUpload) and the OCI registry (POST/PATCH/PUT under blobs/uploads/).

An upload is a list of part blobs. Completing it checks the digest the client
named: a one-part upload was hashed as it streamed in; several parts are
streamed once more into one blob, hashed on the way. Memory stays at one chunk
whatever the layer's size. The finished layer joins the server-wide index
(common.blobs) unless a layer with that digest is already there, in which case
the new copy is dropped: each digest is stored once.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import AsyncIterable, AsyncIterator
from typing import TYPE_CHECKING

from cumulo.generated.ecr import (
    EmptyUploadExceptionError,
    InvalidLayerExceptionError,
    InvalidLayerPartExceptionError,
    UploadNotFoundExceptionError,
)
from cumulo.services.ecr import common
from cumulo.services.ecr.models import Blob, Repository, Upload

if TYPE_CHECKING:
    from cumulo.core.runtime import Runtime
    from cumulo.state import Store, Table

PART_SIZE = 10 * 1024 * 1024  # what AWS advertises as partSize


def uploads(store: Store, account: str, region: str) -> Table:
    return store.scope("ecr", account, region).table("uploads")


def start(store: Store, repo: Repository, now: float) -> Upload:
    upload = Upload(str(uuid.uuid4()), repo.name, now)
    uploads(store, repo.account, repo.region)[upload.upload_id] = upload
    return upload


def find(store: Store, repo: Repository, upload_id: str) -> Upload:
    upload: Upload | None = uploads(store, repo.account, repo.region).get(upload_id)
    if upload is None or upload.repository != repo.name:
        raise UploadNotFoundExceptionError(
            f"Upload with id '{upload_id}' is not found in repository '{repo.name}' in registry with id '{repo.account}'")
    return upload


async def append(store: Store, repo: Repository, upload: Upload, chunks: AsyncIterable[bytes],
                 first: int | None = None) -> Upload:
    """Stream one more part into the upload; `first` (its first byte) must continue the upload."""
    if first is not None and first != upload.size:
        raise InvalidLayerPartExceptionError(
            f"The layer part with first byte {first} is not the next part of upload '{upload.upload_id}' "
            f"(expected first byte {upload.size})", registryId=repo.account, repositoryName=repo.name,
            uploadId=upload.upload_id, lastValidByteReceived=max(upload.size - 1, 0))
    sha = hashlib.sha256()
    ref = await store.blobs.write_stream(chunks, service="ecr", hashers=(sha,))
    if ref.size == 0:
        store.blobs.delete(ref)
        return upload
    upload.parts.append(ref)
    upload.single_digest = "sha256:" + sha.hexdigest() if len(upload.parts) == 1 else ""
    upload.size += ref.size
    uploads(store, repo.account, repo.region).touch(upload.upload_id)
    return upload


EMPTY = "sha256:" + hashlib.sha256(b"").hexdigest()


async def complete(store: Store, repo: Repository, upload: Upload, digest: str, allow_empty: bool = False) -> int:
    """Finish the upload as layer `digest` of the repository; returns its size. An empty
    upload is refused (the API's EmptyUploadException) unless `allow_empty` (the registry
    takes the zero-length blob, as the distribution spec does)."""
    if not upload.parts and allow_empty and digest == EMPTY:
        upload.parts.append(store.blobs.write_bytes(b"", service="ecr"))
        upload.single_digest = EMPTY
    if not upload.parts:
        raise EmptyUploadExceptionError(f"The upload with id '{upload.upload_id}' contains no layer parts")
    if not common.DIGEST.match(digest):
        raise InvalidLayerExceptionError(f"Invalid layer digest '{digest}': only sha256 digests are supported")
    if upload.single_digest:
        ref, actual = upload.parts[0], upload.single_digest
        leftovers = []
    else:
        sha = hashlib.sha256()
        ref = await store.blobs.write_stream(_concat(store, upload), service="ecr", hashers=(sha,))
        actual = "sha256:" + sha.hexdigest()
        leftovers = list(upload.parts)
    if actual != digest:
        if ref not in upload.parts:
            store.blobs.delete(ref)
        raise InvalidLayerExceptionError(f"The calculated digest '{actual}' does not match the layer digest '{digest}'")
    index = common.blobs(store)
    if digest in index:
        leftovers.append(ref)  # the same bytes are already stored: keep one copy
    else:
        index[digest] = Blob(digest, ref)
    for part in leftovers:
        store.blobs.delete(part)
    del uploads(store, repo.account, repo.region)[upload.upload_id]
    common.hold_layer(store, repo, digest, upload.size)
    return upload.size


def abort(store: Store, repo: Repository, upload: Upload) -> None:
    for part in upload.parts:
        store.blobs.delete(part)
    del uploads(store, repo.account, repo.region)[upload.upload_id]


async def _concat(store: Store, upload: Upload) -> AsyncIterator[bytes]:
    for part in upload.parts:
        async for chunk in store.blobs.iter_range(part, chunk=1024 * 1024):
            yield chunk


def mount(store: Store, repo: Repository, source: Repository, digest: str) -> int | None:
    """Cross-repository mount: the layer of `source` becomes one of `repo`'s too."""
    size = source.layers.get(digest)
    if size is None or common.blob(store, digest) is None:
        return None
    common.hold_layer(store, repo, digest, size)
    return size


UPLOAD_LIFETIME = 24 * 3600.0


def expire_uploads(runtime: Runtime, now: float) -> None:
    """The Tick: uploads left unfinished for a day go, with their parts (a crashed or abandoned push)."""
    store = runtime.store
    for scope in store.scopes_of("ecr"):
        if not scope.account:
            continue
        table = scope.table("uploads")
        for upload in [u for u in table.values() if u.started + UPLOAD_LIFETIME <= now]:
            for part in upload.parts:
                store.blobs.delete(part)
            del table[upload.upload_id]
