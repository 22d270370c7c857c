"""The key structures of `indexes`: kept in step with writes, they scan and page exactly as ones built afresh."""

from __future__ import annotations

import random
from typing import Any

import pytest

from cumulo.services.dynamodb.indexes import Keys, Ordered, row_key
from cumulo.services.dynamodb.models import Table

TABLE = Table("t", "000000000000", "us-east-1", "id", 0.0, "pk", None, {"pk": "S"})


def fresh(rows: dict[str, Any]) -> tuple[Keys, Ordered]:
    keys, ordered = Keys(rows, "pk"), Ordered("g", "sk")  # a hash-only table's key; a GSI whose keys repeat
    for rkey, item in rows.items():
        keys.add(item, rkey)
        ordered.add(item, rkey)
    return keys, ordered


@pytest.mark.parametrize("seed", range(4))
def test_structures_kept_in_step_scan_as_built_afresh(seed: int) -> None:
    rng = random.Random(seed)
    rows: dict[str, Any] = {}
    keys, ordered = fresh(rows)
    for step in range(300):
        i = rng.randrange(40)
        item = {"pk": {"S": f"k{i}"}, "g": {"S": f"g{i % 7}"}, "sk": {"N": str(i % 5)}}
        rkey = row_key(TABLE, item)
        if rkey in rows:
            keys.remove(rows[rkey], rkey)
            ordered.remove(rows[rkey], rkey)
            del rows[rkey]
        else:
            keys.add(item, rkey)
            ordered.add(item, rkey)
            rows[rkey] = item
        if step % 7 == 0:  # the scan order is built now and then, and kept in step after
            list(keys.scan())
            list(ordered.scan())
        new_keys, new_ordered = fresh(rows)
        assert list(keys.scan()) == list(new_keys.scan())
        assert list(ordered.scan()) == list(new_ordered.scan())
        assert ordered.count == new_ordered.count == len(rows) and keys.count == len(rows)


def test_pages_and_segments_cover_everything_once() -> None:
    rows = {}
    for i in range(60):
        item = {"pk": {"S": f"k{i}"}, "g": {"S": f"g{i % 9}"}, "sk": {"N": str(i)}}
        rows[row_key(TABLE, item)] = item
    for structure in fresh(rows):
        everything = list(structure.scan())
        assert sorted(rkey for _, rkey in everything) == sorted(rows)
        segments = [pair for s in range(4) for pair in structure.scan(segment=s, total=4)]
        assert segments == everything
        for at in (0, 17, 59):
            rkey = everything[at][1]
            after = structure.entry(rows[rkey], rkey)
            assert list(structure.scan(after)) == everything[at + 1:]
        part, pair = structure.entry(rows["Sk3"], "Sk3")
        assert pair in structure.partition(part)
