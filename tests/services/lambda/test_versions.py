"""Versions, aliases with weighted routing, and layers that functions import from."""

from __future__ import annotations

import json
import urllib.request
from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest
from botocore.exceptions import ClientError

VERSIONED = "def handler(e, c):\n    return {'code': '%s', 'version': c.function_version}\n"


def run(lam: Any, name: str, **extra: Any) -> dict[str, Any]:
    return json.loads(lam.invoke(FunctionName=name, Payload=b"{}", **extra)["Payload"].read())


def test_publish_freezes_code(lam: Any, python_function: Callable[..., dict[str, Any]], zipped: Callable[..., bytes]) -> None:
    python_function("v", source=VERSIONED % "one")
    first = lam.publish_version(FunctionName="v", Description="first")
    assert (first["Version"], first["Description"]) == ("1", "first")
    assert first["FunctionArn"].endswith(":function:v:1")
    assert lam.publish_version(FunctionName="v")["Version"] == "1"  # nothing changed: the same version
    lam.update_function_code(FunctionName="v", ZipFile=zipped({"app.py": VERSIONED % "two"}))
    assert lam.publish_version(FunctionName="v")["Version"] == "2"
    assert run(lam, "v", Qualifier="1") == {"code": "one", "version": "1"}
    assert run(lam, "v:2") == {"code": "two", "version": "2"}
    assert run(lam, "v") == {"code": "two", "version": "$LATEST"}
    assert [v["Version"] for v in lam.list_versions_by_function(FunctionName="v")["Versions"]] == ["$LATEST", "1", "2"]
    with pytest.raises(ClientError) as e:
        lam.invoke(FunctionName="v", Qualifier="9")
    assert e.value.response["Error"]["Code"] == "ResourceNotFoundException"


def test_aliases_and_weighted_routing(lam: Any, python_function: Callable[..., dict[str, Any]], zipped: Callable[..., bytes]) -> None:
    python_function("w", source=VERSIONED % "one", Publish=True)
    lam.update_function_code(FunctionName="w", ZipFile=zipped({"app.py": VERSIONED % "two"}), Publish=True)
    alias = lam.create_alias(FunctionName="w", Name="live", FunctionVersion="1", Description="prod")
    assert alias["AliasArn"] == "arn:aws:lambda:us-east-1:000000000000:function:w:live"
    answer = lam.invoke(FunctionName="w", Qualifier="live")
    assert answer["ExecutedVersion"] == "1"
    lam.update_alias(FunctionName="w", Name="live", RoutingConfig={"AdditionalVersionWeights": {"2": 0.5}})
    seen = Counter(lam.invoke(FunctionName="w:live")["ExecutedVersion"] for _ in range(40))
    assert set(seen) == {"1", "2"}
    lam.update_alias(FunctionName="w", Name="live", FunctionVersion="2", RoutingConfig={"AdditionalVersionWeights": {}})
    assert run(lam, "w:live")["code"] == "two"
    assert [a["Name"] for a in lam.list_aliases(FunctionName="w")["Aliases"]] == ["live"]
    with pytest.raises(ClientError) as e:
        lam.create_alias(FunctionName="w", Name="live", FunctionVersion="1")
    assert e.value.response["Error"]["Code"] == "ResourceConflictException"
    with pytest.raises(ClientError) as e:
        lam.get_alias(FunctionName="w", Name="nope")
    assert e.value.response["Error"]["Code"] == "ResourceNotFoundException"


def test_layers_provide_modules(lam: Any, python_function: Callable[..., dict[str, Any]], zipped: Callable[..., bytes]) -> None:
    layer_zip = zipped({"python/greeting.py": "WORDS = 'hello from a layer'\n", "bin/tool": "#!/bin/sh\necho tool\n"})
    published = lam.publish_layer_version(LayerName="shared", Content={"ZipFile": layer_zip}, CompatibleRuntimes=["python3.12"], Description="d")
    assert published["Version"] == 1
    assert published["LayerVersionArn"] == "arn:aws:lambda:us-east-1:000000000000:layer:shared:1"
    with urllib.request.urlopen(published["Content"]["Location"]) as response:
        assert response.read() == layer_zip
    source = "import greeting\ndef handler(e, c):\n    return greeting.WORDS\n"
    created = python_function("uses-layer", source=source, Layers=[published["LayerVersionArn"]])
    assert created["Layers"] == [{"Arn": published["LayerVersionArn"], "CodeSize": len(layer_zip)}]
    assert run(lam, "uses-layer") == "hello from a layer"
    second = lam.publish_layer_version(LayerName="shared", Content={"ZipFile": zipped({"python/greeting.py": "WORDS = 'v2'\n"})})
    lam.update_function_configuration(FunctionName="uses-layer", Layers=[second["LayerVersionArn"]])
    assert run(lam, "uses-layer") == "v2"
    assert [v["Version"] for v in lam.list_layer_versions(LayerName="shared")["LayerVersions"]] == [2, 1]
    assert lam.list_layers()["Layers"][0]["LatestMatchingVersion"]["Version"] == 2
    assert lam.get_layer_version_by_arn(Arn=published["LayerVersionArn"])["Description"] == "d"
    lam.add_layer_version_permission(LayerName="shared", VersionNumber=1, StatementId="all", Action="lambda:GetLayerVersion", Principal="*")
    policy = json.loads(lam.get_layer_version_policy(LayerName="shared", VersionNumber=1)["Policy"])
    assert policy["Statement"][0]["Principal"] == "*"
    lam.delete_layer_version(LayerName="shared", VersionNumber=1)
    with pytest.raises(ClientError) as e:
        lam.get_layer_version(LayerName="shared", VersionNumber=1)
    assert e.value.response["Error"]["Code"] == "ResourceNotFoundException"


