"""Amazon Cognito Identity."""

from cumulo.services import Service
from cumulo.services.cognito_identity import api

SERVICE = Service(name="cognito-identity", api=api)
