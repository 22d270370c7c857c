"""Wire types of Amazon Simple Systems Manager (SSM), generated from botocore's model: do not edit.

Regenerate with `python -m cumulo.codegen`.
"""

from datetime import datetime

from typing import Required, TypedDict

from cumulo.core.errors import ModelledError

OPERATIONS = ('AddTagsToResource', 'AssociateOpsItemRelatedItem', 'CancelCommand', 'CancelMaintenanceWindowExecution', 'CreateActivation', 'CreateAssociation', 'CreateAssociationBatch', 'CreateCloudConnector', 'CreateDocument', 'CreateMaintenanceWindow', 'CreateOpsItem', 'CreateOpsMetadata', 'CreatePatchBaseline', 'CreateResourceDataSync', 'DeleteActivation', 'DeleteAssociation', 'DeleteCloudConnector', 'DeleteDocument', 'DeleteInventory', 'DeleteMaintenanceWindow', 'DeleteOpsItem', 'DeleteOpsMetadata', 'DeleteParameter', 'DeleteParameters', 'DeletePatchBaseline', 'DeleteResourceDataSync', 'DeleteResourcePolicy', 'DeregisterDefaultHostManagementConfiguration', 'DeregisterManagedInstance', 'DeregisterPatchBaselineForPatchGroup', 'DeregisterTargetFromMaintenanceWindow', 'DeregisterTaskFromMaintenanceWindow', 'DescribeActivations', 'DescribeAssociation', 'DescribeAssociationExecutionTargets', 'DescribeAssociationExecutions', 'DescribeAutomationExecutions', 'DescribeAutomationStepExecutions', 'DescribeAvailablePatches', 'DescribeDocument', 'DescribeDocumentPermission', 'DescribeEffectiveInstanceAssociations', 'DescribeEffectivePatchesForPatchBaseline', 'DescribeInstanceAssociationsStatus', 'DescribeInstanceInformation', 'DescribeInstancePatchStates', 'DescribeInstancePatchStatesForPatchGroup', 'DescribeInstancePatches', 'DescribeInstanceProperties', 'DescribeInventoryDeletions', 'DescribeMaintenanceWindowExecutionTaskInvocations', 'DescribeMaintenanceWindowExecutionTasks', 'DescribeMaintenanceWindowExecutions', 'DescribeMaintenanceWindowSchedule', 'DescribeMaintenanceWindowTargets', 'DescribeMaintenanceWindowTasks', 'DescribeMaintenanceWindows', 'DescribeMaintenanceWindowsForTarget', 'DescribeOpsItems', 'DescribeParameters', 'DescribePatchBaselines', 'DescribePatchGroupState', 'DescribePatchGroups', 'DescribePatchProperties', 'DescribeSessions', 'DisassociateOpsItemRelatedItem', 'GetAccessToken', 'GetAutomationExecution', 'GetCalendarState', 'GetCloudConnector', 'GetCommandInvocation', 'GetConnectionStatus', 'GetDefaultPatchBaseline', 'GetDeployablePatchSnapshotForInstance', 'GetDocument', 'GetExecutionPreview', 'GetInventory', 'GetInventorySchema', 'GetMaintenanceWindow', 'GetMaintenanceWindowExecution', 'GetMaintenanceWindowExecutionTask', 'GetMaintenanceWindowExecutionTaskInvocation', 'GetMaintenanceWindowTask', 'GetOpsItem', 'GetOpsMetadata', 'GetOpsSummary', 'GetParameter', 'GetParameterHistory', 'GetParameters', 'GetParametersByPath', 'GetPatchBaseline', 'GetPatchBaselineForPatchGroup', 'GetResourcePolicies', 'GetServiceSetting', 'LabelParameterVersion', 'ListAssociationVersions', 'ListAssociations', 'ListCloudConnectors', 'ListCommandInvocations', 'ListCommands', 'ListComplianceItems', 'ListComplianceSummaries', 'ListDocumentMetadataHistory', 'ListDocumentVersions', 'ListDocuments', 'ListInventoryEntries', 'ListNodes', 'ListNodesSummary', 'ListOpsItemEvents', 'ListOpsItemRelatedItems', 'ListOpsMetadata', 'ListResourceComplianceSummaries', 'ListResourceDataSync', 'ListTagsForResource', 'ModifyDocumentPermission', 'PutComplianceItems', 'PutInventory', 'PutParameter', 'PutResourcePolicy', 'RegisterDefaultHostManagementConfiguration', 'RegisterDefaultPatchBaseline', 'RegisterPatchBaselineForPatchGroup', 'RegisterTargetWithMaintenanceWindow', 'RegisterTaskWithMaintenanceWindow', 'RemoveTagsFromResource', 'ResetServiceSetting', 'ResumeSession', 'SendAutomationSignal', 'SendCommand', 'StartAccessRequest', 'StartAssociationsOnce', 'StartAutomationExecution', 'StartChangeRequestExecution', 'StartExecutionPreview', 'StartSession', 'StopAutomationExecution', 'TerminateSession', 'UnlabelParameterVersion', 'UpdateAssociation', 'UpdateAssociationStatus', 'UpdateCloudConnector', 'UpdateDocument', 'UpdateDocumentDefaultVersion', 'UpdateDocumentMetadata', 'UpdateMaintenanceWindow', 'UpdateMaintenanceWindowTarget', 'UpdateMaintenanceWindowTask', 'UpdateManagedInstanceRole', 'UpdateOpsItem', 'UpdateOpsMetadata', 'UpdatePatchBaseline', 'UpdateResourceDataSync', 'UpdateServiceSetting', 'ValidateCloudConnector')


class AddTagsToResourceRequest(TypedDict, total=False):
    ResourceType: Required[str]
    ResourceId: Required[str]
    Tags: Required[list["Tag"]]


class AddTagsToResourceResult(TypedDict, total=False):
    pass


class AssociateOpsItemRelatedItemRequest(TypedDict, total=False):
    OpsItemId: Required[str]
    AssociationType: Required[str]
    ResourceType: Required[str]
    ResourceUri: Required[str]


class AssociateOpsItemRelatedItemResponse(TypedDict, total=False):
    AssociationId: str


class CancelCommandRequest(TypedDict, total=False):
    CommandId: Required[str]
    InstanceIds: list[str]


class CancelCommandResult(TypedDict, total=False):
    pass


class CancelMaintenanceWindowExecutionRequest(TypedDict, total=False):
    WindowExecutionId: Required[str]


class CancelMaintenanceWindowExecutionResult(TypedDict, total=False):
    WindowExecutionId: str


class CreateActivationRequest(TypedDict, total=False):
    Description: str
    DefaultInstanceName: str
    IamRole: Required[str]
    RegistrationLimit: int
    ExpirationDate: datetime
    Tags: list["Tag"]
    RegistrationMetadata: list["RegistrationMetadataItem"]


class CreateActivationResult(TypedDict, total=False):
    ActivationId: str
    ActivationCode: str


class CreateAssociationBatchRequest(TypedDict, total=False):
    Entries: Required[list["CreateAssociationBatchRequestEntry"]]
    AssociationDispatchAssumeRole: str


class CreateAssociationBatchResult(TypedDict, total=False):
    Successful: list["AssociationDescription"]
    Failed: list["FailedCreateAssociation"]


class CreateAssociationRequest(TypedDict, total=False):
    Name: Required[str]
    DocumentVersion: str
    InstanceId: str
    Parameters: dict[str, list[str]]
    Targets: list["Target"]
    ScheduleExpression: str
    OutputLocation: "InstanceAssociationOutputLocation"
    AssociationName: str
    AutomationTargetParameterName: str
    MaxErrors: str
    MaxConcurrency: str
    ComplianceSeverity: str
    SyncCompliance: str
    ApplyOnlyAtCronInterval: bool
    CalendarNames: list[str]
    TargetLocations: list["TargetLocation"]
    ScheduleOffset: int
    Duration: int
    TargetMaps: list[dict[str, list[str]]]
    Tags: list["Tag"]
    AlarmConfiguration: "AlarmConfiguration"
    AssociationDispatchAssumeRole: str


class CreateAssociationResult(TypedDict, total=False):
    AssociationDescription: "AssociationDescription"


class CreateCloudConnectorRequest(TypedDict, total=False):
    DisplayName: Required[str]
    RoleArn: Required[str]
    Description: str
    Configuration: Required["CloudConnectorConfiguration"]
    ConfigConnectorArn: str
    Tags: list["Tag"]


class CreateCloudConnectorResult(TypedDict, total=False):
    CloudConnectorId: str


class CreateDocumentRequest(TypedDict, total=False):
    Content: Required[str]
    Requires: list["DocumentRequires"]
    Attachments: list["AttachmentsSource"]
    Name: Required[str]
    DisplayName: str
    VersionName: str
    DocumentType: str
    DocumentFormat: str
    TargetType: str
    Tags: list["Tag"]


class CreateDocumentResult(TypedDict, total=False):
    DocumentDescription: "DocumentDescription"


class CreateMaintenanceWindowRequest(TypedDict, total=False):
    Name: Required[str]
    Description: str
    StartDate: str
    EndDate: str
    Schedule: Required[str]
    ScheduleTimezone: str
    ScheduleOffset: int
    Duration: Required[int]
    Cutoff: Required[int]
    AllowUnassociatedTargets: Required[bool]
    ClientToken: str
    Tags: list["Tag"]


class CreateMaintenanceWindowResult(TypedDict, total=False):
    WindowId: str


class CreateOpsItemRequest(TypedDict, total=False):
    Description: Required[str]
    OpsItemType: str
    OperationalData: dict[str, "OpsItemDataValue"]
    Notifications: list["OpsItemNotification"]
    Priority: int
    RelatedOpsItems: list["RelatedOpsItem"]
    Source: Required[str]
    Title: Required[str]
    Tags: list["Tag"]
    Category: str
    Severity: str
    ActualStartTime: datetime
    ActualEndTime: datetime
    PlannedStartTime: datetime
    PlannedEndTime: datetime
    AccountId: str


class CreateOpsItemResponse(TypedDict, total=False):
    OpsItemId: str
    OpsItemArn: str


class CreateOpsMetadataRequest(TypedDict, total=False):
    ResourceId: Required[str]
    Metadata: dict[str, "MetadataValue"]
    Tags: list["Tag"]


class CreateOpsMetadataResult(TypedDict, total=False):
    OpsMetadataArn: str


class CreatePatchBaselineRequest(TypedDict, total=False):
    OperatingSystem: str
    Name: Required[str]
    GlobalFilters: "PatchFilterGroup"
    ApprovalRules: "PatchRuleGroup"
    ApprovedPatches: list[str]
    ApprovedPatchesComplianceLevel: str
    ApprovedPatchesEnableNonSecurity: bool
    RejectedPatches: list[str]
    RejectedPatchesAction: str
    Description: str
    Sources: list["PatchSource"]
    AvailableSecurityUpdatesComplianceStatus: str
    ClientToken: str
    Tags: list["Tag"]


class CreatePatchBaselineResult(TypedDict, total=False):
    BaselineId: str


class CreateResourceDataSyncRequest(TypedDict, total=False):
    SyncName: Required[str]
    S3Destination: "ResourceDataSyncS3Destination"
    SyncType: str
    SyncSource: "ResourceDataSyncSource"


class CreateResourceDataSyncResult(TypedDict, total=False):
    pass


class DeleteActivationRequest(TypedDict, total=False):
    ActivationId: Required[str]


class DeleteActivationResult(TypedDict, total=False):
    pass


class DeleteAssociationRequest(TypedDict, total=False):
    Name: str
    InstanceId: str
    AssociationId: str


class DeleteAssociationResult(TypedDict, total=False):
    pass


class DeleteCloudConnectorRequest(TypedDict, total=False):
    CloudConnectorId: Required[str]


class DeleteCloudConnectorResult(TypedDict, total=False):
    CloudConnectorId: str


class DeleteDocumentRequest(TypedDict, total=False):
    Name: Required[str]
    DocumentVersion: str
    VersionName: str
    Force: bool


class DeleteDocumentResult(TypedDict, total=False):
    pass


class DeleteInventoryRequest(TypedDict, total=False):
    TypeName: Required[str]
    SchemaDeleteOption: str
    DryRun: bool
    ClientToken: str


class DeleteInventoryResult(TypedDict, total=False):
    DeletionId: str
    TypeName: str
    DeletionSummary: "InventoryDeletionSummary"


class DeleteMaintenanceWindowRequest(TypedDict, total=False):
    WindowId: Required[str]


class DeleteMaintenanceWindowResult(TypedDict, total=False):
    WindowId: str


class DeleteOpsItemRequest(TypedDict, total=False):
    OpsItemId: Required[str]


class DeleteOpsItemResponse(TypedDict, total=False):
    pass


class DeleteOpsMetadataRequest(TypedDict, total=False):
    OpsMetadataArn: Required[str]


class DeleteOpsMetadataResult(TypedDict, total=False):
    pass


class DeleteParameterRequest(TypedDict, total=False):
    Name: Required[str]


class DeleteParameterResult(TypedDict, total=False):
    pass


class DeleteParametersRequest(TypedDict, total=False):
    Names: Required[list[str]]


class DeleteParametersResult(TypedDict, total=False):
    DeletedParameters: list[str]
    InvalidParameters: list[str]


class DeletePatchBaselineRequest(TypedDict, total=False):
    BaselineId: Required[str]


class DeletePatchBaselineResult(TypedDict, total=False):
    BaselineId: str


class DeleteResourceDataSyncRequest(TypedDict, total=False):
    SyncName: Required[str]
    SyncType: str


class DeleteResourceDataSyncResult(TypedDict, total=False):
    pass


class DeleteResourcePolicyRequest(TypedDict, total=False):
    ResourceArn: Required[str]
    PolicyId: Required[str]
    PolicyHash: Required[str]
    DeletionMode: str


class DeleteResourcePolicyResponse(TypedDict, total=False):
    pass


class DeregisterDefaultHostManagementConfigurationRequest(TypedDict, total=False):
    pass


class DeregisterDefaultHostManagementConfigurationResult(TypedDict, total=False):
    pass


class DeregisterManagedInstanceRequest(TypedDict, total=False):
    InstanceId: Required[str]


class DeregisterManagedInstanceResult(TypedDict, total=False):
    pass


