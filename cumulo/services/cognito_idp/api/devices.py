"""Devices, user sessions, auth events, auth factors, WebAuthn credentials, linked providers,
user import jobs (CSV), replicas, session settings and provisioned limits."""

from __future__ import annotations

import base64
import copy
import csv
import hashlib
import io
import secrets
import uuid
from typing import Any

from cumulo.core.context import RequestContext
from cumulo.core.errors import AwsError
from cumulo.generated import cognito_idp as wire
from cumulo.services.cognito_idp import common, flows, passkeys
from cumulo.services.cognito_idp.models import User, UserPool

_IMPORT_HEADER = ["name", "given_name", "family_name", "middle_name", "nickname", "preferred_username", "profile", "picture",
                  "website", "email", "email_verified", "gender", "birthdate", "zoneinfo", "locale", "phone_number",
                  "phone_number_verified", "address", "updated_at"]


# ---------------------------------------------------------------- devices


def _device(user: User, key: str) -> dict[str, Any]:
    found = user.devices.get(key)
    if found is None:
        raise AwsError("ResourceNotFoundException", "Device does not exist.")
    return found


def _device_view(device: dict[str, Any]) -> dict[str, Any]:
    return {"DeviceKey": device["DeviceKey"],
            "DeviceAttributes": [{"Name": k, "Value": v} for k, v in device.get("attributes", {}).items()],
            "DeviceCreateDate": common.utc(device["created"]), "DeviceLastModifiedDate": common.utc(device["modified"]),
            "DeviceLastAuthenticatedDate": common.utc(device["last"])}


def _confirmed_devices(user: User) -> list[dict[str, Any]]:
    return sorted((d for d in user.devices.values() if d.get("confirmed")), key=lambda d: d["created"])


def confirm_device(ctx: RequestContext, req: wire.ConfirmDeviceRequest) -> dict[str, Any]:
    pool, user, _ = common.by_token(ctx, req["AccessToken"])
    device = _device(user, req["DeviceKey"])
    now = ctx.clock.now()
    device.update(confirmed=True, modified=now, verifier=copy.deepcopy(req.get("DeviceSecretVerifierConfig", {})))
    device["attributes"] = {"device_name": req.get("DeviceName", ""), "device_status": "valid",
                            "last_ip_used": ctx.request.client if ctx.request else "127.0.0.1"}
    prompt = (pool.config.get("DeviceConfiguration") or {}).get("DeviceOnlyRememberedOnUserPrompt", False)
    device["attributes"]["dev:device_remembered_status"] = "not_remembered" if prompt else "remembered"
    common.save_user(ctx, pool, user)
    return {"UserConfirmationNecessary": bool(prompt)}


def _set_status(ctx: RequestContext, pool: UserPool, user: User, key: str, status: str | None) -> None:
    device = _device(user, key)
    device.setdefault("attributes", {})["dev:device_remembered_status"] = status or "not_remembered"
    device["modified"] = ctx.clock.now()
    common.save_user(ctx, pool, user)


def update_device_status(ctx: RequestContext, req: wire.UpdateDeviceStatusRequest) -> dict[str, Any]:
    pool, user, _ = common.by_token(ctx, req["AccessToken"])
    _set_status(ctx, pool, user, req["DeviceKey"], req.get("DeviceRememberedStatus"))
    return {}


def admin_update_device_status(ctx: RequestContext, req: wire.AdminUpdateDeviceStatusRequest) -> dict[str, Any]:
    pool = common.pool(ctx, req["UserPoolId"])
    _set_status(ctx, pool, common.user(ctx, pool, req["Username"]), req["DeviceKey"], req.get("DeviceRememberedStatus"))
    return {}


def get_device(ctx: RequestContext, req: wire.GetDeviceRequest) -> dict[str, Any]:
    _, user, _ = common.by_token(ctx, req.get("AccessToken", ""))
    return {"Device": _device_view(_device(user, req["DeviceKey"]))}


def admin_get_device(ctx: RequestContext, req: wire.AdminGetDeviceRequest) -> dict[str, Any]:
    pool = common.pool(ctx, req["UserPoolId"])
    return {"Device": _device_view(_device(common.user(ctx, pool, req["Username"]), req["DeviceKey"]))}


