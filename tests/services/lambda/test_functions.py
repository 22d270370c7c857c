"""Functions through boto3: create, read, list, update code and configuration, delete, account settings."""

from __future__ import annotations

import base64
import hashlib
import json
import urllib.request
from collections.abc import Callable
from typing import Any

import pytest
from botocore.exceptions import ClientError

ROLE = "arn:aws:iam::000000000000:role/lambda-role"


def code_of(e: pytest.ExceptionInfo[ClientError]) -> str:
    return e.value.response["Error"]["Code"]


def test_create_answers_pending_then_reads_active(lam: Any, python_function: Callable[..., dict[str, Any]], zipped: Callable[..., bytes]) -> None:
    created = python_function("orders", Description="d", MemorySize=256, Environment={"Variables": {"MY_VAR": "x"}}, Tags={"team": "a"})
    assert created["State"] == "Pending"
    assert created["FunctionArn"] == "arn:aws:lambda:us-east-1:000000000000:function:orders"
    assert created["Version"] == "$LATEST"
    assert created["Environment"] == {"Variables": {"MY_VAR": "x"}}
    lam.get_waiter("function_active_v2").wait(FunctionName="orders")
    got = lam.get_function(FunctionName="orders")
    config = got["Configuration"]
    assert (config["State"], config["MemorySize"], config["Runtime"], config["Handler"]) == ("Active", 256, "python3.12", "app.handler")
    assert got["Tags"] == {"team": "a"}
    with urllib.request.urlopen(got["Code"]["Location"]) as response:
        package = response.read()
    assert base64.b64encode(hashlib.sha256(package).digest()).decode() == config["CodeSha256"] == created["CodeSha256"]
    assert config["CodeSize"] == len(package)
    for ident in ("orders", config["FunctionArn"], "000000000000:function:orders"):
        assert lam.get_function_configuration(FunctionName=ident)["FunctionName"] == "orders"


def test_create_errors(lam: Any, python_function: Callable[..., dict[str, Any]]) -> None:
    python_function("dup")
    with pytest.raises(ClientError) as e:
        python_function("dup")
    assert code_of(e) == "ResourceConflictException"
    assert e.value.response["Error"]["Message"] == "Function already exist: dup"
    with pytest.raises(ClientError) as e:
        python_function("env", Environment={"Variables": {"AWS_REGION": "x"}})
    assert code_of(e) == "InvalidParameterValueException"
    assert "Reserved keys used in this request: AWS_REGION" in e.value.response["Error"]["Message"]
    with pytest.raises(ClientError) as e:
        lam.create_function(FunctionName="bad", Runtime="python3.12", Role=ROLE, Handler="a.b", Code={"ZipFile": b"not a zip"})
    assert code_of(e) == "InvalidParameterValueException"
    with pytest.raises(ClientError) as e:
        python_function("layered", Layers=["arn:aws:lambda:us-east-1:000000000000:layer:nope:1"])
    assert code_of(e) == "InvalidParameterValueException"


def test_missing_function(lam: Any) -> None:
    with pytest.raises(ClientError) as e:
        lam.get_function(FunctionName="ghost")
    assert code_of(e) == "ResourceNotFoundException"
    assert e.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404
    assert e.value.response["Error"]["Message"] == "Function not found: arn:aws:lambda:us-east-1:000000000000:function:ghost"
    with pytest.raises(ClientError) as e:
        lam.invoke(FunctionName="ghost")
    assert code_of(e) == "ResourceNotFoundException"


def test_list_functions_pages_and_versions(lam: Any, python_function: Callable[..., dict[str, Any]]) -> None:
    for name in ("c", "a", "b"):
        python_function(name)
    lam.publish_version(FunctionName="a")
    names = [f["FunctionName"] for page in lam.get_paginator("list_functions").paginate(PaginationConfig={"PageSize": 2}) for f in page["Functions"]]
    assert names == ["a", "b", "c"]
    every = lam.list_functions(FunctionVersion="ALL")["Functions"]
    assert [(f["FunctionName"], f["Version"]) for f in every] == [("a", "$LATEST"), ("a", "1"), ("b", "$LATEST"), ("c", "$LATEST")]


