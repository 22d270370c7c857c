"""Wire types of AmazonApiGatewayV2, generated from botocore's model: do not edit.

Regenerate with `python -m cumulo.codegen`.
"""

from datetime import datetime

from typing import Required, TypedDict

from cumulo.core.errors import ModelledError

OPERATIONS = ('CreateApi', 'CreateApiMapping', 'CreateAuthorizer', 'CreateDeployment', 'CreateDomainName', 'CreateIntegration', 'CreateIntegrationResponse', 'CreateModel', 'CreatePortal', 'CreatePortalProduct', 'CreateProductPage', 'CreateProductRestEndpointPage', 'CreateRoute', 'CreateRouteResponse', 'CreateRoutingRule', 'CreateStage', 'CreateVpcLink', 'DeleteAccessLogSettings', 'DeleteApi', 'DeleteApiMapping', 'DeleteAuthorizer', 'DeleteCorsConfiguration', 'DeleteDeployment', 'DeleteDomainName', 'DeleteIntegration', 'DeleteIntegrationResponse', 'DeleteModel', 'DeletePortal', 'DeletePortalProduct', 'DeletePortalProductSharingPolicy', 'DeleteProductPage', 'DeleteProductRestEndpointPage', 'DeleteRoute', 'DeleteRouteRequestParameter', 'DeleteRouteResponse', 'DeleteRouteSettings', 'DeleteRoutingRule', 'DeleteStage', 'DeleteVpcLink', 'ExportApi', 'DisablePortal', 'ResetAuthorizersCache', 'GetApi', 'GetApiMapping', 'GetApiMappings', 'GetApis', 'GetAuthorizer', 'GetAuthorizers', 'GetDeployment', 'GetDeployments', 'GetDomainName', 'GetDomainNames', 'GetIntegration', 'GetIntegrationResponse', 'GetIntegrationResponses', 'GetIntegrations', 'GetModel', 'GetModelTemplate', 'GetModels', 'GetPortal', 'GetPortalProduct', 'GetPortalProductSharingPolicy', 'GetProductPage', 'GetProductRestEndpointPage', 'GetRoute', 'GetRouteResponse', 'GetRouteResponses', 'GetRoutes', 'GetRoutingRule', 'ListRoutingRules', 'GetStage', 'GetStages', 'GetTags', 'GetVpcLink', 'GetVpcLinks', 'ImportApi', 'ListPortalProducts', 'ListPortals', 'ListProductPages', 'ListProductRestEndpointPages', 'PreviewPortal', 'PublishPortal', 'PutPortalProductSharingPolicy', 'PutRoutingRule', 'ReimportApi', 'TagResource', 'UntagResource', 'UpdateApi', 'UpdateApiMapping', 'UpdateAuthorizer', 'UpdateDeployment', 'UpdateDomainName', 'UpdateIntegration', 'UpdateIntegrationResponse', 'UpdateModel', 'UpdatePortal', 'UpdatePortalProduct', 'UpdateProductPage', 'UpdateProductRestEndpointPage', 'UpdateRoute', 'UpdateRouteResponse', 'UpdateStage', 'UpdateVpcLink')


class CreateApiMappingRequest(TypedDict, total=False):
    ApiId: Required[str]
    ApiMappingKey: str
    DomainName: Required[str]
    Stage: Required[str]


class CreateApiMappingResponse(TypedDict, total=False):
    ApiId: str
    ApiMappingId: str
    ApiMappingKey: str
    Stage: str


class CreateApiRequest(TypedDict, total=False):
    ApiKeySelectionExpression: str
    CorsConfiguration: "Cors"
    CredentialsArn: str
    Description: str
    DisableSchemaValidation: bool
    DisableExecuteApiEndpoint: bool
    IpAddressType: str
    Name: Required[str]
    ProtocolType: Required[str]
    RouteKey: str
    RouteSelectionExpression: str
    Tags: dict[str, str]
    Target: str
    Version: str


class CreateApiResponse(TypedDict, total=False):
    ApiEndpoint: str
    ApiGatewayManaged: bool
    ApiId: str
    ApiKeySelectionExpression: str
    CorsConfiguration: "Cors"
    CreatedDate: datetime
    Description: str
    DisableSchemaValidation: bool
    DisableExecuteApiEndpoint: bool
    ImportInfo: list[str]
    IpAddressType: str
    Name: str
    ProtocolType: str
    RouteSelectionExpression: str
    Tags: dict[str, str]
    Version: str
    Warnings: list[str]


class CreateAuthorizerRequest(TypedDict, total=False):
    ApiId: Required[str]
    AuthorizerCredentialsArn: str
    AuthorizerPayloadFormatVersion: str
    AuthorizerResultTtlInSeconds: int
    AuthorizerType: Required[str]
    AuthorizerUri: str
    EnableSimpleResponses: bool
    IdentitySource: Required[list[str]]
    IdentityValidationExpression: str
    JwtConfiguration: "JWTConfiguration"
    Name: Required[str]


class CreateAuthorizerResponse(TypedDict, total=False):
    AuthorizerCredentialsArn: str
    AuthorizerId: str
    AuthorizerPayloadFormatVersion: str
    AuthorizerResultTtlInSeconds: int
    AuthorizerType: str
    AuthorizerUri: str
    EnableSimpleResponses: bool
    IdentitySource: list[str]
    IdentityValidationExpression: str
    JwtConfiguration: "JWTConfiguration"
    Name: str


class CreateDeploymentRequest(TypedDict, total=False):
    ApiId: Required[str]
    Description: str
    StageName: str


class CreateDeploymentResponse(TypedDict, total=False):
    AutoDeployed: bool
    CreatedDate: datetime
    DeploymentId: str
    DeploymentStatus: str
    DeploymentStatusMessage: str
    Description: str


class CreateDomainNameRequest(TypedDict, total=False):
    DomainName: Required[str]
    DomainNameConfigurations: list["DomainNameConfiguration"]
    MutualTlsAuthentication: "MutualTlsAuthenticationInput"
    RoutingMode: str
    Tags: dict[str, str]


class CreateDomainNameResponse(TypedDict, total=False):
    ApiMappingSelectionExpression: str
    DomainName: str
    DomainNameArn: str
    DomainNameConfigurations: list["DomainNameConfiguration"]
    MutualTlsAuthentication: "MutualTlsAuthentication"
    RoutingMode: str
    Tags: dict[str, str]


class CreateIntegrationRequest(TypedDict, total=False):
    ApiId: Required[str]
    ConnectionId: str
    ConnectionType: str
    ContentHandlingStrategy: str
    CredentialsArn: str
    Description: str
    IntegrationMethod: str
    IntegrationSubtype: str
    IntegrationType: Required[str]
    IntegrationUri: str
    PassthroughBehavior: str
    PayloadFormatVersion: str
    RequestParameters: dict[str, str]
    RequestTemplates: dict[str, str]
    ResponseParameters: dict[str, dict[str, str]]
    TemplateSelectionExpression: str
    TimeoutInMillis: int
    TlsConfig: "TlsConfigInput"


