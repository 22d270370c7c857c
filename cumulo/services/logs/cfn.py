"""CloudWatch Logs' CloudFormation resource types, made through Logs' own API
(cumulo.core.provisioning): log groups and streams, metric and subscription filters,
destinations, query definitions, resource and account policies, vended-log deliveries
(source, destination, delivery), anomaly detectors and transformers."""

from __future__ import annotations

import json
from typing import Any

from cumulo.core.cfnshape import absent, api_input, changed, tag_changes
from cumulo.core.errors import AwsError
from cumulo.core.provisioning import ProvisionContext, Resource, ResourceType


def _text(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value)


async def _call(ctx: ProvisionContext, operation: str, props: dict[str, Any], **fixed: Any) -> dict[str, Any]:
    return await ctx.call("logs", operation, api_input("logs", operation, props, **fixed))


async def _gone(ctx: ProvisionContext, operation: str, request: dict[str, Any]) -> None:
    try:
        await ctx.call("logs", operation, request)
    except AwsError as e:
        if not absent(e):
            raise


async def _retag(ctx: ProvisionContext, arn: str, props: dict[str, Any], old: dict[str, Any]) -> None:
    put, remove = tag_changes(ctx.tag_map(props.get("Tags")), ctx.tag_map(old.get("Tags")))
    if remove:
        await ctx.call("logs", "UntagResource", {"resourceArn": arn, "tagKeys": remove})
    if put:
        await ctx.call("logs", "TagResource", {"resourceArn": arn, "tags": put})


# ------------------------------------------------------------------ log groups


def _group_arn(ctx: ProvisionContext, name: str) -> str:
    return ctx.arn("logs", f"log-group:{name}:*")


async def create_log_group(ctx: ProvisionContext, props: dict[str, Any]) -> Resource:
    name = props.get("LogGroupName") or ctx.physical_name(512)
    await _call(ctx, "CreateLogGroup", props, logGroupName=name, tags=ctx.tag_map(props.get("Tags")) or None)
    await _group_settings(ctx, name, props, {})
    return Resource(name, {"Arn": _group_arn(ctx, name)})


async def _group_settings(ctx: ProvisionContext, name: str, props: dict[str, Any], old: dict[str, Any]) -> None:
    if props.get("RetentionInDays"):
        if changed(props, old, "RetentionInDays"):
            await ctx.call("logs", "PutRetentionPolicy", {"logGroupName": name, "retentionInDays": int(props["RetentionInDays"])})
    elif old.get("RetentionInDays"):
        await ctx.call("logs", "DeleteRetentionPolicy", {"logGroupName": name})
    if old and changed(props, old, "KmsKeyId"):
        if props.get("KmsKeyId"):
            await ctx.call("logs", "AssociateKmsKey", {"logGroupName": name, "kmsKeyId": props["KmsKeyId"]})
        else:
            await ctx.call("logs", "DisassociateKmsKey", {"logGroupName": name})
    if changed(props, old, "DataProtectionPolicy"):
        if props.get("DataProtectionPolicy"):
            await ctx.call("logs", "PutDataProtectionPolicy", {"logGroupIdentifier": name, "policyDocument": _text(props["DataProtectionPolicy"])})
        else:
            await ctx.call("logs", "DeleteDataProtectionPolicy", {"logGroupIdentifier": name})
    if changed(props, old, "FieldIndexPolicies"):
        policies = props.get("FieldIndexPolicies") or []
        if policies:
            await ctx.call("logs", "PutIndexPolicy", {"logGroupIdentifier": name, "policyDocument": _text(policies[0])})
        else:
            await _gone(ctx, "DeleteIndexPolicy", {"logGroupIdentifier": name})
    if changed(props, old, "ResourcePolicyDocument"):
        arn = _group_arn(ctx, name).removesuffix(":*")
        if props.get("ResourcePolicyDocument"):
            await ctx.call("logs", "PutResourcePolicy", {"resourceArn": arn, "policyDocument": _text(props["ResourcePolicyDocument"])})
        else:
            await _gone(ctx, "DeleteResourcePolicy", {"resourceArn": arn})
    if changed(props, old, "BearerTokenAuthenticationEnabled") and "BearerTokenAuthenticationEnabled" in props | old:
        await ctx.call("logs", "PutBearerTokenAuthentication", {
            "logGroupIdentifier": name, "bearerTokenAuthenticationEnabled": str(props.get("BearerTokenAuthenticationEnabled", False)).lower() == "true"})
    if changed(props, old, "DeletionProtectionEnabled") and "DeletionProtectionEnabled" in props | old:
        await _call(ctx, "PutLogGroupDeletionProtection", {}, logGroupIdentifier=name,
                    deletionProtectionEnabled=str(props.get("DeletionProtectionEnabled", False)).lower() == "true")


