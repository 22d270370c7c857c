"""MOCK integrations over HTTP: matching, templates, selection, gateway responses, CORS."""

from __future__ import annotations

from typing import Any

import httpx

from cumulo.testing import CumuloServer


def _deploy(apigw: Any, api: str, stage: str = "dev", **extra: Any) -> None:
    apigw.create_deployment(restApiId=api, stageName=stage, **extra)


def _mock(apigw: Any, api: str, resource: str, verb: str, status: str = "200", template: str = '{"ok": true}',
          request: str = '{"statusCode": 200}', **response: Any) -> None:
    apigw.put_integration(restApiId=api, resourceId=resource, httpMethod=verb, type="MOCK",
                          requestTemplates={"application/json": request})
    apigw.put_method_response(restApiId=api, resourceId=resource, httpMethod=verb, statusCode=status)
    apigw.put_integration_response(restApiId=api, resourceId=resource, httpMethod=verb, statusCode=status,
                                   responseTemplates={"application/json": template}, **response)


def test_mock_with_path_params_and_both_url_forms(apigw: Any, rest_api: dict[str, Any], route: Any, invoke: Any,
                                                   cumulo: CumuloServer) -> None:
    api = rest_api["id"]
    resource, _ = route(rest_api, "/users/{id}", "GET")
    apigw.put_integration(restApiId=api, resourceId=resource, httpMethod="GET", type="MOCK",
                          requestTemplates={"application/json": '{"statusCode": 200}'})
    apigw.put_method_response(restApiId=api, resourceId=resource, httpMethod="GET", statusCode="200")
    apigw.put_integration_response(
        restApiId=api, resourceId=resource, httpMethod="GET", statusCode="200",
        responseTemplates={"application/json": '{"id": "$input.params(\'id\')", "q": "$input.params(\'q\')", '
                                               '"stage": "$context.stage", "v": "$stageVariables.color", "path": "$context.resourcePath"}'},
        responseParameters={"method.response.header.X-Stage": "'fixed'"},
    )
    _deploy(apigw, api, variables={"color": "blue"})
    by_path = invoke(api, "dev", "/users/42", params={"q": "x"})
    assert by_path.status_code == 200
    assert by_path.json() == {"id": "42", "q": "x", "stage": "dev", "v": "blue", "path": "/users/{id}"}
    assert by_path.headers["x-stage"] == "fixed"
    port = cumulo.url.rsplit(":", 1)[1]
    by_host = httpx.get(f"{cumulo.url}/dev/users/7", headers={"host": f"{api}.execute-api.localhost.localstack.cloud:{port}"})
    assert by_host.json()["id"] == "7"
    assert httpx.get(f"{cumulo.url}/_aws/execute-api/{api}/dev/users/8").json()["id"] == "8"


def test_missing_route_and_stage(apigw: Any, rest_api: dict[str, Any], route: Any, invoke: Any) -> None:
    api = rest_api["id"]
    resource, _ = route(rest_api, "/a", "GET")
    _mock(apigw, api, resource, "GET")
    _deploy(apigw, api)
    missing = invoke(api, "dev", "/nope")
    assert (missing.status_code, missing.json()) == (403, {"message": "Missing Authentication Token"})
    assert missing.headers["x-amzn-errortype"] == "MissingAuthenticationTokenException"
    assert invoke(api, "dev", "/a", method="POST").status_code == 403
    assert invoke(api, "prod", "/a").json() == {"message": "Forbidden"}


def test_greedy_and_any(apigw: Any, rest_api: dict[str, Any], route: Any, invoke: Any) -> None:
    api = rest_api["id"]
    exact, _ = route(rest_api, "/files/readme", "GET")
    _mock(apigw, api, exact, "GET", template='{"which": "exact"}')
    greedy, _ = route(rest_api, "/files/{proxy+}", "ANY")
    _mock(apigw, api, greedy, "ANY", template='{"which": "greedy", "rest": "$input.params(\'proxy\')", "verb": "$context.httpMethod"}')
    _deploy(apigw, api)
    assert invoke(api, "dev", "/files/readme").json() == {"which": "exact"}
    assert invoke(api, "dev", "/files/a/b/c.txt", method="DELETE").json() == {"which": "greedy", "rest": "a/b/c.txt", "verb": "DELETE"}
    assert invoke(api, "dev", "/files").status_code == 403  # a greedy part needs at least one segment


def test_status_selection_and_passthrough(apigw: Any, rest_api: dict[str, Any], route: Any, invoke: Any) -> None:
    api = rest_api["id"]
    resource, _ = route(rest_api, "/pick", "POST")
    apigw.put_integration(restApiId=api, resourceId=resource, httpMethod="POST", type="MOCK",
                          requestTemplates={"application/json": '{"statusCode": $input.json(\'$.code\')}'},
                          passthroughBehavior="WHEN_NO_TEMPLATES")
    for code, pattern in (("200", None), ("404", "404"), ("500", "5\\d\\d")):
        apigw.put_method_response(restApiId=api, resourceId=resource, httpMethod="POST", statusCode=code)
        extra = {"selectionPattern": pattern} if pattern else {}
        apigw.put_integration_response(restApiId=api, resourceId=resource, httpMethod="POST", statusCode=code,
                                       responseTemplates={"application/json": f'{{"chosen": {code}}}'}, **extra)
    _deploy(apigw, api)
    assert invoke(api, "dev", "/pick", method="POST", json={"code": 200}).json() == {"chosen": 200}
    got = invoke(api, "dev", "/pick", method="POST", json={"code": 404})
    assert (got.status_code, got.json()) == (404, {"chosen": 404})
    assert invoke(api, "dev", "/pick", method="POST", json={"code": 503}).status_code == 500
    refused = invoke(api, "dev", "/pick", method="POST", content=b"<x/>", headers={"content-type": "application/xml"})
    assert (refused.status_code, refused.json()) == (415, {"message": "Unsupported Media Type"})


