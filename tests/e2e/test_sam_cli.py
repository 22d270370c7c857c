"""The SAM CLI against cumulo: `sam deploy` (its change-set flow, the template transformed
by AWS's own SAM translator inside cumulo's CloudFormation), `sam build`, `sam delete`, and
LocalStack's `samlocal` wrapper unchanged, pointed at cumulo the way it finds LocalStack.

The SAM CLI pins its own boto3, so it lives in its own virtualenv, never in cumulo's
environment: `python -m venv .venv-sam && .venv-sam/bin/pip install aws-sam-cli aws-sam-cli-local`,
then put it on PATH or point CUMULO_SAM_CLI at the `sam` executable (`samlocal` is looked
for beside it, or at CUMULO_SAMLOCAL). Without them the tests skip.

The tests share one server: `--resolve-s3` makes SAM's managed stack
(`aws-sam-cli-managed-default`, a bucket and its policy) once, as on a real account; SAM
polls that stack every 15 s, so making it once keeps the module quick. SAM_CLI_POLL_DELAY
(SAM's documented knob) shortens its polling of stack events from 5 s.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import httpx
import pytest

from cumulo.config import Config
from cumulo.services import resource_types
from cumulo.testing import CumuloServer

SAM = os.environ.get("CUMULO_SAM_CLI") or shutil.which("sam")
BESIDE = Path(SAM).with_name("samlocal") if SAM else None
SAMLOCAL = os.environ.get("CUMULO_SAMLOCAL") or (str(BESIDE) if BESIDE and BESIDE.exists() else None) or shutil.which("samlocal")
pytestmark = pytest.mark.skipif(SAM is None, reason="needs the SAM CLI (its own venv; see the module docstring)")
needs_function_providers = pytest.mark.skipif(
    not {"AWS::Lambda::Function", "AWS::IAM::Role", "AWS::S3::Bucket", "AWS::Lambda::EventSourceMapping", "AWS::DynamoDB::Table"} <= set(resource_types()),
    reason="needs the Lambda, IAM, S3 and DynamoDB resource providers")
REGION = "us-east-1"
MANAGED_STACK = "aws-sam-cli-managed-default"


@pytest.fixture(scope="module")
def server() -> Iterator[CumuloServer]:
    server = CumuloServer().start()
    yield server
    server.stop()


def run(command: str, cwd: Path, env: dict[str, str], *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith("AWS_") and k not in ("EDGE_PORT", "LOCALSTACK_HOSTNAME")}
    base |= {"SAM_CLI_TELEMETRY": "0", "SAM_CLI_POLL_DELAY": "0.5", "DISABLE_DEPRECATION_NOTICE": "1"}
    return subprocess.run([command, *args], cwd=cwd, capture_output=True, text=True, env=base | env, timeout=300, input=stdin)


def sam(server: CumuloServer, cwd: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    assert SAM is not None
    env = {"AWS_ENDPOINT_URL": server.url, "AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test",
           "AWS_DEFAULT_REGION": REGION, "AWS_REGION": REGION}
    return run(SAM, cwd, env, *args, stdin=stdin)


def client(server: CumuloServer, service: str) -> Any:
    return boto3.client(service, endpoint_url=server.url, region_name=REGION, aws_access_key_id="test", aws_secret_access_key="test")


def outputs(server: CumuloServer, stack: str) -> dict[str, str]:
    described = client(server, "cloudformation").describe_stacks(StackName=stack)["Stacks"][0]
    assert described["StackStatus"] in ("CREATE_COMPLETE", "UPDATE_COMPLETE"), described
    return {o["OutputKey"]: o["OutputValue"] for o in described.get("Outputs", [])}


def delete_stack(server: CumuloServer, stack: str) -> None:
    """Delete through CloudFormation itself where `sam delete` is covered elsewhere (each SAM run costs seconds)."""
    cfn = client(server, "cloudformation")
    cfn.delete_stack(StackName=stack)
    cfn.get_waiter("stack_delete_complete").wait(StackName=stack, WaiterConfig={"Delay": 1})


def eventually(probe: Any, what: str, timeout: float = 60) -> Any:
    """Poll `probe` until it returns something truthy (the function runs in the background)."""
    deadline = time.monotonic() + timeout
    while True:
        found = probe()
        if found:
            return found
        if time.monotonic() > deadline:
            raise AssertionError(f"never saw {what}")
        time.sleep(0.2)


QUEUE_APP = """\
AWSTemplateFormatVersion: "2010-09-09"
Transform: AWS::Serverless-2016-10-31
Parameters:
  Stage: {Type: String, Default: dev}
