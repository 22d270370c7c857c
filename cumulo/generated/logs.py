"""Wire types of Amazon CloudWatch Logs, generated from botocore's model: do not edit.

Regenerate with `python -m cumulo.codegen`.
"""

from typing import Required, TypedDict

from cumulo.core.errors import ModelledError

OPERATIONS = ('AssociateKmsKey', 'AssociateSourceToS3TableIntegration', 'CancelExportTask', 'CancelImportTask', 'CreateDelivery', 'CreateExportTask', 'CreateImportTask', 'CreateLogAnomalyDetector', 'CreateLogGroup', 'CreateLogStream', 'CreateLookupTable', 'CreateScheduledQuery', 'DeleteAccountPolicy', 'DeleteDataProtectionPolicy', 'DeleteDelivery', 'DeleteDeliveryDestination', 'DeleteDeliveryDestinationPolicy', 'DeleteDeliverySource', 'DeleteDestination', 'DeleteIndexPolicy', 'DeleteIntegration', 'DeleteLogAnomalyDetector', 'DeleteLogGroup', 'DeleteLogStream', 'DeleteLookupTable', 'DeleteMetricFilter', 'DeleteQueryDefinition', 'DeleteResourcePolicy', 'DeleteRetentionPolicy', 'DeleteScheduledQuery', 'DeleteSubscriptionFilter', 'DeleteSyslogConfiguration', 'DeleteTransformer', 'DescribeAccountPolicies', 'DescribeConfigurationTemplates', 'DescribeDeliveries', 'DescribeDeliveryDestinations', 'DescribeDeliverySources', 'DescribeDestinations', 'DescribeExportTasks', 'DescribeFieldIndexes', 'DescribeImportTaskBatches', 'DescribeImportTasks', 'DescribeIndexPolicies', 'DescribeLogGroups', 'DescribeLogStreams', 'DescribeLookupTables', 'DescribeMetricFilters', 'DescribeQueries', 'DescribeQueryDefinitions', 'DescribeResourcePolicies', 'DescribeSubscriptionFilters', 'DisassociateKmsKey', 'DisassociateSourceFromS3TableIntegration', 'FilterLogEvents', 'GetDataProtectionPolicy', 'GetDelivery', 'GetDeliveryDestination', 'GetDeliveryDestinationPolicy', 'GetDeliverySource', 'GetIntegration', 'GetLogAnomalyDetector', 'GetLogEvents', 'GetLogFields', 'GetLogGroupFields', 'GetLogObject', 'GetLogRecord', 'GetLookupTable', 'GetQueryResults', 'GetScheduledQuery', 'GetScheduledQueryHistory', 'GetStorageTierPolicy', 'GetTransformer', 'ListAggregateLogGroupSummaries', 'ListAnomalies', 'ListIntegrations', 'ListLogAnomalyDetectors', 'ListLogGroups', 'ListLogGroupsForQuery', 'ListScheduledQueries', 'ListSourcesForS3TableIntegration', 'ListSyslogConfigurations', 'ListTagsForResource', 'ListTagsLogGroup', 'PutAccountPolicy', 'PutBearerTokenAuthentication', 'PutDataProtectionPolicy', 'PutDeliveryDestination', 'PutDeliveryDestinationPolicy', 'PutDeliverySource', 'PutDestination', 'PutDestinationPolicy', 'PutIndexPolicy', 'PutIntegration', 'PutLogEvents', 'PutLogGroupDeletionProtection', 'PutMetricFilter', 'PutQueryDefinition', 'PutResourcePolicy', 'PutRetentionPolicy', 'PutStorageTierPolicy', 'PutSubscriptionFilter', 'PutSyslogConfiguration', 'PutTransformer', 'StartLiveTail', 'StartQuery', 'StopQuery', 'TagLogGroup', 'TagResource', 'TestMetricFilter', 'TestTransformer', 'UntagLogGroup', 'UntagResource', 'UpdateAnomaly', 'UpdateDeliveryConfiguration', 'UpdateLogAnomalyDetector', 'UpdateLookupTable', 'UpdateScheduledQuery')


class AssociateKmsKeyRequest(TypedDict, total=False):
    logGroupName: str
    kmsKeyId: Required[str]
    resourceIdentifier: str


class AssociateSourceToS3TableIntegrationRequest(TypedDict, total=False):
    integrationArn: Required[str]
    dataSource: Required["DataSource"]


class AssociateSourceToS3TableIntegrationResponse(TypedDict, total=False):
    identifier: str


class CancelExportTaskRequest(TypedDict, total=False):
    taskId: Required[str]


class CancelImportTaskRequest(TypedDict, total=False):
    importId: Required[str]


class CancelImportTaskResponse(TypedDict, total=False):
    importId: str
    importStatistics: "ImportStatistics"
    importStatus: str
    creationTime: int
    lastUpdatedTime: int


class CreateDeliveryRequest(TypedDict, total=False):
    deliverySourceName: Required[str]
    deliveryDestinationArn: Required[str]
    recordFields: list[str]
    fieldDelimiter: str
    s3DeliveryConfiguration: "S3DeliveryConfiguration"
    tags: dict[str, str]


class CreateDeliveryResponse(TypedDict, total=False):
    delivery: "Delivery"


CreateExportTaskRequest = TypedDict('CreateExportTaskRequest', {'taskName': str, 'logGroupName': Required[str], 'logStreamNamePrefix': str, 'from': Required[int], 'to': Required[int], 'destination': Required[str], 'destinationPrefix': str}, total=False)


class CreateExportTaskResponse(TypedDict, total=False):
    taskId: str


class CreateImportTaskRequest(TypedDict, total=False):
    importSourceArn: Required[str]
    importRoleArn: Required[str]
    importFilter: "ImportFilter"


class CreateImportTaskResponse(TypedDict, total=False):
    importId: str
    importDestinationArn: str
    creationTime: int


class CreateLogAnomalyDetectorRequest(TypedDict, total=False):
    logGroupArnList: Required[list[str]]
    detectorName: str
    evaluationFrequency: str
    filterPattern: str
    kmsKeyId: str
    anomalyVisibilityTime: int
    tags: dict[str, str]


class CreateLogAnomalyDetectorResponse(TypedDict, total=False):
    anomalyDetectorArn: str


class CreateLogGroupRequest(TypedDict, total=False):
    logGroupName: Required[str]
    kmsKeyId: str
    tags: dict[str, str]
    logGroupClass: str
    deletionProtectionEnabled: bool


class CreateLogStreamRequest(TypedDict, total=False):
    logGroupName: Required[str]
    logStreamName: Required[str]


class CreateLookupTableRequest(TypedDict, total=False):
    lookupTableName: Required[str]
    description: str
    tableBody: str
    queryId: str
    kmsKeyId: str
    tags: dict[str, str]


class CreateLookupTableResponse(TypedDict, total=False):
    lookupTableArn: str
    createdAt: int


class CreateScheduledQueryRequest(TypedDict, total=False):
    name: Required[str]
    description: str
    queryLanguage: Required[str]
    queryString: Required[str]
    logGroupIdentifiers: list[str]
    scheduleExpression: Required[str]
    timezone: str
    startTimeOffset: int
    endTimeOffset: int
    destinationConfiguration: "DestinationConfiguration"
    scheduleStartTime: int
    scheduleEndTime: int
    executionRoleArn: Required[str]
    state: str
    tags: dict[str, str]


