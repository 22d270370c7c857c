"""Node.js functions call AWS through the SDK for JavaScript v3 without bundling it, as on
AWS: `cumulo node-sdk` installs it, the runtime finds it last (after the function's own
node_modules and its layers'), from CommonJS and from ES modules, and its calls come back
to cumulo through AWS_ENDPOINT_URL."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import boto3
import pytest

from cumulo.runtimes import nodesdk
from cumulo.testing import CumuloServer

ROLE = "arn:aws:iam::000000000000:role/lambda-role"

pytestmark = pytest.mark.skipif(not nodesdk.modules(), reason="the Node SDK is not installed (`cumulo node-sdk`; scripts/test.sh runs it)")

COMMONJS = """
const { S3Client, PutObjectCommand, GetObjectCommand } = require('@aws-sdk/client-s3');
const s3 = new S3Client({ forcePathStyle: true });
exports.handler = async (event) => {
  await s3.send(new PutObjectCommand({ Bucket: event.bucket, Key: 'from-node', Body: 'written by the SDK' }));
  const got = await s3.send(new GetObjectCommand({ Bucket: event.bucket, Key: 'from-node' }));
  return { body: await got.Body.transformToString(), sdk: require.resolve('@aws-sdk/client-s3').includes('node-sdk') };
};
"""

ESM = """
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, GetCommand } from '@aws-sdk/lib-dynamodb';
const db = DynamoDBDocumentClient.from(new DynamoDBClient({}));
export const handler = async (event) => {
  await db.send(new PutCommand({ TableName: event.table, Item: { id: 'esm', n: 7, tags: ['a', 'b'] } }));
  return (await db.send(new GetCommand({ TableName: event.table, Key: { id: 'esm' } }))).Item;
};
"""

# A function that bundles its own "@aws-sdk/client-sts": the runtime's must not win over it.
BUNDLED = {
    "index.js": "const sts = require('@aws-sdk/client-sts'); exports.handler = async () => ({ mine: sts.MINE === true });\n",
    "node_modules/@aws-sdk/client-sts/package.json": '{"name": "@aws-sdk/client-sts", "version": "0.0.1", "main": "index.js"}',
    "node_modules/@aws-sdk/client-sts/index.js": "exports.MINE = true;\n",
}


@pytest.fixture
def s3(cumulo: CumuloServer) -> Any:
    return boto3.client("s3", endpoint_url=cumulo.url, region_name="us-east-1")


@pytest.fixture
def ddb(cumulo: CumuloServer) -> Any:
    return boto3.client("dynamodb", endpoint_url=cumulo.url, region_name="us-east-1")


def _invoke(lam: Any, name: str, event: dict[str, Any]) -> Any:
    answer = lam.invoke(FunctionName=name, Payload=json.dumps(event).encode())
    body = json.loads(answer["Payload"].read())
    assert "FunctionError" not in answer, body
    return body


def test_commonjs_function_uses_the_runtime_sdk(lam: Any, s3: Any, zipped: Callable[..., bytes]) -> None:
    s3.create_bucket(Bucket="node-sdk")
    lam.create_function(FunctionName="cjs-sdk", Runtime="nodejs20.x", Role=ROLE, Handler="index.handler", Timeout=30,
                        Code={"ZipFile": zipped({"index.js": COMMONJS})})
    assert _invoke(lam, "cjs-sdk", {"bucket": "node-sdk"}) == {"body": "written by the SDK", "sdk": True}
    assert s3.get_object(Bucket="node-sdk", Key="from-node")["Body"].read() == b"written by the SDK"


def test_es_module_imports_the_runtime_sdk(lam: Any, ddb: Any, zipped: Callable[..., bytes]) -> None:
    ddb.create_table(TableName="node-sdk", KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
                     AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}], BillingMode="PAY_PER_REQUEST")
    lam.create_function(FunctionName="esm-sdk", Runtime="nodejs22.x", Role=ROLE, Handler="index.handler", Timeout=30,
                        Code={"ZipFile": zipped({"index.mjs": ESM})})
    assert _invoke(lam, "esm-sdk", {"table": "node-sdk"}) == {"id": "esm", "n": 7, "tags": ["a", "b"]}
    assert ddb.get_item(TableName="node-sdk", Key={"id": {"S": "esm"}})["Item"]["n"] == {"N": "7"}


def test_a_bundled_sdk_wins(lam: Any, zipped: Callable[..., bytes]) -> None:
    lam.create_function(FunctionName="bundled", Runtime="nodejs20.x", Role=ROLE, Handler="index.handler",
                        Code={"ZipFile": zipped(BUNDLED)})
    assert _invoke(lam, "bundled", {}) == {"mine": True}
