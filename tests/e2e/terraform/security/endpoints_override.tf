# This configuration also talks to KMS and Secrets Manager: an override file
# (merged over the shared provider.tf) points those endpoints at cumulo too.
provider "aws" {
  endpoints {
    iam            = var.endpoint
    kms            = var.endpoint
    lambda         = var.endpoint
    secretsmanager = var.endpoint
    sts            = var.endpoint
  }
}
