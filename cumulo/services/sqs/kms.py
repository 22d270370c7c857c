"""SQS server-side encryption with KMS (`KmsMasterKeyId`), through `services.call`.

https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-server-side-encryption.html

A queue with a KMS key needs a data key from KMS (GenerateDataKey under the
queue's key, encryption context {"aws:sqs:arn": the queue's ARN}) to send and
to receive, reused for `KmsDataKeyReusePeriodSeconds` (default 300) on the
cumulo clock, as SQS does. So a missing, disabled or pending-deletion key makes
SendMessage and ReceiveMessage fail with SQS's Kms* errors once the reuse
period ends, and KMS's counters see the calls. The reused keys are live state
(`runtime.live`): after a restart the first call asks KMS again.
"""

from __future__ import annotations

from cumulo import services
from cumulo.core.context import RequestContext
from cumulo.core.errors import AwsError
from cumulo.services.sqs.models import Queue

# KMS error code -> SQS's own error code for it.
ERRORS = {
    "DisabledException": "KmsDisabled",
    "KMSInvalidStateException": "KmsInvalidState",
    "NotFoundException": "KmsNotFound",
    "InvalidKeyUsageException": "KmsInvalidKeyUsage",
    "AccessDeniedException": "KmsAccessDenied",
}
# How SQS names them in the query protocol (and x-amzn-query-error).
QUERY_CODES = {
    "KmsDisabled": "KMS.DisabledException",
    "KmsInvalidState": "KMS.InvalidStateException",
    "KmsNotFound": "KMS.NotFoundException",
    "KmsInvalidKeyUsage": "KMS.InvalidKeyUsageException",
    "KmsAccessDenied": "KMS.AccessDeniedException",
}


async def check(ctx: RequestContext, queue: Queue) -> None:
    """Make sure the queue holds a usable data key (asking KMS when the reused one has expired)."""
    key_id = queue.attributes.get("KmsMasterKeyId")
    if not key_id:
        return
    held: dict[tuple[str, float, str], float] = ctx.runtime.live.setdefault("sqs-data-keys", {})
    slot = (queue.arn, queue.created, key_id)  # a queue made again (or a reset store) asks KMS afresh
    now = ctx.clock.now()
    if held.get(slot, 0.0) > now:
        return
    try:
        await services.call(
            ctx.runtime, "kms", "GenerateDataKey",
            {"KeyId": key_id, "KeySpec": "AES_256", "EncryptionContext": {"aws:sqs:arn": queue.arn}},
            queue.account, queue.region,
        )
    except AwsError as e:
        raise AwsError(ERRORS.get(e.code, "KmsAccessDenied"), e.message or f"KMS refused the data key ({e.code}).", status=400) from None
    held[slot] = now + int(queue.attributes.get("KmsDataKeyReusePeriodSeconds", "300"))
