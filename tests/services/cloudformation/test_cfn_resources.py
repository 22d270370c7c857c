"""CloudFormation's own resource types in stacks: nested stacks from cumulo's S3, wait
conditions signalled through the handle's URL, and custom resources backed by a Lambda
function that PUTs its answer to the ResponseURL cumulo serves."""

from __future__ import annotations

import io
import json
import time
import zipfile
from typing import Any

import boto3
import httpx
import pytest

from cumulo.testing import CumuloServer
from tests.services.cloudformation.conftest import body, statuses, wait_stack

CHILD = {"Parameters": {"Timeout": {"Type": "Number"}},
         "Resources": {"Q": {"Type": "AWS::SQS::Queue", "Properties": {"VisibilityTimeout": {"Ref": "Timeout"}}}},
         "Outputs": {"Url": {"Value": {"Ref": "Q"}}}}


def test_nested_stack_from_s3(cumulo: CumuloServer, cfn: Any, sqs: Any) -> None:
    s3 = boto3.client("s3", endpoint_url=cumulo.url, region_name="us-east-1")
    s3.create_bucket(Bucket="templates")
    s3.put_object(Bucket="templates", Key="child.json", Body=body(CHILD).encode())
    parent = {"Resources": {"Child": {"Type": "AWS::CloudFormation::Stack", "Properties": {
        "TemplateURL": "https://templates.s3.amazonaws.com/child.json", "Parameters": {"Timeout": 42}}}},
        "Outputs": {"ChildUrl": {"Value": {"Fn::GetAtt": ["Child", "Outputs.Url"]}}}}
    cfn.create_stack(StackName="parent", TemplateBody=body(parent))
    stack = wait_stack(cfn, "parent")
    assert stack["StackStatus"] == "CREATE_COMPLETE", statuses(cfn, "parent")
    url = stack["Outputs"][0]["OutputValue"]
    assert sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["VisibilityTimeout"])["Attributes"]["VisibilityTimeout"] == "42"
    child_id = cfn.describe_stack_resource(StackName="parent", LogicalResourceId="Child")["StackResourceDetail"]["PhysicalResourceId"]
    child = cfn.describe_stacks(StackName=child_id)["Stacks"][0]
    assert child["ParentId"] == stack["StackId"] and child["RootId"] == stack["StackId"]
    assert child["StackName"].startswith("parent-Child-")
    cfn.delete_stack(StackName="parent")
    assert wait_stack(cfn, stack["StackId"])["StackStatus"] == "DELETE_COMPLETE"
    assert cfn.describe_stacks(StackName=child_id)["Stacks"][0]["StackStatus"] == "DELETE_COMPLETE"
    assert "QueueUrls" not in sqs.list_queues()


def test_wait_condition_signalled_through_the_handle(cfn: Any) -> None:
    tpl = {"Resources": {"Handle": {"Type": "AWS::CloudFormation::WaitConditionHandle"},
                         "Wait": {"Type": "AWS::CloudFormation::WaitCondition", "Properties": {"Handle": {"Ref": "Handle"}, "Timeout": "300", "Count": 2}}},
           "Outputs": {"Data": {"Value": {"Fn::GetAtt": ["Wait", "Data"]}}}}
    cfn.create_stack(StackName="waits", TemplateBody=body(tpl))
    deadline = time.monotonic() + 10
    while True:
        resources = cfn.describe_stack_resources(StackName="waits")["StackResources"]
        handle = next((r for r in resources if r["LogicalResourceId"] == "Handle" and r["ResourceStatus"] == "CREATE_COMPLETE"), None)
        if handle or time.monotonic() > deadline:
            break
        time.sleep(0.02)
    assert handle is not None
    url = handle["PhysicalResourceId"]
    assert "X-Amz-Signature=" in url
    for n in (1, 2):
        put = httpx.put(url, content=json.dumps({"Status": "SUCCESS", "UniqueId": f"id{n}", "Data": f"d{n}", "Reason": "ok"}))
        assert put.status_code == 200
    stack = wait_stack(cfn, "waits")
    assert stack["StackStatus"] == "CREATE_COMPLETE"
    assert json.loads(stack["Outputs"][0]["OutputValue"]) == {"id1": "d1", "id2": "d2"}


