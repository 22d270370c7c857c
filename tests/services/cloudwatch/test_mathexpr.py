"""The metric math evaluator, directly: examples and properties."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cumulo.services.cloudwatch.mathexpr import TS, Env, MathError, evaluate

VAL = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False)
SERIES = st.dictionaries(st.integers(min_value=0, max_value=20).map(lambda i: i * 60), VAL, max_size=15)


def _env(m1: dict[int, float], m2: dict[int, float]) -> Env:
    return Env({"m1": TS(m1), "m2": TS(m2)}, list(range(0, 21 * 60, 60)), 60, metric_ids=["m1", "m2"])


@settings(deadline=None, max_examples=60)
@given(SERIES, SERIES)
def test_addition_is_pointwise_on_shared_stamps(m1: dict[int, float], m2: dict[int, float]) -> None:
    out = evaluate("m1 + m2", _env(m1, m2))
    assert isinstance(out, TS)
    assert out.values == {t: m1[t] + m2[t] for t in m1 if t in m2}


@settings(deadline=None, max_examples=60)
@given(SERIES, SERIES)
def test_sum_of_metrics_covers_the_union(m1: dict[int, float], m2: dict[int, float]) -> None:
    out = evaluate("SUM(METRICS())", _env(m1, m2))
    assert isinstance(out, TS)
    assert set(out.values) == set(m1) | set(m2)
    for t, v in out.values.items():
        assert math.isclose(v, m1.get(t, 0.0) + m2.get(t, 0.0), rel_tol=1e-9, abs_tol=1e-6)


@settings(deadline=None, max_examples=60)
@given(SERIES.filter(bool))
def test_folds_of_one_series_are_scalars(m1: dict[int, float]) -> None:
    env = _env(m1, {})
    assert evaluate("MAX(m1)", env) == max(m1.values())
    assert evaluate("MIN(m1)", env) == min(m1.values())
    assert math.isclose(evaluate("AVG(m1)", env), sum(m1.values()) / len(m1), rel_tol=1e-9, abs_tol=1e-6)  # type: ignore[arg-type]


@settings(deadline=None, max_examples=60)
@given(SERIES.filter(bool))
def test_fill_repeat_covers_the_grid_and_keeps_values(m1: dict[int, float]) -> None:
    env = _env(m1, {})
    out = evaluate("FILL(m1, REPEAT)", env)
    assert isinstance(out, TS)
    assert set(out.values) == set(env.grid) | set(m1)
    assert all(out.values[t] == v for t, v in m1.items())


@settings(deadline=None, max_examples=60)
@given(SERIES)
def test_running_sum_then_diff_gives_back_the_series(m1: dict[int, float]) -> None:
    out = evaluate("DIFF(RUNNING_SUM(m1))", _env(m1, {}))
    assert isinstance(out, TS)
    stamps = sorted(m1)
    for t in stamps[1:]:
        assert math.isclose(out.values[t], m1[t], rel_tol=1e-6, abs_tol=1e-3)


@settings(deadline=None, max_examples=60)
@given(VAL, VAL.filter(lambda v: v != 0))
def test_scalar_arithmetic(a: float, b: float) -> None:
    env = _env({}, {})
    assert math.isclose(evaluate(f"({a!r}) * 2 + ({b!r}) / ({b!r})", env), a * 2 + 1, rel_tol=1e-9, abs_tol=1e-9)  # type: ignore[arg-type]


@settings(deadline=None, max_examples=60)
@given(SERIES, VAL)
def test_if_chooses_per_point(m1: dict[int, float], threshold: float) -> None:
    out = evaluate(f"IF(m1 > {threshold!r}, m1, 0)", _env(m1, {}))
    assert isinstance(out, TS)
    assert out.values == {t: (v if v > threshold else 0.0) for t, v in m1.items()}


@pytest.mark.parametrize("bad", ["m1 +", "NOPE(m1)", "m3", "FILL(m1)", "(m1"])
def test_errors(bad: str) -> None:
    with pytest.raises(MathError):
        evaluate(bad, _env({0: 1.0}, {}))
