"""Bad paging tokens answer InvalidNextToken where the operation declares it, ValidationException elsewhere."""

from __future__ import annotations

import functools
import inspect
from typing import Any

from botocore import xform_name

from cumulo.core.errors import AwsError


def _declaring() -> set[str]:
    import botocore.session

    model = botocore.session.get_session().get_service_model("ssm")
    return {
        xform_name(op) for op in model.operation_names
        if any(e.name == "InvalidNextToken" for e in model.operation_model(op).error_shapes)
    }


def _converted(error: AwsError) -> AwsError:
    return AwsError("ValidationException", "The nextToken is not valid.", status=400) if error.code == "InvalidNextToken" else error


def wrap(namespace: dict[str, Any]) -> None:
    declaring = _declaring()
    for name, fn in list(namespace.items()):
        if name.startswith("_") or not inspect.isfunction(fn) or name in declaring or not fn.__module__.startswith("cumulo.services.ssm.api"):
            continue
        if inspect.iscoroutinefunction(fn):
            @functools.wraps(fn)
            async def async_handler(ctx: Any, req: Any, _fn: Any = fn) -> Any:
                try:
                    return await _fn(ctx, req)
                except AwsError as error:
                    raise _converted(error) from None

            namespace[name] = async_handler
        else:
            @functools.wraps(fn)
            def handler(ctx: Any, req: Any, _fn: Any = fn) -> Any:
                try:
                    return _fn(ctx, req)
                except AwsError as error:
                    raise _converted(error) from None

            namespace[name] = handler
