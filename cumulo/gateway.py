"""The gateway: one `Request` in, one `Response` out, through an ordered list of small steps.

    handle(request) -> Response          sans-IO; the ASGI adapter calls it
    call(service, op, input, acct, reg)  the same pipeline without the wire (services.call)

Each step takes the `Exchange` and either fills in more of it or returns a
`Response`, which ends the request. The steps, in order, and what they touch:

    data_planes         host and path         -> a service's own answer (services.DATA_PLANES: API Gateway invoke URLs, ...)
    internal_endpoints  request.path          -> a response for /_cumulo/, /_fakecloud/, /_localstack/, /_aws/
    cors_preflight      OPTIONS requests      -> answered by the owning service's rules (S3 buckets), else permissively
    route_request       request               -> ex.route (service, operation, protocol), ex.sent_path
    identify            signing               -> ex.ctx (account, region, principal)
    verify_signature    request, principal    -> refused unless signed right (CUMULO_VERIFY_SIGNATURES)
    chunked_body        request headers       -> request.stream decoded from aws-chunked (chunk signatures checked)
    parse_input         route, body           -> ex.params, validated against the model
    authorize           ctx, params           -> refused unless IAM policies allow it (CUMULO_ENFORCE_IAM)
    dispatch            ctx, params           -> the service's check_request, then ex.result from its handler
    commit              store                 -> changes made durable before answering

Once answered, each request is shown to `runtime.observers` (the console's live log):
fn(exchange, response), with `exchange.error` set when it failed; so is each `call`
(services.call: cross-service effects, the console's changes), as method "CALL".

A handler may leave `ctx.extras["status"]` / `["headers"]` for what its output
shape cannot bind (S3's 206); cross-origin responses get the owning service's
CORS headers. Any `AwsError` on the way is rendered in the request's protocol; anything else
is a bug, logged with its request id and answered as a 500 `InternalFailure`.
"""

from __future__ import annotations

import inspect
import logging
import random
import time
from urllib.parse import unquote
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import orjson
from botocore.model import OperationModel

from cumulo import auth, protocol, services
from cumulo.auth import authorize as authz
from cumulo.auth import root_principal
from cumulo.compat import moto
from cumulo.core import awschunked, requestlog
from cumulo.core.context import RequestContext
from cumulo.core.errors import AwsError, InternalFailure, NotImplementedYet, UnknownOperation
from cumulo.core.http import Request, Response, WebSocket
from cumulo.core.options import ProtocolOptions
from cumulo.core.runtime import Runtime
from cumulo.protocol.models import service_model
from cumulo.protocol.serializing.xmlwriter import flat_document
from cumulo.router import Route, Signing, route, signing_of

log = logging.getLogger("cumulo.request")


@dataclass(slots=True)
class Exchange:
    request: Request
    request_id: str
    started: float
    signing: Signing | None = None
    sent_path: str = ""  # the path as sent, before virtual-hosted S3 is rewritten (what was signed)
    chunk_signer: auth.ChunkSigner | None = None
    form_handler: services.Handler | None = None  # a request no operation describes (S3 POST uploads)
    route: Route | None = None
    operation: OperationModel | None = None
    ctx: RequestContext | None = None
    options: ProtocolOptions | None = None  # the service's protocol options
    params: dict[str, Any] | None = None
    result: Any = None
    error: AwsError | None = None  # what the request failed with, for observers


# A step is a plain function when it never waits (most of them: no coroutine to make and
# run per request), or returns an awaitable when it must (a body to read, a handler).
Step = Callable[["Gateway", Exchange], "Response | Awaitable[Response | None] | None"]


