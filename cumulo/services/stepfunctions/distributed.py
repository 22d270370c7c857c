"""Distributed Map: items read from S3 (`ItemReader`: a JSON array, JSON Lines or
CSV object, or a bucket listing), grouped by `ItemBatcher`, each run as a child
execution recorded under a Map run, with tolerated failures, and `ResultWriter`
exporting the children's results to S3 (or transforming them in place).

Child executions are stored like standard executions (ListExecutions with
`mapRunArn` lists them) and run on the event loop, at most MaxConcurrency at a
time. Not done yet: S3 inventory manifests, redriving a Map run.
"""

from __future__ import annotations

import asyncio
import csv
import io
import json
import uuid
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from cumulo import services
from cumulo.core.errors import AwsError
from cumulo.services.stepfunctions import common
from cumulo.services.stepfunctions.asl import paths
from cumulo.services.stepfunctions.asl.errors import StatesError
from cumulo.services.stepfunctions.models import Execution, MapRun

if TYPE_CHECKING:
    from cumulo.services.stepfunctions.interpreter import Run, Thread


def is_distributed(state: dict[str, Any]) -> bool:
    processor = state.get("ItemProcessor") or {}
    return bool((processor.get("ProcessorConfig") or {}).get("Mode") == "DISTRIBUTED")


async def _s3(run: Run, operation: str, request: dict[str, Any]) -> dict[str, Any]:
    try:
        return await services.call(run.runtime, "s3", operation, request, run.account, run.region)
    except AwsError as error:
        raise StatesError(f"S3.{error.code}" if error.code.endswith("Exception") else f"S3.{error.code}Exception",
                          error.message or error.code) from None


async def read_items(run: Run, reader: dict[str, Any], data: Any, context: Any) -> list[Any]:
    params = paths.template(reader.get("Parameters") or {}, data, context)
    resource = reader.get("Resource", "")
    config = reader.get("ReaderConfig") or {}
    if resource.endswith("s3:listObjectsV2"):
        items: list[Any] = []
        request = dict(params)
        while True:
            out = await _s3(run, "ListObjectsV2", request)
            items += [{"Key": o["Key"], "Size": o.get("Size", 0), "ETag": o.get("ETag", ""),
                       "LastModified": str(o.get("LastModified", "")), "StorageClass": o.get("StorageClass", "STANDARD")}
                      for o in out.get("Contents", [])]
            if not out.get("IsTruncated"):
                break
            request["ContinuationToken"] = out["NextContinuationToken"]
    elif resource.endswith("s3:getObject"):
        out = await _s3(run, "GetObject", params)
        body = out.get("Body", b"")
        if hasattr(body, "read"):
            body = body.read()
        if not isinstance(body, (bytes, bytearray)):
            body = bytes(body) if body is not None else b""
        text = bytes(body).decode()
        items = _parse(text, config)
    else:
        raise StatesError("States.Runtime", f"The ItemReader resource '{resource}' is not supported by cumulo")
    limit = config.get("MaxItems")
    return items[: int(limit)] if limit else items


def _parse(text: str, config: dict[str, Any]) -> list[Any]:
    kind = config.get("InputType", "JSON")
    if kind == "JSON":
        value = json.loads(text)
        if not isinstance(value, list):
            raise StatesError("States.ItemReaderFailed", "The JSON object must contain an array")
        return value
    if kind == "JSONL":
        return [json.loads(line) for line in text.splitlines() if line.strip()]
    if kind == "CSV":
        rows = list(csv.reader(io.StringIO(text), delimiter=config.get("CSVDelimiter", "COMMA") == "COMMA" and "," or "\t"))
        if config.get("CSVHeaderLocation", "FIRST_ROW") == "GIVEN":
            header = config.get("CSVHeaders") or []
        else:
            header, rows = (rows[0], rows[1:]) if rows else ([], [])
        return [dict(zip(header, row, strict=False)) for row in rows]
    raise StatesError("States.ItemReaderFailed", f"The InputType '{kind}' is not supported by cumulo")


def batches(items: list[Any], batcher: dict[str, Any] | None, data: Any, context: Any) -> list[Any]:
    if not batcher:
        return items
    size = int(batcher.get("MaxItemsPerBatch") or len(items) or 1)
    batch_input = paths.template(batcher["BatchInput"], data, context) if "BatchInput" in batcher else None
    out = []
    for i in range(0, len(items), size):
        entry: dict[str, Any] = {"Items": items[i:i + size]}
        if batch_input is not None:
            entry["BatchInput"] = batch_input
        out.append(entry)
    return out


