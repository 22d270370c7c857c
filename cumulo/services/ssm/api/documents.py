"""Document handlers: create, update, versions, default version, sharing, metadata reviews, delete."""

from __future__ import annotations

from typing import Any

from cumulo.core.context import RequestContext
from cumulo.core.errors import AwsError
from cumulo.generated.ssm import (
    CreateDocumentRequest,
    DeleteDocumentRequest,
    DescribeDocumentPermissionRequest,
    DescribeDocumentRequest,
    GetDocumentRequest,
    ListDocumentMetadataHistoryRequest,
    ListDocumentsRequest,
    ListDocumentVersionsRequest,
    ModifyDocumentPermissionRequest,
    UpdateDocumentDefaultVersionRequest,
    UpdateDocumentMetadataRequest,
    UpdateDocumentRequest,
)
from cumulo.services.ssm import documents, owned
from cumulo.services.ssm.api.tags import drop_tags, set_tags
from cumulo.services.ssm.common import page, table, tag_list, validation
from cumulo.services.ssm.models import Document, DocumentVersion

MAX_VERSIONS = 1000
MAX_SHARES = 20

__all__ = [
    "create_document", "delete_document", "describe_document", "describe_document_permission", "get_document",
    "list_document_metadata_history", "list_document_versions", "list_documents", "modify_document_permission",
    "update_document", "update_document_default_version", "update_document_metadata",
]


def _documents(ctx: RequestContext) -> Any:
    return table(ctx, "documents")


def _own(ctx: RequestContext, name: str) -> Document:
    doc: Document | None = _documents(ctx).get(name)
    if doc is None:
        if documents.owned_document(name) is not None:
            raise AwsError("InvalidDocumentOperation", "You can't modify or delete a document owned by Amazon.")
        raise AwsError("InvalidDocument", "The specified document does not exist.")
    return doc


def _check_size(content: str) -> None:
    if len(content.encode()) > documents.MAX_SIZE:
        raise AwsError("MaxDocumentSizeExceeded", "The size limit of a document is 64 KB.")


def describe(ctx: RequestContext, doc: Document, version: DocumentVersion) -> dict[str, Any]:
    parsed = documents.parsed_content(doc, version) if version.format != "TEXT" else {}
    out: dict[str, Any] = {
        "Hash": version.hash,
        "HashType": "Sha256",
        "Name": doc.name,
        "Owner": doc.owner,
        "CreatedDate": version.created,
        "Status": version.status,
        "DocumentVersion": version.version,
        "Parameters": documents.parameters_of(parsed),
        "PlatformTypes": list(doc.platform_types),
        "DocumentType": doc.document_type,
        "SchemaVersion": doc.schema_version,
        "LatestVersion": doc.latest,
        "DefaultVersion": doc.default,
        "DocumentFormat": version.format,
        "Tags": tag_list(table(ctx, "tags/Document").get(doc.name) or {}) if doc.owner != "Amazon" else [],
    }
    if isinstance(parsed.get("description"), str):
        out["Description"] = parsed["description"]
    if doc.display_name:
        out["DisplayName"] = doc.display_name
    if version.version_name:
        out["VersionName"] = version.version_name
    if doc.target_type:
        out["TargetType"] = doc.target_type
    if doc.requires:
        out["Requires"] = doc.requires
    if doc.attachments:
        out["AttachmentsInformation"] = [{"Name": a.get("Name", a.get("Key", ""))} for a in doc.attachments]
    if version.review_status:
        out["ReviewStatus"] = version.review_status
    if doc.document_type == "Command":
        out["Sha1"] = version.hash
    return out


def create_document(ctx: RequestContext, req: CreateDocumentRequest) -> dict[str, Any]:
    name = req["Name"]
    if name.lower().startswith(documents.RESERVED):
        raise validation("Document name can't start with the reserved prefixes aws-, amazon or amzn.")
    if name in _documents(ctx) or documents.owned_document(name) is not None:
        raise AwsError("DocumentAlreadyExists", "Document with same name " + name + " already exists")
    content = req["Content"]
    _check_size(content)
    fmt = req.get("DocumentFormat", "JSON")
    doc_type = req.get("DocumentType", "Command")
    parsed = documents.parse(content, fmt)
    schema = documents.validate(doc_type, parsed, fmt)
    now = ctx.clock.now()
    doc = Document(
        name=name, document_type=doc_type, owner=ctx.account, created=now, schema_version=schema,
        target_type=req.get("TargetType"), platform_types=documents.platforms_of(doc_type, parsed),
        requires=[dict(r) for r in req.get("Requires") or []], attachments=[dict(a) for a in req.get("Attachments") or []],
        display_name=req.get("DisplayName"),
    )
    doc.versions["1"] = DocumentVersion(
        version="1", content=content, format=fmt, created=now, hash=documents.content_hash(content), version_name=req.get("VersionName")
    )
    _documents(ctx)[name] = doc
    set_tags(ctx, "Document", name, req.get("Tags"))
    return {"DocumentDescription": describe(ctx, doc, doc.versions["1"])}


