"""The web console at /_cumulo/console/: every service's resources, their data, a live request log, controls.

Served by cumulo itself from static files in this package (plain HTML, CSS and a
little JavaScript: no framework, no build step, nothing fetched from elsewhere),
over internal routes added the first time a console path is asked for:

    guard.py    the token rule for internal endpoints when bound beyond loopback
    browse.py   the generic resource browser, read from the store's tables
    data.py     data views and every change, through the services' handlers
    live.py     the live request log (a ring buffer fed by the gateway, and SSE), and Logs' live tail as SSE
    static/     index.html, console.css, console.js, views.js

The console's controls (reset, clock, snapshots, IAM mode) call the internal
endpoints that already exist (cumulo.internal).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from cumulo.core.http import Request, Response
from cumulo.core.runtime import Runtime
from cumulo.services import InternalRoute

STATIC = Path(__file__).parent / "static"
TYPES = {".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8",
         ".svg": "image/svg+xml", ".ico": "image/x-icon"}
_assets: dict[str, tuple[bytes, str]] = {}


def _asset(name: str) -> tuple[bytes, str] | None:
    """A static file's bytes and ETag, read once; only the files shipped in static/."""
    found = _assets.get(name)
    if found is None:
        path = STATIC / name
        if "/" in name or name.startswith(".") or not path.is_file():
            return None
        import hashlib

        data = path.read_bytes()
        found = _assets[name] = (data, '"' + hashlib.sha256(data).hexdigest()[:16] + '"')
    return found


def page(runtime: Runtime, request: Request, file: str = "index.html") -> Response:
    from cumulo.console import guard, live

    found = _asset(file)
    if found is None:
        return Response(404, {"Content-Type": "text/plain"}, b"no such console file")
    if file == "index.html":
        live.attach(runtime)  # a console is watching: keep the request log from now on
        if request.path.split("?", 1)[0].endswith("/console"):
            return Response(308, {"Location": request.path + "/" + ("?" + request.query if request.query else "")})
    data, etag = found
    headers = {
        "Content-Type": TYPES.get(Path(file).suffix, "application/octet-stream"),
        "ETag": etag,
        "Cache-Control": "no-cache",
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
    }
    if file == "index.html":
        headers["Content-Security-Policy"] = ("default-src 'self'; img-src 'self' data: blob:; style-src 'self'; "
                                              "frame-src 'self' blob:; object-src 'none'; base-uri 'none'")
    given = guard.presented(request)
    if given and runtime.config.console_token and "token=" in request.query:
        # The start-up link carries the token once; the cookie carries it for the page's own requests.
        headers["Set-Cookie"] = f"{guard.COOKIE}={given}; Path=/; HttpOnly; SameSite=Strict"
    if request.headers.get("if-none-match") == etag:
        return Response(304, headers)
    return Response(200, headers, data)


def routes() -> list[InternalRoute]:
    from cumulo.console import browse, data, live

    def static(runtime: Runtime, request: Request, file: str) -> Any:
        return page(runtime, request, file)

    return [
        InternalRoute("GET", "console", page),
        InternalRoute("GET", "console/api/overview", browse.overview),
        InternalRoute("GET", "console/api/resources/{service}", browse.resources),
        InternalRoute("GET", "console/api/resource/{service}", browse.resource),
        InternalRoute("POST", "console/api/locate", browse.locate),
        InternalRoute("POST", "console/api/call/{service}/{operation}", data.call),
        InternalRoute("GET", "console/api/s3/object", data.s3_get),
        InternalRoute("PUT", "console/api/s3/object", data.s3_put),
        InternalRoute("GET", "console/api/s3/presign", data.s3_presign),
        InternalRoute("POST", "console/api/lambda/invoke", data.lambda_invoke),
        InternalRoute("GET", "console/api/lambda/code", data.lambda_code),
        InternalRoute("GET", "console/api/log", live.records),
        InternalRoute("GET", "console/api/log/stream", live.stream),
        InternalRoute("POST", "console/api/log/bodies", live.set_capture),
        InternalRoute("POST", "console/api/log/clear", live.clear),
        InternalRoute("GET", "console/api/log/{rid}", live.record),
        InternalRoute("GET", "console/api/logs/tail", live.tail),
        InternalRoute("GET", "console/{file}", static),
    ]