class Gateway:
    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime
        from cumulo.internal import InternalEndpoints

        self.internal = InternalEndpoints(runtime)
        self.started_services: set[str] = set()
        runtime.dispatch = self.call

    def start_background(self) -> None:
        """Start the scheduler, and the ticks of every service that has stored state."""
        self.runtime.scheduler.start()
        for name in services.IMPLEMENTED:
            if self.runtime.store.stored_scopes(name):
                service = services.get(name)
                if service is not None:
                    self.start_service(service)

    def start_service(self, service: services.Service) -> None:
        """Register a service's periodic work, once, when it is first used."""
        if service.name in self.started_services:
            return
        self.started_services.add(service.name)
        runtime = self.runtime
        for tick in service.ticks:
            runtime.scheduler.every(tick.every, _on_clock(runtime, tick.fn))

    # ------------------------------------------------------------ entry points

    async def websocket(self, request: Request, socket: WebSocket) -> bool:
        """A WebSocket upgrade, offered to the services whose data plane claims its host
        and path (`Service.websocket`); False when none takes it."""
        host = request.host.rsplit(":", 1)[0].lower() if request.host else ""
        for name in services.data_planes_for(host, request.path):
            service = services.get(name)
            if service is not None and service.websocket is not None:
                self.start_service(service)
                if await service.websocket(self.runtime, request, socket):
                    return True
        return False

    async def handle(self, request: Request) -> Response:
        ex = Exchange(request, new_request_id(), time.perf_counter())
        try:
            for step in STEPS:
                response = step(self, ex)
                if response is not None:
                    if not isinstance(response, Response):  # a step that awaits something
                        response = await response
                        if response is None:
                            continue
                    return response
            assert ex.route is not None and ex.operation is not None
            response = protocol.serialize(ex.operation, ex.result or {}, ex.route.protocol, ex.request_id, ex.options)
            if ex.ctx is not None and ex.ctx.extras:
                apply_extras(response, ex.ctx.extras)
        except AwsError as error:
            ex.error = error
            response = self.render_error(ex, error)
        except Exception:
            log.exception("internal error in request %s", ex.request_id)
            ex.error = InternalFailure(message="We encountered an internal error. Please try again.")
            response = self.render_error(ex, ex.error)
        if "origin" in request.headers and ex.route is not None:
            self.add_cors(request, ex.route.service, response)
        self.log_request(ex, response)
        if self.runtime.observers:  # the console's live log; one falsy check when none listens
            for observe in self.runtime.observers:
                observe(ex, response)
        return response

    def add_cors(self, request: Request, name: str, response: Response) -> None:
        """Access-Control-* headers on an actual cross-origin response, from the service's rules."""
        service = services.get(name)
        if service is None or service.cors is None or request.method == "OPTIONS":
            return
        try:
            granted = service.cors(self.runtime, request)
        except AwsError:
            return
        if granted:
            response.headers.update(granted)

    async def call(self, service: str, operation: str, params: dict[str, Any], account: str, region: str) -> dict[str, Any]:
        """Run an operation for another service or a background task (DESIGN.md section 5)."""
        op_model = service_model(service).operation_model(operation)
        target = services.get(service)
        protocol.validate(op_model, params, "json", target.protocol_options if target else None)
        if target is not None:
            self.start_service(target)
        ctx = RequestContext(
            service, operation, account, region, new_request_id(), self.runtime, root_principal(account, region=region)
        )
        if not self.runtime.observers:
            try:
                return await run_handler(ctx, params)
            finally:
                self.runtime.store.commit()
        # Watched (the console's live log): shown as a request without the wire, method "CALL".
        ex = Exchange(Request("CALL", f"{service}.{operation}"), ctx.request_id, time.perf_counter(), ctx=ctx)
        status = 200
        try:
            return await run_handler(ctx, params)
        except AwsError as error:
            ex.error, status = error, error.status or 400
            raise
        except Exception:
            ex.error, status = InternalFailure(message="We encountered an internal error."), 500
            raise
        finally:
            self.runtime.store.commit()
            for observe in self.runtime.observers:
                observe(ex, Response(status))

    # ------------------------------------------------------------ helpers

    def render_error(self, ex: Exchange, error: AwsError) -> Response:
        if ex.route is None:
            return generic_error(ex.request, error, ex.request_id)
        try:
            model = service_model(ex.route.service)
            return protocol.serialize_error(model, ex.operation, error, ex.route.protocol, ex.request_id, ex.options)
        except Exception:
            log.exception("could not render error %s for request %s", error.code, ex.request_id)
            return generic_error(ex.request, error, ex.request_id)

    def log_request(self, ex: Exchange, response: Response) -> None:
        if log.isEnabledFor(logging.INFO):
            r = ex.route
            what = f"{r.service} {r.operation or '?'}" if r else f"- {ex.request.path}"
            requestlog.line(log, f"{what} {response.status} {(time.perf_counter() - ex.started) * 1000:.1f}ms")


def apply_extras(response: Response, extras: dict[str, Any]) -> None:
    """What a handler asked for beyond its output shape: `extras["status"]` (S3's
    206 for ranged reads, which no output member binds), `extras["headers"]`, and
    `extras["document"]`, (root, {name: text}), a flat XML body no model describes
    (S3's `<PostResponse>` for a form upload asking for 201)."""
    status = extras.get("status")
    if status is not None:
        response.status = status
    headers = extras.get("headers")
    if headers:
        response.headers.update(headers)
    document = extras.get("document")
    if document is not None:
        response.body = flat_document(*document)
        response.headers["Content-Type"] = "application/xml"
        response.headers.pop("Content-Length", None)


