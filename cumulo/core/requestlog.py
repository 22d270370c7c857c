"""The one log line per request, at info, without the logging module's per-record cost.

    line(logger, message)   the line `logger.info(message)` would write, written

`logging` spends ~25 µs on a record (LogRecord, caller lookup, locks, formatter,
strftime); the request line is written on every request at the default level, so
that was a quarter of a simple request's CPU. When the handling is the plain one
(`cumulo` sets it up: one StreamHandler on the root logger with a %-style format of
asctime, levelname, name and message, no filters), the line is formatted here with
the same text (the date part is formatted once a second) and written to the
handler's stream under its lock. Any other set-up (pytest's capture, a file handler
added by an embedder, a filter, a custom formatter) goes through `logger.info`
unchanged, so what is logged and where never depends on this shortcut.
"""

from __future__ import annotations

import logging
import re
import time
from typing import Any

_FIELDS = re.compile(r"%\((\w+)\)")
_PLAIN = frozenset({"asctime", "levelname", "name", "message"})


class _Plain:
    """The handler, stream and template of the plain set-up, as last checked."""

    __slots__ = ("handler", "formatter", "root_handlers", "template", "stream", "lock", "second", "stamp", "datefmt", "converter", "fields")

    def __init__(self) -> None:
        self.handler: Any = None
        self.formatter: Any = None
        self.root_handlers: list[Any] | None = None
        self.template = ""
        self.stream: Any = None
        self.lock: Any = None
        self.second = -1
        self.stamp = ""
        self.datefmt: str | None = None
        self.converter: Any = time.localtime
        self.fields: dict[str, str] = {}


_plain = _Plain()


def _inspect(logger: logging.Logger) -> bool:
    """Whether records of `logger` at INFO go only to one plain stream handler; caches it."""
    root = logging.getLogger()
    handlers = root.handlers
    _plain.root_handlers = None
    current: logging.Logger | None = logger
    while current is not None and current is not root:
        if current.handlers or current.filters or not current.propagate:
            return False
        current = current.parent  # type: ignore[assignment]
    if len(handlers) != 1 or root.filters:
        return False
    handler: Any = handlers[0]
    if type(handler) not in (logging.StreamHandler, logging.FileHandler) or handler.filters or handler.level > logging.INFO:
        return False
    formatter = handler.formatter
    if formatter is None or type(formatter) is not logging.Formatter or type(formatter._style) is not logging.PercentStyle:
        return False
    fmt = formatter._fmt or ""
    if not set(_FIELDS.findall(fmt)) <= _PLAIN or "%(" in _FIELDS.sub("", fmt):
        return False
    if formatter.default_time_format != logging.Formatter.default_time_format or formatter.default_msec_format != logging.Formatter.default_msec_format:
        return False
    _plain.handler, _plain.formatter, _plain.root_handlers = handler, formatter, handlers
    _plain.stream, _plain.lock = handler.stream, handler.lock
    _plain.datefmt, _plain.converter, _plain.second = formatter.datefmt, formatter.converter, -1
    _plain.template = fmt + handler.terminator
    _plain.fields = {"levelname": logging.getLevelName(logging.INFO), "name": logger.name}
    return True


def line(logger: logging.Logger, message: str) -> None:
    """`logger.info(message)`, the same text to the same place, when INFO is on for it."""
    if not logger.isEnabledFor(logging.INFO):
        return
    root_handlers: list[Any] = logging.root.handlers
    plain = _plain
    if (root_handlers is not plain.root_handlers or len(root_handlers) != 1 or root_handlers[0] is not plain.handler
            or plain.handler.formatter is not plain.formatter or plain.handler.stream is not plain.stream
            or plain.fields.get("name") != logger.name or logger.handlers) and not _inspect(logger):
        logger.info("%s", message, stacklevel=2)  # the caller, as a direct call would name
        return
    now = time.time()
    second = int(now)
    if second != plain.second:
        when = plain.converter(now)
        plain.stamp = time.strftime(plain.datefmt, when) if plain.datefmt else time.strftime(logging.Formatter.default_time_format, when)
        plain.second = second
    stamp = plain.stamp if plain.datefmt else f"{plain.stamp},{int((now - second) * 1000):03d}"
    text = plain.template % {**plain.fields, "asctime": stamp, "message": message}
    with plain.lock:
        try:
            plain.stream.write(text)
            plain.stream.flush()
        except Exception:  # as StreamHandler.emit: a broken stream never fails a request
            plain.handler.handleError(logging.makeLogRecord({"msg": message, "levelno": logging.INFO, "name": logger.name}))
