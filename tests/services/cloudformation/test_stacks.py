"""Stacks through boto3 against the live server: create, update (in place and by
replacement), delete, rollback, events, outputs and exports, policies, parameters."""

from __future__ import annotations

import json
import time
from typing import Any

import boto3
import pytest

from cumulo.testing import CumuloServer
from tests.services.cloudformation.conftest import body, statuses, wait_stack


def queue(**props: Any) -> dict[str, Any]:
    return {"Type": "AWS::SQS::Queue", "Properties": props}


def test_create_returns_in_progress_then_completes_with_aws_events(cfn: Any, sqs: Any) -> None:
    tpl = {"Description": "two queues", "Resources": {"A": queue(VisibilityTimeout=40), "B": queue(
        RedrivePolicy={"deadLetterTargetArn": {"Fn::GetAtt": ["A", "Arn"]}, "maxReceiveCount": 2})},
        "Outputs": {"AUrl": {"Value": {"Ref": "A"}, "Description": "url"}}}
    made = cfn.create_stack(StackName="st", TemplateBody=body(tpl), Tags=[{"Key": "team", "Value": "x"}])
    stack = wait_stack(cfn, "st")
    assert stack["StackId"] == made["StackId"] and stack["StackStatus"] == "CREATE_COMPLETE"
    assert stack["Description"] == "two queues"
    url = stack["Outputs"][0]["OutputValue"]
    assert stack["Outputs"][0] == {"OutputKey": "AUrl", "OutputValue": url, "Description": "url"}
    tags = sqs.list_queue_tags(QueueUrl=url)["Tags"]
    assert tags["team"] == "x" and tags["aws:cloudformation:logical-id"] == "A" and tags["aws:cloudformation:stack-name"] == "st"
    assert statuses(cfn, "st") == [
        ("st", "CREATE_IN_PROGRESS"), ("A", "CREATE_IN_PROGRESS"), ("A", "CREATE_IN_PROGRESS"), ("A", "CREATE_COMPLETE"),
        ("B", "CREATE_IN_PROGRESS"), ("B", "CREATE_IN_PROGRESS"), ("B", "CREATE_COMPLETE"), ("st", "CREATE_COMPLETE")]
    events = cfn.describe_stack_events(StackName="st")["StackEvents"]
    stamps = [e["Timestamp"] for e in reversed(events)]
    assert stamps == sorted(stamps) and len(set(stamps)) == len(stamps)
    resource = cfn.describe_stack_resource(StackName="st", LogicalResourceId="A")["StackResourceDetail"]
    assert resource["PhysicalResourceId"] == url and resource["ResourceStatus"] == "CREATE_COMPLETE"
    assert {r["LogicalResourceId"] for r in cfn.describe_stack_resources(PhysicalResourceId=url)["StackResources"]} == {"A", "B"}
    assert len(cfn.list_stack_resources(StackName="st")["StackResourceSummaries"]) == 2
    assert [s["StackName"] for s in cfn.list_stacks(StackStatusFilter=["CREATE_COMPLETE"])["StackSummaries"]] == ["st"]
    with pytest.raises(cfn.exceptions.AlreadyExistsException):
        cfn.create_stack(StackName="st", TemplateBody=body(tpl))


def test_update_in_place_replacement_and_removal(cfn: Any, sqs: Any, deploy: Any) -> None:
    tpl = {"Resources": {"Keep": queue(VisibilityTimeout=30), "Swap": queue(QueueName="swap-one"), "Gone": queue()}}
    deploy("up", tpl)
    before = {r["LogicalResourceId"]: r["PhysicalResourceId"] for r in cfn.describe_stack_resources(StackName="up")["StackResources"]}
    tpl2 = {"Resources": {"Keep": queue(VisibilityTimeout=50), "Swap": queue(QueueName="swap-two")}}
    stack = deploy("up", tpl2)
    assert stack["StackStatus"] == "UPDATE_COMPLETE"
    after = {r["LogicalResourceId"]: r["PhysicalResourceId"] for r in cfn.describe_stack_resources(StackName="up")["StackResources"]}
    assert after["Keep"] == before["Keep"] and after["Swap"] != before["Swap"] and "Gone" not in after
    assert sqs.get_queue_attributes(QueueUrl=after["Keep"], AttributeNames=["VisibilityTimeout"])["Attributes"]["VisibilityTimeout"] == "50"
    urls = sorted(sqs.list_queues()["QueueUrls"])
    assert urls == sorted([after["Keep"], after["Swap"]])
    tail = statuses(cfn, "up")[-9:]
    assert ("up", "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS") in tail and tail[-1] == ("up", "UPDATE_COMPLETE")
    assert ("Gone", "DELETE_COMPLETE") in tail and ("Swap", "DELETE_COMPLETE") in tail
    with pytest.raises(cfn.exceptions.ClientError, match="No updates are to be performed."):
        cfn.update_stack(StackName="up", TemplateBody=body(tpl2))


