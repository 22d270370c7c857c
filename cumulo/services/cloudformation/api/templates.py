"""Template operations: GetTemplate, GetTemplateSummary, ValidateTemplate, EstimateTemplateCost."""

from __future__ import annotations

import json
from typing import Any

from cumulo.core.context import RequestContext
from cumulo.generated import cloudformation as wire
from cumulo.services.cloudformation import template, transforms
from cumulo.services.cloudformation.stacks import require, table
from cumulo.services.cloudformation.submit import IAM_TYPES, NAMED, read_body
from cumulo.services.cloudformation.template import validation


async def get_template(ctx: RequestContext, req: wire.GetTemplateInput) -> dict[str, Any]:
    stage = req.get("TemplateStage", "Original")
    if req.get("ChangeSetName"):
        from cumulo.services.cloudformation.common import find_change_set

        cs = find_change_set(ctx, req["ChangeSetName"], req.get("StackName"))
        body, processed = cs.template_body, cs.template
    else:
        stack = require(ctx.runtime, ctx.account, ctx.region, req.get("StackName"), deleted=True)
        body, processed = stack.template_body, stack.template
    out: dict[str, Any] = {"StagesAvailable": ["Original", "Processed"]}
    out["TemplateBody"] = body if stage == "Original" else json.dumps(processed)
    return out


def _parameter_declarations(tpl: dict[str, Any]) -> list[dict[str, Any]]:
    out = []
    for key, decl in (tpl.get("Parameters") or {}).items():
        item: dict[str, Any] = {"ParameterKey": key, "ParameterType": decl.get("Type", "String"),
                                "NoEcho": str(decl.get("NoEcho", "false")).lower() == "true",
                                "ParameterConstraints": {}}
        if "Default" in decl:
            item["DefaultValue"] = str(decl["Default"])
        if "Description" in decl:
            item["Description"] = decl["Description"]
        if "AllowedValues" in decl:
            item["ParameterConstraints"] = {"AllowedValues": [str(v) for v in decl["AllowedValues"]]}
        out.append(item)
    return out


def _capabilities(tpl: dict[str, Any]) -> tuple[list[str], str]:
    needed: list[str] = []
    for name, res in (tpl.get("Resources") or {}).items():
        typ = res.get("Type") if isinstance(res, dict) else None
        if typ in IAM_TYPES:
            cap = "CAPABILITY_NAMED_IAM" if NAMED.get(typ) in (res.get("Properties") or {}) else "CAPABILITY_IAM"
            if cap not in needed:
                needed.append(cap)
    if "CAPABILITY_NAMED_IAM" in needed:
        needed = ["CAPABILITY_NAMED_IAM"]
    reason = f"The following resource(s) require capabilities: [{', '.join(sorted({r['Type'] for r in (tpl.get('Resources') or {}).values() if isinstance(r, dict) and r.get('Type') in IAM_TYPES}))}]" if needed else ""
    return needed, reason


def _identifiers(tpl: dict[str, Any], region: str) -> list[dict[str, Any]]:
    """Per resource type, the properties that identify an existing resource (for IMPORT),
    from AWS's published schema of the type."""
    from cumulo.services.cloudformation import schemas

    by_type: dict[str, list[str]] = {}
    for name, res in (tpl.get("Resources") or {}).items():
        if isinstance(res, dict) and isinstance(res.get("Type"), str):
            by_type.setdefault(res["Type"], []).append(name)
    out = []
    for typ, names in sorted(by_type.items()):
        published = schemas.schema(typ, region)
        if published is None:
            continue
        ids = [p.rsplit("/", 1)[-1] for p in published.get("primaryIdentifier", [])]
        out.append({"ResourceType": typ, "LogicalResourceIds": names, "ResourceIdentifiers": ids})
    return out


