"""AddPermission and RemovePermission as statements in the queue's `Policy` attribute.

AddPermission appends a statement whose `Sid` is the label, granting the
accounts (as `arn:aws:iam::<account>:root` principals) the `SQS:<action>`
actions on the queue; RemovePermission drops the statement with that Sid, and
the Policy attribute goes away with its last statement. A single principal or
action is written as a string, several as a list, as SQS writes them.
"""

from __future__ import annotations

import json
import re
from typing import Any

from cumulo.core.arns import arn
from cumulo.core.errors import AwsError
from cumulo.services.sqs.models import Queue

# The actions AddPermission accepts (the batch variants are covered by their base action).
ACTIONS = frozenset(
    {
        "*",
        "SendMessage",
        "ReceiveMessage",
        "DeleteMessage",
        "ChangeMessageVisibility",
        "GetQueueAttributes",
        "GetQueueUrl",
        "ListDeadLetterSourceQueues",
        "PurgeQueue",
        "ListQueueTags",
    }
)
_LABEL = re.compile(r"^[A-Za-z0-9_-]{1,80}$")


def _one_or_many(values: list[str]) -> str | list[str]:
    return values[0] if len(values) == 1 else values


def _document(queue: Queue) -> dict[str, Any]:
    current = queue.attributes.get("Policy")
    if current:
        document: dict[str, Any] = json.loads(current)
        document.setdefault("Statement", [])
        if isinstance(document["Statement"], dict):
            document["Statement"] = [document["Statement"]]
        return document
    # The policy SQS writes for AddPermission is in the 2008-10-17 policy language, as AWS answers it.
    return {"Version": "2008-10-17", "Id": f"{queue.arn}/SQSDefaultPolicy", "Statement": []}


def add(queue: Queue, label: str, accounts: list[str], actions: list[str]) -> None:
    if not _LABEL.match(label):
        raise AwsError(
            "InvalidParameterValue",
            f"Value {label} for parameter Label is invalid. Reason: Can only include alphanumeric characters, "
            "hyphens, or underscores. 1 to 80 in length.",
        )
    if not accounts:
        raise AwsError("MissingParameter", "The request must contain the parameter AWSAccountIds.")
    if not actions:
        raise AwsError("MissingParameter", "The request must contain the parameter Actions.")
    for action in actions:
        if action not in ACTIONS:
            raise AwsError(
                "InvalidParameterValue",
                f"Value SQS:{action} for parameter ActionName is invalid. Reason: Please refer to the appropriate "
                "WSDL for a list of valid actions.",
            )
    document = _document(queue)
    if any(s.get("Sid") == label for s in document["Statement"]):
        raise AwsError("InvalidParameterValue", f"Value {label} for parameter Label is invalid. Reason: Already exists.")
    document["Statement"].append(
        {
            "Sid": label,
            "Effect": "Allow",
            "Principal": {"AWS": _one_or_many([arn("iam", "", a, "root", home=queue.region) for a in accounts])},
            "Action": _one_or_many([f"SQS:{a}" for a in actions]),
            "Resource": queue.arn,
        }
    )
    queue.attributes["Policy"] = json.dumps(document, separators=(",", ":"))


def remove(queue: Queue, label: str) -> None:
    document = _document(queue)
    kept = [s for s in document["Statement"] if s.get("Sid") != label]
    if len(kept) == len(document["Statement"]):
        raise AwsError(
            "InvalidParameterValue",
            f"Value {label} for parameter Label is invalid. Reason: can't find label on existing policy.",
        )
    if kept:
        document["Statement"] = kept
        queue.attributes["Policy"] = json.dumps(document, separators=(",", ":"))
    else:
        queue.attributes.pop("Policy", None)
