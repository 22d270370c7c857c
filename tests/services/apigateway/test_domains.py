"""Custom domain names with base path mappings (served by Host), VPC links, client
certificates (real X.509), account settings."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from botocore.exceptions import ClientError
from cryptography import x509

from cumulo.testing import CumuloServer


def test_custom_domain_serves_by_host(apigw: Any, rest_api: dict[str, Any], route: Any, cumulo: CumuloServer) -> None:
    api = rest_api["id"]
    resource, _ = route(rest_api, "/hello", "GET", integration={"requestTemplates": {"application/json": '{"statusCode": 200}'}})
    apigw.put_method_response(restApiId=api, resourceId=resource, httpMethod="GET", statusCode="200")
    apigw.put_integration_response(restApiId=api, resourceId=resource, httpMethod="GET", statusCode="200",
                                   responseTemplates={"application/json": '{"stage": "$context.stage", "domain": "$context.domainName"}'})
    apigw.create_deployment(restApiId=api, stageName="live")
    domain = apigw.create_domain_name(domainName="api.example.com", regionalCertificateArn="arn:aws:acm:us-east-1:000000000000:certificate/x",
                                      endpointConfiguration={"types": ["REGIONAL"]})
    assert domain["regionalDomainName"].endswith(".execute-api.us-east-1.amazonaws.com") and domain["domainNameStatus"] == "AVAILABLE"
    apigw.create_base_path_mapping(domainName="api.example.com", restApiId=api, stage="live", basePath="v1")
    with pytest.raises(ClientError) as error:
        apigw.create_base_path_mapping(domainName="api.example.com", restApiId=api, stage="live", basePath="v1")
    assert error.value.response["Error"]["Code"] == "ConflictException"
    got = httpx.get(f"{cumulo.url}/v1/hello", headers={"host": "api.example.com"})
    assert got.json() == {"stage": "live", "domain": "api.example.com"}
    # With the default endpoint disabled, only the custom domain serves the API.
    apigw.update_rest_api(restApiId=api, patchOperations=[{"op": "replace", "path": "/disableExecuteApiEndpoint", "value": "true"}])
    apigw.create_deployment(restApiId=api, stageName="live")
    assert httpx.get(f"{cumulo.url}/restapis/{api}/live/_user_request_/hello").json() == {"message": "Forbidden"}
    assert httpx.get(f"{cumulo.url}/v1/hello", headers={"host": "api.example.com"}).status_code == 200
    assert apigw.get_base_path_mappings(domainName="api.example.com")["items"] == [{"basePath": "v1", "restApiId": api, "stage": "live"}]
    apigw.update_base_path_mapping(domainName="api.example.com", basePath="v1", patchOperations=[
        {"op": "replace", "path": "/basePath", "value": "v2"}])
    assert httpx.get(f"{cumulo.url}/v2/hello", headers={"host": "api.example.com"}).status_code == 200
    apigw.delete_base_path_mapping(domainName="api.example.com", basePath="v2")
    apigw.delete_domain_name(domainName="api.example.com")
    with pytest.raises(ClientError) as error:
        apigw.get_domain_name(domainName="api.example.com")
    assert error.value.response["Error"]["Code"] == "NotFoundException"


def test_vpc_links(apigw: Any) -> None:
    link = apigw.create_vpc_link(name="l", targetArns=["arn:aws:elasticloadbalancing:us-east-1:000000000000:loadbalancer/net/n/1"])
    assert link["status"] == "AVAILABLE"
    apigw.update_vpc_link(vpcLinkId=link["id"], patchOperations=[{"op": "replace", "path": "/name", "value": "m"}])
    assert apigw.get_vpc_link(vpcLinkId=link["id"])["name"] == "m"
    assert len(apigw.get_vpc_links()["items"]) == 1
    apigw.delete_vpc_link(vpcLinkId=link["id"])
    with pytest.raises(ClientError):
        apigw.get_vpc_link(vpcLinkId=link["id"])


def test_client_certificates_are_real(apigw: Any) -> None:
    cert = apigw.generate_client_certificate(description="backend", tags={"a": "b"})
    parsed = x509.load_pem_x509_certificate(cert["pemEncodedCertificate"].encode())
    assert parsed.subject.rfc4514_string() == "CN=ApiGateway"
    apigw.update_client_certificate(clientCertificateId=cert["clientCertificateId"], patchOperations=[
        {"op": "replace", "path": "/description", "value": "new"}])
    assert apigw.get_client_certificate(clientCertificateId=cert["clientCertificateId"])["description"] == "new"
    assert len(apigw.get_client_certificates()["items"]) == 1
    apigw.delete_client_certificate(clientCertificateId=cert["clientCertificateId"])
    with pytest.raises(ClientError) as error:
        apigw.get_client_certificate(clientCertificateId=cert["clientCertificateId"])
    assert error.value.response["Error"]["Code"] == "NotFoundException"


def test_account(apigw: Any) -> None:
    assert apigw.get_account()["throttleSettings"] == {"burstLimit": 5000, "rateLimit": 10000.0}
    updated = apigw.update_account(patchOperations=[{"op": "replace", "path": "/cloudwatchRoleArn", "value": "arn:aws:iam::000000000000:role/cw"}])
    assert updated["cloudwatchRoleArn"] == "arn:aws:iam::000000000000:role/cw"
    with pytest.raises(ClientError) as error:
        apigw.update_account(patchOperations=[{"op": "replace", "path": "/cloudwatchRoleArn", "value": "nope"}])
    assert error.value.response["Error"]["Code"] == "BadRequestException"
