"""Invoking one target with one payload: by its ARN's service, through `services.call`.

https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-targets.html
Each kind is the operation AWS itself calls: SQS SendMessage (FIFO queues with
the target's MessageGroupId and the event id as deduplication id), Lambda's
asynchronous Invoke, SNS Publish, Step Functions StartExecution, Kinesis
PutRecord (partition key from PartitionKeyPath, else the event id), Firehose
PutRecord, CloudWatch Logs PutLogEvents (a stream per event), another bus's
PutEvents, and API destinations (a real HTTP request, connection auth applied).
A service cumulo does not implement answers NotImplemented, which fails the
delivery like any other error: retried, then dead-lettered.
"""

from __future__ import annotations

import base64
import logging
from typing import Any

import orjson

from cumulo import services
from cumulo.core.errors import AwsError
from cumulo.core.runtime import Runtime
from cumulo.services.events import lookup, transform
from cumulo.services.events.models import ApiDestination, Connection

log = logging.getLogger("cumulo.events")

# Errors no retry can fix: the delivery goes to the dead-letter queue at once.
PERMANENT = {"ResourceNotFoundException", "QueueDoesNotExist", "NotFoundException", "NotFound",
             "InvalidParameterException", "InvalidParameterValue", "ValidationException", "AccessDeniedException",
             "NotImplemented", "StateMachineDoesNotExist", "NoSuchBucket", "InvalidArn"}


