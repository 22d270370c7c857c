"""Account and resource settings: resource metrics configurations, vended-metric (OTel)
enrichment, and the `default` dataset's customer managed KMS key.

State, per (account, region) scope, in plain-dict record tables:
- `records/resource-metrics`: resource ARN -> its configuration (one per resource;
  Create on an existing one is a ConflictException, Get/Update/Delete on a missing
  one a ResourceNotFoundException, as the API reference words it). Create asks the
  owning service whether the resource exists (DynamoDB tables, SQS queues, Lambda
  functions, SNS topics, Kinesis streams, state machines, through `services.call`);
- `records/otel-enrichment`: "account" -> status, filters and times (Start on a
  running enrichment changes nothing; Update needs it running; Stop clears it);
- `records/datasets`: "default" -> the associated key ARN. The dataset itself is
  implicit in every account and Region; only `default` exists.

AssociateDatasetKmsKey checks the key the way CloudWatch does before it uses it
(https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_AssociateDatasetKmsKey.html):
a key ARN in the dataset's Region, known to KMS (DescribeKey through
`services.call`), enabled, symmetric and for ENCRYPT_DECRYPT, whose key policy
(GetKeyPolicy, read with the IAM policy engine) grants the CloudWatch service
principal DescribeKey, GenerateDataKey, Encrypt, Decrypt and ReEncrypt*. The
caller's own kms:Decrypt permission is left to cumulo's opt-in IAM enforcement.
"""

from __future__ import annotations

from typing import Any

from cumulo import services
from cumulo.core.context import RequestContext
from cumulo.core.errors import AwsError
from cumulo.engines import policy
from cumulo.generated import cloudwatch as wire

DATASET = "default"
# What the key policy must grant the CloudWatch service principal.
SERVICE_ACTIONS = ("kms:DescribeKey", "kms:GenerateDataKey", "kms:Encrypt", "kms:Decrypt", "kms:ReEncryptFrom", "kms:ReEncryptTo")


def _records(ctx: RequestContext, kind: str) -> Any:
    return ctx.scope.table(f"records/{kind}")


# ---------------------------------------------------------------- resource metrics configurations


# How to ask the owning service whether a resource exists: (service, resource prefix) ->
# (operation, its input). Resources of services cumulo does not emulate are taken on trust.
_LOOKUPS: dict[tuple[str, str], tuple[str, Any]] = {
    ("dynamodb", "table/"): ("DescribeTable", lambda arn, rest: {"TableName": rest.split("/")[1]}),
    ("sqs", ""): ("GetQueueUrl", lambda arn, rest: {"QueueName": rest, "QueueOwnerAWSAccountId": arn.split(":")[4]}),
    ("lambda", "function:"): ("GetFunction", lambda arn, rest: {"FunctionName": arn}),
    ("sns", ""): ("GetTopicAttributes", lambda arn, rest: {"TopicArn": arn}),
    ("kinesis", "stream/"): ("DescribeStreamSummary", lambda arn, rest: {"StreamARN": arn}),
    ("states", "stateMachine:"): ("DescribeStateMachine", lambda arn, rest: {"stateMachineArn": arn}),
}


def _missing(arn: str) -> AwsError:
    return wire.ResourceNotFoundExceptionError(f"The resource {arn} does not exist.", ResourceType="Resource", ResourceId=arn)


async def _check_arn(ctx: RequestContext, arn: str) -> None:
    parts = arn.split(":", 5)
    if len(parts) < 6 or parts[4] != ctx.account or (parts[3] and parts[3] != ctx.region):
        raise _missing(arn)  # a resource of another account or Region is not one this account can configure here
    service, rest = parts[2], parts[5]
    lookup = next((v for (svc, prefix), v in _LOOKUPS.items() if svc == service and rest.startswith(prefix)), None)
    target = {"states": "stepfunctions"}.get(service, service)
    if lookup is None or services.get(target) is None:
        return
    operation, build = lookup
    try:
        await services.call(ctx.runtime, target, operation, build(arn, rest), parts[4], parts[3] or ctx.region)
    except AwsError as error:
        if error.status == 404 or error.code in ("ResourceNotFoundException", "QueueDoesNotExist", "AWS.SimpleQueueService.NonExistentQueue",
                                                 "NotFound", "NotFoundException", "StateMachineDoesNotExist", "InvalidParameter",
                                                 "InvalidParameterValue", "ValidationException"):
            raise _missing(arn) from None
        raise


def _selections(req: dict[str, Any]) -> list[dict[str, Any]]:
    out = []
    for selection in req.get("MetricSelections") or []:
        names = list(dict.fromkeys(selection["IncludeMetrics"]))  # a name listed twice is selected once
        out.append({"IncludeMetrics": names})
    return out


