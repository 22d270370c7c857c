"""CloudWatch handlers, split by noun; each is named after its operation in snake_case."""

from cumulo.services.cloudwatch.api.alarms import *  # noqa: F403
from cumulo.services.cloudwatch.api.metrics import *  # noqa: F403
from cumulo.services.cloudwatch.api.resources import *  # noqa: F403
from cumulo.services.cloudwatch.api.definitions import *  # noqa: F403
from cumulo.services.cloudwatch.api.settings import *  # noqa: F403
from cumulo.services.cloudwatch.api.contributors import *  # noqa: F403
