"""Parameter Store handlers: put, get (by name, names, path), describe, history, labels, delete.

Rules live in `params`; SecureString encryption and Secrets Manager references
in `secure`; the `/aws/service/...` catalogue in `public`.
"""

from __future__ import annotations

from typing import Any

from cumulo.core.context import RequestContext
from cumulo.core.errors import AwsError
from cumulo.generated.ssm import (
    DeleteParameterRequest,
    DeleteParametersRequest,
    DescribeParametersRequest,
    GetParameterHistoryRequest,
    GetParameterRequest,
    GetParametersByPathRequest,
    GetParametersRequest,
    LabelParameterVersionRequest,
    PutParameterRequest,
    UnlabelParameterVersionRequest,
)
from cumulo.services.ssm import events, names, params, public, secure
from cumulo.services.ssm.common import page, parameter_arn, table, tag_dict, validation
from cumulo.services.ssm.models import Parameter, ParameterVersion

DEFAULT_TIER_SETTING = "/ssm/parameter-store/default-parameter-tier"


def _parameters(ctx: RequestContext) -> Any:
    return table(ctx, "parameters")


def _tags(ctx: RequestContext) -> Any:
    return table(ctx, "tags/Parameter")


def _not_found(name: str) -> AwsError:
    return AwsError("ParameterNotFound", f"Parameter {name} not found.")


def _find(ctx: RequestContext, name: str) -> Parameter:
    param: Parameter | None = _parameters(ctx).get(params.name_from(name))
    if param is None:
        raise _not_found(name)
    return param


def _default_tier(ctx: RequestContext) -> str:
    setting = table(ctx, "settings").get(DEFAULT_TIER_SETTING)
    return setting["SettingValue"] if setting else "Standard"


async def _value(ctx: RequestContext, param: Parameter, version: ParameterVersion, decrypt: bool) -> str:
    if version.type == "SecureString" and decrypt:
        return await secure.decrypt(ctx, version.value, parameter_arn(ctx, param.name))
    return version.value


async def _wire(ctx: RequestContext, param: Parameter, version: ParameterVersion, decrypt: bool, selector: str | None) -> dict[str, Any]:
    out: dict[str, Any] = {
        "Name": param.name,
        "Type": version.type,
        "Value": await _value(ctx, param, version, decrypt),
        "Version": version.version,
        "LastModifiedDate": version.modified,
        "ARN": parameter_arn(ctx, param.name),
        "DataType": version.data_type,
    }
    if selector is not None:
        out["Selector"] = ":" + selector
    return out


def _public(ctx: RequestContext, name: str) -> dict[str, Any] | None:
    found = public.catalogue(ctx.region).get(name)
    if found is None:
        return None
    value, data_type = found
    return {
        "Name": name,
        "Type": "String",
        "Value": value,
        "Version": 1,
        "LastModifiedDate": public.PUBLISHED,
        "ARN": f"arn:aws:ssm:{ctx.region}::parameter{name}",
        "DataType": data_type,
    }


async def _get_one(ctx: RequestContext, given: str, decrypt: bool) -> dict[str, Any]:
    name, selector = params.split_selector(given)
    if secure.is_reference(name):
        return await secure.reference(ctx, name, selector, decrypt)
    if public.is_public(name):
        found = _public(ctx, name if name.startswith("/") else "/" + name)
        if found is None or selector not in (None, "1"):
            raise _not_found(given)
        return found
    param: Parameter | None = _parameters(ctx).get(name)
    if param is None:
        raise _not_found(given)
    return await _wire(ctx, param, params.find_version(param, selector), decrypt, selector)


# ---------------------------------------------------------------- handlers


