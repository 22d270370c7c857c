"""Parameter Store rules: names, selectors, tiers, values, labels, policies and filters.

Pure functions over `Parameter` values; the handlers in `api/parameters.py`
fetch and store. Wording follows what Parameter Store answers.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from typing import Any

from cumulo.core.errors import AwsError
from cumulo.services.ssm.common import validation
from cumulo.services.ssm.models import Parameter, ParameterVersion

MAX_LEVELS = 15
MAX_VERSIONS = 100
MAX_LABELS = 10
STANDARD_MAX = 4096
ADVANCED_MAX = 8192
MAX_STANDARD_PARAMETERS = 10_000
MAX_ADVANCED_PARAMETERS = 100_000
DEFAULT_KEY = "alias/aws/ssm"
DATA_TYPES = ("text", "aws:ec2:image", "aws:ssm:integration")
NAME_CHARS = re.compile(r"^[a-zA-Z0-9_.\-/]+$")
LABEL_CHARS = re.compile(r"^[a-zA-Z0-9_.\-]+$")
AMI_ID = re.compile(r"^ami-([0-9a-f]{8}|[0-9a-f]{17})$")
BAD_NAME = (
    'Parameter name: can\'t be prefixed with "aws" or "ssm" (case-insensitive). If formed as a path, it can consist '
    "of sub-paths divided by slash symbol; each sub-path can be formed as a mix of letters, numbers and the "
    "following 3 symbols .-_"
)


def name_from(name_or_arn: str) -> str:
    """A parameter name from a name or a parameter ARN."""
    if name_or_arn.startswith("arn:"):
        parts = name_or_arn.split(":", 5)
        if len(parts) == 6 and parts[5].startswith("parameter/"):
            rest = parts[5][len("parameter/") :]
            return "/" + rest if "/" in rest else rest
    return name_or_arn


def split_selector(given: str) -> tuple[str, str | None]:
    """`name:label` or `name:3` -> (name, selector); selectors follow the last colon of a name."""
    name = name_from(given) if given.startswith("arn:") else given
    if given.startswith("arn:"):
        # An ARN carries its selector after the name part too.
        tail = given.split(":", 5)[-1]
        if ":" in tail:
            base, selector = tail.rsplit(":", 1)
            return name_from(":".join(given.split(":", 5)[:5]) + ":" + base), selector
        return name, None
    if ":" in name:
        base, selector = name.rsplit(":", 1)
        return base, selector
    return name, None


def check_name(name: str) -> None:
    """AWS's rules for a name a parameter is created under."""
    if not NAME_CHARS.match(name):
        raise validation(BAD_NAME)
    first = name.lstrip("/").split("/", 1)[0].lower()
    if first.startswith("aws") or first.startswith("ssm"):
        raise validation(BAD_NAME)
    if "/" in name:
        if not name.startswith("/"):
            raise validation("Parameter name must be a fully qualified name.")
        if name.endswith("/") or "//" in name:
            raise validation(BAD_NAME)
        if name.count("/") > MAX_LEVELS:
            raise AwsError(
                "HierarchyLevelLimitExceededException",
                "A hierarchy can have a maximum of 15 levels. For more information, see "
                "https://docs.aws.amazon.com/systems-manager/latest/userguide/sysman-paramstore-su-create.html",
            )


def check_path(path: str) -> str:
    """A GetParametersByPath / Path filter value, normalised (no trailing slash except the root)."""
    if not path.startswith("/") or "//" in path or not NAME_CHARS.match(path):
        raise validation(
            "The parameter doesn't meet the parameter name requirements. The parameter name must begin with a forward "
            "slash \"/\". It can't be prefixed with \"aws\" or \"ssm\" (case-insensitive). It must use only letters, "
            "numbers, or the following symbols: . (period), - (hyphen), _ (underscore). Special characters are not "
            "allowed. All sub-paths, if specified, must use the forward slash symbol \"/\". Valid example: "
            "/get/parameters2-/by1./path0_."
        )
    if path.count("/") > MAX_LEVELS + 1:
        raise AwsError("HierarchyLevelLimitExceededException", "A hierarchy can have a maximum of 15 levels.")
    return path if path == "/" else path.rstrip("/")


def in_path(name: str, path: str, recursive: bool) -> bool:
    if path == "/":
        return name.startswith("/") and (recursive or name.count("/") == 1)
    if not name.startswith(path + "/"):
        return False
    return recursive or "/" not in name[len(path) + 1 :]


# ---------------------------------------------------------------- values, tiers


def check_value(value: str, type_: str, allowed_pattern: str, data_type: str) -> None:
    if value == "":
        raise validation(
            "1 validation error detected: Value '' at 'value' failed to satisfy constraint: Member must have length greater than or equal to 1."
        )
    if type_ == "StringList" and data_type == "text":
        items = value.split(",")
    else:
        items = [value]
    if allowed_pattern:
        try:
            pattern = re.compile(allowed_pattern)
        except re.error:
            raise AwsError("InvalidAllowedPatternException", "The allowed pattern is not a valid regular expression.") from None
        if type_ != "SecureString":
            for item in items:
                if not pattern.search(item):
                    raise AwsError(
                        "ParameterPatternMismatchException",
                        f"Parameter value, cannot be validated against allowedPattern: {allowed_pattern}",
                    )
    if data_type == "aws:ec2:image" and not AMI_ID.match(value):
        raise validation(
            f"The parameter value {value} is not a valid Amazon Machine Image (AMI) ID. A valid AMI ID begins with "
            "\"ami-\" followed by 8 or 17 hexadecimal characters."
        )