Resources:
  Jobs:
    Type: AWS::SQS::Queue
    Properties:
      QueueName: !Sub "sam-jobs-${Stage}"
      VisibilityTimeout: 60
Outputs:
  JobsUrl:
    Value: !Ref Jobs
"""


def test_sam_deploy_and_delete(server: CumuloServer, tmp_path: Path) -> None:
    """A plain deploy to a given bucket and prefix, with stack tags (on the stack and its resources)
    and notification ARNs (the stack's events published to SNS); a second deploy with no change."""
    client(server, "s3").create_bucket(Bucket="sam-artifacts")
    sns, sqs = client(server, "sns"), client(server, "sqs")
    topic = sns.create_topic(Name="sam-stack-events")["TopicArn"]
    watch = sqs.create_queue(QueueName="sam-stack-watch")["QueueUrl"]
    watch_arn = sqs.get_queue_attributes(QueueUrl=watch, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=watch_arn, Attributes={"RawMessageDelivery": "true"})
    (tmp_path / "template.yaml").write_text(QUEUE_APP)
    deploy = ("deploy", "--stack-name", "sam-queue", "--s3-bucket", "sam-artifacts", "--s3-prefix", "queue-app", "--no-confirm-changeset",
              "--no-fail-on-empty-changeset", "--region", REGION, "--no-progressbar", "--parameter-overrides", "Stage=test",
              "--tags", "team=core", "--notification-arns", topic)
    done = sam(server, tmp_path, *deploy)
    assert done.returncode == 0, done.stdout + done.stderr
    url = outputs(server, "sam-queue")["JobsUrl"]
    assert url.endswith("/sam-jobs-test")
    assert sqs.list_queue_tags(QueueUrl=url)["Tags"]["team"] == "core"
    assert all(o["Key"].startswith("queue-app/") for o in client(server, "s3").list_objects_v2(Bucket="sam-artifacts")["Contents"])
    notices: list[str] = []
    while batch := sqs.receive_message(QueueUrl=watch, MaxNumberOfMessages=10).get("Messages", []):
        notices += [m["Body"] for m in batch]
    assert any("ResourceStatus='CREATE_COMPLETE'" in n and "LogicalResourceId='Jobs'" in n for n in notices)
    # A second deploy with nothing changed: SAM reports it and succeeds.
    again = sam(server, tmp_path, *deploy)
    assert again.returncode == 0, again.stdout + again.stderr
    assert "No changes to deploy" in again.stdout + again.stderr
    deleted = sam(server, tmp_path, "delete", "--stack-name", "sam-queue", "--no-prompts", "--region", REGION)
    assert deleted.returncode == 0, deleted.stdout + deleted.stderr
    assert not [u for u in sqs.list_queues().get("QueueUrls", []) if u.endswith("/sam-jobs-test")]


FUNCTION_APP = """\
AWSTemplateFormatVersion: "2010-09-09"
Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Timeout: 9
    Runtime: python3.12
    MemorySize: 256
    Environment:
      Variables:
        GREETING: hello
        TABLE: !Ref Seen
Resources:
  Jobs:
    Type: AWS::SQS::Queue
  Seen:
    Type: AWS::Serverless::SimpleTable
  Worker:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      CodeUri: src/
      Policies:
        - DynamoDBCrudPolicy: {TableName: !Ref Seen}
      Events:
        FromQueue:
          Type: SQS
          Properties:
            Queue: !GetAtt Jobs.Arn
            BatchSize: 5
Outputs:
  WorkerName:
    Value: !Ref Worker
  JobsUrl:
    Value: !Ref Jobs
  TableName:
    Value: !Ref Seen
"""

# Writes each message it is given into the table, through cumulo's DynamoDB (the runtime points the
# SDK back at cumulo with AWS_ENDPOINT_URL), and logs a line to CloudWatch Logs.
WORKER = """\
import json
import os

import boto3
import httpx

table = boto3.resource("dynamodb").Table(os.environ["TABLE"])


def handler(event, context):
    for record in event["Records"]:
        table.put_item(Item={"id": record["body"], "greeting": os.environ["GREETING"]})
    print(f"stored {len(event['Records'])} job(s)")
"""


def write_function_app(root: Path) -> None:
    (root / "src").mkdir()
    (root / "src" / "app.py").write_text(WORKER)
    (root / "template.yaml").write_text(FUNCTION_APP)


def check_function_app(server: CumuloServer, stack: str) -> dict[str, str]:
    """The transformed template's resources as SAM means them, and the function really running:
    a message sent to the queue reaches it through the event source mapping and lands in the table."""
    out = outputs(server, stack)
    lam = client(server, "lambda")
    config = lam.get_function_configuration(FunctionName=out["WorkerName"])
    assert (config["Timeout"], config["MemorySize"], config["Runtime"]) == (9, 256, "python3.12")  # from Globals
    assert config["Environment"]["Variables"] == {"GREETING": "hello", "TABLE": out["TableName"]}
    mapping = lam.list_event_source_mappings(FunctionName=out["WorkerName"])["EventSourceMappings"][0]
    assert mapping["BatchSize"] == 5 and mapping["State"] == "Enabled"
    role = config["Role"].rsplit("/", 1)[1]
    iam = client(server, "iam")
    attached = {p["PolicyArn"] for p in iam.list_attached_role_policies(RoleName=role)["AttachedPolicies"]}
    assert {"arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
            "arn:aws:iam::aws:policy/service-role/AWSLambdaSQSQueueExecutionRole"} <= attached
    assert iam.list_role_policies(RoleName=role)["PolicyNames"]  # DynamoDBCrudPolicy, inline

    client(server, "sqs").send_message(QueueUrl=out["JobsUrl"], MessageBody=f"job-{stack}")
    table = boto3.resource("dynamodb", endpoint_url=server.url, region_name=REGION, aws_access_key_id="test",
                           aws_secret_access_key="test").Table(out["TableName"])
    item = eventually(lambda: table.get_item(Key={"id": f"job-{stack}"}).get("Item"), "the job in the table")
    assert item == {"id": f"job-{stack}", "greeting": "hello"}
    logs = client(server, "logs")
    eventually(lambda: any("stored 1 job(s)" in e["message"] for e in logs.filter_log_events(
        logGroupName=f"/aws/lambda/{out['WorkerName']}").get("events", [])), "the function's log line")
    return out


def check_deleted(server: CumuloServer, out: dict[str, str]) -> None:
    assert out["WorkerName"] not in {f["FunctionName"] for f in client(server, "lambda").list_functions()["Functions"]}
    assert out["TableName"] not in client(server, "dynamodb").list_tables()["TableNames"]
    queue = out["JobsUrl"].rsplit("/", 1)[1]  # by name: a restarted server's URLs carry its new port
    assert not [u for u in client(server, "sqs").list_queues().get("QueueUrls", []) if u.endswith(f"/{queue}")]


@needs_function_providers
def test_sam_deploy_resolve_s3_with_a_function_and_an_event_source(server: CumuloServer, tmp_path: Path) -> None:
    write_function_app(tmp_path)
    done = sam(server, tmp_path, "deploy", "--stack-name", "sam-fn", "--resolve-s3", "--capabilities", "CAPABILITY_IAM",
               "--no-confirm-changeset", "--region", REGION, "--no-progressbar")
    assert done.returncode == 0, done.stdout + done.stderr
    # SAM's managed stack: its bucket (with SAM's bucket policy) holds the uploaded code.
    bucket = outputs(server, MANAGED_STACK)["SourceBucket"]
    s3 = client(server, "s3")
    assert "Statement" in s3.get_bucket_policy(Bucket=bucket)["Policy"]
    assert s3.list_objects_v2(Bucket=bucket)["KeyCount"] >= 2  # the code zip and the packaged template
    out = check_function_app(server, "sam-fn")
    deleted = sam(server, tmp_path, "delete", "--stack-name", "sam-fn", "--no-prompts", "--region", REGION)
    assert deleted.returncode == 0, deleted.stdout + deleted.stderr
    check_deleted(server, out)
    assert outputs(server, MANAGED_STACK)["SourceBucket"] == bucket  # the managed stack stays, as on AWS


@needs_function_providers
@pytest.mark.skipif(SAMLOCAL is None, reason="needs samlocal (aws-sam-cli-local) beside the SAM CLI")
def test_samlocal_deploy_and_delete_unchanged(server: CumuloServer, tmp_path: Path) -> None:
    """`samlocal` as LocalStack users run it: no endpoint given, only the edge port it reads
    (EDGE_PORT; its host defaults to localhost, as cumulo's port defaults to 4566)."""
    assert SAMLOCAL is not None
    write_function_app(tmp_path)
    env = {"EDGE_PORT": str(server.port), "AWS_DEFAULT_REGION": REGION}
    done = run(SAMLOCAL, tmp_path, env, "deploy", "--stack-name", "samlocal-fn", "--resolve-s3", "--capabilities", "CAPABILITY_IAM",
               "--no-confirm-changeset", "--no-progressbar")
    assert done.returncode == 0, done.stdout + done.stderr
    out = check_function_app(server, "samlocal-fn")
    deleted = run(SAMLOCAL, tmp_path, env, "delete", "--stack-name", "samlocal-fn", "--no-prompts")
    assert deleted.returncode == 0, deleted.stdout + deleted.stderr
    check_deleted(server, out)


BUILT_APP = """\
AWSTemplateFormatVersion: "2010-09-09"
Transform: AWS::Serverless-2016-10-31
Resources:
  Greeter:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.11
      Handler: app.handler
      CodeUri: greeter/
Outputs:
  GreeterName:
    Value: !Ref Greeter
"""


@needs_function_providers
def test_sam_build_then_deploy(server: CumuloServer, tmp_path: Path) -> None:
    """`sam build` (no requirements.txt: the code is copied as is, with its own modules) and a
    deploy of the built template; the function answers an Invoke, `sam remote invoke`, and
    `sam logs` shows both runs; changed code, built and deployed again, is what runs next."""
    (tmp_path / "greeter").mkdir()
    (tmp_path / "greeter" / "words.py").write_text("WORD = 'built'\n")
    (tmp_path / "greeter" / "app.py").write_text("from words import WORD\n\n\ndef handler(event, context):\n    return {'word': WORD, 'name': event['name']}\n")
    (tmp_path / "template.yaml").write_text(BUILT_APP)
    built = sam(server, tmp_path, "build")
    assert built.returncode == 0, built.stdout + built.stderr
    assert (tmp_path / ".aws-sam" / "build" / "Greeter" / "words.py").is_file()
    deploy = ("deploy", "--stack-name", "sam-built", "--resolve-s3", "--capabilities", "CAPABILITY_IAM", "--no-confirm-changeset",
              "--region", REGION, "--no-progressbar")
    done = sam(server, tmp_path, *deploy)
    assert done.returncode == 0, done.stdout + done.stderr
    name = outputs(server, "sam-built")["GreeterName"]
    answer = client(server, "lambda").invoke(FunctionName=name, Payload=b'{"name": "sam"}')
    assert answer["Payload"].read() == b'{"word": "built", "name": "sam"}'
    # `sam remote invoke` and `sam logs` find the function through the stack's resources.
    remote = sam(server, tmp_path, "remote", "invoke", "Greeter", "--stack-name", "sam-built", "--event", '{"name": "remote"}', "--region", REGION)
    assert remote.returncode == 0 and '{"word": "built", "name": "remote"}' in remote.stdout, remote.stdout + remote.stderr
    logs = sam(server, tmp_path, "logs", "--stack-name", "sam-built", "--region", REGION)
    assert logs.returncode == 0 and logs.stdout.count("START RequestId") == 2, logs.stdout + logs.stderr
    # The everyday loop: change the code, build, deploy; the update replaces the code from S3.
    (tmp_path / "greeter" / "words.py").write_text("WORD = 'rebuilt'\n")
    assert sam(server, tmp_path, "build").returncode == 0
    redone = sam(server, tmp_path, *deploy)
    assert redone.returncode == 0 and "UPDATE_COMPLETE" in redone.stdout, redone.stdout + redone.stderr
    answer = client(server, "lambda").invoke(FunctionName=name, Payload=b'{"name": "sam"}')
    assert answer["Payload"].read() == b'{"word": "rebuilt", "name": "sam"}'
    delete_stack(server, "sam-built")


@needs_function_providers
def test_sam_sync_no_watch_then_code_only(server: CumuloServer, tmp_path: Path) -> None:
    """`sam sync --no-watch`: the infrastructure through CloudFormation (with SAM's dependency
    layer as a nested stack), then `--code` pushes new code straight through Lambda's API."""
    (tmp_path / "greeter").mkdir()
    (tmp_path / "greeter" / "words.py").write_text("WORD = 'first'\n")
    (tmp_path / "greeter" / "app.py").write_text("from words import WORD\n\n\ndef handler(event, context):\n    return {'word': WORD, 'name': event['name']}\n")
    (tmp_path / "template.yaml").write_text(BUILT_APP)
    sync = ("sync", "--no-watch", "--stack-name", "sam-sync", "--region", REGION)
    # sync asks to confirm it is a development stack; the answer comes on stdin.
    first = sam(server, tmp_path, *sync, "--capabilities", "CAPABILITY_IAM", "CAPABILITY_AUTO_EXPAND", stdin="y\n")
    assert first.returncode == 0, first.stdout + first.stderr
    lam = client(server, "lambda")
    name = outputs(server, "sam-sync")["GreeterName"]
    assert lam.invoke(FunctionName=name, Payload=b'{"name": "a"}')["Payload"].read() == b'{"word": "first", "name": "a"}'
    (tmp_path / "greeter" / "words.py").write_text("WORD = 'second'\n")
    code = sam(server, tmp_path, *sync, "--code", stdin="y\n")
    assert code.returncode == 0, code.stdout + code.stderr
    assert lam.invoke(FunctionName=name, Payload=b'{"name": "b"}')["Payload"].read() == b'{"word": "second", "name": "b"}'
    # Not `sam delete`: sync uploaded the dependency layer's nested template under a URL made from the
    # endpoint (http://127.0.0.1:<port>/bucket/key), which `sam delete` cannot parse (it knows s3:// and
    # https://s3… only): a SAM CLI limitation with any custom endpoint. CloudFormation deletes it.
    delete_stack(server, "sam-sync")
    assert name not in {f["FunctionName"] for f in lam.list_functions()["Functions"]}


BROKEN_APP = """\
Transform: AWS::Serverless-2016-10-31
Resources:
  Early:
    Type: AWS::SQS::Queue
    Properties: {QueueName: sam-broken-early}
  Fn:
    Type: AWS::Serverless::Function
    Properties: {Handler: app.handler, CodeUri: src/, Runtime: python9.9}
"""


@needs_function_providers
def test_sam_deploy_that_fails_rolls_back_or_is_retried(server: CumuloServer, tmp_path: Path) -> None:
    """A resource that fails (Lambda refuses the runtime) rolls the stack back: SAM shows the
    failure and exits non-zero, and the queue made before it is gone. With --disable-rollback
    the stack keeps it, and a fixed template deploys over the failed stack."""
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "app.py").write_text("def handler(event, context):\n    return 1\n")
    (tmp_path / "template.yaml").write_text(BROKEN_APP)
    done = sam(server, tmp_path, "deploy", "--stack-name", "sam-broken", "--resolve-s3", "--capabilities", "CAPABILITY_IAM",
               "--no-confirm-changeset", "--region", REGION, "--no-progressbar")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "ROLLBACK_COMPLETE" in done.stdout + done.stderr and "CREATE_FAILED" in done.stdout + done.stderr
    stack = client(server, "cloudformation").describe_stacks(StackName="sam-broken")["Stacks"][0]
    assert stack["StackStatus"] == "ROLLBACK_COMPLETE"
    assert not [u for u in client(server, "sqs").list_queues().get("QueueUrls", []) if u.endswith("/sam-broken-early")]
    delete_stack(server, "sam-broken")

    # With --disable-rollback what was made stays (CREATE_FAILED); fixed, the next deploy retries the rest.
    kept = ("deploy", "--stack-name", "sam-kept", "--resolve-s3", "--capabilities", "CAPABILITY_IAM", "--no-confirm-changeset",
            "--region", REGION, "--no-progressbar", "--disable-rollback")
    failed = sam(server, tmp_path, *kept)
    assert failed.returncode == 1 and "Automatic rollback disabled" in failed.stdout + failed.stderr, failed.stdout + failed.stderr
    assert client(server, "cloudformation").describe_stacks(StackName="sam-kept")["Stacks"][0]["StackStatus"] == "CREATE_FAILED"
    (tmp_path / "template.yaml").write_text(BROKEN_APP.replace("python9.9", "python3.11"))
    fixed = sam(server, tmp_path, *kept)
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
    assert client(server, "cloudformation").describe_stacks(StackName="sam-kept")["Stacks"][0]["StackStatus"] == "UPDATE_COMPLETE"
    delete_stack(server, "sam-kept")


