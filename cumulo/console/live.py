"""The live request log: every answered API request, kept in a bounded ring, streamed as server-sent events.

The gateway shows each answered request to `runtime.observers`; the list is empty
until a console page or its API is first asked for (`attach`), so a server no one
watches pays one falsy check per request. Once attached, a request costs one small
dict appended to a deque (and, with body capture on, a copy of its bodies, cut at
`BODY_LIMIT`). Internal endpoints (/_cumulo/, the console's own polling) are not logged;
operations run through services.call (a service's effect on another, the console's own
changes) are, with method "CALL" and no bodies.

    GET  console/api/log[?after=<id>]     the records kept, oldest first
    GET  console/api/log/stream           text/event-stream: one `data:` line per record
    GET  console/api/log/{id}             one record with its bodies (when captured)
    POST console/api/log/bodies           {"capture": true|false}: keep bodies from now on
    POST console/api/log/clear            forget the records

CloudWatch Logs' live tail is pushed the same way, fed by Logs' own StartLiveTail
(run through services.call, as a client's session would be):

    GET  console/api/logs/tail?group=&stream=&filter=&account=&region=
                                          text/event-stream: `event: start` once the session
                                          listens, then one `data:` line of new events per update
"""

from __future__ import annotations

import asyncio
import base64
import itertools
import time
from collections import deque
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Any

import orjson

from cumulo import services
from cumulo.core.errors import AwsError
from cumulo.core.http import Request, Response
from cumulo.core.runtime import Runtime

if TYPE_CHECKING:
    from cumulo.gateway import Exchange

LIVE_KEY = "console"
KEEP = 2000  # records kept
KEEP_BODIES = 200  # records whose bodies are kept (when capture is on)
BODY_LIMIT = 64 * 1024
KEEPALIVE = 15.0  # seconds between comments on an idle event stream


class RequestLog:
    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime
        self.records: deque[dict[str, Any]] = deque(maxlen=KEEP)
        self.bodies: dict[int, dict[str, Any]] = {}
        self.body_order: deque[int] = deque()
        self.capture = False
        self.ids = itertools.count(1)
        self.listeners: set[asyncio.Queue[dict[str, Any] | None]] = set()
        self.tails: set[asyncio.Event] = set()  # open log tails, each ended by setting its event
        self.closed = False

    def close(self) -> None:
        """End every event stream: the server is stopping, and would wait for open responses to finish."""
        self.closed = True
        for queue in self.listeners:
            queue.put_nowait(None)
        for ending in self.tails:
            ending.set()

    def observe(self, ex: Exchange, response: Response) -> None:
        request = ex.request
        route = ex.route
        ctx = ex.ctx
        if route is None and ctx is None and (request.path.startswith("/_") or request.path.startswith("/moto-api/")):
            return  # internal endpoints: the console's own traffic
        error = ex.error
        record: dict[str, Any] = {
            "id": next(self.ids),
            "time": self.runtime.clock.now(),
            "method": request.method,
            "path": request.path[:300],
            "service": route.service if route else ctx.service if ctx else "",
            "operation": (ctx.operation if ctx else "") or (route.operation if route else "") or "",
            "status": response.status,
            "ms": round((time.perf_counter() - ex.started) * 1000, 2),
            "account": ctx.account if ctx else "",
            "region": ctx.region if ctx else "",
            "caller": ctx.principal.arn if ctx else "",
            "requestId": ex.request_id,
            "error": {"code": error.code, "message": error.message} if error is not None else None,
            "bodies": self.capture and request.method != "CALL",
        }
        self.records.append(record)
        if record["bodies"]:
            self._keep_bodies(record["id"], request, response)
        for queue in self.listeners:
            if queue.qsize() < 1000:  # a stalled listener loses records rather than memory
                queue.put_nowait(record)

    def _keep_bodies(self, rid: int, request: Request, response: Response) -> None:
        self.bodies[rid] = {
            "request": _body(request.body if request.stream is None else None, request.headers),
            "response": _body(response.body if isinstance(response.body, (bytes, bytearray)) else None, response.headers),
        }
        self.body_order.append(rid)
        while len(self.body_order) > KEEP_BODIES:
            self.bodies.pop(self.body_order.popleft(), None)


def _body(data: bytes | bytearray | None, headers: dict[str, str]) -> dict[str, Any]:
    """A body as the console shows it: text when it decodes, else base64; streams are not kept."""
    content_type = next((v for k, v in headers.items() if k.lower() == "content-type"), "")
    if data is None:
        return {"streamed": True, "contentType": content_type}
    cut = bytes(data[:BODY_LIMIT])
    out: dict[str, Any] = {"size": len(data), "truncated": len(data) > BODY_LIMIT, "contentType": content_type}
    try:
        out["text"] = cut.decode("utf-8")
    except UnicodeDecodeError:
        out["base64"] = base64.b64encode(cut).decode()
    return out


def attach(runtime: Runtime) -> RequestLog:
    """The server's request log, starting it (and the gateway's observing) on first use."""
    found = runtime.live.get(LIVE_KEY)
    if found is None:
        found = runtime.live[LIVE_KEY] = RequestLog(runtime)
        runtime.observers.append(found.observe)
    return found


def close(runtime: Runtime) -> None:
    """End the console's event streams (called as the server starts stopping; on its event loop)."""
    found = runtime.live.get(LIVE_KEY)
    if found is not None:
        found.close()


