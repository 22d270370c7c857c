"""Rotation that runs: the four steps of a Lambda rotation function, and the schedule.

A rotation, as AWS runs it: Secrets Manager makes a version with the rotation's
token (ClientRequestToken) labelled AWSPENDING and no value yet, then invokes
the function (Lambda Invoke through `services.call`) with
{"Step", "SecretId", "ClientRequestToken", "RotationToken"} for createSecret,
setSecret, testSecret and finishSecret, in order, stopping at the first
failure. The function does the work through the public API (PutSecretValue
with AWSPENDING, UpdateSecretVersionStage moving AWSCURRENT, which moves
AWSPREVIOUS); once finishSecret has made the token's version AWSCURRENT,
Secrets Manager takes AWSPENDING off it and records LastRotatedDate. A failed
step leaves the pending version for the next attempt, as on AWS.

Each run is a `RotationRun` (the `runs` table), with each step's result, for
`GET /_cumulo/secretsmanager/rotations`. The tick rotates secrets whose
NextRotationDate has come (on the cumulo clock), and purges secrets whose
recovery window has ended.
"""

from __future__ import annotations

import json
import secrets as _random
from datetime import datetime, timezone

from cumulo import services
from cumulo.core.context import Principal, RequestContext
from cumulo.core.errors import AwsError
from cumulo.core.runtime import Runtime
from cumulo.engines import schedules
from cumulo.generated import secretsmanager as wire
from cumulo.services.secretsmanager import stages
from cumulo.services.secretsmanager.models import RotationRun, Secret, Version

STEPS = ("createSecret", "setSecret", "testSecret", "finishSecret")
KEEP_RUNS = 200  # rotation runs kept per account and Region (the oldest go first)
DAY = 86400.0


def context(runtime: Runtime, account: str, region: str) -> RequestContext:
    principal = Principal(account, f"arn:aws:iam::{account}:root", account)
    return RequestContext("secretsmanager", "RotateSecret", account, region, _random.token_hex(16), runtime, principal)


def check_rules(rules: dict[str, object]) -> None:
    days, expression, duration = rules.get("AutomaticallyAfterDays"), rules.get("ScheduleExpression"), rules.get("Duration")
    if days is not None and expression is not None:
        raise wire.InvalidParameterExceptionError("You can't specify both AutomaticallyAfterDays and ScheduleExpression.")
    if days is not None and not 1 <= int(days) <= 1000:  # type: ignore[call-overload]
        raise wire.InvalidParameterExceptionError("AutomaticallyAfterDays must be between 1 and 1000.")
    if expression is not None:
        try:
            parsed = schedules.parse(str(expression))
        except schedules.ScheduleError as e:
            raise wire.InvalidParameterExceptionError(f"Invalid ScheduleExpression: {e.reason}") from None
        if parsed.kind == "at":
            raise wire.InvalidParameterExceptionError("Invalid ScheduleExpression: rotation schedules are rate() or cron() expressions.")
        text = str(expression).replace(" ", "")
        if parsed.kind == "rate" and ("minute" in text or _rate_hours(text) < 4):
            raise wire.InvalidParameterExceptionError("Invalid ScheduleExpression: a rotation schedule must be at least four hours apart.")
    if duration is not None:
        text = str(duration)
        if not (text.endswith("h") and text[:-1].isdigit() and 1 <= int(text[:-1]) <= 24):
            raise wire.InvalidParameterExceptionError("Invalid Duration: use 1h to 24h.")


def _rate_hours(text: str) -> float:
    body = text[len("rate(") : -1]
    number = int("".join(c for c in body if c.isdigit()) or 0)
    return number * 24 if "day" in body else number


def next_rotation(secret: Secret, after: float) -> float | None:
    """When the rotation after `after` is due, from RotationRules."""
    rules = secret.rotation_rules
    if "AutomaticallyAfterDays" in rules:
        return after + int(rules["AutomaticallyAfterDays"]) * DAY  # type: ignore[call-overload]
    expression = rules.get("ScheduleExpression")
    if expression is None:
        return None
    schedule = schedules.parse(str(expression))
    anchor = datetime.fromtimestamp(after, tz=timezone.utc)
    moment = schedule.next_after(anchor, anchor=anchor)
    return moment.timestamp() if moment is not None else None


def prepare(secret: Secret, token: str, now: float) -> None:
    """The token's version, labelled AWSPENDING, with no value until createSecret puts one."""
    version = secret.versions.get(token)
    if version is None:
        version = secret.versions[token] = Version(id=token, created=now, stages=[], binary=False, data_key=b"", sealed=b"")
    if stages.CURRENT not in version.stages:
        stages.attach(secret, version, [stages.PENDING])


def pending_token(secret: Secret) -> str | None:
    """The token of a rotation that did not finish (AWSPENDING on a version that is not current)."""
    version = secret.version_with(stages.PENDING)
    if version is not None and stages.CURRENT not in version.stages:
        return version.id
    return None


