"""One HTTP POST on the event loop, for services that call out to endpoints (Firehose HTTP
endpoint destinations, SNS HTTP/S subscriptions), through httpx: no thread.

HTTPS endpoints are reached without certificate checks: local endpoints use self-signed
certificates. A failure to get an answer at all (refused, timed out, not HTTP) is a
status of None with the reason, never an exception.
"""

from __future__ import annotations

import httpx

TIMEOUT = 15.0


async def post(url: str, body: bytes, headers: dict[str, str], timeout: float = TIMEOUT) -> tuple[int | None, bytes, str]:
    """(status, body, error): status None when no answer came."""
    try:
        async with httpx.AsyncClient(verify=False, timeout=timeout) as client:
            response = await client.post(url, content=body, headers=headers)
    except (httpx.HTTPError, ValueError) as e:
        return None, b"", f"{type(e).__name__}: {e}"
    return response.status_code, response.content, ""
