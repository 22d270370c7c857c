"""Access logs: a stage's `AccessLogSettings` (a log group ARN and a format of `$context`
variables) write one line per request to CloudWatch Logs, through Logs' own API.

The line is the format with `$context.requestId`, `$context.status`, `$context.routeKey`,
`$context.httpMethod`, `$context.path`, `$context.protocol`, `$context.identity.sourceIp`,
`$context.requestTime`, `$context.responseLength`, `$context.integrationStatus`... filled
in. Lines go to the stream `<api id>_<stage>` (created on first use) of the group.
"""

from __future__ import annotations

import re
from typing import Any

from cumulo.core.errors import AwsError
from cumulo.core.runtime import Runtime
from cumulo.services import call
from cumulo.services.apigatewayv2 import expressions, payloads

_GROUP = re.compile(r"^arn:aws[\w-]*:logs:[\w-]+:\d{12}:log-group:(?P<name>[^:]+)(:\*)?$")


async def write(runtime: Runtime, stage: dict[str, Any], c: payloads.Call, src: expressions.Sources, status: int,
                response_length: int, integration_status: int | None, error: str = "") -> None:
    settings = stage.get("AccessLogSettings") or {}
    m = _GROUP.match(settings.get("DestinationArn") or "")
    if m is None or not settings.get("Format"):
        return
    context = dict(src.context)
    context.update({
        "status": status, "responseLength": response_length, "integrationStatus": integration_status or "-",
        "integrationErrorMessage": error or "-", "authorizer": src.context.get("authorizer") or "-",
    })
    line = expressions.render(settings["Format"], expressions.Sources(context=context))
    stream = f"{c.api_id}_{c.stage}".replace("$", "")
    event = {"logGroupName": m.group("name"), "logStreamName": stream,
             "logEvents": [{"timestamp": int(c.now * 1000), "message": line}]}
    try:
        await call(runtime, "logs", "PutLogEvents", event, c.account, c.region)
    except AwsError as e:
        if e.code != "ResourceNotFoundException":
            return
        try:
            await call(runtime, "logs", "CreateLogStream", {"logGroupName": m.group("name"), "logStreamName": stream}, c.account, c.region)
            await call(runtime, "logs", "PutLogEvents", event, c.account, c.region)
        except AwsError:
            return  # the group itself is missing: AWS drops the line too
