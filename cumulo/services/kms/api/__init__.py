"""KMS's handlers, split by noun; this module gathers them for the dispatch table.

Only handlers are imported here: every public function of this namespace must be
an operation of the KMS model (the registry checks).
"""

from cumulo.services.kms.api.aliases import create_alias, delete_alias, list_aliases, update_alias
from cumulo.services.kms.api.encryption import (
    decrypt,
    encrypt,
    generate_data_key,
    generate_data_key_pair,
    generate_data_key_pair_without_plaintext,
    generate_data_key_without_plaintext,
    generate_random,
    re_encrypt,
)
from cumulo.services.kms.api.grants import create_grant, list_grants, list_retirable_grants, retire_grant, revoke_grant
from cumulo.services.kms.api.keys import (
    cancel_key_deletion,
    create_key,
    describe_key,
    disable_key,
    disable_key_rotation,
    enable_key,
    enable_key_rotation,
    get_key_last_usage,
    get_key_policy,
    get_key_rotation_status,
    list_key_policies,
    list_key_rotations,
    list_keys,
    list_resource_tags,
    put_key_policy,
    replicate_key,
    rotate_key_on_demand,
    schedule_key_deletion,
    tag_resource,
    untag_resource,
    update_key_description,
    update_primary_region,
)
from cumulo.services.kms.api.material import delete_imported_key_material, get_parameters_for_import, import_key_material
from cumulo.services.kms.api.signing import (
    decapsulate,
    derive_shared_secret,
    encapsulate,
    generate_mac,
    get_public_key,
    sign,
    verify,
    verify_mac,
)
from cumulo.services.kms.api.stores import (
    connect_custom_key_store,
    create_custom_key_store,
    delete_custom_key_store,
    describe_custom_key_stores,
    disconnect_custom_key_store,
    update_custom_key_store,
)

__all__ = [
    "cancel_key_deletion", "connect_custom_key_store", "create_alias", "create_custom_key_store", "create_grant",
    "create_key", "decapsulate", "decrypt", "delete_alias", "delete_custom_key_store", "delete_imported_key_material",
    "derive_shared_secret", "describe_custom_key_stores", "describe_key", "disable_key", "disable_key_rotation",
    "disconnect_custom_key_store", "enable_key", "enable_key_rotation", "encapsulate", "encrypt", "generate_data_key",
    "generate_data_key_pair", "generate_data_key_pair_without_plaintext", "generate_data_key_without_plaintext",
    "generate_mac", "generate_random", "get_key_last_usage", "get_key_policy", "get_key_rotation_status",
    "get_parameters_for_import", "get_public_key", "import_key_material", "list_aliases", "list_grants",
    "list_key_policies", "list_key_rotations", "list_keys", "list_resource_tags", "list_retirable_grants",
    "put_key_policy", "re_encrypt", "replicate_key", "retire_grant", "revoke_grant", "rotate_key_on_demand",
    "schedule_key_deletion", "sign", "tag_resource", "untag_resource", "update_alias", "update_custom_key_store",
    "update_key_description", "update_primary_region", "verify", "verify_mac",
]