async def run_handler(ctx: RequestContext, params: dict[str, Any]) -> Any:
    service = services.get(ctx.service)
    handler = service.handlers.get(ctx.operation) if service else None
    if handler is None:
        raise NotImplementedYet(ctx.service, ctx.operation, whole_service=service is None)
    result = handler(ctx, params)
    if inspect.isawaitable(result):
        result = await result
    return result


# ---------------------------------------------------------------- the steps


def internal_endpoints(gw: Gateway, ex: Exchange) -> Awaitable[Response] | None:
    path = ex.request.path
    if path.startswith("/_") or path.startswith("/moto-api/"):
        return gw.internal.handle(ex.request)
    return None


def data_planes(gw: Gateway, ex: Exchange) -> Awaitable[Response | None] | None:
    if not services.DATA_PLANES:
        return None
    request = ex.request
    host = request.host.rsplit(":", 1)[0].lower() if request.host else ""
    names = services.data_planes_for(host, request.path)
    return _data_plane(gw, request, names) if names else None


async def _data_plane(gw: Gateway, request: Request, names: list[str]) -> Response | None:
    for name in names:
        service = services.get(name)
        if service is not None and service.data_plane is not None:
            gw.start_service(service)
            response = await service.data_plane(gw.runtime, request)
            if response is not None:
                gw.runtime.store.commit()  # a data-plane change is durable before the answer, too
                return response
    return None


def _cors_owner(ex: Exchange) -> services.Service | None:
    """The service whose resource a CORS request is for, when that service answers
    CORS itself (S3 from bucket rules); None otherwise. Routes the request as the
    GET it announces, since no operation is modelled for OPTIONS."""
    request = ex.request
    probe = Request("GET", request.path, request.query, request.headers)
    try:
        found = route(probe, signing_of(probe))
    except AwsError:
        return None
    service = services.get(found.service)
    if service is None or service.cors is None:
        return None
    ex.route, ex.options = found, service.protocol_options or None  # errors in the service's own format
    request.path = probe.path  # virtual-hosted S3, rewritten to path style
    return service


def cors_preflight(gw: Gateway, ex: Exchange) -> Response | None:
    # Browsers ask before cross-origin calls. A service with its own CORS rules
    # (S3 buckets) decides; otherwise local development allows any origin.
    request = ex.request
    if request.method == "OPTIONS" and "access-control-request-method" in request.headers:
        owner = _cors_owner(ex)
        granted = owner.cors(gw.runtime, request) if owner is not None and owner.cors is not None else None
        if granted is not None:
            return Response(200, granted)
        return Response(200, {
            "Access-Control-Allow-Origin": request.headers.get("origin", "*"),
            "Access-Control-Allow-Methods": "HEAD,GET,PUT,POST,DELETE,OPTIONS,PATCH",
            "Access-Control-Allow-Headers": request.headers.get("access-control-request-headers", "*"),
            "Access-Control-Expose-Headers": "*",
            "Access-Control-Max-Age": "86400",
        })
    return None


def chunked_body(gw: Gateway, ex: Exchange) -> Response | None:
    request = ex.request
    if awschunked.is_aws_chunked(request.headers):
        source = request.stream if request.stream is not None else _once(request.body)
        request.body = b""
        request.stream = awschunked.decode(source, request.trailers, ex.chunk_signer)
        if "x-amz-decoded-content-length" in request.headers:
            request.headers["content-length"] = request.headers["x-amz-decoded-content-length"]
    return None


def route_request(gw: Gateway, ex: Exchange) -> Awaitable[None] | None:
    request = ex.request
    if request.method == "POST" and request.headers.get("content-type", "").startswith("application/x-www-form-urlencoded"):
        return _route_form(gw, ex)
    _route(gw, ex, None)
    return None


async def _route_form(gw: Gateway, ex: Exchange) -> None:
    """A form-encoded POST (the query protocol): routed by the Action its body names."""
    from urllib.parse import parse_qsl

    _route(gw, ex, dict(parse_qsl((await ex.request.read()).decode("utf-8", "replace"), keep_blank_values=True)))


