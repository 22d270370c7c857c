"""With the docker executor, a container-image function in cumulo's ECR is pulled by the
engine from cumulo's registry, by digest, with an ECR token as X-Registry-Auth (against
the fake Engine API of tests/services/lambda/test_docker.py: no engine runs here)."""

from __future__ import annotations

import base64
import importlib
import json
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from typing import Any

import boto3
import httpx
import pytest
from botocore.exceptions import ClientError

from cumulo.config import Config
from cumulo.testing import CumuloServer
from tests.services.ecr.conftest import ACCOUNT
from tests.services.ecr.test_lambda_images import ROLE, build_image


FakeEngine = importlib.import_module("tests.services.lambda.test_docker").FakeEngine  # `lambda` is a keyword


class RecordingEngine(FakeEngine):  # type: ignore[misc,valid-type]
    """The fake engine, also keeping the credentials each pull came with."""

    def __init__(self) -> None:
        super().__init__()
        self.auths: list[str] = []

    def handle(self, h: BaseHTTPRequestHandler) -> None:
        if "/images/create" in h.path:
            self.auths.append(h.headers.get("X-Registry-Auth", ""))
            if "tag=sha256" in h.path:  # by digest: the engine names the image name@digest
                from urllib.parse import parse_qs, urlsplit

                query = {k: v[0] for k, v in parse_qs(urlsplit(h.path).query).items()}
                self.images.add(f"{query['fromImage']}@{query['tag']}")
        super().handle(h)


@pytest.fixture
def engine() -> Iterator[RecordingEngine]:
    fake = RecordingEngine()
    yield fake
    fake.close()


@pytest.fixture
def docker_cumulo(engine: RecordingEngine, monkeypatch: pytest.MonkeyPatch) -> Iterator[CumuloServer]:
    monkeypatch.setenv("DOCKER_HOST", f"unix://{engine.socket}")
    server = CumuloServer(Config(log_level="warning", lambda_executor="docker")).start()
    yield server
    if "lambda" in server.runtime.live:
        server.runtime.live["lambda"].evict()
    server.stop()


def test_the_engine_pulls_from_cumulo_by_digest_with_a_token(docker_cumulo: CumuloServer, engine: RecordingEngine) -> None:
    def client(name: str) -> Any:
        return boto3.client(name, endpoint_url=docker_cumulo.url, region_name="us-east-1", aws_access_key_id="test", aws_secret_access_key="test")

    ecr, lam = client("ecr"), client("lambda")
    ecr.create_repository(repositoryName="boxed")
    token = ecr.get_authorization_token()["authorizationData"][0]["authorizationToken"]
    user, password = base64.b64decode(token).decode().split(":", 1)
    with httpx.Client(base_url=docker_cumulo.url, auth=(user, password)) as registry:
        image_digest = build_image(registry, "boxed", "v1")
    lam.create_function(FunctionName="boxed", PackageType="Image", Role=ROLE,
                        Code={"ImageUri": f"{ACCOUNT}.dkr.ecr.us-east-1.localhost.localstack.cloud:4566/boxed:v1"})
    try:
        lam.invoke(FunctionName="boxed", Payload=b"{}")
    except ClientError:
        pass  # the fake engine cannot run the image itself: only the pull is checked
    pulls = [p for m, p, _ in engine.calls if p.startswith("/images/create")]
    assert pulls and f"fromImage=127.0.0.1%3A{docker_cumulo.port}%2Fboxed" in pulls[0] and f"tag={image_digest.replace(':', '%3A')}" in pulls[0]
    credentials = json.loads(base64.urlsafe_b64decode(engine.auths[0]))
    assert credentials["username"] == "AWS" and credentials["serveraddress"] == f"127.0.0.1:{docker_cumulo.port}"
    # what the engine was given works on the registry
    manifest = httpx.get(f"{docker_cumulo.url}/v2/boxed/manifests/{image_digest}", auth=("AWS", credentials["password"]))
    assert manifest.status_code == 200 and manifest.headers["docker-content-digest"] == image_digest
