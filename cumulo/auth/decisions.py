"""The authorize step's decisions, kept in memory for /_cumulo/iam/decisions, and the
least-privilege policy they suggest (/_cumulo/iam/suggest). Plain data, no policy code:
services (IAM's introspection, STS's federated trust checks) read and add to it."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from cumulo.core.runtime import Runtime

MAX_DECISIONS = 10_000


class Record(NamedTuple):
    """One decision. Kept as tuples of strings, numbers and tuples: the garbage collector
    stops tracking them, so 10,000 kept decisions cost the authorize step nothing (as
    dicts, the collector's passes over them were most of the step's cost)."""

    time: float
    request_id: str
    principal: str
    account: str
    service: str
    operation: str
    action: str
    resource: str
    resource_account: str
    allowed: bool
    enforced: bool
    reason: str
    statement: tuple[tuple[str, Any], ...] | None  # the deciding statement's description, as pairs
    missing_context: tuple[str, ...]

    def as_json(self) -> dict[str, Any]:
        out = self._asdict()
        out["statement"] = dict(self.statement) if self.statement is not None else None
        out["missing_context"] = list(self.missing_context)
        return out


class DecisionLog:
    """The newest MAX_DECISIONS decisions, oldest first. The authorize step adds a
    decision as (time, request id, the rest): the rest is one tuple its cache made with
    the decision, so recording a decision seen before builds one small tuple; a
    `Record` is made only when the log is read."""

    __slots__ = ("entries",)

    def __init__(self) -> None:
        self.entries: deque[tuple[float, str, tuple[Any, ...]]] = deque(maxlen=MAX_DECISIONS)

    def add(self, time: float, request_id: str, rest: tuple[Any, ...]) -> None:
        self.entries.append((time, request_id, rest))

    def append(self, record: Record) -> None:
        self.entries.append((record[0], record[1], tuple(record[2:])))

    def __iter__(self) -> Iterator[Record]:
        for time, request_id, rest in list(self.entries):
            yield tuple.__new__(Record, (time, request_id, *rest))

    def __len__(self) -> int:
        return len(self.entries)


def decisions(runtime: Runtime) -> DecisionLog:
    found = runtime.live.get("iam.decisions")
    if found is None:
        found = runtime.live["iam.decisions"] = DecisionLog()
    return found  # type: ignore[no-any-return]


def suggest(runtime: Runtime, principal: str) -> dict[str, Any]:
    """The least-privilege policy that allows what `principal` did: its actions, on the
    resources it used, grouped so resources sharing the same actions share a statement."""
    by_resource: dict[str, set[str]] = {}
    for record in decisions(runtime):
        if record.principal == principal:
            by_resource.setdefault(record.resource, set()).add(record.action)
    grouped: dict[tuple[str, ...], list[str]] = {}
    for resource, found in by_resource.items():
        grouped.setdefault(tuple(sorted(found)), []).append(resource)
    statements = []
    for i, (actions, resources_) in enumerate(sorted(grouped.items(), key=lambda kv: kv[0]), 1):
        statements.append({"Sid": f"Observed{i}", "Effect": "Allow",
                           "Action": list(actions) if len(actions) > 1 else actions[0],
                           "Resource": sorted(resources_) if len(resources_) > 1 else resources_[0]})
    return {"Version": "2012-10-17", "Statement": statements}