def test_a_failed_resource_rolls_back_what_was_made(cfn: Any, sqs: Any) -> None:
    tpl = {"Resources": {"Ok": queue(), "Bad": queue(VisibilityTimeout=999999, DependsOnNothing=None)}}
    tpl["Resources"]["Bad"]["Properties"] = {"VisibilityTimeout": 999999}
    tpl["Resources"]["Later"] = {**queue(), "DependsOn": "Bad"}
    cfn.create_stack(StackName="rb", TemplateBody=body(tpl))
    stack = wait_stack(cfn, "rb")
    assert stack["StackStatus"] == "ROLLBACK_COMPLETE"
    assert stack["StackStatusReason"] if "StackStatusReason" in stack else True
    events = statuses(cfn, "rb")
    assert ("Bad", "CREATE_FAILED") in events and ("Ok", "DELETE_COMPLETE") in events
    assert ("Later", "CREATE_IN_PROGRESS") not in events
    assert events[-1] == ("rb", "ROLLBACK_COMPLETE")
    reason = next(e for e in cfn.describe_stack_events(StackName="rb")["StackEvents"] if e["ResourceStatus"] == "ROLLBACK_IN_PROGRESS")
    assert reason["ResourceStatusReason"] == "The following resource(s) failed to create: [Bad]. Rollback requested by user."
    assert "QueueUrls" not in sqs.list_queues()
    with pytest.raises(cfn.exceptions.ClientError, match="ROLLBACK_COMPLETE state and can not be updated"):
        cfn.update_stack(StackName="rb", TemplateBody=body({"Resources": {"Ok": queue()}}))
    cfn.delete_stack(StackName="rb")
    assert wait_stack(cfn, stack["StackId"])["StackStatus"] == "DELETE_COMPLETE"


def test_on_failure_do_nothing_and_delete(cfn: Any, sqs: Any) -> None:
    tpl = body({"Resources": {"Ok": queue(), "Bad": queue(VisibilityTimeout=999999)}})
    cfn.create_stack(StackName="keep", TemplateBody=tpl, OnFailure="DO_NOTHING")
    assert wait_stack(cfn, "keep")["StackStatus"] == "CREATE_FAILED"
    assert len(sqs.list_queues()["QueueUrls"]) == 1
    cfn.rollback_stack(StackName="keep")
    assert wait_stack(cfn, "keep")["StackStatus"] == "ROLLBACK_COMPLETE"
    made = cfn.create_stack(StackName="drop", TemplateBody=tpl, OnFailure="DELETE")
    assert wait_stack(cfn, made["StackId"])["StackStatus"] == "DELETE_COMPLETE"
    assert "QueueUrls" not in sqs.list_queues()


def test_update_failure_rolls_back_to_the_previous_state(cfn: Any, sqs: Any, deploy: Any) -> None:
    deploy("ur", {"Resources": {"A": queue(VisibilityTimeout=30)}})
    url = cfn.describe_stack_resource(StackName="ur", LogicalResourceId="A")["StackResourceDetail"]["PhysicalResourceId"]
    stack = deploy("ur", {"Resources": {"A": queue(VisibilityTimeout=45), "New": queue(),
                                        "Bad": {**queue(VisibilityTimeout=999999), "DependsOn": ["A", "New"]}}})
    assert stack["StackStatus"] == "UPDATE_ROLLBACK_COMPLETE"
    assert sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["VisibilityTimeout"])["Attributes"]["VisibilityTimeout"] == "30"
    assert sqs.list_queues()["QueueUrls"] == [url]
    seen = [s for _, s in statuses(cfn, "ur") if s.startswith("UPDATE_ROLLBACK")]
    assert seen[0] == "UPDATE_ROLLBACK_IN_PROGRESS" and "UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS" in seen
    assert seen[-1] == "UPDATE_ROLLBACK_COMPLETE"
    assert dict(cfn.get_template(StackName="ur")["TemplateBody"]) == {"Resources": {"A": queue(VisibilityTimeout=30)}}


