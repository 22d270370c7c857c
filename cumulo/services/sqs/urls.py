"""Queue URLs and ARNs: building them, and finding the queue a client names.

Queue URLs given out follow `CUMULO_SQS_ENDPOINT_STRATEGY`: by default
LocalStack's form `http://sqs.<region>.localhost.localstack.cloud:<port>/<account>/<name>`
(the port the client used); with "origin", the origin the client used, with
AWS's path (`http://127.0.0.1:4566/<account>/<name>`). The JavaScript SDK v3
sends each request to the QueueUrl's origin unless its client was built with an
explicit `endpoint` (so whenever AWS_ENDPOINT_URL is used, as in Lambda
functions), and `*.localhost.localstack.cloud` names need DNS: "origin" is for
that case offline. A client that came in on a host naming a region, and internal
calls (no host), always get LocalStack's form.

Any URL whose path ends in `/<account>/<name>` addresses a queue (the path form
`http://127.0.0.1:4566/<account>/<name>`, AWS's own
`https://sqs.<region>.amazonaws.com/<account>/<name>`, or the legacy
`https://<region>.queue.amazonaws.com/...`); a region in the host wins over the
request's region, as it does for AWS.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from cumulo.core.arns import arn
from cumulo.core.errors import AwsError

if TYPE_CHECKING:
    from cumulo.core.context import RequestContext

DEFAULT_PORT = 4566
_REGION_IN_HOST = re.compile(r"(?:^|\.)sqs\.([a-z]{2}(?:-[a-z]+)+-\d+)\.|^([a-z]{2}(?:-[a-z]+)+-\d+)\.queue\.")
_ACCOUNT = re.compile(r"^\d{12}$")
_ARN = re.compile(r"^arn:aws[\w-]*:sqs:([^:]+):(\d{12}):(.+)$")


def port_from_host(host: str, default: int) -> int:
    """The port in a Host header value, or `default` when it names none."""
    if host.startswith("["):  # an IPv6 literal
        tail = host.rsplit("]", 1)[-1]
        return int(tail[1:]) if tail.startswith(":") and tail[1:].isdigit() else default
    port = host.rsplit(":", 1)[1] if ":" in host else ""
    return int(port) if port.isdigit() else default


def format_queue_url(account: str, region: str, name: str, port: int) -> str:
    return f"http://sqs.{region}.localhost.localstack.cloud:{port}/{account}/{name}"


def queue_url_for_host(host: str, account: str, region: str, name: str, default_port: int, origin: bool = False) -> str:
    """The URL to give a client that reached cumulo at `host` (its Host header, may be empty)."""
    if not host:
        return format_queue_url(account, region, name, default_port)
    if origin and not _REGION_IN_HOST.search(host):
        return f"http://{host}/{account}/{name}"
    return format_queue_url(account, region, name, port_from_host(host, default_port))


def queue_url(ctx: RequestContext, account: str, region: str, name: str) -> str:
    config = ctx.runtime.config
    configured = getattr(config, "port", None)
    port = configured if isinstance(configured, int) else DEFAULT_PORT
    host = ctx.request.headers.get("host", "") if ctx.request is not None else ""
    origin = getattr(config, "sqs_endpoint_strategy", "standard") == "origin"
    return queue_url_for_host(host, account, region, name, port, origin)


def parse_queue_url(ctx: RequestContext, url: str) -> tuple[str, str, str]:
    """(account, region, name) of the queue a QueueUrl names."""
    if "://" in url:
        host, _, path = url.split("://", 1)[1].partition("/")
    else:  # not a URL: the SDKs never send this, but scripts send a bare name or path
        host, path = "", url
    parts = [p for p in path.split("?", 1)[0].split("/") if p]
    if len(parts) >= 2 and _ACCOUNT.match(parts[-2]):
        account, name = parts[-2], parts[-1]
    elif len(parts) == 1:
        account, name = ctx.account, parts[0]
    else:
        raise AwsError("QueueDoesNotExist", "The specified queue does not exist.")
    region = ctx.region
    m = _REGION_IN_HOST.search(host.split(":", 1)[0])
    if m:
        region = m.group(1) or m.group(2)
    return account, region, name


def queue_arn(account: str, region: str, name: str) -> str:
    return arn("sqs", region, account, name)


def parse_arn(arn: str) -> tuple[str, str, str] | None:
    """(account, region, name) of an SQS queue ARN, or None if it is not one."""
    m = _ARN.match(arn or "")
    if m is None:
        return None
    return m.group(2), m.group(1), m.group(3)