async def run_map(run: Run, state: dict[str, Any], inputs: list[Any], context: dict[str, Any], thread: Thread,
                  data: Any = None) -> Any:
    """Run each input as a child execution of a new Map run; their outputs, in order, or
    what the state's ResultWriter makes of them."""
    from cumulo.services.stepfunctions.interpreter import Run as ChildRun

    scope = run.runtime.store.scope("stepfunctions", run.account, run.region)
    machine_name = run.ex.machine_arn.split(":")[6]
    label = f"{machine_name}/{state.get('Label') or context['State']['Name']}"
    ident = str(uuid.uuid4())
    partition = run.ex.arn.split(":")[1]
    map_run = MapRun(
        arn=f"arn:{partition}:states:{run.region}:{run.account}:mapRun:{label}:{ident}", execution_arn=run.ex.arn,
        machine_arn=f"arn:{partition}:states:{run.region}:{run.account}:stateMachine:{label}", start=run.runtime.clock.now(),
        max_concurrency=int(state.get("MaxConcurrency") or 0), tolerated_count=int(state.get("ToleratedFailureCount") or 0),
        tolerated_percentage=float(state.get("ToleratedFailurePercentage") or 0), total=len(inputs),
    )
    table = scope.table("mapruns")
    if not run.ex.express:
        table[map_run.arn] = map_run
    run.event(thread, "MapRunStarted", "mapRunStartedEventDetails", {"mapRunArn": map_run.arn})
    processor = dict(state["ItemProcessor"])
    processor.pop("ProcessorConfig", None)
    definition = json.dumps(processor)
    executions = common.executions(scope)
    limit = map_run.max_concurrency
    gate = asyncio.Semaphore(limit if limit > 0 else 1000)
    results: list[Any] = [None] * len(inputs)
    children: list[Execution | None] = [None] * len(inputs)

    async def child(index: int, value: Any) -> None:
        async with gate:
            name = f"{ident[:8]}-{index}"
            arn = f"arn:{partition}:states:{run.region}:{run.account}:execution:{label}:{name}"
            ex = Execution(arn=arn, machine_arn=map_run.machine_arn, name=name, definition=definition, role_arn=run.ex.role_arn,
                           input=json.dumps(value), start=run.runtime.clock.now(), express=run.ex.express)
            ex.map_run_arn = map_run.arn
            children[index] = ex
            if not run.ex.express:
                executions[arn] = ex
            map_run.running += 1
            touch = (lambda: executions.touch(arn)) if not run.ex.express else (lambda: None)
            await ChildRun(run.runtime, ex, run.account, run.region, touch).run()
            map_run.running -= 1
            if ex.status == "SUCCEEDED":
                map_run.succeeded += 1
                results[index] = json.loads(ex.output or "null")
            else:
                map_run.failed += 1
                results[index] = {"Error": ex.error, "Cause": ex.cause}
            if not run.ex.express:
                table.touch(map_run.arn)

    await asyncio.gather(*(child(i, v) for i, v in enumerate(inputs)))
    map_run.stop = run.runtime.clock.now()
    writer = state.get("ResultWriter")
    written = None
    if writer:
        written = await write_results(run, writer, map_run, [c for c in children if c is not None], data, context)
    tolerated = map_run.failed <= map_run.tolerated_count or (
        map_run.total and map_run.failed * 100.0 / map_run.total <= map_run.tolerated_percentage)
    if map_run.failed and not tolerated:
        map_run.status = "FAILED"
        cause = f"The number of failed items ({map_run.failed} of {map_run.total}) exceeds the tolerated failure threshold"
        run.event(thread, "MapRunFailed", "mapRunFailedEventDetails", {"error": "States.ExceedToleratedFailureThreshold", "cause": cause})
        if not run.ex.express:
            table.touch(map_run.arn)
        raise StatesError("States.ExceedToleratedFailureThreshold", cause)
    map_run.status = "SUCCEEDED"
    run.event(thread, "MapRunSucceeded")
    if not run.ex.express:
        table.touch(map_run.arn)
    return written if writer else results


