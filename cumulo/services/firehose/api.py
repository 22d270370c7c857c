"""Amazon Data Firehose handlers, one per operation, in model order.

Handlers keep delivery streams and their configuration; buffering, processing
and delivery are `delivery`'s, reading a Kinesis source is `sources`'s.
"""

from __future__ import annotations

from typing import Any

from cumulo.core.arns import partition
from cumulo.core.context import RequestContext
from cumulo.core.errors import AwsError
from cumulo.services.firehose import delivery, describe
from cumulo.services.firehose.models import DeliveryStream, Destination, buffer_table

DESTINATION_KINDS = (
    "S3", "ExtendedS3", "Redshift", "Elasticsearch", "Amazonopensearchservice", "Splunk", "HttpEndpoint",
    "AmazonOpenSearchServerless", "Snowflake", "Iceberg",
)
MAX_RECORD = 1000 * 1024
MAX_BATCH_BYTES = 4 * 1024 * 1024
MAX_TAGS = 50


def _stream(ctx: RequestContext, name: str) -> DeliveryStream:
    stream: DeliveryStream | None = ctx.scope.table("streams").get(name)
    if stream is None:
        raise AwsError("ResourceNotFoundException", f"Firehose {name} under account {ctx.account} not found.")
    return stream


def _arn(ctx: RequestContext, name: str) -> str:
    return f"arn:{partition(ctx.region)}:firehose:{ctx.region}:{ctx.account}:deliverystream/{name}"


def _check_destination(kind: str, config: dict[str, Any]) -> None:
    if kind == "HttpEndpoint" and not str((config.get("EndpointConfiguration") or {}).get("Url", "")).startswith(("http://", "https://")):
        raise AwsError("InvalidArgumentException", "The HTTP endpoint URL must start with http:// or https://.")


def _tags(given: list[dict[str, str]] | None) -> dict[str, str]:
    tags = {t["Key"]: t.get("Value", "") for t in given or []}
    if len(tags) > MAX_TAGS:
        raise AwsError("LimitExceededException", f"A Firehose stream can have at most {MAX_TAGS} tags.")
    return tags