def _route(gw: Gateway, ex: Exchange, form: dict[str, str] | None) -> None:
    request = ex.request
    ex.signing = signing_of(request)
    ex.sent_path = request.path
    ex.route = route(request, ex.signing, form)
    service = services.get(ex.route.service)
    if service is not None:
        gw.start_service(service)
        ex.options = service.protocol_options or None


def identify(gw: Gateway, ex: Exchange) -> Response | None:
    assert ex.route is not None and ex.signing is not None
    config = gw.runtime.config
    region = ex.signing.region or config.default_region
    principal = (auth.resolve(gw.runtime, ex.signing.access_key, region)
                 or moto.default_principal(config, ex.signing.access_key, region)
                 or root_principal(config.default_account, ex.signing.access_key, region=region))
    principal = moto.with_account_header(ex.request, principal)
    ex.ctx = RequestContext(
        ex.route.service,
        ex.route.operation or "",
        principal.account,
        region,
        ex.request_id,
        gw.runtime,
        principal,
        ex.request,
    )
    if ex.route.operation is None and _form_upload(ex):
        return None
    if ex.route.operation is None:
        if ex.route.action:  # a query Action no operation has
            raise UnknownOperation("InvalidAction", f"The action {ex.route.action} is not valid for this endpoint.")
        raise UnknownOperation("UnknownOperationException", f"The requested operation is not recognized by service {ex.route.service}.")
    ex.operation = service_model(ex.route.service).operation_model(ex.route.operation)
    return None


def _form_upload(ex: Exchange) -> bool:
    """A multipart/form-data POST to a service that takes form uploads (S3 buckets):
    handled by the service's own handler, answered as the operation it names."""
    request, route_ = ex.request, ex.route
    assert route_ is not None and ex.ctx is not None
    service = services.get(route_.service)
    if (service is None or service.form_upload is None or request.method != "POST"
            or not request.headers.get("content-type", "").startswith("multipart/form-data")):
        return False
    answers_as, ex.form_handler = service.form_upload
    target = request.path.lstrip("/").split("/", 1)[0]
    ex.ctx.operation = "".join(word.title() for word in ex.form_handler.__name__.split("_"))  # post_object -> PostObject
    ex.operation = service_model(route_.service).operation_model(answers_as)
    ex.params = {"Bucket": unquote(target)}
    return True


def verify_signature(gw: Gateway, ex: Exchange) -> Awaitable[None] | None:
    """With `CUMULO_VERIFY_SIGNATURES` on, refuse a request not signed with its key's
    secret. Unsigned requests pass to services that take anonymous requests (S3:
    a question of bucket policy) and to operations the model marks unauthenticated
    (AssumeRoleWithWebIdentity...)."""
    if not gw.runtime.config.verify_signatures:
        return None
    return _verify_signature(gw, ex)


async def _verify_signature(gw: Gateway, ex: Exchange) -> None:
    assert ex.ctx is not None and ex.route is not None and ex.operation is not None
    request, route_ = ex.request, ex.route
    try:
        if not auth.is_signed(request):
            service = services.get(route_.service)
            if (service is not None and service.anonymous) or _unauthenticated(ex.operation):
                return
            raise auth.missing_token()
        ex.chunk_signer = await auth.verify(
            request, ex.sent_path, route_.service, ex.signing.access_key if ex.signing else "",
            ex.ctx.principal.secret_key or None, gw.runtime.clock.now())
    except auth.AuthError as error:
        query_compatible = bool(service_model(route_.service).metadata.get("awsQueryCompatible"))
        raise auth.for_protocol(error, route_.protocol, query_compatible) from None


def _unauthenticated(operation: OperationModel) -> bool:
    """Whether the model says the operation takes unsigned requests."""
    return operation.auth_type == "none" or operation.auth == ["smithy.api#noAuth"]


def parse_input(gw: Gateway, ex: Exchange) -> Awaitable[None] | None:
    assert ex.route is not None and ex.operation is not None
    if ex.form_handler is not None:
        return None  # the form is the handler's to read, as it streams
    if ex.request.stream is not None and not protocol.streams_input(ex.operation):
        return _read_then_parse(ex)
    _parse(ex)
    return None


async def _read_then_parse(ex: Exchange) -> None:
    await ex.request.read()
    _parse(ex)