def test_wait_condition_times_out_on_the_cumulo_clock(cfn: Any, cumulo_clock: Any) -> None:
    tpl = {"Resources": {"Handle": {"Type": "AWS::CloudFormation::WaitConditionHandle"},
                         "Wait": {"Type": "AWS::CloudFormation::WaitCondition", "Properties": {"Handle": {"Ref": "Handle"}, "Timeout": "600"}}}}
    cfn.create_stack(StackName="late", TemplateBody=body(tpl))
    deadline = time.monotonic() + 10
    while ("Wait", "CREATE_IN_PROGRESS") not in statuses(cfn, "late") and time.monotonic() < deadline:
        time.sleep(0.02)
    cumulo_clock.advance(601)
    stack = wait_stack(cfn, "late")
    assert stack["StackStatus"] == "ROLLBACK_COMPLETE"
    failed = [e for e in cfn.describe_stack_events(StackName="late")["StackEvents"] if e["ResourceStatus"] == "CREATE_FAILED"]
    assert failed[0]["ResourceStatusReason"] == "WaitCondition timed out. Received 0 conditions when expecting 1"


RESPONDER = '''
import json, urllib.request

def handler(event, context):
    props = event["ResourceProperties"]
    status = "FAILED" if props.get("Fail") == "yes" and event["RequestType"] != "Delete" else "SUCCESS"
    answer = {"Status": status, "Reason": "asked to fail" if status == "FAILED" else "ok",
              "PhysicalResourceId": event.get("PhysicalResourceId") or "custom-" + props["Name"],
              "StackId": event["StackId"], "RequestId": event["RequestId"], "LogicalResourceId": event["LogicalResourceId"],
              "Data": {"Greeting": "hello " + props["Name"], "Kind": event["RequestType"], "Type": event["ResourceType"]}}
    req = urllib.request.Request(event["ResponseURL"], data=json.dumps(answer).encode(), method="PUT",
                                 headers={"content-type": ""})
    urllib.request.urlopen(req).read()
'''


