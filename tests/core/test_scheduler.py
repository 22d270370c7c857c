"""The clock and the scheduler: timed work runs in cumulo-clock time, at once when time jumps."""

from __future__ import annotations

import asyncio

from cumulo.core.clock import Clock
from cumulo.core.scheduler import Scheduler
from cumulo.core.signals import Signals


def test_clock_moves_and_resets() -> None:
    clock = Clock()
    t = clock.now()
    clock.advance(3600)
    assert clock.now() - t >= 3600
    clock.set(0)
    assert clock.now() < 1
    clock.reset()
    assert abs(clock.now() - t) < 5


def test_work_runs_when_the_clock_reaches_it() -> None:
    async def main() -> list[str]:
        clock, ran, commits = Clock(), [], []
        scheduler = Scheduler(clock, after_run=lambda: commits.append(1))
        scheduler.start()
        scheduler.after(3600, lambda: ran.append("hour"))
        scheduler.after(0, lambda: ran.append("now"))
        await asyncio.sleep(0.05)
        assert ran == ["now"] and commits
        clock.advance(3600)  # no real waiting: the jump wakes the scheduler
        await asyncio.sleep(0.05)
        await scheduler.stop()
        return ran

    assert asyncio.run(main()) == ["now", "hour"]


def test_periodic_and_async_work_and_failures_do_not_stop_it() -> None:
    async def main() -> int:
        clock, count = Clock(), [0]
        scheduler = Scheduler(clock)

        async def tick() -> None:
            count[0] += 1

        def broken() -> None:
            raise RuntimeError("a failing task is logged, not fatal")

        scheduler.every(10, tick)
        scheduler.every(10, broken)
        for _ in range(3):
            clock.advance(10)
            await scheduler.run_due()
        return count[0]

    assert asyncio.run(main()) == 3


def test_signals_wake_waiters_and_time_out() -> None:
    async def main() -> tuple[bool, bool]:
        signals = Signals()
        waiter = asyncio.create_task(signals.wait("queue-a", 5))
        await asyncio.sleep(0)
        signals.notify("queue-a")
        woken = await waiter
        timed_out = await signals.wait("queue-b", 0.01)
        return woken, timed_out

    assert asyncio.run(main()) == (True, False)


def test_periodic_work_survives_the_clock_moving_back() -> None:
    async def main() -> int:
        clock, count = Clock(), [0]
        scheduler = Scheduler(clock)
        clock.advance(86400)
        scheduler.every(10, lambda: count.__setitem__(0, count[0] + 1))
        clock.reset()  # a day back: the next run is still at most one period away
        clock.advance(10)
        await scheduler.run_due()
        return count[0]

    assert asyncio.run(main()) == 1
