"""CloudWatch Logs handlers, split by noun; each is named after its operation in snake_case."""

from cumulo.services.logs.api.events import *  # noqa: F403
from cumulo.services.logs.api.filters import *  # noqa: F403
from cumulo.services.logs.api.groups import *  # noqa: F403
from cumulo.services.logs.api.imports import *  # noqa: F403
from cumulo.services.logs.api.queries import *  # noqa: F403
from cumulo.services.logs.api.records import *  # noqa: F403
from cumulo.services.logs.api.sources import *  # noqa: F403
from cumulo.services.logs.api.vended import *  # noqa: F403
