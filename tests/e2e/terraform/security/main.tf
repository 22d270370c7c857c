# KMS keys (symmetric with rotation, an asymmetric signing key), an alias, a
# grant; a secret under the customer key with a version and a rotation
# schedule run by a Lambda rotation function (from a local zip made by the test).

variable "rotator_zip" {
  type = string
}

resource "aws_kms_key" "main" {
  description             = "tf main key"
  deletion_window_in_days = 7
  enable_key_rotation     = true
  rotation_period_in_days = 90
  tags = {
    team = "security"
  }
}

resource "aws_kms_key" "signing" {
  description              = "tf signing key"
  customer_master_key_spec = "ECC_NIST_P256"
  key_usage                = "SIGN_VERIFY"
  deletion_window_in_days  = 7
}

resource "aws_kms_alias" "main" {
  name          = "alias/tf-main"
  target_key_id = aws_kms_key.main.key_id
}

resource "aws_kms_grant" "app" {
  name              = "tf-app"
  key_id            = aws_kms_key.main.key_id
  grantee_principal = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:role/tf-app"
  operations        = ["Encrypt", "Decrypt", "GenerateDataKey"]
  constraints {
    encryption_context_equals = {
      app = "tf"
    }
  }
}

resource "aws_lambda_function" "rotator" {
  function_name    = "tf-rotator"
  role             = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:role/tf-rotator"
  runtime          = "python3.12"
  handler          = "rotator.lambda_handler"
  filename         = var.rotator_zip
  source_code_hash = filebase64sha256(var.rotator_zip)
  timeout          = 30
}

resource "aws_secretsmanager_secret" "db" {
  name                    = "tf-db"
  description             = "database credentials"
  kms_key_id              = aws_kms_key.main.arn
  recovery_window_in_days = 7
  tags = {
    team = "security"
  }
}

resource "aws_secretsmanager_secret_version" "db" {
  secret_id     = aws_secretsmanager_secret.db.id
  secret_string = jsonencode({ username = "admin", password = "initial-password" })
}

resource "aws_secretsmanager_secret_rotation" "db" {
  secret_id           = aws_secretsmanager_secret.db.id
  rotation_lambda_arn = aws_lambda_function.rotator.arn
  rotation_rules {
    automatically_after_days = 30
  }
  depends_on = [aws_secretsmanager_secret_version.db]
}

resource "aws_secretsmanager_secret_policy" "db" {
  secret_arn          = aws_secretsmanager_secret.db.arn
  block_public_policy = true
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "ReadersOnly"
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:role/tf-reader" }
      Action    = "secretsmanager:GetSecretValue"
      Resource  = "*"
    }]
  })
}

resource "aws_kms_key" "multi" {
  description             = "tf multi-Region key"
  deletion_window_in_days = 7
  multi_region            = true
}

provider "aws" {
  alias                   = "west"
  region                  = "us-west-2"
  access_key              = "test"
  secret_key              = "test"
  skip_metadata_api_check = true
  endpoints {
    iam = var.endpoint
    kms = var.endpoint
    sts = var.endpoint
  }
}

resource "aws_kms_replica_key" "west" {
  provider                = aws.west
  description             = "tf replica"
  primary_key_arn         = aws_kms_key.multi.arn
  deletion_window_in_days = 7
}

output "key_id" {
  value = aws_kms_key.main.key_id
}

output "signing_key_id" {
  value = aws_kms_key.signing.key_id
}

output "secret_arn" {
  value = aws_secretsmanager_secret.db.arn
}

output "grant_id" {
  value = aws_kms_grant.app.grant_id
}

output "multi_key_id" {
  value = aws_kms_key.multi.key_id
}

output "replica_arn" {
  value = aws_kms_replica_key.west.arn
}
