"""The default dataset and its customer managed KMS key through boto3, checked against cumulo's KMS."""

from __future__ import annotations

import json
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

from cumulo.testing import CumuloServer


@pytest.fixture
def kms(cumulo: CumuloServer) -> Any:
    return boto3.client("kms", endpoint_url=cumulo.url, region_name="us-east-1")


def _key(kms: Any, grant: bool = True) -> str:
    """A key whose policy lets the account and (when `grant`) CloudWatch use it."""
    statements = [{"Sid": "account", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::000000000000:root"}, "Action": "kms:*", "Resource": "*"}]
    if grant:
        statements.append({"Sid": "cloudwatch", "Effect": "Allow", "Principal": {"Service": "cloudwatch.amazonaws.com"},
                           "Action": ["kms:DescribeKey", "kms:GenerateDataKey", "kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*"],
                           "Resource": "*"})
    return str(kms.create_key(Policy=json.dumps({"Version": "2012-10-17", "Statement": statements}))["KeyMetadata"]["Arn"])


def _code(error: pytest.ExceptionInfo[ClientError]) -> str:
    return str(error.value.response["Error"]["Code"])


def test_default_dataset_takes_a_key(cw: Any, kms: Any) -> None:
    got = cw.get_dataset(DatasetIdentifier="default")
    assert got["DatasetId"] == "default" and got["Arn"].endswith(":dataset/default") and "KmsKeyArn" not in got
    assert cw.get_dataset(DatasetIdentifier=got["Arn"])["DatasetId"] == "default"

    first, second = _key(kms), _key(kms)
    cw.associate_dataset_kms_key(DatasetIdentifier="default", KmsKeyArn=first)
    assert cw.get_dataset(DatasetIdentifier="default")["KmsKeyArn"] == first
    cw.associate_dataset_kms_key(DatasetIdentifier=got["Arn"], KmsKeyArn=second)  # a rotation replaces it
    assert cw.get_dataset(DatasetIdentifier="default")["KmsKeyArn"] == second

    cw.disassociate_dataset_kms_key(DatasetIdentifier="default")
    assert "KmsKeyArn" not in cw.get_dataset(DatasetIdentifier="default")
    with pytest.raises(ClientError) as e:
        cw.disassociate_dataset_kms_key(DatasetIdentifier="default")
    assert _code(e) == "ResourceNotFoundException"


def test_keys_cloudwatch_cannot_use_are_refused(cw: Any, kms: Any) -> None:
    missing = "arn:aws:kms:us-east-1:000000000000:key/0123abcd-0000-0000-0000-000000000000"
    with pytest.raises(ClientError) as e:
        cw.associate_dataset_kms_key(DatasetIdentifier="default", KmsKeyArn=missing)
    assert _code(e) == "KmsKeyNotFoundException"
    with pytest.raises(ClientError) as e:
        cw.associate_dataset_kms_key(DatasetIdentifier="default", KmsKeyArn=missing.replace("us-east-1", "eu-west-1"))
    assert _code(e) == "KmsKeyNotFoundException"

    disabled = _key(kms)
    kms.disable_key(KeyId=disabled)
    with pytest.raises(ClientError) as e:
        cw.associate_dataset_kms_key(DatasetIdentifier="default", KmsKeyArn=disabled)
    assert _code(e) == "KmsKeyDisabledException"

    signing = kms.create_key(KeySpec="ECC_NIST_P256", KeyUsage="SIGN_VERIFY")["KeyMetadata"]["Arn"]
    with pytest.raises(ClientError) as e:
        cw.associate_dataset_kms_key(DatasetIdentifier="default", KmsKeyArn=signing)
    assert _code(e) == "KmsAccessDeniedException"
    # The default key policy names the account, not CloudWatch: CloudWatch cannot use the key.
    for ungranted in (kms.create_key()["KeyMetadata"]["Arn"], _key(kms, grant=False)):
        with pytest.raises(ClientError) as e:
            cw.associate_dataset_kms_key(DatasetIdentifier="default", KmsKeyArn=ungranted)
        assert _code(e) == "KmsAccessDeniedException"
    assert "KmsKeyArn" not in cw.get_dataset(DatasetIdentifier="default")

    with pytest.raises(ClientError) as e:
        cw.get_dataset(DatasetIdentifier="arn:aws:cloudwatch:us-east-1:111122223333:dataset/default")
    assert _code(e) == "ResourceNotFoundException"