async def put_parameter(ctx: RequestContext, req: PutParameterRequest) -> dict[str, Any]:
    name = params.name_from(req["Name"])
    params.check_name(name)
    table_ = _parameters(ctx)
    existing: Parameter | None = table_.get(name)
    overwrite = bool(req.get("Overwrite"))
    if existing is not None and not overwrite:
        raise AwsError(
            "ParameterAlreadyExists", "The parameter already exists. To overwrite this value, set the overwrite option in the request to true."
        )
    if existing is not None and req.get("Tags"):
        raise validation(
            "Invalid request: tags and overwrite can't be used together. To create a parameter with tags, please "
            "remove overwrite flag. To update tags for an existing parameter, please use AddTagsToResource or "
            "RemoveTagsFromResource."
        )
    previous = existing.current if existing is not None else None
    type_ = req.get("Type") or (previous.type if previous else None)
    if type_ is None:
        raise validation("A parameter type is required when you create a parameter.")
    data_type = req.get("DataType") or (previous.data_type if previous and not req.get("DataType") else "text")
    if data_type not in params.DATA_TYPES:
        raise validation(f"The following data type is not supported: {data_type} (Data type names are all lowercase.)")
    if data_type == "aws:ec2:image" and type_ != "String":
        raise validation("The aws:ec2:image data type is only supported for String parameters.")
    key_id = req.get("KeyId")
    if key_id and type_ != "SecureString":
        raise validation("KeyId is required for SecureString type parameter only.")
    allowed = req["AllowedPattern"] if "AllowedPattern" in req else (previous.allowed_pattern if previous else "")
    params.check_value(req["Value"], type_, allowed, data_type)
    policies = params.parse_policies(req.get("Policies")) if "Policies" in req else (list(previous.policies) if previous else [])
    tier = params.choose_tier(req.get("Tier"), _default_tier(ctx), previous, req["Value"], policies)
    tags = tag_dict(req.get("Tags"), internal=ctx.request is None)
    if existing is None:
        _check_limits(ctx, tier)
        param = Parameter(name=name)
    else:
        param = existing
        _trim_versions(param)
    param.counter += 1
    version = param.counter
    arn = parameter_arn(ctx, name)
    value = req["Value"]
    if type_ == "SecureString":
        key_id = key_id or (previous.key_id if previous and previous.type == "SecureString" else params.DEFAULT_KEY)
        value = await secure.encrypt(ctx, key_id, value, arn)
    param.versions[version] = ParameterVersion(
        version=version,
        value=value,
        type=type_,
        modified=ctx.clock.now(),
        modified_by=ctx.principal.arn,
        description=req["Description"] if "Description" in req else (previous.description if previous else ""),
        allowed_pattern=allowed,
        key_id=key_id or "",
        tier=tier,
        data_type=data_type,
        policies=policies,
    )
    param.latest = version
    table_[name] = param
    if existing is None:
        names.added(ctx.runtime, table_, name)
    if tags:
        _tags(ctx)[name] = tags
    _track_policies(ctx, param)
    events.emit(ctx.runtime, ctx.account, ctx.region, "Parameter Store Change",
                {"operation": "Create" if existing is None else "Update", "name": name, "type": type_,
                 "description": param.current.description}, [arn])
    return {"Version": version, "Tier": tier}


def _check_limits(ctx: RequestContext, tier: str) -> None:
    counts = {"Standard": 0, "Advanced": 0}
    for p in _parameters(ctx).values():
        counts[p.current.tier] = counts.get(p.current.tier, 0) + 1
    limit = params.MAX_ADVANCED_PARAMETERS if tier == "Advanced" else params.MAX_STANDARD_PARAMETERS
    if counts.get(tier, 0) >= limit:
        raise AwsError(
            "ParameterLimitExceeded",
            f"You have exceeded the number of {tier.lower()} parameters this account can have. Delete unused parameters and try again.",
        )


def _trim_versions(param: Parameter) -> None:
    if len(param.versions) < params.MAX_VERSIONS:
        return
    oldest = min(param.versions)
    if param.versions[oldest].labels:
        raise AwsError(
            "ParameterMaxVersionLimitExceeded",
            f"You attempted to create a new version of {param.name} by calling the PutParameter API with the overwrite "
            f"flag. Version {oldest}, the oldest version, can't be deleted because it has a label associated with it. "
            "Move the label to another version of the parameter, and try again.",
        )
    del param.versions[oldest]


