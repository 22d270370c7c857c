"""The console's JSON API over HTTP: the generic browser, data views through the handlers, the log, controls."""

from __future__ import annotations

import json
from typing import Any

import boto3
import httpx
from tests.console.conftest import ACCOUNT, REGION, WHERE, make_function

from cumulo import services
from cumulo.testing import CumuloServer


def test_the_page_and_its_assets_are_served_from_the_package(cumulo: CumuloServer, console: httpx.Client) -> None:
    page = console.get("")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert '<script src="console.js">' in page.text and "Content-Security-Policy" in page.headers
    total = len(page.content)
    for name in ("console.js", "views.js", "console.css"):
        asset = console.get(name)
        assert asset.status_code == 200 and asset.content
        assert console.get(name, headers={"if-none-match": asset.headers["etag"]}).status_code == 304
        total += len(asset.content)
    assert total < 1 << 20
    assert console.get("../health").status_code in (200, 404)  # no path escapes the static folder
    assert console.get("nope.js").status_code == 404
    bare = console.get(f"{cumulo.url}/_cumulo/console", follow_redirects=False)
    assert bare.status_code == 308 and bare.headers["location"] == "/_cumulo/console/"


def test_every_service_is_listed_with_the_tables_its_state_holds(console: httpx.Client, aws: Any) -> None:
    sqs = aws("sqs")
    url = sqs.create_queue(QueueName="orders", tags={"team": "billing"})["QueueUrl"]
    sqs.send_message(QueueUrl=url, MessageBody="one")
    aws("s3").create_bucket(Bucket="console-bucket")
    overview = console.get("api/overview").json()
    assert {s["name"] for s in overview["services"]} == set(services.IMPLEMENTED)
    by_name = {s["name"]: s for s in overview["services"]}
    sqs_scope = by_name["sqs"]["scopes"][0]
    assert (sqs_scope["account"], sqs_scope["region"]) == (ACCOUNT, REGION)
    tables = {t["name"]: t for t in sqs_scope["tables"]}
    assert tables["queues"] == {"name": "queues", "count": 1, "kind": "resource"}
    assert tables["messages/orders"]["kind"] == "child"
    assert any(t["name"] == "buckets" for t in by_name["s3"]["scopes"][0]["tables"])
    assert overview["iam"] == "off" and ACCOUNT in overview["accounts"] and REGION in overview["regions"]


def test_detail_shows_arn_tags_policies_and_what_belongs_to_it(console: httpx.Client, aws: Any) -> None:
    sqs = aws("sqs")
    url = sqs.create_queue(QueueName="jobs", tags={"env": "dev"})["QueueUrl"]
    policy = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "sqs:SendMessage", "Resource": "*"}]}
    sqs.set_queue_attributes(QueueUrl=url, Attributes={"Policy": json.dumps(policy)})
    sqs.send_message(QueueUrl=url, MessageBody="m")
    got = console.get("api/resource/sqs", params={**WHERE, "table": "queues", "key": "jobs"}).json()
    assert got["arn"] == f"arn:aws:sqs:{REGION}:{ACCOUNT}:jobs"
    assert got["tags"] == {"env": "dev"}
    assert list(got["policies"].values()) == [policy]
    assert got["children"] == [{"name": "messages/jobs", "count": 1}]
    assert got["attributes"]["name"] == "jobs"
    missing = console.get("api/resource/sqs", params={**WHERE, "table": "queues", "key": "nope"})
    assert missing.status_code == 404 and "nope" in missing.json()["error"]