class DeregisterPatchBaselineForPatchGroupRequest(TypedDict, total=False):
    BaselineId: Required[str]
    PatchGroup: Required[str]


class DeregisterPatchBaselineForPatchGroupResult(TypedDict, total=False):
    BaselineId: str
    PatchGroup: str


class DeregisterTargetFromMaintenanceWindowRequest(TypedDict, total=False):
    WindowId: Required[str]
    WindowTargetId: Required[str]
    Safe: bool


class DeregisterTargetFromMaintenanceWindowResult(TypedDict, total=False):
    WindowId: str
    WindowTargetId: str


class DeregisterTaskFromMaintenanceWindowRequest(TypedDict, total=False):
    WindowId: Required[str]
    WindowTaskId: Required[str]


class DeregisterTaskFromMaintenanceWindowResult(TypedDict, total=False):
    WindowId: str
    WindowTaskId: str


class DescribeActivationsRequest(TypedDict, total=False):
    Filters: list["DescribeActivationsFilter"]
    MaxResults: int
    NextToken: str


class DescribeActivationsResult(TypedDict, total=False):
    ActivationList: list["Activation"]
    NextToken: str


class DescribeAssociationExecutionTargetsRequest(TypedDict, total=False):
    AssociationId: Required[str]
    ExecutionId: Required[str]
    Filters: list["AssociationExecutionTargetsFilter"]
    MaxResults: int
    NextToken: str


class DescribeAssociationExecutionTargetsResult(TypedDict, total=False):
    AssociationExecutionTargets: list["AssociationExecutionTarget"]
    NextToken: str


class DescribeAssociationExecutionsRequest(TypedDict, total=False):
    AssociationId: Required[str]
    Filters: list["AssociationExecutionFilter"]
    MaxResults: int
    NextToken: str


class DescribeAssociationExecutionsResult(TypedDict, total=False):
    AssociationExecutions: list["AssociationExecution"]
    NextToken: str


class DescribeAssociationRequest(TypedDict, total=False):
    Name: str
    InstanceId: str
    AssociationId: str
    AssociationVersion: str


class DescribeAssociationResult(TypedDict, total=False):
    AssociationDescription: "AssociationDescription"


class DescribeAutomationExecutionsRequest(TypedDict, total=False):
    Filters: list["AutomationExecutionFilter"]
    MaxResults: int
    NextToken: str


class DescribeAutomationExecutionsResult(TypedDict, total=False):
    AutomationExecutionMetadataList: list["AutomationExecutionMetadata"]
    NextToken: str


class DescribeAutomationStepExecutionsRequest(TypedDict, total=False):
    AutomationExecutionId: Required[str]
    Filters: list["StepExecutionFilter"]
    NextToken: str
    MaxResults: int
    ReverseOrder: bool


class DescribeAutomationStepExecutionsResult(TypedDict, total=False):
    StepExecutions: list["StepExecution"]
    NextToken: str


class DescribeAvailablePatchesRequest(TypedDict, total=False):
    Filters: list["PatchOrchestratorFilter"]
    MaxResults: int
    NextToken: str


class DescribeAvailablePatchesResult(TypedDict, total=False):
    Patches: list["Patch"]
    NextToken: str


class DescribeDocumentPermissionRequest(TypedDict, total=False):
    Name: Required[str]
    PermissionType: Required[str]
    MaxResults: int
    NextToken: str


class DescribeDocumentPermissionResponse(TypedDict, total=False):
    AccountIds: list[str]
    AccountSharingInfoList: list["AccountSharingInfo"]
    NextToken: str


class DescribeDocumentRequest(TypedDict, total=False):
    Name: Required[str]
    DocumentVersion: str
    VersionName: str


class DescribeDocumentResult(TypedDict, total=False):
    Document: "DocumentDescription"


class DescribeEffectiveInstanceAssociationsRequest(TypedDict, total=False):
    InstanceId: Required[str]
    MaxResults: int
    NextToken: str


class DescribeEffectiveInstanceAssociationsResult(TypedDict, total=False):
    Associations: list["InstanceAssociation"]
    NextToken: str


class DescribeEffectivePatchesForPatchBaselineRequest(TypedDict, total=False):
    BaselineId: Required[str]
    MaxResults: int
    NextToken: str


class DescribeEffectivePatchesForPatchBaselineResult(TypedDict, total=False):
    EffectivePatches: list["EffectivePatch"]
    NextToken: str


class DescribeInstanceAssociationsStatusRequest(TypedDict, total=False):
    InstanceId: Required[str]
    MaxResults: int
    NextToken: str


class DescribeInstanceAssociationsStatusResult(TypedDict, total=False):
    InstanceAssociationStatusInfos: list["InstanceAssociationStatusInfo"]
    NextToken: str


class DescribeInstanceInformationRequest(TypedDict, total=False):
    InstanceInformationFilterList: list["InstanceInformationFilter"]
    Filters: list["InstanceInformationStringFilter"]
    MaxResults: int
    NextToken: str


class DescribeInstanceInformationResult(TypedDict, total=False):
    InstanceInformationList: list["InstanceInformation"]
    NextToken: str


class DescribeInstancePatchStatesForPatchGroupRequest(TypedDict, total=False):
    PatchGroup: Required[str]
    Filters: list["InstancePatchStateFilter"]
    NextToken: str
    MaxResults: int


class DescribeInstancePatchStatesForPatchGroupResult(TypedDict, total=False):
    InstancePatchStates: list["InstancePatchState"]
    NextToken: str


class DescribeInstancePatchStatesRequest(TypedDict, total=False):
    InstanceIds: Required[list[str]]
    NextToken: str
    MaxResults: int


class DescribeInstancePatchStatesResult(TypedDict, total=False):
    InstancePatchStates: list["InstancePatchState"]
    NextToken: str


class DescribeInstancePatchesRequest(TypedDict, total=False):
    InstanceId: Required[str]
    Filters: list["PatchOrchestratorFilter"]
    NextToken: str
    MaxResults: int


class DescribeInstancePatchesResult(TypedDict, total=False):
    Patches: list["PatchComplianceData"]
    NextToken: str


class DescribeInstancePropertiesRequest(TypedDict, total=False):
    InstancePropertyFilterList: list["InstancePropertyFilter"]
    FiltersWithOperator: list["InstancePropertyStringFilter"]
    MaxResults: int
    NextToken: str


class DescribeInstancePropertiesResult(TypedDict, total=False):
    InstanceProperties: list["InstanceProperty"]
    NextToken: str


class DescribeInventoryDeletionsRequest(TypedDict, total=False):
    DeletionId: str
    NextToken: str
    MaxResults: int


class DescribeInventoryDeletionsResult(TypedDict, total=False):
    InventoryDeletions: list["InventoryDeletionStatusItem"]
    NextToken: str


class DescribeMaintenanceWindowExecutionTaskInvocationsRequest(TypedDict, total=False):
    WindowExecutionId: Required[str]
    TaskId: Required[str]
    Filters: list["MaintenanceWindowFilter"]
    MaxResults: int
    NextToken: str


class DescribeMaintenanceWindowExecutionTaskInvocationsResult(TypedDict, total=False):
    WindowExecutionTaskInvocationIdentities: list["MaintenanceWindowExecutionTaskInvocationIdentity"]
    NextToken: str


class DescribeMaintenanceWindowExecutionTasksRequest(TypedDict, total=False):
    WindowExecutionId: Required[str]
    Filters: list["MaintenanceWindowFilter"]
    MaxResults: int
    NextToken: str


class DescribeMaintenanceWindowExecutionTasksResult(TypedDict, total=False):
    WindowExecutionTaskIdentities: list["MaintenanceWindowExecutionTaskIdentity"]
    NextToken: str


class DescribeMaintenanceWindowExecutionsRequest(TypedDict, total=False):
    WindowId: Required[str]
    Filters: list["MaintenanceWindowFilter"]
    MaxResults: int
    NextToken: str


class DescribeMaintenanceWindowExecutionsResult(TypedDict, total=False):
    WindowExecutions: list["MaintenanceWindowExecution"]
    NextToken: str


class DescribeMaintenanceWindowScheduleRequest(TypedDict, total=False):
    WindowId: str
    Targets: list["Target"]
    ResourceType: str
    Filters: list["PatchOrchestratorFilter"]
    MaxResults: int
    NextToken: str


class DescribeMaintenanceWindowScheduleResult(TypedDict, total=False):
    ScheduledWindowExecutions: list["ScheduledWindowExecution"]
    NextToken: str


class DescribeMaintenanceWindowTargetsRequest(TypedDict, total=False):
    WindowId: Required[str]
    Filters: list["MaintenanceWindowFilter"]
    MaxResults: int
    NextToken: str


class DescribeMaintenanceWindowTargetsResult(TypedDict, total=False):
    Targets: list["MaintenanceWindowTarget"]
    NextToken: str


class DescribeMaintenanceWindowTasksRequest(TypedDict, total=False):
    WindowId: Required[str]
    Filters: list["MaintenanceWindowFilter"]
    MaxResults: int
    NextToken: str


class DescribeMaintenanceWindowTasksResult(TypedDict, total=False):
    Tasks: list["MaintenanceWindowTask"]
    NextToken: str


class DescribeMaintenanceWindowsForTargetRequest(TypedDict, total=False):
    Targets: Required[list["Target"]]
    ResourceType: Required[str]
    MaxResults: int
    NextToken: str


class DescribeMaintenanceWindowsForTargetResult(TypedDict, total=False):
    WindowIdentities: list["MaintenanceWindowIdentityForTarget"]
    NextToken: str


class DescribeMaintenanceWindowsRequest(TypedDict, total=False):
    Filters: list["MaintenanceWindowFilter"]
    MaxResults: int
    NextToken: str


class DescribeMaintenanceWindowsResult(TypedDict, total=False):
    WindowIdentities: list["MaintenanceWindowIdentity"]
    NextToken: str


class DescribeOpsItemsRequest(TypedDict, total=False):
    OpsItemFilters: list["OpsItemFilter"]
    MaxResults: int
    NextToken: str


class DescribeOpsItemsResponse(TypedDict, total=False):
    NextToken: str
    OpsItemSummaries: list["OpsItemSummary"]


class DescribeParametersRequest(TypedDict, total=False):
    Filters: list["ParametersFilter"]
    ParameterFilters: list["ParameterStringFilter"]
    MaxResults: int
    NextToken: str
    Shared: bool


class DescribeParametersResult(TypedDict, total=False):
    Parameters: list["ParameterMetadata"]
    NextToken: str


class DescribePatchBaselinesRequest(TypedDict, total=False):
    Filters: list["PatchOrchestratorFilter"]
    MaxResults: int
    NextToken: str


class DescribePatchBaselinesResult(TypedDict, total=False):
    BaselineIdentities: list["PatchBaselineIdentity"]
    NextToken: str


class DescribePatchGroupStateRequest(TypedDict, total=False):
    PatchGroup: Required[str]


class DescribePatchGroupStateResult(TypedDict, total=False):
    Instances: int
    InstancesWithInstalledPatches: int
    InstancesWithInstalledOtherPatches: int
    InstancesWithInstalledPendingRebootPatches: int
    InstancesWithInstalledRejectedPatches: int
    InstancesWithMissingPatches: int
    InstancesWithFailedPatches: int
    InstancesWithNotApplicablePatches: int
    InstancesWithUnreportedNotApplicablePatches: int
    InstancesWithCriticalNonCompliantPatches: int
    InstancesWithSecurityNonCompliantPatches: int
    InstancesWithOtherNonCompliantPatches: int
    InstancesWithAvailableSecurityUpdates: int


class DescribePatchGroupsRequest(TypedDict, total=False):
    MaxResults: int
    Filters: list["PatchOrchestratorFilter"]
    NextToken: str


class DescribePatchGroupsResult(TypedDict, total=False):
    Mappings: list["PatchGroupPatchBaselineMapping"]
    NextToken: str


class DescribePatchPropertiesRequest(TypedDict, total=False):
    OperatingSystem: Required[str]
    Property: Required[str]
    PatchSet: str
    MaxResults: int
    NextToken: str


class DescribePatchPropertiesResult(TypedDict, total=False):
    Properties: list[dict[str, str]]
    NextToken: str


class DescribeSessionsRequest(TypedDict, total=False):
    State: Required[str]
    MaxResults: int
    NextToken: str
    Filters: list["SessionFilter"]


class DescribeSessionsResponse(TypedDict, total=False):
    Sessions: list["Session"]
    NextToken: str


class DisassociateOpsItemRelatedItemRequest(TypedDict, total=False):
    OpsItemId: Required[str]
    AssociationId: Required[str]


class DisassociateOpsItemRelatedItemResponse(TypedDict, total=False):
    pass


class GetAccessTokenRequest(TypedDict, total=False):
    AccessRequestId: Required[str]


class GetAccessTokenResponse(TypedDict, total=False):
    Credentials: "Credentials"
    AccessRequestStatus: str


class GetAutomationExecutionRequest(TypedDict, total=False):
    AutomationExecutionId: Required[str]


class GetAutomationExecutionResult(TypedDict, total=False):
    AutomationExecution: "AutomationExecution"


class GetCalendarStateRequest(TypedDict, total=False):
    CalendarNames: Required[list[str]]
    AtTime: str


class GetCalendarStateResponse(TypedDict, total=False):
    State: str
    AtTime: str
    NextTransitionTime: str


class GetCloudConnectorRequest(TypedDict, total=False):
    CloudConnectorId: Required[str]


class GetCloudConnectorResult(TypedDict, total=False):
    CloudConnectorArn: str
    DisplayName: str
    Description: str
    RoleArn: str
    Configuration: "CloudConnectorConfiguration"
    ConfigConnectorArn: str
    CreatedAt: datetime
    UpdatedAt: datetime


class GetCommandInvocationRequest(TypedDict, total=False):
    CommandId: Required[str]
    InstanceId: Required[str]
    PluginName: str


class GetCommandInvocationResult(TypedDict, total=False):
    CommandId: str
    InstanceId: str
    Comment: str
    DocumentName: str
    DocumentVersion: str
    PluginName: str
    ResponseCode: int
    ExecutionStartDateTime: str
    ExecutionElapsedTime: str
    ExecutionEndDateTime: str
    Status: str
    StatusDetails: str
    StandardOutputContent: str
    StandardOutputUrl: str
    StandardErrorContent: str
    StandardErrorUrl: str
    CloudWatchOutputConfig: "CloudWatchOutputConfig"


