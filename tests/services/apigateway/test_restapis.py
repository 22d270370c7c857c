"""REST APIs and resources through boto3: CRUD, the path tree, AWS's errors."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError


def _code(error: pytest.ExceptionInfo[ClientError]) -> tuple[str, str, int]:
    e = error.value.response
    return e["Error"]["Code"], e["Error"]["Message"], e["ResponseMetadata"]["HTTPStatusCode"]


def test_rest_api_crud(apigw: Any) -> None:
    created = apigw.create_rest_api(name="orders", description="d", binaryMediaTypes=["image/png"], tags={"team": "a"})
    assert created["apiKeySource"] == "HEADER" and created["endpointConfiguration"] == {"types": ["EDGE"]}
    assert created["rootResourceId"] and created["tags"] == {"team": "a"}
    got = apigw.get_rest_api(restApiId=created["id"])
    assert got["name"] == "orders" and got["binaryMediaTypes"] == ["image/png"]
    updated = apigw.update_rest_api(restApiId=created["id"], patchOperations=[
        {"op": "replace", "path": "/name", "value": "orders2"},
        {"op": "add", "path": "/binaryMediaTypes/application~1octet-stream"},
        {"op": "replace", "path": "/minimumCompressionSize", "value": "1024"},
        {"op": "replace", "path": "/disableExecuteApiEndpoint", "value": "true"},
    ])
    assert updated["name"] == "orders2" and updated["minimumCompressionSize"] == 1024
    assert updated["binaryMediaTypes"] == ["image/png", "application/octet-stream"] and updated["disableExecuteApiEndpoint"]
    assert [a["id"] for a in apigw.get_rest_apis()["items"]] == [created["id"]]
    apigw.delete_rest_api(restApiId=created["id"])
    with pytest.raises(ClientError) as error:
        apigw.get_rest_api(restApiId=created["id"])
    assert _code(error) == ("NotFoundException", f"Invalid API identifier specified 000000000000:{created['id']}", 404)


def test_resource_tree(apigw: Any, rest_api: dict[str, Any]) -> None:
    users = apigw.create_resource(restApiId=rest_api["id"], parentId=rest_api["root"], pathPart="users")
    user = apigw.create_resource(restApiId=rest_api["id"], parentId=users["id"], pathPart="{id}")
    proxy = apigw.create_resource(restApiId=rest_api["id"], parentId=user["id"], pathPart="{proxy+}")
    assert (users["path"], user["path"], proxy["path"]) == ("/users", "/users/{id}", "/users/{id}/{proxy+}")
    with pytest.raises(ClientError) as error:
        apigw.create_resource(restApiId=rest_api["id"], parentId=rest_api["root"], pathPart="users")
    assert _code(error) == ("ConflictException", "Another resource with the same parent already has this name: users", 409)
    with pytest.raises(ClientError) as error:
        apigw.create_resource(restApiId=rest_api["id"], parentId=users["id"], pathPart="{other}")
    assert _code(error)[0] == "BadRequestException"
    with pytest.raises(ClientError) as error:
        apigw.create_resource(restApiId=rest_api["id"], parentId=proxy["id"], pathPart="x")
    assert _code(error)[0] == "BadRequestException"
    # Renaming a parent moves its subtree.
    apigw.update_resource(restApiId=rest_api["id"], resourceId=users["id"], patchOperations=[{"op": "replace", "path": "/pathPart", "value": "people"}])
    paths = sorted(r["path"] for r in apigw.get_resources(restApiId=rest_api["id"])["items"])
    assert paths == ["/", "/people", "/people/{id}", "/people/{id}/{proxy+}"]
    apigw.delete_resource(restApiId=rest_api["id"], resourceId=users["id"])
    assert [r["path"] for r in apigw.get_resources(restApiId=rest_api["id"])["items"]] == ["/"]
    with pytest.raises(ClientError) as error:
        apigw.get_resource(restApiId=rest_api["id"], resourceId=user["id"])
    assert _code(error) == ("NotFoundException", "Invalid Resource identifier specified", 404)


def test_paging(apigw: Any) -> None:
    for n in range(5):
        apigw.create_rest_api(name=f"api{n}")
    first = apigw.get_rest_apis(limit=2)
    assert len(first["items"]) == 2 and first["position"]
    rest = apigw.get_rest_apis(limit=10, position=first["position"])
    assert len(rest["items"]) == 3 and "position" not in rest
    names = [a["name"] for page in apigw.get_paginator("get_rest_apis").paginate(PaginationConfig={"PageSize": 2}) for a in page["items"]]
    assert names == [f"api{n}" for n in range(5)]


def test_clone(apigw: Any, rest_api: dict[str, Any]) -> None:
    apigw.create_resource(restApiId=rest_api["id"], parentId=rest_api["root"], pathPart="a")
    clone = apigw.create_rest_api(name="copy", cloneFrom=rest_api["id"])
    assert [r["path"] for r in apigw.get_resources(restApiId=clone["id"])["items"]] == ["/", "/a"]
