"""Template transforms: `AWS::Serverless-2016-10-31` through AWS's own SAM translator
(aws-sam-translator), `AWS::LanguageExtensions` (Fn::ForEach expanded; Fn::Length,
Fn::ToJsonString and FindInMap defaults are evaluated by the intrinsics), and
`AWS::Include` (a template fragment read from cumulo's S3, through services.call).
"""

from __future__ import annotations

import copy
import json
import re
from typing import TYPE_CHECKING, Any

from cumulo.core.errors import AwsError
from cumulo.services.cloudformation.template import parse, validation

if TYPE_CHECKING:
    from cumulo.core.runtime import Runtime

SAM = "AWS::Serverless-2016-10-31"
LANGUAGE = "AWS::LanguageExtensions"
INCLUDE = "AWS::Include"
KNOWN = frozenset({SAM, LANGUAGE, INCLUDE})


def names(template: dict[str, Any]) -> list[str]:
    value = template.get("Transform")
    if value is None:
        return []
    items = value if isinstance(value, list) else [value]
    return [i["Name"] if isinstance(i, dict) else str(i) for i in items]


async def fetch_s3(runtime: Runtime, account: str, region: str, url: str) -> str:
    """The text of an object named by an s3:// URL or an S3 https URL, from cumulo's S3."""
    from cumulo.services import call

    bucket, key = split_s3_url(url)
    try:
        got = await call(runtime, "s3", "GetObject", {"Bucket": bucket, "Key": key}, account, region)
    except AwsError:
        raise validation(f"S3 error: Access Denied for {url}") from None
    body = got.get("Body", b"")
    if hasattr(body, "read"):
        body = body.read()
    elif not isinstance(body, bytes | str):
        chunks = [c async for c in body] if hasattr(body, "__aiter__") else list(body)
        body = b"".join(chunks)
    return body.decode() if isinstance(body, bytes) else str(body)


def split_s3_url(url: str) -> tuple[str, str]:
    if url.startswith("s3://"):
        bucket, _, key = url[5:].partition("/")
        return bucket, key
    m = re.match(r"https?://([^/]+)/(.*)", url)
    if not m:
        raise validation("TemplateURL must be a supported URL.")
    host, path = m.group(1), m.group(2)
    host = host.split(":")[0]
    vhost = re.match(r"(.+)\.s3[.-]", host)
    if vhost:
        return vhost.group(1), path.split("?")[0]
    bucket, _, key = path.partition("/")
    return bucket, key.split("?")[0]


async def apply(runtime: Runtime, account: str, region: str, template: dict[str, Any], stack_name: str,
                params: dict[str, str]) -> dict[str, Any]:
    """The template with its transforms run, in the order listed."""
    transforms = names(template)
    if not transforms and not _has_include(template):
        return template
    for name in transforms:
        if name not in KNOWN:
            raise validation(f"Template format error: Unsupported transform {name}, or the macro does not exist")
    out = copy.deepcopy(template)
    out = await _includes(runtime, account, region, out)
    for name in transforms:
        if name == LANGUAGE:
            out = expand_foreach(out)
        elif name == SAM:
            out = sam(out, params, region, account, stack_name)
    out.pop("Transform", None)
    return out


def _has_include(value: Any) -> bool:
    if isinstance(value, dict):
        if "Fn::Transform" in value:
            return True
        return any(_has_include(v) for v in value.values())
    if isinstance(value, list):
        return any(_has_include(v) for v in value)
    return False


async def _includes(runtime: Runtime, account: str, region: str, value: Any) -> Any:
    if isinstance(value, dict):
        spec = value.get("Fn::Transform")
        if isinstance(spec, dict) and spec.get("Name") == INCLUDE:
            location = (spec.get("Parameters") or {}).get("Location")
            if not location:
                raise validation("Template format error: AWS::Include needs a Location parameter")
            fragment = parse(await fetch_s3(runtime, account, region, location))
            rest = {k: v for k, v in value.items() if k != "Fn::Transform"}
            if rest:
                merged = dict(rest)
                merged.update(fragment)
                fragment = merged
            return await _includes(runtime, account, region, fragment)
        return {k: await _includes(runtime, account, region, v) for k, v in value.items()}
    if isinstance(value, list):
        return [await _includes(runtime, account, region, v) for v in value]
    return value


# ---------------------------------------------------------------------------- ForEach


def expand_foreach(template: dict[str, Any]) -> dict[str, Any]:
    """Fn::ForEach::<loop> in Resources, Outputs and Conditions (and nested in a loop's
    own body), replaced by one copy per item, `${Identifier}` and `&{Identifier}` filled."""
    params = template.get("Parameters") or {}
    for section in ("Resources", "Outputs", "Conditions"):
        if isinstance(template.get(section), dict):
            template[section] = _expand_section(template[section], params, {})
    return template


