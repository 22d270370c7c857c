"""Amazon Cognito user pools: real sign-up, sign-in (SRP included), MFA, JWTs any library
verifies against the pool's JWKS, OAuth2/OIDC endpoints and Lambda triggers.

Registration only; handlers in `api`, the sign-in engine in `flows`, SRP in `srp`,
tokens in `tokens`, the OAuth2 and JWKS endpoints in `oauth`.
"""

from cumulo.services import InternalRoute, Service
from cumulo.services.cognito_idp import api, internal, oauth

SERVICE = Service(
    name="cognito-idp",
    api=api,
    data_plane=oauth.serve,
    internal=[
        # Served as /_cumulo/cognito-idp/... and, as the issue and the fakecloud SDK name them,
        # /_cumulo/cognito/... and /_fakecloud/cognito/....
        InternalRoute("GET", "cognito-idp/codes", internal.list_codes, aliases=("/_cumulo/cognito/codes",)),
        InternalRoute("GET", "cognito-idp/confirmation-codes", internal.fakecloud_codes,
                      aliases=("/_fakecloud/cognito/confirmation-codes", "/_cumulo/cognito/confirmation-codes")),
        InternalRoute("GET", "cognito-idp/confirmation-codes/{pool}/{username}", internal.user_codes,
                      aliases=("/_fakecloud/cognito/confirmation-codes/{pool}/{username}",
                               "/_cumulo/cognito/confirmation-codes/{pool}/{username}")),
        InternalRoute("POST", "cognito-idp/confirm-user", internal.confirm_user,
                      aliases=("/_fakecloud/cognito/confirm-user", "/_cumulo/cognito/confirm-user")),
        InternalRoute("PUT", "cognito-idp/import/{pool}/{job}", internal.upload_import, aliases=("/_cumulo/cognito/import/{pool}/{job}",)),
    ],
)
