"""Amazon Cognito Identity: the handlers, one per operation, in model order.

A handler is named as botocore names the operation in snake_case and takes
`(ctx, req)`, `req` typed with `cumulo.generated.cognito_identity`. An operation
with no handler answers 501 NotImplemented.
"""

from __future__ import annotations
