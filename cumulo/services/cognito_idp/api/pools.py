"""User pools: create, describe, update (AWS resets what an update leaves out), delete,
custom attributes, MFA configuration, signing certificate, tags, and the pool-wide
settings that are recorded and read back (risk, log delivery, limits, sessions)."""

from __future__ import annotations

import copy
import datetime
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.x509.oid import NameOID

from cumulo.core.context import RequestContext
from cumulo.core.errors import AwsError
from cumulo.generated import cognito_idp as wire
from cumulo.services.cognito_idp import common, passwords, tokens
from cumulo.services.cognito_idp.models import UserPool

# Settings CreateUserPool and UpdateUserPool take, stored as given; defaults as AWS shows them.
_SETTINGS = (
    "Policies", "DeletionProtection", "LambdaConfig", "AutoVerifiedAttributes", "AliasAttributes", "UsernameAttributes",
    "SmsVerificationMessage", "EmailVerificationMessage", "EmailVerificationSubject", "VerificationMessageTemplate",
    "SmsAuthenticationMessage", "MfaConfiguration", "UserAttributeUpdateSettings", "DeviceConfiguration",
    "EmailConfiguration", "SmsConfiguration", "AdminCreateUserConfig", "UserPoolAddOns", "UsernameConfiguration",
    "AccountRecoverySetting", "UserPoolTier", "DcrConfiguration", "KeyConfiguration", "IssuerConfiguration", "AcrConfiguration",
)
_NOT_UPDATABLE = ("AliasAttributes", "UsernameAttributes", "UsernameConfiguration")
_MAX_POOLS_PAGE = 60


def _defaults() -> dict[str, Any]:
    return {
        "Policies": {"PasswordPolicy": dict(passwords.DEFAULT_POLICY), "SignInPolicy": {"AllowedFirstAuthFactors": ["PASSWORD"]}},
        "DeletionProtection": "INACTIVE",
        "LambdaConfig": {},
        "MfaConfiguration": "OFF",
        "VerificationMessageTemplate": {"DefaultEmailOption": "CONFIRM_WITH_CODE"},
        "AdminCreateUserConfig": {"AllowAdminCreateUserOnly": False, "UnusedAccountValidityDays": 7},
        "EmailConfiguration": {"EmailSendingAccount": "COGNITO_DEFAULT"},
        "AccountRecoverySetting": {"RecoveryMechanisms": [{"Priority": 1, "Name": "verified_email"},
                                                          {"Priority": 2, "Name": "verified_phone_number"}]},
        "UserPoolTier": "ESSENTIALS",
    }


def _settings(given: dict[str, Any], base: dict[str, Any]) -> dict[str, Any]:
    config = {**base, **{k: copy.deepcopy(given[k]) for k in _SETTINGS if k in given}}
    policy = config.get("Policies", {}).get("PasswordPolicy")
    if policy is not None:
        # A policy given is taken as given: what it leaves out is off (AWS's defaults of
        # "all required" hold only for a pool created with no policy at all).
        config["Policies"]["PasswordPolicy"] = {"MinimumLength": 8, "RequireUppercase": False, "RequireLowercase": False,
                                                "RequireNumbers": False, "RequireSymbols": False,
                                                "TemporaryPasswordValidityDays": 7, **policy}
        if not 6 <= config["Policies"]["PasswordPolicy"]["MinimumLength"] <= 99:
            raise AwsError("InvalidParameterException", "Password policy minimum length must be between 6 and 99.")
    if config.get("AliasAttributes") and config.get("UsernameAttributes"):
        raise AwsError("InvalidParameterException",
                       "Only one of the aliasAttributes or usernameAttributes can be set in a User Pool.")
    if config.get("MfaConfiguration") in ("ON", "OPTIONAL") and given.get("MfaConfiguration") and not (
            config.get("SmsConfiguration") or config.get("EmailConfiguration", {}).get("EmailSendingAccount") == "DEVELOPER"):
        pass  # AWS needs an SMS role for SMS MFA; TOTP-only pools are configured with SetUserPoolMfaConfig.
    template = config.setdefault("VerificationMessageTemplate", {"DefaultEmailOption": "CONFIRM_WITH_CODE"})
    for old, new in (("SmsVerificationMessage", "SmsMessage"), ("EmailVerificationMessage", "EmailMessage"),
                     ("EmailVerificationSubject", "EmailSubject")):
        if config.get(old) and not template.get(new):
            template[new] = config[old]
    return config