@needs_function_providers
def test_sam_app_with_every_api_less_event_source(server: CumuloServer, tmp_path: Path) -> None:
    """tests/e2e/sam/wide: a layer, AutoPublishAlias, a function URL, policy templates, a state
    machine, a condition, an on-success destination, and the function wired to S3, SNS, EventBridge,
    DynamoDB Streams, Kinesis, CloudWatch Logs and (disabled) EventBridge and Scheduler schedules. Each source really delivers to the function; an update flips the
    condition; the delete leaves the layer, whose SAM default is to retain it."""
    shutil.copytree(Path(__file__).parent / "sam" / "wide", tmp_path / "app")
    app = tmp_path / "app"
    client(server, "s3").create_bucket(Bucket="sam-wide-artifacts")
    deploy = ("deploy", "--stack-name", "sam-wide", "--s3-bucket", "sam-wide-artifacts", "--capabilities", "CAPABILITY_IAM",
              "--no-confirm-changeset", "--region", REGION, "--no-progressbar")
    done = sam(server, app, *deploy)
    assert done.returncode == 0, done.stdout + done.stderr
    out = outputs(server, "sam-wide")
    cfn = client(server, "cloudformation")
    res = {r["LogicalResourceId"]: r["PhysicalResourceId"] for r in cfn.list_stack_resources(StackName="sam-wide")["StackResourceSummaries"]}
    assert "ProdOnly" not in res
    lam = client(server, "lambda")
    answer = lam.invoke(FunctionName=out["FnAlias"], Payload=b"{}")
    assert answer["Payload"].read() == b'{"shared": "from-layer", "stage": "dev"}'
    assert lam.get_alias(FunctionName=res["Fn"], Name="live")["FunctionVersion"] == out["FnVersion"].rsplit(":", 1)[1]
    assert lam.list_function_url_configs(FunctionName=res["Fn"])["FunctionUrlConfigs"][0]["AuthType"] == "NONE"
    assert client(server, "events").describe_rule(Name=res["FnEvery"])["State"] == "DISABLED"

    s3 = client(server, "s3")
    s3.put_object(Bucket=res["UploadsTrigger"], Key="dropped.txt", Body=b"x")
    client(server, "sns").publish(TopicArn=res["Topic"], Message="hello")
    client(server, "events").put_events(Entries=[{"Source": "my.app", "DetailType": "tick", "Detail": "{}"}])
    client(server, "dynamodb").put_item(TableName=res["Table"], Item={"pk": {"S": "row"}})
    client(server, "kinesis").put_record(StreamName=res["Stream"], Data=b"rec", PartitionKey="p")
    logs = client(server, "logs")
    logs.create_log_stream(logGroupName=res["Sink"], logStreamName="s")
    logs.put_log_events(logGroupName=res["Sink"], logStreamName="s", logEvents=[{"timestamp": int(time.time() * 1000), "message": "line"}])

    def sources() -> set[str]:
        seen = set()
        for event in logs.filter_log_events(logGroupName=f"/aws/lambda/{res['Fn']}").get("events", []):
            if event["message"].startswith('{"got"'):
                got = json.loads(event["message"])["got"]
                records = got.get("Records") or [{}]
                seen.add("aws:logs" if "awslogs" in got else got.get("source") or records[0].get("eventSource") or records[0].get("EventSource") or "")
        return seen

    expected = {"aws:s3", "aws:sns", "my.app", "aws:dynamodb", "aws:kinesis", "aws:logs"}
    eventually(lambda: expected <= sources(), f"events from {expected}")
    # An asynchronous invoke of the alias reports its success to the EventInvokeConfig destination.
    lam.invoke(FunctionName=out["FnAlias"], InvocationType="Event", Payload=b'{"async": true}')
    sqs = client(server, "sqs")
    done_url = sqs.get_queue_url(QueueName=res["Done"].rsplit("/", 1)[1])["QueueUrl"]
    record = json.loads(eventually(lambda: sqs.receive_message(QueueUrl=done_url).get("Messages"), "the success record")[0]["Body"])
    assert record["responsePayload"] == {"shared": "from-layer", "stage": "dev"}
    assert [s["State"] for s in client(server, "scheduler").list_schedules()["Schedules"]] == ["DISABLED"]  # ScheduleV2
    run_arn = client(server, "stepfunctions").start_execution(stateMachineArn=out["Flow"], input='{"via": "flow"}')["executionArn"]
    execution = eventually(lambda: (d := client(server, "stepfunctions").describe_execution(executionArn=run_arn))["status"] != "RUNNING" and d,
                           "the execution to end")
    assert execution["status"] == "SUCCEEDED" and json.loads(execution["output"]) == {"shared": "from-layer", "stage": "dev"}

    again = sam(server, app, *deploy, "--parameter-overrides", "Stage=prod")
    assert again.returncode == 0, again.stdout + again.stderr
    assert {r["LogicalResourceId"] for r in cfn.list_stack_resources(StackName="sam-wide")["StackResourceSummaries"]} >= {"ProdOnly"}
    assert lam.get_function_configuration(FunctionName=res["Fn"])["Environment"]["Variables"]["STAGE"] == "prod"

    s3.delete_object(Bucket=res["UploadsTrigger"], Key="dropped.txt")  # as on AWS, a bucket with objects would not delete
    # Through CloudFormation, not `sam delete` (covered by the other tests): SAM polls a delete every
    # 30 s, and a stack this size is rarely gone at its first look.
    delete_stack(server, "sam-wide")
    assert res["Fn"] not in {f["FunctionName"] for f in lam.list_functions()["Functions"]}
    assert res["Table"] not in client(server, "dynamodb").list_tables()["TableNames"]
    assert res["UploadsTrigger"] not in {b["Name"] for b in s3.list_buckets()["Buckets"]}
    assert client(server, "stepfunctions").list_state_machines()["stateMachines"] == []
    assert lam.get_layer_version_by_arn(Arn=out["LayerArn"])["Version"] == 1  # DeletionPolicy: Retain


