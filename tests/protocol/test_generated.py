"""The generated model index is what botocore's bundled models say today."""

from cumulo.protocol.models import build_index, build_query_actions, build_rest_paths, query_actions, rest_paths, service_index


def test_generated_index_is_fresh() -> None:
    index = build_index()
    assert index == service_index(), "stale: run `python -m cumulo.protocol.models`"
    assert build_query_actions(index) == query_actions(), "stale: run `python -m cumulo.protocol.models`"
    assert build_rest_paths(index) == rest_paths(), "stale: run `python -m cumulo.protocol.models`"
