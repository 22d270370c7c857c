"""Table definitions: validating CreateTable/UpdateTable input as AWS does, and
the TableDescription that DescribeTable and friends answer with.

Messages follow DynamoDB's ValidationException wording
(https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_CreateTable.html).
"""

from __future__ import annotations

from typing import Any

from cumulo.core.errors import AwsError
from cumulo.services.dynamodb.models import Index, Table

INVALID = "One or more parameter values were invalid: "
MAX_GSIS = 20
MAX_LSIS = 5
# What a new on-demand table or GSI can serve at once, read and write units per second
# (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/warm-throughput-scenarios.html).
ON_DEMAND_WARM = (12000, 4000)
WARM_KEYS = ("ReadUnitsPerSecond", "WriteUnitsPerSecond")


def bad(message: str) -> AwsError:
    return AwsError("ValidationException", message)


def parse_key_schema(schema: list[dict[str, str]], what: str = "KeySchema") -> tuple[str, str | None]:
    if not schema or len(schema) > 2:
        raise bad(f"1 validation error detected: Value '{schema}' at '{what[0].lower() + what[1:]}' failed to satisfy constraint: Member must have length less than or equal to 2")
    if schema[0]["KeyType"] != "HASH":
        raise bad(f"Invalid {what}: The first KeySchemaElement is not a HASH key type")
    if len(schema) == 1:
        return schema[0]["AttributeName"], None
    if schema[1]["KeyType"] != "RANGE":
        raise bad(f"Invalid {what}: The second KeySchemaElement is not a RANGE key type")
    if schema[0]["AttributeName"] == schema[1]["AttributeName"]:
        raise bad(f"Invalid {what}: Both the Hash Key and the Range Key element in the {what} have the same name")
    return schema[0]["AttributeName"], schema[1]["AttributeName"]


def parse_projection(name: str, projection: dict[str, Any]) -> tuple[str, list[str]]:
    kind = projection.get("ProjectionType") or "ALL"
    extra = projection.get("NonKeyAttributes")
    if kind == "INCLUDE":
        if not extra:
            raise bad(INVALID + "ProjectionType is INCLUDE, but NonKeyAttributes is not specified")
    elif extra is not None:
        raise bad(INVALID + f"ProjectionType is {kind}, but NonKeyAttributes is specified")
    return kind, list(extra or [])


def throughput(req: dict[str, Any], billing_mode: str, what: str = "") -> tuple[int, int]:
    given = req.get("ProvisionedThroughput")
    if billing_mode == "PAY_PER_REQUEST":
        if given:
            raise bad(INVALID + "Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST")
        return 0, 0
    if not given:
        if what:
            raise bad(INVALID + f"ProvisionedThroughput is not specified for index: {what}")
        raise bad("No provisioned throughput specified for the table")
    read, write = given["ReadCapacityUnits"], given["WriteCapacityUnits"]
    if read < 1 or write < 1:
        raise bad(INVALID + "ReadCapacityUnits and WriteCapacityUnits must both be positive")
    return read, write


MAX_KEY_ATTRIBUTES = 4  # per key type, in a GSI's multi-attribute key


def parse_multi_key_schema(schema: list[dict[str, str]]) -> tuple[list[str], list[str]]:
    """A GSI's key schema: one to four HASH elements, then up to four RANGE elements
    (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/GSI.html#GSI.MultiAttributeKeys)."""
    if not schema or len(schema) > 2 * MAX_KEY_ATTRIBUTES:
        raise bad(f"1 validation error detected: Value '{schema}' at 'keySchema' failed to satisfy constraint: "
                  f"Member must have length less than or equal to {2 * MAX_KEY_ATTRIBUTES}")
    kinds = [element["KeyType"] for element in schema]
    if kinds[0] != "HASH":
        raise bad("Invalid KeySchema: The first KeySchemaElement is not a HASH key type")
    hashes = [e["AttributeName"] for e in schema if e["KeyType"] == "HASH"]
    ranges = [e["AttributeName"] for e in schema if e["KeyType"] == "RANGE"]
    if kinds != ["HASH"] * len(hashes) + ["RANGE"] * len(ranges):
        raise bad("Invalid KeySchema: all HASH KeySchemaElements must come before the RANGE KeySchemaElements")
    if len(hashes) > MAX_KEY_ATTRIBUTES or len(ranges) > MAX_KEY_ATTRIBUTES:
        raise bad(f"Invalid KeySchema: a key can have at most {MAX_KEY_ATTRIBUTES} HASH and {MAX_KEY_ATTRIBUTES} RANGE KeySchemaElements")
    if len(set(hashes + ranges)) != len(schema):
        raise bad("Invalid KeySchema: Some index key attribute have the same name")
    return hashes, ranges


