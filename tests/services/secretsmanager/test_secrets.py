"""Secrets: create, describe, list with filters and paging, update, delete with recovery, tags, KMS."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from cumulo.testing import ClockControl

DAY = 86400


def code(e: pytest.ExceptionInfo[ClientError]) -> str:
    return str(e.value.response["Error"]["Code"])


def test_create_get_describe(sm: Any) -> None:
    out = sm.create_secret(Name="db/password", SecretString="hunter2", Description="d", Tags=[{"Key": "env", "Value": "dev"}])
    assert out["ARN"].startswith("arn:aws:secretsmanager:us-east-1:000000000000:secret:db/password-") and len(out["ARN"].rsplit("-", 1)[1]) == 6
    got = sm.get_secret_value(SecretId="db/password")
    assert got["SecretString"] == "hunter2" and got["VersionStages"] == ["AWSCURRENT"] and got["VersionId"] == out["VersionId"]
    assert sm.get_secret_value(SecretId=out["ARN"])["SecretString"] == "hunter2"
    assert sm.get_secret_value(SecretId=out["ARN"].rsplit("-", 1)[0])["SecretString"] == "hunter2"  # partial ARN
    d = sm.describe_secret(SecretId="db/password")
    assert d["Description"] == "d" and d["Tags"] == [{"Key": "env", "Value": "dev"}]
    assert d["VersionIdsToStages"] == {out["VersionId"]: ["AWSCURRENT"]}
    assert "LastAccessedDate" in d and "KmsKeyId" not in d
    with pytest.raises(ClientError) as e:
        sm.create_secret(Name="db/password", SecretString="x")
    assert code(e) == "ResourceExistsException"
    with pytest.raises(ClientError) as e:
        sm.get_secret_value(SecretId="nope")
    assert code(e) == "ResourceNotFoundException"


def test_binary_secret_and_no_value(sm: Any) -> None:
    sm.create_secret(Name="bin", SecretBinary=b"\x00\x01\xff")
    assert sm.get_secret_value(SecretId="bin")["SecretBinary"] == b"\x00\x01\xff"
    sm.create_secret(Name="empty")
    with pytest.raises(ClientError) as e:
        sm.get_secret_value(SecretId="empty")
    assert code(e) == "ResourceNotFoundException"
    with pytest.raises(ClientError) as e:
        sm.create_secret(Name="both", SecretBinary=b"x", SecretString="y")
    assert code(e) == "InvalidParameterException"


def test_values_are_encrypted_under_kms(sm: Any, kms: Any) -> None:
    key = kms.create_key()["KeyMetadata"]["KeyId"]
    sm.create_secret(Name="custom", SecretString="v", KmsKeyId=key)
    assert sm.describe_secret(SecretId="custom")["KmsKeyId"] == key
    sm.create_secret(Name="default", SecretString="v")
    assert kms.describe_key(KeyId="alias/aws/secretsmanager")["KeyMetadata"]["KeyManager"] == "AWS"
    kms.disable_key(KeyId=key)
    with pytest.raises(ClientError) as e:
        sm.get_secret_value(SecretId="custom")
    assert code(e) == "DecryptionFailure"
    with pytest.raises(ClientError) as e:
        sm.put_secret_value(SecretId="custom", SecretString="w")
    assert code(e) == "EncryptionFailure"
    kms.enable_key(KeyId=key)
    assert sm.get_secret_value(SecretId="custom")["SecretString"] == "v"


def test_idempotent_client_request_token(sm: Any) -> None:
    token = "a" * 32
    first = sm.create_secret(Name="idem", SecretString="v1", ClientRequestToken=token)
    again = sm.create_secret(Name="idem", SecretString="v1", ClientRequestToken=token)
    assert again["VersionId"] == first["VersionId"] == token
    put = sm.put_secret_value(SecretId="idem", SecretString="v2", ClientRequestToken="b" * 32)
    assert sm.put_secret_value(SecretId="idem", SecretString="v2", ClientRequestToken="b" * 32)["VersionId"] == put["VersionId"]
    with pytest.raises(ClientError) as e:
        sm.put_secret_value(SecretId="idem", SecretString="other", ClientRequestToken="b" * 32)
    assert code(e) == "ResourceExistsException"


def test_update_secret(sm: Any) -> None:
    first = sm.create_secret(Name="upd", SecretString="one")["VersionId"]
    out = sm.update_secret(SecretId="upd", SecretString="two", Description="new")
    stages = sm.describe_secret(SecretId="upd")["VersionIdsToStages"]
    assert stages == {out["VersionId"]: ["AWSCURRENT"], first: ["AWSPREVIOUS"]}
    assert sm.get_secret_value(SecretId="upd", VersionStage="AWSPREVIOUS")["SecretString"] == "one"
    assert "VersionId" not in sm.update_secret(SecretId="upd", Description="only")


def test_delete_with_recovery_window_on_the_clock(sm: Any, cumulo_clock: ClockControl) -> None:
    sm.create_secret(Name="gone", SecretString="v")
    out = sm.delete_secret(SecretId="gone", RecoveryWindowInDays=7)
    assert (out["DeletionDate"].timestamp() - cumulo_clock.now()) == pytest.approx(7 * DAY, abs=5)
    with pytest.raises(ClientError) as e:
        sm.get_secret_value(SecretId="gone")
    assert code(e) == "InvalidRequestException"
    assert "DeletedDate" in sm.describe_secret(SecretId="gone")
    with pytest.raises(ClientError) as e:
        sm.delete_secret(SecretId="gone", RecoveryWindowInDays=7)
    assert code(e) == "InvalidRequestException"
    assert [s["Name"] for s in sm.list_secrets()["SecretList"]] == []
    assert [s["Name"] for s in sm.list_secrets(IncludePlannedDeletion=True)["SecretList"]] == ["gone"]
    with pytest.raises(ClientError) as e:
        sm.create_secret(Name="gone", SecretString="v")
    assert code(e) == "InvalidRequestException"
    sm.restore_secret(SecretId="gone")
    assert sm.get_secret_value(SecretId="gone")["SecretString"] == "v"
    sm.delete_secret(SecretId="gone", RecoveryWindowInDays=7)
    cumulo_clock.advance(7 * DAY + 120)
    with pytest.raises(ClientError) as e:
        sm.describe_secret(SecretId="gone")
    assert code(e) == "ResourceNotFoundException"
    sm.create_secret(Name="now", SecretString="v")
    sm.delete_secret(SecretId="now", ForceDeleteWithoutRecovery=True)
    sm.create_secret(Name="now", SecretString="again")
    with pytest.raises(ClientError) as e:
        sm.delete_secret(SecretId="now", ForceDeleteWithoutRecovery=True, RecoveryWindowInDays=7)
    assert code(e) == "InvalidParameterException"


def test_list_filters_and_paging(sm: Any) -> None:
    for name, desc, tags in (
        ("prod/db", "Production database", [{"Key": "team", "Value": "data"}]),
        ("prod/api", "API key", [{"Key": "team", "Value": "web"}]),
        ("dev/db", "dev database", []),
    ):
        sm.create_secret(Name=name, SecretString="x", Description=desc, Tags=tags)
    def names(filters: list[dict[str, Any]]) -> set[str]:
        return {s["Name"] for s in sm.list_secrets(Filters=filters)["SecretList"]}
    assert names([{"Key": "name", "Values": ["prod"]}]) == {"prod/db", "prod/api"}
    assert names([{"Key": "name", "Values": ["db"]}]) == set()  # the start of the name only
    assert names([{"Key": "name", "Values": ["Prod"]}]) == set()  # case-sensitive
    assert names([{"Key": "name", "Values": ["!prod"]}]) == {"dev/db"}
    assert names([{"Key": "description", "Values": ["DATABASE production"]}]) == {"prod/db"}  # every word, any order
    assert names([{"Key": "description", "Values": ["data"]}]) == {"prod/db", "dev/db"}
    assert names([{"Key": "tag-key", "Values": ["team"]}, {"Key": "tag-value", "Values": ["!web"]}]) == {"prod/db"}
    assert names([{"Key": "all", "Values": ["WEB"]}]) == {"prod/api"}
    assert names([{"Key": "all", "Values": ["apiKey"]}]) == {"prod/api"}  # split into "api" and "key"
    seen = [s["Name"] for p in sm.get_paginator("list_secrets").paginate(PaginationConfig={"PageSize": 2}) for s in p["SecretList"]]
    assert sorted(seen) == ["dev/db", "prod/api", "prod/db"]
    assert [s["Name"] for s in sm.list_secrets(SortBy="name", SortOrder="asc")["SecretList"]] == ["dev/db", "prod/api", "prod/db"]


def test_tags(sm: Any) -> None:
    sm.create_secret(Name="t", SecretString="x")
    sm.tag_resource(SecretId="t", Tags=[{"Key": "a", "Value": "1"}, {"Key": "b", "Value": "2"}])
    sm.untag_resource(SecretId="t", TagKeys=["a"])
    assert sm.describe_secret(SecretId="t")["Tags"] == [{"Key": "b", "Value": "2"}]


def test_random_password_options(sm: Any) -> None:
    import string

    pw = sm.get_random_password()["RandomPassword"]
    assert len(pw) == 32
    assert any(c in string.ascii_lowercase for c in pw) and any(c in string.ascii_uppercase for c in pw)
    assert any(c in string.digits for c in pw) and any(c in string.punctuation for c in pw)
    pw = sm.get_random_password(PasswordLength=64, ExcludePunctuation=True, ExcludeUppercase=True, ExcludeCharacters="abc")["RandomPassword"]
    assert len(pw) == 64 and not set(pw) & set("abc" + string.ascii_uppercase + string.punctuation)
    assert set(sm.get_random_password(PasswordLength=40, ExcludeLowercase=True, ExcludeUppercase=True, ExcludePunctuation=True)["RandomPassword"]) <= set(string.digits)
    assert " " in "".join(sm.get_random_password(PasswordLength=20, IncludeSpace=True, ExcludeLowercase=True, ExcludeUppercase=True, ExcludeNumbers=True)["RandomPassword"] for _ in range(3))
    with pytest.raises(ClientError) as e:
        sm.get_random_password(ExcludeLowercase=True, ExcludeUppercase=True, ExcludeNumbers=True, ExcludePunctuation=True)
    assert code(e) == "InvalidParameterException"
