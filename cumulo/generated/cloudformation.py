"""Wire types of AWS CloudFormation, generated from botocore's model: do not edit.

Regenerate with `python -m cumulo.codegen`.
"""

from datetime import datetime

from typing import Required, TypedDict

from cumulo.core.errors import ModelledError

OPERATIONS = ('ActivateOrganizationsAccess', 'ActivateType', 'BatchDescribeTypeConfigurations', 'CancelUpdateStack', 'ContinueUpdateRollback', 'CreateChangeSet', 'CreateGeneratedTemplate', 'CreateStack', 'CreateStackInstances', 'CreateStackRefactor', 'CreateStackSet', 'DeactivateOrganizationsAccess', 'DeactivateType', 'DeleteChangeSet', 'DeleteGeneratedTemplate', 'DeleteStack', 'DeleteStackInstances', 'DeleteStackSet', 'DeregisterType', 'DescribeAccountLimits', 'DescribeChangeSet', 'DescribeChangeSetHooks', 'DescribeEvents', 'DescribeGeneratedTemplate', 'DescribeOrganizationsAccess', 'DescribePublisher', 'DescribeResourceScan', 'DescribeStackDriftDetectionStatus', 'DescribeStackEvents', 'DescribeStackInstance', 'DescribeStackRefactor', 'DescribeStackResource', 'DescribeStackResourceDrifts', 'DescribeStackResources', 'DescribeStackSet', 'DescribeStackSetOperation', 'DescribeStacks', 'DescribeType', 'DescribeTypeRegistration', 'DetectStackDrift', 'DetectStackResourceDrift', 'DetectStackSetDrift', 'EstimateTemplateCost', 'ExecuteChangeSet', 'ExecuteStackRefactor', 'GetGeneratedTemplate', 'GetHookResult', 'GetStackPolicy', 'GetTemplate', 'GetTemplateSummary', 'ImportStacksToStackSet', 'ListChangeSets', 'ListExports', 'ListGeneratedTemplates', 'ListHookResults', 'ListImports', 'ListResourceScanRelatedResources', 'ListResourceScanResources', 'ListResourceScans', 'ListStackInstanceResourceDrifts', 'ListStackInstances', 'ListStackRefactorActions', 'ListStackRefactors', 'ListStackResources', 'ListStackSetAutoDeploymentTargets', 'ListStackSetOperationResults', 'ListStackSetOperations', 'ListStackSets', 'ListStacks', 'ListTypeRegistrations', 'ListTypeVersions', 'ListTypes', 'PublishType', 'RecordHandlerProgress', 'RegisterPublisher', 'RegisterType', 'RemoveAlias', 'RollbackStack', 'SetAlias', 'SetStackPolicy', 'SetTypeConfiguration', 'SetTypeDefaultVersion', 'SignalResource', 'StartResourceScan', 'StopStackSetOperation', 'TestType', 'UpdateGeneratedTemplate', 'UpdateStack', 'UpdateStackInstances', 'UpdateStackSet', 'UpdateTerminationProtection', 'ValidateTemplate')


class ActivateOrganizationsAccessInput(TypedDict, total=False):
    pass


class ActivateOrganizationsAccessOutput(TypedDict, total=False):
    pass


class ActivateTypeInput(TypedDict, total=False):
    Type: str
    PublicTypeArn: str
    PublisherId: str
    TypeName: str
    TypeNameAlias: str
    AutoUpdate: bool
    LoggingConfig: "LoggingConfig"
    ExecutionRoleArn: str
    VersionBump: str
    MajorVersion: int


class ActivateTypeOutput(TypedDict, total=False):
    Arn: str


class BatchDescribeTypeConfigurationsInput(TypedDict, total=False):
    TypeConfigurationIdentifiers: Required[list["TypeConfigurationIdentifier"]]


class BatchDescribeTypeConfigurationsOutput(TypedDict, total=False):
    Errors: list["BatchDescribeTypeConfigurationsError"]
    UnprocessedTypeConfigurations: list["TypeConfigurationIdentifier"]
    TypeConfigurations: list["TypeConfigurationDetails"]


class CancelUpdateStackInput(TypedDict, total=False):
    StackName: Required[str]
    ClientRequestToken: str


class ContinueUpdateRollbackInput(TypedDict, total=False):
    StackName: Required[str]
    RoleARN: str
    ResourcesToSkip: list[str]
    ClientRequestToken: str
    ForceRollback: bool


class ContinueUpdateRollbackOutput(TypedDict, total=False):
    pass


class CreateChangeSetInput(TypedDict, total=False):
    StackName: Required[str]
    TemplateBody: str
    TemplateURL: str
    UsePreviousTemplate: bool
    Parameters: list["Parameter"]
    Capabilities: list[str]
    ResourceTypes: list[str]
    RoleARN: str
    RollbackConfiguration: "RollbackConfiguration"
    NotificationARNs: list[str]
    Tags: list["Tag"]
    ChangeSetName: Required[str]
    ClientToken: str
    Description: str
    ChangeSetType: str
    ResourcesToImport: list["ResourceToImport"]
    IncludeNestedStacks: bool
    OnStackFailure: str
    ImportExistingResources: bool
    DeploymentMode: str
    DeploymentConfig: "DeploymentConfig"
    DisableValidation: bool


class CreateChangeSetOutput(TypedDict, total=False):
    Id: str
    StackId: str


class CreateGeneratedTemplateInput(TypedDict, total=False):
    Resources: list["ResourceDefinition"]
    GeneratedTemplateName: Required[str]
    StackName: str
    TemplateConfiguration: "TemplateConfiguration"


class CreateGeneratedTemplateOutput(TypedDict, total=False):
    GeneratedTemplateId: str


class CreateStackInput(TypedDict, total=False):
    StackName: Required[str]
    TemplateBody: str
    TemplateURL: str
    Parameters: list["Parameter"]
    DisableRollback: bool
    RollbackConfiguration: "RollbackConfiguration"
    TimeoutInMinutes: int
    NotificationARNs: list[str]
    Capabilities: list[str]
    ResourceTypes: list[str]
    RoleARN: str
    OnFailure: str
    StackPolicyBody: str
    StackPolicyURL: str
    Tags: list["Tag"]
    ClientRequestToken: str
    EnableTerminationProtection: bool
    RetainExceptOnCreate: bool
    DeploymentConfig: "DeploymentConfig"
    DisableValidation: bool


class CreateStackInstancesInput(TypedDict, total=False):
    StackSetName: Required[str]
    Accounts: list[str]
    DeploymentTargets: "DeploymentTargets"
    Regions: Required[list[str]]
    ParameterOverrides: list["Parameter"]
    OperationPreferences: "StackSetOperationPreferences"
    OperationId: str
    CallAs: str


class CreateStackInstancesOutput(TypedDict, total=False):
    OperationId: str


class CreateStackOutput(TypedDict, total=False):
    StackId: str
    OperationId: str


class CreateStackRefactorInput(TypedDict, total=False):
    Description: str
    EnableStackCreation: bool
    ResourceMappings: list["ResourceMapping"]
    StackDefinitions: Required[list["StackDefinition"]]


