"""CloudFormation stacks in the console: a stack deployed through boto3, its status, parameters,
outputs, template and events, and its resources linked to their own services' views."""

from __future__ import annotations

import json
import time
from typing import Any
from urllib.parse import quote

import httpx
from tests.console.conftest import ACCOUNT, REGION, By, Console, browser_required

TEMPLATE = {
    "Description": "orders pipeline",
    "Parameters": {"Env": {"Type": "String", "Default": "dev"}},
    "Resources": {
        "Inbox": {"Type": "AWS::SQS::Queue", "Properties": {"QueueName": {"Fn::Sub": "inbox-${Env}"}}},
        "Alerts": {"Type": "AWS::SNS::Topic", "Properties": {"TopicName": "stack-alerts"}},
        "Orders": {"Type": "AWS::DynamoDB::Table", "Properties": {
            "TableName": "stack-orders", "BillingMode": "PAY_PER_REQUEST",
            "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}], "AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "S"}]}},
        "Handle": {"Type": "AWS::CloudFormation::WaitConditionHandle"},
    },
    "Outputs": {"QueueArn": {"Value": {"Fn::GetAtt": ["Inbox", "Arn"]}, "Description": "the inbox"}},
}


def settle(cfn: Any, name: str) -> None:
    deadline = time.monotonic() + 60
    while (status := cfn.describe_stacks(StackName=name)["Stacks"][0]["StackStatus"]).endswith("_IN_PROGRESS") and time.monotonic() < deadline:
        time.sleep(0.05)
    assert status == "CREATE_COMPLETE"


def deploy(aws: Any, name: str = "orders", env: str = "prod") -> str:
    cfn = aws("cloudformation")
    stack_id = cfn.create_stack(StackName=name, TemplateBody=json.dumps(TEMPLATE), Parameters=[{"ParameterKey": "Env", "ParameterValue": env}])["StackId"]
    settle(cfn, name)
    return str(stack_id)


def test_a_stacks_resources_are_located_in_their_services(console: httpx.Client, aws: Any) -> None:
    stack_id = deploy(aws)
    listed = aws("cloudformation").list_stack_resources(StackName=stack_id)["StackResourceSummaries"]
    physical = {r["LogicalResourceId"]: (r["ResourceType"], r["PhysicalResourceId"]) for r in listed}
    order = ["Inbox", "Alerts", "Orders", "Handle"]
    found = console.post("api/locate", json={"account": ACCOUNT, "region": REGION, "resources": [
        {"type": physical[k][0], "physical": physical[k][1]} for k in order] + [{"type": "AWS::SQS::Queue", "physical": "no-such-queue"}]}).json()["found"]
    inbox, alerts, orders, handle, missing = found
    assert inbox == {"service": "sqs", "account": ACCOUNT, "region": REGION, "table": "queues", "key": "inbox-prod"}
    assert alerts is not None and alerts["service"] == "sns" and alerts["table"] == "topics"
    assert orders == {"service": "dynamodb", "account": ACCOUNT, "region": REGION, "table": "tables", "key": "stack-orders"}
    assert handle is None and missing is None  # a handle is no one's resource; a queue not there is not linked
    # Each place found is an entity the generic browser shows.
    for at in (inbox, alerts, orders):
        shown = console.get(f"api/resource/{at['service']}", params={k: at[k] for k in ("account", "region", "table", "key")})
        assert shown.status_code == 200
    # The stack itself is browsed as a resource of CloudFormation, keyed by its id.
    stacks = console.get("api/resources/cloudformation", params={"account": ACCOUNT, "region": REGION, "table": "stacks"}).json()
    assert [i["key"] for i in stacks["items"]] == [stack_id]


