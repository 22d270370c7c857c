"""SNS handlers, one per operation of the model, grouped by noun (DESIGN.md: split api by resource)."""

from cumulo.services.sns.api.platform import (
    create_platform_application, create_platform_endpoint, delete_endpoint, delete_platform_application,
    get_endpoint_attributes, get_platform_application_attributes, list_endpoints_by_platform_application,
    list_platform_applications, set_endpoint_attributes, set_platform_application_attributes,
)
from cumulo.services.sns.api.publishing import publish, publish_batch
from cumulo.services.sns.api.sms import (
    check_if_phone_number_is_opted_out, create_sms_sandbox_phone_number, delete_sms_sandbox_phone_number,
    get_sms_attributes, get_sms_sandbox_account_status, list_origination_numbers, list_phone_numbers_opted_out,
    list_sms_sandbox_phone_numbers, opt_in_phone_number, set_sms_attributes, verify_sms_sandbox_phone_number,
)
from cumulo.services.sns.api.subscriptions import (
    confirm_subscription, get_subscription_attributes, list_subscriptions, list_subscriptions_by_topic,
    set_subscription_attributes, subscribe, unsubscribe,
)
from cumulo.services.sns.api.topics import (
    add_permission, create_topic, delete_topic, get_data_protection_policy, get_topic_attributes,
    list_tags_for_resource, list_topics, put_data_protection_policy, remove_permission, set_topic_attributes,
    tag_resource, untag_resource,
)

__all__ = [
    "add_permission", "check_if_phone_number_is_opted_out", "confirm_subscription", "create_platform_application",
    "create_platform_endpoint", "create_sms_sandbox_phone_number", "create_topic", "delete_endpoint",
    "delete_platform_application", "delete_sms_sandbox_phone_number", "delete_topic", "get_data_protection_policy",
    "get_endpoint_attributes", "get_platform_application_attributes", "get_sms_attributes",
    "get_sms_sandbox_account_status", "get_subscription_attributes", "get_topic_attributes",
    "list_endpoints_by_platform_application", "list_origination_numbers", "list_phone_numbers_opted_out",
    "list_platform_applications", "list_sms_sandbox_phone_numbers", "list_subscriptions",
    "list_subscriptions_by_topic", "list_tags_for_resource", "list_topics", "opt_in_phone_number", "publish",
    "publish_batch", "put_data_protection_policy", "remove_permission", "set_endpoint_attributes",
    "set_platform_application_attributes", "set_sms_attributes", "set_subscription_attributes",
    "set_topic_attributes", "subscribe", "tag_resource", "unsubscribe", "untag_resource",
    "verify_sms_sandbox_phone_number",
]
