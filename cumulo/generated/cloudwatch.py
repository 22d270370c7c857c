"""Wire types of Amazon CloudWatch, generated from botocore's model: do not edit.

Regenerate with `python -m cumulo.codegen`.
"""

from datetime import datetime

from typing import Required, TypedDict

from cumulo.core.errors import ModelledError

OPERATIONS = ('AssociateDatasetKmsKey', 'CreateResourceMetricsConfiguration', 'DeleteAlarmMuteRule', 'DeleteAlarms', 'DeleteAnomalyDetector', 'DeleteDashboards', 'DeleteInsightRules', 'DeleteMetricDataQueryDefinition', 'DeleteMetricStream', 'DeleteResourceMetricsConfiguration', 'DescribeAlarmContributors', 'DescribeAlarmHistory', 'DescribeAlarms', 'DescribeAlarmsForMetric', 'DescribeAnomalyDetectors', 'DescribeInsightRules', 'DisableAlarmActions', 'DisableInsightRules', 'DisassociateDatasetKmsKey', 'EnableAlarmActions', 'EnableInsightRules', 'GetAlarmMuteRule', 'GetDashboard', 'GetDataset', 'GetInsightRuleReport', 'GetMetricData', 'GetMetricDataQueryDefinition', 'GetMetricStatistics', 'GetMetricStream', 'GetMetricWidgetImage', 'GetOTelEnrichment', 'GetResourceMetricsConfiguration', 'ListAlarmMuteRules', 'ListDashboards', 'ListManagedInsightRules', 'ListMetricDataQueryDefinitions', 'ListMetricStreams', 'ListMetrics', 'ListTagsForResource', 'PutAlarmMuteRule', 'PutAnomalyDetector', 'PutCompositeAlarm', 'PutDashboard', 'PutInsightRule', 'PutLogAlarm', 'PutManagedInsightRules', 'PutMetricAlarm', 'PutMetricData', 'PutMetricDataQueryDefinition', 'PutMetricStream', 'SetAlarmState', 'StartMetricStreams', 'StartOTelEnrichment', 'StopMetricStreams', 'StopOTelEnrichment', 'TagResource', 'UntagResource', 'UpdateOTelEnrichment', 'UpdateResourceMetricsConfiguration')


class AssociateDatasetKmsKeyInput(TypedDict, total=False):
    DatasetIdentifier: Required[str]
    KmsKeyArn: Required[str]


class AssociateDatasetKmsKeyOutput(TypedDict, total=False):
    pass


class CreateResourceMetricsConfigurationInput(TypedDict, total=False):
    ResourceArn: Required[str]
    MetricSelections: list["ResourceMetricSelection"]


class CreateResourceMetricsConfigurationOutput(TypedDict, total=False):
    ResourceMetricsConfiguration: Required["ResourceMetricsConfiguration"]


class DeleteAlarmMuteRuleInput(TypedDict, total=False):
    AlarmMuteRuleName: Required[str]


class DeleteAlarmsInput(TypedDict, total=False):
    AlarmNames: Required[list[str]]


class DeleteAnomalyDetectorInput(TypedDict, total=False):
    AnomalyDetectorId: str
    Namespace: str
    MetricName: str
    Dimensions: list["Dimension"]
    Stat: str
    SingleMetricAnomalyDetector: "SingleMetricAnomalyDetector"
    MetricMathAnomalyDetector: "MetricMathAnomalyDetector"


class DeleteAnomalyDetectorOutput(TypedDict, total=False):
    pass


class DeleteDashboardsInput(TypedDict, total=False):
    DashboardNames: Required[list[str]]


class DeleteDashboardsOutput(TypedDict, total=False):
    pass


class DeleteInsightRulesInput(TypedDict, total=False):
    RuleNames: Required[list[str]]


class DeleteInsightRulesOutput(TypedDict, total=False):
    Failures: list["PartialFailure"]


class DeleteMetricDataQueryDefinitionInput(TypedDict, total=False):
    Id: Required[str]


class DeleteMetricDataQueryDefinitionOutput(TypedDict, total=False):
    pass


class DeleteMetricStreamInput(TypedDict, total=False):
    Name: Required[str]


class DeleteMetricStreamOutput(TypedDict, total=False):
    pass


class DeleteResourceMetricsConfigurationInput(TypedDict, total=False):
    ResourceArn: Required[str]


