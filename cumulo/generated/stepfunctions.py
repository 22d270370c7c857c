"""Wire types of AWS Step Functions, generated from botocore's model: do not edit.

Regenerate with `python -m cumulo.codegen`.
"""

from datetime import datetime

from typing import Required, TypedDict

from cumulo.core.errors import ModelledError

OPERATIONS = ('CreateActivity', 'CreateStateMachine', 'CreateStateMachineAlias', 'DeleteActivity', 'DeleteStateMachine', 'DeleteStateMachineAlias', 'DeleteStateMachineVersion', 'DescribeActivity', 'DescribeExecution', 'DescribeMapRun', 'DescribeStateMachine', 'DescribeStateMachineAlias', 'DescribeStateMachineForExecution', 'GetActivityTask', 'GetExecutionHistory', 'ListActivities', 'ListExecutions', 'ListMapRuns', 'ListStateMachineAliases', 'ListStateMachineVersions', 'ListStateMachines', 'ListTagsForResource', 'PublishStateMachineVersion', 'RedriveExecution', 'SendTaskFailure', 'SendTaskHeartbeat', 'SendTaskSuccess', 'StartExecution', 'StartSyncExecution', 'StopExecution', 'TagResource', 'TestState', 'UntagResource', 'UpdateMapRun', 'UpdateStateMachine', 'UpdateStateMachineAlias', 'ValidateStateMachineDefinition')


class CreateActivityInput(TypedDict, total=False):
    name: Required[str]
    tags: list["Tag"]
    encryptionConfiguration: "EncryptionConfiguration"


class CreateActivityOutput(TypedDict, total=False):
    activityArn: Required[str]
    creationDate: Required[datetime]


class CreateStateMachineAliasInput(TypedDict, total=False):
    description: str
    name: Required[str]
    routingConfiguration: Required[list["RoutingConfigurationListItem"]]


class CreateStateMachineAliasOutput(TypedDict, total=False):
    stateMachineAliasArn: Required[str]
    creationDate: Required[datetime]


class CreateStateMachineInput(TypedDict, total=False):
    name: Required[str]
    definition: Required[str]
    roleArn: Required[str]
    type: str
    loggingConfiguration: "LoggingConfiguration"
    tags: list["Tag"]
    tracingConfiguration: "TracingConfiguration"
    publish: bool
    versionDescription: str
    encryptionConfiguration: "EncryptionConfiguration"


class CreateStateMachineOutput(TypedDict, total=False):
    stateMachineArn: Required[str]
    creationDate: Required[datetime]
    stateMachineVersionArn: str


class DeleteActivityInput(TypedDict, total=False):
    activityArn: Required[str]


class DeleteActivityOutput(TypedDict, total=False):
    pass


class DeleteStateMachineAliasInput(TypedDict, total=False):
    stateMachineAliasArn: Required[str]


class DeleteStateMachineAliasOutput(TypedDict, total=False):
    pass


class DeleteStateMachineInput(TypedDict, total=False):
    stateMachineArn: Required[str]


class DeleteStateMachineOutput(TypedDict, total=False):
    pass


class DeleteStateMachineVersionInput(TypedDict, total=False):
    stateMachineVersionArn: Required[str]


class DeleteStateMachineVersionOutput(TypedDict, total=False):
    pass


class DescribeActivityInput(TypedDict, total=False):
    activityArn: Required[str]


class DescribeActivityOutput(TypedDict, total=False):
    activityArn: Required[str]
    name: Required[str]
    creationDate: Required[datetime]
    encryptionConfiguration: "EncryptionConfiguration"


class DescribeExecutionInput(TypedDict, total=False):
    executionArn: Required[str]
    includedData: str


class DescribeExecutionOutput(TypedDict, total=False):
    executionArn: Required[str]
    stateMachineArn: Required[str]
    name: str
    status: Required[str]
    startDate: Required[datetime]
    stopDate: datetime
    input: str
    inputDetails: "CloudWatchEventsExecutionDataDetails"
    output: str
    outputDetails: "CloudWatchEventsExecutionDataDetails"
    traceHeader: str
    mapRunArn: str
    error: str
    cause: str
    stateMachineVersionArn: str
    stateMachineAliasArn: str
    redriveCount: int
    redriveDate: datetime
    redriveStatus: str
    redriveStatusReason: str


