"""AWS Step Functions: state machines, versions, executions run by an ASL interpreter.

Registration only; the handlers are in `api`, the language in `asl`, the
interpreter in `interpreter` (its task integrations in `tasks`).
"""

from cumulo.services import Service, Tick
from cumulo.services.stepfunctions import api, running

SERVICE = Service(
    name="stepfunctions",
    api=api,
    ticks=[Tick(every=1.0, fn=running.resume_orphans)],
)
