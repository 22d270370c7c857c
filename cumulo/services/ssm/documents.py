"""SSM documents: content parsing and validation per document type, and lookup (own or AWS-owned).

A document's content is kept exactly as written; `parse` reads JSON or YAML
into a dict for validation, parameter lists and execution. Validation follows
the schema versions each document type accepts.
"""

from __future__ import annotations

import hashlib
import json
from typing import TYPE_CHECKING, Any

import yaml

from cumulo.core.errors import AwsError
from cumulo.services.ssm import owned
from cumulo.services.ssm.models import Document, DocumentVersion

if TYPE_CHECKING:
    from cumulo.core.context import RequestContext

MAX_SIZE = 64 * 1024
SCHEMAS = {
    "Command": ("1.2", "2.0", "2.2"),
    "Automation": ("0.3",),
    "Automation.ChangeTemplate": ("0.3",),
    "Session": ("1.0",),
    "Policy": ("1.0", "2.0"),
    "Package": ("2.0",),
}
RESERVED = ("aws-", "amazon", "amzn", "aws_")


def parse(content: str, fmt: str) -> dict[str, Any]:
    """The content as a dict; InvalidDocumentContent when it is not one."""
    if fmt == "TEXT":
        return {}
    try:
        parsed = json.loads(content) if fmt == "JSON" else yaml.safe_load(content)
    except ValueError as error:
        raise AwsError("InvalidDocumentContent", f"JSON not well-formed. {error}") from None
    except yaml.YAMLError as error:
        raise AwsError("InvalidDocumentContent", f"YAML not well-formed. {str(error).splitlines()[0]}") from None
    if not isinstance(parsed, dict):
        raise AwsError("InvalidDocumentContent", f"{fmt} not well-formed: the document content must be an object.")
    return parsed


def validate(doc_type: str, parsed: dict[str, Any], fmt: str) -> str:
    """Check the content against its type's schema; the schema version."""
    if doc_type == "ChangeCalendar":
        return ""
    if fmt == "TEXT":
        raise AwsError("InvalidDocumentContent", f"The TEXT format is only supported for ChangeCalendar documents, not {doc_type}.")
    version = parsed.get("schemaVersion")
    if not isinstance(version, str):
        raise AwsError("InvalidDocumentContent", "Document content must have a schemaVersion of type string.")
    allowed = SCHEMAS.get(doc_type)
    if allowed is not None and version not in allowed:
        raise AwsError(
            "InvalidDocumentSchemaVersion",
            f"Document schema version, {version}, is not supported by the document type {doc_type}. Supported versions: {', '.join(allowed)}.",
        )
    parameters = parsed.get("parameters", {})
    if not isinstance(parameters, dict):
        raise AwsError("InvalidDocumentContent", "parameters must be an object.")
    for pname, spec in parameters.items():
        if not isinstance(spec, dict) or "type" not in spec:
            raise AwsError("InvalidDocumentContent", f"Parameter {pname} must declare a type.")
    if doc_type in ("Command", "Automation", "Automation.ChangeTemplate") and version != "1.2":
        steps = parsed.get("mainSteps")
        if not isinstance(steps, list) or not steps:
            raise AwsError("InvalidDocumentContent", "mainSteps must be a non-empty list.")
        names: set[str] = set()
        for step in steps:
            if not isinstance(step, dict) or not isinstance(step.get("action"), str) or not isinstance(step.get("name"), str):
                raise AwsError("InvalidDocumentContent", "Each step in mainSteps must have an action and a name.")
            if step["name"] in names:
                raise AwsError("InvalidDocumentContent", f"Step name {step['name']} is used more than once.")
            names.add(step["name"])
        if doc_type.startswith("Automation"):
            for step in steps:
                for key in ("nextStep",):
                    target = step.get(key)
                    if isinstance(target, str) and target not in names:
                        raise AwsError("InvalidDocumentContent", f"Step {step['name']} names a nextStep {target} that does not exist.")
    if doc_type == "Command" and version == "1.2" and not isinstance(parsed.get("runtimeConfig"), dict):
        raise AwsError("InvalidDocumentContent", "A schemaVersion 1.2 document needs runtimeConfig.")
    if doc_type == "Session" and "sessionType" not in parsed:
        raise AwsError("InvalidDocumentContent", "A Session document needs a sessionType.")
    return version


