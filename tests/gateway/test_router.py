"""Routing decisions, from requests as real clients build them (sans-IO)."""

from __future__ import annotations

import base64
import io
import json
import urllib.request
import zipfile

import pytest
from botocore.awsrequest import create_request_object, prepare_request_dict
from botocore.auth import SigV4Auth
from botocore.credentials import Credentials
from botocore.session import Session

from cumulo.core.http import Request
from cumulo.router import UnknownService, route, signing_of
from cumulo.testing import CumuloServer


def auth(service: str, region: str = "us-east-1", key: str = "AKIDEXAMPLE") -> dict[str, str]:
    return {"authorization": f"AWS4-HMAC-SHA256 Credential={key}/20260101/{region}/{service}/aws4_request, SignedHeaders=host, Signature=abc"}


def request(method: str, path: str, query: str = "", headers: dict[str, str] | None = None, body: bytes = b"") -> Request:
    return Request(method, path, query, {k.lower(): v for k, v in (headers or {}).items()}, body)


def decide(req: Request, form: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    r = route(req, signing_of(req), form)
    return r.service, r.operation, r.protocol


def test_json_target() -> None:
    req = request("POST", "/", headers={"X-Amz-Target": "AmazonSQS.SendMessage", **auth("sqs")})
    assert decide(req) == ("sqs", "SendMessage", "json")


def test_query_action_in_form_body() -> None:
    req = request("POST", "/", headers=auth("sts"))
    assert decide(req, {"Action": "GetCallerIdentity", "Version": "2011-06-15"}) == ("sts", "GetCallerIdentity", "query")


def test_sqs_query_protocol_on_a_json_model() -> None:
    req = request("POST", "/000000000000/q", headers=auth("sqs"))
    assert decide(req, {"Action": "SendMessage"}) == ("sqs", "SendMessage", "query")


def test_unsigned_query_action_found_by_operation_name() -> None:
    req = request("POST", "/")
    assert decide(req, {"Action": "AssumeRoleWithWebIdentity"}) == ("sts", "AssumeRoleWithWebIdentity", "query")


def test_ec2_speaks_its_own_query_dialect() -> None:
    req = request("POST", "/", headers=auth("ec2"))
    assert decide(req, {"Action": "DescribeInstances"}) == ("ec2", "DescribeInstances", "ec2")


def test_cbor_path() -> None:
    req = request("POST", "/service/GraniteServiceVersion20100801/operation/PutMetricData", headers={"smithy-protocol": "rpc-v2-cbor", **auth("monitoring")})
    assert decide(req) == ("cloudwatch", "PutMetricData", "smithy-rpc-v2-cbor")


@pytest.mark.parametrize(
    "method,path,query,operation",
    [
        ("GET", "/", "", "ListBuckets"),
        ("PUT", "/bucket", "", "CreateBucket"),
        ("GET", "/bucket", "", "ListObjects"),
        ("GET", "/bucket/", "", "ListObjects"),
        ("GET", "/bucket", "list-type=2&prefix=a", "ListObjectsV2"),
        ("GET", "/bucket", "uploads", "ListMultipartUploads"),
        ("GET", "/bucket", "versioning", "GetBucketVersioning"),
        ("GET", "/bucket/a/b/c.txt", "", "GetObject"),
        ("GET", "/bucket/a/b/c.txt", "x-id=GetObject", "GetObject"),
        ("GET", "/bucket/key", "uploadId=abc", "ListParts"),
        ("PUT", "/bucket/key", "partNumber=1&uploadId=abc", "UploadPart"),
        ("POST", "/bucket/key", "uploads", "CreateMultipartUpload"),
        ("DELETE", "/bucket/key", "", "DeleteObject"),
        ("POST", "/bucket", "delete", "DeleteObjects"),
        ("HEAD", "/bucket", "", "HeadBucket"),
        ("HEAD", "/bucket/k", "", "HeadObject"),
        # deprecated operations on the same URI lose to the current ones
        ("GET", "/bucket", "lifecycle", "GetBucketLifecycleConfiguration"),
        ("PUT", "/bucket", "lifecycle", "PutBucketLifecycleConfiguration"),
        ("GET", "/bucket", "notification", "GetBucketNotificationConfiguration"),
        ("PUT", "/bucket", "notification", "PutBucketNotificationConfiguration"),
    ],
)
def test_s3_most_specific_template_wins(method: str, path: str, query: str, operation: str) -> None:
    req = request(method, path, query, auth("s3"))
    assert decide(req) == ("s3", operation, "rest-xml")


def test_unsigned_rest_defaults_to_s3() -> None:
    assert decide(request("GET", "/bucket/key")) == ("s3", "GetObject", "rest-xml")
    assert decide(request("POST", "/bucket/key", "uploadId=1")) == ("s3", "CompleteMultipartUpload", "rest-xml")
    # A first segment many services share (`/tags/{arn}`) tells no service apart: S3's.
    assert decide(request("GET", "/tags/key")) == ("s3", "GetObject", "rest-xml")


@pytest.mark.parametrize(
    "method,path,service,operation",
    [
        ("POST", "/2015-03-31/functions", "lambda", "CreateFunction"),
        ("POST", "/2015-03-31/functions/", "lambda", "CreateFunction"),
        ("GET", "/2015-03-31/functions/f/versions", "lambda", "ListVersionsByFunction"),
        ("POST", "/2015-03-31/functions/f/invocations", "lambda", "Invoke"),
        ("GET", "/2015-03-31/event-source-mappings/", "lambda", "ListEventSourceMappings"),
    ],
)
def test_unsigned_rest_goes_to_the_one_service_whose_template_matches(method: str, path: str, service: str, operation: str) -> None:
    assert decide(request(method, path)) == (service, operation, "rest-json")


@pytest.mark.parametrize(
    "host",
    ["bucket.s3.localhost.localstack.cloud:4566", "bucket.s3.amazonaws.com", "bucket.s3.eu-west-1.amazonaws.com", "bucket.localhost:4566"],
)
def test_virtual_hosted_s3(host: str) -> None:
    req = request("GET", "/some/key.txt", headers={"Host": host, **auth("s3")})
    r = route(req, signing_of(req))
    assert (r.service, r.operation, r.uri_params) == ("s3", "GetObject", {"Bucket": "bucket", "Key": "some/key.txt"})


def test_virtual_hosted_bucket_root() -> None:
    req = request("GET", "/", "list-type=2", headers={"Host": "my.bucket.s3.localhost.localstack.cloud:4566", **auth("s3")})
    r = route(req, signing_of(req))
    assert (r.operation, r.uri_params) == ("ListObjectsV2", {"Bucket": "my.bucket"})


def test_service_host_without_signature() -> None:
    req = request("POST", "/000000000000/q", headers={"Host": "sqs.us-east-1.localhost.localstack.cloud:4566"})
    assert decide(req, {"Action": "ReceiveMessage"}) == ("sqs", "ReceiveMessage", "query")


def test_presigned_sigv4_query_credential() -> None:
    req = request("GET", "/bucket/key", "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKID%2F20260101%2Feu-west-2%2Fs3%2Faws4_request&X-Amz-Signature=x")
    s = signing_of(req)
    assert (s.access_key, s.region, s.service) == ("AKID", "eu-west-2", "s3")


def test_rest_json_labels() -> None:
    req = request("POST", "/2015-03-31/functions/my-fn/invocations", headers=auth("lambda"))
    r = route(req, signing_of(req))
    assert (r.service, r.operation, r.protocol, r.uri_params) == ("lambda", "Invoke", "rest-json", {"FunctionName": "my-fn"})


def test_unknown_target_prefix() -> None:
    with pytest.raises(UnknownService):
        decide(request("POST", "/", headers={"X-Amz-Target": "NoSuchService_2020.DoThing"}))


def test_unknown_operation_of_known_service() -> None:
    req = request("POST", "/", headers={"X-Amz-Target": "AmazonSQS.Frobnicate", **auth("sqs")})
    assert decide(req) == ("sqs", None, "json")


@pytest.mark.parametrize("service,operation,params", [
    ("dynamodb", "ListTables", {}),
    ("kms", "ListKeys", {}),
    ("s3", "ListObjectsV2", {"Bucket": "b"}),
    ("s3", "PutObject", {"Bucket": "b", "Key": "a/b c"}),
    ("sns", "ListTopics", {}),
    ("lambda", "ListFunctions", {}),
    ("logs", "DescribeLogGroups", {}),
    ("secretsmanager", "ListSecrets", {}),
    ("apigateway", "GetRestApis", {}),
    ("route53", "ListHostedZones", {}),
    ("iam", "ListUsers", {}),
])
def test_requests_serialized_by_botocore_route_to_their_operation(service: str, operation: str, params: dict) -> None:
    """Every request botocore builds for an operation routes back to it."""
    session = Session()
    client = session.create_client(service, region_name="us-east-1", aws_access_key_id="AKID", aws_secret_access_key="s", endpoint_url="http://127.0.0.1:4566")
    op_model = client.meta.service_model.operation_model(operation)
    serialized = client._serializer.serialize_to_request(params, op_model)
    prepare_request_dict(serialized, endpoint_url="http://127.0.0.1:4566")
    aws_request = create_request_object(serialized)
    signing_name = client.meta.service_model.signing_name
    SigV4Auth(Credentials("AKID", "secret"), signing_name, "us-east-1").add_auth(aws_request)
    prepared = aws_request.prepare()
    path, _, query = prepared.url.split("127.0.0.1:4566", 1)[1].partition("?")
    headers = {k.lower(): v.decode() if isinstance(v, bytes) else v for k, v in prepared.headers.items()}
    body = prepared.body or b""
    if isinstance(body, str):
        body = body.encode()
    form = None
    if headers.get("content-type", "").startswith("application/x-www-form-urlencoded"):
        from urllib.parse import parse_qsl

        form = dict(parse_qsl(body.decode()))
    req = Request(prepared.method, path or "/", query, headers, body)
    r = route(req, signing_of(req), form)
    assert (r.service, r.operation) == (service, operation)


@pytest.mark.parametrize("service,method,path,operation", [
    # A required query member left out: the request still reaches its operation,
    # whose validation then names the missing member (as on AWS), rather than
    # routing nowhere.
    ("lambda", "DELETE", "/2017-03-31/tags/arn%3Aaws%3Alambda%3Aus-east-1%3A000000000000%3Afunction%3Af", "UntagResource"),
    ("s3", "POST", "/bucket/key", "CompleteMultipartUpload"),
])
def test_missing_required_query_member_still_reaches_its_operation(service: str, method: str, path: str, operation: str) -> None:
    req = request(method, path, headers=auth(service))
    assert decide(req)[1] == operation


def test_a_present_member_still_decides_first() -> None:
    assert decide(request("GET", "/bucket/key", headers=auth("s3")))[1] == "GetObject"
    assert decide(request("GET", "/bucket/key", "uploadId=1", headers=auth("s3")))[1] == "ListParts"


def test_query_literals_decide_before_required_members() -> None:
    # GET /layers?find=LayerVersion names GetLayerVersionByArn even without its Arn
    # (which its validation then reports), not ListLayers on the same path.
    req = request("GET", "/2018-10-31/layers", "find=LayerVersion", headers=auth("lambda"))
    assert decide(req)[1] == "GetLayerVersionByArn"
    assert decide(request("GET", "/2018-10-31/layers", headers=auth("lambda")))[1] == "ListLayers"


def test_unsigned_lambda_request_is_answered_by_lambda(cumulo: CumuloServer) -> None:
    code = io.BytesIO()
    with zipfile.ZipFile(code, "w") as archive:
        archive.writestr("index.py", "def handler(event, context):\n    return event\n")
    body = json.dumps({"FunctionName": "unsigned", "Runtime": "python3.12", "Handler": "index.handler",
                       "Role": "arn:aws:iam::000000000000:role/r", "Code": {"ZipFile": base64.b64encode(code.getvalue()).decode()}})
    sent = urllib.request.Request(cumulo.url + "/2015-03-31/functions", data=body.encode(), method="POST",
                                  headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(sent) as answer:
        assert answer.status == 201
        assert json.loads(answer.read())["FunctionArn"] == "arn:aws:lambda:us-east-1:000000000000:function:unsigned"
