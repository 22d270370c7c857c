"""SecureString really encrypted under KMS (default alias/aws/ssm or a customer key), and Secrets Manager references."""

from __future__ import annotations

import base64
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

from cumulo import services
from cumulo.testing import CumuloServer


def test_secure_string_default_key(ssm: Any, cumulo: CumuloServer) -> None:
    ssm.put_parameter(Name="/secret/db", Value="hunter2", Type="SecureString")
    hidden = ssm.get_parameter(Name="/secret/db")["Parameter"]
    assert hidden["Type"] == "SecureString" and hidden["Value"] != "hunter2"
    base64.b64decode(hidden["Value"])  # the ciphertext, as AWS shows it
    assert ssm.get_parameter(Name="/secret/db", WithDecryption=True)["Parameter"]["Value"] == "hunter2"
    meta = ssm.describe_parameters()["Parameters"][0]
    assert meta["KeyId"] == "alias/aws/ssm"
    kms = boto3.client("kms", endpoint_url=cumulo.url, region_name="us-east-1")
    # The stored blob really is KMS ciphertext bound to the parameter's ARN.
    plain = kms.decrypt(CiphertextBlob=base64.b64decode(hidden["Value"]),
                        EncryptionContext={"PARAMETER_ARN": hidden["ARN"]})["Plaintext"]
    assert plain == b"hunter2"
    ssm.put_parameter(Name="/secret/db", Value="second", Overwrite=True)
    history = ssm.get_parameter_history(Name="/secret/db", WithDecryption=True)["Parameters"]
    assert [h["Value"] for h in history] == ["hunter2", "second"]
    by_path = ssm.get_parameters_by_path(Path="/secret", WithDecryption=True)["Parameters"]
    assert by_path[0]["Value"] == "second"


def test_secure_string_customer_key_and_disabled_key(ssm: Any, cumulo: CumuloServer) -> None:
    kms = boto3.client("kms", endpoint_url=cumulo.url, region_name="us-east-1")
    key = kms.create_key()["KeyMetadata"]["KeyId"]
    ssm.put_parameter(Name="/secret/api", Value="token", Type="SecureString", KeyId=key)
    assert ssm.get_parameters(Names=["/secret/api"], WithDecryption=True)["Parameters"][0]["Value"] == "token"
    assert ssm.describe_parameters()["Parameters"][0]["KeyId"] == key
    kms.disable_key(KeyId=key)
    with pytest.raises(ClientError) as e:
        ssm.get_parameter(Name="/secret/api", WithDecryption=True)
    assert e.value.response["Error"]["Code"] == "InvalidKeyId"
    with pytest.raises(ClientError) as e:
        ssm.put_parameter(Name="/secret/other", Value="v", Type="SecureString", KeyId="alias/does-not-exist")
    assert e.value.response["Error"]["Code"] == "InvalidKeyId"
    with pytest.raises(ClientError) as e:
        ssm.put_parameter(Name="/plain", Value="v", Type="String", KeyId=key)
    assert e.value.response["Error"]["Code"] == "ValidationException"


@pytest.mark.skipif("secretsmanager" not in services.IMPLEMENTED, reason="Secrets Manager has not landed yet")
def test_secrets_manager_reference(ssm: Any, cumulo: CumuloServer) -> None:
    sm = boto3.client("secretsmanager", endpoint_url=cumulo.url, region_name="us-east-1")
    sm.create_secret(Name="prod/db", SecretString='{"password":"pw"}')
    got = ssm.get_parameter(Name="/aws/reference/secretsmanager/prod/db", WithDecryption=True)["Parameter"]
    assert got["Value"] == '{"password":"pw"}' and got["Type"] == "SecureString" and got["ARN"].startswith("arn:aws:secretsmanager:")
    with pytest.raises(ClientError) as e:
        ssm.get_parameter(Name="/aws/reference/secretsmanager/prod/db")
    assert e.value.response["Error"]["Code"] == "ValidationException"
    with pytest.raises(ClientError) as e:
        ssm.get_parameter(Name="/aws/reference/secretsmanager/missing", WithDecryption=True)
    assert e.value.response["Error"]["Code"] == "ParameterNotFound"
