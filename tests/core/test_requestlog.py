"""The request line written without the logging module reads exactly as logging writes it."""

from __future__ import annotations

import contextlib
import io
import logging
import re
import time

from cumulo.core import requestlog

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"  # the cli's


@contextlib.contextmanager
def plain_root():
    """The cli's set-up, in place of pytest's capture handlers for the test's body."""
    root = logging.getLogger()
    saved, level = root.handlers[:], root.level
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter(FORMAT))
    root.handlers[:] = [handler]
    root.setLevel(logging.INFO)
    try:
        yield stream, handler
    finally:
        root.handlers[:] = saved
        root.setLevel(level)


def test_same_line_as_logging(monkeypatch):
    log = logging.getLogger("cumulo.request")
    monkeypatch.setattr(time, "time", lambda: 1_700_000_000.25)
    with plain_root() as (stream, _):
        requestlog.line(log, "dynamodb GetItem 200 0.4ms 100%")
        assert requestlog._plain.handler is not None  # the shortcut was taken
        log.info("%s", "dynamodb GetItem 200 0.4ms 100%")
    fast, slow = stream.getvalue().splitlines()
    assert fast == slow
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,250 INFO cumulo.request: dynamodb GetItem 200 0.4ms 100%", fast)


def test_other_setups_go_through_logging(caplog):
    log = logging.getLogger("cumulo.request")
    with plain_root() as (stream, handler):
        handler.setFormatter(logging.Formatter("%(levelname)s %(funcName)s %(message)s"))
        requestlog.line(log, "sqs SendMessage 200 0.2ms")
        handler.setFormatter(logging.Formatter(FORMAT))
        requestlog.line(log, "dynamodb PutItem 200 0.2ms")
    # funcName is the logging module's (the caller): a format the shortcut cannot write went through logging.
    assert stream.getvalue().startswith("INFO test_other_setups_go_through_logging sqs SendMessage 200 0.2ms\n")
    assert stream.getvalue().endswith("INFO cumulo.request: dynamodb PutItem 200 0.2ms\n")
    with caplog.at_level(logging.INFO, logger="cumulo.request"):  # pytest's capture handlers
        requestlog.line(log, "s3 PutObject 200 0.3ms")
    assert [r.getMessage() for r in caplog.records][-1] == "s3 PutObject 200 0.3ms"


def test_nothing_below_info():
    with plain_root() as (stream, _):
        logging.getLogger().setLevel(logging.WARNING)
        requestlog.line(logging.getLogger("cumulo.request"), "sts GetCallerIdentity 200 0.1ms")
    assert stream.getvalue() == ""


def test_the_date_follows_the_clock(monkeypatch):
    log = logging.getLogger("cumulo.request")
    with plain_root() as (stream, _):
        for now in (1_700_000_000.999, 1_700_000_001.001, 1_700_086_400.5):
            monkeypatch.setattr(time, "time", lambda now=now: now)
            requestlog.line(log, "x")
            log.info("x")
    lines = stream.getvalue().splitlines()
    assert lines[0::2] == lines[1::2]
    assert len(set(lines)) == 3


def test_lines_to_stderr_are_gathered_in_order(capfd):
    """On the event loop, lines to the process's stderr are written together a moment
    later; another record written meanwhile comes after the lines before it."""
    import asyncio
    import sys

    log = logging.getLogger("cumulo.request")
    root = logging.getLogger()
    saved, level = root.handlers[:], root.level
    handler = logging.StreamHandler(sys.__stderr__)
    handler.setFormatter(logging.Formatter(FORMAT))
    root.handlers[:] = [handler]
    root.setLevel(logging.INFO)

    async def requests() -> None:
        requestlog.line(log, "dynamodb GetItem 200 0.1ms")
        requestlog.line(log, "dynamodb PutItem 200 0.1ms")
        assert requestlog._plain.pending  # gathered, not yet written
        logging.getLogger("cumulo").warning("something else")
        requestlog.line(log, "sqs SendMessage 200 0.1ms")
        await asyncio.sleep(requestlog.FLUSH_AFTER * 3)
        assert not requestlog._plain.pending  # written by the timer

    try:
        asyncio.run(requests())
    finally:
        root.handlers[:] = saved
        root.setLevel(level)
        handler.filters.clear()
    lines = [line.split(": ", 1)[1] for line in capfd.readouterr().err.splitlines() if ": " in line]
    assert lines == ["dynamodb GetItem 200 0.1ms", "dynamodb PutItem 200 0.1ms", "something else", "sqs SendMessage 200 0.1ms"]
