"""cumulo: a local AWS cloud emulator. Every service on one port, real behaviour.

For suites that are not pytest: `with cumulo.serve() as endpoint: ...` and `cumulo.reset()`
(cumulo.compat.library); the server modules load only when they are called.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from contextlib import AbstractContextManager

__version__ = "0.1.0"


def serve(*, set_env: bool = False, **settings: Any) -> AbstractContextManager[str]:
    """An in-process cumulo server on a free port for the `with` block; yields its URL."""
    from cumulo.compat.library import serve as serve_

    return serve_(set_env=set_env, **settings)


def reset(endpoint: str | None = None) -> None:
    """Clear all state of the server `serve()` started (or the one at `endpoint`)."""
    from cumulo.compat.library import reset as reset_

    reset_(endpoint)
