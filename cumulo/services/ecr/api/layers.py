"""Layer handlers (InitiateLayerUpload, UploadLayerPart, CompleteLayerUpload,
BatchCheckLayerAvailability, GetDownloadUrlForLayer) and GetAuthorizationToken."""

from __future__ import annotations

import base64
from typing import Any

from cumulo.core.context import RequestContext
from cumulo.generated import ecr as t
from cumulo.generated.ecr import (
    InvalidParameterExceptionError,
    LayerAlreadyExistsExceptionError,
    LayersNotFoundExceptionError,
)
from cumulo.services.ecr import access, common, layers, pullthrough, registry, tokens
from cumulo.services.ecr.models import Repository


def _repo(ctx: RequestContext, req: Any) -> Repository:
    return access.repository_for(ctx, req)


def initiate_layer_upload(ctx: RequestContext, req: t.InitiateLayerUploadRequest) -> t.InitiateLayerUploadResponse:
    repo = _repo(ctx, req)
    upload = layers.start(ctx.store, repo, ctx.clock.now())
    return {"uploadId": upload.upload_id, "partSize": layers.PART_SIZE}


async def _one(data: bytes) -> Any:
    yield data


async def upload_layer_part(ctx: RequestContext, req: t.UploadLayerPartRequest) -> t.UploadLayerPartResponse:
    repo = _repo(ctx, req)
    upload = layers.find(ctx.store, repo, req["uploadId"])
    data = req["layerPartBlob"]
    first, last = req["partFirstByte"], req["partLastByte"]
    if last - first + 1 != len(data):
        raise InvalidParameterExceptionError(
            f"Invalid parameter at 'partLastByte' failed to satisfy constraint: 'the part is {len(data)} bytes, "
            f"not {last - first + 1}'")
    await layers.append(ctx.store, repo, upload, _one(data), first)
    return {"registryId": repo.account, "repositoryName": repo.name, "uploadId": upload.upload_id,
            "lastByteReceived": upload.size - 1}


async def complete_layer_upload(ctx: RequestContext, req: t.CompleteLayerUploadRequest) -> t.CompleteLayerUploadResponse:
    repo = _repo(ctx, req)
    upload = layers.find(ctx.store, repo, req["uploadId"])
    digests = req["layerDigests"]
    if len(digests) != 1:
        raise InvalidParameterExceptionError(
            "Invalid parameter at 'layerDigests' failed to satisfy constraint: 'exactly one layer digest is expected'")
    digest = digests[0]
    if digest in repo.layers:
        layers.abort(ctx.store, repo, upload)
        raise LayerAlreadyExistsExceptionError(
            f"Layer with digest '{digest}' already exists in the repository with name '{repo.name}' in registry with id '{repo.account}'")
    await layers.complete(ctx.store, repo, upload, digest)
    return {"registryId": repo.account, "repositoryName": repo.name, "uploadId": upload.upload_id, "layerDigest": digest}


def batch_check_layer_availability(ctx: RequestContext, req: t.BatchCheckLayerAvailabilityRequest) -> t.BatchCheckLayerAvailabilityResponse:
    repo = _repo(ctx, req)
    found, failures = [], []
    for digest in req["layerDigests"]:
        if not common.DIGEST.match(digest):
            failures.append({"layerDigest": digest, "failureCode": "InvalidLayerDigest",
                             "failureReason": "Invalid layer digest"})
        elif digest in repo.layers:
            found.append({"layerDigest": digest, "layerAvailability": "AVAILABLE", "layerSize": repo.layers[digest],
                          "mediaType": "application/vnd.docker.image.rootfs.diff.tar.gzip"})
        else:
            failures.append({"layerDigest": digest, "failureCode": "MissingLayerDigest",
                             "failureReason": "Could not find layer"})
    return {"layers": found, "failures": failures}  # type: ignore[typeddict-item]


def get_download_url_for_layer(ctx: RequestContext, req: t.GetDownloadUrlForLayerRequest) -> t.GetDownloadUrlForLayerResponse:
    account = access.account_for(ctx, req)
    repo = access.check(ctx, pullthrough.repository_or_cache(ctx, account, req["repositoryName"], []))
    digest = req["layerDigest"]
    if digest not in repo.layers:
        raise LayersNotFoundExceptionError(
            f"The layer with digest '{digest}' does not exist in the repository with name '{repo.name}' in the "
            f"registry with id '{repo.account}'")
    # A URL of the registry that needs no header: the token rides in the query, as a presigned URL's signature does.
    token, _ = tokens.issue(ctx.store, repo.account, repo.region, ctx.clock.now())
    password = base64.b64decode(token).decode().split(":", 1)[1]
    host = ctx.request.host if ctx.request is not None and ctx.request.host else f"127.0.0.1:{ctx.runtime.config.port}"
    if not registry.PATH_FORM_HOST.match(host.rsplit(":", 1)[0].lower()):
        # the API was reached on a service host (ecr.<region>.localhost.localstack.cloud): use the registry's own host
        host = f"{repo.account}.dkr.ecr.{repo.region}.localhost.localstack.cloud:{ctx.runtime.config.port}"
    return {"downloadUrl": f"http://{host}/v2/{repo.name}/blobs/{digest}?ecr-token={password}", "layerDigest": digest}


def get_authorization_token(ctx: RequestContext, req: t.GetAuthorizationTokenRequest) -> t.GetAuthorizationTokenResponse:
    data = []
    for given in req.get("registryIds") or [ctx.account]:
        # The token names the caller, whatever registry it is for: another account's
        # registry then lets it in as that registry's repository policies say.
        account = access.account_for(ctx, {"registryId": given})
        token, expires = tokens.issue(ctx.store, ctx.account, ctx.region, ctx.clock.now())
        port = ctx.runtime.config.port
        data.append({"authorizationToken": token, "expiresAt": expires,
                     "proxyEndpoint": f"http://{account}.dkr.ecr.{ctx.region}.localhost.localstack.cloud:{port}"})
    return {"authorizationData": data}  # type: ignore[typeddict-item]
