"""AWS Identity and Access Management: the handlers, one per operation, split by noun.

_users (users and groups), roles (roles, service-linked roles, instance profiles),
_policies (managed and inline policies, attachments), credentials (access keys,
passwords, MFA, SSH keys, certificates, service credentials), providers (OIDC,
SAML, server certificates), account (account-wide settings and reports) and
simulate (the policy simulator).
"""

from cumulo.services.iam.api.account import *  # noqa: F403
from cumulo.services.iam.api.credentials import *  # noqa: F403
from cumulo.services.iam.api.policies import *  # noqa: F403
from cumulo.services.iam.api.providers import *  # noqa: F403
from cumulo.services.iam.api.roles import *  # noqa: F403
from cumulo.services.iam.api.simulate import *  # noqa: F403
from cumulo.services.iam.api.users import *  # noqa: F403