class DescribeMapRunInput(TypedDict, total=False):
    mapRunArn: Required[str]


class DescribeMapRunOutput(TypedDict, total=False):
    mapRunArn: Required[str]
    executionArn: Required[str]
    status: Required[str]
    startDate: Required[datetime]
    stopDate: datetime
    maxConcurrency: Required[int]
    toleratedFailurePercentage: Required[float]
    toleratedFailureCount: Required[int]
    itemCounts: Required["MapRunItemCounts"]
    executionCounts: Required["MapRunExecutionCounts"]
    redriveCount: int
    redriveDate: datetime


class DescribeStateMachineAliasInput(TypedDict, total=False):
    stateMachineAliasArn: Required[str]


class DescribeStateMachineAliasOutput(TypedDict, total=False):
    stateMachineAliasArn: str
    name: str
    description: str
    routingConfiguration: list["RoutingConfigurationListItem"]
    creationDate: datetime
    updateDate: datetime


class DescribeStateMachineForExecutionInput(TypedDict, total=False):
    executionArn: Required[str]
    includedData: str


class DescribeStateMachineForExecutionOutput(TypedDict, total=False):
    stateMachineArn: Required[str]
    name: Required[str]
    definition: Required[str]
    roleArn: Required[str]
    updateDate: Required[datetime]
    loggingConfiguration: "LoggingConfiguration"
    tracingConfiguration: "TracingConfiguration"
    mapRunArn: str
    label: str
    revisionId: str
    encryptionConfiguration: "EncryptionConfiguration"
    variableReferences: dict[str, list[str]]


class DescribeStateMachineInput(TypedDict, total=False):
    stateMachineArn: Required[str]
    includedData: str


class DescribeStateMachineOutput(TypedDict, total=False):
    stateMachineArn: Required[str]
    name: Required[str]
    status: str
    definition: Required[str]
    roleArn: Required[str]
    type: Required[str]
    creationDate: Required[datetime]
    loggingConfiguration: "LoggingConfiguration"
    tracingConfiguration: "TracingConfiguration"
    label: str
    revisionId: str
    description: str
    encryptionConfiguration: "EncryptionConfiguration"
    variableReferences: dict[str, list[str]]


class GetActivityTaskInput(TypedDict, total=False):
    activityArn: Required[str]
    workerName: str


class GetActivityTaskOutput(TypedDict, total=False):
    taskToken: str
    input: str


class GetExecutionHistoryInput(TypedDict, total=False):
    executionArn: Required[str]
    maxResults: int
    reverseOrder: bool
    nextToken: str
    includeExecutionData: bool


class GetExecutionHistoryOutput(TypedDict, total=False):
    events: Required[list["HistoryEvent"]]
    nextToken: str


class ListActivitiesInput(TypedDict, total=False):
    maxResults: int
    nextToken: str


class ListActivitiesOutput(TypedDict, total=False):
    activities: Required[list["ActivityListItem"]]
    nextToken: str


class ListExecutionsInput(TypedDict, total=False):
    stateMachineArn: str
    statusFilter: str
    maxResults: int
    nextToken: str
    mapRunArn: str
    redriveFilter: str


class ListExecutionsOutput(TypedDict, total=False):
    executions: Required[list["ExecutionListItem"]]
    nextToken: str


class ListMapRunsInput(TypedDict, total=False):
    executionArn: Required[str]
    maxResults: int
    nextToken: str


class ListMapRunsOutput(TypedDict, total=False):
    mapRuns: Required[list["MapRunListItem"]]
    nextToken: str


class ListStateMachineAliasesInput(TypedDict, total=False):
    stateMachineArn: Required[str]
    nextToken: str
    maxResults: int


class ListStateMachineAliasesOutput(TypedDict, total=False):
    stateMachineAliases: Required[list["StateMachineAliasListItem"]]
    nextToken: str