class CreateStackRefactorOutput(TypedDict, total=False):
    StackRefactorId: Required[str]


class CreateStackSetInput(TypedDict, total=False):
    StackSetName: Required[str]
    Description: str
    TemplateBody: str
    TemplateURL: str
    StackId: str
    Parameters: list["Parameter"]
    Capabilities: list[str]
    Tags: list["Tag"]
    AdministrationRoleARN: str
    ExecutionRoleName: str
    PermissionModel: str
    AutoDeployment: "AutoDeployment"
    CallAs: str
    ClientRequestToken: str
    ManagedExecution: "ManagedExecution"


class CreateStackSetOutput(TypedDict, total=False):
    StackSetId: str


class DeactivateOrganizationsAccessInput(TypedDict, total=False):
    pass


class DeactivateOrganizationsAccessOutput(TypedDict, total=False):
    pass


class DeactivateTypeInput(TypedDict, total=False):
    TypeName: str
    Type: str
    Arn: str


class DeactivateTypeOutput(TypedDict, total=False):
    pass


class DeleteChangeSetInput(TypedDict, total=False):
    ChangeSetName: Required[str]
    StackName: str


class DeleteChangeSetOutput(TypedDict, total=False):
    pass


class DeleteGeneratedTemplateInput(TypedDict, total=False):
    GeneratedTemplateName: Required[str]


class DeleteStackInput(TypedDict, total=False):
    StackName: Required[str]
    RetainResources: list[str]
    RoleARN: str
    ClientRequestToken: str
    DeletionMode: str
    DeploymentConfig: "DeploymentConfig"


class DeleteStackInstancesInput(TypedDict, total=False):
    StackSetName: Required[str]
    Accounts: list[str]
    DeploymentTargets: "DeploymentTargets"
    Regions: Required[list[str]]
    OperationPreferences: "StackSetOperationPreferences"
    RetainStacks: Required[bool]
    OperationId: str
    CallAs: str


class DeleteStackInstancesOutput(TypedDict, total=False):
    OperationId: str


class DeleteStackSetInput(TypedDict, total=False):
    StackSetName: Required[str]
    CallAs: str


class DeleteStackSetOutput(TypedDict, total=False):
    pass


class DeregisterTypeInput(TypedDict, total=False):
    Arn: str
    Type: str
    TypeName: str
    VersionId: str


class DeregisterTypeOutput(TypedDict, total=False):
    pass


class DescribeAccountLimitsInput(TypedDict, total=False):
    NextToken: str


class DescribeAccountLimitsOutput(TypedDict, total=False):
    AccountLimits: list["AccountLimit"]
    NextToken: str


class DescribeChangeSetHooksInput(TypedDict, total=False):
    ChangeSetName: Required[str]
    StackName: str
    NextToken: str
    LogicalResourceId: str


class DescribeChangeSetHooksOutput(TypedDict, total=False):
    ChangeSetId: str
    ChangeSetName: str
    Hooks: list["ChangeSetHook"]
    Status: str
    NextToken: str
    StackId: str
    StackName: str


class DescribeChangeSetInput(TypedDict, total=False):
    ChangeSetName: Required[str]
    StackName: str
    NextToken: str
    IncludePropertyValues: bool


class DescribeChangeSetOutput(TypedDict, total=False):
    ChangeSetName: str
    ChangeSetId: str
    StackId: str
    StackName: str
    Description: str
    Parameters: list["Parameter"]
    CreationTime: datetime
    ExecutionStatus: str
    Status: str
    StatusReason: str
    StackDriftStatus: str
    NotificationARNs: list[str]
    RollbackConfiguration: "RollbackConfiguration"
    Capabilities: list[str]
    Tags: list["Tag"]
    Changes: list["Change"]
    NextToken: str
    IncludeNestedStacks: bool
    ParentChangeSetId: str
    RootChangeSetId: str
    OnStackFailure: str
    ImportExistingResources: bool
    DeploymentMode: str
    DeploymentConfig: "DeploymentConfig"


class DescribeEventsInput(TypedDict, total=False):
    StackName: str
    ChangeSetName: str
    OperationId: str
    Filters: "EventFilter"
    NextToken: str


class DescribeEventsOutput(TypedDict, total=False):
    OperationEvents: list["OperationEvent"]
    NextToken: str


class DescribeGeneratedTemplateInput(TypedDict, total=False):
    GeneratedTemplateName: Required[str]


class DescribeGeneratedTemplateOutput(TypedDict, total=False):
    GeneratedTemplateId: str
    GeneratedTemplateName: str
    Resources: list["ResourceDetail"]
    Status: str
    StatusReason: str
    CreationTime: datetime
    LastUpdatedTime: datetime
    Progress: "TemplateProgress"
    StackId: str
    TemplateConfiguration: "TemplateConfiguration"
    TotalWarnings: int


class DescribeOrganizationsAccessInput(TypedDict, total=False):
    CallAs: str


class DescribeOrganizationsAccessOutput(TypedDict, total=False):
    Status: str


class DescribePublisherInput(TypedDict, total=False):
    PublisherId: str


class DescribePublisherOutput(TypedDict, total=False):
    PublisherId: str
    PublisherStatus: str
    IdentityProvider: str
    PublisherProfile: str


class DescribeResourceScanInput(TypedDict, total=False):
    ResourceScanId: Required[str]


class DescribeResourceScanOutput(TypedDict, total=False):
    ResourceScanId: str
    Status: str
    StatusReason: str
    StartTime: datetime
    EndTime: datetime
    PercentageCompleted: float
    ResourceTypes: list[str]
    ResourcesScanned: int
    ResourcesRead: int
    ScanFilters: list["ScanFilter"]


class DescribeStackDriftDetectionStatusInput(TypedDict, total=False):
    StackDriftDetectionId: Required[str]


class DescribeStackDriftDetectionStatusOutput(TypedDict, total=False):
    StackId: Required[str]
    StackDriftDetectionId: Required[str]
    StackDriftStatus: str
    DetectionStatus: Required[str]
    DetectionStatusReason: str
    DriftedStackResourceCount: int
    Timestamp: Required[datetime]


class DescribeStackEventsInput(TypedDict, total=False):
    StackName: Required[str]
    NextToken: str


class DescribeStackEventsOutput(TypedDict, total=False):
    StackEvents: list["StackEvent"]
    NextToken: str


class DescribeStackInstanceInput(TypedDict, total=False):
    StackSetName: Required[str]
    StackInstanceAccount: Required[str]
    StackInstanceRegion: Required[str]
    CallAs: str


class DescribeStackInstanceOutput(TypedDict, total=False):
    StackInstance: "StackInstance"


class DescribeStackRefactorInput(TypedDict, total=False):
    StackRefactorId: Required[str]


class DescribeStackRefactorOutput(TypedDict, total=False):
    Description: str
    StackRefactorId: str
    StackIds: list[str]
    ExecutionStatus: str
    ExecutionStatusReason: str
    Status: str
    StatusReason: str


