"""A minimal HTTP/1.1 POST on the event loop, for services that call out to endpoints
(Firehose HTTP endpoint destinations, SNS HTTP/S subscriptions, EventBridge API
destinations): no thread, no extra dependency.

One request per connection (`Connection: close`); the answer is the status and the
body. HTTPS endpoints are reached without certificate checks: local endpoints use
self-signed certificates.
"""

from __future__ import annotations

import asyncio
import ssl
from urllib.parse import urlsplit

TIMEOUT = 15.0
MAX_BODY = 1024 * 1024


async def post(url: str, body: bytes, headers: dict[str, str], timeout: float = TIMEOUT) -> tuple[int | None, bytes, str]:
    """(status, body, error): status None when no answer came (refused, timed out, not HTTP)."""
    parts = urlsplit(url)
    secure = parts.scheme == "https"
    port = parts.port or (443 if secure else 80)
    host = parts.hostname or "localhost"
    context = None
    if secure:
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    head = [f"POST {path} HTTP/1.1", f"Host: {parts.netloc}", f"Content-Length: {len(body)}", "Connection: close"]
    head += [f"{k}: {v}" for k, v in headers.items()]
    writer = None
    try:
        reader, writer = await asyncio.wait_for(asyncio.open_connection(host, port, ssl=context), timeout)
        writer.write(("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + body)
        await writer.drain()
        raw = b""
        while len(raw) < MAX_BODY:  # Connection: close, so the answer ends at EOF
            chunk = await asyncio.wait_for(reader.read(65536), timeout)
            if not chunk:
                break
            raw += chunk
        status_line, _, rest = raw.partition(b"\r\n")
        fields = status_line.split()
        if len(fields) < 2 or not fields[1].isdigit():
            return None, b"", "the endpoint did not answer HTTP"
        _, _, answer = rest.partition(b"\r\n\r\n")
        return int(fields[1]), answer, ""
    except (OSError, asyncio.TimeoutError, ssl.SSLError, ValueError) as e:
        return None, b"", f"{type(e).__name__}: {e}"
    finally:
        if writer is not None:
            writer.close()
