"""Models: JSON schemas of request and response bodies, and their mapping templates."""

from __future__ import annotations

import json
from typing import Any

from cumulo.core.context import RequestContext
from cumulo.generated import apigatewayv2 as g
from cumulo.services.apigatewayv2 import resources as r
from cumulo.services.apigatewayv2.models import Resource


def _schema(text: str) -> dict[str, Any]:
    try:
        schema = json.loads(text)
    except ValueError:
        raise r.bad_request("Invalid model specified: Model schema must be valid JSON") from None
    if not isinstance(schema, dict):
        raise r.bad_request("Invalid model specified: Model schema must be a JSON object")
    return schema


def create_model(ctx: RequestContext, req: g.CreateModelRequest) -> g.CreateModelResponse:
    api_id = req["ApiId"]
    r.find(ctx, r.API, api_id)
    _schema(req["Schema"])
    if any(x.attrs["Name"] == req["Name"] for _, x in r.children(ctx, r.MODEL, api_id)):
        raise r.conflict(f"Unable to create model {req['Name']}: a model with this name already exists")
    model_id = r.new_id(r.MODEL.id_len)
    attrs = {"ContentType": "application/json", **r.pick(r.MODEL, dict(req)), "ModelId": model_id}
    r.save(ctx, r.MODEL, Resource(attrs), api_id, model_id)
    return attrs  # type: ignore[return-value]


def get_model(ctx: RequestContext, req: g.GetModelRequest) -> g.GetModelResponse:
    return r.view(r.MODEL, r.find(ctx, r.MODEL, req["ApiId"], req["ModelId"]))  # type: ignore[return-value]


def get_models(ctx: RequestContext, req: g.GetModelsRequest) -> g.GetModelsResponse:
    r.find(ctx, r.API, req["ApiId"])
    items = [r.view(r.MODEL, x) for _, x in r.children(ctx, r.MODEL, req["ApiId"])]
    return r.page(items, dict(req))  # type: ignore[return-value]


def update_model(ctx: RequestContext, req: g.UpdateModelRequest) -> g.UpdateModelResponse:
    found = r.find(ctx, r.MODEL, req["ApiId"], req["ModelId"])
    if "Schema" in req:
        _schema(req["Schema"])
    found.attrs.update(r.pick(r.MODEL, dict(req), skip=("ModelId",)))
    r.save(ctx, r.MODEL, found, req["ApiId"], req["ModelId"])
    return r.view(r.MODEL, found)  # type: ignore[return-value]


def delete_model(ctx: RequestContext, req: g.DeleteModelRequest) -> dict[str, Any]:
    r.remove(ctx, r.MODEL, req["ApiId"], req["ModelId"])
    return {}


def get_model_template(ctx: RequestContext, req: g.GetModelTemplateRequest) -> g.GetModelTemplateResponse:
    """A Velocity mapping template that copies a body of the model's shape, member by member."""
    found = r.find(ctx, r.MODEL, req["ApiId"], req["ModelId"])
    schema = _schema(found.attrs["Schema"])
    lines = ["#set($inputRoot = $input.path('$'))"]
    lines.append(_template(schema, "$inputRoot", 0))
    return {"Value": "\n".join(lines)}


def _template(schema: dict[str, Any], ref: str, depth: int) -> str:
    kind = schema.get("type")
    pad = "  " * (depth + 1)
    if kind == "object" or "properties" in schema:
        props = schema.get("properties") or {}
        body = ",\n".join(f'{pad}"{name}" : {_template(sub, f"{ref}.{name}", depth + 1)}' for name, sub in props.items())
        return "{\n" + body + "\n" + "  " * depth + "}"
    if kind == "array":
        item = f"$elem{depth}"
        inner = _template(schema.get("items") or {}, item, depth + 1)
        return f"[\n{pad}#foreach({item} in {ref})\n{pad}{inner}#if($foreach.hasNext),#end\n{pad}#end\n" + "  " * depth + "]"
    if kind in ("number", "integer", "boolean"):
        return ref
    return f'"{ref}"'
