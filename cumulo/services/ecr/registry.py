"""The OCI Distribution v2 registry on cumulo's port (the `data_plane` of ECR).

Claimed in services.DATA_PLANES by host, `<account>.dkr.ecr.<region>.localhost.localstack.cloud`,
and by path on any host for clients that cannot set one (`/v2/`, `/v2/_catalog`, and
paths with `/blobs/`, `/manifests/`, `/tags/list`, `/referrers/`; API Gateway v2's
`/v2/apis...` stay API calls). On the path form, the registry is the one the
credentials were issued for.

Every request needs the ECR token as Basic (or Bearer) credentials, as on AWS; a
request without one gets 401 and `WWW-Authenticate: Basic realm=...`, which is how
docker, oras, skopeo and crane learn to send it. GetDownloadUrlForLayer's URLs carry
the token in the query instead.

Blobs stream in and out through the blob store (layers.py); manifests go through
images.py, the same code PutImage runs, so the API and the registry see the same
images. Errors are the spec's `{"errors": [{"code", "message", "detail"}]}`.
"""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, unquote

import orjson

from cumulo.core.errors import AwsError
from cumulo.core.http import Request, Response, StreamingBody
from cumulo.generated.ecr import (
    ImageAlreadyExistsExceptionError,
    ImageDigestDoesNotMatchExceptionError,
    ImageTagAlreadyExistsExceptionError,
    InvalidLayerExceptionError,
    InvalidLayerPartExceptionError,
    LayersNotFoundExceptionError,
    ReferencedImagesNotFoundExceptionError,
    UploadNotFoundExceptionError,
)
from cumulo.services.ecr import access, common, images, layers, pullthrough, replication, tokens
from cumulo.services.ecr.models import Repository

if TYPE_CHECKING:
    from cumulo.core.runtime import Runtime
    from cumulo.state import Store

log = logging.getLogger("cumulo.ecr")
HOST = re.compile(r"^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.")
# Hosts the path form answers on: cumulo itself by address or plain name (127.0.0.1, localhost,
# a compose service name), never a service's virtual host (bucket.s3..., api.execute-api...).
PATH_FORM_HOST = re.compile(r"^(?:[\d.]+|\[[0-9a-f:]+\]|localhost|localhost\.localstack\.cloud|host\.docker\.internal|[a-z0-9-]+)?$")
ROUTE = re.compile(r"^/v2/(?P<name>.+?)/(?P<kind>blobs/uploads|blobs|manifests|tags|referrers)(?:/(?P<ref>[^/]*))?/?$")
MAX_MANIFEST = 4 * 1024 * 1024
READ_CHUNK = 1024 * 1024
API_HEADERS = {"Docker-Distribution-API-Version": "registry/2.0"}
STATUS = {"UNAUTHORIZED": 401, "DENIED": 403, "NAME_UNKNOWN": 404, "MANIFEST_UNKNOWN": 404, "BLOB_UNKNOWN": 404,
          "BLOB_UPLOAD_UNKNOWN": 404, "UNSUPPORTED": 405, "RANGE_INVALID": 416, "SIZE_INVALID": 400}


