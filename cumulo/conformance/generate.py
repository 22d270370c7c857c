"""Request variants for one operation, generated from its botocore input shape.

`Generator(service, seed).variants(operation)` returns, in a fixed order:

- `required`: only the required members (at every depth), the baseline;
- `all`: every member, nested structures filled (a few levels deep);
- one variant per targeted member, on top of the baseline: each enum value
  (`enum:Path=VALUE`), strings at their min and max length and with non-ASCII
  text (`min:`, `max:`, `unicode:`), numbers at their bounds, lists and maps
  empty, with one and with several entries (`size0:`, `size1:`, `size3:`);
- negative variants (`neg:...`): each required member left out, strings one past
  their length bounds, numbers past their range, an illegal enum value.

Values respect the model's constraints (length, range, enum and, where one can
be derived, `pattern`), so a correct server accepts every positive variant; a
per-service hints file supplies what the model cannot express (a role ARN, a
SAML assertion). Timestamps, blobs and streaming bodies are ordinary values.

Invariant: the same (service, operation, seed, hints) always gives the same
variants, in the same order: each variant draws from its own `random.Random`
seeded with its name, so adding a variant never changes another.
"""

from __future__ import annotations

import base64
import copy
import json
import random
from dataclasses import dataclass, field
from datetime import datetime, timezone
from functools import cache
from pathlib import Path
from typing import Any

from botocore.model import OperationModel, Shape, StructureShape

from cumulo.conformance import patterns
from cumulo.protocol.models import service_model

HINTS_DIR = Path(__file__).parent / "hints"
MAX_DEPTH = 4  # structures nested deeper than this are left out of `all`
LONGEST = 100_000  # longer strings/blobs (S3 keys excepted) are not worth a request each
SEVERAL = 3
NOT_AN_ENUM_VALUE = "CumuloNotAnEnumValue"
TIMESTAMP = datetime(2031, 1, 2, 3, 4, 5, tzinfo=timezone.utc)  # in the future: retention dates, expiries

Path_ = tuple[str | int, ...]


@dataclass(frozen=True)
class Variant:
    """One request: `params` for botocore's client method of `operation`."""

    operation: str
    name: str
    params: dict[str, Any]
    negative: bool = False  # must be refused with a validation error
    baseline: bool = False  # must succeed (after its setup, see sequences.py)
    target: str = ""  # the member the variant varies, dotted (`Tags[0].Key`)

    def __str__(self) -> str:
        return f"{self.operation}[{self.name}]"


@dataclass
class Hints:
    """Per-service data for what the model cannot express (`hints/<service>.json`).

    - `values`: member value by `Operation.Path`, `Path` or bare member name;
    - `setup`: operation -> the operations to run first (see sequences.py);
    - `readers`: writer -> {"reader": op, "params": {...}} for round trips;
    - `always`: operation -> members put into every positive variant (a billing
      mode, a runtime: optional in the model, needed in practice);
    - `errors`: code -> HTTP statuses, errors the service documents for every
      operation that its model does not declare (S3's `MalformedXML`);
    - `baseline_may_fail`: operation -> why its baseline can't succeed here;
    - `skip`: "Operation" or "Operation[variant]" -> why it is not sent;
    - `omit`: member name -> why no variant ever sends it (Kinesis's `StreamId`
      makes botocore's endpoint rules address an AWS host, whatever the endpoint);
    - `settle`: setup operation -> [botocore waiter, its parameters]: a resource made in
      the background (a CloudFormation stack) is waited for before the step after it.
    """

    values: dict[str, Any] = field(default_factory=dict)
    setup: dict[str, list[str]] = field(default_factory=dict)
    readers: dict[str, dict[str, Any]] = field(default_factory=dict)
    always: dict[str, dict[str, Any]] = field(default_factory=dict)
    errors: dict[str, list[int]] = field(default_factory=dict)
    baseline_may_fail: dict[str, str] = field(default_factory=dict)
    skip: dict[str, str] = field(default_factory=dict)
    omit: dict[str, str] = field(default_factory=dict)
    settle: dict[str, list[Any]] = field(default_factory=dict)

    def value(self, operation: str, path: Path_) -> tuple[bool, Any]:
        dotted = _dotted(path)
        leaf = next((p for p in reversed(path) if isinstance(p, str)), "")
        for key in (f"{operation}.{dotted}", dotted, leaf):
            if key in self.values:
                return True, copy.deepcopy(self.values[key])
        return False, None


