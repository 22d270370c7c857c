"""Flexible checksums: CRC32, CRC32C, CRC64NVME and the XXHASH family (awscrt);
SHA1, SHA256, SHA512 and MD5 (hashlib).

A `Checksum` is fed every chunk of a body as it streams (it is a blob-store
hasher) and gives the base64 value S3 sends in `x-amz-checksum-<alg>`.

Multipart objects have one of two checksum types
(https://docs.aws.amazon.com/AmazonS3/latest/userguide/checking-object-integrity.html):
- COMPOSITE: the algorithm over the concatenated binary checksums of the
  parts, written `<base64>-<part count>` (every algorithm but CRC64NVME);
- FULL_OBJECT: the CRC of the whole object, obtained by combining the parts'
  CRCs (CRC types only; CRC64NVME is always full object).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from collections.abc import Callable, Sequence
from typing import Any

from awscrt import checksums as crt
from awscrt.checksums import XXHash

try:  # zlib-ng's CRC32 folds with carry-less multiplies: a tenth of stock zlib's CPU per byte
    from zlib_ng.zlib_ng import crc32
except ImportError:  # a platform without its wheel: the same CRC, slower
    from zlib import crc32

from cumulo.core.errors import AwsError

ALGORITHMS = ("CRC32", "CRC32C", "CRC64NVME", "SHA1", "SHA256", "SHA512", "MD5", "XXHASH64", "XXHASH3", "XXHASH128")
# CRC32 is zlib-ng's (the same CRC; awscrt's takes about 15 times its CPU here): SDKs send it by default.
CRCS = {"CRC32": (crc32, crt.combine_crc32, 4), "CRC32C": (crt.crc32c, crt.combine_crc32c, 4), "CRC64NVME": (crt.crc64nvme, crt.combine_crc64nvme, 8)}


class _XXHash:
    """awscrt's XXHash behind hashlib's update/digest."""

    __slots__ = ("_hash",)

    def __init__(self, make: Callable[[], Any]) -> None:
        self._hash = make()

    def update(self, data: bytes) -> None:
        self._hash.update(data)

    def digest(self) -> bytes:
        return bytes(self._hash.finalize())


_HASHES: dict[str, Callable[[], Any]] = {
    "SHA1": hashlib.sha1, "SHA256": hashlib.sha256, "SHA512": hashlib.sha512,
    "MD5": lambda: hashlib.md5(usedforsecurity=False),
    "XXHASH64": lambda: _XXHash(XXHash.new_xxhash64), "XXHASH3": lambda: _XXHash(XXHash.new_xxhash3_64),
    "XXHASH128": lambda: _XXHash(XXHash.new_xxhash3_128),
}
_WIDTHS = {"SHA1": 20, "SHA256": 32, "SHA512": 64, "MD5": 16, "XXHASH64": 8, "XXHASH3": 8, "XXHASH128": 16}

# Input/output member names, e.g. "CRC32" -> "ChecksumCRC32".
MEMBER = {alg: f"Checksum{alg}" for alg in ALGORITHMS}


class Checksum:
    """A running checksum; `update()` per chunk, then `digest()` or `b64()`."""

    __slots__ = ("algorithm", "_crc", "_value", "_hash", "size")

    def __init__(self, algorithm: str) -> None:
        self.algorithm = algorithm
        self.size = 0
        if algorithm in CRCS:
            self._crc = CRCS[algorithm][0]
            self._value = 0
            self._hash = None
        elif algorithm in _HASHES:
            self._crc = None
            self._value = 0
            self._hash = _HASHES[algorithm]()
        else:
            raise AwsError("InvalidRequest", f"Checksum algorithm {algorithm} is not supported.", status=400)

    def update(self, data: bytes) -> None:
        self.size += len(data)
        if self._crc is not None:
            self._value = self._crc(data, self._value)
        else:
            self._hash.update(data)

    def digest(self) -> bytes:
        if self._crc is not None:
            return self._value.to_bytes(CRCS[self.algorithm][2], "big")
        return self._hash.digest()

    def b64(self) -> str:
        return base64.b64encode(self.digest()).decode()


def of(algorithm: str, data: bytes) -> str:
    c = Checksum(algorithm)
    c.update(data)
    return c.b64()


def decode(algorithm: str, value: str) -> bytes:
    """The binary checksum in a header value; InvalidRequest when it is not one."""
    width = CRCS[algorithm][2] if algorithm in CRCS else _WIDTHS.get(algorithm, 0)
    try:
        raw = base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        raw = b""
    if len(raw) != width:
        raise AwsError("InvalidRequest", f"Value for x-amz-checksum-{algorithm.lower()} header is invalid.", status=400)
    return raw


def mismatch(algorithm: str) -> AwsError:
    return AwsError("BadDigest", f"The {algorithm} you specified did not match the calculated checksum.", status=400)


def composite(algorithm: str, part_values: Sequence[str]) -> str:
    """The COMPOSITE checksum of a multipart object: `<b64 of checksum of checksums>-N`."""
    c = Checksum(algorithm)
    for value in part_values:
        c.update(base64.b64decode(value))
    return f"{c.b64()}-{len(part_values)}"


def full_object(algorithm: str, parts: Sequence[tuple[str, int]]) -> str:
    """The FULL_OBJECT CRC of a multipart object from (part checksum, part size) pairs."""
    _, combine, width = CRCS[algorithm]
    total = 0
    for i, (value, size) in enumerate(parts):
        crc = int.from_bytes(base64.b64decode(value), "big")
        total = crc if i == 0 else combine(total, crc, size)
    return base64.b64encode(total.to_bytes(width, "big")).decode()
