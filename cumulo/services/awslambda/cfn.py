"""Lambda's CloudFormation resource types, made through Lambda's own API
(cumulo.core.provisioning): functions, versions, aliases, permissions, event source
mappings, layers and their permissions, function URLs and event invoke configs.

A function's `Code.ZipFile` is source text, as in a template: CloudFormation writes
it to `index.py` / `index.js` in a zip with its `cfnresponse` / `cfn-response` helper
module beside it (for custom resources), and so does this provider.
"""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

from cumulo.core.errors import AwsError
from cumulo.core.provisioning import ProvisionContext, Resource, ResourceType
from cumulo.core.cfnshape import typed

_GONE = {"ResourceNotFoundException"}

# The helper modules CloudFormation puts beside inline code, written for cumulo: they
# PUT the custom resource's response to the pre-signed URL in the event.
_CFNRESPONSE_PY = '''"""Send a custom resource's response to CloudFormation (cfnresponse, as in inline code)."""
import json
import urllib.request

SUCCESS = "SUCCESS"
FAILED = "FAILED"


def send(event, context, responseStatus, responseData, physicalResourceId=None, noEcho=False, reason=None):
    body = json.dumps({
        "Status": responseStatus,
        "Reason": reason or "See the details in CloudWatch Log Stream: " + context.log_stream_name,
        "PhysicalResourceId": physicalResourceId or context.log_stream_name,
        "StackId": event["StackId"],
        "RequestId": event["RequestId"],
        "LogicalResourceId": event["LogicalResourceId"],
        "NoEcho": noEcho,
        "Data": responseData,
    }).encode()
    request = urllib.request.Request(event["ResponseURL"], data=body, method="PUT",
                                     headers={"Content-Type": "", "Content-Length": str(len(body))})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            print("Status code:", response.status)
    except Exception as e:
        print("send(..) failed executing request:", e)
'''

_CFN_RESPONSE_JS = '''// Send a custom resource's response to CloudFormation (cfn-response, as in inline code).
exports.SUCCESS = "SUCCESS";
exports.FAILED = "FAILED";
exports.send = function (event, context, responseStatus, responseData, physicalResourceId, noEcho) {
  return new Promise(function (resolve) {
    var body = JSON.stringify({
      Status: responseStatus,
      Reason: "See the details in CloudWatch Log Stream: " + context.logStreamName,
      PhysicalResourceId: physicalResourceId || context.logStreamName,
      StackId: event.StackId,
      RequestId: event.RequestId,
      LogicalResourceId: event.LogicalResourceId,
      NoEcho: noEcho || false,
      Data: responseData,
    });
    var url = new URL(event.ResponseURL);
    var client = require(url.protocol === "https:" ? "https" : "http");
    var request = client.request(url, {method: "PUT", headers: {"content-type": "", "content-length": Buffer.byteLength(body)}},
      function (response) { console.log("Status code: " + response.statusCode); response.resume(); response.on("end", finish); });
    request.on("error", function (error) { console.log("send(..) failed executing request: " + error); finish(); });
    request.write(body);
    request.end();
    function finish() { resolve(); if (context.done) { context.done(); } }
  });
};
'''


async def _call(ctx: ProvisionContext, op: str, request: dict[str, Any]) -> dict[str, Any]:
    return await ctx.call("lambda", op, typed("lambda", op, request))


async def _quiet(ctx: ProvisionContext, op: str, request: dict[str, Any]) -> dict[str, Any] | None:
    try:
        return await _call(ctx, op, request)
    except AwsError as e:
        if e.code not in _GONE:
            raise
        return None


def _pick(props: dict[str, Any], *names: str) -> dict[str, Any]:
    return {n: props[n] for n in names if props.get(n) is not None}


# ---------------------------------------------------------------- AWS::Lambda::Function


