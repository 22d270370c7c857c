"""Amazon Elastic Container Registry: the control plane (every operation of the model)
and a real OCI Distribution v2 registry on cumulo's port (`registry.serve`).

Registration only; the handlers are in `api`, the state in `models`.
"""

from cumulo.services import InternalRoute, Service, Tick
from cumulo.services.ecr import api, internal, layers, lifecycle, registry, tokens

SERVICE = Service(
    name="ecr",
    api=api,
    data_plane=registry.serve,
    resource_policy=internal.repository_policy,
    internal=[
        InternalRoute("GET", "ecr/repositories", internal.list_repositories),
        InternalRoute("GET", "ecr/blobs", internal.list_blobs),
        InternalRoute("POST", "ecr/lifecycle/tick", internal.lifecycle_tick),
    ],
    ticks=[
        Tick(every=60.0, fn=lifecycle.run_all),
        Tick(every=600.0, fn=lambda runtime, now: tokens.sweep(runtime.store, now)),
        Tick(every=600.0, fn=layers.expire_uploads),
    ],
)
