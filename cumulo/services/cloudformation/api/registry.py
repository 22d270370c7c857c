"""The CloudFormation registry: private types registered, versioned, configured, tested
and published (recorded: cumulo runs no handler packages), third-party public types
activated, and AWS's public resource types listed and described, those cumulo provides
with the schema facts their providers know (create-only properties)."""

from __future__ import annotations

import json
import uuid
from typing import Any

from cumulo.core.arns import partition
from cumulo.core.context import RequestContext
from cumulo.core.errors import AwsError
from cumulo.generated import cloudformation as wire
from cumulo.services.cloudformation.common import page
from cumulo.services.cloudformation.models import TypeRecord
from cumulo.services.cloudformation.stacks import scope
from cumulo.services.cloudformation.views import utc

AWS_PUBLISHER = "aws"


def _types(ctx: RequestContext) -> Any:
    return scope(ctx.runtime, ctx.account, ctx.region).table("registry")


def _kind(value: str | None) -> str:
    return (value or "RESOURCE").upper()


def _path(kind: str) -> str:
    return {"RESOURCE": "resource", "MODULE": "module", "HOOK": "hook"}[kind]


def _arn(ctx: RequestContext, kind: str, name: str, version: str = "", public: bool = False) -> str:
    account = "" if public else ctx.account
    base = f"arn:{partition(ctx.region)}:cloudformation:{ctx.region}:{account}:type/{_path(kind)}/{name.replace('::', '-')}"
    return f"{base}/{version}" if version else base


def _not_found(name: str) -> AwsError:
    return AwsError("TypeNotFoundException", f"The type '{name}' cannot be found.", status=404)


def _public_schema(name: str, region: str) -> dict[str, Any]:
    from cumulo.services.cloudformation import schemas
    from cumulo.services.cloudformation.deploy import provider

    published = schemas.schema(name, region)
    if published is not None:
        return published
    impl = provider(name)
    schema: dict[str, Any] = {"typeName": name, "description": f"Resource type {name}", "additionalProperties": False,
                              "properties": {}, "primaryIdentifier": ["/properties/Id"], "handlers": {
                                  "create": {"permissions": []}, "read": {"permissions": []}, "delete": {"permissions": []}}}
    if impl is not None:
        schema["createOnlyProperties"] = [f"/properties/{p}" for p in sorted(impl.replaces)]
        schema["properties"].update({p: {"type": "string"} for p in sorted(impl.replaces)})
        if impl.update is not None:
            schema["handlers"]["update"] = {"permissions": []}
    return schema


def _find(ctx: RequestContext, req: dict[str, Any]) -> TypeRecord | None:
    arn = req.get("Arn") or req.get("TypeArn")
    types = _types(ctx)
    if arn:
        base = arn.rsplit("/", 1)[0] if arn.count("/") > 3 else arn
        return types.get(base)
    name = req.get("TypeName")
    if not name:
        raise AwsError("ValidationError", "Either Arn or TypeName must be specified.", status=400)
    return types.get(_arn(ctx, _kind(req.get("Type")), name))


def _is_public(name: str, region: str = "us-east-1") -> bool:
    from cumulo.services.cloudformation import schemas
    from cumulo.services.cloudformation.deploy import provider

    return name in schemas.public_types(region) or provider(name) is not None


