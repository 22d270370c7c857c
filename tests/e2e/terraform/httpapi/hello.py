def handler(event, context):
    claims = (event["requestContext"].get("authorizer") or {}).get("jwt", {}).get("claims", {})
    name = (event.get("pathParameters") or {}).get("name") or claims.get("sub", "nobody")
    return {"greeting": event["stageVariables"]["greeting"], "name": name, "route": event["routeKey"]}
