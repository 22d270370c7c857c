"""Policy documents: JSON text in, a checked and precompiled `Policy` out.

`parse(text, kind)` refuses what IAM refuses, in IAM's words (`PolicyError`'s
message is what `MalformedPolicyDocument` carries), and compiles each statement
once: actions and resources into matchers, principals into sets, conditions into
(operator, key, values) triples. Parsed policies are cached by text, so a
policy evaluated on every request is parsed once.

`kind` is "identity" (no Principal allowed, Resource required), "resource"
(Principal required), or "trust" (a role's trust policy: Principal required,
no Resource needed).
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass, field
from typing import Any

VERSIONS = ("2012-10-17", "2008-10-17")
_STATEMENT_FIELDS = {"Sid", "Effect", "Action", "NotAction", "Resource", "NotResource",
                     "Principal", "NotPrincipal", "Condition"}
_ACTION = re.compile(r"^[a-zA-Z0-9*?-]+:[a-zA-Z0-9*?]*$")
_VARIABLE = re.compile(r"\$\{([^}]*)\}")


class PolicyError(ValueError):
    """A document IAM would refuse; the message is IAM's."""


@dataclass(frozen=True, slots=True)
class Matcher:
    """A set of patterns (`*` any run, `?` one character), matched case-insensitively
    for actions and case-sensitively for resources."""

    exact: frozenset[str]
    patterns: tuple[re.Pattern[str], ...]
    anything: bool
    variables: bool = False  # patterns holding ${...}: substituted per request
    raw: tuple[str, ...] = ()

    def matches(self, value: str) -> bool:
        if self.anything or value in self.exact:
            return True
        for pattern in self.patterns:
            if pattern.fullmatch(value):
                return True
        return False


@dataclass(frozen=True, slots=True)
class Condition:
    operator: str  # the base operator, e.g. "stringlike"
    key: str  # lowercased context key
    values: tuple[Any, ...]
    if_exists: bool = False
    qualifier: str = ""  # "", "forallvalues", "foranyvalue"
    raw_operator: str = ""
    raw_key: str = ""


@dataclass(frozen=True, slots=True)
class Statement:
    sid: str
    effect: str  # "Allow" | "Deny"
    actions: Matcher | None
    not_actions: Matcher | None
    resources: Matcher | None
    not_resources: Matcher | None
    principals: dict[str, tuple[str, ...]] | None  # "AWS"/"Service"/... -> values; "*" as {"*": ("*",)}
    not_principals: dict[str, tuple[str, ...]] | None
    conditions: tuple[Condition, ...]
    index: int  # position in the policy, for reporting which statement decided
    source: dict[str, Any] = field(default_factory=dict, compare=False)


@dataclass(frozen=True, slots=True)
class Policy:
    version: str
    statements: tuple[Statement, ...]
    id: str = ""
    text: str = field(default="", compare=False)

    @property
    def variables(self) -> bool:
        return self.version == "2012-10-17"


def glob(value: str, ignore_case: bool) -> re.Pattern[str]:
    parts = (".*" if ch == "*" else "." if ch == "?" else re.escape(ch) for ch in value)
    return re.compile("".join(parts), re.IGNORECASE | re.DOTALL if ignore_case else re.DOTALL)


def matcher(values: list[str], ignore_case: bool) -> Matcher:
    exact, patterns = set(), []
    variables = any("${" in v for v in values)
    for value in values:
        text = value.lower() if ignore_case else value
        if text == "*":
            return Matcher(frozenset(), (), True, variables, tuple(values))
        if "*" in text or "?" in text:
            patterns.append(glob(text, ignore_case))
        else:
            exact.add(text)
    return Matcher(frozenset(exact), tuple(patterns), False, variables, tuple(values))


def _as_list(value: Any, name: str) -> list[Any]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
        return value
    raise PolicyError(f"Syntax errors in policy. {name} must be a string or a non-empty list of strings.")


def _actions(value: Any) -> Matcher:
    actions = _as_list(value, "Action")
    for action in actions:
        if action != "*" and not _ACTION.match(action):
            raise PolicyError("Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.")
    return matcher(actions, True)


def _resources(value: Any, kind: str) -> Matcher:
    resources = _as_list(value, "Resource")
    for resource in resources:
        if resource != "*" and not resource.startswith("arn:") and "${" not in resource:
            raise PolicyError(f'Resource {resource} must be in ARN format or "*".')
        if resource.startswith("arn:") and resource.count(":") < 5 and "*" not in resource:
            raise PolicyError(f"Resource {resource} must be in ARN format or \"*\".")
    return matcher(resources, False)


def _principals(value: Any) -> dict[str, tuple[str, ...]]:
    if value == "*":
        return {"*": ("*",)}
    if not isinstance(value, dict) or not value:
        raise PolicyError("Invalid principal in policy: " + json.dumps(value))
    out = {}
    for kind, names in value.items():
        if kind not in ("AWS", "Service", "Federated", "CanonicalUser"):
            raise PolicyError(f'Invalid principal in policy: "{kind}":' + json.dumps(names))
        items = _as_list(names, "Principal")
        if kind == "AWS":
            for item in items:
                if not (item == "*" or re.fullmatch(r"\d{12}", item) or item.startswith("arn:") or
                        re.fullmatch(r"A[A-Z0-9]{20}", item)):
                    raise PolicyError(f'Invalid principal in policy: "AWS":"{item}"')
        out[kind] = tuple(items)
    return out


