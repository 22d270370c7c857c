"""The `resource_policy` hook: a bucket's policy, owner and tags, for the gateway's
authorize step (CUMULO_ENFORCE_IAM). Bucket and object ARNs (`arn:aws:s3:::b`,
`arn:aws:s3:::b/key`) carry no account: the bucket's owner is the resource's account,
which is how a bucket policy grants another account."""

from __future__ import annotations

from cumulo.core.runtime import Runtime
from cumulo.services import ResourcePolicy
from cumulo.services.s3.models import GLOBAL


def bucket_policy(runtime: Runtime, arn: str) -> ResourcePolicy | None:
    if not arn.startswith("arn:aws:s3:::"):
        return None
    name = arn[len("arn:aws:s3:::"):].split("/", 1)[0]
    bucket = runtime.store.scope("s3", GLOBAL, GLOBAL).table("buckets").get(name)
    if bucket is None:
        return None
    policy = bucket.config.get("policy") or ""
    tags = {t["Key"]: t["Value"] for t in bucket.tags or []}
    return ResourcePolicy(policy if isinstance(policy, str) else "", bucket.account, tags)
