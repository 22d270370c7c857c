"""Step Functions' CloudFormation providers, driven directly (the stack engine's tests drive them in stacks)."""

import json
from typing import Any

import boto3

from cumulo.services import resource_types
from cumulo.testing import CumuloServer
from tests.services.cfn_support import delete_twice as delete, make, read, update
from tests.services.sample_stack import deploy

ROLE = "arn:aws:iam::000000000000:role/sfn"
PASS = {"StartAt": "A", "States": {"A": {"Type": "Pass", "Result": "${greeting}", "End": True}}}


def test_state_machine_definitions_update_and_delete(cumulo: CumuloServer, sfn: Any) -> None:
    props = {"RoleArn": ROLE, "Definition": PASS, "DefinitionSubstitutions": {"greeting": "hello"},
             "Tags": [{"Key": "team", "Value": "a"}]}
    ctx, made = make(cumulo, "AWS::StepFunctions::StateMachine", props)
    got = sfn.describe_state_machine(stateMachineArn=made.physical_id)
    assert made.attributes == {"Arn": made.physical_id, "Name": got["name"], "StateMachineRevisionId": got["revisionId"]}
    assert got["name"].startswith("Resource-") and json.loads(got["definition"])["States"]["A"]["Result"] == "hello"
    assert sfn.list_tags_for_resource(resourceArn=made.physical_id)["tags"] == [{"key": "team", "value": "a"}]

    new = {"RoleArn": ROLE, "DefinitionString": json.dumps(PASS).replace("${greeting}", "bye"),
           "LoggingConfiguration": {"Level": "ERROR", "IncludeExecutionData": "true", "Destinations": [
               {"CloudWatchLogsLogGroup": {"LogGroupArn": "arn:aws:logs:us-east-1:000000000000:log-group:/sfn:*"}}]}}
    after = update(cumulo, "AWS::StepFunctions::StateMachine", ctx, made.physical_id, new, props)
    got = sfn.describe_state_machine(stateMachineArn=made.physical_id)
    assert json.loads(got["definition"])["States"]["A"]["Result"] == "bye" and got["loggingConfiguration"]["level"] == "ERROR"
    assert after.attributes["StateMachineRevisionId"] == got["revisionId"] != made.attributes["StateMachineRevisionId"]
    assert sfn.list_tags_for_resource(resourceArn=made.physical_id)["tags"] == []
    assert read(cumulo, "AWS::StepFunctions::StateMachine", ctx, made.physical_id, new)["Definition"]["States"]["A"]["Result"] == "bye"

    delete(cumulo, "AWS::StepFunctions::StateMachine", ctx, made.physical_id, new)
    assert sfn.list_state_machines()["stateMachines"] == []


def test_definition_from_s3_versions_and_alias(cumulo: CumuloServer, sfn: Any) -> None:
    s3 = boto3.client("s3", endpoint_url=cumulo.url, region_name="us-east-1")
    s3.create_bucket(Bucket="defs")
    s3.put_object(Bucket="defs", Key="m.json", Body=json.dumps(PASS).encode())
    props = {"StateMachineName": "m", "RoleArn": ROLE, "DefinitionS3Location": {"Bucket": "defs", "Key": "m.json"},
             "DefinitionSubstitutions": {"greeting": 7}}
    ctx, machine = make(cumulo, "AWS::StepFunctions::StateMachine", props)
    assert machine.attributes["Name"] == "m"
    assert json.loads(sfn.describe_state_machine(stateMachineArn=machine.physical_id)["definition"])["States"]["A"]["Result"] == "7"

    vprops = {"StateMachineArn": machine.physical_id, "StateMachineRevisionId": machine.attributes["StateMachineRevisionId"], "Description": "v1"}
    vctx, version = make(cumulo, "AWS::StepFunctions::StateMachineVersion", vprops)
    assert version.attributes["Arn"] == version.physical_id == machine.physical_id + ":1"
    assert sfn.describe_state_machine(stateMachineArn=version.physical_id)["description"] == "v1"

    aprops = {"Name": "live", "DeploymentPreference": {"StateMachineVersionArn": version.physical_id, "Type": "ALL_AT_ONCE"}}
    actx, alias = make(cumulo, "AWS::StepFunctions::StateMachineAlias", aprops)
    got = sfn.describe_state_machine_alias(stateMachineAliasArn=alias.physical_id)
    assert alias.physical_id == machine.physical_id + ":live"
    assert got["routingConfiguration"] == [{"stateMachineVersionArn": version.physical_id, "weight": 100}]
    new = {"Name": "live", "Description": "d", "RoutingConfiguration": [{"StateMachineVersionArn": version.physical_id, "Weight": "100"}]}
    update(cumulo, "AWS::StepFunctions::StateMachineAlias", actx, alias.physical_id, new, aprops)
    assert sfn.describe_state_machine_alias(stateMachineAliasArn=alias.physical_id)["description"] == "d"
    assert read(cumulo, "AWS::StepFunctions::StateMachineAlias", actx, alias.physical_id, new)["RoutingConfiguration"][0]["Weight"] == 100

    delete(cumulo, "AWS::StepFunctions::StateMachineAlias", actx, alias.physical_id, new)
    delete(cumulo, "AWS::StepFunctions::StateMachineVersion", vctx, version.physical_id, vprops)
    assert sfn.list_state_machine_versions(stateMachineArn=machine.physical_id)["stateMachineVersions"] == []
    delete(cumulo, "AWS::StepFunctions::StateMachine", ctx, machine.physical_id, props)


def test_activity(cumulo: CumuloServer, sfn: Any) -> None:
    props = {"Name": "work", "Tags": [{"Key": "a", "Value": "1"}]}
    ctx, made = make(cumulo, "AWS::StepFunctions::Activity", props)
    assert made.attributes == {"Arn": made.physical_id, "Name": "work"}
    assert sfn.describe_activity(activityArn=made.physical_id)["name"] == "work"
    update(cumulo, "AWS::StepFunctions::Activity", ctx, made.physical_id, {"Name": "work"}, props)
    assert sfn.list_tags_for_resource(resourceArn=made.physical_id)["tags"] == []
    delete(cumulo, "AWS::StepFunctions::Activity", ctx, made.physical_id, props)
    assert sfn.list_activities()["activities"] == []


def test_sample_template_deploys(cumulo: CumuloServer, sfn: Any) -> None:
    stack = deploy(cumulo, "stepfunctions.yaml")
    assert {r["Type"] for r in stack.template["Resources"].values()} == {t for t in resource_types() if t.startswith("AWS::StepFunctions::")}
    alias = stack.physical("Live")
    assert sfn.describe_state_machine_alias(stateMachineAliasArn=alias)["routingConfiguration"][0]["stateMachineVersionArn"] == stack.physical("Version")
    stack.delete()
    assert sfn.list_state_machines()["stateMachines"] == [] and sfn.list_activities()["activities"] == []
