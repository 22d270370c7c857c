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
        InternalRoute("PUT", "cognito/import/{pool}/{job}", internal.upload_import),
    ],
)
