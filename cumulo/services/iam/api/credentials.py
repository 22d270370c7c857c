"""A user's credentials: access keys (which really sign requests), login profiles
(checked against the password policy), virtual MFA devices (real TOTP), SSH
public keys, signing certificates and service-specific credentials."""

from __future__ import annotations

import base64
import hashlib
import hmac
import io
import secrets
import struct

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization

from cumulo.core.context import RequestContext
from cumulo.generated import iam as wire
from cumulo.services.iam import common as c
from cumulo.services.iam import views
from cumulo.services.iam.api.users import _key_index, _the_user, _user_or_caller, _users
from cumulo.services.iam.models import ROOT, AccessKey, LoginProfile, MfaDevice, ServiceCredential, SigningCert, SshKey, User


def _touch(ctx: RequestContext, user: User) -> None:
    if user.name == ROOT:
        c.table(ctx, "root")["root"] = user
    else:
        _users(ctx).touch(user.name.lower())


def _caller_or(ctx: RequestContext, name: str | None) -> User:
    """`UserName`'s user, else the caller's; the root user's own credentials (its access
    keys) live on an entity of their own, named "" and listed nowhere."""
    user = _user_or_caller(ctx, name)
    if user is None:
        user = c.table(ctx, "root").get("root") or User(ROOT, ctx.account, "/", 0.0)
    return user


# ---------------------------------------------------------------- access keys


def _new_access_key_id(account: str) -> str:
    """AKIA + 16 base32 characters carrying the account, as AWS's keys do (see STS's keys)."""
    first = (int(account) << 7) | secrets.randbits(7) | (secrets.randbits(1) << 47)
    return "AKIA" + base64.b32encode(first.to_bytes(6, "big") + secrets.token_bytes(4)).decode()


def create_access_key(ctx: RequestContext, req: wire.CreateAccessKeyRequest) -> wire.CreateAccessKeyResponse:
    user = _caller_or(ctx, req.get("UserName"))
    if len(user.access_keys) >= c.MAX_ACCESS_KEYS:
        raise wire.LimitExceededExceptionError(f"Cannot exceed quota for AccessKeysPerUser: {c.MAX_ACCESS_KEYS}")
    key = AccessKey(_new_access_key_id(ctx.account), base64.b64encode(secrets.token_bytes(30)).decode(), "Active", c.now(ctx))
    user.access_keys[key.id] = key
    _key_index(ctx)[key.id] = (ctx.account, user.name)
    _touch(ctx, user)
    return {"AccessKey": {"UserName": user.name, "AccessKeyId": key.id, "Status": key.status,
                          "SecretAccessKey": key.secret, "CreateDate": c.utc(key.created)}}


def _key(user: User, key_id: str) -> AccessKey:
    key = user.access_keys.get(key_id)
    if key is None:
        raise wire.NoSuchEntityExceptionError(f"The Access Key with id {key_id} cannot be found.")
    return key


def update_access_key(ctx: RequestContext, req: wire.UpdateAccessKeyRequest) -> None:
    user = _caller_or(ctx, req.get("UserName"))
    _key(user, req["AccessKeyId"]).status = req["Status"]
    _touch(ctx, user)


def delete_access_key(ctx: RequestContext, req: wire.DeleteAccessKeyRequest) -> None:
    user = _caller_or(ctx, req.get("UserName"))
    _key(user, req["AccessKeyId"])
    del user.access_keys[req["AccessKeyId"]]
    _key_index(ctx).pop(req["AccessKeyId"], None)
    _touch(ctx, user)


def list_access_keys(ctx: RequestContext, req: wire.ListAccessKeysRequest) -> wire.ListAccessKeysResponse:
    user = _caller_or(ctx, req.get("UserName"))
    return c.page(ctx, req, list(user.access_keys.values()), lambda k: f"{k.created:020.3f}{k.id}", "AccessKeyMetadata",  # type: ignore[return-value]
                  lambda k: {"UserName": user.name, "AccessKeyId": k.id, "Status": k.status, "CreateDate": c.utc(k.created)})