def test_unrecognized_type_and_bad_templates_are_validation_errors(cfn: Any) -> None:
    with pytest.raises(cfn.exceptions.ClientError, match=r"Unrecognized resource types: \[AWS::Nope::Thing\]"):
        cfn.create_stack(StackName="x", TemplateBody=body({"Resources": {"A": {"Type": "AWS::Nope::Thing"}}}))
    with pytest.raises(cfn.exceptions.ClientError, match="Unresolved resource dependencies \\[Missing\\]"):
        cfn.create_stack(StackName="x", TemplateBody=body({"Resources": {"A": queue(QueueName={"Ref": "Missing"})}}))
    with pytest.raises(cfn.exceptions.ClientError, match="Parameters: \\[P\\] must have values"):
        cfn.create_stack(StackName="x", TemplateBody=body({"Parameters": {"P": {"Type": "String"}}, "Resources": {"A": queue()}}))
    with pytest.raises(cfn.exceptions.ClientError, match="Stack with id nope does not exist"):
        cfn.describe_stacks(StackName="nope")


def test_exports_imports_and_delete_blocked_while_imported(cfn: Any, deploy: Any) -> None:
    deploy("exp", {"Resources": {"A": queue()}, "Outputs": {"Arn": {"Value": {"Fn::GetAtt": ["A", "Arn"]}, "Export": {"Name": {"Fn::Sub": "${AWS::StackName}-arn"}}}}})
    exported = cfn.list_exports()["Exports"]
    assert [e["Name"] for e in exported] == ["exp-arn"]
    importer = deploy("imp", {"Resources": {"B": queue(RedrivePolicy={"deadLetterTargetArn": {"Fn::ImportValue": "exp-arn"}, "maxReceiveCount": 1})}})
    assert cfn.list_imports(ExportName="exp-arn")["Imports"] == ["imp"]
    cfn.delete_stack(StackName="exp")
    stack = wait_stack(cfn, "exp")
    assert stack["StackStatus"] == "DELETE_FAILED" and "Export exp-arn cannot be deleted as it is in use by imp" in stack["StackStatusReason"]
    cfn.create_stack(StackName="dup", TemplateBody=body({"Resources": {"A": queue()}, "Outputs": {"X": {"Value": "v", "Export": {"Name": "exp-arn"}}}}))
    assert wait_stack(cfn, "dup")["StackStatus"] == "ROLLBACK_COMPLETE"
    reasons = [e.get("ResourceStatusReason", "") for e in cfn.describe_stack_events(StackName="dup")["StackEvents"]]
    assert "Export with name exp-arn is already exported by stack exp" in reasons
    cfn.delete_stack(StackName="imp")
    wait_stack(cfn, importer["StackId"])
    cfn.delete_stack(StackName="exp")
    assert wait_stack(cfn, stack["StackId"])["StackStatus"] == "DELETE_COMPLETE"


def test_termination_protection_policy_retain_and_noecho(cfn: Any, sqs: Any, deploy: Any) -> None:
    tpl = {"Parameters": {"Secret": {"Type": "String", "NoEcho": True}},
           "Conditions": {"Never": {"Fn::Equals": ["a", "b"]}},
           "Resources": {"Kept": {**queue(), "DeletionPolicy": "Retain"}, "Skipped": {**queue(), "Condition": "Never"},
                         "Plain": queue(QueueName={"Fn::Sub": "plain-${Secret}"})}}
    stack = deploy("prot", tpl, Parameters=[{"ParameterKey": "Secret", "ParameterValue": "hush"}], EnableTerminationProtection=True)
    assert stack["Parameters"] == [{"ParameterKey": "Secret", "ParameterValue": "****"}]
    assert {r["LogicalResourceId"] for r in cfn.describe_stack_resources(StackName="prot")["StackResources"]} == {"Kept", "Plain"}
    with pytest.raises(cfn.exceptions.ClientError, match="TerminationProtection is enabled"):
        cfn.delete_stack(StackName="prot")
    cfn.set_stack_policy(StackName="prot", StackPolicyBody=json.dumps({"Statement": [
        {"Effect": "Allow", "Action": "Update:*", "Principal": "*", "Resource": "*"},
        {"Effect": "Deny", "Action": "Update:*", "Principal": "*", "Resource": "LogicalResourceId/Plain"}]}))
    assert "Deny" in cfn.get_stack_policy(StackName="prot")["StackPolicyBody"]
    tpl["Resources"]["Kept"]["Properties"] = {"VisibilityTimeout": 44}  # allowed: Plain is untouched by this update
    cfn.update_stack(StackName="prot", TemplateBody=body(tpl), Parameters=[{"ParameterKey": "Secret", "UsePreviousValue": True}])
    assert wait_stack(cfn, "prot")["StackStatus"] == "UPDATE_COMPLETE"
    cfn.update_stack(StackName="prot", TemplateBody=body(tpl), Parameters=[{"ParameterKey": "Secret", "ParameterValue": "loud"}])
    assert wait_stack(cfn, "prot")["StackStatus"] == "UPDATE_ROLLBACK_COMPLETE"
    denied = [e for e in cfn.describe_stack_events(StackName="prot")["StackEvents"] if e["ResourceStatus"] == "UPDATE_FAILED"]
    assert denied[0]["LogicalResourceId"] == "Plain" and "denied by stack policy" in denied[0]["ResourceStatusReason"]
    cfn.update_termination_protection(StackName="prot", EnableTerminationProtection=False)
    cfn.delete_stack(StackName="prot")
    assert wait_stack(cfn, stack["StackId"])["StackStatus"] == "DELETE_COMPLETE"
    assert ("Kept", "DELETE_SKIPPED") in statuses(cfn, stack["StackId"])
    assert len(sqs.list_queues()["QueueUrls"]) == 1


