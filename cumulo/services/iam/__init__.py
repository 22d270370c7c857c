"""AWS Identity and Access Management: users, groups, roles, policies and credentials,
global per account; its access keys sign requests as their user.

Registration only; handlers in `api`, state in `models`, what other layers ask
IAM (a principal's policies, an access key's user) in `principals`.
"""

from cumulo.services import InternalRoute, Service
from cumulo.services.iam import api, internal
from cumulo.services.iam.principals import identity_policies, resolve_access_key, role_trust_policy

SERVICE = Service(
    name="iam",
    api=api,
    resolve_access_key=resolve_access_key,
    identity_policies=identity_policies,
    resource_policy=role_trust_policy,
    internal=[
        InternalRoute("GET", "iam/decisions", internal.list_decisions),
        InternalRoute("GET", "iam/suggest", internal.suggest),
    ],
)