def _zip(files: dict[str, str]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, text in files.items():
            z.writestr(name, text)
    return buf.getvalue()


def test_lambda_backed_custom_resource(cumulo: CumuloServer, cfn: Any) -> None:
    lam = boto3.client("lambda", endpoint_url=cumulo.url, region_name="us-east-1")
    fn = lam.create_function(FunctionName="responder", Runtime="python3.12", Role="arn:aws:iam::000000000000:role/r",
                             Handler="app.handler", Code={"ZipFile": _zip({"app.py": RESPONDER})}, Timeout=10)
    tpl = {"Parameters": {"Name": {"Type": "String"}, "Fail": {"Type": "String", "Default": "no"}},
           "Resources": {"Thing": {"Type": "Custom::Greeter", "Properties": {"ServiceToken": fn["FunctionArn"], "Name": {"Ref": "Name"}, "Fail": {"Ref": "Fail"}}}},
           "Outputs": {"Greeting": {"Value": {"Fn::GetAtt": ["Thing", "Greeting"]}}, "Type": {"Value": {"Fn::GetAtt": ["Thing", "Type"]}},
                       "Id": {"Value": {"Ref": "Thing"}}}}
    cfn.create_stack(StackName="custom", TemplateBody=body(tpl), Parameters=[{"ParameterKey": "Name", "ParameterValue": "ann"}])
    stack = wait_stack(cfn, "custom", timeout=60)
    assert stack["StackStatus"] == "CREATE_COMPLETE", statuses(cfn, "custom")
    outputs = {o["OutputKey"]: o["OutputValue"] for o in stack["Outputs"]}
    assert outputs == {"Greeting": "hello ann", "Type": "Custom::Greeter", "Id": "custom-ann"}
    cfn.update_stack(StackName="custom", TemplateBody=body(tpl), Parameters=[{"ParameterKey": "Name", "ParameterValue": "bob"}])
    stack = wait_stack(cfn, "custom", timeout=60)
    assert {o["OutputKey"]: o["OutputValue"] for o in stack["Outputs"]}["Greeting"] == "hello bob"
    cfn.update_stack(StackName="custom", TemplateBody=body(tpl), Parameters=[
        {"ParameterKey": "Name", "ParameterValue": "bob"}, {"ParameterKey": "Fail", "ParameterValue": "yes"}])
    stack = wait_stack(cfn, "custom", timeout=60)
    assert stack["StackStatus"] == "UPDATE_ROLLBACK_COMPLETE"
    reasons = [e.get("ResourceStatusReason", "") for e in cfn.describe_stack_events(StackName="custom")["StackEvents"]]
    assert "Received response status [FAILED] from custom resource. Message returned: asked to fail" in reasons
    cfn.delete_stack(StackName="custom")
    assert wait_stack(cfn, stack["StackId"], timeout=60)["StackStatus"] == "DELETE_COMPLETE"


# How the CDK's custom resource handlers answer: https.request with the URL's hostname and path
# only (port 443 on AWS, whatever the URL says).
CDK_STYLE_RESPONDER = """
const https = require('https');
const url = require('url');
exports.handler = async (event) => {
  const parsed = url.parse(event.ResponseURL);
  const body = JSON.stringify({ Status: 'SUCCESS', Reason: 'OK', PhysicalResourceId: 'cdk-style',
    StackId: event.StackId, RequestId: event.RequestId, LogicalResourceId: event.LogicalResourceId,
    Data: { Seen: event.RequestType } });
  await new Promise((resolve, reject) => {
    const req = https.request({ hostname: parsed.hostname, path: parsed.path, method: 'PUT',
      headers: { 'content-type': '', 'content-length': Buffer.byteLength(body) } }, (res) => { res.resume(); res.on('end', resolve); });
    req.on('error', reject);
    req.end(body);
  });
};
"""


def test_node_handler_answering_as_the_cdk_does(cumulo: CumuloServer, cfn: Any) -> None:
    lam = boto3.client("lambda", endpoint_url=cumulo.url, region_name="us-east-1")
    fn = lam.create_function(FunctionName="cdk-style", Runtime="nodejs20.x", Role="arn:aws:iam::000000000000:role/r",
                             Handler="index.handler", Code={"ZipFile": _zip({"index.js": CDK_STYLE_RESPONDER})}, Timeout=10)
    tpl = {"Resources": {"Thing": {"Type": "Custom::CdkStyle", "Properties": {"ServiceToken": fn["FunctionArn"]}}},
           "Outputs": {"Seen": {"Value": {"Fn::GetAtt": ["Thing", "Seen"]}}, "Id": {"Value": {"Ref": "Thing"}}}}
    cfn.create_stack(StackName="cdkstyle", TemplateBody=body(tpl))
    stack = wait_stack(cfn, "cdkstyle", timeout=60)
    assert stack["StackStatus"] == "CREATE_COMPLETE", statuses(cfn, "cdkstyle")
    assert {o["OutputKey"]: o["OutputValue"] for o in stack["Outputs"]} == {"Seen": "Create", "Id": "cdk-style"}
    cfn.delete_stack(StackName="cdkstyle")
    assert wait_stack(cfn, stack["StackId"], timeout=60)["StackStatus"] == "DELETE_COMPLETE"


def test_cancel_update_stops_a_waiting_resource_and_rolls_back(cfn: Any, sqs: Any, deploy: Any) -> None:
    deploy("cancel", {"Resources": {"Q": {"Type": "AWS::SQS::Queue", "Properties": {"VisibilityTimeout": 30}}}})
    waiting = {"Resources": {"Q": {"Type": "AWS::SQS::Queue", "Properties": {"VisibilityTimeout": 45}},
                             "Handle": {"Type": "AWS::CloudFormation::WaitConditionHandle"},
                             "Wait": {"Type": "AWS::CloudFormation::WaitCondition", "DependsOn": "Q",
                                      "Properties": {"Handle": {"Ref": "Handle"}, "Timeout": "3000"}}}}
    cfn.update_stack(StackName="cancel", TemplateBody=body(waiting))
    deadline = time.monotonic() + 10
    while ("Wait", "CREATE_IN_PROGRESS") not in statuses(cfn, "cancel") and time.monotonic() < deadline:
        time.sleep(0.02)
    cfn.cancel_update_stack(StackName="cancel")
    stack = wait_stack(cfn, "cancel")
    assert stack["StackStatus"] == "UPDATE_ROLLBACK_COMPLETE"
    events = cfn.describe_stack_events(StackName="cancel")["StackEvents"]
    assert any(e["LogicalResourceId"] == "Wait" and e["ResourceStatus"] == "CREATE_FAILED"
               and e["ResourceStatusReason"] == "Resource creation cancelled" for e in events)
    url = sqs.list_queues()["QueueUrls"][0]
    assert sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["VisibilityTimeout"])["Attributes"]["VisibilityTimeout"] == "30"
    assert {r["LogicalResourceId"] for r in cfn.describe_stack_resources(StackName="cancel")["StackResources"]} == {"Q"}
    with pytest.raises(cfn.exceptions.ClientError, match="CancelUpdateStack cannot be called"):
        cfn.cancel_update_stack(StackName="cancel")