class CreateIntegrationResponseRequest(TypedDict, total=False):
    ApiId: Required[str]
    ContentHandlingStrategy: str
    IntegrationId: Required[str]
    IntegrationResponseKey: Required[str]
    ResponseParameters: dict[str, str]
    ResponseTemplates: dict[str, str]
    TemplateSelectionExpression: str


class CreateIntegrationResponseResponse(TypedDict, total=False):
    ContentHandlingStrategy: str
    IntegrationResponseId: str
    IntegrationResponseKey: str
    ResponseParameters: dict[str, str]
    ResponseTemplates: dict[str, str]
    TemplateSelectionExpression: str


class CreateIntegrationResult(TypedDict, total=False):
    ApiGatewayManaged: bool
    ConnectionId: str
    ConnectionType: str
    ContentHandlingStrategy: str
    CredentialsArn: str
    Description: str
    IntegrationId: str
    IntegrationMethod: str
    IntegrationResponseSelectionExpression: str
    IntegrationSubtype: str
    IntegrationType: str
    IntegrationUri: str
    PassthroughBehavior: str
    PayloadFormatVersion: str
    RequestParameters: dict[str, str]
    RequestTemplates: dict[str, str]
    ResponseParameters: dict[str, dict[str, str]]
    TemplateSelectionExpression: str
    TimeoutInMillis: int
    TlsConfig: "TlsConfig"


class CreateModelRequest(TypedDict, total=False):
    ApiId: Required[str]
    ContentType: str
    Description: str
    Name: Required[str]
    Schema: Required[str]


class CreateModelResponse(TypedDict, total=False):
    ContentType: str
    Description: str
    ModelId: str
    Name: str
    Schema: str


class CreatePortalProductRequest(TypedDict, total=False):
    Description: str
    DisplayName: Required[str]
    Tags: dict[str, str]


class CreatePortalProductResponse(TypedDict, total=False):
    Description: str
    DisplayName: str
    DisplayOrder: "DisplayOrder"
    LastModified: datetime
    PortalProductArn: str
    PortalProductId: str
    Tags: dict[str, str]


class CreatePortalRequest(TypedDict, total=False):
    Authorization: Required["Authorization"]
    EndpointConfiguration: Required["EndpointConfigurationRequest"]
    IncludedPortalProductArns: list[str]
    LogoUri: str
    PortalContent: Required["PortalContent"]
    RumAppMonitorName: str
    Tags: dict[str, str]


class CreatePortalResponse(TypedDict, total=False):
    Authorization: "Authorization"
    EndpointConfiguration: "EndpointConfigurationResponse"
    IncludedPortalProductArns: list[str]
    LastModified: datetime
    LastPublished: datetime
    LastPublishedDescription: str
    PortalArn: str
    PortalContent: "PortalContent"
    PortalId: str
    PublishStatus: str
    RumAppMonitorName: str
    StatusException: "StatusException"
    Tags: dict[str, str]


class CreateProductPageRequest(TypedDict, total=False):
    DisplayContent: Required["DisplayContent"]
    PortalProductId: Required[str]


class CreateProductPageResponse(TypedDict, total=False):
    DisplayContent: "DisplayContent"
    LastModified: datetime
    ProductPageArn: str
    ProductPageId: str


class CreateProductRestEndpointPageRequest(TypedDict, total=False):
    DisplayContent: "EndpointDisplayContent"
    PortalProductId: Required[str]
    RestEndpointIdentifier: Required["RestEndpointIdentifier"]
    TryItState: str


class CreateProductRestEndpointPageResponse(TypedDict, total=False):
    DisplayContent: "EndpointDisplayContentResponse"
    LastModified: datetime
    ProductRestEndpointPageArn: str
    ProductRestEndpointPageId: str
    RestEndpointIdentifier: "RestEndpointIdentifier"
    Status: str
    StatusException: "StatusException"
    TryItState: str


class CreateRouteRequest(TypedDict, total=False):
    ApiId: Required[str]
    ApiKeyRequired: bool
    AuthorizationScopes: list[str]
    AuthorizationType: str
    AuthorizerId: str
    ModelSelectionExpression: str
    OperationName: str
    RequestModels: dict[str, str]
    RequestParameters: dict[str, "ParameterConstraints"]
    RouteKey: Required[str]
    RouteResponseSelectionExpression: str
    Target: str


class CreateRouteResponseRequest(TypedDict, total=False):
    ApiId: Required[str]
    ModelSelectionExpression: str
    ResponseModels: dict[str, str]
    ResponseParameters: dict[str, "ParameterConstraints"]
    RouteId: Required[str]
    RouteResponseKey: Required[str]


class CreateRouteResponseResponse(TypedDict, total=False):
    ModelSelectionExpression: str
    ResponseModels: dict[str, str]
    ResponseParameters: dict[str, "ParameterConstraints"]
    RouteResponseId: str
    RouteResponseKey: str


class CreateRouteResult(TypedDict, total=False):
    ApiGatewayManaged: bool
    ApiKeyRequired: bool
    AuthorizationScopes: list[str]
    AuthorizationType: str
    AuthorizerId: str
    ModelSelectionExpression: str
    OperationName: str
    RequestModels: dict[str, str]
    RequestParameters: dict[str, "ParameterConstraints"]
    RouteId: str
    RouteKey: str
    RouteResponseSelectionExpression: str
    Target: str


class CreateRoutingRuleRequest(TypedDict, total=False):
    Actions: Required[list["RoutingRuleAction"]]
    Conditions: Required[list["RoutingRuleCondition"]]
    DomainName: Required[str]
    DomainNameId: str
    Priority: Required[int]


class CreateRoutingRuleResponse(TypedDict, total=False):
    Actions: list["RoutingRuleAction"]
    Conditions: list["RoutingRuleCondition"]
    Priority: int
    RoutingRuleArn: str
    RoutingRuleId: str


class CreateStageRequest(TypedDict, total=False):
    AccessLogSettings: "AccessLogSettings"
    ApiId: Required[str]
    AutoDeploy: bool
    ClientCertificateId: str
    DefaultRouteSettings: "RouteSettings"
    DeploymentId: str
    Description: str
    RouteSettings: dict[str, "RouteSettings"]
    StageName: Required[str]
    StageVariables: dict[str, str]
    Tags: dict[str, str]


class CreateStageResponse(TypedDict, total=False):
    AccessLogSettings: "AccessLogSettings"
    ApiGatewayManaged: bool
    AutoDeploy: bool
    ClientCertificateId: str
    CreatedDate: datetime
    DefaultRouteSettings: "RouteSettings"
    DeploymentId: str
    Description: str
    LastDeploymentStatusMessage: str
    LastUpdatedDate: datetime
    RouteSettings: dict[str, "RouteSettings"]
    StageName: str
    StageVariables: dict[str, str]
    Tags: dict[str, str]


class CreateVpcLinkRequest(TypedDict, total=False):
    Name: Required[str]
    SecurityGroupIds: list[str]
    SubnetIds: Required[list[str]]
    Tags: dict[str, str]


