"""The service registry, and `call()`, the one path for cross-service effects.

Each implemented service is a package here whose `__init__.py` builds a
`Service` named `SERVICE`; the package's existence is its registration (no
central list to edit). Packages are imported on first use, never at start-up. A service's
dispatch table maps each model operation to its handler: the handler is the
function in `api` named as botocore names the operation in snake_case. A public
function in `api` that matches no operation is an error at registration, so a
typo can't silently leave an operation unimplemented.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from types import ModuleType
from typing import TYPE_CHECKING, Any

from botocore import xform_name

from cumulo.core.options import ProtocolOptions

if TYPE_CHECKING:
    from cumulo.core.context import Principal, RequestContext
    from cumulo.core.provisioning import ResourceType
    from cumulo.core.http import Request, Response, WebSocket
    from cumulo.core.runtime import Runtime

Handler = Callable[["RequestContext", dict[str, Any]], dict[str, Any] | Awaitable[dict[str, Any]]]

def _discover() -> dict[str, str]:
    """botocore service name -> the package implementing it: every package in this
    folder, named as botocore names the service with '-' as '_' (`cognito_idp`)."""
    from cumulo.protocol.models import service_index

    known = service_index()
    found = {
        info.name.replace("_", "-"): f"{__name__}.{info.name}"
        for info in pkgutil.iter_modules(__path__)
        if info.ispkg and info.name.replace("_", "-") in known
    }
    # Services implemented inside another service's package, because they share its state.
    present = {f"{__name__}.{info.name}" for info in pkgutil.iter_modules(__path__) if info.ispkg}
    found.update({name: pkg for name, pkg in ALSO_IN.items() if pkg in present})
    return dict(sorted(found.items()))


# Services implemented in a package not named after them: sharing another's state
# ("dynamodbstreams": "cumulo.services.dynamodb", whose package defines SERVICES, a
# list), or named by a Python keyword ("lambda": "cumulo.services.awslambda").
ALSO_IN: dict[str, str] = {
    "lambda": "cumulo.services.awslambda",
    "dynamodbstreams": "cumulo.services.dynamodb",
    "apigatewaymanagementapi": "cumulo.services.apigatewayv2",
}

IMPLEMENTED: dict[str, str] = _discover()

# The requests each service's `data_plane` serves, as (service, host pattern, path
# pattern), matched with re.search on the host without its port and on the path; either
# pattern may be None for "any". Kept here, as data, so the gateway can tell a
# data-plane request from an API call without importing any service; a match imports
# the service and asks it, in this order, until one answers.
DATA_PLANES: list[tuple[str, str | None, str | None]] = [
    ("cloudformation", None, r"^/_cfn/callback/"),  # custom resource responses, wait condition signals
    # ECR's registry: by its host, and by path on any host (not API Gateway v2's /v2/apis...).
    ("ecr", r"\.dkr\.ecr\.", None),
    ("ecr", None, r"^/v2/?$|^/v2/_catalog|^/v2/.+/(?:blobs|manifests|tags/list|referrers)(?:/|$)"),
    # API Gateway invoke URLs: <api id>.execute-api.<host>, /restapis/<id>/<stage>/_user_request_/,
    # LocalStack's /_aws/execute-api/<id>/; REST APIs (v1) first, then HTTP and WebSocket APIs
    # (v2): each declines an id it does not know.
    ("apigateway", r"\.execute-api\.", None),
    ("apigateway", None, r"^/restapis/[^/]+/[^/]+/_user_request_(/|$)"),
    ("apigateway", None, r"^/_aws/execute-api/[^/]+/[^/]+"),
    ("apigatewayv2", r"^[a-z0-9]{10}\.execute-api\.", None),
    ("apigatewayv2", None, r"^/_aws/execute-api/[a-z0-9]+(/|$)"),
    ("apigatewayv2", None, r"^/restapis/[a-z0-9]+/[^/]+/_user_request_(/|$)"),
    # Cognito user pools: JWKS and OIDC discovery under the pool id, the OAuth2 endpoints and
    # hosted sign-in page by path, and all of them on the pool domain's host.
    ("cognito-idp", None, r"^/[a-z]{2}(-[a-z]+)+-\d_[0-9A-Za-z]+/\.well-known/"),
    ("cognito-idp", None, r"^/(oauth2/|login$|logout$)"),
    ("cognito-idp", r"\.auth\.[a-z0-9-]+\.amazoncognito\.(localhost|com)$", None),
    # Custom domain names, by Host: a dotted name that is none of cumulo's own (localhost,
    # localstack.cloud, amazonaws.com, IPs); names neither version knows are declined.
    ("apigateway", r"^(?![\d.]+$)(?!.*(?:localhost|localstack\.cloud|amazonaws\.com|\.internal)$)[a-z0-9-]+(?:\.[a-z0-9-]+)+$", None),
    ("apigatewayv2", r"^(?!.*\.(?:localhost|amazonaws\.com|localstack\.cloud)$)(?!\d+\.\d+\.\d+\.\d+$)[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}$", None),
    # Cognito's managed login pages beside /login (each declines a request naming no client_id).
    ("cognito-idp", None, r"^/(passkey|mfa|newPassword|signup|confirm|forgotPassword|confirmForgotPassword)$"),
]
_data_planes: list[tuple[str, re.Pattern[str] | None, re.Pattern[str] | None]] | None = None
# Per host (few: 127.0.0.1, localhost, a queue host...): the claims its host allows, in
# order, and one pattern any of their path patterns would match, so a request claimed by
# none (nearly all) costs one dict lookup and one anchored search.
_by_host: dict[str, tuple[list[tuple[str, re.Pattern[str] | None]], re.Pattern[str] | None]] = {}
_by_host_of: list[Any] | None = None  # the compiled claims _by_host was made from


def data_planes_for(host: str, path: str) -> list[str]:
    """The services whose data plane claims a request to `host` (no port) and `path`."""
    global _data_planes, _by_host_of
    if _data_planes is None:
        _data_planes = [
            (name, re.compile(h) if h else None, re.compile(p) if p else None)
            for name, h, p in DATA_PLANES
            if name in IMPLEMENTED
        ]
    planes = _data_planes
    found = _by_host.get(host) if _by_host_of is planes else None
    if found is None:
        if len(_by_host) > 4096 or _by_host_of is not planes:
            _by_host.clear()
            _by_host_of = planes
        claims = [(name, p) for name, h, p in planes if h is None or h.search(host)]
        found = _by_host[host] = (claims, _any_of([p.pattern for _, p in claims if p is not None]))
    claims, any_path = found
    if any_path is not None and any_path.search(path) is None:
        return [name for name, p in claims if p is None]
    return [name for name, p in claims if p is None or p.search(path)]


def _any_of(patterns: list[str]) -> re.Pattern[str] | None:
    """One pattern that matches where any of `patterns` would; None when there are none,
    or when they cannot be joined (repeated group names, global flags): each is then tried."""
    if not patterns:
        return re.compile(r"(?!)")  # no path claims on this host: nothing to try
    try:
        return re.compile("|".join(f"(?:{p})" for p in patterns))
    except re.error:
        return None


@dataclass(frozen=True, slots=True)
class InternalRoute:
    """An introspection endpoint, served under /_cumulo/ and /_fakecloud/ (and any aliases).

    `path` is relative, e.g. "sqs/messages" or "sqs/{queue}/force-dlq". The
    function gets (runtime, request, **labels) and returns a JSON-able value or
    a `Response`; it may be async.
    """

    method: str
    path: str
    fn: Callable[..., Any]
    aliases: tuple[str, ...] = ()  # full paths elsewhere, e.g. "/_aws/sqs/messages"


@dataclass(frozen=True, slots=True)
class ResourcePolicy:
    """What the authorize step needs of a resource from the service that owns it: the
    resource-based policy attached to it (JSON text; "" for none), the account that
    owns it, and its tags (for `aws:ResourceTag/...`)."""

    policy: str
    account: str
    tags: dict[str, str] = field(default_factory=dict)
    # What a service-specific condition key needs to know of the resource
    # (DynamoDB: {"partition_key": "pk"}, for dynamodb:LeadingKeys).
    facts: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Tick:
    """Periodic work over a service's state: fn(runtime, now) every `every` seconds."""

    every: float
    fn: Callable[..., Any]