def test_gateway_response_customised(apigw: Any, rest_api: dict[str, Any], route: Any, invoke: Any) -> None:
    api = rest_api["id"]
    resource, _ = route(rest_api, "/x", "GET")
    _mock(apigw, api, resource, "GET")
    apigw.put_gateway_response(restApiId=api, responseType="MISSING_AUTHENTICATION_TOKEN", statusCode="404",
                               responseParameters={"gatewayresponse.header.Access-Control-Allow-Origin": "'*'"},
                               responseTemplates={"application/json": '{"error": $context.error.messageString, "type": "$context.error.responseType"}'})
    _deploy(apigw, api)
    got = invoke(api, "dev", "/missing")
    assert got.status_code == 404 and got.headers["access-control-allow-origin"] == "*"
    assert got.json() == {"error": "Missing Authentication Token", "type": "MISSING_AUTHENTICATION_TOKEN"}


def test_cors_preflight_by_options_mock(apigw: Any, rest_api: dict[str, Any], route: Any, invoke: Any) -> None:
    api = rest_api["id"]
    resource, _ = route(rest_api, "/items", "OPTIONS")
    apigw.put_integration(restApiId=api, resourceId=resource, httpMethod="OPTIONS", type="MOCK",
                          requestTemplates={"application/json": '{"statusCode": 200}'})
    apigw.put_method_response(restApiId=api, resourceId=resource, httpMethod="OPTIONS", statusCode="200",
                              responseParameters={"method.response.header.Access-Control-Allow-Origin": False,
                                                  "method.response.header.Access-Control-Allow-Methods": False})
    apigw.put_integration_response(restApiId=api, resourceId=resource, httpMethod="OPTIONS", statusCode="200",
                                   responseTemplates={"application/json": ""},
                                   responseParameters={"method.response.header.Access-Control-Allow-Origin": "'*'",
                                                       "method.response.header.Access-Control-Allow-Methods": "'GET,OPTIONS'"})
    _deploy(apigw, api)
    got = invoke(api, "dev", "/items", method="OPTIONS", headers={"origin": "http://a.example", "access-control-request-method": "GET"})
    assert got.status_code == 200 and got.headers["access-control-allow-methods"] == "GET,OPTIONS"
    assert got.headers["access-control-allow-origin"] == "*" and got.content == b""


def test_requests_introspection(apigw: Any, rest_api: dict[str, Any], route: Any, invoke: Any, cumulo: CumuloServer) -> None:
    api = rest_api["id"]
    resource, _ = route(rest_api, "/r", "GET")
    _mock(apigw, api, resource, "GET")
    _deploy(apigw, api)
    invoke(api, "dev", "/r")
    rows = httpx.get(f"{cumulo.url}/_cumulo/apigateway/requests", params={"apiId": api}).json()["requests"]
    assert rows[-1]["resource"] == "/r" and rows[-1]["status"] == 200 and rows[-1]["integration"] == "MOCK"


def test_content_handling_converts_payloads(apigw: Any, rest_api: dict[str, Any], route: Any, invoke: Any) -> None:
    api = rest_api["id"]
    resource, _ = route(rest_api, "/bin", "GET", integration={"requestTemplates": {"application/json": '{"statusCode": 200}'}})
    apigw.put_method_response(restApiId=api, resourceId=resource, httpMethod="GET", statusCode="200")
    apigw.put_integration_response(restApiId=api, resourceId=resource, httpMethod="GET", statusCode="200",
                                   responseTemplates={"application/json": "aGVsbG8="}, contentHandling="CONVERT_TO_BINARY")
    apigw.create_deployment(restApiId=api, stageName="dev")
    got = invoke(api, "dev", "/bin")
    assert got.status_code == 200 and got.content == b"hello"


def test_response_override_in_a_template(apigw: Any, rest_api: dict[str, Any], route: Any, invoke: Any) -> None:
    api = rest_api["id"]
    resource, _ = route(rest_api, "/moved", "GET", integration={"requestTemplates": {"application/json": '{"statusCode": 200}'}})
    _mock(apigw, api, resource, "GET", template='#set($context.responseOverride.status = 302)'
          '#set($context.responseOverride.header.Location = "https://example.com/$input.params(\'to\')"){"moved": true}')
    apigw.create_deployment(restApiId=api, stageName="dev")
    got = invoke(api, "dev", "/moved", params={"to": "x"}, follow_redirects=False)
    assert got.status_code == 302 and got.headers["location"] == "https://example.com/x" and got.json() == {"moved": True}
