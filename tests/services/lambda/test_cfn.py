"""Lambda's CloudFormation providers, driven directly (the stack engine's tests drive them in stacks)."""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

from cumulo.testing import CumuloServer
from tests.services.cfn_support import delete_twice, make, make_in_stack, read, replaces, update
from tests.services.lambda_zip import make_zip

ROLE = "arn:aws:iam::000000000000:role/lambda-role"
INLINE = '''
import os, cfnresponse
def handler(event, context):
    return {"greeting": os.environ.get("GREETING", "none"), "helper": cfnresponse.SUCCESS}
'''


def _function(extra: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"Runtime": "python3.12", "Handler": "index.handler", "Role": ROLE, "Code": {"ZipFile": INLINE}, "Timeout": "10", **(extra or {})}


def test_function_inline_code_update_and_delete(cumulo: CumuloServer, lam: Any) -> None:
    props = _function({"Environment": {"Variables": {"GREETING": "hello"}}, "Tags": [{"Key": "team", "Value": "a"}], "ReservedConcurrentExecutions": "2"})
    ctx, made = make(cumulo, "AWS::Lambda::Function", props)
    config = lam.get_function_configuration(FunctionName=made.physical_id)
    assert made.physical_id.startswith("stack-Resource-") and made.attributes["Arn"] == config["FunctionArn"]
    assert made.attributes["SnapStartResponse.ApplyOn"] == "None" and config["Timeout"] == 10
    assert lam.list_tags(Resource=config["FunctionArn"])["Tags"] == {"team": "a"}
    assert lam.get_function_concurrency(FunctionName=made.physical_id)["ReservedConcurrentExecutions"] == 2
    package = lam.get_function(FunctionName=made.physical_id)["Code"]
    assert package["RepositoryType"] == "S3"
    out = json.loads(lam.invoke(FunctionName=made.physical_id, Payload=b"{}")["Payload"].read())
    assert out == {"greeting": "hello", "helper": "SUCCESS"}

    assert replaces("AWS::Lambda::Function") == {"FunctionName"}
    new = _function({"Code": {"ZipFile": INLINE.replace('"none"', '"changed"')}, "MemorySize": 256})
    update(cumulo, "AWS::Lambda::Function", ctx, made, new, props)
    config = lam.get_function_configuration(FunctionName=made.physical_id)
    assert config["MemorySize"] == 256 and "Environment" not in config or config["Environment"].get("Variables", {}) == {}
    assert lam.list_tags(Resource=config["FunctionArn"]).get("Tags", {}) == {}
    assert "ReservedConcurrentExecutions" not in lam.get_function_concurrency(FunctionName=made.physical_id)
    assert json.loads(lam.invoke(FunctionName=made.physical_id, Payload=b"{}")["Payload"].read())["greeting"] == "changed"
    assert read(cumulo, "AWS::Lambda::Function", ctx, made, new)["MemorySize"] == 256

    delete_twice(cumulo, "AWS::Lambda::Function", ctx, made, new)
    with pytest.raises(ClientError, match="ResourceNotFoundException"):
        lam.get_function(FunctionName=made.physical_id)


