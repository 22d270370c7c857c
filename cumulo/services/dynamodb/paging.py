"""NextToken paging for the DynamoDB operations that take one (ExecuteStatement,
ListContributorInsights, ListExports, ListImports).

A token is the position, in a listing of fixed order, where the next page
starts: in decimal, or for ListImports in hex of 112 digits (the model's
ImportNextToken is `([0-9a-f]{16})+`, 112 to 1,024 characters, so an SDK that
validates its input sends nothing shorter). Only tokens of that form are read:
anything else (a token from another service, a mangled one, digits that are not
ASCII) is refused with a ValidationException, never a 500. The operations that
page by a key instead (ListTables, ListBackups, ListGlobalTables, Query, Scan)
do not use this; ListTagsOfResource does not page at all.
"""

from __future__ import annotations

from typing import Any, TypeVar

from cumulo.core.errors import AwsError

T = TypeVar("T")
MAX_DIGITS = 12  # far past any listing here; keeps int() cheap on hostile input
IMPORT_DIGITS = 112
_HEX = frozenset("0123456789abcdef")


def start(token: str | None, hex_digits: int = 0) -> int:
    """Where the page begins: 0 without a token."""
    if not token:
        return 0
    if hex_digits:
        if len(token) == hex_digits and set(token) <= _HEX and token[: hex_digits - MAX_DIGITS].strip("0") == "":
            return int(token, 16)
    elif len(token) <= MAX_DIGITS and token.isascii() and token.isdigit():
        return int(token)
    raise AwsError("ValidationException", "Invalid NextToken")


def token(position: int, hex_digits: int = 0) -> str:
    return f"{position:0{hex_digits}x}" if hex_digits else str(position)


def page(items: list[T], next_token: str | None, size: int, hex_digits: int = 0) -> tuple[list[T], dict[str, Any]]:
    """One page of `items` and the NextToken member of the answer (empty on the last page)."""
    first = start(next_token, hex_digits)
    more = {"NextToken": token(first + size, hex_digits)} if first + size < len(items) else {}
    return items[first : first + size], more