ROLE_DOC = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]}
WIDE = {  # logical id -> (resource, the service and table the console shows it in)
    "Role": ({"Type": "AWS::IAM::Role", "Properties": {"RoleName": "wide-role", "AssumeRolePolicyDocument": ROLE_DOC}}, ("iam", "roles")),
    "User": ({"Type": "AWS::IAM::User", "Properties": {"UserName": "wide-user"}}, ("iam", "users")),
    "Fn": ({"Type": "AWS::Lambda::Function", "Properties": {"FunctionName": "wide-fn", "Runtime": "python3.12", "Handler": "index.handler",
                                                             "Role": {"Fn::GetAtt": ["Role", "Arn"]}, "Code": {"ZipFile": "def handler(e, c):\n    return e\n"}}},
           ("lambda", "functions")),
    "Bucket": ({"Type": "AWS::S3::Bucket", "Properties": {"BucketName": "wide-bucket"}}, ("s3", "buckets")),
    "Group": ({"Type": "AWS::Logs::LogGroup", "Properties": {"LogGroupName": "/wide/group"}}, ("logs", "groups")),
    "Rule": ({"Type": "AWS::Events::Rule", "Properties": {"Name": "wide-rule", "EventPattern": {"source": ["x"]}}}, ("events", "rules")),
    "Key": ({"Type": "AWS::KMS::Key", "Properties": {"KeyPolicy": {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "kms:*", "Resource": "*"}]}}}, ("kms", "keys")),
    "Param": ({"Type": "AWS::SSM::Parameter", "Properties": {"Name": "/wide/param", "Type": "String", "Value": "v"}}, ("ssm", "parameters")),
    "Stream": ({"Type": "AWS::Kinesis::Stream", "Properties": {"Name": "wide-stream", "ShardCount": 1}}, ("kinesis", "streams")),
    "Machine": ({"Type": "AWS::StepFunctions::StateMachine", "Properties": {"StateMachineName": "wide-sm", "RoleArn": {"Fn::GetAtt": ["Role", "Arn"]},
                 "DefinitionString": json.dumps({"StartAt": "A", "States": {"A": {"Type": "Pass", "End": True}}})}}, ("stepfunctions", "machines")),
    "Secret": ({"Type": "AWS::SecretsManager::Secret", "Properties": {"Name": "wide-secret", "SecretString": "s"}}, ("secretsmanager", "secrets")),
    "Pool": ({"Type": "AWS::Cognito::UserPool", "Properties": {"UserPoolName": "wide-pool"}}, ("cognito-idp", "pools")),
    "Api": ({"Type": "AWS::ApiGateway::RestApi", "Properties": {"Name": "wide-api"}}, ("apigateway", "apis")),
    "HttpApi": ({"Type": "AWS::ApiGatewayV2::Api", "Properties": {"Name": "wide-http", "ProtocolType": "HTTP"}}, ("apigatewayv2", "apis")),
    "Repo": ({"Type": "AWS::ECR::Repository", "Properties": {"RepositoryName": "wide-repo"}}, ("ecr", "repositories")),
    "Alarm": ({"Type": "AWS::CloudWatch::Alarm", "Properties": {"AlarmName": "wide-alarm", "MetricName": "M", "Namespace": "N", "Statistic": "Sum", "Period": 60,
                                                                 "EvaluationPeriods": 1, "Threshold": 1, "ComparisonOperator": "GreaterThanThreshold"}}, ("cloudwatch", "alarms")),
    "Topic": ({"Type": "AWS::SNS::Topic", "Properties": {"TopicName": "wide-topic"}}, ("sns", "topics")),
    "Sub": ({"Type": "AWS::SNS::Subscription", "Properties": {"TopicArn": {"Ref": "Topic"}, "Protocol": "sqs", "Endpoint": {"Fn::GetAtt": ["Q", "Arn"]}}},
            ("sns", "subs/wide-topic")),
    "Q": ({"Type": "AWS::SQS::Queue", "Properties": {"QueueName": "wide-q"}}, ("sqs", "queues")),
    "Schedules": ({"Type": "AWS::Scheduler::ScheduleGroup", "Properties": {"Name": "wide-sg"}}, ("scheduler", "groups")),
}


def test_resources_of_every_kind_of_service_are_located(console: httpx.Client, aws: Any) -> None:
    cfn = aws("cloudformation")
    cfn.create_stack(StackName="wide", TemplateBody=json.dumps({"Resources": {k: v[0] for k, v in WIDE.items()}}), Capabilities=["CAPABILITY_NAMED_IAM"])
    settle(cfn, "wide")
    rows = cfn.list_stack_resources(StackName="wide")["StackResourceSummaries"]
    found = console.post("api/locate", json={"account": ACCOUNT, "region": REGION, "resources": [
        {"type": r["ResourceType"], "physical": r["PhysicalResourceId"]} for r in rows]}).json()["found"]
    assert {r["LogicalResourceId"]: f and (f["service"], f["table"]) for r, f in zip(rows, found, strict=True)} == {k: v[1] for k, v in WIDE.items()}
    for at in found:
        assert console.get(f"api/resource/{at['service']}", params={k: at[k] for k in ("account", "region", "table", "key")}).status_code == 200
    # Every table these twenty services now hold lists, and its first entry shows, whatever it keeps.
    for service in console.get("api/overview").json()["services"]:
        for scope in service["scopes"]:
            for table in scope["tables"]:
                where = {"account": scope["account"], "region": scope["region"], "table": table["name"]}
                page = console.get(f"api/resources/{service['name']}", params={**where, "limit": 1})
                assert page.status_code == 200, (service["name"], table["name"])
                first = page.json()["items"][0]["key"]
                shown = console.get(f"api/resource/{service['name']}", params={**where, "key": first})
                assert shown.status_code == 200, (service["name"], table["name"], first)


