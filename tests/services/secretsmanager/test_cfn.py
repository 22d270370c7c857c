"""Secrets Manager's CloudFormation providers, driven directly (the stack engine's tests drive them in stacks)."""

import json
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

from cumulo.core.errors import AwsError
from cumulo.services import resource_types
from cumulo.testing import CumuloServer
from tests.services.cfn_support import delete_twice as delete, make, read, update
from tests.services.lambda_zip import make_zip
from tests.services.sample_stack import deploy, load
from tests.services.secretsmanager.test_rotation import ROTATOR


def test_secret_generated_from_a_template(cumulo: CumuloServer, sm: Any) -> None:
    props = {"Description": "db", "GenerateSecretString": {"SecretStringTemplate": '{"username": "admin"}', "GenerateStringKey": "password",
                                                            "PasswordLength": "20", "ExcludeCharacters": "\"@/\\", "ExcludePunctuation": "true"},
             "Tags": [{"Key": "team", "Value": "a"}]}
    ctx, made = make(cumulo, "AWS::SecretsManager::Secret", props)
    got = sm.describe_secret(SecretId=made.physical_id)
    assert made.physical_id == got["ARN"] == made.attributes["Id"] and got["Name"].startswith("Resource-")
    assert got["Tags"] == [{"Key": "team", "Value": "a"}] and got["Description"] == "db"
    value = json.loads(sm.get_secret_value(SecretId=made.physical_id)["SecretString"])
    assert value["username"] == "admin" and len(value["password"]) == 20 and value["password"].isalnum()

    new = {"Description": "db2", "SecretString": json.dumps({"username": "admin", "password": "fixed"}), "ReplicaRegions": [{"Region": "us-west-2"}]}
    update(cumulo, "AWS::SecretsManager::Secret", ctx, made.physical_id, new, props)
    got = sm.describe_secret(SecretId=made.physical_id)
    assert got["Description"] == "db2" and "Tags" not in got or got.get("Tags") == []
    assert [r["Region"] for r in got["ReplicationStatus"]] == ["us-west-2"]
    assert json.loads(sm.get_secret_value(SecretId=made.physical_id)["SecretString"])["password"] == "fixed"
    assert read(cumulo, "AWS::SecretsManager::Secret", ctx, made.physical_id, new)["Description"] == "db2"

    delete(cumulo, "AWS::SecretsManager::Secret", ctx, made.physical_id, new)
    assert sm.list_secrets()["SecretList"] == []
    # Gone at once: the name can be used again.
    sm.create_secret(Name=got["Name"], SecretString="x")


def test_plain_generated_secret_and_policy(cumulo: CumuloServer, sm: Any) -> None:
    ctx, made = make(cumulo, "AWS::SecretsManager::Secret", {"Name": "plain", "GenerateSecretString": {}})
    assert len(sm.get_secret_value(SecretId="plain")["SecretString"]) == 32
    policy = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::000000000000:root"},
                                                      "Action": "secretsmanager:GetSecretValue", "Resource": "*"}]}
    pctx, pol = make(cumulo, "AWS::SecretsManager::ResourcePolicy", {"SecretId": made.physical_id, "ResourcePolicy": policy, "BlockPublicPolicy": "true"})
    assert pol.physical_id == made.physical_id
    assert json.loads(sm.get_resource_policy(SecretId="plain")["ResourcePolicy"]) == policy
    delete(cumulo, "AWS::SecretsManager::ResourcePolicy", pctx, pol.physical_id, {"SecretId": made.physical_id})
    assert "ResourcePolicy" not in sm.get_resource_policy(SecretId="plain")

    with pytest.raises(AwsError):
        make(cumulo, "AWS::SecretsManager::SecretTargetAttachment", {"SecretId": made.physical_id, "TargetId": "db", "TargetType": "AWS::EC2::Instance"})
    delete(cumulo, "AWS::SecretsManager::Secret", ctx, made.physical_id, {})


def test_rotation_schedule(cumulo: CumuloServer, sm: Any) -> None:
    lam = boto3.client("lambda", endpoint_url=cumulo.url, region_name="us-east-1")
    fn = lam.create_function(FunctionName="rotator", Runtime="python3.12", Role="arn:aws:iam::000000000000:role/rotation",
                             Handler="lambda_function.lambda_handler", Code={"ZipFile": make_zip({"lambda_function.py": ROTATOR})},
                             Timeout=30)["FunctionArn"]
    _, secret = make(cumulo, "AWS::SecretsManager::Secret", {"Name": "db", "SecretString": "initial"})
    props = {"SecretId": secret.physical_id, "RotationLambdaARN": fn, "RotationRules": {"AutomaticallyAfterDays": "30"}}
    ctx, rot = make(cumulo, "AWS::SecretsManager::RotationSchedule", props)
    got = sm.describe_secret(SecretId="db")
    assert rot.physical_id == secret.physical_id and got["RotationEnabled"] and got["RotationLambdaARN"] == fn
    assert got["RotationRules"]["AutomaticallyAfterDays"] == 30
    assert sm.get_secret_value(SecretId="db")["SecretString"] != "initial"  # rotated at once, through the function
    update(cumulo, "AWS::SecretsManager::RotationSchedule", ctx, rot.physical_id,
           {**props, "RotationRules": {"ScheduleExpression": "rate(10 days)"}, "RotateImmediatelyOnUpdate": False}, props)
    assert sm.describe_secret(SecretId="db")["RotationRules"]["ScheduleExpression"] == "rate(10 days)"
    delete(cumulo, "AWS::SecretsManager::RotationSchedule", ctx, rot.physical_id, props)
    assert not sm.describe_secret(SecretId="db").get("RotationEnabled")


def test_sample_template_deploys(cumulo: CumuloServer, sm: Any) -> None:
    stack_types = {r["Type"] for r in load("secretsmanager.yaml")["Resources"].values()}
    if missing := stack_types - resource_types().keys():
        pytest.skip(f"the sample also needs {sorted(missing)} (another service's providers)")
    stack = deploy(cumulo, "secretsmanager.yaml")
    secret = stack.physical("Secret")
    assert json.loads(sm.get_secret_value(SecretId=secret)["SecretString"])["username"] == "app"
    assert sm.describe_secret(SecretId=secret)["RotationEnabled"]
    stack.delete()
    with pytest.raises(ClientError):
        sm.describe_secret(SecretId=secret)


def test_stack_tags_reach_the_secret(cumulo: CumuloServer, sm: Any) -> None:
    from cumulo.core.provisioning import ProvisionContext

    stack_id = "arn:aws:cloudformation:us-east-1:000000000000:stack/s/1"
    ctx = ProvisionContext(cumulo.runtime, "000000000000", "us-east-1", "s", stack_id, "Secret",
                           {"aws:cloudformation:stack-name": "s", "aws:cloudformation:stack-id": stack_id})
    made = cumulo.run(resource_types()["AWS::SecretsManager::Secret"].create(ctx, {"SecretString": "x"}))
    tags = {t["Key"]: t["Value"] for t in sm.describe_secret(SecretId=made.physical_id)["Tags"]}
    assert tags == {"aws:cloudformation:stack-name": "s", "aws:cloudformation:stack-id": stack_id}
    with pytest.raises(ClientError):  # a client still may not use the prefix
        sm.tag_resource(SecretId=made.physical_id, Tags=[{"Key": "aws:x", "Value": "y"}])