class ListStateMachineVersionsInput(TypedDict, total=False):
    stateMachineArn: Required[str]
    nextToken: str
    maxResults: int


class ListStateMachineVersionsOutput(TypedDict, total=False):
    stateMachineVersions: Required[list["StateMachineVersionListItem"]]
    nextToken: str


class ListStateMachinesInput(TypedDict, total=False):
    maxResults: int
    nextToken: str


class ListStateMachinesOutput(TypedDict, total=False):
    stateMachines: Required[list["StateMachineListItem"]]
    nextToken: str


class ListTagsForResourceInput(TypedDict, total=False):
    resourceArn: Required[str]


class ListTagsForResourceOutput(TypedDict, total=False):
    tags: list["Tag"]


class PublishStateMachineVersionInput(TypedDict, total=False):
    stateMachineArn: Required[str]
    revisionId: str
    description: str


class PublishStateMachineVersionOutput(TypedDict, total=False):
    creationDate: Required[datetime]
    stateMachineVersionArn: Required[str]


class RedriveExecutionInput(TypedDict, total=False):
    executionArn: Required[str]
    clientToken: str


class RedriveExecutionOutput(TypedDict, total=False):
    redriveDate: Required[datetime]


class SendTaskFailureInput(TypedDict, total=False):
    taskToken: Required[str]
    error: str
    cause: str


class SendTaskFailureOutput(TypedDict, total=False):
    pass


class SendTaskHeartbeatInput(TypedDict, total=False):
    taskToken: Required[str]


class SendTaskHeartbeatOutput(TypedDict, total=False):
    pass


class SendTaskSuccessInput(TypedDict, total=False):
    taskToken: Required[str]
    output: Required[str]


class SendTaskSuccessOutput(TypedDict, total=False):
    pass


class StartExecutionInput(TypedDict, total=False):
    stateMachineArn: Required[str]
    name: str
    input: str
    traceHeader: str


class StartExecutionOutput(TypedDict, total=False):
    executionArn: Required[str]
    startDate: Required[datetime]


class StartSyncExecutionInput(TypedDict, total=False):
    stateMachineArn: Required[str]
    name: str
    input: str
    traceHeader: str
    includedData: str


class StartSyncExecutionOutput(TypedDict, total=False):
    executionArn: Required[str]
    stateMachineArn: str
    name: str
    startDate: Required[datetime]
    stopDate: Required[datetime]
    status: Required[str]
    error: str
    cause: str
    input: str
    inputDetails: "CloudWatchEventsExecutionDataDetails"
    output: str
    outputDetails: "CloudWatchEventsExecutionDataDetails"
    traceHeader: str
    billingDetails: "BillingDetails"


class StopExecutionInput(TypedDict, total=False):
    executionArn: Required[str]
    error: str
    cause: str


class StopExecutionOutput(TypedDict, total=False):
    stopDate: Required[datetime]


class TagResourceInput(TypedDict, total=False):
    resourceArn: Required[str]
    tags: Required[list["Tag"]]


class TagResourceOutput(TypedDict, total=False):
    pass


class TestStateInput(TypedDict, total=False):
    definition: Required[str]
    roleArn: str
    input: str
    inspectionLevel: str
    revealSecrets: bool
    variables: str
    stateName: str
    mock: "MockInput"
    context: str
    stateConfiguration: "TestStateConfiguration"


class TestStateOutput(TypedDict, total=False):
    output: str
    error: str
    cause: str
    inspectionData: "InspectionData"
    nextState: str
    status: str


class UntagResourceInput(TypedDict, total=False):
    resourceArn: Required[str]
    tagKeys: Required[list[str]]


class UntagResourceOutput(TypedDict, total=False):
    pass


class UpdateMapRunInput(TypedDict, total=False):
    mapRunArn: Required[str]
    maxConcurrency: int
    toleratedFailurePercentage: float
    toleratedFailureCount: int


class UpdateMapRunOutput(TypedDict, total=False):
    pass


class UpdateStateMachineAliasInput(TypedDict, total=False):
    stateMachineAliasArn: Required[str]
    description: str
    routingConfiguration: list["RoutingConfigurationListItem"]


