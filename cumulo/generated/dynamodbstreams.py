"""Wire types of Amazon DynamoDB Streams, generated from botocore's model: do not edit.

Regenerate with `python -m cumulo.codegen`.
"""

from datetime import datetime

from typing import Required, TypedDict

from cumulo.core.errors import ModelledError

OPERATIONS = ('DescribeStream', 'GetRecords', 'GetShardIterator', 'ListStreams')


class DescribeStreamInput(TypedDict, total=False):
    StreamArn: Required[str]
    Limit: int
    ExclusiveStartShardId: str
    ShardFilter: "ShardFilter"


class DescribeStreamOutput(TypedDict, total=False):
    StreamDescription: "StreamDescription"


class GetRecordsInput(TypedDict, total=False):
    ShardIterator: Required[str]
    Limit: int


class GetRecordsOutput(TypedDict, total=False):
    Records: list["Record"]
    NextShardIterator: str


class GetShardIteratorInput(TypedDict, total=False):
    StreamArn: Required[str]
    ShardId: Required[str]
    ShardIteratorType: Required[str]
    SequenceNumber: str
    Timestamp: datetime


class GetShardIteratorOutput(TypedDict, total=False):
    ShardIterator: str


class ListStreamsInput(TypedDict, total=False):
    TableName: str
    Limit: int
    ExclusiveStartStreamArn: str


class ListStreamsOutput(TypedDict, total=False):
    Streams: list["Stream"]
    LastEvaluatedStreamArn: str


class Record(TypedDict, total=False):
    eventID: str
    eventName: str
    eventVersion: str
    eventSource: str
    awsRegion: str
    dynamodb: "StreamRecord"
    userIdentity: "Identity"


class ShardFilter(TypedDict, total=False):
    Type: str
    ShardId: str


class Stream(TypedDict, total=False):
    StreamArn: str
    TableName: str
    StreamLabel: str


class StreamDescription(TypedDict, total=False):
    StreamArn: str
    StreamLabel: str
    StreamStatus: str
    StreamViewType: str
    CreationRequestDateTime: datetime
    TableName: str
    KeySchema: list["KeySchemaElement"]
    Shards: list["Shard"]
    LastEvaluatedShardId: str


class Identity(TypedDict, total=False):
    PrincipalId: str
    Type: str


class KeySchemaElement(TypedDict, total=False):
    AttributeName: Required[str]
    KeyType: Required[str]


class Shard(TypedDict, total=False):
    ShardId: str
    SequenceNumberRange: "SequenceNumberRange"
    ParentShardId: str


class StreamRecord(TypedDict, total=False):
    ApproximateCreationDateTime: datetime
    Keys: dict[str, "AttributeValue"]
    NewImage: dict[str, "AttributeValue"]
    OldImage: dict[str, "AttributeValue"]
    SequenceNumber: str
    SizeBytes: int
    StreamViewType: str


class AttributeValue(TypedDict, total=False):
    S: str
    N: str
    B: bytes
    SS: list[str]
    NS: list[str]
    BS: list[bytes]
    M: dict[str, "AttributeValue"]
    L: list["AttributeValue"]
    NULL: bool
    BOOL: bool


class SequenceNumberRange(TypedDict, total=False):
    StartingSequenceNumber: str
    EndingSequenceNumber: str


class ExpiredIteratorExceptionError(ModelledError):
    code = "ExpiredIteratorException"


class InternalServerErrorError(ModelledError):
    code = "InternalServerError"


class LimitExceededExceptionError(ModelledError):
    code = "LimitExceededException"


class ResourceNotFoundExceptionError(ModelledError):
    code = "ResourceNotFoundException"


class TrimmedDataAccessExceptionError(ModelledError):
    code = "TrimmedDataAccessException"
