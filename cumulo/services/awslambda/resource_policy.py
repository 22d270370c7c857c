"""The `resource_policy` hook: a function's resource policy (its AddPermission
statements), owner and tags, for the gateway's authorize step (CUMULO_ENFORCE_IAM)."""

from __future__ import annotations

import json

from cumulo.core.runtime import Runtime
from cumulo.services import ResourcePolicy


def function_policy(runtime: Runtime, arn: str) -> ResourcePolicy | None:
    parts = arn.split(":")
    if len(parts) < 7 or parts[5] != "function":
        return None
    fn = runtime.store.scope("lambda", parts[4], parts[3]).table("functions").get(parts[6])
    if fn is None:
        return None
    statements = list(fn.policy.values())
    policy = json.dumps({"Version": "2012-10-17", "Id": "default", "Statement": statements}) if statements else ""
    return ResourcePolicy(policy, parts[4], dict(fn.tags))