class CreateVpcLinkResponse(TypedDict, total=False):
    CreatedDate: datetime
    Name: str
    SecurityGroupIds: list[str]
    SubnetIds: list[str]
    Tags: dict[str, str]
    VpcLinkId: str
    VpcLinkStatus: str
    VpcLinkStatusMessage: str
    VpcLinkVersion: str


class DeleteAccessLogSettingsRequest(TypedDict, total=False):
    ApiId: Required[str]
    StageName: Required[str]


class DeleteApiMappingRequest(TypedDict, total=False):
    ApiMappingId: Required[str]
    DomainName: Required[str]


class DeleteApiRequest(TypedDict, total=False):
    ApiId: Required[str]


class DeleteAuthorizerRequest(TypedDict, total=False):
    ApiId: Required[str]
    AuthorizerId: Required[str]


class DeleteCorsConfigurationRequest(TypedDict, total=False):
    ApiId: Required[str]


class DeleteDeploymentRequest(TypedDict, total=False):
    ApiId: Required[str]
    DeploymentId: Required[str]


class DeleteDomainNameRequest(TypedDict, total=False):
    DomainName: Required[str]


class DeleteIntegrationRequest(TypedDict, total=False):
    ApiId: Required[str]
    IntegrationId: Required[str]


class DeleteIntegrationResponseRequest(TypedDict, total=False):
    ApiId: Required[str]
    IntegrationId: Required[str]
    IntegrationResponseId: Required[str]


class DeleteModelRequest(TypedDict, total=False):
    ApiId: Required[str]
    ModelId: Required[str]


class DeletePortalProductRequest(TypedDict, total=False):
    PortalProductId: Required[str]


class DeletePortalProductSharingPolicyRequest(TypedDict, total=False):
    PortalProductId: Required[str]


class DeletePortalRequest(TypedDict, total=False):
    PortalId: Required[str]


class DeleteProductPageRequest(TypedDict, total=False):
    PortalProductId: Required[str]
    ProductPageId: Required[str]


class DeleteProductRestEndpointPageRequest(TypedDict, total=False):
    PortalProductId: Required[str]
    ProductRestEndpointPageId: Required[str]


class DeleteRouteRequest(TypedDict, total=False):
    ApiId: Required[str]
    RouteId: Required[str]


class DeleteRouteRequestParameterRequest(TypedDict, total=False):
    ApiId: Required[str]
    RequestParameterKey: Required[str]
    RouteId: Required[str]


class DeleteRouteResponseRequest(TypedDict, total=False):
    ApiId: Required[str]
    RouteId: Required[str]
    RouteResponseId: Required[str]


class DeleteRouteSettingsRequest(TypedDict, total=False):
    ApiId: Required[str]
    RouteKey: Required[str]
    StageName: Required[str]


class DeleteRoutingRuleRequest(TypedDict, total=False):
    DomainName: Required[str]
    DomainNameId: str
    RoutingRuleId: Required[str]


class DeleteStageRequest(TypedDict, total=False):
    ApiId: Required[str]
    StageName: Required[str]


class DeleteVpcLinkRequest(TypedDict, total=False):
    VpcLinkId: Required[str]


class DeleteVpcLinkResponse(TypedDict, total=False):
    pass


class DisablePortalRequest(TypedDict, total=False):
    PortalId: Required[str]


class ExportApiRequest(TypedDict, total=False):
    ApiId: Required[str]
    ExportVersion: str
    IncludeExtensions: bool
    OutputType: Required[str]
    Specification: Required[str]
    StageName: str


class ExportApiResponse(TypedDict, total=False):
    body: bytes


class GetApiMappingRequest(TypedDict, total=False):
    ApiMappingId: Required[str]
    DomainName: Required[str]


class GetApiMappingResponse(TypedDict, total=False):
    ApiId: str
    ApiMappingId: str
    ApiMappingKey: str
    Stage: str


class GetApiMappingsRequest(TypedDict, total=False):
    DomainName: Required[str]
    MaxResults: str
    NextToken: str


class GetApiMappingsResponse(TypedDict, total=False):
    Items: list["ApiMapping"]
    NextToken: str


class GetApiRequest(TypedDict, total=False):
    ApiId: Required[str]


class GetApiResponse(TypedDict, total=False):
    ApiEndpoint: str
    ApiGatewayManaged: bool
    ApiId: str
    ApiKeySelectionExpression: str
    CorsConfiguration: "Cors"
    CreatedDate: datetime
    Description: str
    DisableSchemaValidation: bool
    DisableExecuteApiEndpoint: bool
    ImportInfo: list[str]
    IpAddressType: str
    Name: str
    ProtocolType: str
    RouteSelectionExpression: str
    Tags: dict[str, str]
    Version: str
    Warnings: list[str]


class GetApisRequest(TypedDict, total=False):
    MaxResults: str
    NextToken: str


class GetApisResponse(TypedDict, total=False):
    Items: list["Api"]
    NextToken: str


class GetAuthorizerRequest(TypedDict, total=False):
    ApiId: Required[str]
    AuthorizerId: Required[str]


class GetAuthorizerResponse(TypedDict, total=False):
    AuthorizerCredentialsArn: str
    AuthorizerId: str
    AuthorizerPayloadFormatVersion: str
    AuthorizerResultTtlInSeconds: int
    AuthorizerType: str
    AuthorizerUri: str
    EnableSimpleResponses: bool
    IdentitySource: list[str]
    IdentityValidationExpression: str
    JwtConfiguration: "JWTConfiguration"
    Name: str


class GetAuthorizersRequest(TypedDict, total=False):
    ApiId: Required[str]
    MaxResults: str
    NextToken: str


class GetAuthorizersResponse(TypedDict, total=False):
    Items: list["Authorizer"]
    NextToken: str


class GetDeploymentRequest(TypedDict, total=False):
    ApiId: Required[str]
    DeploymentId: Required[str]


class GetDeploymentResponse(TypedDict, total=False):
    AutoDeployed: bool
    CreatedDate: datetime
    DeploymentId: str
    DeploymentStatus: str
    DeploymentStatusMessage: str
    Description: str


class GetDeploymentsRequest(TypedDict, total=False):
    ApiId: Required[str]
    MaxResults: str
    NextToken: str


class GetDeploymentsResponse(TypedDict, total=False):
    Items: list["Deployment"]
    NextToken: str


class GetDomainNameRequest(TypedDict, total=False):
    DomainName: Required[str]


class GetDomainNameResponse(TypedDict, total=False):
    ApiMappingSelectionExpression: str
    DomainName: str
    DomainNameArn: str
    DomainNameConfigurations: list["DomainNameConfiguration"]
    MutualTlsAuthentication: "MutualTlsAuthentication"
    RoutingMode: str
    Tags: dict[str, str]


class GetDomainNamesRequest(TypedDict, total=False):
    MaxResults: str
    NextToken: str


class GetDomainNamesResponse(TypedDict, total=False):
    Items: list["DomainName"]
    NextToken: str


