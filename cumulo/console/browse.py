"""The generic resource browser: what every service holds, read from the store, no page per service.

Each service keeps its entities in tables of a scope (service, account, region).
A table whose name has no `/` holds a kind of resource (`queues`, `buckets`,
`functions`); a table named `<kind>/<key>` holds what belongs to the entity
`<key>` (`objects/<bucket>`, `items/<table>`, `messages/<queue>`), shown from that
entity's detail. So a service merged tomorrow appears with no console change.

    GET console/api/overview                    services, their scopes and tables, with counts
    GET console/api/resources/{service}?account=&region=&table=&offset=&limit=&q=
                                                one page of a table (sorted by key, filtered by q)
    GET console/api/resource/{service}?account=&region=&table=&key=
                                                one entity: attributes, ARN, tags, policies, child tables
    POST console/api/locate                     where the console shows resources named by CloudFormation type
                                                (from each service's cfn.RESOURCE_TYPES) and physical id, or by ARN

Reads only: changes go through the services' handlers (cumulo.console.data).
"""

from __future__ import annotations

import base64
import dataclasses
import enum
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

import orjson

from cumulo import __version__, services
from cumulo.core.http import Request, Response
from cumulo.core.runtime import Runtime
from cumulo.state import BlobRef, Scope

MAX_PAGE = 500
DEPTH = 8
MAX_ITEMS = 300  # list items and dict keys shown per level
GLOBAL = ("_global", "global", "")


def _json(value: Any, status: int = 200) -> Response:
    return Response(status, {"Content-Type": "application/json"}, orjson.dumps(value))


def _params(request: Request) -> dict[str, str]:
    return dict(request.query_params)


# ---------------------------------------------------------------- entities as JSON


def plain(value: Any, depth: int = 0) -> Any:
    """An entity (slotted dataclasses, dicts, bytes, blobs, sets, datetimes) as JSON-able data."""
    if isinstance(value, int) and not isinstance(value, bool) and not -(1 << 63) <= value < 1 << 63:
        return str(value)  # wider than JSON numbers carry (a Kinesis shard's 128-bit hash keys)
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if depth > DEPTH:
        return f"<{type(value).__name__}>"
    if isinstance(value, (bytes, bytearray, memoryview)):
        data = bytes(value)
        try:
            text = data[:4096].decode("utf-8")
            return {"$bytes": len(data), "text": text}
        except UnicodeDecodeError:
            return {"$bytes": len(data), "base64": base64.b64encode(data[:3072]).decode()}
    if isinstance(value, BlobRef):
        return {"$blob": getattr(value, "size", None)}
    if isinstance(value, enum.Enum):
        return plain(value.value, depth)
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, dict):
        out = {}
        for i, (k, v) in enumerate(value.items()):
            if i >= MAX_ITEMS:
                out["…"] = f"{len(value) - MAX_ITEMS} more"
                break
            out[str(k)] = plain(v, depth + 1)
        return out
    if isinstance(value, (list, tuple, set, frozenset, Iterable)) and not hasattr(value, "__aiter__"):
        items = sorted(value, key=repr) if isinstance(value, (set, frozenset)) else value
        out_list = []
        for i, v in enumerate(items):
            if i >= MAX_ITEMS:
                out_list.append("… more")
                break
            out_list.append(plain(v, depth + 1))
        return out_list
    names = _field_names(value)
    if names:
        return {name: plain(getattr(value, name, None), depth + 1) for name in names}
    return f"<{type(value).__name__}>"


def _field_names(value: Any) -> list[str]:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [f.name for f in dataclasses.fields(value) if not f.name.startswith("_")]
    fields = getattr(type(value), "__struct_fields__", None)  # msgspec
    if fields:
        return list(fields)
    slots = getattr(type(value), "__slots__", None)
    if slots:
        return [s for s in ([slots] if isinstance(slots, str) else slots) if not s.startswith("_")]
    return [k for k in getattr(value, "__dict__", {}) if not k.startswith("_")]


# ARNs of entities that keep none, built from their fields (only where the shape is fixed).
ARN_SHAPES = {
    "Bucket": "arn:aws:s3:::{name}",
    "Role": "arn:aws:iam::{account}:role{path}{name}",
    "User": "arn:aws:iam::{account}:user{path}{name}",
    "Group": "arn:aws:iam::{account}:group{path}{name}",
}


