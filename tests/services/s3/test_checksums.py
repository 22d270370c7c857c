"""The flexible checksums as a body streams in: the same value whatever the pieces, the
CRC32 the same as zlib's (cumulo computes it with zlib-ng), and a full-object CRC
combined from parts equal to the CRC of the whole."""

from __future__ import annotations

import base64
import zlib

from awscrt import checksums as crt
from hypothesis import given, settings
from hypothesis import strategies as st

from cumulo.services.s3 import checksums

ONE_SHOT = {
    "CRC32": lambda data: zlib.crc32(data).to_bytes(4, "big"),
    "CRC32C": lambda data: crt.crc32c(data).to_bytes(4, "big"),
    "CRC64NVME": lambda data: crt.crc64nvme(data).to_bytes(8, "big"),
}


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=5000), st.lists(st.integers(0, 5000), max_size=5), st.sampled_from(sorted(ONE_SHOT)))
def test_a_crc_over_any_pieces_is_the_crc_of_the_whole(data: bytes, cuts: list[int], algorithm: str) -> None:
    bounds = sorted({0, len(data), *(c for c in cuts if c < len(data))})
    running = checksums.Checksum(algorithm)
    for start, end in zip(bounds, bounds[1:], strict=False):
        running.update(data[start:end])
    assert running.digest() == ONE_SHOT[algorithm](data)
    assert running.b64() == checksums.of(algorithm, data)
    # The same pieces as parts of a multipart object: their CRCs combine into the whole's.
    parts = [(checksums.of(algorithm, data[s:e]), e - s) for s, e in zip(bounds, bounds[1:], strict=False)]
    if parts:
        assert checksums.full_object(algorithm, parts) == base64.b64encode(ONE_SHOT[algorithm](data)).decode()
