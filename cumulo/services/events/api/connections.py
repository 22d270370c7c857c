"""Connections (auth for HTTP targets), API destinations (the HTTP endpoints), and global endpoints.

Secrets (passwords, API key values, client secrets, secret invocation
parameters) are kept to sign requests and never returned: Describe answers
with the non-secret parts, as AWS does. BASIC and API_KEY connections are
AUTHORIZED at once; an OAuth connection fetches its token from the
authorization endpoint at its first invocation.
"""

from __future__ import annotations

import copy
import uuid
from typing import Any

from cumulo.core.context import RequestContext
from cumulo.core.errors import AwsError, ValidationError
from cumulo.services.events import lookup
from cumulo.services.events.models import ApiDestination, Connection, Endpoint

_AUTH_KEYS = {"BASIC": "BasicAuthParameters", "API_KEY": "ApiKeyAuthParameters", "OAUTH_CLIENT_CREDENTIALS": "OAuthParameters"}


def _connections(ctx: RequestContext) -> Any:
    return lookup.table(ctx.store, ctx.account, ctx.region, "connections")


def _connection(ctx: RequestContext, name: str) -> Connection:
    found: Connection | None = _connections(ctx).get(name)
    if found is None:
        raise lookup.not_found(f"Failed to describe the connection(s). Connection '{name}' does not exist.")
    return found


def _check_auth(kind: str, auth: dict[str, Any]) -> None:
    if _AUTH_KEYS[kind] not in auth:
        raise ValidationError(message=f"{_AUTH_KEYS[kind]} must be specified for the authorization type {kind}.")


def _public_auth(connection: Connection) -> dict[str, Any]:
    auth = connection.auth_parameters
    out: dict[str, Any] = {}
    if "BasicAuthParameters" in auth:
        out["BasicAuthParameters"] = {"Username": auth["BasicAuthParameters"].get("Username", "")}
    if "ApiKeyAuthParameters" in auth:
        out["ApiKeyAuthParameters"] = {"ApiKeyName": auth["ApiKeyAuthParameters"].get("ApiKeyName", "")}
    if "OAuthParameters" in auth:
        oauth = copy.deepcopy(auth["OAuthParameters"])
        oauth["ClientParameters"] = {"ClientID": (oauth.get("ClientParameters") or {}).get("ClientID", "")}
        out["OAuthParameters"] = oauth
    if "InvocationHttpParameters" in auth:
        params = copy.deepcopy(auth["InvocationHttpParameters"])
        for group in params.values():
            for item in group:
                if item.get("IsValueSecret"):
                    item.pop("Value", None)
        out["InvocationHttpParameters"] = params
    if "ConnectivityParameters" in auth:
        out["ConnectivityParameters"] = auth["ConnectivityParameters"]
    return out


def _state(connection: Connection) -> dict[str, Any]:
    return {"ConnectionArn": connection.arn, "ConnectionState": connection.state, "CreationTime": connection.created,
            "LastModifiedTime": connection.modified, "LastAuthorizedTime": connection.last_authorized}


