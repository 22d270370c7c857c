"""Gateway responses: what API Gateway answers itself (errors before or around the
integration), with their default status codes and the default JSON template.
https://docs.aws.amazon.com/apigateway/latest/developerguide/supported-gateway-response-types.html
"""

from __future__ import annotations

from typing import Any

DEFAULT_STATUS: dict[str, str | None] = {
    "DEFAULT_4XX": None,
    "DEFAULT_5XX": None,
    "ACCESS_DENIED": "403",
    "API_CONFIGURATION_ERROR": "500",
    "AUTHORIZER_CONFIGURATION_ERROR": "500",
    "AUTHORIZER_FAILURE": "500",
    "BAD_REQUEST_PARAMETERS": "400",
    "BAD_REQUEST_BODY": "400",
    "EXPIRED_TOKEN": "403",
    "INTEGRATION_FAILURE": "504",
    "INTEGRATION_TIMEOUT": "504",
    "INVALID_API_KEY": "403",
    "INVALID_SIGNATURE": "403",
    "MISSING_AUTHENTICATION_TOKEN": "403",
    "QUOTA_EXCEEDED": "429",
    "REQUEST_TOO_LARGE": "413",
    "RESOURCE_NOT_FOUND": "404",
    "THROTTLED": "429",
    "UNAUTHORIZED": "401",
    "UNSUPPORTED_MEDIA_TYPE": "415",
    "WAF_FILTERED": "403",
}
DEFAULT_TEMPLATE = {"application/json": '{"message":$context.error.messageString}'}


def default(kind: str) -> dict[str, Any]:
    out: dict[str, Any] = {
        "responseType": kind,
        "defaultResponse": True,
        "responseParameters": {},
        "responseTemplates": dict(DEFAULT_TEMPLATE),
    }
    if DEFAULT_STATUS[kind]:
        out["statusCode"] = DEFAULT_STATUS[kind]
    return out


def effective(configured: dict[str, dict[str, Any]], kind: str) -> dict[str, Any]:
    """The response a stage gives for `kind`: set on the API, else from DEFAULT_4XX/5XX
    (templates and parameters, keeping the type's own status), else the default."""
    if kind in configured:
        return configured[kind]
    status = DEFAULT_STATUS.get(kind) or "500"
    family = configured.get("DEFAULT_4XX" if status.startswith("4") else "DEFAULT_5XX")
    out = default(kind)
    if family is not None:
        out = {**out, **{k: v for k, v in family.items() if k not in ("responseType", "statusCode", "defaultResponse")}}
    return out
