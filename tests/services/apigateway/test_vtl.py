"""The VTL engine (airspeed with API Gateway's variables) directly: features, Java-style
rendering, and properties of the $util functions and $input.json round trips."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cumulo.engines import vtl

PARAMS = {"path": {"id": "7"}, "querystring": {"q": "x y"}, "header": {"X-Tenant": "t1"}}


def render(template: str, body: str = "", **extra: Any) -> str:
    return vtl.render(template, body, PARAMS, {"requestId": "r-1", "stage": "dev", "authorizer": {"principalId": "u"}},
                      {"color": "blue"}, extra)


def test_input_params_context_and_stage_variables() -> None:
    out = render('{"id": "$input.params(\'id\')", "q": "$input.params(\'q\')", "t": "$input.params(\'x-tenant\')", '
                 '"all": "$input.params().path.id", "req": "$context.requestId", "who": "$context.authorizer.principalId", '
                 '"c": "$stageVariables.color", "missing": "$input.params(\'nope\')"}')
    assert json.loads(out) == {"id": "7", "q": "x y", "t": "t1", "all": "7", "req": "r-1", "who": "u", "c": "blue", "missing": ""}


def test_body_path_json_and_directives() -> None:
    body = json.dumps({"items": [{"n": 1}, {"n": 2}, {"n": 3}], "flag": True, "name": "Ann"})
    template = (
        '#set($root = $input.path(\'$\'))\n'
        '{"count": $root.items.size(), "names": [#foreach($i in $root.items)"$i.n"#if($foreach.hasNext),#end#end],\n'
        '#if($root.flag)"flag": "on"#else"flag": "off"#end,\n'
        '"first": $input.json(\'$.items[0]\'), "upper": "$root.name.toUpperCase()", "raw": $input.body}'
    )
    assert json.loads(render(template, body)) == {"count": 3, "names": ["1", "2", "3"], "flag": "on", "first": {"n": 1},
                                                  "upper": "ANN", "raw": json.loads(body)}


def test_java_rendering_of_values() -> None:
    assert render("$a $b $c $d", a=True, b=None, c={"k": 1}, d=[1, "x"]) == "true  {k=1} [1, x]"


def test_util_functions() -> None:
    assert render("$util.urlEncode('a b&c')") == "a+b%26c"
    assert render("$util.urlDecode('a+b%26c')") == "a b&c"
    assert render("$util.base64Encode('hi')") == "aGk="
    assert render("$util.base64Decode('aGk=')") == "hi"
    assert render("#set($m = $util.parseJson('{\"a\": [1, 2]}'))$m.a.size()") == "2"
    assert render("$util.escapeJavaScript(\"it's \\\"q\\\"\")") == "it\\'s \\\"q\\\""


def test_errors_are_template_errors() -> None:
    with pytest.raises(vtl.TemplateError):
        render("#if($x")
    with pytest.raises(vtl.TemplateError):
        render("$util.parseJson('{bad')")


@settings(max_examples=60, deadline=None)
@given(st.text())
def test_escape_javascript_keeps_any_text_inside_a_json_string(text: str) -> None:
    out = vtl.render('{"v": "$util.escapeJavaScript($t)"}', "", PARAMS, {}, {}, {"t": text})
    assert json.loads(out.replace("\\'", "'"))["v"] == text


JSON = st.recursive(st.none() | st.booleans() | st.integers(-10**9, 10**9) | st.text(max_size=20),
                    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
                    max_leaves=12)


@settings(max_examples=60, deadline=None)
@given(JSON)
def test_input_json_round_trips_any_body(value: Any) -> None:
    body = json.dumps({"v": value})
    assert json.loads(vtl.render("$input.json('$.v')", body, PARAMS, {}, {})) == value


@settings(max_examples=60, deadline=None)
@given(st.text())
def test_url_and_base64_round_trips(text: str) -> None:
    encoded = vtl.render("$util.urlEncode($t)", "", PARAMS, {}, {}, {"t": text})
    assert vtl.render("$util.urlDecode($e)", "", PARAMS, {}, {}, {"e": encoded}) == text
    b64 = vtl.render("$util.base64Encode($t)", "", PARAMS, {}, {}, {"t": text})
    assert vtl.render("$util.base64Decode($e)", "", PARAMS, {}, {}, {"e": b64}) == text