def delete_document(ctx: RequestContext, req: DeleteDocumentRequest) -> dict[str, Any]:
    doc = _own(ctx, req["Name"])
    if not req.get("Force"):
        for assoc in table(ctx, "resources/association").values():
            if assoc.body.get("Name") == doc.name:
                raise AwsError("AssociatedInstances", "You must disassociate a document from all managed nodes before you can delete it.")
    if req.get("DocumentVersion") or req.get("VersionName"):
        try:
            version = documents.version_of(doc, req.get("DocumentVersion"), req.get("VersionName"))
        except AwsError as error:
            raise AwsError("InvalidDocument", error.message) from None
        if version.version == doc.default:
            raise AwsError("InvalidDocumentOperation", "You can't delete the default version of a document.")
        del doc.versions[version.version]
        if doc.latest == version.version:
            doc.latest = max(doc.versions, key=int)
        _documents(ctx).touch(doc.name)
        return {}
    del _documents(ctx)[doc.name]
    drop_tags(ctx, "Document", doc.name)
    return {}


def describe_document(ctx: RequestContext, req: DescribeDocumentRequest) -> dict[str, Any]:
    doc = documents.find(ctx, req["Name"])
    version = documents.version_of(doc, req.get("DocumentVersion"), req.get("VersionName"))
    return {"Document": describe(ctx, doc, version)}


def describe_document_permission(ctx: RequestContext, req: DescribeDocumentPermissionRequest) -> dict[str, Any]:
    doc = _own(ctx, req["Name"])
    if req["PermissionType"] != "Share":
        raise AwsError("InvalidPermissionType", "The permission type is not supported. Share is the only supported permission type.")
    shared = [s["AccountId"] for s in doc.metadata_history if s.get("kind") == "share"]
    infos = [{"AccountId": s["AccountId"], "SharedDocumentVersion": s["Version"]} for s in doc.metadata_history if s.get("kind") == "share"]
    chunk, token = page(infos, req.get("NextToken"), req.get("MaxResults"), 200)
    out: dict[str, Any] = {"AccountIds": shared, "AccountSharingInfoList": chunk}
    if token:
        out["NextToken"] = token
    return out


def get_document(ctx: RequestContext, req: GetDocumentRequest) -> dict[str, Any]:
    doc = documents.find(ctx, req["Name"])
    version = documents.version_of(doc, req.get("DocumentVersion"), req.get("VersionName"))
    fmt = req.get("DocumentFormat") or version.format
    out: dict[str, Any] = {
        "Name": doc.name,
        "CreatedDate": version.created,
        "DocumentVersion": version.version,
        "Status": version.status,
        "Content": documents.convert(version.content, version.format, fmt),
        "DocumentType": doc.document_type,
        "DocumentFormat": fmt,
    }
    if doc.display_name:
        out["DisplayName"] = doc.display_name
    if version.version_name:
        out["VersionName"] = version.version_name
    if doc.requires:
        out["Requires"] = doc.requires
    if version.review_status:
        out["ReviewStatus"] = version.review_status
    return out


def _identifier(ctx: RequestContext, doc: Document) -> dict[str, Any]:
    version = doc.versions[doc.default]
    out: dict[str, Any] = {
        "Name": doc.name,
        "CreatedDate": doc.created,
        "Owner": doc.owner,
        "PlatformTypes": list(doc.platform_types),
        "DocumentVersion": doc.default,
        "DocumentType": doc.document_type,
        "SchemaVersion": doc.schema_version,
        "DocumentFormat": version.format,
        "Tags": tag_list(table(ctx, "tags/Document").get(doc.name) or {}) if doc.owner != "Amazon" else [],
    }
    if doc.display_name:
        out["DisplayName"] = doc.display_name
    if version.version_name:
        out["VersionName"] = version.version_name
    if doc.target_type:
        out["TargetType"] = doc.target_type
    if doc.requires:
        out["Requires"] = doc.requires
    return out