class GetConnectionStatusRequest(TypedDict, total=False):
    Target: Required[str]


class GetConnectionStatusResponse(TypedDict, total=False):
    Target: str
    Status: str


class GetDefaultPatchBaselineRequest(TypedDict, total=False):
    OperatingSystem: str


class GetDefaultPatchBaselineResult(TypedDict, total=False):
    BaselineId: str
    OperatingSystem: str


class GetDeployablePatchSnapshotForInstanceRequest(TypedDict, total=False):
    InstanceId: Required[str]
    SnapshotId: Required[str]
    BaselineOverride: "BaselineOverride"
    UseS3DualStackEndpoint: bool


class GetDeployablePatchSnapshotForInstanceResult(TypedDict, total=False):
    InstanceId: str
    SnapshotId: str
    SnapshotDownloadUrl: str
    Product: str


class GetDocumentRequest(TypedDict, total=False):
    Name: Required[str]
    VersionName: str
    DocumentVersion: str
    DocumentFormat: str


class GetDocumentResult(TypedDict, total=False):
    Name: str
    CreatedDate: datetime
    DisplayName: str
    VersionName: str
    DocumentVersion: str
    Status: str
    StatusInformation: str
    Content: str
    DocumentType: str
    DocumentFormat: str
    Requires: list["DocumentRequires"]
    AttachmentsContent: list["AttachmentContent"]
    ReviewStatus: str


class GetExecutionPreviewRequest(TypedDict, total=False):
    ExecutionPreviewId: Required[str]


class GetExecutionPreviewResponse(TypedDict, total=False):
    ExecutionPreviewId: str
    EndedAt: datetime
    Status: str
    StatusMessage: str
    ExecutionPreview: "ExecutionPreview"


class GetInventoryRequest(TypedDict, total=False):
    Filters: list["InventoryFilter"]
    Aggregators: list["InventoryAggregator"]
    ResultAttributes: list["ResultAttribute"]
    NextToken: str
    MaxResults: int


class GetInventoryResult(TypedDict, total=False):
    Entities: list["InventoryResultEntity"]
    NextToken: str


class GetInventorySchemaRequest(TypedDict, total=False):
    TypeName: str
    NextToken: str
    MaxResults: int
    Aggregator: bool
    SubType: bool


class GetInventorySchemaResult(TypedDict, total=False):
    Schemas: list["InventoryItemSchema"]
    NextToken: str


class GetMaintenanceWindowExecutionRequest(TypedDict, total=False):
    WindowExecutionId: Required[str]


class GetMaintenanceWindowExecutionResult(TypedDict, total=False):
    WindowExecutionId: str
    TaskIds: list[str]
    Status: str
    StatusDetails: str
    StartTime: datetime
    EndTime: datetime


class GetMaintenanceWindowExecutionTaskInvocationRequest(TypedDict, total=False):
    WindowExecutionId: Required[str]
    TaskId: Required[str]
    InvocationId: Required[str]


class GetMaintenanceWindowExecutionTaskInvocationResult(TypedDict, total=False):
    WindowExecutionId: str
    TaskExecutionId: str
    InvocationId: str
    ExecutionId: str
    TaskType: str
    Parameters: str
    Status: str
    StatusDetails: str
    StartTime: datetime
    EndTime: datetime
    OwnerInformation: str
    WindowTargetId: str


class GetMaintenanceWindowExecutionTaskRequest(TypedDict, total=False):
    WindowExecutionId: Required[str]
    TaskId: Required[str]


class GetMaintenanceWindowExecutionTaskResult(TypedDict, total=False):
    WindowExecutionId: str
    TaskExecutionId: str
    TaskArn: str
    ServiceRole: str
    Type: str
    TaskParameters: list[dict[str, "MaintenanceWindowTaskParameterValueExpression"]]
    Priority: int
    MaxConcurrency: str
    MaxErrors: str
    Status: str
    StatusDetails: str
    StartTime: datetime
    EndTime: datetime
    AlarmConfiguration: "AlarmConfiguration"
    TriggeredAlarms: list["AlarmStateInformation"]


class GetMaintenanceWindowRequest(TypedDict, total=False):
    WindowId: Required[str]


class GetMaintenanceWindowResult(TypedDict, total=False):
    WindowId: str
    Name: str
    Description: str
    StartDate: str
    EndDate: str
    Schedule: str
    ScheduleTimezone: str
    ScheduleOffset: int
    NextExecutionTime: str
    Duration: int
    Cutoff: int
    AllowUnassociatedTargets: bool
    Enabled: bool
    CreatedDate: datetime
    ModifiedDate: datetime


class GetMaintenanceWindowTaskRequest(TypedDict, total=False):
    WindowId: Required[str]
    WindowTaskId: Required[str]


class GetMaintenanceWindowTaskResult(TypedDict, total=False):
    WindowId: str
    WindowTaskId: str
    Targets: list["Target"]
    TaskArn: str
    ServiceRoleArn: str
    TaskType: str
    TaskParameters: dict[str, "MaintenanceWindowTaskParameterValueExpression"]
    TaskInvocationParameters: "MaintenanceWindowTaskInvocationParameters"
    Priority: int
    MaxConcurrency: str
    MaxErrors: str
    LoggingInfo: "LoggingInfo"
    Name: str
    Description: str
    CutoffBehavior: str
    AlarmConfiguration: "AlarmConfiguration"


class GetOpsItemRequest(TypedDict, total=False):
    OpsItemId: Required[str]
    OpsItemArn: str


class GetOpsItemResponse(TypedDict, total=False):
    OpsItem: "OpsItem"


class GetOpsMetadataRequest(TypedDict, total=False):
    OpsMetadataArn: Required[str]
    MaxResults: int
    NextToken: str


class GetOpsMetadataResult(TypedDict, total=False):
    ResourceId: str
    Metadata: dict[str, "MetadataValue"]
    NextToken: str


class GetOpsSummaryRequest(TypedDict, total=False):
    SyncName: str
    Filters: list["OpsFilter"]
    Aggregators: list["OpsAggregator"]
    ResultAttributes: list["OpsResultAttribute"]
    NextToken: str
    MaxResults: int


class GetOpsSummaryResult(TypedDict, total=False):
    Entities: list["OpsEntity"]
    NextToken: str


class GetParameterHistoryRequest(TypedDict, total=False):
    Name: Required[str]
    WithDecryption: bool
    MaxResults: int
    NextToken: str


class GetParameterHistoryResult(TypedDict, total=False):
    Parameters: list["ParameterHistory"]
    NextToken: str


class GetParameterRequest(TypedDict, total=False):
    Name: Required[str]
    WithDecryption: bool


class GetParameterResult(TypedDict, total=False):
    Parameter: "Parameter"


class GetParametersByPathRequest(TypedDict, total=False):
    Path: Required[str]
    Recursive: bool
    ParameterFilters: list["ParameterStringFilter"]
    WithDecryption: bool
    MaxResults: int
    NextToken: str


class GetParametersByPathResult(TypedDict, total=False):
    Parameters: list["Parameter"]
    NextToken: str


class GetParametersRequest(TypedDict, total=False):
    Names: Required[list[str]]
    WithDecryption: bool


class GetParametersResult(TypedDict, total=False):
    Parameters: list["Parameter"]
    InvalidParameters: list[str]


class GetPatchBaselineForPatchGroupRequest(TypedDict, total=False):
    PatchGroup: Required[str]
    OperatingSystem: str


class GetPatchBaselineForPatchGroupResult(TypedDict, total=False):
    BaselineId: str
    PatchGroup: str
    OperatingSystem: str


class GetPatchBaselineRequest(TypedDict, total=False):
    BaselineId: Required[str]


class GetPatchBaselineResult(TypedDict, total=False):
    BaselineId: str
    Name: str
    OperatingSystem: str
    GlobalFilters: "PatchFilterGroup"
    ApprovalRules: "PatchRuleGroup"
    ApprovedPatches: list[str]
    ApprovedPatchesComplianceLevel: str
    ApprovedPatchesEnableNonSecurity: bool
    RejectedPatches: list[str]
    RejectedPatchesAction: str
    PatchGroups: list[str]
    CreatedDate: datetime
    ModifiedDate: datetime
    Description: str
    Sources: list["PatchSource"]
    AvailableSecurityUpdatesComplianceStatus: str


class GetResourcePoliciesRequest(TypedDict, total=False):
    ResourceArn: Required[str]
    NextToken: str
    MaxResults: int


class GetResourcePoliciesResponse(TypedDict, total=False):
    NextToken: str
    Policies: list["GetResourcePoliciesResponseEntry"]


class GetServiceSettingRequest(TypedDict, total=False):
    SettingId: Required[str]


class GetServiceSettingResult(TypedDict, total=False):
    ServiceSetting: "ServiceSetting"


class LabelParameterVersionRequest(TypedDict, total=False):
    Name: Required[str]
    ParameterVersion: int
    Labels: Required[list[str]]


class LabelParameterVersionResult(TypedDict, total=False):
    InvalidLabels: list[str]
    ParameterVersion: int


class ListAssociationVersionsRequest(TypedDict, total=False):
    AssociationId: Required[str]
    MaxResults: int
    NextToken: str


class ListAssociationVersionsResult(TypedDict, total=False):
    AssociationVersions: list["AssociationVersionInfo"]
    NextToken: str


class ListAssociationsRequest(TypedDict, total=False):
    AssociationFilterList: list["AssociationFilter"]
    MaxResults: int
    NextToken: str


class ListAssociationsResult(TypedDict, total=False):
    Associations: list["Association"]
    NextToken: str


class ListCloudConnectorsRequest(TypedDict, total=False):
    MaxResults: int
    NextToken: str
    Filters: list["CloudConnectorFilter"]


class ListCloudConnectorsResult(TypedDict, total=False):
    CloudConnectors: list["CloudConnectorSummary"]
    NextToken: str


class ListCommandInvocationsRequest(TypedDict, total=False):
    CommandId: str
    InstanceId: str
    MaxResults: int
    NextToken: str
    Filters: list["CommandFilter"]
    Details: bool


class ListCommandInvocationsResult(TypedDict, total=False):
    CommandInvocations: list["CommandInvocation"]
    NextToken: str


class ListCommandsRequest(TypedDict, total=False):
    CommandId: str
    InstanceId: str
    MaxResults: int
    NextToken: str
    Filters: list["CommandFilter"]


class ListCommandsResult(TypedDict, total=False):
    Commands: list["Command"]
    NextToken: str


class ListComplianceItemsRequest(TypedDict, total=False):
    Filters: list["ComplianceStringFilter"]
    ResourceIds: list[str]
    ResourceTypes: list[str]
    NextToken: str
    MaxResults: int


class ListComplianceItemsResult(TypedDict, total=False):
    ComplianceItems: list["ComplianceItem"]
    NextToken: str


class ListComplianceSummariesRequest(TypedDict, total=False):
    Filters: list["ComplianceStringFilter"]
    NextToken: str
    MaxResults: int


class ListComplianceSummariesResult(TypedDict, total=False):
    ComplianceSummaryItems: list["ComplianceSummaryItem"]
    NextToken: str


class ListDocumentMetadataHistoryRequest(TypedDict, total=False):
    Name: Required[str]
    DocumentVersion: str
    Metadata: Required[str]
    NextToken: str
    MaxResults: int


class ListDocumentMetadataHistoryResponse(TypedDict, total=False):
    Name: str
    DocumentVersion: str
    Author: str
    Metadata: "DocumentMetadataResponseInfo"
    NextToken: str


class ListDocumentVersionsRequest(TypedDict, total=False):
    Name: Required[str]
    MaxResults: int
    NextToken: str


class ListDocumentVersionsResult(TypedDict, total=False):
    DocumentVersions: list["DocumentVersionInfo"]
    NextToken: str


class ListDocumentsRequest(TypedDict, total=False):
    DocumentFilterList: list["DocumentFilter"]
    Filters: list["DocumentKeyValuesFilter"]
    MaxResults: int
    NextToken: str


class ListDocumentsResult(TypedDict, total=False):
    DocumentIdentifiers: list["DocumentIdentifier"]
    NextToken: str


class ListInventoryEntriesRequest(TypedDict, total=False):
    InstanceId: Required[str]
    TypeName: Required[str]
    Filters: list["InventoryFilter"]
    NextToken: str
    MaxResults: int


class ListInventoryEntriesResult(TypedDict, total=False):
    TypeName: str
    InstanceId: str
    SchemaVersion: str
    CaptureTime: str
    Entries: list[dict[str, str]]
    NextToken: str


class ListNodesRequest(TypedDict, total=False):
    SyncName: str
    Filters: list["NodeFilter"]
    NextToken: str
    MaxResults: int


class ListNodesResult(TypedDict, total=False):
    Nodes: list["Node"]
    NextToken: str


class ListNodesSummaryRequest(TypedDict, total=False):
    SyncName: str
    Filters: list["NodeFilter"]
    Aggregators: Required[list["NodeAggregator"]]
    NextToken: str
    MaxResults: int


class ListNodesSummaryResult(TypedDict, total=False):
    Summary: list[dict[str, str]]
    NextToken: str


class ListOpsItemEventsRequest(TypedDict, total=False):
    Filters: list["OpsItemEventFilter"]
    MaxResults: int
    NextToken: str


class ListOpsItemEventsResponse(TypedDict, total=False):
    NextToken: str
    Summaries: list["OpsItemEventSummary"]


class ListOpsItemRelatedItemsRequest(TypedDict, total=False):
    OpsItemId: str
    Filters: list["OpsItemRelatedItemsFilter"]
    MaxResults: int
    NextToken: str


class ListOpsItemRelatedItemsResponse(TypedDict, total=False):
    NextToken: str
    Summaries: list["OpsItemRelatedItemSummary"]


class ListOpsMetadataRequest(TypedDict, total=False):
    Filters: list["OpsMetadataFilter"]
    MaxResults: int
    NextToken: str


class ListOpsMetadataResult(TypedDict, total=False):
    OpsMetadataList: list["OpsMetadata"]
    NextToken: str


class ListResourceComplianceSummariesRequest(TypedDict, total=False):
    Filters: list["ComplianceStringFilter"]
    NextToken: str
    MaxResults: int


