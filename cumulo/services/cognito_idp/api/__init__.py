"""Amazon Cognito user pools: the handlers, one per operation, split by noun.

pools (pools, MFA configuration, tags, recorded settings), clients (app clients and
secrets), users (admin and sign-up), groups, resources (resource servers, domains,
identity providers, UI, branding, terms), auth (sign-in, challenges, MFA, sign-out),
devices (devices, sessions, auth events, import jobs and the rest).
"""

from cumulo.services.cognito_idp.api.auth import *  # noqa: F403
from cumulo.services.cognito_idp.api.clients import *  # noqa: F403
from cumulo.services.cognito_idp.api.devices import *  # noqa: F403
from cumulo.services.cognito_idp.api.groups import *  # noqa: F403
from cumulo.services.cognito_idp.api.pools import *  # noqa: F403
from cumulo.services.cognito_idp.api.resources import *  # noqa: F403
from cumulo.services.cognito_idp.api.users import *  # noqa: F403