API_APP = """\
Transform: AWS::Serverless-2016-10-31
Globals:
  Function: {Runtime: python3.11, Handler: app.handler, CodeUri: src/}
Resources:
  Rest:
    Type: AWS::Serverless::Function
    Properties:
      Events:
        Get: {Type: Api, Properties: {Path: "/items/{id}", Method: get}}
  Http:
    Type: AWS::Serverless::Function
    Properties:
      Events:
        Get: {Type: HttpApi, Properties: {Path: /things, Method: get}}
Outputs:
  RestId: {Value: !Ref ServerlessRestApi}
  HttpId: {Value: !Ref ServerlessHttpApi}
"""

API_HANDLER = """\
import json


def handler(event, context):
    path = event.get("path") or event.get("rawPath")
    return {"statusCode": 200, "body": json.dumps({"path": path, "query": event.get("queryStringParameters")})}
"""


@needs_function_providers
def test_sam_api_and_http_api_events(server: CumuloServer, tmp_path: Path) -> None:
    """SAM's implicit REST API (ServerlessRestApi, an OpenAPI body with its Prod stage) and HTTP API
    (ServerlessHttpApi, imported from its body, with the $default stage) answer through the function."""
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "app.py").write_text(API_HANDLER)
    (tmp_path / "template.yaml").write_text(API_APP)
    done = sam(server, tmp_path, "deploy", "--stack-name", "sam-api", "--resolve-s3", "--capabilities", "CAPABILITY_IAM",
               "--no-confirm-changeset", "--region", REGION, "--no-progressbar")
    assert done.returncode == 0, done.stdout + done.stderr
    out = outputs(server, "sam-api")
    rest = httpx.get(f"{server.url}/restapis/{out['RestId']}/Prod/_user_request_/items/42", params={"x": "1"})
    assert rest.status_code == 200 and rest.json() == {"path": "/items/42", "query": {"x": "1"}}
    http = httpx.get(f"{server.url}/restapis/{out['HttpId']}/$default/_user_request_/things", params={"y": "2"})
    assert http.status_code == 200 and http.json() == {"path": "/things", "query": {"y": "2"}}
    delete_stack(server, "sam-api")
    assert client(server, "apigatewayv2").get_apis()["Items"] == []


