"""Topics through boto3: create (idempotent, FIFO), attributes, listing with paging, permissions, tags."""

from __future__ import annotations

import json
from typing import Any

import pytest
from botocore.exceptions import ClientError


def error_of(call: Any, **kwargs: Any) -> tuple[str, str, int]:
    with pytest.raises(ClientError) as raised:
        call(**kwargs)
    e = raised.value.response
    return e["Error"]["Code"], e["Error"]["Message"], e["ResponseMetadata"]["HTTPStatusCode"]


def test_create_is_idempotent_and_refuses_different_attributes(sns: Any) -> None:
    arn = sns.create_topic(Name="orders", Attributes={"DisplayName": "Orders"})["TopicArn"]
    assert arn == "arn:aws:sns:us-east-1:000000000000:orders"
    assert sns.create_topic(Name="orders", Attributes={"DisplayName": "Orders"})["TopicArn"] == arn
    assert error_of(sns.create_topic, Name="orders", Attributes={"DisplayName": "Other"}) == (
        "InvalidParameter", "Invalid parameter: Attributes Reason: Topic already exists with different attributes", 400)
    assert error_of(sns.create_topic, Name="bad name")[:2] == ("InvalidParameter", "Invalid parameter: Topic Name")
    assert error_of(sns.create_topic, Name="x", Attributes={"Nope": "1"})[:2] == ("InvalidParameter", "Invalid parameter: AttributeName")


def test_fifo_topics(sns: Any) -> None:
    arn = sns.create_topic(Name="jobs.fifo", Attributes={"FifoTopic": "true", "ContentBasedDeduplication": "true"})["TopicArn"]
    attrs = sns.get_topic_attributes(TopicArn=arn)["Attributes"]
    assert attrs["FifoTopic"] == "true" and attrs["ContentBasedDeduplication"] == "true"
    code, message, _ = error_of(sns.create_topic, Name="jobs", Attributes={"FifoTopic": "true"})
    assert code == "InvalidParameter" and "Fifo Topic names must end with .fifo" in message
    assert error_of(sns.create_topic, Name="plain", Attributes={"ContentBasedDeduplication": "true"})[0] == "InvalidParameter"


def test_attributes_round_trip_and_defaults(sns: Any, topic: str) -> None:
    attrs = sns.get_topic_attributes(TopicArn=topic)["Attributes"]
    assert attrs["Owner"] == "000000000000" and attrs["SubscriptionsConfirmed"] == "0"
    assert json.loads(attrs["Policy"])["Statement"][0]["Resource"] == topic
    assert json.loads(attrs["EffectiveDeliveryPolicy"])["http"]["defaultHealthyRetryPolicy"]["numRetries"] == 3
    policy = {"http": {"defaultHealthyRetryPolicy": {"numRetries": 5, "minDelayTarget": 1, "maxDelayTarget": 10, "backoffFunction": "exponential"}}}
    sns.set_topic_attributes(TopicArn=topic, AttributeName="DeliveryPolicy", AttributeValue=json.dumps(policy))
    sns.set_topic_attributes(TopicArn=topic, AttributeName="DisplayName", AttributeValue="Shop")
    sns.set_topic_attributes(TopicArn=topic, AttributeName="SignatureVersion", AttributeValue="2")
    sns.set_topic_attributes(TopicArn=topic, AttributeName="TracingConfig", AttributeValue="Active")
    sns.set_topic_attributes(TopicArn=topic, AttributeName="KmsMasterKeyId", AttributeValue="alias/aws/sns")
    attrs = sns.get_topic_attributes(TopicArn=topic)["Attributes"]
    assert attrs["DisplayName"] == "Shop" and attrs["SignatureVersion"] == "2" and attrs["TracingConfig"] == "Active"
    assert attrs["KmsMasterKeyId"] == "alias/aws/sns"
    assert json.loads(attrs["EffectiveDeliveryPolicy"])["http"]["defaultHealthyRetryPolicy"]["numRetries"] == 5
    assert error_of(sns.set_topic_attributes, TopicArn=topic, AttributeName="SignatureVersion", AttributeValue="3")[:2] == (
        "InvalidParameter", "Invalid parameter: SignatureVersion")
    assert error_of(sns.set_topic_attributes, TopicArn=topic, AttributeName="DeliveryPolicy", AttributeValue="{")[0] == "InvalidParameter"


def test_not_found_and_delete(sns: Any, topic: str) -> None:
    missing = topic + "-gone"
    assert error_of(sns.get_topic_attributes, TopicArn=missing) == ("NotFound", "Topic does not exist", 404)
    assert error_of(sns.get_topic_attributes, TopicArn="not-an-arn")[:2] == ("InvalidParameter", "Invalid parameter: TopicArn")
    sns.delete_topic(TopicArn=topic)
    sns.delete_topic(TopicArn=topic)  # deleting again succeeds, as on AWS
    assert sns.list_topics()["Topics"] == []


