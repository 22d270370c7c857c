"""Step Functions handlers, split by noun; this module gathers them for the dispatch table.

Only handlers are imported here: every public function of this namespace must be
an operation of the Step Functions model (the registry checks).
"""

from cumulo.services.stepfunctions.api.activities import (
    create_activity,
    delete_activity,
    describe_activity,
    get_activity_task,
    list_activities,
)
from cumulo.services.stepfunctions.api.aliases import (
    create_state_machine_alias,
    delete_state_machine_alias,
    describe_state_machine_alias,
    list_state_machine_aliases,
    update_state_machine_alias,
)
from cumulo.services.stepfunctions.api.executions import (
    describe_execution,
    describe_state_machine_for_execution,
    get_execution_history,
    list_executions,
    redrive_execution,
    send_task_failure,
    send_task_heartbeat,
    send_task_success,
    start_execution,
    start_sync_execution,
    stop_execution,
)
from cumulo.services.stepfunctions.api.mapruns import describe_map_run, list_map_runs, update_map_run
from cumulo.services.stepfunctions.api.testing import test_state
from cumulo.services.stepfunctions.api.machines import (
    create_state_machine,
    delete_state_machine,
    delete_state_machine_version,
    describe_state_machine,
    list_state_machine_versions,
    list_state_machines,
    list_tags_for_resource,
    publish_state_machine_version,
    tag_resource,
    untag_resource,
    update_state_machine,
    validate_state_machine_definition,
)

__all__ = [
    "redrive_execution", "test_state", "describe_map_run", "list_map_runs", "update_map_run", "create_activity", "delete_activity", "describe_activity", "get_activity_task", "list_activities",
    "create_state_machine_alias", "delete_state_machine_alias", "describe_state_machine_alias",
    "list_state_machine_aliases", "update_state_machine_alias",
    "create_state_machine", "delete_state_machine", "delete_state_machine_version", "describe_execution",
    "describe_state_machine", "describe_state_machine_for_execution", "get_execution_history", "list_executions",
    "list_state_machine_versions", "list_state_machines", "list_tags_for_resource", "publish_state_machine_version",
    "send_task_failure", "send_task_heartbeat", "send_task_success", "start_execution", "start_sync_execution",
    "stop_execution", "tag_resource", "untag_resource", "update_state_machine", "validate_state_machine_definition",
]