async def update_log_group(ctx: ProvisionContext, name: str, props: dict[str, Any], old: dict[str, Any]) -> Resource:
    await _group_settings(ctx, name, props, old)
    await _retag(ctx, _group_arn(ctx, name).removesuffix(":*"), props, old)
    return Resource(name, {"Arn": _group_arn(ctx, name)})


async def delete_log_group(ctx: ProvisionContext, name: str, props: dict[str, Any]) -> None:
    await _gone(ctx, "DeleteLogGroup", {"logGroupName": name})


async def read_log_group(ctx: ProvisionContext, name: str, props: dict[str, Any]) -> dict[str, Any]:
    found = [g for g in (await ctx.call("logs", "DescribeLogGroups", {"logGroupNamePrefix": name}))["logGroups"] if g["logGroupName"] == name]
    if not found:
        raise AwsError("ResourceNotFoundException", "The specified log group does not exist.", status=400)
    group = found[0]
    current: dict[str, Any] = {"LogGroupName": name, "LogGroupClass": group.get("logGroupClass", "STANDARD")}
    if "retentionInDays" in group:
        current["RetentionInDays"] = group["retentionInDays"]
    if group.get("kmsKeyId"):
        current["KmsKeyId"] = group["kmsKeyId"]
    return current


# ------------------------------------------------------------------ streams and filters


async def create_log_stream(ctx: ProvisionContext, props: dict[str, Any]) -> Resource:
    name = props.get("LogStreamName") or ctx.physical_name(512)
    await ctx.call("logs", "CreateLogStream", {"logGroupName": props["LogGroupName"], "logStreamName": name})
    return Resource(name)


async def delete_log_stream(ctx: ProvisionContext, name: str, props: dict[str, Any]) -> None:
    await _gone(ctx, "DeleteLogStream", {"logGroupName": props["LogGroupName"], "logStreamName": name})


async def create_metric_filter(ctx: ProvisionContext, props: dict[str, Any]) -> Resource:
    name = props.get("FilterName") or ctx.physical_name(512)
    await _call(ctx, "PutMetricFilter", props, filterName=name)
    return Resource(name)


async def update_metric_filter(ctx: ProvisionContext, name: str, props: dict[str, Any], old: dict[str, Any]) -> Resource:
    await _call(ctx, "PutMetricFilter", props, filterName=name)
    return Resource(name)


async def delete_metric_filter(ctx: ProvisionContext, name: str, props: dict[str, Any]) -> None:
    await _gone(ctx, "DeleteMetricFilter", {"logGroupName": props["LogGroupName"], "filterName": name})


async def read_metric_filter(ctx: ProvisionContext, name: str, props: dict[str, Any]) -> dict[str, Any]:
    found = (await ctx.call("logs", "DescribeMetricFilters", {"logGroupName": props["LogGroupName"], "filterNamePrefix": name}))["metricFilters"]
    for f in found:
        if f["filterName"] == name:
            return {"FilterName": name, "LogGroupName": f["logGroupName"], "FilterPattern": f.get("filterPattern", "")}
    raise AwsError("ResourceNotFoundException", "The specified metric filter does not exist.", status=400)


async def create_subscription_filter(ctx: ProvisionContext, props: dict[str, Any]) -> Resource:
    name = props.get("FilterName") or ctx.physical_name(512)
    await _call(ctx, "PutSubscriptionFilter", props, filterName=name)
    return Resource(name)


