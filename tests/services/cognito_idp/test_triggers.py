"""Lambda triggers run as real Python functions through cumulo's Lambda: pre sign-up, post
confirmation, pre/post authentication, pre token generation (v1 and v2), custom message,
user migration and the define/create/verify challenges of CUSTOM_AUTH."""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

import boto3
import httpx
import jwt
import pytest
from botocore.exceptions import ClientError

from cumulo.testing import CumuloServer

from .conftest import PASSWORD

TRIGGERS = '''
def handler(event, context):
    source, request, response = event["triggerSource"], event["request"], event["response"]
    if source == "PreSignUp_SignUp":
        if request["userAttributes"].get("email", "").endswith("@blocked.example"):
            raise Exception("blocked domain")
        response.update(autoConfirmUser=True, autoVerifyEmail=True)
    elif source == "TokenGeneration_ClientCredentials":
        response["claimsAndScopeOverrideDetails"] = {"accessTokenGeneration": {"claimsToAddOrOverride": {"machine": "yes"}}}
    elif source.startswith("TokenGeneration_"):
        if event["version"] == "2":
            response["claimsAndScopeOverrideDetails"] = {
                "idTokenGeneration": {"claimsToAddOrOverride": {"tenant": "acme"}},
                "accessTokenGeneration": {"claimsToAddOrOverride": {"tenant": "acme"}, "scopesToAdd": ["orders/read"]}}
        else:
            response["claimsOverrideDetails"] = {"claimsToAddOrOverride": {"tenant": "acme"}, "claimsToSuppress": ["email"],
                                                 "groupOverrideDetails": {"groupsToOverride": ["vip"]}}
    elif source == "UserMigration_Authentication":
        if request["password"] != "Legacy-passw0rd":
            raise Exception("bad legacy password")
        response.update(userAttributes={"email": event["userName"] + "@old.example", "email_verified": "true"},
                        finalUserStatus="CONFIRMED", messageAction="SUPPRESS")
    elif source == "DefineAuthChallenge_Authentication":
        session = request["session"]
        if session and session[-1]["challengeResult"]:
            response.update(issueTokens=True, failAuthentication=False)
        elif len(session) >= 2:
            response.update(issueTokens=False, failAuthentication=True)
        else:
            response.update(challengeName="CUSTOM_CHALLENGE", issueTokens=False, failAuthentication=False)
    elif source == "CreateAuthChallenge_Authentication":
        response.update(publicChallengeParameters={"question": "2+2?"}, privateChallengeParameters={"answer": "4"},
                        challengeMetadata="MATH")
    elif source == "VerifyAuthChallengeResponse_Authentication":
        response["answerCorrect"] = request["challengeAnswer"] == request["privateChallengeParameters"]["answer"]
    elif source == "PreAuthentication_Authentication":
        if event["userName"] == "blocked":
            raise Exception("no entry")
    elif source.startswith("CustomMessage_"):
        response.update(emailSubject="Welcome", emailMessage="Your code is " + request["codeParameter"])
    return event
'''


def _zip(source: str) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        archive.writestr("app.py", source)
    return buf.getvalue()


@pytest.fixture
def function_arn(cumulo: CumuloServer) -> str:
    lam = boto3.client("lambda", endpoint_url=cumulo.url, region_name="us-east-1")
    return lam.create_function(FunctionName="cognito-triggers", Runtime="python3.12", Role="arn:aws:iam::000000000000:role/r",
                               Handler="app.handler", Code={"ZipFile": _zip(TRIGGERS)}, Timeout=10)["FunctionArn"]


def _pool(idp: Any, arn: str, token_version: str = "V1_0") -> tuple[str, str]:
    config = {name: arn for name in ("PreSignUp", "PostConfirmation", "PreAuthentication", "PostAuthentication", "CustomMessage",
                                     "UserMigration", "DefineAuthChallenge", "CreateAuthChallenge", "VerifyAuthChallengeResponse")}
    config["PreTokenGenerationConfig"] = {"LambdaVersion": token_version, "LambdaArn": arn}
    pool = idp.create_user_pool(PoolName="t", LambdaConfig=config, AutoVerifiedAttributes=["email"])["UserPool"]["Id"]
    idp.create_resource_server(UserPoolId=pool, Identifier="orders", Name="o", Scopes=[{"ScopeName": "read", "ScopeDescription": "r"}])
    idp.create_group(UserPoolId=pool, GroupName="vip")
    client = idp.create_user_pool_client(UserPoolId=pool, ClientName="c", ExplicitAuthFlows=[
        "ALLOW_USER_PASSWORD_AUTH", "ALLOW_CUSTOM_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"])["UserPoolClient"]["ClientId"]
    return pool, client