class ListResourceComplianceSummariesResult(TypedDict, total=False):
    ResourceComplianceSummaryItems: list["ResourceComplianceSummaryItem"]
    NextToken: str


class ListResourceDataSyncRequest(TypedDict, total=False):
    SyncType: str
    NextToken: str
    MaxResults: int


class ListResourceDataSyncResult(TypedDict, total=False):
    ResourceDataSyncItems: list["ResourceDataSyncItem"]
    NextToken: str


class ListTagsForResourceRequest(TypedDict, total=False):
    ResourceType: Required[str]
    ResourceId: Required[str]


class ListTagsForResourceResult(TypedDict, total=False):
    TagList: list["Tag"]


class ModifyDocumentPermissionRequest(TypedDict, total=False):
    Name: Required[str]
    PermissionType: Required[str]
    AccountIdsToAdd: list[str]
    AccountIdsToRemove: list[str]
    SharedDocumentVersion: str


class ModifyDocumentPermissionResponse(TypedDict, total=False):
    pass


class PutComplianceItemsRequest(TypedDict, total=False):
    ResourceId: Required[str]
    ResourceType: Required[str]
    ComplianceType: Required[str]
    ExecutionSummary: Required["ComplianceExecutionSummary"]
    Items: Required[list["ComplianceItemEntry"]]
    ItemContentHash: str
    UploadType: str


class PutComplianceItemsResult(TypedDict, total=False):
    pass


class PutInventoryRequest(TypedDict, total=False):
    InstanceId: Required[str]
    Items: Required[list["InventoryItem"]]


class PutInventoryResult(TypedDict, total=False):
    Message: str


class PutParameterRequest(TypedDict, total=False):
    Name: Required[str]
    Description: str
    Value: Required[str]
    Type: str
    KeyId: str
    Overwrite: bool
    AllowedPattern: str
    Tags: list["Tag"]
    Tier: str
    Policies: str
    DataType: str


class PutParameterResult(TypedDict, total=False):
    Version: int
    Tier: str


class PutResourcePolicyRequest(TypedDict, total=False):
    ResourceArn: Required[str]
    Policy: Required[str]
    PolicyId: str
    PolicyHash: str


class PutResourcePolicyResponse(TypedDict, total=False):
    PolicyId: str
    PolicyHash: str


class RegisterDefaultHostManagementConfigurationRequest(TypedDict, total=False):
    PermissionModel: Required[str]
    RoleArn: str
    Overwrite: bool


class RegisterDefaultHostManagementConfigurationResult(TypedDict, total=False):
    RoleArn: str


class RegisterDefaultPatchBaselineRequest(TypedDict, total=False):
    BaselineId: Required[str]


class RegisterDefaultPatchBaselineResult(TypedDict, total=False):
    BaselineId: str


class RegisterPatchBaselineForPatchGroupRequest(TypedDict, total=False):
    BaselineId: Required[str]
    PatchGroup: Required[str]


class RegisterPatchBaselineForPatchGroupResult(TypedDict, total=False):
    BaselineId: str
    PatchGroup: str


class RegisterTargetWithMaintenanceWindowRequest(TypedDict, total=False):
    WindowId: Required[str]
    ResourceType: Required[str]
    Targets: Required[list["Target"]]
    OwnerInformation: str
    Name: str
    Description: str
    ClientToken: str


class RegisterTargetWithMaintenanceWindowResult(TypedDict, total=False):
    WindowTargetId: str


class RegisterTaskWithMaintenanceWindowRequest(TypedDict, total=False):
    WindowId: Required[str]
    Targets: list["Target"]
    TaskArn: Required[str]
    ServiceRoleArn: str
    TaskType: Required[str]
    TaskParameters: dict[str, "MaintenanceWindowTaskParameterValueExpression"]
    TaskInvocationParameters: "MaintenanceWindowTaskInvocationParameters"
    Priority: int
    MaxConcurrency: str
    MaxErrors: str
    LoggingInfo: "LoggingInfo"
    Name: str
    Description: str
    ClientToken: str
    CutoffBehavior: str
    AlarmConfiguration: "AlarmConfiguration"


class RegisterTaskWithMaintenanceWindowResult(TypedDict, total=False):
    WindowTaskId: str


class RemoveTagsFromResourceRequest(TypedDict, total=False):
    ResourceType: Required[str]
    ResourceId: Required[str]
    TagKeys: Required[list[str]]


class RemoveTagsFromResourceResult(TypedDict, total=False):
    pass


class ResetServiceSettingRequest(TypedDict, total=False):
    SettingId: Required[str]


class ResetServiceSettingResult(TypedDict, total=False):
    ServiceSetting: "ServiceSetting"


class ResumeSessionRequest(TypedDict, total=False):
    SessionId: Required[str]


class ResumeSessionResponse(TypedDict, total=False):
    SessionId: str
    TokenValue: str
    StreamUrl: str


class SendAutomationSignalRequest(TypedDict, total=False):
    AutomationExecutionId: Required[str]
    SignalType: Required[str]
    Payload: dict[str, list[str]]


class SendAutomationSignalResult(TypedDict, total=False):
    pass


class SendCommandRequest(TypedDict, total=False):
    InstanceIds: list[str]
    Targets: list["Target"]
    DocumentName: Required[str]
    DocumentVersion: str
    DocumentHash: str
    DocumentHashType: str
    TimeoutSeconds: int
    Comment: str
    Parameters: dict[str, list[str]]
    OutputS3Region: str
    OutputS3BucketName: str
    OutputS3KeyPrefix: str
    MaxConcurrency: str
    MaxErrors: str
    ServiceRoleArn: str
    NotificationConfig: "NotificationConfig"
    CloudWatchOutputConfig: "CloudWatchOutputConfig"
    AlarmConfiguration: "AlarmConfiguration"


class SendCommandResult(TypedDict, total=False):
    Command: "Command"


class StartAccessRequestRequest(TypedDict, total=False):
    Reason: Required[str]
    Targets: Required[list["Target"]]
    Tags: list["Tag"]


class StartAccessRequestResponse(TypedDict, total=False):
    AccessRequestId: str


class StartAssociationsOnceRequest(TypedDict, total=False):
    AssociationIds: Required[list[str]]


class StartAssociationsOnceResult(TypedDict, total=False):
    pass


class StartAutomationExecutionRequest(TypedDict, total=False):
    DocumentName: Required[str]
    DocumentVersion: str
    Parameters: dict[str, list[str]]
    ClientToken: str
    Mode: str
    TargetParameterName: str
    Targets: list["Target"]
    TargetMaps: list[dict[str, list[str]]]
    MaxConcurrency: str
    MaxErrors: str
    TargetLocations: list["TargetLocation"]
    Tags: list["Tag"]
    AlarmConfiguration: "AlarmConfiguration"
    TargetLocationsURL: str


class StartAutomationExecutionResult(TypedDict, total=False):
    AutomationExecutionId: str


class StartChangeRequestExecutionRequest(TypedDict, total=False):
    ScheduledTime: datetime
    DocumentName: Required[str]
    DocumentVersion: str
    Parameters: dict[str, list[str]]
    ChangeRequestName: str
    ClientToken: str
    AutoApprove: bool
    Runbooks: Required[list["Runbook"]]
    Tags: list["Tag"]
    ScheduledEndTime: datetime
    ChangeDetails: str


class StartChangeRequestExecutionResult(TypedDict, total=False):
    AutomationExecutionId: str


class StartExecutionPreviewRequest(TypedDict, total=False):
    DocumentName: Required[str]
    DocumentVersion: str
    ExecutionInputs: "ExecutionInputs"


class StartExecutionPreviewResponse(TypedDict, total=False):
    ExecutionPreviewId: str


class StartSessionRequest(TypedDict, total=False):
    Target: Required[str]
    DocumentName: str
    Reason: str
    Parameters: dict[str, list[str]]


class StartSessionResponse(TypedDict, total=False):
    SessionId: str
    TokenValue: str
    StreamUrl: str


class StopAutomationExecutionRequest(TypedDict, total=False):
    AutomationExecutionId: Required[str]
    Type: str


class StopAutomationExecutionResult(TypedDict, total=False):
    pass


class TerminateSessionRequest(TypedDict, total=False):
    SessionId: Required[str]


class TerminateSessionResponse(TypedDict, total=False):
    SessionId: str


class UnlabelParameterVersionRequest(TypedDict, total=False):
    Name: Required[str]
    ParameterVersion: Required[int]
    Labels: Required[list[str]]


class UnlabelParameterVersionResult(TypedDict, total=False):
    RemovedLabels: list[str]
    InvalidLabels: list[str]


class UpdateAssociationRequest(TypedDict, total=False):
    AssociationId: Required[str]
    Parameters: dict[str, list[str]]
    DocumentVersion: str
    ScheduleExpression: str
    OutputLocation: "InstanceAssociationOutputLocation"
    Name: str
    Targets: list["Target"]
    AssociationName: str
    AssociationVersion: str
    AutomationTargetParameterName: str
    MaxErrors: str
    MaxConcurrency: str
    ComplianceSeverity: str
    SyncCompliance: str
    ApplyOnlyAtCronInterval: bool
    CalendarNames: list[str]
    TargetLocations: list["TargetLocation"]
    ScheduleOffset: int
    Duration: int
    TargetMaps: list[dict[str, list[str]]]
    AlarmConfiguration: "AlarmConfiguration"
    AssociationDispatchAssumeRole: str


class UpdateAssociationResult(TypedDict, total=False):
    AssociationDescription: "AssociationDescription"


class UpdateAssociationStatusRequest(TypedDict, total=False):
    Name: Required[str]
    InstanceId: Required[str]
    AssociationStatus: Required["AssociationStatus"]


class UpdateAssociationStatusResult(TypedDict, total=False):
    AssociationDescription: "AssociationDescription"


class UpdateCloudConnectorRequest(TypedDict, total=False):
    CloudConnectorId: Required[str]
    DisplayName: str
    Configuration: "CloudConnectorConfiguration"
    Description: str


class UpdateCloudConnectorResult(TypedDict, total=False):
    CloudConnectorId: str


class UpdateDocumentDefaultVersionRequest(TypedDict, total=False):
    Name: Required[str]
    DocumentVersion: Required[str]


class UpdateDocumentDefaultVersionResult(TypedDict, total=False):
    Description: "DocumentDefaultVersionDescription"


class UpdateDocumentMetadataRequest(TypedDict, total=False):
    Name: Required[str]
    DocumentVersion: str
    DocumentReviews: Required["DocumentReviews"]


class UpdateDocumentMetadataResponse(TypedDict, total=False):
    pass


class UpdateDocumentRequest(TypedDict, total=False):
    Content: Required[str]
    Attachments: list["AttachmentsSource"]
    Name: Required[str]
    DisplayName: str
    VersionName: str
    DocumentVersion: str
    DocumentFormat: str
    TargetType: str


class UpdateDocumentResult(TypedDict, total=False):
    DocumentDescription: "DocumentDescription"


class UpdateMaintenanceWindowRequest(TypedDict, total=False):
    WindowId: Required[str]
    Name: str
    Description: str
    StartDate: str
    EndDate: str
    Schedule: str
    ScheduleTimezone: str
    ScheduleOffset: int
    Duration: int
    Cutoff: int
    AllowUnassociatedTargets: bool
    Enabled: bool
    Replace: bool


class UpdateMaintenanceWindowResult(TypedDict, total=False):
    WindowId: str
    Name: str
    Description: str
    StartDate: str
    EndDate: str
    Schedule: str
    ScheduleTimezone: str
    ScheduleOffset: int
    Duration: int
    Cutoff: int
    AllowUnassociatedTargets: bool
    Enabled: bool


class UpdateMaintenanceWindowTargetRequest(TypedDict, total=False):
    WindowId: Required[str]
    WindowTargetId: Required[str]
    Targets: list["Target"]
    OwnerInformation: str
    Name: str
    Description: str
    Replace: bool


class UpdateMaintenanceWindowTargetResult(TypedDict, total=False):
    WindowId: str
    WindowTargetId: str
    Targets: list["Target"]
    OwnerInformation: str
    Name: str
    Description: str


class UpdateMaintenanceWindowTaskRequest(TypedDict, total=False):
    WindowId: Required[str]
    WindowTaskId: Required[str]
    Targets: list["Target"]
    TaskArn: str
    ServiceRoleArn: str
    TaskParameters: dict[str, "MaintenanceWindowTaskParameterValueExpression"]
    TaskInvocationParameters: "MaintenanceWindowTaskInvocationParameters"
    Priority: int
    MaxConcurrency: str
    MaxErrors: str
    LoggingInfo: "LoggingInfo"
    Name: str
    Description: str
    Replace: bool
    CutoffBehavior: str
    AlarmConfiguration: "AlarmConfiguration"


class UpdateMaintenanceWindowTaskResult(TypedDict, total=False):
    WindowId: str
    WindowTaskId: str
    Targets: list["Target"]
    TaskArn: str
    ServiceRoleArn: str
    TaskParameters: dict[str, "MaintenanceWindowTaskParameterValueExpression"]
    TaskInvocationParameters: "MaintenanceWindowTaskInvocationParameters"
    Priority: int
    MaxConcurrency: str
    MaxErrors: str
    LoggingInfo: "LoggingInfo"
    Name: str
    Description: str
    CutoffBehavior: str
    AlarmConfiguration: "AlarmConfiguration"


class UpdateManagedInstanceRoleRequest(TypedDict, total=False):
    InstanceId: Required[str]
    IamRole: Required[str]


class UpdateManagedInstanceRoleResult(TypedDict, total=False):
    pass


class UpdateOpsItemRequest(TypedDict, total=False):
    Description: str
    OperationalData: dict[str, "OpsItemDataValue"]
    OperationalDataToDelete: list[str]
    Notifications: list["OpsItemNotification"]
    Priority: int
    RelatedOpsItems: list["RelatedOpsItem"]
    Status: str
    OpsItemId: Required[str]
    Title: str
    Category: str
    Severity: str
    ActualStartTime: datetime
    ActualEndTime: datetime
    PlannedStartTime: datetime
    PlannedEndTime: datetime
    OpsItemArn: str


class UpdateOpsItemResponse(TypedDict, total=False):
    pass


class UpdateOpsMetadataRequest(TypedDict, total=False):
    OpsMetadataArn: Required[str]
    MetadataToUpdate: dict[str, "MetadataValue"]
    KeysToDelete: list[str]


