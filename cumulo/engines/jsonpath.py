"""The JSONPath subset EventBridge and Pipes take: `$`, `$.a.b`, `$.a['b-c']`, `$.a["b"]`,
`$.list[0]`, and `*` / `[*]` wildcards (which select a list of what each item gives).

`path_steps` parses a path (ValueError when it is outside the subset); `select` reads
one from a value, None when nothing is there. Step Functions' full JSONPath (filters,
slices) is jsonpath-ng's, in its own package.
"""

from __future__ import annotations

import re
from typing import Any

_MISSING = object()
_STEP = re.compile(r"\.([^.\[\]]+)|\[(\d+)\]|\['([^']*)'\]|\[\"([^\"]*)\"\]|\[\*\]")


def path_steps(path: str) -> list[Any]:
    """A JSONPath as steps (str keys, int indexes, "*" wildcards); ValueError when not of the subset."""
    if not path.startswith("$"):
        raise ValueError(f"{path} is not a valid JSONPath: it must start with $")
    steps: list[Any] = []
    pos = 1
    while pos < len(path):
        match = _STEP.match(path, pos)
        if not match:
            raise ValueError(f"{path} is not a valid JSONPath")
        name, index, quoted, dquoted = match.groups()
        if name is not None:
            steps.append("*" if name == "*" else name)
        elif index is not None:
            steps.append(int(index))
        elif quoted is not None or dquoted is not None:
            steps.append(quoted if quoted is not None else dquoted)
        else:
            steps.append("*")
        pos = match.end()
    return steps


def select(value: Any, path: str) -> Any:
    """What `path` selects in `value`; _MISSING-free: None when nothing is there."""
    found = _walk(value, path_steps(path))
    return None if found is _MISSING else found


def _walk(value: Any, steps: list[Any]) -> Any:
    for i, step in enumerate(steps):
        if step == "*":
            items = list(value.values()) if isinstance(value, dict) else value if isinstance(value, list) else []
            return [v for v in (_walk(item, steps[i + 1 :]) for item in items) if v is not _MISSING]
        if isinstance(step, int):
            if not isinstance(value, list) or step >= len(value):
                return _MISSING
            value = value[step]
        else:
            if not isinstance(value, dict) or step not in value:
                return _MISSING
            value = value[step]
    return value
