"""User pools through boto3: settings, schema and custom attributes, MFA config, deletion protection, tags."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError


def test_create_describe_list_delete(idp: Any) -> None:
    created = idp.create_user_pool(PoolName="p1", UsernameAttributes=["email"], UserPoolTags={"team": "a"},
                                   Policies={"PasswordPolicy": {"MinimumLength": 12}})["UserPool"]
    assert created["Id"].startswith("us-east-1_") and created["Arn"].endswith(f"userpool/{created['Id']}")
    described = idp.describe_user_pool(UserPoolId=created["Id"])["UserPool"]
    assert described["Policies"]["PasswordPolicy"]["MinimumLength"] == 12
    assert described["Policies"]["PasswordPolicy"]["RequireSymbols"] is False  # a policy given is taken as given
    assert described["UsernameAttributes"] == ["email"] and described["UserPoolTags"] == {"team": "a"}
    assert {a["Name"] for a in described["SchemaAttributes"]} >= {"sub", "email", "phone_number", "updated_at"}
    assert [p["Name"] for p in idp.list_user_pools(MaxResults=10)["UserPools"]] == ["p1"]
    idp.delete_user_pool(UserPoolId=created["Id"])
    with pytest.raises(ClientError) as error:
        idp.describe_user_pool(UserPoolId=created["Id"])
    assert error.value.response["Error"]["Code"] == "ResourceNotFoundException"
    assert f"User pool {created['Id']} does not exist." == error.value.response["Error"]["Message"]


def test_alias_and_username_attributes_exclude_each_other(idp: Any) -> None:
    with pytest.raises(ClientError) as error:
        idp.create_user_pool(PoolName="p", UsernameAttributes=["email"], AliasAttributes=["email"])
    assert error.value.response["Error"]["Code"] == "InvalidParameterException"


def test_custom_attributes(idp: Any, pool: str) -> None:
    idp.add_custom_attributes(UserPoolId=pool, CustomAttributes=[
        {"Name": "score", "AttributeDataType": "Number", "NumberAttributeConstraints": {"MinValue": "0", "MaxValue": "100"}}])
    schema = {a["Name"]: a for a in idp.describe_user_pool(UserPoolId=pool)["UserPool"]["SchemaAttributes"]}
    assert schema["custom:score"]["NumberAttributeConstraints"] == {"MinValue": "0", "MaxValue": "100"}
    assert schema["custom:tier"]["StringAttributeConstraints"]["MaxLength"] == "10"
    with pytest.raises(ClientError) as error:
        idp.add_custom_attributes(UserPoolId=pool, CustomAttributes=[{"Name": "score", "AttributeDataType": "String"}])
    assert error.value.response["Error"]["Code"] == "InvalidParameterException"


def test_update_resets_what_it_leaves_out(idp: Any) -> None:
    pool = idp.create_user_pool(PoolName="p", MfaConfiguration="OFF", SmsAuthenticationMessage="code {####}")["UserPool"]["Id"]
    idp.update_user_pool(UserPoolId=pool, DeletionProtection="ACTIVE")
    described = idp.describe_user_pool(UserPoolId=pool)["UserPool"]
    assert described["DeletionProtection"] == "ACTIVE" and "SmsAuthenticationMessage" not in described
    with pytest.raises(ClientError) as error:
        idp.delete_user_pool(UserPoolId=pool)
    assert "deletion protection is activated" in error.value.response["Error"]["Message"]
    idp.update_user_pool(UserPoolId=pool, DeletionProtection="INACTIVE")
    idp.delete_user_pool(UserPoolId=pool)


def test_mfa_config(idp: Any, pool: str) -> None:
    with pytest.raises(ClientError):
        idp.set_user_pool_mfa_config(UserPoolId=pool, MfaConfiguration="ON")
    out = idp.set_user_pool_mfa_config(UserPoolId=pool, SoftwareTokenMfaConfiguration={"Enabled": True}, MfaConfiguration="OPTIONAL")
    assert out["MfaConfiguration"] == "OPTIONAL"
    assert idp.get_user_pool_mfa_config(UserPoolId=pool)["SoftwareTokenMfaConfiguration"] == {"Enabled": True}
    assert idp.describe_user_pool(UserPoolId=pool)["UserPool"]["MfaConfiguration"] == "OPTIONAL"


def test_tags_and_signing_certificate(idp: Any, pool: str) -> None:
    arn = idp.describe_user_pool(UserPoolId=pool)["UserPool"]["Arn"]
    idp.tag_resource(ResourceArn=arn, Tags={"a": "1", "b": "2"})
    idp.untag_resource(ResourceArn=arn, TagKeys=["a"])
    assert idp.list_tags_for_resource(ResourceArn=arn)["Tags"] == {"b": "2"}
    from cryptography import x509
    import base64

    cert = x509.load_der_x509_certificate(base64.b64decode(idp.get_signing_certificate(UserPoolId=pool)["Certificate"]))
    assert cert.public_key().key_size == 2048


def test_list_pools_pages(idp: Any) -> None:
    for i in range(3):
        idp.create_user_pool(PoolName=f"p{i}")
    first = idp.list_user_pools(MaxResults=2)
    second = idp.list_user_pools(MaxResults=2, NextToken=first["NextToken"])
    assert [p["Name"] for p in first["UserPools"] + second["UserPools"]] == ["p0", "p1", "p2"]
