#!/usr/bin/env bash
# Install cumulo with its test dependencies, check the layering, the lint and the types, and run the whole suite.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m pip install --quiet --disable-pip-version-check -e '.[test]'
lint-imports --no-cache
python3 -m ruff check --quiet cumulo tests bench
# The JavaScript SDK and CDK e2e suites' packages (tests/e2e/test_javascript_sdk.py, test_cdk.py skip without them).
if command -v npm >/dev/null; then
  npm ci --prefix tests/e2e/js --no-audit --no-fund --loglevel=error
  npm ci --prefix tests/e2e/cdk --no-audit --no-fund --loglevel=error || echo "the CDK packages did not install; its tests will skip"
  # The AWS SDK for JavaScript v3 that Node.js functions find as on AWS (tests/services/lambda/test_node_sdk.py).
  python3 -m cumulo.cli node-sdk >/dev/null || echo "the Node SDK did not install; its tests will skip"
fi
# Debian packages some tests drive (each skips with its reason without them): headless Chromium for
# the console and Cognito's hosted page, skopeo as an OCI client of ECR's registry.
missing=""
command -v chromium >/dev/null || missing="$missing chromium chromium-driver"
command -v skopeo >/dev/null || missing="$missing skopeo"
if [ -n "$missing" ] && command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null) || echo "apt-get install$missing failed; those tests will skip"
fi
# The SAM CLI pins its own boto3: it lives in a venv of its own (tests/e2e/test_sam_cli.py).
if [ ! -x .venv-sam/bin/sam ]; then
  (python3 -m venv .venv-sam && .venv-sam/bin/pip install --quiet --disable-pip-version-check aws-sam-cli) || echo "the SAM CLI did not install; its tests will skip"
fi
[ -x .venv-sam/bin/sam ] && [ ! -x .venv-sam/bin/samlocal ] && \
  (.venv-sam/bin/pip install --quiet --disable-pip-version-check aws-sam-cli-local || echo "samlocal did not install; its test will skip")
[ -x .venv-sam/bin/sam ] && export CUMULO_SAM_CLI="$PWD/.venv-sam/bin/sam"
python3 -m mypy --ignore-missing-imports --follow-imports=silent cumulo/protocol cumulo/state cumulo/core cumulo/services/s3/keyindex.py cumulo/services/s3/listing.py \
    cumulo/router.py cumulo/internal.py cumulo/server.py cumulo/config.py cumulo/tls.py cumulo/services/__init__.py \
    cumulo/services/sts cumulo/services/sqs cumulo/testing cumulo/codegen.py cumulo/gateway.py \
    cumulo/engines cumulo/services/sns cumulo/services/kms cumulo/services/secretsmanager cumulo/services/s3/sse_kms.py \
    cumulo/services/ssm cumulo/services/logs cumulo/services/cloudwatch cumulo/services/events cumulo/services/scheduler \
    cumulo/services/pipes cumulo/services/kinesis cumulo/services/firehose cumulo/services/iam \
    cumulo/auth/actions.py cumulo/auth/authorize.py cumulo/auth/decisions.py cumulo/auth/conditionkeys.py cumulo/auth/invoke.py cumulo/compat cumulo/services/stepfunctions \
    cumulo/services/cloudformation cumulo/services/awslambda/cfn.py cumulo/services/s3/cfn.py cumulo/services/dynamodb/cfn.py cumulo/services/dynamodb/resource_policy.py \
    cumulo/services/apigateway cumulo/services/apigatewayv2 cumulo/services/cognito_idp cumulo/services/cognito_identity \
    cumulo/services/ecr cumulo/services/awslambda/images.py cumulo/console cumulo/runtimes/nodesdk.py \
    scripts/update_models.py
python3 -m pytest -n 2 "$@"
