"""Secrets Manager introspection: `GET /_cumulo/secretsmanager/rotations`, every rotation
run of every account and Region with its steps' results (newest first)."""

from __future__ import annotations

from typing import Any

from cumulo.core.http import Request
from cumulo.core.runtime import Runtime


def list_rotations(runtime: Runtime, request: Request) -> dict[str, Any]:
    runs = []
    for scope in runtime.store.scopes_of("secretsmanager"):
        for run in scope.table("runs").values():
            runs.append(
                {
                    "id": run.id,
                    "secretArn": run.secret_arn,
                    "token": run.token,
                    "lambdaArn": run.lambda_arn,
                    "trigger": run.trigger,
                    "status": run.status,
                    "started": run.started,
                    "finished": run.finished,
                    "steps": [dict(s) for s in run.steps],
                }
            )
    runs.sort(key=lambda r: r["started"], reverse=True)
    return {"rotations": runs}