class CreateScheduledQueryResponse(TypedDict, total=False):
    scheduledQueryArn: str
    state: str


class DeleteAccountPolicyRequest(TypedDict, total=False):
    policyName: Required[str]
    policyType: Required[str]
    dryRun: bool


class DeleteAccountPolicyResponse(TypedDict, total=False):
    dryRunResult: "DryRunResult"


class DeleteDataProtectionPolicyRequest(TypedDict, total=False):
    logGroupIdentifier: Required[str]


class DeleteDeliveryDestinationPolicyRequest(TypedDict, total=False):
    deliveryDestinationName: Required[str]


class DeleteDeliveryDestinationRequest(TypedDict, total=False):
    name: Required[str]


class DeleteDeliveryRequest(TypedDict, total=False):
    id: Required[str]


class DeleteDeliverySourceRequest(TypedDict, total=False):
    name: Required[str]


class DeleteDestinationRequest(TypedDict, total=False):
    destinationName: Required[str]


class DeleteIndexPolicyRequest(TypedDict, total=False):
    logGroupIdentifier: Required[str]


class DeleteIndexPolicyResponse(TypedDict, total=False):
    pass


class DeleteIntegrationRequest(TypedDict, total=False):
    integrationName: Required[str]
    force: bool


class DeleteIntegrationResponse(TypedDict, total=False):
    pass


class DeleteLogAnomalyDetectorRequest(TypedDict, total=False):
    anomalyDetectorArn: Required[str]


class DeleteLogGroupRequest(TypedDict, total=False):
    logGroupName: Required[str]


class DeleteLogStreamRequest(TypedDict, total=False):
    logGroupName: Required[str]
    logStreamName: Required[str]


class DeleteLookupTableRequest(TypedDict, total=False):
    lookupTableArn: Required[str]


class DeleteMetricFilterRequest(TypedDict, total=False):
    logGroupName: Required[str]
    filterName: Required[str]


class DeleteQueryDefinitionRequest(TypedDict, total=False):
    queryDefinitionId: Required[str]


class DeleteQueryDefinitionResponse(TypedDict, total=False):
    success: bool


class DeleteResourcePolicyRequest(TypedDict, total=False):
    policyName: str
    resourceArn: str
    expectedRevisionId: str


class DeleteRetentionPolicyRequest(TypedDict, total=False):
    logGroupName: Required[str]


class DeleteScheduledQueryRequest(TypedDict, total=False):
    identifier: Required[str]


class DeleteScheduledQueryResponse(TypedDict, total=False):
    pass


class DeleteSubscriptionFilterRequest(TypedDict, total=False):
    logGroupName: Required[str]
    filterName: Required[str]


class DeleteSyslogConfigurationRequest(TypedDict, total=False):
    logGroupIdentifier: Required[str]
    vpcEndpointId: str


class DeleteTransformerRequest(TypedDict, total=False):
    logGroupIdentifier: Required[str]


class DescribeAccountPoliciesRequest(TypedDict, total=False):
    policyType: Required[str]
    policyName: str
    accountIdentifiers: list[str]
    nextToken: str


class DescribeAccountPoliciesResponse(TypedDict, total=False):
    accountPolicies: list["AccountPolicy"]
    nextToken: str


class DescribeConfigurationTemplatesRequest(TypedDict, total=False):
    service: str
    logTypes: list[str]
    resourceTypes: list[str]
    deliveryDestinationTypes: list[str]
    nextToken: str
    limit: int


class DescribeConfigurationTemplatesResponse(TypedDict, total=False):
    configurationTemplates: list["ConfigurationTemplate"]
    nextToken: str


class DescribeDeliveriesRequest(TypedDict, total=False):
    nextToken: str
    limit: int
    deliverySourceNames: list[str]


class DescribeDeliveriesResponse(TypedDict, total=False):
    deliveries: list["Delivery"]
    nextToken: str


class DescribeDeliveryDestinationsRequest(TypedDict, total=False):
    nextToken: str
    limit: int
    names: list[str]


class DescribeDeliveryDestinationsResponse(TypedDict, total=False):
    deliveryDestinations: list["DeliveryDestination"]
    nextToken: str


class DescribeDeliverySourcesRequest(TypedDict, total=False):
    nextToken: str
    limit: int
    resourceArns: list[str]


class DescribeDeliverySourcesResponse(TypedDict, total=False):
    deliverySources: list["DeliverySource"]
    nextToken: str


class DescribeDestinationsRequest(TypedDict, total=False):
    DestinationNamePrefix: str
    nextToken: str
    limit: int


class DescribeDestinationsResponse(TypedDict, total=False):
    destinations: list["Destination"]
    nextToken: str


class DescribeExportTasksRequest(TypedDict, total=False):
    taskId: str
    statusCode: str
    nextToken: str
    limit: int


class DescribeExportTasksResponse(TypedDict, total=False):
    exportTasks: list["ExportTask"]
    nextToken: str


class DescribeFieldIndexesRequest(TypedDict, total=False):
    logGroupIdentifiers: Required[list[str]]
    indexCategories: list[str]
    nextToken: str


class DescribeFieldIndexesResponse(TypedDict, total=False):
    fieldIndexes: list["FieldIndex"]
    nextToken: str


class DescribeImportTaskBatchesRequest(TypedDict, total=False):
    importId: Required[str]
    batchImportStatus: list[str]
    limit: int
    nextToken: str


class DescribeImportTaskBatchesResponse(TypedDict, total=False):
    importSourceArn: str
    importId: str
    importBatches: list["ImportBatch"]
    nextToken: str


class DescribeImportTasksRequest(TypedDict, total=False):
    importId: str
    importStatus: str
    importSourceArn: str
    limit: int
    nextToken: str


class DescribeImportTasksResponse(TypedDict, total=False):
    imports: list["Import"]
    nextToken: str


class DescribeIndexPoliciesRequest(TypedDict, total=False):
    logGroupIdentifiers: Required[list[str]]
    nextToken: str


class DescribeIndexPoliciesResponse(TypedDict, total=False):
    indexPolicies: list["IndexPolicy"]
    nextToken: str


class DescribeLogGroupsRequest(TypedDict, total=False):
    accountIdentifiers: list[str]
    logGroupNamePrefix: str
    logGroupNamePattern: str
    nextToken: str
    limit: int
    includeLinkedAccounts: bool
    logGroupClass: str
    logGroupIdentifiers: list[str]


class DescribeLogGroupsResponse(TypedDict, total=False):
    logGroups: list["LogGroup"]
    nextToken: str


class DescribeLogStreamsRequest(TypedDict, total=False):
    logGroupName: str
    logGroupIdentifier: str
    logStreamNamePrefix: str
    orderBy: str
    descending: bool
    nextToken: str
    limit: int


class DescribeLogStreamsResponse(TypedDict, total=False):
    logStreams: list["LogStream"]
    nextToken: str


class DescribeLookupTablesRequest(TypedDict, total=False):
    lookupTableNamePrefix: str
    maxResults: int
    nextToken: str