class DescribeStackResourceDriftsInput(TypedDict, total=False):
    StackName: Required[str]
    StackResourceDriftStatusFilters: list[str]
    NextToken: str
    MaxResults: int


class DescribeStackResourceDriftsOutput(TypedDict, total=False):
    StackResourceDrifts: Required[list["StackResourceDrift"]]
    NextToken: str


class DescribeStackResourceInput(TypedDict, total=False):
    StackName: Required[str]
    LogicalResourceId: Required[str]


class DescribeStackResourceOutput(TypedDict, total=False):
    StackResourceDetail: "StackResourceDetail"


class DescribeStackResourcesInput(TypedDict, total=False):
    StackName: str
    LogicalResourceId: str
    PhysicalResourceId: str


class DescribeStackResourcesOutput(TypedDict, total=False):
    StackResources: list["StackResource"]


class DescribeStackSetInput(TypedDict, total=False):
    StackSetName: Required[str]
    CallAs: str


class DescribeStackSetOperationInput(TypedDict, total=False):
    StackSetName: Required[str]
    OperationId: Required[str]
    CallAs: str


class DescribeStackSetOperationOutput(TypedDict, total=False):
    StackSetOperation: "StackSetOperation"


class DescribeStackSetOutput(TypedDict, total=False):
    StackSet: "StackSet"


class DescribeStacksInput(TypedDict, total=False):
    StackName: str
    NextToken: str


class DescribeStacksOutput(TypedDict, total=False):
    Stacks: list["Stack"]
    NextToken: str


class DescribeTypeInput(TypedDict, total=False):
    Type: str
    TypeName: str
    Arn: str
    VersionId: str
    PublisherId: str
    PublicVersionNumber: str


class DescribeTypeOutput(TypedDict, total=False):
    Arn: str
    Type: str
    TypeName: str
    DefaultVersionId: str
    IsDefaultVersion: bool
    TypeTestsStatus: str
    TypeTestsStatusDescription: str
    Description: str
    Schema: str
    ProvisioningType: str
    DeprecatedStatus: str
    LoggingConfig: "LoggingConfig"
    RequiredActivatedTypes: list["RequiredActivatedType"]
    ExecutionRoleArn: str
    Visibility: str
    SourceUrl: str
    DocumentationUrl: str
    LastUpdated: datetime
    TimeCreated: datetime
    ConfigurationSchema: str
    PublisherId: str
    OriginalTypeName: str
    OriginalTypeArn: str
    PublicVersionNumber: str
    LatestPublicVersion: str
    IsActivated: bool
    AutoUpdate: bool


class DescribeTypeRegistrationInput(TypedDict, total=False):
    RegistrationToken: Required[str]


class DescribeTypeRegistrationOutput(TypedDict, total=False):
    ProgressStatus: str
    Description: str
    TypeArn: str
    TypeVersionArn: str


class DetectStackDriftInput(TypedDict, total=False):
    StackName: Required[str]
    LogicalResourceIds: list[str]


class DetectStackDriftOutput(TypedDict, total=False):
    StackDriftDetectionId: Required[str]


class DetectStackResourceDriftInput(TypedDict, total=False):
    StackName: Required[str]
    LogicalResourceId: Required[str]


class DetectStackResourceDriftOutput(TypedDict, total=False):
    StackResourceDrift: Required["StackResourceDrift"]


class DetectStackSetDriftInput(TypedDict, total=False):
    StackSetName: Required[str]
    OperationPreferences: "StackSetOperationPreferences"
    OperationId: str
    CallAs: str


class DetectStackSetDriftOutput(TypedDict, total=False):
    OperationId: str


class EstimateTemplateCostInput(TypedDict, total=False):
    TemplateBody: str
    TemplateURL: str
    Parameters: list["Parameter"]


class EstimateTemplateCostOutput(TypedDict, total=False):
    Url: str


class ExecuteChangeSetInput(TypedDict, total=False):
    ChangeSetName: Required[str]
    StackName: str
    ClientRequestToken: str
    DisableRollback: bool
    RetainExceptOnCreate: bool


class ExecuteChangeSetOutput(TypedDict, total=False):
    pass


class ExecuteStackRefactorInput(TypedDict, total=False):
    StackRefactorId: Required[str]


class GetGeneratedTemplateInput(TypedDict, total=False):
    Format: str
    GeneratedTemplateName: Required[str]


class GetGeneratedTemplateOutput(TypedDict, total=False):
    Status: str
    TemplateBody: str


class GetHookResultInput(TypedDict, total=False):
    HookResultId: str


class GetHookResultOutput(TypedDict, total=False):
    HookResultId: str
    InvocationPoint: str
    FailureMode: str
    TypeName: str
    OriginalTypeName: str
    TypeVersionId: str
    TypeConfigurationVersionId: str
    TypeArn: str
    Status: str
    HookStatusReason: str
    InvokedAt: datetime
    Target: "HookTarget"
    Annotations: list["Annotation"]


class GetStackPolicyInput(TypedDict, total=False):
    StackName: Required[str]


class GetStackPolicyOutput(TypedDict, total=False):
    StackPolicyBody: str


class GetTemplateInput(TypedDict, total=False):
    StackName: str
    ChangeSetName: str
    TemplateStage: str


class GetTemplateOutput(TypedDict, total=False):
    TemplateBody: str
    StagesAvailable: list[str]


class GetTemplateSummaryInput(TypedDict, total=False):
    TemplateBody: str
    TemplateURL: str
    StackName: str
    StackSetName: str
    CallAs: str
    TemplateSummaryConfig: "TemplateSummaryConfig"


class GetTemplateSummaryOutput(TypedDict, total=False):
    Parameters: list["ParameterDeclaration"]
    Description: str
    Capabilities: list[str]
    CapabilitiesReason: str
    ResourceTypes: list[str]
    Version: str
    Metadata: str
    DeclaredTransforms: list[str]
    ResourceIdentifierSummaries: list["ResourceIdentifierSummary"]
    Warnings: "Warnings"


class ImportStacksToStackSetInput(TypedDict, total=False):
    StackSetName: Required[str]
    StackIds: list[str]
    StackIdsUrl: str
    OrganizationalUnitIds: list[str]
    OperationPreferences: "StackSetOperationPreferences"
    OperationId: str
    CallAs: str


class ImportStacksToStackSetOutput(TypedDict, total=False):
    OperationId: str


class ListChangeSetsInput(TypedDict, total=False):
    StackName: Required[str]
    NextToken: str


class ListChangeSetsOutput(TypedDict, total=False):
    Summaries: list["ChangeSetSummary"]
    NextToken: str


class ListExportsInput(TypedDict, total=False):
    NextToken: str


class ListExportsOutput(TypedDict, total=False):
    Exports: list["Export"]
    NextToken: str


class ListGeneratedTemplatesInput(TypedDict, total=False):
    NextToken: str
    MaxResults: int


class ListGeneratedTemplatesOutput(TypedDict, total=False):
    Summaries: list["TemplateSummary"]
    NextToken: str


