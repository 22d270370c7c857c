"""The resource dependency graph: which resources each one waits for, from `DependsOn`
and from the references in its properties (Ref, Fn::GetAtt, Fn::Sub variables), and
the order AWS's checks follow (a cycle is "Circular dependency between resources").

`layers()` is for tests and previews; the engine schedules from `deps` itself, starting
each resource as soon as everything it waits for is done, so independent resources run
in parallel as on AWS.
"""

from __future__ import annotations

from typing import Any

from cumulo.services.cloudformation.intrinsics import SUB_VAR
from cumulo.services.cloudformation.template import format_error


def references(value: Any, names: set[str] | frozenset[str] | dict[str, Any]) -> set[str]:
    """The resources among `names` that `value` refers to."""
    found: set[str] = set()
    _walk(value, names, found)
    return found


def _walk(value: Any, names: Any, found: set[str]) -> None:
    if isinstance(value, dict):
        if len(value) == 1:
            (key, arg), = value.items()
            if key == "Ref" and isinstance(arg, str):
                if arg in names:
                    found.add(arg)
                return
            if key == "Fn::GetAtt":
                target = arg.split(".", 1)[0] if isinstance(arg, str) else arg[0] if isinstance(arg, list) and arg else None
                if isinstance(target, str) and target in names:
                    found.add(target)
                if isinstance(arg, list) and len(arg) > 1:
                    _walk(arg[1], names, found)
                return
            if key == "Fn::Sub":
                text, variables = (arg[0], arg[1]) if isinstance(arg, list) and len(arg) == 2 else (arg, {})
                if isinstance(text, str):
                    for var in SUB_VAR.findall(text):
                        if var.startswith("!") or var in (variables or {}):
                            continue
                        head = var.strip().split(".", 1)[0]
                        if head in names:
                            found.add(head)
                _walk(variables, names, found)
                return
        for v in value.values():
            _walk(v, names, found)
    elif isinstance(value, list):
        for v in value:
            _walk(v, names, found)


def dependencies(resources: dict[str, Any]) -> dict[str, set[str]]:
    """logical id -> the logical ids it waits for, among `resources` (logical id -> its
    template definition). A DependsOn naming no resource is AWS's format error."""
    deps: dict[str, set[str]] = {}
    for name, res in resources.items():
        waits = references(res.get("Properties") or {}, resources)
        # Condition-less metadata and policies can refer too (CreationPolicy counts as a wait).
        depends_on = res.get("DependsOn") or []
        if isinstance(depends_on, str):
            depends_on = [depends_on]
        for other in depends_on:
            if other not in resources:
                raise format_error(f"Unresolved resource dependencies [{other}] in the Resources block of the template")
            waits.add(other)
        deps[name] = waits
    return deps


def check_cycles(deps: dict[str, set[str]]) -> None:
    """AWS's error naming the resources on a cycle, if there is one."""
    order = layers(deps)
    placed = {n for layer in order for n in layer}
    stuck = sorted(set(deps) - placed)
    if stuck:
        raise format_error(f"Circular dependency between resources: [{', '.join(stuck)}]")


def layers(deps: dict[str, set[str]]) -> list[list[str]]:
    """Resources in waves: each wave waits only for earlier ones. Resources on a cycle
    (or waiting on one) are left out."""
    remaining = {n: set(d) & set(deps) for n, d in deps.items()}
    out: list[list[str]] = []
    while remaining:
        ready = sorted(n for n, d in remaining.items() if not d)
        if not ready:
            break
        out.append(ready)
        for n in ready:
            del remaining[n]
        for d in remaining.values():
            d.difference_update(ready)
    return out


def dependents(deps: dict[str, set[str]]) -> dict[str, set[str]]:
    """The reverse graph: logical id -> the ones that wait for it (deletion order)."""
    rev: dict[str, set[str]] = {n: set() for n in deps}
    for n, d in deps.items():
        for other in d:
            if other in rev:
                rev[other].add(n)
    return rev