def _code(lam: Any, call: Callable[..., Any], **kwargs: Any) -> tuple[str, str]:
    with pytest.raises(ClientError) as caught:
        call(**kwargs)
    error = caught.value.response["Error"]
    return error["Code"], error["Message"]


def test_qualified_and_unqualified_arns_as_aws_documents_them(
    lam: Any, python_function: Callable[..., dict[str, Any]], zipped: Callable[..., bytes]
) -> None:
    created = python_function("q", source=VERSIONED % "one", Publish=True)
    arn = "arn:aws:lambda:us-east-1:000000000000:function:q"
    # CreateFunction(Publish=True) describes version 1 under the unqualified ARN.
    assert (created["Version"], created["FunctionArn"]) == ("1", arn)
    # UpdateFunctionCode(Publish=True) and PublishVersion answer with the version's ARN.
    updated = lam.update_function_code(FunctionName="q", ZipFile=zipped({"app.py": VERSIONED % "two"}), Publish=True)
    assert (updated["Version"], updated["FunctionArn"]) == ("2", f"{arn}:2")
    # ListVersionsByFunction: every entry qualified, $LATEST included.
    versions = lam.list_versions_by_function(FunctionName="q")["Versions"]
    assert [(v["Version"], v["FunctionArn"]) for v in versions] == [
        ("$LATEST", f"{arn}:$LATEST"), ("1", f"{arn}:1"), ("2", f"{arn}:2")]
    # GetFunction: unqualified by default; what a qualifier names, qualified.
    assert lam.get_function(FunctionName="q")["Configuration"]["FunctionArn"] == arn
    assert lam.get_function(FunctionName="q", Qualifier="1")["Configuration"]["FunctionArn"] == f"{arn}:1"
    assert lam.get_function_configuration(FunctionName=f"{arn}:$LATEST")["FunctionArn"] == f"{arn}:$LATEST"
    assert lam.get_function_configuration(FunctionName="q", Qualifier="$LATEST")["FunctionArn"] == f"{arn}:$LATEST"
    # A qualifier in the ARN that contradicts the Qualifier member is refused.
    assert _code(lam, lam.get_function, FunctionName=f"{arn}:1", Qualifier="2") == (
        "InvalidParameterValueException", "The derived qualifier from the function name does not match the specified qualifier.")
    # Operations on the function itself take no qualifier but $LATEST.
    not_latest = ("InvalidParameterValueException", "Current operation does not support versions other than $LATEST. "
                  "Please set the version to $LATEST or do not set a version in your request.")
    assert _code(lam, lam.update_function_configuration, FunctionName=f"{arn}:1", Description="x") == not_latest
    assert _code(lam, lam.publish_version, FunctionName="q:1") == not_latest
    assert _code(lam, lam.put_function_concurrency, FunctionName="q:1", ReservedConcurrentExecutions=1) == not_latest
    assert _code(lam, lam.list_versions_by_function, FunctionName=f"{arn}:2") == not_latest
    lam.update_function_configuration(FunctionName=f"{arn}:$LATEST", Description="latest is fine")
    assert lam.get_function_configuration(FunctionName="q")["Description"] == "latest is fine"
    # Deleting $LATEST alone is refused; deleting a version by its qualified ARN works.
    assert _code(lam, lam.delete_function, FunctionName="q", Qualifier="$LATEST")[0] == "InvalidParameterValueException"
    lam.delete_function(FunctionName=f"{arn}:1")
    assert [v["Version"] for v in lam.list_versions_by_function(FunctionName="q")["Versions"]] == ["$LATEST", "2"]