def _view(ctx: RequestContext, pool: UserPool) -> dict[str, Any]:
    out: dict[str, Any] = {
        "Id": pool.id, "Name": pool.name, "Arn": pool.arn, "Status": "Enabled",
        "CreationDate": common.utc(pool.created), "LastModifiedDate": common.utc(pool.modified),
        "SchemaAttributes": list(pool.schema.values()),
        "EstimatedNumberOfUsers": len(common.users(ctx, pool)),
        "UserPoolTags": dict(pool.tags),
        **copy.deepcopy(pool.config),
    }
    if pool.domain:
        out["Domain"] = pool.domain
    if pool.custom_domain:
        out["CustomDomain"] = pool.custom_domain
    return out


def create_user_pool(ctx: RequestContext, req: wire.CreateUserPoolRequest) -> dict[str, Any]:
    now = ctx.clock.now()
    config = _settings(dict(req), _defaults())
    pool = UserPool(id=common.new_pool_id(ctx.region), name=req["PoolName"], account=ctx.account, region=ctx.region,
                    created=now, modified=now, config=config, tags=dict(req.get("UserPoolTags", {})))
    common.tags_check(pool.tags)
    pool.schema = common.default_schema()
    for attr in req.get("Schema", []):
        common.add_schema_attribute(pool.schema, dict(attr), custom=False)
    for name in config.get("UsernameAttributes") or []:
        if name not in ("email", "phone_number"):
            raise AwsError("InvalidParameterException", f"Invalid username attribute {name}.")
    for name in config.get("AliasAttributes") or []:
        if name not in ("email", "phone_number", "preferred_username"):
            raise AwsError("InvalidParameterException", f"Invalid alias attribute {name}.")
    pool.mfa = {}
    if config.get("MfaConfiguration", "OFF") != "OFF" and config.get("SmsConfiguration"):
        pool.mfa["SmsMfaConfiguration"] = {"SmsConfiguration": config["SmsConfiguration"],
                                           "SmsAuthenticationMessage": config.get("SmsAuthenticationMessage", "")}
    common.pools(ctx)[pool.id] = pool
    common.global_table(ctx.store, "pool_index")[pool.id] = ctx.account
    return {"UserPool": _view(ctx, pool)}


def describe_user_pool(ctx: RequestContext, req: wire.DescribeUserPoolRequest) -> dict[str, Any]:
    return {"UserPool": _view(ctx, common.pool(ctx, req["UserPoolId"]))}


def update_user_pool(ctx: RequestContext, req: wire.UpdateUserPoolRequest) -> dict[str, Any]:
    pool = common.pool(ctx, req["UserPoolId"])
    kept = {k: pool.config[k] for k in _NOT_UPDATABLE if k in pool.config}
    pool.config = {**_settings(dict(req), _defaults()), **kept}
    if "UserPoolTags" in req:
        pool.tags = dict(req["UserPoolTags"])
    if req.get("PoolName"):
        pool.name = req["PoolName"]
    pool.modified = ctx.clock.now()
    common.touch(ctx, pool)
    return {}


