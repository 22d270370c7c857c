"""Lifecycle policies: parsing with ECR's rules, evaluation, and the periodic run.

Rules are applied in rulePriority order (lowest first). A rule selects images by
tag status (`tagged` with `tagPrefixList` / `tagPatternList`, every entry of which
some tag must match; `untagged`; `any`) and expires, among the images it selects
that no earlier rule selected, those beyond the `imageCountMoreThan` newest, or
pushed more than `sinceImagePushed` days ago. An image selected by a rule is never
expired by a later one, which is why a rule with `any` must come last.

`run_all` is the Tick: each repository with a policy, every minute on the cumulo
clock (moving the clock forward makes images age; AWS runs within 24 hours).
"""

from __future__ import annotations

import fnmatch
from typing import TYPE_CHECKING, Any

import orjson

from cumulo.generated.ecr import InvalidParameterExceptionError
from cumulo.services.ecr import common, images
from cumulo.services.ecr.models import Image, Repository

if TYPE_CHECKING:
    from cumulo.core.runtime import Runtime
    from cumulo.state import Store

DAY = 86400.0


def _bad(reason: str) -> InvalidParameterExceptionError:
    return InvalidParameterExceptionError(
        f"Invalid parameter at 'LifecyclePolicyText' failed to satisfy constraint: 'Lifecycle policy validation failure: {reason}'")


def parse_policy(text: str) -> list[dict[str, Any]]:
    """The rules of a lifecycle policy, by priority; InvalidParameterException as ECR words it otherwise."""
    try:
        doc = orjson.loads(text)
    except orjson.JSONDecodeError:
        raise _bad("Could not parse the policy as JSON") from None
    rules = doc.get("rules") if isinstance(doc, dict) else None
    if not isinstance(rules, list) or not rules:
        raise _bad('object has missing required properties (["rules"])')
    seen: set[int] = set()
    for rule in rules:
        if not isinstance(rule, dict):
            raise _bad("a rule must be an object")
        priority = rule.get("rulePriority")
        if not isinstance(priority, int) or priority < 1:
            raise _bad("rulePriority must be an integer of at least 1")
        if priority in seen:
            raise _bad(f"rulePriority {priority} is used by more than one rule")
        seen.add(priority)
        selection = rule.get("selection")
        if not isinstance(selection, dict):
            raise _bad('object has missing required properties (["selection"])')
        status = selection.get("tagStatus")
        if status not in ("tagged", "untagged", "any"):
            raise _bad(f"tagStatus must be one of tagged, untagged, any (got {status!r})")
        prefixes, patterns = selection.get("tagPrefixList"), selection.get("tagPatternList")
        if status == "tagged" and not prefixes and not patterns:
            raise _bad("tagPrefixList or tagPatternList is required when tagStatus is tagged")
        if prefixes and patterns:
            raise _bad("tagPrefixList and tagPatternList cannot both be specified")
        count_type, number = selection.get("countType"), selection.get("countNumber")
        if count_type not in ("imageCountMoreThan", "sinceImagePushed"):
            raise _bad(f"countType must be imageCountMoreThan or sinceImagePushed (got {count_type!r})")
        if not isinstance(number, int) or number < 1:
            raise _bad("countNumber must be an integer of at least 1")
        unit = selection.get("countUnit")
        if count_type == "sinceImagePushed" and unit != "days":
            raise _bad("countUnit must be days when countType is sinceImagePushed")
        if count_type == "imageCountMoreThan" and unit is not None:
            raise _bad("countUnit is not allowed when countType is imageCountMoreThan")
        action = rule.get("action")
        if not isinstance(action, dict) or action.get("type") != "expire":
            raise _bad("action type must be expire")
    ordered = sorted(rules, key=lambda r: r["rulePriority"])
    if any(r["selection"]["tagStatus"] == "any" for r in ordered[:-1]):
        raise _bad("a rule with tagStatus any must have the highest rulePriority")
    return ordered


def _selects(selection: dict[str, Any], tags: list[str]) -> bool:
    status = selection["tagStatus"]
    if status == "any":
        return True
    if status == "untagged":
        return not tags
    if not tags:
        return False
    prefixes = selection.get("tagPrefixList") or []
    patterns = selection.get("tagPatternList") or []
    return (all(any(tag.startswith(p) for tag in tags) for p in prefixes)
            and all(any(fnmatch.fnmatchcase(tag, p) for tag in tags) for p in patterns))


def evaluate(store: Store, repo: Repository, rules: list[dict[str, Any]], now: float) -> list[tuple[Image, dict[str, Any]]]:
    """The images the rules expire now, each with the rule that expires it."""
    tags_of = common.image_tags(repo)
    remaining = sorted(common.images(store, repo).values(), key=lambda i: i.pushed_at, reverse=True)
    expired: list[tuple[Image, dict[str, Any]]] = []
    for rule in rules:
        selection = rule["selection"]
        chosen = [i for i in remaining if _selects(selection, tags_of.get(i.digest, []))]
        taken = {i.digest for i in chosen}
        remaining = [i for i in remaining if i.digest not in taken]
        if selection["countType"] == "imageCountMoreThan":
            victims = chosen[selection["countNumber"]:]
        else:
            cutoff = now - selection["countNumber"] * DAY
            victims = [i for i in chosen if i.pushed_at < cutoff]
        expired.extend((i, rule) for i in victims)
    return expired


def preview_result(repo: Repository, image: Image, rule: dict[str, Any]) -> dict[str, Any]:
    tags = common.image_tags(repo).get(image.digest, [])
    found: dict[str, Any] = {"imageDigest": image.digest, "imagePushedAt": image.pushed_at,
                             "action": {"type": "EXPIRE"}, "appliedRulePriority": rule["rulePriority"],
                             "storageClass": "STANDARD"}
    if tags:
        found["imageTags"] = tags
    return found


def apply(store: Store, repo: Repository, now: float) -> list[str]:
    """Expire what the repository's policy says to; returns the digests removed."""
    if not repo.lifecycle_policy:
        return []
    try:
        rules = parse_policy(repo.lifecycle_policy)
    except InvalidParameterExceptionError:
        return []
    removed = []
    for image, _rule in evaluate(store, repo, rules, now):
        if image.digest in common.images(store, repo):
            images.delete(store, repo, image)
            removed.append(image.digest)
    repo.lifecycle_updated = now
    common.touch(store, repo)
    return removed


def run_all(runtime: Runtime, now: float) -> None:
    store = runtime.store
    for scope in store.scopes_of("ecr"):
        if not scope.account:
            continue
        for repo in list(scope.table("repositories").values()):
            if repo.lifecycle_policy:
                apply(store, repo, now)
    store.commit()