class UpdateOpsMetadataResult(TypedDict, total=False):
    OpsMetadataArn: str


class UpdatePatchBaselineRequest(TypedDict, total=False):
    BaselineId: Required[str]
    Name: str
    GlobalFilters: "PatchFilterGroup"
    ApprovalRules: "PatchRuleGroup"
    ApprovedPatches: list[str]
    ApprovedPatchesComplianceLevel: str
    ApprovedPatchesEnableNonSecurity: bool
    RejectedPatches: list[str]
    RejectedPatchesAction: str
    Description: str
    Sources: list["PatchSource"]
    AvailableSecurityUpdatesComplianceStatus: str
    Replace: bool


class UpdatePatchBaselineResult(TypedDict, total=False):
    BaselineId: str
    Name: str
    OperatingSystem: str
    GlobalFilters: "PatchFilterGroup"
    ApprovalRules: "PatchRuleGroup"
    ApprovedPatches: list[str]
    ApprovedPatchesComplianceLevel: str
    ApprovedPatchesEnableNonSecurity: bool
    RejectedPatches: list[str]
    RejectedPatchesAction: str
    CreatedDate: datetime
    ModifiedDate: datetime
    Description: str
    Sources: list["PatchSource"]
    AvailableSecurityUpdatesComplianceStatus: str


class UpdateResourceDataSyncRequest(TypedDict, total=False):
    SyncName: Required[str]
    SyncType: Required[str]
    SyncSource: Required["ResourceDataSyncSource"]


class UpdateResourceDataSyncResult(TypedDict, total=False):
    pass


class UpdateServiceSettingRequest(TypedDict, total=False):
    SettingId: Required[str]
    SettingValue: Required[str]


class UpdateServiceSettingResult(TypedDict, total=False):
    pass


class ValidateCloudConnectorRequest(TypedDict, total=False):
    CloudConnectorId: Required[str]
    MaxResults: int
    NextToken: str


class ValidateCloudConnectorResult(TypedDict, total=False):
    ValidationFindings: list["ValidationFinding"]
    NextToken: str


class AccountSharingInfo(TypedDict, total=False):
    AccountId: str
    SharedDocumentVersion: str


class Activation(TypedDict, total=False):
    ActivationId: str
    Description: str
    DefaultInstanceName: str
    IamRole: str
    RegistrationLimit: int
    RegistrationsCount: int
    ExpirationDate: datetime
    Expired: bool
    CreatedDate: datetime
    Tags: list["Tag"]


class AlarmConfiguration(TypedDict, total=False):
    IgnorePollAlarmFailure: bool
    Alarms: Required[list["Alarm"]]


class AlarmStateInformation(TypedDict, total=False):
    Name: Required[str]
    State: Required[str]


class Association(TypedDict, total=False):
    Name: str
    InstanceId: str
    AssociationId: str
    AssociationVersion: str
    DocumentVersion: str
    Targets: list["Target"]
    LastExecutionDate: datetime
    Overview: "AssociationOverview"
    ScheduleExpression: str
    AssociationName: str
    ScheduleOffset: int
    Duration: int
    TargetMaps: list[dict[str, list[str]]]


class AssociationDescription(TypedDict, total=False):
    Name: str
    InstanceId: str
    AssociationVersion: str
    Date: datetime
    LastUpdateAssociationDate: datetime
    Status: "AssociationStatus"
    Overview: "AssociationOverview"
    DocumentVersion: str
    AutomationTargetParameterName: str
    Parameters: dict[str, list[str]]
    AssociationId: str
    Targets: list["Target"]
    ScheduleExpression: str
    OutputLocation: "InstanceAssociationOutputLocation"
    LastExecutionDate: datetime
    LastSuccessfulExecutionDate: datetime
    AssociationName: str
    MaxErrors: str
    MaxConcurrency: str
    ComplianceSeverity: str
    SyncCompliance: str
    ApplyOnlyAtCronInterval: bool
    CalendarNames: list[str]
    TargetLocations: list["TargetLocation"]
    ScheduleOffset: int
    Duration: int
    TargetMaps: list[dict[str, list[str]]]
    AlarmConfiguration: "AlarmConfiguration"
    TriggeredAlarms: list["AlarmStateInformation"]
    AssociationDispatchAssumeRole: str


class AssociationExecution(TypedDict, total=False):
    AssociationId: str
    AssociationVersion: str
    ExecutionId: str
    Status: str
    DetailedStatus: str
    CreatedTime: datetime
    LastExecutionDate: datetime
    ResourceCountByStatus: str
    AlarmConfiguration: "AlarmConfiguration"
    TriggeredAlarms: list["AlarmStateInformation"]


class AssociationExecutionFilter(TypedDict, total=False):
    Key: Required[str]
    Value: Required[str]
    Type: Required[str]


class AssociationExecutionTarget(TypedDict, total=False):
    AssociationId: str
    AssociationVersion: str
    ExecutionId: str
    ResourceId: str
    ResourceType: str
    Status: str
    DetailedStatus: str
    LastExecutionDate: datetime
    OutputSource: "OutputSource"


class AssociationExecutionTargetsFilter(TypedDict, total=False):
    Key: Required[str]
    Value: Required[str]


class AssociationFilter(TypedDict, total=False):
    key: Required[str]
    value: Required[str]


class AssociationStatus(TypedDict, total=False):
    Date: Required[datetime]
    Name: Required[str]
    Message: Required[str]
    AdditionalInfo: str


class AssociationVersionInfo(TypedDict, total=False):
    AssociationId: str
    AssociationVersion: str
    CreatedDate: datetime
    Name: str
    DocumentVersion: str
    Parameters: dict[str, list[str]]
    Targets: list["Target"]
    ScheduleExpression: str
    OutputLocation: "InstanceAssociationOutputLocation"
    AssociationName: str
    MaxErrors: str
    MaxConcurrency: str
    ComplianceSeverity: str
    SyncCompliance: str
    ApplyOnlyAtCronInterval: bool
    CalendarNames: list[str]
    TargetLocations: list["TargetLocation"]
    ScheduleOffset: int
    Duration: int
    TargetMaps: list[dict[str, list[str]]]
    AssociationDispatchAssumeRole: str


class AttachmentContent(TypedDict, total=False):
    Name: str
    Size: int
    Hash: str
    HashType: str
    Url: str


class AttachmentsSource(TypedDict, total=False):
    Key: str
    Values: list[str]
    Name: str


class AutomationExecution(TypedDict, total=False):
    AutomationExecutionId: str
    DocumentName: str
    DocumentVersion: str
    ExecutionStartTime: datetime
    ExecutionEndTime: datetime
    AutomationExecutionStatus: str
    StepExecutions: list["StepExecution"]
    StepExecutionsTruncated: bool
    Parameters: dict[str, list[str]]
    Outputs: dict[str, list[str]]
    FailureMessage: str
    WarningMessage: str
    Mode: str
    ParentAutomationExecutionId: str
    ExecutedBy: str
    CurrentStepName: str
    CurrentAction: str
    TargetParameterName: str
    Targets: list["Target"]
    TargetMaps: list[dict[str, list[str]]]
    ResolvedTargets: "ResolvedTargets"
    MaxConcurrency: str
    MaxErrors: str
    Target: str
    TargetLocations: list["TargetLocation"]
    ProgressCounters: "ProgressCounters"
    AlarmConfiguration: "AlarmConfiguration"
    TriggeredAlarms: list["AlarmStateInformation"]
    TargetLocationsURL: str
    AutomationSubtype: str
    ScheduledTime: datetime
    Runbooks: list["Runbook"]
    OpsItemId: str
    AssociationId: str
    ChangeRequestName: str
    Variables: dict[str, list[str]]
    TargetsSummary: "TargetsSummary"


class AutomationExecutionFilter(TypedDict, total=False):
    Key: Required[str]
    Values: Required[list[str]]


class AutomationExecutionMetadata(TypedDict, total=False):
    AutomationExecutionId: str
    DocumentName: str
    DocumentVersion: str
    AutomationExecutionStatus: str
    ExecutionStartTime: datetime
    ExecutionEndTime: datetime
    ExecutedBy: str
    LogFile: str
    Outputs: dict[str, list[str]]
    Mode: str
    ParentAutomationExecutionId: str
    CurrentStepName: str
    CurrentAction: str
    FailureMessage: str
    WarningMessage: str
    TargetParameterName: str
    Targets: list["Target"]
    TargetMaps: list[dict[str, list[str]]]
    ResolvedTargets: "ResolvedTargets"
    MaxConcurrency: str
    MaxErrors: str
    Target: str
    AutomationType: str
    AlarmConfiguration: "AlarmConfiguration"
    TriggeredAlarms: list["AlarmStateInformation"]
    TargetLocationsURL: str
    AutomationSubtype: str
    ScheduledTime: datetime
    Runbooks: list["Runbook"]
    OpsItemId: str
    AssociationId: str
    ChangeRequestName: str


class BaselineOverride(TypedDict, total=False):
    OperatingSystem: str
    GlobalFilters: "PatchFilterGroup"
    ApprovalRules: "PatchRuleGroup"
    ApprovedPatches: list[str]
    ApprovedPatchesComplianceLevel: str
    RejectedPatches: list[str]
    RejectedPatchesAction: str
    ApprovedPatchesEnableNonSecurity: bool
    Sources: list["PatchSource"]
    AvailableSecurityUpdatesComplianceStatus: str


class CloudConnectorConfiguration(TypedDict, total=False):
    AzureConfiguration: "AzureConfiguration"
    GcpConfiguration: "GcpConfiguration"


class CloudConnectorFilter(TypedDict, total=False):
    FilterKey: str
    FilterValues: list[str]


class CloudConnectorSummary(TypedDict, total=False):
    CloudConnectorId: str
    DisplayName: str
    Description: str
    RoleArn: str
    CreatedAt: datetime
    UpdatedAt: datetime
    Provider: str
    ConfigConnectorArn: str


class CloudWatchOutputConfig(TypedDict, total=False):
    CloudWatchLogGroupName: str
    CloudWatchOutputEnabled: bool


class Command(TypedDict, total=False):
    CommandId: str
    DocumentName: str
    DocumentVersion: str
    Comment: str
    ExpiresAfter: datetime
    Parameters: dict[str, list[str]]
    InstanceIds: list[str]
    Targets: list["Target"]
    RequestedDateTime: datetime
    Status: str
    StatusDetails: str
    OutputS3Region: str
    OutputS3BucketName: str
    OutputS3KeyPrefix: str
    MaxConcurrency: str
    MaxErrors: str
    TargetCount: int
    CompletedCount: int
    ErrorCount: int
    DeliveryTimedOutCount: int
    ServiceRole: str
    NotificationConfig: "NotificationConfig"
    CloudWatchOutputConfig: "CloudWatchOutputConfig"
    TimeoutSeconds: int
    AlarmConfiguration: "AlarmConfiguration"
    TriggeredAlarms: list["AlarmStateInformation"]


class CommandFilter(TypedDict, total=False):
    key: Required[str]
    value: Required[str]


class CommandInvocation(TypedDict, total=False):
    CommandId: str
    InstanceId: str
    InstanceName: str
    Comment: str
    DocumentName: str
    DocumentVersion: str
    RequestedDateTime: datetime
    Status: str
    StatusDetails: str
    TraceOutput: str
    StandardOutputUrl: str
    StandardErrorUrl: str
    CommandPlugins: list["CommandPlugin"]
    ServiceRole: str
    NotificationConfig: "NotificationConfig"
    CloudWatchOutputConfig: "CloudWatchOutputConfig"


class ComplianceExecutionSummary(TypedDict, total=False):
    ExecutionTime: Required[datetime]
    ExecutionId: str
    ExecutionType: str


class ComplianceItem(TypedDict, total=False):
    ComplianceType: str
    ResourceType: str
    ResourceId: str
    Id: str
    Title: str
    Status: str
    Severity: str
    ExecutionSummary: "ComplianceExecutionSummary"
    Details: dict[str, str]


class ComplianceItemEntry(TypedDict, total=False):
    Id: str
    Title: str
    Severity: Required[str]
    Status: Required[str]
    Details: dict[str, str]


class ComplianceStringFilter(TypedDict, total=False):
    Key: str
    Values: list[str]
    Type: str


class ComplianceSummaryItem(TypedDict, total=False):
    ComplianceType: str
    CompliantSummary: "CompliantSummary"
    NonCompliantSummary: "NonCompliantSummary"


class CreateAssociationBatchRequestEntry(TypedDict, total=False):
    Name: Required[str]
    InstanceId: str
    Parameters: dict[str, list[str]]
    AutomationTargetParameterName: str
    DocumentVersion: str
    Targets: list["Target"]
    ScheduleExpression: str
    OutputLocation: "InstanceAssociationOutputLocation"
    AssociationName: str
    MaxErrors: str
    MaxConcurrency: str
    ComplianceSeverity: str
    SyncCompliance: str
    ApplyOnlyAtCronInterval: bool
    CalendarNames: list[str]
    TargetLocations: list["TargetLocation"]
    ScheduleOffset: int
    Duration: int
    TargetMaps: list[dict[str, list[str]]]
    AlarmConfiguration: "AlarmConfiguration"


class Credentials(TypedDict, total=False):
    AccessKeyId: Required[str]
    SecretAccessKey: Required[str]
    SessionToken: Required[str]
    ExpirationTime: Required[datetime]


class DescribeActivationsFilter(TypedDict, total=False):
    FilterKey: str
    FilterValues: list[str]


class DocumentDefaultVersionDescription(TypedDict, total=False):
    Name: str
    DefaultVersion: str
    DefaultVersionName: str


class DocumentDescription(TypedDict, total=False):
    Sha1: str
    Hash: str
    HashType: str
    Name: str
    DisplayName: str
    VersionName: str
    Owner: str
    CreatedDate: datetime
    Status: str
    StatusInformation: str
    DocumentVersion: str
    Description: str
    Parameters: list["DocumentParameter"]
    PlatformTypes: list[str]
    DocumentType: str
    SchemaVersion: str
    LatestVersion: str
    DefaultVersion: str
    DocumentFormat: str
    TargetType: str
    Tags: list["Tag"]
    AttachmentsInformation: list["AttachmentInformation"]
    Requires: list["DocumentRequires"]
    Author: str
    ReviewInformation: list["ReviewInformation"]
    ApprovedVersion: str
    PendingReviewVersion: str
    ReviewStatus: str
    Category: list[str]
    CategoryEnum: list[str]