def delete_user_pool(ctx: RequestContext, req: wire.DeleteUserPoolRequest) -> dict[str, Any]:
    pool = common.pool(ctx, req["UserPoolId"])
    if pool.config.get("DeletionProtection") == "ACTIVE":
        raise AwsError("InvalidParameterException",
                       "The user pool cannot be deleted because deletion protection is activated. "
                       "Deletion protection must be inactivated first.")
    clients = common.clients(ctx, pool)
    index = common.global_table(ctx.store, "client_index")
    for client_id in [c for c, client in clients.items() if client.pool_id == pool.id]:
        del clients[client_id]
        index.pop(client_id, None)
    for kind in ("users", "groups", "resource_servers", "providers", "import_jobs", "extras"):
        common.named(ctx, pool, kind).clear()
    if pool.domain:
        common.global_table(ctx.store, "domain_index").pop(pool.domain, None)
    del common.pools(ctx, pool.region, pool.account)[pool.id]
    common.global_table(ctx.store, "pool_index").pop(pool.id, None)
    return {}


def list_user_pools(ctx: RequestContext, req: wire.ListUserPoolsRequest) -> dict[str, Any]:
    if not 1 <= req["MaxResults"] <= _MAX_POOLS_PAGE:
        raise AwsError("InvalidParameterException", "1 validation error detected: Value at 'maxResults' failed to satisfy constraint.")
    found = sorted(common.pools(ctx).values(), key=lambda p: p.created)
    chunk, token = common.page(found, req["MaxResults"], req.get("NextToken"))
    out: dict[str, Any] = {"UserPools": [{"Id": p.id, "Name": p.name, "LambdaConfig": p.lambdas, "Status": "Enabled",
                                          "CreationDate": common.utc(p.created), "LastModifiedDate": common.utc(p.modified)}
                                         for p in chunk]}
    if token:
        out["NextToken"] = token
    return out


def add_custom_attributes(ctx: RequestContext, req: wire.AddCustomAttributesRequest) -> dict[str, Any]:
    pool = common.pool(ctx, req["UserPoolId"])
    for attr in req["CustomAttributes"]:
        common.add_schema_attribute(pool.schema, dict(attr), custom=True)
    if sum(1 for n in pool.schema if n.startswith("custom:")) > 50:
        raise AwsError("LimitExceededException", "A user pool can have at most 50 custom attributes.")
    pool.modified = ctx.clock.now()
    common.touch(ctx, pool)
    return {}


def get_user_pool_mfa_config(ctx: RequestContext, req: wire.GetUserPoolMfaConfigRequest) -> dict[str, Any]:
    pool = common.pool(ctx, req["UserPoolId"])
    shown = {k: v for k, v in pool.mfa.items() if not k.startswith("_")}
    return {**copy.deepcopy(shown), "MfaConfiguration": pool.config.get("MfaConfiguration", "OFF")}


def set_user_pool_mfa_config(ctx: RequestContext, req: wire.SetUserPoolMfaConfigRequest) -> dict[str, Any]:
    pool = common.pool(ctx, req["UserPoolId"])
    for part in ("SmsMfaConfiguration", "SoftwareTokenMfaConfiguration", "EmailMfaConfiguration", "WebAuthnConfiguration"):
        if part in req:
            pool.mfa[part] = copy.deepcopy(req[part])  # type: ignore[literal-required]
    if "MfaConfiguration" in req:
        wanted = req["MfaConfiguration"]
        if wanted != "OFF" and not (pool.mfa.get("SoftwareTokenMfaConfiguration", {}).get("Enabled")
                                    or pool.mfa.get("SmsMfaConfiguration") or pool.mfa.get("EmailMfaConfiguration")):
            raise AwsError("InvalidParameterException", "At least one MFA method must be enabled to turn MFA on.")
        pool.config["MfaConfiguration"] = wanted
    pool.modified = ctx.clock.now()
    common.touch(ctx, pool)
    return get_user_pool_mfa_config(ctx, {"UserPoolId": pool.id})