def _configuration(found: dict[str, Any]) -> dict[str, Any]:
    out = {"ResourceArn": found["ResourceArn"], "CreatedAt": found["CreatedAt"], "UpdatedAt": found["UpdatedAt"]}
    if found.get("MetricSelections"):
        out["MetricSelections"] = [dict(s) for s in found["MetricSelections"]]
    return {"ResourceMetricsConfiguration": out}


def _existing(ctx: RequestContext, arn: str) -> dict[str, Any]:
    found = _records(ctx, "resource-metrics").get(arn)
    if found is None:
        raise wire.ResourceNotFoundExceptionError(
            f"No resource metrics configuration exists for {arn}.", ResourceType="ResourceMetricsConfiguration", ResourceId=arn)
    return found  # type: ignore[no-any-return]


async def create_resource_metrics_configuration(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    arn = req["ResourceArn"]
    table = _records(ctx, "resource-metrics")
    if arn in table:
        raise wire.ConflictExceptionError(f"A resource metrics configuration already exists for {arn}.")
    await _check_arn(ctx, arn)
    now = ctx.clock.now()
    found = {"ResourceArn": arn, "CreatedAt": now, "UpdatedAt": now, "MetricSelections": _selections(req)}
    table[arn] = found
    return _configuration(found)


def get_resource_metrics_configuration(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    return _configuration(_existing(ctx, req["ResourceArn"]))


def update_resource_metrics_configuration(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    found = _existing(ctx, req["ResourceArn"])
    # The selections replace the stored ones; none at all means every detailed metric.
    found["MetricSelections"] = _selections(req)
    found["UpdatedAt"] = ctx.clock.now()
    _records(ctx, "resource-metrics").touch(req["ResourceArn"])
    return _configuration(found)


def delete_resource_metrics_configuration(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    _existing(ctx, req["ResourceArn"])
    del _records(ctx, "resource-metrics")[req["ResourceArn"]]
    return {}


# ---------------------------------------------------------------- vended metric enrichment (OTel)


def _check_filters(req: dict[str, Any]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    lists = {}
    for key in ("IncludeFilters", "ExcludeFilters"):
        seen: set[str] = set()
        selectors = []
        for selector in req.get(key) or []:
            if selector["Namespace"] in seen:
                raise wire.ValidationExceptionError(f"The namespace {selector['Namespace']} appears more than once in {key}.")
            seen.add(selector["Namespace"])
            selectors.append({"Namespace": selector["Namespace"], "MetricNames": list(selector.get("MetricNames") or [])})
        lists[key] = selectors
    for inc in lists["IncludeFilters"]:
        for exc in lists["ExcludeFilters"]:
            if inc["Namespace"] != exc["Namespace"]:
                continue
            both = set(inc["MetricNames"]) & set(exc["MetricNames"])
            if both or not inc["MetricNames"] or not exc["MetricNames"]:
                raise wire.ValidationExceptionError(
                    f"IncludeFilters and ExcludeFilters both select metrics of the namespace {inc['Namespace']}.")
    return lists["IncludeFilters"], lists["ExcludeFilters"]


def _enrichment(found: dict[str, Any], status: bool = False) -> dict[str, Any]:
    out: dict[str, Any] = {"Status": found["Status"]} if status else {}
    for key in ("IncludeFilters", "ExcludeFilters"):
        if found.get(key):
            out[key] = [{"Namespace": s["Namespace"], **({"MetricNames": list(s["MetricNames"])} if s["MetricNames"] else {})}
                        for s in found[key]]
    for key in ("CreatedAt", "UpdatedAt"):
        if found.get(key) is not None:
            out[key] = found[key]
    return out


def start_otel_enrichment(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    include, exclude = _check_filters(req)
    table = _records(ctx, "otel-enrichment")
    found = table.get("account")
    if found is not None and found["Status"] == "Running":
        return _enrichment(found)  # already running: the filters stay as they are
    now = ctx.clock.now()
    found = {"Status": "Running", "IncludeFilters": include, "ExcludeFilters": exclude, "CreatedAt": now, "UpdatedAt": now}
    table["account"] = found
    return _enrichment(found)


def get_otel_enrichment(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    found = _records(ctx, "otel-enrichment").get("account") or {"Status": "Stopped"}
    return _enrichment(found, status=True)


def update_otel_enrichment(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    table = _records(ctx, "otel-enrichment")
    found = table.get("account")
    if found is None or found["Status"] != "Running":
        raise wire.ResourceNotFoundExceptionError(
            "Vended metric enrichment is not running for this account; start it with StartOTelEnrichment.",
            ResourceType="OTelEnrichment", ResourceId=ctx.account)
    # Both lists are replaced as a pair: one left out is cleared.
    found["IncludeFilters"], found["ExcludeFilters"] = _check_filters(req)
    found["UpdatedAt"] = ctx.clock.now()
    table.touch("account")
    return _enrichment(found)


def stop_otel_enrichment(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    table = _records(ctx, "otel-enrichment")
    found = table.get("account")
    if found is not None and found["Status"] == "Running":
        table["account"] = {"Status": "Stopped", "IncludeFilters": [], "ExcludeFilters": [], "CreatedAt": found["CreatedAt"],
                            "UpdatedAt": ctx.clock.now()}
    return {}


# ---------------------------------------------------------------- datasets and their KMS keys


def _dataset_arn(ctx: RequestContext) -> str:
    return f"arn:{ctx.partition}:cloudwatch:{ctx.region}:{ctx.account}:dataset/{DATASET}"


def _dataset(ctx: RequestContext, identifier: str) -> str:
    if identifier != DATASET and identifier != _dataset_arn(ctx):
        raise wire.ResourceNotFoundExceptionError(f"Dataset {identifier} does not exist.", ResourceType="Dataset", ResourceId=identifier)
    return DATASET


async def _usable_key(ctx: RequestContext, arn: str) -> None:
    parts = arn.split(":", 5)
    region, account = parts[3], parts[4]
    if region != ctx.region:
        raise wire.KmsKeyNotFoundExceptionError(f"The KMS key {arn} is not in the dataset's Region {ctx.region}.")
    try:
        meta = (await services.call(ctx.runtime, "kms", "DescribeKey", {"KeyId": arn}, account, region))["KeyMetadata"]
    except AwsError as error:
        if error.code in ("NotFoundException", "InvalidArnException"):
            raise wire.KmsKeyNotFoundExceptionError(f"The KMS key {arn} could not be found.") from None
        if error.code == "AccessDeniedException":
            raise wire.KmsAccessDeniedExceptionError(f"Access to the KMS key {arn} was denied.") from None
        raise
    if meta.get("KeyState") != "Enabled":
        raise wire.KmsKeyDisabledExceptionError(f"The KMS key {arn} is {meta.get('KeyState', 'Disabled')}.")
    if meta.get("KeySpec") != "SYMMETRIC_DEFAULT" or meta.get("KeyUsage") != "ENCRYPT_DECRYPT":
        # CloudWatch's GenerateDataKey/Encrypt dry runs fail on any other key: it cannot use it.
        raise wire.KmsAccessDeniedExceptionError(
            f"The KMS key {arn} must be a symmetric encryption key (SYMMETRIC_DEFAULT, ENCRYPT_DECRYPT).")
    # The service-principal checks: the key policy must let cloudwatch.amazonaws.com use the key.
    text = (await services.call(ctx.runtime, "kms", "GetKeyPolicy", {"KeyId": arn, "PolicyName": "default"}, account, region))["Policy"]
    try:
        doc = policy.parse(text, kind="resource")
    except policy.PolicyError:
        raise wire.KmsAccessDeniedExceptionError(f"The key policy of {arn} cannot be read.") from None
    who = policy.Principal(account=account, arn="", service="cloudwatch.amazonaws.com")
    for action in SERVICE_ACTIONS:
        if not policy.evaluate(policy.Request(who, action, arn), resource=("key-policy", doc)).allowed:
            raise wire.KmsAccessDeniedExceptionError(
                f"The key policy of {arn} does not allow the CloudWatch service principal (cloudwatch.amazonaws.com) {action}.")


async def associate_dataset_kms_key(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    name = _dataset(ctx, req["DatasetIdentifier"])
    await _usable_key(ctx, req["KmsKeyArn"])
    _records(ctx, "datasets")[name] = {"KmsKeyArn": req["KmsKeyArn"], "AssociatedAt": ctx.clock.now()}
    return {}


def disassociate_dataset_kms_key(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    name = _dataset(ctx, req["DatasetIdentifier"])
    table = _records(ctx, "datasets")
    if not (table.get(name) or {}).get("KmsKeyArn"):
        raise wire.ResourceNotFoundExceptionError(
            f"Dataset {name} has no customer managed KMS key associated.", ResourceType="Dataset", ResourceId=name)
    del table[name]
    return {}


def get_dataset(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    name = _dataset(ctx, req["DatasetIdentifier"])
    out = {"DatasetId": name, "Arn": _dataset_arn(ctx)}
    key = (_records(ctx, "datasets").get(name) or {}).get("KmsKeyArn")
    if key:
        out["KmsKeyArn"] = key
    return out
