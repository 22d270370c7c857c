"""SearchVectors: the exact nearest-neighbour search of a vector index (`vectors.py`).

The SearchConditionExpression compares search-schema attributes with `=` only,
joined by AND, and must name the index's HASH attribute when it has one; the
items it admits are scored, the best TopK answered (as the index projects them,
then as ProjectionExpression asks).
"""

from __future__ import annotations

from typing import Any

from cumulo.core.context import RequestContext
from cumulo.core.errors import AwsError
from cumulo.services.dynamodb import engine, vectors
from cumulo.services.dynamodb.expressions import Resolver, matches, project

MAX_TOP_K = 100


def _bad(message: str) -> AwsError:
    return AwsError("ValidationException", message)


def _check_condition(tree: Any, definition: dict[str, Any]) -> set[str]:
    """The attributes an equality-only condition names; refuses anything else."""
    allowed = {e["AttributeName"] for e in definition.get("SearchSchema") or []}
    if tree[0] == "and":
        return _check_condition(tree[1], definition) | _check_condition(tree[2], definition)
    if tree[0] != "cmp" or tree[1] != "=":
        raise _bad("Invalid SearchConditionExpression: only the equality operator (=) joined by AND is supported")
    path = next((side[1] for side in tree[2:] if side[0] == "path"), None)
    if path is None or len(path) != 1 or path[0] not in allowed:
        raise _bad("Invalid SearchConditionExpression: only top-level attributes of the index's search schema can be used")
    return {path[0]}


def search_vectors(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    top_k = req["TopK"]
    if not 1 <= top_k <= MAX_TOP_K:
        raise _bad(f"1 validation error detected: Value '{top_k}' at 'topK' failed to satisfy constraint: "
                   f"Member must have value between 1 and {MAX_TOP_K}")
    resolver = Resolver(req.get("ExpressionAttributeNames"), req.get("ExpressionAttributeValues"))
    condition = resolver.condition("SearchConditionExpression", req["SearchConditionExpression"]) if req.get("SearchConditionExpression") else None
    projection = resolver.projection("ProjectionExpression", req["ProjectionExpression"]) if "ProjectionExpression" in req else None
    resolver.check_unused()
    table = engine.get_table(ctx, req["TableName"])
    definition = table.vector_indexes.get(req["IndexName"])
    if definition is None:
        raise AwsError("ResourceNotFoundException", f"Requested resource not found: Index: {req['IndexName']} not found")
    named = _check_condition(condition, definition) if condition is not None else set()
    for element in definition.get("SearchSchema") or []:
        if element["SearchSchemaElementType"] == "HASH" and element["AttributeName"] not in named:
            raise _bad(f"Invalid SearchConditionExpression: the HASH attribute {element['AttributeName']} of the search schema must be given")
    query = vectors.search_vector(req["SearchVector"], definition["Dimensions"])
    distance = definition["DistanceFunction"]
    scored = []
    for rkey, item in engine.data(ctx, table).rows.walk():
        vector = vectors.vector_of(item, definition)
        if vector is None or (condition is not None and not matches(condition, item)):
            continue
        score = vectors.score(distance, query, vector)
        if score is not None:
            scored.append((-score if distance == "DOT_PRODUCT" else score, rkey, score, item))
    scored.sort(key=lambda entry: (entry[0], entry[1]))
    results = []
    for _, _, score, item in scored[:top_k]:
        shown = vectors.projected(table, definition, item)
        results.append({"Item": project(projection, shown) if projection is not None else shown, "Score": score})
    out: dict[str, Any] = {"SearchResults": results}
    if req.get("ReturnConsumedCapacity") not in (None, "NONE"):
        out["ConsumedCapacity"] = {"VectorSearchRequestBytes": float(4 * definition["Dimensions"])}
    return out