class UpdateStateMachineAliasOutput(TypedDict, total=False):
    updateDate: Required[datetime]


class UpdateStateMachineInput(TypedDict, total=False):
    stateMachineArn: Required[str]
    definition: str
    roleArn: str
    loggingConfiguration: "LoggingConfiguration"
    tracingConfiguration: "TracingConfiguration"
    publish: bool
    versionDescription: str
    encryptionConfiguration: "EncryptionConfiguration"


class UpdateStateMachineOutput(TypedDict, total=False):
    updateDate: Required[datetime]
    revisionId: str
    stateMachineVersionArn: str


class ValidateStateMachineDefinitionInput(TypedDict, total=False):
    definition: Required[str]
    type: str
    severity: str
    maxResults: int


class ValidateStateMachineDefinitionOutput(TypedDict, total=False):
    result: Required[str]
    diagnostics: Required[list["ValidateStateMachineDefinitionDiagnostic"]]
    truncated: bool


class ActivityListItem(TypedDict, total=False):
    activityArn: Required[str]
    name: Required[str]
    creationDate: Required[datetime]


class BillingDetails(TypedDict, total=False):
    billedMemoryUsedInMB: int
    billedDurationInMilliseconds: int


class CloudWatchEventsExecutionDataDetails(TypedDict, total=False):
    included: bool


class EncryptionConfiguration(TypedDict, total=False):
    kmsKeyId: str
    kmsDataKeyReusePeriodSeconds: int
    type: Required[str]


class ExecutionListItem(TypedDict, total=False):
    executionArn: Required[str]
    stateMachineArn: Required[str]
    name: Required[str]
    status: Required[str]
    startDate: Required[datetime]
    stopDate: datetime
    mapRunArn: str
    itemCount: int
    stateMachineVersionArn: str
    stateMachineAliasArn: str
    redriveCount: int
    redriveDate: datetime


class HistoryEvent(TypedDict, total=False):
    timestamp: Required[datetime]
    type: Required[str]
    id: Required[int]
    previousEventId: int
    activityFailedEventDetails: "ActivityFailedEventDetails"
    activityScheduleFailedEventDetails: "ActivityScheduleFailedEventDetails"
    activityScheduledEventDetails: "ActivityScheduledEventDetails"
    activityStartedEventDetails: "ActivityStartedEventDetails"
    activitySucceededEventDetails: "ActivitySucceededEventDetails"
    activityTimedOutEventDetails: "ActivityTimedOutEventDetails"
    taskFailedEventDetails: "TaskFailedEventDetails"
    taskScheduledEventDetails: "TaskScheduledEventDetails"
    taskStartFailedEventDetails: "TaskStartFailedEventDetails"
    taskStartedEventDetails: "TaskStartedEventDetails"
    taskSubmitFailedEventDetails: "TaskSubmitFailedEventDetails"
    taskSubmittedEventDetails: "TaskSubmittedEventDetails"
    taskSucceededEventDetails: "TaskSucceededEventDetails"
    taskTimedOutEventDetails: "TaskTimedOutEventDetails"
    executionFailedEventDetails: "ExecutionFailedEventDetails"
    executionStartedEventDetails: "ExecutionStartedEventDetails"
    executionSucceededEventDetails: "ExecutionSucceededEventDetails"
    executionAbortedEventDetails: "ExecutionAbortedEventDetails"
    executionTimedOutEventDetails: "ExecutionTimedOutEventDetails"
    executionRedrivenEventDetails: "ExecutionRedrivenEventDetails"
    mapStateStartedEventDetails: "MapStateStartedEventDetails"
    mapIterationStartedEventDetails: "MapIterationEventDetails"
    mapIterationSucceededEventDetails: "MapIterationEventDetails"
    mapIterationFailedEventDetails: "MapIterationEventDetails"
    mapIterationAbortedEventDetails: "MapIterationEventDetails"
    lambdaFunctionFailedEventDetails: "LambdaFunctionFailedEventDetails"
    lambdaFunctionScheduleFailedEventDetails: "LambdaFunctionScheduleFailedEventDetails"
    lambdaFunctionScheduledEventDetails: "LambdaFunctionScheduledEventDetails"
    lambdaFunctionStartFailedEventDetails: "LambdaFunctionStartFailedEventDetails"
    lambdaFunctionSucceededEventDetails: "LambdaFunctionSucceededEventDetails"
    lambdaFunctionTimedOutEventDetails: "LambdaFunctionTimedOutEventDetails"
    stateEnteredEventDetails: "StateEnteredEventDetails"
    stateExitedEventDetails: "StateExitedEventDetails"
    mapRunStartedEventDetails: "MapRunStartedEventDetails"
    mapRunFailedEventDetails: "MapRunFailedEventDetails"
    mapRunRedrivenEventDetails: "MapRunRedrivenEventDetails"
    evaluationFailedEventDetails: "EvaluationFailedEventDetails"


