"""A user's credentials through boto3: access keys that sign as their user, passwords under
the password policy, virtual MFA devices with real TOTP codes, SSH keys, certificates."""

from __future__ import annotations

import base64
import datetime
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import NameOID

from cumulo.services.iam.api.credentials import _totp as totp
from cumulo.testing import ClockControl, CumuloServer


def self_signed(days: int = 30) -> tuple[str, str]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "example.com")])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now).not_valid_after(now + datetime.timedelta(days=days))
            .sign(key, hashes.SHA256()))
    pem_key = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    return cert.public_bytes(serialization.Encoding.PEM).decode(), pem_key.decode()


def test_access_key_signs_as_its_user(iam: Any, cumulo: CumuloServer) -> None:
    iam.create_user(UserName="alice")
    key = iam.create_access_key(UserName="alice")["AccessKey"]
    assert key["AccessKeyId"].startswith("AKIA") and len(key["AccessKeyId"]) == 20 and key["Status"] == "Active"
    sts = boto3.client("sts", endpoint_url=cumulo.url, region_name="us-east-1",
                       aws_access_key_id=key["AccessKeyId"], aws_secret_access_key=key["SecretAccessKey"])
    identity = sts.get_caller_identity()
    assert identity["Arn"] == "arn:aws:iam::000000000000:user/alice" and identity["UserId"].startswith("AIDA")
    assert sts.get_access_key_info(AccessKeyId=key["AccessKeyId"])["Account"] == "000000000000"
    last = iam.get_access_key_last_used(AccessKeyId=key["AccessKeyId"])
    assert last["UserName"] == "alice" and "LastUsedDate" in last["AccessKeyLastUsed"]
    as_alice = boto3.client("iam", endpoint_url=cumulo.url, region_name="us-east-1",
                            aws_access_key_id=key["AccessKeyId"], aws_secret_access_key=key["SecretAccessKey"])
    assert as_alice.get_user()["User"]["UserName"] == "alice"
    iam.update_access_key(UserName="alice", AccessKeyId=key["AccessKeyId"], Status="Inactive")
    with pytest.raises(ClientError) as e:
        sts.get_caller_identity()
    assert e.value.response["Error"]["Code"] == "InvalidClientTokenId"
    iam.delete_access_key(UserName="alice", AccessKeyId=key["AccessKeyId"])
    assert sts.get_caller_identity()["Arn"] == "arn:aws:iam::000000000000:root"  # an unknown key: the default account


def test_two_access_keys_at_most(iam: Any) -> None:
    iam.create_user(UserName="bob")
    iam.create_access_key(UserName="bob")
    iam.create_access_key(UserName="bob")
    with pytest.raises(ClientError) as e:
        iam.create_access_key(UserName="bob")
    assert e.value.response["Error"]["Code"] == "LimitExceeded"
    assert len(iam.list_access_keys(UserName="bob")["AccessKeyMetadata"]) == 2


def test_login_profile_and_password_policy(iam: Any, cumulo: CumuloServer) -> None:
    iam.create_user(UserName="carol")
    iam.update_account_password_policy(MinimumPasswordLength=12, RequireNumbers=True, AllowUsersToChangePassword=True)
    policy = iam.get_account_password_policy()["PasswordPolicy"]
    assert policy["MinimumPasswordLength"] == 12 and policy["RequireNumbers"]
    with pytest.raises(ClientError) as e:
        iam.create_login_profile(UserName="carol", Password="short")
    assert e.value.response["Error"]["Code"] == "PasswordPolicyViolation"
    profile = iam.create_login_profile(UserName="carol", Password="longenough123", PasswordResetRequired=True)["LoginProfile"]
    assert profile["PasswordResetRequired"]
    iam.update_login_profile(UserName="carol", PasswordResetRequired=False)
    assert not iam.get_login_profile(UserName="carol")["LoginProfile"]["PasswordResetRequired"]
    key = iam.create_access_key(UserName="carol")["AccessKey"]
    as_carol = boto3.client("iam", endpoint_url=cumulo.url, region_name="us-east-1",
                            aws_access_key_id=key["AccessKeyId"], aws_secret_access_key=key["SecretAccessKey"])
    with pytest.raises(ClientError):
        as_carol.change_password(OldPassword="wrong", NewPassword="anotherlong123")
    as_carol.change_password(OldPassword="longenough123", NewPassword="anotherlong123")
    iam.delete_login_profile(UserName="carol")
    with pytest.raises(ClientError) as e:
        iam.get_login_profile(UserName="carol")
    assert e.value.response["Error"]["Code"] == "NoSuchEntity"
    iam.delete_account_password_policy()
    with pytest.raises(ClientError):
        iam.get_account_password_policy()


