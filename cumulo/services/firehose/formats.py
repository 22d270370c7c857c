"""How a batch becomes an object's bytes: format conversion, compression, the file extension.

- Compression as Firehose names it: GZIP, ZIP (one entry), Snappy (the framing
  format), HADOOP_SNAPPY (Hadoop's block format: big-endian uncompressed and
  compressed lengths before each raw Snappy block), or UNCOMPRESSED.
- Parquet: JSON records to a Parquet file through DuckDB (a real columnar writer;
  columns are inferred from the records, as no Glue catalog holds the schema here).
- ORC: the same records through Apache Arrow's ORC writer (pyarrow).
"""

from __future__ import annotations

import gzip
import io
import os
import tempfile
import zipfile
from typing import Any

import cramjam

HADOOP_BLOCK = 256 * 1024
EXTENSIONS = {"GZIP": ".gz", "ZIP": ".zip", "Snappy": ".snappy", "HADOOP_SNAPPY": ".hsnappy"}


def compress(data: bytes, fmt: str, entry_name: str = "data") -> bytes:
    if fmt == "GZIP":
        return gzip.compress(data)
    if fmt == "ZIP":
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(entry_name, data)
        return out.getvalue()
    if fmt == "Snappy":
        return bytes(cramjam.snappy.compress(data))
    if fmt == "HADOOP_SNAPPY":
        out = io.BytesIO()
        for start in range(0, len(data), HADOOP_BLOCK):
            block = data[start : start + HADOOP_BLOCK]
            packed = bytes(cramjam.snappy.compress_raw(block))
            out.write(len(block).to_bytes(4, "big") + len(packed).to_bytes(4, "big") + packed)
        return out.getvalue()
    return data


def output_format(config: dict[str, Any]) -> str | None:
    """"parquet" or "orc" when the destination converts records, else None."""
    conversion = config.get("DataFormatConversionConfiguration") or {}
    if not conversion.get("Enabled", bool(conversion)):
        return None
    serializer = (conversion.get("OutputFormatConfiguration") or {}).get("Serializer") or {}
    if "OrcSerDe" in serializer:
        return "orc"
    return "parquet" if "ParquetSerDe" in serializer else None


def extension(config: dict[str, Any]) -> str:
    if config.get("FileExtension"):
        return str(config["FileExtension"])
    converted = output_format(config)
    if converted:
        return f".{converted}"
    return EXTENSIONS.get(config.get("CompressionFormat") or "UNCOMPRESSED", "")


def to_parquet(records: list[bytes], config: dict[str, Any]) -> bytes:
    """JSON records (one object each) as one Parquet file."""
    import duckdb

    serde = ((config.get("DataFormatConversionConfiguration") or {}).get("OutputFormatConfiguration") or {}).get("Serializer", {}).get("ParquetSerDe") or {}
    codec = {"UNCOMPRESSED": "UNCOMPRESSED", "GZIP": "GZIP", "SNAPPY": "SNAPPY"}.get(serde.get("Compression", "SNAPPY"), "SNAPPY")
    with tempfile.TemporaryDirectory(prefix="cumulo-firehose-") as folder:
        source = os.path.join(folder, "records.json")
        target = os.path.join(folder, "out.parquet")
        with open(source, "wb") as f:
            for record in records:
                f.write(record.strip() + b"\n")
        connection = duckdb.connect()
        try:
            connection.execute(
                f"COPY (SELECT * FROM read_json_auto('{source}', format='newline_delimited')) TO '{target}' (FORMAT PARQUET, COMPRESSION {codec})"
            )
        finally:
            connection.close()
        with open(target, "rb") as f:
            return f.read()


def to_orc(records: list[bytes], config: dict[str, Any]) -> bytes:
    """JSON records (one object each) as one ORC file."""
    import json

    import pyarrow
    import pyarrow.orc

    serde = ((config.get("DataFormatConversionConfiguration") or {}).get("OutputFormatConfiguration") or {}).get("Serializer", {}).get("OrcSerDe") or {}
    codec = {"NONE": "UNCOMPRESSED", "ZLIB": "ZLIB", "SNAPPY": "SNAPPY"}.get(serde.get("Compression", "SNAPPY"), "SNAPPY")
    table = pyarrow.Table.from_pylist([json.loads(r) for r in records])
    out = io.BytesIO()
    pyarrow.orc.write_table(table, out, compression=codec)
    return out.getvalue()