async def update_subscription_filter(ctx: ProvisionContext, name: str, props: dict[str, Any], old: dict[str, Any]) -> Resource:
    await _call(ctx, "PutSubscriptionFilter", props, filterName=name)
    return Resource(name)


async def delete_subscription_filter(ctx: ProvisionContext, name: str, props: dict[str, Any]) -> None:
    await _gone(ctx, "DeleteSubscriptionFilter", {"logGroupName": props["LogGroupName"], "filterName": name})


# ------------------------------------------------------------------ destinations, queries, policies


async def create_destination(ctx: ProvisionContext, props: dict[str, Any]) -> Resource:
    name = props["DestinationName"]
    made = (await _call(ctx, "PutDestination", props, tags=ctx.tag_map(props.get("Tags")) or None))["destination"]
    if props.get("DestinationPolicy"):
        await ctx.call("logs", "PutDestinationPolicy", {"destinationName": name, "accessPolicy": _text(props["DestinationPolicy"])})
    return Resource(name, {"Arn": made["arn"]})


async def update_destination(ctx: ProvisionContext, name: str, props: dict[str, Any], old: dict[str, Any]) -> Resource:
    made = (await _call(ctx, "PutDestination", props))["destination"]
    if props.get("DestinationPolicy"):
        await ctx.call("logs", "PutDestinationPolicy", {"destinationName": name, "accessPolicy": _text(props["DestinationPolicy"])})
    await _retag(ctx, made["arn"], props, old)
    return Resource(name, {"Arn": made["arn"]})


async def delete_destination(ctx: ProvisionContext, name: str, props: dict[str, Any]) -> None:
    await _gone(ctx, "DeleteDestination", {"destinationName": name})


async def create_query_definition(ctx: ProvisionContext, props: dict[str, Any]) -> Resource:
    ident = (await _call(ctx, "PutQueryDefinition", props))["queryDefinitionId"]
    return Resource(ident, {"QueryDefinitionId": ident})


async def update_query_definition(ctx: ProvisionContext, ident: str, props: dict[str, Any], old: dict[str, Any]) -> Resource:
    await _call(ctx, "PutQueryDefinition", props, queryDefinitionId=ident)
    return Resource(ident, {"QueryDefinitionId": ident})


async def read_query_definition(ctx: ProvisionContext, ident: str, props: dict[str, Any]) -> dict[str, Any]:
    for found in (await ctx.call("logs", "DescribeQueryDefinitions", {}))["queryDefinitions"]:
        if found["queryDefinitionId"] == ident:
            return {"Name": found["name"], "QueryString": found["queryString"], "LogGroupNames": found.get("logGroupNames", [])}
    raise AwsError("ResourceNotFoundException", "The specified query definition does not exist.", status=400)


async def delete_query_definition(ctx: ProvisionContext, ident: str, props: dict[str, Any]) -> None:
    await _gone(ctx, "DeleteQueryDefinition", {"queryDefinitionId": ident})


async def create_resource_policy(ctx: ProvisionContext, props: dict[str, Any]) -> Resource:
    await ctx.call("logs", "PutResourcePolicy", {"policyName": props["PolicyName"], "policyDocument": _text(props["PolicyDocument"])})
    return Resource(props["PolicyName"])


async def update_resource_policy(ctx: ProvisionContext, name: str, props: dict[str, Any], old: dict[str, Any]) -> Resource:
    await ctx.call("logs", "PutResourcePolicy", {"policyName": name, "policyDocument": _text(props["PolicyDocument"])})
    return Resource(name)


async def delete_resource_policy(ctx: ProvisionContext, name: str, props: dict[str, Any]) -> None:
    await _gone(ctx, "DeleteResourcePolicy", {"policyName": name})


async def create_account_policy(ctx: ProvisionContext, props: dict[str, Any]) -> Resource:
    await _call(ctx, "PutAccountPolicy", props, policyDocument=_text(props["PolicyDocument"]))
    return Resource(f"{ctx.account}|{props['PolicyType']}|{props['PolicyName']}", {"AccountId": ctx.account})