def _parse(ex: Exchange) -> None:
    assert ex.route is not None and ex.operation is not None
    request = ex.request
    ex.params = params = protocol.parse(request, ex.operation, ex.route.protocol, ex.route.uri_params)
    url_member = ex.options.get("url_member") if ex.options else None
    if url_member and url_member not in params and request.path != "/" and ex.route.protocol == "query":
        # Old query clients may send a resource's requests to its URL (SQS: the queue URL).
        params[url_member] = f"http://{request.host}{request.path}"
    protocol.validate(ex.operation, params, ex.route.protocol, ex.options)
    return None


def authorize(gw: Gateway, ex: Exchange) -> Response | None:
    """With `CUMULO_ENFORCE_IAM` on, let the IAM policy engine decide (cumulo.auth.authorize);
    an IAM user's key notes which service and region it was last used for."""
    assert ex.ctx is not None
    runtime = gw.runtime
    how = authz.mode(runtime) if runtime.config.enforce_iam else ""
    if moto.LIVE_KEY in runtime.live:  # moto's reset-auth: a count of requests left unauthorized
        how = moto.auth_mode(runtime, how)
    # Operations the model marks unauthenticated (AssumeRoleWithWebIdentity) have no caller:
    # their service judges the credentials they carry.
    if how and ex.params is not None and ex.operation is not None and not _unauthenticated(ex.operation):
        authz.authorize(ex.ctx, ex.params, how)
    elif ex.ctx.principal.access_key.startswith("AKIA"):
        authz.note_key_use(ex.ctx)
    return None


def dispatch(gw: Gateway, ex: Exchange) -> Awaitable[None] | None:
    """The service's check_request, then its handler; waited for only when the handler is
    a coroutine function (a plain one costs no coroutine per request)."""
    ctx, params = ex.ctx, ex.params
    assert ctx is not None and params is not None
    service = services.get(ctx.service)
    if service is not None and service.check_request is not None:
        service.check_request(ctx)
    if ex.form_handler is not None:
        result = ex.form_handler(ctx, params)
    else:
        handler = service.handlers.get(ctx.operation) if service else None
        if handler is None:
            raise NotImplementedYet(ctx.service, ctx.operation, whole_service=service is None)
        result = handler(ctx, params)
    if result.__class__ is not dict and inspect.isawaitable(result):
        return _settle(ex, result)
    ex.result = result
    return None


async def _settle(ex: Exchange, result: Awaitable[Any]) -> None:
    ex.result = await result


def commit(gw: Gateway, ex: Exchange) -> Response | None:
    gw.runtime.store.commit()
    return None


STEPS: list[Step] = [
    # First: a claim may be under /_aws/ (LocalStack's invoke paths), which the internal endpoints would take.
    data_planes,
    internal_endpoints,
    cors_preflight,
    route_request,
    identify,
    verify_signature,
    chunked_body,
    parse_input,
    authorize,
    dispatch,
    commit,
]


# ---------------------------------------------------------------- small helpers


def _on_clock(runtime: Runtime, fn: Callable[..., Any]) -> Callable[[], Any]:
    """A tick's fn(runtime, now) as the scheduler calls it: with no arguments."""
    return lambda: fn(runtime, runtime.clock.now())


def new_request_id() -> str:
    """A request id: a random (version 4) UUID in text, as AWS's look. From the random
    module's generator (seeded by the OS, reseeded in a forked child), not os.urandom per
    request: an id is no secret and must only not repeat."""
    n = random.getrandbits(128) & ~(0xF000 << 64 | 0xC000 << 48) | (0x4000 << 64 | 0x8000 << 48)
    h = "%032x" % n
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


async def _once(body: bytes) -> AsyncIterator[bytes]:
    yield body


def generic_error(request: Request, error: AwsError, request_id: str) -> Response:
    """An error for a request that matched no service, so no protocol is known:
    JSON for JSON-looking requests, the query protocol's XML otherwise."""
    status = error.status or 400
    content_type = request.headers.get("content-type", "")
    if "json" in content_type or "x-amz-target" in request.headers:
        body = orjson.dumps({"__type": error.code, "message": error.message})
        return Response(status, {"Content-Type": "application/x-amz-json-1.1", "x-amzn-RequestId": request_id, "x-amzn-ErrorType": error.code}, body)
    from xml.sax.saxutils import escape

    xml = (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<ErrorResponse><Error><Type>Sender</Type><Code>{escape(error.code)}</Code>'
        f"<Message>{escape(error.message)}</Message></Error><RequestId>{request_id}</RequestId></ErrorResponse>"
    )
    return Response(status, {"Content-Type": "text/xml", "x-amzn-RequestId": request_id}, xml.encode())
