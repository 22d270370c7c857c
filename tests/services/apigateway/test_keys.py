"""API keys and usage plans: CRUD, and quotas and throttles enforced on the moved clock."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from cumulo.testing import ClockControl


def _api_with_key_required(apigw: Any, rest_api: dict[str, Any], route: Any) -> None:
    resource, _ = route(rest_api, "/metered", "GET", method={"apiKeyRequired": True},
                        integration={"requestTemplates": {"application/json": '{"statusCode": 200}'}})
    apigw.put_method_response(restApiId=rest_api["id"], resourceId=resource, httpMethod="GET", statusCode="200")
    apigw.put_integration_response(restApiId=rest_api["id"], resourceId=resource, httpMethod="GET", statusCode="200",
                                   responseTemplates={"application/json": '{"key": "$context.identity.apiKey"}'})
    apigw.create_deployment(restApiId=rest_api["id"], stageName="dev")


def test_api_key_crud(apigw: Any) -> None:
    key = apigw.create_api_key(name="k1", enabled=True, value="a" * 30, tags={"t": "1"})
    assert "value" not in apigw.get_api_key(apiKey=key["id"])
    assert apigw.get_api_key(apiKey=key["id"], includeValue=True)["value"] == "a" * 30
    with pytest.raises(ClientError) as error:
        apigw.create_api_key(name="k2", value="a" * 30)
    assert error.value.response["Error"] == {"Code": "ConflictException", "Message": "API Key already exists"}
    apigw.update_api_key(apiKey=key["id"], patchOperations=[{"op": "replace", "path": "/enabled", "value": "false"}])
    assert apigw.get_api_keys(includeValues=True)["items"][0]["enabled"] is False
    imported = apigw.import_api_keys(body=b"name,key,description,enabled\nimp," + b"b" * 25 + b",d,true\n", format="csv")
    assert len(imported["ids"]) == 1
    apigw.delete_api_key(apiKey=key["id"])
    with pytest.raises(ClientError) as error:
        apigw.get_api_key(apiKey=key["id"])
    assert error.value.response["Error"]["Message"] == "Invalid API Key identifier specified"


def test_key_required_and_quota(apigw: Any, rest_api: dict[str, Any], route: Any, invoke: Any, cumulo_clock: ClockControl) -> None:
    _api_with_key_required(apigw, rest_api, route)
    api = rest_api["id"]
    key = apigw.create_api_key(name="client", enabled=True, value="k" * 24)
    assert (invoke(api, "dev", "/metered").status_code, invoke(api, "dev", "/metered").json()) == (403, {"message": "Forbidden"})
    # A key in no usage plan for this stage is refused too.
    assert invoke(api, "dev", "/metered", headers={"x-api-key": "k" * 24}).status_code == 403
    plan = apigw.create_usage_plan(name="basic", apiStages=[{"apiId": api, "stage": "dev"}],
                                   quota={"limit": 3, "period": "DAY"}, throttle={"rateLimit": 100, "burstLimit": 100})
    apigw.create_usage_plan_key(usagePlanId=plan["id"], keyId=key["id"], keyType="API_KEY")
    for _ in range(3):
        got = invoke(api, "dev", "/metered", headers={"x-api-key": "k" * 24})
        assert got.status_code == 200 and got.json() == {"key": "k" * 24}
    over = invoke(api, "dev", "/metered", headers={"x-api-key": "k" * 24})
    assert (over.status_code, over.json()) == (429, {"message": "Limit Exceeded"})
    today = __import__("datetime").datetime.fromtimestamp(cumulo_clock.now(), __import__("datetime").UTC).strftime("%Y-%m-%d")
    usage = apigw.get_usage(usagePlanId=plan["id"], startDate=today, endDate=today)
    assert usage["items"][key["id"]] == [[3, 0]]
    cumulo_clock.advance(86400)  # a new day: a new quota period
    assert invoke(api, "dev", "/metered", headers={"x-api-key": "k" * 24}).status_code == 200
    apigw.update_usage(usagePlanId=plan["id"], keyId=key["id"], patchOperations=[{"op": "replace", "path": "/remaining", "value": "0"}])
    assert invoke(api, "dev", "/metered", headers={"x-api-key": "k" * 24}).status_code == 429


def test_throttle_refills_with_the_clock(apigw: Any, rest_api: dict[str, Any], route: Any, invoke: Any, cumulo_clock: ClockControl) -> None:
    _api_with_key_required(apigw, rest_api, route)
    api = rest_api["id"]
    key = apigw.create_api_key(name="client", enabled=True, value="t" * 24)
    plan = apigw.create_usage_plan(name="slow", apiStages=[{"apiId": api, "stage": "dev"}], throttle={"rateLimit": 0.5, "burstLimit": 2})
    apigw.create_usage_plan_key(usagePlanId=plan["id"], keyId=key["id"], keyType="API_KEY")
    headers = {"x-api-key": "t" * 24}
    statuses = [invoke(api, "dev", "/metered", headers=headers).status_code for _ in range(3)]
    assert statuses[:2] == [200, 200] and statuses[2] == 429
    assert invoke(api, "dev", "/metered", headers=headers).json() == {"message": "Too Many Requests"}
    cumulo_clock.advance(2)  # 0.5 tokens/s: one more request
    assert invoke(api, "dev", "/metered", headers=headers).status_code == 200


def test_usage_plan_crud(apigw: Any, rest_api: dict[str, Any], route: Any) -> None:
    _api_with_key_required(apigw, rest_api, route)
    plan = apigw.create_usage_plan(name="p", quota={"limit": 10, "period": "WEEK"})
    updated = apigw.update_usage_plan(usagePlanId=plan["id"], patchOperations=[
        {"op": "add", "path": "/apiStages", "value": f"{rest_api['id']}:dev"},
        {"op": "replace", "path": "/quota/limit", "value": "20"},
        {"op": "replace", "path": "/throttle/rateLimit", "value": "5.5"}])
    assert updated["apiStages"] == [{"apiId": rest_api["id"], "stage": "dev"}]
    assert updated["quota"]["limit"] == 20 and updated["throttle"]["rateLimit"] == 5.5
    key = apigw.create_api_key(name="x", enabled=True)
    apigw.create_usage_plan_key(usagePlanId=plan["id"], keyId=key["id"], keyType="API_KEY")
    assert apigw.get_usage_plan_keys(usagePlanId=plan["id"])["items"][0]["id"] == key["id"]
    assert [p["id"] for p in apigw.get_usage_plans(keyId=key["id"])["items"]] == [plan["id"]]
    with pytest.raises(ClientError) as error:
        apigw.create_usage_plan(name="bad", apiStages=[{"apiId": rest_api["id"], "stage": "nope"}])
    assert error.value.response["Error"]["Code"] == "NotFoundException"
    apigw.delete_usage_plan_key(usagePlanId=plan["id"], keyId=key["id"])
    apigw.delete_usage_plan(usagePlanId=plan["id"])
    with pytest.raises(ClientError) as error:
        apigw.get_usage_plan(usagePlanId=plan["id"])
    assert error.value.response["Error"]["Message"] == "Invalid Usage Plan ID specified"


def test_method_throttle_in_a_plan_stage(apigw: Any, rest_api: dict[str, Any], route: Any, invoke: Any, cumulo_clock: ClockControl) -> None:
    _api_with_key_required(apigw, rest_api, route)
    api = rest_api["id"]
    key = apigw.create_api_key(name="m", enabled=True, value="m" * 24)
    plan = apigw.create_usage_plan(name="methods", apiStages=[{"apiId": api, "stage": "dev"}])
    apigw.create_usage_plan_key(usagePlanId=plan["id"], keyId=key["id"], keyType="API_KEY")
    updated = apigw.update_usage_plan(usagePlanId=plan["id"], patchOperations=[
        {"op": "replace", "path": f"/apiStages/{api}:dev/throttle/~1metered/GET/rateLimit", "value": "1"},
        {"op": "replace", "path": f"/apiStages/{api}:dev/throttle/~1metered/GET/burstLimit", "value": "1"}])
    assert updated["apiStages"][0]["throttle"] == {"/metered/GET": {"rateLimit": 1.0, "burstLimit": 1}}
    headers = {"x-api-key": "m" * 24}
    assert [invoke(api, "dev", "/metered", headers=headers).status_code for _ in range(2)] == [200, 429]
    cumulo_clock.advance(1)
    assert invoke(api, "dev", "/metered", headers=headers).status_code == 200