class DeleteResourceMetricsConfigurationOutput(TypedDict, total=False):
    pass


class DescribeAlarmContributorsInput(TypedDict, total=False):
    AlarmName: Required[str]
    NextToken: str


class DescribeAlarmContributorsOutput(TypedDict, total=False):
    AlarmContributors: Required[list["AlarmContributor"]]
    NextToken: str


class DescribeAlarmHistoryInput(TypedDict, total=False):
    AlarmName: str
    AlarmContributorId: str
    AlarmTypes: list[str]
    HistoryItemType: str
    StartDate: datetime
    EndDate: datetime
    MaxRecords: int
    NextToken: str
    ScanBy: str


class DescribeAlarmHistoryOutput(TypedDict, total=False):
    AlarmHistoryItems: list["AlarmHistoryItem"]
    NextToken: str


class DescribeAlarmsForMetricInput(TypedDict, total=False):
    MetricName: Required[str]
    Namespace: Required[str]
    Statistic: str
    ExtendedStatistic: str
    Dimensions: list["Dimension"]
    Period: int
    Unit: str


class DescribeAlarmsForMetricOutput(TypedDict, total=False):
    MetricAlarms: list["MetricAlarm"]


class DescribeAlarmsInput(TypedDict, total=False):
    AlarmNames: list[str]
    AlarmNamePrefix: str
    AlarmTypes: list[str]
    ChildrenOfAlarmName: str
    ParentsOfAlarmName: str
    StateValue: str
    ActionPrefix: str
    MaxRecords: int
    NextToken: str


class DescribeAlarmsOutput(TypedDict, total=False):
    CompositeAlarms: list["CompositeAlarm"]
    MetricAlarms: list["MetricAlarm"]
    LogAlarms: list["LogAlarm"]
    NextToken: str


class DescribeAnomalyDetectorsInput(TypedDict, total=False):
    AnomalyDetectorIds: list[str]
    NextToken: str
    MaxResults: int
    Namespace: str
    MetricName: str
    Dimensions: list["Dimension"]
    AnomalyDetectorTypes: list[str]


class DescribeAnomalyDetectorsOutput(TypedDict, total=False):
    AnomalyDetectors: list["AnomalyDetector"]
    NextToken: str


class DescribeInsightRulesInput(TypedDict, total=False):
    NextToken: str
    MaxResults: int


class DescribeInsightRulesOutput(TypedDict, total=False):
    NextToken: str
    InsightRules: list["InsightRule"]


class DisableAlarmActionsInput(TypedDict, total=False):
    AlarmNames: Required[list[str]]


class DisableInsightRulesInput(TypedDict, total=False):
    RuleNames: Required[list[str]]


class DisableInsightRulesOutput(TypedDict, total=False):
    Failures: list["PartialFailure"]


class DisassociateDatasetKmsKeyInput(TypedDict, total=False):
    DatasetIdentifier: Required[str]


class DisassociateDatasetKmsKeyOutput(TypedDict, total=False):
    pass


class EnableAlarmActionsInput(TypedDict, total=False):
    AlarmNames: Required[list[str]]


class EnableInsightRulesInput(TypedDict, total=False):
    RuleNames: Required[list[str]]


class EnableInsightRulesOutput(TypedDict, total=False):
    Failures: list["PartialFailure"]


class GetAlarmMuteRuleInput(TypedDict, total=False):
    AlarmMuteRuleName: Required[str]


class GetAlarmMuteRuleOutput(TypedDict, total=False):
    Name: str
    AlarmMuteRuleArn: str
    Description: str
    Rule: "Rule"
    MuteTargets: "MuteTargets"
    StartDate: datetime
    ExpireDate: datetime
    Status: str
    LastUpdatedTimestamp: datetime
    MuteType: str


class GetDashboardInput(TypedDict, total=False):
    DashboardName: Required[str]


class GetDashboardOutput(TypedDict, total=False):
    DashboardArn: str
    DashboardBody: str
    DashboardName: str


class GetDatasetInput(TypedDict, total=False):
    DatasetIdentifier: Required[str]


class GetDatasetOutput(TypedDict, total=False):
    DatasetId: Required[str]
    Arn: Required[str]
    KmsKeyArn: str


class GetInsightRuleReportInput(TypedDict, total=False):
    RuleName: Required[str]
    StartTime: Required[datetime]
    EndTime: Required[datetime]
    Period: Required[int]
    MaxContributorCount: int
    Metrics: list[str]
    OrderBy: str