def inline_zip(source: str, runtime: str) -> bytes:
    """The deployment package CloudFormation builds from `Code.ZipFile`."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in _inline_files(source, runtime).items():
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.external_attr = 0o100644 << 16
            archive.writestr(info, text)
    return out.getvalue()


def _inline_files(source: str, runtime: str) -> dict[str, str]:
    if runtime.startswith("nodejs"):
        return {"index.js": source, "node_modules/cfn-response/index.js": _CFN_RESPONSE_JS, "cfn-response.js": _CFN_RESPONSE_JS}
    if runtime.startswith("python"):
        return {"index.py": source, "cfnresponse.py": _CFNRESPONSE_PY}
    return {"index": source}


def _code(props: dict[str, Any]) -> dict[str, Any]:
    code = dict(props.get("Code") or {})
    if "ZipFile" in code:
        return {"ZipFile": inline_zip(code["ZipFile"], props.get("Runtime", ""))}
    return _pick(code, "S3Bucket", "S3Key", "S3ObjectVersion", "ImageUri", "SourceKMSKeyArn")


_CONFIG = ("Role", "Handler", "Description", "Timeout", "MemorySize", "VpcConfig", "Environment", "Runtime", "DeadLetterConfig",
           "KMSKeyArn", "TracingConfig", "Layers", "FileSystemConfigs", "ImageConfig", "EphemeralStorage", "SnapStart", "LoggingConfig")
# What a configuration member goes back to when the template drops it.
_CLEARED: dict[str, Any] = {
    "Description": "", "Timeout": 3, "MemorySize": 128, "Environment": {"Variables": {}}, "Layers": [], "DeadLetterConfig": {},
    "TracingConfig": {"Mode": "PassThrough"}, "VpcConfig": {"SubnetIds": [], "SecurityGroupIds": []}, "FileSystemConfigs": [],
    "EphemeralStorage": {"Size": 512}, "SnapStart": {"ApplyOn": "None"}, "KMSKeyArn": "",
}


def _config(props: dict[str, Any]) -> dict[str, Any]:
    config = _pick(props, *_CONFIG)
    if "KmsKeyArn" in props:  # the template spells it KmsKeyArn, the API KMSKeyArn
        config["KMSKeyArn"] = props["KmsKeyArn"]
    return config


async def _function(ctx: ProvisionContext, name: str) -> Resource:
    config = await _call(ctx, "GetFunctionConfiguration", {"FunctionName": name})
    snap = config.get("SnapStart") or {"ApplyOn": "None", "OptimizationStatus": "Off"}
    return Resource(config["FunctionName"], {
        "Arn": config["FunctionArn"], "SnapStartResponse": snap,
        "SnapStartResponse.ApplyOn": snap.get("ApplyOn", "None"), "SnapStartResponse.OptimizationStatus": snap.get("OptimizationStatus", "Off"),
    })


async def create_function(ctx: ProvisionContext, props: dict[str, Any]) -> Resource:
    name = props.get("FunctionName") or ctx.physical_name(64)
    request: dict[str, Any] = {"FunctionName": name, "Code": _code(props), **_config(props)}
    request.update(_pick(props, "PackageType", "Architectures", "CodeSigningConfigArn"))
    if tags := ctx.tag_map(props.get("Tags")):
        request["Tags"] = tags
    await _call(ctx, "CreateFunction", request)
    if props.get("ReservedConcurrentExecutions") is not None:
        await _call(ctx, "PutFunctionConcurrency", {"FunctionName": name, "ReservedConcurrentExecutions": props["ReservedConcurrentExecutions"]})
    if props.get("RuntimeManagementConfig"):
        await _call(ctx, "PutRuntimeManagementConfig", {"FunctionName": name, **props["RuntimeManagementConfig"]})
    if props.get("RecursiveLoop"):
        await _call(ctx, "PutFunctionRecursionConfig", {"FunctionName": name, "RecursiveLoop": props["RecursiveLoop"]})
    return await _function(ctx, name)


async def update_function(ctx: ProvisionContext, name: str, props: dict[str, Any], old: dict[str, Any]) -> Resource:
    if props.get("Code") != old.get("Code") or props.get("Architectures") != old.get("Architectures"):
        code = _code(props)
        code.pop("SourceKMSKeyArn", None)
        if props.get("Architectures"):
            code["Architectures"] = props["Architectures"]
        await _call(ctx, "UpdateFunctionCode", {"FunctionName": name, **code})
    new_config, old_config = _config(props), _config(old)
    if new_config != old_config:
        change = {k: v for k, v in new_config.items() if old_config.get(k) != v}
        change.update({k: _CLEARED[k] for k in old_config.keys() - new_config.keys() if k in _CLEARED})
        if change:
            await _call(ctx, "UpdateFunctionConfiguration", {"FunctionName": name, **change})
    if props.get("ReservedConcurrentExecutions") != old.get("ReservedConcurrentExecutions"):
        if props.get("ReservedConcurrentExecutions") is None:
            await _call(ctx, "DeleteFunctionConcurrency", {"FunctionName": name})
        else:
            await _call(ctx, "PutFunctionConcurrency", {"FunctionName": name, "ReservedConcurrentExecutions": props["ReservedConcurrentExecutions"]})
    if props.get("RecursiveLoop") != old.get("RecursiveLoop"):
        await _call(ctx, "PutFunctionRecursionConfig", {"FunctionName": name, "RecursiveLoop": props.get("RecursiveLoop") or "Terminate"})
    if props.get("RuntimeManagementConfig") != old.get("RuntimeManagementConfig"):
        await _call(ctx, "PutRuntimeManagementConfig", {"FunctionName": name, **(props.get("RuntimeManagementConfig") or {"UpdateRuntimeOn": "Auto"})})
    made = await _function(ctx, name)
    new_tags, old_tags = ctx.tag_map(props.get("Tags")), ctx.tag_map(old.get("Tags"))
    if gone := sorted(old_tags.keys() - new_tags.keys()):
        await _call(ctx, "UntagResource", {"Resource": made.attributes["Arn"], "TagKeys": gone})
    if new_tags and new_tags != old_tags:
        await _call(ctx, "TagResource", {"Resource": made.attributes["Arn"], "Tags": new_tags})
    return made


async def delete_function(ctx: ProvisionContext, name: str, props: dict[str, Any]) -> None:
    await _quiet(ctx, "DeleteFunction", {"FunctionName": name})


async def read_function(ctx: ProvisionContext, name: str, props: dict[str, Any]) -> dict[str, Any]:
    config = await _call(ctx, "GetFunctionConfiguration", {"FunctionName": name})
    current: dict[str, Any] = {"FunctionName": name}
    for key in ("Role", "Handler", "Description", "Timeout", "MemorySize", "Runtime", "PackageType", "Architectures", "TracingConfig", "EphemeralStorage"):
        if config.get(key) not in (None, ""):
            current[key] = config[key]
    if variables := (config.get("Environment") or {}).get("Variables"):
        current["Environment"] = {"Variables": variables}
    if layers := config.get("Layers"):
        current["Layers"] = [layer["Arn"] for layer in layers]
    return current


# ---------------------------------------------------------------- versions and aliases


async def create_version(ctx: ProvisionContext, props: dict[str, Any]) -> Resource:
    published = await _call(ctx, "PublishVersion", _pick(props, "FunctionName", "CodeSha256", "Description"))
    version, arn = published["Version"], published["FunctionArn"]
    await _provisioned(ctx, props["FunctionName"], version, props.get("ProvisionedConcurrencyConfig"), None)
    if props.get("RuntimePolicy"):
        await _call(ctx, "PutRuntimeManagementConfig", {"FunctionName": props["FunctionName"], "Qualifier": version, **props["RuntimePolicy"]})
    return Resource(arn, {"Version": version, "FunctionArn": arn})


async def _provisioned(ctx: ProvisionContext, function: str, qualifier: str, new: dict[str, Any] | None, old: dict[str, Any] | None) -> None:
    if new == old:
        return
    if new:
        await _call(ctx, "PutProvisionedConcurrencyConfig", {"FunctionName": function, "Qualifier": qualifier,
                                                             "ProvisionedConcurrentExecutions": new["ProvisionedConcurrentExecutions"]})
    else:
        await _quiet(ctx, "DeleteProvisionedConcurrencyConfig", {"FunctionName": function, "Qualifier": qualifier})


async def update_version(ctx: ProvisionContext, arn: str, props: dict[str, Any], old: dict[str, Any]) -> Resource:
    version = arn.rsplit(":", 1)[1]
    await _provisioned(ctx, props["FunctionName"], version, props.get("ProvisionedConcurrencyConfig"), old.get("ProvisionedConcurrencyConfig"))
    return Resource(arn, {"Version": version, "FunctionArn": arn})


async def delete_version(ctx: ProvisionContext, arn: str, props: dict[str, Any]) -> None:
    try:
        await _quiet(ctx, "DeleteFunction", {"FunctionName": arn})
    except AwsError as e:
        # An alias outside the stack still pointing at it keeps the version, as on AWS;
        # anything else is the stack's error.
        if e.code != "ResourceConflictException":
            raise


def _routing(config: dict[str, Any] | None) -> dict[str, Any]:
    weights = (config or {}).get("AdditionalVersionWeights") or []
    return {"AdditionalVersionWeights": {w["FunctionVersion"]: float(w["FunctionWeight"]) for w in weights}}


async def create_alias(ctx: ProvisionContext, props: dict[str, Any]) -> Resource:
    request = {**_pick(props, "FunctionName", "Name", "FunctionVersion", "Description"), "RoutingConfig": _routing(props.get("RoutingConfig"))}
    arn = (await _call(ctx, "CreateAlias", request))["AliasArn"]
    await _provisioned(ctx, props["FunctionName"], props["Name"], props.get("ProvisionedConcurrencyConfig"), None)
    return Resource(arn, {"AliasArn": arn})


async def update_alias(ctx: ProvisionContext, arn: str, props: dict[str, Any], old: dict[str, Any]) -> Resource:
    request = {**_pick(props, "FunctionName", "Name", "FunctionVersion"), "Description": props.get("Description", ""),
               "RoutingConfig": _routing(props.get("RoutingConfig"))}
    await _call(ctx, "UpdateAlias", request)
    await _provisioned(ctx, props["FunctionName"], props["Name"], props.get("ProvisionedConcurrencyConfig"), old.get("ProvisionedConcurrencyConfig"))
    return Resource(arn, {"AliasArn": arn})


async def delete_alias(ctx: ProvisionContext, arn: str, props: dict[str, Any]) -> None:
    await _quiet(ctx, "DeleteAlias", {"FunctionName": props["FunctionName"], "Name": props["Name"]})


# ---------------------------------------------------------------- permissions


async def create_permission(ctx: ProvisionContext, props: dict[str, Any]) -> Resource:
    sid = ctx.physical_name(100)
    request = {"StatementId": sid, **_pick(props, "FunctionName", "Action", "Principal", "SourceAccount", "SourceArn",
                                            "EventSourceToken", "FunctionUrlAuthType", "PrincipalOrgID", "InvokedViaFunctionUrl")}
    await _call(ctx, "AddPermission", request)
    return Resource(sid, {"Id": sid})


async def delete_permission(ctx: ProvisionContext, sid: str, props: dict[str, Any]) -> None:
    await _quiet(ctx, "RemovePermission", {"FunctionName": props["FunctionName"], "StatementId": sid})


async def read_permission(ctx: ProvisionContext, sid: str, props: dict[str, Any]) -> dict[str, Any]:
    policy = json.loads((await _call(ctx, "GetPolicy", {"FunctionName": props["FunctionName"]}))["Policy"])
    statement = next((s for s in policy["Statement"] if s.get("Sid") == sid), None)
    if statement is None:
        raise AwsError("ResourceNotFoundException", f"No policy is associated with the given resource: statement {sid}", status=404)
    return {"FunctionName": props["FunctionName"], "Action": statement["Action"]}


# ---------------------------------------------------------------- event source mappings


_MAPPING = ("BatchSize", "BisectBatchOnFunctionError", "DestinationConfig", "Enabled", "FilterCriteria", "FunctionResponseTypes",
            "MaximumBatchingWindowInSeconds", "MaximumRecordAgeInSeconds", "MaximumRetryAttempts", "ParallelizationFactor",
            "ScalingConfig", "SourceAccessConfigurations", "TumblingWindowInSeconds", "DocumentDBEventSourceConfig", "KMSKeyArn",
            "MetricsConfig", "ProvisionedPollerConfig")
_MAPPING_ONCE = ("EventSourceArn", "StartingPosition", "StartingPositionTimestamp", "Topics", "Queues", "SelfManagedEventSource",
                 "AmazonManagedKafkaEventSourceConfig", "SelfManagedKafkaEventSourceConfig")


def _mapping_config(props: dict[str, Any]) -> dict[str, Any]:
    config = _pick(props, *_MAPPING)
    if "KmsKeyArn" in props:
        config["KMSKeyArn"] = props["KmsKeyArn"]
    return config


async def create_mapping(ctx: ProvisionContext, props: dict[str, Any]) -> Resource:
    request = {"FunctionName": props["FunctionName"], **_pick(props, *_MAPPING_ONCE), **_mapping_config(props)}
    if tags := ctx.tag_map(props.get("Tags")):
        request["Tags"] = tags
    made = await _call(ctx, "CreateEventSourceMapping", request)
    return Resource(made["UUID"], {"Id": made["UUID"], "EventSourceMappingArn": made.get("EventSourceMappingArn", "")})


async def update_mapping(ctx: ProvisionContext, uuid: str, props: dict[str, Any], old: dict[str, Any]) -> Resource:
    request = {"UUID": uuid, "FunctionName": props["FunctionName"], **_mapping_config(props)}
    if "Enabled" not in request:
        request["Enabled"] = True
    if "FilterCriteria" not in request and old.get("FilterCriteria"):
        request["FilterCriteria"] = {"Filters": []}
    made = await _call(ctx, "UpdateEventSourceMapping", request)
    return Resource(uuid, {"Id": uuid, "EventSourceMappingArn": made.get("EventSourceMappingArn", "")})


async def delete_mapping(ctx: ProvisionContext, uuid: str, props: dict[str, Any]) -> None:
    await _quiet(ctx, "DeleteEventSourceMapping", {"UUID": uuid})


async def read_mapping(ctx: ProvisionContext, uuid: str, props: dict[str, Any]) -> dict[str, Any]:
    got = await _call(ctx, "GetEventSourceMapping", {"UUID": uuid})
    current: dict[str, Any] = {k: got[k] for k in ("EventSourceArn", "BatchSize", "MaximumBatchingWindowInSeconds") if k in got}
    current["FunctionName"] = got["FunctionArn"]
    current["Enabled"] = got.get("State") in ("Enabled", "Enabling", "Creating")
    return current


# ---------------------------------------------------------------- layers


async def create_layer_version(ctx: ProvisionContext, props: dict[str, Any]) -> Resource:
    content = _pick(props.get("Content") or {}, "S3Bucket", "S3Key", "S3ObjectVersion")
    request = {"LayerName": props.get("LayerName") or ctx.physical_name(140), "Content": content,
               **_pick(props, "Description", "CompatibleRuntimes", "CompatibleArchitectures", "LicenseInfo")}
    arn = (await _call(ctx, "PublishLayerVersion", request))["LayerVersionArn"]
    return Resource(arn, {"LayerVersionArn": arn})


def _layer_parts(arn: str) -> tuple[str, int]:
    # arn:aws:lambda:<region>:<account>:layer:<name>:<version>
    head, version = arn.rsplit(":", 1)
    return head, int(version)


async def delete_layer_version(ctx: ProvisionContext, arn: str, props: dict[str, Any]) -> None:
    layer, version = _layer_parts(arn)
    await _quiet(ctx, "DeleteLayerVersion", {"LayerName": layer, "VersionNumber": version})


async def create_layer_permission(ctx: ProvisionContext, props: dict[str, Any]) -> Resource:
    layer, version = _layer_parts(props["LayerVersionArn"])
    sid = ctx.physical_name(100)
    await _call(ctx, "AddLayerVersionPermission", {"LayerName": layer, "VersionNumber": version, "StatementId": sid,
                                                   **_pick(props, "Action", "Principal", "OrganizationId")})
    pid = f"{props['LayerVersionArn']}#{sid}"
    return Resource(pid, {"Id": pid})


async def delete_layer_permission(ctx: ProvisionContext, pid: str, props: dict[str, Any]) -> None:
    arn, sid = pid.rsplit("#", 1)
    layer, version = _layer_parts(arn)
    await _quiet(ctx, "RemoveLayerVersionPermission", {"LayerName": layer, "VersionNumber": version, "StatementId": sid})


# ---------------------------------------------------------------- URLs and event invoke configs


async def create_url(ctx: ProvisionContext, props: dict[str, Any]) -> Resource:
    request = {"FunctionName": props["TargetFunctionArn"], **_pick(props, "Qualifier", "AuthType", "Cors", "InvokeMode")}
    made = await _call(ctx, "CreateFunctionUrlConfig", request)
    return Resource(made["FunctionArn"], {"FunctionArn": made["FunctionArn"], "FunctionUrl": made["FunctionUrl"]})


async def update_url(ctx: ProvisionContext, arn: str, props: dict[str, Any], old: dict[str, Any]) -> Resource:
    request = {"FunctionName": props["TargetFunctionArn"], **_pick(props, "Qualifier", "AuthType", "InvokeMode"), "Cors": props.get("Cors") or {}}
    made = await _call(ctx, "UpdateFunctionUrlConfig", request)
    return Resource(arn, {"FunctionArn": made["FunctionArn"], "FunctionUrl": made["FunctionUrl"]})


async def delete_url(ctx: ProvisionContext, arn: str, props: dict[str, Any]) -> None:
    await _quiet(ctx, "DeleteFunctionUrlConfig", {"FunctionName": props["TargetFunctionArn"], **_pick(props, "Qualifier")})


async def read_url(ctx: ProvisionContext, arn: str, props: dict[str, Any]) -> dict[str, Any]:
    got = await _call(ctx, "GetFunctionUrlConfig", {"FunctionName": props["TargetFunctionArn"], **_pick(props, "Qualifier")})
    return {"TargetFunctionArn": props["TargetFunctionArn"], "AuthType": got["AuthType"], "InvokeMode": got.get("InvokeMode", "BUFFERED")}


async def put_invoke_config(ctx: ProvisionContext, props: dict[str, Any]) -> Resource:
    request = {**_pick(props, "FunctionName", "Qualifier", "DestinationConfig", "MaximumEventAgeInSeconds", "MaximumRetryAttempts")}
    await _call(ctx, "PutFunctionEventInvokeConfig", request)
    return Resource(f"{props['FunctionName']}|{props['Qualifier']}")


async def update_invoke_config(ctx: ProvisionContext, pid: str, props: dict[str, Any], old: dict[str, Any]) -> Resource:
    return await put_invoke_config(ctx, props)


async def delete_invoke_config(ctx: ProvisionContext, pid: str, props: dict[str, Any]) -> None:
    await _quiet(ctx, "DeleteFunctionEventInvokeConfig", _pick(props, "FunctionName", "Qualifier"))


# ---------------------------------------------------------------- code signing configs


def _signing(props: dict[str, Any]) -> dict[str, Any]:
    request = {"AllowedPublishers": props["AllowedPublishers"], "Description": props.get("Description", "")}
    if props.get("CodeSigningPolicies"):
        request["CodeSigningPolicies"] = props["CodeSigningPolicies"]
    return request


def _signing_config(config: dict[str, Any]) -> Resource:
    return Resource(config["CodeSigningConfigArn"], {"CodeSigningConfigArn": config["CodeSigningConfigArn"],
                                                     "CodeSigningConfigId": config["CodeSigningConfigId"]})


async def create_signing_config(ctx: ProvisionContext, props: dict[str, Any]) -> Resource:
    request = _signing(props)
    if tags := ctx.tag_map(props.get("Tags")):
        request["Tags"] = tags
    return _signing_config((await _call(ctx, "CreateCodeSigningConfig", request))["CodeSigningConfig"])


async def update_signing_config(ctx: ProvisionContext, arn: str, props: dict[str, Any], old: dict[str, Any]) -> Resource:
    config = (await _call(ctx, "UpdateCodeSigningConfig", {"CodeSigningConfigArn": arn, **_signing(props)}))["CodeSigningConfig"]
    new_tags, old_tags = ctx.tag_map(props.get("Tags")), ctx.tag_map(old.get("Tags"))
    if gone := sorted(old_tags.keys() - new_tags.keys()):
        await _call(ctx, "UntagResource", {"Resource": arn, "TagKeys": gone})
    if new_tags and new_tags != old_tags:
        await _call(ctx, "TagResource", {"Resource": arn, "Tags": new_tags})
    return _signing_config(config)


async def delete_signing_config(ctx: ProvisionContext, arn: str, props: dict[str, Any]) -> None:
    await _quiet(ctx, "DeleteCodeSigningConfig", {"CodeSigningConfigArn": arn})


RESOURCE_TYPES = {
    "AWS::Lambda::Function": ResourceType(create_function, delete_function, update_function, replaces=frozenset({"FunctionName"}), read=read_function),
    "AWS::Lambda::Version": ResourceType(create_version, delete_version, update_version,
                                         replaces=frozenset({"FunctionName", "CodeSha256", "Description", "RuntimePolicy"})),
    "AWS::Lambda::Alias": ResourceType(create_alias, delete_alias, update_alias, replaces=frozenset({"FunctionName", "Name"})),
    "AWS::Lambda::Permission": ResourceType(create_permission, delete_permission, None, read=read_permission),
    "AWS::Lambda::EventSourceMapping": ResourceType(create_mapping, delete_mapping, update_mapping, replaces=frozenset(_MAPPING_ONCE), read=read_mapping),
    "AWS::Lambda::LayerVersion": ResourceType(create_layer_version, delete_layer_version, None),
    "AWS::Lambda::LayerVersionPermission": ResourceType(create_layer_permission, delete_layer_permission, None),
    "AWS::Lambda::Url": ResourceType(create_url, delete_url, update_url, replaces=frozenset({"TargetFunctionArn", "Qualifier"}), read=read_url),
    "AWS::Lambda::EventInvokeConfig": ResourceType(put_invoke_config, delete_invoke_config, update_invoke_config,
                                                   replaces=frozenset({"FunctionName", "Qualifier"})),
    "AWS::Lambda::CodeSigningConfig": ResourceType(create_signing_config, delete_signing_config, update_signing_config),
}