def choose_tier(requested: str | None, default: str, existing: ParameterVersion | None, value: str, policies: list[dict[str, Any]]) -> str:
    tier = requested or default
    needs_advanced = len(value) > STANDARD_MAX or bool(policies)
    if tier == "Intelligent-Tiering":
        tier = "Advanced" if needs_advanced or (existing is not None and existing.tier == "Advanced") else "Standard"
    if len(value) > ADVANCED_MAX:
        raise validation(
            f"Parameter value exceeds the maximum length. Advanced tier parameters support a maximum value of {ADVANCED_MAX} characters."
        )
    if tier == "Standard":
        if existing is not None and existing.tier == "Advanced" and requested is not None:
            raise validation(
                "This parameter uses the advanced-parameter tier. You can't downgrade a parameter from the "
                "advanced-parameter tier to the standard-parameter tier. If necessary, you can delete the advanced "
                "parameter and recreate it as a standard parameter."
            )
        if existing is not None and existing.tier == "Advanced":
            tier = "Advanced"
        elif len(value) > STANDARD_MAX:
            raise validation(
                "Standard tier parameters support a maximum parameter value of 4096 characters. To create a larger "
                "parameter value, upgrade the parameter to use the advanced-parameter tier. For more information, "
                "see https://docs.aws.amazon.com/systems-manager/latest/userguide/parameter-store-advanced-parameters.html"
            )
        elif policies:
            raise validation(
                "Parameter policies are not supported for Standard tier parameters. Use the Advanced tier or "
                "Intelligent-Tiering to attach policies."
            )
    return tier


# ---------------------------------------------------------------- labels


def label_problem(label: str) -> bool:
    low = label.lower()
    return (
        len(label) > 100
        or not LABEL_CHARS.match(label)
        or low.startswith("aws")
        or low.startswith("ssm")
        or label[0].isdigit()
    )


def find_version(param: Parameter, selector: str | None) -> ParameterVersion:
    if selector is None:
        return param.current
    if selector.isdigit():
        version = param.versions.get(int(selector))
        if version is None:
            raise AwsError(
                "ParameterVersionNotFound",
                f"Systems Manager could not find version {selector} of {param.name}. Verify the version and try again.",
            )
        return version
    for version in param.versions.values():
        if selector in version.labels:
            return version
    raise AwsError("ParameterNotFound", f"Parameter {param.name}:{selector} not found.")


# ---------------------------------------------------------------- policies

POLICY_TYPES = ("Expiration", "ExpirationNotification", "NoChangeNotification")
UNITS = {"Days": 86400, "Hours": 3600}


def parse_policies(text: str | None) -> list[dict[str, Any]]:
    """Policies as stored: [{"text": ..., "type": ..., "status": "Pending", "policy": {...}}]."""
    if not text:
        return []
    try:
        given = json.loads(text)
    except ValueError:
        raise AwsError("InvalidPolicyTypeException", "The policy is not valid JSON.") from None
    if isinstance(given, dict):
        given = [given]
    if not isinstance(given, list):
        raise AwsError("InvalidPolicyTypeException", "Parameter policies must be a JSON array of policy objects.")
    if len(given) > 10:
        raise AwsError("PoliciesLimitExceededException", "You specified more than the maximum number of allowed policies for the parameter. The maximum is 10.")
    out: list[dict[str, Any]] = []
    seen: set[str] = set()
    for policy in given:
        if not isinstance(policy, dict) or policy.get("Type") not in POLICY_TYPES:
            raise AwsError(
                "InvalidPolicyTypeException",
                "The parameter policy type is not supported. Parameter Store supports the following policy types: "
                "Expiration, ExpirationNotification, and NoChangeNotification.",
            )
        kind = policy["Type"]
        if kind in seen:
            raise AwsError("IncompatiblePolicyException", f"There is more than one {kind} policy for the parameter.")
        seen.add(kind)
        attributes = policy.get("Attributes")
        if not isinstance(attributes, dict):
            raise AwsError("InvalidPolicyAttributeException", f"A policy of type {kind} needs Attributes.")
        _check_attributes(kind, attributes)
        out.append({"text": json.dumps(policy, separators=(",", ":")), "type": kind, "status": "Pending"})
    if "ExpirationNotification" in seen and "Expiration" not in seen:
        raise AwsError("IncompatiblePolicyException", "An ExpirationNotification policy needs an Expiration policy.")
    return out


