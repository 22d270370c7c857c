import json


def backend(event, context):
    return {
        "statusCode": 200,
        "headers": {"Content-Type": "application/json"},
        "body": json.dumps({
            "path": event["path"],
            "proxy": event["pathParameters"]["proxy"],
            "flavour": event["stageVariables"]["flavour"],
            "user": event["requestContext"]["authorizer"]["principalId"],
        }),
    }


def authorizer(event, context):
    token = event["authorizationToken"]
    if token != "Bearer letmein":
        raise Exception("Unauthorized")
    return {
        "principalId": "tf-user",
        "policyDocument": {"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": "execute-api:Invoke", "Resource": event["methodArn"]}]},
    }
