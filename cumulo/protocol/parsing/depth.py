"""How deeply a request body nests, measured before anything recurses over it.

The decoders, validation and handlers walk a body recursively; a body nested
thousands of levels deep (`[[[[...`) would exhaust Python's stack there (or in
msgspec, which recurses too) and surface as a 500. Every body parser refuses
nesting deeper than `MAX_DEPTH` first, with its protocol's own error
(`SerializationException` for JSON and CBOR, `MalformedXML` for XML).

Cheap for ordinary bodies: a body with fewer opening brackets (bytes, tags) than
the limit cannot exceed it, which a C-speed `count` tells; only the rest are scanned.
"""

from __future__ import annotations

import re
from typing import Any
from xml.etree import ElementTree

# Deep enough for any document AWS takes (DynamoDB's 32 levels of attribute values are
# 64 JSON levels), shallow enough that every recursive walk after parsing stays far
# inside Python's recursion limit.
MAX_DEPTH = 128

_JSON_TOKENS = re.compile(rb'"(?:[^"\\]|\\.)*"|[\[\]{}]', re.S)


def json_too_deep(body: bytes) -> bool:
    """Whether the JSON text nests arrays and objects deeper than `MAX_DEPTH` (strings skipped)."""
    if body.count(b"[") + body.count(b"{") <= MAX_DEPTH:
        return False
    depth = 0
    for token in _JSON_TOKENS.finditer(body):
        char = token.group()[0]
        if char in b"[{":
            depth += 1
            if depth > MAX_DEPTH:
                return True
        elif char in b"]}":
            depth -= 1
    return False


def value_too_deep(value: Any, size: int) -> bool:
    """Whether a decoded value (CBOR: dicts and lists) nests deeper than `MAX_DEPTH`;
    `size` is the encoded length, which bounds the depth (a level costs a byte at least)."""
    if size <= MAX_DEPTH:
        return False
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if depth > MAX_DEPTH:
            return True
        if isinstance(item, dict):
            stack.extend((v, depth + 1) for v in item.values() if isinstance(v, (dict, list)))
        elif isinstance(item, list):
            stack.extend((v, depth + 1) for v in item if isinstance(v, (dict, list)))
    return False


def xml_too_deep(body: bytes, root: ElementTree.Element) -> bool:
    """Whether a parsed XML document nests elements deeper than `MAX_DEPTH`."""
    if body.count(b"<") <= MAX_DEPTH:
        return False
    stack = [(root, 1)]
    while stack:
        element, depth = stack.pop()
        if depth > MAX_DEPTH:
            return True
        stack.extend((child, depth + 1) for child in element)
    return False