def test_virtual_mfa_needs_two_consecutive_codes(iam: Any, cumulo_clock: ClockControl) -> None:
    iam.create_user(UserName="dan")
    device = iam.create_virtual_mfa_device(VirtualMFADeviceName="dan-phone", Tags=[{"Key": "a", "Value": "b"}])["VirtualMFADevice"]
    serial = device["SerialNumber"]
    assert serial == "arn:aws:iam::000000000000:mfa/dan-phone" and device["QRCodePNG"].startswith(b"\x89PNG")
    seed = base64.b32decode(device["Base32StringSeed"])
    counter = int(cumulo_clock.now() // 30)
    with pytest.raises(ClientError) as e:
        iam.enable_mfa_device(UserName="dan", SerialNumber=serial, AuthenticationCode1="000000", AuthenticationCode2="111111")
    assert e.value.response["Error"]["Code"] == "InvalidAuthenticationCode"
    iam.enable_mfa_device(UserName="dan", SerialNumber=serial, AuthenticationCode1=totp(seed, counter - 1),
                          AuthenticationCode2=totp(seed, counter))
    assert [d["SerialNumber"] for d in iam.list_mfa_devices(UserName="dan")["MFADevices"]] == [serial]
    assert iam.get_mfa_device(SerialNumber=serial)["UserName"] == "dan"
    assert iam.list_virtual_mfa_devices(AssignmentStatus="Assigned")["VirtualMFADevices"][0]["User"]["UserName"] == "dan"
    assert iam.list_mfa_device_tags(SerialNumber=serial)["Tags"] == [{"Key": "a", "Value": "b"}]
    iam.tag_mfa_device(SerialNumber=serial, Tags=[{"Key": "c", "Value": "d"}])
    iam.untag_mfa_device(SerialNumber=serial, TagKeys=["a"])
    cumulo_clock.advance(60)
    counter = int(cumulo_clock.now() // 30)
    iam.resync_mfa_device(UserName="dan", SerialNumber=serial, AuthenticationCode1=totp(seed, counter), AuthenticationCode2=totp(seed, counter + 1))
    with pytest.raises(ClientError) as e:
        iam.delete_virtual_mfa_device(SerialNumber=serial)
    assert e.value.response["Error"]["Code"] == "DeleteConflict"
    iam.deactivate_mfa_device(UserName="dan", SerialNumber=serial)
    iam.delete_virtual_mfa_device(SerialNumber=serial)
    assert iam.list_virtual_mfa_devices()["VirtualMFADevices"] == []


def test_ssh_public_keys(iam: Any) -> None:
    iam.create_user(UserName="erin")
    body = rsa.generate_private_key(65537, 2048).public_key().public_bytes(serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH).decode()
    key = iam.upload_ssh_public_key(UserName="erin", SSHPublicKeyBody=body)["SSHPublicKey"]
    assert key["SSHPublicKeyId"].startswith("APKA") and key["Fingerprint"].count(":") == 15
    with pytest.raises(ClientError) as e:
        iam.upload_ssh_public_key(UserName="erin", SSHPublicKeyBody=body)
    assert e.value.response["Error"]["Code"] == "DuplicateSSHPublicKey"
    with pytest.raises(ClientError) as e:
        iam.upload_ssh_public_key(UserName="erin", SSHPublicKeyBody="ssh-rsa nonsense")
    assert e.value.response["Error"]["Code"] == "InvalidPublicKey"
    pem = iam.get_ssh_public_key(UserName="erin", SSHPublicKeyId=key["SSHPublicKeyId"], Encoding="PEM")["SSHPublicKey"]
    assert pem["SSHPublicKeyBody"].startswith("-----BEGIN PUBLIC KEY-----")
    iam.update_ssh_public_key(UserName="erin", SSHPublicKeyId=key["SSHPublicKeyId"], Status="Inactive")
    assert iam.list_ssh_public_keys(UserName="erin")["SSHPublicKeys"][0]["Status"] == "Inactive"
    iam.delete_ssh_public_key(UserName="erin", SSHPublicKeyId=key["SSHPublicKeyId"])
    assert iam.list_ssh_public_keys(UserName="erin")["SSHPublicKeys"] == []


def test_signing_and_server_certificates(iam: Any) -> None:
    iam.create_user(UserName="fay")
    cert, key = self_signed()
    signing = iam.upload_signing_certificate(UserName="fay", CertificateBody=cert)["Certificate"]
    iam.update_signing_certificate(UserName="fay", CertificateId=signing["CertificateId"], Status="Inactive")
    assert iam.list_signing_certificates(UserName="fay")["Certificates"][0]["Status"] == "Inactive"
    iam.delete_signing_certificate(UserName="fay", CertificateId=signing["CertificateId"])
    with pytest.raises(ClientError) as e:
        iam.upload_signing_certificate(UserName="fay", CertificateBody="not a cert")
    assert e.value.response["Error"]["Code"] == "MalformedCertificate"
    meta = iam.upload_server_certificate(ServerCertificateName="web", CertificateBody=cert, PrivateKey=key, Path="/cf/")["ServerCertificateMetadata"]
    assert meta["ServerCertificateId"].startswith("ASCA") and meta["Arn"] == "arn:aws:iam::000000000000:server-certificate/cf/web"
    assert meta["Expiration"] > meta["UploadDate"]
    _, other_key = self_signed()
    with pytest.raises(ClientError) as e:
        iam.upload_server_certificate(ServerCertificateName="web2", CertificateBody=cert, PrivateKey=other_key)
    assert e.value.response["Error"]["Code"] == "KeyPairMismatch"
    iam.update_server_certificate(ServerCertificateName="web", NewServerCertificateName="site")
    assert iam.get_server_certificate(ServerCertificateName="site")["ServerCertificate"]["CertificateBody"] == cert
    iam.tag_server_certificate(ServerCertificateName="site", Tags=[{"Key": "a", "Value": "1"}])
    iam.untag_server_certificate(ServerCertificateName="site", TagKeys=["zzz"])
    assert iam.list_server_certificate_tags(ServerCertificateName="site")["Tags"] == [{"Key": "a", "Value": "1"}]
    assert [m["ServerCertificateName"] for m in iam.list_server_certificates()["ServerCertificateMetadataList"]] == ["site"]
    iam.delete_server_certificate(ServerCertificateName="site")


def test_service_specific_credentials(iam: Any) -> None:
    iam.create_user(UserName="gus")
    cred = iam.create_service_specific_credential(UserName="gus", ServiceName="codecommit.amazonaws.com")["ServiceSpecificCredential"]
    assert cred["ServiceUserName"] == "gus-at-000000000000" and cred["ServicePassword"]
    reset = iam.reset_service_specific_credential(UserName="gus", ServiceSpecificCredentialId=cred["ServiceSpecificCredentialId"])
    assert reset["ServiceSpecificCredential"]["ServicePassword"] != cred["ServicePassword"]
    iam.update_service_specific_credential(UserName="gus", ServiceSpecificCredentialId=cred["ServiceSpecificCredentialId"], Status="Inactive")
    listed = iam.list_service_specific_credentials(UserName="gus")["ServiceSpecificCredentials"]
    assert [c["Status"] for c in listed] == ["Inactive"]
    with pytest.raises(ClientError) as e:
        iam.create_service_specific_credential(UserName="gus", ServiceName="s3.amazonaws.com")
    assert e.value.response["Error"]["Code"] == "NotSupportedService"
    iam.delete_service_specific_credential(UserName="gus", ServiceSpecificCredentialId=cred["ServiceSpecificCredentialId"])


def test_keys_are_verified_when_signatures_are(tmp_path: Any) -> None:
    from cumulo.config import Config

    server = CumuloServer(Config(log_level="warning", verify_signatures=True)).start()
    try:
        iam = boto3.client("iam", endpoint_url=server.url, region_name="us-east-1", aws_access_key_id="test", aws_secret_access_key="test")
        iam.create_user(UserName="signer")
        key = iam.create_access_key(UserName="signer")["AccessKey"]
        good = boto3.client("sts", endpoint_url=server.url, region_name="us-east-1",
                            aws_access_key_id=key["AccessKeyId"], aws_secret_access_key=key["SecretAccessKey"])
        assert good.get_caller_identity()["Arn"].endswith(":user/signer")
        bad = boto3.client("sts", endpoint_url=server.url, region_name="us-east-1",
                           aws_access_key_id=key["AccessKeyId"], aws_secret_access_key="wrong")
        with pytest.raises(ClientError) as e:
            bad.get_caller_identity()
        assert e.value.response["Error"]["Code"] == "SignatureDoesNotMatch"
        iam.delete_access_key(UserName="signer", AccessKeyId=key["AccessKeyId"])
        with pytest.raises(ClientError) as e:
            good.get_caller_identity()
        assert e.value.response["Error"]["Code"] == "InvalidClientTokenId"
    finally:
        server.stop()
