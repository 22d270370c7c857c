"""Identity pools through boto3: pools and roles, GetId for user pool logins and guests,
GetOpenIdToken, real STS credentials (used against S3), role mappings, developer identities."""

from __future__ import annotations

from typing import Any

import boto3
import jwt
import pytest
from botocore.exceptions import ClientError

from cumulo.testing import CumuloServer

AUTH_ROLE = "arn:aws:iam::000000000000:role/cognito-auth"
GUEST_ROLE = "arn:aws:iam::000000000000:role/cognito-guest"
ADMIN_ROLE = "arn:aws:iam::000000000000:role/cognito-admin"
PASSWORD = "Passw0rd!"


@pytest.fixture
def identity(cumulo: CumuloServer) -> Any:
    return boto3.client("cognito-identity", endpoint_url=cumulo.url, region_name="us-east-1")


@pytest.fixture
def user_pool(cumulo: CumuloServer) -> dict[str, str]:
    idp = boto3.client("cognito-idp", endpoint_url=cumulo.url, region_name="us-east-1")
    pool = idp.create_user_pool(PoolName="u")["UserPool"]["Id"]
    client = idp.create_user_pool_client(UserPoolId=pool, ClientName="c", ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH"])["UserPoolClient"]["ClientId"]
    idp.create_group(UserPoolId=pool, GroupName="admins", RoleArn=ADMIN_ROLE, Precedence=1)
    for name in ("ann", "bob"):
        idp.admin_create_user(UserPoolId=pool, Username=name, MessageAction="SUPPRESS",
                              UserAttributes=[{"Name": "email", "Value": f"{name}@example.com"}])
        idp.admin_set_user_password(UserPoolId=pool, Username=name, Password=PASSWORD, Permanent=True)
    idp.admin_add_user_to_group(UserPoolId=pool, Username="ann", GroupName="admins")
    tokens = {name: idp.initiate_auth(ClientId=client, AuthFlow="USER_PASSWORD_AUTH", AuthParameters={"USERNAME": name, "PASSWORD": PASSWORD})
              ["AuthenticationResult"]["IdToken"] for name in ("ann", "bob")}
    return {"pool": pool, "client": client, "provider": f"cognito-idp.us-east-1.amazonaws.com/{pool}", **tokens}


@pytest.fixture
def identity_pool(identity: Any, user_pool: dict[str, str]) -> str:
    pool = identity.create_identity_pool(IdentityPoolName="ip", AllowUnauthenticatedIdentities=True, DeveloperProviderName="login.myapp",
                                         CognitoIdentityProviders=[{"ProviderName": user_pool["provider"], "ClientId": user_pool["client"]}])
    identity.set_identity_pool_roles(IdentityPoolId=pool["IdentityPoolId"], Roles={"authenticated": AUTH_ROLE, "unauthenticated": GUEST_ROLE})
    return str(pool["IdentityPoolId"])


def _whoami(cumulo: CumuloServer, creds: dict[str, Any]) -> str:
    sts = boto3.client("sts", endpoint_url=cumulo.url, region_name="us-east-1", aws_access_key_id=creds["AccessKeyId"],
                       aws_secret_access_key=creds["SecretKey"], aws_session_token=creds["SessionToken"])
    return str(sts.get_caller_identity()["Arn"])


def test_pool_crud_and_tags(identity: Any) -> None:
    pool = identity.create_identity_pool(IdentityPoolName="p", AllowUnauthenticatedIdentities=False, IdentityPoolTags={"a": "1"})
    assert identity.describe_identity_pool(IdentityPoolId=pool["IdentityPoolId"])["IdentityPoolTags"] == {"a": "1"}
    identity.update_identity_pool(IdentityPoolId=pool["IdentityPoolId"], IdentityPoolName="p2", AllowUnauthenticatedIdentities=True)
    assert identity.list_identity_pools(MaxResults=10)["IdentityPools"][0]["IdentityPoolName"] == "p2"
    arn = f"arn:aws:cognito-identity:us-east-1:000000000000:identitypool/{pool['IdentityPoolId']}"
    identity.tag_resource(ResourceArn=arn, Tags={"b": "2"})
    identity.untag_resource(ResourceArn=arn, TagKeys=["a"])
    assert identity.list_tags_for_resource(ResourceArn=arn)["Tags"] == {"b": "2"}
    identity.delete_identity_pool(IdentityPoolId=pool["IdentityPoolId"])
    with pytest.raises(ClientError) as error:
        identity.describe_identity_pool(IdentityPoolId=pool["IdentityPoolId"])
    assert error.value.response["Error"]["Code"] == "ResourceNotFoundException"


def test_guest_credentials_work_against_s3(cumulo: CumuloServer, identity: Any, identity_pool: str) -> None:
    guest = identity.get_id(IdentityPoolId=identity_pool)["IdentityId"]
    creds = identity.get_credentials_for_identity(IdentityId=guest)["Credentials"]
    assert _whoami(cumulo, creds).startswith("arn:aws:sts::000000000000:assumed-role/cognito-guest/")
    s3 = boto3.client("s3", endpoint_url=cumulo.url, region_name="us-east-1", aws_access_key_id=creds["AccessKeyId"],
                      aws_secret_access_key=creds["SecretKey"], aws_session_token=creds["SessionToken"])
    s3.create_bucket(Bucket="guest-bucket")
    s3.put_object(Bucket="guest-bucket", Key="k", Body=b"hello")
    assert s3.get_object(Bucket="guest-bucket", Key="k")["Body"].read() == b"hello"


def test_user_pool_login(cumulo: CumuloServer, identity: Any, identity_pool: str, user_pool: dict[str, str]) -> None:
    logins = {user_pool["provider"]: user_pool["bob"]}
    first = identity.get_id(IdentityPoolId=identity_pool, Logins=logins)["IdentityId"]
    assert identity.get_id(IdentityPoolId=identity_pool, Logins=logins)["IdentityId"] == first
    token = identity.get_open_id_token(IdentityId=first, Logins=logins)["Token"]
    keys = jwt.PyJWKClient(f"{cumulo.url}/_cumulo/cognito-identity/jwks")
    claims = jwt.decode(token, keys.get_signing_key_from_jwt(token).key, algorithms=["RS512"], audience=identity_pool)
    assert claims["sub"] == first and claims["aud"] == identity_pool and claims["amr"][0] == "authenticated"
    creds = identity.get_credentials_for_identity(IdentityId=first, Logins=logins)["Credentials"]
    assert "assumed-role/cognito-auth/" in _whoami(cumulo, creds)
    assert identity.describe_identity(IdentityId=first)["Logins"] == [user_pool["provider"]]
    with pytest.raises(ClientError) as error:  # an authenticated identity needs its login
        identity.get_credentials_for_identity(IdentityId=first)
    assert error.value.response["Error"]["Code"] == "NotAuthorizedException"
    with pytest.raises(ClientError) as error:
        identity.get_id(IdentityPoolId=identity_pool, Logins={user_pool["provider"]: user_pool["bob"][:-4] + "AAAA"})
    assert error.value.response["Error"]["Code"] == "NotAuthorizedException"


def test_role_mappings(cumulo: CumuloServer, identity: Any, identity_pool: str, user_pool: dict[str, str]) -> None:
    key = f"{user_pool['provider']}:{user_pool['client']}"
    identity.set_identity_pool_roles(IdentityPoolId=identity_pool, Roles={"authenticated": AUTH_ROLE},
                                     RoleMappings={key: {"Type": "Token", "AmbiguousRoleResolution": "AuthenticatedRole"}})
    logins = {user_pool["provider"]: user_pool["ann"]}
    ann = identity.get_id(IdentityPoolId=identity_pool, Logins=logins)["IdentityId"]
    creds = identity.get_credentials_for_identity(IdentityId=ann, Logins=logins)["Credentials"]
    assert "assumed-role/cognito-admin/" in _whoami(cumulo, creds)
    identity.set_identity_pool_roles(IdentityPoolId=identity_pool, Roles={"authenticated": AUTH_ROLE}, RoleMappings={key: {
        "Type": "Rules", "AmbiguousRoleResolution": "Deny", "RulesConfiguration": {"Rules": [
            {"Claim": "email", "MatchType": "Equals", "Value": "bob@example.com", "RoleARN": ADMIN_ROLE}]}}})
    bob_logins = {user_pool["provider"]: user_pool["bob"]}
    bob = identity.get_id(IdentityPoolId=identity_pool, Logins=bob_logins)["IdentityId"]
    assert "cognito-admin" in _whoami(cumulo, identity.get_credentials_for_identity(IdentityId=bob, Logins=bob_logins)["Credentials"])
    with pytest.raises(ClientError) as error:  # ann matches no rule: denied
        identity.get_credentials_for_identity(IdentityId=ann, Logins=logins)
    assert error.value.response["Error"]["Code"] == "NotAuthorizedException"
    assert identity.get_identity_pool_roles(IdentityPoolId=identity_pool)["RoleMappings"][key]["Type"] == "Rules"


def test_unauthenticated_refused_when_not_allowed(identity: Any) -> None:
    pool = identity.create_identity_pool(IdentityPoolName="closed", AllowUnauthenticatedIdentities=False)["IdentityPoolId"]
    with pytest.raises(ClientError) as error:
        identity.get_id(IdentityPoolId=pool)
    assert error.value.response["Error"]["Message"] == "Unauthenticated access is not supported for this identity pool."


def test_developer_identities(cumulo: CumuloServer, identity: Any, identity_pool: str) -> None:
    first = identity.get_open_id_token_for_developer_identity(IdentityPoolId=identity_pool, Logins={"login.myapp": "user-1"})
    again = identity.get_open_id_token_for_developer_identity(IdentityPoolId=identity_pool, Logins={"login.myapp": "user-1"})
    assert first["IdentityId"] == again["IdentityId"]
    found = identity.lookup_developer_identity(IdentityPoolId=identity_pool, DeveloperUserIdentifier="user-1")
    assert found["IdentityId"] == first["IdentityId"] and found["DeveloperUserIdentifierList"] == ["user-1"]
    second = identity.get_open_id_token_for_developer_identity(IdentityPoolId=identity_pool, Logins={"login.myapp": "user-2"})
    merged = identity.merge_developer_identities(SourceUserIdentifier="user-2", DestinationUserIdentifier="user-1",
                                                 DeveloperProviderName="login.myapp", IdentityPoolId=identity_pool)
    assert merged["IdentityId"] == first["IdentityId"]
    with pytest.raises(ClientError):
        identity.describe_identity(IdentityId=second["IdentityId"])
    identity.unlink_developer_identity(IdentityId=first["IdentityId"], IdentityPoolId=identity_pool,
                                       DeveloperProviderName="login.myapp", DeveloperUserIdentifier="user-1")
    with pytest.raises(ClientError):
        identity.lookup_developer_identity(IdentityPoolId=identity_pool, DeveloperUserIdentifier="user-1")


def test_list_and_delete_identities(identity: Any, identity_pool: str) -> None:
    ids = [identity.get_id(IdentityPoolId=identity_pool)["IdentityId"] for _ in range(3)]
    listed = identity.list_identities(IdentityPoolId=identity_pool, MaxResults=2)
    rest = identity.list_identities(IdentityPoolId=identity_pool, MaxResults=2, NextToken=listed["NextToken"])
    assert {i["IdentityId"] for i in listed["Identities"] + rest["Identities"]} == set(ids)
    out = identity.delete_identities(IdentityIdsToDelete=[ids[0], "us-east-1:00000000-0000-0000-0000-000000000000"])
    assert len(out["UnprocessedIdentityIds"]) == 1
    assert len(identity.list_identities(IdentityPoolId=identity_pool, MaxResults=10)["Identities"]) == 2


def test_principal_tag_map(identity: Any, identity_pool: str, user_pool: dict[str, str]) -> None:
    identity.set_principal_tag_attribute_map(IdentityPoolId=identity_pool, IdentityProviderName=user_pool["provider"],
                                             UseDefaults=False, PrincipalTags={"team": "custom:team"})
    got = identity.get_principal_tag_attribute_map(IdentityPoolId=identity_pool, IdentityProviderName=user_pool["provider"])
    assert got["PrincipalTags"] == {"team": "custom:team"} and got["UseDefaults"] is False
