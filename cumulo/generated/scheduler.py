"""Wire types of Amazon EventBridge Scheduler, generated from botocore's model: do not edit.

Regenerate with `python -m cumulo.codegen`.
"""

from datetime import datetime

from typing import Required, TypedDict

from cumulo.core.errors import ModelledError

OPERATIONS = ('CreateSchedule', 'CreateScheduleGroup', 'DeleteSchedule', 'DeleteScheduleGroup', 'GetSchedule', 'GetScheduleGroup', 'ListScheduleGroups', 'ListSchedules', 'ListTagsForResource', 'TagResource', 'UntagResource', 'UpdateSchedule')


class CreateScheduleGroupInput(TypedDict, total=False):
    Name: Required[str]
    Tags: list["Tag"]
    ClientToken: str


class CreateScheduleGroupOutput(TypedDict, total=False):
    ScheduleGroupArn: Required[str]


class CreateScheduleInput(TypedDict, total=False):
    Name: Required[str]
    GroupName: str
    ScheduleExpression: Required[str]
    StartDate: datetime
    EndDate: datetime
    Description: str
    ScheduleExpressionTimezone: str
    State: str
    KmsKeyArn: str
    Target: Required["Target"]
    FlexibleTimeWindow: Required["FlexibleTimeWindow"]
    ClientToken: str
    ActionAfterCompletion: str


class CreateScheduleOutput(TypedDict, total=False):
    ScheduleArn: Required[str]


class DeleteScheduleGroupInput(TypedDict, total=False):
    Name: Required[str]
    ClientToken: str


class DeleteScheduleGroupOutput(TypedDict, total=False):
    pass


class DeleteScheduleInput(TypedDict, total=False):
    Name: Required[str]
    GroupName: str
    ClientToken: str


class DeleteScheduleOutput(TypedDict, total=False):
    pass


class GetScheduleGroupInput(TypedDict, total=False):
    Name: Required[str]


class GetScheduleGroupOutput(TypedDict, total=False):
    Arn: str
    Name: str
    State: str
    CreationDate: datetime
    LastModificationDate: datetime


class GetScheduleInput(TypedDict, total=False):
    Name: Required[str]
    GroupName: str


class GetScheduleOutput(TypedDict, total=False):
    Arn: str
    GroupName: str
    Name: str
    ScheduleExpression: str
    StartDate: datetime
    EndDate: datetime
    Description: str
    ScheduleExpressionTimezone: str
    State: str
    CreationDate: datetime
    LastModificationDate: datetime
    KmsKeyArn: str
    Target: "Target"
    FlexibleTimeWindow: "FlexibleTimeWindow"
    ActionAfterCompletion: str


class ListScheduleGroupsInput(TypedDict, total=False):
    NamePrefix: str
    NextToken: str
    MaxResults: int


class ListScheduleGroupsOutput(TypedDict, total=False):
    NextToken: str
    ScheduleGroups: Required[list["ScheduleGroupSummary"]]


class ListSchedulesInput(TypedDict, total=False):
    GroupName: str
    NamePrefix: str
    State: str
    NextToken: str
    MaxResults: int


class ListSchedulesOutput(TypedDict, total=False):
    NextToken: str
    Schedules: Required[list["ScheduleSummary"]]


class ListTagsForResourceInput(TypedDict, total=False):
    ResourceArn: Required[str]


class ListTagsForResourceOutput(TypedDict, total=False):
    Tags: list["Tag"]


class TagResourceInput(TypedDict, total=False):
    ResourceArn: Required[str]
    Tags: Required[list["Tag"]]


class TagResourceOutput(TypedDict, total=False):
    pass


class UntagResourceInput(TypedDict, total=False):
    ResourceArn: Required[str]
    TagKeys: Required[list[str]]


class UntagResourceOutput(TypedDict, total=False):
    pass


class UpdateScheduleInput(TypedDict, total=False):
    Name: Required[str]
    GroupName: str
    ScheduleExpression: Required[str]
    StartDate: datetime
    EndDate: datetime
    Description: str
    ScheduleExpressionTimezone: str
    State: str
    KmsKeyArn: str
    Target: Required["Target"]
    FlexibleTimeWindow: Required["FlexibleTimeWindow"]
    ClientToken: str
    ActionAfterCompletion: str


