"""The SAM CLI against cumulo: `sam deploy` (its change-set flow, the template transformed
by AWS's own SAM translator inside cumulo's CloudFormation) and `sam delete`.

The SAM CLI pins its own boto3, so it lives in its own virtualenv, never in cumulo's
environment: `python -m venv .venv-sam && .venv-sam/bin/pip install aws-sam-cli`, then
put it on PATH or point CUMULO_SAM_CLI at the `sam` executable. Without it the tests skip.
The function flow also needs the Lambda, IAM and S3 resource providers.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import boto3
import pytest

from cumulo.services import resource_types
from cumulo.testing import CumuloServer

SAM = os.environ.get("CUMULO_SAM_CLI") or shutil.which("sam")
pytestmark = pytest.mark.skipif(SAM is None, reason="needs the SAM CLI (its own venv; see the module docstring)")


def sam(cumulo: CumuloServer, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    assert SAM is not None
    env = {**os.environ, "AWS_ENDPOINT_URL": cumulo.url, "AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test",
           "AWS_DEFAULT_REGION": "us-east-1", "AWS_REGION": "us-east-1", "SAM_CLI_TELEMETRY": "0"}
    return subprocess.run([SAM, *args], cwd=cwd, capture_output=True, text=True, env=env, timeout=300)


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


def test_sam_deploy_and_delete(cumulo: CumuloServer, tmp_path: Path) -> None:
    s3 = boto3.client("s3", endpoint_url=cumulo.url, region_name="us-east-1")
    s3.create_bucket(Bucket="sam-artifacts")
    (tmp_path / "template.yaml").write_text(QUEUE_APP)
    done = sam(cumulo, tmp_path, "deploy", "--stack-name", "sam-queue", "--s3-bucket", "sam-artifacts", "--no-confirm-changeset",
               "--no-fail-on-empty-changeset", "--region", "us-east-1", "--no-progressbar", "--parameter-overrides", "Stage=test")
    assert done.returncode == 0, done.stdout + done.stderr
    cfn = boto3.client("cloudformation", endpoint_url=cumulo.url, region_name="us-east-1")
    stack = cfn.describe_stacks(StackName="sam-queue")["Stacks"][0]
    assert stack["StackStatus"] == "CREATE_COMPLETE"
    assert stack["Outputs"][0]["OutputValue"].endswith("/sam-jobs-test")
    # A second deploy with nothing changed: SAM reports it and succeeds.
    again = sam(cumulo, tmp_path, "deploy", "--stack-name", "sam-queue", "--s3-bucket", "sam-artifacts", "--no-confirm-changeset",
                "--no-fail-on-empty-changeset", "--region", "us-east-1", "--no-progressbar", "--parameter-overrides", "Stage=test")
    assert again.returncode == 0, again.stdout + again.stderr
    deleted = sam(cumulo, tmp_path, "delete", "--stack-name", "sam-queue", "--no-prompts", "--region", "us-east-1")
    assert deleted.returncode == 0, deleted.stdout + deleted.stderr
    sqs = boto3.client("sqs", endpoint_url=cumulo.url, region_name="us-east-1")
    assert "QueueUrls" not in sqs.list_queues()


FUNCTION_APP = """\
AWSTemplateFormatVersion: "2010-09-09"
Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Timeout: 9
    Runtime: python3.12
    Environment:
      Variables: {GREETING: hello}
Resources:
  Jobs:
    Type: AWS::SQS::Queue
  Worker:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      CodeUri: src/
      Events:
        FromQueue:
          Type: SQS
          Properties:
            Queue: !GetAtt Jobs.Arn
            BatchSize: 5
Outputs:
  WorkerName:
    Value: !Ref Worker
"""


@pytest.mark.skipif(not {"AWS::Lambda::Function", "AWS::IAM::Role", "AWS::S3::Bucket", "AWS::Lambda::EventSourceMapping"} <= set(resource_types()),
                    reason="needs the Lambda, IAM and S3 resource providers")
def test_sam_deploy_resolve_s3_with_a_function_and_an_event_source(cumulo: CumuloServer, tmp_path: Path) -> None:
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "app.py").write_text("import os\n\ndef handler(event, context):\n    return os.environ['GREETING']\n")
    (tmp_path / "template.yaml").write_text(FUNCTION_APP)
    done = sam(cumulo, tmp_path, "deploy", "--stack-name", "sam-fn", "--resolve-s3", "--capabilities", "CAPABILITY_IAM",
               "--no-confirm-changeset", "--region", "us-east-1", "--no-progressbar")
    assert done.returncode == 0, done.stdout + done.stderr
    cfn = boto3.client("cloudformation", endpoint_url=cumulo.url, region_name="us-east-1")
    name = cfn.describe_stacks(StackName="sam-fn")["Stacks"][0]["Outputs"][0]["OutputValue"]
    lam: Any = boto3.client("lambda", endpoint_url=cumulo.url, region_name="us-east-1")
    config = lam.get_function_configuration(FunctionName=name)
    assert config["Timeout"] == 9 and config["Environment"]["Variables"] == {"GREETING": "hello"}
    assert lam.list_event_source_mappings(FunctionName=name)["EventSourceMappings"][0]["BatchSize"] == 5
    deleted = sam(cumulo, tmp_path, "delete", "--stack-name", "sam-fn", "--no-prompts", "--region", "us-east-1")
    assert deleted.returncode == 0, deleted.stdout + deleted.stderr