class DocumentFilter(TypedDict, total=False):
    key: Required[str]
    value: Required[str]


class DocumentIdentifier(TypedDict, total=False):
    Name: str
    CreatedDate: datetime
    DisplayName: str
    Owner: str
    VersionName: str
    PlatformTypes: list[str]
    DocumentVersion: str
    DocumentType: str
    SchemaVersion: str
    DocumentFormat: str
    TargetType: str
    Tags: list["Tag"]
    Requires: list["DocumentRequires"]
    ReviewStatus: str
    Author: str


class DocumentKeyValuesFilter(TypedDict, total=False):
    Key: str
    Values: list[str]


class DocumentMetadataResponseInfo(TypedDict, total=False):
    ReviewerResponse: list["DocumentReviewerResponseSource"]


class DocumentRequires(TypedDict, total=False):
    Name: Required[str]
    Version: str
    RequireType: str
    VersionName: str


class DocumentReviews(TypedDict, total=False):
    Action: Required[str]
    Comment: list["DocumentReviewCommentSource"]


class DocumentVersionInfo(TypedDict, total=False):
    Name: str
    DisplayName: str
    DocumentVersion: str
    VersionName: str
    CreatedDate: datetime
    IsDefaultVersion: bool
    DocumentFormat: str
    Status: str
    StatusInformation: str
    ReviewStatus: str


class EffectivePatch(TypedDict, total=False):
    Patch: "Patch"
    PatchStatus: "PatchStatus"


class ExecutionInputs(TypedDict, total=False):
    Automation: "AutomationExecutionInputs"


class ExecutionPreview(TypedDict, total=False):
    Automation: "AutomationExecutionPreview"


class FailedCreateAssociation(TypedDict, total=False):
    Entry: "CreateAssociationBatchRequestEntry"
    Message: str
    Fault: str


class GetResourcePoliciesResponseEntry(TypedDict, total=False):
    PolicyId: str
    PolicyHash: str
    Policy: str


class InstanceAssociation(TypedDict, total=False):
    AssociationId: str
    InstanceId: str
    Content: str
    AssociationVersion: str


class InstanceAssociationOutputLocation(TypedDict, total=False):
    S3Location: "S3OutputLocation"


class InstanceAssociationStatusInfo(TypedDict, total=False):
    AssociationId: str
    Name: str
    DocumentVersion: str
    AssociationVersion: str
    InstanceId: str
    ExecutionDate: datetime
    Status: str
    DetailedStatus: str
    ExecutionSummary: str
    ErrorCode: str
    OutputUrl: "InstanceAssociationOutputUrl"
    AssociationName: str


class InstanceInformation(TypedDict, total=False):
    InstanceId: str
    PingStatus: str
    LastPingDateTime: datetime
    AgentVersion: str
    IsLatestVersion: bool
    PlatformType: str
    PlatformName: str
    PlatformVersion: str
    ActivationId: str
    IamRole: str
    RegistrationDate: datetime
    ResourceType: str
    Name: str
    IPAddress: str
    ComputerName: str
    AssociationStatus: str
    LastAssociationExecutionDate: datetime
    LastSuccessfulAssociationExecutionDate: datetime
    AssociationOverview: "InstanceAggregatedAssociationOverview"
    SourceId: str
    SourceType: str
    SourceLocation: str


class InstanceInformationFilter(TypedDict, total=False):
    key: Required[str]
    valueSet: Required[list[str]]


class InstanceInformationStringFilter(TypedDict, total=False):
    Key: Required[str]
    Values: Required[list[str]]


class InstancePatchState(TypedDict, total=False):
    InstanceId: Required[str]
    PatchGroup: Required[str]
    BaselineId: Required[str]
    SnapshotId: str
    InstallOverrideList: str
    OwnerInformation: str
    InstalledCount: int
    InstalledOtherCount: int
    InstalledPendingRebootCount: int
    InstalledRejectedCount: int
    MissingCount: int
    FailedCount: int
    UnreportedNotApplicableCount: int
    NotApplicableCount: int
    AvailableSecurityUpdateCount: int
    OperationStartTime: Required[datetime]
    OperationEndTime: Required[datetime]
    Operation: Required[str]
    LastNoRebootInstallOperationTime: datetime
    RebootOption: str
    CriticalNonCompliantCount: int
    SecurityNonCompliantCount: int
    OtherNonCompliantCount: int


class InstancePatchStateFilter(TypedDict, total=False):
    Key: Required[str]
    Values: Required[list[str]]
    Type: Required[str]


class InstanceProperty(TypedDict, total=False):
    Name: str
    InstanceId: str
    InstanceType: str
    InstanceRole: str
    KeyName: str
    InstanceState: str
    Architecture: str
    IPAddress: str
    LaunchTime: datetime
    PingStatus: str
    LastPingDateTime: datetime
    AgentVersion: str
    PlatformType: str
    PlatformName: str
    PlatformVersion: str
    ActivationId: str
    IamRole: str
    RegistrationDate: datetime
    ResourceType: str
    ComputerName: str
    AssociationStatus: str
    LastAssociationExecutionDate: datetime
    LastSuccessfulAssociationExecutionDate: datetime
    AssociationOverview: "InstanceAggregatedAssociationOverview"
    SourceId: str
    SourceType: str
    SourceLocation: str
    AvailabilityZone: str


class InstancePropertyFilter(TypedDict, total=False):
    key: Required[str]
    valueSet: Required[list[str]]


class InstancePropertyStringFilter(TypedDict, total=False):
    Key: Required[str]
    Values: Required[list[str]]
    Operator: str


class InventoryAggregator(TypedDict, total=False):
    Expression: str
    Aggregators: list["InventoryAggregator"]
    Groups: list["InventoryGroup"]


class InventoryDeletionStatusItem(TypedDict, total=False):
    DeletionId: str
    TypeName: str
    DeletionStartTime: datetime
    LastStatus: str
    LastStatusMessage: str
    DeletionSummary: "InventoryDeletionSummary"
    LastStatusUpdateTime: datetime


class InventoryDeletionSummary(TypedDict, total=False):
    TotalCount: int
    RemainingCount: int
    SummaryItems: list["InventoryDeletionSummaryItem"]


class InventoryFilter(TypedDict, total=False):
    Key: Required[str]
    Values: Required[list[str]]
    Type: str


class InventoryItem(TypedDict, total=False):
    TypeName: Required[str]
    SchemaVersion: Required[str]
    CaptureTime: Required[str]
    ContentHash: str
    Content: list[dict[str, str]]
    Context: dict[str, str]


class InventoryItemSchema(TypedDict, total=False):
    TypeName: Required[str]
    Version: str
    Attributes: Required[list["InventoryItemAttribute"]]
    DisplayName: str


class InventoryResultEntity(TypedDict, total=False):
    Id: str
    Data: dict[str, "InventoryResultItem"]


class LoggingInfo(TypedDict, total=False):
    S3BucketName: Required[str]
    S3KeyPrefix: str
    S3Region: Required[str]


class MaintenanceWindowExecution(TypedDict, total=False):
    WindowId: str
    WindowExecutionId: str
    Status: str
    StatusDetails: str
    StartTime: datetime
    EndTime: datetime


class MaintenanceWindowExecutionTaskIdentity(TypedDict, total=False):
    WindowExecutionId: str
    TaskExecutionId: str
    Status: str
    StatusDetails: str
    StartTime: datetime
    EndTime: datetime
    TaskArn: str
    TaskType: str
    AlarmConfiguration: "AlarmConfiguration"
    TriggeredAlarms: list["AlarmStateInformation"]


class MaintenanceWindowExecutionTaskInvocationIdentity(TypedDict, total=False):
    WindowExecutionId: str
    TaskExecutionId: str
    InvocationId: str
    ExecutionId: str
    TaskType: str
    Parameters: str
    Status: str
    StatusDetails: str
    StartTime: datetime
    EndTime: datetime
    OwnerInformation: str
    WindowTargetId: str


class MaintenanceWindowFilter(TypedDict, total=False):
    Key: str
    Values: list[str]


class MaintenanceWindowIdentity(TypedDict, total=False):
    WindowId: str
    Name: str
    Description: str
    Enabled: bool
    Duration: int
    Cutoff: int
    Schedule: str
    ScheduleTimezone: str
    ScheduleOffset: int
    EndDate: str
    StartDate: str
    NextExecutionTime: str


class MaintenanceWindowIdentityForTarget(TypedDict, total=False):
    WindowId: str
    Name: str


class MaintenanceWindowTarget(TypedDict, total=False):
    WindowId: str
    WindowTargetId: str
    ResourceType: str
    Targets: list["Target"]
    OwnerInformation: str
    Name: str
    Description: str


class MaintenanceWindowTask(TypedDict, total=False):
    WindowId: str
    WindowTaskId: str
    TaskArn: str
    Type: str
    Targets: list["Target"]
    TaskParameters: dict[str, "MaintenanceWindowTaskParameterValueExpression"]
    Priority: int
    LoggingInfo: "LoggingInfo"
    ServiceRoleArn: str
    MaxConcurrency: str
    MaxErrors: str
    Name: str
    Description: str
    CutoffBehavior: str
    AlarmConfiguration: "AlarmConfiguration"


class MaintenanceWindowTaskInvocationParameters(TypedDict, total=False):
    RunCommand: "MaintenanceWindowRunCommandParameters"
    Automation: "MaintenanceWindowAutomationParameters"
    StepFunctions: "MaintenanceWindowStepFunctionsParameters"
    Lambda: "MaintenanceWindowLambdaParameters"


class MaintenanceWindowTaskParameterValueExpression(TypedDict, total=False):
    Values: list[str]


class MetadataValue(TypedDict, total=False):
    Value: str


class Node(TypedDict, total=False):
    CaptureTime: datetime
    Id: str
    Owner: "NodeOwnerInfo"
    Region: str
    NodeType: "NodeType"


class NodeAggregator(TypedDict, total=False):
    AggregatorType: Required[str]
    TypeName: Required[str]
    AttributeName: Required[str]
    Aggregators: list["NodeAggregator"]


class NodeFilter(TypedDict, total=False):
    Key: Required[str]
    Values: Required[list[str]]
    Type: str


class NotificationConfig(TypedDict, total=False):
    NotificationArn: str
    NotificationEvents: list[str]
    NotificationType: str


class OpsAggregator(TypedDict, total=False):
    AggregatorType: str
    TypeName: str
    AttributeName: str
    Values: dict[str, str]
    Filters: list["OpsFilter"]
    Aggregators: list["OpsAggregator"]


class OpsEntity(TypedDict, total=False):
    Id: str
    Data: dict[str, "OpsEntityItem"]


class OpsFilter(TypedDict, total=False):
    Key: Required[str]
    Values: Required[list[str]]
    Type: str


class OpsItem(TypedDict, total=False):
    CreatedBy: str
    OpsItemType: str
    CreatedTime: datetime
    Description: str
    LastModifiedBy: str
    LastModifiedTime: datetime
    Notifications: list["OpsItemNotification"]
    Priority: int
    RelatedOpsItems: list["RelatedOpsItem"]
    Status: str
    OpsItemId: str
    Version: str
    Title: str
    Source: str
    OperationalData: dict[str, "OpsItemDataValue"]
    Category: str
    Severity: str
    ActualStartTime: datetime
    ActualEndTime: datetime
    PlannedStartTime: datetime
    PlannedEndTime: datetime
    OpsItemArn: str


class OpsItemDataValue(TypedDict, total=False):
    Value: str
    Type: str


class OpsItemEventFilter(TypedDict, total=False):
    Key: Required[str]
    Values: Required[list[str]]
    Operator: Required[str]


class OpsItemEventSummary(TypedDict, total=False):
    OpsItemId: str
    EventId: str
    Source: str
    DetailType: str
    Detail: str
    CreatedBy: "OpsItemIdentity"
    CreatedTime: datetime


class OpsItemFilter(TypedDict, total=False):
    Key: Required[str]
    Values: Required[list[str]]
    Operator: Required[str]


class OpsItemNotification(TypedDict, total=False):
    Arn: str


class OpsItemRelatedItemSummary(TypedDict, total=False):
    OpsItemId: str
    AssociationId: str
    ResourceType: str
    AssociationType: str
    ResourceUri: str
    CreatedBy: "OpsItemIdentity"
    CreatedTime: datetime
    LastModifiedBy: "OpsItemIdentity"
    LastModifiedTime: datetime


class OpsItemRelatedItemsFilter(TypedDict, total=False):
    Key: Required[str]
    Values: Required[list[str]]
    Operator: Required[str]


class OpsItemSummary(TypedDict, total=False):
    CreatedBy: str
    CreatedTime: datetime
    LastModifiedBy: str
    LastModifiedTime: datetime
    Priority: int
    Source: str
    Status: str
    OpsItemId: str
    Title: str
    OperationalData: dict[str, "OpsItemDataValue"]
    Category: str
    Severity: str
    OpsItemType: str
    ActualStartTime: datetime
    ActualEndTime: datetime
    PlannedStartTime: datetime
    PlannedEndTime: datetime


class OpsMetadata(TypedDict, total=False):
    ResourceId: str
    OpsMetadataArn: str
    LastModifiedDate: datetime
    LastModifiedUser: str
    CreationDate: datetime


class OpsMetadataFilter(TypedDict, total=False):
    Key: Required[str]
    Values: Required[list[str]]


class OpsResultAttribute(TypedDict, total=False):
    TypeName: Required[str]


class Parameter(TypedDict, total=False):
    Name: str
    Type: str
    Value: str
    Version: int
    Selector: str
    SourceResult: str
    LastModifiedDate: datetime
    ARN: str
    DataType: str


class ParameterHistory(TypedDict, total=False):
    Name: str
    Type: str
    KeyId: str
    LastModifiedDate: datetime
    LastModifiedUser: str
    Description: str
    Value: str
    AllowedPattern: str
    Version: int
    Labels: list[str]
    Tier: str
    Policies: list["ParameterInlinePolicy"]
    DataType: str


class ParameterMetadata(TypedDict, total=False):
    Name: str
    ARN: str
    Type: str
    KeyId: str
    LastModifiedDate: datetime
    LastModifiedUser: str
    Description: str
    AllowedPattern: str
    Version: int
    Tier: str
    Policies: list["ParameterInlinePolicy"]
    DataType: str


