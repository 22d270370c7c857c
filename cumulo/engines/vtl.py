"""API Gateway mapping templates: Velocity (VTL) through `airspeed`, with the variables
API Gateway gives a template and the Java methods templates call on them.

    render(template, body, params, context, stage_variables) -> str

- `$input.body`, `$input.json(path)`, `$input.path(path)`, `$input.params()`,
  `$input.params(name)` (path, then query string, then header, as AWS looks them up);
- `$util.escapeJavaScript/parseJson/urlEncode/urlDecode/base64Encode/base64Decode/toJson`;
- `$context.*`, `$stageVariables.*` (also `$stageVariables['name']`);
- `#set`, `#if/#elseif/#else`, `#foreach` (with `$foreach.hasNext`) are airspeed's.

Rendering follows Java's: `true`/`false`, a null reference renders empty, maps as
`{k=v}`. airspeed writes references with `str()`, so its reference writer and its
table of Java methods on Python types are extended here, once, at import.
https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-mapping-template-reference.html
"""

from __future__ import annotations

import base64
import json
import re
from functools import lru_cache
from typing import Any
from urllib.parse import quote, unquote_plus

import airspeed
import orjson

from cumulo.engines.jsonpath import select


class TemplateError(Exception):
    """A template that does not parse or fails as it runs (API Gateway answers 500)."""


def java_str(value: Any) -> str:
    if value is None:
        return ""
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, float) and value.is_integer():
        return str(value)
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}={java_str(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(java_str(v) for v in value) + "]"
    return str(value)


def _write_reference(self: Any, stream: Any, namespace: Any, loader: Any) -> None:
    value = None
    if self.expression is not None:
        value = self.expression.calculate(namespace, loader)
    if value is None and self.alternate is not None:
        value = self.alternate.calculate(namespace, loader)
    stream.write(java_str(value))


airspeed.FormalReference.evaluate_raw = _write_reference
_JAVA = airspeed.__additional_methods__
_JAVA[str].update({
    "toUpperCase": lambda s: s.upper(), "toLowerCase": lambda s: s.lower(), "trim": lambda s: s.strip(),
    "substring": lambda s, a, b=None: s[a:b], "indexOf": lambda s, sub: s.find(sub), "endsWith": lambda s, x: s.endswith(x),
    "isEmpty": lambda s: not s, "equals": lambda s, o: s == o, "split": lambda s, sep: re.split(sep, s),
    "replace": lambda s, a, b: s.replace(a, b), "toString": lambda s: s, "equalsIgnoreCase": lambda s, o: s.lower() == str(o).lower(),
    "charAt": lambda s, i: s[i], "lastIndexOf": lambda s, sub: s.rfind(sub),
})
_JAVA[list].update({"isEmpty": lambda lst: not lst, "toString": java_str})
_JAVA[dict].update({
    "get": lambda d, k: d.get(k), "containsKey": lambda d, k: k in d, "size": lambda d: len(d),
    "entrySet": lambda d: [{"key": k, "value": v} for k, v in d.items()], "values": lambda d: list(d.values()),
    "toString": java_str, "remove": lambda d, k: d.pop(k, None),
})
for _number in (int, float):
    _JAVA.setdefault(_number, {}).update({"toString": java_str, "intValue": int, "doubleValue": float})
_JAVA.setdefault(bool, {}).update({"toString": java_str, "booleanValue": bool})


@lru_cache(maxsize=512)
def _compiled(template: str) -> airspeed.Template:
    compiled = airspeed.Template(template)
    try:
        compiled.ensure_compiled()
    except airspeed.TemplateSyntaxError as error:
        raise TemplateError(str(error)) from None
    return compiled


def _parsed(body: str) -> Any:
    try:
        return orjson.loads(body) if body.strip() else {}
    except orjson.JSONDecodeError:
        return body


def _path(body: str, path: str) -> Any:
    value = _parsed(body)
    if path in ("$", ""):
        return value
    try:
        return select(value, path if path.startswith("$") else "$." + path)
    except ValueError:
        return None


class Input:
    """`$input`: the request (or integration response) body and the request's parameters."""

    def __init__(self, body: str, params: dict[str, dict[str, str]]) -> None:
        self.body = body
        self._params = params

    def json(self, path: str = "$") -> str:
        return orjson.dumps(_path(self.body, path)).decode()

    def path(self, path: str = "$") -> Any:
        return _path(self.body, path)

    def params(self, name: str | None = None) -> Any:
        if name is None:
            return self._params
        for where in ("path", "querystring", "header"):
            found = self._params.get(where, {})
            if name in found:
                return found[name]
            if where == "header":
                for key, value in found.items():
                    if key.lower() == name.lower():
                        return value
        return ""


class Util:
    """`$util`."""

    def escapeJavaScript(self, value: Any) -> str:  # noqa: N802 - AWS's names
        text = java_str(value)
        return json.dumps(text)[1:-1].replace("'", "\\'")

    def parseJson(self, value: str) -> Any:  # noqa: N802
        try:
            return orjson.loads(value)
        except orjson.JSONDecodeError:
            raise TemplateError(f"Unable to parse JSON: {value!r}") from None

    def toJson(self, value: Any) -> str:  # noqa: N802
        return orjson.dumps(value).decode()

    def urlEncode(self, value: Any) -> str:  # noqa: N802
        return quote(java_str(value), safe="*-._").replace("%20", "+")

    def urlDecode(self, value: Any) -> str:  # noqa: N802
        return unquote_plus(java_str(value))

    def base64Encode(self, value: Any) -> str:  # noqa: N802
        data = value if isinstance(value, bytes) else java_str(value).encode()
        return base64.b64encode(data).decode()

    def base64Decode(self, value: Any) -> str:  # noqa: N802
        return base64.b64decode(java_str(value)).decode("utf-8", "replace")


UTIL = Util()


def render(template: str, body: str, params: dict[str, dict[str, str]], context: dict[str, Any],
           stage_variables: dict[str, str], extra: dict[str, Any] | None = None) -> str:
    namespace: dict[str, Any] = {
        "input": Input(body, params),
        "util": UTIL,
        "context": context,
        "stageVariables": dict(stage_variables),
    }
    if extra:
        namespace.update(extra)
    try:
        return _compiled(template).merge(namespace)
    except TemplateError:
        raise
    except Exception as error:  # noqa: BLE001 - any failure inside a template is the template's
        raise TemplateError(str(error)) from None