class TargetFailed(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message

    @property
    def permanent(self) -> bool:
        return self.code in PERMANENT


def _parts(arn: str) -> tuple[str, str, str, str]:
    """(service, region, account, resource) of an ARN."""
    parts = arn.split(":", 5)
    if len(parts) < 6:
        raise TargetFailed("InvalidArn", f"{arn} is not an ARN")
    return parts[2], parts[3], parts[4], parts[5]


async def invoke(runtime: Runtime, target: dict[str, Any], event: dict[str, Any], body: str, account: str, region: str) -> dict[str, Any]:
    """Deliver `body` (the transformed event) to the target; TargetFailed on failure.
    Returns what the target answered, for the delivery log."""
    arn = target["Arn"]
    try:
        service, t_region, t_account, resource = _parts(arn)
        t_region = t_region or region
        t_account = t_account or account
        call = _CALLERS.get(service)
        if call is None:
            raise TargetFailed("NotImplemented", f"cumulo does not deliver to {service} targets yet")
        return await call(runtime, target, event, body, resource, t_account, t_region)
    except AwsError as error:
        raise TargetFailed(error.code, error.message) from None


async def _sqs(runtime: Runtime, target: dict[str, Any], event: dict[str, Any], body: str, resource: str, account: str, region: str) -> dict[str, Any]:
    url = (await services.call(runtime, "sqs", "GetQueueUrl", {"QueueName": resource, "QueueOwnerAWSAccountId": account}, account, region))["QueueUrl"]
    message: dict[str, Any] = {"QueueUrl": url, "MessageBody": body}
    if resource.endswith(".fifo"):
        group = (target.get("SqsParameters") or {}).get("MessageGroupId")
        if not group:
            raise TargetFailed("InvalidParameterException", "A FIFO queue target needs SqsParameters.MessageGroupId.")
        message["MessageGroupId"] = group
        message["MessageDeduplicationId"] = event["id"]
    return await services.call(runtime, "sqs", "SendMessage", message, account, region)


async def _lambda(runtime: Runtime, target: dict[str, Any], event: dict[str, Any], body: str, resource: str, account: str, region: str) -> dict[str, Any]:
    params = {"FunctionName": target["Arn"], "InvocationType": "Event", "Payload": body.encode()}
    answer = await services.call(runtime, "lambda", "Invoke", params, account, region)
    return {"StatusCode": answer.get("StatusCode")}


async def _sns(runtime: Runtime, target: dict[str, Any], event: dict[str, Any], body: str, resource: str, account: str, region: str) -> dict[str, Any]:
    return await services.call(runtime, "sns", "Publish", {"TopicArn": target["Arn"], "Message": body}, account, region)


async def _states(runtime: Runtime, target: dict[str, Any], event: dict[str, Any], body: str, resource: str, account: str, region: str) -> dict[str, Any]:
    answer = await services.call(runtime, "stepfunctions", "StartExecution", {"stateMachineArn": target["Arn"], "input": body}, account, region)
    return {"executionArn": answer.get("executionArn")}


async def _kinesis(runtime: Runtime, target: dict[str, Any], event: dict[str, Any], body: str, resource: str, account: str, region: str) -> dict[str, Any]:
    key_path = (target.get("KinesisParameters") or {}).get("PartitionKeyPath")
    key = transform.select(event, key_path) if key_path else None
    params = {"StreamARN": target["Arn"], "Data": body.encode(), "PartitionKey": str(key) if key is not None else event["id"]}
    return await services.call(runtime, "kinesis", "PutRecord", params, account, region)


async def _firehose(runtime: Runtime, target: dict[str, Any], event: dict[str, Any], body: str, resource: str, account: str, region: str) -> dict[str, Any]:
    name = resource.split("/", 1)[-1]
    return await services.call(runtime, "firehose", "PutRecord", {"DeliveryStreamName": name, "Record": {"Data": body.encode()}}, account, region)


async def _logs(runtime: Runtime, target: dict[str, Any], event: dict[str, Any], body: str, resource: str, account: str, region: str) -> dict[str, Any]:
    group = resource.split(":", 1)[1] if resource.startswith("log-group:") else resource
    group = group.removesuffix(":*")
    stream = event["id"]
    await services.call(runtime, "logs", "CreateLogStream", {"logGroupName": group, "logStreamName": stream}, account, region)
    put = {"logGroupName": group, "logStreamName": stream, "logEvents": [{"timestamp": int(runtime.clock.now() * 1000), "message": body}]}
    return await services.call(runtime, "logs", "PutLogEvents", put, account, region)


async def _events(runtime: Runtime, target: dict[str, Any], event: dict[str, Any], body: str, resource: str, account: str, region: str) -> dict[str, Any]:
    kind, _, name = resource.partition("/")
    if kind == "api-destination":
        return await _api_destination(runtime, target, event, body, name.split("/")[0], account, region)
    if kind != "event-bus":
        raise TargetFailed("InvalidArn", f"{target['Arn']} is not an event bus or API destination")
    entry: dict[str, Any] = {"Source": event.get("source"), "DetailType": event.get("detail-type"),
                             "Detail": orjson.dumps(event.get("detail", {})).decode(), "Resources": event.get("resources") or [],
                             "EventBusName": target["Arn"]}
    answer = await services.call(runtime, "events", "PutEvents", {"Entries": [entry]}, account, region)
    failed = [e for e in answer.get("Entries", []) if e.get("ErrorCode")]
    if failed:
        raise TargetFailed(failed[0]["ErrorCode"], failed[0].get("ErrorMessage", ""))
    return {"EventId": answer["Entries"][0].get("EventId")}


async def _api_destination(runtime: Runtime, target: dict[str, Any], event: dict[str, Any], body: str, name: str, account: str, region: str) -> dict[str, Any]:
    import httpx

    now = runtime.clock.now()
    destinations = lookup.table(runtime.store, account, region, "destinations")
    destination: ApiDestination | None = destinations.get(name)
    if destination is None:
        raise TargetFailed("ResourceNotFoundException", f"API destination {name} does not exist.")
    connection_name = destination.connection_arn.split(":", 5)[5].split("/")[1]
    connection: Connection | None = lookup.table(runtime.store, account, region, "connections").get(connection_name)
    if connection is None:
        raise TargetFailed("ResourceNotFoundException", f"Connection {connection_name} does not exist.")
    if connection.authorization_type == "OAUTH_CLIENT_CREDENTIALS" and not connection.auth_parameters.get("AccessToken"):
        await _authorize(runtime, connection, account, region)
    if connection.state != "AUTHORIZED":
        raise TargetFailed("ConnectionNotAuthorized", f"Connection {connection_name} is {connection.state}.")
    # The invocation rate limit: over it, the delivery is throttled (and retried).
    if destination.rate_limit:
        destination.recent = [t for t in destination.recent if t > now - 1.0]
        if len(destination.recent) >= destination.rate_limit:
            raise TargetFailed("ThrottlingException", f"API destination {name} is over its invocation rate limit.")
        destination.recent.append(now)
        destinations.touch(name)
    http = target.get("HttpParameters") or {}
    url = destination.endpoint
    for value in http.get("PathParameterValues") or []:
        url = url.replace("*", value, 1)
    headers = {"Content-Type": "application/json; charset=utf-8", "User-Agent": "Amazon/EventBridge/ApiDestinations"}
    params: dict[str, str] = {}
    _apply_auth(connection, headers, params)
    headers.update(http.get("HeaderParameters") or {})
    params.update(http.get("QueryStringParameters") or {})
    try:
        async with httpx.AsyncClient(timeout=5.0) as client:
            response = await client.request(destination.method, url, content=body.encode(), headers=headers, params=params)
    except httpx.HTTPError as error:
        raise TargetFailed("ConnectionError", f"{destination.endpoint}: {error}") from None
    if response.status_code >= 400:
        code = "ThrottlingException" if response.status_code == 429 else f"Http{response.status_code}"
        raise TargetFailed(code, f"{destination.endpoint} answered {response.status_code}")
    return {"StatusCode": response.status_code}


async def _authorize(runtime: Runtime, connection: Connection, account: str, region: str) -> None:
    """OAuth client credentials: a token from the authorization endpoint, kept on the connection."""
    import httpx

    oauth = connection.auth_parameters.get("OAuthParameters") or {}
    client = oauth.get("ClientParameters") or {}
    extra = oauth.get("OAuthHttpParameters") or {}
    headers = {h["Key"]: h.get("Value", "") for h in extra.get("HeaderParameters") or []}
    params = {q["Key"]: q.get("Value", "") for q in extra.get("QueryStringParameters") or []}
    form = {"grant_type": "client_credentials", **{b["Key"]: b.get("Value", "") for b in extra.get("BodyParameters") or []}}
    connections = lookup.table(runtime.store, account, region, "connections")
    try:
        async with httpx.AsyncClient(timeout=5.0) as http:
            response = await http.request(oauth.get("HttpMethod", "POST"), oauth.get("AuthorizationEndpoint", ""), headers=headers,
                                          params=params, data=form, auth=(client.get("ClientID", ""), client.get("ClientSecret", "")))
        token = response.json().get("access_token") if response.status_code < 400 else None
    except (httpx.HTTPError, ValueError) as error:
        token, response = None, None
        connection.state_reason = f"Authorization endpoint unreachable: {error}"
    if token:
        connection.auth_parameters["AccessToken"] = token
        connection.state, connection.state_reason, connection.last_authorized = "AUTHORIZED", None, runtime.clock.now()
    else:
        connection.state = "DEAUTHORIZED"
        if response is not None:
            connection.state_reason = f"Authorization endpoint answered {response.status_code}"
    connections.touch(connection.name)


def _apply_auth(connection: Connection, headers: dict[str, str], params: dict[str, str]) -> None:
    auth = connection.auth_parameters
    if connection.authorization_type == "BASIC":
        basic = auth.get("BasicAuthParameters") or {}
        token = base64.b64encode(f"{basic.get('Username', '')}:{basic.get('Password', '')}".encode()).decode()
        headers["Authorization"] = f"Basic {token}"
    elif connection.authorization_type == "API_KEY":
        key = auth.get("ApiKeyAuthParameters") or {}
        headers[key.get("ApiKeyName", "x-api-key")] = key.get("ApiKeyValue", "")
    elif connection.authorization_type == "OAUTH_CLIENT_CREDENTIALS":
        access = auth.get("AccessToken")
        if access:
            headers["Authorization"] = f"Bearer {access}"
    extra = auth.get("InvocationHttpParameters") or {}
    for header in extra.get("HeaderParameters") or []:
        headers[header["Key"]] = header.get("Value", "")
    for param in extra.get("QueryStringParameters") or []:
        params[param["Key"]] = param.get("Value", "")


_CALLERS = {
    "sqs": _sqs,
    "lambda": _lambda,
    "sns": _sns,
    "states": _states,
    "kinesis": _kinesis,
    "firehose": _firehose,
    "logs": _logs,
    "events": _events,
}