def _doc_matches(ctx: RequestContext, doc: Document, req: ListDocumentsRequest) -> bool:
    for old in req.get("DocumentFilterList") or []:
        key, value = old["key"], old["value"]
        if key == "Name" and not doc.name.startswith(value):
            return False
        if key == "Owner" and not _owner_matches(ctx, doc, [value]):
            return False
        if key == "PlatformTypes" and value not in doc.platform_types:
            return False
        if key == "DocumentType" and doc.document_type != value:
            return False
    for kv in req.get("Filters") or []:
        key, values = kv.get("Key", ""), list(kv.get("Values") or [])
        if key == "Owner":
            if not _owner_matches(ctx, doc, values):
                return False
        elif key == "Name":
            if not any(doc.name.startswith(v) for v in values):
                return False
        elif key == "DocumentType":
            if doc.document_type not in values:
                return False
        elif key == "PlatformTypes":
            if not set(values) & set(doc.platform_types):
                return False
        elif key == "TargetType":
            if doc.target_type not in values:
                return False
        elif key == "SearchKeyword":
            if not any(v.lower() in doc.name.lower() for v in values):
                return False
        elif key.startswith("tag:"):
            tags = table(ctx, "tags/Document").get(doc.name) or {}
            if key[4:] not in tags or (values and tags[key[4:]] not in values):
                return False
        elif key == "DocumentName":
            if doc.name not in values:
                return False
        else:
            raise AwsError("InvalidFilterKey", f"The filter key {key} is not valid.")
    return True


def _owner_matches(ctx: RequestContext, doc: Document, values: list[str]) -> bool:
    for value in values:
        if value in ("All", "Public") or value == doc.owner:
            return True
        if value in ("Self", "Private") and doc.owner == ctx.account:
            return True
        if value == "Amazon" and doc.owner == "Amazon":
            return True
    return False


def list_documents(ctx: RequestContext, req: ListDocumentsRequest) -> dict[str, Any]:
    docs = [documents.owned_document(n) for n in owned.documents()] + list(_documents(ctx).values())
    found = sorted((d for d in docs if d is not None and _doc_matches(ctx, d, req)), key=lambda d: d.name)
    chunk, token = page(found, req.get("NextToken"), req.get("MaxResults"), 50)
    out: dict[str, Any] = {"DocumentIdentifiers": [_identifier(ctx, d) for d in chunk]}
    if token:
        out["NextToken"] = token
    return out


def list_document_metadata_history(ctx: RequestContext, req: ListDocumentMetadataHistoryRequest) -> dict[str, Any]:
    doc = documents.find(ctx, req["Name"])
    version = documents.version_of(doc, req.get("DocumentVersion"))
    responses = [r["response"] for r in doc.metadata_history if r.get("kind") == "review" and r["version"] == version.version]
    chunk, token = page(responses, req.get("NextToken"), req.get("MaxResults"), 50)
    out: dict[str, Any] = {
        "Name": doc.name, "DocumentVersion": version.version, "Author": doc.owner,
        "Metadata": {"ReviewerResponse": chunk},
    }
    if token:
        out["NextToken"] = token
    return out


def list_document_versions(ctx: RequestContext, req: ListDocumentVersionsRequest) -> dict[str, Any]:
    doc = documents.find(ctx, req["Name"])
    versions = []
    for key in sorted(doc.versions, key=int):
        v = doc.versions[key]
        entry: dict[str, Any] = {
            "Name": doc.name, "DocumentVersion": v.version, "CreatedDate": v.created,
            "IsDefaultVersion": v.version == doc.default, "DocumentFormat": v.format, "Status": v.status,
        }
        if doc.display_name:
            entry["DisplayName"] = doc.display_name
        if v.version_name:
            entry["VersionName"] = v.version_name
        if v.review_status:
            entry["ReviewStatus"] = v.review_status
        versions.append(entry)
    chunk, token = page(versions, req.get("NextToken"), req.get("MaxResults"), 50)
    out: dict[str, Any] = {"DocumentVersions": chunk}
    if token:
        out["NextToken"] = token
    return out


