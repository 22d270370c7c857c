"""Terraform's AWS provider builds Cognito on cumulo: a user pool with a client, a domain, a group and a
resource server, and an identity pool with authenticated and guest roles; the pieces work (a user signs
in, a guest gets credentials), `plan` shows no drift, and `destroy` removes it all. See test_terraform.py."""

from __future__ import annotations

from pathlib import Path

import pytest
from botocore.exceptions import ClientError

from cumulo.testing import CumuloServer

from .test_terraform import Stack, client, pytestmark  # noqa: F401 - pytestmark: the same skip


def test_cognito_applies_works_and_destroys(cumulo: CumuloServer, tmp_path: Path) -> None:
    idp, identity = client(cumulo, "cognito-idp"), client(cumulo, "cognito-identity")
    stack = Stack("cognito", tmp_path, cumulo.url)
    outputs = stack.apply()
    pool, client_id, identity_pool = outputs["user_pool_id"], outputs["client_id"], outputs["identity_pool_id"]
    described = idp.describe_user_pool(UserPoolId=pool)["UserPool"]
    assert described["Policies"]["PasswordPolicy"]["MinimumLength"] == 10 and described["Domain"] == "tf-users-login"
    assert "custom:tier" in {a["Name"] for a in described["SchemaAttributes"]}
    assert idp.get_group(UserPoolId=pool, GroupName="admins")["Group"]["Precedence"] == 1
    assert idp.describe_resource_server(UserPoolId=pool, Identifier="https://api.example.com")["ResourceServer"]["Scopes"][0]["ScopeName"] == "read"
    idp.admin_create_user(UserPoolId=pool, Username="tf@example.com", MessageAction="SUPPRESS")
    idp.admin_set_user_password(UserPoolId=pool, Username="tf@example.com", Password="Terraform-1pass", Permanent=True)
    signed_in = idp.initiate_auth(ClientId=client_id, AuthFlow="USER_PASSWORD_AUTH",
                                  AuthParameters={"USERNAME": "tf@example.com", "PASSWORD": "Terraform-1pass"})
    logins = {f"cognito-idp.us-east-1.amazonaws.com/{pool}": signed_in["AuthenticationResult"]["IdToken"]}
    identity_id = identity.get_id(IdentityPoolId=identity_pool, Logins=logins)["IdentityId"]
    creds = identity.get_credentials_for_identity(IdentityId=identity_id, Logins=logins)["Credentials"]
    assert creds["AccessKeyId"].startswith("ASIA")
    guest = identity.get_id(IdentityPoolId=identity_pool)["IdentityId"]
    assert identity.get_credentials_for_identity(IdentityId=guest)["Credentials"]["SessionToken"]
    stack.assert_no_drift()
    stack.destroy()
    with pytest.raises(ClientError):
        idp.describe_user_pool(UserPoolId=pool)
    with pytest.raises(ClientError):
        identity.describe_identity_pool(IdentityPoolId=identity_pool)