def _arn(entity: Any, account: str = "") -> str:
    found = _stored_arn(entity)
    shape = ARN_SHAPES.get(type(entity).__name__)
    if found or shape is None:
        return found
    fields = {"account": account, "path": "/", **{k: getattr(entity, k, None) for k in ("name", "path")}}
    fields = {k: v for k, v in fields.items() if v is not None}
    try:
        return shape.format(**fields)
    except (KeyError, IndexError):
        return ""


def _stored_arn(entity: Any) -> str:
    """The entity's ARN, found where services keep it: an `arn` field or property,
    a field ending in `arn`, or an attribute named `...Arn`."""
    direct = getattr(entity, "arn", None)
    if isinstance(direct, str) and direct.startswith("arn:"):
        return direct
    if isinstance(entity, dict):
        for k, v in entity.items():
            if isinstance(v, str) and v.startswith("arn:") and str(k).lower().endswith("arn"):
                return v
        return ""
    names = _field_names(entity)
    for name in names:
        v = getattr(entity, name, None)
        if name.lower().endswith("arn") and isinstance(v, str) and v.startswith("arn:"):
            return v
    for name in names:  # ids that are ARNs (a CloudFormation stack's)
        v = getattr(entity, name, None)
        if (name == "id" or name.endswith("_id")) and isinstance(v, str) and v.startswith("arn:"):
            return v
    attributes = getattr(entity, "attributes", None)
    if isinstance(attributes, dict):
        for k, v in attributes.items():
            if str(k).endswith("Arn") and isinstance(v, str) and v.startswith("arn:"):
                return v
    return ""


def _tags(entity: Any) -> dict[str, str]:
    tags = getattr(entity, "tags", None) if not isinstance(entity, dict) else entity.get("tags") or entity.get("Tags")
    if isinstance(tags, dict):
        return {str(k): str(v) for k, v in tags.items()}
    if isinstance(tags, list):  # [{"Key": .., "Value": ..}]
        out = {}
        for t in tags:
            if isinstance(t, dict):
                key = t.get("Key", t.get("key", t.get("TagKey")))
                if key is not None:
                    out[str(key)] = str(t.get("Value", t.get("value", t.get("TagValue", ""))))
        return out
    return {}


def _policies(data: Any, path: str = "", found: dict[str, Any] | None = None, depth: int = 0) -> dict[str, Any]:
    """Every policy document inside an entity (JSON text or a dict holding `Statement`), parsed, by where it is."""
    found = {} if found is None else found
    if depth > 4 or len(found) > 20:
        return found
    if isinstance(data, str) and '"Statement"' in data and data.lstrip().startswith("{"):
        try:
            doc = orjson.loads(data)
        except orjson.JSONDecodeError:
            return found
        if isinstance(doc, dict):
            found[path or "policy"] = doc
    elif isinstance(data, dict):
        if "Statement" in data and path:
            found[path] = data
            return found
        for k, v in data.items():
            _policies(v, f"{path}.{k}" if path else str(k), found, depth + 1)
    elif isinstance(data, list):
        for i, v in enumerate(data[:50]):
            _policies(v, f"{path}[{i}]", found, depth + 1)
    return found


def _summary(key: str, entity: Any, account: str = "") -> dict[str, Any]:
    name = getattr(entity, "name", None) if not isinstance(entity, dict) else None
    created = getattr(entity, "created", None) if not isinstance(entity, dict) else None
    status = getattr(entity, "status", None) if not isinstance(entity, dict) else None
    return {
        "key": key,
        "name": name if isinstance(name, str) else key,
        "arn": _arn(entity, account),
        "created": plain(created) if isinstance(created, (int, float, datetime)) else None,
        "status": plain(status) if isinstance(status, (str, enum.Enum)) else None,
        "type": type(entity).__name__,
    }


# ---------------------------------------------------------------- scopes and tables


def _scopes(runtime: Runtime, service: str) -> list[Scope]:
    return sorted(runtime.store.scopes_of(service), key=lambda s: s.key)


def _tables(runtime: Runtime, scope: Scope) -> dict[str, int]:
    names = set(runtime.store.stored_tables(scope.key))
    return {name: len(scope.table(name)) for name in sorted(names) if len(scope.table(name))}


def _scope(runtime: Runtime, service: str, params: dict[str, str]) -> Scope | None:
    key = (service, params.get("account", ""), params.get("region", ""))
    if service not in services.IMPLEMENTED:
        return None
    if key in runtime.store.scopes or key in runtime.store.stored_scopes(service):
        return runtime.store.scope(*key)
    return None


