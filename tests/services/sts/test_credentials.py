"""STS through boto3 and the AWS CLI: issued credentials act as their identity."""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys

import boto3
import jwt
import pytest
from botocore.exceptions import ClientError

from cumulo.testing import ClockControl, CumuloServer

ROLE = "arn:aws:iam::111122223333:role/path/deployer"


def client_for(creds: dict) -> boto3.client:  # type: ignore[valid-type]
    return boto3.client(
        "sts",
        aws_access_key_id=creds["AccessKeyId"],
        aws_secret_access_key=creds["SecretAccessKey"],
        aws_session_token=creds["SessionToken"],
    )


def test_caller_identity_of_the_default_account(cumulo: CumuloServer) -> None:
    identity = boto3.client("sts").get_caller_identity()
    assert (identity["Account"], identity["Arn"], identity["UserId"]) == ("000000000000", "arn:aws:iam::000000000000:root", "000000000000")


def test_twelve_digit_access_key_is_the_account(cumulo: CumuloServer) -> None:
    sts = boto3.client("sts", aws_access_key_id="123456789012", aws_secret_access_key="x")
    assert sts.get_caller_identity()["Account"] == "123456789012"


def test_assume_role_credentials_act_as_the_role(cumulo: CumuloServer) -> None:
    sts = boto3.client("sts")
    out = sts.assume_role(RoleArn=ROLE, RoleSessionName="ci-run", DurationSeconds=900)
    assert out["AssumedRoleUser"]["Arn"] == "arn:aws:sts::111122223333:assumed-role/deployer/ci-run"
    assert out["AssumedRoleUser"]["AssumedRoleId"].startswith("AROA") and out["AssumedRoleUser"]["AssumedRoleId"].endswith(":ci-run")
    creds = out["Credentials"]
    assert creds["AccessKeyId"].startswith("ASIA") and len(creds["AccessKeyId"]) == 20
    identity = client_for(creds).get_caller_identity()
    assert identity["Arn"] == out["AssumedRoleUser"]["Arn"]
    assert identity["Account"] == "111122223333"
    assert identity["UserId"] == out["AssumedRoleUser"]["AssumedRoleId"]


def test_assumed_credentials_expire_on_the_cumulo_clock(cumulo: CumuloServer, cumulo_clock: ClockControl) -> None:
    creds = boto3.client("sts").assume_role(RoleArn=ROLE, RoleSessionName="s1", DurationSeconds=900)["Credentials"]
    cumulo_clock.advance(901)
    with pytest.raises(ClientError) as e:
        client_for(creds).get_caller_identity()
    assert e.value.response["Error"]["Code"] == "ExpiredToken"


def test_role_chaining_is_limited_to_one_hour(cumulo: CumuloServer) -> None:
    creds = boto3.client("sts").assume_role(RoleArn=ROLE, RoleSessionName="first")["Credentials"]
    chained = client_for(creds)
    with pytest.raises(ClientError) as e:
        chained.assume_role(RoleArn=ROLE, RoleSessionName="second", DurationSeconds=7200)
    assert e.value.response["Error"]["Code"] == "ValidationError"
    assert "role chaining" in e.value.response["Error"]["Message"]
    assert chained.assume_role(RoleArn=ROLE, RoleSessionName="second")["AssumedRoleUser"]["Arn"].endswith("/deployer/second")


def test_assume_role_validation(cumulo: CumuloServer) -> None:
    sts = boto3.client("sts")
    with pytest.raises(ClientError) as e:
        sts.assume_role(RoleArn="arn:aws:iam::111122223333:user/bob", RoleSessionName="s1")
    assert e.value.response["Error"]["Code"] == "ValidationError"
    with pytest.raises(ClientError) as e:
        sts.assume_role(RoleArn=ROLE, RoleSessionName="has space")
    assert e.value.response["Error"]["Code"] == "ValidationError"
    assert "roleSessionName" in e.value.response["Error"]["Message"]
    with pytest.raises(ClientError) as e:
        sts.assume_role(RoleArn=ROLE, RoleSessionName="s1", Policy="{not json")
    assert e.value.response["Error"]["Code"] == "MalformedPolicyDocument"