def _forget(ctx: RequestContext, pool: UserPool, user: User, key: str) -> None:
    _device(user, key)
    del user.devices[key]
    common.save_user(ctx, pool, user)


def forget_device(ctx: RequestContext, req: wire.ForgetDeviceRequest) -> dict[str, Any]:
    pool, user, _ = common.by_token(ctx, req.get("AccessToken", ""))
    _forget(ctx, pool, user, req["DeviceKey"])
    return {}


def admin_forget_device(ctx: RequestContext, req: wire.AdminForgetDeviceRequest) -> dict[str, Any]:
    pool = common.pool(ctx, req["UserPoolId"])
    _forget(ctx, pool, common.user(ctx, pool, req["Username"]), req["DeviceKey"])
    return {}


def _list_devices(user: User, limit: int | None, token: str | None) -> dict[str, Any]:
    chunk, next_token = common.page(_confirmed_devices(user), limit, token)
    return {"Devices": [_device_view(d) for d in chunk], **({"PaginationToken": next_token} if next_token else {})}


def list_devices(ctx: RequestContext, req: wire.ListDevicesRequest) -> dict[str, Any]:
    _, user, _ = common.by_token(ctx, req["AccessToken"])
    return _list_devices(user, req.get("Limit"), req.get("PaginationToken"))


def admin_list_devices(ctx: RequestContext, req: wire.AdminListDevicesRequest) -> dict[str, Any]:
    pool = common.pool(ctx, req["UserPoolId"])
    return _list_devices(common.user(ctx, pool, req["Username"]), req.get("Limit"), req.get("PaginationToken"))


# ---------------------------------------------------------------- sessions, events, factors


def _user_sessions(ctx: RequestContext, pool: UserPool, user: User, current: str = "") -> list[dict[str, Any]]:
    found = sorted((s for s in common.sessions(ctx, pool).values()
                    if s.pool_id == pool.id and s.username == user.username and not s.revoked and s.expires > ctx.clock.now()),
                   key=lambda s: s.auth_time)
    return [{"SessionId": _session_id(s.origin_jti), "SessionType": "TOKEN", "ClientId": s.client_id, "CreateDate": common.utc(s.auth_time),
             "LastActiveDate": common.utc(s.auth_time), "IsCurrentSession": s.origin_jti == current} for s in found]


def list_user_sessions(ctx: RequestContext, req: wire.ListUserSessionsRequest) -> dict[str, Any]:
    pool, user, claims = common.by_token(ctx, req["AccessToken"])
    chunk, token = common.page(_user_sessions(ctx, pool, user, claims.get("origin_jti", "")), None, req.get("NextToken"))
    return {"Sessions": chunk, **({"NextToken": token} if token else {})}


def admin_list_user_sessions(ctx: RequestContext, req: wire.AdminListUserSessionsRequest) -> dict[str, Any]:
    pool = common.pool(ctx, req["UserPoolId"])
    chunk, token = common.page(_user_sessions(ctx, pool, common.user(ctx, pool, req["Username"])), None, req.get("NextToken"))
    return {"Sessions": chunk, **({"NextToken": token} if token else {})}


def _session_id(origin_jti: str) -> str:
    """The session's id as AWS shapes it (tkn + 25 characters), derived from its origin jti."""
    return "tkn" + hashlib.sha256(origin_jti.encode()).hexdigest()[:25]


def _revoke_session(ctx: RequestContext, pool: UserPool, user: User, session_id: str) -> None:
    table = common.sessions(ctx, pool)
    for jti, session in table.items():
        if _session_id(jti) == session_id and session.username == user.username and session.pool_id == pool.id:
            session.revoked = True
            table.touch(jti)
            return
    raise AwsError("ResourceNotFoundException", f"Session {session_id} does not exist.")


def revoke_user_session(ctx: RequestContext, req: wire.RevokeUserSessionRequest) -> dict[str, Any]:
    pool, user, _ = common.by_token(ctx, req["AccessToken"])
    _revoke_session(ctx, pool, user, req["SessionId"])
    return {}


def admin_revoke_user_session(ctx: RequestContext, req: wire.AdminRevokeUserSessionRequest) -> dict[str, Any]:
    pool = common.pool(ctx, req["UserPoolId"])
    _revoke_session(ctx, pool, common.user(ctx, pool, req["Username"]), req["SessionId"])
    return {}