class DescribeLookupTablesResponse(TypedDict, total=False):
    lookupTables: list["LookupTable"]
    nextToken: str


class DescribeMetricFiltersRequest(TypedDict, total=False):
    logGroupName: str
    filterNamePrefix: str
    nextToken: str
    limit: int
    metricName: str
    metricNamespace: str


class DescribeMetricFiltersResponse(TypedDict, total=False):
    metricFilters: list["MetricFilter"]
    nextToken: str


class DescribeQueriesRequest(TypedDict, total=False):
    logGroupName: str
    status: str
    maxResults: int
    nextToken: str
    queryLanguage: str


class DescribeQueriesResponse(TypedDict, total=False):
    queries: list["QueryInfo"]
    nextToken: str


class DescribeQueryDefinitionsRequest(TypedDict, total=False):
    queryLanguage: str
    queryDefinitionNamePrefix: str
    maxResults: int
    nextToken: str


class DescribeQueryDefinitionsResponse(TypedDict, total=False):
    queryDefinitions: list["QueryDefinition"]
    nextToken: str


class DescribeResourcePoliciesRequest(TypedDict, total=False):
    nextToken: str
    limit: int
    resourceArn: str
    policyScope: str


class DescribeResourcePoliciesResponse(TypedDict, total=False):
    resourcePolicies: list["ResourcePolicy"]
    nextToken: str


class DescribeSubscriptionFiltersRequest(TypedDict, total=False):
    logGroupName: Required[str]
    filterNamePrefix: str
    nextToken: str
    limit: int


class DescribeSubscriptionFiltersResponse(TypedDict, total=False):
    subscriptionFilters: list["SubscriptionFilter"]
    nextToken: str


class DisassociateKmsKeyRequest(TypedDict, total=False):
    logGroupName: str
    resourceIdentifier: str


class DisassociateSourceFromS3TableIntegrationRequest(TypedDict, total=False):
    identifier: Required[str]


class DisassociateSourceFromS3TableIntegrationResponse(TypedDict, total=False):
    identifier: str


class FilterLogEventsRequest(TypedDict, total=False):
    logGroupName: str
    logGroupIdentifier: str
    logStreamNames: list[str]
    logStreamNamePrefix: str
    startTime: int
    endTime: int
    filterPattern: str
    nextToken: str
    limit: int
    startFromHead: bool
    interleaved: bool
    unmask: bool


class FilterLogEventsResponse(TypedDict, total=False):
    events: list["FilteredLogEvent"]
    searchedLogStreams: list["SearchedLogStream"]
    nextToken: str


class GetDataProtectionPolicyRequest(TypedDict, total=False):
    logGroupIdentifier: Required[str]


class GetDataProtectionPolicyResponse(TypedDict, total=False):
    logGroupIdentifier: str
    policyDocument: str
    lastUpdatedTime: int


class GetDeliveryDestinationPolicyRequest(TypedDict, total=False):
    deliveryDestinationName: Required[str]


class GetDeliveryDestinationPolicyResponse(TypedDict, total=False):
    policy: "Policy"


class GetDeliveryDestinationRequest(TypedDict, total=False):
    name: Required[str]


class GetDeliveryDestinationResponse(TypedDict, total=False):
    deliveryDestination: "DeliveryDestination"


class GetDeliveryRequest(TypedDict, total=False):
    id: Required[str]


class GetDeliveryResponse(TypedDict, total=False):
    delivery: "Delivery"


class GetDeliverySourceRequest(TypedDict, total=False):
    name: Required[str]


class GetDeliverySourceResponse(TypedDict, total=False):
    deliverySource: "DeliverySource"


class GetIntegrationRequest(TypedDict, total=False):
    integrationName: Required[str]


class GetIntegrationResponse(TypedDict, total=False):
    integrationName: str
    integrationType: str
    integrationStatus: str
    integrationDetails: "IntegrationDetails"


class GetLogAnomalyDetectorRequest(TypedDict, total=False):
    anomalyDetectorArn: Required[str]


class GetLogAnomalyDetectorResponse(TypedDict, total=False):
    detectorName: str
    logGroupArnList: list[str]
    evaluationFrequency: str
    filterPattern: str
    anomalyDetectorStatus: str
    kmsKeyId: str
    creationTimeStamp: int
    lastModifiedTimeStamp: int
    anomalyVisibilityTime: int


class GetLogEventsRequest(TypedDict, total=False):
    logGroupName: str
    logGroupIdentifier: str
    logStreamName: Required[str]
    startTime: int
    endTime: int
    nextToken: str
    limit: int
    startFromHead: bool
    unmask: bool


class GetLogEventsResponse(TypedDict, total=False):
    events: list["OutputLogEvent"]
    nextForwardToken: str
    nextBackwardToken: str


class GetLogFieldsRequest(TypedDict, total=False):
    dataSourceName: Required[str]
    dataSourceType: Required[str]


class GetLogFieldsResponse(TypedDict, total=False):
    logFields: list["LogFieldsListItem"]


class GetLogGroupFieldsRequest(TypedDict, total=False):
    logGroupName: str
    time: int
    logGroupIdentifier: str


class GetLogGroupFieldsResponse(TypedDict, total=False):
    logGroupFields: list["LogGroupField"]


class GetLogObjectRequest(TypedDict, total=False):
    unmask: bool
    logObjectPointer: Required[str]


class GetLogObjectResponse(TypedDict, total=False):
    fieldStream: "GetLogObjectResponseStream"


class GetLogRecordRequest(TypedDict, total=False):
    logRecordPointer: Required[str]
    unmask: bool


class GetLogRecordResponse(TypedDict, total=False):
    logRecord: dict[str, str]


class GetLookupTableRequest(TypedDict, total=False):
    lookupTableArn: Required[str]


class GetLookupTableResponse(TypedDict, total=False):
    lookupTableArn: str
    lookupTableName: str
    description: str
    tableBody: str
    sizeBytes: int
    lastUpdatedTime: int
    kmsKeyId: str


class GetQueryResultsRequest(TypedDict, total=False):
    queryId: Required[str]
    nextToken: str
    maxItems: int


class GetQueryResultsResponse(TypedDict, total=False):
    queryLanguage: str
    results: list[list["ResultField"]]
    statistics: "QueryStatistics"
    status: str
    encryptionKey: str
    nextToken: str


class GetScheduledQueryHistoryRequest(TypedDict, total=False):
    identifier: Required[str]
    startTime: Required[int]
    endTime: Required[int]
    executionStatuses: list[str]
    maxResults: int
    nextToken: str


class GetScheduledQueryHistoryResponse(TypedDict, total=False):
    name: str
    scheduledQueryArn: str
    triggerHistory: list["TriggerHistoryRecord"]
    nextToken: str


class GetScheduledQueryRequest(TypedDict, total=False):
    identifier: Required[str]


