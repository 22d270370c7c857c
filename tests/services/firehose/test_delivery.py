"""Records land: buffering on the clock, AWS's key names, compression, dynamic partitioning with jq,
a Lambda transform, Parquet read back with DuckDB, errors under the error prefix, a Kinesis source,
and an HTTPS endpoint receiving AWS's request shape."""

from __future__ import annotations

import base64
import gzip
import io
import json
import re
import time
import zipfile
from typing import Any

import boto3
import cramjam
import duckdb
import httpx

from cumulo.testing import ClockControl, CumuloServer
from tests.services.firehose.conftest import ROLE, objects, s3_destination

KEY = re.compile(r"^(?P<prefix>.*?)(?P<stream>[a-z-]+)-1-(\d{4}-\d{2}-\d{2}-\d{2}-\d{2}-\d{2})-[0-9a-f-]{36}(?P<ext>\.\w+)?$")


def flush(cumulo: CumuloServer, name: str) -> None:
    assert httpx.post(f"{cumulo.url}/_cumulo/firehose/{name}/flush").status_code == 200


def test_records_land_after_the_buffer_interval_with_aws_key_names(firehose: Any, s3: Any, bucket: str, cumulo_clock: ClockControl, cumulo: CumuloServer) -> None:
    firehose.create_delivery_stream(DeliveryStreamName="plain", ExtendedS3DestinationConfiguration=s3_destination(bucket))
    firehose.put_record_batch(DeliveryStreamName="plain", Records=[{"Data": f"line {i}\n".encode()} for i in range(3)])
    assert objects(s3, bucket) == {}
    cumulo_clock.advance(61)
    for _ in range(100):  # the tick runs within a second
        found = objects(s3, bucket)
        if found:
            break
        time.sleep(0.05)
    [(key, body)] = found.items()
    match = KEY.match(key)
    assert match and match["stream"] == "plain" and re.fullmatch(r"\d{4}/\d{2}/\d{2}/\d{2}/", match["prefix"])
    assert body == b"line 0\nline 1\nline 2\n"
    report = httpx.get(f"{cumulo.url}/_cumulo/firehose/deliveries").json()
    assert report["deliveries"][0]["records"] == 3 and report["deliveries"][0]["target"] == f"s3://landing/{key}"


def test_a_full_buffer_flushes_at_once(firehose: Any, s3: Any, bucket: str) -> None:
    firehose.create_delivery_stream(DeliveryStreamName="size", ExtendedS3DestinationConfiguration=s3_destination(bucket, Prefix="big/"))
    chunk = b"x" * (512 * 1024)
    firehose.put_record_batch(DeliveryStreamName="size", Records=[{"Data": chunk}, {"Data": chunk}])
    for _ in range(100):
        if objects(s3, bucket, "big/"):
            break
        time.sleep(0.05)
    assert list(objects(s3, bucket, "big/").values()) == [chunk * 2]


def test_compression_formats(firehose: Any, s3: Any, bucket: str, cumulo: CumuloServer) -> None:
    data = b'{"n": 1}\n' * 50
    for fmt in ("GZIP", "ZIP", "Snappy", "HADOOP_SNAPPY"):
        name = f"c-{fmt.lower().replace('_', '-')}"
        firehose.create_delivery_stream(DeliveryStreamName=name, ExtendedS3DestinationConfiguration=s3_destination(bucket, Prefix=f"{fmt}/", CompressionFormat=fmt))
        firehose.put_record(DeliveryStreamName=name, Record={"Data": data})
        flush(cumulo, name)
        [(key, body)] = objects(s3, bucket, f"{fmt}/").items()
        if fmt == "GZIP":
            assert key.endswith(".gz") and gzip.decompress(body) == data
        elif fmt == "ZIP":
            with zipfile.ZipFile(io.BytesIO(body)) as archive:
                assert archive.read(archive.namelist()[0]) == data
        elif fmt == "Snappy":
            assert bytes(cramjam.snappy.decompress(body)) == data
        else:
            size, packed = int.from_bytes(body[:4], "big"), int.from_bytes(body[4:8], "big")
            assert size == len(data) and bytes(cramjam.snappy.decompress_raw(body[8 : 8 + packed])) == data