async def update_account_policy(ctx: ProvisionContext, pid: str, props: dict[str, Any], old: dict[str, Any]) -> Resource:
    await _call(ctx, "PutAccountPolicy", props, policyDocument=_text(props["PolicyDocument"]))
    return Resource(pid, {"AccountId": ctx.account})


async def delete_account_policy(ctx: ProvisionContext, pid: str, props: dict[str, Any]) -> None:
    await _gone(ctx, "DeleteAccountPolicy", {"policyName": props["PolicyName"], "policyType": props["PolicyType"]})


# ------------------------------------------------------------------ vended-log deliveries


async def create_delivery_source(ctx: ProvisionContext, props: dict[str, Any]) -> Resource:
    made = (await _call(ctx, "PutDeliverySource", props, tags=ctx.tag_map(props.get("Tags")) or None))["deliverySource"]
    return Resource(made["name"], _source_attributes(made))


def _source_attributes(made: dict[str, Any]) -> dict[str, Any]:
    return {"Arn": made["arn"], "ResourceArns": made.get("resourceArns", []), "Service": made.get("service", "")}


async def update_delivery_source(ctx: ProvisionContext, name: str, props: dict[str, Any], old: dict[str, Any]) -> Resource:
    made = (await _call(ctx, "PutDeliverySource", props))["deliverySource"]
    await _retag(ctx, made["arn"], props, old)
    return Resource(name, _source_attributes(made))


async def delete_delivery_source(ctx: ProvisionContext, name: str, props: dict[str, Any]) -> None:
    await _gone(ctx, "DeleteDeliverySource", {"name": name})


async def create_delivery_destination(ctx: ProvisionContext, props: dict[str, Any]) -> Resource:
    return await _put_destination(ctx, props, {}, ctx.tag_map(props.get("Tags")) or None)


async def _put_destination(ctx: ProvisionContext, props: dict[str, Any], old: dict[str, Any], tags: dict[str, str] | None) -> Resource:
    config = {"destinationResourceArn": props["DestinationResourceArn"].removesuffix(":*")} if props.get("DestinationResourceArn") else None
    made = (await _call(ctx, "PutDeliveryDestination", props, deliveryDestinationConfiguration=config, tags=tags))["deliveryDestination"]
    policy = props.get("DeliveryDestinationPolicy")
    if policy:
        await ctx.call("logs", "PutDeliveryDestinationPolicy", {"deliveryDestinationName": made["name"], "deliveryDestinationPolicy": _text(policy)})
    elif old.get("DeliveryDestinationPolicy"):
        await _gone(ctx, "DeleteDeliveryDestinationPolicy", {"deliveryDestinationName": made["name"]})
    return Resource(made["name"], {"Arn": made["arn"], "DeliveryDestinationType": made.get("deliveryDestinationType", "")})


async def update_delivery_destination(ctx: ProvisionContext, name: str, props: dict[str, Any], old: dict[str, Any]) -> Resource:
    made = await _put_destination(ctx, props, old, None)
    await _retag(ctx, made.attributes["Arn"], props, old)
    return made


async def delete_delivery_destination(ctx: ProvisionContext, name: str, props: dict[str, Any]) -> None:
    await _gone(ctx, "DeleteDeliveryDestination", {"name": name})


def _s3_delivery(props: dict[str, Any]) -> dict[str, Any] | None:
    config = {"suffixPath": props.get("S3SuffixPath"), "enableHiveCompatiblePath": props.get("S3EnableHiveCompatiblePath")}
    config = {k: v for k, v in config.items() if v is not None}
    if "enableHiveCompatiblePath" in config:
        config["enableHiveCompatiblePath"] = str(config["enableHiveCompatiblePath"]).lower() == "true"
    return config or None


async def create_delivery(ctx: ProvisionContext, props: dict[str, Any]) -> Resource:
    made = (await _call(ctx, "CreateDelivery", props, tags=ctx.tag_map(props.get("Tags")) or None,
                        s3DeliveryConfiguration=_s3_delivery(props)))["delivery"]
    return Resource(made["id"], {"Arn": made["arn"], "DeliveryId": made["id"], "DeliveryDestinationType": made.get("deliveryDestinationType", "")})