class GetScheduledQueryResponse(TypedDict, total=False):
    scheduledQueryArn: str
    name: str
    description: str
    queryLanguage: str
    queryString: str
    logGroupIdentifiers: list[str]
    scheduleExpression: str
    timezone: str
    startTimeOffset: int
    endTimeOffset: int
    destinationConfiguration: "DestinationConfiguration"
    state: str
    scheduleType: str
    lastTriggeredTime: int
    lastExecutionStatus: str
    scheduleStartTime: int
    scheduleEndTime: int
    executionRoleArn: str
    creationTime: int
    lastUpdatedTime: int


class GetStorageTierPolicyRequest(TypedDict, total=False):
    pass


class GetStorageTierPolicyResponse(TypedDict, total=False):
    storageTier: str
    lastUpdatedTime: int


class GetTransformerRequest(TypedDict, total=False):
    logGroupIdentifier: Required[str]


class GetTransformerResponse(TypedDict, total=False):
    logGroupIdentifier: str
    creationTime: int
    lastModifiedTime: int
    transformerConfig: list["Processor"]


class ListAggregateLogGroupSummariesRequest(TypedDict, total=False):
    accountIdentifiers: list[str]
    includeLinkedAccounts: bool
    logGroupClass: str
    logGroupNamePattern: str
    dataSources: list["DataSourceFilter"]
    groupBy: Required[str]
    nextToken: str
    limit: int


class ListAggregateLogGroupSummariesResponse(TypedDict, total=False):
    aggregateLogGroupSummaries: list["AggregateLogGroupSummary"]
    nextToken: str


class ListAnomaliesRequest(TypedDict, total=False):
    anomalyDetectorArn: str
    suppressionState: str
    limit: int
    nextToken: str


class ListAnomaliesResponse(TypedDict, total=False):
    anomalies: list["Anomaly"]
    nextToken: str


class ListIntegrationsRequest(TypedDict, total=False):
    integrationNamePrefix: str
    integrationType: str
    integrationStatus: str


class ListIntegrationsResponse(TypedDict, total=False):
    integrationSummaries: list["IntegrationSummary"]


class ListLogAnomalyDetectorsRequest(TypedDict, total=False):
    filterLogGroupArn: str
    limit: int
    nextToken: str


class ListLogAnomalyDetectorsResponse(TypedDict, total=False):
    anomalyDetectors: list["AnomalyDetector"]
    nextToken: str


class ListLogGroupsForQueryRequest(TypedDict, total=False):
    queryId: Required[str]
    nextToken: str
    maxResults: int


class ListLogGroupsForQueryResponse(TypedDict, total=False):
    logGroupIdentifiers: list[str]
    nextToken: str


class ListLogGroupsRequest(TypedDict, total=False):
    logGroupNamePattern: str
    logGroupClass: str
    includeLinkedAccounts: bool
    accountIdentifiers: list[str]
    nextToken: str
    limit: int
    dataSources: list["DataSourceFilter"]
    fieldIndexNames: list[str]
    logGroupTags: list["TagFilter"]


class ListLogGroupsResponse(TypedDict, total=False):
    logGroups: list["LogGroupSummary"]
    nextToken: str


class ListScheduledQueriesRequest(TypedDict, total=False):
    maxResults: int
    nextToken: str
    state: str
    scheduleType: str


class ListScheduledQueriesResponse(TypedDict, total=False):
    nextToken: str
    scheduledQueries: list["ScheduledQuerySummary"]


class ListSourcesForS3TableIntegrationRequest(TypedDict, total=False):
    integrationArn: Required[str]
    maxResults: int
    nextToken: str


class ListSourcesForS3TableIntegrationResponse(TypedDict, total=False):
    sources: list["S3TableIntegrationSource"]
    nextToken: str


class ListSyslogConfigurationsRequest(TypedDict, total=False):
    logGroupIdentifier: str
    vpcEndpointId: str
    nextToken: str
    maxResults: int


class ListSyslogConfigurationsResponse(TypedDict, total=False):
    syslogConfigurations: list["SyslogConfiguration"]
    nextToken: str


class ListTagsForResourceRequest(TypedDict, total=False):
    resourceArn: Required[str]


class ListTagsForResourceResponse(TypedDict, total=False):
    tags: dict[str, str]


class ListTagsLogGroupRequest(TypedDict, total=False):
    logGroupName: Required[str]


class ListTagsLogGroupResponse(TypedDict, total=False):
    tags: dict[str, str]


class PutAccountPolicyRequest(TypedDict, total=False):
    policyName: Required[str]
    policyDocument: Required[str]
    policyType: Required[str]
    scope: str
    selectionCriteria: str
    dryRun: bool


class PutAccountPolicyResponse(TypedDict, total=False):
    accountPolicy: "AccountPolicy"
    dryRunResult: "DryRunResult"


class PutBearerTokenAuthenticationRequest(TypedDict, total=False):
    logGroupIdentifier: Required[str]
    bearerTokenAuthenticationEnabled: Required[bool]


class PutDataProtectionPolicyRequest(TypedDict, total=False):
    logGroupIdentifier: Required[str]
    policyDocument: Required[str]


class PutDataProtectionPolicyResponse(TypedDict, total=False):
    logGroupIdentifier: str
    policyDocument: str
    lastUpdatedTime: int


class PutDeliveryDestinationPolicyRequest(TypedDict, total=False):
    deliveryDestinationName: Required[str]
    deliveryDestinationPolicy: Required[str]


class PutDeliveryDestinationPolicyResponse(TypedDict, total=False):
    policy: "Policy"


class PutDeliveryDestinationRequest(TypedDict, total=False):
    name: Required[str]
    outputFormat: str
    deliveryDestinationConfiguration: "DeliveryDestinationConfiguration"
    deliveryDestinationType: str
    roleArn: str
    tags: dict[str, str]


class PutDeliveryDestinationResponse(TypedDict, total=False):
    deliveryDestination: "DeliveryDestination"


class PutDeliverySourceRequest(TypedDict, total=False):
    name: Required[str]
    resourceArn: Required[str]
    logType: Required[str]
    tags: dict[str, str]
    deliverySourceConfiguration: dict[str, str]


class PutDeliverySourceResponse(TypedDict, total=False):
    deliverySource: "DeliverySource"


class PutDestinationPolicyRequest(TypedDict, total=False):
    destinationName: Required[str]
    accessPolicy: Required[str]
    forceUpdate: bool


class PutDestinationRequest(TypedDict, total=False):
    destinationName: Required[str]
    targetArn: Required[str]
    roleArn: Required[str]
    tags: dict[str, str]


class PutDestinationResponse(TypedDict, total=False):
    destination: "Destination"


class PutIndexPolicyRequest(TypedDict, total=False):
    logGroupIdentifier: Required[str]
    policyDocument: Required[str]


class PutIndexPolicyResponse(TypedDict, total=False):
    indexPolicy: "IndexPolicy"


class PutIntegrationRequest(TypedDict, total=False):
    integrationName: Required[str]
    resourceConfig: Required["ResourceConfig"]
    integrationType: Required[str]


class PutIntegrationResponse(TypedDict, total=False):
    integrationName: str
    integrationStatus: str


class PutLogEventsRequest(TypedDict, total=False):
    logGroupName: Required[str]
    logStreamName: Required[str]
    logEvents: Required[list["InputLogEvent"]]
    sequenceToken: str
    entity: "Entity"