def test_code_and_layer_from_s3(cumulo: CumuloServer, lam: Any) -> None:
    s3 = boto3.client("s3", endpoint_url=cumulo.url, region_name="us-east-1")
    s3.create_bucket(Bucket="artifacts")
    s3.put_object(Bucket="artifacts", Key="fn.zip", Body=make_zip({"app.py": "def handler(e, c):\n    return 'from s3'\n"}))
    s3.put_object(Bucket="artifacts", Key="layer.zip", Body=make_zip({"python/shared.py": "X = 1\n"}))
    lctx, layer = make(cumulo, "AWS::Lambda::LayerVersion", {"Content": {"S3Bucket": "artifacts", "S3Key": "layer.zip"}, "CompatibleRuntimes": ["python3.12"]}, "Layer")
    assert layer.attributes["LayerVersionArn"] == layer.physical_id == lam.get_layer_version_by_arn(Arn=layer.physical_id)["LayerVersionArn"]
    pctx, perm = make(cumulo, "AWS::Lambda::LayerVersionPermission", {"LayerVersionArn": layer.physical_id, "Action": "lambda:GetLayerVersion", "Principal": "*"})
    layer_name, version = layer.physical_id.rsplit(":", 1)
    assert "Statement" in lam.get_layer_version_policy(LayerName=layer_name, VersionNumber=int(version))["Policy"]
    props = {"Runtime": "python3.12", "Handler": "app.handler", "Role": ROLE, "Code": {"S3Bucket": "artifacts", "S3Key": "fn.zip"}, "Layers": [layer.physical_id]}
    fctx, fn = make(cumulo, "AWS::Lambda::Function", props, "Fn")
    assert [x["Arn"] for x in lam.get_function_configuration(FunctionName=fn.physical_id)["Layers"]] == [layer.physical_id]
    assert json.loads(lam.invoke(FunctionName=fn.physical_id)["Payload"].read()) == "from s3"
    delete_twice(cumulo, "AWS::Lambda::Function", fctx, fn, props)
    delete_twice(cumulo, "AWS::Lambda::LayerVersionPermission", pctx, perm, {})
    with pytest.raises(ClientError, match="ResourceNotFoundException"):
        lam.get_layer_version_policy(LayerName=layer_name, VersionNumber=int(version))
    delete_twice(cumulo, "AWS::Lambda::LayerVersion", lctx, layer, {})
    assert lam.list_layer_versions(LayerName=layer_name)["LayerVersions"] == []


def test_version_alias_permission_url_and_invoke_config(cumulo: CumuloServer, lam: Any) -> None:
    fctx, fn = make(cumulo, "AWS::Lambda::Function", _function(), "Fn")
    vctx, version = make(cumulo, "AWS::Lambda::Version", {"FunctionName": fn.physical_id, "Description": "first"}, "V1")
    assert version.attributes["Version"] == "1" and version.physical_id == version.attributes["FunctionArn"] == f"{fn.attributes['Arn']}:1"
    assert [v["Version"] for v in lam.list_versions_by_function(FunctionName=fn.physical_id)["Versions"]] == ["$LATEST", "1"]

    alias_props = {"FunctionName": fn.physical_id, "Name": "live", "FunctionVersion": version.attributes["Version"]}
    actx, alias = make(cumulo, "AWS::Lambda::Alias", alias_props, "Live")
    assert alias.physical_id == alias.attributes["AliasArn"] == lam.get_alias(FunctionName=fn.physical_id, Name="live")["AliasArn"]
    update(cumulo, "AWS::Lambda::Function", fctx, fn, _function({"MemorySize": 256}), _function())
    v2ctx, v2 = make(cumulo, "AWS::Lambda::Version", {"FunctionName": fn.physical_id, "Description": "second"}, "V2")
    update(cumulo, "AWS::Lambda::Alias", actx, alias, {**alias_props, "FunctionVersion": "2", "Description": "moved",
                                                      "RoutingConfig": {"AdditionalVersionWeights": [{"FunctionVersion": "1", "FunctionWeight": "0.25"}]}}, alias_props)
    got = lam.get_alias(FunctionName=fn.physical_id, Name="live")
    assert got["FunctionVersion"] == "2" and got["RoutingConfig"]["AdditionalVersionWeights"] == {"1": 0.25}

    perm_props = {"FunctionName": fn.attributes["Arn"], "Action": "lambda:InvokeFunction", "Principal": "sns.amazonaws.com",
                  "SourceArn": "arn:aws:sns:us-east-1:000000000000:topic"}
    pctx, perm = make(cumulo, "AWS::Lambda::Permission", perm_props, "Perm")
    statement = json.loads(lam.get_policy(FunctionName=fn.physical_id)["Policy"])["Statement"]
    assert [s["Sid"] for s in statement] == [perm.physical_id] and perm.attributes["Id"] == perm.physical_id
    assert read(cumulo, "AWS::Lambda::Permission", pctx, perm, perm_props)["Action"] == "lambda:InvokeFunction"
    delete_twice(cumulo, "AWS::Lambda::Permission", pctx, perm, perm_props)
    with pytest.raises(ClientError, match="ResourceNotFoundException"):
        lam.get_policy(FunctionName=fn.physical_id)

    url_props = {"TargetFunctionArn": fn.attributes["Arn"], "AuthType": "NONE", "Qualifier": "live"}
    uctx, url = make(cumulo, "AWS::Lambda::Url", url_props, "Url")
    got = lam.get_function_url_config(FunctionName=fn.physical_id, Qualifier="live")
    assert url.attributes == {"FunctionArn": got["FunctionArn"], "FunctionUrl": got["FunctionUrl"]} and url.physical_id == got["FunctionArn"]
    update(cumulo, "AWS::Lambda::Url", uctx, url, {**url_props, "AuthType": "AWS_IAM", "Cors": {"AllowOrigins": ["*"]}}, url_props)
    assert lam.get_function_url_config(FunctionName=fn.physical_id, Qualifier="live")["AuthType"] == "AWS_IAM"
    delete_twice(cumulo, "AWS::Lambda::Url", uctx, url, url_props)

    eic = {"FunctionName": fn.physical_id, "Qualifier": "$LATEST", "MaximumRetryAttempts": "1"}
    ectx, config = make(cumulo, "AWS::Lambda::EventInvokeConfig", eic, "Async")
    assert lam.get_function_event_invoke_config(FunctionName=fn.physical_id)["MaximumRetryAttempts"] == 1
    update(cumulo, "AWS::Lambda::EventInvokeConfig", ectx, config, {**eic, "MaximumRetryAttempts": 0, "MaximumEventAgeInSeconds": 120}, eic)
    got = lam.get_function_event_invoke_config(FunctionName=fn.physical_id)
    assert got["MaximumRetryAttempts"] == 0 and got["MaximumEventAgeInSeconds"] == 120
    delete_twice(cumulo, "AWS::Lambda::EventInvokeConfig", ectx, config, eic)

    delete_twice(cumulo, "AWS::Lambda::Alias", actx, alias, alias_props)
    delete_twice(cumulo, "AWS::Lambda::Version", vctx, version, {"FunctionName": fn.physical_id})
    delete_twice(cumulo, "AWS::Lambda::Version", v2ctx, v2, {"FunctionName": fn.physical_id})
    assert [v["Version"] for v in lam.list_versions_by_function(FunctionName=fn.physical_id)["Versions"]] == ["$LATEST"]
    delete_twice(cumulo, "AWS::Lambda::Function", fctx, fn, {})