class GetIntegrationRequest(TypedDict, total=False):
    ApiId: Required[str]
    IntegrationId: Required[str]


class GetIntegrationResponseRequest(TypedDict, total=False):
    ApiId: Required[str]
    IntegrationId: Required[str]
    IntegrationResponseId: Required[str]


class GetIntegrationResponseResponse(TypedDict, total=False):
    ContentHandlingStrategy: str
    IntegrationResponseId: str
    IntegrationResponseKey: str
    ResponseParameters: dict[str, str]
    ResponseTemplates: dict[str, str]
    TemplateSelectionExpression: str


class GetIntegrationResponsesRequest(TypedDict, total=False):
    ApiId: Required[str]
    IntegrationId: Required[str]
    MaxResults: str
    NextToken: str


class GetIntegrationResponsesResponse(TypedDict, total=False):
    Items: list["IntegrationResponse"]
    NextToken: str


class GetIntegrationResult(TypedDict, total=False):
    ApiGatewayManaged: bool
    ConnectionId: str
    ConnectionType: str
    ContentHandlingStrategy: str
    CredentialsArn: str
    Description: str
    IntegrationId: str
    IntegrationMethod: str
    IntegrationResponseSelectionExpression: str
    IntegrationSubtype: str
    IntegrationType: str
    IntegrationUri: str
    PassthroughBehavior: str
    PayloadFormatVersion: str
    RequestParameters: dict[str, str]
    RequestTemplates: dict[str, str]
    ResponseParameters: dict[str, dict[str, str]]
    TemplateSelectionExpression: str
    TimeoutInMillis: int
    TlsConfig: "TlsConfig"


class GetIntegrationsRequest(TypedDict, total=False):
    ApiId: Required[str]
    MaxResults: str
    NextToken: str


class GetIntegrationsResponse(TypedDict, total=False):
    Items: list["Integration"]
    NextToken: str


class GetModelRequest(TypedDict, total=False):
    ApiId: Required[str]
    ModelId: Required[str]


class GetModelResponse(TypedDict, total=False):
    ContentType: str
    Description: str
    ModelId: str
    Name: str
    Schema: str


class GetModelTemplateRequest(TypedDict, total=False):
    ApiId: Required[str]
    ModelId: Required[str]


class GetModelTemplateResponse(TypedDict, total=False):
    Value: str


class GetModelsRequest(TypedDict, total=False):
    ApiId: Required[str]
    MaxResults: str
    NextToken: str


class GetModelsResponse(TypedDict, total=False):
    Items: list["Model"]
    NextToken: str


class GetPortalProductRequest(TypedDict, total=False):
    PortalProductId: Required[str]
    ResourceOwnerAccountId: str


class GetPortalProductResponse(TypedDict, total=False):
    Description: str
    DisplayName: str
    DisplayOrder: "DisplayOrder"
    LastModified: datetime
    PortalProductArn: str
    PortalProductId: str
    Tags: dict[str, str]


class GetPortalProductSharingPolicyRequest(TypedDict, total=False):
    PortalProductId: Required[str]


class GetPortalProductSharingPolicyResponse(TypedDict, total=False):
    PolicyDocument: str
    PortalProductId: str


class GetPortalRequest(TypedDict, total=False):
    PortalId: Required[str]


class GetPortalResponse(TypedDict, total=False):
    Authorization: "Authorization"
    EndpointConfiguration: "EndpointConfigurationResponse"
    IncludedPortalProductArns: list[str]
    LastModified: datetime
    LastPublished: datetime
    LastPublishedDescription: str
    PortalArn: str
    PortalContent: "PortalContent"
    PortalId: str
    Preview: "Preview"
    PublishStatus: str
    RumAppMonitorName: str
    StatusException: "StatusException"
    Tags: dict[str, str]


class GetProductPageRequest(TypedDict, total=False):
    PortalProductId: Required[str]
    ProductPageId: Required[str]
    ResourceOwnerAccountId: str


class GetProductPageResponse(TypedDict, total=False):
    DisplayContent: "DisplayContent"
    LastModified: datetime
    ProductPageArn: str
    ProductPageId: str


class GetProductRestEndpointPageRequest(TypedDict, total=False):
    IncludeRawDisplayContent: str
    PortalProductId: Required[str]
    ProductRestEndpointPageId: Required[str]
    ResourceOwnerAccountId: str


class GetProductRestEndpointPageResponse(TypedDict, total=False):
    DisplayContent: "EndpointDisplayContentResponse"
    LastModified: datetime
    ProductRestEndpointPageArn: str
    ProductRestEndpointPageId: str
    RawDisplayContent: str
    RestEndpointIdentifier: "RestEndpointIdentifier"
    Status: str
    StatusException: "StatusException"
    TryItState: str


class GetRouteRequest(TypedDict, total=False):
    ApiId: Required[str]
    RouteId: Required[str]


class GetRouteResponseRequest(TypedDict, total=False):
    ApiId: Required[str]
    RouteId: Required[str]
    RouteResponseId: Required[str]


class GetRouteResponseResponse(TypedDict, total=False):
    ModelSelectionExpression: str
    ResponseModels: dict[str, str]
    ResponseParameters: dict[str, "ParameterConstraints"]
    RouteResponseId: str
    RouteResponseKey: str


class GetRouteResponsesRequest(TypedDict, total=False):
    ApiId: Required[str]
    MaxResults: str
    NextToken: str
    RouteId: Required[str]


class GetRouteResponsesResponse(TypedDict, total=False):
    Items: list["RouteResponse"]
    NextToken: str


class GetRouteResult(TypedDict, total=False):
    ApiGatewayManaged: bool
    ApiKeyRequired: bool
    AuthorizationScopes: list[str]
    AuthorizationType: str
    AuthorizerId: str
    ModelSelectionExpression: str
    OperationName: str
    RequestModels: dict[str, str]
    RequestParameters: dict[str, "ParameterConstraints"]
    RouteId: str
    RouteKey: str
    RouteResponseSelectionExpression: str
    Target: str


class GetRoutesRequest(TypedDict, total=False):
    ApiId: Required[str]
    MaxResults: str
    NextToken: str


class GetRoutesResponse(TypedDict, total=False):
    Items: list["Route"]
    NextToken: str


class GetRoutingRuleRequest(TypedDict, total=False):
    DomainName: Required[str]
    DomainNameId: str
    RoutingRuleId: Required[str]


class GetRoutingRuleResponse(TypedDict, total=False):
    Actions: list["RoutingRuleAction"]
    Conditions: list["RoutingRuleCondition"]
    Priority: int
    RoutingRuleArn: str
    RoutingRuleId: str


class GetStageRequest(TypedDict, total=False):
    ApiId: Required[str]
    StageName: Required[str]


class GetStageResponse(TypedDict, total=False):
    AccessLogSettings: "AccessLogSettings"
    ApiGatewayManaged: bool
    AutoDeploy: bool
    ClientCertificateId: str
    CreatedDate: datetime
    DefaultRouteSettings: "RouteSettings"
    DeploymentId: str
    Description: str
    LastDeploymentStatusMessage: str
    LastUpdatedDate: datetime
    RouteSettings: dict[str, "RouteSettings"]
    StageName: str
    StageVariables: dict[str, str]
    Tags: dict[str, str]


