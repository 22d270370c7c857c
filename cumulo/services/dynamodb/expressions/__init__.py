"""DynamoDB's expression languages: grammar (`parser`), placeholder substitution
and semantic checks (`resolve`), evaluation against items (`evaluate`), and the
legacy request parameters translated into the same trees (`legacy`)."""

from cumulo.services.dynamodb.expressions import legacy
from cumulo.services.dynamodb.expressions.evaluate import apply_update, get, matches, project
from cumulo.services.dynamodb.expressions.resolve import Resolver

__all__ = ["Resolver", "legacy", "apply_update", "get", "matches", "project"]
