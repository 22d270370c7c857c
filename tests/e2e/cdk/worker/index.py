"""The CDK e2e app's function: writes each SQS record it receives into the table named by TABLE_NAME."""

import os

import boto3

table = boto3.resource("dynamodb").Table(os.environ["TABLE_NAME"])


def handler(event, context):
    for record in event["Records"]:
        table.put_item(Item={"id": record["messageId"], "body": record["body"]})
    return {"written": len(event["Records"])}