class PutLogEventsResponse(TypedDict, total=False):
    nextSequenceToken: str
    rejectedLogEventsInfo: "RejectedLogEventsInfo"
    rejectedEntityInfo: "RejectedEntityInfo"


class PutLogGroupDeletionProtectionRequest(TypedDict, total=False):
    logGroupIdentifier: Required[str]
    deletionProtectionEnabled: Required[bool]


class PutMetricFilterRequest(TypedDict, total=False):
    logGroupName: Required[str]
    filterName: Required[str]
    filterPattern: Required[str]
    metricTransformations: Required[list["MetricTransformation"]]
    applyOnTransformedLogs: bool
    fieldSelectionCriteria: str
    emitSystemFieldDimensions: list[str]


class PutQueryDefinitionRequest(TypedDict, total=False):
    queryLanguage: str
    name: Required[str]
    queryDefinitionId: str
    logGroupNames: list[str]
    queryString: Required[str]
    clientToken: str
    parameters: list["QueryParameter"]


class PutQueryDefinitionResponse(TypedDict, total=False):
    queryDefinitionId: str


class PutResourcePolicyRequest(TypedDict, total=False):
    policyName: str
    policyDocument: str
    resourceArn: str
    expectedRevisionId: str


class PutResourcePolicyResponse(TypedDict, total=False):
    resourcePolicy: "ResourcePolicy"
    revisionId: str


class PutRetentionPolicyRequest(TypedDict, total=False):
    logGroupName: Required[str]
    retentionInDays: Required[int]


class PutStorageTierPolicyRequest(TypedDict, total=False):
    storageTier: Required[str]


class PutStorageTierPolicyResponse(TypedDict, total=False):
    storageTier: str
    lastUpdatedTime: int


class PutSubscriptionFilterRequest(TypedDict, total=False):
    logGroupName: Required[str]
    filterName: Required[str]
    filterPattern: Required[str]
    destinationArn: Required[str]
    roleArn: str
    distribution: str
    applyOnTransformedLogs: bool
    fieldSelectionCriteria: str
    emitSystemFields: list[str]


class PutSyslogConfigurationRequest(TypedDict, total=False):
    logGroupIdentifier: Required[str]
    vpcEndpointId: str


class PutTransformerRequest(TypedDict, total=False):
    logGroupIdentifier: Required[str]
    transformerConfig: Required[list["Processor"]]


class StartLiveTailRequest(TypedDict, total=False):
    logGroupIdentifiers: Required[list[str]]
    logStreamNames: list[str]
    logStreamNamePrefixes: list[str]
    logEventFilterPattern: str


class StartLiveTailResponse(TypedDict, total=False):
    responseStream: "StartLiveTailResponseStream"


class StartQueryRequest(TypedDict, total=False):
    queryLanguage: str
    logGroupName: str
    logGroupNames: list[str]
    logGroupIdentifiers: list[str]
    startTime: Required[int]
    endTime: Required[int]
    queryString: Required[str]
    limit: int


class StartQueryResponse(TypedDict, total=False):
    queryId: str


class StopQueryRequest(TypedDict, total=False):
    queryId: Required[str]


class StopQueryResponse(TypedDict, total=False):
    success: bool


class TagLogGroupRequest(TypedDict, total=False):
    logGroupName: Required[str]
    tags: Required[dict[str, str]]


class TagResourceRequest(TypedDict, total=False):
    resourceArn: Required[str]
    tags: Required[dict[str, str]]


class TestMetricFilterRequest(TypedDict, total=False):
    filterPattern: Required[str]
    logEventMessages: Required[list[str]]


class TestMetricFilterResponse(TypedDict, total=False):
    matches: list["MetricFilterMatchRecord"]


class TestTransformerRequest(TypedDict, total=False):
    transformerConfig: Required[list["Processor"]]
    logEventMessages: Required[list[str]]


class TestTransformerResponse(TypedDict, total=False):
    transformedLogs: list["TransformedLogRecord"]


class UntagLogGroupRequest(TypedDict, total=False):
    logGroupName: Required[str]
    tags: Required[list[str]]


class UntagResourceRequest(TypedDict, total=False):
    resourceArn: Required[str]
    tagKeys: Required[list[str]]


class UpdateAnomalyRequest(TypedDict, total=False):
    anomalyId: str
    patternId: str
    anomalyDetectorArn: Required[str]
    suppressionType: str
    suppressionPeriod: "SuppressionPeriod"
    baseline: bool


class UpdateDeliveryConfigurationRequest(TypedDict, total=False):
    id: Required[str]
    recordFields: list[str]
    fieldDelimiter: str
    s3DeliveryConfiguration: "S3DeliveryConfiguration"


class UpdateDeliveryConfigurationResponse(TypedDict, total=False):
    pass


class UpdateLogAnomalyDetectorRequest(TypedDict, total=False):
    anomalyDetectorArn: Required[str]
    evaluationFrequency: str
    filterPattern: str
    anomalyVisibilityTime: int
    enabled: Required[bool]


class UpdateLookupTableRequest(TypedDict, total=False):
    lookupTableArn: Required[str]
    description: str
    tableBody: str
    queryId: str
    kmsKeyId: str


class UpdateLookupTableResponse(TypedDict, total=False):
    lookupTableArn: str
    lastUpdatedTime: int


class UpdateScheduledQueryRequest(TypedDict, total=False):
    identifier: Required[str]
    description: str
    queryLanguage: Required[str]
    queryString: Required[str]
    logGroupIdentifiers: list[str]
    scheduleExpression: Required[str]
    timezone: str
    startTimeOffset: int
    endTimeOffset: int
    destinationConfiguration: "DestinationConfiguration"
    scheduleStartTime: int
    scheduleEndTime: int
    executionRoleArn: Required[str]
    state: str


class UpdateScheduledQueryResponse(TypedDict, total=False):
    scheduledQueryArn: str
    name: str
    description: str
    queryLanguage: str
    queryString: str
    logGroupIdentifiers: list[str]
    scheduleExpression: str
    timezone: str
    startTimeOffset: int
    endTimeOffset: int
    destinationConfiguration: "DestinationConfiguration"
    state: str
    scheduleType: str
    lastTriggeredTime: int
    lastExecutionStatus: str
    scheduleStartTime: int
    scheduleEndTime: int
    executionRoleArn: str
    creationTime: int
    lastUpdatedTime: int


class AccountPolicy(TypedDict, total=False):
    policyName: str
    policyDocument: str
    lastUpdatedTime: int
    policyType: str
    scope: str
    selectionCriteria: str
    accountId: str


class AggregateLogGroupSummary(TypedDict, total=False):
    logGroupCount: int
    groupingIdentifiers: list["GroupingIdentifier"]


class Anomaly(TypedDict, total=False):
    anomalyId: Required[str]
    patternId: Required[str]
    anomalyDetectorArn: Required[str]
    patternString: Required[str]
    patternRegex: str
    priority: str
    firstSeen: Required[int]
    lastSeen: Required[int]
    description: Required[str]
    active: Required[bool]
    state: Required[str]
    histogram: Required[dict[str, int]]
    logSamples: Required[list["LogEvent"]]
    patternTokens: Required[list["PatternToken"]]
    logGroupArnList: Required[list[str]]
    suppressed: bool
    suppressedDate: int
    suppressedUntil: int
    isPatternLevelSuppression: bool


