"""API Gateway state survives a restart: APIs and their deployments keep serving, keys,
plans and used quota stay."""

from __future__ import annotations

import pickle
from pathlib import Path
from typing import Any

import boto3
import httpx

from cumulo.services.apigateway.models import Deployment, DomainName, Resource, RestApi, Usage, UsagePlan
from cumulo.state import open_store
from cumulo.testing.plugin import free_port, spawned_server


def test_entities_round_trip(tmp_path: Path) -> None:
    root = Resource("r", None, None, "/", {"GET": {"httpMethod": "GET", "methodIntegration": {"type": "MOCK"}}})
    entities = [
        RestApi("a", "000000000000", "us-east-1", {"name": "n", "tags": {}}, "r", {"r": root},
                deployments={"d": Deployment("d", 1.0, None, {"resources": {"r": root}})}, stages={"dev": {"stageName": "dev"}}),
        UsagePlan("p", {"name": "p", "quota": {"limit": 1, "period": "DAY"}}, {"k": "API_KEY"}),
        Usage(0.0, 3, {"2026-01-01": 3}, 1.5, 2.0),
        DomainName("x.example.com", {"domainNameStatus": "AVAILABLE"}, {"(none)": {"basePath": "(none)", "restApiId": "a"}}),
    ]
    store = open_store(str(tmp_path))
    try:
        table = store.scope("apigateway", "000000000000", "us-east-1").table("things")
        for i, entity in enumerate(entities):
            table[str(i)] = entity
        store.commit()
    finally:
        store.close()
    store = open_store(str(tmp_path))
    try:
        table = store.scope("apigateway", "000000000000", "us-east-1").table("things")
        assert [table[str(i)] for i in range(len(entities))] == entities
        assert [pickle.loads(pickle.dumps(e)) for e in entities] == entities
    finally:
        store.close()


def test_apis_keys_and_usage_survive_a_restart(tmp_path: Path) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    apigw: Any
    with spawned_server(port, data_dir=str(tmp_path)):
        apigw = boto3.client("apigateway", endpoint_url=url, region_name="us-east-1", aws_access_key_id="test", aws_secret_access_key="test")
        api = apigw.create_rest_api(name="kept")
        apigw.put_method(restApiId=api["id"], resourceId=api["rootResourceId"], httpMethod="GET", authorizationType="NONE", apiKeyRequired=True)
        apigw.put_integration(restApiId=api["id"], resourceId=api["rootResourceId"], httpMethod="GET", type="MOCK",
                              requestTemplates={"application/json": '{"statusCode": 200}'})
        apigw.put_integration_response(restApiId=api["id"], resourceId=api["rootResourceId"], httpMethod="GET", statusCode="200",
                                       responseTemplates={"application/json": '{"kept": true}'})
        apigw.create_deployment(restApiId=api["id"], stageName="dev")
        key = apigw.create_api_key(name="k", enabled=True, value="p" * 24)
        plan = apigw.create_usage_plan(name="p", apiStages=[{"apiId": api["id"], "stage": "dev"}], quota={"limit": 2, "period": "MONTH"})
        apigw.create_usage_plan_key(usagePlanId=plan["id"], keyId=key["id"], keyType="API_KEY")
        first = httpx.get(f"{url}/restapis/{api['id']}/dev/_user_request_/", headers={"x-api-key": "p" * 24})
        assert first.json() == {"kept": True}
    with spawned_server(port, data_dir=str(tmp_path)):
        apigw = boto3.client("apigateway", endpoint_url=url, region_name="us-east-1", aws_access_key_id="test", aws_secret_access_key="test")
        assert apigw.get_rest_api(restApiId=api["id"])["name"] == "kept"
        assert apigw.get_usage_plan_keys(usagePlanId=plan["id"])["items"][0]["id"] == key["id"]
        second = httpx.get(f"{url}/restapis/{api['id']}/dev/_user_request_/", headers={"x-api-key": "p" * 24})
        assert second.json() == {"kept": True}
        third = httpx.get(f"{url}/restapis/{api['id']}/dev/_user_request_/", headers={"x-api-key": "p" * 24})
        assert third.status_code == 429  # the quota counted before the restart still counts