def test_event_source_mapping(cumulo: CumuloServer, lam: Any, sqs: Any) -> None:
    queue_arn = sqs.get_queue_attributes(QueueUrl=sqs.create_queue(QueueName="src")["QueueUrl"], AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    fctx, fn = make(cumulo, "AWS::Lambda::Function", _function(), "Fn")
    props = {"FunctionName": fn.physical_id, "EventSourceArn": queue_arn, "BatchSize": "5", "Enabled": "false"}
    ctx, mapping = make(cumulo, "AWS::Lambda::EventSourceMapping", props)
    got = lam.get_event_source_mapping(UUID=mapping.physical_id)
    assert mapping.attributes["Id"] == got["UUID"] and got["BatchSize"] == 5 and got["State"] in ("Disabled", "Disabling", "Creating")
    assert mapping.attributes["EventSourceMappingArn"] == got.get("EventSourceMappingArn", "")
    assert "EventSourceArn" in replaces("AWS::Lambda::EventSourceMapping")
    new = {"FunctionName": fn.physical_id, "EventSourceArn": queue_arn, "BatchSize": 7, "FilterCriteria": {"Filters": [{"Pattern": json.dumps({"body": {"k": ["v"]}})}]}}
    update(cumulo, "AWS::Lambda::EventSourceMapping", ctx, mapping, new, props)
    got = lam.get_event_source_mapping(UUID=mapping.physical_id)
    assert got["BatchSize"] == 7 and got["FilterCriteria"]["Filters"] and got["State"] in ("Enabled", "Enabling", "Updating")
    assert read(cumulo, "AWS::Lambda::EventSourceMapping", ctx, mapping, new)["BatchSize"] == 7
    delete_twice(cumulo, "AWS::Lambda::EventSourceMapping", ctx, mapping, new)
    assert lam.list_event_source_mappings()["EventSourceMappings"] == [] or all(
        m["State"] == "Deleting" for m in lam.list_event_source_mappings()["EventSourceMappings"])
    delete_twice(cumulo, "AWS::Lambda::Function", fctx, fn, {})


def test_inline_package_for_node() -> None:
    from cumulo.services.awslambda.cfn import inline_zip

    with zipfile.ZipFile(io.BytesIO(inline_zip("exports.handler = async () => 1;", "nodejs20.x"))) as archive:
        names = set(archive.namelist())
        assert archive.read("index.js") == b"exports.handler = async () => 1;"
    assert {"index.js", "node_modules/cfn-response/index.js"} <= names


def test_stack_tags_propagate(cumulo: CumuloServer, lam: Any) -> None:
    _, made = make_in_stack(cumulo, "AWS::Lambda::Function", _function())
    tags = lam.list_tags(Resource=made.attributes["Arn"])["Tags"]
    assert tags["env"] == "prod" and tags["aws:cloudformation:logical-id"] == "Resource"


def test_code_signing_config(cumulo: CumuloServer, lam: Any) -> None:
    profile = "arn:aws:signer:us-east-1:000000000000:/signing-profiles/app/abc123"
    props = {"AllowedPublishers": {"SigningProfileVersionArns": [profile]}, "CodeSigningPolicies": {"UntrustedArtifactOnDeployment": "Warn"},
             "Description": "signed"}
    ctx, made = make(cumulo, "AWS::Lambda::CodeSigningConfig", props)
    config = lam.get_code_signing_config(CodeSigningConfigArn=made.physical_id)["CodeSigningConfig"]
    assert made.attributes == {"CodeSigningConfigArn": config["CodeSigningConfigArn"], "CodeSigningConfigId": config["CodeSigningConfigId"]}
    fctx, fn = make(cumulo, "AWS::Lambda::Function", _function({"CodeSigningConfigArn": made.physical_id}), "Fn")
    assert lam.get_function_code_signing_config(FunctionName=fn.physical_id)["CodeSigningConfigArn"] == made.physical_id
    update(cumulo, "AWS::Lambda::CodeSigningConfig", ctx, made, {**props, "CodeSigningPolicies": {"UntrustedArtifactOnDeployment": "Enforce"}}, props)
    config = lam.get_code_signing_config(CodeSigningConfigArn=made.physical_id)["CodeSigningConfig"]
    assert config["CodeSigningPolicies"]["UntrustedArtifactOnDeployment"] == "Enforce"
    delete_twice(cumulo, "AWS::Lambda::Function", fctx, fn, {})
    delete_twice(cumulo, "AWS::Lambda::CodeSigningConfig", ctx, made, props)
    assert lam.list_code_signing_configs()["CodeSigningConfigs"] == []


def test_image_function(cumulo: CumuloServer, lam: Any) -> None:
    from tests.services.ecr.conftest import push_image

    ecr = boto3.client("ecr", endpoint_url=cumulo.url, region_name="us-east-1")
    ecr.create_repository(repositoryName="app")
    for tag in ("1", "2"):  # Lambda resolves an image URI in cumulo's registry
        push_image(ecr, "app", tag, [f"layer {tag}".encode()])
    uri = "000000000000.dkr.ecr.us-east-1.amazonaws.com/app:1"
    props = {"PackageType": "Image", "Role": ROLE, "Code": {"ImageUri": uri}}
    ctx, made = make(cumulo, "AWS::Lambda::Function", props)
    got = lam.get_function(FunctionName=made.physical_id)
    assert got["Configuration"]["PackageType"] == "Image" and got["Code"]["ImageUri"] == uri
    update(cumulo, "AWS::Lambda::Function", ctx, made, {**props, "Code": {"ImageUri": uri.replace(":1", ":2")}}, props)
    assert lam.get_function(FunctionName=made.physical_id)["Code"]["ImageUri"].endswith(":2")
    delete_twice(cumulo, "AWS::Lambda::Function", ctx, made, props)