def overview(runtime: Runtime, request: Request) -> dict[str, Any]:
    """Every implemented service with the scopes holding its state and their tables' sizes."""
    from cumulo.auth import authorize

    out = []
    accounts: set[str] = {runtime.config.default_account}
    regions: set[str] = {runtime.config.default_region}
    for name in sorted(services.IMPLEMENTED):
        scopes = []
        for scope in _scopes(runtime, name):
            tables = _tables(runtime, scope)
            if not tables:
                continue
            if scope.account not in GLOBAL:
                accounts.add(scope.account)
            if scope.region not in GLOBAL:
                regions.add(scope.region)
            scopes.append({
                "account": scope.account,
                "region": scope.region,
                "tables": [{"name": t, "count": n, "kind": "child" if "/" in t else "resource"} for t, n in tables.items()],
            })
        out.append({"name": name, "scopes": scopes})
    return {
        "version": __version__,
        "now": runtime.clock.now(),
        "clockOffset": runtime.clock.offset,
        "persistent": runtime.store.persistent,
        "iam": authorize.mode(runtime) or "off",
        "defaultAccount": runtime.config.default_account,
        "defaultRegion": runtime.config.default_region,
        "accounts": sorted(accounts),
        "regions": sorted(regions),
        "services": out,
    }


def resources(runtime: Runtime, request: Request, service: str) -> Response | dict[str, Any]:
    """One page of a table, by key order; `q` keeps keys containing it (case-insensitive)."""
    params = _params(request)
    scope = _scope(runtime, service, params)
    table_name = params.get("table", "")
    if scope is None or not table_name:
        return _json({"error": f"no state for {service} in {params.get('account')}/{params.get('region')}"}, 404)
    try:
        offset = max(0, int(params.get("offset") or 0))
        limit = min(MAX_PAGE, max(1, int(params.get("limit") or 50)))
    except ValueError:
        return _json({"error": "offset and limit are numbers"}, 400)
    rows = scope.table(table_name)  # the mapping, not `.rows`: a cold table's values may be on disk
    keys = sorted(rows)
    q = params.get("q", "").lower()
    if q:
        keys = [k for k in keys if q in k.lower()]
    page = keys[offset:offset + limit]
    return {
        "service": service,
        "account": scope.account,
        "region": scope.region,
        "table": table_name,
        "total": len(keys),
        "offset": offset,
        "limit": limit,
        "items": [_summary(k, entity, scope.account) for k, entity in rows.peek(page).items()],
    }


def resource(runtime: Runtime, request: Request, service: str) -> Response | dict[str, Any]:
    """One entity in full, with the tables of what belongs to it."""
    params = _params(request)
    scope = _scope(runtime, service, params)
    table_name, key = params.get("table", ""), params.get("key", "")
    entity = scope.table(table_name).get(key) if scope is not None and table_name else None
    if scope is None or entity is None:
        return _json({"error": f"{service} has no {table_name} entry {key!r} in {params.get('account')}/{params.get('region')}"}, 404)
    data = plain(entity)
    children = [
        {"name": t, "count": n}
        for t, n in _tables(runtime, scope).items()
        if "/" in t and t.split("/", 1)[1] == key
    ]
    return {
        "service": service,
        "account": scope.account,
        "region": scope.region,
        "table": table_name,
        **_summary(key, entity, scope.account),
        "tags": _tags(entity),
        "policies": _policies(data),
        "attributes": data,
        "children": children,
    }


# ---------------------------------------------------------------- CloudFormation types to console views

SCAN_BUDGET = 20_000  # entities read, at most, looking for one resource by its ARN or name


def _related(table: str, noun: str) -> bool:
    """Whether a resource table plausibly holds a type's noun: `queues` for Queue, `groups` for
    LogGroup, `machines` for StateMachine, `apis` for RestApi."""
    name = table.lower()
    singular = name[:-3] + "y" if name.endswith("ies") else name.removesuffix("es" if name.endswith(("sses", "xes")) else "s")
    return bool(singular) and (singular in noun or noun in singular)


def _candidates(physical: str) -> list[str]:
    """Keys a physical id may be stored under: itself, and its last path or ARN segment
    (a queue URL's name, a topic ARN's name)."""
    out = [physical]
    for sep in ("/", ":"):
        tail = physical.rsplit(sep, 1)[-1]
        if tail and tail not in out:
            out.append(tail)
    return out


_arn_services: dict[str, list[str]] | None = None


def arn_services() -> dict[str, list[str]]:
    """An ARN's service part -> the services it names ("states" -> ["stepfunctions"]), from the models."""
    global _arn_services
    if _arn_services is None:
        from cumulo.protocol.models import service_model

        found: dict[str, list[str]] = {}
        for name in sorted(services.IMPLEMENTED):
            meta = service_model(name).metadata
            for part in {name, meta.get("signingName"), meta.get("endpointPrefix")} - {None}:
                found.setdefault(str(part), []).append(name)
        _arn_services = found
    return _arn_services


