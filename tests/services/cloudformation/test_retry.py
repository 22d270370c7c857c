"""A stack that failed with rollback disabled keeps what it made and takes another update,
which retries what failed (AWS's "preserve successfully provisioned resources"; the loop
`sam deploy --disable-rollback` suggests: fix, deploy again)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.services.cloudformation.conftest import body, statuses, wait_stack


def queue(**props: Any) -> dict[str, Any]:
    return {"Type": "AWS::SQS::Queue", "Properties": props}


def url_of(cfn: Any, stack: str, logical: str) -> str:
    return cfn.describe_stack_resource(StackName=stack, LogicalResourceId=logical)["StackResourceDetail"]["PhysicalResourceId"]


def test_an_update_retries_a_create_that_failed(cfn: Any, sqs: Any) -> None:
    cfn.create_stack(StackName="retry", TemplateBody=body({"Resources": {"Ok": queue(), "Bad": queue(VisibilityTimeout=999999)}}),
                     DisableRollback=True)
    assert wait_stack(cfn, "retry")["StackStatus"] == "CREATE_FAILED"
    kept = url_of(cfn, "retry", "Ok")
    cfn.update_stack(StackName="retry", TemplateBody=body({"Resources": {"Ok": queue(), "Bad": queue(VisibilityTimeout=60)}}))
    assert wait_stack(cfn, "retry")["StackStatus"] == "UPDATE_COMPLETE"
    assert url_of(cfn, "retry", "Ok") == kept  # untouched, not made again
    made = url_of(cfn, "retry", "Bad")
    assert sqs.get_queue_attributes(QueueUrl=made, AttributeNames=["VisibilityTimeout"])["Attributes"]["VisibilityTimeout"] == "60"
    assert [s for n, s in statuses(cfn, "retry") if n == "Bad"][-3:] == ["CREATE_IN_PROGRESS", "CREATE_IN_PROGRESS", "CREATE_COMPLETE"]
    assert sorted(sqs.list_queues()["QueueUrls"]) == sorted([kept, made])


def test_a_retry_that_fails_again_rolls_back_what_it_made(cfn: Any, sqs: Any) -> None:
    tpl = {"Resources": {"Ok": queue(), "Bad": queue(VisibilityTimeout=999999)}}
    cfn.create_stack(StackName="again", TemplateBody=body(tpl), OnFailure="DO_NOTHING")
    assert wait_stack(cfn, "again")["StackStatus"] == "CREATE_FAILED"
    kept = url_of(cfn, "again", "Ok")
    worse = {"Resources": {"Ok": queue(), "Bad": queue(), "Worse": {**queue(DelaySeconds=99999), "DependsOn": "Bad"}}}
    cfn.update_stack(StackName="again", TemplateBody=body(worse))
    assert wait_stack(cfn, "again")["StackStatus"] == "UPDATE_ROLLBACK_COMPLETE"
    assert sqs.list_queues()["QueueUrls"] == [kept]  # the Bad made by the retry is gone again


def test_a_change_set_retries_too_but_not_after_a_rollback(cfn: Any, sqs: Any) -> None:
    cfn.create_stack(StackName="cs", TemplateBody=body({"Resources": {"Bad": queue(VisibilityTimeout=999999)}}), DisableRollback=True)
    assert wait_stack(cfn, "cs")["StackStatus"] == "CREATE_FAILED"
    cfn.create_change_set(StackName="cs", ChangeSetName="fix", TemplateBody=body({"Resources": {"Bad": queue()}}))
    cfn.execute_change_set(StackName="cs", ChangeSetName="fix", DisableRollback=True)
    assert wait_stack(cfn, "cs")["StackStatus"] == "UPDATE_COMPLETE"
    assert len(sqs.list_queues()["QueueUrls"]) == 1

    cfn.create_stack(StackName="rolled", TemplateBody=body({"Resources": {"Bad": queue(VisibilityTimeout=999999)}}))
    assert wait_stack(cfn, "rolled")["StackStatus"] == "ROLLBACK_COMPLETE"
    with pytest.raises(cfn.exceptions.ClientError, match="ROLLBACK_COMPLETE state and can not be updated"):
        cfn.create_change_set(StackName="rolled", ChangeSetName="fix", TemplateBody=body({"Resources": {"Bad": queue()}}))