def _expand_section(section: dict[str, Any], params: dict[str, Any], bound: dict[str, str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in section.items():
        if key.startswith("Fn::ForEach::"):
            if not (isinstance(value, list) and len(value) == 3 and isinstance(value[2], dict)):
                raise validation(f"Template format error: {key} must be [identifier, collection, output]")
            ident, collection, body = value
            items = _collection(collection, params)
            for item in items:
                scope = dict(bound, **{ident: str(item)})
                out.update(_expand_section(_fill(body, scope), params, scope))
        else:
            out[key] = value
    return out


def _collection(collection: Any, params: dict[str, Any]) -> list[Any]:
    if isinstance(collection, list):
        return collection
    if isinstance(collection, dict) and list(collection) == ["Ref"] and collection["Ref"] in params:
        default = params[collection["Ref"]].get("Default", "")
        return default if isinstance(default, list) else [s.strip() for s in str(default).split(",") if s.strip()]
    raise validation("Template format error: Fn::ForEach's collection must be a list or a Ref to a list parameter")


def _fill(value: Any, scope: dict[str, str]) -> Any:
    if isinstance(value, str):
        for name, item in scope.items():
            value = value.replace("${" + name + "}", item).replace("&{" + name + "}", re.sub(r"[^A-Za-z0-9]", "", item))
        return value
    if isinstance(value, dict):
        if list(value) == ["Ref"] and value["Ref"] in scope:
            return scope[value["Ref"]]
        return {_fill(k, scope): _fill(v, scope) for k, v in value.items()}
    if isinstance(value, list):
        return [_fill(v, scope) for v in value]
    return value


# ---------------------------------------------------------------------------- SAM


class _Policies:
    """The managed-policy names SAM's translator may ask about (`Policies: [AmazonS3ReadOnlyAccess]`),
    as AWS-managed ARNs."""

    def __init__(self, partition: str) -> None:
        self.partition = partition

    def load(self) -> dict[str, str]:
        names = ("AWSLambdaBasicExecutionRole", "AWSLambdaSQSQueueExecutionRole", "AWSLambdaDynamoDBExecutionRole",
                 "AWSLambdaKinesisExecutionRole", "AWSLambdaVPCAccessExecutionRole", "AWSXrayWriteOnlyAccess",
                 "AWSLambdaRole", "AWSStepFunctionsFullAccess")
        out = {n: f"arn:{self.partition}:iam::aws:policy/service-role/{n}" for n in names}
        for n in ("AmazonS3ReadOnlyAccess", "AmazonS3FullAccess", "AmazonDynamoDBFullAccess", "AmazonDynamoDBReadOnlyAccess",
                  "AmazonSQSFullAccess", "AmazonSNSFullAccess", "AWSLambda_FullAccess", "CloudWatchLogsFullAccess",
                  "AdministratorAccess", "AWSXRayDaemonWriteAccess"):
            out[n] = f"arn:{self.partition}:iam::aws:policy/{n}"
        return out


class _Session:
    """What the translator reads of a boto3 session: the region (no AWS call is made)."""

    def __init__(self, region: str) -> None:
        self.region_name = region


def sam(template: dict[str, Any], params: dict[str, str], region: str, account: str, stack_name: str) -> dict[str, Any]:
    from samtranslator.model.exceptions import InvalidDocumentException
    from samtranslator.parser.parser import Parser
    from samtranslator.translator.arn_generator import ArnGenerator
    from samtranslator.translator.translator import Translator

    from cumulo.core.arns import partition

    values: dict[str, Any] = dict(params)
    values.update({"AWS::Region": region, "AWS::AccountId": account, "AWS::StackName": stack_name,
                   "AWS::Partition": partition(region)})
    ArnGenerator.BOTO_SESSION_REGION_NAME = region
    policies = _Policies(partition(region)).load()
    try:
        translator = Translator(None, Parser(), boto_session=_Session(region))  # type: ignore[arg-type]
        out = translator.translate(copy.deepcopy(template), parameter_values=values, get_managed_policy_map=lambda: policies)
        return dict(json.loads(json.dumps(out)))
    except InvalidDocumentException as e:
        causes = " ".join(str(c) for c in e.causes)
        raise validation(f"Transform {SAM} failed with: {e.message} {causes}".strip()) from None
    except Exception as e:  # noqa: BLE001 - the translator's own errors, as AWS reports them
        raise validation(f"Transform {SAM} failed with: {e}") from None