@needs_function_providers
def test_sam_app_survives_a_restart(tmp_path: Path) -> None:
    """With --data-dir, a SAM-deployed app keeps working after a restart: the stack, the code
    from S3, the role, the mapping still polling the queue; `sam delete` then removes it all."""
    data = tmp_path / "data"
    app = tmp_path / "app"
    app.mkdir()
    write_function_app(app)
    first = CumuloServer(Config(log_level="warning", data_dir=str(data))).start()
    try:
        client(first, "s3").create_bucket(Bucket="sam-restart-artifacts")
        done = sam(first, app, "deploy", "--stack-name", "sam-restart", "--s3-bucket", "sam-restart-artifacts", "--capabilities",
                   "CAPABILITY_IAM", "--no-confirm-changeset", "--region", REGION, "--no-progressbar")
        assert done.returncode == 0, done.stdout + done.stderr
        before = check_function_app(first, "sam-restart")
    finally:
        first.stop()
    second = CumuloServer(Config(log_level="warning", data_dir=str(data))).start()
    try:
        out = outputs(second, "sam-restart")
        assert out == before
        sqs = client(second, "sqs")
        sqs.send_message(QueueUrl=sqs.get_queue_url(QueueName=out["JobsUrl"].rsplit("/", 1)[1])["QueueUrl"], MessageBody="after-restart")
        table = boto3.resource("dynamodb", endpoint_url=second.url, region_name=REGION, aws_access_key_id="test",
                               aws_secret_access_key="test").Table(out["TableName"])
        assert eventually(lambda: table.get_item(Key={"id": "after-restart"}).get("Item"), "the job after the restart")["greeting"] == "hello"
        deleted = sam(second, app, "delete", "--stack-name", "sam-restart", "--no-prompts", "--region", REGION)
        assert deleted.returncode == 0, deleted.stdout + deleted.stderr
        check_deleted(second, out)
    finally:
        second.stop()