class Refused(Exception):
    def __init__(self, code: str, message: str, status: int | None = None, detail: Any = None,
                 headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.code, self.message, self.status = code, message, status or STATUS.get(code, 400)
        self.detail, self.headers = detail, headers or {}


def error_response(e: Refused) -> Response:
    entry: dict[str, Any] = {"code": e.code, "message": e.message}
    if e.detail is not None:
        entry["detail"] = e.detail
    return Response(e.status, {**API_HEADERS, "Content-Type": "application/json; charset=utf-8", **e.headers},
                    orjson.dumps({"errors": [entry]}))


def _json(status: int, value: Any, headers: dict[str, str] | None = None) -> Response:
    return Response(status, {**API_HEADERS, "Content-Type": "application/json; charset=utf-8", **(headers or {})}, orjson.dumps(value))


def _empty(status: int, headers: dict[str, str]) -> Response:
    return Response(status, {**API_HEADERS, "Content-Length": "0", **headers}, b"")


async def serve(runtime: Runtime, request: Request) -> Response | None:
    """Answer a registry request; None when it is not one (the API takes it)."""
    host = request.host.rsplit(":", 1)[0].lower() if request.host else ""
    by_host = HOST.match(host)
    path = unquote(request.path)
    if not path.startswith("/v2"):
        return None if by_host is None else error_response(Refused("UNSUPPORTED", "not a registry path", 404))
    if by_host is None and (path.split("/", 3)[2:3] in (["apis"], ["domainnames"], ["vpclinks"], ["tags"]) or not PATH_FORM_HOST.match(host)
                            or request.headers.get("authorization", "").startswith("AWS")
                            or "X-Amz-Signature=" in request.query or "Signature=" in request.query):
        return None  # API Gateway v2's control plane, another service's virtual host (S3, execute-api), a signed AWS call
    if request.method in ("GET", "HEAD", "DELETE", "OPTIONS"):
        # Drain the (empty) body: the server then watches the connection, so a
        # client that goes away mid-download ends the stream.
        await request.read()
    try:
        who = _authenticate(runtime, request)
        account, region = (by_host.group(1), by_host.group(2)) if by_host else who
        return await _route(runtime, request, path, account, region, who[0])
    except Refused as e:
        return error_response(e)
    except AwsError as e:  # a state error the paths above did not map: still the spec's body
        return error_response(Refused("UNKNOWN", e.message, e.status or 400))
    except Exception:
        log.exception("registry request %s %s failed", request.method, request.path)
        return error_response(Refused("UNKNOWN", "internal error in cumulo's registry", 500))


def _authenticate(runtime: Runtime, request: Request) -> tuple[str, str]:
    store, now = runtime.store, runtime.clock.now()
    header = request.headers.get("authorization")
    who = tokens.from_basic(store, header, now) if header else None
    if who is None and not header:
        token = dict(request.query_params).get("ecr-token")
        who = tokens.check(store, token, now) if token else None
    if who is None:
        realm = f"http://{request.host or '127.0.0.1'}/"
        message = "Your authorization token has expired or is not valid. Reauthenticate and try again." if header \
            else "authentication required: get a token with GetAuthorizationToken (aws ecr get-login-password)"
        raise Refused("UNAUTHORIZED" if not header else "DENIED", message, 401,
                      headers={"WWW-Authenticate": f'Basic realm="{realm}",service="ecr.amazonaws.com"'})
    return who


async def _route(runtime: Runtime, request: Request, path: str, account: str, region: str, caller: str) -> Response:
    store, method = runtime.store, request.method
    if path in ("/v2", "/v2/"):
        return _json(200, {})
    if path.rstrip("/") == "/v2/_catalog":
        if caller != account:
            raise Refused("DENIED", f"account {caller} may not list the repositories of registry {account}", 403)
        names = sorted(common.repositories(store, account, region))
        chunk, link = _paginate(request, names, "/v2/_catalog")
        return _json(200, {"repositories": chunk}, link)
    match = ROUTE.match(path)
    if match is None:
        raise Refused("NAME_INVALID", f"invalid registry path {path}", 404)
    name, kind, ref = match.group("name"), match.group("kind"), match.group("ref") or ""
    now = runtime.clock.now()
    pushing = method in ("POST", "PUT", "PATCH")
    repo = _repository(store, account, region, name, now, pushing, ref if kind == "manifests" and method in ("GET", "HEAD") else "")
    if caller != account:
        _check_cross_account(repo, caller, kind, method)
    if kind == "blobs/uploads":
        return await _uploads(store, request, repo, ref, now)
    if kind == "blobs":
        return _blob(store, request, repo, ref)
    if kind == "manifests":
        return await _manifest(store, request, repo, ref, now)
    if kind == "tags" and ref == "list" and method == "GET":
        chunk, link = _paginate(request, sorted(repo.tags), f"/v2/{repo.name}/tags/list")
        return _json(200, {"name": repo.name, "tags": chunk}, link)
    if kind == "referrers" and method == "GET":
        return _referrers(store, request, repo, ref)
    raise Refused("UNSUPPORTED", f"{method} is not supported on {path}", 405)


def _repository(store: Store, account: str, region: str, name: str, now: float, pushing: bool, ref: str) -> Repository:
    repo: Repository | None = common.repositories(store, account, region).get(name)
    if repo is not None and (not ref or ref in repo.tags or ref in common.images(store, repo)):
        return repo
    if not pushing:
        try:
            cached = pullthrough.fetch(store, account, region, name, [ref] if ref else [], now)
        except AwsError as e:
            if repo is not None:
                return repo
            raise Refused("NAME_UNKNOWN", e.message) from None
        if cached is not None:
            return cached
    elif repo is None and replication.template_for(store, account, region, name, "CREATE_ON_PUSH") is not None:
        return replication.ensure_repository(store, account, region, name, "CREATE_ON_PUSH", now)
    if repo is not None:
        return repo
    raise Refused("NAME_UNKNOWN", f"The repository with name '{name}' does not exist in the registry with id '{account}'",
                  detail={"name": name})


def _paginate(request: Request, items: list[str], base: str) -> tuple[list[str], dict[str, str]]:
    params = dict(request.query_params)
    last = params.get("last")
    if last:
        items = [i for i in items if i > last]
    try:
        n = int(params["n"]) if params.get("n") else None
    except ValueError:
        raise Refused("PAGINATION_NUMBER_INVALID", "invalid number of results requested", 400) from None
    if n is None or n >= len(items):
        return items, {}
    chunk = items[:n]
    return chunk, {"Link": f'<{base}?n={n}&last={quote(chunk[-1], safe="")}>; rel="next"'} if chunk else {}


# What a registry request of another account needs its repository policy to allow.
_PULL = {"blobs": "ecr:GetDownloadUrlForLayer", "manifests": "ecr:BatchGetImage", "tags": "ecr:ListImages", "referrers": "ecr:BatchGetImage"}
_PUSH = {"blobs/uploads": "ecr:UploadLayerPart", "manifests": "ecr:PutImage", "blobs": "ecr:BatchDeleteImage"}


def _check_cross_account(repo: Repository, caller: str, kind: str, method: str) -> None:
    """A token of another account reaches this registry only as the repository policy allows."""
    action = (_PULL if method in ("GET", "HEAD") else _PUSH).get(kind, "ecr:BatchGetImage")
    if method == "DELETE" and kind == "manifests":
        action = "ecr:BatchDeleteImage"
    if not access.allows(repo, caller, (), action):
        raise Refused("DENIED", access.denied(f"arn:aws:iam::{caller}:root", action, repo), 403)


# Blob uploads.
def _upload_headers(repo: Repository, upload_id: str, size: int) -> dict[str, str]:
    return {"Location": f"/v2/{repo.name}/blobs/uploads/{upload_id}", "Docker-Upload-UUID": upload_id,
            "Range": f"0-{max(size - 1, 0)}"}


def _blob_created(repo: Repository, digest: str) -> Response:
    return _empty(201, {"Location": f"/v2/{repo.name}/blobs/{digest}", "Docker-Content-Digest": digest})


async def _uploads(store: Store, request: Request, repo: Repository, upload_id: str, now: float) -> Response:
    method, params = request.method, dict(request.query_params)
    if method == "POST" and not upload_id:
        mount, source_name = params.get("mount"), params.get("from")
        if mount and source_name:
            source: Repository | None = common.repositories(store, repo.account, repo.region).get(source_name)
            if source is not None and layers.mount(store, repo, source, mount) is not None:
                return _blob_created(repo, mount)
        upload = layers.start(store, repo, now)
        digest = params.get("digest")
        if digest:  # monolithic: the whole blob in this request
            return await _finish(store, request, repo, upload, digest)
        return _empty(202, _upload_headers(repo, upload.upload_id, 0))
    try:
        upload = layers.find(store, repo, upload_id)
    except UploadNotFoundExceptionError as e:
        raise Refused("BLOB_UPLOAD_UNKNOWN", e.message, detail={"uploadId": upload_id}) from None
    if method == "GET":
        return _empty(204, _upload_headers(repo, upload.upload_id, upload.size))
    if method == "DELETE":
        layers.abort(store, repo, upload)
        return _empty(204, {})
    if method == "PATCH":
        first = _content_range_start(request)
        try:
            await layers.append(store, repo, upload, StreamingBody(request), first)
        except InvalidLayerPartExceptionError:
            raise Refused("RANGE_INVALID", f"the chunk does not start at byte {upload.size}", 416,
                          headers=_upload_headers(repo, upload.upload_id, upload.size)) from None
        return _empty(202, _upload_headers(repo, upload.upload_id, upload.size))
    if method == "PUT":
        digest = params.get("digest")
        if not digest:
            raise Refused("DIGEST_INVALID", "a digest is required to complete an upload")
        return await _finish(store, request, repo, upload, digest)
    raise Refused("UNSUPPORTED", f"{method} is not supported on an upload", 405)


def _content_range_start(request: Request) -> int | None:
    value = request.headers.get("content-range")
    if not value:
        return None
    match = re.match(r"^(?:bytes[ =])?(\d+)-(\d+)", value)
    if match is None:
        raise Refused("RANGE_INVALID", f"invalid Content-Range {value}", 416)
    return int(match.group(1))


async def _finish(store: Store, request: Request, repo: Repository, upload: Any, digest: str) -> Response:
    await layers.append(store, repo, upload, StreamingBody(request))
    if digest in repo.layers:  # already here (a retried push): drop the copy
        layers.abort(store, repo, upload)
        return _blob_created(repo, digest)
    try:
        await layers.complete(store, repo, upload, digest, allow_empty=True)
    except InvalidLayerExceptionError as e:
        layers.abort(store, repo, upload)
        raise Refused("DIGEST_INVALID", e.message, detail={"digest": digest}) from None
    except AwsError as e:  # an empty upload
        layers.abort(store, repo, upload)
        raise Refused("BLOB_UPLOAD_INVALID", e.message) from None
    return _blob_created(repo, digest)


# Blobs.
def _blob(store: Store, request: Request, repo: Repository, digest: str) -> Response:
    size = repo.layers.get(digest)
    entry = common.blob(store, digest) if size is not None else None
    if entry is None:
        raise Refused("BLOB_UNKNOWN", f"blob {digest} is unknown to repository '{repo.name}'", detail={"digest": digest})
    if request.method == "DELETE":
        if any(digest in i.blobs for i in common.images(store, repo).values()):
            raise Refused("DENIED", f"blob {digest} is referenced by an image of repository '{repo.name}'", 405)
        common.release_layers(store, repo, [digest])
        return _empty(202, {"Docker-Content-Digest": digest})
    if request.method not in ("GET", "HEAD"):
        raise Refused("UNSUPPORTED", f"{request.method} is not supported on a blob", 405)
    headers = {**API_HEADERS, "Docker-Content-Digest": digest, "Content-Type": "application/octet-stream",
               "Accept-Ranges": "bytes", "ETag": f'"{digest}"'}
    ref = entry.ref
    start, end, status = 0, ref.size, 200
    wanted = request.headers.get("range")
    if wanted:
        match = re.match(r"^bytes=(\d*)-(\d*)$", wanted.strip())
        if match is None or (not match.group(1) and not match.group(2)):
            raise Refused("RANGE_INVALID", f"invalid Range {wanted}", 416)
        if match.group(1):
            start = int(match.group(1))
            end = min(int(match.group(2)) + 1, ref.size) if match.group(2) else ref.size
        else:
            start = max(ref.size - int(match.group(2)), 0)
        if start >= ref.size or start >= end:
            raise Refused("RANGE_INVALID", f"range {wanted} is outside the blob's {ref.size} bytes", 416,
                          headers={"Content-Range": f"bytes */{ref.size}"})
        status = 206
        headers["Content-Range"] = f"bytes {start}-{end - 1}/{ref.size}"
    headers["Content-Length"] = str(end - start)
    if request.method == "HEAD":
        return Response(status, headers, b"")
    return Response(status, headers, store.blobs.iter_range(ref, start, end, READ_CHUNK))


# Manifests.
async def _manifest(store: Store, request: Request, repo: Repository, ref: str, now: float) -> Response:
    method = request.method
    if method == "PUT":
        return await _put_manifest(store, request, repo, ref, now)
    is_digest = ref.startswith("sha256:")
    digest = ref if is_digest else repo.tags.get(ref)
    image = common.images(store, repo).get(digest) if digest else None
    if image is None:
        raise Refused("MANIFEST_UNKNOWN", f"manifest {ref} is unknown to repository '{repo.name}'",
                      detail={"Tag" if not is_digest else "Digest": ref})
    if method == "DELETE":
        parents = [i.digest for i in common.images(store, repo).values() if image.digest in i.children]
        if is_digest and parents:
            raise Refused("DENIED", f"manifest {image.digest} is referenced by manifest list {parents}: delete the list first", 409)
        if is_digest:
            images.delete(store, repo, image)
        else:
            images.untag(store, repo, ref)
        return _empty(202, {})
    if method not in ("GET", "HEAD"):
        raise Refused("UNSUPPORTED", f"{method} is not supported on a manifest", 405)
    text, media_type = image.manifest, image.media_type
    if not is_digest:  # by tag, ECR converts to a format the client accepts (by digest it never does)
        accepted = [part.split(";")[0].strip() for part in request.headers.get("accept", "").split(",")]
        served = images.served_as(image, [a for a in accepted if a])
        if served is not None:
            text, media_type = served
    body = text.encode("utf-8")
    digest = image.digest if text is image.manifest else images.digest_of(body)
    headers = {**API_HEADERS, "Content-Type": media_type, "Docker-Content-Digest": digest,
               "Content-Length": str(len(body)), "ETag": f'"{digest}"'}
    if method == "HEAD":
        return Response(200, headers, b"")
    image.last_pulled = now
    common.images(store, repo).touch(image.digest)
    return Response(200, headers, body)


async def _put_manifest(store: Store, request: Request, repo: Repository, ref: str, now: float) -> Response:
    chunks, size = [], 0
    async for chunk in StreamingBody(request):
        size += len(chunk)
        if size > MAX_MANIFEST:
            raise Refused("SIZE_INVALID", f"a manifest may be at most {MAX_MANIFEST} bytes", 413)
        chunks.append(chunk)
    body = b"".join(chunks)
    media_type = request.headers.get("content-type", "").split(";")[0].strip() or None
    if media_type not in images.MANIFEST_TYPES:
        media_type = None  # e.g. application/json: the manifest's own mediaType says
    is_digest = ref.startswith("sha256:")
    tag = None if is_digest else ref
    try:
        image, _ = images.put(store, repo, body, media_type, tag, now, ref if is_digest else None)
    except ImageAlreadyExistsExceptionError:
        digest = images.digest_of(body)  # the same push again: nothing to do
        return _empty(201, {"Location": f"/v2/{repo.name}/manifests/{digest}", "Docker-Content-Digest": digest})
    except LayersNotFoundExceptionError as e:
        raise Refused("MANIFEST_BLOB_UNKNOWN", e.message) from None
    except ReferencedImagesNotFoundExceptionError as e:
        raise Refused("MANIFEST_BLOB_UNKNOWN", e.message) from None
    except ImageTagAlreadyExistsExceptionError as e:
        raise Refused("TAG_INVALID", e.message) from None
    except ImageDigestDoesNotMatchExceptionError as e:
        raise Refused("DIGEST_INVALID", e.message) from None
    except (AwsError, UnicodeDecodeError) as e:
        raise Refused("MANIFEST_INVALID", getattr(e, "message", "manifest is not valid UTF-8 JSON")) from None
    replication.on_push(store, repo, image, tag, now)
    headers = {"Location": f"/v2/{repo.name}/manifests/{image.digest}", "Docker-Content-Digest": image.digest}
    if image.subject:
        headers["OCI-Subject"] = image.subject
    return _empty(201, headers)


def _referrers(store: Store, request: Request, repo: Repository, digest: str) -> Response:
    wanted = dict(request.query_params).get("artifactType")
    manifests = []
    for image in sorted(common.images(store, repo).values(), key=lambda i: i.pushed_at):
        if image.subject != digest or (wanted and image.artifact_type != wanted):
            continue
        entry: dict[str, Any] = {"mediaType": image.media_type, "digest": image.digest, "size": len(image.manifest.encode())}
        if image.artifact_type:
            entry["artifactType"] = image.artifact_type
        annotations = orjson.loads(image.manifest).get("annotations")
        if annotations:
            entry["annotations"] = annotations
        manifests.append(entry)
    headers = {"OCI-Filters-Applied": "artifactType"} if wanted else {}
    index = {"schemaVersion": 2, "mediaType": images.OCI_INDEX, "manifests": manifests}
    return Response(200, {**API_HEADERS, "Content-Type": images.OCI_INDEX, **headers}, orjson.dumps(index))
