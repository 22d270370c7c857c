#!/usr/bin/env bash
# Install cumulo with its test dependencies, check the layering, the lint and the types, and run the whole suite.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m pip install --quiet --disable-pip-version-check -e '.[test]'
lint-imports --no-cache
python3 -m ruff check --quiet cumulo tests bench
# The JavaScript SDK e2e suite's packages (tests/e2e/test_javascript_sdk.py skips without them).
if command -v npm >/dev/null; then
  npm ci --prefix tests/e2e/js --no-audit --no-fund --loglevel=error
fi
python3 -m mypy --ignore-missing-imports --follow-imports=silent cumulo/protocol cumulo/state cumulo/core \
    cumulo/router.py cumulo/internal.py cumulo/server.py cumulo/config.py cumulo/tls.py cumulo/services/__init__.py \
    cumulo/services/sts cumulo/services/sqs cumulo/testing cumulo/codegen.py cumulo/gateway.py \
    cumulo/engines cumulo/services/sns cumulo/services/kms cumulo/services/secretsmanager cumulo/services/s3/sse_kms.py \
    cumulo/services/ssm cumulo/services/logs cumulo/services/cloudwatch cumulo/services/events cumulo/services/scheduler \
    cumulo/services/pipes cumulo/services/kinesis cumulo/services/firehose cumulo/services/iam \
    cumulo/auth/actions.py cumulo/auth/authorize.py cumulo/auth/decisions.py cumulo/compat cumulo/services/stepfunctions \
    scripts/update_models.py
python3 -m pytest -n 2 "$@"