def test_update_code_and_configuration_take_effect(lam: Any, python_function: Callable[..., dict[str, Any]], zipped: Callable[..., bytes]) -> None:
    python_function("upd", source="def handler(e, c):\n    return 'one'\n")
    assert json.loads(lam.invoke(FunctionName="upd")["Payload"].read()) == "one"
    new_zip = zipped({"app.py": "import os\ndef handler(e, c):\n    return 'two ' + os.environ.get('MY_MODE', '-')\n"})
    updated = lam.update_function_code(FunctionName="upd", ZipFile=new_zip)
    assert updated["CodeSha256"] == base64.b64encode(hashlib.sha256(new_zip).digest()).decode()
    assert updated["LastUpdateStatus"] == "InProgress"
    lam.get_waiter("function_updated_v2").wait(FunctionName="upd")
    assert json.loads(lam.invoke(FunctionName="upd")["Payload"].read()) == "two -"
    lam.update_function_configuration(FunctionName="upd", Environment={"Variables": {"MY_MODE": "blue"}}, Timeout=9)
    assert lam.get_function_configuration(FunctionName="upd")["Timeout"] == 9
    assert json.loads(lam.invoke(FunctionName="upd")["Payload"].read()) == "two blue"
    revision = lam.get_function_configuration(FunctionName="upd")["RevisionId"]
    with pytest.raises(ClientError) as e:
        lam.update_function_configuration(FunctionName="upd", Description="x", RevisionId="00000000-0000-0000-0000-000000000000")
    assert code_of(e) == "PreconditionFailedException"
    lam.update_function_configuration(FunctionName="upd", Description="x", RevisionId=revision)


def test_delete_function_and_versions(lam: Any, python_function: Callable[..., dict[str, Any]]) -> None:
    python_function("gone", Publish=True)
    lam.create_alias(FunctionName="gone", Name="live", FunctionVersion="1")
    with pytest.raises(ClientError) as e:
        lam.delete_function(FunctionName="gone", Qualifier="1")
    assert code_of(e) == "ResourceConflictException"
    lam.delete_alias(FunctionName="gone", Name="live")
    lam.delete_function(FunctionName="gone", Qualifier="1")
    assert [v["Version"] for v in lam.list_versions_by_function(FunctionName="gone")["Versions"]] == ["$LATEST"]
    lam.delete_function(FunctionName="gone")
    assert lam.list_functions()["Functions"] == []


def test_account_settings_count_live(lam: Any, python_function: Callable[..., dict[str, Any]]) -> None:
    before = lam.get_account_settings()
    assert before["AccountUsage"] == {"TotalCodeSize": 0, "FunctionCount": 0}
    size = python_function("one")["CodeSize"]
    lam.put_function_concurrency(FunctionName="one", ReservedConcurrentExecutions=50)
    after = lam.get_account_settings()
    assert after["AccountUsage"] == {"TotalCodeSize": size, "FunctionCount": 1}
    assert after["AccountLimit"]["UnreservedConcurrentExecutions"] == 950


def test_resource_policy_documents(lam, python_function) -> None:  # type: ignore[no-untyped-def]
    arn = python_function("guarded")["FunctionArn"]
    lam.add_permission(FunctionName="guarded", StatementId="old", Action="lambda:InvokeFunction", Principal="s3.amazonaws.com")
    document = {"Version": "2012-10-17", "Statement": [
        {"Sid": "events", "Effect": "Allow", "Principal": {"Service": "events.amazonaws.com"}, "Action": "lambda:InvokeFunction"}]}
    put = lam.put_resource_policy(ResourceArn=arn, Policy=json.dumps(document))
    got = lam.get_resource_policy(ResourceArn=arn)
    assert got["RevisionId"] == put["RevisionId"]
    statements = json.loads(got["Policy"])["Statement"]
    assert [s["Sid"] for s in statements] == ["events"] and statements[0]["Resource"] == arn  # AddPermission's is replaced
    assert [s["Sid"] for s in json.loads(lam.get_policy(FunctionName="guarded")["Policy"])["Statement"]] == ["events"]
    with pytest.raises(ClientError) as caught:
        lam.delete_resource_policy(ResourceArn=arn, RevisionId="00000000-0000-0000-0000-000000000000")
    assert caught.value.response["Error"]["Code"] == "PreconditionFailedException"
    lam.delete_resource_policy(ResourceArn=arn, RevisionId=got["RevisionId"])
    with pytest.raises(ClientError) as caught:
        lam.get_resource_policy(ResourceArn=arn)
    assert caught.value.response["Error"]["Code"] == "ResourceNotFoundException"
    with pytest.raises(ClientError) as caught:
        lam.put_resource_policy(ResourceArn=arn, Policy="not json")
    assert caught.value.response["Error"]["Code"] == "InvalidParameterValueException"
