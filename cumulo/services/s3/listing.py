"""Key listing: prefix, delimiter roll-up, markers and page size, over sorted keys.

Pure functions over a sorted list of keys (a bucket's `keyindex`); the handlers turn the result into
ListObjects / ListObjectsV2 / ListObjectVersions output.

Invariants
- Keys are visited in ascending order (Python's code-point order equals S3's
  UTF-8 binary order for valid keys).
- With a delimiter, every key whose remainder after the prefix holds the
  delimiter is rolled into one common prefix (up to and including the first
  delimiter); a common prefix counts once toward max-keys, and the keys under
  it are skipped by bisecting, not visited one by one.
- The marker is exclusive: listing resumes after it. A marker that is a
  common prefix skips every key under it.
- `next_marker` is the last key or common prefix returned, set only when the
  page was truncated.
- A hidden key (a delete marker's, for the object listings) is passed over as
  if absent: it neither appears nor makes a common prefix.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Container
from dataclasses import dataclass, field
from urllib.parse import quote_plus

from cumulo.services.s3 import checks


@dataclass(slots=True)
class Page:
    keys: list[str] = field(default_factory=list)
    prefixes: list[str] = field(default_factory=list)
    truncated: bool = False
    next_marker: str = ""


def _after_prefix(prefix: str) -> str:
    """The smallest string greater than every string that starts with `prefix`."""
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)


def list_keys(
    keys: list[str],
    *,
    prefix: str = "",
    delimiter: str = "",
    marker: str = "",
    max_keys: int = 1000,
    weight: Callable[[str], int] | None = None,
    hidden: Container[str] | None = None,
) -> Page:
    """One page of `keys` (sorted), passing over the `hidden` ones. `weight(key)` is
    how many entries a key adds toward max-keys (its version count, for
    ListObjectVersions); default one."""
    page = Page()
    if max_keys <= 0:
        return page  # S3 answers max-keys=0 with an empty, untruncated page
    i = bisect_left(keys, prefix) if prefix else 0
    if marker:
        i = max(i, bisect_right(keys, marker))
        if delimiter and marker.startswith(prefix) and marker.endswith(delimiter) and delimiter in marker[len(prefix):]:
            i = max(i, bisect_left(keys, _after_prefix(marker)))
    count = 0
    n = len(keys)
    while i < n:
        key = keys[i]
        if prefix and not key.startswith(prefix):
            break
        if hidden is not None and key in hidden:
            i += 1
            continue
        if delimiter:
            cut = key.find(delimiter, len(prefix))
            if cut >= 0:
                common = key[: cut + len(delimiter)]
                if count >= max_keys:
                    page.truncated = True
                    break
                page.prefixes.append(common)
                count += 1
                page.next_marker = common
                i = bisect_left(keys, _after_prefix(common), i + 1)
                continue
        if count >= max_keys:
            page.truncated = True
            break
        page.keys.append(key)
        count += weight(key) if weight else 1
        page.next_marker = key
        i += 1
    if not page.truncated:
        page.next_marker = ""
    return page


def encoder(encoding_type: str | None) -> Callable[[str], str]:
    """`EncodingType=url`: S3 percent-encodes keys and prefixes in the answer
    (botocore asks for it by default and decodes with unquote_plus); any other
    value is refused."""
    checks.encoding_type(encoding_type)
    if encoding_type == "url":
        return lambda value: quote_plus(value, safe="/")
    return lambda value: value
