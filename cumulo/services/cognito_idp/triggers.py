"""Lambda triggers: the pool's LambdaConfig functions, invoked through services.call with
AWS's event shapes; their answers are honoured by the callers.

A trigger that fails (or answers with an error) fails the operation as AWS does:
UserLambdaValidationException "<Trigger> failed with error <message>." for the
sign-up, authentication and migration triggers.
"""

from __future__ import annotations

import json
from typing import Any

from cumulo import services
from cumulo.core.context import RequestContext
from cumulo.core.errors import AwsError
from cumulo.services.cognito_idp.models import User, UserPool

# LambdaConfig member -> how AWS names the trigger in its error messages.
_LABELS = {
    "PreSignUp": "PreSignUp", "PostConfirmation": "PostConfirmation", "PreAuthentication": "PreAuthentication",
    "PostAuthentication": "PostAuthentication", "PreTokenGeneration": "PreTokenGeneration", "CustomMessage": "CustomMessage",
    "UserMigration": "UserMigration", "DefineAuthChallenge": "DefineAuthChallenge",
    "CreateAuthChallenge": "CreateAuthChallenge", "VerifyAuthChallengeResponse": "VerifyAuthChallengeResponse",
    "CustomEmailSender": "CustomEmailSender", "CustomSMSSender": "CustomSMSSender",
}


def function_of(pool: UserPool, trigger: str) -> str:
    """The function ARN configured for `trigger` ("" for none); PreTokenGenerationConfig wins for tokens."""
    config = pool.lambdas
    if trigger == "PreTokenGeneration":
        return (config.get("PreTokenGenerationConfig") or {}).get("LambdaArn") or config.get("PreTokenGeneration", "")
    value = config.get(trigger, "")
    return str(value.get("LambdaArn", "") if isinstance(value, dict) else value)


def event(pool: UserPool, source: str, username: str, client_id: str, request: dict[str, Any],
          response: dict[str, Any] | None = None, version: str = "1") -> dict[str, Any]:
    return {"version": version, "region": pool.region, "userPoolId": pool.id, "userName": username,
            "callerContext": {"awsSdkVersion": "aws-sdk-unknown-unknown", "clientId": client_id or "CLIENT_ID_NOT_APPLICABLE"},
            "triggerSource": source, "request": request, "response": response or {}}


async def invoke(ctx: RequestContext, pool: UserPool, trigger: str, payload: dict[str, Any]) -> dict[str, Any] | None:
    """Run the trigger's function with `payload`; its `response`, or None when the pool has none."""
    arn = function_of(pool, trigger)
    if not arn:
        return None
    parts = arn.split(":")
    account, region = (parts[4], parts[3]) if len(parts) > 5 else (pool.account, pool.region)
    try:
        out = await services.call(ctx.runtime, "lambda", "Invoke", {"FunctionName": arn, "Payload": json.dumps(payload).encode()},
                                  account, region)
    except AwsError as error:
        raise AwsError("UnexpectedLambdaException", f"{_LABELS.get(trigger, trigger)} invocation failed: {error.message}") from None
    raw = out.get("Payload") or b"{}"
    text = bytes(raw).decode("utf-8", "replace") if isinstance(raw, (bytes, bytearray)) else str(raw)
    try:
        body = json.loads(text) if text.strip() else {}
    except ValueError:
        raise AwsError("InvalidLambdaResponseException", f"Invalid lambda response from {_LABELS.get(trigger, trigger)}.") from None
    if out.get("FunctionError"):
        message = body.get("errorMessage", text) if isinstance(body, dict) else text
        raise AwsError("UserLambdaValidationException", f"{_LABELS.get(trigger, trigger)} failed with error {message}.")
    if not isinstance(body, dict):
        raise AwsError("InvalidLambdaResponseException", f"Invalid lambda response from {_LABELS.get(trigger, trigger)}.")
    response = body.get("response")
    return response if isinstance(response, dict) else {}


def user_attributes(user: User) -> dict[str, str]:
    return {**user.attributes, "cognito:user_status": user.status}


async def custom_message(ctx: RequestContext, pool: UserPool, user: User, source: str, code: str, client_id: str = "") -> None:
    """The CustomMessage trigger, when configured: its message is what would be sent (recorded,
    not sent); then the custom email or SMS sender, which gets the code encrypted under the
    pool's KMS key (KMS Encrypt through services.call; base64 of the ciphertext blob)."""
    await _custom_sender(ctx, pool, user, source, code, client_id)
    if not function_of(pool, "CustomMessage"):
        return
    request = {"userAttributes": user_attributes(user), "codeParameter": "{####}", "usernameParameter": "{username}",
               "clientMetadata": {}}
    response = await invoke(ctx, pool, "CustomMessage", event(pool, source, user.username, client_id, request,
                                                                 {"smsMessage": None, "emailMessage": None, "emailSubject": None}))
    if response:
        user.codes[f"message:{source}"] = (json.dumps({k: response.get(k) for k in ("smsMessage", "emailMessage", "emailSubject")})
                                           .replace("{####}", code), 0.0)


async def _custom_sender(ctx: RequestContext, pool: UserPool, user: User, source: str, code: str, client_id: str) -> None:
    from cumulo.services.cognito_idp.common import delivery_for

    medium = delivery_for(pool, user)["DeliveryMedium"]
    trigger = "CustomEmailSender" if medium == "EMAIL" else "CustomSMSSender"
    key = pool.lambdas.get("KMSKeyID")
    if not function_of(pool, trigger) or not key:
        return
    try:
        out = await services.call(ctx.runtime, "kms", "Encrypt", {"KeyId": key, "Plaintext": code.encode()}, pool.account, pool.region)
    except AwsError as error:
        raise AwsError("UnexpectedLambdaException", f"{trigger} could not encrypt the code: {error.message}") from None
    import base64

    request = {"type": f"custom{'Email' if trigger == 'CustomEmailSender' else 'SMS'}SenderRequestV1",
               "code": base64.b64encode(bytes(out["CiphertextBlob"])).decode(), "clientMetadata": {},
               "userAttributes": user_attributes(user)}
    await invoke(ctx, pool, trigger, event(pool, source.replace("CustomMessage_", f"{trigger}_"), user.username, client_id, request))