async def update_delivery(ctx: ProvisionContext, ident: str, props: dict[str, Any], old: dict[str, Any]) -> Resource:
    await _call(ctx, "UpdateDeliveryConfiguration", props, id=ident, s3DeliveryConfiguration=_s3_delivery(props))
    made = (await ctx.call("logs", "GetDelivery", {"id": ident}))["delivery"]
    await _retag(ctx, made["arn"], props, old)
    return Resource(ident, {"Arn": made["arn"], "DeliveryId": ident, "DeliveryDestinationType": made.get("deliveryDestinationType", "")})


async def delete_delivery(ctx: ProvisionContext, ident: str, props: dict[str, Any]) -> None:
    await _gone(ctx, "DeleteDelivery", {"id": ident})


# ------------------------------------------------------------------ anomaly detectors and transformers


async def _detector(ctx: ProvisionContext, arn: str) -> Resource:
    got = await ctx.call("logs", "GetLogAnomalyDetector", {"anomalyDetectorArn": arn})
    return Resource(arn, {
        "AnomalyDetectorArn": arn,
        "AnomalyDetectorStatus": got.get("anomalyDetectorStatus", ""),
        "CreationTimeStamp": got.get("creationTimeStamp", 0),
        "LastModifiedTimeStamp": got.get("lastModifiedTimeStamp", 0),
    })


def _group_arns(props: dict[str, Any]) -> list[str]:
    # `!GetAtt Group.Arn` ends in ":*"; the API takes the group's ARN without it.
    return [arn.removesuffix(":*") for arn in props.get("LogGroupArnList") or []]


async def create_anomaly_detector(ctx: ProvisionContext, props: dict[str, Any]) -> Resource:
    arn = (await _call(ctx, "CreateLogAnomalyDetector", props, logGroupArnList=_group_arns(props)))["anomalyDetectorArn"]
    return await _detector(ctx, arn)


async def update_anomaly_detector(ctx: ProvisionContext, arn: str, props: dict[str, Any], old: dict[str, Any]) -> Resource:
    await _call(ctx, "UpdateLogAnomalyDetector", props, anomalyDetectorArn=arn, enabled=True)
    return await _detector(ctx, arn)


async def delete_anomaly_detector(ctx: ProvisionContext, arn: str, props: dict[str, Any]) -> None:
    await _gone(ctx, "DeleteLogAnomalyDetector", {"anomalyDetectorArn": arn})


async def create_transformer(ctx: ProvisionContext, props: dict[str, Any]) -> Resource:
    await _call(ctx, "PutTransformer", props)
    return Resource(props["LogGroupIdentifier"])


async def update_transformer(ctx: ProvisionContext, ident: str, props: dict[str, Any], old: dict[str, Any]) -> Resource:
    await _call(ctx, "PutTransformer", props)
    return Resource(ident)


async def delete_transformer(ctx: ProvisionContext, ident: str, props: dict[str, Any]) -> None:
    await _gone(ctx, "DeleteTransformer", {"logGroupIdentifier": ident})


# ------------------------------------------------------------------ integrations and scheduled queries


async def create_integration(ctx: ProvisionContext, props: dict[str, Any]) -> Resource:
    config = dict((props.get("ResourceConfig") or {}).get("OpenSearchResourceConfig") or {})
    # The template may leave out how long the collection keeps data; the API needs it (30 days, the console's default).
    config.setdefault("RetentionDays", 30)
    made = await _call(ctx, "PutIntegration", {**props, "ResourceConfig": {"OpenSearchResourceConfig": config}})
    return Resource(props["IntegrationName"], {"IntegrationStatus": made.get("integrationStatus", "")})


async def delete_integration(ctx: ProvisionContext, name: str, props: dict[str, Any]) -> None:
    await _gone(ctx, "DeleteIntegration", {"integrationName": name})