def test_sam_pipeline_bootstrap(server: CumuloServer, tmp_path: Path) -> None:
    """`sam pipeline bootstrap` makes a stage's CI/CD resources in a stack of SAM's own: a pipeline
    IAM user with an access key (kept in Secrets Manager), execution roles, and an artifacts
    bucket with its access-logging bucket (a LogDeliveryWrite ACL)."""
    done = sam(server, tmp_path, "pipeline", "bootstrap", "--stage", "dev", "--no-interactive", "--no-confirm-changeset",
               "--region", REGION, "--permissions-provider", "iam")
    assert done.returncode == 0, done.stdout + done.stderr
    out = outputs(server, "aws-sam-cli-managed-dev-pipeline-resources")
    user = out["PipelineUser"].rsplit("/", 1)[1]
    assert client(server, "iam").list_access_keys(UserName=user)["AccessKeyMetadata"]
    assert client(server, "secretsmanager").describe_secret(SecretId=out["PipelineUserSecretKey"])["ARN"] == out["PipelineUserSecretKey"]
    for role in (out["CloudFormationExecutionRole"], out["PipelineExecutionRole"]):
        assert client(server, "iam").get_role(RoleName=role.rsplit("/", 1)[1])["Role"]["Arn"] == role
    bucket = out["ArtifactsBucket"].rsplit(":", 1)[1]
    assert client(server, "s3").get_bucket_versioning(Bucket=bucket)["Status"] == "Enabled"
    assert (tmp_path / ".aws-sam" / "pipeline" / "pipelineconfig.toml").is_file()