def test_ssm_parameter_types_and_dynamic_references(cumulo: CumuloServer, cfn: Any, sqs: Any, deploy: Any) -> None:
    ssm = boto3.client("ssm", endpoint_url=cumulo.url, region_name="us-east-1")
    ssm.put_parameter(Name="/app/timeout", Value="77", Type="String")
    ssm.put_parameter(Name="/app/name", Value="dyn-queue", Type="String")
    tpl = {"Parameters": {"T": {"Type": "AWS::SSM::Parameter::Value<String>", "Default": "/app/timeout"}},
           "Resources": {"Q": queue(VisibilityTimeout={"Ref": "T"}, QueueName="{{resolve:ssm:/app/name}}")}}
    stack = deploy("dyn", tpl)
    assert stack["StackStatus"] == "CREATE_COMPLETE", stack
    assert stack["Parameters"] == [{"ParameterKey": "T", "ParameterValue": "/app/timeout", "ResolvedValue": "77"}]
    url = sqs.get_queue_url(QueueName="dyn-queue")["QueueUrl"]
    assert sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["VisibilityTimeout"])["Attributes"]["VisibilityTimeout"] == "77"


def test_templates_summary_and_validate(cfn: Any, deploy: Any) -> None:
    yaml_body = "Description: d\nParameters:\n  P: {Type: String, Default: x, NoEcho: true}\nResources:\n  Q: {Type: AWS::SQS::Queue}\n"
    deploy("tpl", yaml_body)
    assert cfn.get_template(StackName="tpl")["TemplateBody"] == yaml_body
    summary = cfn.get_template_summary(StackName="tpl")
    assert summary["ResourceTypes"] == ["AWS::SQS::Queue"] and summary["Parameters"][0]["NoEcho"] is True
    assert summary["ResourceIdentifierSummaries"] == [{"ResourceType": "AWS::SQS::Queue", "LogicalResourceIds": ["Q"], "ResourceIdentifiers": ["QueueUrl"]}]
    valid = cfn.validate_template(TemplateBody=yaml_body)
    assert valid["Description"] == "d" and valid["Parameters"][0]["ParameterKey"] == "P"
    iam = cfn.validate_template(TemplateBody=body({"Resources": {"R": {"Type": "AWS::IAM::Role", "Properties": {"RoleName": "r"}}}}))
    assert iam["Capabilities"] == ["CAPABILITY_NAMED_IAM"]
    with pytest.raises(cfn.exceptions.ClientError, match="Template format error"):
        cfn.validate_template(TemplateBody="Resources: {}")


