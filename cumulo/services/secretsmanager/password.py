"""GetRandomPassword: every option, from the OS's CSPRNG.

The character classes are AWS's: lowercase, uppercase, digits and the 32
ASCII punctuation marks, plus the space when IncludeSpace. With
RequireEachIncludedType (the default) the password holds at least one of each
class left after exclusions.
"""

from __future__ import annotations

import secrets
import string
from typing import Any

from cumulo.generated import secretsmanager as wire

PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"


def generate(req: Any) -> str:
    length = req.get("PasswordLength", 32)
    if not 1 <= length <= 4096:
        raise wire.InvalidParameterExceptionError("PasswordLength must be between 1 and 4096.")
    excluded = set(req.get("ExcludeCharacters", ""))
    classes = []
    for flag, chars in (
        ("ExcludeLowercase", string.ascii_lowercase),
        ("ExcludeUppercase", string.ascii_uppercase),
        ("ExcludeNumbers", string.digits),
        ("ExcludePunctuation", PUNCTUATION),
    ):
        if not req.get(flag, False):
            left = "".join(c for c in chars if c not in excluded)
            if left:
                classes.append(left)
    if req.get("IncludeSpace", False) and " " not in excluded:
        classes.append(" ")
    if not classes:
        raise wire.InvalidParameterExceptionError("The password can't be generated: every character is excluded.")
    pool = "".join(classes)
    require = req.get("RequireEachIncludedType", True)
    if require and length < len(classes):
        raise wire.InvalidParameterExceptionError(f"PasswordLength must be at least {len(classes)} to include each required character type.")
    rng = secrets.SystemRandom()
    picked: list[str] = [rng.choice(c) for c in classes] if require else []
    picked += [rng.choice(pool) for _ in range(length - len(picked))]
    rng.shuffle(picked)
    return "".join(picked)
