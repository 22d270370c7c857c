def handler(event, context):
    return [r["Sns"]["MessageId"] for r in event["Records"]]
