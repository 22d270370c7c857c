"""Metrics CloudWatch gathers from other services on the clock, as AWS's own services
publish them: SQS queue depths into `AWS/SQS` every minute.

The numbers come from SQS's own GetQueueAttributes through `services.call`; only
the (account, region) keys of SQS's state are looked at, to know where queues are.
Lambda pushes its metrics itself (`awslambda/telemetry.py`).
"""

from __future__ import annotations

import logging
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from cumulo import services
from cumulo.core.errors import AwsError

if TYPE_CHECKING:
    from cumulo.core.runtime import Runtime

log = logging.getLogger("cumulo.cloudwatch")

EVERY = 60.0
SQS_METRICS = {
    "ApproximateNumberOfMessages": "ApproximateNumberOfMessagesVisible",
    "ApproximateNumberOfMessagesNotVisible": "ApproximateNumberOfMessagesNotVisible",
    "ApproximateNumberOfMessagesDelayed": "ApproximateNumberOfMessagesDelayed",
}


async def publish_due(runtime: Runtime, now: float) -> None:
    await publish_sqs(runtime, now)


async def publish_sqs(runtime: Runtime, now: float) -> None:
    for account, region in sorted({(s.account, s.region) for s in runtime.store.scopes_of("sqs")}):
        # Once a minute per account and region; the mark lives in the store, so a reset clears it.
        marks = runtime.store.scope("cloudwatch", account, region).table("publishers")
        last = marks.get("sqs")
        if last is not None and 0 <= now - last < EVERY:
            continue
        marks["sqs"] = now
        try:
            urls = (await services.call(runtime, "sqs", "ListQueues", {}, account, region)).get("QueueUrls") or []
        except AwsError:
            continue
        data: list[dict[str, Any]] = []
        stamp = datetime.fromtimestamp(now, tz=timezone.utc)
        for url in urls:
            try:
                attrs = (await services.call(runtime, "sqs", "GetQueueAttributes", {"QueueUrl": url, "AttributeNames": ["All"]}, account, region))["Attributes"]
            except AwsError:
                continue
            dims = [{"Name": "QueueName", "Value": url.rstrip("/").rsplit("/", 1)[-1]}]
            for attr, metric in SQS_METRICS.items():
                if attr in attrs:
                    data.append({"MetricName": metric, "Dimensions": dims, "Value": float(attrs[attr]), "Unit": "Count", "Timestamp": stamp})
        for i in range(0, len(data), 1000):
            try:
                await services.call(runtime, "cloudwatch", "PutMetricData", {"Namespace": "AWS/SQS", "MetricData": data[i:i + 1000]}, account, region)
            except AwsError as error:
                log.warning("could not publish AWS/SQS metrics: %s", error)
