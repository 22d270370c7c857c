"""Vector indexes: the definitions CreateTable/UpdateTable take, their
descriptions, and the exact nearest-neighbour search SearchVectors runs.

https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_SearchVectors.html

Invariants
- A vector index is data on its table (`Table.vector_indexes`, name -> the
  definition as given); it holds no structure of its own: an item is in the
  index while its vector attribute is a list of exactly `Dimensions` numbers,
  so every write keeps it current with no work.
- A search is exact: every indexed item (those the search condition admits) is
  scored, then the best `TopK` are answered, ties broken by primary key order.
  COSINE and EUCLIDEAN scores are distances (smaller is closer, COSINE from 0
  to 2), DOT_PRODUCT a similarity (larger is closer), as AWS documents.
- Search vectors are 32-bit floats: values are rounded through float32.
"""

from __future__ import annotations

import math
import struct
from typing import Any

from cumulo.core.errors import AwsError
from cumulo.services.dynamodb import values as v
from cumulo.services.dynamodb.models import Table

DISTANCES = ("COSINE", "DOT_PRODUCT", "EUCLIDEAN")
MAX_DIMENSIONS = 4096
INVALID = "One or more parameter values were invalid: "


def _bad(message: str) -> AwsError:
    return AwsError("ValidationException", message)


def check_definition(table: Table, spec: dict[str, Any]) -> dict[str, Any]:
    """A VectorIndex (or CreateVectorIndexAction) as stored, once checked."""
    name = spec["IndexName"]
    if name in table.vector_indexes or name in table.gsis or name in table.lsis:
        raise _bad(INVALID + f"Index with name: {name} already exists")
    if spec.get("DistanceFunction") not in DISTANCES:
        raise _bad(f"1 validation error detected: Value '{spec.get('DistanceFunction')}' at 'distanceFunction' failed to satisfy "
                   f"constraint: Member must satisfy enum value set: [{', '.join(DISTANCES)}]")
    dimensions = spec.get("Dimensions")
    if not isinstance(dimensions, int) or not 1 <= dimensions <= MAX_DIMENSIONS:
        raise _bad(INVALID + f"Dimensions must be between 1 and {MAX_DIMENSIONS} for vector index: {name}")
    schema = spec.get("SearchSchema") or []
    hashes = [e for e in schema if e.get("SearchSchemaElementType") == "HASH"]
    if len(hashes) > 1:
        raise _bad(INVALID + f"A vector index can have at most one HASH search schema element: {name}")
    vector = spec["VectorAttribute"]["AttributeName"]
    if vector in table.key_names():
        raise _bad(INVALID + f"The vector attribute cannot be a key attribute of the table: {vector}")
    return {k: spec[k] for k in ("IndexName", "VectorAttribute", "SearchSchema", "Projection", "Dimensions", "DistanceFunction") if k in spec}


def vector_of(item: v.Item, definition: dict[str, Any]) -> list[float] | None:
    """The item's vector for this index, or None when the item is not in it."""
    value = item.get(definition["VectorAttribute"]["AttributeName"])
    if value is None or "L" not in value or len(value["L"]) != definition["Dimensions"]:
        return None
    try:
        return [float(element["N"]) for element in value["L"]]
    except (KeyError, ValueError):
        return None


def describe(table: Table, items: Any) -> list[dict[str, Any]]:
    """VectorIndexDescription of each index, counting the items it holds."""
    out = []
    for name, definition in table.vector_indexes.items():
        held = [vector for vector in (vector_of(item, definition) for item in items) if vector is not None]
        out.append({**definition, "IndexStatus": "ACTIVE", "Backfilling": False, "ItemCount": len(held),
                    "IndexSizeBytes": 4 * definition["Dimensions"] * len(held), "IndexArn": f"{table.arn}/index/{name}"})
    return out


def search_vector(raw: list[Any], dimensions: int) -> list[float]:
    if len(raw) != dimensions:
        raise _bad(INVALID + f"The search vector has {len(raw)} dimensions; the index has {dimensions}")
    try:
        numbers = [float(v.clean(element)["N"]) for element in raw]
    except (KeyError, TypeError):
        raise _bad(INVALID + "Each element of SearchVector must be a number") from None
    return [struct.unpack("f", struct.pack("f", x))[0] for x in numbers]  # float32, as AWS reads them


def score(distance: str, query: list[float], vector: list[float]) -> float | None:
    """The score of one vector (None: not comparable, a zero vector under COSINE)."""
    if distance == "DOT_PRODUCT":
        return math.fsum(a * b for a, b in zip(query, vector))
    if distance == "EUCLIDEAN":
        return math.sqrt(math.fsum((a - b) ** 2 for a, b in zip(query, vector)))
    norms = math.sqrt(math.fsum(a * a for a in query)) * math.sqrt(math.fsum(b * b for b in vector))
    if norms == 0:
        return None
    return 1.0 - math.fsum(a * b for a, b in zip(query, vector)) / norms


def projected(table: Table, definition: dict[str, Any], item: v.Item) -> v.Item:
    """The item as the vector index holds it: its projection, the keys, the vector and the search schema."""
    projection = definition.get("Projection") or {}
    kind = projection.get("ProjectionType") or "ALL"
    if kind == "ALL":
        return item
    keep = {*table.key_names(), definition["VectorAttribute"]["AttributeName"], *(e["AttributeName"] for e in definition.get("SearchSchema") or [])}
    if kind == "INCLUDE":
        keep.update(projection.get("NonKeyAttributes") or [])
    return {k: x for k, x in item.items() if k in keep}
