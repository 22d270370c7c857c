"""Data Firehose's CloudFormation resource type, AWS::KinesisFirehose::DeliveryStream,
made through Firehose's own API (cumulo.core.provisioning): every destination and
source cumulo's Firehose takes, updated in place through UpdateDestination."""

from __future__ import annotations

from typing import Any

from cumulo.core.cfnshape import absent, api_input, tag_changes
from cumulo.core.errors import AwsError
from cumulo.core.provisioning import ProvisionContext, Resource, ResourceType

# The destination kinds, as the template's "<kind>DestinationConfiguration" properties name them.
_KINDS = ("S3", "ExtendedS3", "Redshift", "Elasticsearch", "Amazonopensearchservice", "Splunk", "HttpEndpoint",
          "AmazonOpenSearchServerless", "Snowflake", "Iceberg")


def _kind(props: dict[str, Any]) -> str | None:
    return next((k for k in _KINDS if props.get(f"{k}DestinationConfiguration") is not None), None)


async def create_stream(ctx: ProvisionContext, props: dict[str, Any]) -> Resource:
    name = props.get("DeliveryStreamName") or ctx.physical_name(64)
    request = api_input("firehose", "CreateDeliveryStream", props, DeliveryStreamName=name, Tags=ctx.tag_list(props.get("Tags")) or None)
    arn = (await ctx.call("firehose", "CreateDeliveryStream", request))["DeliveryStreamARN"]
    return Resource(name, {"Arn": arn})


async def update_stream(ctx: ProvisionContext, name: str, props: dict[str, Any], old: dict[str, Any]) -> Resource:
    got = (await ctx.call("firehose", "DescribeDeliveryStream", {"DeliveryStreamName": name}))["DeliveryStreamDescription"]
    kind = _kind(props)
    if kind is not None and props.get(f"{kind}DestinationConfiguration") != old.get(f"{kind}DestinationConfiguration"):
        update = api_input("firehose", "UpdateDestination", {f"{kind}DestinationUpdate": props[f"{kind}DestinationConfiguration"]})
        await ctx.call("firehose", "UpdateDestination", {
            "DeliveryStreamName": name, "CurrentDeliveryStreamVersionId": got["VersionId"],
            "DestinationId": got["Destinations"][0]["DestinationId"], **update})
    encryption, was = props.get("DeliveryStreamEncryptionConfigurationInput"), old.get("DeliveryStreamEncryptionConfigurationInput")
    if encryption != was:
        if encryption:
            shaped = api_input("firehose", "StartDeliveryStreamEncryption", {"DeliveryStreamEncryptionConfigurationInput": encryption})
            await ctx.call("firehose", "StartDeliveryStreamEncryption", {"DeliveryStreamName": name, **shaped})
        else:
            await ctx.call("firehose", "StopDeliveryStreamEncryption", {"DeliveryStreamName": name})
    put, remove = tag_changes(ctx.tag_map(props.get("Tags")), ctx.tag_map(old.get("Tags")))
    if remove:
        await ctx.call("firehose", "UntagDeliveryStream", {"DeliveryStreamName": name, "TagKeys": remove})
    if put:
        await ctx.call("firehose", "TagDeliveryStream", {"DeliveryStreamName": name, "Tags": [{"Key": k, "Value": v} for k, v in put.items()]})
    return Resource(name, {"Arn": got["DeliveryStreamARN"]})


async def delete_stream(ctx: ProvisionContext, name: str, props: dict[str, Any]) -> None:
    try:
        await ctx.call("firehose", "DeleteDeliveryStream", {"DeliveryStreamName": name})
    except AwsError as e:
        if not absent(e):
            raise


async def read_stream(ctx: ProvisionContext, name: str, props: dict[str, Any]) -> dict[str, Any]:
    got = (await ctx.call("firehose", "DescribeDeliveryStream", {"DeliveryStreamName": name}))["DeliveryStreamDescription"]
    current: dict[str, Any] = {"DeliveryStreamName": name, "DeliveryStreamType": got["DeliveryStreamType"]}
    destination = got["Destinations"][0]
    for key in ("ExtendedS3DestinationDescription", "S3DestinationDescription"):
        if key in destination:
            current["BucketARN"] = destination[key]["BucketARN"]
            break
    return current


RESOURCE_TYPES = {
    # A destination's configuration, of the same kind or another, changes in place (UpdateDestination); the source does not.
    "AWS::KinesisFirehose::DeliveryStream": ResourceType(
        create_stream, delete_stream, update_stream, read=read_stream,
        replaces=frozenset({"DeliveryStreamName", "DeliveryStreamType", "KinesisStreamSourceConfiguration", "MSKSourceConfiguration",
                            "DatabaseSourceConfiguration", "DirectPutSourceConfiguration"})),
}
