"""Amazon EventBridge: buses, rules on patterns and schedules, targets, archives and replays,
connections and API destinations, global endpoints.

Registration only; handlers in `api/`, state in `models`, routing in `routing`,
target invocation in `targets`, work on the clock in `clockwork`.
"""

from cumulo.services import InternalRoute, Service, Tick
from cumulo.services.events import api, clockwork, internal

SERVICE = Service(
    name="events",
    api=api,
    internal=[
        InternalRoute("GET", "events/deliveries", internal.deliveries),
        InternalRoute("GET", "events/history", internal.history),
        InternalRoute("POST", "events/fire-rule", internal.fire_rule),
    ],
    ticks=[
        Tick(every=1.0, fn=clockwork.fire_schedules),
        Tick(every=1.0, fn=clockwork.retry),
        Tick(every=1.0, fn=clockwork.run_replays),
        Tick(every=3600.0, fn=clockwork.expire),
    ],
)
