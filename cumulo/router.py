"""Router: which service, operation and wire protocol a request is for, from the request alone.

Precedence, in this order (each step is tried only when the previous one did not decide):

1. smithy-rpc-v2-cbor: `POST /service/<TargetPrefix>/operation/<Operation>`.
2. JSON RPC: the `X-Amz-Target: <TargetPrefix>.<Operation>` header.
3. Query/EC2: an `Action` field (form body or query string). The service comes
   from the SigV4 credential scope, else the Host name, else the operation name
   among all query-speaking services (STS AssumeRoleWithWebIdentity is unsigned).
4. REST: the operation whose `requestUri` template matches the method, path and
   required query literals, among the services the signing name (or Host) points
   at; an unsigned request with no Host hint goes to the one service other than
   S3 whose templates match its path, if exactly one does, else to S3. Among several matches the most specific wins: more
   required query literals, then more literal path characters, then fewer
   greedy labels, then operations not marked deprecated. Registration order never decides.

Virtual-hosted S3 (`<bucket>.s3.localhost.localstack.cloud`, `<bucket>.s3.amazonaws.com`,
`<bucket>.s3.<region>.amazonaws.com`, `<bucket>.localhost`) is turned into the
path-style request it stands for before REST matching.

Tables come from the generated service index and, per service, from its model
on the first request that needs it; nothing is loaded at start-up.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from urllib.parse import unquote

from botocore.model import ServiceModel

from cumulo.core.errors import AwsError
from cumulo.core.http import Request
from cumulo.protocol.models import query_actions, rest_paths, service_index, service_model, speaks_query

_SIGV4_SCOPE = re.compile(r"Credential=([^/,\s]+)/(\d{8})/([^/]+)/([^/]+)/aws4_request")
_S3_VHOST = re.compile(r"^(?P<bucket>.+?)\.s3(?:[.-](?P<region>[a-z0-9-]+))?\.(?:localhost\.localstack\.cloud|amazonaws\.com)$")
_SERVICE_HOST = re.compile(r"^(?P<prefix>[a-z0-9-]+)\.(?:(?P<region>[a-z]{2}(?:-[a-z]+)+-\d)\.)?(?:localhost\.localstack\.cloud|amazonaws\.com)$")
_LOCALHOST_VHOST = re.compile(r"^(?P<bucket>[a-z0-9][a-z0-9.-]*)\.localhost$")
_CBOR_PATH = re.compile(r"^/service/([^/]+)/operation/([^/?]+)$")


# Signing names that no model's metadata carries: operations signed under a name of
# their own (S3's WriteGetObjectResponse is signed as "s3-object-lambda").
SIGNING_ALIASES = {"s3-object-lambda": "s3"}


class UnknownService(AwsError):
    code = "UnknownServiceException"
    status = 400


@dataclass(slots=True)
class Signing:
    """What the request says about its signer: access key, region and signing name."""

    access_key: str = ""
    region: str = ""
    service: str = ""


@dataclass(slots=True)
class Route:
    service: str
    operation: str | None  # None: the service is known, the operation is not
    protocol: str
    uri_params: dict[str, str] | None = None
    action: str = ""  # the query `Action` the request named, known or not


def signing_of(request: Request) -> Signing:
    auth = request.headers.get("authorization", "")
    if auth.startswith("AWS4-"):
        m = _SIGV4_SCOPE.search(auth)
        if m:
            return Signing(m.group(1), m.group(3), m.group(4))
    elif auth.startswith("AWS "):  # SigV2, only S3 still takes it
        return Signing(auth[4:].split(":", 1)[0], "", "s3")
    if "X-Amz-Credential" in request.query or "AWSAccessKeyId" in request.query:
        params = dict(request.query_params)
        if "X-Amz-Credential" in params:
            parts = params["X-Amz-Credential"].split("/")
            if len(parts) == 5:
                return Signing(parts[0], parts[2], parts[3])
        if "AWSAccessKeyId" in params:
            return Signing(params["AWSAccessKeyId"], "", "s3")
    return Signing()


# ---------------------------------------------------------------- indexes


@functools.cache
def _by_signing_name() -> dict[str, list[str]]:
    table: dict[str, list[str]] = {}
    for name, info in service_index().items():
        table.setdefault(info["signing_name"], []).append(name)
        if info["endpoint_prefix"] != info["signing_name"]:
            table.setdefault(info["endpoint_prefix"], []).append(name)
    return table


@functools.cache
def _by_target_prefix() -> dict[str, list[str]]:
    table: dict[str, list[str]] = {}
    for name, info in service_index().items():
        if info["target_prefix"]:
            table.setdefault(info["target_prefix"], []).append(name)
    return table


def _speaks_query(name: str) -> bool:
    return speaks_query(service_index()[name])


def _protocol(name: str, kinds: tuple[str, ...]) -> str:
    for protocol in service_index()[name]["protocols"]:
        if protocol in kinds:
            return protocol
    return service_index()[name]["protocols"][0]


# ---------------------------------------------------------------- REST templates


@dataclass(slots=True)
class _Template:
    operation: str
    pattern: re.Pattern[str]
    labels: tuple[str, ...]
    query: tuple[tuple[str, str | None], ...]  # required (name, value or None for "present")
    headers: tuple[str, ...]  # required header members (CopyObject's x-amz-copy-source), lower-case
    score: tuple[int, int, int]
    # The same requirements in the shapes the hot path checks fastest.
    query_keys: frozenset[str] = frozenset()
    literal_keys: frozenset[str] = frozenset()  # only those the requestUri itself names (`?uploads`)
    query_values: tuple[tuple[str, str], ...] = ()
    header_keys: frozenset[str] = frozenset()
    prefix: str = ""  # the literal path before the first label: a cheap first test


def _compile(operation: str, uri: str, required_query: list[str], required_headers: list[str]) -> _Template:
    """A matcher for one `requestUri`. Required querystring and header members of
    the input must be present too: that is what tells S3 ListParts (`uploadId`)
    from GetObject, and CopyObject (`x-amz-copy-source`) from PutObject, on one path."""
    path, _, query = uri.partition("?")
    regex, literal, greedy = ["^"], 0, 0
    labels: list[str] = []
    for piece in re.split(r"(\{[^}]+\})", path):
        if piece.startswith("{"):
            label = piece[1:-1]
            if label.endswith("+"):
                label, greedy = label[:-1], greedy + 1
                regex.append(f"(?P<g{len(labels)}>.+)")
            else:
                regex.append(f"(?P<g{len(labels)}>[^/]+)")
            labels.append(label)
        else:
            literal += len(piece)
            regex.append(re.escape(piece))
    if not greedy and path != "/":
        regex.append("/?")
    regex.append("$")
    required = []
    for item in query.split("&") if query else ():
        key, eq, value = item.partition("=")
        if key == "x-id":  # botocore adds it for S3; other clients don't send it
            continue
        required.append((key, value if eq else None))
    literal_keys = frozenset(k for k, _ in required)
    required += [(name, None) for name in required_query if name not in literal_keys]
    score = (len(required) + len(required_headers), literal, -greedy)
    return _Template(
        operation, re.compile("".join(regex)), tuple(labels), tuple(required), tuple(required_headers), score,
        query_keys=frozenset(k for k, _ in required),
        literal_keys=literal_keys,
        query_values=tuple((k, v) for k, v in required if v is not None),
        header_keys=frozenset(required_headers),
        prefix=path.split("{", 1)[0],
    )


@functools.cache
def _queryless(service: str, method: str) -> list[_Template]:
    """The templates a request without a query string can match (most requests)."""
    return [t for t in _templates(service).get(method, ()) if not t.literal_keys]


@functools.cache
def _templates(service: str) -> dict[str, list[_Template]]:
    by_method: dict[str, list[_Template]] = {}
    model = service_model(service)
    for op in model.operation_names:
        op_model = model.operation_model(op)
        http = op_model.http
        shape = op_model.input_shape
        bound: dict[str, list[str]] = {"querystring": [], "header": []}
        for m in shape.required_members if shape else ():
            where = shape.members[m].serialization
            if where.get("location") in bound:
                bound[where["location"]].append(where.get("name", m))
        template = _compile(op, http.get("requestUri", "/"), bound["querystring"], [h.lower() for h in bound["header"]])
        by_method.setdefault(http.get("method", "POST"), []).append(template)
    # On equal scores a current operation beats a deprecated one sharing its URI
    # (S3's GetBucketLifecycle and GetBucketLifecycleConfiguration are both `?lifecycle`).
    deprecated = {op for op in model.operation_names if model.operation_model(op).deprecated}
    for templates in by_method.values():
        templates.sort(key=lambda t: (len(t.literal_keys), t.score, t.operation not in deprecated), reverse=True)
    return by_method


@functools.cache
def _heads(service: str, method: str) -> frozenset[str] | None:
    """The first path segments the `method` templates of `service` begin with, when each
    begins with a literal one (S3 Control's `/v20180820/...`, Lambda's `/2015-03-31/...`);
    None when one begins with a label (S3's `/{Bucket}`). A request whose first segment is
    none of them matches no template: the many are not tried one by one."""
    heads = set()
    for template in _templates(service).get(method, ()):
        if not template.prefix.startswith("/"):
            return None
        rest = template.prefix[1:]
        if "/" not in rest and template.labels:  # `/{Label}...` or `/literal{Label}`
            return None
        heads.add(rest.split("/", 1)[0])
    return frozenset(heads)


def match_rest(
    service: str, method: str, path: str, query: dict[str, str], headers: dict[str, str]
) -> tuple[_Template, dict[str, str], bool] | None:
    """The operation of `service` this method, path, query and headers are for,
    with its labels, and whether every required query and header member is there.

    The query literals of the requestUri (`?uploads`, `?find=LayerVersion`) decide
    first; then an operation whose required members are all present beats one
    missing some (S3 GetObject vs ListParts' `uploadId`); an operation missing a
    member is still chosen when nothing else fits, so that its validation names
    the missing member, as AWS does.
    """
    heads = _heads(service, method)
    if heads is not None and path[1:].split("/", 1)[0] not in heads:
        return None
    present = query.keys()
    fallback: tuple[_Template, re.Match[str]] | None = None
    for template in _templates(service).get(method, ()) if query else _queryless(service, method):
        if fallback is not None and len(template.literal_keys) < len(fallback[0].literal_keys):
            break
        if not path.startswith(template.prefix):
            continue
        if template.literal_keys and not template.literal_keys <= present:
            continue
        if template.query_values and any(query.get(k) != v for k, v in template.query_values):
            continue
        m = template.pattern.match(path)
        if m is None:
            continue
        if (template.query_keys <= present) and (not template.header_keys or template.header_keys <= headers.keys()):
            return template, _labels(template, m), True
        if fallback is None:
            fallback = (template, m)
    if fallback is not None:
        return fallback[0], _labels(fallback[0], fallback[1]), False
    return None


def _labels(template: _Template, m: re.Match[str]) -> dict[str, str]:
    return {label: unquote(m.group(f"g{i}")) for i, label in enumerate(template.labels)}


# ---------------------------------------------------------------- the router


def _host_hint(request: Request) -> tuple[str, str, str]:
    """(bucket, service prefix, region) that the Host header names, each possibly ''."""
    return _hint_of(request.host) if request.host else ("", "", "")


@functools.lru_cache(maxsize=1024)  # clients use few hosts (bucket hosts: one per bucket)
def _hint_of(host_header: str) -> tuple[str, str, str]:
    host = host_header.rsplit(":", 1)[0].lower()
    if not host or host in ("localhost", "127.0.0.1"):
        return "", "", ""
    m = _S3_VHOST.match(host)
    if m:
        return m.group("bucket"), "s3", m.group("region") or ""
    m = _SERVICE_HOST.match(host)
    if m:
        return "", m.group("prefix"), m.group("region") or ""
    m = _LOCALHOST_VHOST.match(host)
    if m and m.group("bucket") not in _by_signing_name():
        return m.group("bucket"), "s3", ""
    return "", "", ""


def route(request: Request, signing: Signing, form: dict[str, str] | None = None) -> Route:
    """Decide service, operation and protocol. `form` is the decoded form body, if any.

    May rewrite `request.path` for virtual-hosted S3. Raises `UnknownService`.
    """
    headers = request.headers
    if request.method == "POST" and "smithy-protocol" in headers:
        m = _CBOR_PATH.match(request.path)
        if m:
            return _rpc(m.group(1), m.group(2), signing, ("smithy-rpc-v2-cbor",))

    target = headers.get("x-amz-target")
    if target:
        prefix, _, op = target.rpartition(".")
        routed = _rpc(prefix, op, signing, ("json",))
        if routed.protocol == "json" and headers.get("content-type", "").startswith("application/x-amz-cbor"):
            # Kinesis's Java and Go SDKs (and the KCL) send awsJson's requests as CBOR.
            return Route(routed.service, routed.operation, "json-cbor", routed.uri_params)
        return routed

    action = (form or {}).get("Action")
    if action is None and "Action=" in request.query:
        action = dict(request.query_params).get("Action")
    bucket, host_prefix, _ = _host_hint(request)
    if action:
        return _query(action, signing, host_prefix)

    if bucket:
        request.path = "/" + bucket + (request.path if request.path != "/" else "")
    query = dict(request.query_params)
    signing_name = SIGNING_ALIASES.get(signing.service, signing.service) or host_prefix
    if not signing_name and not bucket:
        unsigned = _unsigned_rest(request, query)
        if unsigned is not None:
            return unsigned
    candidates = _by_signing_name().get(signing_name or "s3")
    if not candidates:
        raise UnknownService(message=f"No service is known by the signing name '{signing.service or host_prefix}'.")
    best: tuple[tuple[int, bool, tuple[int, int, int]], Route] | None = None
    for name in candidates:
        if _speaks_query(name) and not service_index()[name]["protocols"][0].startswith("rest"):
            continue
        found = match_rest(name, request.method, request.path, query, request.headers)
        if found is not None:
            template, labels, complete = found
            rank = (len(template.literal_keys), complete, template.score)
            if best is None or rank > best[0]:
                best = (rank, Route(name, template.operation, _protocol(name, ("rest-json", "rest-xml")), labels))
    if best is not None:
        return best[1]
    name = candidates[0]
    if _speaks_query(name) and "json" not in headers.get("content-type", ""):
        # No target, no Action, no REST template: a query-speaking service (SQS, even
        # JSON-first) answers that in its query dialect, as XML.
        return Route(name, None, _query_kind(name))
    return Route(name, None, _protocol(name, ("rest-json", "rest-xml", "json", "query")))


# An unsigned path whose first segment this many services share (`/tags/`, `/v1/`) is
# left to S3: a service cannot be told from it, and opening that many models would
# cost seconds on one anonymous request.
_MAX_UNSIGNED_CANDIDATES = 8


def _unsigned_rest(request: Request, query: dict[str, str]) -> Route | None:
    """The route of an unsigned REST request (no signature, no Host hint) whose path
    matches the `requestUri` of exactly one service other than S3 (an unsigned
    `POST /2015-03-31/functions` is Lambda's CreateFunction). None leaves it to S3,
    whose `/{Bucket}/{Key+}` matches any path."""
    segment = request.path.lstrip("/").split("/", 1)[0].split("?", 1)[0]
    names = rest_paths().get(unquote(segment), ()) if segment else ()
    if not names or len(names) > _MAX_UNSIGNED_CANDIDATES:
        return None
    routes = []
    for name in names:
        found = match_rest(name, request.method, request.path, query, request.headers)
        if found is not None:
            routes.append(Route(name, found[0].operation, _protocol(name, ("rest-json", "rest-xml")), found[1]))
    return routes[0] if len(routes) == 1 else None


def _query_kind(name: str) -> str:
    """EC2 has its own dialect of the query protocol; every other service speaks plain query."""
    return "ec2" if "ec2" in service_index()[name]["protocols"] else "query"


def _rpc(prefix: str, op: str, signing: Signing, kinds: tuple[str, ...]) -> Route:
    candidates = _by_target_prefix().get(prefix)
    if not candidates:
        raise UnknownService(message=f"No service has the target prefix '{prefix}'.")
    if len(candidates) > 1:  # e.g. timestream-query and timestream-write share one
        candidates = [c for c in candidates if op in service_model(c).operation_names] or candidates
    name = candidates[0]
    model: ServiceModel = service_model(name)
    protocol = _protocol(name, kinds) if kinds[0] in service_index()[name]["protocols"] else kinds[0]
    return Route(name, op if op in model.operation_names else None, protocol)


def _query(action: str, signing: Signing, host_prefix: str) -> Route:
    names = [n for n in _by_signing_name().get(signing.service or host_prefix, ()) if _speaks_query(n)]
    with_op = [n for n in names if action in service_model(n).operation_names]
    if not with_op and not names:
        with_op = query_actions().get(action, [])
    if with_op:
        return Route(with_op[0], action, _query_kind(with_op[0]), action=action)
    if names:
        return Route(names[0], None, _query_kind(names[0]), action=action)
    raise UnknownService(message=f"No service is known for the action '{action}'.")