def admin_list_user_auth_events(ctx: RequestContext, req: wire.AdminListUserAuthEventsRequest) -> dict[str, Any]:
    pool = common.pool(ctx, req["UserPoolId"])
    user = common.user(ctx, pool, req["Username"])
    events = [{**e, "CreationDate": common.utc(e["CreationDate"])} for e in reversed(user.auth_events)]
    chunk, token = common.page(events, req.get("MaxResults"), req.get("NextToken"))
    return {"AuthEvents": chunk, **({"NextToken": token} if token else {})}


def _feedback(ctx: RequestContext, pool: UserPool, user: User, event_id: str, value: str) -> None:
    for event in user.auth_events:
        if event["EventId"] == event_id:
            event["EventFeedback"] = {"FeedbackValue": value, "Provider": "Admin", "FeedbackDate": common.utc(ctx.clock.now())}
            common.save_user(ctx, pool, user)
            return
    raise AwsError("ResourceNotFoundException", f"Auth event {event_id} does not exist.")


def admin_update_auth_event_feedback(ctx: RequestContext, req: wire.AdminUpdateAuthEventFeedbackRequest) -> dict[str, Any]:
    pool = common.pool(ctx, req["UserPoolId"])
    _feedback(ctx, pool, common.user(ctx, pool, req["Username"]), req["EventId"], req["FeedbackValue"])
    return {}


def update_auth_event_feedback(ctx: RequestContext, req: wire.UpdateAuthEventFeedbackRequest) -> dict[str, Any]:
    pool = common.pool(ctx, req["UserPoolId"])
    _feedback(ctx, pool, common.user(ctx, pool, req["Username"]), req["EventId"], req["FeedbackValue"])
    return {}


def _factors(user: User) -> dict[str, Any]:
    factors = ["PASSWORD"] if user.password_hash else []
    factors += [f for f, on in (("EMAIL_OTP", "EMAIL_OTP" in user.mfa_enabled), ("SMS_OTP", "SMS_MFA" in user.mfa_enabled),
                                ("WEB_AUTHN", bool(passkeys.credentials(user)))) if on]
    out: dict[str, Any] = {"Username": user.username, "UserMFASettingList": user.mfa_settings, "ConfiguredUserAuthFactors": factors}
    if user.mfa_preferred:
        out["PreferredMfaSetting"] = user.mfa_preferred
    return out


def get_user_auth_factors(ctx: RequestContext, req: wire.GetUserAuthFactorsRequest) -> dict[str, Any]:
    _, user, _ = common.by_token(ctx, req["AccessToken"])
    return _factors(user)


def admin_get_user_auth_factors(ctx: RequestContext, req: wire.AdminGetUserAuthFactorsRequest) -> dict[str, Any]:
    pool = common.pool(ctx, req["UserPoolId"])
    return _factors(common.user(ctx, pool, req["Username"]))


def admin_delete_software_token(ctx: RequestContext, req: wire.AdminDeleteSoftwareTokenRequest) -> dict[str, Any]:
    pool = common.pool(ctx, req["UserPoolId"])
    user = common.user(ctx, pool, req["Username"])
    user.totp_secret = user.totp_pending = ""
    user.mfa_enabled.discard("SOFTWARE_TOKEN_MFA")
    if user.mfa_preferred == "SOFTWARE_TOKEN_MFA":
        user.mfa_preferred = ""
    common.save_user(ctx, pool, user)
    return {}


# ---------------------------------------------------------------- WebAuthn (passkeys)


def _passkeys_on(pool: UserPool) -> None:
    factors = ((pool.config.get("Policies") or {}).get("SignInPolicy") or {}).get("AllowedFirstAuthFactors") or []
    if "WEB_AUTHN" not in factors:
        raise AwsError("WebAuthnNotEnabledException", "Passkey sign-in is not enabled for this user pool.")
    if not ((pool.mfa.get("WebAuthnConfiguration") or {}).get("RelyingPartyId") or pool.domain or pool.custom_domain):
        raise AwsError("WebAuthnConfigurationMissingException",
                       "The user pool has no domain and no WebAuthn relying party id.")


