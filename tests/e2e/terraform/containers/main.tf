# ECR: repositories with lifecycle and repository policies, a replication configuration,
# a registry policy, a pull-through cache rule and a repository creation template.

resource "aws_ecr_repository" "app" {
  name                 = "tf/app"
  image_tag_mutability = "IMMUTABLE"
  force_delete         = true

  image_scanning_configuration {
    scan_on_push = true
  }

  encryption_configuration {
    encryption_type = "AES256"
  }

  tags = {
    team = "platform"
  }
}

resource "aws_ecr_repository" "worker" {
  name = "tf/worker"
}

resource "aws_ecr_lifecycle_policy" "app" {
  repository = aws_ecr_repository.app.name
  policy = jsonencode({
    rules = [
      {
        rulePriority = 1
        description  = "keep the ten newest release images"
        selection = {
          tagStatus     = "tagged"
          tagPrefixList = ["release"]
          countType     = "imageCountMoreThan"
          countNumber   = 10
        }
        action = { type = "expire" }
      },
      {
        rulePriority = 2
        description  = "expire untagged images after a week"
        selection = {
          tagStatus   = "untagged"
          countType   = "sinceImagePushed"
          countUnit   = "days"
          countNumber = 7
        }
        action = { type = "expire" }
      }
    ]
  })
}

resource "aws_ecr_repository_policy" "app" {
  repository = aws_ecr_repository.app.name
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "pull"
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::111111111111:root" }
      Action    = ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability"]
    }]
  })
}

resource "aws_ecr_replication_configuration" "main" {
  replication_configuration {
    rule {
      destination {
        region      = "eu-west-1"
        registry_id = data.aws_caller_identity.current.account_id
      }
      repository_filter {
        filter      = "tf"
        filter_type = "PREFIX_MATCH"
      }
    }
  }
}

resource "aws_ecr_registry_policy" "main" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "replicate"
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::111111111111:root" }
      Action    = ["ecr:ReplicateImage", "ecr:CreateRepository"]
      Resource  = "arn:aws:ecr:us-east-1:${data.aws_caller_identity.current.account_id}:repository/*"
    }]
  })
}

resource "aws_ecr_pull_through_cache_rule" "mirror" {
  ecr_repository_prefix = "mirror"
  upstream_registry_url = "${data.aws_caller_identity.current.account_id}.dkr.ecr.us-west-2.localhost.localstack.cloud"
}

resource "aws_ecr_repository_creation_template" "auto" {
  prefix               = "auto"
  description          = "repositories made by replication and caching"
  image_tag_mutability = "MUTABLE"
  applied_for          = ["PULL_THROUGH_CACHE", "REPLICATION"]
}

output "repository_url" {
  value = aws_ecr_repository.app.repository_url
}

output "repository_arn" {
  value = aws_ecr_repository.app.arn
}