class GetInsightRuleReportOutput(TypedDict, total=False):
    KeyLabels: list[str]
    AggregationStatistic: str
    AggregateValue: float
    ApproximateUniqueCount: int
    Contributors: list["InsightRuleContributor"]
    MetricDatapoints: list["InsightRuleMetricDatapoint"]


class GetMetricDataInput(TypedDict, total=False):
    MetricDataQueries: Required[list["MetricDataQuery"]]
    StartTime: Required[datetime]
    EndTime: Required[datetime]
    NextToken: str
    ScanBy: str
    MaxDatapoints: int
    LabelOptions: "LabelOptions"


class GetMetricDataOutput(TypedDict, total=False):
    MetricDataResults: list["MetricDataResult"]
    NextToken: str
    Messages: list["MessageData"]


class GetMetricDataQueryDefinitionInput(TypedDict, total=False):
    Id: Required[str]


class GetMetricDataQueryDefinitionOutput(TypedDict, total=False):
    Id: Required[str]
    Arn: Required[str]
    Path: Required[str]
    Expression: Required[str]
    Type: Required[str]
    CreatedAt: Required[datetime]
    UpdatedAt: Required[datetime]


class GetMetricStatisticsInput(TypedDict, total=False):
    Namespace: Required[str]
    MetricName: Required[str]
    Dimensions: list["Dimension"]
    StartTime: Required[datetime]
    EndTime: Required[datetime]
    Period: Required[int]
    Statistics: list[str]
    ExtendedStatistics: list[str]
    Unit: str


class GetMetricStatisticsOutput(TypedDict, total=False):
    Label: str
    Datapoints: list["Datapoint"]


class GetMetricStreamInput(TypedDict, total=False):
    Name: Required[str]


class GetMetricStreamOutput(TypedDict, total=False):
    Arn: str
    Name: str
    IncludeFilters: list["MetricStreamFilter"]
    ExcludeFilters: list["MetricStreamFilter"]
    FirehoseArn: str
    RoleArn: str
    State: str
    CreationDate: datetime
    LastUpdateDate: datetime
    OutputFormat: str
    StatisticsConfigurations: list["MetricStreamStatisticsConfiguration"]
    IncludeLinkedAccountsMetrics: bool


class GetMetricWidgetImageInput(TypedDict, total=False):
    MetricWidget: Required[str]
    OutputFormat: str


class GetMetricWidgetImageOutput(TypedDict, total=False):
    MetricWidgetImage: bytes


class GetOTelEnrichmentInput(TypedDict, total=False):
    pass


class GetOTelEnrichmentOutput(TypedDict, total=False):
    Status: Required[str]
    IncludeFilters: list["OTelEnrichmentMetricSelector"]
    ExcludeFilters: list["OTelEnrichmentMetricSelector"]
    CreatedAt: datetime
    UpdatedAt: datetime


class GetResourceMetricsConfigurationInput(TypedDict, total=False):
    ResourceArn: Required[str]


class GetResourceMetricsConfigurationOutput(TypedDict, total=False):
    ResourceMetricsConfiguration: Required["ResourceMetricsConfiguration"]


class ListAlarmMuteRulesInput(TypedDict, total=False):
    AlarmName: str
    Statuses: list[str]
    MaxRecords: int
    NextToken: str


class ListAlarmMuteRulesOutput(TypedDict, total=False):
    AlarmMuteRuleSummaries: list["AlarmMuteRuleSummary"]
    NextToken: str


class ListDashboardsInput(TypedDict, total=False):
    DashboardNamePrefix: str
    NextToken: str


class ListDashboardsOutput(TypedDict, total=False):
    DashboardEntries: list["DashboardEntry"]
    NextToken: str


class ListManagedInsightRulesInput(TypedDict, total=False):
    ResourceARN: Required[str]
    NextToken: str
    MaxResults: int


class ListManagedInsightRulesOutput(TypedDict, total=False):
    ManagedRules: list["ManagedRuleDescription"]
    NextToken: str


class ListMetricDataQueryDefinitionsInput(TypedDict, total=False):
    MaxResults: int
    NextToken: str


class ListMetricDataQueryDefinitionsOutput(TypedDict, total=False):
    Items: Required[list["MetricDataQueryDefinitionSummary"]]
    NextToken: str