def get_access_key_last_used(ctx: RequestContext, req: wire.GetAccessKeyLastUsedRequest) -> wire.GetAccessKeyLastUsedResponse:
    owner = _key_index(ctx).get(req["AccessKeyId"])
    if owner is None or owner[0] != ctx.account:
        raise wire.NoSuchEntityExceptionError(f"The Access Key with id {req['AccessKeyId']} cannot be found.")
    key = _key(_the_user(ctx, owner[1]) if owner[1] else c.table(ctx, "root")["root"], req["AccessKeyId"])
    last: wire.AccessKeyLastUsed = {"ServiceName": key.last_service or "N/A", "Region": key.last_region or "N/A"}
    if key.last_used:
        last["LastUsedDate"] = c.utc(key.last_used)
    return {"UserName": owner[1] or "root", "AccessKeyLastUsed": last}


# ---------------------------------------------------------------- login profiles and passwords


def _hash(password: str) -> str:
    return hashlib.sha256(password.encode()).hexdigest()


def _check_password(ctx: RequestContext, password: str) -> None:
    """Refuse a password the account's password policy refuses (default: 8 characters)."""
    policy = c.account(ctx).password_policy or {}
    problems = []
    if len(password) < policy.get("MinimumPasswordLength", 8):
        problems.append(f"Password should have at least {policy.get('MinimumPasswordLength', 8)} characters")
    if policy.get("RequireSymbols") and not any(not ch.isalnum() for ch in password):
        problems.append("Password should have at least one symbol")
    if policy.get("RequireNumbers") and not any(ch.isdigit() for ch in password):
        problems.append("Password should have at least one number")
    if policy.get("RequireUppercaseCharacters") and not any(ch.isupper() for ch in password):
        problems.append("Password should have at least one uppercase letter")
    if policy.get("RequireLowercaseCharacters") and not any(ch.islower() for ch in password):
        problems.append("Password should have at least one lowercase letter")
    if problems:
        raise wire.PasswordPolicyViolationExceptionError("Password does not conform to the account password policy. " + "; ".join(problems))


def create_login_profile(ctx: RequestContext, req: wire.CreateLoginProfileRequest) -> wire.CreateLoginProfileResponse:
    user = _caller_or(ctx, req.get("UserName"))
    if user.login is not None:
        raise wire.EntityAlreadyExistsExceptionError(f"Login Profile for user {user.name} already exists.")
    if "Password" not in req:
        raise wire.InvalidInputExceptionError("A password is required to create a login profile.")
    _check_password(ctx, req["Password"])
    user.login = LoginProfile(c.now(ctx), bool(req.get("PasswordResetRequired")), _hash(req["Password"]))
    _touch(ctx, user)
    return {"LoginProfile": {"UserName": user.name, "CreateDate": c.utc(user.login.created),
                             "PasswordResetRequired": user.login.reset_required}}


def _login(user: User) -> LoginProfile:
    if user.login is None:
        raise wire.NoSuchEntityExceptionError(f"Login Profile for User {user.name} cannot be found.")
    return user.login


def get_login_profile(ctx: RequestContext, req: wire.GetLoginProfileRequest) -> wire.GetLoginProfileResponse:
    user = _caller_or(ctx, req.get("UserName"))
    login = _login(user)
    return {"LoginProfile": {"UserName": user.name, "CreateDate": c.utc(login.created), "PasswordResetRequired": login.reset_required}}


def update_login_profile(ctx: RequestContext, req: wire.UpdateLoginProfileRequest) -> None:
    user = _the_user(ctx, req["UserName"])
    login = _login(user)
    if "Password" in req:
        _check_password(ctx, req["Password"])
        login.password_hash = _hash(req["Password"])
    if "PasswordResetRequired" in req:
        login.reset_required = req["PasswordResetRequired"]
    _touch(ctx, user)