SNS_RESPONDER = '''
import json, urllib.request

def handler(event, context):
    request = json.loads(event["Records"][0]["Sns"]["Message"])
    answer = {"Status": "SUCCESS", "PhysicalResourceId": "via-sns", "StackId": request["StackId"],
              "RequestId": request["RequestId"], "LogicalResourceId": request["LogicalResourceId"],
              "Data": {"Seen": request["RequestType"]}}
    urllib.request.urlopen(urllib.request.Request(request["ResponseURL"], data=json.dumps(answer).encode(), method="PUT")).read()
'''


def test_sns_backed_custom_resource(cumulo: CumuloServer, cfn: Any) -> None:
    lam = boto3.client("lambda", endpoint_url=cumulo.url, region_name="us-east-1")
    sns = boto3.client("sns", endpoint_url=cumulo.url, region_name="us-east-1")
    fn = lam.create_function(FunctionName="sns-responder", Runtime="python3.12", Role="arn:aws:iam::000000000000:role/r",
                             Handler="app.handler", Code={"ZipFile": _zip({"app.py": SNS_RESPONDER})}, Timeout=10)
    topic = sns.create_topic(Name="custom-requests")["TopicArn"]
    sns.subscribe(TopicArn=topic, Protocol="lambda", Endpoint=fn["FunctionArn"])
    tpl = {"Resources": {"Thing": {"Type": "AWS::CloudFormation::CustomResource", "Properties": {"ServiceToken": topic}}},
           "Outputs": {"Seen": {"Value": {"Fn::GetAtt": ["Thing", "Seen"]}}, "Id": {"Value": {"Ref": "Thing"}}}}
    cfn.create_stack(StackName="via-sns", TemplateBody=body(tpl))
    stack = wait_stack(cfn, "via-sns", timeout=60)
    assert stack["StackStatus"] == "CREATE_COMPLETE", statuses(cfn, "via-sns")
    assert {o["OutputKey"]: o["OutputValue"] for o in stack["Outputs"]} == {"Seen": "Create", "Id": "via-sns"}
    cfn.delete_stack(StackName="via-sns")
    assert wait_stack(cfn, stack["StackId"], timeout=60)["StackStatus"] == "DELETE_COMPLETE"


def test_timeout_in_minutes_on_the_cumulo_clock(cfn: Any, sqs: Any, cumulo_clock: Any) -> None:
    tpl = {"Resources": {"Q": {"Type": "AWS::SQS::Queue"}, "Handle": {"Type": "AWS::CloudFormation::WaitConditionHandle"},
                         "Wait": {"Type": "AWS::CloudFormation::WaitCondition", "DependsOn": "Q",
                                  "Properties": {"Handle": {"Ref": "Handle"}, "Timeout": "7200"}}}}
    cfn.create_stack(StackName="slow", TemplateBody=body(tpl), TimeoutInMinutes=5)
    deadline = time.monotonic() + 10
    while ("Wait", "CREATE_IN_PROGRESS") not in statuses(cfn, "slow") and time.monotonic() < deadline:
        time.sleep(0.02)
    cumulo_clock.advance(301)
    stack = wait_stack(cfn, "slow")
    assert stack["StackStatus"] == "ROLLBACK_COMPLETE"
    events = cfn.describe_stack_events(StackName="slow")["StackEvents"]
    assert any(e["ResourceStatus"] == "ROLLBACK_IN_PROGRESS" and e["ResourceStatusReason"] == "Create timed out" for e in events)
    assert any(e["LogicalResourceId"] == "Wait" and e.get("ResourceStatusReason") == "Resource creation cancelled" for e in events)
    assert "QueueUrls" not in sqs.list_queues()


STUBBORN = '''
import json, urllib.request

def handler(event, context):
    props, old = event["ResourceProperties"], event.get("OldResourceProperties") or {}
    bad = event["RequestType"] == "Update" and "yes" in (props.get("Fail"), old.get("Fail"))
    answer = {"Status": "FAILED" if bad else "SUCCESS", "Reason": "will not", "PhysicalResourceId": "stubborn",
              "StackId": event["StackId"], "RequestId": event["RequestId"], "LogicalResourceId": event["LogicalResourceId"]}
    urllib.request.urlopen(urllib.request.Request(event["ResponseURL"], data=json.dumps(answer).encode(), method="PUT")).read()
'''


