"""AWS CloudFormation: stacks deployed through each service's own API (the providers in
each service's `cfn.py`), change sets, stack sets, drift detection and the registry.

Registration only; the handlers are in `api`, the engine in `deploy` and `phases`.
"""

from cumulo.services import InternalRoute, Service, Tick
from cumulo.services.cloudformation import api, callbacks, deploy, internal

SERVICE = Service(
    name="cloudformation",
    api=api,
    ticks=[Tick(every=1.0, fn=deploy.recover)],
    data_plane=callbacks.serve,
    internal=[
        InternalRoute("GET", "cloudformation/stacks", internal.list_stacks),
        InternalRoute("GET", "cloudformation/stacks/{name}/events", internal.stack_events),
        InternalRoute("GET", "cloudformation/resource-types", internal.resource_types),
    ],
)
