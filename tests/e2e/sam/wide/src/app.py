"""Logs every event it gets (the test reads them back from CloudWatch Logs) and answers with a
value from its layer, so a reply proves the layer was attached."""

import json
import os

import shared


def handler(event, context):
    print(json.dumps({"got": event, "shared": shared.VALUE}))
    return {"shared": shared.VALUE, "stage": os.environ.get("STAGE")}
