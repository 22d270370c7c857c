"""The policy engine on its own: parsing, every condition operator, qualifiers and
variables, and the evaluation order (explicit deny wins, an empty set denies,
boundaries and session policies intersect, cross-account needs both sides)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cumulo.engines.policy import Principal, PolicyError, Request, denial_message, evaluate, parse

ACCOUNT = "111111111111"
USER = Principal(ACCOUNT, f"arn:aws:iam::{ACCOUNT}:user/bob")
QUEUE = f"arn:aws:sqs:us-east-1:{ACCOUNT}:orders"


def doc(*statements: dict[str, Any], version: str = "2012-10-17") -> str:
    return json.dumps({"Version": version, "Statement": list(statements)})


def allow(action: Any = "*", resource: Any = "*", **extra: Any) -> dict[str, Any]:
    return {"Effect": "Allow", "Action": action, "Resource": resource, **extra}


def deny(action: Any = "*", resource: Any = "*", **extra: Any) -> dict[str, Any]:
    return {"Effect": "Deny", "Action": action, "Resource": resource, **extra}


def decide(*statements: dict[str, Any], action: str = "sqs:SendMessage", resource: str = QUEUE,
           context: dict[str, list[str]] | None = None, principal: Principal = USER) -> bool:
    request = Request(principal, action, resource, context=context or {})
    return evaluate(request, [("p", parse(doc(*statements)))]).allowed


def cond(operator: str, key: str, values: Any, actual: list[str] | None) -> bool:
    context = {} if actual is None else {key.lower(): actual}
    return decide(allow(Condition={operator: {key: values}}), context=context)


# ---------------------------------------------------------------- parsing


@pytest.mark.parametrize(("text", "message"), [
    ("{", "Syntax errors in policy."),
    (json.dumps({"Version": "1999", "Statement": []}), "The policy must contain a valid version string"),
    (doc({"Action": "s3:*", "Resource": "*"}), "Missing required field Effect"),
    (doc({"Effect": "Maybe", "Action": "s3:*", "Resource": "*"}), "Invalid effect: Maybe"),
    (doc(allow("GetObject")), "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc."),
    (doc(allow("s3:GetObject", "bucket")), 'Resource bucket must be in ARN format or "*".'),
    (doc({"Effect": "Allow", "Action": "s3:*"}), "Policy statement must contain resources."),
    (doc(allow(Condition={"StringEqualz": {"aws:x": "1"}})), "Invalid Condition type : StringEqualz"),
    (doc(allow(Sid="a"), allow(Sid="a")), "Statement IDs (SID) in a single policy must be unique."),
])
def test_refused_documents(text: str, message: str) -> None:
    with pytest.raises(PolicyError) as e:
        parse(text)
    assert str(e.value) == message


def test_principal_rules_by_kind() -> None:
    with pytest.raises(PolicyError, match="should not specify a principal"):
        parse(doc(allow(Principal="*")))
    with pytest.raises(PolicyError, match="Missing required field Principal"):
        parse(doc(allow()), kind="resource")
    assert parse(doc({"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}), kind="trust")


# ---------------------------------------------------------------- actions and resources


def test_actions_are_case_insensitive_with_wildcards() -> None:
    assert decide(allow("SQS:send*"))
    assert decide(allow("sqs:?endMessage"))
    assert not decide(allow("sqs:Receive*"))
    assert decide(allow(["s3:*", "sqs:SendMessage"]))


def test_not_action_and_not_resource() -> None:
    assert decide({"Effect": "Allow", "NotAction": "s3:*", "Resource": "*"})
    assert not decide({"Effect": "Allow", "NotAction": "sqs:*", "Resource": "*"})
    assert decide({"Effect": "Allow", "Action": "sqs:*", "NotResource": "arn:aws:sqs:*:*:secret"})
    assert not decide({"Effect": "Allow", "Action": "sqs:*", "NotResource": "arn:aws:sqs:*:*:orders"})


def test_resources_are_case_sensitive() -> None:
    assert decide(allow("sqs:*", "arn:aws:sqs:*:*:ord*"))
    assert not decide(allow("sqs:*", "arn:aws:sqs:*:*:ORDERS"))


# ---------------------------------------------------------------- every operator


@pytest.mark.parametrize(("operator", "values", "actual", "expected"), [
    ("StringEquals", "a", ["a"], True), ("StringEquals", "a", ["A"], False), ("StringEquals", ["x", "a"], ["a"], True),
    ("StringNotEquals", "a", ["b"], True), ("StringNotEquals", ["a", "b"], ["b"], False),
    ("StringEqualsIgnoreCase", "abc", ["ABC"], True), ("StringNotEqualsIgnoreCase", "abc", ["ABC"], False),
    ("StringLike", "ab*", ["abc"], True), ("StringLike", "a?c", ["abc"], True), ("StringLike", "a?c", ["abbc"], False),
    ("StringNotLike", "ab*", ["xyz"], True), ("StringNotLike", "ab*", ["abz"], False),
    ("NumericEquals", "10", ["10"], True), ("NumericNotEquals", "10", ["11"], True),
    ("NumericLessThan", "10", ["9"], True), ("NumericLessThan", "10", ["10"], False),
    ("NumericLessThanEquals", "10", ["10"], True), ("NumericGreaterThan", "10", ["11"], True),
    ("NumericGreaterThanEquals", "10", ["10"], True), ("NumericEquals", "10", ["ten"], False),
    ("DateEquals", "2026-01-01T00:00:00Z", ["2026-01-01T00:00:00Z"], True),
    ("DateNotEquals", "2026-01-01T00:00:00Z", ["2026-01-02T00:00:00Z"], True),
    ("DateLessThan", "2026-01-01T00:00:00Z", ["2025-12-31T23:59:59Z"], True),
    ("DateLessThanEquals", "2026-01-01T00:00:00Z", ["2026-01-01T00:00:00Z"], True),
    ("DateGreaterThan", "2026-01-01T00:00:00Z", ["1767225601"], True),
    ("DateGreaterThanEquals", "2026-01-01", ["2026-01-01T00:00:00Z"], True),
    ("Bool", "true", ["true"], True), ("Bool", True, ["false"], False), ("Bool", "true", ["TRUE"], True),
    ("BinaryEquals", "QmluYXJ5", ["QmluYXJ5"], True), ("BinaryEquals", "QmluYXJ5", ["b3RoZXI="], False),
    ("IpAddress", "10.0.0.0/8", ["10.1.2.3"], True), ("IpAddress", "10.0.0.0/8", ["11.1.2.3"], False),
    ("IpAddress", "2001:db8::/32", ["2001:db8::1"], True), ("NotIpAddress", "10.0.0.0/8", ["11.1.2.3"], True),
    ("ArnEquals", "arn:aws:sqs:us-east-1:1:q", ["arn:aws:sqs:us-east-1:1:q"], True),
    ("ArnLike", "arn:aws:sqs:*:1:q*", ["arn:aws:sqs:eu-west-1:1:queue"], True),
    ("ArnLike", "arn:aws:sqs:*:1:q", ["arn:aws:sqs:eu-west-1:2:q"], False),
    ("ArnNotEquals", "arn:aws:sqs:us-east-1:1:q", ["arn:aws:sqs:us-east-1:1:r"], True),
    ("ArnNotLike", "arn:aws:sqs:*:1:*", ["arn:aws:sqs:eu-west-1:1:q"], False),
])
def test_operator(operator: str, values: Any, actual: list[str], expected: bool) -> None:
    assert cond(operator, "aws:Thing", values, actual) is expected


@pytest.mark.parametrize(("operator", "expected"), [
    ("StringEquals", False), ("StringNotEquals", True), ("StringEqualsIfExists", True), ("NumericLessThanIfExists", True),
    ("ArnLike", False), ("ArnNotLike", True), ("Bool", False), ("BoolIfExists", True), ("IpAddress", False),
])
def test_missing_keys(operator: str, expected: bool) -> None:
    assert cond(operator, "aws:Absent", "x", None) is expected


def test_null() -> None:
    assert cond("Null", "aws:TokenIssueTime", "true", None)
    assert not cond("Null", "aws:TokenIssueTime", "true", ["x"])
    assert cond("Null", "aws:TokenIssueTime", "false", ["x"])


def test_set_qualifiers() -> None:
    key = "aws:TagKeys"
    assert cond("ForAllValues:StringEquals", key, ["a", "b"], ["a"])
    assert not cond("ForAllValues:StringEquals", key, ["a", "b"], ["a", "c"])
    assert cond("ForAllValues:StringEquals", key, ["a"], None)  # vacuously true
    assert cond("ForAnyValue:StringEquals", key, ["a", "b"], ["c", "b"])
    assert not cond("ForAnyValue:StringEquals", key, ["a"], None)
    assert cond("ForAnyValue:StringNotEquals", key, ["a"], ["a", "z"])
    assert not cond("ForAllValues:StringNotEquals", key, ["a"], ["a", "z"])


def test_conditions_and_across_keys_and_operators() -> None:
    statement = allow(Condition={"StringEquals": {"aws:a": "1", "aws:b": "2"}, "Bool": {"aws:SecureTransport": "true"}})
    full = {"aws:a": ["1"], "aws:b": ["2"], "aws:securetransport": ["true"]}
    assert decide(statement, context=full)
    assert not decide(statement, context={**full, "aws:b": ["3"]})
    assert not decide(statement, context={**full, "aws:securetransport": ["false"]})


# ---------------------------------------------------------------- variables


def test_policy_variables() -> None:
    statement = allow("s3:*", "arn:aws:s3:::home/${aws:username}/*")
    context = {"aws:username": ["bob"]}
    assert decide(statement, action="s3:GetObject", resource="arn:aws:s3:::home/bob/x", context=context)
    assert not decide(statement, action="s3:GetObject", resource="arn:aws:s3:::home/eve/x", context=context)
    assert not decide(statement, action="s3:GetObject", resource="arn:aws:s3:::home/bob/x")  # no username: matches nothing
    tagged = allow(Condition={"StringEquals": {"aws:ResourceTag/team": "${aws:PrincipalTag/team}"}})
    assert decide(tagged, context={"aws:resourcetag/team": ["red"], "aws:principaltag/team": ["red"]})
    assert not decide(tagged, context={"aws:resourcetag/team": ["red"], "aws:principaltag/team": ["blue"]})
    defaulted = allow("s3:*", "arn:aws:s3:::home/${aws:username, 'guest'}/*")
    assert decide(defaulted, action="s3:GetObject", resource="arn:aws:s3:::home/guest/x")
    special = allow("s3:*", "arn:aws:s3:::b/${*}literal")
    assert decide(special, action="s3:GetObject", resource="arn:aws:s3:::b/*literal")


def test_variables_only_in_2012_policies() -> None:
    old = json.dumps({"Version": "2008-10-17", "Statement": [allow("s3:*", "arn:aws:s3:::home/${aws:username}")]})
    request = Request(USER, "s3:GetObject", "arn:aws:s3:::home/${aws:username}", context={"aws:username": ["bob"]})
    assert evaluate(request, [("p", parse(old))]).allowed


# ---------------------------------------------------------------- evaluation order


def test_explicit_deny_wins_and_names_the_statement() -> None:
    request = Request(USER, "sqs:SendMessage", QUEUE)
    decision = evaluate(request, [("a", parse(doc(allow()))), ("b", parse(doc(deny("sqs:*", Sid="NoSqs"))))])
    assert (decision.allowed, decision.reason, decision.deciding.policy, decision.deciding.statement.sid) == (False, "explicit_deny", "b", "NoSqs")
    message = denial_message(USER.arn, request.action, QUEUE, decision)
    assert message == (f"User: {USER.arn} is not authorized to perform: sqs:SendMessage on resource: {QUEUE} "
                       "with an explicit deny in an identity-based policy")


def test_empty_policy_set_denies() -> None:
    decision = evaluate(Request(USER, "sqs:SendMessage", QUEUE))
    assert not decision.allowed
    assert denial_message(USER.arn, "sqs:SendMessage", QUEUE, decision).endswith(
        "because no identity-based policy allows the sqs:SendMessage action")


def test_root_is_allowed_in_its_account_unless_denied() -> None:
    root = Principal(ACCOUNT, f"arn:aws:iam::{ACCOUNT}:root", root=True)
    assert evaluate(Request(root, "sqs:SendMessage", QUEUE)).allowed
    assert not evaluate(Request(root, "sqs:SendMessage", QUEUE), resource=("r", parse(doc(deny(Principal="*")), "resource"))).allowed


def test_boundaries_and_session_policies_intersect() -> None:
    request = Request(USER, "sqs:SendMessage", QUEUE)
    identity = [("id", parse(doc(allow())))]
    assert not evaluate(request, identity, boundaries=[("b", parse(doc(allow("s3:*"))))]).allowed
    assert evaluate(request, identity, boundaries=[("b", parse(doc(allow("sqs:*"))))]).allowed
    decision = evaluate(request, identity, sessions=[("s", parse(doc(allow("s3:*"))))])
    assert (decision.allowed, decision.reason) == (False, "no_session")


def test_resource_policy_same_and_cross_account() -> None:
    grant_user = ("r", parse(doc(allow("sqs:*", Principal={"AWS": USER.arn})), "resource"))
    grant_account = ("r", parse(doc(allow("sqs:*", Principal={"AWS": ACCOUNT})), "resource"))
    same = Request(USER, "sqs:SendMessage", QUEUE, ACCOUNT)
    assert evaluate(same, [], grant_user).allowed  # names the user: enough on its own
    assert not evaluate(same, [], grant_account).allowed  # names the account: IAM must allow
    other = "arn:aws:sqs:us-east-1:222222222222:theirs"
    cross = Request(USER, "sqs:SendMessage", other, "222222222222")
    identity = [("id", parse(doc(allow())))]
    assert not evaluate(cross, identity).allowed  # no resource policy in the other account
    assert evaluate(cross, identity, grant_account).allowed
    assert not evaluate(cross, [], grant_account).allowed  # and the caller's own account must allow too


def test_role_session_matches_role_arn_in_resource_policies() -> None:
    role_arn = f"arn:aws:iam::{ACCOUNT}:role/app"
    session = Principal(ACCOUNT, f"arn:aws:sts::{ACCOUNT}:assumed-role/app/s1", (role_arn,))
    policy = ("r", parse(doc(allow("sqs:*", Principal={"AWS": role_arn})), "resource"))
    assert evaluate(Request(session, "sqs:SendMessage", QUEUE, ACCOUNT), [], policy).allowed


def test_not_principal_and_service_principals() -> None:
    everyone_but_bob = ("r", parse(doc(deny("sqs:*", NotPrincipal={"AWS": USER.arn})), "resource"))
    eve = Principal(ACCOUNT, f"arn:aws:iam::{ACCOUNT}:user/eve")
    identity = [("id", parse(doc(allow())))]
    assert evaluate(Request(USER, "sqs:SendMessage", QUEUE, ACCOUNT), identity, everyone_but_bob).allowed
    assert not evaluate(Request(eve, "sqs:SendMessage", QUEUE, ACCOUNT), identity, everyone_but_bob).allowed
    service = Principal(ACCOUNT, "s3.amazonaws.com", service="s3.amazonaws.com")
    from_s3 = ("r", parse(doc(allow("sqs:SendMessage", Principal={"Service": "s3.amazonaws.com"})), "resource"))
    assert evaluate(Request(service, "sqs:SendMessage", QUEUE, ACCOUNT), [], from_s3).allowed


# ---------------------------------------------------------------- properties

_actions = st.sampled_from(["sqs:SendMessage", "sqs:ReceiveMessage", "s3:GetObject", "dynamodb:GetItem", "lambda:InvokeFunction"])
_patterns = st.sampled_from(["*", "sqs:*", "s3:Get*", "dynamodb:GetItem", "lambda:*", "sqs:Send*", "iam:*"])
_statement = st.builds(lambda effect, action, resource: {"Effect": effect, "Action": action, "Resource": resource},
                       st.sampled_from(["Allow", "Deny"]), _patterns, st.sampled_from(["*", QUEUE, "arn:aws:s3:::b/*"]))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(_statement, min_size=1, max_size=4), min_size=1, max_size=3), _actions,
       st.sampled_from([QUEUE, "arn:aws:s3:::b/k"]))
def test_deny_always_wins(policies: list[list[dict[str, Any]]], action: str, resource: str) -> None:
    parsed = [(f"p{i}", parse(doc(*statements))) for i, statements in enumerate(policies)]
    decision = evaluate(Request(USER, action, resource), parsed)
    denies = any(s.effect == "Deny" and s.actions.matches(action.lower()) and s.resources.matches(resource)  # type: ignore[union-attr]
                 for _, p in parsed for s in p.statements)
    allows = any(s.effect == "Allow" and s.actions.matches(action.lower()) and s.resources.matches(resource)  # type: ignore[union-attr]
                 for _, p in parsed for s in p.statements)
    assert decision.allowed == (allows and not denies)
    if denies:
        assert decision.reason == "explicit_deny"
    # Adding a matching Deny anywhere never turns a decision into an allow, and always denies.
    extra = parsed + [("deny", parse(doc(deny(action, resource))))]
    assert not evaluate(Request(USER, action, resource), extra).allowed


@settings(max_examples=100, deadline=None)
@given(_actions, st.sampled_from([QUEUE, "arn:aws:s3:::b/k", "*"]), st.dictionaries(st.sampled_from(["aws:a", "aws:b"]), st.lists(st.text(max_size=3), max_size=2)))
def test_empty_set_always_denies(action: str, resource: str, context: dict[str, list[str]]) -> None:
    assert not evaluate(Request(USER, action, resource, context=context)).allowed