def _track_policies(ctx: RequestContext, param: Parameter) -> None:
    """Keep the index the policy tick reads: names of parameters with policies."""
    index = table(ctx, "policy_index")
    if param.current.policies:
        index[param.name] = True
    elif param.name in index:
        del index[param.name]


def delete_parameter(ctx: RequestContext, req: DeleteParameterRequest) -> dict[str, Any]:
    name = params.name_from(req["Name"])
    _find(ctx, name)
    _delete(ctx, name)
    return {}


def _delete(ctx: RequestContext, name: str) -> None:
    param = _parameters(ctx)[name]
    del _parameters(ctx)[name]
    names.removed(ctx.runtime, _parameters(ctx), name)
    for t in (_tags(ctx), table(ctx, "policy_index")):
        if name in t:
            del t[name]
    events.emit(ctx.runtime, ctx.account, ctx.region, "Parameter Store Change",
                {"operation": "Delete", "name": name, "type": param.current.type, "description": param.current.description},
                [parameter_arn(ctx, name)])


def delete_parameters(ctx: RequestContext, req: DeleteParametersRequest) -> dict[str, Any]:
    deleted: list[str] = []
    invalid: list[str] = []
    for given in req["Names"]:
        name = params.name_from(given)
        if name in _parameters(ctx):
            _delete(ctx, name)
            deleted.append(given)
        else:
            invalid.append(given)
    return {"DeletedParameters": deleted, "InvalidParameters": invalid}


def describe_parameters(ctx: RequestContext, req: DescribeParametersRequest) -> dict[str, Any]:
    legacy = req.get("Filters") or []
    filters = req.get("ParameterFilters") or []
    if legacy and filters:
        raise validation("You can use either Filters or ParameterFilters in a single request.")
    params.check_filters(filters, params.FILTER_KEYS)
    tags = _tags(ctx)
    found = [
        p
        for name, p in sorted(_parameters(ctx).items())
        if params.legacy_matches(p, legacy) and params.matches(p, tags.get(name) or {}, filters)
    ]
    chunk, token = page(found, req.get("NextToken"), req.get("MaxResults"), 50)
    out: dict[str, Any] = {"Parameters": [_metadata(ctx, p) for p in chunk]}
    if token:
        out["NextToken"] = token
    return out


def _metadata(ctx: RequestContext, param: Parameter) -> dict[str, Any]:
    v = param.current
    out: dict[str, Any] = {
        "Name": param.name,
        "ARN": parameter_arn(ctx, param.name),
        "Type": v.type,
        "LastModifiedDate": v.modified,
        "LastModifiedUser": v.modified_by,
        "Version": v.version,
        "Tier": v.tier,
        "Policies": params.policies_out(v),
        "DataType": v.data_type,
    }
    if v.key_id:
        out["KeyId"] = v.key_id
    if v.description:
        out["Description"] = v.description
    if v.allowed_pattern:
        out["AllowedPattern"] = v.allowed_pattern
    return out


async def get_parameter(ctx: RequestContext, req: GetParameterRequest) -> dict[str, Any]:
    return {"Parameter": await _get_one(ctx, req["Name"], bool(req.get("WithDecryption")))}


async def get_parameter_history(ctx: RequestContext, req: GetParameterHistoryRequest) -> dict[str, Any]:
    param = _find(ctx, req["Name"])
    decrypt = bool(req.get("WithDecryption"))
    versions = [param.versions[n] for n in sorted(param.versions)]
    chunk, token = page(versions, req.get("NextToken"), req.get("MaxResults"), 50)
    history = []
    for v in chunk:
        entry: dict[str, Any] = {
            "Name": param.name,
            "Type": v.type,
            "LastModifiedDate": v.modified,
            "LastModifiedUser": v.modified_by,
            "Value": await _value(ctx, param, v, decrypt),
            "Version": v.version,
            "Labels": list(v.labels),
            "Tier": v.tier,
            "Policies": params.policies_out(v),
            "DataType": v.data_type,
        }
        if v.key_id:
            entry["KeyId"] = v.key_id
        if v.description:
            entry["Description"] = v.description
        if v.allowed_pattern:
            entry["AllowedPattern"] = v.allowed_pattern
        history.append(entry)
    out: dict[str, Any] = {"Parameters": history}
    if token:
        out["NextToken"] = token
    return out


