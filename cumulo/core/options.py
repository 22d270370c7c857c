"""Per-service protocol options: a service's few wire quirks, declared once as data.

A service registers them (`Service.protocol_options`); the gateway hands them to
the protocol layer with each request. They live in `core` because both sides
name them and services never import the protocol layer. A service's options dict
must not be mutated after registration (serializers are built per options dict).
"""

from __future__ import annotations

from typing import Literal, TypedDict


class SerializerOptions(TypedDict, total=False):
    """Per-service protocol quirks, all optional; see each protocol module for use.

    flattened: names of list/map shapes written flattened in XML responses
        (query, ec2, rest-xml), on top of the model's own `flattened` traits.
    xml_names: element-name overrides for XML responses, keyed by shape name:
        "List.member" (each list item), "Map.entry" (each map entry), "Map.key",
        "Map.value", and a bare "Shape" for a shape written as the document root.
        For a flattened list or map the "member"/"entry" name is the repeated element.
    xml_namespace: the xmlns of query/ec2 response roots (default
        `https://{endpointPrefix}.amazonaws.com/doc/{apiVersion}/`) and of
        rest-xml roots whose shape models none.
    query_error_codes: error shape name -> awsQueryCompatible code, for models
        that lack the `error.code` trait (SQS's JSON model).
    xml_error_root: "ErrorResponse" (default: `<ErrorResponse><Error>..`) or
        "Error" (S3: a bare `<Error>` root with RequestId and HostId inside).
    xml_text_roots: rest-xml output shape name -> the one member written as the
        document root's text, the root named after that member (S3's
        GetBucketLocation answers `<LocationConstraint>eu-west-1</LocationConstraint>`,
        which botocore reads as the root's text).
    query_error_messages: error shape name -> the message the query protocol
        answers it with, where it differs from the JSON one (SQS's missing queue).
    error_namespace: the Smithy namespace JSON errors are named in, in `__type` and
        `x-amzn-ErrorType` (SQS: `com.amazonaws.sqs#QueueDoesNotExist`).
    status_codes: operation name -> the HTTP status of its success, where AWS
        answers other than the model's `responseCode` (S3's PutBucketTagging: 204).
    """

    flattened: set[str] | frozenset[str]
    xml_names: dict[str, str]
    xml_namespace: str
    query_error_codes: dict[str, str]
    xml_error_root: Literal["Error", "ErrorResponse"]
    xml_text_roots: dict[str, str]
    error_namespace: str
    query_error_messages: dict[str, str]
    status_codes: dict[str, int]


class ProtocolOptions(SerializerOptions, total=False):
    """Everything a service may declare: the serializer's options, and

    validate_enums: False leaves enum checks to a service that answers them
        itself (S3: InvalidLocationConstraint; SQS: InvalidAttributeName).
    query_error_style: "ec2" names query-protocol validation errors as EC2 does
        (`MissingParameter`, `InvalidParameterValue`), as the old SQS query API did,
        and JSON ones as query-compatible services do (`MissingRequiredParameterException`,
        `InvalidParameterValueException`, with those query codes in `query_error_codes`).
    url_member: the input member a query request sent to a resource's URL
        fills with that URL (SQS: QueueUrl).
    validation_error: the code of input validation errors, for a service whose model
        names its own (API Gateway: BadRequestException) instead of ValidationException.
    """

    validate_enums: bool
    query_error_style: Literal["ec2"]
    url_member: str
    validation_error: str