class ListHookResultsInput(TypedDict, total=False):
    TargetType: str
    TargetId: str
    TypeArn: str
    Status: str
    NextToken: str


class ListHookResultsOutput(TypedDict, total=False):
    TargetType: str
    TargetId: str
    HookResults: list["HookResultSummary"]
    NextToken: str


class ListImportsInput(TypedDict, total=False):
    ExportName: Required[str]
    NextToken: str


class ListImportsOutput(TypedDict, total=False):
    Imports: list[str]
    NextToken: str


class ListResourceScanRelatedResourcesInput(TypedDict, total=False):
    ResourceScanId: Required[str]
    Resources: Required[list["ScannedResourceIdentifier"]]
    NextToken: str
    MaxResults: int


class ListResourceScanRelatedResourcesOutput(TypedDict, total=False):
    RelatedResources: list["ScannedResource"]
    NextToken: str


class ListResourceScanResourcesInput(TypedDict, total=False):
    ResourceScanId: Required[str]
    ResourceIdentifier: str
    ResourceTypePrefix: str
    TagKey: str
    TagValue: str
    NextToken: str
    MaxResults: int


class ListResourceScanResourcesOutput(TypedDict, total=False):
    Resources: list["ScannedResource"]
    NextToken: str


class ListResourceScansInput(TypedDict, total=False):
    NextToken: str
    MaxResults: int
    ScanTypeFilter: str


class ListResourceScansOutput(TypedDict, total=False):
    ResourceScanSummaries: list["ResourceScanSummary"]
    NextToken: str


class ListStackInstanceResourceDriftsInput(TypedDict, total=False):
    StackSetName: Required[str]
    NextToken: str
    MaxResults: int
    StackInstanceResourceDriftStatuses: list[str]
    StackInstanceAccount: Required[str]
    StackInstanceRegion: Required[str]
    OperationId: Required[str]
    CallAs: str


class ListStackInstanceResourceDriftsOutput(TypedDict, total=False):
    Summaries: list["StackInstanceResourceDriftsSummary"]
    NextToken: str


class ListStackInstancesInput(TypedDict, total=False):
    StackSetName: Required[str]
    NextToken: str
    MaxResults: int
    Filters: list["StackInstanceFilter"]
    StackInstanceAccount: str
    StackInstanceRegion: str
    CallAs: str


class ListStackInstancesOutput(TypedDict, total=False):
    Summaries: list["StackInstanceSummary"]
    NextToken: str


class ListStackRefactorActionsInput(TypedDict, total=False):
    StackRefactorId: Required[str]
    NextToken: str
    MaxResults: int


class ListStackRefactorActionsOutput(TypedDict, total=False):
    StackRefactorActions: Required[list["StackRefactorAction"]]
    NextToken: str


class ListStackRefactorsInput(TypedDict, total=False):
    ExecutionStatusFilter: list[str]
    NextToken: str
    MaxResults: int


class ListStackRefactorsOutput(TypedDict, total=False):
    StackRefactorSummaries: Required[list["StackRefactorSummary"]]
    NextToken: str


class ListStackResourcesInput(TypedDict, total=False):
    StackName: Required[str]
    NextToken: str


class ListStackResourcesOutput(TypedDict, total=False):
    StackResourceSummaries: list["StackResourceSummary"]
    NextToken: str


class ListStackSetAutoDeploymentTargetsInput(TypedDict, total=False):
    StackSetName: Required[str]
    NextToken: str
    MaxResults: int
    CallAs: str


class ListStackSetAutoDeploymentTargetsOutput(TypedDict, total=False):
    Summaries: list["StackSetAutoDeploymentTargetSummary"]
    NextToken: str


class ListStackSetOperationResultsInput(TypedDict, total=False):
    StackSetName: Required[str]
    OperationId: Required[str]
    NextToken: str
    MaxResults: int
    CallAs: str
    Filters: list["OperationResultFilter"]


class ListStackSetOperationResultsOutput(TypedDict, total=False):
    Summaries: list["StackSetOperationResultSummary"]
    NextToken: str


class ListStackSetOperationsInput(TypedDict, total=False):
    StackSetName: Required[str]
    NextToken: str
    MaxResults: int
    CallAs: str


class ListStackSetOperationsOutput(TypedDict, total=False):
    Summaries: list["StackSetOperationSummary"]
    NextToken: str


class ListStackSetsInput(TypedDict, total=False):
    NextToken: str
    MaxResults: int
    Status: str
    CallAs: str


class ListStackSetsOutput(TypedDict, total=False):
    Summaries: list["StackSetSummary"]
    NextToken: str


class ListStacksInput(TypedDict, total=False):
    NextToken: str
    StackStatusFilter: list[str]


class ListStacksOutput(TypedDict, total=False):
    StackSummaries: list["StackSummary"]
    NextToken: str


class ListTypeRegistrationsInput(TypedDict, total=False):
    Type: str
    TypeName: str
    TypeArn: str
    RegistrationStatusFilter: str
    MaxResults: int
    NextToken: str


class ListTypeRegistrationsOutput(TypedDict, total=False):
    RegistrationTokenList: list[str]
    NextToken: str


class ListTypeVersionsInput(TypedDict, total=False):
    Type: str
    TypeName: str
    Arn: str
    MaxResults: int
    NextToken: str
    DeprecatedStatus: str
    PublisherId: str


class ListTypeVersionsOutput(TypedDict, total=False):
    TypeVersionSummaries: list["TypeVersionSummary"]
    NextToken: str


class ListTypesInput(TypedDict, total=False):
    Visibility: str
    ProvisioningType: str
    DeprecatedStatus: str
    Type: str
    Filters: "TypeFilters"
    MaxResults: int
    NextToken: str


class ListTypesOutput(TypedDict, total=False):
    TypeSummaries: list["TypeSummary"]
    NextToken: str


class PublishTypeInput(TypedDict, total=False):
    Type: str
    Arn: str
    TypeName: str
    PublicVersionNumber: str


class PublishTypeOutput(TypedDict, total=False):
    PublicTypeArn: str


class RecordHandlerProgressInput(TypedDict, total=False):
    BearerToken: Required[str]
    OperationStatus: Required[str]
    CurrentOperationStatus: str
    StatusMessage: str
    ErrorCode: str
    ResourceModel: str
    ClientRequestToken: str


class RecordHandlerProgressOutput(TypedDict, total=False):
    pass


class RegisterPublisherInput(TypedDict, total=False):
    AcceptTermsAndConditions: bool
    ConnectionArn: str


class RegisterPublisherOutput(TypedDict, total=False):
    PublisherId: str


class RegisterTypeInput(TypedDict, total=False):
    Type: str
    TypeName: Required[str]
    SchemaHandlerPackage: Required[str]
    LoggingConfig: "LoggingConfig"
    ExecutionRoleArn: str
    ClientRequestToken: str


class RegisterTypeOutput(TypedDict, total=False):
    RegistrationToken: str


class RemoveAliasInput(TypedDict, total=False):
    AliasName: Required[str]


