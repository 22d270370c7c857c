"""The data plane's small languages, directly: route selection (with properties over generated
paths), selection and mapping expressions, payload answers, authorizer policies and JWKS URLs."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from cumulo.services.apigatewayv2 import auth, expressions, payloads, routing

SEGMENT = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-_", min_size=1, max_size=8)


def _table(*keys: str) -> tuple[list[routing.Compiled], dict | None]:
    return routing.compile_all([{"RouteKey": k} for k in keys])


@settings(deadline=None)
@given(st.lists(SEGMENT, min_size=1, max_size=5))
def test_exact_routes_win_and_greedy_takes_the_rest(segments: list[str]) -> None:
    path = "/" + "/".join(segments)
    table = _table("ANY /{proxy+}", f"GET {path}", "$default")
    assert routing.select(table, "GET", path)[0]["RouteKey"] == f"GET {path}"  # type: ignore[index]
    route, params, _ = routing.select(table, "POST", path)  # type: ignore[misc]
    assert route["RouteKey"] == "ANY /{proxy+}" and params == {"proxy": path[1:]}


@settings(deadline=None)
@given(SEGMENT, SEGMENT)
def test_a_variable_matches_one_segment(first: str, second: str) -> None:
    table = _table("GET /items/{id}", "$default")
    route, params, route_path = routing.select(table, "GET", f"/items/{first}")  # type: ignore[misc]
    assert params == {"id": first} and route_path == "/items/{id}"
    assert routing.select(table, "GET", f"/items/{first}/{second}")[0]["RouteKey"] == "$default"  # type: ignore[index]


def test_precedence_method_before_any_and_fewer_variables_first() -> None:
    table = _table("ANY /a/{x}", "GET /a/{x}", "GET /{y}/{x}", "GET /a/b")
    assert routing.select(table, "GET", "/a/b")[0]["RouteKey"] == "GET /a/b"  # type: ignore[index]
    assert routing.select(table, "GET", "/a/c")[0]["RouteKey"] == "GET /a/{x}"  # type: ignore[index]
    assert routing.select(table, "PUT", "/a/c")[0]["RouteKey"] == "ANY /a/{x}"  # type: ignore[index]
    assert routing.select(table, "GET", "/z/c")[0]["RouteKey"] == "GET /{y}/{x}"  # type: ignore[index]
    assert routing.select(_table("GET /a"), "GET", "/b") is None


def test_expressions() -> None:
    src = expressions.Sources(method="POST", path="/p", headers={"x-a": "1"}, query={"q": "2"}, path_parameters={"id": "7"},
                              body=b'{"action": "join", "user": {"name": "ann"}}', context={"stage": "prod"}, stage_variables={"v": "3"})
    assert expressions.value("$request.body.action", src) == "join"
    assert expressions.value("$request.body.user.name", src) == "ann"
    assert expressions.value("route.request.header.x-a", src) == "1"
    assert expressions.render("$request.method $request.path", src) == "POST /p"
    assert expressions.render("u=${request.querystring.q}&id=$request.path.id&s=$context.stage&v=$stageVariables.v", src) == "u=2&id=7&s=prod&v=3"
    assert expressions.render("$request.header.missing", src) == ""


@settings(deadline=None)
@given(st.dictionaries(st.text(min_size=1, max_size=5), st.integers(min_value=-(2**53), max_value=2**53) | st.text(max_size=5), max_size=4))
def test_a_v2_answer_without_status_code_is_its_own_json_body(value: dict) -> None:
    import orjson

    if "statusCode" in value:
        return
    answer = payloads.answer_v2(orjson.dumps(value))
    assert answer.status == 200 and orjson.loads(answer.body) == value and answer.headers["content-type"] == "application/json"


def test_policies_and_jwks_urls() -> None:
    arn = "arn:aws:execute-api:us-east-1:000000000000:abc/prod/GET/items"
    allow = {"Statement": [{"Effect": "Allow", "Action": "execute-api:Invoke", "Resource": "arn:aws:execute-api:us-east-1:000000000000:abc/*/GET/*"}]}
    assert auth._policy_allows(allow, arn)
    deny = {"Statement": [*allow["Statement"], {"Effect": "Deny", "Action": "*", "Resource": arn}]}
    assert not auth._policy_allows(deny, arn)
    assert not auth._policy_allows({"Statement": []}, arn)
    assert auth.function_arn("arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:f/invocations") \
        == "arn:aws:lambda:us-east-1:000000000000:function:f"

    class Config:
        port = 4566

    class Runtime:
        config = Config()

    cognito = auth._jwks_urls(Runtime(), "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC123")  # type: ignore[arg-type]
    assert cognito == ["http://127.0.0.1:4566/us-east-1_AbC123/.well-known/jwks.json"]
    other = auth._jwks_urls(Runtime(), "https://issuer.example/")  # type: ignore[arg-type]
    assert other == ["https://issuer.example/.well-known/openid-configuration", "https://issuer.example/.well-known/jwks.json"]