@dataclass
class Service:
    name: str
    api: ModuleType
    internal: list[InternalRoute] = field(default_factory=list)
    ticks: list[Tick] = field(default_factory=list)
    # Resolves an access key this service issued to the identity behind it
    # (STS session keys, IAM user keys): fn(runtime, access_key) -> Principal | None.
    resolve_access_key: Callable[[Runtime, str], Principal | None] | None = None
    # Wire quirks the model does not carry, as data for the protocol layer
    # (see cumulo.core.options: flattened, xml_names, query_error_codes, ...).
    protocol_options: ProtocolOptions = field(default_factory=lambda: ProtocolOptions())
    # Checks a client request before its handler runs (not internal calls), raising
    # AwsError to refuse it: fn(ctx). S3 enforces presigned URL expiry this way.
    check_request: Callable[[RequestContext], None] | None = None
    # CORS for the service's own resources, from their stored rules: fn(runtime, request)
    # -> the Access-Control-* headers to add; None for no opinion (preflights are then
    # answered permissively); raises AwsError to refuse a preflight.
    cors: Callable[[Runtime, Request], dict[str, str] | None] | None = None
    # A request no model operation describes that the service answers anyway, as
    # (operation whose output it answers with, handler): S3's browser POST upload,
    # a multipart/form-data POST to a bucket, answers as PutObject. The handler's
    # name (`post_object`) names the request in logs.
    form_upload: tuple[str, Handler] | None = None
    # Unsigned requests reach the service even when signatures are verified: for
    # S3, whether anonymous access is allowed is a question of bucket policy.
    anonymous: bool = False
    # The resource-based policy of one of the service's resources, for the gateway's
    # authorize step (CUMULO_ENFORCE_IAM; DESIGN.md section 14): fn(runtime, arn) ->
    # ResourcePolicy, or None when the service has no such resource. `arn` is the
    # resource ARN the step built from the request, its service segment naming this
    # service (S3 buckets and objects, SQS queues, Lambda functions, IAM roles, whose
    # "policy" is their trust policy). Reads state only; never raises for a missing one.
    resource_policy: Callable[[Runtime, str], ResourcePolicy | None] | None = None
    # IAM only: the identity-based policies, boundary, session policies and tags of the
    # request's principal, for the authorize step: fn(ctx) -> cumulo.services.iam.principals.Identity.
    identity_policies: Callable[[RequestContext], Any] | None = None
    # Requests no model operation describes that the service serves itself (API
    # Gateway's invoke URLs, ECR's registry, Cognito's OAuth2 endpoints), as claimed in
    # DATA_PLANES: fn(runtime, request) -> the response, or None when the request is
    # not for one of its resources (an API id it does not know), to let the next claim try.
    data_plane: Callable[[Runtime, Request], Awaitable[Response | None]] | None = None
    # A WebSocket upgrade to a URL its DATA_PLANES claim (API Gateway WebSocket APIs):
    # fn(runtime, request, socket) -> False, socket untouched, when it is not for one of
    # its resources; otherwise it owns the socket until it closes, then answers True.
    websocket: Callable[[Runtime, Request, WebSocket], Awaitable[bool]] | None = None
    _handlers: dict[str, Handler] | None = field(default=None, repr=False)

    @property
    def handlers(self) -> dict[str, Handler]:
        """Operation name -> handler, built on first use (it reads the model, which
        start-up never does) and checked then: a public function in `api` that
        matches no operation is an error."""
        if self._handlers is None:
            self._handlers = self._build_handlers()
        return self._handlers

    def _build_handlers(self) -> dict[str, Handler]:
        from cumulo.protocol.models import service_model

        model = service_model(self.name)
        by_snake = {xform_name(op): op for op in model.operation_names}
        handlers: dict[str, Handler] = {}
        # Handlers are the public functions defined in `api`, or, when `api` is a
        # package split by noun (api/queues.py, api/messages.py), in its modules.
        home = self.api.__name__
        for fname, fn in inspect.getmembers(self.api, inspect.isfunction):
            if fname.startswith("_") or not (fn.__module__ == home or fn.__module__.startswith(home + ".")):
                continue
            op = by_snake.get(fname)
            if op is None:
                raise RuntimeError(f"{self.api.__name__}.{fname} matches no operation of {self.name}")
            handlers[op] = fn
        return handlers


