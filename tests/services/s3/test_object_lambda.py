"""WriteGetObjectResponse: an Object Lambda function's answer, stored per route and token."""

from __future__ import annotations

import base64
from typing import Any

import httpx
import pytest
from botocore.exceptions import ClientError


@pytest.fixture
def lambda_s3(make_client: Any) -> Any:
    # The real endpoint is <route>.s3-object-lambda.<region>.amazonaws.com: locally the route stays a header.
    # Signed as "s3-object-lambda", as botocore signs this one operation.
    return make_client(inject_host_prefix=False)


def test_write_get_object_response(lambda_s3: Any, cumulo: Any) -> None:
    lambda_s3.write_get_object_response(RequestRoute="io-route-1", RequestToken="tok-1", Body=b"TRANSFORMED", StatusCode=200,
                                        ContentType="text/plain", Metadata={"stage": "upper"}, ETag='"abc"')
    got = httpx.get(f"{cumulo.url}/_cumulo/s3/object-lambda/io-route-1/tok-1").json()
    assert got["statusCode"] == 200 and base64.b64decode(got["body"]) == b"TRANSFORMED"
    assert got["fields"]["ContentType"] == "text/plain" and got["fields"]["Metadata"] == {"stage": "upper"} and got["fields"]["ETag"] == '"abc"'
    with pytest.raises(ClientError) as e:  # a token answers once
        lambda_s3.write_get_object_response(RequestRoute="io-route-1", RequestToken="tok-1", Body=b"again")
    assert e.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert httpx.get(f"{cumulo.url}/_cumulo/s3/object-lambda/io-route-1/other").status_code == 404


def test_error_response(lambda_s3: Any, cumulo: Any) -> None:
    lambda_s3.write_get_object_response(RequestRoute="r", RequestToken="t", StatusCode=403, ErrorCode="AccessDenied", ErrorMessage="no")
    got = httpx.get(f"{cumulo.url}/_cumulo/s3/object-lambda/r/t").json()
    assert got["statusCode"] == 403 and got["fields"]["ErrorCode"] == "AccessDenied" and got["body"] == ""
