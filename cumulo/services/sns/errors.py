"""SNS's errors, in its own words: `Invalid parameter: <what>` and friends.

The protocol layer takes each code's HTTP status from the model (NotFound is 404,
AuthorizationError 403, ...); these helpers only keep the wording in one place.
"""

from __future__ import annotations

from cumulo.core.errors import AwsError


def invalid(what: str) -> AwsError:
    return AwsError("InvalidParameter", f"Invalid parameter: {what}")


def invalid_value(what: str) -> AwsError:
    return AwsError("ParameterValueInvalid", what)


def not_found(what: str) -> AwsError:
    return AwsError("NotFound", what)


TOPIC_NOT_FOUND = "Topic does not exist"
SUBSCRIPTION_NOT_FOUND = "Subscription does not exist"
ENDPOINT_NOT_FOUND = "Endpoint does not exist"
APPLICATION_NOT_FOUND = "PlatformApplication does not exist"
