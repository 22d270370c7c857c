"""Delivery configuration templates: what DescribeConfigurationTemplates answers.

Each vended-log source (a service, its resource type and log type) may deliver to
some destination types (S3, CloudWatch Logs `CWL`, Firehose `FH`, X-Ray `XRAY`),
with the record fields, output formats, delimiters and S3 suffix fields AWS
documents for it in "Enable logging from AWS services"
(https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/AWS-logs-and-resource-policy.html).
The table is data; `templates()` expands it to one template per destination type.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

_CLOUDFRONT_FIELDS = (
    "timestamp", "DistributionId", "date", "time", "x-edge-location", "sc-bytes", "c-ip", "cs-method", "cs(Host)",
    "cs-uri-stem", "sc-status", "cs(Referer)", "cs(User-Agent)", "cs-uri-query", "cs(Cookie)", "x-edge-result-type",
    "x-edge-request-id", "x-host-header", "cs-protocol", "cs-bytes", "time-taken", "x-forwarded-for", "ssl-protocol",
    "ssl-cipher", "x-edge-response-result-type", "cs-protocol-version", "fle-status", "fle-encrypted-fields", "c-port",
    "time-to-first-byte", "x-edge-detailed-result-type", "sc-content-type", "sc-content-len", "sc-range-start",
    "sc-range-end", "c-country", "cache-behavior-path-pattern",
)
_EVENT_FIELDS = ("event_timestamp", "resource_arn", "event_type", "log_level", "message")


@dataclass(frozen=True, slots=True)
class Source:
    service: str
    resource_type: str
    log_type: str
    destinations: tuple[str, ...]
    fields: tuple[str, ...]
    mandatory: tuple[str, ...] = ()
    formats: dict[str, tuple[str, ...]] | None = None
    delimiters: tuple[str, ...] = ()
    suffix_fields: tuple[str, ...] = ()
    hive_default: bool = False


SOURCES: tuple[Source, ...] = (
    Source("cloudfront", "distribution", "ACCESS_LOGS", ("S3", "CWL", "FH"), _CLOUDFRONT_FIELDS, ("timestamp",),
           {"S3": ("json", "plain", "w3c", "parquet"), "CWL": ("json", "plain"), "FH": ("json", "plain", "raw")},
           ("\t", " ", ",", "|", ""), ("DistributionId", "yyyy", "MM", "dd", "HH", "accountid", "region")),
    Source("bedrock", "agent", "APPLICATION_LOGS", ("S3", "CWL", "FH"), _EVENT_FIELDS),
    Source("bedrock", "knowledge-base", "APPLICATION_LOGS", ("S3", "CWL", "FH"), _EVENT_FIELDS),
    Source("codewhisperer", "profile", "EVENT_LOGS", ("S3", "CWL", "FH"), _EVENT_FIELDS),
    Source("sso", "instance", "ERROR_LOGS", ("S3", "CWL", "FH"), _EVENT_FIELDS),
    Source("workmail", "organization", "ACCESS_CONTROL_LOGS", ("S3", "CWL", "FH"), _EVENT_FIELDS),
    Source("workmail", "organization", "AUTHENTICATION_LOGS", ("S3", "CWL", "FH"), _EVENT_FIELDS),
    Source("workmail", "organization", "WORKMAIL_AVAILABILITY_PROVIDER_LOGS", ("S3", "CWL", "FH"), _EVENT_FIELDS),
    Source("workmail", "organization", "WORKMAIL_MAILBOX_ACCESS_LOGS", ("S3", "CWL", "FH"), _EVENT_FIELDS),
    Source("workmail", "organization", "WORKMAIL_PERSONAL_ACCESS_TOKEN_LOGS", ("S3", "CWL", "FH"), _EVENT_FIELDS),
    Source("mediapackage", "channel", "EGRESS_ACCESS_LOGS", ("S3", "CWL", "FH"), _EVENT_FIELDS),
    Source("mediapackage", "channel", "INGRESS_ACCESS_LOGS", ("S3", "CWL", "FH"), _EVENT_FIELDS),
    Source("pcs", "cluster", "PCS_SCHEDULER_LOGS", ("S3", "CWL", "FH"), _EVENT_FIELDS),
    Source("pcs", "cluster", "PCS_JOBCOMP_LOGS", ("S3", "CWL", "FH"), _EVENT_FIELDS),
    Source("entityresolution", "workflow", "WORKFLOW_LOGS", ("S3", "CWL", "FH"), _EVENT_FIELDS),
    Source("ses", "mailmanager-ingress-point", "APPLICATION_LOGS", ("S3", "CWL", "FH"), _EVENT_FIELDS),
    Source("rum", "app-monitor", "EVENT_LOGS", ("S3", "CWL", "FH"), _EVENT_FIELDS),
    Source("xray", "trace", "TRACES", ("XRAY",), ()),
)

_DEFAULT_FORMATS = {"S3": ("json", "plain", "w3c"), "CWL": ("json", "plain"), "FH": ("json", "plain", "raw"), "XRAY": ("json",)}


def _template(s: Source, kind: str) -> dict[str, Any]:
    formats = (s.formats or _DEFAULT_FORMATS).get(kind, ())
    defaults: dict[str, Any] = {"recordFields": list(s.fields)}
    if s.delimiters and kind != "CWL":
        defaults["fieldDelimiter"] = s.delimiters[0]
    out: dict[str, Any] = {
        "service": s.service, "logType": s.log_type, "resourceType": s.resource_type, "deliveryDestinationType": kind,
        "allowedFields": [{"name": f, "mandatory": f in s.mandatory} for f in s.fields],
        "allowedOutputFormats": list(formats),
        "allowedActionForAllowVendedLogsDeliveryForResource": f"{s.service}:AllowVendedLogDeliveryForResource",
    }
    if kind == "S3":
        suffix = "/".join("{" + f + "}" for f in s.suffix_fields) if s.suffix_fields else "AWSLogs/{accountid}/" + s.service
        defaults["s3DeliveryConfiguration"] = {"suffixPath": suffix, "enableHiveCompatiblePath": s.hive_default}
        out["allowedSuffixPathFields"] = list(s.suffix_fields or ("accountid", "region", "yyyy", "MM", "dd", "HH"))
    if s.delimiters and kind != "CWL":
        out["allowedFieldDelimiters"] = list(s.delimiters)
    out["defaultDeliveryConfigValues"] = defaults
    return out


def templates() -> list[dict[str, Any]]:
    return [_template(s, kind) for s in SOURCES for kind in s.destinations]


def select(service: str | None, log_types: list[str] | None, resource_types: list[str] | None,
           destination_types: list[str] | None) -> list[dict[str, Any]]:
    """The templates matching every filter given (a missing filter matches all)."""
    return [
        t for t in templates()
        if (not service or t["service"] == service)
        and (not log_types or t["logType"] in log_types)
        and (not resource_types or t["resourceType"] in resource_types)
        and (not destination_types or t["deliveryDestinationType"] in destination_types)
    ]