class AnomalyDetector(TypedDict, total=False):
    anomalyDetectorArn: str
    detectorName: str
    logGroupArnList: list[str]
    evaluationFrequency: str
    filterPattern: str
    anomalyDetectorStatus: str
    kmsKeyId: str
    creationTimeStamp: int
    lastModifiedTimeStamp: int
    anomalyVisibilityTime: int


class ConfigurationTemplate(TypedDict, total=False):
    service: str
    logType: str
    resourceType: str
    deliveryDestinationType: str
    defaultDeliveryConfigValues: "ConfigurationTemplateDeliveryConfigValues"
    allowedFields: list["RecordField"]
    allowedOutputFormats: list[str]
    allowedActionForAllowVendedLogsDeliveryForResource: str
    allowedFieldDelimiters: list[str]
    allowedSuffixPathFields: list[str]
    deliverySourceConfiguration: list["DeliverySourceConfigurationSchema"]
    s3TablesIntegration: "S3TablesIntegration"


class DataSource(TypedDict, total=False):
    name: Required[str]
    type: str


class DataSourceFilter(TypedDict, total=False):
    name: Required[str]
    type: str


class Delivery(TypedDict, total=False):
    id: str
    arn: str
    deliverySourceName: str
    deliveryDestinationArn: str
    deliveryDestinationType: str
    recordFields: list[str]
    fieldDelimiter: str
    s3DeliveryConfiguration: "S3DeliveryConfiguration"
    tags: dict[str, str]


class DeliveryDestination(TypedDict, total=False):
    name: str
    arn: str
    deliveryDestinationType: str
    outputFormat: str
    deliveryDestinationConfiguration: "DeliveryDestinationConfiguration"
    roleArn: str
    tags: dict[str, str]


class DeliveryDestinationConfiguration(TypedDict, total=False):
    destinationResourceArn: Required[str]


class DeliverySource(TypedDict, total=False):
    name: str
    arn: str
    resourceArns: list[str]
    service: str
    logType: str
    tags: dict[str, str]
    deliverySourceConfiguration: dict[str, str]
    status: str
    statusReason: str


class Destination(TypedDict, total=False):
    destinationName: str
    targetArn: str
    roleArn: str
    accessPolicy: str
    arn: str
    creationTime: int


class DestinationConfiguration(TypedDict, total=False):
    s3Configuration: "S3Configuration"
    lookupTableConfiguration: "LookupTableConfiguration"


class DryRunResult(TypedDict, total=False):
    totalMatchedLogGroups: int
    increasedRetentionLogGroupCount: int
    decreasedRetentionLogGroupCount: int
    unchangedRetentionLogGroupCount: int
    failedAnalysisCount: int
    topLogGroupsImpacted: list["LogGroupImpact"]


class Entity(TypedDict, total=False):
    keyAttributes: dict[str, str]
    attributes: dict[str, str]


ExportTask = TypedDict('ExportTask', {'taskId': str, 'taskName': str, 'logGroupName': str, 'from': int, 'to': int, 'destination': str, 'destinationPrefix': str, 'status': "ExportTaskStatus", 'executionInfo': "ExportTaskExecutionInfo"}, total=False)


class FieldIndex(TypedDict, total=False):
    logGroupIdentifier: str
    fieldIndexName: str
    lastScanTime: int
    firstEventTime: int
    lastEventTime: int
    type: str
    indexCategory: str


class FilteredLogEvent(TypedDict, total=False):
    logStreamName: str
    timestamp: int
    message: str
    ingestionTime: int
    eventId: str


class GetLogObjectResponseStream(TypedDict, total=False):
    fields: "FieldsData"
    InternalStreamingException: "InternalStreamingException"


class Import(TypedDict, total=False):
    importId: str
    importSourceArn: str
    importStatus: str
    importDestinationArn: str
    importStatistics: "ImportStatistics"
    importFilter: "ImportFilter"
    creationTime: int
    lastUpdatedTime: int
    errorMessage: str


class ImportBatch(TypedDict, total=False):
    batchId: Required[str]
    status: Required[str]
    errorMessage: str


class ImportFilter(TypedDict, total=False):
    startEventTime: int
    endEventTime: int


class ImportStatistics(TypedDict, total=False):
    bytesImported: int


class IndexPolicy(TypedDict, total=False):
    logGroupIdentifier: str
    lastUpdateTime: int
    policyDocument: str
    policyName: str
    source: str


class InputLogEvent(TypedDict, total=False):
    timestamp: Required[int]
    message: Required[str]


class IntegrationDetails(TypedDict, total=False):
    openSearchIntegrationDetails: "OpenSearchIntegrationDetails"


class IntegrationSummary(TypedDict, total=False):
    integrationName: str
    integrationType: str
    integrationStatus: str


class LogFieldsListItem(TypedDict, total=False):
    logFieldName: str
    logFieldType: "LogFieldType"


class LogGroup(TypedDict, total=False):
    logGroupName: str
    creationTime: int
    retentionInDays: int
    metricFilterCount: int
    arn: str
    storedBytes: int
    kmsKeyId: str
    dataProtectionStatus: str
    inheritedProperties: list[str]
    logGroupClass: str
    logGroupArn: str
    deletionProtectionEnabled: bool
    bearerTokenAuthenticationEnabled: bool
    retentionPolicyName: str


class LogGroupField(TypedDict, total=False):
    name: str
    percent: int


class LogGroupSummary(TypedDict, total=False):
    logGroupName: str
    logGroupArn: str
    logGroupClass: str


class LogStream(TypedDict, total=False):
    logStreamName: str
    creationTime: int
    firstEventTimestamp: int
    lastEventTimestamp: int
    lastIngestionTime: int
    uploadSequenceToken: str
    arn: str
    storedBytes: int


class LookupTable(TypedDict, total=False):
    lookupTableArn: str
    lookupTableName: str
    description: str
    tableFields: list[str]
    recordsCount: int
    sizeBytes: int
    lastUpdatedTime: int
    kmsKeyId: str


class MetricFilter(TypedDict, total=False):
    filterName: str
    filterPattern: str
    metricTransformations: list["MetricTransformation"]
    creationTime: int
    logGroupName: str
    applyOnTransformedLogs: bool
    fieldSelectionCriteria: str
    emitSystemFieldDimensions: list[str]


class MetricFilterMatchRecord(TypedDict, total=False):
    eventNumber: int
    eventMessage: str
    extractedValues: dict[str, str]


class MetricTransformation(TypedDict, total=False):
    metricName: Required[str]
    metricNamespace: Required[str]
    metricValue: Required[str]
    defaultValue: float
    dimensions: dict[str, str]
    unit: str


class OutputLogEvent(TypedDict, total=False):
    timestamp: int
    message: str
    ingestionTime: int


class Policy(TypedDict, total=False):
    deliveryDestinationPolicy: str


