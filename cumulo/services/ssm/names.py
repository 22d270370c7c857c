"""A sorted index of parameter names per parameters table, kept beside the state (never persisted).

GetParametersByPath pages through a hierarchy: with the names sorted, a path
is one bisect range instead of a scan of every parameter per page. The index
lives in `runtime.live`, keyed by the table object, so a reset or a restart
(new table objects) rebuilds it from the table on first use.
"""

from __future__ import annotations

import bisect
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cumulo.core.runtime import Runtime
    from cumulo.state import Table


def _indexes(runtime: Runtime) -> dict[int, tuple[Any, list[str]]]:
    live: dict[str, Any] = runtime.live.setdefault("ssm", {})
    found: dict[int, tuple[Any, list[str]]] = live.setdefault("name_index", {})
    return found


def sorted_names(runtime: Runtime, table: Table) -> list[str]:
    indexes = _indexes(runtime)
    entry = indexes.get(id(table))
    if entry is None or entry[0] is not table or len(entry[1]) != len(table):
        entry = (table, sorted(table))
        indexes[id(table)] = entry
    return entry[1]


def added(runtime: Runtime, table: Table, name: str) -> None:
    entry = _indexes(runtime).get(id(table))
    if entry is not None and entry[0] is table:
        names = entry[1]
        at = bisect.bisect_left(names, name)
        if at == len(names) or names[at] != name:
            names.insert(at, name)


def removed(runtime: Runtime, table: Table, name: str) -> None:
    entry = _indexes(runtime).get(id(table))
    if entry is not None and entry[0] is table:
        names = entry[1]
        at = bisect.bisect_left(names, name)
        if at < len(names) and names[at] == name:
            del names[at]


def under(names: list[str], path: str) -> list[str]:
    """Names below `path` (normalised, "/" for the root), in order."""
    prefix = "/" if path == "/" else path + "/"
    lo = bisect.bisect_left(names, prefix)
    hi = bisect.bisect_left(names, prefix[:-1] + "0")  # "0" sorts right after "/"
    return names[lo:hi]
