"""IAM users and groups through boto3: ids, ARNs, paths, renames, tags, membership, paging, conflicts."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError


def code(e: pytest.ExceptionInfo[ClientError]) -> str:
    return e.value.response["Error"]["Code"]


def test_create_get_list_user(iam: Any) -> None:
    user = iam.create_user(UserName="alice", Path="/team/", Tags=[{"Key": "k", "Value": "v"}])["User"]
    assert user["Arn"] == "arn:aws:iam::000000000000:user/team/alice"
    assert user["UserId"].startswith("AIDA") and len(user["UserId"]) == 21
    got = iam.get_user(UserName="alice")["User"]
    assert got["UserId"] == user["UserId"] and got["Tags"] == [{"Key": "k", "Value": "v"}]
    assert [u["UserName"] for u in iam.list_users(PathPrefix="/team/")["Users"]] == ["alice"]
    assert iam.list_users(PathPrefix="/other/")["Users"] == []


def test_duplicate_and_missing_user(iam: Any) -> None:
    iam.create_user(UserName="bob")
    with pytest.raises(ClientError) as e:
        iam.create_user(UserName="BOB")
    assert code(e) == "EntityAlreadyExists" and e.value.response["ResponseMetadata"]["HTTPStatusCode"] == 409
    with pytest.raises(ClientError) as e:
        iam.get_user(UserName="nobody")
    assert code(e) == "NoSuchEntity"
    assert e.value.response["Error"]["Message"] == "The user with name nobody cannot be found."


def test_get_user_without_name_is_the_caller(iam: Any) -> None:
    assert iam.get_user()["User"]["Arn"] == "arn:aws:iam::000000000000:root"


def test_paging_with_marker(iam: Any) -> None:
    for i in range(7):
        iam.create_user(UserName=f"u{i}")
    first = iam.list_users(MaxItems=3)
    assert first["IsTruncated"] and [u["UserName"] for u in first["Users"]] == ["u0", "u1", "u2"]
    second = iam.list_users(MaxItems=3, Marker=first["Marker"])
    assert [u["UserName"] for u in second["Users"]] == ["u3", "u4", "u5"]
    names = [u["UserName"] for page in iam.get_paginator("list_users").paginate(PaginationConfig={"PageSize": 2}) for u in page["Users"]]
    assert names == [f"u{i}" for i in range(7)]


def test_rename_user_keeps_groups(iam: Any) -> None:
    iam.create_user(UserName="carol")
    iam.create_group(GroupName="devs")
    iam.add_user_to_group(GroupName="devs", UserName="carol")
    iam.update_user(UserName="carol", NewUserName="caroline", NewPath="/x/")
    assert iam.get_user(UserName="caroline")["User"]["Path"] == "/x/"
    assert [u["UserName"] for u in iam.get_group(GroupName="devs")["Users"]] == ["caroline"]
    assert [g["GroupName"] for g in iam.list_groups_for_user(UserName="caroline")["Groups"]] == ["devs"]


def test_delete_user_conflicts_until_cleaned(iam: Any) -> None:
    iam.create_user(UserName="dave")
    iam.create_access_key(UserName="dave")
    with pytest.raises(ClientError) as e:
        iam.delete_user(UserName="dave")
    assert code(e) == "DeleteConflict"
    key = iam.list_access_keys(UserName="dave")["AccessKeyMetadata"][0]["AccessKeyId"]
    iam.delete_access_key(UserName="dave", AccessKeyId=key)
    iam.delete_user(UserName="dave")
    with pytest.raises(ClientError):
        iam.get_user(UserName="dave")


def test_user_tags(iam: Any) -> None:
    iam.create_user(UserName="erin")
    iam.tag_user(UserName="erin", Tags=[{"Key": "team", "Value": "a"}, {"Key": "env", "Value": "dev"}])
    iam.untag_user(UserName="erin", TagKeys=["env"])
    assert iam.list_user_tags(UserName="erin")["Tags"] == [{"Key": "team", "Value": "a"}]


def test_groups_and_membership(iam: Any) -> None:
    group = iam.create_group(GroupName="ops", Path="/g/")["Group"]
    assert group["GroupId"].startswith("AGPA") and group["Arn"] == "arn:aws:iam::000000000000:group/g/ops"
    iam.create_user(UserName="frank")
    iam.add_user_to_group(GroupName="ops", UserName="frank")
    with pytest.raises(ClientError) as e:
        iam.delete_group(GroupName="ops")
    assert code(e) == "DeleteConflict"
    iam.remove_user_from_group(GroupName="ops", UserName="frank")
    iam.update_group(GroupName="ops", NewGroupName="ops2")
    assert [g["GroupName"] for g in iam.list_groups()["Groups"]] == ["ops2"]
    iam.delete_group(GroupName="ops2")
    assert iam.list_groups()["Groups"] == []


def test_user_permissions_boundary(iam: Any) -> None:
    arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
    iam.create_user(UserName="gina", PermissionsBoundary=arn)
    assert iam.get_user(UserName="gina")["User"]["PermissionsBoundary"]["PermissionsBoundaryArn"] == arn
    assert iam.get_policy(PolicyArn=arn)["Policy"]["PermissionsBoundaryUsageCount"] == 1
    iam.delete_user_permissions_boundary(UserName="gina")
    assert "PermissionsBoundary" not in iam.get_user(UserName="gina")["User"]