def _by_arn(runtime: Runtime, arn: str, account: str, region: str) -> dict[str, str] | None:
    """Where the console shows the entity an ARN names: its service from the ARN, its kind from the
    resource part's first word when it has one (`function:`, `log-group:`, `role/`)."""
    parts = arn.split(":", 5)
    if len(parts) < 6:
        return None
    resource = parts[5].removesuffix(":*")  # a log group's ARN as DescribeLogGroups gives it
    head = resource.replace("/", ":").split(":", 1)
    noun = head[0].replace("-", "").replace("_", "").lower() if len(head) > 1 else ""
    keys = [arn.removesuffix(":*"), resource[len(head[0]) + 1:] if noun else resource]  # the id after the kind before any shorter tail
    keys += [k for k in _candidates(keys[0]) if k not in keys]
    return _find(runtime, arn_services().get(parts[2], []), noun, arn.removesuffix(":*"), parts[4] or account, parts[3] or region, keys)


def _first_key(table: Any, keys: list[str]) -> str | None:
    return next((k for k in keys if table.get(k) is not None), None)


def _find(runtime: Runtime, names: list[str], noun: str, physical: str, account: str, region: str,
          keys: list[str] | None = None) -> dict[str, str] | None:
    if not physical:
        return None
    keys = keys or _candidates(physical)
    for service in names:
        scopes = [s for s in _scopes(runtime, service)
                  if s.account in (account, *GLOBAL) and s.region in (region, *GLOBAL)]
        for scope in scopes:
            tables = [t for t in runtime.store.stored_tables(scope.key) if "/" not in t and len(scope.table(t))]
            related = sorted((t for t in tables if not noun or _related(t, noun)), key=len)
            hit = None
            for table_name in related:  # by key: its id, URL or ARN's last part
                key = _first_key(scope.table(table_name), keys)
                if key is not None:
                    hit = (table_name, key)
                    break
            if hit is None:
                budget = SCAN_BUDGET  # a link is a help: a huge table is not read through for one
                for table_name in related:  # by the ARN or name it keeps
                    for key, entity in scope.table(table_name).items():
                        budget -= 1
                        if budget < 0:
                            break
                        name = getattr(entity, "name", None)
                        if _stored_arn(entity) == physical or (isinstance(name, str) and name in keys):
                            hit = (table_name, key)
                            break
                    if hit:
                        break
            if hit is None:  # what belongs to an entity (an SNS subscription under `subs/<topic>`), by key only
                for table_name in runtime.store.stored_tables(scope.key):
                    if "/" in table_name and noun and _related(table_name.split("/", 1)[0], noun):
                        key = _first_key(scope.table(table_name), keys)
                        if key is not None:
                            hit = (table_name, key)
                            break
            if hit is None:
                other = next((t for t in tables if t not in related and scope.table(t).get(physical) is not None), None)
                hit = (other, physical) if other else None
            if hit:
                return {"service": service, "account": scope.account, "region": scope.region, "table": hit[0], "key": hit[1]}
    return None


async def locate(runtime: Runtime, request: Request) -> Response | dict[str, Any]:
    """Where the console shows each of a list of resources, named by CloudFormation type and physical
    id (a stack's) or by ARN: body {"account", "region", "resources": [{"type", "physical"} or {"arn"}]}
    -> {"found": [{service, account, region, table, key} or null, ...]} in the same order."""
    try:
        body = orjson.loads(await request.read() or b"{}")
    except orjson.JSONDecodeError as e:
        return _json({"error": {"code": "BadJSON", "message": str(e)}}, 400)
    account = str(body.get("account") or runtime.config.default_account)
    region = str(body.get("region") or runtime.config.default_region)
    wanted = body.get("resources") or []
    if not isinstance(wanted, list):
        return _json({"error": {"code": "BadJSON", "message": "resources is a list"}}, 400)
    return {"found": [_where(runtime, r, account, region) if isinstance(r, dict) else None for r in wanted[:MAX_PAGE]]}


def _where(runtime: Runtime, wanted: dict[str, Any], account: str, region: str) -> dict[str, str] | None:
    if wanted.get("arn"):
        return _by_arn(runtime, str(wanted["arn"]), account, region)
    kind = str(wanted.get("type", ""))
    return _find(runtime, services.resource_type_services(kind), kind.rsplit("::", 1)[-1].lower(), str(wanted.get("physical") or ""), account, region)