def _conditions(value: Any) -> tuple[Condition, ...]:
    from cumulo.engines.policy.conditions import OPERATORS

    if not isinstance(value, dict):
        raise PolicyError("Syntax errors in policy. Condition must be an object.")
    out = []
    for raw_operator, block in value.items():
        op = raw_operator
        qualifier = ""
        if ":" in op:
            qualifier, _, op = op.partition(":")
            qualifier = qualifier.lower()
            if qualifier not in ("forallvalues", "foranyvalue"):
                raise PolicyError(f"Invalid Condition type : {raw_operator}")
        if_exists = op.lower().endswith("ifexists") and op.lower() != "null"
        base = op[:-8] if if_exists else op
        if base.lower() not in OPERATORS or (if_exists and base.lower() == "null"):
            raise PolicyError(f"Invalid Condition type : {raw_operator}")
        if not isinstance(block, dict):
            raise PolicyError("Syntax errors in policy. Condition block must be an object.")
        for key, values in block.items():
            if ":" not in key and key.lower() not in ("null",):
                raise PolicyError("Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.")
            items = values if isinstance(values, list) else [values]
            if not items or not all(isinstance(v, (str, bool, int, float)) for v in items):
                raise PolicyError(f"Syntax errors in policy. Condition values of {key} must be strings.")
            texts = tuple("true" if v is True else "false" if v is False else str(v) for v in items)
            out.append(Condition(base.lower(), key.lower(), texts, if_exists, qualifier, raw_operator, key))
    return tuple(out)


def _statement(raw: Any, index: int, kind: str) -> Statement:
    if not isinstance(raw, dict):
        raise PolicyError("Syntax errors in policy.")
    unknown = set(raw) - _STATEMENT_FIELDS
    if unknown:
        raise PolicyError(f"Syntax errors in policy. Unknown field {sorted(unknown)[0]}")
    effect = raw.get("Effect")
    if effect is None:
        raise PolicyError("Missing required field Effect")
    if effect not in ("Allow", "Deny"):
        raise PolicyError(f"Invalid effect: {effect}")
    if "Action" in raw and "NotAction" in raw:
        raise PolicyError("Syntax errors in policy. A statement may have Action or NotAction, not both.")
    if "Action" not in raw and "NotAction" not in raw:
        raise PolicyError("Policy statement must contain actions.")
    if "Resource" in raw and "NotResource" in raw:
        raise PolicyError("Syntax errors in policy. A statement may have Resource or NotResource, not both.")
    has_principal = "Principal" in raw or "NotPrincipal" in raw
    if kind == "identity":
        if has_principal:
            raise PolicyError("Policy document should not specify a principal.")
        if "Resource" not in raw and "NotResource" not in raw:
            raise PolicyError("Policy statement must contain resources.")
    elif not has_principal:
        raise PolicyError("Missing required field Principal")
    if kind == "trust" and "NotPrincipal" in raw:
        raise PolicyError("AssumeRole policy may only specify STS AssumeRole actions.")
    return Statement(
        sid=str(raw.get("Sid", "")),
        effect=effect,
        actions=_actions(raw["Action"]) if "Action" in raw else None,
        not_actions=_actions(raw["NotAction"]) if "NotAction" in raw else None,
        resources=_resources(raw["Resource"], kind) if "Resource" in raw else None,
        not_resources=_resources(raw["NotResource"], kind) if "NotResource" in raw else None,
        principals=_principals(raw["Principal"]) if "Principal" in raw else None,
        not_principals=_principals(raw["NotPrincipal"]) if "NotPrincipal" in raw else None,
        conditions=_conditions(raw["Condition"]) if "Condition" in raw else (),
        index=index,
        source=raw,
    )


@functools.lru_cache(maxsize=4096)
def parse(text: str, kind: str = "identity") -> Policy:
    """The checked, compiled policy of a document; `PolicyError` when IAM would refuse it."""
    try:
        raw = json.loads(text)
    except (ValueError, TypeError):
        raise PolicyError("Syntax errors in policy.") from None
    if not isinstance(raw, dict):
        raise PolicyError("Syntax errors in policy.")
    version = raw.get("Version", "2008-10-17")
    if version not in VERSIONS:
        raise PolicyError("The policy must contain a valid version string")
    unknown = set(raw) - {"Version", "Id", "Statement"}
    if unknown:
        raise PolicyError(f"Syntax errors in policy. Unknown field {sorted(unknown)[0]}")
    statements = raw.get("Statement")
    if statements is None:
        raise PolicyError("Syntax errors in policy. Missing required field Statement")
    if isinstance(statements, dict):
        statements = [statements]
    if not isinstance(statements, list):
        raise PolicyError("Syntax errors in policy.")
    sids = [s.get("Sid") for s in statements if isinstance(s, dict) and s.get("Sid")]
    if len(sids) != len(set(sids)):
        raise PolicyError("Statement IDs (SID) in a single policy must be unique.")
    parsed = tuple(_statement(s, i, kind) for i, s in enumerate(statements))
    return Policy(version, parsed, str(raw.get("Id", "")), text)


def variables_in(text: str) -> list[str]:
    """The policy variables a string mentions, without their defaults."""
    return [m.split(",", 1)[0].strip() for m in _VARIABLE.findall(text)]