_loaded: dict[str, Service] = {}


def get(name: str) -> Service | None:
    """The implemented service called `name`, importing it on first use."""
    service = _loaded.get(name)
    if service is None and name in IMPLEMENTED:
        module: ModuleType = importlib.import_module(IMPLEMENTED[name])
        for each in getattr(module, "SERVICES", None) or [module.SERVICE]:
            _loaded[each.name] = each
        service = _loaded.get(name)
    return service


def loaded() -> list[Service]:
    return list(_loaded.values())


async def call(runtime: Runtime, service: str, operation: str, input: dict[str, Any], account: str, region: str) -> dict[str, Any]:
    """Run `operation` of `service` as if a client in `account`/`region` had called it.

    Goes through the target's own validation, handler and store commit, on the
    server that `runtime` belongs to. Raises the target's `AwsError` on failure.
    This is the only way one service affects another (DESIGN.md section 5).
    """
    assert runtime.dispatch is not None, "no gateway runs on this runtime"
    return await runtime.dispatch(service, operation, input, account, region)


_resource_types: dict[str, ResourceType] | None = None
_type_owners: dict[str, list[str]] = {}


def resource_types() -> dict[str, ResourceType]:
    """Every CloudFormation resource type a service provides ("AWS::SQS::Queue" -> its
    provider), from the `RESOURCE_TYPES` of each implemented service's `cfn` module
    (cumulo.core.provisioning). Imported on first use, like the services themselves."""
    global _resource_types
    if _resource_types is None:
        found: dict[str, ResourceType] = {}
        owners: dict[str, list[str]] = {}
        for package in sorted(set(IMPLEMENTED.values())):
            try:
                module = importlib.import_module(f"{package}.cfn")
            except ModuleNotFoundError as e:
                if e.name != f"{package}.cfn":
                    raise
                continue
            found.update(module.RESOURCE_TYPES)
            names = sorted(name for name, owner in IMPLEMENTED.items() if owner == package)
            for kind in module.RESOURCE_TYPES:
                owners.setdefault(kind, []).extend(names)
        _type_owners.update(owners)
        _resource_types = found
    return _resource_types


def resource_type_services(type_name: str) -> list[str]:
    """The services whose package provides a CloudFormation type ("AWS::SQS::Queue" -> ["sqs"])."""
    resource_types()
    return _type_owners.get(type_name, [])
