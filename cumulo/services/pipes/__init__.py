"""Amazon EventBridge Pipes: source -> filter -> enrichment -> target, run on the clock.

Registration only; handlers in `api`, state in `models`, the flow in `flow`.
"""

from cumulo.services import InternalRoute, Service, Tick
from cumulo.services.pipes import api, flow, internal

SERVICE = Service(
    name="pipes",
    api=api,
    internal=[
        InternalRoute("GET", "pipes/runs", internal.runs),
        InternalRoute("POST", "pipes/{name}/poll", internal.poll),
    ],
    ticks=[Tick(every=1.0, fn=flow.step)],
)