async def get_template_summary(ctx: RequestContext, req: wire.GetTemplateSummaryInput) -> dict[str, Any]:
    if req.get("StackName"):
        stack = require(ctx.runtime, ctx.account, ctx.region, req["StackName"], deleted=True)
        raw, processed = template.parse(stack.template_body), stack.template
    elif req.get("StackSetName"):
        from cumulo.services.cloudformation.api.stacksets import _stack_set

        raw = template.parse(_stack_set(ctx, req["StackSetName"]).template_body)
        processed = raw
    else:
        raw = template.parse(await read_body(ctx, dict(req), None))
        processed = await transforms.apply(ctx.runtime, ctx.account, ctx.region, raw, "summary", {})
    caps, reason = _capabilities(processed)
    out: dict[str, Any] = {
        "Parameters": _parameter_declarations(raw),
        "ResourceTypes": sorted({r["Type"] for r in (processed.get("Resources") or {}).values() if isinstance(r, dict) and "Type" in r}),
        "Version": str(raw.get("AWSTemplateFormatVersion", "2010-09-09")),
        "DeclaredTransforms": transforms.names(raw),
        "ResourceIdentifierSummaries": _identifiers(processed, ctx.region),
    }
    if "Description" in raw:
        out["Description"] = raw["Description"]
    if caps:
        out["Capabilities"], out["CapabilitiesReason"] = caps, reason
    if "Metadata" in raw:
        out["Metadata"] = json.dumps(raw["Metadata"])
    return out


async def validate_template(ctx: RequestContext, req: wire.ValidateTemplateInput) -> dict[str, Any]:
    from cumulo.services.cloudformation.submit import check_references

    raw = template.parse(await read_body(ctx, dict(req), None))
    if not isinstance(raw.get("Resources"), dict) or not raw["Resources"]:
        raise template.format_error("At least one Resources member must be defined.")
    bad = [k for k in raw if k not in template.SECTIONS]
    if bad:
        raise template.format_error(f"Invalid template property or properties [{', '.join(bad)}]")
    if not transforms.names(raw):
        check_references(raw)
    caps, reason = _capabilities(raw)
    params = []
    for item in _parameter_declarations(raw):
        p = {"ParameterKey": item["ParameterKey"], "NoEcho": item["NoEcho"]}
        if "DefaultValue" in item:
            p["DefaultValue"] = item["DefaultValue"]
        if "Description" in item:
            p["Description"] = item["Description"]
        params.append(p)
    out: dict[str, Any] = {"Parameters": params, "DeclaredTransforms": transforms.names(raw)}
    if "Description" in raw:
        out["Description"] = raw["Description"]
    if caps:
        out["Capabilities"], out["CapabilitiesReason"] = caps, reason
    return out


async def estimate_template_cost(ctx: RequestContext, req: wire.EstimateTemplateCostInput) -> dict[str, Any]:
    raw = template.parse(await read_body(ctx, dict(req), None))
    if not isinstance(raw.get("Resources"), dict):
        raise template.format_error("At least one Resources member must be defined.")
    # AWS answers with a link to its Simple Monthly Calculator carrying the template.
    import base64

    encoded = base64.urlsafe_b64encode(json.dumps(raw).encode()).decode()[:1000]
    return {"Url": f"https://calculator.s3.amazonaws.com/calc5.html?key=cloudformation/{encoded}"}


def list_exports(ctx: RequestContext, req: wire.ListExportsInput) -> dict[str, Any]:
    from cumulo.services.cloudformation.common import page
    from cumulo.services.cloudformation.stacks import exports

    items = [{"ExportingStackId": stack_id, "Name": name, "Value": value}
             for name, (value, stack_id) in sorted(exports(ctx.runtime, ctx.account, ctx.region).items())]
    chunk, token = page(items, req.get("NextToken"))
    out: dict[str, Any] = {"Exports": chunk}
    if token:
        out["NextToken"] = token
    return out


def list_imports(ctx: RequestContext, req: wire.ListImportsInput) -> dict[str, Any]:
    from cumulo.services.cloudformation.common import page
    from cumulo.services.cloudformation.stacks import exports, importers

    name = req.get("ExportName", "")
    if name not in exports(ctx.runtime, ctx.account, ctx.region):
        raise validation(f"Export '{name}' does not exist.")
    users = importers(ctx.runtime, ctx.account, ctx.region, name)
    if not users:
        raise validation(f"Export '{name}' is not imported by any stack.")
    chunk, token = page(users, req.get("NextToken"))
    out: dict[str, Any] = {"Imports": chunk}
    if token:
        out["NextToken"] = token
    return out


def describe_account_limits(ctx: RequestContext, req: wire.DescribeAccountLimitsInput) -> dict[str, Any]:
    live = sum(1 for s in table(ctx.runtime, ctx.account, ctx.region).values() if s.status != "DELETE_COMPLETE")
    del live  # the limits are AWS's defaults whatever is in use
    return {"AccountLimits": [{"Name": "StackLimit", "Value": 2000}, {"Name": "StackOutputsLimit", "Value": 200},
                              {"Name": "ConcurrentResourcesLimit", "Value": 2500}]}
