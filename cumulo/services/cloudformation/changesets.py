"""A change set's changes: what executing a template would add, modify (in place or by
replacement) and remove, computed as the engine would decide it, with AWS's change
details (`Replacement` True/False/Conditional, `RequiresRecreation`, `Evaluation`
Static/Dynamic, `ChangeSource`).

Values that depend on a resource the change set would add or replace are unknown
until execution; a property holding one is a Dynamic change from a ResourceReference,
and a replacement it might force is Conditional.
"""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any

from cumulo.services.cloudformation import graph
from cumulo.services.cloudformation.intrinsics import UNKNOWN, contains_unknown
from cumulo.services.cloudformation.stacks import active_resources, evaluator

if TYPE_CHECKING:
    from cumulo.core.runtime import Runtime
    from cumulo.services.cloudformation.models import Stack, StackResource


def compute(runtime: Runtime, account: str, region: str, stack: Stack, template: dict[str, Any],
            params: dict[str, str], resolved: dict[str, str], tags_changed: bool = False) -> list[dict[str, Any]]:
    from cumulo.services.cloudformation.deploy import provider
    from cumulo.services.cloudformation.schemas import tag_property

    preview = copy.copy(stack)
    preview.template, preview.parameters, preview.resolved_parameters = template, params, resolved
    old: dict[str, StackResource] = {n: r for n, r in stack.resources.items() if r.status not in ("DELETE_COMPLETE", "DELETE_SKIPPED")}
    known: dict[str, StackResource] = dict(old)
    preview.resources = known
    ev = evaluator(runtime, account, region, preview, template)
    defs = active_resources(ev, template)
    deps = graph.dependencies(defs)
    changed_params = {k for k in params.keys() | stack.parameters.keys() if params.get(k) != stack.parameters.get(k)}
    changes: list[dict[str, Any]] = []
    for layer in graph.layers(deps):
        for name in layer:
            definition = defs[name]
            typ = definition["Type"]
            if name not in old:
                known.pop(name, None)
                changes.append(_change("Add", name, "", typ))
                continue
            before = old[name]
            if typ != before.type:
                known.pop(name, None)
                changes.append(_change("Modify", name, before.physical_id, typ, "True", [], ["Properties"]))
                continue
            try:
                props = ev.resolve(definition.get("Properties") or {})
            except Exception:  # noqa: BLE001 - a value that cannot be known before execution
                props = {k: UNKNOWN for k in definition.get("Properties") or {}}
            impl = provider(typ)
            replaces = impl.replaces if impl is not None else frozenset()
            can_update = impl is not None and impl.update is not None
            details, replacement = [], "False"
            for key in sorted(props.keys() | before.properties.keys()):
                new_value, old_value = props.get(key), before.properties.get(key)
                dynamic = contains_unknown(new_value)
                if not dynamic and new_value == old_value:
                    continue
                forces = key in replaces or not can_update
                recreation = ("Conditionally" if dynamic else "Always") if forces else "Never"
                if forces:
                    replacement = "True" if not dynamic or replacement == "True" else "Conditional"
                refs = graph.references((definition.get("Properties") or {}).get(key), defs)
                source = "ResourceReference" if refs and dynamic else (
                    "ParameterReference" if _mentions(definition.get("Properties", {}).get(key), changed_params) else "DirectModification")
                detail: dict[str, Any] = {
                    "Target": {"Attribute": "Tags" if key == "Tags" else "Properties", "Name": key, "RequiresRecreation": recreation},
                    "Evaluation": "Dynamic" if dynamic else "Static", "ChangeSource": source,
                }
                if source == "ResourceReference":
                    detail["CausingEntity"] = sorted(refs)[0]
                elif source == "ParameterReference":
                    detail["CausingEntity"] = sorted(_mentioned(definition.get("Properties", {}).get(key), changed_params))[0]
                details.append(detail)
            if tags_changed and not details and tag_property(typ) is not None:
                details.append({"Target": {"Attribute": "Tags", "RequiresRecreation": "Never"}, "Evaluation": "Static",
                                "ChangeSource": "DirectModification"})
            if not details:
                continue
            if replacement == "True":
                known.pop(name, None)
            scope = sorted({"Tags" if d["Target"]["Attribute"] == "Tags" else "Properties" for d in details})
            changes.append(_change("Modify", name, before.physical_id, typ, replacement, details, scope))
    for name, before in old.items():
        if name not in defs:
            changes.append(_change("Remove", name, before.physical_id, before.type))
    return changes


def _mentioned(value: Any, names: set[str]) -> set[str]:
    found: set[str] = set()
    if isinstance(value, dict):
        if list(value) == ["Ref"] and value["Ref"] in names:
            found.add(value["Ref"])
        for v in value.values():
            found |= _mentioned(v, names)
    elif isinstance(value, list):
        for v in value:
            found |= _mentioned(v, names)
    elif isinstance(value, str) and "${" in value:
        found |= {n for n in names if "${" + n + "}" in value}
    return found


def _mentions(value: Any, names: set[str]) -> bool:
    return bool(_mentioned(value, names))


def _change(action: str, name: str, physical: str, typ: str, replacement: str | None = None,
            details: list[dict[str, Any]] | None = None, scope: list[str] | None = None) -> dict[str, Any]:
    rc: dict[str, Any] = {"Action": action, "LogicalResourceId": name, "ResourceType": typ, "Scope": scope or [],
                          "Details": details or []}
    if physical:
        rc["PhysicalResourceId"] = physical
    if replacement is not None:
        rc["Replacement"] = replacement
    return {"Type": "Resource", "HookInvocationCount": 0, "ResourceChange": rc}
