"""Function and layer identifiers: ARNs, the forms of `FunctionName`, and lookups with AWS's errors.

`FunctionName` may be a name (`my-function`), a partial ARN
(`123456789012:function:my-function`) or a full ARN, each optionally ending in
`:qualifier` (a version number, `$LATEST`, or an alias). An ARN naming another
account or region reaches that scope of the Lambda state.
"""

from __future__ import annotations

import re
import uuid
from datetime import datetime, timezone
from typing import TYPE_CHECKING

from cumulo.core.arns import arn as make_arn
from cumulo.core.errors import AwsError
from cumulo.services.awslambda.models import Alias, Function, FunctionSettings, Version

if TYPE_CHECKING:
    from cumulo.core.context import RequestContext
    from cumulo.state import Table

_FUNCTION = re.compile(
    r"^(?:arn:aws[a-zA-Z-]*:lambda:(?P<region>[a-z0-9-]+):(?P<account>\d{12}):function:|(?P<paccount>\d{12}):function:)?"
    r"(?P<name>[a-zA-Z0-9_-]{1,140})(?::(?P<qualifier>\$LATEST|[a-zA-Z0-9_-]{1,128}))?$"
)
_LAYER_VERSION = re.compile(r"^arn:aws[a-zA-Z-]*:lambda:(?P<region>[a-z0-9-]+):(?P<account>\d{12}):layer:(?P<name>[a-zA-Z0-9_-]+):(?P<version>\d+)$")
_LAYER = re.compile(r"^(?:arn:aws[a-zA-Z-]*:lambda:(?P<region>[a-z0-9-]+):(?P<account>\d{12}):layer:)?(?P<name>[a-zA-Z0-9_-]+)$")


def function_arn(account: str, region: str, name: str, qualifier: str | None = None) -> str:
    arn = make_arn("lambda", region, account, f"function:{name}")
    return f"{arn}:{qualifier}" if qualifier else arn


def layer_arn(account: str, region: str, name: str) -> str:
    return make_arn("lambda", region, account, f"layer:{name}")


def new_revision() -> str:
    return str(uuid.uuid4())


def timestamp(epoch: float) -> str:
    """Lambda's string timestamps: `2024-01-31T12:00:00.000+0000`."""
    moment = datetime.fromtimestamp(epoch, tz=timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}+0000"


def invalid(message: str) -> AwsError:
    return AwsError("InvalidParameterValueException", message, status=400, Type="User")


def not_found(message: str) -> AwsError:
    return AwsError("ResourceNotFoundException", message, status=404, Type="User")


def conflict(message: str) -> AwsError:
    return AwsError("ResourceConflictException", message, status=409, Type="User")


# Operations that act on the function itself, not on a version: their FunctionName
# takes no qualifier but $LATEST (https://docs.aws.amazon.com/lambda/latest/dg/configuration-versions.html).
UNQUALIFIED_OPERATIONS = frozenset({
    "UpdateFunctionCode", "UpdateFunctionConfiguration", "PublishVersion", "ListVersionsByFunction",
    "PutFunctionConcurrency", "GetFunctionConcurrency", "DeleteFunctionConcurrency",
    "PutFunctionCodeSigningConfig", "GetFunctionCodeSigningConfig", "DeleteFunctionCodeSigningConfig",
    "CreateAlias", "GetAlias", "UpdateAlias", "DeleteAlias", "ListAliases",
    "ListFunctionEventInvokeConfigs", "ListProvisionedConcurrencyConfigs", "ListFunctionUrlConfigs",
})


