"""Items: put/get/update/delete, every attribute type, conditions, return values,
expression errors with AWS's wording, sizes and the legacy parameters."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from botocore.exceptions import ClientError


def error(exc: pytest.ExceptionInfo[ClientError]) -> tuple[str, str]:
    err = exc.value.response["Error"]
    return err["Code"], err["Message"]


KEY = {"pk": {"S": "a"}, "sk": {"S": "1"}}
ENVELOPE = "1 validation error detected: "  # PutItem's and UpdateItem's request-validation errors


def test_every_type_round_trips(ddb: Any, table: str) -> None:
    item = {
        **KEY,
        "s": {"S": "héllo"}, "n": {"N": "12345678901234567890123456789012345678"}, "f": {"N": "-0.000123"},
        "b": {"B": b"\x00\xff"}, "t": {"BOOL": True}, "z": {"NULL": True},
        "m": {"M": {"inner": {"L": [{"N": "1"}, {"S": "x"}]}}}, "l": {"L": []},
        "ss": {"SS": ["a", "b"]}, "ns": {"NS": ["1", "2.5"]}, "bs": {"BS": [b"x", b"y"]}, "empty": {"S": ""},
    }
    ddb.put_item(TableName=table, Item=item)
    got = ddb.get_item(TableName=table, Key=KEY, ConsistentRead=True)["Item"]
    assert got == item


def test_numbers_are_canonical_and_bounded(ddb: Any, table: str) -> None:
    ddb.put_item(TableName=table, Item={**KEY, "n": {"N": "001.500"}, "e": {"N": "1e3"}})
    got = ddb.get_item(TableName=table, Key=KEY)["Item"]
    assert got["n"] == {"N": "1.5"} and got["e"] == {"N": "1000"}
    extremes = {  # the documented limits, 38 digits each, are stored as they are
        "max": "9.9999999999999999999999999999999999999E+125", "min": "-9.9999999999999999999999999999999999999E+125",
        "tiny": "1E-130", "wide": "1234567890.1234567890123456789012345678",
    }
    ddb.put_item(TableName=table, Item={**KEY, **{name: {"N": text} for name, text in extremes.items()}})
    got = ddb.get_item(TableName=table, Key=KEY)["Item"]
    assert [Decimal(got[name]["N"]) for name in extremes] == [Decimal(text) for text in extremes.values()]
    assert got["wide"] == {"N": extremes["wide"]}
    for bad, message in [
        ("1" * 39, "Attempting to store more than 38 significant digits in a Number"),
        ("1e126", "Number overflow. Attempting to store a number with magnitude larger than supported range"),
        ("abc", "A value provided cannot be converted into a number"),
    ]:
        with pytest.raises(ClientError) as exc:
            ddb.put_item(TableName=table, Item={**KEY, "n": {"N": bad}})
        assert error(exc) == ("ValidationException", message)


def test_item_validation_errors(ddb: Any, table: str) -> None:
    cases = [
        ({"pk": {"S": "a"}}, "One or more parameter values were invalid: Missing the key sk in the item"),
        ({"pk": {"N": "1"}, "sk": {"S": "1"}}, "One or more parameter values were invalid: Type mismatch for key pk expected: S actual: N"),
        # Attribute values are validated with the request: AWS prefixes these (the data's own errors it does not).
        ({**KEY, "s": {"SS": []}}, ENVELOPE + "One or more parameter values were invalid: An string set  may not be empty"),
        ({**KEY, "s": {"SS": ["a", "a"]}}, ENVELOPE + "One or more parameter values were invalid: Input collection [a, a] contains duplicates."),
        ({"pk": {"S": ""}, "sk": {"S": "1"}}, "One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: pk"),
        ({**KEY, "big": {"S": "x" * 400 * 1024}}, "Item size has exceeded the maximum allowed size"),
    ]
    for item, message in cases:
        with pytest.raises(ClientError) as exc:
            ddb.put_item(TableName=table, Item=item)
        assert error(exc) == ("ValidationException", message), item
    with pytest.raises(ClientError) as exc:
        ddb.get_item(TableName=table, Key={"pk": {"S": "a"}})
    assert error(exc) == ("ValidationException", "The provided key element does not match the schema")
    with pytest.raises(ClientError) as exc:
        ddb.get_item(TableName="missing", Key=KEY)
    assert error(exc) == ("ResourceNotFoundException", "Requested resource not found")


def test_conditional_put_and_return_values(ddb: Any, table: str) -> None:
    assert "Attributes" not in ddb.put_item(TableName=table, Item={**KEY, "v": {"N": "1"}}, ReturnValues="ALL_OLD")
    old = ddb.put_item(TableName=table, Item={**KEY, "v": {"N": "2"}}, ReturnValues="ALL_OLD")["Attributes"]
    assert old["v"] == {"N": "1"}
    with pytest.raises(ClientError) as exc:
        ddb.put_item(TableName=table, Item=KEY, ConditionExpression="attribute_not_exists(pk)",
                     ReturnValuesOnConditionCheckFailure="ALL_OLD")
    assert error(exc) == ("ConditionalCheckFailedException", "The conditional request failed")
    assert exc.value.response["Item"]["v"] == {"N": "2"}
    ddb.put_item(TableName=table, Item={**KEY, "v": {"N": "3"}}, ConditionExpression="v = :two",
                 ExpressionAttributeValues={":two": {"N": "2"}})
    with pytest.raises(ClientError) as exc:
        ddb.put_item(TableName=table, Item=KEY, ReturnValues="ALL_NEW")
    assert error(exc)[0] == "ValidationException"


def test_update_expressions(ddb: Any, table: str) -> None:
    ddb.put_item(TableName=table, Item={**KEY, "count": {"N": "1"}, "tags": {"SS": ["a"]}, "gone": {"SS": ["a"]}, "doc": {"M": {"vals": {"L": [{"N": "1"}, {"N": "2"}, {"N": "3"}]}}}})
    out = ddb.update_item(
        TableName=table, Key=KEY,
        UpdateExpression="SET #c = #c + :one, doc.vals[0] = :zero, newlist = list_append(if_not_exists(newlist, :empty), :l), firstSeen = if_not_exists(firstSeen, :now) "
                         "REMOVE doc.vals[2] ADD tags :more, visits :one DELETE gone :gone",
        ExpressionAttributeNames={"#c": "count"},
        ExpressionAttributeValues={":one": {"N": "1"}, ":zero": {"N": "0"}, ":empty": {"L": []}, ":l": {"L": [{"S": "x"}]},
                                   ":now": {"N": "100"}, ":more": {"SS": ["b", "c"]}, ":gone": {"SS": ["a"]}},
        ReturnValues="ALL_NEW",
    )["Attributes"]
    assert out["count"] == {"N": "2"} and out["visits"] == {"N": "1"}
    assert out["doc"]["M"]["vals"]["L"] == [{"N": "0"}, {"N": "2"}]
    assert out["newlist"] == {"L": [{"S": "x"}]} and out["firstSeen"] == {"N": "100"}
    assert sorted(out["tags"]["SS"]) == ["a", "b", "c"]
    assert "gone" not in out  # a set emptied by DELETE disappears
    updated = ddb.update_item(TableName=table, Key=KEY, UpdateExpression="SET visits = visits + :one",
                              ExpressionAttributeValues={":one": {"N": "1"}}, ReturnValues="UPDATED_OLD")["Attributes"]
    assert updated == {"visits": {"N": "1"}}
    # An update of a missing item creates it.
    created = ddb.update_item(TableName=table, Key={"pk": {"S": "new"}, "sk": {"S": "1"}}, UpdateExpression="SET a = :one",
                              ExpressionAttributeValues={":one": {"N": "1"}}, ReturnValues="ALL_NEW")["Attributes"]
    assert created == {"pk": {"S": "new"}, "sk": {"S": "1"}, "a": {"N": "1"}}


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"UpdateExpression": "SET pk = :v", "ExpressionAttributeValues": {":v": {"S": "x"}}},
         "One or more parameter values were invalid: Cannot update attribute pk. This attribute is part of the key"),
        ({"UpdateExpression": "SET status = :v", "ExpressionAttributeValues": {":v": {"S": "x"}}},
         "Invalid UpdateExpression: Attribute name is a reserved keyword; reserved keyword: status"),
        ({"UpdateExpression": "SET a = :v", "ExpressionAttributeValues": {":v": {"S": "x"}, ":w": {"S": "y"}}},
         "Value provided in ExpressionAttributeValues unused in expressions: keys: {:w}"),
        ({"UpdateExpression": "SET a = :v", "ExpressionAttributeValues": {":v": {"S": "x"}}, "ExpressionAttributeNames": {"#n": "n"}},
         "Value provided in ExpressionAttributeNames unused in expressions: keys: {#n}"),
        ({"UpdateExpression": "SET a = :missing"},
         "Invalid UpdateExpression: An expression attribute value used in expression is not defined; attribute value: :missing"),
        ({"UpdateExpression": "SET a = :v, a.b = :v", "ExpressionAttributeValues": {":v": {"S": "x"}}},
         "Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: [a, b]"),
        ({"UpdateExpression": "SET a = :v = :v", "ExpressionAttributeValues": {":v": {"S": "x"}}},
         'Invalid UpdateExpression: Syntax error; token: "=", near: ":v = :v"'),
        ({"UpdateExpression": "ADD a :v", "ExpressionAttributeValues": {":v": {"S": "x"}}},
         "Invalid UpdateExpression: Incorrect operand type for operator or function; operator: ADD, operand type: STRING"),
        ({"UpdateExpression": "SET a = nothere + :v", "ExpressionAttributeValues": {":v": {"N": "1"}}},
         "The provided expression refers to an attribute that does not exist in the item"),
        ({"UpdateExpression": "SET a.b.c = :v", "ExpressionAttributeValues": {":v": {"N": "1"}}},
         "The document path provided in the update expression is invalid for update"),
        ({"UpdateExpression": "SET a = :v", "ExpressionAttributeValues": {":v": {"N": "1"}}, "AttributeUpdates": {"b": {"Action": "DELETE"}}},
         "Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {AttributeUpdates} Expression parameters: {UpdateExpression}"),
    ],
)
def test_update_errors(ddb: Any, table: str, kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(ClientError) as exc:
        ddb.update_item(TableName=table, Key=KEY, **kwargs)
    # Errors about the item's data are bare; the request's own are enveloped.
    bare = message.startswith(("One or more parameter values were invalid: Cannot update", "The provided expression refers", "The document path"))
    assert error(exc) == ("ValidationException", message if bare else ENVELOPE + message)


def test_update_type_error_on_existing_item(ddb: Any, table: str) -> None:
    ddb.put_item(TableName=table, Item={**KEY, "s": {"S": "text"}})
    with pytest.raises(ClientError) as exc:
        ddb.update_item(TableName=table, Key=KEY, UpdateExpression="ADD s :one", ExpressionAttributeValues={":one": {"N": "1"}})
    assert error(exc) == ("ValidationException", "An operand in the update expression has an incorrect data type")


def test_condition_functions(ddb: Any, table: str) -> None:
    ddb.put_item(TableName=table, Item={**KEY, "name": {"S": "alpha"}, "tags": {"SS": ["x", "y"]}, "n": {"N": "5"}, "l": {"L": [{"S": "q"}]}})
    values = {":p": {"S": "al"}, ":x": {"S": "x"}, ":two": {"N": "2"}, ":lo": {"N": "1"}, ":hi": {"N": "9"}, ":t": {"S": "SS"}, ":q": {"S": "q"}}
    ok = ("begins_with(#n, :p) AND contains(tags, :x) AND size(tags) = :two AND n BETWEEN :lo AND :hi "
          "AND attribute_type(tags, :t) AND NOT attribute_exists(nope) AND n IN (:lo, :hi, :two) OR contains(l, :q)")
    ddb.delete_item(TableName=table, Key=KEY, ConditionExpression=ok, ExpressionAttributeNames={"#n": "name"}, ExpressionAttributeValues=values)
    assert "Item" not in ddb.get_item(TableName=table, Key=KEY)


@pytest.mark.parametrize(
    ("condition", "values", "message"),
    [
        ("size(a)", {}, "Invalid ConditionExpression: The function is not allowed to be used this way in an expression; function: size"),
        ("foo(a)", {}, "Invalid ConditionExpression: Invalid function name; function: foo"),
        ("begins_with(a)", {}, "Invalid ConditionExpression: Incorrect number of operands for operator or function; operator or function: begins_with, number of operands: 1"),
        ("attribute_exists(:v)", {":v": {"S": "x"}}, "Invalid ConditionExpression: Operator or function requires a document path; operator or function: attribute_exists"),
        ("a BETWEEN :hi AND :lo", {":hi": {"N": "5"}, ":lo": {"N": "1"}},
         "Invalid ConditionExpression: The BETWEEN operator requires upper bound to be greater than or equal to lower bound; lower bound operand: AttributeValue: {N:5}, upper bound operand: AttributeValue: {N:1}"),
        ("attribute_type(a, :t)", {":t": {"S": "XX"}},
         "Invalid ConditionExpression: Invalid attribute type name found; type: XX, valid types: { B; NULL; SS; BOOL; L; BS; N; NS; S; M }"),
        ("a = ", {}, 'Invalid ConditionExpression: Syntax error; token: "<EOF>", near: "="'),
        ("#x = :v", {":v": {"S": "x"}}, "Invalid ConditionExpression: An expression attribute name used in the document path is not defined; attribute name: #x"),
    ],
)
def test_condition_errors(ddb: Any, table: str, condition: str, values: dict[str, Any], message: str) -> None:
    kwargs: dict[str, Any] = {"ConditionExpression": condition}
    if values:
        kwargs["ExpressionAttributeValues"] = values
    with pytest.raises(ClientError) as exc:
        ddb.put_item(TableName=table, Item=KEY, **kwargs)
    assert error(exc) == ("ValidationException", ENVELOPE + message)


def test_projection(ddb: Any, table: str) -> None:
    ddb.put_item(TableName=table, Item={**KEY, "a": {"M": {"b": {"S": "x"}, "c": {"S": "y"}}}, "l": {"L": [{"N": "0"}, {"N": "1"}, {"N": "2"}]}})
    got = ddb.get_item(TableName=table, Key=KEY, ProjectionExpression="a.b, l[2], l[0], #k", ExpressionAttributeNames={"#k": "pk"})["Item"]
    assert got == {"a": {"M": {"b": {"S": "x"}}}, "l": {"L": [{"N": "0"}, {"N": "2"}]}, "pk": {"S": "a"}}
    got = ddb.get_item(TableName=table, Key=KEY, AttributesToGet=["sk"])["Item"]
    assert got == {"sk": {"S": "1"}}


def test_legacy_parameters(ddb: Any, table: str) -> None:
    ddb.put_item(TableName=table, Item={**KEY, "v": {"N": "1"}}, Expected={"v": {"Exists": False}})
    with pytest.raises(ClientError) as exc:
        ddb.put_item(TableName=table, Item=KEY, Expected={"v": {"Value": {"N": "2"}}})
    assert error(exc)[0] == "ConditionalCheckFailedException"
    ddb.update_item(TableName=table, Key=KEY, AttributeUpdates={"v": {"Action": "ADD", "Value": {"N": "4"}}, "w": {"Value": {"S": "x"}}},
                    Expected={"v": {"ComparisonOperator": "GE", "AttributeValueList": [{"N": "1"}]}})
    assert ddb.get_item(TableName=table, Key=KEY)["Item"]["v"] == {"N": "5"}


def test_consumed_capacity(ddb: Any, table: str) -> None:
    out = ddb.put_item(TableName=table, Item={**KEY, "s": {"S": "x" * 3000}}, ReturnConsumedCapacity="TOTAL")
    assert out["ConsumedCapacity"] == {"TableName": table, "CapacityUnits": 3.0, "WriteCapacityUnits": 3.0}
    out = ddb.get_item(TableName=table, Key=KEY, ReturnConsumedCapacity="TOTAL")
    assert out["ConsumedCapacity"]["CapacityUnits"] == 0.5


def test_resource_api(resource: Any, table: str) -> None:
    t = resource.Table(table)
    t.put_item(Item={"pk": "a", "sk": "1", "price": Decimal("19.99"), "tags": {"x", "y"}, "doc": {"n": [1, 2]}})
    got = t.get_item(Key={"pk": "a", "sk": "1"})["Item"]
    assert got["price"] == Decimal("19.99") and got["tags"] == {"x", "y"} and got["doc"] == {"n": [1, 2]}
    t.update_item(Key={"pk": "a", "sk": "1"}, UpdateExpression="SET price = price - :d", ExpressionAttributeValues={":d": Decimal("0.99")})
    assert t.get_item(Key={"pk": "a", "sk": "1"})["Item"]["price"] == Decimal("19")
    t.delete_item(Key={"pk": "a", "sk": "1"})
    assert "Item" not in t.get_item(Key={"pk": "a", "sk": "1"})


def test_key_size_limits(ddb: Any, table: str) -> None:
    ddb.put_item(TableName=table, Item={"pk": {"S": "p" * 2048}, "sk": {"S": "s" * 1024}})
    with pytest.raises(ClientError) as exc:
        ddb.put_item(TableName=table, Item={"pk": {"S": "p" * 2049}, "sk": {"S": "s"}})
    assert error(exc) == ("ValidationException", "One or more parameter values were invalid: Size of hashkey has exceeded the maximum size limit of2048 bytes")
    with pytest.raises(ClientError) as exc:
        ddb.get_item(TableName=table, Key={"pk": {"S": "p"}, "sk": {"S": "s" * 1025}})
    assert error(exc) == ("ValidationException",
                          "One or more parameter values were invalid: Aggregated size of all range keys has exceeded the size limit of 1024 bytes")


def test_unbalanced_parentheses_are_refused(ddb: Any, table: str) -> None:
    for condition in ("(attribute_exists(pk)", "attribute_exists(pk))", "((attribute_exists(pk))"):
        with pytest.raises(ClientError) as exc:
            ddb.put_item(TableName=table, Item=KEY, ConditionExpression=condition)
        assert error(exc)[1].startswith(ENVELOPE + "Invalid ConditionExpression: Syntax error")


def test_redundant_parentheses_are_refused(ddb: Any, table: str) -> None:
    with pytest.raises(ClientError) as exc:
        ddb.put_item(TableName=table, Item=KEY, ConditionExpression="((attribute_not_exists(pk)))")
    assert error(exc) == ("ValidationException", ENVELOPE + "Invalid ConditionExpression: The expression has redundant parentheses;")
    ddb.put_item(TableName=table, Item=KEY, ConditionExpression="(attribute_not_exists(pk)) AND NOT (attribute_exists(pk))")
