"""The AWS CDK against cumulo: `cdk bootstrap` (the CLI's own standard bootstrap template), `cdk deploy`
and `cdk destroy` of the app in `cdk/` (a queue feeding a function, with its role, through an SQS event
source mapping; the function writes each message into a table) with an update in between (the app's
next version, CUMULO_CDK_VARIANT=2), then bootstrap, deploy, a failing deploy that rolls back
(CUMULO_CDK_VARIANT=broken) and destroy through `cdklocal`.

The CLI does all AWS does: it reads the bootstrap version from SSM, assumes the bootstrap roles through
STS, uploads the function's zip and the template to the staging bucket, and deploys through a change set
(CreateChangeSet on a REVIEW_IN_PROGRESS stack, DescribeChangeSet, ExecuteChangeSet, DescribeStackEvents).
The test then checks every resource through boto3, sends a message and waits for the function to
write it into the table, destroys the stack and checks everything is gone.

`cdklocal` (LocalStack's wrapper, npm aws-cdk-local) runs unchanged with its defaults: it targets
http://localhost.localstack.cloud:4566 and http://s3.localhost.localstack.cloud:4566. The server listens
on 4566 when the port is free, else on another port named by EDGE_PORT (cdklocal's own setting).
This machine has no DNS: a preload (`cdk/localstack-dns.js`) answers 127.0.0.1 for
`*.localhost.localstack.cloud`, as public DNS does.

The packages (aws-cdk, aws-cdk-lib, constructs, aws-cdk-local) come from `npm ci --prefix tests/e2e/cdk`;
without node or them the tests skip. Everything runs offline once installed.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

from cumulo.testing import CumuloServer, free_port, spawned_server

APP = Path(__file__).parent / "cdk"
BIN = APP / "node_modules" / ".bin"
NODE = shutil.which("node")
QUALIFIER = "hnb659fds"  # the CLI's default bootstrap qualifier
ACCOUNT, REGION = "000000000000", "us-east-1"

pytestmark = [
    pytest.mark.skipif(NODE is None, reason="node is not installed: the CDK CLI needs Node.js 20+"),
    pytest.mark.skipif(not (APP / "node_modules" / "aws-cdk-lib").is_dir() or not (BIN / "cdk").exists(),
                       reason="the CDK packages are not installed: npm ci --prefix tests/e2e/cdk"),
]


def _base_env(stack: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "CDK_", "LOCALSTACK_", "EDGE_PORT", "NODE_OPTIONS"))}
    return env | {
        "CUMULO_CDK_STACK": stack,
        "CDK_DISABLE_VERSION_CHECK": "1", "CDK_DISABLE_CLI_TELEMETRY": "1",
        # The SDK warns once per process that it will need node 22 from 2027.
        "AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED": "true",
    }


def _cli(tool: str, env: dict[str, str], *args: str, cwd: Path = APP, fails: bool = False) -> str:
    command = [str(BIN / tool), *args, "--no-notices", "--no-color"]
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=420)
    report = done.stdout + done.stderr
    assert (done.returncode != 0) == fails, f"{tool} {args[0]} exited with {done.returncode}:\n{report[-6000:]}"
    return report


def _client(url: str, service: str) -> Any:
    return boto3.client(service, endpoint_url=url, region_name=REGION, aws_access_key_id="test", aws_secret_access_key="test")


def _check_bootstrapped(url: str) -> None:
    cfn = _client(url, "cloudformation")
    toolkit = cfn.describe_stacks(StackName="CDKToolkit")["Stacks"][0]
    assert toolkit["StackStatus"] == "CREATE_COMPLETE"
    outputs = {o["OutputKey"]: o["OutputValue"] for o in toolkit["Outputs"]}
    assert outputs["BucketName"] == f"cdk-{QUALIFIER}-assets-{ACCOUNT}-{REGION}"
    version = _client(url, "ssm").get_parameter(Name=f"/cdk-bootstrap/{QUALIFIER}/version")["Parameter"]["Value"]
    assert version == outputs["BootstrapVersion"] and int(version) >= 20
    _client(url, "s3").head_bucket(Bucket=outputs["BucketName"])
    repo = f"cdk-{QUALIFIER}-container-assets-{ACCOUNT}-{REGION}"
    assert _client(url, "ecr").describe_repositories(repositoryNames=[repo])["repositories"][0]["repositoryName"] == repo
    roles = {r["RoleName"] for r in _client(url, "iam").list_roles()["Roles"]}
    for kind in ("deploy", "file-publishing", "image-publishing", "lookup", "cfn-exec"):
        assert f"cdk-{QUALIFIER}-{kind}-role-{ACCOUNT}-{REGION}" in roles


def _check_deployed(url: str, stack: str) -> dict[str, str]:
    """Every resource of the app exists as the template says, and a message reaches the table."""
    cfn = _client(url, "cloudformation")
    described = cfn.describe_stacks(StackName=stack)["Stacks"][0]
    assert described["StackStatus"] == "CREATE_COMPLETE"
    out = {o["OutputKey"]: o["OutputValue"] for o in described["Outputs"]}
    types = {r["ResourceType"] for r in cfn.describe_stack_resources(StackName=stack)["StackResources"]}
    assert types == {"AWS::SQS::Queue", "AWS::DynamoDB::Table", "AWS::IAM::Role", "AWS::IAM::Policy", "AWS::Lambda::Function",
                     "AWS::Lambda::EventSourceMapping", "AWS::CDK::Metadata", "AWS::S3::Bucket", "AWS::S3::BucketPolicy",
                     "Custom::S3AutoDeleteObjects"}
    # Something for the auto-delete custom resource to empty at destroy.
    _client(url, "s3").put_object(Bucket=out["BucketName"], Key="left/behind.txt", Body=b"x")
    # The deploy went through the staging bucket: the function's zip and the template are there.
    keys = [o["Key"] for o in _client(url, "s3").list_objects_v2(Bucket=f"cdk-{QUALIFIER}-assets-{ACCOUNT}-{REGION}")["Contents"]]
    assert any(k.endswith(".zip") for k in keys) and any(k.endswith(".json") for k in keys), keys

    sqs, ddb, lam, iam = (_client(url, s) for s in ("sqs", "dynamodb", "lambda", "iam"))
    queue_url = sqs.get_queue_url(QueueName=out["QueueUrl"].rsplit("/", 1)[1])["QueueUrl"]
    queue_arn = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    table = ddb.describe_table(TableName=out["TableName"])["Table"]
    assert table["KeySchema"] == [{"AttributeName": "id", "KeyType": "HASH"}]
    assert table["BillingModeSummary"]["BillingMode"] == "PAY_PER_REQUEST"
    role = iam.get_role(RoleName=out["RoleName"])["Role"]
    assert role["AssumeRolePolicyDocument"]["Statement"][0]["Principal"] == {"Service": "lambda.amazonaws.com"}
    [policy_name] = iam.list_role_policies(RoleName=out["RoleName"])["PolicyNames"]
    statements = iam.get_role_policy(RoleName=out["RoleName"], PolicyName=policy_name)["PolicyDocument"]["Statement"]
    assert {"dynamodb:PutItem", "sqs:ReceiveMessage"} <= {a for s in statements for a in s["Action"]}
    attached = [p["PolicyName"] for p in iam.list_attached_role_policies(RoleName=out["RoleName"])["AttachedPolicies"]]
    assert attached == ["AWSLambdaBasicExecutionRole"]
    config = lam.get_function(FunctionName=out["FunctionName"])["Configuration"]
    assert config["Role"] == role["Arn"] and config["Runtime"] == "python3.12" and config["Handler"] == "index.handler"
    assert config["Environment"]["Variables"] == {"TABLE_NAME": out["TableName"]}
    [mapping] = lam.list_event_source_mappings(FunctionName=out["FunctionName"])["EventSourceMappings"]
    assert mapping["EventSourceArn"] == queue_arn and mapping["BatchSize"] == 5 and mapping["State"] == "Enabled"

    sent = sqs.send_message(QueueUrl=queue_url, MessageBody=f"hello from {stack}")["MessageId"]
    deadline = time.monotonic() + 60
    while not (item := ddb.get_item(TableName=out["TableName"], Key={"id": {"S": sent}}).get("Item")):
        assert time.monotonic() < deadline, "the function never wrote the message into the table"
        time.sleep(0.1)
    assert item["body"] == {"S": f"hello from {stack}"}
    return out | {"QueueArn": queue_arn, "MappingId": mapping["UUID"]}


def _check_destroyed(url: str, stack: str, made: dict[str, str]) -> None:
    cfn = _client(url, "cloudformation")
    with pytest.raises(ClientError, match="does not exist"):
        cfn.describe_stacks(StackName=stack)
    sqs, ddb, lam, iam = (_client(url, s) for s in ("sqs", "dynamodb", "lambda", "iam"))
    assert made["QueueUrl"].rsplit("/", 1)[1] not in json.dumps(sqs.list_queues().get("QueueUrls", []))
    assert made["TableName"] not in ddb.list_tables()["TableNames"]
    with pytest.raises(ClientError, match="ResourceNotFoundException"):
        lam.get_function(FunctionName=made["FunctionName"])
    with pytest.raises(ClientError, match="ResourceNotFoundException"):
        lam.get_event_source_mapping(UUID=made["MappingId"])
    with pytest.raises(ClientError, match="NoSuchEntity"):
        iam.get_role(RoleName=made["RoleName"])
    with pytest.raises(ClientError, match="404"):
        _client(url, "s3").head_bucket(Bucket=made["BucketName"])


def test_cdk_bootstrap_deploy_and_destroy(cumulo: CumuloServer, tmp_path: Path) -> None:
    stack = "CumuloCdkE2E"
    env = _base_env(stack) | {"AWS_ENDPOINT_URL": cumulo.url, "AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test",
                              "AWS_REGION": REGION, "AWS_DEFAULT_REGION": REGION}
    # Bootstrap outside the app (nothing to synthesize); destroy from the deploy's cloud assembly.
    _cli("cdk", env, "bootstrap", f"aws://{ACCOUNT}/{REGION}", cwd=tmp_path)
    _check_bootstrapped(cumulo.url)
    report = _cli("cdk", env, "deploy", "--require-approval", "never", "--output", str(tmp_path / "v1"))
    assert f"✅  {stack}" in report, report
    made = _check_deployed(cumulo.url, stack)
    # The app's next version: a change set on the deployed stack, updating the queue and the function in place.
    _cli("cdk", env | {"CUMULO_CDK_VARIANT": "2"}, "deploy", "--require-approval", "never", "--output", str(tmp_path / "v2"))
    cfn = _client(cumulo.url, "cloudformation")
    described = cfn.describe_stacks(StackName=stack)["Stacks"][0]
    assert described["StackStatus"] == "UPDATE_COMPLETE"
    assert {o["OutputKey"]: o["OutputValue"] for o in described["Outputs"]} == {k: made[k] for k in ("QueueUrl", "TableName", "FunctionName", "RoleName", "BucketName")}
    variables = _client(cumulo.url, "lambda").get_function_configuration(FunctionName=made["FunctionName"])["Environment"]["Variables"]
    assert variables == {"TABLE_NAME": made["TableName"], "VARIANT": "2"}
    sqs = _client(cumulo.url, "sqs")
    queue_url = sqs.get_queue_url(QueueName=made["QueueUrl"].rsplit("/", 1)[1])["QueueUrl"]
    assert sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["VisibilityTimeout"])["Attributes"] == {"VisibilityTimeout": "60"}
    _cli("cdk", env, "destroy", "--force", "--app", str(tmp_path / "v2"))
    _check_destroyed(cumulo.url, stack, made)


def _port_free(port: int) -> bool:
    with socket.socket() as s:
        # As the server binds: connections of an earlier run in TIME_WAIT do not hold the port.
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


@contextmanager
def _edge_server() -> Iterator[int]:
    """A cumulo on 4566 (cumulo's and cdklocal's default) when free, else on a free port
    (also when another process takes 4566 between the check and the server's bind)."""
    with ExitStack() as servers:
        for port in ([4566] if _port_free(4566) else []) + [free_port()]:
            try:
                servers.enter_context(spawned_server(port))
            except RuntimeError:
                continue
            yield port
            return
        raise RuntimeError("cumulo did not start on 4566 nor on a free port")


@pytest.mark.skipif(not (BIN / "cdklocal").exists(), reason="aws-cdk-local is not installed: npm ci --prefix tests/e2e/cdk")
def test_cdklocal_bootstrap_deploy_and_destroy(tmp_path: Path) -> None:
    stack = "CumuloCdkLocal"
    with _edge_server() as port:
        url = f"http://127.0.0.1:{port}"
        # No AWS_* at all: cdklocal sets its endpoints, credentials and region itself.
        env = _base_env(stack) | {"NODE_OPTIONS": f"--require {APP / 'localstack-dns.js'}"}
        if port != 4566:
            env["EDGE_PORT"] = str(port)
        _cli("cdklocal", env, "bootstrap", f"aws://{ACCOUNT}/{REGION}", cwd=tmp_path)
        _check_bootstrapped(url)
        report = _cli("cdklocal", env, "deploy", "--require-approval", "never", "--output", str(tmp_path / "out"))
        assert f"✅  {stack}" in report, report
        made = _check_deployed(url, stack)
        assert f".localhost.localstack.cloud:{port}/" in made["QueueUrl"]
        # A version SQS refuses: the deploy fails with SQS's reason and the stack rolls back.
        report = _cli("cdklocal", env | {"CUMULO_CDK_VARIANT": "broken"}, "deploy", "--require-approval", "never",
                      "--output", str(tmp_path / "broken"), fails=True)
        assert "UPDATE_FAILED" in report and "Invalid value for the parameter VisibilityTimeout" in report, report
        cfn, sqs = _client(url, "cloudformation"), _client(url, "sqs")
        assert cfn.describe_stacks(StackName=stack)["Stacks"][0]["StackStatus"] == "UPDATE_ROLLBACK_COMPLETE"
        queue_url = sqs.get_queue_url(QueueName=made["QueueUrl"].rsplit("/", 1)[1])["QueueUrl"]
        assert sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["VisibilityTimeout"])["Attributes"] == {"VisibilityTimeout": "30"}
        _cli("cdklocal", env, "destroy", "--force", "--app", str(tmp_path / "out"))
        _check_destroyed(url, stack, made)
