"""AWS Signature Version 4: the header form, the presigned query form, and the
chunk signatures of `STREAMING-AWS4-HMAC-SHA256-PAYLOAD` bodies.

Pure functions over a `Request`; the gateway's `verify_signature` step decides
when they run and where the secret comes from. Nothing here reads a body: the
caller passes the payload hash (the `x-amz-content-sha256` value when the client
sent one, as AWS itself uses it; `UNSIGNED-PAYLOAD` for S3 presigned URLs).

Canonical request, string to sign and signing key as documented in
https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html and
https://docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-authenticating-requests.html
(S3 differs in two ways: the path is encoded once and never normalized).
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from urllib.parse import quote, unquote

from cumulo.auth.errors import AuthError, incomplete, mismatch

ALGORITHM = "AWS4-HMAC-SHA256"
EMPTY_SHA256 = hashlib.sha256(b"").hexdigest()
UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD"
STREAMING_SIGNED = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD"
STREAMING_SIGNED_TRAILER = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER"
_SPACES = re.compile(r"\s+")


@dataclass(slots=True)
class Credential:
    """What a SigV4 request claims: who signed, for which scope, over which headers."""

    access_key: str
    date: str  # yyyymmdd of the scope
    region: str
    service: str
    amz_date: str  # yyyymmddThhmmssZ, the request's own time
    signed_headers: list[str]
    signature: str
    presigned: bool = False
    expires: int = 0  # X-Amz-Expires, presigned only

    @property
    def scope(self) -> str:
        return f"{self.date}/{self.region}/{self.service}/aws4_request"


# ---------------------------------------------------------------- reading the claim


def from_header(authorization: str, headers: dict[str, str]) -> Credential:
    """Parse `Authorization: AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...`."""
    _, _, rest = authorization.partition(" ")
    parts: dict[str, str] = {}
    for item in rest.split(","):
        name, eq, value = item.strip().partition("=")
        if eq:
            parts[name] = value
    missing = [name for name in ("Credential", "Signature", "SignedHeaders") if name not in parts]
    amz_date = headers.get("x-amz-date") or _from_http_date(headers.get("date", ""))
    if missing or not amz_date:
        problems = [f"Authorization header requires '{name}' parameter." for name in missing]
        if not amz_date:
            problems.append("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.")
        raise incomplete(" ".join(problems) + f" Authorization={authorization}")
    scope = parts["Credential"].split("/")
    if len(scope) != 5 or scope[4] != "aws4_request":
        raise incomplete(f"Credential should be scoped to a valid region, not '{parts['Credential']}'. ")
    return Credential(scope[0], scope[1], scope[2], scope[3], amz_date,
                      parts["SignedHeaders"].split(";"), parts["Signature"])


def from_query(params: dict[str, str]) -> Credential:
    """Parse the `X-Amz-*` parameters of a presigned URL."""
    needed = ("X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Signature", "X-Amz-Date", "X-Amz-SignedHeaders")
    missing = [name for name in needed if name not in params]
    if missing:
        raise AuthError("AuthorizationQueryParametersError",
                        "Query-string authentication version 4 requires the " + ", ".join(needed) + " parameters",
                        status=400)
    if params["X-Amz-Algorithm"] != ALGORITHM:
        raise AuthError("AuthorizationQueryParametersError",
                        "X-Amz-Algorithm only supports \"AWS4-HMAC-SHA256\"", status=400)
    scope = params["X-Amz-Credential"].split("/")
    if len(scope) != 5 or scope[4] != "aws4_request":
        raise AuthError("AuthorizationQueryParametersError",
                        "Error parsing the X-Amz-Credential parameter; the Credential is mal-formed; "
                        "expecting \"<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request\".", status=400)
    try:
        expires = int(params.get("X-Amz-Expires", "0"))
    except ValueError:
        raise AuthError("AuthorizationQueryParametersError",
                        "X-Amz-Expires should be a number", status=400) from None
    return Credential(scope[0], scope[1], scope[2], scope[3], params["X-Amz-Date"],
                      params["X-Amz-SignedHeaders"].split(";"), params["X-Amz-Signature"], True, expires)


def _from_http_date(value: str) -> str:
    if not value:
        return ""
    try:
        return parsedate_to_datetime(value).astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    except (TypeError, ValueError):
        return ""


def signed_at(credential: Credential) -> float:
    """The request's own time (X-Amz-Date) as epoch seconds."""
    try:
        return datetime.strptime(credential.amz_date, "%Y%m%dT%H%M%SZ").replace(tzinfo=timezone.utc).timestamp()
    except ValueError:
        raise AuthError("AuthorizationQueryParametersError" if credential.presigned else "IncompleteSignature",
                        "X-Amz-Date must be in the ISO8601 Long Format \"yyyyMMdd'T'HHmmss'Z'\"",
                        status=400) from None


# ---------------------------------------------------------------- canonical request


def uri_encode(text: str, keep_slash: bool = False) -> str:
    """AWS's UriEncode: everything but unreserved characters, as %XY in upper case."""
    return quote(text, safe="-_.~/" if keep_slash else "-_.~")


