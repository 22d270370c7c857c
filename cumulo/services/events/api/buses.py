"""Event buses, their resource policies (PutPermission), and partner event sources."""

from __future__ import annotations

from typing import Any

import orjson

from cumulo.core.context import RequestContext
from cumulo.core.errors import AwsError, ValidationError
from cumulo.services.events import lookup
from cumulo.services.events.models import DEFAULT_BUS, Bus, PartnerSource

PARTNER_PREFIX = "aws.partner/"


def _view(bus: Bus, *, full: bool) -> dict[str, Any]:
    out: dict[str, Any] = {"Name": bus.name, "Arn": bus.arn, "CreationTime": bus.created, "LastModifiedTime": bus.modified}
    if bus.description is not None:
        out["Description"] = bus.description
    if bus.policy:
        out["Policy"] = orjson.dumps(bus.policy).decode()
    if full:
        if bus.kms_key:
            out["KmsKeyIdentifier"] = bus.kms_key
        if bus.dead_letter_config:
            out["DeadLetterConfig"] = bus.dead_letter_config
        if bus.log_config:
            out["LogConfig"] = bus.log_config
    return out


def _settings(bus: Bus) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in (("Description", bus.description), ("KmsKeyIdentifier", bus.kms_key),
                       ("DeadLetterConfig", bus.dead_letter_config), ("LogConfig", bus.log_config)):
        if value:
            out[key] = value
    return out