def start_web_authn_registration(ctx: RequestContext, req: wire.StartWebAuthnRegistrationRequest) -> dict[str, Any]:
    pool, user, _ = common.by_token(ctx, req["AccessToken"])
    _passkeys_on(pool)
    challenge = secrets.token_bytes(32)
    user.codes["webauthn"] = (base64.urlsafe_b64encode(challenge).rstrip(b"=").decode(), ctx.clock.now() + passkeys.TIMEOUT_MS / 1000)
    common.save_user(ctx, pool, user)
    return {"CredentialCreationOptions": passkeys.creation_options(pool, user, challenge)}


def complete_web_authn_registration(ctx: RequestContext, req: wire.CompleteWebAuthnRegistrationRequest) -> dict[str, Any]:
    """Verifies the authenticator's attestation against the challenge StartWebAuthnRegistration gave
    and keeps the credential's public key and sign counter."""
    pool, user, _ = common.by_token(ctx, req["AccessToken"])
    _passkeys_on(pool)
    expected, expires = user.codes.pop("webauthn", ("", 0.0))
    common.save_user(ctx, pool, user)
    if not expected or expires < ctx.clock.now():
        raise AwsError("WebAuthnChallengeNotFoundException", "The registration challenge was not found or has expired.")
    row = passkeys.register(pool, user, req["Credential"], base64.urlsafe_b64decode(expected + "=" * (-len(expected) % 4)),
                            ctx.clock.now())
    user.providers.append(row)
    common.save_user(ctx, pool, user)
    return {}


def list_web_authn_credentials(ctx: RequestContext, req: wire.ListWebAuthnCredentialsRequest) -> dict[str, Any]:
    _, user, _ = common.by_token(ctx, req["AccessToken"])
    creds = [{"CredentialId": p["id"], "FriendlyCredentialName": p["name"], "RelyingPartyId": p["rp"],
              "AuthenticatorAttachment": p["attachment"], "AuthenticatorTransports": p["transports"],
              "CreatedAt": common.utc(p["created"])} for p in user.providers if p.get("webauthn")]
    chunk, token = common.page(creds, req.get("MaxResults"), req.get("NextToken"), 20)
    return {"Credentials": chunk, **({"NextToken": token} if token else {})}


def delete_web_authn_credential(ctx: RequestContext, req: wire.DeleteWebAuthnCredentialRequest) -> dict[str, Any]:
    pool, user, _ = common.by_token(ctx, req["AccessToken"])
    kept = [p for p in user.providers if not (p.get("webauthn") and p["id"] == req["CredentialId"])]
    if len(kept) == len(user.providers):
        raise AwsError("ResourceNotFoundException", f"Credential {req['CredentialId']} does not exist.")
    user.providers = kept
    common.save_user(ctx, pool, user)
    return {}


# ---------------------------------------------------------------- linked providers


def admin_link_provider_for_user(ctx: RequestContext, req: wire.AdminLinkProviderForUserRequest) -> dict[str, Any]:
    pool = common.pool(ctx, req["UserPoolId"])
    destination = req["DestinationUser"]
    user = common.user(ctx, pool, destination.get("ProviderAttributeValue", ""))
    source = dict(req["SourceUser"])
    if source.get("ProviderName") not in common.named(ctx, pool, "providers"):
        raise AwsError("InvalidParameterException", f"The provider {source.get('ProviderName')} does not exist.")
    if any(p.get("ProviderName") == source["ProviderName"] and p.get("ProviderAttributeValue") == source.get("ProviderAttributeValue")
           for u in common.users(ctx, pool).values() for p in u.providers):
        raise AwsError("AliasExistsException", "The source user is already linked to a user.")
    user.providers.append(source)
    common.save_user(ctx, pool, user)
    return {}


def admin_disable_provider_for_user(ctx: RequestContext, req: wire.AdminDisableProviderForUserRequest) -> dict[str, Any]:
    pool = common.pool(ctx, req["UserPoolId"])
    target = req["User"]
    for key, user in common.users(ctx, pool).items():
        kept = [p for p in user.providers if not (p.get("ProviderName") == target.get("ProviderName")
                                                   and p.get("ProviderAttributeValue") == target.get("ProviderAttributeValue"))]
        if len(kept) != len(user.providers):
            user.providers = kept
            common.users(ctx, pool).touch(key)
            return {}
    raise AwsError("ResourceNotFoundException", "The user linked to the provider does not exist.")