def make_index(spec: dict[str, Any], kind: str, billing_mode: str) -> Index:
    name = spec["IndexName"]
    if kind == "GSI":
        hashes, ranges = parse_multi_key_schema(spec["KeySchema"])
        hash_key, range_key = hashes[0], (ranges[0] if ranges else None)
    else:
        hash_key, range_key = parse_key_schema(spec["KeySchema"])
        hashes, ranges = [hash_key], [range_key] if range_key else []
    projection_type, extra = parse_projection(name, spec.get("Projection") or {})
    index = Index(name, kind, hash_key, range_key, projection_type, extra, status="ACTIVE")
    if len(hashes) > 1 or len(ranges) > 1:
        index.hash_keys, index.range_keys = hashes, ranges
    if kind == "GSI":
        index.read_capacity, index.write_capacity = throughput(spec, billing_mode, name)
        on_demand = spec.get("OnDemandThroughput") or {}
        index.max_read_requests = on_demand.get("MaxReadRequestUnits")
        index.max_write_requests = on_demand.get("MaxWriteRequestUnits")
        index.warm_throughput = asked_warm(spec.get("WarmThroughput"))
    return index


# ---------------------------------------------------------------- warm throughput


def asked_warm(spec: dict[str, Any] | None) -> dict[str, int]:
    """The members of a WarmThroughput input that were given."""
    given = spec or {}
    return {k: given[k] for k in WARM_KEYS if given.get(k) is not None}


def warm_values(asked: dict[str, int] | None, billing_mode: str, read: int, write: int) -> tuple[int, int]:
    """A table's or GSI's warm throughput: what was asked, else the starting value,
    12,000/4,000 on demand; a provisioned one follows its capacity upwards
    (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/warm-throughput.html)."""
    asked = asked or {}
    if billing_mode == "PAY_PER_REQUEST":
        return asked.get(WARM_KEYS[0], ON_DEMAND_WARM[0]), asked.get(WARM_KEYS[1], ON_DEMAND_WARM[1])
    return max(asked.get(WARM_KEYS[0], 0), read), max(asked.get(WARM_KEYS[1], 0), write)


def raise_warm(current: tuple[int, int], spec: dict[str, Any]) -> dict[str, int]:
    """UpdateTable's WarmThroughput: values only go up ("Once increased, warm
    throughput values can't be decreased", warm-throughput.html)."""
    asked = asked_warm(spec)
    if any(asked.get(k, now) < now for k, now in zip(WARM_KEYS, current)):
        raise bad("decreasing WarmThroughput is not supported")
    return dict(zip(WARM_KEYS, current)) | asked


def _warm_description(asked: dict[str, int] | None, billing_mode: str, read: int, write: int, status: str) -> dict[str, Any]:
    values = warm_values(asked, billing_mode, read, write)
    return {**dict(zip(WARM_KEYS, values)), "Status": status}


def check_definitions(table: Table, defined: dict[str, str], strict: bool = True) -> None:
    """Every key attribute of the table and its indexes is defined, and (on
    CreateTable) nothing else is."""
    used = {table.hash_key}
    if table.range_key:
        used.add(table.range_key)
    for index in [*table.gsis.values(), *table.lsis.values()]:
        used.update(index.key_names())
    missing = sorted(used - defined.keys())
    if missing:
        raise bad(
            INVALID + f"Some index key attributes are not defined in AttributeDefinitions. "
            f"Keys: [{', '.join(missing)}], AttributeDefinitions: [{', '.join(defined)}]"
        )
    if strict and len(used) != len(defined):
        raise bad(INVALID + "Number of attributes in KeySchema does not exactly match number of attributes defined in AttributeDefinitions")


def check_lsi(table: Table, index: Index) -> None:
    if table.range_key is None:
        raise bad(INVALID + "Table KeySchema does not have a range key, which is required when specifying a LocalSecondaryIndex")
    if index.hash_key != table.hash_key:
        raise bad(
            INVALID + f"Index KeySchema does not have the same leading hash key as table KeySchema for index: "
            f"{index.name}. index hash key: {index.hash_key}, table hash key: {table.hash_key}"
        )
    if index.range_key is None:
        raise bad(INVALID + f"Index KeySchema must have a range key for LocalSecondaryIndex: {index.name}")


# ---------------------------------------------------------------- descriptions


