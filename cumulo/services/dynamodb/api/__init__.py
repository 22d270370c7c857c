"""DynamoDB handlers, split by noun; each module's handlers are in model order.

`tables` (tables, limits, tags, TTL, continuous backups), `items` (single-item
reads and writes), `queries` (Query, Scan), `batches` (batch and transactional
operations), `statements` (PartiQL), `backups` (on-demand backups, restores),
`policies` (resource-based policies), `globals` (global tables 2017.11.29, replica
auto scaling), `streaming` (Kinesis destinations, contributor insights),
`transfers` (exports to and imports from S3), `bulk` (bulk puts from S3), `search`
(vector search).
"""

from cumulo.services.dynamodb.api.backups import (
    create_backup,
    delete_backup,
    describe_backup,
    list_backups,
    restore_table_from_backup,
    restore_table_to_point_in_time,
)
from cumulo.services.dynamodb.api.bulk import (
    cancel_bulk_operation,
    describe_bulk_operation,
    list_bulk_operations,
    start_bulk_put_items,
)
from cumulo.services.dynamodb.api.batches import batch_get_item, batch_write_item, transact_get_items, transact_write_items
from cumulo.services.dynamodb.api.items import delete_item, get_item, put_item, update_item
from cumulo.services.dynamodb.api.globals import (
    create_global_table,
    describe_global_table,
    describe_global_table_settings,
    describe_table_replica_auto_scaling,
    list_global_tables,
    update_global_table,
    update_global_table_settings,
    update_table_replica_auto_scaling,
)
from cumulo.services.dynamodb.api.policies import delete_resource_policy, get_resource_policy, put_resource_policy
from cumulo.services.dynamodb.api.search import search_vectors
from cumulo.services.dynamodb.api.streaming import (
    describe_contributor_insights,
    describe_kinesis_streaming_destination,
    disable_kinesis_streaming_destination,
    enable_kinesis_streaming_destination,
    list_contributor_insights,
    update_contributor_insights,
    update_kinesis_streaming_destination,
)
from cumulo.services.dynamodb.api.transfers import (
    describe_export,
    describe_import,
    export_table_to_point_in_time,
    import_table,
    list_exports,
    list_imports,
)
from cumulo.services.dynamodb.api.queries import query, scan
from cumulo.services.dynamodb.api.statements import batch_execute_statement, execute_statement, execute_transaction
from cumulo.services.dynamodb.api.tables import (
    create_table,
    delete_table,
    describe_continuous_backups,
    describe_endpoints,
    describe_limits,
    describe_table,
    describe_time_to_live,
    list_tables,
    list_tags_of_resource,
    tag_resource,
    untag_resource,
    update_continuous_backups,
    update_table,
    update_time_to_live,
)

__all__ = [
    "batch_execute_statement", "execute_statement", "execute_transaction",
    "create_backup", "delete_backup", "describe_backup", "list_backups", "restore_table_from_backup",
    "restore_table_to_point_in_time",
    "batch_get_item", "batch_write_item", "query", "scan", "transact_get_items", "transact_write_items",
    "create_table", "delete_item", "delete_table", "describe_continuous_backups", "describe_endpoints",
    "describe_limits", "describe_table", "describe_time_to_live", "get_item", "list_tables",
    "list_tags_of_resource", "put_item", "tag_resource", "untag_resource", "update_continuous_backups",
    "update_item", "update_table", "update_time_to_live",
    "delete_resource_policy", "get_resource_policy", "put_resource_policy", "search_vectors",
    "create_global_table", "describe_global_table", "describe_global_table_settings", "describe_table_replica_auto_scaling",
    "list_global_tables", "update_global_table", "update_global_table_settings", "update_table_replica_auto_scaling",
    "describe_contributor_insights", "describe_kinesis_streaming_destination", "disable_kinesis_streaming_destination",
    "enable_kinesis_streaming_destination", "list_contributor_insights", "update_contributor_insights",
    "update_kinesis_streaming_destination",
    "describe_export", "describe_import", "export_table_to_point_in_time", "import_table", "list_exports", "list_imports",
    "cancel_bulk_operation", "describe_bulk_operation", "list_bulk_operations", "start_bulk_put_items",
]