def test_dynamic_partitioning_with_jq_and_timestamps(firehose: Any, s3: Any, bucket: str, cumulo: CumuloServer) -> None:
    firehose.create_delivery_stream(
        DeliveryStreamName="parts",
        ExtendedS3DestinationConfiguration=s3_destination(
            bucket,
            Prefix="customer=!{partitionKeyFromQuery:customer}/year=!{timestamp:yyyy}/",
            ErrorOutputPrefix="errors/!{firehose:error-output-type}/",
            DynamicPartitioningConfiguration={"Enabled": True},
            ProcessingConfiguration={"Enabled": True, "Processors": [
                {"Type": "MetadataExtraction", "Parameters": [{"ParameterName": "MetadataExtractionQuery", "ParameterValue": "{customer: .customer}"},
                                                             {"ParameterName": "JsonParsingEngine", "ParameterValue": "JQ-1.6"}]},
                {"Type": "AppendDelimiterToRecord", "Parameters": [{"ParameterName": "Delimiter", "ParameterValue": "\\n"}]},
            ]},
        ),
    )
    for record in ({"customer": "a", "n": 1}, {"customer": "b", "n": 2}, {"customer": "a", "n": 3}):
        firehose.put_record(DeliveryStreamName="parts", Record={"Data": json.dumps(record).encode()})
    firehose.put_record(DeliveryStreamName="parts", Record={"Data": b"not json"})
    flush(cumulo, "parts")
    landed = objects(s3, bucket)
    by_customer = {k.split("/")[0]: v for k, v in landed.items() if k.startswith("customer=")}
    assert [json.loads(line)["n"] for line in by_customer["customer=a"].splitlines()] == [1, 3]
    assert [json.loads(line)["n"] for line in by_customer["customer=b"].splitlines()] == [2]
    assert all(re.match(r"customer=[ab]/year=\d{4}/parts-1-", k) for k in landed if k.startswith("customer="))
    [error] = [v for k, v in landed.items() if k.startswith("errors/partitioning-failed/")]
    doc = json.loads(error)
    assert doc["errorCode"] == "DynamicPartitioning.MetadataExtractionFailed" and base64.b64decode(doc["rawData"]) == b"not json"


TRANSFORM = """
import base64, json

def handler(event, context):
    out = []
    for r in event["records"]:
        data = json.loads(base64.b64decode(r["data"]))
        if data.get("drop"):
            out.append({"recordId": r["recordId"], "result": "Dropped"})
        elif data.get("fail"):
            out.append({"recordId": r["recordId"], "result": "ProcessingFailed"})
        else:
            data["seen"] = True
            out.append({"recordId": r["recordId"], "result": "Ok", "data": base64.b64encode((json.dumps(data) + "\\n").encode()).decode()})
    return {"records": out}
"""


