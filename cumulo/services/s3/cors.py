"""CORS from bucket rules: preflight answers and headers on actual responses.

https://docs.aws.amazon.com/AmazonS3/latest/userguide/cors.html: the first rule
whose AllowedOrigins match the Origin (one `*` wildcard allowed), whose
AllowedMethods hold the (announced) method, and whose AllowedHeaders match every
announced request header, decides. A preflight no rule allows is refused with
403 AccessForbidden; an actual request no rule allows just gets no CORS headers.
"""

from __future__ import annotations

import fnmatch
from typing import Any
from urllib.parse import unquote

from cumulo.core.errors import AwsError
from cumulo.core.http import Request
from cumulo.core.runtime import Runtime
from cumulo.services.s3.models import GLOBAL, Bucket

_VARY = "Origin, Access-Control-Request-Headers, Access-Control-Request-Method"


def _matches(pattern: str, value: str) -> bool:
    if "*" not in pattern:
        return pattern == value
    return fnmatch.fnmatchcase(value, pattern.replace("[", "[[]"))


def _rule_for(rules: list[dict[str, Any]], origin: str, method: str, headers: list[str]) -> dict[str, Any] | None:
    for rule in rules:
        if not any(_matches(o, origin) for o in rule.get("AllowedOrigins") or ()):
            continue
        if method not in (rule.get("AllowedMethods") or ()):
            continue
        allowed = [h.lower() for h in rule.get("AllowedHeaders") or ()]
        if all(any(_matches(a, h) for a in allowed) for h in headers):
            return rule
    return None


def _forbidden(message: str, method: str, resource: str) -> AwsError:
    return AwsError("AccessForbidden", f"CORSResponse: {message}", status=403, Method=method, ResourceType=resource)


def cors_headers(runtime: Runtime, request: Request) -> dict[str, str] | None:
    """The `Service.cors` hook: see `cumulo.services.Service`."""
    path = request.path.split("?", 1)[0].lstrip("/")
    name, _, key = path.partition("/")
    if not name:
        return None
    origin = request.headers.get("origin", "")
    preflight = request.method == "OPTIONS"
    method = request.headers.get("access-control-request-method", "") if preflight else request.method
    announced = [h.strip().lower() for h in request.headers.get("access-control-request-headers", "").split(",") if h.strip()]
    bucket: Bucket | None = runtime.store.scope("s3", GLOBAL, GLOBAL).table("buckets").get(unquote(name))
    resource = "OBJECT" if key else "BUCKET"
    if bucket is None:
        if preflight:
            raise AwsError("NoSuchBucket", "The specified bucket does not exist", status=404, BucketName=unquote(name))
        return None
    rules = (bucket.config.get("cors") or {}).get("CORSRules") or []
    if not rules:
        if preflight:
            raise _forbidden("CORS is not enabled for this bucket.", method, resource)
        return {}
    rule = _rule_for(rules, origin, method, announced if preflight else [])
    if rule is None:
        if preflight:
            raise _forbidden(
                "This CORS request is not allowed. This is usually because the evalution of Origin, request method / "
                "Access-Control-Request-Method or Access-Control-Request-Headers are not whitelisted by the resource's CORS spec.",
                method,
                resource,
            )
        return {}
    wildcard = "*" in (rule.get("AllowedOrigins") or ())
    out = {
        "Access-Control-Allow-Origin": "*" if wildcard else origin,
        "Access-Control-Allow-Methods": ", ".join(rule.get("AllowedMethods") or ()),
        "Vary": _VARY,
    }
    if not wildcard:
        out["Access-Control-Allow-Credentials"] = "true"
    if preflight and announced:
        out["Access-Control-Allow-Headers"] = ", ".join(announced)
    if rule.get("ExposeHeaders"):
        out["Access-Control-Expose-Headers"] = ", ".join(rule["ExposeHeaders"])
    if rule.get("MaxAgeSeconds") is not None:
        out["Access-Control-Max-Age"] = str(rule["MaxAgeSeconds"])
    return out
