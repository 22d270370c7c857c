"""The errors signature checks raise, worded as AWS words them.

S3 answers in its own words (with the string to sign it computed, so a client
can compare); other services say "Check your AWS Secret Access Key", name
the canonical request, and use their protocol's code for the same fault
(`InvalidSignatureException` in JSON, `SignatureDoesNotMatch` in query).
`for_protocol` turns the neutral error into the protocol's.
"""

from __future__ import annotations

from cumulo.core.errors import AwsError

S3_MISMATCH = ("The request signature we calculated does not match the signature you provided. "
               "Check your key and signing method.")
MISMATCH = ("The request signature we calculated does not match the signature you provided. "
            "Check your AWS Secret Access Key and signing method. Consult the service documentation for details.")
INVALID_TOKEN = "The security token included in the request is invalid."
S3_UNKNOWN_KEY = "The AWS Access Key Id you provided does not exist in our records."


class AuthError(AwsError):
    status = 403


def incomplete(message: str) -> AuthError:
    return AuthError("IncompleteSignature", message, status=400)


def mismatch(service: str, access_key: str, provided: str, canonical: str, string_to_sign: str) -> AuthError:
    if service == "s3":
        fields = {"AWSAccessKeyId": access_key, "StringToSign": string_to_sign, "SignatureProvided": provided,
                  "StringToSignBytes": string_to_sign.encode().hex(" ")}
        if canonical:
            fields.update(CanonicalRequest=canonical, CanonicalRequestBytes=canonical.encode().hex(" "))
        return AuthError("SignatureDoesNotMatch", S3_MISMATCH, **fields)
    detail = (f"\n\nThe Canonical String for this request should have been\n'{canonical}'\n\n"
              f"The String-to-Sign should have been\n'{string_to_sign}'\n")
    return AuthError("SignatureDoesNotMatch", MISMATCH + detail)


def unknown_key(service: str, access_key: str) -> AuthError:
    if service == "s3":
        return AuthError("InvalidAccessKeyId", S3_UNKNOWN_KEY, AWSAccessKeyId=access_key)
    return AuthError("InvalidClientTokenId", INVALID_TOKEN)


def expired(**fields: str) -> AuthError:
    return AuthError("AccessDenied", "Request has expired", **fields)


def missing_token() -> AuthError:
    return AuthError("MissingAuthenticationToken", "Missing Authentication Token")


# Query-protocol code -> (JSON-protocol code, status), for services that speak JSON
# without query compatibility (DynamoDB, Lambda, ...).
_JSON_CODES = {
    "SignatureDoesNotMatch": ("InvalidSignatureException", 403),
    "InvalidClientTokenId": ("UnrecognizedClientException", 400),
    "MissingAuthenticationToken": ("MissingAuthenticationTokenException", 403),
    "IncompleteSignature": ("IncompleteSignatureException", 400),
}


def for_protocol(error: AuthError, protocol: str, query_compatible: bool) -> AuthError:
    """The same fault under the code the request's protocol uses."""
    if protocol in ("query", "ec2", "rest-xml") or error.code not in _JSON_CODES:
        return error
    code, status = _JSON_CODES[error.code]
    renamed = AuthError(code, error.message, status=status, **error.fields)
    if query_compatible:
        # Query-compatible JSON services (SQS) name the query code in x-amzn-query-error.
        renamed.headers["x-amzn-query-error"] = f"{error.code};Sender"
    return renamed
