"""The one scheduler: timed and periodic work on the event loop, in cumulo-clock time.

Work is a plain callable (sync or async). `at(when, fn)` runs once when the
clock reaches `when`; `every(seconds, fn)` runs repeatedly. Nothing sleeps in a
thread: a single asyncio task sleeps until the earliest due item, and wakes at
once when work is added or the clock is moved, so moving the clock an hour
ahead runs an hour's due work immediately.

After each run the `after_run` hook is called (the runtime commits the store
there), so state changed by background work is persisted like a request's.
"""

from __future__ import annotations

import asyncio
import heapq
import inspect
import itertools
import logging
from collections.abc import Callable
from typing import Any

from cumulo.core.clock import Clock

log = logging.getLogger("cumulo.scheduler")


class Scheduler:
    def __init__(self, clock: Clock, after_run: Callable[[], None] | None = None) -> None:
        self.clock = clock
        self.after_run = after_run
        self._heap: list[tuple[float, int, Callable[[], Any], float | None]] = []
        self._seq = itertools.count()
        self._wake: asyncio.Event | None = None
        self._task: asyncio.Task[None] | None = None
        clock.on_change(self._clock_moved)

    def at(self, when: float, fn: Callable[[], Any]) -> None:
        """Run `fn` once the clock reaches `when` (epoch seconds)."""
        heapq.heappush(self._heap, (when, next(self._seq), fn, None))
        self._poke()

    def after(self, delay: float, fn: Callable[[], Any]) -> None:
        self.at(self.clock.now() + delay, fn)

    def every(self, seconds: float, fn: Callable[[], Any]) -> None:
        heapq.heappush(self._heap, (self.clock.now() + seconds, next(self._seq), fn, seconds))
        self._poke()

    def start(self) -> None:
        if self._task is None:
            self._wake = asyncio.Event()
            self._task = asyncio.get_running_loop().create_task(self._run(), name="cumulo-scheduler")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            try:
                await self._task
            except asyncio.CancelledError:
                pass
            self._task = None

    def _clock_moved(self) -> None:
        # Periodic work keeps its period whichever way time jumped: after a jump
        # back (a test resetting the clock), work due an hour "later" would
        # otherwise not run for an hour.
        now = self.clock.now()
        self._heap = [
            (min(when, now + period) if period is not None else when, seq, fn, period)
            for when, seq, fn, period in self._heap
        ]
        heapq.heapify(self._heap)
        self._poke()

    def _poke(self) -> None:
        if self._wake is not None:
            self._wake.set()

    async def run_due(self) -> int:
        """Run everything due now; returns how many items ran."""
        ran = 0
        now = self.clock.now()
        while self._heap and self._heap[0][0] <= now:
            _, _, fn, period = heapq.heappop(self._heap)
            if period is not None:
                heapq.heappush(self._heap, (now + period, next(self._seq), fn, period))
            try:
                result = fn()
                if inspect.isawaitable(result):
                    await result
            except Exception:
                log.exception("scheduled work %r failed", fn)
            ran += 1
        if ran and self.after_run is not None:
            self.after_run()
        return ran

    async def _run(self) -> None:
        assert self._wake is not None
        while True:
            await self.run_due()
            self._wake.clear()
            timeout = None
            if self._heap:
                timeout = max(0.0, self._heap[0][0] - self.clock.now())
            try:
                await asyncio.wait_for(self._wake.wait(), timeout)
            except TimeoutError:
                pass