async def rotate(runtime: Runtime, account: str, region: str, name: str, token: str, trigger: str) -> RotationRun:
    """Run the four steps for the secret `name` with `token`; record and return the run."""
    ctx = context(runtime, account, region)
    table = ctx.scope.table("secrets")
    runs = ctx.scope.table("runs")
    secret: Secret = table[name]
    run = RotationRun(_random.token_hex(8), secret.arn, token, secret.rotation_lambda, ctx.clock.now(), trigger)
    if len(runs) >= KEEP_RUNS:
        for old in sorted(runs.values(), key=lambda r: r.started)[: len(runs) - KEEP_RUNS + 1]:
            del runs[old.id]
    runs[run.id] = run
    fn_account, fn_region = _function_scope(secret.rotation_lambda, account, region)
    for step in STEPS:
        event = {"Step": step, "SecretId": secret.arn, "ClientRequestToken": token, "RotationToken": token}
        error = ""
        try:
            out = await services.call(
                runtime, "lambda", "Invoke", {"FunctionName": secret.rotation_lambda, "Payload": json.dumps(event).encode()}, fn_account, fn_region
            )
            if out.get("FunctionError"):
                error = _payload_text(out.get("Payload"))
        except AwsError as e:
            error = f"{e.code}: {e.message}"
        run.steps.append({"step": step, "ok": not error, "error": error, "at": ctx.clock.now()})
        runs[run.id] = run
        if error:
            break
    secret = table.get(name)
    now = ctx.clock.now()
    done = secret is not None and token in secret.versions and stages.CURRENT in secret.versions[token].stages
    if secret is not None and done and len(run.steps) == len(STEPS) and all(s["ok"] for s in run.steps):
        stages.detach(secret, secret.versions[token], stages.PENDING)
        secret.last_rotated = now
        secret.next_rotation = next_rotation(secret, now) if secret.rotation_enabled else None
        run.status = "Succeeded"
    else:
        run.status = "Failed"
        if secret is not None and not run.steps[-1]["error"]:
            run.steps[-1]["error"] = "finishSecret returned but AWSCURRENT is not on the rotation's version"
            run.steps[-1]["ok"] = False
        if secret is not None and secret.rotation_enabled and secret.next_rotation is not None and secret.next_rotation <= now:
            # Retry at the next window rather than on every tick.
            secret.next_rotation = next_rotation(secret, now)
    run.finished = now
    runs[run.id] = run
    if secret is not None:
        table[name] = secret
    return run


async def test_configuration(runtime: Runtime, account: str, region: str, name: str) -> RotationRun | None:
    """RotateSecret with RotateImmediately false: run only the function's testSecret step against a
    temporary AWSPENDING version (a copy of AWSCURRENT), then remove that version, as AWS does."""
    from cumulo.services.secretsmanager import values

    ctx = context(runtime, account, region)
    table = ctx.scope.table("secrets")
    secret: Secret = table[name]
    current = secret.version_with(stages.CURRENT)
    if current is None or pending_token(secret) is not None:
        return None
    token = _uuid()
    plain = await values.open_(ctx, secret, current)
    version = await values.seal(ctx, secret, token, plain, current.binary, [])
    secret = table[name]
    secret.versions[token] = version
    stages.attach(secret, version, [stages.PENDING])
    table[name] = secret
    run = RotationRun(_random.token_hex(8), secret.arn, token, secret.rotation_lambda, ctx.clock.now(), "test")
    fn_account, fn_region = _function_scope(secret.rotation_lambda, account, region)
    event = {"Step": "testSecret", "SecretId": secret.arn, "ClientRequestToken": token, "RotationToken": token}
    error = ""
    try:
        out = await services.call(runtime, "lambda", "Invoke", {"FunctionName": secret.rotation_lambda, "Payload": json.dumps(event).encode()}, fn_account, fn_region)
        if out.get("FunctionError"):
            error = _payload_text(out.get("Payload"))
    except AwsError as e:
        error = f"{e.code}: {e.message}"
    run.steps.append({"step": "testSecret", "ok": not error, "error": error, "at": ctx.clock.now()})
    run.status, run.finished = ("Failed" if error else "Succeeded"), ctx.clock.now()
    ctx.scope.table("runs")[run.id] = run
    secret = table.get(name)
    if secret is not None and token in secret.versions:
        del secret.versions[token]
        table[name] = secret
    return run


def _function_scope(arn: str, account: str, region: str) -> tuple[str, str]:
    parts = arn.split(":")
    if len(parts) >= 7 and parts[0] == "arn" and parts[2] == "lambda":
        return parts[4], parts[3]
    return account, region


def _payload_text(payload: object) -> str:
    if isinstance(payload, (bytes, bytearray)):
        text = bytes(payload).decode("utf-8", "replace")
    else:
        text = str(payload or "")
    try:
        body = json.loads(text)
        if isinstance(body, dict) and "errorMessage" in body:
            return f"{body.get('errorType', 'Error')}: {body['errorMessage']}"
    except ValueError:
        pass
    return text or "the function failed"


async def tick(runtime: Runtime, now: float) -> int:
    """Due rotations and ended recovery windows, in every account and Region."""
    done = 0
    for scope in runtime.store.scopes_of("secretsmanager"):
        table = scope.table("secrets")
        for name, secret in list(table.items()):
            if secret.deletion_date is not None and secret.deletion_date <= now:
                del table[name]
                done += 1
                continue
            if (
                secret.deleted is None
                and secret.rotation_enabled
                and secret.rotation_lambda
                and secret.next_rotation is not None
                and secret.next_rotation <= now
                and not (secret.primary_region and secret.primary_region != secret.region)
            ):
                token = pending_token(secret) or str(_uuid())
                prepare(secret, token, now)
                table[name] = secret
                await rotate(runtime, scope.account, scope.region, name, token, "schedule")
                done += 1
    return done


def _uuid() -> str:
    import uuid

    return str(uuid.uuid4())