class ListMetricStreamsInput(TypedDict, total=False):
    NextToken: str
    MaxResults: int


class ListMetricStreamsOutput(TypedDict, total=False):
    NextToken: str
    Entries: list["MetricStreamEntry"]


class ListMetricsInput(TypedDict, total=False):
    Namespace: str
    MetricName: str
    Dimensions: list["DimensionFilter"]
    NextToken: str
    RecentlyActive: str
    IncludeLinkedAccounts: bool
    OwningAccount: str


class ListMetricsOutput(TypedDict, total=False):
    Metrics: list["Metric"]
    NextToken: str
    OwningAccounts: list[str]


class ListTagsForResourceInput(TypedDict, total=False):
    ResourceARN: Required[str]


class ListTagsForResourceOutput(TypedDict, total=False):
    Tags: list["Tag"]


class PutAlarmMuteRuleInput(TypedDict, total=False):
    Name: Required[str]
    Description: str
    Rule: Required["Rule"]
    MuteTargets: "MuteTargets"
    Tags: list["Tag"]
    StartDate: datetime
    ExpireDate: datetime


class PutAnomalyDetectorInput(TypedDict, total=False):
    Namespace: str
    MetricName: str
    Dimensions: list["Dimension"]
    Stat: str
    Configuration: "AnomalyDetectorConfiguration"
    MetricCharacteristics: "MetricCharacteristics"
    SingleMetricAnomalyDetector: "SingleMetricAnomalyDetector"
    MetricMathAnomalyDetector: "MetricMathAnomalyDetector"


class PutAnomalyDetectorOutput(TypedDict, total=False):
    AnomalyDetectorId: str


class PutCompositeAlarmInput(TypedDict, total=False):
    ActionsEnabled: bool
    AlarmActions: list[str]
    AlarmDescription: str
    AlarmName: Required[str]
    AlarmRule: Required[str]
    InsufficientDataActions: list[str]
    OKActions: list[str]
    Tags: list["Tag"]
    ActionsSuppressor: str
    ActionsSuppressorWaitPeriod: int
    ActionsSuppressorExtensionPeriod: int
    ActionConfiguration: "ActionConfiguration"


class PutDashboardInput(TypedDict, total=False):
    DashboardName: Required[str]
    DashboardBody: Required[str]
    Tags: list["Tag"]


class PutDashboardOutput(TypedDict, total=False):
    DashboardValidationMessages: list["DashboardValidationMessage"]


class PutInsightRuleInput(TypedDict, total=False):
    RuleName: Required[str]
    RuleState: str
    RuleDefinition: Required[str]
    Tags: list["Tag"]
    ApplyOnTransformedLogs: bool


class PutInsightRuleOutput(TypedDict, total=False):
    pass


class PutLogAlarmInput(TypedDict, total=False):
    AlarmName: Required[str]
    AlarmDescription: str
    ScheduledQueryConfiguration: Required["ScheduledQueryConfiguration"]
    ActionLogLineCount: int
    ActionLogLineRoleArn: str
    ActionsEnabled: bool
    OKActions: list[str]
    AlarmActions: list[str]
    InsufficientDataActions: list[str]
    QueryResultsToEvaluate: Required[int]
    QueryResultsToAlarm: Required[int]
    Threshold: Required[float]
    ComparisonOperator: Required[str]
    TreatMissingData: str
    Tags: list["Tag"]
    WarmUpConfiguration: "WarmUpConfiguration"
    ActionConfiguration: "ActionConfiguration"


class PutManagedInsightRulesInput(TypedDict, total=False):
    ManagedRules: Required[list["ManagedRule"]]


class PutManagedInsightRulesOutput(TypedDict, total=False):
    Failures: list["PartialFailure"]


class PutMetricAlarmInput(TypedDict, total=False):
    AlarmName: Required[str]
    AlarmDescription: str
    ActionsEnabled: bool
    OKActions: list[str]
    AlarmActions: list[str]
    InsufficientDataActions: list[str]
    MetricName: str
    Namespace: str
    Statistic: str
    ExtendedStatistic: str
    Dimensions: list["Dimension"]
    Period: int
    Unit: str
    EvaluationPeriods: int
    DatapointsToAlarm: int
    Threshold: float
    ComparisonOperator: str
    TreatMissingData: str
    EvaluateLowSampleCountPercentile: str
    Metrics: list["MetricDataQuery"]
    Tags: list["Tag"]
    ThresholdMetricId: str
    EvaluationWindow: "EvaluationWindow"
    WarmUpConfiguration: "WarmUpConfiguration"
    EvaluationCriteria: "EvaluationCriteria"
    EvaluationInterval: int
    ActionConfiguration: "ActionConfiguration"


