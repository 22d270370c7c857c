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
        InternalRoute("GET", "cognito/codes", internal.list_codes),
        # The fakecloud SDK's paths and shapes (also under /_fakecloud/).
        InternalRoute("GET", "cognito/confirmation-codes", internal.fakecloud_codes),
        InternalRoute("GET", "cognito/confirmation-codes/{pool}/{username}", internal.user_codes),
        InternalRoute("POST", "cognito/confirm-user", internal.confirm_user),
        InternalRoute("PUT", "cognito/import/{pool}/{job}", internal.upload_import),
    ],
)
