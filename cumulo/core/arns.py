"""ARNs: the partition a region belongs to, and the one way cumulo writes an ARN.

`arn:<partition>:<service>:<region>:<account>:<resource>`: the partition is the
request's (`aws-cn` for `cn-*`, `aws-us-gov` for `us-gov-*`, `aws-iso*`,
`aws-eusc`), from botocore's own partitions table, so a client in China sees
`arn:aws-cn:...` everywhere. Global resources (IAM roles, S3 buckets, STS
sessions) leave the region out of the ARN but still take the partition of the
region the request was made in: pass it as `home`.
"""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path

import botocore


@functools.cache
def _partitions() -> tuple[dict[str, str], list[tuple[re.Pattern[str], str]]]:
    data = json.loads((Path(botocore.__file__).parent / "data" / "partitions.json").read_text())
    named: dict[str, str] = {}
    patterns: list[tuple[re.Pattern[str], str]] = []
    for entry in data["partitions"]:
        named.update(dict.fromkeys(entry.get("regions", {}), entry["id"]))
        patterns.append((re.compile(entry["regionRegex"]), entry["id"]))
    return named, patterns


@functools.lru_cache(maxsize=256)
def partition(region: str) -> str:
    """The partition of a region; `aws` for a region no partition claims (or none)."""
    named, patterns = _partitions()
    if region in named:
        return named[region]
    for pattern, name in patterns:
        if pattern.match(region):
            return name
    return "aws"


def arn(service: str, region: str, account: str, resource: str, *, home: str | None = None) -> str:
    """An ARN in the partition of `home` (the request's region) or else of `region`."""
    return f"arn:{partition(home or region)}:{service}:{region}:{account}:{resource}"
