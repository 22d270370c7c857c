"""Staging labels on their own: random sequences of moves keep AWS's invariants."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from cumulo.services.secretsmanager import stages
from cumulo.services.secretsmanager.models import Secret, Version

LABELS = ["AWSCURRENT", "AWSPENDING", "custom-a", "custom-b"]


def _secret() -> Secret:
    return Secret("s", "arn", "000000000000", "us-east-1", 0.0)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 5), st.lists(st.sampled_from(LABELS), min_size=1, max_size=3), st.booleans()), min_size=1, max_size=30))
def test_label_moves_keep_the_invariants(moves: list[tuple[int, list[str], bool]]) -> None:
    secret = _secret()
    for i, (target, labels, detach) in enumerate(moves):
        vid = f"v{target}"
        version = secret.versions.get(vid)
        if version is None:
            version = secret.versions[vid] = Version(vid, float(i), [], False, b"k", b"s")
        current_before = secret.version_with(stages.CURRENT)
        if detach and labels[0] != stages.CURRENT:  # AWSCURRENT only moves (UpdateSecretVersionStage refuses to drop it)
            stages.detach(secret, version, labels[0])
            assert labels[0] not in version.stages
        elif not detach:
            stages.attach(secret, version, labels)
            assert all(label in version.stages for label in labels)
            if stages.CURRENT in labels and current_before is not None and current_before is not version:
                assert stages.PREVIOUS in current_before.stages  # AWSPREVIOUS follows AWSCURRENT
        every = [label for v in secret.versions.values() for label in v.stages]
        assert len(every) == len(set(every))  # a label is on one version at most
        assert not (set(every) & {stages.PREVIOUS}) or stages.CURRENT in every


def test_deprecated_versions_beyond_the_limit_are_dropped() -> None:
    secret = _secret()
    for i in range(stages.MAX_DEPRECATED + 5):
        v = secret.versions[f"v{i}"] = Version(f"v{i}", float(i), [], False, b"k", b"s")
        stages.attach(secret, v, [stages.CURRENT])
    deprecated = [v for v in secret.versions.values() if not v.stages]
    assert len(deprecated) == stages.MAX_DEPRECATED
    assert "v0" not in secret.versions and secret.version_with(stages.CURRENT).id == f"v{stages.MAX_DEPRECATED + 4}"  # type: ignore[union-attr]
