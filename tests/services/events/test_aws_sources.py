"""Events from AWS services: S3 object events on the default bus when a bucket enables EventBridge."""

from __future__ import annotations

import json

import boto3


def test_s3_object_events_reach_eventbridge_rules(events, cumulo, make_queue, drain):
    s3 = boto3.client("s3", endpoint_url=cumulo.url, region_name="us-east-1")
    s3.create_bucket(Bucket="photos")
    s3.put_bucket_notification_configuration(Bucket="photos", NotificationConfiguration={"EventBridgeConfiguration": {}})
    url, arn = make_queue("s3-events")
    events.put_rule(Name="uploads", EventPattern=json.dumps({
        "source": ["aws.s3"], "detail-type": ["Object Created"], "detail": {"bucket": {"name": ["photos"]},
                                                                            "object": {"key": [{"prefix": "cats/"}]}}}))
    events.put_targets(Rule="uploads", Targets=[{"Id": "q", "Arn": arn}])
    s3.put_object(Bucket="photos", Key="cats/tom.jpg", Body=b"meow")
    s3.put_object(Bucket="photos", Key="dogs/rex.jpg", Body=b"woof")
    [message] = drain(url)
    event = message["Json"]
    assert event["source"] == "aws.s3" and event["detail-type"] == "Object Created"
    assert event["resources"] == ["arn:aws:s3:::photos"]
    assert event["detail"]["object"]["key"] == "cats/tom.jpg" and event["detail"]["object"]["size"] == 4
    assert event["detail"]["reason"] == "PutObject"