class Processor(TypedDict, total=False):
    addKeys: "AddKeys"
    copyValue: "CopyValue"
    csv: "CSV"
    dateTimeConverter: "DateTimeConverter"
    deleteKeys: "DeleteKeys"
    grok: "Grok"
    listToMap: "ListToMap"
    lowerCaseString: "LowerCaseString"
    moveKeys: "MoveKeys"
    parseCloudfront: "ParseCloudfront"
    parseJSON: "ParseJSON"
    parseKeyValue: "ParseKeyValue"
    parseRoute53: "ParseRoute53"
    parseToOCSF: "ParseToOCSF"
    parsePostgres: "ParsePostgres"
    parseVPC: "ParseVPC"
    parseWAF: "ParseWAF"
    renameKeys: "RenameKeys"
    splitString: "SplitString"
    substituteString: "SubstituteString"
    trimString: "TrimString"
    typeConverter: "TypeConverter"
    upperCaseString: "UpperCaseString"


class QueryDefinition(TypedDict, total=False):
    queryLanguage: str
    queryDefinitionId: str
    name: str
    queryString: str
    lastModified: int
    logGroupNames: list[str]
    parameters: list["QueryParameter"]


class QueryInfo(TypedDict, total=False):
    queryLanguage: str
    queryId: str
    queryString: str
    status: str
    createTime: int
    logGroupName: str
    queryDuration: int
    bytesScanned: float
    userIdentity: str


class QueryParameter(TypedDict, total=False):
    name: Required[str]
    defaultValue: str
    description: str


class QueryStatistics(TypedDict, total=False):
    recordsMatched: float
    recordsScanned: float
    estimatedRecordsSkipped: float
    bytesScanned: float
    estimatedBytesSkipped: float
    logGroupsScanned: float
    resultCount: float


class RejectedEntityInfo(TypedDict, total=False):
    errorType: Required[str]


class RejectedLogEventsInfo(TypedDict, total=False):
    tooNewLogEventStartIndex: int
    tooOldLogEventEndIndex: int
    expiredLogEventEndIndex: int


class ResourceConfig(TypedDict, total=False):
    openSearchResourceConfig: "OpenSearchResourceConfig"


class ResourcePolicy(TypedDict, total=False):
    policyName: str
    policyDocument: str
    lastUpdatedTime: int
    policyScope: str
    resourceArn: str
    revisionId: str


class ResultField(TypedDict, total=False):
    field: str
    value: str


class S3DeliveryConfiguration(TypedDict, total=False):
    suffixPath: str
    enableHiveCompatiblePath: bool


class S3TableIntegrationSource(TypedDict, total=False):
    identifier: str
    dataSource: "DataSource"
    status: str
    statusReason: str
    createdTimeStamp: int
    parentSourceIdentifier: str


class ScheduledQuerySummary(TypedDict, total=False):
    scheduledQueryArn: str
    name: str
    state: str
    scheduleType: str
    lastTriggeredTime: int
    lastExecutionStatus: str
    scheduleExpression: str
    timezone: str
    destinationConfiguration: "DestinationConfiguration"
    creationTime: int
    lastUpdatedTime: int


class SearchedLogStream(TypedDict, total=False):
    logStreamName: str
    searchedCompletely: bool


class StartLiveTailResponseStream(TypedDict, total=False):
    sessionStart: "LiveTailSessionStart"
    sessionUpdate: "LiveTailSessionUpdate"
    SessionTimeoutException: "SessionTimeoutException"
    SessionStreamingException: "SessionStreamingException"


class SubscriptionFilter(TypedDict, total=False):
    filterName: str
    logGroupName: str
    filterPattern: str
    destinationArn: str
    roleArn: str
    distribution: str
    applyOnTransformedLogs: bool
    creationTime: int
    fieldSelectionCriteria: str
    emitSystemFields: list[str]


class SuppressionPeriod(TypedDict, total=False):
    value: int
    suppressionUnit: str


class SyslogConfiguration(TypedDict, total=False):
    logGroupArn: str
    sourceType: str
    vpcEndpointId: str
    createdAt: int


class TagFilter(TypedDict, total=False):
    key: Required[str]
    values: list[str]


class TransformedLogRecord(TypedDict, total=False):
    eventNumber: int
    eventMessage: str
    transformedEventMessage: str


class TriggerHistoryRecord(TypedDict, total=False):
    queryId: str
    executionStatus: str
    triggeredTimestamp: int
    errorMessage: str
    destinations: list["ScheduledQueryDestination"]


class AddKeys(TypedDict, total=False):
    entries: Required[list["AddKeyEntry"]]


class CSV(TypedDict, total=False):
    quoteCharacter: str
    delimiter: str
    columns: list[str]
    source: str
    destination: str


class ConfigurationTemplateDeliveryConfigValues(TypedDict, total=False):
    recordFields: list[str]
    fieldDelimiter: str
    s3DeliveryConfiguration: "S3DeliveryConfiguration"


class CopyValue(TypedDict, total=False):
    entries: Required[list["CopyValueEntry"]]


class DateTimeConverter(TypedDict, total=False):
    source: Required[str]
    target: Required[str]
    targetFormat: str
    matchPatterns: Required[list[str]]
    sourceTimezone: str
    targetTimezone: str
    locale: str


class DeleteKeys(TypedDict, total=False):
    withKeys: Required[list[str]]


class DeliverySourceConfigurationSchema(TypedDict, total=False):
    keyName: Required[str]
    valueType: Required[str]
    defaultValue: Required[str]
    supportedValues: list[str]
    minValue: float
    maxValue: float


class ExportTaskExecutionInfo(TypedDict, total=False):
    creationTime: int
    completionTime: int


class ExportTaskStatus(TypedDict, total=False):
    code: str
    message: str


class FieldsData(TypedDict, total=False):
    data: bytes


class Grok(TypedDict, total=False):
    source: str
    match: Required[str]


class GroupingIdentifier(TypedDict, total=False):
    key: str
    value: str


class InternalStreamingException(TypedDict, total=False):
    message: str


class ListToMap(TypedDict, total=False):
    source: Required[str]
    key: Required[str]
    valueKey: str
    target: str
    flatten: bool
    flattenedElement: str


class LiveTailSessionStart(TypedDict, total=False):
    requestId: str
    sessionId: str
    logGroupIdentifiers: list[str]
    logStreamNames: list[str]
    logStreamNamePrefixes: list[str]
    logEventFilterPattern: str


class LiveTailSessionUpdate(TypedDict, total=False):
    sessionMetadata: "LiveTailSessionMetadata"
    sessionResults: list["LiveTailSessionLogEvent"]


class LogEvent(TypedDict, total=False):
    timestamp: int
    message: str


class LogFieldType(TypedDict, total=False):
    type: str
    element: "LogFieldType"
    fields: list["LogFieldsListItem"]


class LogGroupImpact(TypedDict, total=False):
    logGroupName: str
    currentRetention: str
    proposedRetention: str
    storedBytes: int


class LookupTableConfiguration(TypedDict, total=False):
    tableName: Required[str]
    roleArn: Required[str]
    description: str
    kmsKeyId: str
    tags: dict[str, str]


class LowerCaseString(TypedDict, total=False):
    withKeys: Required[list[str]]


class MoveKeys(TypedDict, total=False):
    entries: Required[list["MoveKeyEntry"]]


