"""The template engine without a server: parsing (short forms), every intrinsic,
conditions, parameters, the dependency graph (with a property test of its order),
transforms (ForEach, SAM)."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cumulo.core.errors import AwsError
from cumulo.services.cloudformation import graph, parameters, template, transforms
from cumulo.services.cloudformation.intrinsics import UNKNOWN, Evaluator, pseudo_parameters
from cumulo.services.cloudformation.submit import capabilities, check_references

YAML = """
AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  Env: {Type: String, Default: dev, AllowedValues: [dev, prod]}
  Zones: {Type: CommaDelimitedList, Default: "a,b,c"}
Mappings:
  Sizes: {dev: {Count: 1}, prod: {Count: 3}}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  NotProd: !Not [!Condition IsProd]
Resources:
  Q:
    Type: AWS::SQS::Queue
    Properties:
      QueueName: !Sub "${AWS::StackName}-${Env}-q"
      Arn: !GetAtt Other.Arn
      Joined: !Join [",", [!Ref Env, !Select [1, !Ref Zones]]]
      Size: !FindInMap [Sizes, !Ref Env, Count]
      Maybe: !If [IsProd, big, !Ref AWS::NoValue]
      Date: 2024-01-01
  Other: {Type: AWS::SQS::Queue}
"""


def evaluator(tpl: dict[str, Any], params: dict[str, Any] | None = None, resources: dict[str, Any] | None = None) -> Evaluator:
    values = dict(params or {})
    values.update(pseudo_parameters("123456789012", "eu-west-1", "st", "arn:stack", []))
    res = resources or {}
    return Evaluator(tpl, values, lambda n: res.get(n, (UNKNOWN, {})), lambda name: {"shared": "v1"}.get(name), "eu-west-1")


def test_yaml_short_forms_expand_to_long_forms() -> None:
    tpl = template.parse(YAML)
    props = tpl["Resources"]["Q"]["Properties"]
    assert props["Arn"] == {"Fn::GetAtt": ["Other", "Arn"]}
    assert props["QueueName"] == {"Fn::Sub": "${AWS::StackName}-${Env}-q"}
    assert tpl["Conditions"]["NotProd"] == {"Fn::Not": [{"Condition": "IsProd"}]}
    assert props["Date"] == "2024-01-01"  # a date stays text


def test_intrinsics_resolve_against_parameters_mappings_conditions_and_resources() -> None:
    tpl = template.parse(YAML)
    ev = evaluator(tpl, {"Env": "dev", "Zones": ["a", "b", "c"]}, {"Other": ("url", {"Arn": "arn:q"})})
    props = ev.resolve(tpl["Resources"]["Q"]["Properties"])
    assert props == {"QueueName": "st-dev-q", "Arn": "arn:q", "Joined": "dev,b", "Size": 1, "Date": "2024-01-01"}
    assert ev.all_conditions() == {"IsProd": False, "NotProd": True}
    prod = evaluator(tpl, {"Env": "prod", "Zones": ["a", "b"]}, {"Other": ("url", {"Arn": "arn:q"})})
    assert prod.resolve(tpl["Resources"]["Q"]["Properties"])["Maybe"] == "big"


@pytest.mark.parametrize(("value", "expected"), [
    ({"Fn::Split": [",", "a,b"]}, ["a", "b"]),
    ({"Fn::Base64": "hi"}, base64.b64encode(b"hi").decode()),
    ({"Fn::Cidr": ["10.0.0.0/16", 3, 8]}, ["10.0.0.0/24", "10.0.1.0/24", "10.0.2.0/24"]),
    ({"Fn::GetAZs": ""}, ["eu-west-1a", "eu-west-1b", "eu-west-1c"]),
    ({"Fn::ImportValue": "shared"}, "v1"),
    ({"Fn::Length": [1, 2, 3]}, 3),
    ({"Fn::ToJsonString": {"a": [1, {"Ref": "AWS::Region"}]}}, '{"a":[1,"eu-west-1"]}'),
    ({"Fn::FindInMap": ["M", "x", "y", {"DefaultValue": "dflt"}]}, "dflt"),
    ({"Fn::And": [{"Fn::Equals": ["a", "a"]}, {"Fn::Or": [{"Fn::Equals": [1, "1"]}, {"Fn::Equals": ["a", "b"]}]}]}, True),
    ({"Fn::Sub": ["${x}-${!Literal}-${AWS::AccountId}", {"x": {"Ref": "AWS::Partition"}}]}, "aws-${Literal}-123456789012"),
    ({"Fn::Select": ["0", {"Fn::GetAZs": {"Ref": "AWS::Region"}}]}, "eu-west-1a"),
    ({"Ref": "AWS::URLSuffix"}, "amazonaws.com"),
    ({"Fn::Join": ["", ["a", {"Ref": "AWS::NoValue"}, "b"]]}, "ab"),
])
def test_each_intrinsic(value: Any, expected: Any) -> None:
    assert evaluator({"Resources": {}, "Mappings": {"M": {}}}).resolve(value) == expected


def test_unknown_propagates_for_previews() -> None:
    tpl = {"Resources": {"A": {"Type": "T"}}}
    ev = evaluator(tpl)
    assert ev.resolve({"Fn::Join": ["-", [{"Ref": "A"}, "x"]]}) is UNKNOWN
    assert ev.resolve({"Fn::Sub": "${A.Arn}"}) is UNKNOWN


def test_errors_are_aws_validation_errors() -> None:
    ev = evaluator({"Resources": {}})
    with pytest.raises(AwsError, match="Unresolved resource dependencies \\[Nope\\]"):
        ev.resolve({"Ref": "Nope"})
    with pytest.raises(AwsError, match="No export named missing found"):
        ev.resolve({"Fn::ImportValue": "missing"})
    with pytest.raises(AwsError, match="Mapping named 'M'"):
        ev.resolve({"Fn::FindInMap": ["M", "a", "b"]})


def test_template_checks() -> None:
    with pytest.raises(AwsError, match="At least one Resources member must be defined"):
        template.check({"Resources": {}}, set())
    with pytest.raises(AwsError, match=r"Unrecognized resource types: \[AWS::Nope::Thing\]"):
        template.check({"Resources": {"A": {"Type": "AWS::Nope::Thing"}}}, {"AWS::SQS::Queue"})
    with pytest.raises(AwsError, match="Invalid template property or properties \\[Bogus\\]"):
        template.check({"Bogus": 1, "Resources": {"A": {"Type": "AWS::SQS::Queue"}}}, {"AWS::SQS::Queue"})
    with pytest.raises(AwsError, match="Circular dependency between resources: \\[A, B\\]"):
        check_references({"Resources": {"A": {"Type": "T", "Properties": {"X": {"Ref": "B"}}},
                                        "B": {"Type": "T", "DependsOn": "A"}}})
    with pytest.raises(AwsError, match="JSON not well-formed"):
        template.parse("{nope")
    with pytest.raises(AwsError, match="Requires capabilities : \\[CAPABILITY_NAMED_IAM\\]"):
        capabilities({"Resources": {"R": {"Type": "AWS::IAM::Role", "Properties": {"RoleName": "x"}}}}, ["CAPABILITY_IAM"], False)


def test_parameters_types_constraints_and_noecho() -> None:
    declared = {"N": {"Type": "Number", "MinValue": 1, "MaxValue": 5}, "S": {"Type": "String", "AllowedPattern": "[a-z]+", "NoEcho": True},
                "L": {"Type": "List<Number>", "Default": "1,2"}}
    given = parameters.given_values(declared, [{"ParameterKey": "N", "ParameterValue": "3"}, {"ParameterKey": "S", "ParameterValue": "abc"}], None)
    assert parameters.template_values(declared, given) == {"N": "3", "S": "abc", "L": ["1", "2"]}
    assert parameters.shown(declared, given)[1]["ParameterValue"] == "****"
    with pytest.raises(AwsError, match="Parameters: \\[N, S\\] must have values"):
        parameters.given_values(declared, [], None)
    with pytest.raises(AwsError, match="not greater than 5"):
        parameters.given_values(declared, [{"ParameterKey": "N", "ParameterValue": "9"}, {"ParameterKey": "S", "ParameterValue": "a"}], None)
    with pytest.raises(AwsError, match="must match pattern"):
        parameters.given_values(declared, [{"ParameterKey": "N", "ParameterValue": "2"}, {"ParameterKey": "S", "ParameterValue": "A1"}], None)
    prev = parameters.given_values(declared, [{"ParameterKey": "N", "UsePreviousValue": True}, {"ParameterKey": "S", "ParameterValue": "z"}], {"N": "4"})
    assert prev["N"] == "4"


def test_dependencies_from_refs_getatt_sub_and_depends_on() -> None:
    resources = {
        "A": {"Type": "T"},
        "B": {"Type": "T", "Properties": {"X": {"Fn::Sub": "${A.Arn}/${AWS::Region}"}}},
        "C": {"Type": "T", "DependsOn": ["B"], "Properties": {"Y": {"Fn::GetAtt": "A.Arn"}}},
    }
    deps = graph.dependencies(resources)
    assert deps == {"A": set(), "B": {"A"}, "C": {"A", "B"}}
    assert graph.layers(deps) == [["A"], ["B"], ["C"]]


@st.composite
def dags(draw: Any) -> dict[str, dict[str, Any]]:
    n = draw(st.integers(1, 12))
    names = [f"R{i}" for i in range(n)]
    resources: dict[str, dict[str, Any]] = {}
    for i, name in enumerate(names):
        earlier = draw(st.lists(st.sampled_from(names[:i]), unique=True, max_size=3)) if i else []
        style = draw(st.sampled_from(["ref", "getatt", "sub", "depends"]))
        props: dict[str, Any] = {}
        if style == "ref":
            props = {"P": [{"Ref": e} for e in earlier]}
        elif style == "getatt":
            props = {"P": [{"Fn::GetAtt": [e, "Arn"]} for e in earlier]}
        elif style == "sub":
            props = {"P": {"Fn::Sub": "".join("${" + e + ".Arn}" for e in earlier)}}
        res: dict[str, Any] = {"Type": "T", "Properties": props}
        if style == "depends":
            res["DependsOn"] = earlier
        resources[name] = res
    order = draw(st.permutations(names))
    return {name: resources[name] for name in order}


@settings(max_examples=60, deadline=None)
@given(dags())
def test_every_resource_comes_after_what_it_refers_to(resources: dict[str, dict[str, Any]]) -> None:
    deps = graph.dependencies(resources)
    position = {n: i for i, layer in enumerate(graph.layers(deps)) for n in layer}
    assert set(position) == set(resources)
    for name, waits in deps.items():
        for other in waits:
            assert position[other] < position[name]
    # Deleting goes the other way round.
    reverse = graph.dependents(deps)
    back = {n: i for i, layer in enumerate(graph.layers(reverse)) for n in layer}
    for name, waits in deps.items():
        for other in waits:
            assert back[name] < back[other]


@settings(max_examples=30, deadline=None)
@given(st.integers(2, 6))
def test_a_cycle_is_refused(n: int) -> None:
    resources = {f"R{i}": {"Type": "T", "Properties": {"P": {"Ref": f"R{(i + 1) % n}"}}} for i in range(n)}
    with pytest.raises(AwsError, match="Circular dependency"):
        graph.check_cycles(graph.dependencies(resources))


def test_foreach_expands() -> None:
    tpl = {"Transform": "AWS::LanguageExtensions", "Resources": {
        "Fn::ForEach::Queues": ["Name", ["a", "b-c"], {"Queue&{Name}": {"Type": "AWS::SQS::Queue", "Properties": {"QueueName": "${Name}"}}}]}}
    out = transforms.expand_foreach(tpl)
    assert out["Resources"] == {"Queuea": {"Type": "AWS::SQS::Queue", "Properties": {"QueueName": "a"}},
                                "Queuebc": {"Type": "AWS::SQS::Queue", "Properties": {"QueueName": "b-c"}}}


def test_sam_transform_through_aws_translator() -> None:
    tpl = template.parse("""
Transform: AWS::Serverless-2016-10-31
Globals:
  Function: {Timeout: 9}
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties: {Runtime: python3.12, Handler: app.handler, InlineCode: "def handler(e, c): return 1"}
""")
    out = transforms.sam(tpl, {}, "us-east-1", "123456789012", "st")
    types = {r["Type"] for r in out["Resources"].values()}
    assert types == {"AWS::Lambda::Function", "AWS::IAM::Role"}
    assert out["Resources"]["Fn"]["Properties"]["Timeout"] == 9
    assert json.dumps(out)  # plain data
