"""AWS Step Functions: state machines, versions, executions run by an ASL interpreter.

Registration only; the handlers are in `api`, the language in `asl`, the
interpreter in `interpreter` (its task integrations in `tasks`).
"""

from cumulo.services import InternalRoute, Service, Tick
from cumulo.services.stepfunctions import api, internal, running

SERVICE = Service(
    name="stepfunctions",
    api=api,
    internal=[
        InternalRoute("GET", "stepfunctions/executions", internal.list_executions),
        InternalRoute("GET", "stepfunctions/executions/{arn}", internal.describe_execution),
    ],
    ticks=[Tick(every=1.0, fn=running.resume_orphans)],
)