def _sources(cumulo: CumuloServer) -> list[str]:
    rows = httpx.get(f"{cumulo.url}/_cumulo/lambda/invocations", params={"functionName": "cognito-triggers"}).json()["invocations"]
    return [json.loads(r["payload"])["triggerSource"] for r in rows]


def test_sign_up_triggers(cumulo: CumuloServer, idp: Any, function_arn: str) -> None:
    pool, client = _pool(idp, function_arn)
    out = idp.sign_up(ClientId=client, Username="ana", Password=PASSWORD, UserAttributes=[{"Name": "email", "Value": "ana@example.com"}])
    assert out["UserConfirmed"] is True
    attrs = {a["Name"]: a["Value"] for a in idp.admin_get_user(UserPoolId=pool, Username="ana")["UserAttributes"]}
    assert attrs["email_verified"] == "true"
    with pytest.raises(ClientError) as error:
        idp.sign_up(ClientId=client, Username="bad", Password=PASSWORD, UserAttributes=[{"Name": "email", "Value": "x@blocked.example"}])
    assert error.value.response["Error"]["Code"] == "UserLambdaValidationException"
    assert error.value.response["Error"]["Message"] == "PreSignUp failed with error blocked domain."
    idp.admin_add_user_to_group(UserPoolId=pool, Username="ana", GroupName="vip")
    tokens = idp.initiate_auth(ClientId=client, AuthFlow="USER_PASSWORD_AUTH",
                               AuthParameters={"USERNAME": "ana", "PASSWORD": PASSWORD})["AuthenticationResult"]
    claims = jwt.decode(tokens["IdToken"], options={"verify_signature": False})
    assert claims["tenant"] == "acme" and "email" not in claims and claims["cognito:groups"] == ["vip"]
    sources = _sources(cumulo)
    assert sources[:2] == ["PreSignUp_SignUp", "PreSignUp_SignUp"]
    assert sources[-3:] == ["PreAuthentication_Authentication", "TokenGeneration_Authentication", "PostAuthentication_Authentication"]
    idp.forgot_password(ClientId=client, Username="ana")
    assert _sources(cumulo)[-1] == "CustomMessage_ForgotPassword"
    code = httpx.get(f"{cumulo.url}/_cumulo/cognito/codes", params={"username": "ana", "type": "forgot"}).json()["codes"][-1]["code"]
    idp.confirm_forgot_password(ClientId=client, Username="ana", ConfirmationCode=code, Password="An0ther-passw0rd")
    assert _sources(cumulo)[-1] == "PostConfirmation_ConfirmForgotPassword"


SENDER = '''
import base64, json, boto3, os
def handler(event, context):
    kms = boto3.client("kms", endpoint_url=os.environ.get("AWS_ENDPOINT_URL"))
    code = kms.decrypt(CiphertextBlob=base64.b64decode(event["request"]["code"]))["Plaintext"].decode()
    print("SENT", json.dumps({"source": event["triggerSource"], "code": code}))
    return {}
'''


def test_custom_email_sender_gets_the_code_encrypted(cumulo: CumuloServer, idp: Any) -> None:
    kms = boto3.client("kms", endpoint_url=cumulo.url, region_name="us-east-1")
    key = kms.create_key()["KeyMetadata"]["Arn"]
    lam = boto3.client("lambda", endpoint_url=cumulo.url, region_name="us-east-1")
    arn = lam.create_function(FunctionName="sender", Runtime="python3.12", Role="arn:aws:iam::000000000000:role/r",
                              Handler="app.handler", Code={"ZipFile": _zip(SENDER)}, Timeout=10)["FunctionArn"]
    pool = idp.create_user_pool(PoolName="s", AutoVerifiedAttributes=["email"], LambdaConfig={
        "KMSKeyID": key, "CustomEmailSender": {"LambdaVersion": "V1_0", "LambdaArn": arn}})["UserPool"]["Id"]
    client = idp.create_user_pool_client(UserPoolId=pool, ClientName="c")["UserPoolClient"]["ClientId"]
    idp.sign_up(ClientId=client, Username="sam", Password=PASSWORD, UserAttributes=[{"Name": "email", "Value": "sam@example.com"}])
    rows = httpx.get(f"{cumulo.url}/_cumulo/lambda/invocations", params={"functionName": "sender"}).json()["invocations"]
    event = json.loads(rows[-1]["payload"])
    assert event["triggerSource"] == "CustomEmailSender_SignUp" and event["request"]["type"] == "customEmailSenderRequestV1"
    sent = httpx.get(f"{cumulo.url}/_cumulo/cognito/codes", params={"username": "sam", "type": "signup"}).json()["codes"][-1]["code"]
    plain = kms.decrypt(CiphertextBlob=__import__("base64").b64decode(event["request"]["code"]))["Plaintext"].decode()
    assert plain == sent


