"""Parameter policies on the cumulo clock: Expiration deletes, the notifications send events.

A tick walks only the parameters that have policies (the `policy_index`
table), so the cost does not grow with the parameters that have none. Each
notification is sent once per parameter version: its policy's status turns
from Pending to Finished when it has fired.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cumulo.services.ssm import events, names, params
from cumulo.services.ssm.models import Parameter

if TYPE_CHECKING:
    from cumulo.core.runtime import Runtime

DETAIL_TYPE = "Parameter Store Policy Action"


def _arn(region: str, account: str, name: str) -> str:
    return f"arn:aws:ssm:{region}:{account}:parameter/{name.lstrip('/')}"


def run(runtime: Runtime, now: float) -> None:
    for scope in runtime.store.scopes_of("ssm"):
        index = scope.table("policy_index")
        if not index:
            continue
        parameters = scope.table("parameters")
        for name in list(index):
            param: Parameter | None = parameters.get(name)
            if param is None:
                del index[name]
                continue
            _evaluate(runtime, scope.account, scope.region, param, now, parameters, index)


def _evaluate(runtime: Runtime, account: str, region: str, param: Parameter, now: float, parameters: object, index: object) -> None:
    version = param.current
    arn = _arn(region, account, param.name)
    expires = params.expires_at(version)
    changed = False
    for policy in version.policies:
        if policy["status"] != "Pending":
            continue
        attributes = params.policy_attributes(policy)
        kind = policy["type"]
        if kind == "ExpirationNotification" and expires is not None:
            due = expires - int(attributes["Before"]) * params.UNITS[attributes["Unit"]]
        elif kind == "NoChangeNotification":
            due = version.modified + int(attributes["After"]) * params.UNITS[attributes["Unit"]]
        else:
            continue
        if now >= due:
            policy["status"] = "Finished"
            changed = True
            events.emit(runtime, account, region, DETAIL_TYPE,
                        {"parameter-name": param.name, "parameter-type": version.type, "policy-type": kind,
                         "action-status": "Finished", "action": "Notify"}, [arn])
    if expires is not None and now >= expires:
        del parameters[param.name]  # type: ignore[attr-defined]
        names.removed(runtime, parameters, param.name)  # type: ignore[arg-type]
        del index[param.name]  # type: ignore[attr-defined]
        tags = runtime.store.scope("ssm", account, region).table("tags/Parameter")
        if param.name in tags:
            del tags[param.name]
        events.emit(runtime, account, region, DETAIL_TYPE,
                    {"parameter-name": param.name, "parameter-type": version.type, "policy-type": "Expiration",
                     "action-status": "Finished", "action": "Delete"}, [arn])
        return
    if changed:
        parameters.touch(param.name)  # type: ignore[attr-defined]