def test_arns_are_located_by_their_service_and_kind(console: httpx.Client, aws: Any) -> None:
    logs = aws("logs")
    logs.create_log_group(logGroupName="web")
    logs.create_log_group(logGroupName="/app/web")
    aws("sqs").create_queue(QueueName="jobs")
    aws("s3").create_bucket(Bucket="arn-bucket")
    arns = [f"arn:aws:logs:{REGION}:{ACCOUNT}:log-group:/app/web", f"arn:aws:logs:{REGION}:{ACCOUNT}:log-group:/app/web:*",
            f"arn:aws:sqs:{REGION}:{ACCOUNT}:jobs", "arn:aws:s3:::arn-bucket", f"arn:aws:sqs:{REGION}:{ACCOUNT}:nothing", "not-an-arn"]
    found = console.post("api/locate", json={"account": ACCOUNT, "region": REGION, "resources": [{"arn": a} for a in arns]}).json()["found"]
    assert [f and (f["service"], f["table"], f["key"]) for f in found] == [
        ("logs", "groups", "/app/web"), ("logs", "groups", "/app/web"), ("sqs", "queues", "jobs"), ("s3", "buckets", "arn-bucket"), None, None]


def test_locate_refuses_what_is_not_a_list(console: httpx.Client) -> None:
    assert console.post("api/locate", content=b"{").status_code == 400
    assert console.post("api/locate", json={"resources": "x"}).status_code == 400


@browser_required
def test_a_stack_shows_its_status_events_template_and_links_to_its_queue(ui: Console, aws: Any) -> None:
    stack_id = deploy(aws)
    ui.open(f"item/cloudformation/{ACCOUNT}/{REGION}/stacks/{quote(stack_id, safe='')}")
    ui.wait(lambda d: "CREATE_COMPLETE" in d.find_element(By.CSS_SELECTOR, '[data-test="stack-status"]').text)
    ui.wait(lambda d: "inbox-prod" in d.find_element(By.CSS_SELECTOR, '[data-test="stack-resources"]').text)
    ui.shot("cloudformation-stack-resources")
    ui.click_text("Events", "button")
    ui.wait(lambda d: len(d.find_elements(By.CSS_SELECTOR, '[data-test="stack-events"] tbody tr')) >= 8)
    first = ui.driver.find_elements(By.CSS_SELECTOR, '[data-test="stack-events"] tbody tr')[0].text
    assert "orders" in first and "CREATE_COMPLETE" in first  # newest first: the stack's own completion
    ui.shot("cloudformation-stack-events")
    ui.click_text("Parameters", "button")
    ui.wait(lambda d: "prod" in d.find_element(By.CSS_SELECTOR, '[data-test="stack-parameters"]').text)
    ui.click_text("Outputs", "button")
    ui.wait(lambda d: f"arn:aws:sqs:{REGION}:{ACCOUNT}:inbox-prod" in d.find_element(By.CSS_SELECTOR, '[data-test="stack-outputs"]').text)
    ui.css('[data-test="stack-outputs"] a[href*="/sqs/"]')  # an output's ARN links to its resource too
    ui.click_text("Template", "button")
    ui.wait(lambda d: '"AWS::SQS::Queue"' in d.find_element(By.CSS_SELECTOR, '[data-test="template"]').text)
    assert '\n  "Resources"' in ui.css('[data-test="template"]').get_attribute("textContent")  # pretty-printed
    ui.shot("cloudformation-stack-template")
    ui.click_text("Resources", "button")
    ui.css('[data-physical="Inbox"]').click()
    ui.text_appears(f"arn:aws:sqs:{REGION}:{ACCOUNT}:inbox-prod")
    assert "#/item/sqs/" in ui.driver.current_url
    ui.wait(lambda d: d.find_elements(By.CSS_SELECTOR, "#data button"))  # the queue's own data view
    ui.shot("cloudformation-linked-queue")
    ui.css('[data-test="tags"] a[href*="/cloudformation/"]').click()  # and back: its stack-id tag links to the stack
    ui.wait(lambda d: "CREATE_COMPLETE" in d.find_element(By.CSS_SELECTOR, '[data-test="stack-status"]').text)
    assert quote(stack_id, safe="") in ui.driver.current_url