def create_event_bus(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    now = ctx.clock.now()
    name = req["Name"]
    buses = lookup.buses(ctx.store, ctx.account, ctx.region, now=now)
    if name in buses:
        raise AwsError("ResourceAlreadyExistsException", f"Event bus {name} already exists.")
    source = req.get("EventSourceName")
    if name.startswith(PARTNER_PREFIX) or source:
        if source != name:
            raise ValidationError(message="Event bus name must match the event source name for a partner event bus.")
        if source not in lookup.table(ctx.store, ctx.account, ctx.region, "event_sources"):
            raise lookup.not_found(f"Event source {source} does not exist.")
    elif "/" in name:
        raise ValidationError(message=f"Event bus name {name} is not valid: it cannot contain '/'.")
    bus = Bus(name, ctx.account, ctx.region, now, now, event_source_name=source, description=req.get("Description"),
              kms_key=req.get("KmsKeyIdentifier"), dead_letter_config=req.get("DeadLetterConfig"), log_config=req.get("LogConfig"),
              tags={t["Key"]: t["Value"] for t in req.get("Tags") or []})
    buses[name] = bus
    if source:
        lookup.table(ctx.store, ctx.account, ctx.region, "event_sources")[source]["State"] = "ACTIVE"
        lookup.table(ctx.store, ctx.account, ctx.region, "event_sources").touch(source)
    return {"EventBusArn": bus.arn, **_settings(bus)}


def delete_event_bus(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    name = req["Name"]
    if name == DEFAULT_BUS:
        raise ValidationError(message="Cannot delete event bus default.")
    buses = lookup.buses(ctx.store, ctx.account, ctx.region, now=ctx.clock.now())
    if name in buses:
        rules = lookup.rules(ctx.store, ctx.account, ctx.region)
        for rule in lookup.rules_of(ctx.store, ctx.account, ctx.region, name):
            del rules[f"{name}|{rule.name}"]
        del buses[name]
    return {}


def describe_event_bus(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    return _view(lookup.bus(ctx.store, ctx.account, ctx.region, req.get("Name"), now=ctx.clock.now()), full=True)


def list_event_buses(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    buses = lookup.buses(ctx.store, ctx.account, ctx.region, now=ctx.clock.now())
    prefix = req.get("NamePrefix") or ""
    found = [buses[n] for n in sorted(buses) if n.startswith(prefix)]
    chunk, token = lookup.page(found, req)
    out: dict[str, Any] = {"EventBuses": [_view(b, full=False) for b in chunk]}
    if token:
        out["NextToken"] = token
    return out


def update_event_bus(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    bus = lookup.bus(ctx.store, ctx.account, ctx.region, req.get("Name"), now=ctx.clock.now())
    if "Description" in req:
        bus.description = req["Description"] or None
    if "KmsKeyIdentifier" in req:
        bus.kms_key = req["KmsKeyIdentifier"] or None
    if "DeadLetterConfig" in req:
        bus.dead_letter_config = req["DeadLetterConfig"] or None
    if "LogConfig" in req:
        bus.log_config = req["LogConfig"] or None
    bus.modified = ctx.clock.now()
    lookup.buses(ctx.store, bus.account, bus.region, now=bus.modified).touch(bus.name)
    return {"Arn": bus.arn, "Name": bus.name, **_settings(bus)}


# ---------------------------------------------------------------- permissions


def put_permission(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    bus = lookup.bus(ctx.store, ctx.account, ctx.region, req.get("EventBusName"), now=ctx.clock.now())
    if req.get("Policy"):
        try:
            policy = orjson.loads(req["Policy"])
        except orjson.JSONDecodeError:
            raise ValidationError(message="The policy is not valid JSON.") from None
        if not isinstance(policy, dict) or not isinstance(policy.get("Statement"), list):
            raise ValidationError(message="The policy must be a JSON object with a Statement list.")
        bus.policy = policy
    else:
        action, principal, sid = req.get("Action"), req.get("Principal"), req.get("StatementId")
        if not (action and principal and sid):
            raise ValidationError(message="Parameters Action, Principal and StatementId are required when Policy is not given.")
        if action != "events:PutEvents":
            raise ValidationError(message="Provided value in parameter 'action' is not supported.")
        statement: dict[str, Any] = {
            "Sid": sid,
            "Effect": "Allow",
            "Principal": "*" if principal == "*" else {"AWS": f"arn:aws:iam::{principal}:root"},
            "Action": action,
            "Resource": bus.arn,
        }
        condition = req.get("Condition")
        if condition:
            statement["Condition"] = {condition["Type"]: {condition["Key"]: condition["Value"]}}
        policy = bus.policy or {"Version": "2012-10-17", "Statement": []}
        # A statement id given again replaces its statement.
        policy["Statement"] = [s for s in policy["Statement"] if s.get("Sid") != sid] + [statement]
        bus.policy = policy
    bus.modified = ctx.clock.now()
    lookup.buses(ctx.store, bus.account, bus.region, now=bus.modified).touch(bus.name)
    return {}


def remove_permission(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    bus = lookup.bus(ctx.store, ctx.account, ctx.region, req.get("EventBusName"), now=ctx.clock.now())
    if req.get("RemoveAllPermissions"):
        bus.policy = None
    else:
        sid = req.get("StatementId")
        if not sid:
            raise ValidationError(message="Parameter StatementId is required unless RemoveAllPermissions is true.")
        statements = (bus.policy or {}).get("Statement", [])
        kept = [s for s in statements if s.get("Sid") != sid]
        if len(kept) == len(statements):
            raise lookup.not_found("Statement with the provided id does not exist.")
        bus.policy = {**(bus.policy or {}), "Statement": kept} if kept else None
    bus.modified = ctx.clock.now()
    lookup.buses(ctx.store, bus.account, bus.region, now=bus.modified).touch(bus.name)
    return {}


# ---------------------------------------------------------------- partner event sources


def _partner_sources(ctx: RequestContext) -> Any:
    return lookup.table(ctx.store, ctx.account, ctx.region, "partner_sources")


def _source_arn(region: str, name: str) -> str:
    return f"arn:aws:events:{region}::event-source/{name}"


def create_partner_event_source(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    name, account = req["Name"], req["Account"]
    if not name.startswith(PARTNER_PREFIX):
        raise ValidationError(message=f"Event source name {name} must start with {PARTNER_PREFIX}.")
    sources = _partner_sources(ctx)
    source: PartnerSource | None = sources.get(name)
    now = ctx.clock.now()
    if source is None:
        source = sources[name] = PartnerSource(name, ctx.account, ctx.region, now)
    if account in source.accounts and source.state.get(account) != "DELETED":
        raise AwsError("ResourceAlreadyExistsException", f"Event source {name} already exists for account {account}.")
    source.accounts[account] = now
    source.state[account] = "PENDING"
    sources.touch(name)
    # The customer account sees the source in its own scope (ListEventSources, CreateEventBus).
    lookup.table(ctx.store, account, ctx.region, "event_sources")[name] = {
        "Arn": _source_arn(ctx.region, name), "CreatedBy": ctx.account, "CreationTime": now,
        "ExpirationTime": now + 15 * 86400, "Name": name, "State": "PENDING",
    }
    return {"EventSourceArn": _source_arn(ctx.region, name)}


def delete_partner_event_source(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    name, account = req["Name"], req["Account"]
    sources = _partner_sources(ctx)
    source: PartnerSource | None = sources.get(name)
    if source is not None and account in source.accounts:
        del source.accounts[account]
        source.state.pop(account, None)
        sources.touch(name)
        customer = lookup.table(ctx.store, account, ctx.region, "event_sources")
        customer.pop(name, None)
        if not source.accounts:
            del sources[name]
    return {}


def describe_partner_event_source(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    if req["Name"] not in _partner_sources(ctx):
        raise lookup.not_found(f"Event source {req['Name']} does not exist.")
    return {"Arn": _source_arn(ctx.region, req["Name"]), "Name": req["Name"]}


def list_partner_event_sources(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    sources = _partner_sources(ctx)
    found = [{"Arn": _source_arn(ctx.region, n), "Name": n} for n in sorted(sources) if n.startswith(req["NamePrefix"])]
    chunk, token = lookup.page(found, req)
    return {"PartnerEventSources": chunk, **({"NextToken": token} if token else {})}


def list_partner_event_source_accounts(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    source: PartnerSource | None = _partner_sources(ctx).get(req["EventSourceName"])
    if source is None:
        raise lookup.not_found(f"Event source {req['EventSourceName']} does not exist.")
    found = []
    for account, created in sorted(source.accounts.items()):
        customer = lookup.table(ctx.store, account, ctx.region, "event_sources").get(source.name) or {}
        found.append({"Account": account, "CreationTime": created, "ExpirationTime": created + 15 * 86400,
                      "State": customer.get("State", source.state.get(account, "PENDING"))})
    chunk, token = lookup.page(found, req)
    return {"PartnerEventSourceAccounts": chunk, **({"NextToken": token} if token else {})}


def _event_source(ctx: RequestContext, name: str) -> dict[str, Any]:
    found: dict[str, Any] | None = lookup.table(ctx.store, ctx.account, ctx.region, "event_sources").get(name)
    if found is None:
        raise lookup.not_found(f"Event source {name} does not exist.")
    return found


def activate_event_source(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    source = _event_source(ctx, req["Name"])
    source["State"] = "ACTIVE"
    lookup.table(ctx.store, ctx.account, ctx.region, "event_sources").touch(req["Name"])
    return {}


def deactivate_event_source(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    source = _event_source(ctx, req["Name"])
    source["State"] = "PENDING"
    lookup.table(ctx.store, ctx.account, ctx.region, "event_sources").touch(req["Name"])
    return {}


def describe_event_source(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    return dict(_event_source(ctx, req["Name"]))


def list_event_sources(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    sources = lookup.table(ctx.store, ctx.account, ctx.region, "event_sources")
    prefix = req.get("NamePrefix") or ""
    found = [dict(sources[n]) for n in sorted(sources) if n.startswith(prefix)]
    chunk, token = lookup.page(found, req)
    return {"EventSources": chunk, **({"NextToken": token} if token else {})}
