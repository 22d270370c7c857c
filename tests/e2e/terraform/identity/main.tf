# IAM as a real stack declares it: a role with a trust policy, managed and inline
# policies, a user in a group with a key, an instance profile and an OIDC provider.

data "aws_iam_policy_document" "lambda_trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "worker" {
  name                 = "tf-worker-role"
  path                 = "/service/"
  assume_role_policy   = data.aws_iam_policy_document.lambda_trust.json
  max_session_duration = 7200
  description          = "runs the worker"
  tags = {
    team = "payments"
  }
}

resource "aws_iam_policy" "queue_access" {
  name        = "tf-queue-access"
  path        = "/app/"
  description = "send and receive on the jobs queue"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["sqs:SendMessage", "sqs:ReceiveMessage"]
      Resource = "arn:aws:sqs:us-east-1:000000000000:tf-jobs"
    }]
  })
  tags = {
    team = "payments"
  }
}

resource "aws_iam_role_policy_attachment" "worker_queue" {
  role       = aws_iam_role.worker.name
  policy_arn = aws_iam_policy.queue_access.arn
}

resource "aws_iam_role_policy_attachment" "worker_logs" {
  role       = aws_iam_role.worker.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
}

resource "aws_iam_role_policy" "worker_table" {
  name = "table"
  role = aws_iam_role.worker.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = ["dynamodb:GetItem", "dynamodb:PutItem"]
      Resource  = "arn:aws:dynamodb:us-east-1:000000000000:table/tf-orders"
      Condition = { Bool = { "aws:SecureTransport" = "true" } }
    }]
  })
}

resource "aws_iam_instance_profile" "worker" {
  name = "tf-worker-profile"
  role = aws_iam_role.worker.name
}

resource "aws_iam_group" "developers" {
  name = "tf-developers"
  path = "/people/"
}

resource "aws_iam_group_policy_attachment" "developers_read" {
  group      = aws_iam_group.developers.name
  policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
}

resource "aws_iam_user" "deployer" {
  name = "tf-deployer"
  path = "/people/"
  tags = {
    role = "ci"
  }
}

resource "aws_iam_user_group_membership" "deployer" {
  user   = aws_iam_user.deployer.name
  groups = [aws_iam_group.developers.name]
}

resource "aws_iam_user_policy" "deployer" {
  name = "deploy"
  user = aws_iam_user.deployer.name
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "lambda:UpdateFunctionCode", Resource = "*" }]
  })
}

resource "aws_iam_access_key" "deployer" {
  user = aws_iam_user.deployer.name
}

resource "aws_iam_openid_connect_provider" "github" {
  url             = "https://token.actions.githubusercontent.com"
  client_id_list  = ["sts.amazonaws.com"]
  thumbprint_list = ["6938fd4d98bab03faadb97b34396831e3780aea1"]
}

output "role_arn" {
  value = aws_iam_role.worker.arn
}

output "access_key_id" {
  value = aws_iam_access_key.deployer.id
}

output "secret_access_key" {
  value     = aws_iam_access_key.deployer.secret
  sensitive = true
}

output "oidc_arn" {
  value = aws_iam_openid_connect_provider.github.arn
}
