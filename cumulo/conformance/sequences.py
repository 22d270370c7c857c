"""Which operations create what another needs, read back what a writer wrote.

Sequence variants run an operation on a resource that exists: `setup_chain`
finds, from the model alone, the operations to run first, and `harvest`
collects the values they sent and got back, by member name, for the target
to use. Two rules find a creator for an operation:

1. by its noun: `GetQueueAttributes` -> noun `QueueAttributes` -> the longest
   prefix with a creator: `CreateQueue` (then `Put<Noun>`, `Send<Noun>` ...);
2. by each required member: `Bucket` or `TableName` or `QueueUrl` -> stem
   `Bucket`/`Table`/`Queue` -> `CreateBucket`/`CreateTable`/`CreateQueue`.

A creator's own needs are resolved the same way, first. A hints file may name
the chain outright (`"setup": {"DeleteMessage": ["CreateQueue", "SendMessage",
"ReceiveMessage"]}`) where the model cannot say it.

Round trips (`reader_for`) pair a writer (`CreateQueue`, `PutBucketTagging`)
with the reader of the same noun (`GetQueueAttributes`, `GetBucketTagging`).
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from botocore.model import ServiceModel

VERBS = (
    "Get", "Describe", "List", "Update", "Delete", "Put", "Create", "Tag", "Untag", "Set", "Add", "Remove",
    "Change", "Modify", "Start", "Stop", "Purge", "Send", "Receive", "Publish", "Register", "Deregister",
    "Enable", "Disable", "Attach", "Detach", "Associate", "Disassociate", "Invoke", "Head", "Restore",
    "Copy", "Upload", "Abort", "Complete", "Reset", "Cancel", "Publish", "Batch",
)
CREATOR_VERBS = ("Create", "Put", "Register", "Send", "Publish", "Add", "Start", "Upload")
WRITER_VERBS = ("Create", "Put", "Update", "Set", "Modify")
READER_FORMS = ("Get{}", "Describe{}", "Get{}Attributes", "Get{}Configuration", "Describe{}Attributes", "Head{}")
_STEM = re.compile(r"(Name|Url|Arn|Id|Identifier|Ref)$")
MAX_CHAIN = 4


def split_verb(operation: str) -> tuple[str, str]:
    for verb in sorted(VERBS, key=len, reverse=True):
        if operation.startswith(verb) and operation[len(verb) : len(verb) + 1].isupper():
            return verb, operation[len(verb) :]
    return "", operation


def _creator_of(model: ServiceModel, noun: str, exclude: set[str]) -> str | None:
    names = set(model.operation_names)
    for verb in CREATOR_VERBS:
        candidate = f"{verb}{noun}"
        if candidate in names and candidate not in exclude:
            return candidate
    return None


def _noun_creator(model: ServiceModel, operation: str, exclude: set[str]) -> str | None:
    """The creator of the longest CamelCase prefix of the operation's noun."""
    _, noun = split_verb(operation)
    words = re.findall(r"[A-Z][a-z0-9]*", noun)
    for end in range(len(words), 0, -1):
        found = _creator_of(model, "".join(words[:end]), exclude)
        if found:
            return found
    return None


def _required(model: ServiceModel, operation: str) -> list[str]:
    shape = model.operation_model(operation).input_shape
    return list(shape.required_members) if shape is not None else []


def _provides(model: ServiceModel, creator: str) -> set[str]:
    """Top-level member names a creator sends or answers with."""
    op = model.operation_model(creator)
    names: set[str] = set()
    for shape in (op.input_shape, op.output_shape):
        if shape is not None:
            names.update(shape.members)
    return names


def setup_chain(model: ServiceModel, operation: str, hinted: dict[str, list[str]] | None = None) -> list[str]:
    """The operations to run, in order, before `operation` so its resource exists."""
    if hinted and operation in hinted:
        return list(hinted[operation])
    chain: list[str] = []
    _resolve(model, operation, chain, {operation}, hinted or {})
    return chain


def _resolve(model: ServiceModel, operation: str, chain: list[str], visiting: set[str], hinted: dict[str, list[str]]) -> None:
    if len(chain) >= MAX_CHAIN:
        return
    needed = [m for m in _required(model, operation)]
    creators: list[str] = []
    by_noun = _noun_creator(model, operation, visiting | set(chain))
    if by_noun:
        creators.append(by_noun)
    for member in needed:
        if any(member in _provides(model, c) for c in creators + chain):
            continue
        stem = _STEM.sub("", member)
        found = _creator_of(model, stem, visiting | set(chain) | set(creators)) if stem else None
        if found and member in _provides(model, found):
            creators.append(found)
    for creator in creators:
        if creator in chain or creator in visiting:
            continue
        if creator in hinted:
            for step in hinted[creator]:
                if step not in chain:
                    chain.append(step)
        else:
            _resolve(model, creator, chain, visiting | {creator}, hinted)
        if creator not in chain:
            chain.append(creator)


def reader_for(model: ServiceModel, writer: str, readers: dict[str, dict[str, Any]] | None = None) -> tuple[str, dict[str, Any]] | None:
    """The operation that reads back what `writer` wrote, with any extra reader params."""
    if readers and writer in readers:
        entry = readers[writer]
        return entry["reader"], dict(entry.get("params", {}))
    verb, noun = split_verb(writer)
    if verb not in WRITER_VERBS:
        return None
    names = set(model.operation_names)
    for form in READER_FORMS:
        candidate = form.format(noun)
        if candidate in names and model.operation_model(candidate).output_shape is not None:
            return candidate, {}
    return None


def harvest(context: dict[str, Any], params: dict[str, Any], output: dict[str, Any]) -> None:
    """Remember what a setup step sent and got: top-level members (the latest wins),
    then scalars found deeper in the answer (the first found wins)."""
    for source in (params, output):
        for key, value in source.items():
            if key != "ResponseMetadata" and value is not None and not hasattr(value, "read"):
                context[key] = value
    _deep(context, output, 0)


def _deep(context: dict[str, Any], value: Any, depth: int) -> None:
    if depth > 4:
        return
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "ResponseMetadata":
                continue
            if isinstance(item, (str, int, float, datetime)) and not isinstance(item, bool):
                context.setdefault(key, item)
            else:
                _deep(context, item, depth + 1)
    elif isinstance(value, list) and value:
        _deep(context, value[0], depth + 1)


def find_member(value: Any, name: str, depth: int = 0) -> tuple[bool, Any]:
    """The first value of a member called `name` anywhere in a parsed answer."""
    if depth > 6:
        return False, None
    if isinstance(value, dict):
        if name in value:
            return True, value[name]
        items = list(value.values())
    elif isinstance(value, list):
        items = value
    else:
        return False, None
    for item in items:
        found, got = find_member(item, name, depth + 1)
        if found:
            return True, got
    return False, None


def same(sent: Any, got: Any) -> bool:
    """Whether a reader gave back what a writer sent: equal scalars, dicts and lists
    containing what was sent (servers add defaults), timestamps to the second."""
    if isinstance(sent, dict):
        return isinstance(got, dict) and all(k in got and same(v, got[k]) for k, v in sent.items())
    if isinstance(sent, list):
        return isinstance(got, list) and all(any(same(s, g) for g in got) for s in sent)
    if isinstance(sent, datetime):
        return isinstance(got, datetime) and abs((got - sent).total_seconds()) < 1
    if isinstance(sent, bool) or isinstance(got, bool):
        return sent == got or str(sent).lower() == str(got).lower()
    if isinstance(sent, (int, float)) and isinstance(got, str):
        return str(sent) == got  # query-style attribute maps answer numbers as strings
    return sent == got
