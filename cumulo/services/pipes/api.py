"""Amazon EventBridge Pipes: the handlers, one per operation, in model order.

A handler is named as botocore names the operation in snake_case and takes
`(ctx, req)`, `req` typed with `cumulo.generated.pipes`. An operation
with no handler answers 501 NotImplemented.
"""

from __future__ import annotations
