"""Vector indexes: defined with the table or added later, described, kept current
by writes, and searched exactly (COSINE, EUCLIDEAN, DOT_PRODUCT) with filters."""

from __future__ import annotations

import math
from typing import Any

import pytest
from botocore.exceptions import ClientError


def vec(*xs: float) -> dict[str, Any]:
    return {"L": [{"N": str(x)} for x in xs]}


def index(name: str, distance: str, **extra: Any) -> dict[str, Any]:
    return {"IndexName": name, "VectorAttribute": {"AttributeName": "v"}, "Dimensions": 3, "DistanceFunction": distance,
            "Projection": {"ProjectionType": "ALL"}, **extra}


@pytest.fixture
def docs(ddb: Any) -> str:
    ddb.create_table(TableName="docs", BillingMode="PAY_PER_REQUEST", KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                     AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
                     VectorIndexes=[index("by-cosine", "COSINE", SearchSchema=[{"AttributeName": "lang", "SearchSchemaElementType": "INLINE_FILTER"}],
                                          Projection={"ProjectionType": "KEYS_ONLY"})])
    for pk, v, lang in [("x", (1, 0, 0), "en"), ("y", (0, 1, 0), "en"), ("near-x", (0.9, 0.1, 0), "pt"), ("diag", (1, 1, 1), "en")]:
        ddb.put_item(TableName="docs", Item={"pk": {"S": pk}, "v": vec(*v), "lang": {"S": lang}, "body": {"S": "text"}})
    ddb.put_item(TableName="docs", Item={"pk": {"S": "no-vector"}, "lang": {"S": "en"}})
    ddb.put_item(TableName="docs", Item={"pk": {"S": "wrong-size"}, "v": vec(1, 2)})
    return "docs"


def search(ddb: Any, name: str, query: tuple[float, ...], k: int = 10, **extra: Any) -> list[tuple[str, float]]:
    got = ddb.search_vectors(TableName="docs", IndexName=name, SearchVector=[{"N": str(x)} for x in query], TopK=k, **extra)
    return [(r["Item"]["pk"]["S"], r["Score"]) for r in got["SearchResults"]]


def test_describe_counts_the_indexed_items(ddb: Any, docs: str) -> None:
    [described] = ddb.describe_table(TableName=docs)["Table"]["VectorIndexes"]
    assert described["IndexName"] == "by-cosine" and described["IndexStatus"] == "ACTIVE"
    assert described["ItemCount"] == 4 and described["Dimensions"] == 3 and described["IndexArn"].endswith("/index/by-cosine")


def test_cosine_search_filter_and_projection(ddb: Any, docs: str) -> None:
    found = search(ddb, "by-cosine", (1, 0, 0), k=3)
    assert [pk for pk, _ in found] == ["x", "near-x", "diag"]
    assert found[0][1] == 0 and math.isclose(found[2][1], 1 - 1 / math.sqrt(3), rel_tol=1e-6)
    only_en = search(ddb, "by-cosine", (1, 0, 0), SearchConditionExpression="lang = :l", ExpressionAttributeValues={":l": {"S": "en"}})
    assert [pk for pk, _ in only_en] == ["x", "diag", "y"]
    item = ddb.search_vectors(TableName=docs, IndexName="by-cosine", SearchVector=[{"N": "1"}, {"N": "0"}, {"N": "0"}], TopK=1)["SearchResults"][0]["Item"]
    assert "body" not in item and set(item) == {"pk", "v", "lang"}  # KEYS_ONLY: keys, the vector and the search schema


def test_indexes_added_later_and_other_distances(ddb: Any, docs: str) -> None:
    ddb.update_table(TableName=docs, VectorIndexUpdates=[{"Create": index("by-dot", "DOT_PRODUCT")}, {"Create": index("by-l2", "EUCLIDEAN")}])
    assert [pk for pk, _ in search(ddb, "by-dot", (1, 0.5, 0.2), k=3)] == ["diag", "x", "near-x"]  # larger is closer
    assert search(ddb, "by-l2", (1, 0, 0), k=1) == [("x", 0.0)]
    ddb.put_item(TableName=docs, Item={"pk": {"S": "x"}, "v": vec(0, 0, 5)})  # writes move an item in every index
    assert search(ddb, "by-l2", (0, 0, 5), k=1) == [("x", 0.0)]
    ddb.update_table(TableName=docs, VectorIndexUpdates=[{"Delete": {"IndexName": "by-dot"}}])
    with pytest.raises(ClientError) as exc:
        search(ddb, "by-dot", (1, 1, 1))
    assert exc.value.response["Error"]["Code"] == "ResourceNotFoundException"


def test_refusals(ddb: Any, docs: str) -> None:
    for kwargs in ({"SearchVector": [{"N": "1"}]}, {"SearchConditionExpression": "body = :b", "ExpressionAttributeValues": {":b": {"S": "t"}}},
                   {"SearchConditionExpression": "lang <> :l", "ExpressionAttributeValues": {":l": {"S": "en"}}},
                   {"SearchVector": [{"S": "1"}, {"N": "0"}, {"N": "0"}]}):
        request = {"TableName": docs, "IndexName": "by-cosine", "SearchVector": [{"N": "1"}, {"N": "0"}, {"N": "0"}], "TopK": 1, **kwargs}
        with pytest.raises(ClientError) as exc:
            ddb.search_vectors(**request)
        assert exc.value.response["Error"]["Code"] == "ValidationException", kwargs
    with pytest.raises(ClientError) as exc:
        ddb.update_table(TableName=docs, VectorIndexUpdates=[{"Create": index("by-cosine", "COSINE")}])
    assert exc.value.response["Error"]["Code"] == "ValidationException"


def test_restores_keep_or_override_vector_indexes(ddb: Any, docs: str) -> None:
    backup = ddb.create_backup(TableName=docs, BackupName="docs-backup")["BackupDetails"]["BackupArn"]
    ddb.restore_table_from_backup(TargetTableName="kept", BackupArn=backup)
    assert [i["IndexName"] for i in ddb.describe_table(TableName="kept")["Table"]["VectorIndexes"]] == ["by-cosine"]
    ddb.restore_table_from_backup(TargetTableName="overridden", BackupArn=backup, VectorIndexOverride=[index("by-l2", "EUCLIDEAN")])
    [only] = ddb.describe_table(TableName="overridden")["Table"]["VectorIndexes"]
    assert only["IndexName"] == "by-l2" and only["ItemCount"] == 4
