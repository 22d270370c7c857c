"""Rotation that runs: a Lambda rotation function written the way AWS's templates are
(SecretsManagerRotationTemplate) is invoked for its four steps and moves the labels."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import boto3
import httpx
import pytest
from botocore.exceptions import ClientError

from cumulo.testing import ClockControl, CumuloServer

DAY = 86400

# The shape of AWS's rotation template (lambda_function.py of SecretsManagerRotationTemplate):
# the same checks on the event, the same calls, in the same order.
ROTATOR = '''
import logging
import os

import boto3

logger = logging.getLogger()
logger.setLevel(logging.INFO)


def lambda_handler(event, context):
    arn = event["SecretId"]
    token = event["ClientRequestToken"]
    step = event["Step"]
    service_client = boto3.client("secretsmanager")

    metadata = service_client.describe_secret(SecretId=arn)
    if not metadata["RotationEnabled"]:
        raise ValueError("Secret %s is not enabled for rotation" % arn)
    versions = metadata["VersionIdsToStages"]
    if token not in versions:
        raise ValueError("Secret version %s has no stage for rotation of secret %s." % (token, arn))
    if "AWSCURRENT" in versions[token]:
        return
    elif "AWSPENDING" not in versions[token]:
        raise ValueError("Secret version %s not set as AWSPENDING for rotation of secret %s." % (token, arn))

    if step == "createSecret":
        create_secret(service_client, arn, token)
    elif step == "setSecret":
        set_secret(service_client, arn, token)
    elif step == "testSecret":
        test_secret(service_client, arn, token)
    elif step == "finishSecret":
        finish_secret(service_client, arn, token)
    else:
        raise ValueError("Invalid step parameter")


def create_secret(service_client, arn, token):
    service_client.get_secret_value(SecretId=arn, VersionStage="AWSCURRENT")
    try:
        service_client.get_secret_value(SecretId=arn, VersionId=token, VersionStage="AWSPENDING")
        logger.info("createSecret: Successfully retrieved secret for %s." % arn)
    except service_client.exceptions.ResourceNotFoundException:
        exclude_characters = os.environ.get("EXCLUDE_CHARACTERS", "/@\\"'\\\\")
        passwd = service_client.get_random_password(ExcludeCharacters=exclude_characters)
        service_client.put_secret_value(SecretId=arn, ClientRequestToken=token, SecretString=passwd["RandomPassword"], VersionStages=["AWSPENDING"])


def set_secret(service_client, arn, token):
    if os.environ.get("FAIL_SET"):
        raise RuntimeError("the database refused the new password")


def test_secret(service_client, arn, token):
    pending = service_client.get_secret_value(SecretId=arn, VersionId=token, VersionStage="AWSPENDING")
    if not pending["SecretString"]:
        raise ValueError("the pending password is empty")


def finish_secret(service_client, arn, token):
    metadata = service_client.describe_secret(SecretId=arn)
    current_version = None
    for version in metadata["VersionIdsToStages"]:
        if "AWSCURRENT" in metadata["VersionIdsToStages"][version]:
            if version == token:
                return
            current_version = version
            break
    service_client.update_secret_version_stage(SecretId=arn, VersionStage="AWSCURRENT", MoveToVersionId=token, RemoveFromVersionId=current_version)
'''


def _zip(source: str) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        archive.writestr("lambda_function.py", source)
    return buf.getvalue()


@pytest.fixture
def rotator(cumulo: CumuloServer) -> Any:
    lam = boto3.client("lambda", endpoint_url=cumulo.url, region_name="us-east-1")

    def make(name: str = "rotator", env: dict[str, str] | None = None) -> str:
        return str(
            lam.create_function(
                FunctionName=name, Runtime="python3.12", Role="arn:aws:iam::000000000000:role/rotation",
                Handler="lambda_function.lambda_handler", Code={"ZipFile": _zip(ROTATOR)}, Timeout=30,
                Environment={"Variables": env or {}},
            )["FunctionArn"]
        )

    return make


def test_rotate_runs_the_four_steps(sm: Any, rotator: Any, cumulo: CumuloServer) -> None:
    fn = rotator()
    first = sm.create_secret(Name="db", SecretString="initial-password")["VersionId"]
    out = sm.rotate_secret(SecretId="db", RotationLambdaARN=fn, RotationRules={"AutomaticallyAfterDays": 30})
    token = out["VersionId"]
    described = sm.describe_secret(SecretId="db")
    assert described["RotationEnabled"] and described["RotationLambdaARN"] == fn
    assert described["VersionIdsToStages"] == {token: ["AWSCURRENT"], first: ["AWSPREVIOUS"]}
    assert described["LastRotatedDate"] and described["NextRotationDate"] > described["LastRotatedDate"]
    new = sm.get_secret_value(SecretId="db")["SecretString"]
    assert new != "initial-password" and len(new) == 32
    assert sm.get_secret_value(SecretId="db", VersionStage="AWSPREVIOUS")["SecretString"] == "initial-password"
    runs = httpx.get(cumulo.url + "/_cumulo/secretsmanager/rotations").json()["rotations"]
    assert runs[0]["status"] == "Succeeded" and [s["step"] for s in runs[0]["steps"]] == ["createSecret", "setSecret", "testSecret", "finishSecret"]


def test_failed_step_is_recorded_and_leaves_pending(sm: Any, rotator: Any, cumulo: CumuloServer) -> None:
    fn = rotator("failing", {"FAIL_SET": "1"})
    first = sm.create_secret(Name="db2", SecretString="initial")["VersionId"]
    token = sm.rotate_secret(SecretId="db2", RotationLambdaARN=fn)["VersionId"]
    stages = sm.describe_secret(SecretId="db2")["VersionIdsToStages"]
    assert stages == {first: ["AWSCURRENT"], token: ["AWSPENDING"]}
    assert sm.get_secret_value(SecretId="db2")["SecretString"] == "initial"
    run = httpx.get(cumulo.url + "/_cumulo/secretsmanager/rotations").json()["rotations"][0]
    assert run["status"] == "Failed"
    assert [(s["step"], s["ok"]) for s in run["steps"]] == [("createSecret", True), ("setSecret", False)]
    assert "refused the new password" in run["steps"][1]["error"]
    with pytest.raises(ClientError) as e:
        sm.rotate_secret(SecretId="db2", ClientRequestToken="f" * 36)
    assert e.value.response["Error"]["Code"] == "InvalidRequestException"  # the failed rotation is still pending
    assert sm.cancel_rotate_secret(SecretId="db2")["VersionId"] == token
    assert not sm.describe_secret(SecretId="db2")["RotationEnabled"]


def test_scheduled_rotation_on_the_clock(sm: Any, rotator: Any, cumulo_clock: ClockControl) -> None:
    fn = rotator()
    sm.create_secret(Name="sched", SecretString="initial")
    sm.rotate_secret(SecretId="sched", RotationLambdaARN=fn, RotationRules={"ScheduleExpression": "rate(10 days)"}, RotateImmediately=False)
    d = sm.describe_secret(SecretId="sched")
    assert d["RotationRules"] == {"ScheduleExpression": "rate(10 days)"} and "LastRotatedDate" not in d
    assert d["NextRotationDate"].timestamp() == pytest.approx(cumulo_clock.now() + 10 * DAY, abs=120)
    # Not rotating now, Secrets Manager tests the configuration: testSecret on a temporary AWSPENDING version.
    assert list(d["VersionIdsToStages"].values()) == [["AWSCURRENT"]]
    runs = httpx.get(cumulo_clock.server.url + "/_cumulo/secretsmanager/rotations").json()["rotations"]
    assert [(r["trigger"], r["status"], [s["step"] for s in r["steps"]]) for r in runs] == [("test", "Succeeded", ["testSecret"])]
    cumulo_clock.advance(9 * DAY)
    assert sm.get_secret_value(SecretId="sched")["SecretString"] == "initial"
    cumulo_clock.advance(DAY + 120)
    assert sm.get_secret_value(SecretId="sched")["SecretString"] != "initial"
    assert "LastRotatedDate" in sm.describe_secret(SecretId="sched")


def test_rotation_rules_are_checked(sm: Any) -> None:
    sm.create_secret(Name="r", SecretString="x")
    fn = "arn:aws:lambda:us-east-1:000000000000:function:none"
    for rules in ({"ScheduleExpression": "rate(1 minute)"}, {"ScheduleExpression": "cron(bad)"}, {"AutomaticallyAfterDays": 1, "ScheduleExpression": "rate(2 days)"}):
        with pytest.raises(ClientError) as e:
            sm.rotate_secret(SecretId="r", RotationLambdaARN=fn, RotationRules=rules, RotateImmediately=False)
        assert e.value.response["Error"]["Code"] == "InvalidParameterException"
    sm.rotate_secret(SecretId="r", RotationLambdaARN=fn, RotationRules={"ScheduleExpression": "cron(0 16 1,15 * ? *)", "Duration": "2h"}, RotateImmediately=False)
    assert sm.describe_secret(SecretId="r")["NextRotationDate"].hour == 16
    with pytest.raises(ClientError) as e:
        sm.create_secret(Name="no-fn", SecretString="x") and sm.rotate_secret(SecretId="no-fn")
    assert e.value.response["Error"]["Code"] == "InvalidRequestException"
