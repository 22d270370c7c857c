"""The public parameter namespace, `/aws/service/...`, read-only and the same in every account.

Regions and services come from botocore's endpoint data, so lookups such as
`/aws/service/global-infrastructure/regions/us-east-1/longName` answer what
AWS answers. AMI and image parameters answer ids that are fake but stable: the
same name in the same region always gives the same `ami-...`, so Terraform
and CDK lookups resolve and plans show no drift.
"""

from __future__ import annotations

import hashlib
from functools import cache

PREFIX = "/aws/service/"
PUBLISHED = 1767225600.0  # 2026-01-01T00:00:00Z: when the fake catalogue "last changed"

_AMAZON_LINUX = [
    f"al2023-ami-{kind}-{arch}"
    for kind in ("kernel-default", "kernel-6.1", "kernel-6.12", "minimal-kernel-default", "minimal-kernel-6.1")
    for arch in ("x86_64", "arm64")
] + [
    "amzn2-ami-hvm-x86_64-gp2",
    "amzn2-ami-hvm-arm64-gp2",
    "amzn2-ami-hvm-x86_64-ebs",
    "amzn2-ami-kernel-5.10-hvm-x86_64-gp2",
    "amzn2-ami-kernel-5.10-hvm-arm64-gp2",
    "amzn2-ami-minimal-hvm-x86_64-ebs",
    "amzn-ami-hvm-x86_64-gp2",
]
_IMAGES = (
    [f"ami-amazon-linux-latest/{n}" for n in _AMAZON_LINUX]
    + [
        f"ecs/optimized-ami/{flavour}/recommended/image_id"
        for flavour in ("amazon-linux-2", "amazon-linux-2/arm64", "amazon-linux-2/gpu", "amazon-linux-2023", "amazon-linux-2023/arm64")
    ]
    + [
        f"eks/optimized-ami/{version}/{flavour}/recommended/image_id"
        for version in ("1.29", "1.30", "1.31", "1.32", "1.33")
        for flavour in ("amazon-linux-2", "amazon-linux-2-arm64", "amazon-linux-2023/x86_64/standard", "amazon-linux-2023/arm64/standard")
    ]
    + [
        f"canonical/ubuntu/server/{release}/stable/current/{arch}/hvm/{disk}/ami-id"
        for release in ("20.04", "22.04", "24.04")
        for arch in ("amd64", "arm64")
        for disk in ("ebs-gp2", "ebs-gp3")
    ]
    + [f"debian/release/{r}/latest/{a}" for r in ("11", "12") for a in ("amd64", "arm64")]
    + [f"bottlerocket/aws-k8s-{v}/{a}/latest/image_id" for v in ("1.30", "1.31", "1.32") for a in ("x86_64", "arm64")]
    + [
        f"ami-windows-latest/{n}"
        for n in (
            "Windows_Server-2019-English-Full-Base",
            "Windows_Server-2022-English-Full-Base",
            "Windows_Server-2025-English-Full-Base",
        )
    ]
)


def fake_image_id(region: str, path: str) -> str:
    return "ami-" + hashlib.sha256(f"{region}|{path}".encode()).hexdigest()[:17]


@cache
def _endpoints() -> tuple[dict[str, str], dict[str, list[str]]]:
    import botocore.loaders

    partition = botocore.loaders.Loader().load_data("endpoints")["partitions"][0]
    regions = {name: info.get("description", name) for name, info in partition["regions"].items()}
    services = {
        name: sorted(r for r in info.get("endpoints", {}) if r in regions) for name, info in partition["services"].items()
    }
    return regions, {k: v for k, v in services.items() if v}


@cache
def catalogue(region: str) -> dict[str, tuple[str, str]]:
    """Every public parameter in `region`: name -> (value, data type)."""
    regions, services = _endpoints()
    out: dict[str, tuple[str, str]] = {}
    base = PREFIX + "global-infrastructure"
    for code, description in regions.items():
        r = f"{base}/regions/{code}"
        out[r] = (code, "text")
        out[f"{r}/longName"] = (description, "text")
        out[f"{r}/partition"] = ("aws", "text")
        out[f"{r}/domain"] = ("amazonaws.com", "text")
    for service, present in services.items():
        s = f"{base}/services/{service}"
        out[s] = (service, "text")
        for code in present:
            out[f"{s}/regions/{code}"] = (code, "text")
            out[f"{base}/regions/{code}/services/{service}"] = (service, "text")
    out[f"{base}/current-region"] = (region, "text")
    for path in _IMAGES:
        out[PREFIX + path] = (fake_image_id(region, path), "aws:ec2:image")
    return out


@cache
def sorted_names(region: str) -> list[str]:
    return sorted(catalogue(region))


def is_public(name: str) -> bool:
    return name.startswith(PREFIX) or name.startswith("aws/service/")