class RollbackStackInput(TypedDict, total=False):
    StackName: Required[str]
    RoleARN: str
    ClientRequestToken: str
    RetainExceptOnCreate: bool
    DeploymentConfig: "DeploymentConfig"


class RollbackStackOutput(TypedDict, total=False):
    StackId: str
    OperationId: str


class SetAliasInput(TypedDict, total=False):
    StackName: Required[str]
    AliasName: Required[str]


class SetStackPolicyInput(TypedDict, total=False):
    StackName: Required[str]
    StackPolicyBody: str
    StackPolicyURL: str


class SetTypeConfigurationInput(TypedDict, total=False):
    TypeArn: str
    Configuration: Required[str]
    ConfigurationAlias: str
    TypeName: str
    Type: str


class SetTypeConfigurationOutput(TypedDict, total=False):
    ConfigurationArn: str


class SetTypeDefaultVersionInput(TypedDict, total=False):
    Arn: str
    Type: str
    TypeName: str
    VersionId: str


class SetTypeDefaultVersionOutput(TypedDict, total=False):
    pass


class SignalResourceInput(TypedDict, total=False):
    StackName: Required[str]
    LogicalResourceId: Required[str]
    UniqueId: Required[str]
    Status: Required[str]


class StartResourceScanInput(TypedDict, total=False):
    ClientRequestToken: str
    ScanFilters: list["ScanFilter"]


class StartResourceScanOutput(TypedDict, total=False):
    ResourceScanId: str


class StopStackSetOperationInput(TypedDict, total=False):
    StackSetName: Required[str]
    OperationId: Required[str]
    CallAs: str


class StopStackSetOperationOutput(TypedDict, total=False):
    pass


class TestTypeInput(TypedDict, total=False):
    Arn: str
    Type: str
    TypeName: str
    VersionId: str
    LogDeliveryBucket: str


class TestTypeOutput(TypedDict, total=False):
    TypeVersionArn: str


class UpdateGeneratedTemplateInput(TypedDict, total=False):
    GeneratedTemplateName: Required[str]
    NewGeneratedTemplateName: str
    AddResources: list["ResourceDefinition"]
    RemoveResources: list[str]
    RefreshAllResources: bool
    TemplateConfiguration: "TemplateConfiguration"


class UpdateGeneratedTemplateOutput(TypedDict, total=False):
    GeneratedTemplateId: str


class UpdateStackInput(TypedDict, total=False):
    StackName: Required[str]
    TemplateBody: str
    TemplateURL: str
    UsePreviousTemplate: bool
    StackPolicyDuringUpdateBody: str
    StackPolicyDuringUpdateURL: str
    Parameters: list["Parameter"]
    Capabilities: list[str]
    ResourceTypes: list[str]
    RoleARN: str
    RollbackConfiguration: "RollbackConfiguration"
    StackPolicyBody: str
    StackPolicyURL: str
    NotificationARNs: list[str]
    Tags: list["Tag"]
    DisableRollback: bool
    ClientRequestToken: str
    RetainExceptOnCreate: bool
    DeploymentConfig: "DeploymentConfig"
    DisableValidation: bool


class UpdateStackInstancesInput(TypedDict, total=False):
    StackSetName: Required[str]
    Accounts: list[str]
    DeploymentTargets: "DeploymentTargets"
    Regions: Required[list[str]]
    ParameterOverrides: list["Parameter"]
    OperationPreferences: "StackSetOperationPreferences"
    OperationId: str
    CallAs: str


class UpdateStackInstancesOutput(TypedDict, total=False):
    OperationId: str


class UpdateStackOutput(TypedDict, total=False):
    StackId: str
    OperationId: str


class UpdateStackSetInput(TypedDict, total=False):
    StackSetName: Required[str]
    Description: str
    TemplateBody: str
    TemplateURL: str
    UsePreviousTemplate: bool
    Parameters: list["Parameter"]
    Capabilities: list[str]
    Tags: list["Tag"]
    OperationPreferences: "StackSetOperationPreferences"
    AdministrationRoleARN: str
    ExecutionRoleName: str
    DeploymentTargets: "DeploymentTargets"
    PermissionModel: str
    AutoDeployment: "AutoDeployment"
    OperationId: str
    Accounts: list[str]
    Regions: list[str]
    CallAs: str
    ManagedExecution: "ManagedExecution"


class UpdateStackSetOutput(TypedDict, total=False):
    OperationId: str


class UpdateTerminationProtectionInput(TypedDict, total=False):
    EnableTerminationProtection: Required[bool]
    StackName: Required[str]


class UpdateTerminationProtectionOutput(TypedDict, total=False):
    StackId: str


class ValidateTemplateInput(TypedDict, total=False):
    TemplateBody: str
    TemplateURL: str


class ValidateTemplateOutput(TypedDict, total=False):
    Parameters: list["TemplateParameter"]
    Description: str
    Capabilities: list[str]
    CapabilitiesReason: str
    DeclaredTransforms: list[str]


class AccountLimit(TypedDict, total=False):
    Name: str
    Value: int


class Annotation(TypedDict, total=False):
    AnnotationName: str
    Status: str
    StatusMessage: str
    RemediationMessage: str
    RemediationLink: str
    SeverityLevel: str


class AutoDeployment(TypedDict, total=False):
    Enabled: bool
    RetainStacksOnAccountRemoval: bool
    DependsOn: list[str]


class BatchDescribeTypeConfigurationsError(TypedDict, total=False):
    ErrorCode: str
    ErrorMessage: str
    TypeConfigurationIdentifier: "TypeConfigurationIdentifier"


class Change(TypedDict, total=False):
    Type: str
    HookInvocationCount: int
    ResourceChange: "ResourceChange"


class ChangeSetHook(TypedDict, total=False):
    InvocationPoint: str
    FailureMode: str
    TypeName: str
    TypeVersionId: str
    TypeConfigurationVersionId: str
    TargetDetails: "ChangeSetHookTargetDetails"


class ChangeSetSummary(TypedDict, total=False):
    StackId: str
    StackName: str
    ChangeSetId: str
    ChangeSetName: str
    ExecutionStatus: str
    Status: str
    StatusReason: str
    CreationTime: datetime
    Description: str
    IncludeNestedStacks: bool
    ParentChangeSetId: str
    RootChangeSetId: str
    ImportExistingResources: bool


class DeploymentConfig(TypedDict, total=False):
    Mode: str
    DisableRollback: bool


class DeploymentTargets(TypedDict, total=False):
    Accounts: list[str]
    AccountsUrl: str
    OrganizationalUnitIds: list[str]
    AccountFilterType: str


class EventFilter(TypedDict, total=False):
    FailedEvents: bool


class Export(TypedDict, total=False):
    ExportingStackId: str
    Name: str
    Value: str


class HookResultSummary(TypedDict, total=False):
    HookResultId: str
    InvocationPoint: str
    FailureMode: str
    TypeName: str
    TypeVersionId: str
    TypeConfigurationVersionId: str
    Status: str
    HookStatusReason: str
    InvokedAt: datetime
    TargetType: str
    TargetId: str
    TypeArn: str
    HookExecutionTarget: str