def _check_attributes(kind: str, attributes: dict[str, Any]) -> None:
    if kind == "Expiration":
        if parse_time(attributes.get("Timestamp")) is None:
            raise AwsError("InvalidPolicyAttributeException", "The Timestamp attribute of an Expiration policy must be an ISO 8601 date and time.")
        return
    field_name = "Before" if kind == "ExpirationNotification" else "After"
    amount = attributes.get(field_name)
    unit = attributes.get("Unit")
    if not str(amount or "").isdigit() or unit not in UNITS:
        raise AwsError(
            "InvalidPolicyAttributeException",
            f"A {kind} policy needs {field_name} (a whole number) and Unit (Days or Hours).",
        )


def parse_time(value: Any) -> float | None:
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if parsed.tzinfo is None:
        from datetime import timezone

        parsed = parsed.replace(tzinfo=timezone.utc)
    return parsed.timestamp()


def policy_attributes(policy: dict[str, Any]) -> dict[str, Any]:
    attributes: dict[str, Any] = json.loads(policy["text"]).get("Attributes", {})
    return attributes


def expires_at(version: ParameterVersion) -> float | None:
    for policy in version.policies:
        if policy["type"] == "Expiration":
            return parse_time(policy_attributes(policy)["Timestamp"])
    return None


def policies_out(version: ParameterVersion) -> list[dict[str, str]]:
    return [{"PolicyText": p["text"], "PolicyType": p["type"], "PolicyStatus": p["status"]} for p in version.policies]


# ---------------------------------------------------------------- filters

FILTER_KEYS = ("Name", "Type", "KeyId", "Path", "Label", "Tier", "DataType")


def check_filters(filters: Any, allowed: tuple[str, ...]) -> None:
    seen: set[str] = set()
    for f in filters:
        key = f["Key"]
        if not key.startswith("tag:") and key not in allowed:
            raise AwsError(
                "InvalidFilterKey", f"The following filter key is not valid: {key}. Valid filter keys include: [{', '.join(allowed)}]."
            )
        if key in seen:
            raise validation(f"The following filter is duplicated in the request: {key}. A request can contain only one occurrence of a specific filter.")
        seen.add(key)
        option = f.get("Option")
        values = f.get("Values") or []
        if key == "Path":
            if option not in (None, "Recursive", "OneLevel"):
                raise AwsError("InvalidFilterOption", f"The following filter option is not valid: {option}. Valid options include: [Recursive, OneLevel].")
            for v in values:
                check_path(v)
        elif key == "Name":
            if option not in (None, "Equals", "BeginsWith", "Contains"):
                raise AwsError("InvalidFilterOption", f"The following filter option is not valid: {option}. Valid options include: [BeginsWith, Equals, Contains].")
        elif key.startswith("tag:"):
            if option not in (None, "Equals"):
                raise AwsError("InvalidFilterOption", f"The following filter option is not valid: {option}. Valid options include: [Equals].")
        elif option not in (None, "Equals", "BeginsWith") or (key in ("Label", "Tier", "DataType") and option == "BeginsWith"):
            raise AwsError("InvalidFilterOption", f"The following filter option is not valid: {option}. Valid options include: [Equals, BeginsWith].")
        if not values and not key.startswith("tag:"):
            raise AwsError("InvalidFilterValue", f"The following filter values are missing : null for filter key {key}.")
        if len(values) > 50:
            raise AwsError("InvalidFilterValue", "A filter can have at most 50 values.")


def matches(param: Parameter, tags: dict[str, str], filters: Any) -> bool:
    current = param.current
    for f in filters:
        key, option, values = f["Key"], f.get("Option") or "Equals", f.get("Values") or []
        if key.startswith("tag:"):
            tag = key[4:]
            if tag not in tags or (values and tags[tag] not in values):
                return False
            continue
        if key == "Path":
            recursive = option == "Recursive"
            if not any(in_path(param.name, check_path(v), recursive) for v in values):
                return False
            continue
        if key == "Label":
            labels = {label for v in param.versions.values() for label in v.labels}
            if not labels & set(values):
                return False
            continue
        field_value = {
            "Name": param.name,
            "Type": current.type,
            "KeyId": current.key_id,
            "Tier": current.tier,
            "DataType": current.data_type,
        }[key]
        if key == "Name":
            # Names compare with or without the leading slash of a hierarchy.
            candidates = [v if v.startswith("/") or not param.name.startswith("/") else "/" + v for v in values]
        else:
            candidates = values
        if option == "Equals" and field_value not in candidates:
            return False
        if option == "BeginsWith" and not any(field_value.startswith(v) for v in candidates):
            return False
        if option == "Contains" and not any(v in field_value for v in values):
            return False
    return True


def legacy_matches(param: Parameter, filters: Any) -> bool:
    """DescribeParameters' old `Filters` (Name, Type, KeyId): a name filter matches by prefix."""
    current = param.current
    for f in filters:
        values = f.get("Values") or []
        if f["Key"] == "Name":
            if not any(param.name.startswith(v) for v in values):
                return False
        elif f["Key"] == "Type":
            if current.type not in values:
                return False
        elif current.key_id not in values:
            return False
    return True
