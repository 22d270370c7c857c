"""Terraform's AWS provider builds a REST API on cumulo: a Lambda proxy behind a TOKEN
authorizer, a stage with variables and method settings, an API key in a usage plan;
the API is called over HTTP, `plan` shows no drift, `destroy` removes it. See
test_terraform.py for the `Stack` runner."""

from __future__ import annotations

import zipfile
from pathlib import Path

import httpx

from cumulo.testing import CumuloServer

from .test_terraform import HERE, Stack, client, error_code, pytestmark  # noqa: F401 - pytestmark: the same skip


def test_rest_api_applies_serves_and_destroys(cumulo: CumuloServer, tmp_path: Path) -> None:
    apigw = client(cumulo, "apigateway")
    package = tmp_path / "handlers.zip"
    with zipfile.ZipFile(package, "w") as archive:
        archive.write(HERE / "restapi" / "handlers.py", "handlers.py")
    stack = Stack("restapi", tmp_path, cumulo.url)
    outputs = stack.apply(function_zip=str(package))
    api = outputs["api_id"]
    assert apigw.get_rest_api(restApiId=api)["endpointConfiguration"]["types"] == ["REGIONAL"]
    stage = apigw.get_stage(restApiId=api, stageName="live")
    assert stage["variables"] == {"flavour": "terraform"} and stage["methodSettings"]["*/*"]["throttlingBurstLimit"] == 50

    url = f"{cumulo.url}/restapis/{api}/live/_user_request_/orders/42"
    assert httpx.get(url).status_code == 401
    got = httpx.get(url, headers={"Authorization": "Bearer letmein"}, timeout=30)
    assert got.status_code == 200, got.text
    assert got.json() == {"path": "/orders/42", "proxy": "orders/42", "flavour": "terraform", "user": "tf-user"}

    stack.assert_no_drift()
    stack.destroy()
    assert apigw.get_rest_apis()["items"] == [] and apigw.get_api_keys()["items"] == []
    assert "NotFoundException" in error_code(apigw.get_rest_api, restApiId=api)
