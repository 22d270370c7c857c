"""Dynamic references in resolved property values: `{{resolve:ssm:name[:version]}}`,
`{{resolve:ssm-secure:name[:version]}}` and
`{{resolve:secretsmanager:secret-id[:SecretString[:json-key[:version-stage[:version-id]]]]}}`,
read from SSM and Secrets Manager through services.call when the resource is made.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any

from cumulo.core.errors import AwsError
from cumulo.services.cloudformation.template import validation

if TYPE_CHECKING:
    from cumulo.core.runtime import Runtime

REFERENCE = re.compile(r"\{\{resolve:(ssm|ssm-secure|secretsmanager):([^}]*)\}\}")


def has_references(value: Any) -> bool:
    if isinstance(value, str):
        return "{{resolve:" in value
    if isinstance(value, dict):
        return any(has_references(v) for v in value.values())
    if isinstance(value, list):
        return any(has_references(v) for v in value)
    return False


async def resolve(runtime: Runtime, account: str, region: str, value: Any) -> Any:
    if isinstance(value, str):
        if "{{resolve:" not in value:
            return value
        out, last = [], 0
        for m in REFERENCE.finditer(value):
            out.append(value[last:m.start()])
            out.append(await _one(runtime, account, region, m.group(1), m.group(2)))
            last = m.end()
        out.append(value[last:])
        return "".join(out)
    if isinstance(value, dict):
        return {k: await resolve(runtime, account, region, v) for k, v in value.items()}
    if isinstance(value, list):
        return [await resolve(runtime, account, region, v) for v in value]
    return value


async def _one(runtime: Runtime, account: str, region: str, kind: str, ref: str) -> str:
    from cumulo.services import call

    if kind in ("ssm", "ssm-secure"):
        name, _, version = ref.partition(":") if not ref.startswith("arn:") else (ref, "", "")
        if ref.startswith("arn:") and ref.count(":") > 5:
            name, version = ref.rsplit(":", 1) if ref.rsplit(":", 1)[1].isdigit() else (ref, "")
        request = {"Name": f"{name}:{version}" if version else name, "WithDecryption": kind == "ssm-secure"}
        try:
            got = await call(runtime, "ssm", "GetParameter", request, account, region)
        except AwsError:
            raise validation(f"Parameters: [{name}] cannot be found.") from None
        param = got["Parameter"]
        if kind == "ssm" and param.get("Type") == "SecureString":
            raise validation(f"Parameter type SecureString for {name} is not supported by the resolve:ssm dynamic reference; use ssm-secure")
        return str(param["Value"])
    # secretsmanager: secret-id may itself be an ARN (which has colons).
    parts = ref.split(":")
    if ref.startswith("arn:"):
        secret_id, rest = ":".join(parts[:7]), parts[7:]
    else:
        secret_id, rest = parts[0], parts[1:]
    rest += [""] * (4 - len(rest))
    kind_field, json_key, stage, version_id = rest[:4]
    if kind_field not in ("", "SecretString"):
        raise validation(f"Dynamic reference {{{{resolve:secretsmanager:{ref}}}}}: only SecretString is supported")
    secret_request: dict[str, Any] = {"SecretId": secret_id}
    if stage:
        secret_request["VersionStage"] = stage
    if version_id:
        secret_request["VersionId"] = version_id
    try:
        got = await call(runtime, "secretsmanager", "GetSecretValue", secret_request, account, region)
    except AwsError as e:
        raise validation(f"Secrets Manager can't find the specified secret. ({e.code})") from None
    text = got.get("SecretString", "")
    if not json_key:
        return str(text)
    try:
        data = json.loads(text)
        value = data[json_key]
    except (ValueError, KeyError, TypeError):
        raise validation(f"Could not parse SecretString JSON for key {json_key}") from None
    return value if isinstance(value, str) else json.dumps(value)