class InspectionData(TypedDict, total=False):
    input: str
    afterArguments: str
    afterInputPath: str
    afterParameters: str
    result: str
    afterResultSelector: str
    afterResultPath: str
    request: "InspectionDataRequest"
    response: "InspectionDataResponse"
    variables: str
    errorDetails: "InspectionErrorDetails"
    afterItemsPath: str
    afterItemSelector: str
    afterItemBatcher: str
    afterItemsPointer: str
    toleratedFailureCount: int
    toleratedFailurePercentage: float
    maxConcurrency: int


class LoggingConfiguration(TypedDict, total=False):
    level: str
    includeExecutionData: bool
    destinations: list["LogDestination"]


class MapRunExecutionCounts(TypedDict, total=False):
    pending: Required[int]
    running: Required[int]
    succeeded: Required[int]
    failed: Required[int]
    timedOut: Required[int]
    aborted: Required[int]
    total: Required[int]
    resultsWritten: Required[int]
    failuresNotRedrivable: int
    pendingRedrive: int


class MapRunItemCounts(TypedDict, total=False):
    pending: Required[int]
    running: Required[int]
    succeeded: Required[int]
    failed: Required[int]
    timedOut: Required[int]
    aborted: Required[int]
    total: Required[int]
    resultsWritten: Required[int]
    failuresNotRedrivable: int
    pendingRedrive: int


class MapRunListItem(TypedDict, total=False):
    executionArn: Required[str]
    mapRunArn: Required[str]
    stateMachineArn: Required[str]
    startDate: Required[datetime]
    stopDate: datetime


class MockInput(TypedDict, total=False):
    result: str
    errorOutput: "MockErrorOutput"
    fieldValidationMode: str


class RoutingConfigurationListItem(TypedDict, total=False):
    stateMachineVersionArn: Required[str]
    weight: Required[int]


class StateMachineAliasListItem(TypedDict, total=False):
    stateMachineAliasArn: Required[str]
    creationDate: Required[datetime]


class StateMachineListItem(TypedDict, total=False):
    stateMachineArn: Required[str]
    name: Required[str]
    type: Required[str]
    creationDate: Required[datetime]


class StateMachineVersionListItem(TypedDict, total=False):
    stateMachineVersionArn: Required[str]
    creationDate: Required[datetime]


class Tag(TypedDict, total=False):
    key: str
    value: str


class TestStateConfiguration(TypedDict, total=False):
    retrierRetryCount: int
    errorCausedByState: str
    mapIterationFailureCount: int
    mapItemReaderData: str


class TracingConfiguration(TypedDict, total=False):
    enabled: bool


class ValidateStateMachineDefinitionDiagnostic(TypedDict, total=False):
    severity: Required[str]
    code: Required[str]
    message: Required[str]
    location: str


class ActivityFailedEventDetails(TypedDict, total=False):
    error: str
    cause: str


class ActivityScheduleFailedEventDetails(TypedDict, total=False):
    error: str
    cause: str


class ActivityScheduledEventDetails(TypedDict, total=False):
    resource: Required[str]
    input: str
    inputDetails: "HistoryEventExecutionDataDetails"
    timeoutInSeconds: int
    heartbeatInSeconds: int


class ActivityStartedEventDetails(TypedDict, total=False):
    workerName: str