def test_continue_update_rollback_skips_a_resource_that_cannot_roll_back(cumulo: CumuloServer, cfn: Any) -> None:
    lam = boto3.client("lambda", endpoint_url=cumulo.url, region_name="us-east-1")
    fn = lam.create_function(FunctionName="stubborn", Runtime="python3.12", Role="arn:aws:iam::000000000000:role/r",
                             Handler="app.handler", Code={"ZipFile": _zip({"app.py": STUBBORN})}, Timeout=10)

    def tpl(fail: str) -> str:
        return body({"Resources": {"Thing": {"Type": "Custom::Stubborn", "Properties": {"ServiceToken": fn["FunctionArn"], "Fail": fail}}}})

    cfn.create_stack(StackName="stuck", TemplateBody=tpl("no"))
    assert wait_stack(cfn, "stuck", timeout=60)["StackStatus"] == "CREATE_COMPLETE"
    cfn.update_stack(StackName="stuck", TemplateBody=tpl("yes"))
    stack = wait_stack(cfn, "stuck", timeout=60)
    assert stack["StackStatus"] == "UPDATE_ROLLBACK_FAILED", statuses(cfn, "stuck")
    with pytest.raises(cfn.exceptions.ClientError, match="can not be updated"):
        cfn.update_stack(StackName="stuck", TemplateBody=tpl("no"))
    cfn.continue_update_rollback(StackName="stuck", ResourcesToSkip=["Thing"])
    assert wait_stack(cfn, "stuck", timeout=60)["StackStatus"] == "UPDATE_ROLLBACK_COMPLETE"
    cfn.update_stack(StackName="stuck", TemplateBody=tpl("maybe"))
    assert wait_stack(cfn, "stuck", timeout=60)["StackStatus"] == "UPDATE_COMPLETE"


def test_delete_during_create_stops_it_and_deletes_what_was_made(cfn: Any, sqs: Any) -> None:
    tpl = {"Resources": {"Q": {"Type": "AWS::SQS::Queue"}, "Handle": {"Type": "AWS::CloudFormation::WaitConditionHandle"},
                         "Wait": {"Type": "AWS::CloudFormation::WaitCondition", "DependsOn": "Q",
                                  "Properties": {"Handle": {"Ref": "Handle"}, "Timeout": "7200"}}}}
    stack_id = cfn.create_stack(StackName="abandon", TemplateBody=body(tpl))["StackId"]
    deadline = time.monotonic() + 10
    while ("Wait", "CREATE_IN_PROGRESS") not in statuses(cfn, "abandon") and time.monotonic() < deadline:
        time.sleep(0.02)
    cfn.delete_stack(StackName="abandon")
    assert wait_stack(cfn, stack_id)["StackStatus"] == "DELETE_COMPLETE"
    seen = statuses(cfn, stack_id)
    assert ("Wait", "CREATE_FAILED") in seen and ("Q", "DELETE_COMPLETE") in seen and ("abandon", "DELETE_IN_PROGRESS") in seen
    assert "QueueUrls" not in sqs.list_queues()


def test_nested_stack_update_and_a_failing_child_rolls_the_parent_back(cumulo: CumuloServer, cfn: Any, sqs: Any) -> None:
    s3 = boto3.client("s3", endpoint_url=cumulo.url, region_name="us-east-1")
    s3.create_bucket(Bucket="nested")

    def parent(timeout: Any, extra: dict[str, Any] | None = None) -> str:
        child = {"Parameters": {"Timeout": {"Type": "Number"}},
                 "Resources": {"Q": {"Type": "AWS::SQS::Queue", "Properties": {"VisibilityTimeout": {"Ref": "Timeout"}}}, **(extra or {})},
                 "Outputs": {"Url": {"Value": {"Ref": "Q"}}}}
        key = f"child-{timeout}.json"
        s3.put_object(Bucket="nested", Key=key, Body=body(child).encode())
        return body({"Resources": {"Child": {"Type": "AWS::CloudFormation::Stack", "Properties": {
            "TemplateURL": f"{cumulo.url}/nested/{key}", "Parameters": {"Timeout": timeout}}}},
            "Outputs": {"Url": {"Value": {"Fn::GetAtt": ["Child", "Outputs.Url"]}}}})

    cfn.create_stack(StackName="outer", TemplateBody=parent(20))
    stack = wait_stack(cfn, "outer")
    assert stack["StackStatus"] == "CREATE_COMPLETE", statuses(cfn, "outer")
    url = stack["Outputs"][0]["OutputValue"]
    cfn.update_stack(StackName="outer", TemplateBody=parent(25))
    assert wait_stack(cfn, "outer")["StackStatus"] == "UPDATE_COMPLETE"
    assert sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["VisibilityTimeout"])["Attributes"]["VisibilityTimeout"] == "25"
    cfn.update_stack(StackName="outer", TemplateBody=parent(26, {"Bad": {"Type": "AWS::SQS::Queue", "Properties": {"VisibilityTimeout": 999999}}}))
    assert wait_stack(cfn, "outer")["StackStatus"] == "UPDATE_ROLLBACK_COMPLETE"
    assert sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["VisibilityTimeout"])["Attributes"]["VisibilityTimeout"] == "25"
    child_id = cfn.describe_stack_resource(StackName="outer", LogicalResourceId="Child")["StackResourceDetail"]["PhysicalResourceId"]
    assert cfn.describe_stacks(StackName=child_id)["Stacks"][0]["StackStatus"] in ("UPDATE_ROLLBACK_COMPLETE", "UPDATE_COMPLETE")
    assert sqs.list_queues()["QueueUrls"] == [url]