def canonical_paths(path: str, service: str) -> list[str]:
    """The canonical URIs a client may have signed for `path` (as sent, still encoded).

    S3 signs the path as sent; other services sign it normalized (dot segments and
    empty segments removed) and encoded a second time. A client that put a
    character on the wire unencoded (or encoded one AWS leaves alone) signed the
    re-encoded form, so that is tried too."""
    path = path or "/"
    if service == "s3":
        again = uri_encode(unquote(path), keep_slash=True)
        return [path] if again == path else [path, again]
    segments = [s for s in path.split("/") if s and s != "."]
    kept: list[str] = []
    for segment in segments:
        if segment == "..":
            if kept:
                kept.pop()
        else:
            kept.append(segment)
    normal = "/" + "/".join(kept) + ("/" if kept and path.endswith("/") else "")
    return [uri_encode(normal, keep_slash=True)]


def canonical_query(query: str, drop: str = "") -> str:
    pairs = []
    for item in query.split("&"):
        if not item:
            continue
        name, _, value = item.partition("=")
        name = unquote(name)
        if name == drop:
            continue
        pairs.append((uri_encode(name), uri_encode(unquote(value))))
    pairs.sort()
    return "&".join(f"{n}={v}" for n, v in pairs)


def canonical_headers(headers: dict[str, str], signed: list[str]) -> str:
    return "".join(f"{name}:{_SPACES.sub(' ', headers.get(name, '')).strip()}\n" for name in signed)


def canonical_request(method: str, path: str, query: str, headers: dict[str, str],
                      credential: Credential, payload_hash: str) -> str:
    return "\n".join((
        method,
        path,
        canonical_query(query, "X-Amz-Signature" if credential.presigned else ""),
        canonical_headers(headers, credential.signed_headers),
        ";".join(credential.signed_headers),
        payload_hash,
    ))


def string_to_sign(credential: Credential, canonical: str) -> str:
    return "\n".join((ALGORITHM, credential.amz_date, credential.scope,
                      hashlib.sha256(canonical.encode("utf-8")).hexdigest()))


@functools.lru_cache(maxsize=256)
def signing_key(secret: str, date: str, region: str, service: str) -> bytes:
    key = ("AWS4" + secret).encode("utf-8")
    for part in (date, region, service, "aws4_request"):
        key = hmac.new(key, part.encode("utf-8"), hashlib.sha256).digest()
    return key


def sign(key: bytes, text: str) -> str:
    return hmac.new(key, text.encode("utf-8"), hashlib.sha256).hexdigest()


def verify(method: str, path: str, query: str, headers: dict[str, str], credential: Credential,
           secret: str, payload_hash: str, service: str) -> None:
    """Raise `SignatureDoesNotMatch` (worded per service) unless one canonical form matches."""
    key = signing_key(secret, credential.date, credential.region, credential.service)
    first: tuple[str, str] | None = None
    for canonical_path in canonical_paths(path, service):
        canonical = canonical_request(method, canonical_path, query, headers, credential, payload_hash)
        text = string_to_sign(credential, canonical)
        if hmac.compare_digest(sign(key, text), credential.signature):
            return
        first = first or (canonical, text)
    assert first is not None
    raise mismatch(service, credential.access_key, credential.signature, *first)


# ---------------------------------------------------------------- aws-chunked signatures


class ChunkSigner:
    """Checks each chunk's `chunk-signature` of a signed aws-chunked body, in order.

    Every chunk (the final empty one too) is signed over the previous signature,
    starting from the request's own ("seed") signature; a trailer, when the
    payload is `...-TRAILER`, over the last chunk's. As in
    https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming.html and
    sigv4-streaming-trailers.html. Used by `cumulo.core.awschunked.decode`.
    """

    __slots__ = ("_key", "_prefix", "_previous", "_access_key", "trailer")

    def __init__(self, credential: Credential, secret: str, trailer: bool) -> None:
        self._key = signing_key(secret, credential.date, credential.region, credential.service)
        self._prefix = f"{credential.amz_date}\n{credential.scope}\n"
        self._previous = credential.signature
        self._access_key = credential.access_key
        self.trailer = trailer

    def chunk(self, extensions: bytes, data: bytes) -> None:
        provided = ""
        for item in extensions.decode("latin-1").split(";"):
            name, _, value = item.partition("=")
            if name.strip() == "chunk-signature":
                provided = value.strip()
        text = (f"AWS4-HMAC-SHA256-PAYLOAD\n{self._prefix}{self._previous}\n{EMPTY_SHA256}\n"
                f"{hashlib.sha256(data).hexdigest()}")
        self._check(provided, text)

    def trailers(self, trailers: dict[str, str]) -> None:
        if not self.trailer:
            return
        provided = trailers.get("x-amz-trailer-signature", "")
        lines = "".join(f"{name}:{value}\n" for name, value in trailers.items() if name != "x-amz-trailer-signature")
        text = f"AWS4-HMAC-SHA256-TRAILER\n{self._prefix}{self._previous}\n{hashlib.sha256(lines.encode()).hexdigest()}"
        self._check(provided, text)

    def _check(self, provided: str, text: str) -> None:
        expected = sign(self._key, text)
        if not hmac.compare_digest(expected, provided):
            raise mismatch("s3", self._access_key, provided, "", text)
        self._previous = expected
