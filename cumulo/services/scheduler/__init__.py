"""Amazon EventBridge Scheduler: schedules (at, rate, cron in a time zone) and groups, fired on the clock.

Registration only; handlers in `api`, state in `models`, timing and invocation in `firing`.
"""

from cumulo.services import InternalRoute, Service, Tick
from cumulo.services.scheduler import api, firing, internal

SERVICE = Service(
    name="scheduler",
    api=api,
    internal=[
        InternalRoute("GET", "scheduler/schedules", internal.list_schedules),
        InternalRoute("GET", "scheduler/invocations", internal.invocations),
        InternalRoute("POST", "scheduler/fire/{group}/{name}", internal.fire),
    ],
    ticks=[Tick(every=1.0, fn=firing.tick)],
)