def test_introspection(cumulo: CumuloServer, deploy: Any) -> None:
    import httpx

    deploy("seen", {"Resources": {"A": queue()}})
    stacks = httpx.get(f"{cumulo.url}/_cumulo/cloudformation/stacks").json()["stacks"]
    assert [(s["stackName"], s["status"], s["resources"][0]["logicalId"]) for s in stacks] == [("seen", "CREATE_COMPLETE", "A")]
    events = httpx.get(f"{cumulo.url}/_cumulo/cloudformation/stacks/seen/events").json()["events"]
    assert events[0]["status"] == "CREATE_IN_PROGRESS" and events[-1]["status"] == "CREATE_COMPLETE"
    types = {t["type"]: t for t in httpx.get(f"{cumulo.url}/_fakecloud/cloudformation/resource-types").json()["resourceTypes"]}
    assert types["AWS::SQS::Queue"]["readable"] and "QueueName" in types["AWS::SQS::Queue"]["replacedBy"]


def test_template_url_include_and_language_extensions(cumulo: CumuloServer, cfn: Any, sqs: Any) -> None:
    s3 = boto3.client("s3", endpoint_url=cumulo.url, region_name="us-east-1")
    s3.create_bucket(Bucket="tpl")
    s3.put_object(Bucket="tpl", Key="fragment.yaml", Body=b"Extra:\n  Type: AWS::SQS::Queue\n  Properties:\n    VisibilityTimeout: 70\n")
    main = ("Transform: AWS::LanguageExtensions\n"
            "Resources:\n"
            "  Fn::ForEach::Queues:\n    - Name\n    - [alpha, beta]\n"
            "    - Queue${Name}:\n        Type: AWS::SQS::Queue\n        Properties:\n          QueueName: !Sub 'lx-${Name}'\n"
            "  Fn::Transform:\n    Name: AWS::Include\n    Parameters:\n      Location: s3://tpl/fragment.yaml\n"
            "Outputs:\n  Count:\n    Value: !Length [a, b, c]\n  Json:\n    Value: !ToJsonString {k: !Ref AWS::Region}\n")
    s3.put_object(Bucket="tpl", Key="main.yaml", Body=main.encode())
    with pytest.raises(cfn.exceptions.InsufficientCapabilitiesException):
        cfn.create_stack(StackName="lx", TemplateURL=f"{cumulo.url}/tpl/main.yaml")
    cfn.create_stack(StackName="lx", TemplateURL=f"{cumulo.url}/tpl/main.yaml", Capabilities=["CAPABILITY_AUTO_EXPAND"])
    stack = wait_stack(cfn, "lx")
    assert stack["StackStatus"] == "CREATE_COMPLETE", stack
    assert {o["OutputKey"]: o["OutputValue"] for o in stack["Outputs"]} == {"Count": "3", "Json": '{"k":"us-east-1"}'}
    names = sorted(u.rsplit("/", 1)[1] for u in sqs.list_queues()["QueueUrls"])
    assert names[1:] == ["lx-alpha", "lx-beta"] and names[0].startswith("lx-Extra-")
    assert cfn.get_template(StackName="lx")["TemplateBody"] == main
    processed = cfn.get_template(StackName="lx", TemplateStage="Processed")["TemplateBody"]
    assert set(processed["Resources"]) == {"Queuealpha", "Queuebeta", "Extra"}


def test_update_replace_policy_retain_keeps_the_old_resource(cfn: Any, sqs: Any, deploy: Any) -> None:
    deploy("keepold", {"Resources": {"Q": {**queue(QueueName="keep-one"), "UpdateReplacePolicy": "Retain"}}})
    deploy("keepold", {"Resources": {"Q": {**queue(QueueName="keep-two"), "UpdateReplacePolicy": "Retain"}}})
    assert sorted(u.rsplit("/", 1)[1] for u in sqs.list_queues()["QueueUrls"]) == ["keep-one", "keep-two"]
    assert ("Q", "DELETE_SKIPPED") in statuses(cfn, "keepold")


def test_notification_arns_get_every_event(cumulo: CumuloServer, cfn: Any, sqs: Any, deploy: Any) -> None:
    sns = boto3.client("sns", endpoint_url=cumulo.url, region_name="us-east-1")
    topic = sns.create_topic(Name="stack-events")["TopicArn"]
    inbox = sqs.create_queue(QueueName="inbox")["QueueUrl"]
    inbox_arn = sqs.get_queue_attributes(QueueUrl=inbox, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=inbox_arn, Attributes={"RawMessageDelivery": "true"})
    deploy("told", {"Resources": {"A": queue(VisibilityTimeout=33)}}, NotificationARNs=[topic])
    seen: list[str] = []
    deadline = time.monotonic() + 10
    while len(seen) < 5 and time.monotonic() < deadline:
        for m in sqs.receive_message(QueueUrl=inbox, MaxNumberOfMessages=10, WaitTimeSeconds=1).get("Messages", []):
            seen.append(m["Body"])
    statuses_seen = [line.split("=", 1)[1].strip("'") for body_ in seen for line in body_.splitlines() if line.startswith("ResourceStatus=")]
    assert statuses_seen.count("CREATE_COMPLETE") == 2 and "CREATE_IN_PROGRESS" in statuses_seen
    initiated = [b for b in seen if "Resource creation Initiated" in b]
    assert initiated and '"VisibilityTimeout": 33' in initiated[0]
    assert all("StackName='told'" in b for b in seen)


