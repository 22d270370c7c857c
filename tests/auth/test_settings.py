"""The settings behind verification: booleans read as people write them, and the key list."""

from __future__ import annotations

import pytest

from cumulo.auth import long_term_keys
from cumulo.config import Config


@pytest.mark.parametrize(("raw", "value"), [("1", True), ("true", True), ("YES", True), ("0", False), ("false", False), ("off", False)])
def test_verify_signatures_from_env(raw: str, value: bool) -> None:
    assert Config.from_env({"CUMULO_VERIFY_SIGNATURES": raw}).verify_signatures is value


def test_a_bool_that_is_no_word_is_refused() -> None:
    with pytest.raises(SystemExit, match="CUMULO_VERIFY_SIGNATURES='maybe' is not a valid bool"):
        Config.from_env({"CUMULO_VERIFY_SIGNATURES": "maybe"})


def test_access_keys_setting() -> None:
    assert long_term_keys("test:test") == {"test": "test"}
    assert long_term_keys(" AKIAONE:s1/+x, AKIATWO:s:2 ,broken") == {"AKIAONE": "s1/+x", "AKIATWO": "s:2"}
