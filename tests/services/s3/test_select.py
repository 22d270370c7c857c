"""SelectObjectContent: SQL over CSV, JSON and Parquet objects, streamed as events."""

from __future__ import annotations

import gzip
import json
from typing import Any

import pytest
from botocore.exceptions import ClientError

CSV = b"name,city,age\nana,Lisbon,31\nbo,Oslo,25\ncy,Lisbon,47\n"


def select(s3: Any, bucket: str, key: str, sql: str, inp: dict[str, Any], out: dict[str, Any] | None = None, **extra: Any) -> tuple[bytes, dict[str, Any]]:
    response = s3.select_object_content(Bucket=bucket, Key=key, Expression=sql, ExpressionType="SQL", InputSerialization=inp,
                                        OutputSerialization=out or {"JSON": {}}, **extra)
    records, stats, ended = b"", {}, False
    for event in response["Payload"]:
        if "Records" in event:
            records += event["Records"]["Payload"]
        elif "Stats" in event:
            stats = event["Stats"]["Details"]
        elif "End" in event:
            ended = True
    assert ended
    return records, stats


def lines(data: bytes) -> list[Any]:
    return [json.loads(line) for line in data.decode().splitlines()]


def test_csv_with_header(s3: Any, bucket: str) -> None:
    s3.put_object(Bucket=bucket, Key="people.csv", Body=CSV)
    records, stats = select(s3, bucket, "people.csv", "SELECT s.name, s.age FROM S3Object s WHERE s.city = 'Lisbon' AND CAST(s.age AS INT) > 40",
                            {"CSV": {"FileHeaderInfo": "USE"}})
    assert lines(records) == [{"name": "cy", "age": "47"}]
    assert stats == {"BytesScanned": len(CSV), "BytesProcessed": len(CSV), "BytesReturned": len(records)}


def test_csv_positional_columns_and_csv_output(s3: Any, bucket: str) -> None:
    s3.put_object(Bucket=bucket, Key="people.csv", Body=CSV)
    records, _ = select(s3, bucket, "people.csv", "SELECT s._1, s._2 FROM S3Object s LIMIT 2", {"CSV": {"FileHeaderInfo": "IGNORE"}}, {"CSV": {}})
    assert records == b"ana,Lisbon\nbo,Oslo\n"
    records, _ = select(s3, bucket, "people.csv", "SELECT * FROM S3Object", {"CSV": {"FileHeaderInfo": "NONE"}},
                        {"CSV": {"QuoteFields": "ALWAYS", "FieldDelimiter": ";"}})
    assert records.splitlines()[0] == b'"name";"city";"age"'


def test_aggregate_names_computed_columns(s3: Any, bucket: str) -> None:
    s3.put_object(Bucket=bucket, Key="people.csv", Body=CSV)
    records, _ = select(s3, bucket, "people.csv", "SELECT COUNT(*) FROM S3Object s WHERE s.city = 'Lisbon'", {"CSV": {"FileHeaderInfo": "USE"}})
    assert lines(records) == [{"_1": 2}]


def test_json_lines_and_gzip(s3: Any, bucket: str) -> None:
    body = b"".join(json.dumps(r).encode() + b"\n" for r in [{"id": 1, "tag": "a"}, {"id": 2, "tag": "b"}, {"id": 3, "tag": "a"}])
    s3.put_object(Bucket=bucket, Key="rows.json.gz", Body=gzip.compress(body))
    records, stats = select(s3, bucket, "rows.json.gz", "SELECT s.id FROM S3Object[*] s WHERE s.tag = 'a'",
                            {"JSON": {"Type": "LINES"}, "CompressionType": "GZIP"})
    assert lines(records) == [{"id": 1}, {"id": 3}]
    assert stats["BytesProcessed"] == len(body) and stats["BytesScanned"] < len(body) + 64


def test_parquet(s3: Any, bucket: str, tmp_path: Any) -> None:
    import duckdb

    path = str(tmp_path / "n.parquet")
    duckdb.connect().execute(f"COPY (SELECT range AS n, range * 2 AS twice FROM range(5)) TO '{path}' (FORMAT parquet)")
    with open(path, "rb") as f:
        s3.put_object(Bucket=bucket, Key="n.parquet", Body=f.read())
    records, _ = select(s3, bucket, "n.parquet", "SELECT s.n, s.twice FROM S3Object s WHERE s.n >= 3", {"Parquet": {}})
    assert lines(records) == [{"n": 3, "twice": 6}, {"n": 4, "twice": 8}]


def test_large_result_streams_in_several_records_events(s3: Any, bucket: str) -> None:
    body = b"".join(b"%d,%s\n" % (i, b"x" * 50) for i in range(5000))
    s3.put_object(Bucket=bucket, Key="big.csv", Body=body)
    response = s3.select_object_content(Bucket=bucket, Key="big.csv", Expression="SELECT * FROM S3Object", ExpressionType="SQL",
                                        InputSerialization={"CSV": {}}, OutputSerialization={"CSV": {}}, RequestProgress={"Enabled": True})
    events = list(response["Payload"])
    records = [e for e in events if "Records" in e]
    assert len(records) > 1
    assert b"".join(e["Records"]["Payload"] for e in records) == body
    assert [next(iter(e)) for e in events[-3:]] == ["Progress", "Stats", "End"]


def test_errors(s3: Any, bucket: str) -> None:
    s3.put_object(Bucket=bucket, Key="people.csv", Body=CSV)
    with pytest.raises(ClientError) as e:
        select(s3, bucket, "people.csv", "SELEC nonsense FROM", {"CSV": {"FileHeaderInfo": "USE"}})
    assert e.value.response["Error"]["Code"] == "ParseUnexpectedToken"
    with pytest.raises(ClientError) as e:
        select(s3, bucket, "people.csv", "SELECT s._9 FROM S3Object s", {"CSV": {}})
    assert e.value.response["Error"]["Code"] == "InvalidColumnIndex"
    with pytest.raises(ClientError) as e:
        select(s3, bucket, "missing.csv", "SELECT * FROM S3Object", {"CSV": {}})
    assert e.value.response["Error"]["Code"] == "NoSuchKey"


def test_json_paths_wrapping_and_missing_keys(s3: Any, bucket: str) -> None:
    document = {"people": [{"name": "ana", "age": 31}, {"name": "bo"}], "ids": [1, 2]}
    s3.put_object(Bucket=bucket, Key="doc.json", Body=json.dumps(document).encode())
    records, _ = select(s3, bucket, "doc.json", "SELECT p.name, p.age FROM S3Object[*].people[*] p", {"JSON": {"Type": "DOCUMENT"}})
    assert lines(records) == [{"name": "ana", "age": 31}, {"name": "bo"}]
    records, _ = select(s3, bucket, "doc.json", "SELECT * FROM S3Object[*].ids[*]", {"JSON": {"Type": "DOCUMENT"}})
    assert lines(records) == [{"_1": 1}, {"_1": 2}]
