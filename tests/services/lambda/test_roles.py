"""Execution roles: a function runs with temporary credentials of its role, from STS, as on AWS."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import boto3
import pytest
from botocore.config import Config as ClientConfig
from botocore.exceptions import ClientError

from cumulo.config import Config
from cumulo.testing import ClockControl, CumuloServer

ROLE = "arn:aws:iam::000000000000:role/lambda-role"

WHOAMI = '''
import os, boto3

def handler(event, context):
    who = boto3.client("sts").get_caller_identity()
    return {"arn": who["Arn"], "account": who["Account"], "key": os.environ["AWS_ACCESS_KEY_ID"], "token": bool(os.environ.get("AWS_SESSION_TOKEN"))}
'''


def whoami(lam: Any, name: str) -> dict[str, Any]:
    answer = lam.invoke(FunctionName=name)
    body = json.loads(answer["Payload"].read())
    assert "FunctionError" not in answer, body
    return body


def test_a_function_acts_as_its_execution_role(lam: Any, python_function: Callable[..., dict[str, Any]]) -> None:
    python_function("whoami", WHOAMI, Timeout=30)
    me = whoami(lam, "whoami")
    assert me["arn"] == "arn:aws:sts::000000000000:assumed-role/lambda-role/whoami"
    assert me["account"] == "000000000000" and me["key"].startswith("ASIA") and me["token"]

    # A role with a path, and a new role through UpdateFunctionConfiguration: new environments, new identity.
    lam.update_function_configuration(FunctionName="whoami", Role="arn:aws:iam::000000000000:role/service-role/other")
    assert whoami(lam, "whoami")["arn"] == "arn:aws:sts::000000000000:assumed-role/other/whoami"


def test_credentials_are_renewed_before_they_expire(lam: Any, python_function: Callable[..., dict[str, Any]], cumulo_clock: ClockControl) -> None:
    python_function("renewed", WHOAMI, Timeout=30)
    first = whoami(lam, "renewed")
    cumulo_clock.advance(600)
    assert whoami(lam, "renewed")["key"] == first["key"]  # still warm, its session has most of its hour left
    cumulo_clock.advance(2700)  # 55 minutes in: the session is valid, but might end during a 30 s invocation
    second = whoami(lam, "renewed")
    assert second["key"] != first["key"] and second["arn"] == first["arn"]
    cumulo_clock.advance(7200)  # both sessions over
    assert whoami(lam, "renewed")["key"] not in (first["key"], second["key"])


def test_warm_environments_take_new_credentials_after_a_reset(cumulo: CumuloServer, lam: Any, python_function: Callable[..., dict[str, Any]]) -> None:
    python_function("reset", WHOAMI, Timeout=30)
    first = whoami(lam, "reset")
    cumulo.reset()  # STS forgets the session; the same function, created again, must not run as the root
    python_function("reset", WHOAMI, Timeout=30)
    second = whoami(lam, "reset")
    assert second["key"] != first["key"] and second["arn"] == first["arn"]


@pytest.mark.parametrize("role", [
    "arn:aws:iam::000000000000:rolex",  # the model's pattern takes these; STS cannot assume them
    "arn:aws:iam::000000000000:role/path/",
    "arn::iam::000000000000:role/no-partition",
])
def test_a_role_that_cannot_be_assumed_is_refused(lam: Any, python_function: Callable[..., dict[str, Any]], role: str) -> None:
    with pytest.raises(ClientError) as info:
        python_function("unassumable", Role=role)
    error = info.value.response["Error"]
    assert (error["Code"], error["Message"]) == ("InvalidParameterValueException", "The role defined for the function cannot be assumed by Lambda.")
    assert not lam.list_functions()["Functions"]

    python_function("assumable")
    with pytest.raises(ClientError) as info:
        lam.update_function_configuration(FunctionName="assumable", Role=role, Timeout=9)
    assert info.value.response["Error"]["Code"] == "InvalidParameterValueException"
    unchanged = lam.get_function_configuration(FunctionName="assumable")
    assert (unchanged["Role"], unchanged["Timeout"]) == (ROLE, 5)


def test_a_role_outside_the_models_pattern_fails_validation(python_function: Callable[..., dict[str, Any]]) -> None:
    with pytest.raises(ClientError) as info:
        python_function("malformed", Role="not-a-role")
    assert info.value.response["Error"]["Code"] == "ValidationException"


@pytest.fixture(scope="module")
def verifying_server() -> Iterator[CumuloServer]:
    """A server of its own with `CUMULO_VERIFY_SIGNATURES=1` (the session server verifies nothing)."""
    server = CumuloServer(Config(log_level="warning", verify_signatures=True)).start()

    async def close() -> None:
        executor = server.runtime.live.get("lambda")
        if executor is not None:
            executor.close()

    yield server
    server.run(close())
    server.stop()


def test_with_signatures_verified_a_function_calls_cumulo_as_its_role(verifying_server: CumuloServer, zipped: Callable[..., bytes]) -> None:
    lam = boto3.client(
        "lambda", endpoint_url=verifying_server.url, region_name="us-east-1", aws_access_key_id="test", aws_secret_access_key="test",
        config=ClientConfig(retries={"max_attempts": 1}),
    )
    lam.create_function(FunctionName="verified", Runtime="python3.12", Role=ROLE, Handler="app.handler", Code={"ZipFile": zipped({"app.py": WHOAMI})}, Timeout=30)
    assert whoami(lam, "verified")["arn"] == "arn:aws:sts::000000000000:assumed-role/lambda-role/verified"