async def get_parameters(ctx: RequestContext, req: GetParametersRequest) -> dict[str, Any]:
    found: list[dict[str, Any]] = []
    invalid: list[str] = []
    decrypt = bool(req.get("WithDecryption"))
    for given in dict.fromkeys(req["Names"]):
        try:
            found.append(await _get_one(ctx, given, decrypt))
        except AwsError as error:
            if error.code not in ("ParameterNotFound", "ParameterVersionNotFound"):
                raise
            invalid.append(given)
    return {"Parameters": found, "InvalidParameters": invalid}


async def get_parameters_by_path(ctx: RequestContext, req: GetParametersByPathRequest) -> dict[str, Any]:
    path = req["Path"]
    if secure.is_reference(path.rstrip("/") + "/"):
        raise validation("GetParametersByPath isn't supported for Secrets Manager references.")
    path = params.check_path(path)
    recursive = bool(req.get("Recursive"))
    filters = req.get("ParameterFilters") or []
    params.check_filters(filters, ("Type", "KeyId", "Label"))
    decrypt = bool(req.get("WithDecryption"))
    if path == "/aws/service" or path.startswith(public.PREFIX):
        listed = [n for n in public.sorted_names(ctx.region) if params.in_path(n, path, recursive)]
        chunk, token = page(listed, req.get("NextToken"), req.get("MaxResults"), 10)
        found = [_public(ctx, n) for n in chunk]
    else:
        tags = _tags(ctx)
        table_ = _parameters(ctx)
        below = names.under(names.sorted_names(ctx.runtime, table_), path)
        if not recursive:
            below = [n for n in below if params.in_path(n, path, False)]
        if filters:
            below = [n for n in below if params.matches(table_[n], tags.get(n) or {}, filters)]
        chunk_n, token = page(below, req.get("NextToken"), req.get("MaxResults"), 10)
        found = [await _wire(ctx, table_[n], table_[n].current, decrypt, None) for n in chunk_n]
    out: dict[str, Any] = {"Parameters": found}
    if token:
        out["NextToken"] = token
    return out


def label_parameter_version(ctx: RequestContext, req: LabelParameterVersionRequest) -> dict[str, Any]:
    param = _find(ctx, req["Name"])
    number = req.get("ParameterVersion", param.latest)
    target = params.find_version(param, str(number))
    invalid = [label for label in req["Labels"] if params.label_problem(label)]
    good = [label for label in dict.fromkeys(req["Labels"]) if label not in invalid]
    if len(set(target.labels) | set(good)) > params.MAX_LABELS:
        raise AwsError(
            "ParameterVersionLabelLimitExceeded",
            "A parameter version can have maximum 10 labels.Move one or more labels to another version and try again.",
        )
    for label in good:
        for other in param.versions.values():
            if other is not target and label in other.labels:
                other.labels.remove(label)
        if label not in target.labels:
            target.labels.append(label)
    _parameters(ctx).touch(param.name)
    return {"InvalidLabels": invalid, "ParameterVersion": target.version}


def unlabel_parameter_version(ctx: RequestContext, req: UnlabelParameterVersionRequest) -> dict[str, Any]:
    param = _find(ctx, req["Name"])
    target = params.find_version(param, str(req["ParameterVersion"]))
    removed = [label for label in req["Labels"] if label in target.labels]
    invalid = [label for label in req["Labels"] if label not in target.labels]
    target.labels = [label for label in target.labels if label not in removed]
    _parameters(ctx).touch(param.name)
    return {"RemovedLabels": removed, "InvalidLabels": invalid}