def test_ten_thousand_resources_page_on_the_server(cumulo: CumuloServer, console: httpx.Client) -> None:
    async def create() -> None:
        for i in range(10_000):
            await services.call(cumulo.runtime, "sns", "CreateTopic", {"Name": f"topic-{i:05d}"}, ACCOUNT, REGION)

    cumulo.run(create())
    first = console.get("api/resources/sns", params={**WHERE, "table": "topics", "limit": 100}).json()
    assert first["total"] == 10_000 and len(first["items"]) == 100
    assert first["items"][0]["key"] == "topic-00000" and first["items"][0]["arn"].endswith(":topic-00000")
    last = console.get("api/resources/sns", params={**WHERE, "table": "topics", "offset": 9_950, "limit": 100}).json()
    assert [i["key"] for i in last["items"]] == [f"topic-{i:05d}" for i in range(9_950, 10_000)]
    found = console.get("api/resources/sns", params={**WHERE, "table": "topics", "q": "TOPIC-0999"}).json()
    assert found["total"] == 10 and found["limit"] == 50
    capped = console.get("api/resources/sns", params={**WHERE, "table": "topics", "limit": 100_000}).json()
    assert len(capped["items"]) == 500
    assert console.get("api/resources/sns", params={**WHERE, "table": "topics", "offset": "x"}).status_code == 400


def test_changes_go_through_the_handlers_and_show_through_boto3(cumulo: CumuloServer, console: httpx.Client, aws: Any) -> None:
    ddb = aws("dynamodb")
    ddb.create_table(TableName="people", KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
                     AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}], BillingMode="PAY_PER_REQUEST")
    put = console.post("api/call/dynamodb/PutItem", params=WHERE,
                       json={"TableName": "people", "Item": {"id": {"S": "ada"}, "age": {"N": "36"}, "tags": {"L": [{"S": "math"}]}}})
    assert put.status_code == 200
    assert ddb.get_item(TableName="people", Key={"id": {"S": "ada"}})["Item"]["age"] == {"N": "36"}
    scan = console.post("api/call/dynamodb/Scan", params=WHERE, json={"TableName": "people", "Limit": 1}).json()
    assert scan["Items"][0]["id"] == {"S": "ada"}
    bad = console.post("api/call/dynamodb/PutItem", params=WHERE, json={"TableName": "nope", "Item": {"id": {"S": "x"}}})
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "ResourceNotFoundException"
    assert console.post("api/call/dynamodb/NoSuchThing", params=WHERE, json={}).status_code == 404
    assert console.post("api/call/dynamodb/Scan", params=WHERE, content=b"[1]").status_code == 400

    sqs = aws("sqs")
    url = sqs.create_queue(QueueName="inbox")["QueueUrl"]
    assert console.post("api/call/sqs/SendMessage", params=WHERE, json={"QueueUrl": url, "MessageBody": "from the console"}).status_code == 200
    peeked = console.get(f"{cumulo.url}/_cumulo/sqs/peek/{REGION}/{ACCOUNT}/inbox", headers={"accept": "application/json"}).json()
    assert peeked["ReceiveMessageResponse"]["ReceiveMessageResult"]["Message"][0]["Body"] == "from the console"
    got = sqs.receive_message(QueueUrl=url)["Messages"]  # the peek left it visible
    assert got[0]["Body"] == "from the console"
    assert console.post("api/call/sqs/PurgeQueue", params=WHERE, json={"QueueUrl": url}).status_code == 200
    assert console.get("api/resources/sqs", params={**WHERE, "table": "messages/inbox"}).status_code in (200, 404)


def test_s3_objects_upload_and_download(console: httpx.Client, aws: Any) -> None:
    s3 = aws("s3")
    s3.create_bucket(Bucket="files")
    s3.put_object(Bucket="files", Key="docs/readme.txt", Body=b"read me", ContentType="text/plain")
    listed = console.post("api/call/s3/ListObjectsV2", params=WHERE, json={"Bucket": "files", "Delimiter": "/"}).json()
    assert listed["CommonPrefixes"] == [{"Prefix": "docs/"}]
    got = console.get("api/s3/object", params={"bucket": "files", "key": "docs/readme.txt", "download": "1"})
    assert got.content == b"read me" and got.headers["content-type"] == "text/plain"
    assert "attachment" in got.headers["content-disposition"] and got.headers["content-security-policy"] == "sandbox"
    up = console.put("api/s3/object", params={"bucket": "files", "key": "docs/new.bin"}, content=b"\x00\x01",
                     headers={"content-type": "application/octet-stream"})
    assert up.status_code == 200 and up.json()["ETag"]
    assert s3.get_object(Bucket="files", Key="docs/new.bin")["Body"].read() == b"\x00\x01"
    missing = console.get("api/s3/object", params={"bucket": "files", "key": "none"})
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "NoSuchKey"


