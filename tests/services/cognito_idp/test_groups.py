"""Groups with precedence and roles; their members and the groups in tokens."""

from __future__ import annotations

from typing import Any

import jwt
import pytest
from botocore.exceptions import ClientError


def test_groups_and_membership(idp: Any, pool: str, client: str, make_user: Any, login: Any) -> None:
    idp.create_group(UserPoolId=pool, GroupName="admins", Precedence=1, RoleArn="arn:aws:iam::000000000000:role/admin")
    idp.create_group(UserPoolId=pool, GroupName="staff", Precedence=5, Description="everyone")
    with pytest.raises(ClientError) as error:
        idp.create_group(UserPoolId=pool, GroupName="staff")
    assert error.value.response["Error"]["Code"] == "GroupExistsException"
    make_user("ann")
    for group in ("staff", "admins"):
        idp.admin_add_user_to_group(UserPoolId=pool, Username="ann", GroupName=group)
    assert {g["GroupName"] for g in idp.admin_list_groups_for_user(UserPoolId=pool, Username="ann")["Groups"]} == {"admins", "staff"}
    assert [u["Username"] for u in idp.list_users_in_group(UserPoolId=pool, GroupName="staff")["Users"]] == ["ann"]
    result = login(idp, client, "ann")["AuthenticationResult"]
    id_claims = jwt.decode(result["IdToken"], options={"verify_signature": False})
    assert id_claims["cognito:groups"] == ["admins", "staff"]
    assert id_claims["cognito:preferred_role"] == "arn:aws:iam::000000000000:role/admin"
    assert jwt.decode(result["AccessToken"], options={"verify_signature": False})["cognito:groups"] == ["admins", "staff"]
    idp.update_group(UserPoolId=pool, GroupName="staff", Precedence=0)
    assert idp.get_group(UserPoolId=pool, GroupName="staff")["Group"]["Precedence"] == 0
    idp.admin_remove_user_from_group(UserPoolId=pool, Username="ann", GroupName="admins")
    idp.delete_group(UserPoolId=pool, GroupName="staff")
    assert idp.admin_list_groups_for_user(UserPoolId=pool, Username="ann")["Groups"] == []
    assert [g["GroupName"] for g in idp.list_groups(UserPoolId=pool)["Groups"]] == ["admins"]
    with pytest.raises(ClientError) as error:
        idp.get_group(UserPoolId=pool, GroupName="staff")
    assert error.value.response["Error"]["Code"] == "ResourceNotFoundException"
