"""The execution role: the credentials a function runs with, from STS's own AssumeRole.

On AWS, Lambda assumes a function's `Role` and gives each execution environment
the session's keys as `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and
`AWS_SESSION_TOKEN` (https://docs.aws.amazon.com/lambda/latest/dg/lambda-intro-execution-role.html,
https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html#configuration-envvars-runtime).
cumulo does the same through `services.call`, so a function's SDK calls act as
`arn:aws:sts::<account>:assumed-role/<role>/<function>`, and pass signature
verification: STS knows the secrets of the sessions it issued.

- `assume`: CreateFunction, and UpdateFunctionConfiguration given a `Role`,
  assume the role once, as AWS does, and refuse one that cannot be assumed
  with AWS's `InvalidParameterValueException`.
- `RoleIssuer`: what the executor asks for the credentials of each environment
  it starts, and whether those it holds are still good: it retires
  environments before their credentials expire, or once a reset has made STS
  forget them (`cumulo.runtimes.executor`), so functions never hold dead keys.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cumulo import auth, services
from cumulo.core.errors import AwsError
from cumulo.runtimes.spec import Credentials, FunctionSpec
from cumulo.services.awslambda.names import invalid

if TYPE_CHECKING:
    from cumulo.core.runtime import Runtime

CANNOT_ASSUME = "The role defined for the function cannot be assumed by Lambda."


def session_name(function_name: str) -> str:
    """The role session is named after the function. STS takes 2 to 64 characters and a
    function name has 1 to 64 of those STS allows; a one-letter name is padded (how
    AWS names that session is not documented)."""
    return function_name.ljust(2, "_")


async def assume(runtime: Runtime, role: str, function_name: str, account: str, region: str) -> Credentials:
    """Credentials of `role` for the function, from STS; raises InvalidParameterValueException if it cannot be assumed."""
    request = {"RoleArn": role, "RoleSessionName": session_name(function_name)}
    try:
        answer = await services.call(runtime, "sts", "AssumeRole", request, account, region)
    except AwsError as error:
        raise invalid(CANNOT_ASSUME) from error
    issued = answer["Credentials"]
    return Credentials(issued["AccessKeyId"], issued["SecretAccessKey"], issued["SessionToken"], issued["Expiration"].timestamp())


class RoleIssuer:
    """The executor's source of credentials: the role of the spec's function, assumed now."""

    __slots__ = ("runtime",)

    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime

    async def issue(self, spec: FunctionSpec) -> Credentials:
        return await assume(self.runtime, spec.role, spec.name, spec.account, spec.region)

    def honoured(self, credentials: Credentials) -> bool:
        # Asked as a signed request's key is (STS first): a reset forgets the session, and the
        # key would then act as the default account's root, or be refused when signatures are verified.
        try:
            return auth.resolve(self.runtime, credentials.access_key_id) is not None
        except AwsError:  # expired
            return False
