"""Resource policies, tags, reserved concurrency (enforced), function URLs and event invoke configs."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from typing import Any

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from cumulo.testing import CumuloServer


def test_permissions_policy(lam: Any, python_function: Callable[..., dict[str, Any]]) -> None:
    python_function("p")
    added = lam.add_permission(FunctionName="p", StatementId="s3", Action="lambda:InvokeFunction", Principal="s3.amazonaws.com", SourceArn="arn:aws:s3:::bucket", SourceAccount="000000000000")
    statement = json.loads(added["Statement"])
    assert statement["Principal"] == {"Service": "s3.amazonaws.com"}
    assert statement["Condition"] == {"ArnLike": {"AWS:SourceArn": "arn:aws:s3:::bucket"}, "StringEquals": {"AWS:SourceAccount": "000000000000"}}
    policy = json.loads(lam.get_policy(FunctionName="p")["Policy"])
    assert [s["Sid"] for s in policy["Statement"]] == ["s3"]
    with pytest.raises(ClientError) as e:
        lam.add_permission(FunctionName="p", StatementId="s3", Action="lambda:InvokeFunction", Principal="sns.amazonaws.com")
    assert e.value.response["Error"]["Code"] == "ResourceConflictException"
    lam.remove_permission(FunctionName="p", StatementId="s3")
    with pytest.raises(ClientError) as e:
        lam.get_policy(FunctionName="p")
    assert e.value.response["Error"]["Code"] == "ResourceNotFoundException"


def test_tags(lam: Any, python_function: Callable[..., dict[str, Any]]) -> None:
    arn = python_function("t", Tags={"a": "1"})["FunctionArn"]
    lam.tag_resource(Resource=arn, Tags={"b": "2"})
    lam.untag_resource(Resource=arn, TagKeys=["a"])
    assert lam.list_tags(Resource=arn)["Tags"] == {"b": "2"}


def test_tags_on_mappings_signing_configs_and_capacity_providers(lam: Any, sqs: Any, python_function: Callable[..., dict[str, Any]]) -> None:
    # Terraform reads every aws_lambda_event_source_mapping's tags with ListTags on its ARN.
    python_function("t")
    url = sqs.create_queue(QueueName="tagged")["QueueUrl"]
    queue_arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    mapping = lam.create_event_source_mapping(EventSourceArn=queue_arn, FunctionName="t", Tags={"a": "1"})["EventSourceMappingArn"]
    csc = lam.create_code_signing_config(AllowedPublishers={"SigningProfileVersionArns": ["arn:aws:signer:us-east-1:000000000000:/signing-profiles/p/abcdefghij"]})
    signing = csc["CodeSigningConfig"]["CodeSigningConfigArn"]
    pool = lam.create_capacity_provider(
        CapacityProviderName="pool", Tags={"a": "0"}, VpcConfig={"SubnetIds": ["subnet-1"], "SecurityGroupIds": ["sg-1"]},
        PermissionsConfig={"CapacityProviderOperatorRoleArn": "arn:aws:iam::000000000000:role/op"},
    )["CapacityProvider"]["CapacityProviderArn"]
    for arn, before in ((mapping, {"a": "1"}), (signing, {}), (pool, {"a": "0"})):
        assert lam.list_tags(Resource=arn)["Tags"] == before
        lam.tag_resource(Resource=arn, Tags={"b": "2", "c": "3"})
        lam.untag_resource(Resource=arn, TagKeys=["a", "c"])
        assert lam.list_tags(Resource=arn)["Tags"] == {"b": "2"}
    lam.delete_event_source_mapping(UUID=mapping.rsplit(":", 1)[-1])
    with pytest.raises(ClientError) as e:
        lam.list_tags(Resource=mapping)
    assert e.value.response["Error"]["Code"] == "ResourceNotFoundException"


def test_reserved_concurrency_throttles(python_function: Callable[..., dict[str, Any]], cumulo: CumuloServer) -> None:
    # SDKs retry throttles; ask once to see them.
    lam = boto3.client("lambda", endpoint_url=cumulo.url, region_name="us-east-1", config=Config(retries={"max_attempts": 1}))
    python_function("c")
    lam.put_function_concurrency(FunctionName="c", ReservedConcurrentExecutions=0)
    assert lam.get_function_concurrency(FunctionName="c")["ReservedConcurrentExecutions"] == 0
    with pytest.raises(ClientError) as e:
        lam.invoke(FunctionName="c", Payload=b"{}")
    assert e.value.response["Error"]["Code"] == "TooManyRequestsException"
    assert e.value.response["ResponseMetadata"]["HTTPStatusCode"] == 429
    assert e.value.response["Reason"] == "ReservedFunctionConcurrentInvocationLimitExceeded"
    lam.put_function_concurrency(FunctionName="c", ReservedConcurrentExecutions=1)
    results: list[Any] = []
    worker = threading.Thread(target=lambda: results.append(lam.invoke(FunctionName="c", Payload=b'{"sleep": 1.5}')["StatusCode"]))
    worker.start()
    in_flight = cumulo.runtime.live["lambda"].in_flight
    arn = "arn:aws:lambda:us-east-1:000000000000:function:c"
    for _ in range(500):  # until the slow invocation is running
        if in_flight[arn]:
            break
        time.sleep(0.01)
    with pytest.raises(ClientError) as e:
        lam.invoke(FunctionName="c", Payload=b"{}")
    assert e.value.response["Error"]["Code"] == "TooManyRequestsException"
    worker.join()
    assert results == [200]
    lam.delete_function_concurrency(FunctionName="c")
    assert lam.invoke(FunctionName="c", Payload=b"{}")["StatusCode"] == 200


def test_function_url_and_event_invoke_configs(lam: Any, python_function: Callable[..., dict[str, Any]]) -> None:
    python_function("u")
    url = lam.create_function_url_config(FunctionName="u", AuthType="NONE", Cors={"AllowOrigins": ["*"]})
    assert url["FunctionUrl"].startswith("https://") and ".lambda-url.us-east-1.on.aws/" in url["FunctionUrl"]
    assert lam.get_function_url_config(FunctionName="u")["Cors"] == {"AllowOrigins": ["*"]}
    assert lam.update_function_url_config(FunctionName="u", AuthType="AWS_IAM")["AuthType"] == "AWS_IAM"
    assert len(lam.list_function_url_configs(FunctionName="u")["FunctionUrlConfigs"]) == 1
    lam.delete_function_url_config(FunctionName="u")
    destination = {"OnFailure": {"Destination": "arn:aws:sqs:us-east-1:000000000000:failed"}}
    config = lam.put_function_event_invoke_config(FunctionName="u", MaximumRetryAttempts=0, DestinationConfig=destination)
    assert config["FunctionArn"].endswith(":function:u:$LATEST") and config["MaximumRetryAttempts"] == 0
    lam.update_function_event_invoke_config(FunctionName="u", MaximumEventAgeInSeconds=60)
    got = lam.get_function_event_invoke_config(FunctionName="u")
    assert (got["MaximumRetryAttempts"], got["MaximumEventAgeInSeconds"]) == (0, 60)
    assert got["DestinationConfig"] == destination
    lam.delete_function_event_invoke_config(FunctionName="u")
    with pytest.raises(ClientError):
        lam.get_function_event_invoke_config(FunctionName="u")