class ParameterStringFilter(TypedDict, total=False):
    Key: Required[str]
    Option: str
    Values: list[str]


class ParametersFilter(TypedDict, total=False):
    Key: Required[str]
    Values: Required[list[str]]


class Patch(TypedDict, total=False):
    Id: str
    ReleaseDate: datetime
    Title: str
    Description: str
    ContentUrl: str
    Vendor: str
    ProductFamily: str
    Product: str
    Classification: str
    MsrcSeverity: str
    KbNumber: str
    MsrcNumber: str
    Language: str
    AdvisoryIds: list[str]
    BugzillaIds: list[str]
    CVEIds: list[str]
    Name: str
    Epoch: int
    Version: str
    Release: str
    Arch: str
    Severity: str
    Repository: str


class PatchBaselineIdentity(TypedDict, total=False):
    BaselineId: str
    BaselineName: str
    OperatingSystem: str
    BaselineDescription: str
    DefaultBaseline: bool


class PatchComplianceData(TypedDict, total=False):
    Title: Required[str]
    KBId: Required[str]
    Classification: Required[str]
    Severity: Required[str]
    State: Required[str]
    InstalledTime: Required[datetime]
    CVEIds: str


class PatchFilterGroup(TypedDict, total=False):
    PatchFilters: Required[list["PatchFilter"]]


class PatchGroupPatchBaselineMapping(TypedDict, total=False):
    PatchGroup: str
    BaselineIdentity: "PatchBaselineIdentity"


class PatchOrchestratorFilter(TypedDict, total=False):
    Key: str
    Values: list[str]


class PatchRuleGroup(TypedDict, total=False):
    PatchRules: Required[list["PatchRule"]]


class PatchSource(TypedDict, total=False):
    Name: Required[str]
    Products: Required[list[str]]
    Configuration: Required[str]


class RegistrationMetadataItem(TypedDict, total=False):
    Key: Required[str]
    Value: Required[str]


class RelatedOpsItem(TypedDict, total=False):
    OpsItemId: Required[str]


class ResourceComplianceSummaryItem(TypedDict, total=False):
    ComplianceType: str
    ResourceType: str
    ResourceId: str
    Status: str
    OverallSeverity: str
    ExecutionSummary: "ComplianceExecutionSummary"
    CompliantSummary: "CompliantSummary"
    NonCompliantSummary: "NonCompliantSummary"


class ResourceDataSyncItem(TypedDict, total=False):
    SyncName: str
    SyncType: str
    SyncSource: "ResourceDataSyncSourceWithState"
    S3Destination: "ResourceDataSyncS3Destination"
    LastSyncTime: datetime
    LastSuccessfulSyncTime: datetime
    SyncLastModifiedTime: datetime
    LastStatus: str
    SyncCreatedTime: datetime
    LastSyncStatusMessage: str


class ResourceDataSyncS3Destination(TypedDict, total=False):
    BucketName: Required[str]
    Prefix: str
    SyncFormat: Required[str]
    Region: Required[str]
    AWSKMSKeyARN: str
    DestinationDataSharing: "ResourceDataSyncDestinationDataSharing"


class ResourceDataSyncSource(TypedDict, total=False):
    SourceType: Required[str]
    AwsOrganizationsSource: "ResourceDataSyncAwsOrganizationsSource"
    SourceRegions: Required[list[str]]
    IncludeFutureRegions: bool
    EnableAllOpsDataSources: bool


class ResultAttribute(TypedDict, total=False):
    TypeName: Required[str]


class Runbook(TypedDict, total=False):
    DocumentName: Required[str]
    DocumentVersion: str
    Parameters: dict[str, list[str]]
    TargetParameterName: str
    Targets: list["Target"]
    TargetMaps: list[dict[str, list[str]]]
    MaxConcurrency: str
    MaxErrors: str
    TargetLocations: list["TargetLocation"]


class ScheduledWindowExecution(TypedDict, total=False):
    WindowId: str
    Name: str
    ExecutionTime: str


class ServiceSetting(TypedDict, total=False):
    SettingId: str
    SettingValue: str
    LastModifiedDate: datetime
    LastModifiedUser: str
    ARN: str
    Status: str


class Session(TypedDict, total=False):
    SessionId: str
    Target: str
    Status: str
    StartDate: datetime
    EndDate: datetime
    DocumentName: str
    Owner: str
    Reason: str
    Details: str
    OutputUrl: "SessionManagerOutputUrl"
    MaxSessionDuration: str
    AccessType: str


class SessionFilter(TypedDict, total=False):
    key: Required[str]
    value: Required[str]


class StepExecution(TypedDict, total=False):
    StepName: str
    Action: str
    TimeoutSeconds: int
    OnFailure: str
    MaxAttempts: int
    ExecutionStartTime: datetime
    ExecutionEndTime: datetime
    StepStatus: str
    ResponseCode: str
    Inputs: dict[str, str]
    Outputs: dict[str, list[str]]
    Response: str
    FailureMessage: str
    WarningMessage: str
    FailureDetails: "FailureDetails"
    StepExecutionId: str
    OverriddenParameters: dict[str, list[str]]
    IsEnd: bool
    NextStep: str
    IsCritical: bool
    ValidNextSteps: list[str]
    Targets: list["Target"]
    TargetLocation: "TargetLocation"
    TriggeredAlarms: list["AlarmStateInformation"]
    ParentStepDetails: "ParentStepDetails"


class StepExecutionFilter(TypedDict, total=False):
    Key: Required[str]
    Values: Required[list[str]]


class Tag(TypedDict, total=False):
    Key: Required[str]
    Value: Required[str]


class Target(TypedDict, total=False):
    Key: str
    Values: list[str]


class TargetLocation(TypedDict, total=False):
    Accounts: list[str]
    Regions: list[str]
    TargetLocationMaxConcurrency: str
    TargetLocationMaxErrors: str
    ExecutionRoleName: str
    TargetLocationAlarmConfiguration: "AlarmConfiguration"
    IncludeChildOrganizationUnits: bool
    ExcludeAccounts: list[str]
    Targets: list["Target"]
    TargetsMaxConcurrency: str
    TargetsMaxErrors: str


class ValidationFinding(TypedDict, total=False):
    Type: str
    Code: str
    Message: str
    ProviderMessage: str
    Scope: "ValidationFindingScope"


class Alarm(TypedDict, total=False):
    Name: Required[str]


class AssociationOverview(TypedDict, total=False):
    Status: str
    DetailedStatus: str
    AssociationStatusAggregatedCount: dict[str, int]


class AttachmentInformation(TypedDict, total=False):
    Name: str


class AutomationExecutionInputs(TypedDict, total=False):
    Parameters: dict[str, list[str]]
    TargetParameterName: str
    Targets: list["Target"]
    TargetMaps: list[dict[str, list[str]]]
    TargetLocations: list["TargetLocation"]
    TargetLocationsURL: str


class AutomationExecutionPreview(TypedDict, total=False):
    StepPreviews: dict[str, int]
    Regions: list[str]
    TargetPreviews: list["TargetPreview"]
    TotalAccounts: int


class AzureConfiguration(TypedDict, total=False):
    TenantId: Required[str]
    TenantDisplayName: str
    ApplicationId: Required[str]
    ApplicationDisplayName: str
    Targets: "ConfigurationTargets"


class CommandPlugin(TypedDict, total=False):
    Name: str
    Status: str
    StatusDetails: str
    ResponseCode: int
    ResponseStartDateTime: datetime
    ResponseFinishDateTime: datetime
    Output: str
    StandardOutputUrl: str
    StandardErrorUrl: str
    OutputS3Region: str
    OutputS3BucketName: str
    OutputS3KeyPrefix: str


class CompliantSummary(TypedDict, total=False):
    CompliantCount: int
    SeveritySummary: "SeveritySummary"


class DocumentParameter(TypedDict, total=False):
    Name: str
    Type: str
    Description: str
    DefaultValue: str


class DocumentReviewCommentSource(TypedDict, total=False):
    Type: str
    Content: str


class DocumentReviewerResponseSource(TypedDict, total=False):
    CreateTime: datetime
    UpdatedTime: datetime
    ReviewStatus: str
    Comment: list["DocumentReviewCommentSource"]
    Reviewer: str


class FailureDetails(TypedDict, total=False):
    FailureStage: str
    FailureType: str
    Details: dict[str, list[str]]


class GcpConfiguration(TypedDict, total=False):
    OrganizationId: str
    WorkloadIdentityPoolProvider: Required[str]
    ServiceAccountEmail: Required[str]
    Targets: "GcpConfigurationTargets"


class InstanceAggregatedAssociationOverview(TypedDict, total=False):
    DetailedStatus: str
    InstanceAssociationStatusAggregatedCount: dict[str, int]


class InstanceAssociationOutputUrl(TypedDict, total=False):
    S3OutputUrl: "S3OutputUrl"


class InventoryDeletionSummaryItem(TypedDict, total=False):
    Version: str
    Count: int
    RemainingCount: int


class InventoryGroup(TypedDict, total=False):
    Name: Required[str]
    Filters: Required[list["InventoryFilter"]]


class InventoryItemAttribute(TypedDict, total=False):
    Name: Required[str]
    DataType: Required[str]


class InventoryResultItem(TypedDict, total=False):
    TypeName: Required[str]
    SchemaVersion: Required[str]
    CaptureTime: str
    ContentHash: str
    Content: Required[list[dict[str, str]]]


class MaintenanceWindowAutomationParameters(TypedDict, total=False):
    DocumentVersion: str
    Parameters: dict[str, list[str]]


class MaintenanceWindowLambdaParameters(TypedDict, total=False):
    ClientContext: str
    Qualifier: str
    Payload: bytes


class MaintenanceWindowRunCommandParameters(TypedDict, total=False):
    Comment: str
    CloudWatchOutputConfig: "CloudWatchOutputConfig"
    DocumentHash: str
    DocumentHashType: str
    DocumentVersion: str
    NotificationConfig: "NotificationConfig"
    OutputS3BucketName: str
    OutputS3KeyPrefix: str
    Parameters: dict[str, list[str]]
    ServiceRoleArn: str
    TimeoutSeconds: int


class MaintenanceWindowStepFunctionsParameters(TypedDict, total=False):
    Input: str
    Name: str


class NodeOwnerInfo(TypedDict, total=False):
    AccountId: str
    OrganizationalUnitId: str
    OrganizationalUnitPath: str


class NodeType(TypedDict, total=False):
    Instance: "InstanceInfo"


class NonCompliantSummary(TypedDict, total=False):
    NonCompliantCount: int
    SeveritySummary: "SeveritySummary"


class OpsEntityItem(TypedDict, total=False):
    CaptureTime: str
    Content: list[dict[str, str]]


class OpsItemIdentity(TypedDict, total=False):
    Arn: str


class OutputSource(TypedDict, total=False):
    OutputSourceId: str
    OutputSourceType: str


class ParameterInlinePolicy(TypedDict, total=False):
    PolicyText: str
    PolicyType: str
    PolicyStatus: str


class ParentStepDetails(TypedDict, total=False):
    StepExecutionId: str
    StepName: str
    Action: str
    Iteration: int
    IteratorValue: str


class PatchFilter(TypedDict, total=False):
    Key: Required[str]
    Values: Required[list[str]]


class PatchRule(TypedDict, total=False):
    PatchFilterGroup: Required["PatchFilterGroup"]
    ComplianceLevel: str
    ApproveAfterDays: int
    ApproveUntilDate: str
    EnableNonSecurity: bool


class PatchStatus(TypedDict, total=False):
    DeploymentStatus: str
    ComplianceLevel: str
    ApprovalDate: datetime


class ProgressCounters(TypedDict, total=False):
    TotalSteps: int
    SuccessSteps: int
    FailedSteps: int
    CancelledSteps: int
    TimedOutSteps: int


class ResolvedTargets(TypedDict, total=False):
    ParameterValues: list[str]
    Truncated: bool


class ResourceDataSyncAwsOrganizationsSource(TypedDict, total=False):
    OrganizationSourceType: Required[str]
    OrganizationalUnits: list["ResourceDataSyncOrganizationalUnit"]


class ResourceDataSyncDestinationDataSharing(TypedDict, total=False):
    DestinationDataSharingType: str


class ResourceDataSyncSourceWithState(TypedDict, total=False):
    SourceType: str
    AwsOrganizationsSource: "ResourceDataSyncAwsOrganizationsSource"
    SourceRegions: list[str]
    IncludeFutureRegions: bool
    State: str
    EnableAllOpsDataSources: bool


class ReviewInformation(TypedDict, total=False):
    ReviewedTime: datetime
    Status: str
    Reviewer: str


class S3OutputLocation(TypedDict, total=False):
    OutputS3Region: str
    OutputS3BucketName: str
    OutputS3KeyPrefix: str


class SessionManagerOutputUrl(TypedDict, total=False):
    S3OutputUrl: str
    CloudWatchOutputUrl: str


class TargetsSummary(TypedDict, total=False):
    TotalCount: int
    StartedCount: int
    CompletedCount: int
    SuccessfulCount: int
    FailedCount: int


class ValidationFindingScope(TypedDict, total=False):
    Type: str
    Id: str


class ConfigurationTargets(TypedDict, total=False):
    Subscriptions: list["AzureSubscription"]


class GcpConfigurationTargets(TypedDict, total=False):
    Projects: list["GcpProject"]


class InstanceInfo(TypedDict, total=False):
    AgentType: str
    AgentVersion: str
    ComputerName: str
    InstanceStatus: str
    IpAddress: str
    ManagedStatus: str
    Name: str
    PlatformType: str
    PlatformName: str
    PlatformVersion: str
    ResourceType: str
    SourceType: str
    SourceId: str
    SourceLocation: str
    AvailabilityZone: str
    AvailabilityZoneId: str


class ResourceDataSyncOrganizationalUnit(TypedDict, total=False):
    OrganizationalUnitId: str


class S3OutputUrl(TypedDict, total=False):
    OutputUrl: str


class SeveritySummary(TypedDict, total=False):
    CriticalCount: int
    HighCount: int
    MediumCount: int
    LowCount: int
    InformationalCount: int
    UnspecifiedCount: int


class TargetPreview(TypedDict, total=False):
    Count: int
    TargetType: str


