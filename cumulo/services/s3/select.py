"""S3 Select: SQL over one CSV, JSON or Parquet object, run by DuckDB.

https://docs.aws.amazon.com/AmazonS3/latest/userguide/selecting-content-from-objects.html

- The object is spilled to a temporary file (decompressed when GZIP/BZIP2) and
  exposed to DuckDB as the view `s3object`; the expression's `S3Object` /
  `S3Object[*]` names it. CSV fields are strings, as in S3 Select (compare with
  CAST). Without a header row (`FileHeaderInfo` NONE or IGNORE) the columns are
  `_1`, `_2`, ...; with USE they are the header's names.
- JSON input is read in Python first (`_json_records`): the FROM clause's path
  (`S3Object[*].people[*]`) is walked, each element reached is a record, and a
  record that is not an object is wrapped as `{"_1": value}`; the records go to
  DuckDB as JSON lines. A key a record lacks is left out of its JSON output
  (S3's MISSING), not written as null.
- Output is CSV (QuoteFields, delimiters) or JSON lines; a JSON record's keys
  are the source column names, or `_N` for computed columns, as S3 names them.
- `run()` checks the query before anything is sent (errors are plain HTTP
  errors), then `events()` streams `Records` events in ~64 KiB payloads,
  an optional `Progress`, then `Stats` and `End`.
"""

from __future__ import annotations

import bz2
import csv
import gzip
import io
import json
import os
import re
import shutil
import tempfile
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import duckdb

from cumulo.core.errors import AwsError

BATCH_ROWS = 1024
PAYLOAD_BYTES = 64 * 1024
_S3OBJECT = re.compile(r"\bs3object(\s*\[\s*\*\s*\])?", re.IGNORECASE)
# `S3Object` followed by a path of `[*]` and `.member` steps (a member may be quoted).
_S3OBJECT_PATH = re.compile(r'\bs3object((?:\s*\[\s*\*\s*\]|\s*\.\s*(?:\w+|"[^"]+"))*)', re.IGNORECASE)
_STEP = re.compile(r'\[\s*\*\s*\]|\.\s*(\w+|"[^"]+")')


@dataclass
class Query:
    connection: Any
    cursor: Any
    names: list[str]
    workdir: str
    scanned: int
    processed: int
    from_json: bool = False  # a null read from JSON is a key the record lacked: left out of JSON output


def _materialize(chunks: Iterator[bytes], compression: str, workdir: str) -> tuple[str, int, int]:
    """Write the object to a file DuckDB can read; (path, bytes scanned, bytes processed)."""
    raw = os.path.join(workdir, "object")
    scanned = 0
    with open(raw, "wb") as out:
        for chunk in chunks:
            out.write(chunk)
            scanned += len(chunk)
    if compression in ("", "NONE"):
        return raw, scanned, scanned
    plain = os.path.join(workdir, "plain")
    opener = gzip.open if compression == "GZIP" else bz2.open
    try:
        with opener(raw, "rb") as src, open(plain, "wb") as dst:
            shutil.copyfileobj(src, dst)
    except (OSError, EOFError) as error:
        raise AwsError("InvalidCompressionFormat", f"The file is not in a supported compression format: {error}", status=400) from None
    return plain, scanned, os.path.getsize(plain)


def _literal(value: str) -> str:
    """A SQL string literal (views take no prepared parameters)."""
    return "'" + value.replace("'", "''") + "'"


def _source_sql(path: str, spec: dict[str, Any]) -> str:
    if "CSV" in spec:
        csv_spec = spec["CSV"] or {}
        header = (csv_spec.get("FileHeaderInfo") or "NONE").upper()
        options = [
            "all_varchar=true",
            f"header={'true' if header in ('USE', 'IGNORE') else 'false'}",
            f"delim={_literal(csv_spec.get('FieldDelimiter') or ',')}",
            f"quote={_literal(csv_spec.get('QuoteCharacter') or chr(34))}",
            f"escape={_literal(csv_spec.get('QuoteEscapeCharacter') or chr(34))}",
        ]
        if csv_spec.get("Comments"):
            options.append(f"comment={_literal(csv_spec['Comments'])}")
        return f"read_csv({_literal(path)}, {', '.join(options)})"
    if "JSON" in spec:
        return f"read_json({_literal(path)}, format='newline_delimited')"
    if "Parquet" in spec:
        return f"read_parquet({_literal(path)})"
    raise AwsError("MissingRequiredParameter", "InputSerialization must specify CSV, JSON or Parquet", status=400)


