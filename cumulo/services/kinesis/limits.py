"""Per-shard throughput limits, enforced only with CUMULO_KINESIS_ENFORCE_LIMITS=1.

https://docs.aws.amazon.com/streams/latest/dev/service-sizes-and-limits.html
Writes: 1 MiB and 1,000 records per second per shard. Reads: 5 GetRecords calls
and 2 MiB per second per shard. Counted in one-second windows of the cumulo
clock, in memory (`runtime.live`): limits are about the moment, not state.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cumulo.core.errors import AwsError

if TYPE_CHECKING:
    from cumulo.core.runtime import Runtime
    from cumulo.services.kinesis.models import Stream

WRITE_BYTES, WRITE_RECORDS = 1024 * 1024, 1000
READ_CALLS, READ_BYTES = 5, 2 * 1024 * 1024


def enforced(runtime: Runtime) -> bool:
    return bool(getattr(runtime.config, "kinesis_enforce_limits", False))


def _window(runtime: Runtime, kind: str, stream: Stream, shard: int) -> list[float]:
    windows: dict[tuple[str, str, str, str, int], list[float]] = runtime.live.setdefault("kinesis-limits", {})
    second = int(runtime.clock.now())
    window = windows.setdefault((kind, stream.account, stream.region, stream.name, shard), [second, 0, 0])
    if window[0] != second:
        window[:] = [second, 0, 0]
    return window


def exceeded(stream: Stream, shard_id: str) -> AwsError:
    return AwsError(
        "ProvisionedThroughputExceededException",
        f"Rate exceeded for shard {shard_id} in stream {stream.name} under account {stream.account}.",
    )


def admit_write(runtime: Runtime, stream: Stream, shard: int, shard_id: str, size: int) -> None:
    """Count a record against its shard's write budget; raise when it would exceed it."""
    if not enforced(runtime):
        return
    window = _window(runtime, "write", stream, shard)
    if window[1] + 1 > WRITE_RECORDS or window[2] + size > WRITE_BYTES:
        raise exceeded(stream, shard_id)
    window[1] += 1
    window[2] += size


def admit_read(runtime: Runtime, stream: Stream, shard: int, shard_id: str) -> None:
    if not enforced(runtime):
        return
    window = _window(runtime, "read", stream, shard)
    if window[1] + 1 > READ_CALLS or window[2] > READ_BYTES:
        raise exceeded(stream, shard_id)
    window[1] += 1


def count_read(runtime: Runtime, stream: Stream, shard: int, size: int) -> None:
    if enforced(runtime):
        _window(runtime, "read", stream, shard)[2] += size
