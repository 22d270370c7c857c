"""Errors an execution raises and states catch, named as AWS names them (`States.*`)."""

from __future__ import annotations


class StatesError(Exception):
    """A runtime error of the state machine: `error` is what Retry/Catch match."""

    def __init__(self, error: str, cause: str = "") -> None:
        super().__init__(f"{error}: {cause}")
        self.error, self.cause = error, cause


def runtime(cause: str) -> StatesError:
    return StatesError("States.Runtime", cause)


def intrinsic_failure(cause: str) -> StatesError:
    return StatesError("States.IntrinsicFailure", cause)
