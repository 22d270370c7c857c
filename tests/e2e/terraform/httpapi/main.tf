# An HTTP API: a Python Lambda function behind a JWT-authorized route and a public
# one, on an auto-deployed $default stage with CORS. The test serves the JWKS of
# the issuer (var.issuer) and calls both routes over HTTP.

variable "function_zip" {
  type = string
}

variable "issuer" {
  type = string
}

resource "aws_lambda_function" "hello" {
  function_name    = "tf-hello"
  role             = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:role/tf-hello"
  runtime          = "python3.12"
  handler          = "hello.handler"
  filename         = var.function_zip
  source_code_hash = filebase64sha256(var.function_zip)
  timeout          = 10
}

resource "aws_apigatewayv2_api" "http" {
  name          = "tf-http"
  protocol_type = "HTTP"
  description   = "cumulo terraform test"

  cors_configuration {
    allow_origins = ["https://app.example"]
    allow_methods = ["GET"]
    max_age       = 60
  }

  tags = {
    team = "platform"
  }
}

resource "aws_apigatewayv2_authorizer" "jwt" {
  api_id           = aws_apigatewayv2_api.http.id
  name             = "jwt"
  authorizer_type  = "JWT"
  identity_sources = ["$request.header.Authorization"]

  jwt_configuration {
    issuer   = var.issuer
    audience = ["tf-app"]
  }
}

resource "aws_apigatewayv2_integration" "hello" {
  api_id                 = aws_apigatewayv2_api.http.id
  integration_type       = "AWS_PROXY"
  integration_uri        = aws_lambda_function.hello.invoke_arn
  payload_format_version = "2.0"
}

resource "aws_apigatewayv2_route" "private" {
  api_id               = aws_apigatewayv2_api.http.id
  route_key            = "GET /private"
  target               = "integrations/${aws_apigatewayv2_integration.hello.id}"
  authorization_type   = "JWT"
  authorizer_id        = aws_apigatewayv2_authorizer.jwt.id
  authorization_scopes = ["hello:read"]
}

resource "aws_apigatewayv2_route" "public" {
  api_id    = aws_apigatewayv2_api.http.id
  route_key = "GET /public/{name}"
  target    = "integrations/${aws_apigatewayv2_integration.hello.id}"
}

resource "aws_apigatewayv2_stage" "default" {
  api_id      = aws_apigatewayv2_api.http.id
  name        = "$default"
  auto_deploy = true

  stage_variables = {
    greeting = "hello"
  }
}

resource "aws_lambda_permission" "apigw" {
  statement_id  = "apigw"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.hello.function_name
  principal     = "apigateway.amazonaws.com"
  source_arn    = "${aws_apigatewayv2_api.http.execution_arn}/*/*"
}

output "api_id" {
  value = aws_apigatewayv2_api.http.id
}

output "api_endpoint" {
  value = aws_apigatewayv2_api.http.api_endpoint
}