class HookTarget(TypedDict, total=False):
    TargetType: Required[str]
    TargetTypeName: Required[str]
    TargetId: Required[str]
    Action: Required[str]


class LoggingConfig(TypedDict, total=False):
    LogRoleArn: Required[str]
    LogGroupName: Required[str]


class ManagedExecution(TypedDict, total=False):
    Active: bool


class OperationEvent(TypedDict, total=False):
    EventId: str
    StackId: str
    OperationId: str
    OperationType: str
    OperationStatus: str
    EventType: str
    LogicalResourceId: str
    PhysicalResourceId: str
    ResourceType: str
    Timestamp: datetime
    StartTime: datetime
    EndTime: datetime
    ResourceStatus: str
    ResourceStatusReason: str
    ResourceProperties: str
    ClientRequestToken: str
    HookType: str
    HookStatus: str
    HookStatusReason: str
    HookInvocationPoint: str
    HookFailureMode: str
    DetailedStatus: str
    ValidationFailureMode: str
    ValidationName: str
    ValidationStatus: str
    ValidationStatusReason: str
    ValidationPath: str


class OperationResultFilter(TypedDict, total=False):
    Name: str
    Values: str


class Parameter(TypedDict, total=False):
    ParameterKey: str
    ParameterValue: str
    UsePreviousValue: bool
    ResolvedValue: str


class ParameterDeclaration(TypedDict, total=False):
    ParameterKey: str
    DefaultValue: str
    ParameterType: str
    NoEcho: bool
    Description: str
    ParameterConstraints: "ParameterConstraints"


class RequiredActivatedType(TypedDict, total=False):
    TypeNameAlias: str
    OriginalTypeName: str
    PublisherId: str
    SupportedMajorVersions: list[int]


class ResourceDefinition(TypedDict, total=False):
    ResourceType: Required[str]
    LogicalResourceId: str
    ResourceIdentifier: Required[dict[str, str]]


class ResourceDetail(TypedDict, total=False):
    ResourceType: str
    LogicalResourceId: str
    ResourceIdentifier: dict[str, str]
    ResourceStatus: str
    ResourceStatusReason: str
    Warnings: list["WarningDetail"]


class ResourceIdentifierSummary(TypedDict, total=False):
    ResourceType: str
    LogicalResourceIds: list[str]
    ResourceIdentifiers: list[str]


class ResourceMapping(TypedDict, total=False):
    Source: Required["ResourceLocation"]
    Destination: Required["ResourceLocation"]


class ResourceScanSummary(TypedDict, total=False):
    ResourceScanId: str
    Status: str
    StatusReason: str
    StartTime: datetime
    EndTime: datetime
    PercentageCompleted: float
    ScanType: str


class ResourceToImport(TypedDict, total=False):
    ResourceType: Required[str]
    LogicalResourceId: Required[str]
    ResourceIdentifier: Required[dict[str, str]]


class RollbackConfiguration(TypedDict, total=False):
    RollbackTriggers: list["RollbackTrigger"]
    MonitoringTimeInMinutes: int


class ScanFilter(TypedDict, total=False):
    Types: list[str]


class ScannedResource(TypedDict, total=False):
    ResourceType: str
    ResourceIdentifier: dict[str, str]
    ManagedByStack: bool


class ScannedResourceIdentifier(TypedDict, total=False):
    ResourceType: Required[str]
    ResourceIdentifier: Required[dict[str, str]]


class Stack(TypedDict, total=False):
    StackId: str
    StackName: Required[str]
    ChangeSetId: str
    Description: str
    Parameters: list["Parameter"]
    CreationTime: Required[datetime]
    DeletionTime: datetime
    LastUpdatedTime: datetime
    RollbackConfiguration: "RollbackConfiguration"
    StackStatus: Required[str]
    StackStatusReason: str
    DisableRollback: bool
    DeploymentConfig: "DeploymentConfig"
    NotificationARNs: list[str]
    TimeoutInMinutes: int
    Capabilities: list[str]
    Outputs: list["Output"]
    RoleARN: str
    Tags: list["Tag"]
    EnableTerminationProtection: bool
    ParentId: str
    RootId: str
    DriftInformation: "StackDriftInformation"
    RetainExceptOnCreate: bool
    DeletionMode: str
    DetailedStatus: str
    LastOperations: list["OperationEntry"]
    AliasName: str


class StackDefinition(TypedDict, total=False):
    StackName: str
    TemplateBody: str
    TemplateURL: str


class StackEvent(TypedDict, total=False):
    StackId: Required[str]
    EventId: Required[str]
    StackName: Required[str]
    OperationId: str
    LogicalResourceId: str
    PhysicalResourceId: str
    ResourceType: str
    Timestamp: Required[datetime]
    ResourceStatus: str
    ResourceStatusReason: str
    ResourceProperties: str
    ClientRequestToken: str
    HookType: str
    HookStatus: str
    HookStatusReason: str
    HookInvocationPoint: str
    HookInvocationId: str
    HookFailureMode: str
    DetailedStatus: str


class StackInstance(TypedDict, total=False):
    StackSetId: str
    Region: str
    Account: str
    StackId: str
    ParameterOverrides: list["Parameter"]
    Status: str
    StackInstanceStatus: "StackInstanceComprehensiveStatus"
    StatusReason: str
    OrganizationalUnitId: str
    DriftStatus: str
    LastDriftCheckTimestamp: datetime
    LastOperationId: str


class StackInstanceFilter(TypedDict, total=False):
    Name: str
    Values: str


class StackInstanceResourceDriftsSummary(TypedDict, total=False):
    StackId: Required[str]
    LogicalResourceId: Required[str]
    PhysicalResourceId: str
    PhysicalResourceIdContext: list["PhysicalResourceIdContextKeyValuePair"]
    ResourceType: Required[str]
    PropertyDifferences: list["PropertyDifference"]
    StackResourceDriftStatus: Required[str]
    Timestamp: Required[datetime]


class StackInstanceSummary(TypedDict, total=False):
    StackSetId: str
    Region: str
    Account: str
    StackId: str
    Status: str
    StatusReason: str
    StackInstanceStatus: "StackInstanceComprehensiveStatus"
    OrganizationalUnitId: str
    DriftStatus: str
    LastDriftCheckTimestamp: datetime
    LastOperationId: str


class StackRefactorAction(TypedDict, total=False):
    Action: str
    Entity: str
    PhysicalResourceId: str
    ResourceIdentifier: str
    Description: str
    Detection: str
    DetectionReason: str
    TagResources: list["Tag"]
    UntagResources: list[str]
    ResourceMapping: "ResourceMapping"


class StackRefactorSummary(TypedDict, total=False):
    StackRefactorId: str
    Description: str
    ExecutionStatus: str
    ExecutionStatusReason: str
    Status: str
    StatusReason: str


