def handler(event, context):
    return {"received": sorted(event)}