# ---------------------------------------------------------------- user import


def get_csv_header(ctx: RequestContext, req: wire.GetCSVHeaderRequest) -> dict[str, Any]:
    pool = common.pool(ctx, req["UserPoolId"])
    custom = [n for n in pool.schema if n.startswith("custom:")]
    return {"UserPoolId": pool.id, "CSVHeader": _IMPORT_HEADER + custom + ["cognito:mfa_enabled", "cognito:username"]}


def _job_view(job: dict[str, Any]) -> dict[str, Any]:
    return {k: (common.utc(v) if k.endswith("Date") and isinstance(v, float) else v) for k, v in job.items() if not k.startswith("_")}


def create_user_import_job(ctx: RequestContext, req: wire.CreateUserImportJobRequest) -> dict[str, Any]:
    pool = common.pool(ctx, req["UserPoolId"])
    job_id = f"import-{common.new_id(10)}"
    host = flows.host(ctx)
    job = {"JobName": req["JobName"], "JobId": job_id, "UserPoolId": pool.id, "CreationDate": ctx.clock.now(),
           "PreSignedUrl": f"http://{host}/_cumulo/cognito/import/{pool.id}/{job_id}", "Status": "Created",
           "CloudWatchLogsRoleArn": req["CloudWatchLogsRoleArn"], "ImportedUsers": 0, "SkippedUsers": 0, "FailedUsers": 0}
    if req.get("PasswordHashingAlgorithm"):
        job["PasswordHashingAlgorithm"] = req["PasswordHashingAlgorithm"]
    common.named(ctx, pool, "import_jobs")[job_id] = job
    return {"UserImportJob": _job_view(job)}


def _job(ctx: RequestContext, pool: UserPool, job_id: str) -> dict[str, Any]:
    job: dict[str, Any] | None = common.named(ctx, pool, "import_jobs").get(job_id)
    if job is None:
        raise AwsError("ResourceNotFoundException", f"Import job {job_id} does not exist.")
    return job


def describe_user_import_job(ctx: RequestContext, req: wire.DescribeUserImportJobRequest) -> dict[str, Any]:
    pool = common.pool(ctx, req["UserPoolId"])
    return {"UserImportJob": _job_view(_job(ctx, pool, req["JobId"]))}


def list_user_import_jobs(ctx: RequestContext, req: wire.ListUserImportJobsRequest) -> dict[str, Any]:
    pool = common.pool(ctx, req["UserPoolId"])
    jobs = sorted(common.named(ctx, pool, "import_jobs").values(), key=lambda j: j["CreationDate"])
    chunk, token = common.page(jobs, req["MaxResults"], req.get("PaginationToken"))
    return {"UserImportJobs": [_job_view(j) for j in chunk], **({"PaginationToken": token} if token else {})}


def start_user_import_job(ctx: RequestContext, req: wire.StartUserImportJobRequest) -> dict[str, Any]:
    """Imports the uploaded CSV now: each row a RESET_REQUIRED user (as AWS imports them)."""
    pool = common.pool(ctx, req["UserPoolId"])
    job = _job(ctx, pool, req["JobId"])
    if job["Status"] != "Created":
        raise AwsError("PreconditionNotMetException", f"Import job {job['JobId']} is not in Created state.")
    now = ctx.clock.now()
    job.update(Status="InProgress", StartDate=now)
    imported = skipped = failed = 0
    header = get_csv_header(ctx, {"UserPoolId": pool.id})["CSVHeader"]
    rows = list(csv.DictReader(io.StringIO(job.pop("_csv", ""))))
    users = common.users(ctx, pool)
    for row in rows:
        username = (row.get("cognito:username") or "").strip()
        if not username or any(k not in header for k in row if k):
            failed += 1
            continue
        if common.user_or_none(ctx, pool, username) is not None:
            skipped += 1
            continue
        sub = str(uuid.uuid4())
        attrs = {k: v for k, v in row.items() if k in pool.schema and v not in ("", None)}
        user = User(username=username, sub=sub, created=now, modified=now, attributes={"sub": sub, **attrs}, status="RESET_REQUIRED")
        if (row.get("cognito:mfa_enabled") or "").lower() == "true":
            user.mfa_enabled.add("SMS_MFA")
        users[pool.key_of(username)] = user
        imported += 1
    job.update(Status="Succeeded" if not failed else ("Failed" if not imported else "Succeeded"), CompletionDate=ctx.clock.now(),
               ImportedUsers=imported, SkippedUsers=skipped, FailedUsers=failed,
               CompletionMessage="Import Job Completed Successfully." if not failed else f"{failed} users failed to import.")
    common.named(ctx, pool, "import_jobs").touch(job["JobId"])
    return {"UserImportJob": _job_view(job)}