class OpenSearchIntegrationDetails(TypedDict, total=False):
    dataSource: "OpenSearchDataSource"
    application: "OpenSearchApplication"
    collection: "OpenSearchCollection"
    workspace: "OpenSearchWorkspace"
    encryptionPolicy: "OpenSearchEncryptionPolicy"
    networkPolicy: "OpenSearchNetworkPolicy"
    accessPolicy: "OpenSearchDataAccessPolicy"
    lifecyclePolicy: "OpenSearchLifecyclePolicy"


class OpenSearchResourceConfig(TypedDict, total=False):
    kmsKeyArn: str
    dataSourceRoleArn: Required[str]
    dashboardViewerPrincipals: Required[list[str]]
    applicationArn: str
    retentionDays: Required[int]


class ParseCloudfront(TypedDict, total=False):
    source: str


class ParseJSON(TypedDict, total=False):
    source: str
    destination: str


class ParseKeyValue(TypedDict, total=False):
    source: str
    destination: str
    fieldDelimiter: str
    keyValueDelimiter: str
    keyPrefix: str
    nonMatchValue: str
    overwriteIfExists: bool


class ParsePostgres(TypedDict, total=False):
    source: str


class ParseRoute53(TypedDict, total=False):
    source: str


class ParseToOCSF(TypedDict, total=False):
    source: str
    eventSource: Required[str]
    ocsfVersion: Required[str]
    mappingVersion: str


class ParseVPC(TypedDict, total=False):
    source: str


class ParseWAF(TypedDict, total=False):
    source: str


class PatternToken(TypedDict, total=False):
    dynamicTokenPosition: int
    isDynamic: bool
    tokenString: str
    enumerations: dict[str, int]
    inferredTokenName: str


class RecordField(TypedDict, total=False):
    name: str
    mandatory: bool


class RenameKeys(TypedDict, total=False):
    entries: Required[list["RenameKeyEntry"]]


class S3Configuration(TypedDict, total=False):
    destinationIdentifier: Required[str]
    roleArn: Required[str]
    ownerAccountId: str
    kmsKeyId: str


class S3TablesIntegration(TypedDict, total=False):
    datasourceName: str
    datasourceType: str


class ScheduledQueryDestination(TypedDict, total=False):
    destinationType: str
    destinationIdentifier: str
    status: str
    processedIdentifier: str
    errorMessage: str


class SessionStreamingException(TypedDict, total=False):
    message: str


class SessionTimeoutException(TypedDict, total=False):
    message: str


class SplitString(TypedDict, total=False):
    entries: Required[list["SplitStringEntry"]]


class SubstituteString(TypedDict, total=False):
    entries: Required[list["SubstituteStringEntry"]]


class TrimString(TypedDict, total=False):
    withKeys: Required[list[str]]


class TypeConverter(TypedDict, total=False):
    entries: Required[list["TypeConverterEntry"]]


class UpperCaseString(TypedDict, total=False):
    withKeys: Required[list[str]]


class AddKeyEntry(TypedDict, total=False):
    key: Required[str]
    value: Required[str]
    overwriteIfExists: bool


class CopyValueEntry(TypedDict, total=False):
    source: Required[str]
    target: Required[str]
    overwriteIfExists: bool


class LiveTailSessionLogEvent(TypedDict, total=False):
    logStreamName: str
    logGroupIdentifier: str
    message: str
    timestamp: int
    ingestionTime: int


class LiveTailSessionMetadata(TypedDict, total=False):
    sampled: bool


class MoveKeyEntry(TypedDict, total=False):
    source: Required[str]
    target: Required[str]
    overwriteIfExists: bool


class OpenSearchApplication(TypedDict, total=False):
    applicationEndpoint: str
    applicationArn: str
    applicationId: str
    status: "OpenSearchResourceStatus"


class OpenSearchCollection(TypedDict, total=False):
    collectionEndpoint: str
    collectionArn: str
    status: "OpenSearchResourceStatus"


class OpenSearchDataAccessPolicy(TypedDict, total=False):
    policyName: str
    status: "OpenSearchResourceStatus"


class OpenSearchDataSource(TypedDict, total=False):
    dataSourceName: str
    status: "OpenSearchResourceStatus"


class OpenSearchEncryptionPolicy(TypedDict, total=False):
    policyName: str
    status: "OpenSearchResourceStatus"


class OpenSearchLifecyclePolicy(TypedDict, total=False):
    policyName: str
    status: "OpenSearchResourceStatus"


class OpenSearchNetworkPolicy(TypedDict, total=False):
    policyName: str
    status: "OpenSearchResourceStatus"


class OpenSearchWorkspace(TypedDict, total=False):
    workspaceId: str
    status: "OpenSearchResourceStatus"


class RenameKeyEntry(TypedDict, total=False):
    key: Required[str]
    renameTo: Required[str]
    overwriteIfExists: bool


class SplitStringEntry(TypedDict, total=False):
    source: Required[str]
    delimiter: Required[str]


SubstituteStringEntry = TypedDict('SubstituteStringEntry', {'source': Required[str], 'from': Required[str], 'to': Required[str]}, total=False)


class TypeConverterEntry(TypedDict, total=False):
    key: Required[str]
    type: Required[str]


class OpenSearchResourceStatus(TypedDict, total=False):
    status: str
    statusMessage: str


class AccessDeniedExceptionError(ModelledError):
    code = "AccessDeniedException"


class ConflictExceptionError(ModelledError):
    code = "ConflictException"


class DataAlreadyAcceptedExceptionError(ModelledError):
    code = "DataAlreadyAcceptedException"


class InternalServerExceptionError(ModelledError):
    code = "InternalServerException"


class InternalStreamingExceptionError(ModelledError):
    code = "InternalStreamingException"


class InvalidOperationExceptionError(ModelledError):
    code = "InvalidOperationException"


class InvalidParameterExceptionError(ModelledError):
    code = "InvalidParameterException"


class InvalidSequenceTokenExceptionError(ModelledError):
    code = "InvalidSequenceTokenException"


class LimitExceededExceptionError(ModelledError):
    code = "LimitExceededException"


class MalformedQueryExceptionError(ModelledError):
    code = "MalformedQueryException"


class OperationAbortedExceptionError(ModelledError):
    code = "OperationAbortedException"


class ResourceAlreadyExistsExceptionError(ModelledError):
    code = "ResourceAlreadyExistsException"


class ResourceNotFoundExceptionError(ModelledError):
    code = "ResourceNotFoundException"


class ServiceQuotaExceededExceptionError(ModelledError):
    code = "ServiceQuotaExceededException"


class ServiceUnavailableExceptionError(ModelledError):
    code = "ServiceUnavailableException"


class SessionStreamingExceptionError(ModelledError):
    code = "SessionStreamingException"


class SessionTimeoutExceptionError(ModelledError):
    code = "SessionTimeoutException"


class ThrottlingExceptionError(ModelledError):
    code = "ThrottlingException"


class TooManyTagsExceptionError(ModelledError):
    code = "TooManyTagsException"


class UnrecognizedClientExceptionError(ModelledError):
    code = "UnrecognizedClientException"


class ValidationExceptionError(ModelledError):
    code = "ValidationException"