def test_rollback_trigger_alarm_in_alarm_rolls_an_update_back(cumulo: CumuloServer, cfn: Any, sqs: Any, deploy: Any) -> None:
    cw = boto3.client("cloudwatch", endpoint_url=cumulo.url, region_name="us-east-1")
    cw.put_metric_alarm(AlarmName="errors", MetricName="Errors", Namespace="App", Statistic="Sum", Period=60,
                        EvaluationPeriods=1, Threshold=1, ComparisonOperator="GreaterThanOrEqualToThreshold")
    arn = cw.describe_alarms(AlarmNames=["errors"])["MetricAlarms"][0]["AlarmArn"]
    rollback = {"RollbackTriggers": [{"Arn": arn, "Type": "AWS::CloudWatch::Alarm"}], "MonitoringTimeInMinutes": 0}
    deploy("guarded", {"Resources": {"A": queue(VisibilityTimeout=30)}}, RollbackConfiguration=rollback)
    cw.set_alarm_state(AlarmName="errors", StateValue="ALARM", StateReason="test")
    stack = deploy("guarded", {"Resources": {"A": queue(VisibilityTimeout=31)}}, RollbackConfiguration=rollback)
    assert stack["StackStatus"] == "UPDATE_ROLLBACK_COMPLETE"
    reasons = [e.get("ResourceStatusReason", "") for e in cfn.describe_stack_events(StackName="guarded")["StackEvents"]]
    assert f"Rollback triggered by alarm [{arn}] in ALARM state" in reasons
    url = sqs.list_queues()["QueueUrls"][0]
    assert sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["VisibilityTimeout"])["Attributes"]["VisibilityTimeout"] == "30"


def test_depends_on_a_resource_its_condition_leaves_out(cfn: Any) -> None:
    tpl = {"Parameters": {"Make": {"Type": "String", "Default": "no"}},
           "Conditions": {"Yes": {"Fn::Equals": [{"Ref": "Make"}, "yes"]}},
           "Resources": {"Maybe": {**queue(), "Condition": "Yes"}, "After": {**queue(), "DependsOn": "Maybe"}}}
    with pytest.raises(cfn.exceptions.ClientError, match=r"Unresolved resource dependencies \[Maybe\]"):
        cfn.create_stack(StackName="cond", TemplateBody=body(tpl))
    cfn.create_stack(StackName="cond", TemplateBody=body(tpl), Parameters=[{"ParameterKey": "Make", "ParameterValue": "yes"}])
    assert wait_stack(cfn, "cond")["StackStatus"] == "CREATE_COMPLETE"


def test_an_import_in_outputs_counts_as_a_use(cfn: Any, deploy: Any) -> None:
    deploy("src", {"Resources": {"A": queue()}, "Outputs": {"U": {"Value": {"Ref": "A"}, "Export": {"Name": "src-url"}}}})
    deploy("user", {"Resources": {"B": queue()}, "Outputs": {"Seen": {"Value": {"Fn::ImportValue": "src-url"}}}})
    assert cfn.list_imports(ExportName="src-url")["Imports"] == ["user"]


