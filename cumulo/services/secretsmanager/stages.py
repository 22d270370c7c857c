"""Staging labels, moved exactly as Secrets Manager moves them.

- A label is on at most one version of a secret.
- Putting AWSCURRENT on a version moves AWSPREVIOUS to the version that had
  AWSCURRENT (taking it from wherever it was).
- A version with no label left is deprecated: kept, listed only with
  IncludeDeprecated, and the oldest deprecated ones are dropped beyond 100.
"""

from __future__ import annotations

from cumulo.services.secretsmanager.models import Secret, Version

CURRENT, PREVIOUS, PENDING = "AWSCURRENT", "AWSPREVIOUS", "AWSPENDING"
MAX_DEPRECATED = 100


def attach(secret: Secret, version: Version, labels: list[str]) -> None:
    """Put `labels` on `version`, taking each from the version that had it."""
    _move(secret, version, labels)
    prune(secret, version)


def _move(secret: Secret, version: Version, labels: list[str]) -> None:
    for label in labels:
        holder = secret.version_with(label)
        if holder is version:
            continue
        if label == CURRENT and holder is not None:
            _move(secret, holder, [PREVIOUS])
        if holder is not None:
            holder.stages.remove(label)
        version.stages.append(label)


def detach(secret: Secret, version: Version, label: str) -> None:
    if label in version.stages:
        version.stages.remove(label)
    prune(secret)


def prune(secret: Secret, keep: Version | None = None) -> None:
    deprecated = sorted((v for v in secret.versions.values() if not v.stages and v is not keep), key=lambda v: v.created)
    for v in deprecated[: max(0, len(deprecated) - MAX_DEPRECATED)]:
        del secret.versions[v.id]


def stages_map(secret: Secret) -> dict[str, list[str]]:
    return {v.id: list(v.stages) for v in secret.versions.values() if v.stages}