def test_creation_policy_waits_for_signal_resource(cfn: Any, cumulo_clock: Any) -> None:
    tpl = {"Resources": {"Gate": {"Type": "AWS::CloudFormation::WaitCondition",
                                  "CreationPolicy": {"ResourceSignal": {"Count": 2, "Timeout": "PT10M"}}}}}
    cfn.create_stack(StackName="gated", TemplateBody=body(tpl))
    deadline = time.monotonic() + 10
    while statuses(cfn, "gated").count(("Gate", "CREATE_IN_PROGRESS")) < 2 and time.monotonic() < deadline:
        time.sleep(0.02)
    for n in (1, 2):
        cfn.signal_resource(StackName="gated", LogicalResourceId="Gate", UniqueId=f"i-{n}", Status="SUCCESS")
    assert wait_stack(cfn, "gated")["StackStatus"] == "CREATE_COMPLETE"
    with pytest.raises(cfn.exceptions.ClientError, match="can not be signaled"):
        cfn.signal_resource(StackName="gated", LogicalResourceId="Gate", UniqueId="late", Status="SUCCESS")

    cfn.create_stack(StackName="ungated", TemplateBody=body(tpl))
    # Waiting once "Resource creation Initiated" is written (the second CREATE_IN_PROGRESS).
    while statuses(cfn, "ungated").count(("Gate", "CREATE_IN_PROGRESS")) < 2 and time.monotonic() < deadline + 10:
        time.sleep(0.02)
    cumulo_clock.advance(601)
    assert wait_stack(cfn, "ungated")["StackStatus"] == "ROLLBACK_COMPLETE"
    reasons = [e.get("ResourceStatusReason", "") for e in cfn.describe_stack_events(StackName="ungated")["StackEvents"]]
    assert "Failed to receive 2 resource signal(s) within the specified duration" in reasons


def test_cdk_metadata_is_a_resource_that_makes_nothing(cfn: Any, deploy: Any) -> None:
    # Every CDK app's stack carries one; a new app version rewrites its Analytics in place.
    def template(analytics: str) -> dict[str, Any]:
        return {"Resources": {"CDKMetadata": {"Type": "AWS::CDK::Metadata", "Properties": {"Analytics": analytics},
                                              "Metadata": {"aws:cdk:path": "App/CDKMetadata/Default"}}}}

    assert deploy("cdk-app", template("v2:deflate64:AAAA"))["StackStatus"] == "CREATE_COMPLETE", statuses(cfn, "cdk-app")
    [made] = cfn.describe_stack_resources(StackName="cdk-app")["StackResources"]
    assert made["ResourceType"] == "AWS::CDK::Metadata" and len(made["PhysicalResourceId"]) == 36
    assert deploy("cdk-app", template("v2:deflate64:BBBB"))["StackStatus"] == "UPDATE_COMPLETE", statuses(cfn, "cdk-app")
    [updated] = cfn.describe_stack_resources(StackName="cdk-app")["StackResources"]
    assert updated["PhysicalResourceId"] == made["PhysicalResourceId"]
    cfn.delete_stack(StackName="cdk-app")
    assert wait_stack(cfn, made["StackId"])["StackStatus"] == "DELETE_COMPLETE"
