"""Service models, loaded from botocore's bundled data one service at a time.

Nothing is loaded at start-up. `service_index()` is a small generated table
(`generated/services.json`) that says, for every service botocore knows, the
names the router needs (signing name, endpoint prefix, JSON target prefix,
protocols) without opening any model. `service_model(name)` loads one model
on first use and keeps it.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import TypedDict

import botocore.loaders
import botocore.model
from botocore.model import OperationModel, ServiceModel

INDEX_PATH = Path(__file__).parent / "generated" / "services.json"
# Operation name -> the query-speaking services that have it, for unsigned query
# requests (STS AssumeRoleWithWebIdentity) that name only an Action: without it the
# router would have to load every query service's model (EC2's alone is large).
QUERY_ACTIONS_PATH = Path(__file__).parent / "generated" / "query_actions.json"
# First literal path segment of a REST requestUri -> the REST services (S3 aside) that
# have one, for unsigned REST requests (`POST /2015-03-31/functions`): the router
# opens only those few models instead of defaulting to S3 or loading them all.
REST_PATHS_PATH = Path(__file__).parent / "generated" / "rest_paths.json"


class ServiceInfo(TypedDict):
    signing_name: str
    endpoint_prefix: str
    target_prefix: str
    protocols: list[str]
    json_version: str
    api_version: str
    query_compatible: bool


@functools.cache
def _loader() -> botocore.loaders.Loader:
    return botocore.loaders.Loader()


@functools.cache
def service_index() -> dict[str, ServiceInfo]:
    return json.loads(INDEX_PATH.read_text())


@functools.cache
def query_actions() -> dict[str, list[str]]:
    return json.loads(QUERY_ACTIONS_PATH.read_text())


@functools.cache
def rest_paths() -> dict[str, list[str]]:
    return json.loads(REST_PATHS_PATH.read_text())


def speaks_query(info: ServiceInfo) -> bool:
    return "query" in info["protocols"] or "ec2" in info["protocols"] or info["query_compatible"]


@functools.cache
def service_model(name: str) -> ServiceModel:
    """The botocore model of a service, by botocore's service name (`sqs`, `s3`)."""
    LOADED.append(name)
    return ServiceModel(_loader().load_service_model(name, "service-2"), service_name=name)


LOADED: list[str] = []  # names of the models loaded so far, in order (for /_cumulo/health)


def operation_model(service: str, operation: str) -> OperationModel:
    return service_model(service).operation_model(operation)


def build_index() -> dict[str, ServiceInfo]:
    """Read every bundled model (slow, seconds): used only to regenerate the index."""
    loader = botocore.loaders.Loader()
    index: dict[str, ServiceInfo] = {}
    for name in sorted(loader.list_available_services("service-2")):
        meta = loader.load_service_model(name, "service-2")["metadata"]
        index[name] = {
            "signing_name": meta.get("signingName") or meta["endpointPrefix"],
            "endpoint_prefix": meta["endpointPrefix"],
            "target_prefix": meta.get("targetPrefix", ""),
            "protocols": meta.get("protocols") or [meta["protocol"]],
            "json_version": meta.get("jsonVersion", ""),
            "api_version": meta["apiVersion"],
            "query_compatible": "awsQueryCompatible" in meta,
        }
    return index


def build_query_actions(index: dict[str, ServiceInfo]) -> dict[str, list[str]]:
    loader = botocore.loaders.Loader()
    actions: dict[str, list[str]] = {}
    for name, info in index.items():
        if speaks_query(info):
            for op in loader.load_service_model(name, "service-2")["operations"]:
                actions.setdefault(op, []).append(name)
    return dict(sorted(actions.items()))


def build_rest_paths(index: dict[str, ServiceInfo]) -> dict[str, list[str]]:
    loader = botocore.loaders.Loader()
    paths: dict[str, set[str]] = {}
    for name, info in index.items():
        if name == "s3" or not info["protocols"][0].startswith("rest"):
            continue
        for op in loader.load_service_model(name, "service-2")["operations"].values():
            first = op["http"].get("requestUri", "/").split("?", 1)[0].lstrip("/").split("/", 1)[0]
            if first and "{" not in first:
                paths.setdefault(first, set()).add(name)
    return {segment: sorted(names) for segment, names in sorted(paths.items())}


def write_index() -> None:
    index = build_index()
    INDEX_PATH.write_text(json.dumps(index, indent=1, sort_keys=True) + "\n")
    QUERY_ACTIONS_PATH.write_text(json.dumps(build_query_actions(index), separators=(",", ":")) + "\n")
    REST_PATHS_PATH.write_text(json.dumps(build_rest_paths(index), separators=(",", ":")) + "\n")


if __name__ == "__main__":
    write_index()
