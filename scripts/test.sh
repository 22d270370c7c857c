#!/usr/bin/env bash
# Install cumulo with its test dependencies, check the layering, and run the whole suite.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m pip install --quiet --disable-pip-version-check -e '.[test]'
lint-imports --no-cache
python3 -m pytest -n 2 "$@"
