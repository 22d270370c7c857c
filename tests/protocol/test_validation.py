"""validate() against real botocore models: each constraint kind, AWS's wording,
the error code per protocol family, and patterns Python cannot compile."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from cumulo.core.errors import ValidationError
from cumulo.protocol import validate
from cumulo.protocol.models import operation_model
from cumulo.protocol.validation import compiled_pattern


def error_for(service: str, operation: str, params: dict, protocol: str = "json") -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        validate(operation_model(service, operation), params, protocol)
    return caught.value


def message_for(service: str, operation: str, params: dict, protocol: str = "json") -> str:
    return error_for(service, operation, params, protocol).message


def test_valid_input_passes() -> None:
    validate(operation_model("sqs", "CreateQueue"), {"QueueName": "q", "Attributes": {"DelaySeconds": "1"}}, "json")
    validate(
        operation_model("dynamodb", "CreateTable"),
        {
            "TableName": "tbl",
            "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
            "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
            "BillingMode": "PAY_PER_REQUEST",
        },
        "json",
    )


def test_operation_without_input_passes() -> None:
    validate(operation_model("sts", "GetCallerIdentity"), {}, "query")


def test_missing_required_member() -> None:
    assert message_for("sqs", "CreateQueue", {}) == (
        "1 validation error detected: Value null at 'queueName' failed to satisfy constraint: Member must not be null"
    )


def test_missing_required_member_in_list_item_uses_member_path() -> None:
    message = message_for(
        "dynamodb",
        "CreateTable",
        {
            "TableName": "tbl",
            "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"KeyType": "RANGE"}],
            "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
        },
    )
    assert message == (
        "1 validation error detected: Value null at 'keySchema.2.member.attributeName' "
        "failed to satisfy constraint: Member must not be null"
    )


def test_several_errors_are_counted_and_joined() -> None:
    message = message_for("dynamodb", "CreateTable", {"TableName": "", "KeySchema": [], "BillingMode": "FREE"})
    assert message.startswith("3 validation errors detected: ")
    parts = message.removeprefix("3 validation errors detected: ").split("; ")
    assert parts == [
        "Value '' at 'tableName' failed to satisfy constraint: Member must have length greater than or equal to 1",
        "Value '[]' at 'keySchema' failed to satisfy constraint: Member must have length greater than or equal to 1",
        "Value 'FREE' at 'billingMode' failed to satisfy constraint: "
        "Member must satisfy enum value set: [PROVISIONED, PAY_PER_REQUEST]",
    ]


def test_enum() -> None:
    message = message_for(
        "dynamodb",
        "CreateTable",
        {
            "TableName": "tbl",
            "KeySchema": [{"AttributeName": "pk", "KeyType": "SIDEWAYS"}],
            "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
        },
    )
    assert message == (
        "1 validation error detected: Value 'SIDEWAYS' at 'keySchema.1.member.keyType' failed to satisfy "
        "constraint: Member must satisfy enum value set: [HASH, RANGE]"
    )


def test_string_max_length() -> None:
    message = message_for("sts", "AssumeRole", {"RoleArn": "a" * 2049, "RoleSessionName": "session"}, "query")
    assert message == (
        f"1 validation error detected: Value '{'a' * 2049}' at 'roleArn' failed to satisfy constraint: "
        "Member must have length less than or equal to 2048"
    )


def test_string_min_length_and_pattern_together() -> None:
    message = message_for("sts", "AssumeRole", {"RoleArn": "a" * 20, "RoleSessionName": "x"}, "query")
    assert message == (
        "1 validation error detected: Value 'x' at 'roleSessionName' failed to satisfy constraint: "
        "Member must have length greater than or equal to 2"
    )
    message = message_for("sts", "AssumeRole", {"RoleArn": "a" * 20, "RoleSessionName": "bad name"}, "query")
    assert message == (
        "1 validation error detected: Value 'bad name' at 'roleSessionName' failed to satisfy constraint: "
        "Member must satisfy regular expression pattern: [\\w+=,.@-]*"
    )


def test_numeric_range() -> None:
    base = {"RoleArn": "a" * 20, "RoleSessionName": "session"}
    low = message_for("sts", "AssumeRole", {**base, "DurationSeconds": 899}, "query")
    assert low.endswith("Value '899' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900")
    high = message_for("sts", "AssumeRole", {**base, "DurationSeconds": 43201}, "query")
    assert high.endswith("Member must have value less than or equal to 43200")
    validate(operation_model("sts", "AssumeRole"), {**base, "DurationSeconds": 900}, "query")


def test_list_size() -> None:
    params = {"RoleArn": "a" * 20, "RoleSessionName": "session", "TransitiveTagKeys": ["k"] * 51}
    message = message_for("sts", "AssumeRole", params, "query")
    assert message == (
        f"1 validation error detected: Value '[{', '.join(['k'] * 51)}]' at 'transitiveTagKeys' "
        "failed to satisfy constraint: Member must have length less than or equal to 50"
    )
    params = {"RoleArn": "a" * 20, "RoleSessionName": "session", "ProvidedContexts": []}
    assert message_for("sts", "AssumeRole", params, "query").endswith(
        "at 'providedContexts' failed to satisfy constraint: Member must have length greater than or equal to 1"
    )


def test_map_keys_list_every_key_constraint() -> None:
    params = {
        "FunctionName": "f",
        "Role": "arn:aws:iam::123456789012:role/r",
        "Code": {},
        "Environment": {"Variables": {"_bad": "v"}},
    }
    assert message_for("lambda", "CreateFunction", params, "rest-json") == (
        "1 validation error detected: Value '{_bad=v}' at 'environment.variables' failed to satisfy constraint: "
        "Map keys must satisfy constraint: [Member must satisfy regular expression pattern: [a-zA-Z]([a-zA-Z0-9_])+]"
    )


def test_map_keys_and_values() -> None:
    params = {"StreamName": "s", "Tags": {"k": "v" * 257}}
    assert message_for("kinesis", "AddTagsToStream", params) == (
        f"1 validation error detected: Value '{{k={'v' * 257}}}' at 'tags' failed to satisfy constraint: "
        "Map value must satisfy constraint: [Member must have length less than or equal to 256, "
        "Member must have length greater than or equal to 0]"
    )
    params = {"StreamName": "s", "Tags": {"": "v"}}
    assert message_for("kinesis", "AddTagsToStream", params).endswith(
        "Map keys must satisfy constraint: [Member must have length less than or equal to 128, "
        "Member must have length greater than or equal to 1]"
    )
    too_many = {"StreamName": "s", "Tags": {f"k{i}": "v" for i in range(201)}}
    assert message_for("kinesis", "AddTagsToStream", too_many).endswith(
        "at 'tags' failed to satisfy constraint: Member must have length less than or equal to 200"
    )


def test_wrong_types() -> None:
    message = message_for("sqs", "SendMessage", {"QueueUrl": "u", "MessageBody": "b", "DelaySeconds": "soon"})
    assert message == (
        "1 validation error detected: Value 'soon' at 'delaySeconds' failed to satisfy constraint: "
        "Member must be of type integer"
    )
    assert "Member must be of type boolean" in message_for(
        "dynamodb", "Scan", {"TableName": "tbl", "ConsistentRead": "yes"}
    )
    assert "Member must be of type list" in message_for("dynamodb", "CreateTable", {"TableName": "tbl", "KeySchema": "pk", "AttributeDefinitions": []})
    # bool is not an integer, even though Python says it is.
    assert "Member must be of type integer" in message_for(
        "sqs", "SendMessage", {"QueueUrl": "u", "MessageBody": "b", "DelaySeconds": True}
    )


def test_blob_and_timestamp_types() -> None:
    validate(operation_model("kms", "Decrypt"), {"CiphertextBlob": b"x"}, "json")
    assert "Member must be of type blob" in message_for("kms", "Decrypt", {"CiphertextBlob": "x"})
    when = datetime(2024, 1, 1, tzinfo=timezone.utc)
    validate(operation_model("cloudwatch", "GetMetricData"), {"MetricDataQueries": [], "StartTime": when, "EndTime": when}, "query")


def test_binary_length_counts_bytes() -> None:
    message = message_for("kms", "Decrypt", {"CiphertextBlob": b""})
    assert message == (
        "1 validation error detected: Value 'java.nio.HeapByteBuffer[pos=0 lim=0 cap=0]' at 'ciphertextBlob' "
        "failed to satisfy constraint: Member must have length greater than or equal to 1"
    )


@pytest.mark.parametrize(
    ("protocol", "code"),
    [
        ("json", "ValidationException"),
        ("rest-json", "ValidationException"),
        ("smithy-rpc-v2-cbor", "ValidationException"),
        ("query", "ValidationError"),
        ("ec2", "InvalidParameterValue"),
        ("rest-xml", "InvalidArgument"),
    ],
)
def test_error_code_by_protocol(protocol: str, code: str) -> None:
    error = error_for("sts", "AssumeRole", {"RoleArn": "a" * 20, "RoleSessionName": "x"}, protocol)
    assert error.code == code
    assert error.status == 400


def test_ec2_missing_parameter() -> None:
    error = error_for("ec2", "RunInstances", {"MinCount": 1}, "ec2")
    assert (error.code, error.message) == ("MissingParameter", "The request must contain the parameter MaxCount")


def test_unsupported_pattern_is_skipped_and_cached() -> None:
    java_only = r"^([\p{L}\p{Z}\p{N}_.:/=+\-@]*)$"
    assert compiled_pattern(java_only) is None
    assert compiled_pattern(java_only) is None  # the failure is cached, not retried
    assert compiled_pattern("[a-z]+") is compiled_pattern("[a-z]+")
    # Step Functions' traceHeader is `\p{ASCII}*`: skipped, so any value passes it.
    validate(operation_model("stepfunctions", "StartExecution"), {"stateMachineArn": "arn", "traceHeader": "ü"}, "json")


def test_pattern_must_match_whole_value() -> None:
    message = message_for("sts", "AssumeRole", {"RoleArn": "a" * 20, "RoleSessionName": "ok-name\n"}, "query")
    assert "Member must satisfy regular expression pattern" in message
