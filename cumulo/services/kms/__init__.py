"""AWS Key Management Service: real cryptography for every key spec `cryptography` computes.

Registration only; handlers in `api`, state in `models`, cryptography in `crypto`,
material at rest in `vault`, timed work in `timers`.
"""

from cumulo.services import InternalRoute, Service, Tick
from cumulo.services.kms import api, internal, timers
from cumulo.services.kms.resource_policy import key_policy

SERVICE = Service(
    name="kms",
    api=api,
    resource_policy=key_policy,
    internal=[InternalRoute("GET", "kms/keys", internal.list_keys)],
    ticks=[Tick(every=60.0, fn=timers.run)],
)
