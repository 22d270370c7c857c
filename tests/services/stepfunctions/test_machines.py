"""State machines through boto3: definition checks as AWS words them, describe,
update, delete, listing with paging, tags, versions."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.services.stepfunctions.conftest import ROLE

SIMPLE = {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}}


def code(error: pytest.ExceptionInfo[ClientError]) -> str:
    return str(error.value.response["Error"]["Code"])


def test_create_describe_update_delete(sfn: Any) -> None:
    arn = sfn.create_state_machine(name="flow", definition=json.dumps(SIMPLE), roleArn=ROLE,
                                   tags=[{"key": "team", "value": "a"}])["stateMachineArn"]
    assert arn == "arn:aws:states:us-east-1:000000000000:stateMachine:flow"
    described = sfn.describe_state_machine(stateMachineArn=arn)
    assert (described["name"], described["type"], described["status"], described["roleArn"]) == ("flow", "STANDARD", "ACTIVE", ROLE)
    assert json.loads(described["definition"]) == SIMPLE
    revision = described["revisionId"]
    changed = {"StartAt": "Q", "States": {"Q": {"Type": "Succeed"}}}
    update = sfn.update_state_machine(stateMachineArn=arn, definition=json.dumps(changed))
    assert update["revisionId"] != revision
    assert json.loads(sfn.describe_state_machine(stateMachineArn=arn)["definition"]) == changed
    # Creating the same machine again answers the existing one; a different one is refused.
    with pytest.raises(ClientError) as error:
        sfn.create_state_machine(name="flow", definition=json.dumps(SIMPLE), roleArn=ROLE)
    assert code(error) == "StateMachineAlreadyExists"
    sfn.delete_state_machine(stateMachineArn=arn)
    with pytest.raises(ClientError) as error:
        sfn.describe_state_machine(stateMachineArn=arn)
    assert code(error) == "StateMachineDoesNotExist"


@pytest.mark.parametrize(("definition", "expected"), [
    ("{not json", "INVALID_JSON_DESCRIPTION"),
    (json.dumps({"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "Nowhere"}}}), "MISSING_TRANSITION_TARGET: Missing 'Next' target: Nowhere at /States/A/Next"),
    (json.dumps({"StartAt": "A", "States": {"A": {"Type": "Pass"}}}), "SCHEMA_VALIDATION_FAILED"),
    (json.dumps({"StartAt": "A", "States": {"A": {"Type": "Pass", "End": True}, "B": {"Type": "Succeed"}}}), "UNREACHABLE_STATE"),
    (json.dumps({"StartAt": "A", "States": {"A": {"Type": "Bogus", "End": True}}}), "SCHEMA_VALIDATION_FAILED"),
    (json.dumps({"StartAt": "A", "States": {"A": {"Type": "Pass", "Resource": "x", "End": True}}}),
     'SCHEMA_VALIDATION_FAILED: Field "Resource" is not supported at /States/A/Resource'),
    (json.dumps({"StartAt": "A", "States": {"A": {"Type": "Pass", "Parameters": {"x.$": "States.Nope()"}, "End": True}}}), "intrinsic"),
])
def test_invalid_definitions(sfn: Any, definition: str, expected: str) -> None:
    with pytest.raises(ClientError) as error:
        sfn.create_state_machine(name="bad", definition=definition, roleArn=ROLE)
    assert code(error) == "InvalidDefinition"
    message = error.value.response["Error"]["Message"]
    assert message.startswith("Invalid State Machine Definition: '") and expected in message
    checked = sfn.validate_state_machine_definition(definition=definition)
    assert checked["result"] == "FAIL" and checked["diagnostics"][0]["severity"] == "ERROR"
    assert sfn.validate_state_machine_definition(definition=json.dumps(SIMPLE))["result"] == "OK"


def test_invalid_name_and_role(sfn: Any) -> None:
    with pytest.raises(ClientError) as error:
        sfn.create_state_machine(name="has space", definition=json.dumps(SIMPLE), roleArn=ROLE)
    assert code(error) == "InvalidName"
    with pytest.raises(ClientError) as error:
        sfn.create_state_machine(name="ok", definition=json.dumps(SIMPLE), roleArn="not-an-arn")
    assert code(error) == "InvalidArn"


def test_list_pages(sfn: Any, machine: Callable[..., str]) -> None:
    for i in range(5):
        machine(SIMPLE, name=f"p{i}")
    first = sfn.list_state_machines(maxResults=2)
    assert [m["name"] for m in first["stateMachines"]] == ["p0", "p1"]
    second = sfn.list_state_machines(maxResults=2, nextToken=first["nextToken"])
    assert [m["name"] for m in second["stateMachines"]] == ["p2", "p3"]
    names = [m["name"] for page in sfn.get_paginator("list_state_machines").paginate() for m in page["stateMachines"]]
    assert names == [f"p{i}" for i in range(5)]
    with pytest.raises(ClientError) as error:
        sfn.list_state_machines(nextToken="garbage")
    assert code(error) == "InvalidToken"


def test_tags(sfn: Any, machine: Callable[..., str]) -> None:
    arn = machine(SIMPLE)
    sfn.tag_resource(resourceArn=arn, tags=[{"key": "a", "value": "1"}, {"key": "b", "value": "2"}])
    sfn.untag_resource(resourceArn=arn, tagKeys=["a"])
    assert sfn.list_tags_for_resource(resourceArn=arn)["tags"] == [{"key": "b", "value": "2"}]
    with pytest.raises(ClientError) as error:
        sfn.list_tags_for_resource(resourceArn=arn + "x")
    assert code(error) == "ResourceNotFound"


def test_versions(sfn: Any) -> None:
    created = sfn.create_state_machine(name="v", definition=json.dumps(SIMPLE), roleArn=ROLE, publish=True, versionDescription="first")
    arn, v1 = created["stateMachineArn"], created["stateMachineVersionArn"]
    assert v1 == arn + ":1"
    assert sfn.publish_state_machine_version(stateMachineArn=arn)["stateMachineVersionArn"] == v1  # nothing changed
    sfn.update_state_machine(stateMachineArn=arn, definition=json.dumps({"StartAt": "S", "States": {"S": {"Type": "Succeed"}}}))
    v2 = sfn.publish_state_machine_version(stateMachineArn=arn, description="second")["stateMachineVersionArn"]
    assert v2 == arn + ":2"
    listed = sfn.list_state_machine_versions(stateMachineArn=arn)["stateMachineVersions"]
    assert [v["stateMachineVersionArn"] for v in listed] == [v2, v1]
    old = sfn.describe_state_machine(stateMachineArn=v1)
    assert json.loads(old["definition"]) == SIMPLE and old["description"] == "first"
    ex = sfn.start_execution(stateMachineArn=v1)
    assert sfn.describe_execution(executionArn=ex["executionArn"])["stateMachineVersionArn"] == v1
    sfn.delete_state_machine_version(stateMachineVersionArn=v1)
    assert [v["stateMachineVersionArn"] for v in sfn.list_state_machine_versions(stateMachineArn=arn)["stateMachineVersions"]] == [v2]


def test_aliases_route_executions(sfn: Any) -> None:
    created = sfn.create_state_machine(name="al", definition=json.dumps(SIMPLE), roleArn=ROLE, publish=True)
    arn, v1 = created["stateMachineArn"], created["stateMachineVersionArn"]
    alias = sfn.create_state_machine_alias(name="live", routingConfiguration=[{"stateMachineVersionArn": v1, "weight": 100}])["stateMachineAliasArn"]
    assert alias == arn + ":live"
    described = sfn.describe_state_machine_alias(stateMachineAliasArn=alias)
    assert described["name"] == "live" and described["routingConfiguration"] == [{"stateMachineVersionArn": v1, "weight": 100}]
    ex = sfn.start_execution(stateMachineArn=alias)["executionArn"]
    out = sfn.describe_execution(executionArn=ex)
    assert (out["stateMachineAliasArn"], out["stateMachineVersionArn"]) == (alias, v1)
    with pytest.raises(ClientError) as error:
        sfn.update_state_machine_alias(stateMachineAliasArn=alias, routingConfiguration=[{"stateMachineVersionArn": v1, "weight": 50}])
    assert code(error) == "ValidationException"
    with pytest.raises(ClientError) as error:
        sfn.delete_state_machine_version(stateMachineVersionArn=v1)
    assert code(error) == "ConflictException"
    assert [a["stateMachineAliasArn"] for a in sfn.list_state_machine_aliases(stateMachineArn=arn)["stateMachineAliases"]] == [alias]
    sfn.delete_state_machine_alias(stateMachineAliasArn=alias)
    with pytest.raises(ClientError) as error:
        sfn.describe_state_machine_alias(stateMachineAliasArn=alias)
    assert code(error) == "ResourceNotFound"
