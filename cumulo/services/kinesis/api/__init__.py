"""Kinesis handlers, split by noun; this module gathers them for the dispatch table.

Only handlers are imported here: every public function of this namespace must be
an operation of the Kinesis model (the registry checks).
"""

from cumulo.services.kinesis.api.channels import create_channel, delete_channel, describe_channel, list_channels, update_channel
from cumulo.services.kinesis.api.consumers import (
    deregister_stream_consumer,
    describe_stream_consumer,
    list_stream_consumers,
    register_stream_consumer,
)
from cumulo.services.kinesis.api.records import (
    get_records,
    get_shard_iterator,
    list_shards,
    merge_shards,
    put_record,
    put_records,
    split_shard,
    subscribe_to_shard,
    update_shard_count,
)
from cumulo.services.kinesis.api.resources import (
    delete_resource_policy,
    get_resource_policy,
    list_tags_for_resource,
    put_resource_policy,
    tag_resource,
    untag_resource,
)
from cumulo.services.kinesis.api.streams import (
    add_tags_to_stream,
    create_stream,
    decrease_stream_retention_period,
    delete_stream,
    describe_account_settings,
    describe_limits,
    describe_stream,
    describe_stream_summary,
    disable_enhanced_monitoring,
    enable_enhanced_monitoring,
    increase_stream_retention_period,
    list_streams,
    list_tags_for_stream,
    remove_tags_from_stream,
    start_stream_encryption,
    stop_stream_encryption,
    update_account_settings,
    update_max_record_size,
    update_stream_mode,
    update_stream_record_distribution_strategy,
    update_stream_warm_throughput,
)

__all__ = [
    "add_tags_to_stream", "create_channel", "create_stream", "decrease_stream_retention_period", "delete_channel",
    "delete_resource_policy", "delete_stream", "deregister_stream_consumer", "describe_account_settings", "describe_channel",
    "describe_limits", "describe_stream", "describe_stream_consumer", "describe_stream_summary", "disable_enhanced_monitoring",
    "enable_enhanced_monitoring", "get_records", "get_resource_policy", "get_shard_iterator", "increase_stream_retention_period",
    "list_channels", "list_shards", "list_stream_consumers", "list_streams", "list_tags_for_resource", "list_tags_for_stream",
    "merge_shards", "put_record", "put_records", "put_resource_policy", "register_stream_consumer", "remove_tags_from_stream",
    "split_shard", "start_stream_encryption", "stop_stream_encryption", "subscribe_to_shard", "tag_resource", "untag_resource",
    "update_account_settings", "update_channel", "update_max_record_size", "update_shard_count", "update_stream_mode",
    "update_stream_record_distribution_strategy", "update_stream_warm_throughput",
]