class UpdateScheduleOutput(TypedDict, total=False):
    ScheduleArn: Required[str]


class FlexibleTimeWindow(TypedDict, total=False):
    Mode: Required[str]
    MaximumWindowInMinutes: int


class ScheduleGroupSummary(TypedDict, total=False):
    Arn: str
    Name: str
    State: str
    CreationDate: datetime
    LastModificationDate: datetime


class ScheduleSummary(TypedDict, total=False):
    Arn: str
    Name: str
    GroupName: str
    State: str
    CreationDate: datetime
    LastModificationDate: datetime
    Target: "TargetSummary"


class Tag(TypedDict, total=False):
    Key: Required[str]
    Value: Required[str]


class Target(TypedDict, total=False):
    Arn: Required[str]
    RoleArn: Required[str]
    DeadLetterConfig: "DeadLetterConfig"
    RetryPolicy: "RetryPolicy"
    Input: str
    EcsParameters: "EcsParameters"
    EventBridgeParameters: "EventBridgeParameters"
    EventBridgePutEventsV2Parameters: "EventBridgePutEventsV2Parameters"
    EventBridgePutRawEventsParameters: "EventBridgePutRawEventsParameters"
    KinesisParameters: "KinesisParameters"
    SageMakerPipelineParameters: "SageMakerPipelineParameters"
    SqsParameters: "SqsParameters"


class DeadLetterConfig(TypedDict, total=False):
    Arn: str


class EcsParameters(TypedDict, total=False):
    TaskDefinitionArn: Required[str]
    TaskCount: int
    LaunchType: str
    NetworkConfiguration: "NetworkConfiguration"
    PlatformVersion: str
    Group: str
    CapacityProviderStrategy: list["CapacityProviderStrategyItem"]
    EnableECSManagedTags: bool
    EnableExecuteCommand: bool
    PlacementConstraints: list["PlacementConstraint"]
    PlacementStrategy: list["PlacementStrategy"]
    PropagateTags: str
    ReferenceId: str
    Tags: list[dict[str, str]]


class EventBridgeParameters(TypedDict, total=False):
    DetailType: Required[str]
    Source: Required[str]


class EventBridgePutEventsV2Parameters(TypedDict, total=False):
    DetailType: Required[str]
    Source: Required[str]


class EventBridgePutRawEventsParameters(TypedDict, total=False):
    Metadata: dict[str, str]


class KinesisParameters(TypedDict, total=False):
    PartitionKey: Required[str]


class RetryPolicy(TypedDict, total=False):
    MaximumEventAgeInSeconds: int
    MaximumRetryAttempts: int


class SageMakerPipelineParameters(TypedDict, total=False):
    PipelineParameterList: list["SageMakerPipelineParameter"]


class SqsParameters(TypedDict, total=False):
    MessageGroupId: str


class TargetSummary(TypedDict, total=False):
    Arn: Required[str]


class CapacityProviderStrategyItem(TypedDict, total=False):
    capacityProvider: Required[str]
    weight: int
    base: int


class NetworkConfiguration(TypedDict, total=False):
    awsvpcConfiguration: "AwsVpcConfiguration"


class PlacementConstraint(TypedDict, total=False):
    type: str
    expression: str


class PlacementStrategy(TypedDict, total=False):
    type: str
    field: str


class SageMakerPipelineParameter(TypedDict, total=False):
    Name: Required[str]
    Value: Required[str]


class AwsVpcConfiguration(TypedDict, total=False):
    Subnets: Required[list[str]]
    SecurityGroups: list[str]
    AssignPublicIp: str


class ConflictExceptionError(ModelledError):
    code = "ConflictException"
    status = 409


class InternalServerExceptionError(ModelledError):
    code = "InternalServerException"
    status = 500


class ResourceNotFoundExceptionError(ModelledError):
    code = "ResourceNotFoundException"
    status = 404


class ServiceQuotaExceededExceptionError(ModelledError):
    code = "ServiceQuotaExceededException"
    status = 402


class ThrottlingExceptionError(ModelledError):
    code = "ThrottlingException"
    status = 429


class ValidationExceptionError(ModelledError):
    code = "ValidationException"
    status = 400
