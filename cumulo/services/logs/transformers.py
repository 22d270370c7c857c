"""Log transformers: the processors that turn a raw message into a JSON document.

Implemented: parseJSON, parseKeyValue, addKeys, deleteKeys, renameKeys, copyValue,
moveKeys, lowerCaseString, upperCaseString, trimString, splitString,
substituteString, typeConverter, csv. Others (the managed parsers, grok,
dateTimeConverter, listToMap, parseToOCSF) are accepted and pass the document on.
"""

from __future__ import annotations

import csv as csvlib
import re
from typing import Any

import orjson

from cumulo.core.errors import AwsError

MAX_PROCESSORS = 20
_CONVERT: dict[str, Any] = {"integer": int, "double": float, "string": str, "boolean": lambda v: str(v).lower() == "true"}


def check(config: list[dict[str, Any]]) -> None:
    if not config or len(config) > MAX_PROCESSORS:
        raise AwsError("InvalidParameterException", f"A transformer has between 1 and {MAX_PROCESSORS} processors.", status=400)
    for processor in config:
        if len([k for k, v in processor.items() if v is not None]) != 1:
            raise AwsError("InvalidParameterException", "Each processor must set exactly one processor type.", status=400)


def _path(doc: dict[str, Any], key: str) -> tuple[dict[str, Any], str]:
    *parents, last = key.split(".")
    for p in parents:
        doc = doc.setdefault(p, {}) if isinstance(doc.get(p, {}), dict) else {}
    return doc, last


def apply(config: list[dict[str, Any]], message: str) -> str:
    doc: dict[str, Any] = {}
    for processor in config:
        (kind, opts), = [(k, v) for k, v in processor.items() if v is not None]
        opts = opts or {}
        source = opts.get("source", "@message")
        raw: str = message if source == "@message" else str(doc.get(source, ""))
        if kind == "parseJSON":
            try:
                parsed = orjson.loads(raw)
            except orjson.JSONDecodeError:
                continue
            if isinstance(parsed, dict):
                target = opts.get("destination")
                if target:
                    doc[target] = parsed
                else:
                    doc.update(parsed)
        elif kind == "parseKeyValue":
            fd, kd = opts.get("fieldDelimiter", "&"), opts.get("keyValueDelimiter", "=")
            prefix = opts.get("keyPrefix", "")
            for pair in raw.split(fd):
                if kd in pair:
                    k, v = pair.split(kd, 1)
                    doc[prefix + k.strip()] = v.strip()
        elif kind == "csv":
            cols = opts.get("columns") or []
            row = next(csvlib.reader([raw], delimiter=opts.get("delimiter", ","), quotechar=opts.get("quoteCharacter", '"')), [])
            for i, value in enumerate(row):
                doc[cols[i] if i < len(cols) else f"column_{i + 1}"] = value
        elif kind == "addKeys":
            for e in opts.get("entries", []):
                if e["key"] not in doc or e.get("overwriteIfExists"):
                    parent, last = _path(doc, e["key"])
                    parent[last] = e["value"]
        elif kind == "deleteKeys":
            for k in opts.get("withKeys", []):
                doc.pop(k, None)
        elif kind in ("renameKeys", "moveKeys", "copyValue"):
            for e in opts.get("entries", []):
                src, dst = e.get("key") or e.get("source"), e.get("renameTo") or e.get("target")
                if src in doc and (dst not in doc or e.get("overwriteIfExists")):
                    doc[dst] = doc[src] if kind == "copyValue" else doc.pop(src)
        elif kind in ("lowerCaseString", "upperCaseString", "trimString"):
            for k in opts.get("withKeys", []):
                if isinstance(doc.get(k), str):
                    doc[k] = doc[k].lower() if kind == "lowerCaseString" else doc[k].upper() if kind == "upperCaseString" else doc[k].strip()
        elif kind == "splitString":
            for e in opts.get("entries", []):
                if isinstance(doc.get(e["source"]), str):
                    doc[e["source"]] = doc[e["source"]].split(e["delimiter"])
        elif kind == "substituteString":
            for e in opts.get("entries", []):
                if isinstance(doc.get(e["source"]), str):
                    doc[e["source"]] = re.sub(e["from"], e["to"], doc[e["source"]])
        elif kind == "typeConverter":
            for e in opts.get("entries", []):
                current = doc.get(e["key"])
                try:
                    doc[e["key"]] = _CONVERT[e["type"]](current)
                except (KeyError, TypeError, ValueError):
                    pass
    return orjson.dumps(doc).decode()