class StackResource(TypedDict, total=False):
    StackName: str
    StackId: str
    LogicalResourceId: Required[str]
    PhysicalResourceId: str
    ResourceType: Required[str]
    Timestamp: Required[datetime]
    ResourceStatus: Required[str]
    ResourceStatusReason: str
    Description: str
    DriftInformation: "StackResourceDriftInformation"
    ModuleInfo: "ModuleInfo"


class StackResourceDetail(TypedDict, total=False):
    StackName: str
    StackId: str
    LogicalResourceId: Required[str]
    PhysicalResourceId: str
    ResourceType: Required[str]
    LastUpdatedTimestamp: Required[datetime]
    ResourceStatus: Required[str]
    ResourceStatusReason: str
    Description: str
    Metadata: str
    DriftInformation: "StackResourceDriftInformation"
    ModuleInfo: "ModuleInfo"


class StackResourceDrift(TypedDict, total=False):
    StackId: Required[str]
    LogicalResourceId: Required[str]
    PhysicalResourceId: str
    PhysicalResourceIdContext: list["PhysicalResourceIdContextKeyValuePair"]
    ResourceType: Required[str]
    ExpectedProperties: str
    ActualProperties: str
    PropertyDifferences: list["PropertyDifference"]
    StackResourceDriftStatus: Required[str]
    Timestamp: Required[datetime]
    ModuleInfo: "ModuleInfo"
    DriftStatusReason: str


class StackResourceSummary(TypedDict, total=False):
    LogicalResourceId: Required[str]
    PhysicalResourceId: str
    ResourceType: Required[str]
    LastUpdatedTimestamp: Required[datetime]
    ResourceStatus: Required[str]
    ResourceStatusReason: str
    DriftInformation: "StackResourceDriftInformationSummary"
    ModuleInfo: "ModuleInfo"


class StackSet(TypedDict, total=False):
    StackSetName: str
    StackSetId: str
    Description: str
    Status: str
    TemplateBody: str
    Parameters: list["Parameter"]
    Capabilities: list[str]
    Tags: list["Tag"]
    StackSetARN: str
    AdministrationRoleARN: str
    ExecutionRoleName: str
    StackSetDriftDetectionDetails: "StackSetDriftDetectionDetails"
    AutoDeployment: "AutoDeployment"
    PermissionModel: str
    OrganizationalUnitIds: list[str]
    ManagedExecution: "ManagedExecution"
    Regions: list[str]


class StackSetAutoDeploymentTargetSummary(TypedDict, total=False):
    OrganizationalUnitId: str
    Regions: list[str]


class StackSetOperation(TypedDict, total=False):
    OperationId: str
    StackSetId: str
    Action: str
    Status: str
    OperationPreferences: "StackSetOperationPreferences"
    RetainStacks: bool
    AdministrationRoleARN: str
    ExecutionRoleName: str
    CreationTimestamp: datetime
    EndTimestamp: datetime
    DeploymentTargets: "DeploymentTargets"
    StackSetDriftDetectionDetails: "StackSetDriftDetectionDetails"
    StatusReason: str
    StatusDetails: "StackSetOperationStatusDetails"


class StackSetOperationPreferences(TypedDict, total=False):
    RegionConcurrencyType: str
    RegionOrder: list[str]
    FailureToleranceCount: int
    FailureTolerancePercentage: int
    MaxConcurrentCount: int
    MaxConcurrentPercentage: int
    ConcurrencyMode: str


class StackSetOperationResultSummary(TypedDict, total=False):
    Account: str
    Region: str
    Status: str
    StatusReason: str
    AccountGateResult: "AccountGateResult"
    OrganizationalUnitId: str


class StackSetOperationSummary(TypedDict, total=False):
    OperationId: str
    Action: str
    Status: str
    CreationTimestamp: datetime
    EndTimestamp: datetime
    StatusReason: str
    StatusDetails: "StackSetOperationStatusDetails"
    OperationPreferences: "StackSetOperationPreferences"


class StackSetSummary(TypedDict, total=False):
    StackSetName: str
    StackSetId: str
    Description: str
    Status: str
    AutoDeployment: "AutoDeployment"
    PermissionModel: str
    DriftStatus: str
    LastDriftCheckTimestamp: datetime
    ManagedExecution: "ManagedExecution"


class StackSummary(TypedDict, total=False):
    StackId: str
    StackName: Required[str]
    TemplateDescription: str
    CreationTime: Required[datetime]
    LastUpdatedTime: datetime
    DeletionTime: datetime
    StackStatus: Required[str]
    StackStatusReason: str
    ParentId: str
    RootId: str
    DriftInformation: "StackDriftInformationSummary"
    LastOperations: list["OperationEntry"]


class Tag(TypedDict, total=False):
    Key: Required[str]
    Value: Required[str]


class TemplateConfiguration(TypedDict, total=False):
    DeletionPolicy: str
    UpdateReplacePolicy: str


class TemplateParameter(TypedDict, total=False):
    ParameterKey: str
    DefaultValue: str
    NoEcho: bool
    Description: str


class TemplateProgress(TypedDict, total=False):
    ResourcesSucceeded: int
    ResourcesFailed: int
    ResourcesProcessing: int
    ResourcesPending: int


class TemplateSummary(TypedDict, total=False):
    GeneratedTemplateId: str
    GeneratedTemplateName: str
    Status: str
    StatusReason: str
    CreationTime: datetime
    LastUpdatedTime: datetime
    NumberOfResources: int


class TemplateSummaryConfig(TypedDict, total=False):
    TreatUnrecognizedResourceTypesAsWarnings: bool


class TypeConfigurationDetails(TypedDict, total=False):
    Arn: str
    Alias: str
    Configuration: str
    LastUpdated: datetime
    TypeArn: str
    TypeName: str
    IsDefaultConfiguration: bool


class TypeConfigurationIdentifier(TypedDict, total=False):
    TypeArn: str
    TypeConfigurationAlias: str
    TypeConfigurationArn: str
    Type: str
    TypeName: str


class TypeFilters(TypedDict, total=False):
    Category: str
    PublisherId: str
    TypeNamePrefix: str


class TypeSummary(TypedDict, total=False):
    Type: str
    TypeName: str
    DefaultVersionId: str
    TypeArn: str
    LastUpdated: datetime
    Description: str
    PublisherId: str
    OriginalTypeName: str
    PublicVersionNumber: str
    LatestPublicVersion: str
    PublisherIdentity: str
    PublisherName: str
    IsActivated: bool


class TypeVersionSummary(TypedDict, total=False):
    Type: str
    TypeName: str
    VersionId: str
    IsDefaultVersion: bool
    Arn: str
    TimeCreated: datetime
    Description: str
    PublicVersionNumber: str


class Warnings(TypedDict, total=False):
    UnrecognizedResourceTypes: list[str]


class AccountGateResult(TypedDict, total=False):
    Status: str
    StatusReason: str


class ChangeSetHookTargetDetails(TypedDict, total=False):
    TargetType: str
    ResourceTargetDetails: "ChangeSetHookResourceTargetDetails"


class ModuleInfo(TypedDict, total=False):
    TypeHierarchy: str
    LogicalIdHierarchy: str