def _throughput_description(read: int, write: int) -> dict[str, Any]:
    return {"NumberOfDecreasesToday": 0, "ReadCapacityUnits": read, "WriteCapacityUnits": write}


def _index_projection_keys(table: Table, index: Index) -> list[str]:
    return list(dict.fromkeys([*table.key_names(), *index.key_names()]))


def describe(table: Table, item_count: int, size: int, index_stats: dict[str, tuple[int, int]], status: str | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {
        "AttributeDefinitions": [{"AttributeName": n, "AttributeType": t} for n, t in table.attribute_types.items()],
        "TableName": table.name,
        "KeySchema": table.key_schema(),
        "TableStatus": status or table.status,
        "CreationDateTime": table.created,
        "ProvisionedThroughput": _throughput_description(table.read_capacity, table.write_capacity),
        "TableSizeBytes": size,
        "ItemCount": item_count,
        "TableArn": table.arn,
        "TableId": table.table_id,
        "DeletionProtectionEnabled": table.deletion_protection,
    }
    if table.billing_mode == "PAY_PER_REQUEST" or table.billing_changed is not None:
        summary: dict[str, Any] = {"BillingMode": table.billing_mode}
        if table.billing_changed is not None and table.billing_mode == "PAY_PER_REQUEST":
            summary["LastUpdateToPayPerRequestDateTime"] = table.billing_changed
        out["BillingModeSummary"] = summary
    if table.max_read_requests or table.max_write_requests:
        out["OnDemandThroughput"] = {k: x for k, x in (("MaxReadRequestUnits", table.max_read_requests), ("MaxWriteRequestUnits", table.max_write_requests)) if x}
    if table.lsis:
        out["LocalSecondaryIndexes"] = [
            {
                "IndexName": i.name,
                "KeySchema": i.key_schema(),
                "Projection": i.projection(),
                "IndexSizeBytes": index_stats.get(i.name, (0, 0))[1],
                "ItemCount": index_stats.get(i.name, (0, 0))[0],
                "IndexArn": f"{table.arn}/index/{i.name}",
            }
            for i in table.lsis.values()
        ]
    if table.gsis:
        gsis = []
        for i in table.gsis.values():
            entry: dict[str, Any] = {
                "IndexName": i.name,
                "KeySchema": i.key_schema(),
                "Projection": i.projection(),
                "IndexStatus": i.status,
                "ProvisionedThroughput": _throughput_description(i.read_capacity, i.write_capacity),
                "IndexSizeBytes": index_stats.get(i.name, (0, 0))[1],
                "ItemCount": index_stats.get(i.name, (0, 0))[0],
                "IndexArn": f"{table.arn}/index/{i.name}",
            }
            if i.status == "CREATING":
                entry["Backfilling"] = True
            if i.max_read_requests or i.max_write_requests:
                entry["OnDemandThroughput"] = {k: x for k, x in (("MaxReadRequestUnits", i.max_read_requests), ("MaxWriteRequestUnits", i.max_write_requests)) if x}
            # An index's warm status is only ever UPDATING or ACTIVE (API_GlobalSecondaryIndexWarmThroughputDescription).
            entry["WarmThroughput"] = _warm_description(i.warm_throughput, table.billing_mode, i.read_capacity, i.write_capacity,
                                                        "ACTIVE" if i.status == "ACTIVE" else "UPDATING")
            gsis.append(entry)
        out["GlobalSecondaryIndexes"] = gsis
    if table.stream_label:
        spec: dict[str, Any] = {"StreamEnabled": table.stream_enabled}
        if table.stream_enabled:
            spec["StreamViewType"] = table.stream_view_type
            out["StreamSpecification"] = spec
        out["LatestStreamLabel"] = table.stream_label
        out["LatestStreamArn"] = table.stream_arn
    if table.sse:
        out["SSEDescription"] = table.sse
    if table.table_class != "STANDARD":
        out["TableClassSummary"] = {"TableClass": table.table_class}
    if table.restore_summary:
        out["RestoreSummary"] = table.restore_summary
    current = table.global_version == "2019.11.21"  # both settings are of version 2019.11.21 global tables
    if table.settings_replication or current:
        # ENABLED_WITH_OVERRIDES is a same-account global table's default (TableDescription).
        out["GlobalTableSettingsReplicationMode"] = table.settings_replication or "ENABLED_WITH_OVERRIDES"
    if table.consistency or current:
        out["MultiRegionConsistency"] = table.consistency or "EVENTUAL"
    out["WarmThroughput"] = _warm_description(table.warm_throughput, table.billing_mode, table.read_capacity, table.write_capacity, status or table.status)
    return out
