"""docs/coverage.md is generated: it must say what the code and the models say now."""

from __future__ import annotations

from pathlib import Path

from cumulo.conformance import coverage

ROOT = Path(__file__).resolve().parents[2]


def test_docs_coverage_md_is_current() -> None:
    doc = (ROOT / coverage.DOC_PATH).read_text()
    fresh = coverage.render({})
    assert coverage.without_conformance(doc) == coverage.without_conformance(fresh), (
        "docs/coverage.md is stale (operations implemented changed): run `cumulo coverage` and commit it"
    )


def test_readme_services_table_is_current() -> None:
    readme = (ROOT / coverage.README_PATH).read_text()
    assert coverage.with_readme_table(readme) == readme, "README's services table is stale: run `cumulo coverage` and commit it"


def test_a_stub_handler_does_not_count_as_implemented() -> None:
    from cumulo.core.errors import NotImplementedYet

    def stub(ctx, req):  # noqa: ANN001, ANN202
        raise NotImplementedYet("sqs", "ListQueues")

    def real(ctx, req):  # noqa: ANN001, ANN202
        if req.get("x"):
            raise NotImplementedYet("sqs", "ListQueues")
        return {"QueueUrls": sorted(ctx.store)}

    assert coverage.is_stub(stub)
    assert not coverage.is_stub(real)