def test_assume_role_policy_tags_and_source_identity(cumulo: CumuloServer) -> None:
    out = boto3.client("sts").assume_role(
        RoleArn=ROLE, RoleSessionName="s1", Policy=json.dumps({"Version": "2012-10-17", "Statement": []}),
        Tags=[{"Key": "team", "Value": "core"}], SourceIdentity="alice",
    )
    assert 0 < out["PackedPolicySize"] <= 100
    assert out["SourceIdentity"] == "alice"


def test_web_identity(cumulo: CumuloServer) -> None:
    token = jwt.encode({"sub": "user-42", "aud": "my-app", "iss": "https://accounts.example.com", "exp": 4102444800}, "a-test-signing-key-of-32-bytes!!", algorithm="HS256")
    unsigned = boto3.client("sts", config=__import__("botocore.config").config.Config(signature_version=__import__("botocore").UNSIGNED))
    out = unsigned.assume_role_with_web_identity(RoleArn=ROLE, RoleSessionName="web", WebIdentityToken=token)
    assert out["SubjectFromWebIdentityToken"] == "user-42"
    assert out["Audience"] == "my-app" and out["Provider"] == "accounts.example.com"
    assert client_for(out["Credentials"]).get_caller_identity()["Arn"].endswith("assumed-role/deployer/web")
    with pytest.raises(ClientError) as e:
        unsigned.assume_role_with_web_identity(RoleArn=ROLE, RoleSessionName="web", WebIdentityToken="not-a-jwt-token")
    assert e.value.response["Error"]["Code"] == "InvalidIdentityToken"


SAML = """<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion">
<saml:Issuer>https://idp.example.com/</saml:Issuer>
<saml:Assertion><saml:Issuer>https://idp.example.com/</saml:Issuer>
<saml:Subject><saml:NameID Format="urn:oasis:names:tc:SAML:2.0:nameid-format:persistent">jdoe</saml:NameID>
<saml:SubjectConfirmation><saml:SubjectConfirmationData Recipient="https://signin.aws.amazon.com/saml"/></saml:SubjectConfirmation></saml:Subject>
<saml:AttributeStatement><saml:Attribute Name="https://aws.amazon.com/SAML/Attributes/RoleSessionName"><saml:AttributeValue>jdoe@example.com</saml:AttributeValue></saml:Attribute></saml:AttributeStatement>
</saml:Assertion></samlp:Response>"""


def test_saml(cumulo: CumuloServer) -> None:
    out = boto3.client("sts").assume_role_with_saml(
        RoleArn=ROLE, PrincipalArn="arn:aws:iam::111122223333:saml-provider/corp", SAMLAssertion=base64.b64encode(SAML.encode()).decode()
    )
    assert (out["Subject"], out["SubjectType"], out["Issuer"]) == ("jdoe", "persistent", "https://idp.example.com/")
    assert out["AssumedRoleUser"]["Arn"] == "arn:aws:sts::111122223333:assumed-role/deployer/jdoe@example.com"
    assert out["NameQualifier"]
    with pytest.raises(ClientError) as e:
        boto3.client("sts").assume_role_with_saml(RoleArn=ROLE, PrincipalArn="arn:aws:iam::111122223333:saml-provider/corp", SAMLAssertion="bm90IHhtbA==" * 3)
    assert e.value.response["Error"]["Code"] == "InvalidIdentityToken"


def test_session_token_keeps_the_identity(cumulo: CumuloServer) -> None:
    sts = boto3.client("sts", aws_access_key_id="210987654321", aws_secret_access_key="x")
    creds = sts.get_session_token(DurationSeconds=900)["Credentials"]
    assert client_for(creds).get_caller_identity()["Arn"] == "arn:aws:iam::210987654321:root"
    with pytest.raises(ClientError) as e:
        client_for(creds).get_session_token()
    assert e.value.response["Error"]["Code"] == "AccessDenied"


def test_federation_token(cumulo: CumuloServer) -> None:
    out = boto3.client("sts").get_federation_token(Name="bob", DurationSeconds=900)
    assert out["FederatedUser"] == {"FederatedUserId": "000000000000:bob", "Arn": "arn:aws:sts::000000000000:federated-user/bob"}
    assert client_for(out["Credentials"]).get_caller_identity()["Arn"] == out["FederatedUser"]["Arn"]


