"""The token rule: when cumulo listens beyond loopback, its state is not open to the network.

Bound to loopback (127.0.0.0/8, ::1, localhost) nothing is asked: only this machine
can connect. Bound wider (0.0.0.0, a LAN address), every internal endpoint (the
console, its API, reset, the clock, snapshots, every service's introspection
under /_cumulo/, /_fakecloud/, /_aws/ and /moto-api/) answers 401 unless the
request carries the console token; only the health and init-readiness checks
that wait scripts poll stay open. The token is `CUMULO_CONSOLE_TOKEN`, or one
made at start-up and printed with the listening address. `CUMULO_CONSOLE_TOKEN=off`
turns the rule off, for a container bound to 0.0.0.0 inside whose port is published
to this machine only (`-p 127.0.0.1:4566:4566`) and harnesses that call `/_reset`.

Whatever the bind, the console's own paths refuse a request another origin's page
sent (an `Origin` header naming a host other than the one asked): a web page open
in the same browser cannot drive the console's API behind the user's back.

A request shows the token in any of: the `x-cumulo-token` header,
`Authorization: Bearer <token>`, a `token=` query parameter (the console link
printed at start-up), or the `cumulo_token` cookie the console page sets from
that link, so the page's own requests and its event stream carry it.
"""

from __future__ import annotations

import hmac
import ipaddress
import secrets
from http.cookies import SimpleCookie
from urllib.parse import parse_qsl, urlsplit

from cumulo.config import Config
from cumulo.core.http import Request, Response

COOKIE = "cumulo_token"
OFF = "off"  # CUMULO_CONSOLE_TOKEN=off: no token even on a wide bind (a container whose port only this machine reaches)

# Read-only liveness checks that wait scripts poll before they could know a token.
OPEN_PATHS = frozenset({
    "/_cumulo/health", "/_fakecloud/health", "/_localstack/health",
    "/_cumulo/init", "/_localstack/init", "/_localstack/init/ready", "/_cumulo/init/ready",
})


def loopback(host: str) -> bool:
    """Whether a bind address only accepts connections from this machine."""
    host = host.strip("[]")
    if host in ("localhost", "ip6-localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def ensure_token(config: Config) -> str:
    """The token a wide bind requires, made now when none was set; "" on loopback or when turned off."""
    if loopback(config.host) or config.console_token == OFF:
        return ""
    if not config.console_token:
        config.console_token = secrets.token_urlsafe(24)
    return config.console_token


def presented(request: Request) -> str:
    """The token a request carries, if any."""
    headers = request.headers
    if headers.get("x-cumulo-token"):
        return headers["x-cumulo-token"]
    auth = headers.get("authorization", "")
    if auth[:7].lower() == "bearer ":
        return auth[7:].strip()
    for name, value in parse_qsl(request.query, keep_blank_values=True):
        if name == "token":
            return value
    cookie = headers.get("cookie")
    if cookie:
        jar: SimpleCookie = SimpleCookie()
        try:
            jar.load(cookie)
        except Exception:  # a malformed cookie header carries no token
            return ""
        if COOKIE in jar:
            return jar[COOKIE].value
    return ""


def cross_origin(request: Request) -> bool:
    """Whether a browser sent this request from a page of another origin."""
    origin = request.headers.get("origin")
    if not origin or origin == "null":
        return origin == "null"
    return urlsplit(origin).netloc.lower() != request.host.lower()


def allowed(config: Config, request: Request) -> bool:
    """Whether an internal endpoint may answer this request under the token rule."""
    if request.path.startswith(("/_cumulo/console", "/_fakecloud/console")) and cross_origin(request):
        return False
    if loopback(config.host) or config.console_token == OFF:
        return True
    path = request.path.split("?", 1)[0].rstrip("/") or "/"
    if path in OPEN_PATHS and request.method in ("GET", "HEAD"):
        return True
    token = ensure_token(config)
    given = presented(request)
    return bool(given) and hmac.compare_digest(given.encode(), token.encode())


def refusal(request: Request) -> Response:
    """The 401 (or, for another origin's page, 403): a page for a browser, JSON for the rest."""
    if cross_origin(request):
        return Response(403, {"Content-Type": "application/json"}, b'{"error": "the console answers only its own pages"}')
    message = ("cumulo listens beyond loopback: internal endpoints need the console token (printed at start-up, "
               "or CUMULO_CONSOLE_TOKEN) as ?token=, x-cumulo-token or a Bearer header")
    if "text/html" in request.headers.get("accept", ""):
        page = ("<!doctype html><meta charset=utf-8><title>cumulo console: token needed</title>"
                "<body style='font:15px system-ui;margin:3em'><h1>Token needed</h1>"
                "<p>cumulo listens beyond loopback, so its console needs the token it printed at start-up:"
                " open the printed link, or add <code>?token=...</code> to this address.</p>")
        return Response(401, {"Content-Type": "text/html; charset=utf-8"}, page.encode())
    return Response(401, {"Content-Type": "application/json"}, ('{"error": "%s"}' % message).encode())
