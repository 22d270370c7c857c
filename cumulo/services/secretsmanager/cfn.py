"""Secrets Manager's CloudFormation resource types, made through Secrets Manager's own
API (cumulo.core.provisioning): secrets (a given or a generated value, replicas),
rotation schedules, resource policies and target attachments."""

from __future__ import annotations

import json
from typing import Any

from cumulo.core.cfnshape import absent, api_input, changed, tag_changes
from cumulo.core.errors import AwsError
from cumulo.core.provisioning import ProvisionContext, Resource, ResourceType

_GONE = ("ResourceNotFoundException",)


async def _gone(ctx: ProvisionContext, operation: str, request: dict[str, Any]) -> None:
    try:
        await ctx.call("secretsmanager", operation, request)
    except AwsError as e:
        if not absent(e, *_GONE):
            raise


# ------------------------------------------------------------------ secrets


async def _generated(ctx: ProvisionContext, spec: dict[str, Any]) -> str:
    """`GenerateSecretString`: a password from GetRandomPassword with the same options,
    alone or put at `GenerateStringKey` in the JSON of `SecretStringTemplate`."""
    options = {k: v for k, v in spec.items() if k not in ("SecretStringTemplate", "GenerateStringKey")}
    password = (await ctx.call("secretsmanager", "GetRandomPassword", api_input("secretsmanager", "GetRandomPassword", options)))["RandomPassword"]
    template, key = spec.get("SecretStringTemplate"), spec.get("GenerateStringKey")
    if template is None and key is None:
        return str(password)
    if template is None or key is None:
        raise AwsError("ValidationException", "SecretStringTemplate and GenerateStringKey must be given together.", status=400)
    document = json.loads(template) if isinstance(template, str) else dict(template)
    if not isinstance(document, dict):
        raise AwsError("ValidationException", "SecretStringTemplate must be a JSON object.", status=400)
    document[key] = password
    return json.dumps(document)


async def _value(ctx: ProvisionContext, props: dict[str, Any]) -> str | None:
    if props.get("SecretString") is not None and props.get("GenerateSecretString") is not None:
        raise AwsError("ValidationException", "You can't specify both SecretString and GenerateSecretString.", status=400)
    if props.get("GenerateSecretString") is not None:
        return await _generated(ctx, props["GenerateSecretString"])
    value = props.get("SecretString")
    return value if value is None or isinstance(value, str) else json.dumps(value)


def _replicas(props: dict[str, Any]) -> list[dict[str, str]]:
    return [{"Region": r["Region"], **({"KmsKeyId": r["KmsKeyId"]} if r.get("KmsKeyId") else {})} for r in props.get("ReplicaRegions") or []]


async def create_secret(ctx: ProvisionContext, props: dict[str, Any]) -> Resource:
    # AWS names a stack's unnamed secret after its logical id alone: "<logical id>-<random>".
    name = props.get("Name") or f"{ctx.logical_id}-{ctx.physical_name().rsplit('-', 1)[1]}"
    value = await _value(ctx, props)
    if value is None:
        # A secret made with neither gets a generated password, as AWS does.
        value = await _generated(ctx, {})
    request = api_input("secretsmanager", "CreateSecret", props, Name=name, SecretString=value,
                        Tags=ctx.tag_list(props.get("Tags")) or None, AddReplicaRegions=_replicas(props) or None)
    arn = (await ctx.call("secretsmanager", "CreateSecret", request))["ARN"]
    return Resource(arn, {"Id": arn})


async def update_secret(ctx: ProvisionContext, arn: str, props: dict[str, Any], old: dict[str, Any]) -> Resource:
    request: dict[str, Any] = {"SecretId": arn}
    if changed(props, old, "Description"):
        request["Description"] = props.get("Description", "")
    if changed(props, old, "KmsKeyId"):
        request["KmsKeyId"] = props.get("KmsKeyId") or "alias/aws/secretsmanager"
    if changed(props, old, "SecretString", "GenerateSecretString"):
        value = await _value(ctx, props)
        request["SecretString"] = value if value is not None else await _generated(ctx, {})
    if len(request) > 1:
        await ctx.call("secretsmanager", "UpdateSecret", request)
    new_regions = {r["Region"]: r for r in _replicas(props)}
    old_regions = {r["Region"] for r in _replicas(old)}
    if gone := sorted(old_regions - new_regions.keys()):
        await ctx.call("secretsmanager", "RemoveRegionsFromReplication", {"SecretId": arn, "RemoveReplicaRegions": gone})
    if added := [r for region, r in new_regions.items() if region not in old_regions]:
        await ctx.call("secretsmanager", "ReplicateSecretToRegions", {"SecretId": arn, "AddReplicaRegions": added})
    put, remove = tag_changes(ctx.tag_map(props.get("Tags")), ctx.tag_map(old.get("Tags")))
    if remove:
        await ctx.call("secretsmanager", "UntagResource", {"SecretId": arn, "TagKeys": remove})
    if put:
        await ctx.call("secretsmanager", "TagResource", {"SecretId": arn, "Tags": [{"Key": k, "Value": v} for k, v in put.items()]})
    return Resource(arn, {"Id": arn})