class GetStagesRequest(TypedDict, total=False):
    ApiId: Required[str]
    MaxResults: str
    NextToken: str


class GetStagesResponse(TypedDict, total=False):
    Items: list["Stage"]
    NextToken: str


class GetTagsRequest(TypedDict, total=False):
    ResourceArn: Required[str]


class GetTagsResponse(TypedDict, total=False):
    Tags: dict[str, str]


class GetVpcLinkRequest(TypedDict, total=False):
    VpcLinkId: Required[str]


class GetVpcLinkResponse(TypedDict, total=False):
    CreatedDate: datetime
    Name: str
    SecurityGroupIds: list[str]
    SubnetIds: list[str]
    Tags: dict[str, str]
    VpcLinkId: str
    VpcLinkStatus: str
    VpcLinkStatusMessage: str
    VpcLinkVersion: str


class GetVpcLinksRequest(TypedDict, total=False):
    MaxResults: str
    NextToken: str


class GetVpcLinksResponse(TypedDict, total=False):
    Items: list["VpcLink"]
    NextToken: str


class ImportApiRequest(TypedDict, total=False):
    Basepath: str
    Body: Required[str]
    FailOnWarnings: bool


class ImportApiResponse(TypedDict, total=False):
    ApiEndpoint: str
    ApiGatewayManaged: bool
    ApiId: str
    ApiKeySelectionExpression: str
    CorsConfiguration: "Cors"
    CreatedDate: datetime
    Description: str
    DisableSchemaValidation: bool
    DisableExecuteApiEndpoint: bool
    ImportInfo: list[str]
    IpAddressType: str
    Name: str
    ProtocolType: str
    RouteSelectionExpression: str
    Tags: dict[str, str]
    Version: str
    Warnings: list[str]


class ListPortalProductsRequest(TypedDict, total=False):
    MaxResults: str
    NextToken: str
    ResourceOwner: str


class ListPortalProductsResponse(TypedDict, total=False):
    Items: list["PortalProductSummary"]
    NextToken: str


class ListPortalsRequest(TypedDict, total=False):
    MaxResults: str
    NextToken: str


class ListPortalsResponse(TypedDict, total=False):
    Items: list["PortalSummary"]
    NextToken: str


class ListProductPagesRequest(TypedDict, total=False):
    MaxResults: str
    NextToken: str
    PortalProductId: Required[str]
    ResourceOwnerAccountId: str


class ListProductPagesResponse(TypedDict, total=False):
    Items: list["ProductPageSummaryNoBody"]
    NextToken: str


class ListProductRestEndpointPagesRequest(TypedDict, total=False):
    MaxResults: str
    NextToken: str
    PortalProductId: Required[str]
    ResourceOwnerAccountId: str


class ListProductRestEndpointPagesResponse(TypedDict, total=False):
    Items: list["ProductRestEndpointPageSummaryNoBody"]
    NextToken: str


class ListRoutingRulesRequest(TypedDict, total=False):
    DomainName: Required[str]
    DomainNameId: str
    MaxResults: int
    NextToken: str


class ListRoutingRulesResponse(TypedDict, total=False):
    NextToken: str
    RoutingRules: list["RoutingRule"]


class PreviewPortalRequest(TypedDict, total=False):
    PortalId: Required[str]


class PreviewPortalResponse(TypedDict, total=False):
    pass


class PublishPortalRequest(TypedDict, total=False):
    Description: str
    PortalId: Required[str]


class PublishPortalResponse(TypedDict, total=False):
    pass


class PutPortalProductSharingPolicyRequest(TypedDict, total=False):
    PolicyDocument: Required[str]
    PortalProductId: Required[str]


class PutPortalProductSharingPolicyResponse(TypedDict, total=False):
    pass


class PutRoutingRuleRequest(TypedDict, total=False):
    Actions: Required[list["RoutingRuleAction"]]
    Conditions: Required[list["RoutingRuleCondition"]]
    DomainName: Required[str]
    DomainNameId: str
    Priority: Required[int]
    RoutingRuleId: Required[str]


class PutRoutingRuleResponse(TypedDict, total=False):
    Actions: list["RoutingRuleAction"]
    Conditions: list["RoutingRuleCondition"]
    Priority: int
    RoutingRuleArn: str
    RoutingRuleId: str


class ReimportApiRequest(TypedDict, total=False):
    ApiId: Required[str]
    Basepath: str
    Body: Required[str]
    FailOnWarnings: bool


class ReimportApiResponse(TypedDict, total=False):
    ApiEndpoint: str
    ApiGatewayManaged: bool
    ApiId: str
    ApiKeySelectionExpression: str
    CorsConfiguration: "Cors"
    CreatedDate: datetime
    Description: str
    DisableSchemaValidation: bool
    DisableExecuteApiEndpoint: bool
    ImportInfo: list[str]
    IpAddressType: str
    Name: str
    ProtocolType: str
    RouteSelectionExpression: str
    Tags: dict[str, str]
    Version: str
    Warnings: list[str]


class ResetAuthorizersCacheRequest(TypedDict, total=False):
    ApiId: Required[str]
    StageName: Required[str]


class TagResourceRequest(TypedDict, total=False):
    ResourceArn: Required[str]
    Tags: dict[str, str]


class TagResourceResponse(TypedDict, total=False):
    pass


class UntagResourceRequest(TypedDict, total=False):
    ResourceArn: Required[str]
    TagKeys: Required[list[str]]


class UpdateApiMappingRequest(TypedDict, total=False):
    ApiId: Required[str]
    ApiMappingId: Required[str]
    ApiMappingKey: str
    DomainName: Required[str]
    Stage: str


class UpdateApiMappingResponse(TypedDict, total=False):
    ApiId: str
    ApiMappingId: str
    ApiMappingKey: str
    Stage: str


class UpdateApiRequest(TypedDict, total=False):
    ApiId: Required[str]
    ApiKeySelectionExpression: str
    CorsConfiguration: "Cors"
    CredentialsArn: str
    Description: str
    DisableSchemaValidation: bool
    DisableExecuteApiEndpoint: bool
    IpAddressType: str
    Name: str
    RouteKey: str
    RouteSelectionExpression: str
    Target: str
    Version: str


class UpdateApiResponse(TypedDict, total=False):
    ApiEndpoint: str
    ApiGatewayManaged: bool
    ApiId: str
    ApiKeySelectionExpression: str
    CorsConfiguration: "Cors"
    CreatedDate: datetime
    Description: str
    DisableSchemaValidation: bool
    DisableExecuteApiEndpoint: bool
    ImportInfo: list[str]
    IpAddressType: str
    Name: str
    ProtocolType: str
    RouteSelectionExpression: str
    Tags: dict[str, str]
    Version: str
    Warnings: list[str]