class PutMetricDataInput(TypedDict, total=False):
    Namespace: Required[str]
    MetricData: list["MetricDatum"]
    EntityMetricData: list["EntityMetricData"]
    StrictEntityValidation: bool


class PutMetricDataQueryDefinitionInput(TypedDict, total=False):
    Id: str
    Path: Required[str]
    Expression: Required[str]
    Type: Required[str]
    Tags: list["Tag"]


class PutMetricDataQueryDefinitionOutput(TypedDict, total=False):
    Id: Required[str]
    Arn: Required[str]
    Path: Required[str]
    Expression: Required[str]
    Type: Required[str]
    CreatedAt: Required[datetime]
    UpdatedAt: Required[datetime]


class PutMetricStreamInput(TypedDict, total=False):
    Name: Required[str]
    IncludeFilters: list["MetricStreamFilter"]
    ExcludeFilters: list["MetricStreamFilter"]
    FirehoseArn: Required[str]
    RoleArn: Required[str]
    OutputFormat: Required[str]
    Tags: list["Tag"]
    StatisticsConfigurations: list["MetricStreamStatisticsConfiguration"]
    IncludeLinkedAccountsMetrics: bool


class PutMetricStreamOutput(TypedDict, total=False):
    Arn: str


class SetAlarmStateInput(TypedDict, total=False):
    AlarmName: Required[str]
    StateValue: Required[str]
    StateReason: Required[str]
    StateReasonData: str


class StartMetricStreamsInput(TypedDict, total=False):
    Names: Required[list[str]]


class StartMetricStreamsOutput(TypedDict, total=False):
    pass


class StartOTelEnrichmentInput(TypedDict, total=False):
    IncludeFilters: list["OTelEnrichmentMetricSelector"]
    ExcludeFilters: list["OTelEnrichmentMetricSelector"]


class StartOTelEnrichmentOutput(TypedDict, total=False):
    IncludeFilters: list["OTelEnrichmentMetricSelector"]
    ExcludeFilters: list["OTelEnrichmentMetricSelector"]
    CreatedAt: datetime
    UpdatedAt: datetime


class StopMetricStreamsInput(TypedDict, total=False):
    Names: Required[list[str]]


class StopMetricStreamsOutput(TypedDict, total=False):
    pass


class StopOTelEnrichmentInput(TypedDict, total=False):
    pass


class StopOTelEnrichmentOutput(TypedDict, total=False):
    pass


class TagResourceInput(TypedDict, total=False):
    ResourceARN: Required[str]
    Tags: Required[list["Tag"]]


class TagResourceOutput(TypedDict, total=False):
    pass


class UntagResourceInput(TypedDict, total=False):
    ResourceARN: Required[str]
    TagKeys: Required[list[str]]


class UntagResourceOutput(TypedDict, total=False):
    pass


class UpdateOTelEnrichmentInput(TypedDict, total=False):
    IncludeFilters: list["OTelEnrichmentMetricSelector"]
    ExcludeFilters: list["OTelEnrichmentMetricSelector"]


class UpdateOTelEnrichmentOutput(TypedDict, total=False):
    IncludeFilters: list["OTelEnrichmentMetricSelector"]
    ExcludeFilters: list["OTelEnrichmentMetricSelector"]
    CreatedAt: datetime
    UpdatedAt: datetime


class UpdateResourceMetricsConfigurationInput(TypedDict, total=False):
    ResourceArn: Required[str]
    MetricSelections: list["ResourceMetricSelection"]


class UpdateResourceMetricsConfigurationOutput(TypedDict, total=False):
    ResourceMetricsConfiguration: Required["ResourceMetricsConfiguration"]


class ActionConfiguration(TypedDict, total=False):
    AlarmTagsPropagation: "AlarmTagsPropagation"


class AlarmContributor(TypedDict, total=False):
    ContributorId: Required[str]
    ContributorAttributes: Required[dict[str, str]]
    StateReason: Required[str]
    StateTransitionedTimestamp: datetime