def parse(ctx: RequestContext, ident: str, qualifier: str | None = None) -> tuple[Table, str, str | None, str, str]:
    """(functions table, name, qualifier, account, region) for any form of `FunctionName`."""
    match = _FUNCTION.match(ident or "")
    if match is None:
        raise AwsError(
            "ValidationException",
            f"1 validation error detected: Value '{ident}' at 'functionName' failed to satisfy constraint: "
            "Member must satisfy regular expression pattern: "
            "(arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1}:)?(\\d{12}:)?(function:)?([a-zA-Z0-9-_\\.]+)(:(\\$LATEST|[a-zA-Z0-9-_]+))?",
            status=400,
        )
    account = match["account"] or match["paccount"] or ctx.account
    region = match["region"] or ctx.region
    derived = match["qualifier"]
    if derived and qualifier and derived != qualifier:
        raise invalid("The derived qualifier from the function name does not match the specified qualifier.")
    if derived and derived != "$LATEST" and ctx.operation in UNQUALIFIED_OPERATIONS:
        raise invalid("Current operation does not support versions other than $LATEST. "
                      "Please set the version to $LATEST or do not set a version in your request.")
    table = ctx.scope_for(account, region).table("functions") if (account, region) != (ctx.account, ctx.region) else ctx.scope.table("functions")
    return table, match["name"], derived or qualifier or None, account, region


def get_function(ctx: RequestContext, ident: str, qualifier: str | None = None) -> tuple[Function, str | None]:
    """The function named by `ident` (any form), and the qualifier asked for, if any."""
    table, name, qualifier, account, region = parse(ctx, ident, qualifier)
    fn = table.get(name)
    if fn is None:
        raise not_found(f"Function not found: {function_arn(account, region, name, qualifier)}")
    return fn, qualifier


def resolve(ctx: RequestContext, ident: str, qualifier: str | None = None) -> tuple[Function, Version, Alias | None]:
    """The function version that `ident` (and `qualifier`) names: a version, or an alias's version."""
    fn, qualifier = get_function(ctx, ident, qualifier)
    if qualifier is None or qualifier == "$LATEST":
        return fn, fn.latest, None
    version = fn.versions.get(qualifier)
    if version is not None:
        return fn, version, None
    alias = fn.aliases.get(qualifier)
    if alias is None:
        raise not_found(f"Function not found: {fn.arn}:{qualifier}")
    return fn, fn.version(alias.function_version) or fn.latest, alias


def table_of(ctx: RequestContext, fn: Function) -> Table:
    """The `functions` table holding `fn` (it may be another account's or region's)."""
    _, _, _, region, account, *_ = fn.arn.split(":")
    return ctx.scope_for(account, region).table("functions")


def get_alias(fn: Function, name: str) -> Alias:
    alias = fn.aliases.get(name)
    if alias is None:
        raise not_found(f"Cannot find alias arn: {fn.arn}:{name}")
    return alias


def check_revision(current: str, given: str | None) -> None:
    if given and given != current:
        raise AwsError(
            "PreconditionFailedException",
            "The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id",
            status=412,
            Type="User",
        )


def parse_layer_version(arn: str) -> tuple[str, str, str, int]:
    """(account, region, name, version) of a layer version ARN."""
    match = _LAYER_VERSION.match(arn or "")
    if match is None:
        raise AwsError("ValidationException", f"1 validation error detected: Value '{arn}' at 'arn' failed to satisfy constraint: Member must satisfy regular expression pattern: (arn:[a-zA-Z0-9-]+:lambda:[a-zA-Z0-9-]+:\\d{{12}}:layer:[a-zA-Z0-9-_]+:[0-9]+)", status=400)
    return match["account"], match["region"], match["name"], int(match["version"])


def parse_layer(ctx: RequestContext, ident: str) -> tuple[Table, str, str, str]:
    """(layers table, name, account, region) for a layer name or ARN."""
    match = _LAYER.match(ident or "")
    if match is None:
        raise invalid(f"Invalid layer name: {ident}")
    account = match["account"] or ctx.account
    region = match["region"] or ctx.region
    return ctx.scope_for(account, region).table("layers"), match["name"], account, region



def _settings_table(ctx: RequestContext, fn: Function) -> Table:
    _, _, _, region, account, *_ = fn.arn.split(":")
    return ctx.scope_for(account, region).table("settings")


def settings_of(ctx: RequestContext, fn: Function) -> FunctionSettings:
    """The function's `FunctionSettings` (defaults if none are stored yet); `save_settings` after a change."""
    return _settings_table(ctx, fn).get(fn.name) or FunctionSettings()


def save_settings(ctx: RequestContext, fn: Function, settings: FunctionSettings) -> None:
    _settings_table(ctx, fn)[fn.name] = settings