def create_delivery_stream(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    name = req["DeliveryStreamName"]
    table = ctx.scope.table("streams")
    if name in table:
        raise AwsError("ResourceInUseException", f"Firehose {name} under accountId {ctx.account} already exists")
    kind_of_stream = req.get("DeliveryStreamType") or "DirectPut"
    given = [k for k in DESTINATION_KINDS if req.get(f"{k}DestinationConfiguration") is not None]
    if len(given) != 1:
        raise AwsError("InvalidArgumentException", "Exactly one destination configuration must be specified.")
    source: dict[str, Any] = {}
    if kind_of_stream == "KinesisStreamAsSource":
        source = req.get("KinesisStreamSourceConfiguration") or {}
        if not source:
            raise AwsError("InvalidArgumentException", "KinesisStreamSourceConfiguration is required for a KinesisStreamAsSource Firehose stream.")
    elif req.get("KinesisStreamSourceConfiguration"):
        raise AwsError("InvalidArgumentException", "KinesisStreamSourceConfiguration is allowed only for a KinesisStreamAsSource Firehose stream.")
    elif kind_of_stream == "MSKAsSource":
        source = req.get("MSKSourceConfiguration") or {}
    elif kind_of_stream == "DatabaseAsSource":
        source = req.get("DatabaseSourceConfiguration") or {}
    elif req.get("DirectPutSourceConfiguration"):
        source = req["DirectPutSourceConfiguration"]
    kind = given[0]
    config = describe.with_defaults(kind, req[f"{kind}DestinationConfiguration"])
    _check_destination(kind, config)
    now = ctx.clock.now()
    stream = DeliveryStream(name, ctx.account, ctx.region, _arn(ctx, name), kind_of_stream, now, now, source=source, tags=_tags(req.get("Tags")))
    stream.destinations.append(Destination("destinationId-000000000001", "ExtendedS3" if kind == "S3" else kind, config))
    encryption = req.get("DeliveryStreamEncryptionConfigurationInput")
    if encryption:
        stream.encryption = {**encryption, "Status": "ENABLED"}
    table[name] = stream
    return {"DeliveryStreamARN": stream.arn}


def delete_delivery_stream(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    stream = _stream(ctx, req["DeliveryStreamName"])
    ctx.scope.table(buffer_table(stream.name)).clear()
    ctx.scope.table("checkpoints").pop(stream.name, None)
    del ctx.scope.table("streams")[stream.name]
    return {}


def _source_view(stream: DeliveryStream) -> dict[str, Any] | None:
    if stream.type == "KinesisStreamAsSource":
        return {"KinesisStreamSourceDescription": {**stream.source, "DeliveryStartTimestamp": stream.created}}
    if stream.type == "DirectPut":
        return {"DirectPutSourceDescription": dict(stream.source)} if stream.source else None
    if stream.type == "MSKAsSource":
        return {"MSKSourceDescription": dict(stream.source)}
    return {"DatabaseSourceDescription": dict(stream.source)} if stream.source else None


def _destination_view(ctx: RequestContext, destination: Destination) -> dict[str, Any]:
    view: dict[str, Any] = {"DestinationId": destination.id}
    kinds = ["ExtendedS3", "S3"] if destination.kind == "ExtendedS3" else [destination.kind]
    for kind in kinds:
        view[f"{kind}DestinationDescription"] = describe.description_of(kind, destination.config)
    return view


def describe_delivery_stream(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    stream = _stream(ctx, req["DeliveryStreamName"])
    destinations = stream.destinations
    if req.get("ExclusiveStartDestinationId"):
        destinations = [d for d in destinations if d.id > req["ExclusiveStartDestinationId"]]
    limit = req.get("Limit") or 10
    description: dict[str, Any] = {
        "DeliveryStreamName": stream.name,
        "DeliveryStreamARN": stream.arn,
        "DeliveryStreamStatus": stream.status,
        "DeliveryStreamType": stream.type,
        "VersionId": str(stream.version),
        "CreateTimestamp": stream.created,
        "LastUpdateTimestamp": stream.updated,
        "Destinations": [_destination_view(ctx, d) for d in destinations[:limit]],
        "HasMoreDestinations": len(destinations) > limit,
        "DeliveryStreamEncryptionConfiguration": stream.encryption or {"Status": "DISABLED"},
    }
    source = _source_view(stream)
    if source:
        description["Source"] = source
    return {"DeliveryStreamDescription": description}


def list_delivery_streams(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    streams = sorted(ctx.scope.table("streams").values(), key=lambda s: s.name)
    if req.get("DeliveryStreamType"):
        streams = [s for s in streams if s.type == req["DeliveryStreamType"]]
    if req.get("ExclusiveStartDeliveryStreamName"):
        streams = [s for s in streams if s.name > req["ExclusiveStartDeliveryStreamName"]]
    limit = req.get("Limit") or 10
    return {"DeliveryStreamNames": [s.name for s in streams[:limit]], "HasMoreDeliveryStreams": len(streams) > limit}


def list_tags_for_delivery_stream(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    stream = _stream(ctx, req["DeliveryStreamName"])
    keys = sorted(stream.tags)
    if req.get("ExclusiveStartTagKey"):
        keys = [k for k in keys if k > req["ExclusiveStartTagKey"]]
    limit = req.get("Limit") or 50
    return {"Tags": [{"Key": k, "Value": stream.tags[k]} for k in keys[:limit]], "HasMoreTags": len(keys) > limit}


def _writable(ctx: RequestContext, name: str) -> DeliveryStream:
    stream = _stream(ctx, name)
    if stream.type != "DirectPut":
        raise AwsError("InvalidArgumentException", f"This operation is not permitted on {stream.type} Firehose stream type.")
    return stream


def _check_size(data: bytes) -> None:
    if len(data) > MAX_RECORD:
        raise AwsError("InvalidArgumentException", f"Record size {len(data)} bytes exceeds the maximum of {MAX_RECORD} bytes.")


def put_record(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    stream = _writable(ctx, req["DeliveryStreamName"])
    data = req["Record"]["Data"]
    _check_size(data)
    (record_id,) = delivery.accept(ctx.runtime, ctx.scope, stream, [data], [ctx.clock.now()])
    return {"RecordId": record_id, "Encrypted": bool(stream.encryption and stream.encryption.get("Status") == "ENABLED")}


def put_record_batch(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    stream = _writable(ctx, req["DeliveryStreamName"])
    datas = [r["Data"] for r in req["Records"]]
    total = sum(map(len, datas))
    if total > MAX_BATCH_BYTES:
        raise AwsError("InvalidArgumentException", f"Records size {total} bytes exceeds the batch limit of {MAX_BATCH_BYTES} bytes.")
    now = ctx.clock.now()
    # Each record's size is the model's to check (1,000 KiB); nothing else fails one record alone here.
    ids = delivery.accept(ctx.runtime, ctx.scope, stream, datas, [now] * len(datas))
    answers = [{"RecordId": i} for i in ids]
    encrypted = bool(stream.encryption and stream.encryption.get("Status") == "ENABLED")
    return {"FailedPutCount": 0, "Encrypted": encrypted, "RequestResponses": answers}


def start_delivery_stream_encryption(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    stream = _stream(ctx, req["DeliveryStreamName"])
    if stream.type != "DirectPut":
        raise AwsError("InvalidArgumentException", f"Server-side encryption is not supported for {stream.type} Firehose streams.")
    given = req.get("DeliveryStreamEncryptionConfigurationInput") or {"KeyType": "AWS_OWNED_CMK"}
    if given.get("KeyType") == "CUSTOMER_MANAGED_CMK" and not given.get("KeyARN"):
        raise AwsError("InvalidArgumentException", "KeyARN is required when KeyType is CUSTOMER_MANAGED_CMK.")
    stream.encryption = {**given, "Status": "ENABLED"}
    ctx.scope.table("streams").touch(stream.name)
    return {}


def stop_delivery_stream_encryption(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    stream = _stream(ctx, req["DeliveryStreamName"])
    stream.encryption = {"Status": "DISABLED"}
    ctx.scope.table("streams").touch(stream.name)
    return {}


def tag_delivery_stream(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    stream = _stream(ctx, req["DeliveryStreamName"])
    merged = {**stream.tags, **_tags(req["Tags"])}
    if len(merged) > MAX_TAGS:
        raise AwsError("LimitExceededException", f"A Firehose stream can have at most {MAX_TAGS} tags.")
    stream.tags = merged
    ctx.scope.table("streams").touch(stream.name)
    return {}


def untag_delivery_stream(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    stream = _stream(ctx, req["DeliveryStreamName"])
    for key in req["TagKeys"]:
        stream.tags.pop(key, None)
    ctx.scope.table("streams").touch(stream.name)
    return {}


def update_destination(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    stream = _stream(ctx, req["DeliveryStreamName"])
    if req["CurrentDeliveryStreamVersionId"] != str(stream.version):
        raise AwsError(
            "ConcurrentModificationException",
            f"Cannot update firehose: {stream.name} since the current version id: {stream.version} and the specified version id: "
            f"{req['CurrentDeliveryStreamVersionId']} do not match",
        )
    destination = next((d for d in stream.destinations if d.id == req["DestinationId"]), None)
    if destination is None:
        raise AwsError("InvalidArgumentException", f"Destination {req['DestinationId']} not found in Firehose {stream.name}.")
    given = [k for k in DESTINATION_KINDS if req.get(f"{k}DestinationUpdate") is not None]
    if len(given) > 1:
        raise AwsError("InvalidArgumentException", "At most one destination update may be specified.")
    if given:  # none: nothing changes but the version, as any accepted update
        kind = given[0]
        if kind != destination.kind and not (kind == "S3" and destination.kind == "ExtendedS3"):
            raise AwsError("InvalidArgumentException", f"Changing the destination type to or from {kind} is not supported.")
        config = describe.merge_update(destination.config, req[f"{kind}DestinationUpdate"])
        _check_destination(destination.kind, config)
        destination.config = config
    stream.version += 1
    stream.updated = ctx.clock.now()
    ctx.scope.table("streams").touch(stream.name)
    return {}