class UpdateAuthorizerRequest(TypedDict, total=False):
    ApiId: Required[str]
    AuthorizerCredentialsArn: str
    AuthorizerId: Required[str]
    AuthorizerPayloadFormatVersion: str
    AuthorizerResultTtlInSeconds: int
    AuthorizerType: str
    AuthorizerUri: str
    EnableSimpleResponses: bool
    IdentitySource: list[str]
    IdentityValidationExpression: str
    JwtConfiguration: "JWTConfiguration"
    Name: str


class UpdateAuthorizerResponse(TypedDict, total=False):
    AuthorizerCredentialsArn: str
    AuthorizerId: str
    AuthorizerPayloadFormatVersion: str
    AuthorizerResultTtlInSeconds: int
    AuthorizerType: str
    AuthorizerUri: str
    EnableSimpleResponses: bool
    IdentitySource: list[str]
    IdentityValidationExpression: str
    JwtConfiguration: "JWTConfiguration"
    Name: str


class UpdateDeploymentRequest(TypedDict, total=False):
    ApiId: Required[str]
    DeploymentId: Required[str]
    Description: str


class UpdateDeploymentResponse(TypedDict, total=False):
    AutoDeployed: bool
    CreatedDate: datetime
    DeploymentId: str
    DeploymentStatus: str
    DeploymentStatusMessage: str
    Description: str


class UpdateDomainNameRequest(TypedDict, total=False):
    DomainName: Required[str]
    DomainNameConfigurations: list["DomainNameConfiguration"]
    MutualTlsAuthentication: "MutualTlsAuthenticationInput"
    RoutingMode: str


class UpdateDomainNameResponse(TypedDict, total=False):
    ApiMappingSelectionExpression: str
    DomainName: str
    DomainNameArn: str
    DomainNameConfigurations: list["DomainNameConfiguration"]
    MutualTlsAuthentication: "MutualTlsAuthentication"
    RoutingMode: str
    Tags: dict[str, str]


class UpdateIntegrationRequest(TypedDict, total=False):
    ApiId: Required[str]
    ConnectionId: str
    ConnectionType: str
    ContentHandlingStrategy: str
    CredentialsArn: str
    Description: str
    IntegrationId: Required[str]
    IntegrationMethod: str
    IntegrationSubtype: str
    IntegrationType: str
    IntegrationUri: str
    PassthroughBehavior: str
    PayloadFormatVersion: str
    RequestParameters: dict[str, str]
    RequestTemplates: dict[str, str]
    ResponseParameters: dict[str, dict[str, str]]
    TemplateSelectionExpression: str
    TimeoutInMillis: int
    TlsConfig: "TlsConfigInput"


class UpdateIntegrationResponseRequest(TypedDict, total=False):
    ApiId: Required[str]
    ContentHandlingStrategy: str
    IntegrationId: Required[str]
    IntegrationResponseId: Required[str]
    IntegrationResponseKey: str
    ResponseParameters: dict[str, str]
    ResponseTemplates: dict[str, str]
    TemplateSelectionExpression: str


class UpdateIntegrationResponseResponse(TypedDict, total=False):
    ContentHandlingStrategy: str
    IntegrationResponseId: str
    IntegrationResponseKey: str
    ResponseParameters: dict[str, str]
    ResponseTemplates: dict[str, str]
    TemplateSelectionExpression: str


class UpdateIntegrationResult(TypedDict, total=False):
    ApiGatewayManaged: bool
    ConnectionId: str
    ConnectionType: str
    ContentHandlingStrategy: str
    CredentialsArn: str
    Description: str
    IntegrationId: str
    IntegrationMethod: str
    IntegrationResponseSelectionExpression: str
    IntegrationSubtype: str
    IntegrationType: str
    IntegrationUri: str
    PassthroughBehavior: str
    PayloadFormatVersion: str
    RequestParameters: dict[str, str]
    RequestTemplates: dict[str, str]
    ResponseParameters: dict[str, dict[str, str]]
    TemplateSelectionExpression: str
    TimeoutInMillis: int
    TlsConfig: "TlsConfig"


class UpdateModelRequest(TypedDict, total=False):
    ApiId: Required[str]
    ContentType: str
    Description: str
    ModelId: Required[str]
    Name: str
    Schema: str


class UpdateModelResponse(TypedDict, total=False):
    ContentType: str
    Description: str
    ModelId: str
    Name: str
    Schema: str


class UpdatePortalProductRequest(TypedDict, total=False):
    Description: str
    DisplayName: str
    DisplayOrder: "DisplayOrder"
    PortalProductId: Required[str]


class UpdatePortalProductResponse(TypedDict, total=False):
    Description: str
    DisplayName: str
    DisplayOrder: "DisplayOrder"
    LastModified: datetime
    PortalProductArn: str
    PortalProductId: str
    Tags: dict[str, str]


class UpdatePortalRequest(TypedDict, total=False):
    Authorization: "Authorization"
    EndpointConfiguration: "EndpointConfigurationRequest"
    IncludedPortalProductArns: list[str]
    LogoUri: str
    PortalContent: "PortalContent"
    PortalId: Required[str]
    RumAppMonitorName: str


class UpdatePortalResponse(TypedDict, total=False):
    Authorization: "Authorization"
    EndpointConfiguration: "EndpointConfigurationResponse"
    IncludedPortalProductArns: list[str]
    LastModified: datetime
    LastPublished: datetime
    LastPublishedDescription: str
    PortalArn: str
    PortalContent: "PortalContent"
    PortalId: str
    Preview: "Preview"
    PublishStatus: str
    RumAppMonitorName: str
    StatusException: "StatusException"
    Tags: dict[str, str]


class UpdateProductPageRequest(TypedDict, total=False):
    DisplayContent: "DisplayContent"
    PortalProductId: Required[str]
    ProductPageId: Required[str]


class UpdateProductPageResponse(TypedDict, total=False):
    DisplayContent: "DisplayContent"
    LastModified: datetime
    ProductPageArn: str
    ProductPageId: str


class UpdateProductRestEndpointPageRequest(TypedDict, total=False):
    DisplayContent: "EndpointDisplayContent"
    PortalProductId: Required[str]
    ProductRestEndpointPageId: Required[str]
    TryItState: str


class UpdateProductRestEndpointPageResponse(TypedDict, total=False):
    DisplayContent: "EndpointDisplayContentResponse"
    LastModified: datetime
    ProductRestEndpointPageArn: str
    ProductRestEndpointPageId: str
    RestEndpointIdentifier: "RestEndpointIdentifier"
    Status: str
    StatusException: "StatusException"
    TryItState: str


class UpdateRouteRequest(TypedDict, total=False):
    ApiId: Required[str]
    ApiKeyRequired: bool
    AuthorizationScopes: list[str]
    AuthorizationType: str
    AuthorizerId: str
    ModelSelectionExpression: str
    OperationName: str
    RequestModels: dict[str, str]
    RequestParameters: dict[str, "ParameterConstraints"]
    RouteId: Required[str]
    RouteKey: str
    RouteResponseSelectionExpression: str
    Target: str