def test_lambda_code_listing_and_invoke_with_logs(console: httpx.Client, aws: Any) -> None:
    make_function(aws)
    code = console.get("api/lambda/code", params={**WHERE, "function": "doubler"}).json()
    assert sorted(f["name"] for f in code["files"]) == ["app.py", "lib/util.py"]
    source = console.get("api/lambda/code", params={**WHERE, "function": "doubler", "file": "app.py"}).json()
    assert "def handler" in source["text"]
    out = console.post("api/lambda/invoke", params={**WHERE, "function": "doubler"}, content=b'{"n": 21}').json()
    assert out["StatusCode"] == 200 and json.loads(out["Payload"]) == {"doubled": 42}
    assert 'console says {"n": 21}' in out["Logs"]
    missing = console.post("api/lambda/invoke", params={**WHERE, "function": "ghost"}, content=b"{}")
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "ResourceNotFoundException"


def test_the_live_log_records_requests_errors_and_bodies_on_demand(console: httpx.Client, aws: Any) -> None:
    console.get("")  # a console is open: the log starts
    console.post("api/log/clear")
    sqs = aws("sqs")
    sqs.create_queue(QueueName="logged")
    try:
        sqs.get_queue_url(QueueName="missing")
    except sqs.exceptions.QueueDoesNotExist:
        pass
    records = console.get("api/log").json()["records"]
    ok, failed = records[-2], records[-1]
    assert (ok["service"], ok["operation"], ok["status"], ok["account"], ok["region"]) == ("sqs", "CreateQueue", 200, ACCOUNT, REGION)
    assert ok["caller"] == f"arn:aws:iam::{ACCOUNT}:root" and ok["ms"] >= 0 and ok["error"] is None
    assert failed["status"] == 400 and failed["error"]["code"] == "QueueDoesNotExist"
    assert not any(r["path"].startswith("/_cumulo") for r in records)  # the console's own calls are not logged
    assert console.get(f"api/log/{failed['id']}").json()["bodies"] is None

    assert console.post("api/log/bodies", json={"capture": True}).json() == {"capture": True}
    sqs.create_queue(QueueName="with-bodies")
    last = console.get("api/log").json()["records"][-1]
    bodies = console.get(f"api/log/{last['id']}").json()["bodies"]
    assert "with-bodies" in bodies["request"]["text"] and "with-bodies" in bodies["response"]["text"]
    after = console.get("api/log", params={"after": last["id"]}).json()["records"]
    assert after == []
    console.post("api/call/sqs/DeleteQueue", params=WHERE, json={"QueueUrl": "http://x/000000000000/with-bodies"})
    internal = console.get("api/log", params={"after": last["id"]}).json()["records"]
    assert [(r["method"], r["service"], r["operation"], r["status"]) for r in internal] == [("CALL", "sqs", "DeleteQueue", 200)]
    assert internal[0]["bodies"] is False
    assert console.get("api/log/999999").status_code == 404
    console.post("api/log/bodies", json={"capture": False})


def test_the_event_stream_sends_each_request_as_it_is_answered(cumulo: CumuloServer, console: httpx.Client, aws: Any) -> None:
    with console.stream("GET", "api/log/stream") as stream:
        assert stream.headers["content-type"] == "text/event-stream"
        lines = stream.iter_lines()
        assert next(lines).startswith("retry:")
        aws("sqs").create_queue(QueueName="streamed")
        for line in lines:
            if line.startswith("data:"):
                record = json.loads(line[5:])
                assert (record["service"], record["operation"]) == ("sqs", "CreateQueue")
                break