def delete_login_profile(ctx: RequestContext, req: wire.DeleteLoginProfileRequest) -> None:
    user = _caller_or(ctx, req.get("UserName"))
    _login(user)
    user.login = None
    _touch(ctx, user)


def change_password(ctx: RequestContext, req: wire.ChangePasswordRequest) -> None:
    user = _user_or_caller(ctx, None)
    if user is None:
        raise wire.InvalidUserTypeExceptionError("Only IAM _users can change their own password.")
    login = _login(user)
    policy = c.account(ctx).password_policy
    if policy is not None and policy.get("AllowUsersToChangePassword") is False:
        raise wire.InvalidUserTypeExceptionError("The account's password policy does not let _users change their password.")
    if not hmac.compare_digest(login.password_hash, _hash(req["OldPassword"])):
        raise wire.InvalidUserTypeExceptionError("The old password was incorrect.")
    _check_password(ctx, req["NewPassword"])
    login.password_hash, login.reset_required = _hash(req["NewPassword"]), False
    _touch(ctx, user)


# ---------------------------------------------------------------- virtual MFA devices


def _totp(seed: bytes, counter: int) -> str:
    """RFC 6238's six-digit code for one 30-second step (HMAC-SHA1, dynamic truncation)."""
    digest = hmac.new(seed, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    return f"{(struct.unpack('>I', digest[offset:offset + 4])[0] & 0x7FFFFFFF) % 1_000_000:06d}"


def _mfa(ctx: RequestContext):  # type: ignore[no-untyped-def]
    return c.table(ctx, "mfa")


def _device(ctx: RequestContext, serial: str) -> MfaDevice:
    device = _mfa(ctx).get(serial)
    if device is None:
        raise wire.NoSuchEntityExceptionError(f"VirtualMFADevice with serial number {serial} doesn't exist.")
    return device


def create_virtual_mfa_device(ctx: RequestContext, req: wire.CreateVirtualMFADeviceRequest) -> wire.CreateVirtualMFADeviceResponse:
    import segno

    path = c.check_path(req.get("Path"))
    serial = c.arn(ctx, "mfa", path, req["VirtualMFADeviceName"])
    if serial in _mfa(ctx):
        raise wire.EntityAlreadyExistsExceptionError("MFADevice entity at the same path and name already exists.")
    device = MfaDevice(serial, secrets.token_bytes(20), c.now(ctx))
    c.add_tags(device.tags, req.get("Tags"))
    _mfa(ctx)[serial] = device
    seed32 = base64.b32encode(device.seed).decode()
    png = io.BytesIO()
    segno.make(f"otpauth://totp/{req['VirtualMFADeviceName']}@{ctx.account}?secret={seed32}", error="m").save(png, kind="png", scale=4)
    out: wire.VirtualMFADevice = {"SerialNumber": serial, "Base32StringSeed": seed32.encode(), "QRCodePNG": png.getvalue()}
    if device.tags:
        out["Tags"] = c.tag_list(device.tags)
    return {"VirtualMFADevice": out}


def _codes_follow(ctx: RequestContext, device: MfaDevice, code1: str, code2: str) -> int:
    """The counter of `code2` when the codes are two consecutive ones near now; else refuse."""
    current = int(ctx.clock.now() // 30)
    for counter in range(current - 10, current + 2):
        if counter > device.last_counter and _totp(device.seed, counter) == code1 and _totp(device.seed, counter + 1) == code2:
            return counter + 1
    raise wire.InvalidAuthenticationCodeExceptionError("Authentication code for device is not valid.")


def enable_mfa_device(ctx: RequestContext, req: wire.EnableMFADeviceRequest) -> None:
    user = _the_user(ctx, req["UserName"])
    device = _device(ctx, req["SerialNumber"])
    if device.user:
        raise wire.EntityAlreadyExistsExceptionError("MFA device is already in use.")
    device.last_counter = _codes_follow(ctx, device, req["AuthenticationCode1"], req["AuthenticationCode2"])
    device.user, device.enabled = user.name, c.now(ctx)
    user.mfa.append(device.serial)
    _mfa(ctx).touch(device.serial)
    _touch(ctx, user)


def resync_mfa_device(ctx: RequestContext, req: wire.ResyncMFADeviceRequest) -> None:
    user = _the_user(ctx, req["UserName"])
    device = _device(ctx, req["SerialNumber"])
    if device.user != user.name:
        raise wire.NoSuchEntityExceptionError(f"MFA Device with serial number {req['SerialNumber']} not found for user {user.name}.")
    device.last_counter = _codes_follow(ctx, device, req["AuthenticationCode1"], req["AuthenticationCode2"])
    _mfa(ctx).touch(device.serial)


def deactivate_mfa_device(ctx: RequestContext, req: wire.DeactivateMFADeviceRequest) -> None:
    user = _caller_or(ctx, req.get("UserName"))
    device = _device(ctx, req["SerialNumber"])
    if device.user != user.name:
        raise wire.NoSuchEntityExceptionError(f"MFA Device with serial number {req['SerialNumber']} not found for user {user.name}.")
    device.user, device.enabled = "", 0.0
    user.mfa.remove(device.serial)
    _mfa(ctx).touch(device.serial)
    _touch(ctx, user)


def delete_virtual_mfa_device(ctx: RequestContext, req: wire.DeleteVirtualMFADeviceRequest) -> None:
    device = _device(ctx, req["SerialNumber"])
    if device.user:
        raise wire.DeleteConflictExceptionError("MFA device is still in use; deactivate it first.")
    del _mfa(ctx)[device.serial]


def list_mfa_devices(ctx: RequestContext, req: wire.ListMFADevicesRequest) -> wire.ListMFADevicesResponse:
    user = _caller_or(ctx, req.get("UserName"))
    devices = [_device(ctx, s) for s in user.mfa]
    return c.page(ctx, req, devices, lambda d: d.serial, "MFADevices",  # type: ignore[return-value]
                  lambda d: {"UserName": user.name, "SerialNumber": d.serial, "EnableDate": c.utc(d.enabled)})


def list_virtual_mfa_devices(ctx: RequestContext, req: wire.ListVirtualMFADevicesRequest) -> wire.ListVirtualMFADevicesResponse:
    status = req.get("AssignmentStatus", "Any")
    devices = [d for d in _mfa(ctx).values() if status == "Any" or (status == "Assigned") == bool(d.user)]

    def view(d: MfaDevice) -> wire.VirtualMFADevice:
        out: wire.VirtualMFADevice = {"SerialNumber": d.serial}
        if d.user:
            out["User"] = views.user(ctx, _the_user(ctx, d.user), tags=False)
            out["EnableDate"] = c.utc(d.enabled)
        if d.tags:
            out["Tags"] = c.tag_list(d.tags)
        return out

    return c.page(ctx, req, devices, lambda d: d.serial, "VirtualMFADevices", view)  # type: ignore[return-value]


def get_mfa_device(ctx: RequestContext, req: wire.GetMFADeviceRequest) -> wire.GetMFADeviceResponse:
    device = _device(ctx, req["SerialNumber"])
    if not device.user:
        raise wire.NoSuchEntityExceptionError(f"MFA Device with serial number {device.serial} is not assigned to a user.")
    return {"UserName": device.user, "SerialNumber": device.serial, "EnableDate": c.utc(device.enabled)}


def tag_mfa_device(ctx: RequestContext, req: wire.TagMFADeviceRequest) -> None:
    device = _device(ctx, req["SerialNumber"])
    c.add_tags(device.tags, req["Tags"])
    _mfa(ctx).touch(device.serial)


def untag_mfa_device(ctx: RequestContext, req: wire.UntagMFADeviceRequest) -> None:
    device = _device(ctx, req["SerialNumber"])
    c.remove_tags(device.tags, req["TagKeys"])
    _mfa(ctx).touch(device.serial)


def list_mfa_device_tags(ctx: RequestContext, req: wire.ListMFADeviceTagsRequest) -> wire.ListMFADeviceTagsResponse:
    device = _device(ctx, req["SerialNumber"])
    return c.page(ctx, req, list(device.tags.items()), lambda t: t[0], "Tags", lambda t: {"Key": t[0], "Value": t[1]})  # type: ignore[return-value]


# ---------------------------------------------------------------- SSH public keys


def upload_ssh_public_key(ctx: RequestContext, req: wire.UploadSSHPublicKeyRequest) -> wire.UploadSSHPublicKeyResponse:
    user = _the_user(ctx, req["UserName"])
    body = req["SSHPublicKeyBody"].strip()
    try:
        if body.startswith("-----BEGIN"):
            key = serialization.load_pem_public_key(body.encode())
        else:
            key = serialization.load_ssh_public_key(body.encode())
    except (ValueError, TypeError, AttributeError):
        raise wire.InvalidPublicKeyExceptionError("The public key is not a valid SSH or PEM public key.") from None
    blob = key.public_bytes(serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH)
    fingerprint = ":".join(f"{b:02x}" for b in hashlib.md5(base64.b64decode(blob.split()[1])).digest())
    if any(k.fingerprint == fingerprint for k in user.ssh_keys.values()):
        raise wire.DuplicateSSHPublicKeyExceptionError("The SSH public key has already been uploaded for this user.")
    if len(user.ssh_keys) >= c.MAX_SSH_KEYS:
        raise wire.LimitExceededExceptionError(f"Cannot exceed quota for SSHPublicKeysPerUser: {c.MAX_SSH_KEYS}")
    ssh = SshKey(c.new_id("APKA"), blob.decode(), fingerprint, "Active", c.now(ctx))
    user.ssh_keys[ssh.id] = ssh
    _touch(ctx, user)
    return {"SSHPublicKey": _ssh_view(user, ssh, "SSH")}


def _ssh_view(user: User, ssh: SshKey, encoding: str) -> wire.SSHPublicKey:
    body = ssh.body
    if encoding == "PEM":
        key = serialization.load_ssh_public_key(ssh.body.encode())
        body = key.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()
    return {"UserName": user.name, "SSHPublicKeyId": ssh.id, "Fingerprint": ssh.fingerprint, "SSHPublicKeyBody": body,
            "Status": ssh.status, "UploadDate": c.utc(ssh.uploaded)}


def _ssh(user: User, key_id: str) -> SshKey:
    found = user.ssh_keys.get(key_id)
    if found is None:
        raise wire.NoSuchEntityExceptionError(f"The Public Key with id {key_id} cannot be found.")
    return found


def get_ssh_public_key(ctx: RequestContext, req: wire.GetSSHPublicKeyRequest) -> wire.GetSSHPublicKeyResponse:
    user = _the_user(ctx, req["UserName"])
    return {"SSHPublicKey": _ssh_view(user, _ssh(user, req["SSHPublicKeyId"]), req["Encoding"])}


def update_ssh_public_key(ctx: RequestContext, req: wire.UpdateSSHPublicKeyRequest) -> None:
    user = _the_user(ctx, req["UserName"])
    _ssh(user, req["SSHPublicKeyId"]).status = req["Status"]
    _touch(ctx, user)


def delete_ssh_public_key(ctx: RequestContext, req: wire.DeleteSSHPublicKeyRequest) -> None:
    user = _the_user(ctx, req["UserName"])
    _ssh(user, req["SSHPublicKeyId"])
    del user.ssh_keys[req["SSHPublicKeyId"]]
    _touch(ctx, user)


def list_ssh_public_keys(ctx: RequestContext, req: wire.ListSSHPublicKeysRequest) -> wire.ListSSHPublicKeysResponse:
    user = _caller_or(ctx, req.get("UserName"))
    return c.page(ctx, req, list(user.ssh_keys.values()), lambda k: k.id, "SSHPublicKeys",  # type: ignore[return-value]
                  lambda k: {"UserName": user.name, "SSHPublicKeyId": k.id, "Status": k.status, "UploadDate": c.utc(k.uploaded)})


# ---------------------------------------------------------------- signing certificates


def _load_certificate(body: str) -> x509.Certificate:
    try:
        return x509.load_pem_x509_certificate(body.strip().encode())
    except ValueError:
        raise wire.MalformedCertificateExceptionError("Certificate is not a valid PEM-encoded X.509 certificate.") from None


def upload_signing_certificate(ctx: RequestContext, req: wire.UploadSigningCertificateRequest) -> wire.UploadSigningCertificateResponse:
    user = _caller_or(ctx, req.get("UserName"))
    cert = _load_certificate(req["CertificateBody"])
    cert_id = cert.fingerprint(hashes.SHA1()).hex().upper()[:32]
    if cert_id in user.signing_certs:
        raise wire.DuplicateCertificateExceptionError("The certificate has already been uploaded.")
    if len(user.signing_certs) >= c.MAX_SIGNING_CERTS:
        raise wire.LimitExceededExceptionError(f"Cannot exceed quota for SigningCertificatesPerUser: {c.MAX_SIGNING_CERTS}")
    signing = SigningCert(cert_id, req["CertificateBody"], "Active", c.now(ctx))
    user.signing_certs[cert_id] = signing
    _touch(ctx, user)
    return {"Certificate": _cert_view(user, signing)}


def _cert_view(user: User, cert: SigningCert) -> wire.SigningCertificate:
    return {"UserName": user.name, "CertificateId": cert.id, "CertificateBody": cert.body, "Status": cert.status,
            "UploadDate": c.utc(cert.uploaded)}


def _signing(user: User, cert_id: str) -> SigningCert:
    found = user.signing_certs.get(cert_id)
    if found is None:
        raise wire.NoSuchEntityExceptionError(f"The Certificate with id {cert_id} cannot be found.")
    return found


def update_signing_certificate(ctx: RequestContext, req: wire.UpdateSigningCertificateRequest) -> None:
    user = _caller_or(ctx, req.get("UserName"))
    _signing(user, req["CertificateId"]).status = req["Status"]
    _touch(ctx, user)


def delete_signing_certificate(ctx: RequestContext, req: wire.DeleteSigningCertificateRequest) -> None:
    user = _caller_or(ctx, req.get("UserName"))
    _signing(user, req["CertificateId"])
    del user.signing_certs[req["CertificateId"]]
    _touch(ctx, user)


def list_signing_certificates(ctx: RequestContext, req: wire.ListSigningCertificatesRequest) -> wire.ListSigningCertificatesResponse:
    user = _caller_or(ctx, req.get("UserName"))
    return c.page(ctx, req, list(user.signing_certs.values()), lambda k: k.id, "Certificates", lambda k: _cert_view(user, k))  # type: ignore[return-value]


# ---------------------------------------------------------------- service-specific credentials

_CREDENTIAL_SERVICES = ("codecommit.amazonaws.com", "cassandra.amazonaws.com", "bedrock.amazonaws.com")


def _service_credential_view(c_: ServiceCredential, secret: bool) -> wire.ServiceSpecificCredential:
    out: wire.ServiceSpecificCredential = {
        "CreateDate": c.utc(c_.created), "ServiceName": c_.service, "ServiceUserName": c_.user_name,
        "ServiceSpecificCredentialId": c_.id, "UserName": c_.user_name.split("-at-")[0], "Status": c_.status}
    if c_.expires:
        out["ExpirationDate"] = c.utc(c_.expires)
    if secret:
        out["ServicePassword"] = c_.password
    return out


def create_service_specific_credential(ctx: RequestContext, req: wire.CreateServiceSpecificCredentialRequest) -> wire.CreateServiceSpecificCredentialResponse:
    user = _the_user(ctx, req["UserName"])
    if req["ServiceName"] not in _CREDENTIAL_SERVICES:
        raise wire.ServiceNotSupportedExceptionError(f"Service {req['ServiceName']} is not supported for service specific credentials.")
    if sum(1 for s in user.service_credentials.values() if s.service == req["ServiceName"]) >= c.MAX_SERVICE_CREDENTIALS:
        raise wire.LimitExceededExceptionError(f"Cannot exceed quota for ServiceSpecificCredentialsPerUserPerService: {c.MAX_SERVICE_CREDENTIALS}")
    days = req.get("CredentialAgeDays")
    cred = ServiceCredential(c.new_id("ACCA"), req["ServiceName"], f"{user.name}-at-{ctx.account}",
                             base64.b64encode(secrets.token_bytes(33)).decode(), "Active", c.now(ctx),
                             c.now(ctx) + days * 86400 if days else 0.0)
    user.service_credentials[cred.id] = cred
    _touch(ctx, user)
    out = _service_credential_view(cred, True)
    out["UserName"] = user.name
    return {"ServiceSpecificCredential": out}


def _service_credential(user: User, cred_id: str) -> ServiceCredential:
    found = user.service_credentials.get(cred_id)
    if found is None:
        raise wire.NoSuchEntityExceptionError(f"No such credential {cred_id} exists")
    return found


def reset_service_specific_credential(ctx: RequestContext, req: wire.ResetServiceSpecificCredentialRequest) -> wire.ResetServiceSpecificCredentialResponse:
    user = _caller_or(ctx, req.get("UserName"))
    cred = _service_credential(user, req["ServiceSpecificCredentialId"])
    cred.password = base64.b64encode(secrets.token_bytes(33)).decode()
    _touch(ctx, user)
    out = _service_credential_view(cred, True)
    out["UserName"] = user.name
    return {"ServiceSpecificCredential": out}


def update_service_specific_credential(ctx: RequestContext, req: wire.UpdateServiceSpecificCredentialRequest) -> None:
    user = _caller_or(ctx, req.get("UserName"))
    _service_credential(user, req["ServiceSpecificCredentialId"]).status = req["Status"]
    _touch(ctx, user)


def delete_service_specific_credential(ctx: RequestContext, req: wire.DeleteServiceSpecificCredentialRequest) -> None:
    user = _caller_or(ctx, req.get("UserName"))
    _service_credential(user, req["ServiceSpecificCredentialId"])
    del user.service_credentials[req["ServiceSpecificCredentialId"]]
    _touch(ctx, user)


def list_service_specific_credentials(ctx: RequestContext, req: wire.ListServiceSpecificCredentialsRequest) -> wire.ListServiceSpecificCredentialsResponse:
    if req.get("AllUsers"):
        chosen = [(u, s) for u in _users(ctx).values() for s in u.service_credentials.values()]
    else:
        user = _caller_or(ctx, req.get("UserName"))
        chosen = [(user, s) for s in user.service_credentials.values()]
    chosen = [(u, s) for u, s in chosen if not req.get("ServiceName") or s.service == req["ServiceName"]]

    def view(pair: tuple[User, ServiceCredential]) -> wire.ServiceSpecificCredentialMetadata:
        user, cred = pair
        out: wire.ServiceSpecificCredentialMetadata = {
            "UserName": user.name, "Status": cred.status, "ServiceUserName": cred.user_name,
            "CreateDate": c.utc(cred.created), "ServiceSpecificCredentialId": cred.id, "ServiceName": cred.service}
        if cred.expires:
            out["ExpirationDate"] = c.utc(cred.expires)
        return out

    return c.page(ctx, req, chosen, lambda p: p[1].id, "ServiceSpecificCredentials", view)  # type: ignore[return-value]
