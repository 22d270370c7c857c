"""Amazon Cognito identity pools: identities for user pool, OIDC, social and developer
logins (and unauthenticated guests), and real STS credentials for the role they map to.

Registration only; handlers in `api`, login token checks in `logins`, state in `models`.
"""

from cumulo.services import InternalRoute, Service
from cumulo.services.cognito_identity import api, internal

SERVICE = Service(
    name="cognito-identity",
    api=api,
    internal=[InternalRoute("GET", "cognito-identity/jwks", internal.jwks)],
)