def get_signing_certificate(ctx: RequestContext, req: wire.GetSigningCertificateRequest) -> dict[str, Any]:
    """A self-signed X.509 certificate over the pool's signing key (what SAML IdPs are given)."""
    pool = common.pool(ctx, req["UserPoolId"])
    if tokens.ensure_key(pool):
        common.touch(ctx, pool)
    key = tokens.private_key(pool)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, f"{pool.region}_{pool.id}")])
    start = datetime.datetime.fromtimestamp(pool.created, tz=datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(int.from_bytes(pool.kid.encode()[:8], "big")).not_valid_before(start)
            .not_valid_after(start + datetime.timedelta(days=3650)).sign(key, hashes.SHA256()))
    der = cert.public_bytes(serialization.Encoding.DER)
    import base64

    return {"Certificate": base64.b64encode(der).decode()}


# ---------------------------------------------------------------- tags


def _pool_by_arn(ctx: RequestContext, arn: str) -> UserPool:
    pool_id = arn.rsplit("/", 1)[-1]
    found = common.pool_or_none(ctx, pool_id) if ":userpool/" in arn else None
    if found is None:
        raise AwsError("ResourceNotFoundException", f"Resource {arn} does not exist.")
    return found


def tag_resource(ctx: RequestContext, req: wire.TagResourceRequest) -> dict[str, Any]:
    pool = _pool_by_arn(ctx, req["ResourceArn"])
    merged = {**pool.tags, **req["Tags"]}
    common.tags_check(merged)
    pool.tags = merged
    common.touch(ctx, pool)
    return {}


def untag_resource(ctx: RequestContext, req: wire.UntagResourceRequest) -> dict[str, Any]:
    pool = _pool_by_arn(ctx, req["ResourceArn"])
    for key in req["TagKeys"]:
        pool.tags.pop(key, None)
    common.touch(ctx, pool)
    return {}


def list_tags_for_resource(ctx: RequestContext, req: wire.ListTagsForResourceRequest) -> dict[str, Any]:
    return {"Tags": dict(_pool_by_arn(ctx, req["ResourceArn"]).tags)}


# ---------------------------------------------------------------- recorded settings


def describe_risk_configuration(ctx: RequestContext, req: wire.DescribeRiskConfigurationRequest) -> dict[str, Any]:
    pool = common.pool(ctx, req["UserPoolId"])
    client_id = req.get("ClientId")
    if client_id:
        common.client(ctx, pool, client_id)
    found = pool.risk.get(client_id or "ALL") or pool.risk.get("ALL") or {}
    return {"RiskConfiguration": {"UserPoolId": pool.id, **({"ClientId": client_id} if client_id else {}), **copy.deepcopy(found)}}


def set_risk_configuration(ctx: RequestContext, req: wire.SetRiskConfigurationRequest) -> dict[str, Any]:
    pool = common.pool(ctx, req["UserPoolId"])
    client_id = req.get("ClientId")
    if client_id:
        common.client(ctx, pool, client_id)
    parts: dict[str, Any] = {k: copy.deepcopy(req[k]) for k in ("CompromisedCredentialsRiskConfiguration",  # type: ignore[literal-required]
                                                 "AccountTakeoverRiskConfiguration", "RiskExceptionConfiguration") if k in req}
    parts["LastModifiedDate"] = common.utc(ctx.clock.now())
    pool.risk[client_id or "ALL"] = parts
    common.touch(ctx, pool)
    return {"RiskConfiguration": {"UserPoolId": pool.id, **({"ClientId": client_id} if client_id else {}), **parts}}


def get_log_delivery_configuration(ctx: RequestContext, req: wire.GetLogDeliveryConfigurationRequest) -> dict[str, Any]:
    pool = common.pool(ctx, req["UserPoolId"])
    return {"LogDeliveryConfiguration": {"UserPoolId": pool.id, "LogConfigurations": copy.deepcopy(pool.log_delivery)}}


def set_log_delivery_configuration(ctx: RequestContext, req: wire.SetLogDeliveryConfigurationRequest) -> dict[str, Any]:
    pool = common.pool(ctx, req["UserPoolId"])
    pool.log_delivery = copy.deepcopy(list(req["LogConfigurations"]))  # type: ignore[arg-type]
    common.touch(ctx, pool)
    return get_log_delivery_configuration(ctx, {"UserPoolId": pool.id})