async def _scheduled_query(ctx: ProvisionContext, arn: str) -> Resource:
    got = await ctx.call("logs", "GetScheduledQuery", {"identifier": arn})
    return Resource(arn, {"ScheduledQueryArn": arn, "CreationTime": got.get("creationTime", 0), "LastUpdatedTime": got.get("lastUpdatedTime", 0),
                          "LastTriggeredTime": got.get("lastTriggeredTime", 0), "LastExecutionStatus": got.get("lastExecutionStatus", "")})


async def create_scheduled_query(ctx: ProvisionContext, props: dict[str, Any]) -> Resource:
    arn = (await _call(ctx, "CreateScheduledQuery", props, tags=ctx.tag_map(props.get("Tags")) or None))["scheduledQueryArn"]
    return await _scheduled_query(ctx, arn)


async def update_scheduled_query(ctx: ProvisionContext, arn: str, props: dict[str, Any], old: dict[str, Any]) -> Resource:
    await _call(ctx, "UpdateScheduledQuery", props, identifier=arn)
    await _retag(ctx, arn, props, old)
    return await _scheduled_query(ctx, arn)


async def delete_scheduled_query(ctx: ProvisionContext, arn: str, props: dict[str, Any]) -> None:
    await _gone(ctx, "DeleteScheduledQuery", {"identifier": arn})


RESOURCE_TYPES = {
    "AWS::Logs::LogGroup": ResourceType(create_log_group, delete_log_group, update_log_group,
                                        replaces=frozenset({"LogGroupName", "LogGroupClass"}), read=read_log_group),
    "AWS::Logs::LogStream": ResourceType(create_log_stream, delete_log_stream),
    "AWS::Logs::MetricFilter": ResourceType(create_metric_filter, delete_metric_filter, update_metric_filter,
                                            replaces=frozenset({"FilterName", "LogGroupName"}), read=read_metric_filter),
    "AWS::Logs::SubscriptionFilter": ResourceType(create_subscription_filter, delete_subscription_filter, update_subscription_filter,
                                                  replaces=frozenset({"FilterName", "LogGroupName"})),
    "AWS::Logs::Destination": ResourceType(create_destination, delete_destination, update_destination, replaces=frozenset({"DestinationName"})),
    "AWS::Logs::QueryDefinition": ResourceType(create_query_definition, delete_query_definition, update_query_definition,
                                                read=read_query_definition),
    "AWS::Logs::ResourcePolicy": ResourceType(create_resource_policy, delete_resource_policy, update_resource_policy, replaces=frozenset({"PolicyName"})),
    "AWS::Logs::AccountPolicy": ResourceType(create_account_policy, delete_account_policy, update_account_policy,
                                             replaces=frozenset({"PolicyName", "PolicyType"})),
    "AWS::Logs::DeliverySource": ResourceType(create_delivery_source, delete_delivery_source, update_delivery_source, replaces=frozenset({"Name"})),
    "AWS::Logs::DeliveryDestination": ResourceType(create_delivery_destination, delete_delivery_destination, update_delivery_destination,
                                                   replaces=frozenset({"Name", "DestinationResourceArn", "OutputFormat", "DeliveryDestinationType"})),
    "AWS::Logs::Delivery": ResourceType(create_delivery, delete_delivery, update_delivery,
                                        replaces=frozenset({"DeliverySourceName", "DeliveryDestinationArn"})),
    "AWS::Logs::LogAnomalyDetector": ResourceType(create_anomaly_detector, delete_anomaly_detector, update_anomaly_detector,
                                                  replaces=frozenset({"AccountId", "DetectorName", "LogGroupArnList", "KmsKeyId"})),
    # Every property of an integration is create-only: any change makes a new one.
    "AWS::Logs::Integration": ResourceType(create_integration, delete_integration),
    "AWS::Logs::ScheduledQuery": ResourceType(create_scheduled_query, delete_scheduled_query, update_scheduled_query, replaces=frozenset({"Name"})),
    "AWS::Logs::Transformer": ResourceType(create_transformer, delete_transformer, update_transformer, replaces=frozenset({"LogGroupIdentifier"})),
}
