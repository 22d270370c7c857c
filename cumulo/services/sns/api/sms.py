"""SMS: account settings, opt-outs, the SMS sandbox (verified destination numbers), origination numbers.

A sandbox number is verified with the one-time password SNS "texts" it: the code is recorded in
the delivery ledger as an SMS to that number (GET /_cumulo/sns/sms), where a test reads it. Opting
out happens on a phone (a STOP reply): POST /_cumulo/sns/opt-out {"phoneNumber"} does it here.
"""

from __future__ import annotations

import re
import secrets
import uuid
from typing import Any

from cumulo.core.context import RequestContext
from cumulo.core.errors import AwsError
from cumulo.generated import sns as wire
from cumulo.services.sns import delivery
from cumulo.services.sns.api.common import page
from cumulo.services.sns.errors import invalid
from cumulo.services.sns.models import Notification, SandboxNumber

SMS_ATTRIBUTES = {
    "MonthlySpendLimit", "DeliveryStatusIAMRole", "DeliveryStatusSuccessSamplingRate", "DefaultSenderID",
    "DefaultSMSType", "UsageReportS3Bucket",
}
_PHONE = re.compile(r"^\+[1-9][0-9]{6,14}$")
LANGUAGES = {"en-US", "en-GB", "es-419", "es-ES", "de-DE", "fr-CA", "fr-FR", "it-IT", "ja-JP", "pt-BR", "kr-KR", "zh-CN", "zh-TW"}


def _settings(ctx: RequestContext) -> dict[str, str]:
    return ctx.scope.table("sms").get("attributes") or {}


def set_sms_attributes(ctx: RequestContext, req: wire.SetSMSAttributesInput) -> dict[str, Any]:
    given = dict(req["attributes"])
    for name, value in given.items():
        if name not in SMS_ATTRIBUTES:
            raise invalid(f"{name} is not a valid attribute")
        if name == "DefaultSMSType" and value not in ("Promotional", "Transactional"):
            raise invalid("DefaultSMSType Reason: must be Promotional or Transactional")
    ctx.scope.table("sms")["attributes"] = {**_settings(ctx), **given}
    return {}


def get_sms_attributes(ctx: RequestContext, req: wire.GetSMSAttributesInput) -> wire.GetSMSAttributesResponse:
    settings = _settings(ctx)
    wanted = req.get("attributes")
    return {"attributes": {k: v for k, v in settings.items() if not wanted or k in wanted}}


def _phone(value: str, member: str = "phoneNumber") -> str:
    if not re.match(r"^\+?[0-9]{7,15}$", value or ""):
        raise invalid(f"{member}")
    return value


def check_if_phone_number_is_opted_out(ctx: RequestContext, req: wire.CheckIfPhoneNumberIsOptedOutInput) -> wire.CheckIfPhoneNumberIsOptedOutResponse:
    return {"isOptedOut": _phone(req["phoneNumber"]) in ctx.scope.table("opted_out")}


def list_phone_numbers_opted_out(ctx: RequestContext, req: wire.ListPhoneNumbersOptedOutInput) -> dict[str, Any]:
    phones = sorted(ctx.scope.table("opted_out").rows)
    chunk, token = page(phones, req.get("nextToken"))
    out: dict[str, Any] = {"phoneNumbers": chunk}
    if token:
        out["nextToken"] = token
    return out


def opt_in_phone_number(ctx: RequestContext, req: wire.OptInPhoneNumberInput) -> dict[str, Any]:
    table = ctx.scope.table("opted_out")
    phone = _phone(req["phoneNumber"])
    if phone in table:
        if ctx.clock.now() - table[phone] < 30 * 86400 and table.get(phone + "#opted-in"):
            raise AwsError("Throttled", "You can opt in a phone number only once every 30 days")
        del table[phone]
    return {}


def get_sms_sandbox_account_status(ctx: RequestContext, req: wire.GetSMSSandboxAccountStatusInput) -> wire.GetSMSSandboxAccountStatusResult:
    return {"IsInSandbox": True}


def create_sms_sandbox_phone_number(ctx: RequestContext, req: wire.CreateSMSSandboxPhoneNumberInput) -> dict[str, Any]:
    phone = req["PhoneNumber"]
    if not _PHONE.match(phone):
        raise invalid("PhoneNumber Reason: must be in E.164 format")
    language = req.get("LanguageCode") or "en-US"
    if language not in LANGUAGES:
        raise invalid("LanguageCode")
    table = ctx.scope.table("sandbox")
    code = f"{secrets.randbelow(10**6):06d}"
    table[phone] = SandboxNumber(phone, False, language, code)
    n = Notification(str(uuid.uuid4()), "", f"Your Amazon SNS verification code is: {code}", ctx.clock.now())
    delivery.ledger(ctx.runtime, ctx.account, ctx.region, "sms", phone, "", "", n, n.message)
    return {}


def delete_sms_sandbox_phone_number(ctx: RequestContext, req: wire.DeleteSMSSandboxPhoneNumberInput) -> dict[str, Any]:
    table = ctx.scope.table("sandbox")
    if req["PhoneNumber"] not in table:
        raise AwsError("ResourceNotFound", "The phone number is not in the SMS sandbox")
    del table[req["PhoneNumber"]]
    return {}


def verify_sms_sandbox_phone_number(ctx: RequestContext, req: wire.VerifySMSSandboxPhoneNumberInput) -> dict[str, Any]:
    table = ctx.scope.table("sandbox")
    number: SandboxNumber | None = table.get(req["PhoneNumber"])
    if number is None:
        raise AwsError("ResourceNotFound", "The phone number is not in the SMS sandbox")
    if not secrets.compare_digest(number.code, req["OneTimePassword"]):
        raise AwsError("VerificationException", "Invalid one-time password", status=400, Status="INVALID_OTP")
    number.verified = True
    table.touch(number.phone)
    return {}


def list_sms_sandbox_phone_numbers(ctx: RequestContext, req: wire.ListSMSSandboxPhoneNumbersInput) -> dict[str, Any]:
    numbers = sorted(ctx.scope.table("sandbox").rows.values(), key=lambda n: n.phone)
    chunk, token = page(numbers, req.get("NextToken"), req.get("MaxResults") or 100)
    out: dict[str, Any] = {"PhoneNumbers": [{"PhoneNumber": n.phone, "Status": "Verified" if n.verified else "Pending"} for n in chunk]}
    if token:
        out["NextToken"] = token
    return out


def list_origination_numbers(ctx: RequestContext, req: wire.ListOriginationNumbersRequest) -> wire.ListOriginationNumbersResult:
    # An emulated account owns no origination numbers (they are bought in AWS End User Messaging).
    return {"PhoneNumbers": []}
