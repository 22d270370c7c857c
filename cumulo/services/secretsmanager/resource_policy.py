"""A secret's resource policy for the gateway's authorize step (CUMULO_ENFORCE_IAM, DESIGN.md section 14).

`secret_policy(runtime, arn)`: the secret's resource policy ("" for none; with
several named policies, their statements merged into one document) and tags, for
the secret a full or partial ARN names; None when there is no such secret.
"""

from __future__ import annotations

import json

from cumulo.core.runtime import Runtime
from cumulo.services import ResourcePolicy


def secret_policy(runtime: Runtime, arn: str) -> ResourcePolicy | None:
    parts = arn.split(":", 6)
    if len(parts) != 7 or parts[2] != "secretsmanager" or parts[5] != "secret":
        return None
    table = runtime.store.scope("secretsmanager", parts[4], parts[3]).table("secrets")
    rest = parts[6]
    secret = table.get(rest[:-7]) if len(rest) > 7 and rest[-7] == "-" else None
    if secret is None or secret.arn != arn:
        secret = table.get(rest)
    if secret is None:
        return None
    return ResourcePolicy(_merged(list(secret.policies.values())), secret.account, {t["Key"]: t["Value"] for t in secret.tags})


def _merged(documents: list[str]) -> str:
    if len(documents) <= 1:
        return documents[0] if documents else ""
    statements: list[object] = []
    for text in documents:
        try:
            doc = json.loads(text)
        except ValueError:
            continue
        found = doc.get("Statement", []) if isinstance(doc, dict) else []
        statements.extend(found if isinstance(found, list) else [found])
    return json.dumps({"Version": "2012-10-17", "Statement": statements})
