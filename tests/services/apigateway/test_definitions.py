"""Models, request validators, gateway responses and documentation parts/versions."""

from __future__ import annotations

import json
from typing import Any

import pytest
from botocore.exceptions import ClientError


def test_models(apigw: Any, rest_api: dict[str, Any]) -> None:
    api = rest_api["id"]
    schema = {"type": "object", "properties": {"name": {"type": "string"}, "tags": {"type": "array", "items": {"type": "string"}}}}
    model = apigw.create_model(restApiId=api, name="Pet", contentType="application/json", schema=json.dumps(schema))
    assert model["name"] == "Pet" and model["id"]
    with pytest.raises(ClientError) as error:
        apigw.create_model(restApiId=api, name="Pet", contentType="application/json", schema="{}")
    assert error.value.response["Error"] == {"Code": "ConflictException", "Message": "Model name already exists for this REST API"}
    with pytest.raises(ClientError) as error:
        apigw.create_model(restApiId=api, name="Bad", contentType="application/json", schema="{not json")
    assert error.value.response["Error"]["Code"] == "BadRequestException"
    template = apigw.get_model_template(restApiId=api, modelName="Pet")["value"]
    assert "$input.path('$').name" in template and "#foreach" in template
    apigw.update_model(restApiId=api, modelName="Pet", patchOperations=[{"op": "replace", "path": "/description", "value": "a pet"}])
    assert apigw.get_model(restApiId=api, modelName="Pet")["description"] == "a pet"
    assert [m["name"] for m in apigw.get_models(restApiId=api)["items"]] == ["Pet"]
    apigw.delete_model(restApiId=api, modelName="Pet")
    with pytest.raises(ClientError) as error:
        apigw.get_model(restApiId=api, modelName="Pet")
    assert error.value.response["Error"] == {"Code": "NotFoundException", "Message": "Invalid model name specified: Pet"}


def test_request_validators(apigw: Any, rest_api: dict[str, Any]) -> None:
    api = rest_api["id"]
    validator = apigw.create_request_validator(restApiId=api, name="body", validateRequestBody=True)
    assert validator["validateRequestParameters"] is False
    apigw.update_request_validator(restApiId=api, requestValidatorId=validator["id"], patchOperations=[
        {"op": "replace", "path": "/validateRequestParameters", "value": "true"}])
    assert apigw.get_request_validator(restApiId=api, requestValidatorId=validator["id"])["validateRequestParameters"] is True
    assert len(apigw.get_request_validators(restApiId=api)["items"]) == 1
    apigw.delete_request_validator(restApiId=api, requestValidatorId=validator["id"])
    with pytest.raises(ClientError) as error:
        apigw.get_request_validator(restApiId=api, requestValidatorId=validator["id"])
    assert error.value.response["Error"]["Code"] == "NotFoundException"


def test_gateway_responses(apigw: Any, rest_api: dict[str, Any]) -> None:
    api = rest_api["id"]
    default = apigw.get_gateway_response(restApiId=api, responseType="MISSING_AUTHENTICATION_TOKEN")
    assert default["statusCode"] == "403" and default["defaultResponse"] is True
    assert default["responseTemplates"] == {"application/json": '{"message":$context.error.messageString}'}
    assert len(apigw.get_gateway_responses(restApiId=api)["items"]) == 21
    apigw.put_gateway_response(restApiId=api, responseType="DEFAULT_4XX", responseParameters={"gatewayresponse.header.X-A": "'1'"})
    updated = apigw.update_gateway_response(restApiId=api, responseType="DEFAULT_4XX", patchOperations=[
        {"op": "replace", "path": "/statusCode", "value": "418"}])
    assert updated["statusCode"] == "418" and updated["defaultResponse"] is False
    apigw.delete_gateway_response(restApiId=api, responseType="DEFAULT_4XX")
    assert apigw.get_gateway_response(restApiId=api, responseType="DEFAULT_4XX")["defaultResponse"] is True
    with pytest.raises(ClientError) as error:
        apigw.get_gateway_response(restApiId=api, responseType="NOPE")
    assert error.value.response["Error"]["Code"] == "BadRequestException"


def test_documentation(apigw: Any, rest_api: dict[str, Any]) -> None:
    api = rest_api["id"]
    part = apigw.create_documentation_part(restApiId=api, location={"type": "API"}, properties='{"description": "shop"}')
    with pytest.raises(ClientError) as error:
        apigw.create_documentation_part(restApiId=api, location={"type": "API"}, properties="{}")
    assert error.value.response["Error"]["Code"] == "ConflictException"
    apigw.update_documentation_part(restApiId=api, documentationPartId=part["id"], patchOperations=[
        {"op": "replace", "path": "/properties", "value": '{"description": "store"}'}])
    assert apigw.get_documentation_part(restApiId=api, documentationPartId=part["id"])["properties"] == '{"description": "store"}'
    imported = apigw.import_documentation_parts(restApiId=api, mode="merge", body=json.dumps({
        "swagger": "2.0", "x-amazon-apigateway-documentation": {"documentationParts": [
            {"location": {"type": "RESOURCE", "path": "/pets"}, "properties": {"description": "pets"}}]}}).encode())
    assert len(imported["ids"]) == 1
    assert len(apigw.get_documentation_parts(restApiId=api)["items"]) == 2
    assert len(apigw.get_documentation_parts(restApiId=api, type="RESOURCE")["items"]) == 1
    version = apigw.create_documentation_version(restApiId=api, documentationVersion="1.0", description="first")
    assert version["version"] == "1.0"
    apigw.update_documentation_version(restApiId=api, documentationVersion="1.0", patchOperations=[
        {"op": "replace", "path": "/description", "value": "v1"}])
    assert apigw.get_documentation_versions(restApiId=api)["items"][0]["description"] == "v1"
    apigw.delete_documentation_version(restApiId=api, documentationVersion="1.0")
    apigw.delete_documentation_part(restApiId=api, documentationPartId=part["id"])
    with pytest.raises(ClientError) as error:
        apigw.get_documentation_part(restApiId=api, documentationPartId=part["id"])
    assert error.value.response["Error"]["Code"] == "NotFoundException"
