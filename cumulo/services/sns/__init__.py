"""Amazon SNS: topics (standard and FIFO), subscriptions that really deliver, filter policies, signatures.

Registration only; the handlers are in `api`, the state in `models`, delivery in `delivery`.
"""

from cumulo.core.options import ProtocolOptions
from cumulo.services import InternalRoute, Service, Tick
from cumulo.services.sns import api, delivery, internal, replay

PROTOCOL_OPTIONS: ProtocolOptions = {"xml_namespace": "http://sns.amazonaws.com/doc/2010-03-31/"}

SERVICE = Service(
    name="sns",
    api=api,
    protocol_options=PROTOCOL_OPTIONS,
    internal=[
        InternalRoute("GET", "sns/messages", internal.list_messages),
        InternalRoute("GET", "sns/deliveries", internal.deliveries),
        InternalRoute("GET", "sns/sms", internal.sms),
        InternalRoute("GET", "sns/pending-confirmations", internal.pending_confirmations),
        InternalRoute("POST", "sns/confirm-subscription", internal.confirm_by_arn),
        InternalRoute("GET", "sns/cert.pem", internal.certificate),
        InternalRoute("GET", "sns/confirm", internal.subscribe_url),
        InternalRoute("GET", "sns/unsubscribe", internal.unsubscribe_url),
        InternalRoute("POST", "sns/opt-out", internal.opt_out),
        InternalRoute("GET", "sns/platform-endpoint-messages", internal.platform_messages, aliases=("/_aws/sns/platform-endpoint-messages",)),
        InternalRoute("DELETE", "sns/platform-endpoint-messages", internal.platform_messages, aliases=("/_aws/sns/platform-endpoint-messages",)),
        InternalRoute("GET", "sns/sms-messages", internal.sms_messages, aliases=("/_aws/sns/sms-messages",)),
        InternalRoute("DELETE", "sns/sms-messages", internal.sms_messages, aliases=("/_aws/sns/sms-messages",)),
        InternalRoute("GET", "sns/subscription-tokens/{subscription_arn}", internal.subscription_token,
                      aliases=("/_aws/sns/subscription-tokens/{subscription_arn}",)),
    ],
    ticks=[
        Tick(every=1.0, fn=delivery.run_due),
        Tick(every=3600.0, fn=replay.purge),
    ],
)
