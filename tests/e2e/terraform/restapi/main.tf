# A REST API (API Gateway v1) in front of a Python function: a greedy {proxy+}
# resource with ANY through AWS_PROXY, behind a TOKEN Lambda authorizer, deployed
# to a stage with variables and method settings, and an API key in a usage plan.
# The test calls it over HTTP, then plans (no drift) and destroys.

variable "function_zip" {
  type = string
}

locals {
  role = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:role/tf-apigw"
}

resource "aws_lambda_function" "backend" {
  function_name    = "tf-apigw-backend"
  role             = local.role
  runtime          = "python3.12"
  handler          = "handlers.backend"
  filename         = var.function_zip
  source_code_hash = filebase64sha256(var.function_zip)
}

resource "aws_lambda_function" "authorizer" {
  function_name    = "tf-apigw-authorizer"
  role             = local.role
  runtime          = "python3.12"
  handler          = "handlers.authorizer"
  filename         = var.function_zip
  source_code_hash = filebase64sha256(var.function_zip)
}

resource "aws_api_gateway_rest_api" "shop" {
  name        = "tf-shop"
  description = "orders through a Lambda proxy"
  endpoint_configuration {
    types = ["REGIONAL"]
  }
  tags = {
    team = "orders"
  }
}

resource "aws_api_gateway_resource" "proxy" {
  rest_api_id = aws_api_gateway_rest_api.shop.id
  parent_id   = aws_api_gateway_rest_api.shop.root_resource_id
  path_part   = "{proxy+}"
}

resource "aws_api_gateway_authorizer" "token" {
  name                             = "tf-token"
  rest_api_id                      = aws_api_gateway_rest_api.shop.id
  type                             = "TOKEN"
  authorizer_uri                   = aws_lambda_function.authorizer.invoke_arn
  identity_source                  = "method.request.header.Authorization"
  authorizer_result_ttl_in_seconds = 60
}

resource "aws_api_gateway_method" "any" {
  rest_api_id   = aws_api_gateway_rest_api.shop.id
  resource_id   = aws_api_gateway_resource.proxy.id
  http_method   = "ANY"
  authorization = "CUSTOM"
  authorizer_id = aws_api_gateway_authorizer.token.id
  request_parameters = {
    "method.request.path.proxy" = true
  }
}

resource "aws_api_gateway_integration" "lambda" {
  rest_api_id             = aws_api_gateway_rest_api.shop.id
  resource_id             = aws_api_gateway_resource.proxy.id
  http_method             = aws_api_gateway_method.any.http_method
  integration_http_method = "POST"
  type                    = "AWS_PROXY"
  uri                     = aws_lambda_function.backend.invoke_arn
}

resource "aws_lambda_permission" "apigw" {
  statement_id  = "AllowAPIGateway"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.backend.function_name
  principal     = "apigateway.amazonaws.com"
  source_arn    = "${aws_api_gateway_rest_api.shop.execution_arn}/*/*"
}

resource "aws_api_gateway_deployment" "v1" {
  rest_api_id = aws_api_gateway_rest_api.shop.id
  depends_on  = [aws_api_gateway_integration.lambda]
  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_api_gateway_stage" "live" {
  rest_api_id   = aws_api_gateway_rest_api.shop.id
  deployment_id = aws_api_gateway_deployment.v1.id
  stage_name    = "live"
  variables = {
    flavour = "terraform"
  }
}

resource "aws_api_gateway_method_settings" "all" {
  rest_api_id = aws_api_gateway_rest_api.shop.id
  stage_name  = aws_api_gateway_stage.live.stage_name
  method_path = "*/*"
  settings {
    metrics_enabled        = true
    throttling_rate_limit  = 100
    throttling_burst_limit = 50
  }
}

resource "aws_api_gateway_api_key" "client" {
  name  = "tf-client"
  value = "tf-client-key-0123456789"
}

resource "aws_api_gateway_usage_plan" "basic" {
  name = "tf-basic"
  api_stages {
    api_id = aws_api_gateway_rest_api.shop.id
    stage  = aws_api_gateway_stage.live.stage_name
  }
  quota_settings {
    limit  = 1000
    period = "DAY"
  }
  throttle_settings {
    rate_limit  = 10
    burst_limit = 20
  }
}

resource "aws_api_gateway_usage_plan_key" "client" {
  key_id        = aws_api_gateway_api_key.client.id
  key_type      = "API_KEY"
  usage_plan_id = aws_api_gateway_usage_plan.basic.id
}

output "api_id" {
  value = aws_api_gateway_rest_api.shop.id
}

output "invoke_url" {
  value = aws_api_gateway_stage.live.invoke_url
}