class ActivitySucceededEventDetails(TypedDict, total=False):
    output: str
    outputDetails: "HistoryEventExecutionDataDetails"


class ActivityTimedOutEventDetails(TypedDict, total=False):
    error: str
    cause: str


class EvaluationFailedEventDetails(TypedDict, total=False):
    error: str
    cause: str
    location: str
    state: Required[str]


class ExecutionAbortedEventDetails(TypedDict, total=False):
    error: str
    cause: str


class ExecutionFailedEventDetails(TypedDict, total=False):
    error: str
    cause: str


class ExecutionRedrivenEventDetails(TypedDict, total=False):
    redriveCount: int


class ExecutionStartedEventDetails(TypedDict, total=False):
    input: str
    inputDetails: "HistoryEventExecutionDataDetails"
    roleArn: str
    stateMachineAliasArn: str
    stateMachineVersionArn: str


class ExecutionSucceededEventDetails(TypedDict, total=False):
    output: str
    outputDetails: "HistoryEventExecutionDataDetails"


class ExecutionTimedOutEventDetails(TypedDict, total=False):
    error: str
    cause: str


class InspectionDataRequest(TypedDict, total=False):
    protocol: str
    method: str
    url: str
    headers: str
    body: str


class InspectionDataResponse(TypedDict, total=False):
    protocol: str
    statusCode: str
    statusMessage: str
    headers: str
    body: str


class InspectionErrorDetails(TypedDict, total=False):
    catchIndex: int
    retryIndex: int
    retryBackoffIntervalSeconds: int


class LambdaFunctionFailedEventDetails(TypedDict, total=False):
    error: str
    cause: str


class LambdaFunctionScheduleFailedEventDetails(TypedDict, total=False):
    error: str
    cause: str


class LambdaFunctionScheduledEventDetails(TypedDict, total=False):
    resource: Required[str]
    input: str
    inputDetails: "HistoryEventExecutionDataDetails"
    timeoutInSeconds: int
    taskCredentials: "TaskCredentials"


class LambdaFunctionStartFailedEventDetails(TypedDict, total=False):
    error: str
    cause: str


class LambdaFunctionSucceededEventDetails(TypedDict, total=False):
    output: str
    outputDetails: "HistoryEventExecutionDataDetails"


class LambdaFunctionTimedOutEventDetails(TypedDict, total=False):
    error: str
    cause: str


class LogDestination(TypedDict, total=False):
    cloudWatchLogsLogGroup: "CloudWatchLogsLogGroup"


class MapIterationEventDetails(TypedDict, total=False):
    name: str
    index: int


class MapRunFailedEventDetails(TypedDict, total=False):
    error: str
    cause: str


class MapRunRedrivenEventDetails(TypedDict, total=False):
    mapRunArn: str
    redriveCount: int


class MapRunStartedEventDetails(TypedDict, total=False):
    mapRunArn: str


class MapStateStartedEventDetails(TypedDict, total=False):
    length: int


class MockErrorOutput(TypedDict, total=False):
    error: str
    cause: str


class StateEnteredEventDetails(TypedDict, total=False):
    name: Required[str]
    input: str
    inputDetails: "HistoryEventExecutionDataDetails"


class StateExitedEventDetails(TypedDict, total=False):
    name: Required[str]
    output: str
    outputDetails: "HistoryEventExecutionDataDetails"
    assignedVariables: dict[str, str]
    assignedVariablesDetails: "AssignedVariablesDetails"


class TaskFailedEventDetails(TypedDict, total=False):
    resourceType: Required[str]
    resource: Required[str]
    error: str
    cause: str


class TaskScheduledEventDetails(TypedDict, total=False):
    resourceType: Required[str]
    resource: Required[str]
    region: Required[str]
    parameters: Required[str]
    timeoutInSeconds: int
    heartbeatInSeconds: int
    taskCredentials: "TaskCredentials"


class TaskStartFailedEventDetails(TypedDict, total=False):
    resourceType: Required[str]
    resource: Required[str]
    error: str
    cause: str


class TaskStartedEventDetails(TypedDict, total=False):
    resourceType: Required[str]
    resource: Required[str]


