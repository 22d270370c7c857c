"""AWS CloudFormation: stacks deployed through each service's own API (the providers in
each service's `cfn.py`), change sets, stack sets, drift detection and the registry.

Registration only; the handlers are in `api`, the engine in `deploy` and `phases`.
"""

from cumulo.services import Service, Tick
from cumulo.services.cloudformation import api, callbacks, deploy

SERVICE = Service(
    name="cloudformation",
    api=api,
    ticks=[Tick(every=1.0, fn=deploy.recover)],
    data_plane=callbacks.serve,
)
