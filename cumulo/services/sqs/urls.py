"""Queue URLs and ARNs: building them, and finding the queue a client names.

A queue URL's origin is the one the client used, as on AWS, with AWS's path
(`http://127.0.0.1:4566/<account>/<name>`): the JavaScript SDK v3 sends each
request to the QueueUrl's origin unless its client was built with an explicit
`endpoint` (so whenever AWS_ENDPOINT_URL is used, as in Lambda functions), and
LocalStack's `*.localhost.localstack.cloud` names do not resolve offline. A
client that came in on a host naming a region keeps LocalStack's form
`http://sqs.<region>.localhost.localstack.cloud:<port>/<account>/<name>`, as do
answers to requests without a host (internal calls).

Any URL whose path ends in `/<account>/<name>` addresses a queue (the path form
`http://127.0.0.1:4566/<account>/<name>`, AWS's own
`https://sqs.<region>.amazonaws.com/<account>/<name>`, or the legacy
`https://<region>.queue.amazonaws.com/...`); a region in the host wins over the
request's region, as it does for AWS.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

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


def queue_url_for_host(host: str, account: str, region: str, name: str, default_port: int) -> str:
    """The URL to give a client that reached cumulo at `host` (its Host header, may be empty)."""
    if not host:
        return format_queue_url(account, region, name, default_port)
    if _REGION_IN_HOST.search(host):
        return format_queue_url(account, region, name, port_from_host(host, 80))
    return f"http://{host}/{account}/{name}"


def queue_url(ctx: RequestContext, account: str, region: str, name: str) -> str:
    configured = getattr(ctx.runtime.config, "port", None)
    port = configured if isinstance(configured, int) else DEFAULT_PORT
    host = ctx.request.headers.get("host", "") if ctx.request is not None else ""
    return queue_url_for_host(host, account, region, name, port)


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
    return f"arn:aws:sqs:{region}:{account}:{name}"


def parse_arn(arn: str) -> tuple[str, str, str] | None:
    """(account, region, name) of an SQS queue ARN, or None if it is not one."""
    m = _ARN.match(arn or "")
    if m is None:
        return None
    return m.group(2), m.group(1), m.group(3)