class UpdateRouteResponseRequest(TypedDict, total=False):
    ApiId: Required[str]
    ModelSelectionExpression: str
    ResponseModels: dict[str, str]
    ResponseParameters: dict[str, "ParameterConstraints"]
    RouteId: Required[str]
    RouteResponseId: Required[str]
    RouteResponseKey: str


class UpdateRouteResponseResponse(TypedDict, total=False):
    ModelSelectionExpression: str
    ResponseModels: dict[str, str]
    ResponseParameters: dict[str, "ParameterConstraints"]
    RouteResponseId: str
    RouteResponseKey: str


class UpdateRouteResult(TypedDict, total=False):
    ApiGatewayManaged: bool
    ApiKeyRequired: bool
    AuthorizationScopes: list[str]
    AuthorizationType: str
    AuthorizerId: str
    ModelSelectionExpression: str
    OperationName: str
    RequestModels: dict[str, str]
    RequestParameters: dict[str, "ParameterConstraints"]
    RouteId: str
    RouteKey: str
    RouteResponseSelectionExpression: str
    Target: str


class UpdateStageRequest(TypedDict, total=False):
    AccessLogSettings: "AccessLogSettings"
    ApiId: Required[str]
    AutoDeploy: bool
    ClientCertificateId: str
    DefaultRouteSettings: "RouteSettings"
    DeploymentId: str
    Description: str
    RouteSettings: dict[str, "RouteSettings"]
    StageName: Required[str]
    StageVariables: dict[str, str]


class UpdateStageResponse(TypedDict, total=False):
    AccessLogSettings: "AccessLogSettings"
    ApiGatewayManaged: bool
    AutoDeploy: bool
    ClientCertificateId: str
    CreatedDate: datetime
    DefaultRouteSettings: "RouteSettings"
    DeploymentId: str
    Description: str
    LastDeploymentStatusMessage: str
    LastUpdatedDate: datetime
    RouteSettings: dict[str, "RouteSettings"]
    StageName: str
    StageVariables: dict[str, str]
    Tags: dict[str, str]


class UpdateVpcLinkRequest(TypedDict, total=False):
    Name: str
    VpcLinkId: Required[str]


class UpdateVpcLinkResponse(TypedDict, total=False):
    CreatedDate: datetime
    Name: str
    SecurityGroupIds: list[str]
    SubnetIds: list[str]
    Tags: dict[str, str]
    VpcLinkId: str
    VpcLinkStatus: str
    VpcLinkStatusMessage: str
    VpcLinkVersion: str


class AccessLogSettings(TypedDict, total=False):
    DestinationArn: str
    Format: str


class Api(TypedDict, total=False):
    ApiEndpoint: str
    ApiGatewayManaged: bool
    ApiId: str
    ApiKeySelectionExpression: str
    CorsConfiguration: "Cors"
    CreatedDate: datetime
    Description: str
    DisableSchemaValidation: bool
    DisableExecuteApiEndpoint: bool
    ImportInfo: list[str]
    IpAddressType: str
    Name: Required[str]
    ProtocolType: Required[str]
    RouteSelectionExpression: Required[str]
    Tags: dict[str, str]
    Version: str
    Warnings: list[str]


class ApiMapping(TypedDict, total=False):
    ApiId: Required[str]
    ApiMappingId: str
    ApiMappingKey: str
    Stage: Required[str]


Authorization = TypedDict('Authorization', {'CognitoConfig': "CognitoConfig", 'None': "None_"}, total=False)


class Authorizer(TypedDict, total=False):
    AuthorizerCredentialsArn: str
    AuthorizerId: str
    AuthorizerPayloadFormatVersion: str
    AuthorizerResultTtlInSeconds: int
    AuthorizerType: str
    AuthorizerUri: str
    EnableSimpleResponses: bool
    IdentitySource: list[str]
    IdentityValidationExpression: str
    JwtConfiguration: "JWTConfiguration"
    Name: Required[str]


class Cors(TypedDict, total=False):
    AllowCredentials: bool
    AllowHeaders: list[str]
    AllowMethods: list[str]
    AllowOrigins: list[str]
    ExposeHeaders: list[str]
    MaxAge: int


class Deployment(TypedDict, total=False):
    AutoDeployed: bool
    CreatedDate: datetime
    DeploymentId: str
    DeploymentStatus: str
    DeploymentStatusMessage: str
    Description: str


class DisplayContent(TypedDict, total=False):
    Body: Required[str]
    Title: Required[str]


class DisplayOrder(TypedDict, total=False):
    Contents: list["Section"]
    OverviewPageArn: str
    ProductPageArns: list[str]


class DomainName(TypedDict, total=False):
    ApiMappingSelectionExpression: str
    DomainName: Required[str]
    DomainNameArn: str
    DomainNameConfigurations: list["DomainNameConfiguration"]
    MutualTlsAuthentication: "MutualTlsAuthentication"
    RoutingMode: str
    Tags: dict[str, str]


class DomainNameConfiguration(TypedDict, total=False):
    ApiGatewayDomainName: str
    CertificateArn: str
    CertificateName: str
    CertificateUploadDate: datetime
    DomainNameStatus: str
    DomainNameStatusMessage: str
    EndpointType: str
    HostedZoneId: str
    IpAddressType: str
    SecurityPolicy: str
    OwnershipVerificationCertificateArn: str


EndpointConfigurationRequest = TypedDict('EndpointConfigurationRequest', {'AcmManaged': "ACMManaged", 'None': "None_"}, total=False)


class EndpointConfigurationResponse(TypedDict, total=False):
    CertificateArn: str
    DomainName: str
    PortalDefaultDomainName: Required[str]
    PortalDomainHostedZoneId: Required[str]


EndpointDisplayContent = TypedDict('EndpointDisplayContent', {'None': "None_", 'Overrides': "DisplayContentOverrides"}, total=False)


class EndpointDisplayContentResponse(TypedDict, total=False):
    Body: str
    Endpoint: Required[str]
    OperationName: str


class Integration(TypedDict, total=False):
    ApiGatewayManaged: bool
    ConnectionId: str
    ConnectionType: str
    ContentHandlingStrategy: str
    CredentialsArn: str
    Description: str
    IntegrationId: str
    IntegrationMethod: str
    IntegrationResponseSelectionExpression: str
    IntegrationSubtype: str
    IntegrationType: str
    IntegrationUri: str
    PassthroughBehavior: str
    PayloadFormatVersion: str
    RequestParameters: dict[str, str]
    RequestTemplates: dict[str, str]
    ResponseParameters: dict[str, dict[str, str]]
    TemplateSelectionExpression: str
    TimeoutInMillis: int
    TlsConfig: "TlsConfig"


class IntegrationResponse(TypedDict, total=False):
    ContentHandlingStrategy: str
    IntegrationResponseId: str
    IntegrationResponseKey: Required[str]
    ResponseParameters: dict[str, str]
    ResponseTemplates: dict[str, str]
    TemplateSelectionExpression: str


class JWTConfiguration(TypedDict, total=False):
    Audience: list[str]
    Issuer: str