def test_stack_tags_reach_resources_and_follow_updates(cumulo: CumuloServer, cfn: Any, sqs: Any, deploy: Any) -> None:
    ssm = boto3.client("ssm", endpoint_url=cumulo.url, region_name="us-east-1")
    template = {"Resources": {"Q": {"Type": "AWS::SQS::Queue", "Properties": {"Tags": [{"Key": "own", "Value": "q"}]}},
                              "P": {"Type": "AWS::SSM::Parameter", "Properties": {"Name": "/tagged", "Type": "String", "Value": "v"}}}}
    deploy("tagged", template, Tags=[{"Key": "team", "Value": "a"}, {"Key": "cost", "Value": "1"}])
    url = sqs.get_queue_url(QueueName=cfn.describe_stack_resource(StackName="tagged", LogicalResourceId="Q")["StackResourceDetail"]["PhysicalResourceId"].rsplit("/", 1)[1])["QueueUrl"]

    def queue_tags() -> dict[str, str]:
        return {k: v for k, v in sqs.list_queue_tags(QueueUrl=url)["Tags"].items() if not k.startswith("aws:")}

    def parameter_tags() -> dict[str, str]:
        found = ssm.list_tags_for_resource(ResourceType="Parameter", ResourceId="/tagged")["TagList"]
        return {t["Key"]: t["Value"] for t in found if not t["Key"].startswith("aws:")}

    assert queue_tags() == {"own": "q", "team": "a", "cost": "1"}
    assert parameter_tags() == {"team": "a", "cost": "1"}
    # An update that changes only the stack's tags: every resource that takes tags follows, added, changed and removed.
    stack = deploy("tagged", template, Tags=[{"Key": "team", "Value": "b"}, {"Key": "env", "Value": "dev"}])
    assert stack["StackStatus"] == "UPDATE_COMPLETE"
    assert queue_tags() == {"own": "q", "team": "b", "env": "dev"}
    assert parameter_tags() == {"team": "b", "env": "dev"}
def test_stack_tags_reach_the_resources_on_update_and_go_back_on_rollback(cumulo: CumuloServer, cfn: Any, sqs: Any, deploy: Any) -> None:
    tpl = {"Resources": {
        "Q": {"Type": "AWS::SQS::Queue", "Properties": {"Tags": [{"Key": "own", "Value": "q"}]}},
        "P": {"Type": "AWS::SSM::Parameter", "Properties": {"Type": "String", "Value": "v"}},  # tags as a map
        "Table": {"Type": "AWS::DynamoDB::Table", "Properties": {
            "AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "S"}], "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}],
            "BillingMode": "PAY_PER_REQUEST"}},
        "H": {"Type": "AWS::CloudFormation::WaitConditionHandle"},  # takes no tags: left alone
    }}
    stack_id = deploy("tagged", tpl, Tags=[{"Key": "team", "Value": "blue"}, {"Key": "env", "Value": "dev"}])["StackId"]
    ids = {r["LogicalResourceId"]: r["PhysicalResourceId"] for r in cfn.describe_stack_resources(StackName="tagged")["StackResources"]}
    ssm, ddb = (boto3.client(s, endpoint_url=cumulo.url, region_name="us-east-1") for s in ("ssm", "dynamodb"))
    table_arn = ddb.describe_table(TableName=ids["Table"])["Table"]["TableArn"]

    def user_tags() -> dict[str, dict[str, str]]:
        got = {"Q": sqs.list_queue_tags(QueueUrl=ids["Q"])["Tags"],
               "P": {t["Key"]: t["Value"] for t in ssm.list_tags_for_resource(ResourceType="Parameter", ResourceId=ids["P"])["TagList"]},
               "Table": {t["Key"]: t["Value"] for t in ddb.list_tags_of_resource(ResourceArn=table_arn)["Tags"]}}
        return {name: {k: v for k, v in tags.items() if not k.startswith("aws:")} for name, tags in got.items()}

    assert user_tags() == {"Q": {"team": "blue", "env": "dev", "own": "q"}, "P": {"team": "blue", "env": "dev"}, "Table": {"team": "blue", "env": "dev"}}
    assert sqs.list_queue_tags(QueueUrl=ids["Q"])["Tags"]["aws:cloudformation:logical-id"] == "Q"
    # An update that changes only the stack's tags: every resource that takes tags gets them, dropped ones go.
    updated = deploy("tagged", tpl, Tags=[{"Key": "team", "Value": "red"}, {"Key": "owner", "Value": "me"}])
    assert updated["StackStatus"] == "UPDATE_COMPLETE", statuses(cfn, "tagged")
    assert user_tags() == {"Q": {"team": "red", "owner": "me", "own": "q"}, "P": {"team": "red", "owner": "me"}, "Table": {"team": "red", "owner": "me"}}
    assert sqs.list_queue_tags(QueueUrl=ids["Q"])["Tags"]["aws:cloudformation:stack-id"] == stack_id
    touched = {e["LogicalResourceId"] for e in cfn.describe_stack_events(StackName="tagged")["StackEvents"][:12]
               if e["ResourceStatus"] == "UPDATE_COMPLETE" and e["LogicalResourceId"] != "tagged"}
    assert touched == {"Q", "P", "Table"}
    # A change set shows the same: Tags modified on the taggable resources only.
    cs = cfn.create_change_set(StackName="tagged", ChangeSetName="retag", TemplateBody=body(tpl), Tags=[{"Key": "team", "Value": "green"}])
    changes = cfn.describe_change_set(ChangeSetName=cs["Id"])["Changes"]
    assert {c["ResourceChange"]["LogicalResourceId"]: c["ResourceChange"]["Scope"] for c in changes} == {"Q": ["Tags"], "P": ["Tags"], "Table": ["Tags"]}
    cfn.delete_change_set(ChangeSetName=cs["Id"])
    # A failed update with new stack tags rolls the resources' tags back too.
    failing = {"Resources": {**tpl["Resources"], "Bad": {"Type": "AWS::SQS::Queue", "DependsOn": ["Q", "P", "Table"],
                                                         "Properties": {"VisibilityTimeout": 999999}}}}
    rolled = deploy("tagged", failing, Tags=[{"Key": "team", "Value": "green"}])
    assert rolled["StackStatus"] == "UPDATE_ROLLBACK_COMPLETE", statuses(cfn, "tagged")
    assert user_tags() == {"Q": {"team": "red", "owner": "me", "own": "q"}, "P": {"team": "red", "owner": "me"}, "Table": {"team": "red", "owner": "me"}}
    assert {t["Key"]: t["Value"] for t in cfn.describe_stacks(StackName="tagged")["Stacks"][0]["Tags"]} == {"team": "red", "owner": "me"}


