"""Is an answer one AWS could have given? Output shapes and error codes, checked.

- `output_problems(shape, parsed)`: a botocore-parsed success body against the
  output shape: required members present, each value of its shape's type, enum
  values legal, unions with one member, and no member the shape does not have.
- `raw_json_problems(shape, body)`: JSON bodies are also read before botocore
  parses them, because botocore drops members it does not know: an extra key
  on the wire is otherwise invisible.
- `error_problem(operation, code, status, ...)`: an error must carry a code the
  model declares for the operation (by shape name or its `error.code`) with the
  status the model gives it, or be a common AWS error (`COMMON_ERRORS`) with one
  of its usual statuses. A 5xx, `NotImplemented` and unknown codes are problems.

Each function returns problems as short strings naming the member path, or an
empty list / None when the answer is fine.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from botocore.model import OperationModel, Shape

# Errors any AWS operation may answer, with the statuses AWS uses for them.
COMMON_ERRORS: dict[str, frozenset[int]] = {
    code: frozenset(statuses)
    for code, statuses in {
        "ValidationException": (400,),
        "ValidationError": (400,),
        "InvalidParameterValue": (400,),
        "InvalidParameterValueException": (400,),
        "InvalidParameterValues": (400,),
        "InvalidParameterCombination": (400,),
        "InvalidParameterException": (400,),
        "InvalidParameter": (400,),
        "MissingParameter": (400,),
        "MissingRequiredParameter": (400,),
        "InvalidArgument": (400,),
        "InvalidRequest": (400,),
        "InvalidInput": (400,),
        "InvalidQueryParameter": (400,),
        "MalformedQueryString": (400, 404),
        "SerializationException": (400,),
        "AccessDenied": (403,),
        "AccessDeniedException": (400, 403),
        "UnrecognizedClientException": (400, 403),
        "InvalidClientTokenId": (403,),
        "MissingAuthenticationToken": (403,),
        "IncompleteSignature": (400,),
        "SignatureDoesNotMatch": (403,),
        "RequestExpired": (400,),
        "ExpiredToken": (400, 403),
        "ExpiredTokenException": (400, 403),
        "OptInRequired": (403,),
        "Throttling": (400,),
        "ThrottlingException": (400, 429),
        "TooManyRequestsException": (429,),
        "RequestLimitExceeded": (400, 503),
        "ServiceUnavailable": (503,),
        "ServiceUnavailableException": (503,),
    }.items()
}
# "ResourceNotFound-style" codes: a missing thing, answered 400 or 404.
NOT_FOUND = re.compile(r"NotFound|NoSuch|DoesNotExist|NonExistent")
NOT_FOUND_STATUSES = frozenset({400, 404})
# Codes that are never a pass, whatever the model says.
NEVER = {"NotImplemented", "InternalFailure", "InternalError", "InternalServerError", "UnknownOperationException"}

_PYTHON_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "integer": (int,),
    "long": (int,),
    "float": (float, int),
    "double": (float, int),
    "bigdecimal": (float, int, str),
    "boolean": (bool,),
    "timestamp": (datetime,),
    "blob": (bytes, bytearray),
    "structure": (dict,),
    "list": (list,),
    "map": (dict,),
}


def declared_errors(operation: OperationModel) -> dict[str, int | None]:
    """Code -> status (None: the model gives none) for each error the operation declares."""
    out: dict[str, int | None] = {}
    for shape in operation.error_shapes:
        trait = shape.metadata.get("error") or {}
        status = trait.get("httpStatusCode")
        out[shape.name] = status
        if trait.get("code"):
            out[trait["code"]] = status
    return out


def error_problem(operation: OperationModel, code: str, status: int, query_code: str = "", service_errors: dict[str, list[int]] | None = None) -> str | None:
    """None when (code, status) is an error AWS could give for `operation`, else why not.

    `service_errors` are errors the service documents beyond its model (from hints)."""
    if status >= 500 and code not in ("ServiceUnavailable", "ServiceUnavailableException", "RequestLimitExceeded"):
        return f"HTTP {status} {code}: a server fault"
    if code in NEVER:
        return f"HTTP {status} {code}"
    if status < 400:
        return f"error {code} with a non-error status {status}"
    if code == str(status) and operation.http.get("method") == "HEAD":
        return None  # a HEAD answer has no body to carry a code: botocore reports the status
    declared = declared_errors(operation)
    for candidate in (code, query_code):
        if service_errors and candidate in service_errors:
            return None if status in service_errors[candidate] else f"{candidate} answered with HTTP {status}, the service documents {service_errors[candidate]}"
    for candidate in (code, query_code):
        if candidate and candidate in declared:
            expected = declared[candidate]
            if expected is not None and expected != status:
                return f"declared error {candidate} answered with HTTP {status}, the model says {expected}"
            return None
    for candidate in (code, query_code):
        if candidate in COMMON_ERRORS:
            if status not in COMMON_ERRORS[candidate]:
                return f"common error {candidate} answered with HTTP {status}, AWS uses {sorted(COMMON_ERRORS[candidate])}"
            return None
        if candidate and NOT_FOUND.search(candidate):
            return None if status in NOT_FOUND_STATUSES else f"not-found error {candidate} answered with HTTP {status}"
    names = ", ".join(sorted(declared)) or "none"
    return f"undeclared error code {code} (HTTP {status}); the operation declares: {names}"


def output_problems(shape: Shape | None, parsed: dict[str, Any]) -> list[str]:
    """Problems of a parsed success body (ResponseMetadata removed) against `shape`."""
    body = {k: v for k, v in parsed.items() if k != "ResponseMetadata"}
    if shape is None:
        return [f"members {sorted(body)} in an answer whose operation has no output"] if body else []
    problems: list[str] = []
    _check(shape, body, "", problems, top=True)
    return problems


def _check(shape: Shape, value: Any, path: str, problems: list[str], top: bool = False) -> None:
    where = path or "(output)"
    kind = shape.type_name
    if kind == "document" or shape.metadata.get("document") or value is None:  # botocore: a structure marked document
        return
    if kind == "blob" and (shape.serialization.get("streaming") or hasattr(value, "read")):
        # botocore hands a payload blob over as a stream whether or not the shape says `streaming`.
        if not hasattr(value, "read") and not isinstance(value, (bytes, bytearray)):
            problems.append(f"{where}: expected a stream, got {type(value).__name__}")
        return
    if kind == "structure" and shape.serialization.get("eventstream"):
        return  # an EventStream object; events are checked as they are read, if at all
    expected = _PYTHON_TYPES.get(kind)
    if expected is None:
        return
    if not isinstance(value, expected) or (kind in ("integer", "long", "float", "double") and isinstance(value, bool)):
        problems.append(f"{where}: expected {kind}, got {type(value).__name__} {value!r:.60}")
        return
    if kind == "string" and shape.enum and value not in shape.enum:
        problems.append(f"{where}: {value!r} is not one of the enum {shape.name}")
    elif kind == "structure":
        _check_structure(shape, value, path, problems, top)
    elif kind == "list":
        for i, item in enumerate(value):
            _check(shape.member, item, f"{path}[{i}]", problems)
    elif kind == "map":
        for key, item in value.items():
            _check(shape.key, key, f"{path}{{key}}", problems)
            _check(shape.value, item, f"{path}[{key!r}]", problems)


def _check_structure(shape: Shape, value: dict[str, Any], path: str, problems: list[str], top: bool) -> None:
    for name in value:
        if name not in shape.members:
            problems.append(f"{path + '.' if path else ''}{name}: not a member of {shape.name}")
    for name in shape.required_members:
        # Top-level required members bound to headers or the status may be legitimately absent on the wire.
        if value.get(name) is None and not (top and shape.members[name].serialization.get("location")):
            problems.append(f"{path + '.' if path else ''}{name}: required by {shape.name}, missing")
    if shape.metadata.get("union"):
        present = [n for n, v in value.items() if v is not None]
        if len(present) > 1:
            problems.append(f"{path or '(output)'}: union {shape.name} has {len(present)} members set: {present}")
    for name, item in value.items():
        if name in shape.members:
            _check(shape.members[name], item, f"{path + '.' if path else ''}{name}", problems)


def raw_json_problems(shape: Shape | None, body: Any, path: str = "") -> list[str]:
    """Keys of a JSON body (json/rest-json payload) that its shape does not declare."""
    if shape is None or not isinstance(body, (dict, list)):
        return []
    problems: list[str] = []
    kind = shape.type_name
    if shape.metadata.get("document"):
        return []  # any JSON value
    if kind == "structure" and isinstance(body, dict) and not shape.serialization.get("eventstream"):
        wire = {m.serialization.get("name", n): (n, m) for n, m in shape.members.items() if not m.serialization.get("location")}
        for key, item in body.items():
            if key == "__type" and path == "":
                continue
            if key not in wire:
                problems.append(f"{path + '.' if path else ''}{key}: on the wire but not a member of {shape.name}")
            else:
                name, member = wire[key]
                problems += raw_json_problems(member, item, f"{path + '.' if path else ''}{name}")
    elif kind == "list" and isinstance(body, list):
        for i, item in enumerate(body):
            problems += raw_json_problems(shape.member, item, f"{path}[{i}]")
    elif kind == "map" and isinstance(body, dict):
        for key, item in body.items():
            problems += raw_json_problems(shape.value, item, f"{path}[{key!r}]")
    return problems