# ---------------------------------------------------------------- ResultWriter


def _date(epoch: float | None) -> str | None:
    if epoch is None:
        return None
    return datetime.fromtimestamp(epoch, tz=timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _described(ex: Execution) -> dict[str, Any]:
    """A child execution as ResultWriter's files hold it (the NONE transformation)."""
    entry: dict[str, Any] = {
        "ExecutionArn": ex.arn, "Input": ex.input, "InputDetails": {"Included": True}, "Name": ex.name,
        "RedriveCount": ex.redrive_count, "StartDate": _date(ex.start), "StateMachineArn": ex.machine_arn,
        "Status": ex.status, "StopDate": _date(ex.stop),
    }
    if ex.status == "SUCCEEDED":
        entry |= {"Output": ex.output, "OutputDetails": {"Included": True}, "RedriveStatus": "NOT_REDRIVABLE",
                  "RedriveStatusReason": "Execution is SUCCEEDED and cannot be redriven"}
    else:
        entry |= {"Error": ex.error, "Cause": ex.cause, "RedriveStatus": "NOT_REDRIVABLE",
                  "RedriveStatusReason": "Execution is part of a Map run and is redriven with it"}
    return entry


def _transformed(children: list[Execution], how: str) -> list[Any]:
    """The results as WriterConfig's Transformation asks: NONE every child's description,
    COMPACT each one's output (or its error), FLATTEN those outputs with arrays spread."""
    if how == "NONE":
        return [_described(c) for c in children]
    outputs = [json.loads(c.output or "null") if c.status == "SUCCEEDED" else {"Error": c.error, "Cause": c.cause} for c in children]
    if how == "FLATTEN":
        return [item for out in outputs for item in (out if isinstance(out, list) else [out])]
    return outputs


async def write_results(run: Run, writer: dict[str, Any], map_run: MapRun, children: list[Execution], data: Any, context: Any) -> Any:
    """Export the Map run's results: to S3 (`Resource` s3:putObject) as
    `<Prefix>/<map run id>/{SUCCEEDED,FAILED,PENDING}_0.json` and a `manifest.json`, the
    state's output naming them; without a Resource, the transformed results themselves."""
    config = writer.get("WriterConfig") or {}
    how = config.get("Transformation", "NONE")
    if how not in ("NONE", "COMPACT", "FLATTEN"):
        raise StatesError("States.ResultWriterFailed", f"The Transformation '{how}' is not valid")
    if "Resource" not in writer:
        return _transformed(children, how if "Transformation" in config else "COMPACT")
    if not str(writer["Resource"]).endswith("s3:putObject"):
        raise StatesError("States.ResultWriterFailed", f"The ResultWriter resource '{writer['Resource']}' is not supported")
    params = paths.template(writer.get("Parameters") or writer.get("Arguments") or {}, data, context)
    bucket, prefix = params.get("Bucket"), str(params.get("Prefix") or "").strip("/")
    if not bucket:
        raise StatesError("States.ResultWriterFailed", "The ResultWriter needs a Bucket")
    folder = "/".join(p for p in (prefix, map_run.arn.rsplit(":", 1)[1]) if p)
    lines = config.get("OutputType", "JSON") == "JSONL"
    extension = "jsonl" if lines else "json"
    files: dict[str, list[dict[str, Any]]] = {"FAILED": [], "PENDING": [], "SUCCEEDED": []}
    for status in ("SUCCEEDED", "FAILED"):
        chosen = [c for c in children if (c.status == "SUCCEEDED") == (status == "SUCCEEDED")]
        if not chosen:
            continue
        entries = _transformed(chosen, how)
        body = ("\n".join(json.dumps(e) for e in entries) if lines else json.dumps(entries)).encode()
        key = f"{folder}/{status}_0.{extension}"
        await _s3(run, "PutObject", {"Bucket": bucket, "Key": key, "Body": body})
        files[status].append({"Key": key, "Size": len(body)})
    manifest = {"DestinationBucket": bucket, "MapRunArn": map_run.arn, "ResultFiles": files}
    key = f"{folder}/manifest.json"
    await _s3(run, "PutObject", {"Bucket": bucket, "Key": key, "Body": json.dumps(manifest).encode()})
    return {"MapRunArn": map_run.arn, "ResultWriterDetails": {"Bucket": bucket, "Key": key}}
