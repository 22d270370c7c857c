"""Request validators on the data plane: required parameters and the body against the
method's request model (JSON Schema draft 4, through `jsonschema`).

AWS's answers: 400 `{"message": "Missing required request parameters: [q, X-H]"}`
(BAD_REQUEST_PARAMETERS) and 400 `{"message": "Invalid request body"}` (BAD_REQUEST_BODY).
"""

from __future__ import annotations

import jsonschema
import orjson

from cumulo.services.apigateway.invocation import GatewayError, Invocation


def check(inv: Invocation) -> None:
    method = inv.method or {}
    validator = inv.snapshot["validators"].get(method.get("requestValidatorId") or "")
    if validator is None:
        return
    if validator.get("validateRequestParameters"):
        missing = []
        for name, required in (method.get("requestParameters") or {}).items():
            if required and not inv.source_value(name):
                missing.append(name.split(".", 3)[-1])
        if missing:
            raise GatewayError("BAD_REQUEST_PARAMETERS", f"Missing required request parameters: [{', '.join(missing)}]")
    if validator.get("validateRequestBody"):
        ct = (inv.header("content-type") or "application/json").split(";")[0].strip().lower()
        models = method.get("requestModels") or {}
        name = models.get(ct) or models.get("$default")
        model = inv.snapshot["models"].get(name or "")
        if model is None or not model.get("schema"):
            return
        try:
            body = orjson.loads(inv.body) if inv.body else None
            schema = orjson.loads(model["schema"])
            schema.pop("$schema", None)
            jsonschema.Draft4Validator(schema).validate(body)
        except (orjson.JSONDecodeError, jsonschema.ValidationError, jsonschema.SchemaError):
            raise GatewayError("BAD_REQUEST_BODY", "Invalid request body") from None