def test_a_lambda_transform_and_parquet_output(firehose: Any, s3: Any, bucket: str, cumulo: CumuloServer, tmp_path: Any) -> None:
    from tests.services.lambda_zip import make_zip

    lam = boto3.client("lambda", endpoint_url=cumulo.url, region_name="us-east-1")
    fn = lam.create_function(FunctionName="transform", Runtime="python3.12", Role=ROLE, Handler="app.handler",
                             Code={"ZipFile": make_zip({"app.py": TRANSFORM})}, Timeout=30)["FunctionArn"]
    firehose.create_delivery_stream(
        DeliveryStreamName="tx",
        ExtendedS3DestinationConfiguration=s3_destination(
            bucket, Prefix="tx/", ErrorOutputPrefix="tx-errors/",
            ProcessingConfiguration={"Enabled": True, "Processors": [{"Type": "Lambda", "Parameters": [{"ParameterName": "LambdaArn", "ParameterValue": fn}]}]},
            DataFormatConversionConfiguration={
                "Enabled": True,
                "SchemaConfiguration": {"RoleARN": ROLE, "DatabaseName": "db", "TableName": "t"},
                "InputFormatConfiguration": {"Deserializer": {"OpenXJsonSerDe": {}}},
                "OutputFormatConfiguration": {"Serializer": {"ParquetSerDe": {"Compression": "SNAPPY"}}},
            },
        ),
    )
    for record in ({"id": 1, "name": "a"}, {"id": 2, "name": "b", "drop": True}, {"id": 3, "name": "c", "fail": True}, {"id": 4, "name": "d"}):
        firehose.put_record(DeliveryStreamName="tx", Record={"Data": json.dumps(record).encode()})
    flush(cumulo, "tx")
    [(key, body)] = objects(s3, bucket, "tx/").items()
    assert key.endswith(".parquet")
    path = tmp_path / "out.parquet"
    path.write_bytes(body)
    rows = duckdb.sql(f"SELECT id, name, seen FROM read_parquet('{path}') ORDER BY id").fetchall()
    assert rows == [(1, "a", True), (4, "d", True)]
    [(_, error)] = objects(s3, bucket, "tx-errors/").items()
    doc = json.loads(error)
    assert doc["errorCode"] == "Lambda.ProcessingFailed" and doc["lambdaArn"] == fn and json.loads(base64.b64decode(doc["rawData"]))["id"] == 3


def test_a_kinesis_stream_as_source(firehose: Any, s3: Any, bucket: str, cumulo: CumuloServer) -> None:
    kinesis = boto3.client("kinesis", endpoint_url=cumulo.url, region_name="us-east-1")
    kinesis.create_stream(StreamName="feed", ShardCount=2)
    arn = kinesis.describe_stream_summary(StreamName="feed")["StreamDescriptionSummary"]["StreamARN"]
    firehose.create_delivery_stream(DeliveryStreamName="from-kinesis", DeliveryStreamType="KinesisStreamAsSource",
                                    KinesisStreamSourceConfiguration={"KinesisStreamARN": arn, "RoleARN": ROLE},
                                    ExtendedS3DestinationConfiguration=s3_destination(bucket, Prefix="k/"))
    for i in range(6):
        kinesis.put_record(StreamName="feed", Data=f"r{i}\n".encode(), PartitionKey=str(i))
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        flush(cumulo, "from-kinesis")
        got = b"".join(objects(s3, bucket, "k/").values())
        if got.count(b"\n") >= 6:
            break
        time.sleep(0.2)
    assert sorted(got.decode().split()) == [f"r{i}" for i in range(6)]


def _self_signed(tmp_path: Any) -> tuple[str, str]:
    from datetime import datetime, timedelta, timezone

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.now(timezone.utc)
    cert = x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key()).serial_number(1) \
        .not_valid_before(now - timedelta(days=1)).not_valid_after(now + timedelta(days=1)).sign(key, hashes.SHA256())
    cert_path, key_path = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    return str(cert_path), str(key_path)