def test_rules_assertions_are_checked_against_the_parameters(cumulo: CumuloServer, cfn: Any, deploy: Any) -> None:
    ssm = boto3.client("ssm", endpoint_url=cumulo.url, region_name="us-east-1")
    ssm.put_parameter(Name="/cdk-bootstrap/hnb659fds/version", Value="4", Type="String")
    # What every CDK app's template carries (its CheckBootstrapVersion rule).
    tpl = {"Parameters": {"BootstrapVersion": {"Type": "AWS::SSM::Parameter::Value<String>", "Default": "/cdk-bootstrap/hnb659fds/version"},
                          "Stage": {"Type": "String", "Default": "dev"}, "Zones": {"Type": "CommaDelimitedList", "Default": "a,b"}},
           "Rules": {
               "CheckBootstrapVersion": {"Assertions": [{
                   "Assert": {"Fn::Not": [{"Fn::Contains": [["1", "2", "3", "4", "5"], {"Ref": "BootstrapVersion"}]}]},
                   "AssertDescription": "CDK bootstrap stack version 6 required. Please run 'cdk bootstrap' with a recent version of the CDK CLI."}]},
               "ProdZones": {"RuleCondition": {"Fn::Equals": [{"Ref": "Stage"}, "prod"]},
                             "Assertions": [{"Assert": {"Fn::EachMemberIn": [{"Ref": "Zones"}, ["a", "b"]]}, "AssertDescription": "prod runs in a and b only"}]},
               "AwsOnly": {"Assertions": [{"Assert": {"Fn::Contains": [{"Fn::ValueOfAll": ["AWS::EC2::VPC::Id", "Tags.Name"]}, "x"]}}]},
           },
           "Resources": {"Q": queue()}}
    with pytest.raises(cfn.exceptions.ClientError, match=r"ValidationError.*CDK bootstrap stack version 6 required"):
        cfn.create_stack(StackName="ruled", TemplateBody=body(tpl))
    with pytest.raises(cfn.exceptions.ClientError, match="CDK bootstrap stack version 6 required"):
        cfn.create_change_set(StackName="ruled", ChangeSetName="c", ChangeSetType="CREATE", TemplateBody=body(tpl))
    ssm.put_parameter(Name="/cdk-bootstrap/hnb659fds/version", Value="30", Type="String", Overwrite=True)
    assert deploy("ruled", tpl, Parameters=[{"ParameterKey": "Zones", "ParameterValue": "a,c"}])["StackStatus"] == "CREATE_COMPLETE"
    with pytest.raises(cfn.exceptions.ClientError, match="prod runs in a and b only"):
        cfn.update_stack(StackName="ruled", TemplateBody=body(tpl), Parameters=[{"ParameterKey": "Stage", "ParameterValue": "prod"},
                                                                               {"ParameterKey": "Zones", "ParameterValue": "a,c"}])
