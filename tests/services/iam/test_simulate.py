"""The policy simulator through boto3: decisions, matched statements, missing context,
boundaries and resource policies, answered by the policy engine."""

from __future__ import annotations

import json
from typing import Any

from tests.services.iam.conftest import TRUST

ALLOW_SQS = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Sid": "Send", "Effect": "Allow", "Action": "sqs:Send*", "Resource": "arn:aws:sqs:*:000000000000:orders-*",
     "Condition": {"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}},
    {"Sid": "NoDelete", "Effect": "Deny", "Action": "sqs:DeleteQueue", "Resource": "*"}]}, indent=2)


def results(out: dict[str, Any]) -> list[tuple[str, str, str]]:
    return [(r["EvalActionName"], r["EvalResourceName"], r["EvalDecision"]) for r in out["EvaluationResults"]]


def test_simulate_custom_policy(iam: Any) -> None:
    out = iam.simulate_custom_policy(
        PolicyInputList=[ALLOW_SQS], ActionNames=["sqs:SendMessage", "sqs:DeleteQueue", "sqs:ReceiveMessage"],
        ResourceArns=["arn:aws:sqs:us-east-1:000000000000:orders-1"],
        ContextEntries=[{"ContextKeyName": "aws:SourceIp", "ContextKeyValues": ["10.1.2.3"], "ContextKeyType": "ip"}])
    queue = "arn:aws:sqs:us-east-1:000000000000:orders-1"
    assert results(out) == [("sqs:SendMessage", queue, "allowed"), ("sqs:DeleteQueue", queue, "explicitDeny"),
                            ("sqs:ReceiveMessage", queue, "implicitDeny")]
    matched = out["EvaluationResults"][0]["MatchedStatements"][0]
    assert matched["SourcePolicyId"] == "PolicyInputList.1" and matched["StartPosition"] == {"Line": 4, "Column": 5}
    no_ip = iam.simulate_custom_policy(PolicyInputList=[ALLOW_SQS], ActionNames=["sqs:SendMessage"], ResourceArns=[queue])
    assert no_ip["EvaluationResults"][0]["EvalDecision"] == "implicitDeny"
    assert no_ip["EvaluationResults"][0]["MissingContextValues"] == ["aws:sourceip"]


def test_simulate_principal_policy_with_groups_and_boundary(iam: Any) -> None:
    iam.create_user(UserName="u")
    iam.create_group(GroupName="g")
    iam.add_user_to_group(GroupName="g", UserName="u")
    iam.put_group_policy(GroupName="g", PolicyName="sqs", PolicyDocument=ALLOW_SQS)
    iam.attach_user_policy(UserName="u", PolicyArn="arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess")
    user_arn = "arn:aws:iam::000000000000:user/u"
    out = iam.simulate_principal_policy(PolicySourceArn=user_arn, ActionNames=["s3:GetObject", "s3:PutObject"])
    assert [r["EvalDecision"] for r in out["EvaluationResults"]] == ["allowed", "implicitDeny"]
    assert out["EvaluationResults"][0]["MatchedStatements"][0]["SourcePolicyType"] == "aws-managed"
    boundary = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sqs:*", "Resource": "*"}]})
    bounded = iam.simulate_principal_policy(PolicySourceArn=user_arn, ActionNames=["s3:GetObject"], PermissionsBoundaryPolicyInputList=[boundary])
    result = bounded["EvaluationResults"][0]
    assert result["EvalDecision"] == "implicitDeny" and result["PermissionsBoundaryDecisionDetail"] == {"AllowedByPermissionsBoundary": False}


def test_simulate_with_resource_policy_across_accounts(iam: Any) -> None:
    iam.create_role(RoleName="r", AssumeRolePolicyDocument=TRUST)
    bucket = "arn:aws:s3:::shared/*"
    resource_policy = json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::000000000000:root"}, "Action": "s3:GetObject", "Resource": bucket}]})
    identity = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]})
    out = iam.simulate_custom_policy(PolicyInputList=[identity], ActionNames=["s3:GetObject"], ResourceArns=["arn:aws:s3:::shared/k"],
                                     ResourcePolicy=resource_policy, ResourceOwner="arn:aws:iam::111111111111:root",
                                     CallerArn="arn:aws:iam::000000000000:role/r")
    result = out["EvaluationResults"][0]
    assert result["EvalDecision"] == "allowed"
    assert result["EvalDecisionDetails"] == {"IAM Policy": "allowed", "Resource Policy": "allowed"}


def test_context_keys(iam: Any) -> None:
    assert iam.get_context_keys_for_custom_policy(PolicyInputList=[ALLOW_SQS])["ContextKeyNames"] == ["aws:SourceIp"]
    iam.create_user(UserName="u")
    iam.put_user_policy(UserName="u", PolicyName="p", PolicyDocument=ALLOW_SQS)
    keys = iam.get_context_keys_for_principal_policy(PolicySourceArn="arn:aws:iam::000000000000:user/u")["ContextKeyNames"]
    assert keys == ["aws:SourceIp"]