class AzureSubscription(TypedDict, total=False):
    Id: Required[str]
    DisplayName: str


class GcpProject(TypedDict, total=False):
    ProjectId: Required[str]
    ProjectDisplayName: str


class AccessDeniedExceptionError(ModelledError):
    code = "AccessDeniedException"


class AlreadyExistsExceptionError(ModelledError):
    code = "AlreadyExistsException"


class AssociatedInstancesError(ModelledError):
    code = "AssociatedInstances"


class AssociationAlreadyExistsError(ModelledError):
    code = "AssociationAlreadyExists"


class AssociationDoesNotExistError(ModelledError):
    code = "AssociationDoesNotExist"


class AssociationExecutionDoesNotExistError(ModelledError):
    code = "AssociationExecutionDoesNotExist"


class AssociationLimitExceededError(ModelledError):
    code = "AssociationLimitExceeded"


class AssociationVersionLimitExceededError(ModelledError):
    code = "AssociationVersionLimitExceeded"


class AutomationDefinitionNotApprovedExceptionError(ModelledError):
    code = "AutomationDefinitionNotApprovedException"


class AutomationDefinitionNotFoundExceptionError(ModelledError):
    code = "AutomationDefinitionNotFoundException"


class AutomationDefinitionVersionNotFoundExceptionError(ModelledError):
    code = "AutomationDefinitionVersionNotFoundException"


class AutomationExecutionLimitExceededExceptionError(ModelledError):
    code = "AutomationExecutionLimitExceededException"


class AutomationExecutionNotFoundExceptionError(ModelledError):
    code = "AutomationExecutionNotFoundException"


class AutomationStepNotFoundExceptionError(ModelledError):
    code = "AutomationStepNotFoundException"


class ComplianceTypeCountLimitExceededExceptionError(ModelledError):
    code = "ComplianceTypeCountLimitExceededException"


class ConflictExceptionError(ModelledError):
    code = "ConflictException"


class CustomSchemaCountLimitExceededExceptionError(ModelledError):
    code = "CustomSchemaCountLimitExceededException"


class DocumentAlreadyExistsError(ModelledError):
    code = "DocumentAlreadyExists"


class DocumentLimitExceededError(ModelledError):
    code = "DocumentLimitExceeded"


class DocumentPermissionLimitError(ModelledError):
    code = "DocumentPermissionLimit"


class DocumentVersionLimitExceededError(ModelledError):
    code = "DocumentVersionLimitExceeded"


class DoesNotExistExceptionError(ModelledError):
    code = "DoesNotExistException"


class DuplicateDocumentContentError(ModelledError):
    code = "DuplicateDocumentContent"


class DuplicateDocumentVersionNameError(ModelledError):
    code = "DuplicateDocumentVersionName"


class DuplicateInstanceIdError(ModelledError):
    code = "DuplicateInstanceId"


class FeatureNotAvailableExceptionError(ModelledError):
    code = "FeatureNotAvailableException"


class HierarchyLevelLimitExceededExceptionError(ModelledError):
    code = "HierarchyLevelLimitExceededException"


class HierarchyTypeMismatchExceptionError(ModelledError):
    code = "HierarchyTypeMismatchException"


class IdempotentParameterMismatchError(ModelledError):
    code = "IdempotentParameterMismatch"


class IncompatiblePolicyExceptionError(ModelledError):
    code = "IncompatiblePolicyException"


class InternalServerErrorError(ModelledError):
    code = "InternalServerError"


class InvalidActivationError(ModelledError):
    code = "InvalidActivation"


class InvalidActivationIdError(ModelledError):
    code = "InvalidActivationId"


class InvalidAggregatorExceptionError(ModelledError):
    code = "InvalidAggregatorException"


class InvalidAllowedPatternExceptionError(ModelledError):
    code = "InvalidAllowedPatternException"


class InvalidAssociationError(ModelledError):
    code = "InvalidAssociation"


class InvalidAssociationVersionError(ModelledError):
    code = "InvalidAssociationVersion"


class InvalidAutomationExecutionParametersExceptionError(ModelledError):
    code = "InvalidAutomationExecutionParametersException"


class InvalidAutomationSignalExceptionError(ModelledError):
    code = "InvalidAutomationSignalException"


class InvalidAutomationStatusUpdateExceptionError(ModelledError):
    code = "InvalidAutomationStatusUpdateException"


class InvalidCommandIdError(ModelledError):
    code = "InvalidCommandId"


class InvalidDeleteInventoryParametersExceptionError(ModelledError):
    code = "InvalidDeleteInventoryParametersException"


class InvalidDeletionIdExceptionError(ModelledError):
    code = "InvalidDeletionIdException"


class InvalidDocumentError(ModelledError):
    code = "InvalidDocument"


class InvalidDocumentContentError(ModelledError):
    code = "InvalidDocumentContent"


class InvalidDocumentOperationError(ModelledError):
    code = "InvalidDocumentOperation"


class InvalidDocumentSchemaVersionError(ModelledError):
    code = "InvalidDocumentSchemaVersion"


class InvalidDocumentTypeError(ModelledError):
    code = "InvalidDocumentType"


class InvalidDocumentVersionError(ModelledError):
    code = "InvalidDocumentVersion"


class InvalidFilterError(ModelledError):
    code = "InvalidFilter"


class InvalidFilterKeyError(ModelledError):
    code = "InvalidFilterKey"


class InvalidFilterOptionError(ModelledError):
    code = "InvalidFilterOption"


class InvalidFilterValueError(ModelledError):
    code = "InvalidFilterValue"


class InvalidInstanceIdError(ModelledError):
    code = "InvalidInstanceId"


class InvalidInstanceInformationFilterValueError(ModelledError):
    code = "InvalidInstanceInformationFilterValue"


class InvalidInstancePropertyFilterValueError(ModelledError):
    code = "InvalidInstancePropertyFilterValue"


class InvalidInventoryGroupExceptionError(ModelledError):
    code = "InvalidInventoryGroupException"


class InvalidInventoryItemContextExceptionError(ModelledError):
    code = "InvalidInventoryItemContextException"


class InvalidInventoryRequestExceptionError(ModelledError):
    code = "InvalidInventoryRequestException"


class InvalidItemContentExceptionError(ModelledError):
    code = "InvalidItemContentException"


class InvalidKeyIdError(ModelledError):
    code = "InvalidKeyId"


class InvalidNextTokenError(ModelledError):
    code = "InvalidNextToken"


class InvalidNotificationConfigError(ModelledError):
    code = "InvalidNotificationConfig"


class InvalidOptionExceptionError(ModelledError):
    code = "InvalidOptionException"


class InvalidOutputFolderError(ModelledError):
    code = "InvalidOutputFolder"


class InvalidOutputLocationError(ModelledError):
    code = "InvalidOutputLocation"


class InvalidParametersError(ModelledError):
    code = "InvalidParameters"


class InvalidPermissionTypeError(ModelledError):
    code = "InvalidPermissionType"


class InvalidPluginNameError(ModelledError):
    code = "InvalidPluginName"


class InvalidPolicyAttributeExceptionError(ModelledError):
    code = "InvalidPolicyAttributeException"


class InvalidPolicyTypeExceptionError(ModelledError):
    code = "InvalidPolicyTypeException"


class InvalidResourceIdError(ModelledError):
    code = "InvalidResourceId"


class InvalidResourceTypeError(ModelledError):
    code = "InvalidResourceType"


class InvalidResultAttributeExceptionError(ModelledError):
    code = "InvalidResultAttributeException"


class InvalidRoleError(ModelledError):
    code = "InvalidRole"


class InvalidScheduleError(ModelledError):
    code = "InvalidSchedule"


class InvalidTagError(ModelledError):
    code = "InvalidTag"


class InvalidTargetError(ModelledError):
    code = "InvalidTarget"


class InvalidTargetMapsError(ModelledError):
    code = "InvalidTargetMaps"


class InvalidTypeNameExceptionError(ModelledError):
    code = "InvalidTypeNameException"


class InvalidUpdateError(ModelledError):
    code = "InvalidUpdate"


class InvocationDoesNotExistError(ModelledError):
    code = "InvocationDoesNotExist"


class ItemContentMismatchExceptionError(ModelledError):
    code = "ItemContentMismatchException"


class ItemSizeLimitExceededExceptionError(ModelledError):
    code = "ItemSizeLimitExceededException"


class MalformedResourcePolicyDocumentExceptionError(ModelledError):
    code = "MalformedResourcePolicyDocumentException"


class MaxDocumentSizeExceededError(ModelledError):
    code = "MaxDocumentSizeExceeded"


class NoLongerSupportedExceptionError(ModelledError):
    code = "NoLongerSupportedException"


class OpsItemAccessDeniedExceptionError(ModelledError):
    code = "OpsItemAccessDeniedException"


class OpsItemAlreadyExistsExceptionError(ModelledError):
    code = "OpsItemAlreadyExistsException"


class OpsItemConflictExceptionError(ModelledError):
    code = "OpsItemConflictException"


class OpsItemInvalidParameterExceptionError(ModelledError):
    code = "OpsItemInvalidParameterException"


class OpsItemLimitExceededExceptionError(ModelledError):
    code = "OpsItemLimitExceededException"


class OpsItemNotFoundExceptionError(ModelledError):
    code = "OpsItemNotFoundException"


class OpsItemRelatedItemAlreadyExistsExceptionError(ModelledError):
    code = "OpsItemRelatedItemAlreadyExistsException"


class OpsItemRelatedItemAssociationNotFoundExceptionError(ModelledError):
    code = "OpsItemRelatedItemAssociationNotFoundException"


class OpsMetadataAlreadyExistsExceptionError(ModelledError):
    code = "OpsMetadataAlreadyExistsException"


class OpsMetadataInvalidArgumentExceptionError(ModelledError):
    code = "OpsMetadataInvalidArgumentException"


class OpsMetadataKeyLimitExceededExceptionError(ModelledError):
    code = "OpsMetadataKeyLimitExceededException"


class OpsMetadataLimitExceededExceptionError(ModelledError):
    code = "OpsMetadataLimitExceededException"


class OpsMetadataNotFoundExceptionError(ModelledError):
    code = "OpsMetadataNotFoundException"


class OpsMetadataTooManyUpdatesExceptionError(ModelledError):
    code = "OpsMetadataTooManyUpdatesException"


class ParameterAlreadyExistsError(ModelledError):
    code = "ParameterAlreadyExists"


class ParameterLimitExceededError(ModelledError):
    code = "ParameterLimitExceeded"


class ParameterMaxVersionLimitExceededError(ModelledError):
    code = "ParameterMaxVersionLimitExceeded"


class ParameterNotFoundError(ModelledError):
    code = "ParameterNotFound"


class ParameterPatternMismatchExceptionError(ModelledError):
    code = "ParameterPatternMismatchException"


class ParameterVersionLabelLimitExceededError(ModelledError):
    code = "ParameterVersionLabelLimitExceeded"


class ParameterVersionNotFoundError(ModelledError):
    code = "ParameterVersionNotFound"


class PoliciesLimitExceededExceptionError(ModelledError):
    code = "PoliciesLimitExceededException"


class ResourceDataSyncAlreadyExistsExceptionError(ModelledError):
    code = "ResourceDataSyncAlreadyExistsException"


class ResourceDataSyncConflictExceptionError(ModelledError):
    code = "ResourceDataSyncConflictException"


class ResourceDataSyncCountExceededExceptionError(ModelledError):
    code = "ResourceDataSyncCountExceededException"


class ResourceDataSyncInvalidConfigurationExceptionError(ModelledError):
    code = "ResourceDataSyncInvalidConfigurationException"


class ResourceDataSyncNotFoundExceptionError(ModelledError):
    code = "ResourceDataSyncNotFoundException"


class ResourceInUseExceptionError(ModelledError):
    code = "ResourceInUseException"


class ResourceLimitExceededExceptionError(ModelledError):
    code = "ResourceLimitExceededException"


class ResourceNotFoundExceptionError(ModelledError):
    code = "ResourceNotFoundException"


class ResourcePolicyConflictExceptionError(ModelledError):
    code = "ResourcePolicyConflictException"


class ResourcePolicyInvalidParameterExceptionError(ModelledError):
    code = "ResourcePolicyInvalidParameterException"


class ResourcePolicyLimitExceededExceptionError(ModelledError):
    code = "ResourcePolicyLimitExceededException"


class ResourcePolicyNotFoundExceptionError(ModelledError):
    code = "ResourcePolicyNotFoundException"


class ServiceQuotaExceededExceptionError(ModelledError):
    code = "ServiceQuotaExceededException"


class ServiceSettingNotFoundError(ModelledError):
    code = "ServiceSettingNotFound"


class StatusUnchangedError(ModelledError):
    code = "StatusUnchanged"


class SubTypeCountLimitExceededExceptionError(ModelledError):
    code = "SubTypeCountLimitExceededException"


class TargetInUseExceptionError(ModelledError):
    code = "TargetInUseException"


class TargetNotConnectedError(ModelledError):
    code = "TargetNotConnected"


class ThrottlingExceptionError(ModelledError):
    code = "ThrottlingException"


class TooManyTagsErrorError(ModelledError):
    code = "TooManyTagsError"


class TooManyUpdatesError(ModelledError):
    code = "TooManyUpdates"


class TotalSizeLimitExceededExceptionError(ModelledError):
    code = "TotalSizeLimitExceededException"


class UnsupportedCalendarExceptionError(ModelledError):
    code = "UnsupportedCalendarException"


class UnsupportedFeatureRequiredExceptionError(ModelledError):
    code = "UnsupportedFeatureRequiredException"


class UnsupportedInventoryItemContextExceptionError(ModelledError):
    code = "UnsupportedInventoryItemContextException"


class UnsupportedInventorySchemaVersionExceptionError(ModelledError):
    code = "UnsupportedInventorySchemaVersionException"


class UnsupportedOperatingSystemError(ModelledError):
    code = "UnsupportedOperatingSystem"


class UnsupportedOperationExceptionError(ModelledError):
    code = "UnsupportedOperationException"


class UnsupportedParameterTypeError(ModelledError):
    code = "UnsupportedParameterType"


class UnsupportedPlatformTypeError(ModelledError):
    code = "UnsupportedPlatformType"


class ValidationExceptionError(ModelledError):
    code = "ValidationException"
