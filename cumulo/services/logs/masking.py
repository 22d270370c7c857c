"""Data protection policies: which sensitive data a log group masks, and masking it.

A policy (https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/mask-sensitive-log-data-start.html)
names managed data identifiers (`arn:aws:dataprotection::aws:data-identifier/EmailAddress`)
and custom ones (`{"Name": ..., "Regex": ...}` under `Configuration.CustomDataIdentifier`);
a statement with a `Deidentify.MaskConfig` operation masks what they find. Events are
stored as sent and masked when read, unless the reader asks to `unmask`.
"""

from __future__ import annotations

import functools
import re

import orjson

from cumulo.core.errors import AwsError

MASK = "****"

# The managed identifiers most logs meet; others are accepted and find nothing.
_MANAGED = {
    "EmailAddress": r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}",
    "IpAddress": r"\b(?:\d{1,3}\.){3}\d{1,3}\b",
    "CreditCardNumber": r"\b(?:\d[ -]?){13,16}\b",
    "AwsSecretKey": r"(?<![A-Za-z0-9/+=])[A-Za-z0-9/+=]{40}(?![A-Za-z0-9/+=])",
    "Ssn-US": r"\b\d{3}-\d{2}-\d{4}\b",
    "PhoneNumber-US": r"\b\(?\d{3}\)?[-. ]\d{3}[-. ]\d{4}\b",
    "Address": r"\b\d+ [A-Z][a-z]+ (?:Street|St|Avenue|Ave|Road|Rd)\b",
}


def _invalid(message: str) -> AwsError:
    return AwsError("InvalidParameterException", message, status=400)


def check_policy(document: str) -> None:
    try:
        doc = orjson.loads(document)
    except orjson.JSONDecodeError:
        raise _invalid("Invalid data protection policy: the document is not valid JSON.") from None
    statements = doc.get("Statement") if isinstance(doc, dict) else None
    if not isinstance(statements, list) or not statements:
        raise _invalid("Invalid data protection policy: Statement must be a non-empty list.")
    for statement in statements:
        if not isinstance(statement, dict) or not statement.get("DataIdentifier") or "Operation" not in statement:
            raise _invalid("Invalid data protection policy: each statement needs DataIdentifier and Operation.")


@functools.lru_cache(maxsize=128)
def masker(document: str) -> re.Pattern[str] | None:
    """One regex finding everything the policy masks; None when it masks nothing."""
    if not document:
        return None
    doc = orjson.loads(document)
    custom = {
        c.get("Name"): c.get("Regex")
        for c in (doc.get("Configuration") or {}).get("CustomDataIdentifier") or []
        if isinstance(c, dict)
    }
    found: list[str] = []
    for statement in doc.get("Statement") or []:
        if "Deidentify" not in (statement.get("Operation") or {}):
            continue
        for ident in statement.get("DataIdentifier") or []:
            name = ident.rsplit("/", 1)[-1]
            rx = _MANAGED.get(name) or custom.get(ident) or custom.get(name)
            if rx:
                found.append(f"(?:{rx})")
    return re.compile("|".join(found)) if found else None


def mask(document: str, message: str) -> str:
    rx = masker(document)
    return rx.sub(MASK, message) if rx is not None else message