class AlarmHistoryItem(TypedDict, total=False):
    AlarmName: str
    AlarmContributorId: str
    AlarmType: str
    Timestamp: datetime
    HistoryItemType: str
    HistorySummary: str
    HistoryData: str
    AlarmContributorAttributes: dict[str, str]


class AlarmMuteRuleSummary(TypedDict, total=False):
    AlarmMuteRuleArn: str
    ExpireDate: datetime
    Status: str
    MuteType: str
    LastUpdatedTimestamp: datetime


class AnomalyDetector(TypedDict, total=False):
    AnomalyDetectorId: str
    Namespace: str
    MetricName: str
    Dimensions: list["Dimension"]
    Stat: str
    Configuration: "AnomalyDetectorConfiguration"
    StateValue: str
    MetricCharacteristics: "MetricCharacteristics"
    SingleMetricAnomalyDetector: "SingleMetricAnomalyDetector"
    MetricMathAnomalyDetector: "MetricMathAnomalyDetector"


class AnomalyDetectorConfiguration(TypedDict, total=False):
    ExcludedTimeRanges: list["Range"]
    MetricTimezone: str
    AdaptationSpeed: str
    OutlierFilteringStrength: str


class CompositeAlarm(TypedDict, total=False):
    ActionsEnabled: bool
    AlarmActions: list[str]
    AlarmArn: str
    AlarmConfigurationUpdatedTimestamp: datetime
    AlarmDescription: str
    AlarmName: str
    AlarmRule: str
    InsufficientDataActions: list[str]
    OKActions: list[str]
    StateReason: str
    StateReasonData: str
    StateUpdatedTimestamp: datetime
    StateValue: str
    StateTransitionedTimestamp: datetime
    ActionsSuppressedBy: str
    ActionsSuppressedReason: str
    ActionsSuppressor: str
    ActionsSuppressorWaitPeriod: int
    ActionsSuppressorExtensionPeriod: int
    ActionConfiguration: "ActionConfiguration"


class DashboardEntry(TypedDict, total=False):
    DashboardName: str
    DashboardArn: str
    LastModified: datetime
    Size: int


class DashboardValidationMessage(TypedDict, total=False):
    DataPath: str
    Message: str


class Datapoint(TypedDict, total=False):
    Timestamp: datetime
    SampleCount: float
    Average: float
    Sum: float
    Minimum: float
    Maximum: float
    Unit: str
    ExtendedStatistics: dict[str, float]


class Dimension(TypedDict, total=False):
    Name: Required[str]
    Value: Required[str]


class DimensionFilter(TypedDict, total=False):
    Name: Required[str]
    Value: str


class EntityMetricData(TypedDict, total=False):
    Entity: "Entity"
    MetricData: list["MetricDatum"]


class EvaluationCriteria(TypedDict, total=False):
    PromQLCriteria: "AlarmPromQLCriteria"


class EvaluationWindow(TypedDict, total=False):
    WallClockWindow: "WallClockWindow"
    SlidingWindow: "SlidingWindow"


class InsightRule(TypedDict, total=False):
    Name: Required[str]
    State: Required[str]
    Schema: Required[str]
    Definition: Required[str]
    ManagedRule: bool
    ApplyOnTransformedLogs: bool


class InsightRuleContributor(TypedDict, total=False):
    Keys: Required[list[str]]
    ApproximateAggregateValue: Required[float]
    Datapoints: Required[list["InsightRuleContributorDatapoint"]]


class InsightRuleMetricDatapoint(TypedDict, total=False):
    Timestamp: Required[datetime]
    UniqueContributors: float
    MaxContributorValue: float
    SampleCount: float
    Average: float
    Sum: float
    Minimum: float
    Maximum: float


class LabelOptions(TypedDict, total=False):
    Timezone: str


class LogAlarm(TypedDict, total=False):
    AlarmName: str
    AlarmArn: str
    AlarmDescription: str
    AlarmConfigurationUpdatedTimestamp: datetime
    ActionsEnabled: bool
    OKActions: list[str]
    AlarmActions: list[str]
    InsufficientDataActions: list[str]
    StateValue: str
    StateReason: str
    StateReasonData: str
    StateUpdatedTimestamp: datetime
    ScheduledQueryConfiguration: "ScheduledQueryConfiguration"
    QueryResultsToEvaluate: int
    QueryResultsToAlarm: int
    Threshold: float
    ComparisonOperator: str
    TreatMissingData: str
    StateTransitionedTimestamp: datetime
    EvaluationState: str
    ActionLogLineCount: int
    ActionLogLineRoleArn: str
    WarmUpConfiguration: "WarmUpConfiguration"
    ActionConfiguration: "ActionConfiguration"


