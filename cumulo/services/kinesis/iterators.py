"""Shard iterators: opaque tokens naming a stream, a shard and a position, valid five minutes.

https://docs.aws.amazon.com/kinesis/latest/APIReference/API_GetShardIterator.html
An iterator is the base64 of its fields; it carries the stream's creation time so
that an iterator of a deleted and recreated stream is refused, and the cumulo
clock's time of issue so that it expires on that clock.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from datetime import datetime, timezone

from cumulo.core.errors import AwsError

LIFETIME = 300.0


@dataclass(frozen=True, slots=True)
class Iterator:
    account: str
    region: str
    stream: str
    created: float  # the stream's creation time
    shard: int
    after: int  # position: records with a greater counter come next
    issued: float


def encode(it: Iterator) -> str:
    raw = f"1|{it.account}|{it.region}|{it.stream}|{it.created!r}|{it.shard}|{it.after}|{it.issued!r}".encode()
    return base64.b64encode(raw).decode()


def decode(token: str, now: float) -> Iterator:
    try:
        fields = base64.b64decode(token, validate=True).decode().split("|")
        if len(fields) != 8 or fields[0] != "1":
            raise ValueError(token)
        it = Iterator(fields[1], fields[2], fields[3], float(fields[4]), int(fields[5]), int(fields[6]), float(fields[7]))
    except (ValueError, UnicodeDecodeError, binascii.Error):
        raise AwsError("InvalidArgumentException", f"Invalid ShardIterator: {token[:128]}") from None
    if now - it.issued > LIFETIME:
        raise AwsError(
            "ExpiredIteratorException",
            f"Iterator expired. The iterator was created at time {_java_time(it.issued)} while right now it is {_java_time(now)} "
            f"which is further in the future than the tolerated delay of {int(LIFETIME * 1000)} milliseconds.",
        )
    return it


def _java_time(epoch: float) -> str:
    # AWS writes these instants as Java's Date.toString() does.
    return datetime.fromtimestamp(epoch, tz=timezone.utc).strftime("%a %b %d %H:%M:%S UTC %Y")
