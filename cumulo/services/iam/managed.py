"""AWS managed policies (`arn:aws:iam::aws:policy/...`): the catalogue every account sees.

`data/aws_managed_policies.json.gz` holds the default version of each of AWS's
managed policies (name -> arn, version, dates, document), taken from the
`aws-iam-managed-_policies` npm package (MIT, tracks AWS's published policies;
0.0.656). Loaded on first use. Attaching an AWS managed policy counts per
account, kept in the account's own table ("aws_attachments").
"""

from __future__ import annotations

import functools
import gzip
import json
from datetime import datetime
from importlib import resources
from typing import Any

from cumulo.services.iam.models import ManagedPolicy, PolicyVersion

PREFIX = "arn:aws:iam::aws:policy"


@functools.cache
def catalogue() -> dict[str, dict[str, Any]]:
    """arn -> entry of every AWS managed policy."""
    raw = resources.files("cumulo.services.iam").joinpath("data/aws_managed_policies.json.gz").read_bytes()
    return {entry["arn"]: entry for entry in json.loads(gzip.decompress(raw)).values()}


def _epoch(text: str) -> float:
    return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


@functools.cache
def _policy(arn: str) -> ManagedPolicy | None:
    entry = catalogue().get(arn)
    if entry is None:
        return None
    name = arn.rsplit("/", 1)[-1]
    path = arn[len(PREFIX):-len(name)] or "/"
    # A stable id per policy, AWS-shaped (ANPA + 17).
    import hashlib
    import base64

    digest = base64.b32encode(hashlib.sha256(arn.encode()).digest()).decode()[:17]
    version = entry["version"]
    document = json.dumps(entry["document"], indent=4)
    return ManagedPolicy(name, "ANPA" + digest, path, arn, _epoch(entry["created"]), _epoch(entry["updated"]),
                         versions={version: PolicyVersion(version, document, _epoch(entry["updated"]))},
                         default=version, next_version=int(version[1:]) + 1)


def get(arn: str) -> ManagedPolicy | None:
    """A fresh copy of an AWS managed policy (callers set per-account counts on it)."""
    found = _policy(arn)
    if found is None:
        return None
    return ManagedPolicy(found.name, found.id, found.path, found.arn, found.created, found.updated,
                         versions=found.versions, default=found.default, next_version=found.next_version)