def register_type(ctx: RequestContext, req: wire.RegisterTypeInput) -> dict[str, Any]:
    kind, name = _kind(req.get("Type")), req.get("TypeName", "")
    if name.startswith(("AWS::", "Alexa::", "Custom::", "Dev::")):
        raise AwsError("CFNRegistryException", f"Type name {name} is reserved", status=400)
    arn = _arn(ctx, kind, name)
    record = _types(ctx).get(arn)
    token = str(uuid.uuid4())
    if record is None:
        record = TypeRecord(arn, kind, name, "00000001", registered=ctx.clock.now(), registration_token=token)
    else:
        versions = record.extra.setdefault("versions", [record.version])
        record.version = f"{len(versions) + 1:08d}"
    record.extra.setdefault("versions", [])
    if record.version not in record.extra["versions"]:
        record.extra["versions"].append(record.version)
    record.extra.setdefault("default", record.version)
    record.schema = json.dumps({"typeName": name, "description": f"{name} registered from {req.get('SchemaHandlerPackage', '')}",
                                "properties": {}, "additionalProperties": False})
    record.extra["package"] = req.get("SchemaHandlerPackage", "")
    record.extra["role"] = req.get("ExecutionRoleArn", "")
    record.extra["logging"] = dict(req.get("LoggingConfig") or {})
    record.extra.setdefault("registrations", []).append(token)
    _types(ctx)[arn] = record
    scope(ctx.runtime, ctx.account, ctx.region).table("registrations")[token] = {"arn": arn, "version": record.version,
                                                                                    "kind": kind, "name": name}
    return {"RegistrationToken": token}


def describe_type_registration(ctx: RequestContext, req: wire.DescribeTypeRegistrationInput) -> dict[str, Any]:
    reg = scope(ctx.runtime, ctx.account, ctx.region).table("registrations").get(req.get("RegistrationToken", ""))
    if reg is None:
        raise AwsError("CFNRegistryException", f"Registration token {req.get('RegistrationToken')} not found", status=400)
    return {"ProgressStatus": "COMPLETE", "Description": "Deployment is currently in DEPLOY_STAGE of status COMPLETED",
            "TypeArn": reg["arn"], "TypeVersionArn": f"{reg['arn']}/{reg['version']}"}


def list_type_registrations(ctx: RequestContext, req: wire.ListTypeRegistrationsInput) -> dict[str, Any]:
    regs = scope(ctx.runtime, ctx.account, ctx.region).table("registrations")
    arn = req.get("TypeArn") or (_arn(ctx, _kind(req.get("Type")), req["TypeName"]) if req.get("TypeName") else None)
    status = req.get("RegistrationStatusFilter")
    tokens = [t for t, r in regs.items() if (arn is None or r["arn"] == arn) and status in (None, "COMPLETE")]
    chunk, token = page(tokens, req.get("NextToken"), int(req.get("MaxResults") or 100))
    out: dict[str, Any] = {"RegistrationTokenList": chunk}
    if token:
        out["NextToken"] = token
    return out


def deregister_type(ctx: RequestContext, req: wire.DeregisterTypeInput) -> dict[str, Any]:
    record = _find(ctx, dict(req))
    if record is None:
        raise _not_found(req.get("TypeName") or req.get("Arn", ""))
    version = req.get("VersionId") or (req.get("Arn", "").rsplit("/", 1)[1] if (req.get("Arn") or "").count("/") > 3 else "")
    versions = record.extra.get("versions", [])
    if version and version in versions and len(versions) > 1:
        if version == record.extra.get("default"):
            raise AwsError("CFNRegistryException", "The default version of a type cannot be deregistered while other versions exist", status=400)
        versions.remove(version)
        _types(ctx).touch(record.arn)
    else:
        del _types(ctx)[record.arn]
    return {}


def _describe_public(ctx: RequestContext, name: str, kind: str) -> dict[str, Any]:
    from cumulo.services.cloudformation.deploy import provider

    arn = _arn(ctx, kind, name, public=True)
    return {"Arn": arn, "Type": kind, "TypeName": name, "DefaultVersionId": "00000001", "IsDefaultVersion": True,
            "Description": str(_public_schema(name, ctx.region).get("description", f"Resource type {name}")),
            "Schema": json.dumps(_public_schema(name, ctx.region)),
            "ProvisioningType": "FULLY_MUTABLE" if (provider(name) and provider(name).update) else "IMMUTABLE",  # type: ignore[union-attr]
            "DeprecatedStatus": "LIVE", "Visibility": "PUBLIC", "PublisherId": AWS_PUBLISHER,
            "LastUpdated": utc(ctx.runtime.started or ctx.clock.now()), "TimeCreated": utc(ctx.runtime.started or ctx.clock.now()),
            "IsActivated": True}


