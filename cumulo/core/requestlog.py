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

To the process's own stderr (the server's default), lines written on the event loop are
gathered and written together at most `FLUSH_AFTER` seconds later, one write system
call for many requests instead of one each. Order is kept: the handler is given a
filter that writes the gathered lines before any other record it handles, and they are
written at exit too.
"""

from __future__ import annotations

import asyncio
import atexit
import logging
import re
import sys
import threading
import time
from typing import Any

_FIELDS = re.compile(r"%\((\w+)\)")
_PLAIN = frozenset({"asctime", "levelname", "name", "message"})
FLUSH_AFTER = 0.05  # seconds a request line may wait before it is written to stderr


class _Plain:
    """The handler, stream and template of the plain set-up, as last checked."""

    __slots__ = ("handler", "formatter", "root_handlers", "template", "stream", "lock", "second", "stamp", "datefmt", "converter", "fields", "gather", "pending", "flush_loop", "flush_thread")

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
        self.gather = False  # the stream is the process's stderr: lines wait in `pending`
        self.pending: list[str] = []
        self.flush_loop: Any = None  # the loop a write of `pending` is scheduled on, and its thread
        self.flush_thread = 0


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
    if (type(handler) not in (logging.StreamHandler, logging.FileHandler) or handler.level > logging.INFO
            or any(f is not _WRITE_FIRST for f in handler.filters)):
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
    _plain.gather = handler.stream is sys.__stderr__ and handler.stream is not None
    if _plain.gather and _WRITE_FIRST not in handler.filters:
        handler.addFilter(_WRITE_FIRST)
    return True


def write_pending() -> None:
    """Write the request lines still gathered (the timer, other records, exit)."""
    plain = _plain
    if not plain.pending:
        return
    with plain.lock:
        text = "".join(plain.pending)
        plain.pending.clear()
        try:
            plain.stream.write(text)
            plain.stream.flush()
        except Exception:  # as StreamHandler.emit: a broken stream fails no request
            pass


def _timer() -> None:
    _plain.flush_loop = None
    write_pending()


class _WriteFirst(logging.Filter):
    """On the plain handler while lines are gathered: any other record it handles is
    written after the request lines before it, as without gathering."""

    def filter(self, record: logging.LogRecord) -> bool:
        write_pending()
        return True


_WRITE_FIRST = _WriteFirst()
atexit.register(write_pending)


def line(logger: logging.Logger, message: str) -> None:
    """`logger.info(message)`, the same text to the same place, when INFO is on for it."""
    if not logger.isEnabledFor(logging.INFO):
        return
    root_handlers: list[Any] = logging.root.handlers
    plain = _plain
    if (root_handlers is not plain.root_handlers or len(root_handlers) != 1 or root_handlers[0] is not plain.handler
            or plain.handler.formatter is not plain.formatter or plain.handler.stream is not plain.stream
            or plain.fields.get("name") != logger.name or logger.handlers):
        write_pending()  # what was gathered goes where it was meant to, first
        if not _inspect(logger):
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
    if plain.gather:
        if plain.flush_loop is None or plain.flush_thread != threading.get_ident() or plain.flush_loop.is_closed():
            # No write scheduled from this thread's loop yet (asking for the running loop
            # costs a system call in 3.11, so it is asked once per gathering).
            try:
                loop = asyncio.get_running_loop()
            except RuntimeError:
                loop = None
            if loop is not None:
                plain.flush_loop, plain.flush_thread = loop, threading.get_ident()
                loop.call_later(FLUSH_AFTER, _timer)
        if plain.flush_loop is not None and plain.flush_thread == threading.get_ident():
            with plain.lock:
                plain.pending.append(text)
            return
        write_pending()
    with plain.lock:
        try:
            plain.stream.write(text)
            plain.stream.flush()
        except Exception:  # as StreamHandler.emit: a broken stream never fails a request
            plain.handler.handleError(logging.makeLogRecord({"msg": message, "levelno": logging.INFO, "name": logger.name}))