class OperationEntry(TypedDict, total=False):
    OperationType: str
    OperationId: str


class Output(TypedDict, total=False):
    OutputKey: str
    OutputValue: str
    Description: str
    ExportName: str


class ParameterConstraints(TypedDict, total=False):
    AllowedValues: list[str]


class PhysicalResourceIdContextKeyValuePair(TypedDict, total=False):
    Key: Required[str]
    Value: Required[str]


class PropertyDifference(TypedDict, total=False):
    PropertyPath: Required[str]
    ExpectedValue: Required[str]
    ActualValue: Required[str]
    DifferenceType: Required[str]


class ResourceChange(TypedDict, total=False):
    PolicyAction: str
    Action: str
    LogicalResourceId: str
    PhysicalResourceId: str
    ResourceType: str
    Replacement: str
    Scope: list[str]
    ResourceDriftStatus: str
    ResourceDriftIgnoredAttributes: list["ResourceDriftIgnoredAttribute"]
    Details: list["ResourceChangeDetail"]
    ChangeSetId: str
    ModuleInfo: "ModuleInfo"
    BeforeContext: str
    AfterContext: str
    PreviousDeploymentContext: str


class ResourceLocation(TypedDict, total=False):
    StackName: Required[str]
    LogicalResourceId: Required[str]


class RollbackTrigger(TypedDict, total=False):
    Arn: Required[str]
    Type: Required[str]


class StackDriftInformation(TypedDict, total=False):
    StackDriftStatus: Required[str]
    LastCheckTimestamp: datetime


class StackDriftInformationSummary(TypedDict, total=False):
    StackDriftStatus: Required[str]
    LastCheckTimestamp: datetime


class StackInstanceComprehensiveStatus(TypedDict, total=False):
    DetailedStatus: str


class StackResourceDriftInformation(TypedDict, total=False):
    StackResourceDriftStatus: Required[str]
    LastCheckTimestamp: datetime


class StackResourceDriftInformationSummary(TypedDict, total=False):
    StackResourceDriftStatus: Required[str]
    LastCheckTimestamp: datetime


class StackSetDriftDetectionDetails(TypedDict, total=False):
    DriftStatus: str
    DriftDetectionStatus: str
    LastDriftCheckTimestamp: datetime
    TotalStackInstancesCount: int
    DriftedStackInstancesCount: int
    InSyncStackInstancesCount: int
    InProgressStackInstancesCount: int
    FailedStackInstancesCount: int


class StackSetOperationStatusDetails(TypedDict, total=False):
    FailedStackInstancesCount: int


class WarningDetail(TypedDict, total=False):
    Type: str
    Properties: list["WarningProperty"]


class ChangeSetHookResourceTargetDetails(TypedDict, total=False):
    LogicalResourceId: str
    ResourceType: str
    ResourceAction: str


class ResourceChangeDetail(TypedDict, total=False):
    Target: "ResourceTargetDefinition"
    Evaluation: str
    ChangeSource: str
    CausingEntity: str


class ResourceDriftIgnoredAttribute(TypedDict, total=False):
    Path: str
    Reason: str


class WarningProperty(TypedDict, total=False):
    PropertyPath: str
    Required: bool
    Description: str


class ResourceTargetDefinition(TypedDict, total=False):
    Attribute: str
    Name: str
    RequiresRecreation: str
    Path: str
    BeforeValue: str
    AfterValue: str
    BeforeValueFrom: str
    AfterValueFrom: str
    Drift: "LiveResourceDrift"
    AttributeChangeType: str


class LiveResourceDrift(TypedDict, total=False):
    PreviousValue: str
    ActualValue: str
    DriftDetectionTimestamp: datetime


class AlreadyExistsExceptionError(ModelledError):
    code = "AlreadyExistsException"
    status = 400


class CFNRegistryExceptionError(ModelledError):
    code = "CFNRegistryException"
    status = 400


class ChangeSetNotFoundExceptionError(ModelledError):
    code = "ChangeSetNotFoundException"
    status = 404


class ConcurrentResourcesLimitExceededExceptionError(ModelledError):
    code = "ConcurrentResourcesLimitExceededException"
    status = 429


class CreatedButModifiedExceptionError(ModelledError):
    code = "CreatedButModifiedException"
    status = 409


class GeneratedTemplateNotFoundExceptionError(ModelledError):
    code = "GeneratedTemplateNotFoundException"
    status = 404


class HookResultNotFoundExceptionError(ModelledError):
    code = "HookResultNotFoundException"
    status = 404


class InsufficientCapabilitiesExceptionError(ModelledError):
    code = "InsufficientCapabilitiesException"
    status = 400


class InvalidChangeSetStatusExceptionError(ModelledError):
    code = "InvalidChangeSetStatusException"
    status = 400


class InvalidOperationExceptionError(ModelledError):
    code = "InvalidOperationException"
    status = 400


class InvalidStateTransitionExceptionError(ModelledError):
    code = "InvalidStateTransitionException"
    status = 400


class LimitExceededExceptionError(ModelledError):
    code = "LimitExceededException"
    status = 400


class NameAlreadyExistsExceptionError(ModelledError):
    code = "NameAlreadyExistsException"
    status = 409


class OperationIdAlreadyExistsExceptionError(ModelledError):
    code = "OperationIdAlreadyExistsException"
    status = 409


class OperationInProgressExceptionError(ModelledError):
    code = "OperationInProgressException"
    status = 409


class OperationNotFoundExceptionError(ModelledError):
    code = "OperationNotFoundException"
    status = 404


class OperationStatusCheckFailedExceptionError(ModelledError):
    code = "OperationStatusCheckFailedException"
    status = 400


class ResourceScanInProgressExceptionError(ModelledError):
    code = "ResourceScanInProgressException"
    status = 400


class ResourceScanLimitExceededExceptionError(ModelledError):
    code = "ResourceScanLimitExceededException"
    status = 400


class ResourceScanNotFoundExceptionError(ModelledError):
    code = "ResourceScanNotFoundException"
    status = 400


class StackInstanceNotFoundExceptionError(ModelledError):
    code = "StackInstanceNotFoundException"
    status = 404


class StackNotFoundExceptionError(ModelledError):
    code = "StackNotFoundException"
    status = 404


class StackRefactorNotFoundExceptionError(ModelledError):
    code = "StackRefactorNotFoundException"
    status = 404


class StackSetNotEmptyExceptionError(ModelledError):
    code = "StackSetNotEmptyException"
    status = 409


class StackSetNotFoundExceptionError(ModelledError):
    code = "StackSetNotFoundException"
    status = 404


class StaleRequestExceptionError(ModelledError):
    code = "StaleRequestException"
    status = 409


class TokenAlreadyExistsExceptionError(ModelledError):
    code = "TokenAlreadyExistsException"
    status = 400


class TypeConfigurationNotFoundExceptionError(ModelledError):
    code = "TypeConfigurationNotFoundException"
    status = 404


class TypeNotFoundExceptionError(ModelledError):
    code = "TypeNotFoundException"
    status = 404