def _json(value: Any, status: int = 200) -> Response:
    return Response(status, {"Content-Type": "application/json"}, orjson.dumps(value))


# ---------------------------------------------------------------- endpoints


def records(runtime: Runtime, request: Request) -> dict[str, Any]:
    log = attach(runtime)
    after = int(dict(request.query_params).get("after") or 0)
    return {"capture": log.capture, "records": [r for r in log.records if r["id"] > after]}


def record(runtime: Runtime, request: Request, rid: str) -> Response | dict[str, Any]:
    log = attach(runtime)
    found = next((r for r in log.records if str(r["id"]) == rid), None)
    if found is None:
        return _json({"error": f"no request {rid} in the log"}, 404)
    return {**found, "bodies": log.bodies.get(found["id"])}


async def set_capture(runtime: Runtime, request: Request) -> dict[str, Any]:
    log = attach(runtime)
    body = orjson.loads(await request.read() or b"{}")
    log.capture = bool(body.get("capture"))
    return {"capture": log.capture}


def clear(runtime: Runtime, request: Request) -> dict[str, Any]:
    log = attach(runtime)
    log.records.clear()
    log.bodies.clear()
    log.body_order.clear()
    return {"cleared": True}


async def stream(runtime: Runtime, request: Request) -> Response:
    """Server-sent events: each new record as one `data:` line, as it is answered."""
    # Drained first, so the server's next message from the client is its disconnect, which ends the stream.
    await request.read()
    log = attach(runtime)
    if log.closed:
        return _json({"error": "cumulo is stopping"}, 503)
    queue: asyncio.Queue[dict[str, Any] | None] = asyncio.Queue()
    log.listeners.add(queue)

    async def events() -> AsyncIterator[bytes]:
        try:
            yield b"retry: 2000\n: listening\n\n"
            while True:
                try:
                    rec = await asyncio.wait_for(queue.get(), KEEPALIVE)
                except asyncio.TimeoutError:
                    yield b": keepalive\n\n"
                    continue
                if rec is None:
                    return
                yield b"id: %d\ndata: %s\n\n" % (rec["id"], orjson.dumps(rec))
        finally:
            log.listeners.discard(queue)

    return Response(200, {"Content-Type": "text/event-stream", "Cache-Control": "no-store", "X-Accel-Buffering": "no"}, events())


async def tail(runtime: Runtime, request: Request) -> Response:
    """A log group's (or one stream's) new events as server-sent events, from a StartLiveTail session."""
    await request.read()  # drained: the client's disconnect then ends the stream
    log = attach(runtime)
    if log.closed:
        return _json({"error": "cumulo is stopping"}, 503)
    params = dict(request.query_params)
    account = params.get("account") or runtime.config.default_account
    region = params.get("region") or runtime.config.default_region
    req: dict[str, Any] = {"logGroupIdentifiers": [params.get("group", "")]}
    if params.get("stream"):
        req["logStreamNames"] = [params["stream"]]
    if params.get("filter"):
        req["logEventFilterPattern"] = params["filter"]
    try:
        session = (await services.call(runtime, "logs", "StartLiveTail", req, account, region))["responseStream"]
    except AwsError as error:
        return _json({"error": {"code": error.code, "message": error.message}}, error.status or 400)
    ending = asyncio.Event()
    log.tails.add(ending)

    async def next_of(source: AsyncIterator[dict[str, Any]]) -> dict[str, Any] | None:
        try:
            return await source.__anext__()
        except StopAsyncIteration:
            return None

    async def events() -> AsyncIterator[bytes]:
        source = session.__aiter__()
        waiting: asyncio.Future[dict[str, Any] | None] | None = None
        stop: asyncio.Future[Any] = asyncio.ensure_future(ending.wait())
        quiet = 0
        try:
            yield b"retry: 2000\n: tailing\n\n"
            while True:
                waiting = waiting or asyncio.ensure_future(next_of(source))
                racing: set[asyncio.Future[Any]] = {waiting, stop}
                done, _ = await asyncio.wait(racing, timeout=KEEPALIVE, return_when=asyncio.FIRST_COMPLETED)
                if stop in done:
                    return
                if waiting not in done:
                    yield b": keepalive\n\n"
                    continue
                got, waiting = waiting, None
                try:
                    event = got.result()
                except AwsError as error:  # the session timed out
                    yield b"event: end\ndata: %s\n\n" % orjson.dumps({"code": error.code, "message": error.message})
                    return
                if event is None:  # the group was deleted: the session is over
                    yield b"event: end\ndata: {}\n\n"
                    return
                if "sessionStart" in event:
                    yield b"event: start\ndata: %s\n\n" % orjson.dumps(event["sessionStart"])
                    continue
                update = event.get("sessionUpdate") or {}
                found = update.get("sessionResults") or []
                if found:
                    quiet = 0
                    sampled = bool((update.get("sessionMetadata") or {}).get("sampled"))
                    yield b"data: %s\n\n" % orjson.dumps({"events": found, "sampled": sampled})
                else:  # an update with nothing new (Logs sends one about each second): a comment now and then
                    quiet += 1
                    if quiet % int(KEEPALIVE) == 0:
                        yield b": keepalive\n\n"
        finally:
            stop.cancel()
            if waiting is not None:
                waiting.cancel()
            log.tails.discard(ending)
            close = getattr(source, "aclose", None)
            if close is not None and waiting is None:
                await close()

    return Response(200, {"Content-Type": "text/event-stream", "Cache-Control": "no-store", "X-Accel-Buffering": "no"}, events())