def test_pre_authentication_can_refuse(idp: Any, function_arn: str) -> None:
    pool, client = _pool(idp, function_arn)
    idp.admin_create_user(UserPoolId=pool, Username="blocked", MessageAction="SUPPRESS")
    idp.admin_set_user_password(UserPoolId=pool, Username="blocked", Password=PASSWORD, Permanent=True)
    with pytest.raises(ClientError) as error:
        idp.initiate_auth(ClientId=client, AuthFlow="USER_PASSWORD_AUTH", AuthParameters={"USERNAME": "blocked", "PASSWORD": PASSWORD})
    assert error.value.response["Error"]["Message"] == "PreAuthentication failed with error no entry."


def test_token_generation_v2_adds_scopes(idp: Any, function_arn: str) -> None:
    pool, client = _pool(idp, function_arn, "V2_0")
    idp.admin_create_user(UserPoolId=pool, Username="cy", MessageAction="SUPPRESS")
    idp.admin_set_user_password(UserPoolId=pool, Username="cy", Password=PASSWORD, Permanent=True)
    tokens = idp.initiate_auth(ClientId=client, AuthFlow="USER_PASSWORD_AUTH",
                               AuthParameters={"USERNAME": "cy", "PASSWORD": PASSWORD})["AuthenticationResult"]
    access = jwt.decode(tokens["AccessToken"], options={"verify_signature": False})
    assert access["tenant"] == "acme" and "orders/read" in access["scope"].split()


def test_user_migration(cumulo: CumuloServer, idp: Any, function_arn: str) -> None:
    pool, client = _pool(idp, function_arn)
    with pytest.raises(ClientError):
        idp.initiate_auth(ClientId=client, AuthFlow="USER_PASSWORD_AUTH", AuthParameters={"USERNAME": "old", "PASSWORD": "nope"})
    out = idp.initiate_auth(ClientId=client, AuthFlow="USER_PASSWORD_AUTH", AuthParameters={"USERNAME": "old", "PASSWORD": "Legacy-passw0rd"})
    assert out["AuthenticationResult"]["IdToken"]
    user = idp.admin_get_user(UserPoolId=pool, Username="old")
    assert user["UserStatus"] == "CONFIRMED" and {"Name": "email", "Value": "old@old.example"} in user["UserAttributes"]


def test_custom_auth_challenges(idp: Any, function_arn: str) -> None:
    pool, client = _pool(idp, function_arn)
    idp.admin_create_user(UserPoolId=pool, Username="dee", MessageAction="SUPPRESS")
    first = idp.initiate_auth(ClientId=client, AuthFlow="CUSTOM_AUTH", AuthParameters={"USERNAME": "dee"})
    assert first["ChallengeName"] == "CUSTOM_CHALLENGE" and first["ChallengeParameters"]["question"] == "2+2?"
    wrong = idp.respond_to_auth_challenge(ClientId=client, ChallengeName="CUSTOM_CHALLENGE", Session=first["Session"],
                                          ChallengeResponses={"USERNAME": "dee", "ANSWER": "5"})
    assert wrong["ChallengeName"] == "CUSTOM_CHALLENGE"
    with pytest.raises(ClientError) as error:
        idp.respond_to_auth_challenge(ClientId=client, ChallengeName="CUSTOM_CHALLENGE", Session=wrong["Session"],
                                      ChallengeResponses={"USERNAME": "dee", "ANSWER": "6"})
    assert error.value.response["Error"]["Code"] == "NotAuthorizedException"
    again = idp.initiate_auth(ClientId=client, AuthFlow="CUSTOM_AUTH", AuthParameters={"USERNAME": "dee"})
    done = idp.respond_to_auth_challenge(ClientId=client, ChallengeName="CUSTOM_CHALLENGE", Session=again["Session"],
                                         ChallengeResponses={"USERNAME": "dee", "ANSWER": "4"})
    assert done["AuthenticationResult"]["AccessToken"]


def test_token_generation_v3_shapes_machine_tokens(cumulo: CumuloServer, idp: Any, function_arn: str) -> None:
    pool, _ = _pool(idp, function_arn, "V3_0")
    made = idp.create_user_pool_client(UserPoolId=pool, ClientName="m2m", GenerateSecret=True, AllowedOAuthFlows=["client_credentials"],
                                       AllowedOAuthScopes=["orders/read"], AllowedOAuthFlowsUserPoolClient=True)["UserPoolClient"]
    out = httpx.post(f"{cumulo.url}/oauth2/token", data={"grant_type": "client_credentials"}, auth=(made["ClientId"], made["ClientSecret"])).json()
    claims = jwt.decode(out["access_token"], options={"verify_signature": False})
    assert claims["machine"] == "yes" and claims["scope"] == "orders/read"
    assert _sources(cumulo)[-1] == "TokenGeneration_ClientCredentials"
