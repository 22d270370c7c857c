"""The one clock. Every timer in cumulo reads it, so a test can move time.

`now()` is wall-clock time plus an offset that `advance()`/`set()` change.
Listeners (the scheduler) are told when time jumps, so timed work that became
due runs at once instead of waiting for the real delay.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime, timezone


class Clock:
    __slots__ = ("offset", "_listeners")

    def __init__(self) -> None:
        self.offset = 0.0
        self._listeners: list[Callable[[], None]] = []

    def now(self) -> float:
        """Seconds since the epoch, as a float."""
        return time.time() + self.offset

    def now_ms(self) -> int:
        return int(self.now() * 1000)

    def utcnow(self) -> datetime:
        return datetime.fromtimestamp(self.now(), tz=timezone.utc)

    def advance(self, seconds: float) -> None:
        self.offset += seconds
        self._changed()

    def set(self, epoch_seconds: float) -> None:
        self.offset = epoch_seconds - time.time()
        self._changed()

    def reset(self) -> None:
        self.offset = 0.0
        self._changed()

    def on_change(self, listener: Callable[[], None]) -> None:
        self._listeners.append(listener)

    def _changed(self) -> None:
        for listener in self._listeners:
            listener()