def test_list_topics_pages_by_100(sns: Any) -> None:
    for i in range(105):
        sns.create_topic(Name=f"t{i:03d}")
    first = sns.list_topics()
    assert len(first["Topics"]) == 100 and "NextToken" in first
    second = sns.list_topics(NextToken=first["NextToken"])
    assert len(second["Topics"]) == 5 and "NextToken" not in second
    paged = [t["TopicArn"] for page in sns.get_paginator("list_topics").paginate() for t in page["Topics"]]
    assert len(set(paged)) == 105


def test_permissions_edit_the_policy(sns: Any, topic: str) -> None:
    sns.add_permission(TopicArn=topic, Label="partners", AWSAccountId=["111122223333"], ActionName=["Publish", "Subscribe"])
    statements = json.loads(sns.get_topic_attributes(TopicArn=topic)["Attributes"]["Policy"])["Statement"]
    added = [s for s in statements if s["Sid"] == "partners"][0]
    assert added["Principal"] == {"AWS": "arn:aws:iam::111122223333:root"} and added["Action"] == ["SNS:Publish", "SNS:Subscribe"]
    assert error_of(sns.add_permission, TopicArn=topic, Label="partners", AWSAccountId=["1"], ActionName=["Publish"])[0] == "InvalidParameter"
    sns.remove_permission(TopicArn=topic, Label="partners")
    statements = json.loads(sns.get_topic_attributes(TopicArn=topic)["Attributes"]["Policy"])["Statement"]
    assert [s["Sid"] for s in statements] == ["__default_statement_ID"]


def test_tags(sns: Any) -> None:
    arn = sns.create_topic(Name="tagged", Tags=[{"Key": "team", "Value": "a"}])["TopicArn"]
    sns.tag_resource(ResourceArn=arn, Tags=[{"Key": "env", "Value": "dev"}])
    assert sorted((t["Key"], t["Value"]) for t in sns.list_tags_for_resource(ResourceArn=arn)["Tags"]) == [("env", "dev"), ("team", "a")]
    sns.untag_resource(ResourceArn=arn, TagKeys=["team"])
    assert sns.list_tags_for_resource(ResourceArn=arn)["Tags"] == [{"Key": "env", "Value": "dev"}]
    assert error_of(sns.list_tags_for_resource, ResourceArn=arn + "x")[:2] == ("ResourceNotFound", "Resource does not exist")
    too_many = [{"Key": f"k{i}", "Value": "v"} for i in range(51)]
    assert error_of(sns.tag_resource, ResourceArn=arn, Tags=too_many)[0] == "TagLimitExceeded"
    assert error_of(sns.create_topic, Name="tagged", Tags=[{"Key": "env", "Value": "prod"}])[1] == (
        "Invalid parameter: Tags Reason: Topic already exists with different tags")


def test_data_protection_policy(sns: Any, topic: str) -> None:
    assert "DataProtectionPolicy" not in sns.get_data_protection_policy(ResourceArn=topic)
    policy = json.dumps({"Name": "p", "Version": "2021-06-01", "Statement": [{"DataIdentifier": ["arn:aws:dataprotection::aws:data-identifier/EmailAddress"],
                                                                              "Operation": {"Deny": {}}, "Principal": ["*"], "DataDirection": "Inbound"}]})
    sns.put_data_protection_policy(ResourceArn=topic, DataProtectionPolicy=policy)
    assert sns.get_data_protection_policy(ResourceArn=topic)["DataProtectionPolicy"] == policy
    assert error_of(sns.put_data_protection_policy, ResourceArn=topic, DataProtectionPolicy="nope")[0] == "InvalidParameter"


def test_the_topic_policy_decides_for_other_accounts(sns: Any, topic: str, cumulo: Any) -> None:
    import boto3

    partner = boto3.client("sns", endpoint_url=cumulo.url, region_name="us-east-1", aws_access_key_id="111122223333", aws_secret_access_key="x")
    code, message, status = error_of(partner.publish, TopicArn=topic, Message="uninvited")
    assert (code, status) == ("AuthorizationError", 403) and "is not authorized to perform: SNS:Publish on resource: " + topic in message
    sns.add_permission(TopicArn=topic, Label="partner-publish", AWSAccountId=["111122223333"], ActionName=["Publish"])
    assert partner.publish(TopicArn=topic, Message="invited")["MessageId"]
    assert error_of(partner.get_topic_attributes, TopicArn=topic)[0] == "AuthorizationError"
    deny = {"Sid": "no", "Effect": "Deny", "Principal": {"AWS": "*"}, "Action": "sns:Publish", "Resource": topic,
            "Condition": {"StringEquals": {"aws:SourceAccount": "111122223333"}}}
    policy = json.loads(sns.get_topic_attributes(TopicArn=topic)["Attributes"]["Policy"])
    sns.set_topic_attributes(TopicArn=topic, AttributeName="Policy", AttributeValue=json.dumps({**policy, "Statement": policy["Statement"] + [deny]}))
    assert error_of(partner.publish, TopicArn=topic, Message="denied")[0] == "AuthorizationError"
    assert sns.publish(TopicArn=topic, Message="the owner is not bound by it")["MessageId"]
