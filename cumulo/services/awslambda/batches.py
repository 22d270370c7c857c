"""What every event source mapping does with a batch: invoke the function once, read its answer.

Shared by the SQS poller (`sources`) and the stream poller (`streams`):
- `invoke_batch` runs the mapping's function with `{"Records": [...]}` and
  records the mapping's `LastProcessingResult`; it answers None when the
  function could not run at all (gone, throttled, a runtime missing here).
- `batch_failures` reads a `ReportBatchItemFailures` answer
  (https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html#services-sqs-batchfailurereporting):
  null, `{}` or an empty list is full success; an empty, null or unknown
  `itemIdentifier` makes the whole batch a failure.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any
from uuid import uuid4

from cumulo.core.errors import AwsError
from cumulo.services.awslambda.invoking import find, run
from cumulo.services.awslambda.models import EventSourceMapping

if TYPE_CHECKING:
    from cumulo.core.runtime import Runtime
    from cumulo.runtimes import Outcome
    from cumulo.state import Table


async def invoke_batch(
    runtime: Runtime, table: Table, mapping: EventSourceMapping, records: list[dict[str, Any]], source: str, extra: dict[str, Any] | None = None
) -> Outcome | None:
    """Invoke the mapping's function with `records` (and `extra` members beside them:
    a tumbling window's state); None when it could not run."""
    found = find(runtime, mapping.function_arn)
    if found is None:
        set_result(runtime, table, mapping.uuid, "PROBLEM: Function not found")
        return None
    fn, version, _ = found
    payload = json.dumps({"Records": records, **(extra or {})}).encode()
    try:
        outcome = await run(runtime, fn, version, payload, request_id=str(uuid4()), invoked_arn=mapping.function_arn, kind="RequestResponse", source=source)
    except AwsError as error:
        set_result(runtime, table, mapping.uuid, f"PROBLEM: {error.code}")
        return None
    set_result(runtime, table, mapping.uuid, "PROBLEM: Function call failed" if outcome.failed else "OK")
    return outcome


def batch_failures(payload: bytes, ids: set[str]) -> set[str] | None:
    """The identifiers a `ReportBatchItemFailures` answer names; None when it fails the whole batch."""
    try:
        answer = json.loads(payload or b"null")
    except ValueError:
        return None
    if not isinstance(answer, dict) or not answer.get("batchItemFailures"):
        return set()  # null, {} or an empty list: everything succeeded
    failed = set()
    for item in answer["batchItemFailures"]:
        identifier = item.get("itemIdentifier") if isinstance(item, dict) else None
        if not identifier or identifier not in ids:
            return None
        failed.add(identifier)
    return failed


def set_result(runtime: Runtime, table: Table, uuid: str, text: str) -> None:
    """The mapping's `LastProcessingResult`, committed at once (background work has no request)."""
    mapping = table.get(uuid)
    if mapping is not None and mapping.last_result != text:
        mapping.last_result = text
        table.touch(uuid)
        runtime.store.commit()