class ManagedRule(TypedDict, total=False):
    TemplateName: Required[str]
    ResourceARN: Required[str]
    Tags: list["Tag"]


class ManagedRuleDescription(TypedDict, total=False):
    TemplateName: str
    ResourceARN: str
    RuleState: "ManagedRuleState"


class MessageData(TypedDict, total=False):
    Code: str
    Value: str


class Metric(TypedDict, total=False):
    Namespace: str
    MetricName: str
    Dimensions: list["Dimension"]


class MetricAlarm(TypedDict, total=False):
    AlarmName: str
    AlarmArn: str
    AlarmDescription: str
    AlarmConfigurationUpdatedTimestamp: datetime
    ActionsEnabled: bool
    OKActions: list[str]
    AlarmActions: list[str]
    InsufficientDataActions: list[str]
    StateValue: str
    StateReason: str
    StateReasonData: str
    StateUpdatedTimestamp: datetime
    MetricName: str
    Namespace: str
    Statistic: str
    ExtendedStatistic: str
    Dimensions: list["Dimension"]
    Period: int
    Unit: str
    EvaluationPeriods: int
    DatapointsToAlarm: int
    Threshold: float
    ComparisonOperator: str
    TreatMissingData: str
    EvaluateLowSampleCountPercentile: str
    Metrics: list["MetricDataQuery"]
    ThresholdMetricId: str
    EvaluationState: str
    StateTransitionedTimestamp: datetime
    EvaluationWindow: "EvaluationWindow"
    WarmUpConfiguration: "WarmUpConfiguration"
    EvaluationCriteria: "EvaluationCriteria"
    EvaluationInterval: int
    ActionConfiguration: "ActionConfiguration"


class MetricCharacteristics(TypedDict, total=False):
    PeriodicSpikes: bool


class MetricDataQuery(TypedDict, total=False):
    Id: Required[str]
    MetricStat: "MetricStat"
    Expression: str
    Label: str
    ReturnData: bool
    Period: int
    AccountId: str


class MetricDataQueryDefinitionSummary(TypedDict, total=False):
    Id: Required[str]
    Path: Required[str]
    Type: Required[str]
    UpdatedAt: datetime


class MetricDataResult(TypedDict, total=False):
    Id: str
    Label: str
    Timestamps: list[datetime]
    Values: list[float]
    StatusCode: str
    Messages: list["MessageData"]


class MetricDatum(TypedDict, total=False):
    MetricName: Required[str]
    Dimensions: list["Dimension"]
    Timestamp: datetime
    Value: float
    StatisticValues: "StatisticSet"
    Values: list[float]
    Counts: list[float]
    Unit: str
    StorageResolution: int


class MetricMathAnomalyDetector(TypedDict, total=False):
    MetricDataQueries: list["MetricDataQuery"]


class MetricStreamEntry(TypedDict, total=False):
    Arn: str
    CreationDate: datetime
    LastUpdateDate: datetime
    Name: str
    FirehoseArn: str
    State: str
    OutputFormat: str


class MetricStreamFilter(TypedDict, total=False):
    Namespace: str
    MetricNames: list[str]


class MetricStreamStatisticsConfiguration(TypedDict, total=False):
    IncludeMetrics: Required[list["MetricStreamStatisticsMetric"]]
    AdditionalStatistics: Required[list[str]]


class MuteTargets(TypedDict, total=False):
    AlarmNames: Required[list[str]]


class OTelEnrichmentMetricSelector(TypedDict, total=False):
    Namespace: Required[str]
    MetricNames: list[str]


class PartialFailure(TypedDict, total=False):
    FailureResource: str
    ExceptionType: str
    FailureCode: str
    FailureDescription: str


class ResourceMetricSelection(TypedDict, total=False):
    IncludeMetrics: Required[list[str]]


class ResourceMetricsConfiguration(TypedDict, total=False):
    ResourceArn: Required[str]
    CreatedAt: Required[datetime]
    UpdatedAt: Required[datetime]
    MetricSelections: list["ResourceMetricSelection"]


class Rule(TypedDict, total=False):
    Schedule: Required["Schedule"]