async def delete_secret(ctx: ProvisionContext, arn: str, props: dict[str, Any]) -> None:
    try:
        got = await ctx.call("secretsmanager", "DescribeSecret", {"SecretId": arn})
    except AwsError as e:
        if absent(e, *_GONE):
            return
        raise
    if regions := [r["Region"] for r in got.get("ReplicationStatus") or []]:
        await ctx.call("secretsmanager", "RemoveRegionsFromReplication", {"SecretId": arn, "RemoveReplicaRegions": regions})
    # A stack's secret goes at once, so that a new stack can take its name again.
    await _gone(ctx, "DeleteSecret", {"SecretId": arn, "ForceDeleteWithoutRecovery": True})


async def read_secret(ctx: ProvisionContext, arn: str, props: dict[str, Any]) -> dict[str, Any]:
    got = await ctx.call("secretsmanager", "DescribeSecret", {"SecretId": arn})
    current: dict[str, Any] = {"Name": got["Name"]}
    if got.get("Description"):
        current["Description"] = got["Description"]
    if got.get("KmsKeyId"):
        current["KmsKeyId"] = got["KmsKeyId"]
    if "SecretString" in props:
        current["SecretString"] = (await ctx.call("secretsmanager", "GetSecretValue", {"SecretId": arn})).get("SecretString")
    return current


# ------------------------------------------------------------------ rotation, policies, attachments


async def _secret_arn(ctx: ProvisionContext, secret_id: str) -> str:
    return str((await ctx.call("secretsmanager", "DescribeSecret", {"SecretId": secret_id}))["ARN"])


async def _rotate(ctx: ProvisionContext, props: dict[str, Any]) -> str:
    if props.get("HostedRotationLambda"):
        raise AwsError("ValidationException", "HostedRotationLambda needs the AWS Serverless Application Repository, "
                       "which cumulo does not run; give RotationLambdaARN instead.", status=400)
    request = api_input("secretsmanager", "RotateSecret", props, RotationLambdaARN=props.get("RotationLambdaARN"),
                        RotateImmediately=str(props.get("RotateImmediatelyOnUpdate", True)).lower() == "true")
    return str((await ctx.call("secretsmanager", "RotateSecret", request))["ARN"])


async def create_rotation(ctx: ProvisionContext, props: dict[str, Any]) -> Resource:
    arn = await _rotate(ctx, props)
    return Resource(arn, {"Id": arn})


async def update_rotation(ctx: ProvisionContext, arn: str, props: dict[str, Any], old: dict[str, Any]) -> Resource:
    await _rotate(ctx, props)
    return Resource(arn, {"Id": arn})


async def delete_rotation(ctx: ProvisionContext, arn: str, props: dict[str, Any]) -> None:
    try:
        enabled = (await ctx.call("secretsmanager", "DescribeSecret", {"SecretId": arn})).get("RotationEnabled")
    except AwsError as e:
        if absent(e, *_GONE):
            return
        raise
    if enabled:
        await _gone(ctx, "CancelRotateSecret", {"SecretId": arn})


async def _put_policy(ctx: ProvisionContext, props: dict[str, Any]) -> str:
    policy = props["ResourcePolicy"]
    request = {"SecretId": props["SecretId"], "ResourcePolicy": policy if isinstance(policy, str) else json.dumps(policy)}
    if "BlockPublicPolicy" in props:
        request["BlockPublicPolicy"] = str(props["BlockPublicPolicy"]).lower() == "true"
    return str((await ctx.call("secretsmanager", "PutResourcePolicy", request))["ARN"])


