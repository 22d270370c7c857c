"""Kinesis handlers for channels: a stream's records delivered to S3 or S3 Tables.

Channels are kept and described exactly as configured; their streams must exist.
Delivery itself is not run yet (see the README's Kinesis section).
"""

from __future__ import annotations

import uuid
from typing import Any

from cumulo.core.context import RequestContext
from cumulo.core.errors import AwsError
from cumulo.services.kinesis import tokens
from cumulo.services.kinesis.models import Channel
from cumulo.services.kinesis.streams import find, partition

DEFAULT_FRESHNESS = 300
MAX_CHANNELS = 50


def _channel(ctx: RequestContext, arn: str) -> Channel:
    channel: Channel | None = ctx.scope.table("channels").get(arn)
    if channel is None:
        raise AwsError("ResourceNotFoundException", f"Channel {arn} under account {ctx.account} not found.")
    return channel


def _destination(config: dict[str, Any] | None) -> dict[str, Any] | None:
    """A destination as described: AWS's default freshness, and records that fail going to
    the storage bucket itself under `errors/` unless a dead-letter bucket is named."""
    if config is None:
        return None
    storage = config.get("StorageConfiguration") or {}
    fallback = {"BucketARN": storage.get("BucketARN", ""), "ExpectedBucketOwner": storage.get("ExpectedBucketOwner", ""), "ErrorOutputPrefix": "errors/"}
    return {"DataFreshnessInSeconds": DEFAULT_FRESHNESS, "DeadLetterQueueS3Configuration": fallback, **config}


def _view(channel: Channel) -> dict[str, Any]:
    view: dict[str, Any] = {
        "ChannelName": channel.name,
        "ChannelARN": channel.arn,
        "ChannelId": channel.channel_id,
        "ChannelStatus": channel.status,
        "ChannelCreationTimestamp": channel.created,
        "ServiceExecutionRoleARN": channel.role_arn,
        "StreamConfigurationList": channel.streams,
        "LoggingConfiguration": channel.logging,
    }
    if channel.s3 is not None:
        view["S3DestinationConfiguration"] = channel.s3
    if channel.s3_tables is not None:
        view["S3TablesDestinationConfiguration"] = channel.s3_tables
    if channel.encryption is not None:
        view["EncryptionConfiguration"] = channel.encryption
    return view


def create_channel(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    name = req["ChannelName"]
    arn = f"arn:{partition(ctx.region)}:kinesis:{ctx.region}:{ctx.account}:channel/{name}"
    table = ctx.scope.table("channels")
    if arn in table:
        raise AwsError("ResourceInUseException", f"Channel {name} under account {ctx.account} already exists.")
    if len(table) >= MAX_CHANNELS:
        raise AwsError("LimitExceededException", f"Account {ctx.account} already has {MAX_CHANNELS} channels.")
    if (req.get("S3DestinationConfiguration") is None) == (req.get("S3TablesDestinationConfiguration") is None):
        raise AwsError("InvalidArgumentException", "Exactly one of S3DestinationConfiguration and S3TablesDestinationConfiguration must be provided.")
    configured = []
    for config in req["StreamConfigurationList"]:
        _, stream = find(ctx, {"StreamARN": config["StreamARN"]})
        configured.append({**config, "StreamCreationTimestamp": stream.created})
    channel = Channel(
        arn=arn,
        name=name,
        channel_id=uuid.uuid4().hex[:20],
        created=ctx.clock.now(),
        role_arn=req["ServiceExecutionRoleARN"],
        streams=configured,
        logging=dict(req.get("LoggingConfiguration") or {"CloudWatchLogs": {"Enabled": False}}),
        s3=_destination(req.get("S3DestinationConfiguration")),
        s3_tables=_destination(req.get("S3TablesDestinationConfiguration")),
        encryption=req.get("EncryptionConfiguration"),
        tags=dict(req.get("Tags") or {}),
    )
    table[arn] = channel
    return {"ChannelDescription": _view(channel)}


def delete_channel(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    _channel(ctx, req["ChannelARN"])
    del ctx.scope.table("channels")[req["ChannelARN"]]
    return {}


def describe_channel(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    return {"ChannelDescription": _view(_channel(ctx, req["ChannelARN"]))}


def list_channels(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    wanted = {f["StreamARN"] for f in req.get("StreamFilter") or []}
    channels = sorted(ctx.scope.table("channels").values(), key=lambda c: c.arn)
    if wanted:
        channels = [c for c in channels if wanted & {s["StreamARN"] for s in c.streams}]
    if req.get("NextToken"):
        (after,) = tokens.read(req["NextToken"], "channels", 1)
        channels = [c for c in channels if c.arn > after]
    limit = req.get("MaxResults") or 100
    page = channels[:limit]
    summaries = []
    for c in page:
        stream_ids = []
        for s in c.streams:
            try:
                _, stream = find(ctx, {"StreamARN": s["StreamARN"]})
                stream_ids.append({"StreamARN": s["StreamARN"], "StreamCreationTimestamp": stream.created})
            except AwsError:
                continue
        summaries.append(
            {
                "ChannelName": c.name,
                "ChannelARN": c.arn,
                "ChannelId": c.channel_id,
                "ChannelStatus": c.status,
                "ChannelCreationTimestamp": c.created,
                "ChannelDestinationType": "S3" if c.s3 is not None else "S3_TABLES",
                "Streams": stream_ids,
            }
        )
    out: dict[str, Any] = {"ChannelSummaries": summaries}
    if len(channels) > limit:
        out["NextToken"] = tokens.make("channels", page[-1].arn)
    return out


def update_channel(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    channel = _channel(ctx, req["ChannelARN"])
    if req.get("S3DestinationConfiguration"):
        if channel.s3 is None:
            raise AwsError("InvalidArgumentException", "The channel does not deliver to S3.")
        channel.s3.update(req["S3DestinationConfiguration"])
    if req.get("S3TablesDestinationConfiguration"):
        if channel.s3_tables is None:
            raise AwsError("InvalidArgumentException", "The channel does not deliver to S3 Tables.")
        channel.s3_tables.update(req["S3TablesDestinationConfiguration"])
    if req.get("LoggingConfiguration"):
        channel.logging = {"CloudWatchLogs": {**channel.logging.get("CloudWatchLogs", {}), **req["LoggingConfiguration"]["CloudWatchLogs"]}}
    ctx.scope.table("channels").touch(channel.arn)
    return {"ChannelDescription": _view(channel)}
