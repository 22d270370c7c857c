"""AWS Secrets Manager: versions and staging labels as AWS moves them, values under KMS,
rotation that really runs a Lambda function, replication, resource policies.

Registration only; handlers in `api`, state in `models`, labels in `stages`,
encryption in `values`, rotation and its schedule in `rotation`.
"""

from cumulo.services import InternalRoute, Service, Tick
from cumulo.services.secretsmanager import api, internal, rotation
from cumulo.services.secretsmanager.resource_policy import secret_policy

SERVICE = Service(
    name="secretsmanager",
    api=api,
    resource_policy=secret_policy,
    internal=[InternalRoute("GET", "secretsmanager/rotations", internal.list_rotations)],
    ticks=[Tick(every=60.0, fn=rotation.tick)],
)