def test_an_https_endpoint_gets_awss_request_shape(firehose: Any, s3: Any, bucket: str, cumulo: CumuloServer, tmp_path: Any) -> None:
    import http.server
    import ssl
    import threading

    received: list[tuple[dict[str, str], bytes]] = []

    class Sink(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 (the standard library's name)
            body = self.rfile.read(int(self.headers["Content-Length"]))
            received.append(({k.lower(): v for k, v in self.headers.items()}, body))
            answer = json.dumps({"requestId": json.loads(body)["requestId"], "timestamp": 0}).encode()
            self.send_response(200)
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

        def log_message(self, *args: Any) -> None:
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Sink)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(*_self_signed(tmp_path))
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"https://127.0.0.1:{server.server_address[1]}/ingest"
        firehose.create_delivery_stream(
            DeliveryStreamName="web",
            HttpEndpointDestinationConfiguration={
                "EndpointConfiguration": {"Url": url, "Name": "sink", "AccessKey": "s3cret"},
                "RequestConfiguration": {"CommonAttributes": [{"AttributeName": "env", "AttributeValue": "test"}]},
                "S3Configuration": s3_destination(bucket, Prefix="backup/"), "RoleARN": ROLE,
            },
        )
        firehose.put_record_batch(DeliveryStreamName="web", Records=[{"Data": b"one"}, {"Data": b"two"}])
        flush(cumulo, "web")
        [(headers, body)] = received
        doc = json.loads(body)
        assert [base64.b64decode(r["data"]) for r in doc["records"]] == [b"one", b"two"]
        assert headers["x-amz-firehose-access-key"] == "s3cret" and headers["x-amz-firehose-request-id"] == doc["requestId"]
        assert json.loads(headers["x-amz-firehose-common-attributes"]) == {"commonAttributes": {"env": "test"}}
        assert objects(s3, bucket) == {}  # FailedDataOnly: nothing backed up when the endpoint took it
    finally:
        server.shutdown()
        server.server_close()
    # With the endpoint gone, the records go to the S3 backup under http-endpoint-failed/.
    firehose.put_record(DeliveryStreamName="web", Record={"Data": b"three"})
    flush(cumulo, "web")
    [(key, body)] = objects(s3, bucket).items()
    assert key.startswith("http-endpoint-failed/") and body == b"three"


def test_orc_output_read_back_with_pyarrow(firehose: Any, s3: Any, bucket: str, cumulo: CumuloServer) -> None:
    import pyarrow.orc

    firehose.create_delivery_stream(
        DeliveryStreamName="orc",
        ExtendedS3DestinationConfiguration=s3_destination(
            bucket, Prefix="orc/",
            DataFormatConversionConfiguration={
                "Enabled": True,
                "SchemaConfiguration": {"RoleARN": ROLE, "DatabaseName": "db", "TableName": "t"},
                "InputFormatConfiguration": {"Deserializer": {"OpenXJsonSerDe": {}}},
                "OutputFormatConfiguration": {"Serializer": {"OrcSerDe": {"Compression": "ZLIB"}}},
            },
        ),
    )
    firehose.put_record_batch(DeliveryStreamName="orc", Records=[{"Data": json.dumps({"id": i, "name": f"n{i}"}).encode()} for i in range(3)])
    flush(cumulo, "orc")
    [(key, body)] = objects(s3, bucket, "orc/").items()
    assert key.endswith(".orc")
    assert pyarrow.orc.read_table(io.BytesIO(body)).to_pylist() == [{"id": i, "name": f"n{i}"} for i in range(3)]


def test_a_logs_subscription_lands_its_messages_in_s3(firehose: Any, s3: Any, bucket: str, cumulo: CumuloServer) -> None:
    """CloudWatch Logs sends Firehose the gzip'd subscription payload; the Decompression and
    CloudWatchLogProcessing processors turn it back into the log lines."""
    logs = boto3.client("logs", endpoint_url=cumulo.url, region_name="us-east-1")
    arn = firehose.create_delivery_stream(
        DeliveryStreamName="from-logs",
        ExtendedS3DestinationConfiguration=s3_destination(bucket, Prefix="logs/", ProcessingConfiguration={"Enabled": True, "Processors": [
            {"Type": "Decompression", "Parameters": [{"ParameterName": "CompressionFormat", "ParameterValue": "GZIP"}]},
            {"Type": "CloudWatchLogProcessing", "Parameters": [{"ParameterName": "DataMessageExtraction", "ParameterValue": "true"}]},
        ]}),
    )["DeliveryStreamARN"]
    logs.create_log_group(logGroupName="/app/web")
    logs.create_log_stream(logGroupName="/app/web", logStreamName="web-1")
    logs.put_subscription_filter(logGroupName="/app/web", filterName="to-lake", filterPattern="ERROR", destinationArn=arn, roleArn=ROLE)
    now = int(time.time() * 1000)
    logs.put_log_events(logGroupName="/app/web", logStreamName="web-1",
                        logEvents=[{"timestamp": now, "message": "ERROR disk full"}, {"timestamp": now + 1, "message": "INFO fine"}])
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        flush(cumulo, "from-logs")
        landed = b"".join(objects(s3, bucket, "logs/").values())
        if landed:
            break
        time.sleep(0.2)
    assert landed == b"ERROR disk full\n"