def create_connection(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    connections = _connections(ctx)
    name = req["Name"]
    if name in connections:
        raise AwsError("ResourceAlreadyExistsException", f"Connection {name} already exists.")
    _check_auth(req["AuthorizationType"], req["AuthParameters"])
    now = ctx.clock.now()
    oauth = req["AuthorizationType"] == "OAUTH_CLIENT_CREDENTIALS"
    connection = Connection(name, ctx.account, ctx.region, str(uuid.uuid4()), req["AuthorizationType"],
                            copy.deepcopy(req["AuthParameters"]), now, now, description=req.get("Description"),
                            state="AUTHORIZING" if oauth else "AUTHORIZED", last_authorized=0.0 if oauth else now,
                            invocation_connectivity=req.get("InvocationConnectivityParameters"),
                            kms_key=req.get("KmsKeyIdentifier"))
    connections[name] = connection
    return {k: v for k, v in _state(connection).items() if k != "LastAuthorizedTime"}


def describe_connection(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    connection = _connection(ctx, req["Name"])
    out = {**_state(connection), "Name": connection.name, "AuthorizationType": connection.authorization_type,
           "SecretArn": connection.secret_arn, "AuthParameters": _public_auth(connection)}
    for key, value in (("Description", connection.description), ("StateReason", connection.state_reason),
                       ("InvocationConnectivityParameters", connection.invocation_connectivity),
                       ("KmsKeyIdentifier", connection.kms_key)):
        if value is not None:
            out[key] = value
    return out


def update_connection(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    connection = _connection(ctx, req["Name"])
    if req.get("AuthorizationType"):
        connection.authorization_type = req["AuthorizationType"]
    if req.get("AuthParameters"):
        for key, value in req["AuthParameters"].items():
            connection.auth_parameters[key] = {**connection.auth_parameters.get(key, {}), **value} if isinstance(value, dict) else value
    _check_auth(connection.authorization_type, connection.auth_parameters)
    if "Description" in req:
        connection.description = req["Description"]
    if "InvocationConnectivityParameters" in req:
        connection.invocation_connectivity = req["InvocationConnectivityParameters"]
    if "KmsKeyIdentifier" in req:
        connection.kms_key = req["KmsKeyIdentifier"] or None
    now = ctx.clock.now()
    connection.modified = now
    if connection.authorization_type == "OAUTH_CLIENT_CREDENTIALS":
        connection.state, connection.last_authorized = "AUTHORIZING", 0.0
        connection.auth_parameters.pop("AccessToken", None)
    else:
        connection.state, connection.last_authorized = "AUTHORIZED", now
    _connections(ctx).touch(connection.name)
    return _state(connection)


def deauthorize_connection(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    connection = _connection(ctx, req["Name"])
    connection.state = "DEAUTHORIZED"
    connection.modified = ctx.clock.now()
    connection.auth_parameters.pop("AccessToken", None)
    _connections(ctx).touch(connection.name)
    return _state(connection)


def delete_connection(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    connection = _connection(ctx, req["Name"])
    del _connections(ctx)[connection.name]
    return {**_state(connection), "ConnectionState": "DELETING"}


def list_connections(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    connections = _connections(ctx)
    prefix = req.get("NamePrefix") or ""
    found = []
    for name in sorted(connections):
        c: Connection = connections[name]
        if name.startswith(prefix) and (not req.get("ConnectionState") or c.state == req["ConnectionState"]):
            found.append({**_state(c), "Name": c.name, "AuthorizationType": c.authorization_type,
                          **({"StateReason": c.state_reason} if c.state_reason else {})})
    chunk, token = lookup.page(found, req)
    return {"Connections": chunk, **({"NextToken": token} if token else {})}


# ---------------------------------------------------------------- API destinations


def _destinations(ctx: RequestContext) -> Any:
    return lookup.table(ctx.store, ctx.account, ctx.region, "destinations")


def _destination(ctx: RequestContext, name: str) -> ApiDestination:
    found: ApiDestination | None = _destinations(ctx).get(name)
    if found is None:
        raise lookup.not_found(f"Failed to describe the api-destination(s). An api-destination '{name}' does not exist.")
    return found


def _connection_by_arn(ctx: RequestContext, arn: str) -> Connection:
    try:
        name = arn.split(":", 5)[5].split("/")[1]
    except IndexError:
        raise ValidationError(message=f"Parameter ConnectionArn {arn} is not valid.") from None
    connection = _connections(ctx).get(name)
    if connection is None or connection.arn != arn:
        raise lookup.not_found(f"Connection '{name}' does not exist.")
    return connection


def _destination_state(d: ApiDestination) -> dict[str, Any]:
    return {"ApiDestinationArn": d.arn, "ApiDestinationState": d.state, "CreationTime": d.created, "LastModifiedTime": d.modified}


def _destination_view(d: ApiDestination) -> dict[str, Any]:
    out = {**_destination_state(d), "Name": d.name, "ConnectionArn": d.connection_arn, "InvocationEndpoint": d.endpoint,
           "HttpMethod": d.method}
    if d.rate_limit is not None:
        out["InvocationRateLimitPerSecond"] = d.rate_limit
    if d.description is not None:
        out["Description"] = d.description
    return out


def create_api_destination(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    destinations = _destinations(ctx)
    name = req["Name"]
    if name in destinations:
        raise AwsError("ResourceAlreadyExistsException", f"An api-destination '{name}' already exists.")
    _connection_by_arn(ctx, req["ConnectionArn"])
    now = ctx.clock.now()
    destination = ApiDestination(name, ctx.account, ctx.region, str(uuid.uuid4()), req["ConnectionArn"],
                                 req["InvocationEndpoint"], req["HttpMethod"], now, now, description=req.get("Description"),
                                 rate_limit=req.get("InvocationRateLimitPerSecond") or 300)
    destinations[name] = destination
    return _destination_state(destination)


def describe_api_destination(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    return _destination_view(_destination(ctx, req["Name"]))


def update_api_destination(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    destination = _destination(ctx, req["Name"])
    if req.get("ConnectionArn"):
        _connection_by_arn(ctx, req["ConnectionArn"])
        destination.connection_arn = req["ConnectionArn"]
    if req.get("InvocationEndpoint"):
        destination.endpoint = req["InvocationEndpoint"]
    if req.get("HttpMethod"):
        destination.method = req["HttpMethod"]
    if req.get("InvocationRateLimitPerSecond"):
        destination.rate_limit = req["InvocationRateLimitPerSecond"]
    if "Description" in req:
        destination.description = req["Description"]
    destination.modified = ctx.clock.now()
    _destinations(ctx).touch(destination.name)
    return _destination_state(destination)


def delete_api_destination(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    destination = _destination(ctx, req["Name"])
    del _destinations(ctx)[destination.name]
    return {}


def list_api_destinations(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    destinations = _destinations(ctx)
    prefix = req.get("NamePrefix") or ""
    found = [_destination_view(destinations[n]) for n in sorted(destinations) if n.startswith(prefix)
             and (not req.get("ConnectionArn") or destinations[n].connection_arn == req["ConnectionArn"])]
    for item in found:
        item.pop("Description", None)
    chunk, token = lookup.page(found, req)
    return {"ApiDestinations": chunk, **({"NextToken": token} if token else {})}


# ---------------------------------------------------------------- global endpoints


def _endpoints(ctx: RequestContext) -> Any:
    return lookup.table(ctx.store, ctx.account, ctx.region, "endpoints")


def _endpoint(ctx: RequestContext, name: str) -> Endpoint:
    found: Endpoint | None = _endpoints(ctx).get(name)
    if found is None:
        raise lookup.not_found(f"Endpoint {name} does not exist.")
    return found


def _check_endpoint_buses(buses: list[dict[str, Any]]) -> None:
    if len(buses) != 2:
        raise ValidationError(message="An endpoint needs exactly two event buses.")
    regions = {b["EventBusArn"].split(":")[3] if b["EventBusArn"].count(":") >= 5 else "" for b in buses}
    if len(regions) != 2:
        raise ValidationError(message="The event buses of an endpoint must be in different Regions.")


def _endpoint_view(e: Endpoint) -> dict[str, Any]:
    out: dict[str, Any] = {"Name": e.name, "Arn": e.arn, "RoutingConfig": e.routing_config, "EventBuses": e.event_buses,
                           "EndpointId": e.endpoint_id, "EndpointUrl": e.url, "State": e.state,
                           "CreationTime": e.created, "LastModifiedTime": e.modified,
                           "ReplicationConfig": e.replication_config or {"State": "ENABLED"}}
    if e.description is not None:
        out["Description"] = e.description
    if e.role_arn is not None:
        out["RoleArn"] = e.role_arn
    return out


def create_endpoint(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    endpoints = _endpoints(ctx)
    if req["Name"] in endpoints:
        raise AwsError("ResourceAlreadyExistsException", f"Endpoint {req['Name']} already exists.")
    _check_endpoint_buses(req["EventBuses"])
    now = ctx.clock.now()
    endpoint = Endpoint(req["Name"], ctx.account, ctx.region, req["RoutingConfig"], req["EventBuses"], now, now,
                        f"{uuid.uuid4().hex[:8]}.{uuid.uuid4().hex[:4]}", description=req.get("Description"),
                        replication_config=req.get("ReplicationConfig"), role_arn=req.get("RoleArn"))
    endpoints[endpoint.name] = endpoint
    view = _endpoint_view(endpoint)
    return {k: view[k] for k in ("Name", "Arn", "RoutingConfig", "ReplicationConfig", "EventBuses", "State", "RoleArn") if k in view}


def describe_endpoint(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    return _endpoint_view(_endpoint(ctx, req["Name"]))


def update_endpoint(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    endpoint = _endpoint(ctx, req["Name"])
    if req.get("EventBuses"):
        _check_endpoint_buses(req["EventBuses"])
        endpoint.event_buses = req["EventBuses"]
    if req.get("RoutingConfig"):
        endpoint.routing_config = req["RoutingConfig"]
    if req.get("ReplicationConfig"):
        endpoint.replication_config = req["ReplicationConfig"]
    if "Description" in req:
        endpoint.description = req["Description"]
    if "RoleArn" in req:
        endpoint.role_arn = req["RoleArn"] or None
    endpoint.modified = ctx.clock.now()
    _endpoints(ctx).touch(endpoint.name)
    view = _endpoint_view(endpoint)
    return {k: view[k] for k in ("Name", "Arn", "RoutingConfig", "ReplicationConfig", "EventBuses", "RoleArn",
                                 "EndpointId", "EndpointUrl", "State") if k in view}


def delete_endpoint(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    endpoint = _endpoint(ctx, req["Name"])
    del _endpoints(ctx)[endpoint.name]
    return {}


def list_endpoints(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    endpoints = _endpoints(ctx)
    prefix = req.get("NamePrefix") or ""
    found = [_endpoint_view(endpoints[n]) for n in sorted(endpoints) if n.startswith(prefix)]
    chunk, token = lookup.page(found, req, limit_key="MaxResults")
    return {"Endpoints": chunk, **({"NextToken": token} if token else {})}
