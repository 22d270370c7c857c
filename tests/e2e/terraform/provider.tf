# The AWS provider pointed at cumulo, as tflocal sets it up. Copied beside each
# configuration by tests/e2e/test_terraform.py, which sets var.endpoint.
#
# Nothing is skipped that cumulo can answer: credentials are validated and the
# account id is read through STS GetCallerIdentity. Only the EC2 metadata
# lookup is skipped (there is no instance). IAM points at cumulo too, so a
# stray IAM call fails loudly here instead of trying the network.

terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "5.100.0"
    }
  }
}

variable "endpoint" {
  type = string
}

provider "aws" {
  region                  = "us-east-1"
  access_key              = "test"
  secret_key              = "test"
  s3_use_path_style       = true
  skip_metadata_api_check = true

  endpoints {
    cloudformation = var.endpoint
    apigateway = var.endpoint
    cloudwatch = var.endpoint
    cloudwatchlogs = var.endpoint
    cognitoidentity = var.endpoint
    cognitoidp = var.endpoint
    dynamodb = var.endpoint
    ecr      = var.endpoint
    firehose = var.endpoint
    events   = var.endpoint
    iam      = var.endpoint
    kinesis  = var.endpoint
    lambda   = var.endpoint
    pipes    = var.endpoint
    s3       = var.endpoint
    scheduler = var.endpoint
    sfn      = var.endpoint
    sqs      = var.endpoint
    sns      = var.endpoint
    ssm      = var.endpoint
    apigatewayv2 = var.endpoint
    sts      = var.endpoint
  }
}

data "aws_caller_identity" "current" {}

output "account_id" {
  value = data.aws_caller_identity.current.account_id
}
