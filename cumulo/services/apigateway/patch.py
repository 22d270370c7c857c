"""API Gateway's `patchOperations` (a JSON-patch dialect) applied to wire-shaped dicts.

Every Update* operation sends `[{op, path, value, from}]` where `path` is
`/member[/sub...]` with `~1` for `/` and `~0` for `~`, and `value` always a string:
booleans and numbers are converted by the member they land on. Lists of strings
(`binaryMediaTypes`, `cacheKeyParameters`) grow with `add` on `/member/<item>` and
shrink with `remove` on it. Unknown members are AWS's BadRequestException
"Invalid patch path ..."
(https://docs.aws.amazon.com/apigateway/latest/api/patch-operations.html).
"""

from __future__ import annotations

from typing import Any

from cumulo.core.errors import AwsError

BOOLEANS = frozenset({
    "enabled", "apiKeyRequired", "cacheClusterEnabled", "tracingEnabled", "disableExecuteApiEndpoint",
    "validateRequestBody", "validateRequestParameters", "metricsEnabled", "dataTraceEnabled",
    "cachingEnabled", "cacheDataEncrypted", "requireAuthorizationForCacheControl", "useStageCache",
})
NUMBERS = frozenset({
    "timeoutInMillis", "authorizerResultTtlInSeconds", "minimumCompressionSize", "throttlingBurstLimit",
    "burstLimit", "limit", "offset", "cacheTtlInSeconds", "percentTraffic",
})
FLOATS = frozenset({"rateLimit", "throttlingRateLimit", "percentTraffic"})
STRING_LISTS = frozenset({"binaryMediaTypes", "cacheKeyParameters", "providerARNs", "targetArns", "stageKeys", "types"})


def bad(message: str) -> AwsError:
    return AwsError("BadRequestException", message, status=400)


def split(path: str) -> list[str]:
    if not path.startswith("/"):
        raise bad(f"Invalid patch path {path}")
    return [part.replace("~1", "/").replace("~0", "~") for part in path[1:].split("/")]


def convert(member: str, value: Any) -> Any:
    if not isinstance(value, str):
        return value
    if member in BOOLEANS:
        if value.lower() not in ("true", "false"):
            raise bad(f"Invalid value '{value}' for boolean member {member}")
        return value.lower() == "true"
    if member in FLOATS:
        try:
            return float(value)
        except ValueError:
            raise bad(f"Invalid value '{value}' for {member}") from None
    if member in NUMBERS:
        try:
            return int(value)
        except ValueError:
            raise bad(f"Invalid value '{value}' for {member}") from None
    return value


def apply(target: dict[str, Any], operations: list[dict[str, Any]] | None, allowed: set[str] | frozenset[str] | None = None,
          nested: set[str] | frozenset[str] = frozenset()) -> None:
    """Apply `operations` to `target` in place. `allowed` lists the top-level members a
    client may change (None: any member already present or in `nested`); members in
    `nested` are maps whose keys come from the path (`/variables/<name>`,
    `/requestParameters/<name>`, `/tags/<key>`)."""
    for op in operations or []:
        kind = op.get("op")
        parts = split(op.get("path") or "")
        member = parts[0]
        if allowed is not None and member not in allowed and member not in nested:
            raise bad(f"Invalid patch path {op.get('path')}")
        value = op.get("value")
        if kind in ("replace", "add") and len(parts) == 1:
            if member in STRING_LISTS and kind == "add":
                target.setdefault(member, []).append(value)
            elif value is None and kind == "replace":
                target.pop(member, None)
            else:
                target[member] = convert(member, value)
        elif kind in ("replace", "add") and member in STRING_LISTS and len(parts) == 2:
            items = target.setdefault(member, [])
            if parts[1] not in items:
                items.append(parts[1])
        elif kind in ("replace", "add"):
            node = target.setdefault(member, {})
            for part in parts[1:-1]:
                node = node.setdefault(part, {})
            node[parts[-1]] = convert(parts[-1], value)
        elif kind == "remove":
            if len(parts) == 1:
                target.pop(member, None)
            elif member in STRING_LISTS:
                items = target.get(member) or []
                if parts[1] in items:
                    items.remove(parts[1])
            else:
                node = target.get(member)
                for part in parts[1:-1]:
                    node = node.get(part) if isinstance(node, dict) else None
                if isinstance(node, dict):
                    node.pop(parts[-1], None)
                if isinstance(target.get(member), dict) and not target[member]:
                    target.pop(member)
        elif kind in ("copy", "move"):
            source = split(op.get("from") or "")
            found: Any = target
            for part in source:
                found = found.get(part) if isinstance(found, dict) else None
            if found is None:
                raise bad(f"Invalid patch path {op.get('from')}")
            apply(target, [{"op": "add", "path": op["path"], "value": found}], allowed, nested)
            if kind == "move":
                apply(target, [{"op": "remove", "path": op["from"]}], allowed, nested)
        else:
            raise bad(f"Invalid patch operation specified. Must be one of: [add, remove, replace, move, copy, test]: {kind}")
