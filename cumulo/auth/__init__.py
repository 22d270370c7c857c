"""Request signatures: parsing and (opt-in) verification of SigV4 and S3's SigV2.

    verify(request, sent_path, service, secret, now) -> ChunkSigner | None

The gateway's `verify_signature` step calls it when `CUMULO_VERIFY_SIGNATURES`
is on, after routing (the error is written in the service's protocol) and
before any body is read. `sent_path` is the path as the client sent it, before
virtual-hosted S3 was rewritten to path style. It raises an `AuthError`, or
returns the checker of a signed aws-chunked body's chunk signatures.

Invariants: no body is read when the client sent `x-amz-content-sha256` (its
value is the payload hash, as AWS uses it); without it (JSON and query
clients) the body, small by nature, is read and hashed. Only the signature is
checked here: whether the signer may act is IAM's business.
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timezone

from cumulo.auth import sigv2, sigv4
from cumulo.auth.errors import AuthError, expired, for_protocol, incomplete, mismatch, missing_token, unknown_key
from cumulo.auth.keys import long_term_keys, resolve, root_principal, secret_of
from cumulo.auth.sigv4 import ChunkSigner
from cumulo.core.http import Request

__all__ = [
    "AuthError", "ChunkSigner", "for_protocol", "is_signed", "long_term_keys", "mismatch", "missing_token",
    "resolve", "root_principal", "secret_of", "unknown_key", "verify",
]


def is_signed(request: Request) -> bool:
    auth = request.headers.get("authorization", "")
    query = request.query
    return bool(auth) or "X-Amz-Signature=" in query or "Signature=" in query


def _iso(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


async def verify(request: Request, sent_path: str, service: str, access_key: str, secret: str | None,
                 now: float) -> sigv4.ChunkSigner | None:
    """Check a signed request's signature; `secret` is None when no one issued `access_key`."""
    headers = request.headers
    auth = headers.get("authorization", "")
    params = dict(request.query_params) if "Signature=" in request.query else {}
    if auth.startswith("AWS ") or ("Signature" in params and "AWSAccessKeyId" in params):
        return _verify_v2(request, sent_path, auth, params, access_key, secret, now)
    if auth.startswith("AWS4-ECDSA-P256-SHA256") or params.get("X-Amz-Algorithm") == "AWS4-ECDSA-P256-SHA256":
        return None  # SigV4a (multi-region access points): not checked yet
    if auth.startswith("AWS4-"):
        credential = sigv4.from_header(auth, headers)
    elif "X-Amz-Signature" in params or "X-Amz-Credential" in params:
        credential = sigv4.from_query(params)
    else:
        raise incomplete(f"Authorization header requires 'Credential' parameter. Authorization={auth}") \
            if auth else missing_token()
    if secret is None:
        raise unknown_key(service, credential.access_key)
    payload_hash = headers.get("x-amz-content-sha256", "")
    if not payload_hash:
        if credential.presigned and service == "s3":
            payload_hash = sigv4.UNSIGNED_PAYLOAD
        else:
            payload_hash = hashlib.sha256(await request.read()).hexdigest()
    sigv4.verify(request.method, sent_path, request.query, headers, credential, secret, payload_hash, service)
    if credential.presigned:
        signed = sigv4.signed_at(credential)
        if now > signed + credential.expires:
            raise expired(**{"X-Amz-Expires": str(credential.expires), "Expires": _iso(signed + credential.expires),
                             "ServerTime": _iso(now)})
    if payload_hash in (sigv4.STREAMING_SIGNED, sigv4.STREAMING_SIGNED_TRAILER):
        return sigv4.ChunkSigner(credential, secret, payload_hash == sigv4.STREAMING_SIGNED_TRAILER)
    return None


def _verify_v2(request: Request, sent_path: str, auth: str, params: dict[str, str], access_key: str,
               secret: str | None, now: float) -> None:
    if auth:
        access_key, provided = sigv2.from_header(auth)
        date = request.headers.get("date", "")
    else:
        provided, date = params["Signature"], params.get("Expires", "")
    if secret is None:
        raise unknown_key("s3", access_key)
    # The resource is the path-style path; a virtual-hosted bucket root ("/" on the
    # bucket's host) was signed as "/bucket/", which path-style routing writes "/bucket".
    resources = [request.path]
    if sent_path == "/" and request.path != "/":
        resources.append(request.path + "/")
    query = "&".join(item for item in request.query.split("&")
                     if item.partition("=")[0] not in ("Signature", "AWSAccessKeyId", "Expires"))
    sigv2.verify(request.method, resources, query, request.headers, date, access_key, secret, provided)
    if not auth:
        try:
            deadline = int(date)
        except ValueError:
            raise AuthError("AccessDenied", "Invalid date (should be seconds since epoch): " + date) from None
        if now > deadline:
            raise expired(Expires=_iso(deadline), ServerTime=_iso(now))