def _describe_record(r: TypeRecord, version: str | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {
        "Arn": f"{r.arn}/{version}" if version else r.arn, "Type": r.type, "TypeName": r.name,
        "DefaultVersionId": r.extra.get("default", r.version), "IsDefaultVersion": (version or r.extra.get("default")) == r.extra.get("default"),
        "Description": f"{r.name}", "Schema": r.schema, "ProvisioningType": "FULLY_MUTABLE", "DeprecatedStatus": "LIVE",
        "Visibility": r.visibility, "LastUpdated": utc(r.registered), "TimeCreated": utc(r.registered),
        "TypeTestsStatus": r.extra.get("tests", "NOT_TESTED"), "IsActivated": r.activated,
    }
    if r.configuration:
        out["ConfigurationSchema"] = "{}"
    if r.extra.get("role"):
        out["ExecutionRoleArn"] = r.extra["role"]
    if r.extra.get("logging"):
        out["LoggingConfig"] = r.extra["logging"]
    if r.public_arn:
        out["OriginalTypeArn"] = r.public_arn
    return out


def describe_type(ctx: RequestContext, req: wire.DescribeTypeInput) -> dict[str, Any]:
    record = _find(ctx, dict(req)) if (req.get("Arn") or req.get("TypeName")) else None
    if record is not None:
        version = req.get("VersionId")
        if version and version not in record.extra.get("versions", [record.version]):
            raise _not_found(f"{record.name}/{version}")
        return _describe_record(record, version)
    name = req.get("TypeName") or (req.get("Arn", "").split("/")[2].replace("-", "::") if req.get("Arn", "").count("/") >= 2 else "")
    if name and _is_public(name, ctx.region) and _kind(req.get("Type")) == "RESOURCE":
        return _describe_public(ctx, name, "RESOURCE")
    raise _not_found(name or req.get("Arn", ""))


def list_types(ctx: RequestContext, req: wire.ListTypesInput) -> dict[str, Any]:
    from cumulo.services import resource_types

    visibility = req.get("Visibility", "PRIVATE")
    kind = _kind(req.get("Type"))
    prefix = (req.get("Filters") or {}).get("TypeNamePrefix", "")
    items: list[dict[str, Any]] = []
    if visibility == "PUBLIC":
        from cumulo.services.cloudformation import schemas

        if kind == "RESOURCE":
            for name in sorted(set(resource_types()) | set(schemas.public_types(ctx.region))):
                if name.startswith(prefix):
                    items.append({"Type": "RESOURCE", "TypeName": name, "DefaultVersionId": "00000001",
                                  "TypeArn": _arn(ctx, "RESOURCE", name, public=True), "Description": f"Resource type {name}",
                                  "PublisherId": AWS_PUBLISHER, "IsActivated": True, "PublisherName": "AWS"})
    else:
        for r in _types(ctx).values():
            if r.type == kind and r.name.startswith(prefix):
                items.append({"Type": r.type, "TypeName": r.name, "DefaultVersionId": r.extra.get("default", r.version),
                              "TypeArn": r.arn, "LastUpdated": utc(r.registered), "Description": r.name, "IsActivated": r.activated})
    chunk, token = page(items, req.get("NextToken"), int(req.get("MaxResults") or 100))
    out: dict[str, Any] = {"TypeSummaries": chunk}
    if token:
        out["NextToken"] = token
    return out


def list_type_versions(ctx: RequestContext, req: wire.ListTypeVersionsInput) -> dict[str, Any]:
    record = _find(ctx, dict(req))
    if record is None:
        name = req.get("TypeName") or ""
        if name and _is_public(name, ctx.region):
            return {"TypeVersionSummaries": [{"Type": "RESOURCE", "TypeName": name, "VersionId": "00000001", "IsDefaultVersion": True,
                                              "Arn": _arn(ctx, "RESOURCE", name, "00000001", public=True)}]}
        raise _not_found(name or req.get("Arn", ""))
    items = [{"Type": record.type, "TypeName": record.name, "VersionId": v, "IsDefaultVersion": v == record.extra.get("default"),
              "Arn": f"{record.arn}/{v}", "TimeCreated": utc(record.registered), "Description": record.name}
             for v in record.extra.get("versions", [record.version])]
    chunk, token = page(items, req.get("NextToken"), int(req.get("MaxResults") or 100))
    out: dict[str, Any] = {"TypeVersionSummaries": chunk}
    if token:
        out["NextToken"] = token
    return out


def set_type_default_version(ctx: RequestContext, req: wire.SetTypeDefaultVersionInput) -> dict[str, Any]:
    record = _find(ctx, dict(req))
    if record is None:
        raise _not_found(req.get("TypeName") or req.get("Arn", ""))
    version = req.get("VersionId") or (req.get("Arn", "").rsplit("/", 1)[1] if req.get("Arn", "").count("/") > 3 else "")
    if version not in record.extra.get("versions", [record.version]):
        raise _not_found(f"{record.name}/{version}")
    record.extra["default"] = version
    _types(ctx).touch(record.arn)
    return {}


def activate_type(ctx: RequestContext, req: wire.ActivateTypeInput) -> dict[str, Any]:
    kind = _kind(req.get("Type"))
    public = req.get("PublicTypeArn", "")
    name = req.get("TypeNameAlias") or req.get("TypeName") or (public.split("/")[2].replace("-", "::") if public.count("/") >= 2 else "")
    if not name:
        raise AwsError("ValidationError", "PublicTypeArn or TypeName must be specified.", status=400)
    arn = _arn(ctx, kind, name)
    record = _types(ctx).get(arn) or TypeRecord(arn, kind, name, "00000001", registered=ctx.clock.now())
    record.activated, record.visibility = True, "PRIVATE"
    record.public_arn = public or _arn(ctx, kind, req.get("TypeName", name), public=True)
    record.extra.setdefault("versions", ["00000001"])
    record.extra.setdefault("default", "00000001")
    record.extra["role"] = req.get("ExecutionRoleArn", "")
    record.extra["auto_update"] = req.get("AutoUpdate", True)
    record.schema = record.schema or json.dumps({"typeName": name, "properties": {}})
    _types(ctx)[arn] = record
    return {"Arn": arn}


def deactivate_type(ctx: RequestContext, req: wire.DeactivateTypeInput) -> dict[str, Any]:
    record = _find(ctx, dict(req))
    if record is None or not record.activated:
        raise _not_found(req.get("TypeName") or req.get("Arn", ""))
    del _types(ctx)[record.arn]
    return {}


def set_type_configuration(ctx: RequestContext, req: wire.SetTypeConfigurationInput) -> dict[str, Any]:
    record = _find(ctx, dict(req))
    if record is None:
        raise _not_found(req.get("TypeName") or req.get("TypeArn", ""))
    try:
        json.loads(req.get("Configuration", ""))
    except ValueError:
        raise AwsError("ValidationError", "Configuration must be a JSON object", status=400) from None
    record.configuration = req.get("Configuration", "")
    record.configuration_alias = req.get("ConfigurationAlias", "default")
    record.extra["configured"] = ctx.clock.now()
    _types(ctx).touch(record.arn)
    return {"ConfigurationArn": f"{record.arn}/configuration/{record.configuration_alias}"}


def batch_describe_type_configurations(ctx: RequestContext, req: wire.BatchDescribeTypeConfigurationsInput) -> dict[str, Any]:
    found, errors = [], []
    for ident in req.get("TypeConfigurationIdentifiers") or []:
        record = _find(ctx, {"Arn": ident.get("TypeArn"), "TypeName": ident.get("TypeName"), "Type": ident.get("Type")}) \
            if (ident.get("TypeArn") or ident.get("TypeName")) else None
        if record is None or not record.configuration:
            errors.append({"ErrorCode": "TypeConfigurationNotFoundException", "ErrorMessage": "Type configuration not found",
                           "TypeConfigurationIdentifier": ident})
            continue
        found.append({"Arn": f"{record.arn}/configuration/{record.configuration_alias}", "Alias": record.configuration_alias,
                      "Configuration": record.configuration, "LastUpdated": utc(record.extra.get("configured", record.registered)),
                      "TypeArn": record.arn, "TypeName": record.name, "IsDefaultConfiguration": record.configuration_alias == "default"})
    return {"Errors": errors, "UnprocessedTypeConfigurations": [], "TypeConfigurations": found}


def test_type(ctx: RequestContext, req: wire.TestTypeInput) -> dict[str, Any]:
    record = _find(ctx, dict(req))
    if record is None:
        raise _not_found(req.get("TypeName") or req.get("Arn", ""))
    # No handler package runs in cumulo: the contract tests have nothing to fail.
    record.extra["tests"] = "PASSED"
    _types(ctx).touch(record.arn)
    return {"TypeVersionArn": f"{record.arn}/{req.get('VersionId') or record.extra.get('default', record.version)}"}


def register_publisher(ctx: RequestContext, req: wire.RegisterPublisherInput) -> dict[str, Any]:
    publisher = uuid.uuid5(uuid.NAMESPACE_URL, f"cumulo-publisher/{ctx.account}").hex
    scope(ctx.runtime, ctx.account, ctx.region).table("publisher")["self"] = {
        "PublisherId": publisher, "ConnectionArn": req.get("ConnectionArn", ""), "Accepted": bool(req.get("AcceptTermsAndConditions"))}
    return {"PublisherId": publisher}


def describe_publisher(ctx: RequestContext, req: wire.DescribePublisherInput) -> dict[str, Any]:
    me = scope(ctx.runtime, ctx.account, ctx.region).table("publisher").get("self")
    wanted = req.get("PublisherId")
    if wanted in (None, "", AWS_PUBLISHER) and me is None:
        return {"PublisherId": AWS_PUBLISHER, "PublisherStatus": "VERIFIED", "IdentityProvider": "AWS_Marketplace",
                "PublisherProfile": "https://aws.amazon.com"}
    if me is None or (wanted and wanted != me["PublisherId"]):
        raise AwsError("CFNRegistryException", f"Publisher {wanted} not found", status=400)
    return {"PublisherId": me["PublisherId"], "PublisherStatus": "VERIFIED", "IdentityProvider": "GitHub" if me["ConnectionArn"] else "AWS_Marketplace",
            "PublisherProfile": f"https://github.com/{ctx.account}"}


def publish_type(ctx: RequestContext, req: wire.PublishTypeInput) -> dict[str, Any]:
    record = _find(ctx, dict(req))
    if record is None:
        raise _not_found(req.get("TypeName") or req.get("Arn", ""))
    me = scope(ctx.runtime, ctx.account, ctx.region).table("publisher").get("self")
    if me is None:
        raise AwsError("CFNRegistryException", "You must register as a publisher (RegisterPublisher) before publishing", status=400)
    version = req.get("PublicVersionNumber") or "1.0.0"
    record.visibility = "PUBLIC"
    record.extra["public_version"] = version
    _types(ctx).touch(record.arn)
    return {"PublicTypeArn": f"arn:{partition(ctx.region)}:cloudformation:{ctx.region}::type/{_path(record.type)}/{me['PublisherId']}/{record.name.replace('::', '-')}/{version}"}


def record_handler_progress(ctx: RequestContext, req: wire.RecordHandlerProgressInput) -> dict[str, Any]:
    # Handler progress is reported by resource handlers that CloudFormation invoked with a
    # bearer token; cumulo invokes none, so no token is ever outstanding.
    raise AwsError("OperationStatusCheckFailedException",
                   f"No handler operation is in progress for bearer token {req.get('BearerToken')}", status=400)