class TaskSubmitFailedEventDetails(TypedDict, total=False):
    resourceType: Required[str]
    resource: Required[str]
    error: str
    cause: str


class TaskSubmittedEventDetails(TypedDict, total=False):
    resourceType: Required[str]
    resource: Required[str]
    output: str
    outputDetails: "HistoryEventExecutionDataDetails"


class TaskSucceededEventDetails(TypedDict, total=False):
    resourceType: Required[str]
    resource: Required[str]
    output: str
    outputDetails: "HistoryEventExecutionDataDetails"


class TaskTimedOutEventDetails(TypedDict, total=False):
    resourceType: Required[str]
    resource: Required[str]
    error: str
    cause: str


class AssignedVariablesDetails(TypedDict, total=False):
    truncated: bool


class CloudWatchLogsLogGroup(TypedDict, total=False):
    logGroupArn: str


class HistoryEventExecutionDataDetails(TypedDict, total=False):
    truncated: bool


class TaskCredentials(TypedDict, total=False):
    roleArn: str


class ActivityAlreadyExistsError(ModelledError):
    code = "ActivityAlreadyExists"


class ActivityDoesNotExistError(ModelledError):
    code = "ActivityDoesNotExist"


class ActivityLimitExceededError(ModelledError):
    code = "ActivityLimitExceeded"


class ActivityWorkerLimitExceededError(ModelledError):
    code = "ActivityWorkerLimitExceeded"


class ConflictExceptionError(ModelledError):
    code = "ConflictException"


class ExecutionAlreadyExistsError(ModelledError):
    code = "ExecutionAlreadyExists"


class ExecutionDoesNotExistError(ModelledError):
    code = "ExecutionDoesNotExist"


class ExecutionLimitExceededError(ModelledError):
    code = "ExecutionLimitExceeded"


class ExecutionNotRedrivableError(ModelledError):
    code = "ExecutionNotRedrivable"


class InvalidArnError(ModelledError):
    code = "InvalidArn"


class InvalidDefinitionError(ModelledError):
    code = "InvalidDefinition"


class InvalidEncryptionConfigurationError(ModelledError):
    code = "InvalidEncryptionConfiguration"


class InvalidExecutionInputError(ModelledError):
    code = "InvalidExecutionInput"


class InvalidLoggingConfigurationError(ModelledError):
    code = "InvalidLoggingConfiguration"


class InvalidNameError(ModelledError):
    code = "InvalidName"


class InvalidOutputError(ModelledError):
    code = "InvalidOutput"


class InvalidTokenError(ModelledError):
    code = "InvalidToken"


class InvalidTracingConfigurationError(ModelledError):
    code = "InvalidTracingConfiguration"


class KmsAccessDeniedExceptionError(ModelledError):
    code = "KmsAccessDeniedException"


class KmsInvalidStateExceptionError(ModelledError):
    code = "KmsInvalidStateException"


class KmsThrottlingExceptionError(ModelledError):
    code = "KmsThrottlingException"


class MissingRequiredParameterError(ModelledError):
    code = "MissingRequiredParameter"


class ResourceNotFoundError(ModelledError):
    code = "ResourceNotFound"


class ServiceQuotaExceededExceptionError(ModelledError):
    code = "ServiceQuotaExceededException"


class StateMachineAlreadyExistsError(ModelledError):
    code = "StateMachineAlreadyExists"


class StateMachineDeletingError(ModelledError):
    code = "StateMachineDeleting"


class StateMachineDoesNotExistError(ModelledError):
    code = "StateMachineDoesNotExist"


class StateMachineLimitExceededError(ModelledError):
    code = "StateMachineLimitExceeded"


class StateMachineTypeNotSupportedError(ModelledError):
    code = "StateMachineTypeNotSupported"


class TaskDoesNotExistError(ModelledError):
    code = "TaskDoesNotExist"


class TaskTimedOutError(ModelledError):
    code = "TaskTimedOut"


class TooManyTagsError(ModelledError):
    code = "TooManyTags"


class ValidationExceptionError(ModelledError):
    code = "ValidationException"