def _documents(text: str) -> Iterator[Any]:
    """The JSON values of a text, one after another (a DOCUMENT may hold several; LINES one a line)."""
    decoder = json.JSONDecoder()
    position, end = 0, len(text)
    while True:
        while position < end and text[position].isspace():
            position += 1
        if position >= end:
            return
        value, position = decoder.raw_decode(text, position)
        yield value


def _walk(value: Any, steps: list[str | None]) -> Iterator[Any]:
    """The values a path reaches from one document: None is `[*]` (each element of an
    array), a name is a member (a document without it contributes nothing)."""
    if not steps:
        yield value
        return
    step, rest = steps[0], steps[1:]
    if step is None:
        if isinstance(value, list):
            for item in value:
                yield from _walk(item, rest)
        else:
            yield from _walk(value, rest)  # `[*]` of a single document is that document
    elif isinstance(value, dict) and step in value:
        yield from _walk(value[step], rest)


def _json_records(path: str, expression: str, workdir: str) -> tuple[str, str]:
    """The JSON object's records as JSON lines for DuckDB, and the expression with its
    FROM path replaced by the view's name (the path was walked here)."""
    match = _S3OBJECT_PATH.search(expression)
    steps: list[str | None] = []
    if match is not None:
        for step in _STEP.finditer(match.group(1)):
            name = step.group(1)
            steps.append(None if name is None else name.strip('"'))
        expression = expression[: match.start()] + "s3object" + expression[match.end():]
    if steps and steps[0] is None:
        steps = steps[1:]  # the leading `[*]` names the documents themselves
    out = os.path.join(workdir, "records.json")
    with open(path, encoding="utf-8") as src, open(out, "w", encoding="utf-8") as dst:
        try:
            for document in _documents(src.read()):
                for record in _walk(document, steps):
                    dst.write(json.dumps(record if isinstance(record, dict) else {"_1": record}) + "\n")
        except ValueError as error:
            raise AwsError("InvalidJsonType", f"The JSON object is not valid: {error}", status=400) from None
    return out, expression


def _positional(connection: Any, source: str) -> str:
    """The source with its columns renamed _1, _2, ... (CSV without a usable header)."""
    columns = [row[0] for row in connection.execute(f"DESCRIBE SELECT * FROM {source}").fetchall()]
    renamed = ", ".join(f'"{c}" AS _{i + 1}' for i, c in enumerate(columns))
    return f"(SELECT {renamed} FROM {source})"


