import base64


def handler(event, context):
    if "records" not in event:  # a Kinesis batch from the event source mapping
        return {}
    return {"records": [{"recordId": r["recordId"], "result": "Ok", "data": base64.b64encode(base64.b64decode(r["data"]).upper()).decode()} for r in event["records"]]}