class ScheduledQueryConfiguration(TypedDict, total=False):
    QueryString: Required[str]
    LogGroupIdentifiers: list[str]
    QueryARN: str
    ScheduledQueryRoleARN: Required[str]
    ScheduleConfiguration: Required["ScheduleConfiguration"]
    AggregationExpression: Required[str]
    Tags: list["Tag"]


class SingleMetricAnomalyDetector(TypedDict, total=False):
    AccountId: str
    Namespace: str
    MetricName: str
    Dimensions: list["Dimension"]
    Stat: str


class Tag(TypedDict, total=False):
    Key: Required[str]
    Value: Required[str]


class WarmUpConfiguration(TypedDict, total=False):
    WarmUpPeriodDurationInMinutes: Required[int]
    OnlyStartEvaluatingAfterWarmUpPeriodEnds: bool


class AlarmPromQLCriteria(TypedDict, total=False):
    Query: Required[str]
    PendingPeriod: int
    RecoveryPeriod: int


class AlarmTagsPropagation(TypedDict, total=False):
    Enabled: Required[bool]
    IncludedTagKeys: list[str]
    ExcludedTagKeys: list[str]


class Entity(TypedDict, total=False):
    KeyAttributes: dict[str, str]
    Attributes: dict[str, str]


class InsightRuleContributorDatapoint(TypedDict, total=False):
    Timestamp: Required[datetime]
    ApproximateValue: Required[float]


class ManagedRuleState(TypedDict, total=False):
    RuleName: Required[str]
    State: Required[str]


class MetricStat(TypedDict, total=False):
    Metric: Required["Metric"]
    Period: Required[int]
    Stat: Required[str]
    Unit: str


class MetricStreamStatisticsMetric(TypedDict, total=False):
    Namespace: Required[str]
    MetricName: Required[str]


class Range(TypedDict, total=False):
    StartTime: Required[datetime]
    EndTime: Required[datetime]


class Schedule(TypedDict, total=False):
    Expression: Required[str]
    Duration: Required[str]
    Timezone: str


class ScheduleConfiguration(TypedDict, total=False):
    ScheduleExpression: Required[str]
    StartTimeOffset: Required[int]
    EndTimeOffset: int


class SlidingWindow(TypedDict, total=False):
    pass


class StatisticSet(TypedDict, total=False):
    SampleCount: Required[float]
    Sum: Required[float]
    Minimum: Required[float]
    Maximum: Required[float]


class WallClockWindow(TypedDict, total=False):
    Timezone: str


class ConcurrentModificationExceptionError(ModelledError):
    code = "ConcurrentModificationException"
    status = 429


class ConflictExceptionError(ModelledError):
    code = "ConflictException"
    status = 409


class DashboardInvalidInputErrorError(ModelledError):
    code = "DashboardInvalidInputError"
    status = 400


class DashboardNotFoundErrorError(ModelledError):
    code = "DashboardNotFoundError"
    status = 404


class InternalServiceFaultError(ModelledError):
    code = "InternalServiceFault"
    status = 500


class InvalidFormatFaultError(ModelledError):
    code = "InvalidFormatFault"
    status = 400


class InvalidNextTokenError(ModelledError):
    code = "InvalidNextToken"
    status = 400


class InvalidParameterCombinationExceptionError(ModelledError):
    code = "InvalidParameterCombinationException"
    status = 400


class InvalidParameterValueExceptionError(ModelledError):
    code = "InvalidParameterValueException"
    status = 400


class KmsAccessDeniedExceptionError(ModelledError):
    code = "KmsAccessDeniedException"


class KmsKeyDisabledExceptionError(ModelledError):
    code = "KmsKeyDisabledException"


class KmsKeyNotFoundExceptionError(ModelledError):
    code = "KmsKeyNotFoundException"


class LimitExceededExceptionError(ModelledError):
    code = "LimitExceededException"
    status = 400


class LimitExceededFaultError(ModelledError):
    code = "LimitExceededFault"
    status = 400


class MissingRequiredParameterExceptionError(ModelledError):
    code = "MissingRequiredParameterException"
    status = 400


class ResourceConflictError(ModelledError):
    code = "ResourceConflict"
    status = 409


class ResourceNotFoundError(ModelledError):
    code = "ResourceNotFound"
    status = 404


class ResourceNotFoundExceptionError(ModelledError):
    code = "ResourceNotFoundException"
    status = 404


class ValidationExceptionError(ModelledError):
    code = "ValidationException"
    status = 400
