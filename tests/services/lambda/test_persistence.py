"""Functions, versions, aliases, layers and code survive a restart of a persistent server."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import boto3

from cumulo.testing.plugin import free_port, spawned_server

ROLE = "arn:aws:iam::000000000000:role/lambda-role"


def test_restart_keeps_functions_and_code(tmp_path: Path, zipped: Callable[..., bytes]) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}"

    def client() -> object:
        return boto3.client("lambda", endpoint_url=url, region_name="us-east-1", aws_access_key_id="test", aws_secret_access_key="test")

    with spawned_server(port, str(tmp_path)):
        lam = client()
        layer = lam.publish_layer_version(LayerName="lib", Content={"ZipFile": zipped({"python/lib.py": "X = 'layer'\n"})})
        lam.create_function(
            FunctionName="kept", Runtime="python3.12", Role=ROLE, Handler="app.handler", Publish=True, Layers=[layer["LayerVersionArn"]],
            Code={"ZipFile": zipped({"app.py": "import lib\ndef handler(e, c):\n    return [lib.X, c.function_version]\n"})},
        )
        lam.create_alias(FunctionName="kept", Name="prod", FunctionVersion="1")
    with spawned_server(port, str(tmp_path)):
        lam = client()
        assert lam.get_alias(FunctionName="kept", Name="prod")["FunctionVersion"] == "1"
        answer = lam.invoke(FunctionName="kept", Qualifier="prod", Payload=b"{}")
        assert json.loads(answer["Payload"].read()) == ["layer", "1"]
        assert lam.list_layers()["Layers"][0]["LayerName"] == "lib"
