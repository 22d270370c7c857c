"""DynamoDB handlers, split by noun; each module's handlers are in model order.

`tables` (tables, limits, tags, TTL, continuous backups), `items` (single-item
reads and writes), `queries` (Query, Scan), `batches` (batch and transactional
operations), `statements` (PartiQL), `backups` (on-demand backups, restores),
`policies` (resource-based policies).
"""

from cumulo.services.dynamodb.api.backups import (
    create_backup,
    delete_backup,
    describe_backup,
    list_backups,
    restore_table_from_backup,
    restore_table_to_point_in_time,
)
from cumulo.services.dynamodb.api.batches import batch_get_item, batch_write_item, transact_get_items, transact_write_items
from cumulo.services.dynamodb.api.items import delete_item, get_item, put_item, update_item
from cumulo.services.dynamodb.api.policies import delete_resource_policy, get_resource_policy, put_resource_policy
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
    "delete_resource_policy", "get_resource_policy", "put_resource_policy",
]
