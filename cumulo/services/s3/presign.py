"""Presigned URLs: expiry on the cumulo clock, for SigV4 and SigV2 query auth.

boto3's `generate_presigned_url` for S3 signs with SigV2 query parameters
(`AWSAccessKeyId`, `Signature`, `Expires`: an epoch second) unless told to use
SigV4 (`X-Amz-Algorithm`, `X-Amz-Date`, `X-Amz-Expires`: seconds, at most a
week). Reading the cumulo clock means a test can move time past the expiry.
https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-query-string-auth.html

A SigV4 URL names the headers it signed: each must come with the request (or
be hoisted into the query, as some SDKs' presigners do), and user metadata
(`x-amz-meta-*`) the URL did not sign is refused, so what is stored is what
the URL's signer allowed. Hoisted `x-amz-meta-*` query parameters are the
object's metadata (`query_metadata`).
"""

from __future__ import annotations

from datetime import datetime, timezone

from cumulo.core.context import RequestContext
from cumulo.core.errors import AwsError

MAX_EXPIRES = 604800  # seven days


def _iso(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _bad_query(message: str) -> AwsError:
    return AwsError("AuthorizationQueryParametersError", message, status=400)


def check_request(ctx: RequestContext) -> None:
    """The `Service.check_request` hook: refuse a presigned URL past its expiry."""
    request = ctx.request
    if request is None or ("X-Amz-Expires" not in request.query and "Expires=" not in request.query):
        return
    params = dict(request.query_params)
    now = ctx.clock.now()
    if "X-Amz-Algorithm" in params:
        try:
            signed = datetime.strptime(params["X-Amz-Date"], "%Y%m%dT%H%M%SZ").replace(tzinfo=timezone.utc).timestamp()
            expires = int(params["X-Amz-Expires"])
        except (KeyError, ValueError):
            raise _bad_query("X-Amz-Date and X-Amz-Expires must be a valid date and a whole number of seconds.") from None
        if expires > MAX_EXPIRES:
            raise _bad_query("X-Amz-Expires must be less than a week (in seconds) that is; 604800")
        if expires < 0:
            raise _bad_query("X-Amz-Expires must be non-negative")
        if now > signed + expires:
            raise AwsError("AccessDenied", "Request has expired", status=403,
                           **{"X-Amz-Expires": str(expires), "Expires": _iso(signed + expires), "ServerTime": _iso(now)})
        _check_signed_headers(request.headers, params)
    elif "AWSAccessKeyId" in params and "Expires" in params:
        try:
            deadline = int(params["Expires"])
        except ValueError:
            raise AwsError("AccessDenied", "Invalid date (should be seconds since epoch): " + params["Expires"], status=403) from None
        if now > deadline:
            raise AwsError("AccessDenied", "Request has expired", status=403, Expires=_iso(deadline), ServerTime=_iso(now))


_SIGNATURE_MISMATCH = ("The request signature we calculated does not match the signature you provided. "
                       "Check your key and signing method.")


def _check_signed_headers(headers: dict[str, str], params: dict[str, str]) -> None:
    signed = {h.strip().lower() for h in params.get("X-Amz-SignedHeaders", "").split(";") if h.strip()}
    present = {name.lower() for name in headers}
    hoisted = {name.lower() for name in params}
    missing = sorted(h for h in signed if h != "host" and h not in present and h not in hoisted)
    if missing:
        raise AwsError("SignatureDoesNotMatch", _SIGNATURE_MISMATCH, status=403)
    unsigned = sorted(h for h in present if h.startswith("x-amz-meta-") and h not in signed)
    if unsigned:
        raise AwsError("AccessDenied", "There were headers present in the request which were not signed", status=403,
                       HeadersNotSigned=", ".join(unsigned))


def query_metadata(ctx: RequestContext) -> dict[str, str]:
    """User metadata a presigned URL carries in its query (`x-amz-meta-<name>=value`)."""
    if ctx.request is None or "x-amz-meta-" not in ctx.request.query.lower():
        return {}
    return {name[len("x-amz-meta-"):].lower(): value for name, value in ctx.request.query_params if name.lower().startswith("x-amz-meta-")}
