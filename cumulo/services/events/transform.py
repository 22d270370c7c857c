"""What a target receives: the event itself, `Input`, `InputPath`, or `InputTransformer`.

https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-transform-target-input.html
- `Input`: the given JSON text, as is.
- `InputPath`: the part of the event a JSONPath selects.
- `InputTransformer`: `InputPathsMap` names JSONPaths; `InputTemplate` uses
  them as `<name>`. A placeholder inside a JSON string of the template takes
  the value's text (a string without its quotes); outside one it takes the
  value's JSON. A path that selects nothing gives null (an empty string inside
  quotes). Predefined: `<aws.events.rule-arn>`, `<aws.events.rule-name>`,
  `<aws.events.event.ingestion-time>`, `<aws.events.event>` and
  `<aws.events.event.json>` (the whole event).

JSONPaths here are the dotted/bracketed subset EventBridge accepts:
`$`, `$.detail.a`, `$.detail['b-c']`, `$.resources[0]`, `$.detail.*`.
"""

from __future__ import annotations

import re
from typing import Any

import orjson

from cumulo.core.errors import ValidationError
from cumulo.engines.jsonpath import path_steps, select

_PLACEHOLDER = re.compile(r"<([A-Za-z0-9_.\-]+)>")
RESERVED = ("aws.events.rule-arn", "aws.events.rule-name", "aws.events.event.ingestion-time", "aws.events.event",
            "aws.events.event.json")


def check_target_input(target: dict[str, Any]) -> None:
    """PutTargets' checks of one target's input settings; ValidationError naming the problem."""
    given = [k for k in ("Input", "InputPath", "InputTransformer") if target.get(k) is not None]
    if len(given) > 1:
        raise ValidationError(message="Only one of Input, InputPath, or InputTransformer must be provided.")
    if target.get("Input") is not None:
        try:
            orjson.loads(target["Input"])
        except orjson.JSONDecodeError:
            raise ValidationError(message="Target Input is not valid JSON text.") from None
    if target.get("InputPath") is not None:
        try:
            path_steps(target["InputPath"])
        except ValueError as error:
            raise ValidationError(message=str(error)) from None
    transformer = target.get("InputTransformer")
    if transformer is not None:
        paths = transformer.get("InputPathsMap") or {}
        if len(paths) > 100:
            raise ValidationError(message="InputPathsMap can have at most 100 entries.")
        for name, path in paths.items():
            if name in RESERVED:
                raise ValidationError(message=f"Input transformer key {name} is reserved.")
            try:
                path_steps(path)
            except ValueError as error:
                raise ValidationError(message=str(error)) from None


def payload(target: dict[str, Any], event: dict[str, Any], rule_arn: str, rule_name: str) -> str:
    """The text the target receives for `event`."""
    if target.get("Input") is not None:
        return str(target["Input"])
    if target.get("InputPath") is not None:
        return orjson.dumps(select(event, target["InputPath"])).decode()
    transformer = target.get("InputTransformer")
    if transformer is not None:
        return render(transformer, event, rule_arn, rule_name)
    return orjson.dumps(event).decode()


def render(transformer: dict[str, Any], event: dict[str, Any], rule_arn: str, rule_name: str) -> str:
    template: str = transformer.get("InputTemplate", "")
    values: dict[str, Any] = {name: select(event, path) for name, path in (transformer.get("InputPathsMap") or {}).items()}
    values.setdefault("aws.events.rule-arn", rule_arn)
    values.setdefault("aws.events.rule-name", rule_name)
    values.setdefault("aws.events.event.ingestion-time", event.get("time"))
    values.setdefault("aws.events.event", event)
    values.setdefault("aws.events.event.json", event)
    quoted = _quoted_spans(template)
    out: list[str] = []
    last = 0
    for match in _PLACEHOLDER.finditer(template):
        name = match.group(1)
        if name not in values:
            continue
        out.append(template[last : match.start()])
        value = values[name]
        if any(a <= match.start() < b for a, b in quoted):
            text = value if isinstance(value, str) else "" if value is None else orjson.dumps(value).decode()
            out.append(orjson.dumps(text).decode()[1:-1])  # escaped for the string it sits in
        else:
            out.append(orjson.dumps(value).decode())
        last = match.end()
    out.append(template[last:])
    return "".join(out)


def _quoted_spans(template: str) -> list[tuple[int, int]]:
    """The [start, end) spans of the template inside JSON string quotes."""
    spans: list[tuple[int, int]] = []
    start: int | None = None
    escaped = False
    for i, char in enumerate(template):
        if start is not None and escaped:
            escaped = False
        elif start is not None and char == "\\":
            escaped = True
        elif char == '"':
            if start is None:
                start = i
            else:
                spans.append((start, i))
                start = None
    return spans