def modify_document_permission(ctx: RequestContext, req: ModifyDocumentPermissionRequest) -> dict[str, Any]:
    doc = _own(ctx, req["Name"])
    if req["PermissionType"] != "Share":
        raise AwsError("InvalidPermissionType", "The permission type is not supported. Share is the only supported permission type.")
    add = list(req.get("AccountIdsToAdd") or [])
    remove = set(req.get("AccountIdsToRemove") or [])
    if set(add) & remove:
        raise validation("The same account id can't be both added and removed.")
    if "all" in {a.lower() for a in add} and len(add) > 1:
        raise AwsError("InvalidPermissionType", "Accounts can either be all or a group of AWS accounts")
    version = req.get("SharedDocumentVersion", "$DEFAULT")
    kept = [s for s in doc.metadata_history if not (s.get("kind") == "share" and (s["AccountId"] in remove or s["AccountId"] in add))]
    for account in add:
        kept.append({"kind": "share", "AccountId": "all" if account.lower() == "all" else account, "Version": version})
    if sum(1 for s in kept if s.get("kind") == "share") > MAX_SHARES:
        raise AwsError("DocumentPermissionLimit", "The document can't be shared with more than 20 accounts.")
    doc.metadata_history = kept
    doc.shared_with = [s["AccountId"] for s in kept if s.get("kind") == "share"]
    _documents(ctx).touch(doc.name)
    return {}


def update_document(ctx: RequestContext, req: UpdateDocumentRequest) -> dict[str, Any]:
    doc = _own(ctx, req["Name"])
    given = req.get("DocumentVersion")
    if given not in (None, "$LATEST") and given != doc.latest:
        raise AwsError("InvalidDocumentVersion", "The document version is not valid or does not exist.")
    content = req["Content"]
    _check_size(content)
    fmt = req.get("DocumentFormat", "JSON")
    parsed = documents.parse(content, fmt)
    schema = documents.validate(doc.document_type, parsed, fmt)
    digest = documents.content_hash(content)
    if any(v.hash == digest for v in doc.versions.values()):
        raise AwsError("DuplicateDocumentContent", "The content of the association document matches another document. Change the content of the document and try again.")
    name = req.get("VersionName")
    if name and any(v.version_name == name for v in doc.versions.values()):
        raise AwsError("DuplicateDocumentVersionName", f"The specified version name is a duplicate: {name}")
    if len(doc.versions) >= MAX_VERSIONS:
        raise AwsError("DocumentVersionLimitExceeded", "The document has too many versions. Delete one or more document versions and try again.")
    doc.counter = max(doc.counter, max(int(k) for k in doc.versions)) + 1
    number = str(doc.counter)
    doc.versions[number] = DocumentVersion(version=number, content=content, format=fmt, created=ctx.clock.now(), hash=digest, version_name=name)
    doc.latest = number
    doc.schema_version = schema
    doc.platform_types = documents.platforms_of(doc.document_type, parsed)
    if "TargetType" in req:
        doc.target_type = req["TargetType"]
    if "DisplayName" in req:
        doc.display_name = req["DisplayName"]
    if "Attachments" in req:
        doc.attachments = [dict(a) for a in req["Attachments"]]
    _documents(ctx).touch(doc.name)
    return {"DocumentDescription": describe(ctx, doc, doc.versions[number])}


def update_document_default_version(ctx: RequestContext, req: UpdateDocumentDefaultVersionRequest) -> dict[str, Any]:
    doc = _own(ctx, req["Name"])
    given = req["DocumentVersion"]
    version = documents.version_of(doc, given)
    doc.default = version.version
    _documents(ctx).touch(doc.name)
    out: dict[str, Any] = {"Name": doc.name, "DefaultVersion": version.version}
    if version.version_name:
        out["DefaultVersionName"] = version.version_name
    return {"Description": out}


def update_document_metadata(ctx: RequestContext, req: UpdateDocumentMetadataRequest) -> dict[str, Any]:
    doc = _own(ctx, req["Name"])
    version = documents.version_of(doc, req.get("DocumentVersion"))
    review = req["DocumentReviews"]
    action = review["Action"]
    status = {"SendForReview": "PENDING", "UpdateReview": version.review_status or "PENDING", "Approve": "APPROVED", "Reject": "REJECTED"}[action]
    if action in ("Approve", "Reject") and version.review_status != "PENDING":
        raise AwsError("InvalidDocumentOperation", "Only a document version that was sent for review can be approved or rejected.")
    version.review_status = status
    now = ctx.clock.now()
    response: dict[str, Any] = {"CreateTime": now, "UpdatedTime": now, "ReviewStatus": status, "Reviewer": ctx.principal.arn}
    comments = review.get("Comment") or []
    if comments:
        response["Comment"] = comments
    doc.metadata_history.append({"kind": "review", "version": version.version, "response": response})
    _documents(ctx).touch(doc.name)
    return {}
