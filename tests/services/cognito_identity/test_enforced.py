"""With CUMULO_ENFORCE_IAM on, identity pool credentials carry their role's permissions, and the role's
trust policy (the cognito-identity.amazonaws.com principal, conditions on aud and amr) is checked."""

from __future__ import annotations

import json
from pathlib import Path

import boto3
import pytest
from botocore.exceptions import ClientError

from cumulo.testing.plugin import free_port, spawned_server


def test_guest_credentials_carry_the_role_permissions(tmp_path: Path) -> None:
    port = free_port()
    keys = {"endpoint_url": f"http://127.0.0.1:{port}", "region_name": "us-east-1", "aws_access_key_id": "test", "aws_secret_access_key": "test"}
    with spawned_server(port, env={"CUMULO_ENFORCE_IAM": "1"}):
        iam, identity, s3 = boto3.client("iam", **keys), boto3.client("cognito-identity", **keys), boto3.client("s3", **keys)
        s3.create_bucket(Bucket="public-assets")
        s3.put_object(Bucket="public-assets", Key="logo.png", Body=b"png")
        pool = identity.create_identity_pool(IdentityPoolName="enforced", AllowUnauthenticatedIdentities=True)["IdentityPoolId"]
        trust = {"Version": "2012-10-17", "Statement": [{
            "Effect": "Allow", "Principal": {"Federated": "cognito-identity.amazonaws.com"}, "Action": "sts:AssumeRoleWithWebIdentity",
            "Condition": {"StringEquals": {"cognito-identity.amazonaws.com:aud": pool},
                          "ForAnyValue:StringLike": {"cognito-identity.amazonaws.com:amr": "unauthenticated"}}}]}
        role = iam.create_role(RoleName="guest", AssumeRolePolicyDocument=json.dumps(trust))["Role"]["Arn"]
        iam.put_role_policy(RoleName="guest", PolicyName="read-assets", PolicyDocument=json.dumps({
            "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::public-assets/*"}]}))
        identity.set_identity_pool_roles(IdentityPoolId=pool, Roles={"unauthenticated": role})
        guest = identity.get_id(IdentityPoolId=pool)["IdentityId"]
        creds = identity.get_credentials_for_identity(IdentityId=guest)["Credentials"]
        as_guest = boto3.client("s3", endpoint_url=keys["endpoint_url"], region_name="us-east-1", aws_access_key_id=creds["AccessKeyId"],
                                aws_secret_access_key=creds["SecretKey"], aws_session_token=creds["SessionToken"])
        assert as_guest.get_object(Bucket="public-assets", Key="logo.png")["Body"].read() == b"png"
        with pytest.raises(ClientError) as error:
            as_guest.put_object(Bucket="public-assets", Key="x", Body=b"no")
        assert error.value.response["Error"]["Code"] == "AccessDenied"
        other = identity.create_identity_pool(IdentityPoolName="other", AllowUnauthenticatedIdentities=True)["IdentityPoolId"]
        identity.set_identity_pool_roles(IdentityPoolId=other, Roles={"unauthenticated": role})
        stranger = identity.get_id(IdentityPoolId=other)["IdentityId"]
        with pytest.raises(ClientError) as error:  # the trust policy names the first pool only
            identity.get_credentials_for_identity(IdentityId=stranger)
        assert error.value.response["Error"]["Code"] == "NotAuthorizedException"