class Model(TypedDict, total=False):
    ContentType: str
    Description: str
    ModelId: str
    Name: Required[str]
    Schema: str


class MutualTlsAuthentication(TypedDict, total=False):
    TruststoreUri: str
    TruststoreVersion: str
    TruststoreWarnings: list[str]


class MutualTlsAuthenticationInput(TypedDict, total=False):
    TruststoreUri: str
    TruststoreVersion: str


class ParameterConstraints(TypedDict, total=False):
    Required: bool


class PortalContent(TypedDict, total=False):
    Description: str
    DisplayName: Required[str]
    Theme: Required["PortalTheme"]


class PortalProductSummary(TypedDict, total=False):
    Description: Required[str]
    DisplayName: Required[str]
    LastModified: Required[datetime]
    PortalProductArn: Required[str]
    PortalProductId: Required[str]
    Tags: dict[str, str]


class PortalSummary(TypedDict, total=False):
    Authorization: Required["Authorization"]
    EndpointConfiguration: Required["EndpointConfigurationResponse"]
    IncludedPortalProductArns: Required[list[str]]
    LastModified: Required[datetime]
    LastPublished: datetime
    LastPublishedDescription: str
    PortalArn: Required[str]
    PortalContent: Required["PortalContent"]
    PortalId: Required[str]
    Preview: "Preview"
    PublishStatus: str
    RumAppMonitorName: str
    StatusException: "StatusException"
    Tags: dict[str, str]


class Preview(TypedDict, total=False):
    PreviewStatus: Required[str]
    PreviewUrl: str
    StatusException: "StatusException"


class ProductPageSummaryNoBody(TypedDict, total=False):
    LastModified: Required[datetime]
    PageTitle: Required[str]
    ProductPageArn: Required[str]
    ProductPageId: Required[str]


class ProductRestEndpointPageSummaryNoBody(TypedDict, total=False):
    Endpoint: Required[str]
    LastModified: Required[datetime]
    OperationName: str
    ProductRestEndpointPageArn: Required[str]
    ProductRestEndpointPageId: Required[str]
    RestEndpointIdentifier: Required["RestEndpointIdentifier"]
    Status: Required[str]
    StatusException: "StatusException"
    TryItState: Required[str]


class RestEndpointIdentifier(TypedDict, total=False):
    IdentifierParts: "IdentifierParts"


class Route(TypedDict, total=False):
    ApiGatewayManaged: bool
    ApiKeyRequired: bool
    AuthorizationScopes: list[str]
    AuthorizationType: str
    AuthorizerId: str
    ModelSelectionExpression: str
    OperationName: str
    RequestModels: dict[str, str]
    RequestParameters: dict[str, "ParameterConstraints"]
    RouteId: str
    RouteKey: Required[str]
    RouteResponseSelectionExpression: str
    Target: str


class RouteResponse(TypedDict, total=False):
    ModelSelectionExpression: str
    ResponseModels: dict[str, str]
    ResponseParameters: dict[str, "ParameterConstraints"]
    RouteResponseId: str
    RouteResponseKey: Required[str]


class RouteSettings(TypedDict, total=False):
    DataTraceEnabled: bool
    DetailedMetricsEnabled: bool
    LoggingLevel: str
    ThrottlingBurstLimit: int
    ThrottlingRateLimit: float


class RoutingRule(TypedDict, total=False):
    Actions: list["RoutingRuleAction"]
    Conditions: list["RoutingRuleCondition"]
    Priority: int
    RoutingRuleArn: str
    RoutingRuleId: str


class RoutingRuleAction(TypedDict, total=False):
    InvokeApi: Required["RoutingRuleActionInvokeApi"]


class RoutingRuleCondition(TypedDict, total=False):
    MatchBasePaths: "RoutingRuleMatchBasePaths"
    MatchHeaders: "RoutingRuleMatchHeaders"


class Stage(TypedDict, total=False):
    AccessLogSettings: "AccessLogSettings"
    ApiGatewayManaged: bool
    AutoDeploy: bool
    ClientCertificateId: str
    CreatedDate: datetime
    DefaultRouteSettings: "RouteSettings"
    DeploymentId: str
    Description: str
    LastDeploymentStatusMessage: str
    LastUpdatedDate: datetime
    RouteSettings: dict[str, "RouteSettings"]
    StageName: Required[str]
    StageVariables: dict[str, str]
    Tags: dict[str, str]


class StatusException(TypedDict, total=False):
    Exception: str
    Message: str


class TlsConfig(TypedDict, total=False):
    ServerNameToVerify: str


class TlsConfigInput(TypedDict, total=False):
    ServerNameToVerify: str


class VpcLink(TypedDict, total=False):
    CreatedDate: datetime
    Name: Required[str]
    SecurityGroupIds: Required[list[str]]
    SubnetIds: Required[list[str]]
    Tags: dict[str, str]
    VpcLinkId: Required[str]
    VpcLinkStatus: str
    VpcLinkStatusMessage: str
    VpcLinkVersion: str


class ACMManaged(TypedDict, total=False):
    CertificateArn: Required[str]
    DomainName: Required[str]


class CognitoConfig(TypedDict, total=False):
    AppClientId: Required[str]
    UserPoolArn: Required[str]
    UserPoolDomain: Required[str]


class DisplayContentOverrides(TypedDict, total=False):
    Body: str
    Endpoint: str
    OperationName: str


class IdentifierParts(TypedDict, total=False):
    Method: Required[str]
    Path: Required[str]
    RestApiId: Required[str]
    Stage: Required[str]


class None_(TypedDict, total=False):
    pass


class PortalTheme(TypedDict, total=False):
    CustomColors: Required["CustomColors"]
    LogoLastUploaded: datetime


class RoutingRuleActionInvokeApi(TypedDict, total=False):
    ApiId: Required[str]
    Stage: Required[str]
    StripBasePath: bool


class RoutingRuleMatchBasePaths(TypedDict, total=False):
    AnyOf: Required[list[str]]


class RoutingRuleMatchHeaders(TypedDict, total=False):
    AnyOf: Required[list["RoutingRuleMatchHeaderValue"]]


class Section(TypedDict, total=False):
    ProductRestEndpointPageArns: Required[list[str]]
    SectionName: Required[str]


class CustomColors(TypedDict, total=False):
    AccentColor: Required[str]
    BackgroundColor: Required[str]
    ErrorValidationColor: Required[str]
    HeaderColor: Required[str]
    NavigationColor: Required[str]
    TextColor: Required[str]


class RoutingRuleMatchHeaderValue(TypedDict, total=False):
    Header: Required[str]
    ValueGlob: Required[str]


class AccessDeniedExceptionError(ModelledError):
    code = "AccessDeniedException"
    status = 403


class BadRequestExceptionError(ModelledError):
    code = "BadRequestException"
    status = 400


class ConflictExceptionError(ModelledError):
    code = "ConflictException"
    status = 409


class NotFoundExceptionError(ModelledError):
    code = "NotFoundException"
    status = 404


class TooManyRequestsExceptionError(ModelledError):
    code = "TooManyRequestsException"
    status = 429
