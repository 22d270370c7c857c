"""Lifecycle policies: validation, the preview, and expiry by the periodic run on the
moved cumulo clock (count and age rules, tag status, prefixes and patterns, priorities)."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
from botocore.exceptions import ClientError
from hypothesis import given, settings
from hypothesis import strategies as st

from cumulo.services.ecr import lifecycle
from tests.services.ecr.conftest import push_image

DAY = 86400


def _policy(*rules: dict[str, Any]) -> str:
    return json.dumps({"rules": [dict(r, rulePriority=i + 1, action={"type": "expire"}) if "rulePriority" not in r
                                 else dict(r, action={"type": "expire"}) for i, r in enumerate(rules)]})


def _tags(ecr: Any, repo: str) -> set[str]:
    return {i.get("imageTag", i["imageDigest"][:12]) for i in ecr.list_images(repositoryName=repo)["imageIds"]}


def test_validation(ecr: Any, repo: str) -> None:
    bad = [
        {"selection": {"tagStatus": "tagged", "countType": "imageCountMoreThan", "countNumber": 1}},
        {"selection": {"tagStatus": "untagged", "countType": "sinceImagePushed", "countNumber": 1}},
        {"selection": {"tagStatus": "any", "countType": "imageCountMoreThan", "countNumber": 0}},
    ]
    for rule in bad:
        with pytest.raises(ClientError) as e:
            ecr.put_lifecycle_policy(repositoryName=repo, lifecyclePolicyText=_policy(rule))
        assert e.value.response["Error"]["Code"] == "InvalidParameterException"
    any_first = _policy({"selection": {"tagStatus": "any", "countType": "imageCountMoreThan", "countNumber": 1}},
                        {"selection": {"tagStatus": "untagged", "countType": "imageCountMoreThan", "countNumber": 1}})
    with pytest.raises(ClientError):
        ecr.put_lifecycle_policy(repositoryName=repo, lifecyclePolicyText=any_first)
    with pytest.raises(ClientError) as e:
        ecr.get_lifecycle_policy(repositoryName=repo)
    assert e.value.response["Error"]["Code"] == "LifecyclePolicyNotFoundException"


def test_preview_counts_and_priorities(ecr: Any, repo: str) -> None:
    for i in range(4):
        push_image(ecr, repo, f"prod-{i}", [f"p{i}".encode()])
    for i in range(3):
        push_image(ecr, repo, f"dev-{i}", [f"d{i}".encode()])
    push_image(ecr, repo, None, [b"untagged"])
    policy = _policy(
        {"selection": {"tagStatus": "tagged", "tagPrefixList": ["prod"], "countType": "imageCountMoreThan", "countNumber": 2}},
        {"selection": {"tagStatus": "any", "countType": "imageCountMoreThan", "countNumber": 2}},
    )
    ecr.put_lifecycle_policy(repositoryName=repo, lifecyclePolicyText=policy)
    ecr.start_lifecycle_policy_preview(repositoryName=repo)
    preview = ecr.get_lifecycle_policy_preview(repositoryName=repo)
    assert preview["status"] == "COMPLETE"
    by_rule = {(tuple(r.get("imageTags", [])), r["appliedRulePriority"]) for r in preview["previewResults"]}
    # prod: the 2 oldest of 4 go by rule 1; rule 2 sees only dev-* and the untagged one, keeps the 2 newest
    assert by_rule == {(("prod-0",), 1), (("prod-1",), 1), (("dev-0",), 2), (("dev-1",), 2)}
    assert preview["summary"]["expiringImageTotalCount"] == 4
    assert len(_tags(ecr, repo)) == 8  # a preview expires nothing


def test_expiry_on_the_moved_clock(ecr: Any, repo: str, cumulo_clock: Any) -> None:
    push_image(ecr, repo, "old", [b"old"])
    push_image(ecr, repo, None, [b"untagged old"])
    cumulo_clock.advance(10 * DAY)
    push_image(ecr, repo, "new", [b"new"])
    policy = _policy({"selection": {"tagStatus": "untagged", "countType": "sinceImagePushed", "countUnit": "days", "countNumber": 7}},
                     {"selection": {"tagStatus": "tagged", "tagPatternList": ["o*"], "countType": "sinceImagePushed",
                                    "countUnit": "days", "countNumber": 7}})
    ecr.put_lifecycle_policy(repositoryName=repo, lifecyclePolicyText=policy)
    cumulo_clock.advance(120)  # the periodic run falls due
    assert _tags(ecr, repo) == {"new"}


def test_introspection_runs_it_now(cumulo: Any, ecr: Any, repo: str) -> None:
    for i in range(3):
        push_image(ecr, repo, f"v{i}", [f"l{i}".encode()])
    ecr.put_lifecycle_policy(repositoryName=repo, lifecyclePolicyText=_policy(
        {"selection": {"tagStatus": "any", "countType": "imageCountMoreThan", "countNumber": 1}}))
    expired = httpx.post(f"{cumulo.url}/_cumulo/ecr/lifecycle/tick").json()["expired"]
    assert len(expired["000000000000/us-east-1/team/app"]) == 2
    assert _tags(ecr, repo) == {"v2"}


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["prod-a", "prod-b", "dev", "x"]), st.integers(0, 30)), max_size=12),
       st.integers(1, 5))
def test_count_rule_keeps_exactly_the_newest(images: list[tuple[str, int]], keep: int) -> None:
    """Property: an `any` count rule expires all but the `keep` newest, whatever the mix."""
    from cumulo.services.ecr.models import Image, Repository
    from cumulo.state.store import MemoryStore

    store = MemoryStore()
    repo = Repository("r", "000000000000", "us-east-1", "arn", 0.0)
    store.scope("ecr", repo.account, repo.region).table("repositories")["r"] = repo
    table = store.scope("ecr", repo.account, repo.region).table("images/r")
    for i, (tag, age) in enumerate(images):
        digest = f"sha256:{i:064x}"
        table[digest] = Image(digest, "{}", "x", float(1000 - age * DAY / 1000 + i), 1)
        repo.tags[f"{tag}-{i}"] = digest
    rules = lifecycle.parse_policy(_policy({"selection": {"tagStatus": "any", "countType": "imageCountMoreThan", "countNumber": keep}}))
    expired = {i.digest for i, _ in lifecycle.evaluate(store, repo, rules, 2000.0)}
    newest = sorted(table.values(), key=lambda i: i.pushed_at, reverse=True)[:keep]
    assert expired == set(table) - {i.digest for i in newest}