def stop_user_import_job(ctx: RequestContext, req: wire.StopUserImportJobRequest) -> dict[str, Any]:
    pool = common.pool(ctx, req["UserPoolId"])
    job = _job(ctx, pool, req["JobId"])
    if job["Status"] not in ("Created", "Pending", "InProgress"):
        raise AwsError("PreconditionNotMetException", f"Import job {job['JobId']} can not be stopped in state {job['Status']}.")
    job.update(Status="Stopped", CompletionDate=ctx.clock.now(), CompletionMessage="Import Job Stopped.")
    common.named(ctx, pool, "import_jobs").touch(job["JobId"])
    return {"UserImportJob": _job_view(job)}


# ---------------------------------------------------------------- replicas, session settings, limits, client tokens


def _replicas(pool: UserPool) -> dict[str, dict[str, Any]]:
    return pool.mfa.setdefault("_replicas", {})


def create_user_pool_replica(ctx: RequestContext, req: wire.CreateUserPoolReplicaRequest) -> dict[str, Any]:
    pool = common.pool(ctx, req["UserPoolId"])
    region = req["RegionName"]
    if region == pool.region or region in _replicas(pool):
        raise AwsError("InvalidParameterException", f"A replica of {pool.id} already exists in {region}.")
    replica = {"RegionName": region, "Status": "ACTIVE", "Role": "SECONDARY",
               "UserPoolArn": f"arn:aws:cognito-idp:{region}:{pool.account}:userpool/{pool.id}"}
    _replicas(pool)[region] = replica
    common.touch(ctx, pool)
    return {"UserPoolReplica": dict(replica)}


def _replica(pool: UserPool, region: str) -> dict[str, Any]:
    found = _replicas(pool).get(region)
    if found is None:
        raise AwsError("ResourceNotFoundException", f"No replica of {pool.id} in {region}.")
    return found


def update_user_pool_replica(ctx: RequestContext, req: wire.UpdateUserPoolReplicaRequest) -> dict[str, Any]:
    pool = common.pool(ctx, req["UserPoolId"])
    replica = _replica(pool, req["RegionName"])
    replica["Status"] = req["Status"]
    common.touch(ctx, pool)
    return {"UserPoolReplica": dict(replica)}


def delete_user_pool_replica(ctx: RequestContext, req: wire.DeleteUserPoolReplicaRequest) -> dict[str, Any]:
    pool = common.pool(ctx, req["UserPoolId"])
    replica = _replicas(pool).pop(req["RegionName"], None) or _replica(pool, req["RegionName"])
    common.touch(ctx, pool)
    return {"UserPoolReplica": {**replica, "Status": "DELETING"}}


def list_user_pool_replicas(ctx: RequestContext, req: wire.ListUserPoolReplicasRequest) -> dict[str, Any]:
    pool = common.pool(ctx, req["UserPoolId"])
    primary = {"RegionName": pool.region, "Status": "ACTIVE", "Role": "PRIMARY", "UserPoolArn": pool.arn}
    return {"UserPoolReplicas": [primary] + [dict(r) for r in _replicas(pool).values()]}


def set_user_pool_session_configuration(ctx: RequestContext, req: wire.SetUserPoolSessionConfigurationRequest) -> dict[str, Any]:
    pool = common.pool(ctx, req["UserPoolId"])
    pool.mfa["_session"] = {"UserSessionTracking": req["UserSessionTracking"], "TokenSession": dict(req["TokenSession"])}
    common.touch(ctx, pool)
    return {"UserPoolId": pool.id, **copy.deepcopy(pool.mfa["_session"])}