async def create_policy(ctx: ProvisionContext, props: dict[str, Any]) -> Resource:
    arn = await _put_policy(ctx, props)
    return Resource(arn, {"Id": arn})


async def update_policy(ctx: ProvisionContext, arn: str, props: dict[str, Any], old: dict[str, Any]) -> Resource:
    await _put_policy(ctx, props)
    return Resource(arn, {"Id": arn})


async def delete_policy(ctx: ProvisionContext, arn: str, props: dict[str, Any]) -> None:
    await _gone(ctx, "DeleteResourcePolicy", {"SecretId": arn})


# The connection details a target attachment writes into the secret, read from the target
# through its own service: (service, describe operation, id member, list in the output).
_TARGETS = {
    "AWS::RDS::DBInstance": ("rds", "DescribeDBInstances", "DBInstanceIdentifier", "DBInstances"),
    "AWS::RDS::DBCluster": ("rds", "DescribeDBClusters", "DBClusterIdentifier", "DBClusters"),
    "AWS::DocDB::DBInstance": ("docdb", "DescribeDBInstances", "DBInstanceIdentifier", "DBInstances"),
    "AWS::DocDB::DBCluster": ("docdb", "DescribeDBClusters", "DBClusterIdentifier", "DBClusters"),
    "AWS::Redshift::Cluster": ("redshift", "DescribeClusters", "ClusterIdentifier", "Clusters"),
}


async def _connection(ctx: ProvisionContext, kind: str, target: str) -> dict[str, Any]:
    if kind not in _TARGETS:
        raise AwsError("ValidationException", f"TargetType {kind} is not one of {', '.join(sorted(_TARGETS))}.", status=400)
    service, operation, member, listed = _TARGETS[kind]
    found = (await ctx.call(service, operation, {member: target}))[listed][0]
    endpoint = found.get("Endpoint")
    host = endpoint.get("Address") if isinstance(endpoint, dict) else endpoint
    port = endpoint.get("Port") if isinstance(endpoint, dict) else found.get("Port")
    out = {"engine": found.get("Engine", "redshift" if service == "redshift" else ""), "host": host, "port": port,
           "dbClusterIdentifier" if "Cluster" in kind else "dbInstanceIdentifier": target}
    if found.get("DBName") or found.get("DatabaseName"):
        out["dbname"] = found.get("DBName") or found.get("DatabaseName")
    return {k: v for k, v in out.items() if v not in (None, "")}


async def _attach(ctx: ProvisionContext, props: dict[str, Any]) -> str:
    arn = await _secret_arn(ctx, props["SecretId"])
    current = (await ctx.call("secretsmanager", "GetSecretValue", {"SecretId": arn})).get("SecretString") or "{}"
    try:
        document = json.loads(current)
    except ValueError:
        raise AwsError("ValidationException", "The secret's value must be a JSON object to attach a target.", status=400) from None
    document.update(await _connection(ctx, props["TargetType"], props["TargetId"]))
    await ctx.call("secretsmanager", "PutSecretValue", {"SecretId": arn, "SecretString": json.dumps(document)})
    return arn


async def create_attachment(ctx: ProvisionContext, props: dict[str, Any]) -> Resource:
    arn = await _attach(ctx, props)
    return Resource(arn, {"Id": arn})


async def update_attachment(ctx: ProvisionContext, arn: str, props: dict[str, Any], old: dict[str, Any]) -> Resource:
    await _attach(ctx, props)
    return Resource(arn, {"Id": arn})


async def delete_attachment(ctx: ProvisionContext, arn: str, props: dict[str, Any]) -> None:
    # AWS leaves the connection details in the secret when the attachment goes.
    return None


RESOURCE_TYPES = {
    "AWS::SecretsManager::Secret": ResourceType(create_secret, delete_secret, update_secret, replaces=frozenset({"Name"}), read=read_secret),
    "AWS::SecretsManager::RotationSchedule": ResourceType(create_rotation, delete_rotation, update_rotation, replaces=frozenset({"SecretId"})),
    "AWS::SecretsManager::ResourcePolicy": ResourceType(create_policy, delete_policy, update_policy, replaces=frozenset({"SecretId"})),
    "AWS::SecretsManager::SecretTargetAttachment": ResourceType(create_attachment, delete_attachment, update_attachment,
                                                                replaces=frozenset({"SecretId"})),
}
