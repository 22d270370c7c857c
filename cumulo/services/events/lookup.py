"""Finding EventBridge resources in the store: tables per scope, buses by name or ARN, rules.

Every handler and tick reaches state through these, so the table names live in
one place (see models.py for what each holds).
"""

from __future__ import annotations

from typing import Any

from cumulo.core.errors import AwsError
from cumulo.services.events.models import DEFAULT_BUS, Bus, Rule, rule_key
from cumulo.state import Store
from cumulo.state.store import Table

SERVICE = "events"


def table(store: Store, account: str, region: str, name: str) -> Table:
    return store.scope(SERVICE, account, region).table(name)


def not_found(message: str) -> AwsError:
    return AwsError("ResourceNotFoundException", message)


def bus_name(name_or_arn: str | None) -> str:
    """A bus's name from its name or ARN (`arn:aws:events:r:a:event-bus/name`)."""
    if not name_or_arn:
        return DEFAULT_BUS
    if name_or_arn.startswith("arn:"):
        return name_or_arn.split(":", 5)[5].split("/", 1)[-1]
    return name_or_arn


def arn_scope(arn: str, default_account: str, default_region: str) -> tuple[str, str]:
    parts = arn.split(":")
    if len(parts) < 6:
        return default_account, default_region
    return parts[4] or default_account, parts[3] or default_region


def buses(store: Store, account: str, region: str, *, now: float) -> Table:
    """The buses of a scope; the default bus exists from the first look."""
    found = table(store, account, region, "buses")
    if DEFAULT_BUS not in found:
        found[DEFAULT_BUS] = Bus(DEFAULT_BUS, account, region, now, now)
    return found


def bus(store: Store, account: str, region: str, name_or_arn: str | None, *, now: float) -> Bus:
    if name_or_arn and name_or_arn.startswith("arn:"):
        account, region = arn_scope(name_or_arn, account, region)
    name = bus_name(name_or_arn)
    found: Bus | None = buses(store, account, region, now=now).get(name)
    if found is None:
        raise not_found(f"Event bus {name} does not exist.")
    return found


def rules(store: Store, account: str, region: str) -> Table:
    return table(store, account, region, "rules")


def rule(store: Store, account: str, region: str, name: str, bus_name_or_arn: str | None, *, now: float) -> Rule:
    the_bus = bus(store, account, region, bus_name_or_arn, now=now)
    found: Rule | None = rules(store, the_bus.account, the_bus.region).get(rule_key(the_bus.name, name))
    if found is None:
        raise not_found(f"Rule {name} does not exist on EventBus {the_bus.name}.")
    return found


def rules_of(store: Store, account: str, region: str, bus_name: str) -> list[Rule]:
    prefix = f"{bus_name}|"
    found = rules(store, account, region)
    return [found[k] for k in sorted(found) if k.startswith(prefix)]


def resource_by_arn(store: Store, account: str, region: str, arn: str, *, now: float) -> Any:
    """The taggable resource an ARN names (bus or rule), or ResourceNotFoundException."""
    account, region = arn_scope(arn, account, region)
    resource = arn.split(":", 5)[5] if arn.count(":") >= 5 else ""
    kind, _, path = resource.partition("/")
    if kind == "event-bus":
        return bus(store, account, region, path, now=now)
    if kind == "rule":
        bus_part, _, name = path.rpartition("/")
        return rule(store, account, region, name, bus_part or DEFAULT_BUS, now=now)
    raise not_found(f"Resource {arn} does not exist.")


def page(items: list[Any], req: dict[str, Any], limit_key: str = "Limit", default: int = 100) -> tuple[list[Any], str | None]:
    """One page of `items` for a List* request, and the NextToken of the next (an offset)."""
    token = req.get("NextToken")
    try:
        start = int(token) if token else 0
    except ValueError:
        raise AwsError("ValidationException", "The NextToken provided is invalid.") from None
    limit = req.get(limit_key) or default
    chunk = items[start : start + limit]
    return chunk, str(start + limit) if start + limit < len(items) else None