def get_user_pool_session_configuration(ctx: RequestContext, req: wire.GetUserPoolSessionConfigurationRequest) -> dict[str, Any]:
    pool = common.pool(ctx, req["UserPoolId"])
    return {"UserPoolId": pool.id, **copy.deepcopy(pool.mfa.get("_session") or {"UserSessionTracking": "DISABLED"})}


def set_user_pool_client_session_configuration(ctx: RequestContext, req: wire.SetUserPoolClientSessionConfigurationRequest) -> dict[str, Any]:
    pool = common.pool(ctx, req["UserPoolId"])
    client = common.client(ctx, pool, req["ClientId"])
    client.config["_sso"] = dict(req["SSOSession"])
    common.clients(ctx, pool).touch(client.id)
    return {"UserPoolId": pool.id, "ClientId": client.id, "SSOSession": dict(client.config["_sso"])}


def get_user_pool_client_session_configuration(ctx: RequestContext, req: wire.GetUserPoolClientSessionConfigurationRequest) -> dict[str, Any]:
    pool = common.pool(ctx, req["UserPoolId"])
    client = common.client(ctx, pool, req["ClientId"])
    return {"UserPoolId": pool.id, "ClientId": client.id, **({"SSOSession": dict(client.config["_sso"])} if "_sso" in client.config else {})}


_FREE_LIMITS = {"UserAuthentication": 120, "UserCreation": 50, "UserFederation": 25, "UserRead": 120, "UserAccountRecovery": 30,
                "UserUpdate": 25, "UserList": 30, "UserResourceRead": 50, "UserResourceUpdate": 25, "UserToken": 120,
                "ClientAuthentication": 150}


def _limit(ctx: RequestContext, definition: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    category = (definition.get("Attributes") or {}).get("Category") or (definition.get("Attributes") or {}).get("category", "")
    if category not in _FREE_LIMITS:
        raise AwsError("InvalidParameterException", f"Unknown API category {category!r}.")
    stored = common.global_table(ctx.store, "limits").get(f"{ctx.account}/{ctx.region}/{category}")
    return category, stored or {"ProvisionedLimitValue": _FREE_LIMITS[category]}


def get_provisioned_limit(ctx: RequestContext, req: wire.GetProvisionedLimitRequest) -> dict[str, Any]:
    category, stored = _limit(ctx, dict(req["LimitDefinition"]))
    return {"Limit": {"LimitDefinition": copy.deepcopy(req["LimitDefinition"]), "ProvisionedLimitValue": stored["ProvisionedLimitValue"],
                      "FreeLimitValue": _FREE_LIMITS[category]}}


def update_provisioned_limit(ctx: RequestContext, req: wire.UpdateProvisionedLimitRequest) -> dict[str, Any]:
    category, _ = _limit(ctx, dict(req["LimitDefinition"]))
    common.global_table(ctx.store, "limits")[f"{ctx.account}/{ctx.region}/{category}"] = {"ProvisionedLimitValue": req["RequestedLimitValue"]}
    return get_provisioned_limit(ctx, {"LimitDefinition": req["LimitDefinition"]})


async def get_client_token(ctx: RequestContext, req: wire.GetClientTokenRequest) -> dict[str, Any]:
    """A client-credentials access token through the API (what /oauth2/token answers)."""
    pool, client = common.client_anywhere(ctx, req["ClientId"])
    if not client.secret or req["Secret"] not in [client.secret] + [s["ClientSecretValue"] for s in client.extra_secrets]:
        raise AwsError("NotAuthorizedException", f"Unable to verify secret for client {client.id}")
    if "client_credentials" not in (client.config.get("AllowedOAuthFlows") or []):
        raise AwsError("NotAuthorizedException", "Client is not allowed the client_credentials flow.")
    allowed = [s for s in client.config.get("AllowedOAuthScopes") or [] if "/" in s]
    asked = list(req.get("Scopes", []))
    if any(s not in allowed for s in asked):
        raise AwsError("InvalidParameterException", "Invalid scope requested.")
    token, ttl = await flows.machine_token(ctx, pool, client, asked or allowed, dict(req.get("ClientMetadata", {})))
    return {"ClientAuthenticationResult": {"AccessToken": token, "ExpiresIn": ttl, "TokenType": "Bearer"}}