@cache
def load_hints(service: str) -> Hints:
    path = HINTS_DIR / f"{service}.json"
    if not path.exists():
        return Hints()
    data = json.loads(path.read_text())
    return Hints(**{k: v for k, v in data.items() if not k.startswith("_")})


def _dotted(path: Path_) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


# Values by member name for strings the model leaves free-form but services parse.
def _by_name(service: str, name: str, rng: random.Random) -> str | None:
    tag = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(6))
    lower = name.lower()
    if lower.endswith("arn"):
        return f"arn:aws:{service}:us-east-1:000000000000:cumulo-{tag}"
    if lower in ("policy", "policydocument", "resourcepolicy") or lower.endswith("policydocument"):
        return json.dumps(
            {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "*", "Resource": "*"}]}
        )
    if lower in ("region", "regionname", "awsregion"):
        return "us-east-1"
    if lower in ("account", "accountid", "awsaccountid", "expectedbucketowner", "expectedsourcebucketowner"):
        return "000000000000"
    if lower.endswith("email") or lower.endswith("emailaddress"):
        return f"cumulo-{tag}@example.com"
    return None


class Generator:
    """Variants for the operations of one service model."""

    def __init__(self, service: str, seed: int = 0, hints: Hints | None = None) -> None:
        self.service = service
        self.seed = seed
        self.model = service_model(service)
        self.hints = hints if hints is not None else load_hints(service)

    # ------------------------------------------------------------ variants

    def variants(self, operation: str) -> list[Variant]:
        op = self.model.operation_model(operation)
        shape = op.input_shape
        if shape is None or not shape.members:
            return [Variant(operation, "required", {}, baseline=True)]
        if _has_event_stream_input(shape):
            return []  # botocore cannot send an input event stream
        out = [
            Variant(operation, "required", self.params(op, "required"), baseline=True),
            Variant(operation, "all", self.params(op, "all")),
        ]
        seen = {"required", "all"}
        for path, member, name in self._targets(shape):
            for vname, value, negative in self._targeted(op, path, member, name):
                if vname in seen:
                    continue
                seen.add(vname)
                params = self.params(op, "required", vname)
                if value is _MISSING:
                    _delete(params, path)
                else:
                    self._ensure_parents(op, params, path, vname)
                    _put(params, path, value)
                out.append(Variant(operation, vname, params, negative=negative, target=_dotted(path)))
        return [v for v in out if f"{operation}[{v.name}]" not in self.hints.skip]

    def params(self, op: OperationModel, fill: str, variant: str | None = None) -> dict[str, Any]:
        """The input for `op`: required members only, or all (`fill="all"`)."""
        rng = self._rng(op.name, variant or fill)
        if op.input_shape is None:
            return {}  # an operation that takes no input (a setup step such as GenerateCredentialReport)
        value = self._value(op.name, op.input_shape, (), rng, fill, 0, ()) or {}
        for name, extra in self.hints.always.get(op.name, {}).items():
            value[name] = _decoded(op.input_shape.members[name], copy.deepcopy(extra))
        return value

    def _rng(self, operation: str, variant: str) -> random.Random:
        return random.Random(f"{self.seed}/{self.service}/{operation}/{variant}")

    # ------------------------------------------------------------ values

    def _value(self, operation: str, shape: Shape, path: Path_, rng: random.Random, fill: str, depth: int, stack: tuple[str, ...]) -> Any:
        if path:
            hinted, value = self.hints.value(operation, path)
            if hinted:
                return _decoded(shape, value)
        kind = shape.type_name
        if kind == "structure":
            return self._structure(operation, shape, path, rng, fill, depth, stack)
        if kind == "list":
            count = _clamp(1, shape.metadata.get("min"), shape.metadata.get("max"))
            return [self._value(operation, shape.member, (*path, i), rng, fill, depth, stack) for i in range(count)]
        if kind == "map":
            return self._map(operation, shape, path, rng, fill, depth, stack, _clamp(1, shape.metadata.get("min"), shape.metadata.get("max")))
        return self._scalar(shape, path, rng)

    def _structure(self, operation: str, shape: StructureShape, path: Path_, rng: random.Random, fill: str, depth: int, stack: tuple[str, ...]) -> dict[str, Any] | None:
        if shape.name in stack and depth > 1:
            return None
        stack = (*stack, shape.name)
        names = list(shape.members)
        if shape.metadata.get("union"):
            # Exactly one member: the first whose shape does not lead back here.
            names = [n for n in names if shape.members[n].name not in stack][:1] or names[:1]
        elif fill == "required" or depth >= MAX_DEPTH:
            names = list(shape.required_members)
        out: dict[str, Any] = {}
        for name in names:
            member = shape.members[name]
            if member.serialization.get("eventstream") or (fill == "all" and name not in shape.required_members and member.name in stack):
                continue
            if name in self.hints.omit and name not in shape.required_members:
                continue
            if member.serialization.get("name", "").lower() == "content-length":
                continue  # botocore sets it from the body; a generated one would be a malformed request
            value = self._value(operation, member, (*path, name), rng, fill, depth + 1, stack)
            if value is not None:
                out[name] = value
        if not out and shape.members and path and _is_required(self.model.operation_model(operation).input_shape, path):
            # A required structure with no required members: empty, most protocols would not send it at all.
            first = next(iter(shape.members))
            value = self._value(operation, shape.members[first], (*path, first), rng, fill, depth + 1, stack)
            if value is not None:
                out[first] = value
        return out

    def _map(self, operation: str, shape: Shape, path: Path_, rng: random.Random, fill: str, depth: int, stack: tuple[str, ...], count: int) -> dict[str, Any]:
        out: dict[str, Any] = {}
        header_map = shape.serialization.get("location") == "headers"
        for i in range(count * 3):
            if len(out) >= count:
                break
            key = self._scalar(shape.key, (*path, "<key>"), rng)
            if header_map or not isinstance(key, str):
                key = f"cumulo{i}" if not isinstance(key, str) else key.lower()
            out.setdefault(key, self._value(operation, shape.value, (*path, key), rng, fill, depth + 1, stack))
        return out

    def _scalar(self, shape: Shape, path: Path_, rng: random.Random, length: int | None = None, non_ascii: bool = False) -> Any:
        meta = shape.metadata
        kind = shape.type_name
        if kind == "string":
            if shape.serialization.get("jsonvalue"):
                return {"cumulo": "value"}
            if shape.enum:
                return shape.enum[rng.randrange(len(shape.enum))]
            return self._string(shape, path, rng, length, non_ascii)
        if kind in ("integer", "long"):
            return int(_clamp(1, meta.get("min"), meta.get("max")))
        if kind in ("float", "double"):
            return float(_clamp(1.5, meta.get("min"), meta.get("max")))
        if kind == "boolean":
            name = next((p for p in reversed(path) if isinstance(p, str)), "")
            return name != "DryRun"
        if kind == "timestamp":
            return TIMESTAMP
        if kind == "blob":
            size = length if length is not None else int(_clamp(16, meta.get("min"), meta.get("max")))
            chunk = bytes(rng.randrange(256) for _ in range(64))
            return (chunk * (size // 64 + 1))[:size]
        if kind == "document":
            return {"cumulo": ["document", 1, True]}
        return None

    def _string(self, shape: Shape, path: Path_, rng: random.Random, length: int | None, non_ascii: bool) -> str | None:
        meta = shape.metadata
        low, high = meta.get("min", 0), meta.get("max")
        target = length if length is not None else int(_clamp(12, low, high))
        pattern = meta.get("pattern")
        name = next((p for p in reversed(path) if isinstance(p, str)), "")
        if length is None and not non_ascii:
            named = _by_name(self.service, name, rng)
            if named is not None and low <= len(named) <= (high or len(named)) and patterns.matches(pattern, named):
                return named
        if pattern and patterns.compiled(pattern) is not None:
            derived = patterns.string_for(pattern, rng, low, high, target, non_ascii)
            if derived is not None or length is not None or non_ascii:
                return derived
        return _plain(rng, target, non_ascii)

    def _ensure_parents(self, op: OperationModel, params: dict[str, Any], path: Path_, variant: str) -> None:
        """Create the containers on the way to `path` (required members only)."""
        rng = self._rng(op.name, variant)
        node: Any = params
        shape: Shape = op.input_shape
        for i, part in enumerate(path[:-1]):
            shape = shape.members[part] if isinstance(part, str) else shape.member
            if isinstance(part, str) and part not in node:
                node[part] = self._value(op.name, shape, path[: i + 1], rng, "required", i + 1, ())
            elif isinstance(part, int) and len(node) <= part:
                node.append(self._value(op.name, shape, path[: i + 1], rng, "required", i + 1, ()))
            node = node[part]

    # ------------------------------------------------------------ targets

    def _targets(self, shape: StructureShape, path: Path_ = (), depth: int = 0, stack: tuple[str, ...] = ()) -> list[tuple[Path_, Shape, str]]:
        """(path, shape, member name) of every member worth varying, a few levels deep."""
        out: list[tuple[Path_, Shape, str]] = []
        if shape.name in stack or depth > 2:
            return out
        for name, member in shape.members.items():
            if member.serialization.get("eventstream") or member.serialization.get("hostLabel") or name in self.hints.omit:
                continue
            if member.serialization.get("name", "").lower() == "content-length":
                continue
            here = (*path, name)
            out.append((here, member, name))
            inner = member.member if member.type_name == "list" else member
            if inner.type_name == "structure" and not inner.metadata.get("union"):
                deeper = here + ((0,) if member.type_name == "list" else ())
                out.extend(self._targets(inner, deeper, depth + 1, (*stack, shape.name)))
        return out

    def _targeted(self, op: OperationModel, path: Path_, shape: Shape, name: str) -> list[tuple[str, Any, bool]]:
        """(variant name, value or _MISSING, negative) for the member at `path`."""
        dotted = _dotted(path)
        meta = shape.metadata
        location = shape.serialization.get("location")
        label = location == "uri"
        rng = self._rng(op.name, dotted)
        out: list[tuple[str, Any, bool]] = []
        required = _is_required(op.input_shape, path)
        if required and not label:
            out.append((f"neg:missing:{dotted}", _MISSING, True))
        kind = shape.type_name
        low, high = meta.get("min"), meta.get("max")
        if kind == "string" and shape.enum:
            out += [(f"enum:{dotted}={value}", value, False) for value in shape.enum]
            if not label:
                out.append((f"neg:enum:{dotted}", NOT_AN_ENUM_VALUE, True))
        elif kind == "string" and not shape.serialization.get("jsonvalue"):
            for tag, length in (("min", low), ("max", high)):
                if length is not None and length <= LONGEST and (length > 0 or not label):
                    out.append((f"{tag}:{dotted}", self._scalar(shape, path, rng, length=length), False))
            if location not in ("header", "headers"):
                out.append((f"unicode:{dotted}", self._scalar(shape, path, rng, non_ascii=True), False))
            if low and (low > 1 or not label):
                out.append((f"neg:short:{dotted}", _plain(rng, low - 1), True))
            if high is not None and high < LONGEST:
                out.append((f"neg:long:{dotted}", _plain(rng, high + 1), True))
        elif kind in ("integer", "long", "float", "double"):
            step = 1 if kind in ("integer", "long") else 0.5
            cast = int if step == 1 else float
            for tag, bound, sign in (("min", low, -1), ("max", high, 1)):
                if bound is not None:
                    out.append((f"{tag}:{dotted}", cast(bound), False))
                    out.append((f"neg:{'low' if sign < 0 else 'high'}:{dotted}", cast(bound + sign * step), True))
        elif kind == "blob" and not shape.serialization.get("streaming"):
            for tag, length in (("min", low), ("max", high)):
                if length is not None and length <= LONGEST:
                    out.append((f"{tag}:{dotted}", self._scalar(shape, path, rng, length=length), False))
        elif kind in ("list", "map"):
            if kind == "list" and getattr(shape.member, "enum", None):
                out += [(f"enum:{dotted}={value}", [value], False) for value in shape.member.enum]
            for count in (0, 1, SEVERAL):
                if (low or 0) <= count <= (high if high is not None else count):
                    out.append((f"size{count}:{dotted}", self._sized(op, shape, path, rng, count), False))
            if low and low > 0 and len(path) == 1:
                out.append((f"neg:size{low - 1}:{dotted}", self._sized(op, shape, path, rng, low - 1), True))
        return [v for v in out if v[1] is not None]

    def _sized(self, op: OperationModel, shape: Shape, path: Path_, rng: random.Random, count: int) -> Any:
        if shape.type_name == "list":
            return [self._value(op.name, shape.member, (*path, i), rng, "required", 1, ()) for i in range(count)]
        return self._map(op.name, shape, path, rng, "required", 1, (), count)


def _decoded(shape: Shape, value: Any) -> Any:
    """Hints are JSON: a blob is written there as base64 text."""
    if shape.type_name == "blob" and isinstance(value, str):
        return base64.b64decode(value)
    if shape.type_name == "structure" and isinstance(value, dict):
        return {k: _decoded(shape.members[k], v) if k in shape.members else v for k, v in value.items()}
    return value


class _Missing:
    def __repr__(self) -> str:
        return "<missing>"


_MISSING: Any = _Missing()


def _clamp(value: float, low: float | None, high: float | None) -> float:
    if low is not None:
        value = max(value, low)
    if high is not None:
        value = min(value, high)
    return value


def _plain(rng: random.Random, length: int, non_ascii: bool = False) -> str:
    """A readable string of exactly `length` characters (`cumulo-...`)."""
    alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"
    body = "".join(rng.choice(alphabet) for _ in range(max(length, 0)))
    if non_ascii:
        body = ("cumulo-éü漢字ß" + body)[:length]
    elif length >= 10:
        body = ("cumulo-" + body)[:length]
    return body


def _is_required(shape: StructureShape, path: Path_) -> bool:
    """Whether the member at `path` is required, and so is every structure on the way."""
    for part in path:
        if isinstance(part, int):
            continue  # a list item: `shape` is already the item's structure
        if shape.type_name != "structure" or part not in shape.required_members:
            return False
        member = shape.members[part]
        shape = member.member if member.type_name == "list" else member
    return True


def _put(params: dict[str, Any], path: Path_, value: Any) -> None:
    node: Any = params
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value


def _delete(params: dict[str, Any], path: Path_) -> None:
    node: Any = params
    for part in path[:-1]:
        if isinstance(node, dict) and part not in node:
            return
        node = node[part]
    if isinstance(node, dict):
        node.pop(path[-1], None)


def _has_event_stream_input(shape: StructureShape) -> bool:
    return any(m.serialization.get("eventstream") for m in shape.members.values())