def content_hash(content: str) -> str:
    return hashlib.sha256(content.encode()).hexdigest()


def parameters_of(parsed: dict[str, Any]) -> list[dict[str, Any]]:
    out = []
    for name, spec in (parsed.get("parameters") or {}).items():
        entry: dict[str, Any] = {"Name": name, "Type": spec.get("type", "String")}
        if "description" in spec:
            entry["Description"] = str(spec["description"])
        if "default" in spec:
            default = spec["default"]
            entry["DefaultValue"] = default if isinstance(default, str) else json.dumps(default)
        out.append(entry)
    return out


def platforms_of(doc_type: str, parsed: dict[str, Any]) -> list[str]:
    actions = {step.get("action") for step in parsed.get("mainSteps") or [] if isinstance(step, dict)}
    if doc_type == "Command" and actions and actions <= {"aws:runShellScript"}:
        return ["Linux", "MacOS"]
    if doc_type == "Command" and actions and actions <= {"aws:runPowerShellScript"}:
        return ["Windows"]
    return ["Windows", "Linux", "MacOS"]


def convert(content: str, fmt: str, to: str) -> str:
    if fmt == to or "TEXT" in (fmt, to):
        return content
    parsed = parse(content, fmt)
    if to == "JSON":
        return json.dumps(parsed, indent=2)
    return str(yaml.safe_dump(parsed, sort_keys=False))


def owned_document(name: str) -> Document | None:
    found = owned.documents().get(name)
    if found is None:
        return None
    content = found["content"]
    doc = Document(
        name=name, document_type=found["type"], owner="Amazon", created=owned.CREATED,
        schema_version=found["parsed"]["schemaVersion"], platform_types=list(found["platforms"]),
    )
    doc.versions["1"] = DocumentVersion(version="1", content=content, format="JSON", created=owned.CREATED, hash=content_hash(content))
    return doc


def find(ctx: RequestContext, name: str) -> Document:
    """A document the caller can read: its own, an AWS-owned one, or one another account shared
    with it (named by its ARN, `arn:aws:ssm:<region>:<owner>:document/<name>`)."""
    if name.startswith("arn:"):
        parts = name.split(":", 5)
        name = name.rsplit("/", 1)[-1]
        if len(parts) == 6 and parts[4] and parts[4] != ctx.account:
            shared: Document | None = ctx.store.scope("ssm", parts[4], parts[3] or ctx.region).table("documents").get(name)
            if shared is None or not ({ctx.account, "all"} & set(shared.shared_with)):
                raise AwsError("InvalidDocument", "The specified document does not exist.")
            return shared
    doc: Document | None = ctx.scope.table("documents").get(name)
    if doc is None:
        doc = owned_document(name)
    if doc is None:
        raise AwsError("InvalidDocument", "The specified document does not exist.")
    return doc


def version_of(doc: Document, version: str | None, version_name: str | None = None) -> DocumentVersion:
    if version_name is not None:
        for v in doc.versions.values():
            if v.version_name == version_name and (version in (None, "$LATEST", "$DEFAULT") or v.version == version):
                return v
        raise AwsError("InvalidDocumentVersion", f"The document version is not valid or does not exist. VersionName {version_name}")
    key = doc.default if version in (None, "$DEFAULT") else doc.latest if version == "$LATEST" else version
    found = doc.versions.get(key)
    if found is None:
        raise AwsError("InvalidDocumentVersion", "The document version is not valid or does not exist.")
    return found


def parsed_content(doc: Document, version: DocumentVersion) -> dict[str, Any]:
    return parse(version.content, version.format)
