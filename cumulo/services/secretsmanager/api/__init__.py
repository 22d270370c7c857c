"""Secrets Manager's handlers, split by noun; this module gathers them for the dispatch table.

Only handlers are imported here: every public function of this namespace must be
an operation of the Secrets Manager model (the registry checks).
"""

from cumulo.services.secretsmanager.api.policies import (
    delete_resource_policy,
    get_resource_policy,
    list_resource_policies,
    put_resource_policy,
    validate_resource_policy,
)
from cumulo.services.secretsmanager.api.replication import (
    associate_cross_account_replica,
    disassociate_cross_account_replica,
    remove_regions_from_replication,
    replicate_secret_to_regions,
    stop_replication_to_replica,
)
from cumulo.services.secretsmanager.api.rotation import cancel_rotate_secret, rotate_secret
from cumulo.services.secretsmanager.api.secrets import (
    create_secret,
    delete_secret,
    describe_secret,
    get_random_password,
    list_secrets,
    restore_secret,
    tag_resource,
    untag_resource,
    update_secret,
)
from cumulo.services.secretsmanager.api.versions import (
    batch_get_secret_value,
    get_secret_value,
    list_secret_version_ids,
    put_secret_value,
    update_secret_version_stage,
)

__all__ = [
    "associate_cross_account_replica", "batch_get_secret_value", "cancel_rotate_secret", "create_secret",
    "delete_resource_policy", "delete_secret", "describe_secret", "disassociate_cross_account_replica",
    "get_random_password", "get_resource_policy", "get_secret_value", "list_resource_policies",
    "list_secret_version_ids", "list_secrets", "put_resource_policy", "put_secret_value",
    "remove_regions_from_replication", "replicate_secret_to_regions", "restore_secret", "rotate_secret",
    "stop_replication_to_replica", "tag_resource", "untag_resource", "update_secret", "update_secret_version_stage",
    "validate_resource_policy",
]