def test_controls_use_the_internal_endpoints(console: httpx.Client, aws: Any, cumulo: CumuloServer) -> None:
    aws("sqs").create_queue(QueueName="doomed")
    aws("sns").create_topic(Name="kept")
    assert console.post(f"{cumulo.url}/_cumulo/reset/sqs").json() == {"reset": "sqs"}
    assert aws("sqs").list_queues().get("QueueUrls", []) == []
    assert len(aws("sns").list_topics()["Topics"]) == 1
    assert console.get(f"{cumulo.url}/_cumulo/settings/enforce-iam").json() == {"mode": "off"}
    try:
        assert console.post(f"{cumulo.url}/_cumulo/settings/enforce-iam", json={"mode": "audit"}).json() == {"mode": "audit"}
        assert console.get("api/overview").json()["iam"] == "audit"
        assert console.post(f"{cumulo.url}/_cumulo/settings/enforce-iam", json={"mode": "loud"}).status_code == 400
    finally:
        console.post(f"{cumulo.url}/_cumulo/settings/enforce-iam", json={"mode": "off"})
    assert cumulo.runtime.config.enforce_iam == ""


def test_persisted_state_is_browsed_after_a_restart(tmp_path: Any) -> None:
    from cumulo.testing.plugin import free_port, spawned_server

    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with spawned_server(port, data_dir=str(tmp_path)):
        sqs = boto3.client("sqs", endpoint_url=url, region_name=REGION, aws_access_key_id="test", aws_secret_access_key="test")
        sqs.send_message(QueueUrl=sqs.create_queue(QueueName="durable", tags={"k": "v"})["QueueUrl"], MessageBody="kept")
    with spawned_server(port, data_dir=str(tmp_path)):  # nothing loaded yet: the console finds the stored tables
        overview = httpx.get(url + "/_cumulo/console/api/overview").json()
        scope = next(s for s in overview["services"] if s["name"] == "sqs")["scopes"][0]
        assert {t["name"]: t["count"] for t in scope["tables"]} == {"queues": 1, "messages/durable": 1}
        got = httpx.get(url + "/_cumulo/console/api/resource/sqs", params={**WHERE, "table": "queues", "key": "durable"}).json()
        assert got["tags"] == {"k": "v"} and got["children"] == [{"name": "messages/durable", "count": 1}]


def test_a_snapshot_downloaded_from_the_controls_loads_back(cumulo: CumuloServer, console: httpx.Client, aws: Any) -> None:
    aws("sqs").create_queue(QueueName="snapshotted")
    snapshot = console.get(f"{cumulo.url}/_cumulo/state")
    assert snapshot.status_code == 200 and snapshot.headers["content-type"] == "application/x-tar"
    console.post(f"{cumulo.url}/_cumulo/reset")
    assert aws("sqs").list_queues().get("QueueUrls", []) == []
    assert console.post(f"{cumulo.url}/_cumulo/state", content=snapshot.content).json() == {"status": "imported"}
    assert [u.rsplit("/", 1)[1] for u in aws("sqs").list_queues()["QueueUrls"]] == ["snapshotted"]


def test_the_static_files_ship_in_the_wheel() -> None:
    import tomllib
    from pathlib import Path, PurePosixPath

    import cumulo

    root = Path(cumulo.__file__).parent
    patterns = tomllib.loads((root.parent / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]["cumulo"]
    static = [p.relative_to(root).as_posix() for p in (root / "console" / "static").iterdir()]
    assert static
    for name in static:
        assert any(PurePosixPath(name).match(pattern.replace("**/", "")) or PurePosixPath(name).match(pattern) for pattern in patterns), name
