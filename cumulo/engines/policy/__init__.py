"""The IAM policy engine: is this principal allowed to do this, and by which statement?

Pure and sans-IO (DESIGN.md section 13): callers hand it documents as text and
the request as plain values; it never reads state. Used by IAM's simulator, by
STS (trust policies, session policies) and by the gateway's `authorize` step,
with each service's resource policy (S3 buckets, SQS queues, Lambda functions,
and any later service's) reaching it through the service's `resource_policy` hook.

    policy = parse(text, kind="identity")         # PolicyError with IAM's message if bad
    decision = evaluate(Request(Principal(account, arn), "sqs:SendMessage", queue_arn,
                                context={"aws:sourceip": ["127.0.0.1"]}),
                        identity=[("arn:...:policy/P", policy)], resource=("resource", queue_policy))
    decision.allowed, decision.reason, decision.deciding  # the statement that decided

`denial_message` words a refusal as AWS does.
"""

from cumulo.engines.policy.conditions import OPERATORS, holds
from cumulo.engines.policy.document import Condition, Policy, PolicyError, Statement, parse, variables_in
from cumulo.engines.policy.evaluate import Decision, Match, Principal, Request, allowing, evaluate, principal_in, substitute

__all__ = [
    "OPERATORS", "Condition", "Decision", "allowing", "Match", "Policy", "PolicyError", "Principal", "Request", "Statement",
    "denial_message", "evaluate", "holds", "parse", "principal_in", "substitute", "variables_in",
]

_BECAUSE = {
    "explicit_deny": "with an explicit deny in {a} {kind} policy",
    "no_identity": "because no identity-based policy allows the {action} action",
    "no_resource": "because no resource-based policy allows the {action} action",
    "no_boundary": "because no permissions boundary allows the {action} action",
    "no_session": "because no session policy allows the {action} action",
    "no_organizations": "because no service control policy allows the {action} action",
}
_KIND_NAMES = {"identity": "identity-based", "resource": "resource-based", "boundary": "permissions boundary",
               "session": "session", "organizations": "service control"}


def denial_message(principal_arn: str, action: str, resource: str, decision: Decision) -> str:
    """`User: arn:... is not authorized to perform: sqs:SendMessage on resource: arn:... because ...`"""
    because = _BECAUSE.get(decision.reason, _BECAUSE["no_identity"])
    kind = _KIND_NAMES.get(decision.deciding.kind if decision.deciding else "identity", "identity-based")
    reason = because.format(action=action, kind=kind, a="an" if kind[0] in "aeiou" else "a")
    if decision.reason == "explicit_deny" and kind in ("permissions boundary",):
        reason = "with an explicit deny in a permissions boundary"
    return f"User: {principal_arn} is not authorized to perform: {action} on resource: {resource} {reason}"