@browser_required
def test_a_stack_deleted_from_the_console_is_gone_through_boto3_with_its_queue(ui: Console, aws: Any) -> None:
    stack_id = deploy(aws, "doomed", "tmp")
    ui.open(f"item/cloudformation/{ACCOUNT}/{REGION}/stacks/{quote(stack_id, safe='')}")
    ui.wait(lambda d: "CREATE_COMPLETE" in d.find_element(By.CSS_SELECTOR, '[data-test="stack-status"]').text)
    ui.css('[data-test="stack-drift"]').click()
    ui.wait(lambda d: "IN_SYNC" in d.find_element(By.CSS_SELECTOR, '[data-test="stack"]').text)
    ui.css('[data-test="stack-delete"]').click()
    ui.wait(lambda d: d.switch_to.alert).accept()
    ui.wait(lambda d: "DELETE_COMPLETE" in d.find_element(By.CSS_SELECTOR, '[data-test="stack-status"]').text)  # followed to rest
    assert aws("cloudformation").describe_stacks(StackName=stack_id)["Stacks"][0]["StackStatus"] == "DELETE_COMPLETE"
    assert "inbox-tmp" not in str(aws("sqs").list_queues().get("QueueUrls", []))
    ui.shot("cloudformation-stack-deleted")


@browser_required
def test_a_change_set_is_shown_and_executed_from_the_console(ui: Console, aws: Any) -> None:
    stack_id = deploy(aws, "staged", "dev")
    cfn = aws("cloudformation")
    cfn.create_change_set(StackName="staged", ChangeSetName="to-prod", UsePreviousTemplate=True, Parameters=[{"ParameterKey": "Env", "ParameterValue": "prod"}])
    cfn.get_waiter("change_set_create_complete").wait(StackName="staged", ChangeSetName="to-prod", WaiterConfig={"Delay": 1, "MaxAttempts": 30})
    ui.open(f"item/cloudformation/{ACCOUNT}/{REGION}/stacks/{quote(stack_id, safe='')}")
    ui.click_text("Change sets", "button")
    ui.click_text("to-prod")
    ui.wait(lambda d: "Inbox" in d.find_element(By.CSS_SELECTOR, '[data-test="changes"]').text)
    assert "Modify" in ui.css('[data-test="changes"]').text
    ui.shot("cloudformation-change-set")
    ui.css('[data-test="changeset-execute"]').click()
    ui.wait(lambda d: "UPDATE_COMPLETE" in d.find_element(By.CSS_SELECTOR, '[data-test="stack-status"]').text)
    stack = cfn.describe_stacks(StackName="staged")["Stacks"][0]
    assert stack["StackStatus"] == "UPDATE_COMPLETE" and stack["Parameters"] == [{"ParameterKey": "Env", "ParameterValue": "prod"}]
    assert "inbox-prod" in str(aws("sqs").list_queues()["QueueUrls"])  # the queue was replaced under its new name


@browser_required
def test_every_resource_a_wide_stack_makes_opens_in_the_browser_without_errors(ui: Console, aws: Any) -> None:
    cfn = aws("cloudformation")
    stack_id = cfn.create_stack(StackName="wide", TemplateBody=json.dumps({"Resources": {k: v[0] for k, v in WIDE.items()}}),
                                Capabilities=["CAPABILITY_NAMED_IAM"])["StackId"]
    settle(cfn, "wide")
    ui.open(f"item/cloudformation/{ACCOUNT}/{REGION}/stacks/{quote(stack_id, safe='')}")
    ui.wait(lambda d: len(d.find_elements(By.CSS_SELECTOR, '[data-test="stack-resources"] a[data-physical]')) == len(WIDE))
    links = {a.get_attribute("data-physical"): a.get_attribute("href") for a in ui.driver.find_elements(By.CSS_SELECTOR, '[data-test="stack-resources"] a[data-physical]')}
    for logical, href in sorted(links.items()):  # each by a hash change, as a click would: the same page routes
        ui.driver.execute_script("const i = document.getElementById('item'); if (i) i.dataset.old = '1'; location.hash = arguments[0];", href.split("#", 1)[1])
        ui.wait(lambda d: d.find_elements(By.CSS_SELECTOR, "#item:not([data-old]) #data"))
        assert not ui.driver.find_elements(By.CSS_SELECTOR, "#main p.error"), (logical, ui.css("#main p.error").text)
    ui.shot("wide-stack-last-resource")