def run(chunks: Iterator[bytes], req: dict[str, Any]) -> Query:
    if (req.get("ExpressionType") or "SQL") != "SQL":
        raise AwsError("InvalidExpressionType", "The ExpressionType is invalid. Only SQL expressions are supported.", status=400)
    spec = req.get("InputSerialization") or {}
    workdir = tempfile.mkdtemp(prefix="cumulo-select-")
    connection = duckdb.connect(":memory:")
    try:
        path, scanned, processed = _materialize(chunks, (spec.get("CompressionType") or "NONE").upper(), workdir)
        expression = req["Expression"]
        if "JSON" in spec:
            path, expression = _json_records(path, expression, workdir)
        source = _source_sql(path, spec)
        if "CSV" in spec and ((spec["CSV"] or {}).get("FileHeaderInfo") or "NONE").upper() != "USE":
            source = _positional(connection, source)
        connection.execute(f"CREATE TEMP VIEW s3object AS SELECT * FROM {source}")
        columns = {row[0].lower() for row in connection.execute("DESCRIBE s3object").fetchall()}
        cursor = connection.execute(_S3OBJECT.sub("s3object", expression))
        names = [d[0] if d[0].lower() in columns else f"_{i + 1}" for i, d in enumerate(cursor.description or [])]
        return Query(connection, cursor, names, workdir, scanned, processed, "JSON" in spec)
    except duckdb.ParserException as error:
        close(connection, workdir)
        raise AwsError("ParseUnexpectedToken", f"Unexpected token found in the SQL expression: {error}", status=400) from None
    except (duckdb.BinderException, duckdb.CatalogException) as error:
        close(connection, workdir)
        # A positional column past the last one, or a name the header row does not have.
        code = "InvalidColumnIndex" if re.search(r'column named "_\d+"', str(error)) else "MissingHeaders"
        raise AwsError(code, f"The SQL expression refers to a column the object does not have: {error}", status=400) from None
    except duckdb.Error as error:
        close(connection, workdir)
        raise AwsError("InvalidRequest" if "CSV" not in spec else "CSVParsingError", f"The object could not be queried: {error}", status=400) from None
    except BaseException:
        close(connection, workdir)
        raise


def close(connection: Any, workdir: str) -> None:
    connection.close()
    shutil.rmtree(workdir, ignore_errors=True)


def _jsonable(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return value


class _Writer:
    """Formats rows as the OutputSerialization asks."""

    def __init__(self, spec: dict[str, Any], names: list[str], omit_nulls: bool = False) -> None:
        self.names = names
        self.omit_nulls = omit_nulls
        self.json = "JSON" in spec
        if self.json:
            self.record_end = (spec["JSON"] or {}).get("RecordDelimiter") or "\n"
            return
        out = spec.get("CSV") or {}
        self.record_end = out.get("RecordDelimiter") or "\n"
        self.delimiter = out.get("FieldDelimiter") or ","
        self.quote = out.get("QuoteCharacter") or '"'
        self.escape = out.get("QuoteEscapeCharacter") or None
        self.always = (out.get("QuoteFields") or "ASNEEDED").upper() == "ALWAYS"

    def _record(self, row: tuple[Any, ...]) -> dict[str, Any]:
        return {name: _jsonable(value) for name, value in zip(self.names, row) if not (self.omit_nulls and value is None)}

    def rows(self, rows: list[tuple[Any, ...]]) -> bytes:
        if self.json:
            return "".join(json.dumps(self._record(row), separators=(",", ":")) + self.record_end for row in rows).encode()
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=self.delimiter, quotechar=self.quote, lineterminator=self.record_end,
                            quoting=csv.QUOTE_ALL if self.always else csv.QUOTE_MINIMAL,
                            escapechar=self.escape if self.escape != self.quote else None, doublequote=self.escape in (None, self.quote))
        for row in rows:
            writer.writerow(["" if v is None else _jsonable(v) for v in row])
        return buffer.getvalue().encode()


async def events(query: Query, req: dict[str, Any]) -> AsyncIterator[dict[str, Any]]:
    writer = _Writer(req.get("OutputSerialization") or {}, query.names, query.from_json)
    returned = 0
    pending = b""
    try:
        while True:
            rows = query.cursor.fetchmany(BATCH_ROWS)
            if not rows:
                break
            pending += writer.rows(rows)
            if len(pending) >= PAYLOAD_BYTES:
                returned += len(pending)
                yield {"Records": {"Payload": pending}}
                pending = b""
        if pending:
            returned += len(pending)
            yield {"Records": {"Payload": pending}}
    finally:
        close(query.connection, query.workdir)
    details = {"BytesScanned": query.scanned, "BytesProcessed": query.processed, "BytesReturned": returned}
    if (req.get("RequestProgress") or {}).get("Enabled"):
        yield {"Progress": {"Details": details}}
    yield {"Stats": {"Details": details}}
    yield {"End": {}}
