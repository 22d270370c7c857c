"""JSONata as ASL uses it: `{% expression %}` strings anywhere in Arguments,
Output, Assign, Items, Condition, Seconds, Timestamp, Error, Cause, with
`$states` (input, result, errorOutput, context) and the workflow's variables
bound. Expressions are evaluated by jsonata-python, compiled once each."""

from __future__ import annotations

import json
import random
import uuid
from functools import lru_cache
from typing import Any

import jsonata as _jsonata  # type: ignore[import-untyped]

from cumulo.services.stepfunctions.asl import intrinsics
from cumulo.services.stepfunctions.asl.errors import StatesError


def is_expression(value: Any) -> bool:
    return isinstance(value, str) and value.startswith("{%") and value.endswith("%}")


def _random(seed: Any = None) -> float:
    return (random.Random(seed) if seed is not None else random).random()


# The functions Step Functions adds to JSONata, beside the standard library.
EXTRA: dict[str, Any] = {
    "partition": lambda array, size: intrinsics.FUNCTIONS["States.ArrayPartition"](array, size),
    "range": lambda start, end, step: intrinsics.FUNCTIONS["States.ArrayRange"](start, end, step),
    "hash": lambda data, algorithm: intrinsics.FUNCTIONS["States.Hash"](data, algorithm),
    "random": _random,
    "uuid": lambda: str(uuid.uuid4()),
    "parse": lambda text: json.loads(text),
}


@lru_cache(maxsize=2048)
def compiled(text: str) -> Any:
    try:
        expr = _jsonata.Jsonata(text)
    except Exception as error:  # jsonata-python raises JException (an Exception) for syntax errors
        raise ValueError(f"invalid JSONata expression {text!r}: {error}") from None
    for name, fn in EXTRA.items():
        expr.register_lambda(name, fn)
    return expr


def check(value: Any) -> list[str]:
    """The syntax errors of every expression inside `value`."""
    if is_expression(value):
        try:
            compiled(value[2:-2].strip())
        except ValueError as error:
            return [str(error)]
        return []
    if isinstance(value, dict):
        return [e for v in value.values() for e in check(v)]
    if isinstance(value, list):
        return [e for v in value for e in check(v)]
    return []


def evaluate(value: Any, bindings: dict[str, Any]) -> Any:
    """`value` with every `{% %}` string replaced by its expression's value."""
    if is_expression(value):
        text = value[2:-2].strip()
        try:
            expr = compiled(text)
        except ValueError as error:
            raise StatesError("States.QueryEvaluationError", str(error)) from None
        try:
            return expr.evaluate(None, bindings)
        except Exception as error:  # an evaluation error of the expression, not of cumulo
            raise StatesError("States.QueryEvaluationError", f"An error occurred while evaluating the expression {value!r}: {error}") from None
    if isinstance(value, dict):
        return {k: evaluate(v, bindings) for k, v in value.items()}
    if isinstance(value, list):
        return [evaluate(v, bindings) for v in value]
    return value