def test_assume_root(cumulo: CumuloServer) -> None:
    out = boto3.client("sts").assume_root(TargetPrincipal="444455556666", TaskPolicyArn={"arn": "arn:aws:iam::aws:policy/root-task/S3UnlockBucketPolicy"})
    assert client_for(out["Credentials"]).get_caller_identity()["Arn"] == "arn:aws:iam::444455556666:root"


def test_access_key_info(cumulo: CumuloServer) -> None:
    sts = boto3.client("sts")
    creds = sts.assume_role(RoleArn=ROLE, RoleSessionName="s1")["Credentials"]
    assert sts.get_access_key_info(AccessKeyId=creds["AccessKeyId"])["Account"] == "111122223333"
    # AWS's own documented example key decodes to its account, as on AWS.
    assert sts.get_access_key_info(AccessKeyId="AKIAIOSFODNN7EXAMPLE")["Account"] == "581039954779"


def test_decode_authorization_message(cumulo: CumuloServer) -> None:
    from cumulo.services.sts.identity import encode_authorization_message

    doc = {"allowed": False, "context": {"action": "s3:GetObject"}}
    decoded = boto3.client("sts").decode_authorization_message(EncodedMessage=encode_authorization_message(doc))
    assert json.loads(decoded["DecodedMessage"]) == doc
    with pytest.raises(ClientError) as e:
        boto3.client("sts").decode_authorization_message(EncodedMessage="garbage")
    assert e.value.response["Error"]["Code"] == "InvalidAuthorizationMessageException"


def test_web_identity_token_is_a_signed_jwt(cumulo: CumuloServer) -> None:
    out = boto3.client("sts").get_web_identity_token(Audience=["https://api.example.com"], DurationSeconds=120, SigningAlgorithm="ES384")
    header = jwt.get_unverified_header(out["WebIdentityToken"])
    claims = jwt.decode(out["WebIdentityToken"], options={"verify_signature": False}, audience="https://api.example.com")
    assert header["alg"] == "ES384" and header["kid"]
    assert claims["sub"] == "arn:aws:iam::000000000000:root" and claims["exp"] - claims["iat"] == 120


def test_delegated_access_token_without_an_issuer(cumulo: CumuloServer) -> None:
    with pytest.raises(ClientError) as e:
        boto3.client("sts").get_delegated_access_token(TradeInToken="x" * 32)
    assert e.value.response["Error"]["Code"] == "ExpiredTradeInTokenException"


def test_aws_cli(cumulo: CumuloServer) -> None:
    env = {**os.environ, "AWS_ACCESS_KEY_ID": "123456789012"}
    out = subprocess.run(
        [sys.executable, "-m", "awscli", "--endpoint-url", cumulo.url, "sts", "get-caller-identity", "--output", "json"],
        capture_output=True, text=True, env=env, timeout=60,
    )
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["Account"] == "123456789012"
    out = subprocess.run(
        [sys.executable, "-m", "awscli", "--endpoint-url", cumulo.url, "sts", "assume-role", "--role-arn", ROLE, "--role-session-name", "cli"],
        capture_output=True, text=True, env=env, timeout=60,
    )
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["AssumedRoleUser"]["Arn"].endswith("assumed-role/deployer/cli")


def test_minimum_session_token_size(cumulo: CumuloServer) -> None:
    sts = boto3.client("sts")
    plain = sts.assume_role(RoleArn=ROLE, RoleSessionName="plain")
    assert "SessionTokenSize" not in plain
    sized = sts.assume_role(RoleArn=ROLE, RoleSessionName="sized", MinimumSessionTokenSize=2048)
    token = sized["Credentials"]["SessionToken"]
    assert len(token) >= 2048 and sized["SessionTokenSize"] == len(token)
    assert sized["SessionTokenUtilization"] == -(-len(token) * 100 // 4096)
    # The grown token still works.
    assert client_for(sized["Credentials"]).get_caller_identity()["Arn"].endswith(":assumed-role/deployer/sized")
    session = sts.get_session_token(MinimumSessionTokenSize=1000)
    assert session["SessionTokenSize"] == len(session["Credentials"]["SessionToken"]) >= 1000
