"""Amazon SQS: standard and FIFO queues, dead-letter queues and message move tasks.

Registration only; the handlers are in `api`, the state in `models`.
"""

from cumulo.services import InternalRoute, Service, Tick
from cumulo.services.sqs import api, delivery, internal, move_tasks

SERVICE = Service(
    name="sqs",
    api=api,
    internal=[
        InternalRoute("GET", "sqs/messages", internal.list_messages),
        InternalRoute("POST", "sqs/expiration-processor/tick", internal.expiration_tick),
        InternalRoute("POST", "sqs/{queue}/force-dlq", internal.force_dlq),
        InternalRoute("GET", "sqs/peek", internal.peek, aliases=("/_aws/sqs/messages",)),
        InternalRoute("POST", "sqs/peek", internal.peek, aliases=("/_aws/sqs/messages",)),
        InternalRoute(
            "GET", "sqs/peek/{region}/{account}/{queue}", internal.peek, aliases=("/_aws/sqs/messages/{region}/{account}/{queue}",)
        ),
    ],
    ticks=[
        Tick(every=5.0, fn=delivery.expire_all),
        Tick(every=1.0, fn=move_tasks.run_all),
    ],
)
