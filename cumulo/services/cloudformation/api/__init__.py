"""AWS CloudFormation: the handlers, one per operation, split by noun. A handler is
named as botocore names the operation in snake_case and takes `(ctx, req)`, `req`
typed with `cumulo.generated.cloudformation`."""

from cumulo.services.cloudformation.api.stacks import *  # noqa: F403
from cumulo.services.cloudformation.api.templates import *  # noqa: F403
from cumulo.services.cloudformation.api.changesets import *  # noqa: F403
from cumulo.services.cloudformation.api.drift import *  # noqa: F403
from cumulo.services.cloudformation.api.stacksets import *  # noqa: F403
from cumulo.services.cloudformation.api.registry import *  # noqa: F403
from cumulo.services.cloudformation.api.generator import *  # noqa: F403
