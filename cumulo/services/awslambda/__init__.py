"""AWS Lambda: functions that really run, as local processes speaking the Runtime API.

Registration only: handlers in `api/` (by noun), state in `models`, execution
in `cumulo.runtimes`, introspection in `internal`. The package is not named
`lambda` because that is a Python keyword (see `ALSO_IN` in the registry).
"""

from cumulo.services import InternalRoute, Service, Tick
from cumulo.services.awslambda import api, durable, events, internal, sources
from cumulo.services.awslambda.api import capacity, provisioned
from cumulo.services.awslambda.resource_policy import function_policy

SERVICE = Service(
    name="lambda",
    api=api,
    resource_policy=function_policy,
    internal=[
        InternalRoute("GET", "lambda/invocations", internal.invocations),
        InternalRoute("GET", "lambda/warm-containers", internal.warm_containers),
        InternalRoute("GET", "lambda/environments", internal.warm_containers),
        InternalRoute("POST", "lambda/{function}/evict-container", internal.evict),
        InternalRoute("POST", "lambda/evict", internal.evict),
        InternalRoute("GET", "lambda/function-code/{account}/{function}/{file}", internal.function_code),
        InternalRoute("GET", "lambda/layer-content/{account}/{layer}/{file}", internal.layer_content),
    ],
    ticks=[
        Tick(every=1.0, fn=sources.poll_all),
        Tick(every=1.0, fn=events.run_due),
        Tick(every=30.0, fn=internal.reap),
        Tick(every=1.0, fn=provisioned.advance),
        Tick(every=1.0, fn=capacity.transition),
        Tick(every=1.0, fn=durable.wake),
    ],
)
