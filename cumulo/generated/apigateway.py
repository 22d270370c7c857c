"""Wire types of Amazon API Gateway, generated from botocore's model: do not edit.

Regenerate with `python -m cumulo.codegen`.
"""

from datetime import datetime

from typing import Required, TypedDict

from cumulo.core.errors import ModelledError

OPERATIONS = ('CreateApiKey', 'CreateAuthorizer', 'CreateBasePathMapping', 'CreateDeployment', 'CreateDocumentationPart', 'CreateDocumentationVersion', 'CreateDomainName', 'CreateDomainNameAccessAssociation', 'CreateModel', 'CreateRequestValidator', 'CreateResource', 'CreateRestApi', 'CreateStage', 'CreateUsagePlan', 'CreateUsagePlanKey', 'CreateVpcLink', 'DeleteApiKey', 'DeleteAuthorizer', 'DeleteBasePathMapping', 'DeleteClientCertificate', 'DeleteDeployment', 'DeleteDocumentationPart', 'DeleteDocumentationVersion', 'DeleteDomainName', 'DeleteDomainNameAccessAssociation', 'DeleteGatewayResponse', 'DeleteIntegration', 'DeleteIntegrationResponse', 'DeleteMethod', 'DeleteMethodResponse', 'DeleteModel', 'DeleteRequestValidator', 'DeleteResource', 'DeleteRestApi', 'DeleteStage', 'DeleteUsagePlan', 'DeleteUsagePlanKey', 'DeleteVpcLink', 'FlushStageAuthorizersCache', 'FlushStageCache', 'GenerateClientCertificate', 'GetAccount', 'GetApiKey', 'GetApiKeys', 'GetAuthorizer', 'GetAuthorizers', 'GetBasePathMapping', 'GetBasePathMappings', 'GetClientCertificate', 'GetClientCertificates', 'GetDeployment', 'GetDeployments', 'GetDocumentationPart', 'GetDocumentationParts', 'GetDocumentationVersion', 'GetDocumentationVersions', 'GetDomainName', 'GetDomainNameAccessAssociations', 'GetDomainNames', 'GetExport', 'GetGatewayResponse', 'GetGatewayResponses', 'GetIntegration', 'GetIntegrationResponse', 'GetMethod', 'GetMethodResponse', 'GetModel', 'GetModelTemplate', 'GetModels', 'GetRequestValidator', 'GetRequestValidators', 'GetResource', 'GetResources', 'GetRestApi', 'GetRestApis', 'GetSdk', 'GetSdkType', 'GetSdkTypes', 'GetStage', 'GetStages', 'GetTags', 'GetUsage', 'GetUsagePlan', 'GetUsagePlanKey', 'GetUsagePlanKeys', 'GetUsagePlans', 'GetVpcLink', 'GetVpcLinks', 'ImportApiKeys', 'ImportDocumentationParts', 'ImportRestApi', 'PutGatewayResponse', 'PutIntegration', 'PutIntegrationResponse', 'PutMethod', 'PutMethodResponse', 'PutRestApi', 'RejectDomainNameAccessAssociation', 'TagResource', 'TestInvokeAuthorizer', 'TestInvokeMethod', 'UntagResource', 'UpdateAccount', 'UpdateApiKey', 'UpdateAuthorizer', 'UpdateBasePathMapping', 'UpdateClientCertificate', 'UpdateDeployment', 'UpdateDocumentationPart', 'UpdateDocumentationVersion', 'UpdateDomainName', 'UpdateGatewayResponse', 'UpdateIntegration', 'UpdateIntegrationResponse', 'UpdateMethod', 'UpdateMethodResponse', 'UpdateModel', 'UpdateRequestValidator', 'UpdateResource', 'UpdateRestApi', 'UpdateStage', 'UpdateUsage', 'UpdateUsagePlan', 'UpdateVpcLink')


class Account(TypedDict, total=False):
    cloudwatchRoleArn: str
    throttleSettings: "ThrottleSettings"
    features: list[str]
    apiKeyVersion: str


class ApiKey(TypedDict, total=False):
    id: str
    value: str
    name: str
    customerId: str
    description: str
    enabled: bool
    createdDate: datetime
    lastUpdatedDate: datetime
    stageKeys: list[str]
    tags: dict[str, str]


class ApiKeyIds(TypedDict, total=False):
    ids: list[str]
    warnings: list[str]


class ApiKeys(TypedDict, total=False):
    warnings: list[str]
    position: str
    items: list["ApiKey"]


class Authorizer(TypedDict, total=False):
    id: str
    name: str
    type: str
    providerARNs: list[str]
    authType: str
    authorizerUri: str
    authorizerCredentials: str
    identitySource: str
    identityValidationExpression: str
    authorizerResultTtlInSeconds: int


class Authorizers(TypedDict, total=False):
    position: str
    items: list["Authorizer"]


class BasePathMapping(TypedDict, total=False):
    basePath: str
    restApiId: str
    stage: str


class BasePathMappings(TypedDict, total=False):
    position: str
    items: list["BasePathMapping"]


class ClientCertificate(TypedDict, total=False):
    clientCertificateId: str
    description: str
    pemEncodedCertificate: str
    createdDate: datetime
    expirationDate: datetime
    tags: dict[str, str]


class ClientCertificates(TypedDict, total=False):
    position: str
    items: list["ClientCertificate"]


class CreateApiKeyRequest(TypedDict, total=False):
    name: str
    description: str
    enabled: bool
    generateDistinctId: bool
    value: str
    stageKeys: list["StageKey"]
    customerId: str
    tags: dict[str, str]


class CreateAuthorizerRequest(TypedDict, total=False):
    restApiId: Required[str]
    name: Required[str]
    type: Required[str]
    providerARNs: list[str]
    authType: str
    authorizerUri: str
    authorizerCredentials: str
    identitySource: str
    identityValidationExpression: str
    authorizerResultTtlInSeconds: int


class CreateBasePathMappingRequest(TypedDict, total=False):
    domainName: Required[str]
    domainNameId: str
    basePath: str
    restApiId: Required[str]
    stage: str


class CreateDeploymentRequest(TypedDict, total=False):
    restApiId: Required[str]
    stageName: str
    stageDescription: str
    description: str
    cacheClusterEnabled: bool
    cacheClusterSize: str
    variables: dict[str, str]
    canarySettings: "DeploymentCanarySettings"
    tracingEnabled: bool


class CreateDocumentationPartRequest(TypedDict, total=False):
    restApiId: Required[str]
    location: Required["DocumentationPartLocation"]
    properties: Required[str]


class CreateDocumentationVersionRequest(TypedDict, total=False):
    restApiId: Required[str]
    documentationVersion: Required[str]
    stageName: str
    description: str


class CreateDomainNameAccessAssociationRequest(TypedDict, total=False):
    domainNameArn: Required[str]
    accessAssociationSourceType: Required[str]
    accessAssociationSource: Required[str]
    tags: dict[str, str]


class CreateDomainNameRequest(TypedDict, total=False):
    domainName: Required[str]
    certificateName: str
    certificateBody: str
    certificatePrivateKey: str
    certificateChain: str
    certificateArn: str
    regionalCertificateName: str
    regionalCertificateArn: str
    endpointConfiguration: "EndpointConfiguration"
    tags: dict[str, str]
    securityPolicy: str
    endpointAccessMode: str
    mutualTlsAuthentication: "MutualTlsAuthenticationInput"
    ownershipVerificationCertificateArn: str
    policy: str
    routingMode: str


class CreateModelRequest(TypedDict, total=False):
    restApiId: Required[str]
    name: Required[str]
    description: str
    schema: str
    contentType: Required[str]


class CreateRequestValidatorRequest(TypedDict, total=False):
    restApiId: Required[str]
    name: str
    validateRequestBody: bool
    validateRequestParameters: bool


class CreateResourceRequest(TypedDict, total=False):
    restApiId: Required[str]
    parentId: Required[str]
    pathPart: Required[str]


class CreateRestApiRequest(TypedDict, total=False):
    name: Required[str]
    description: str
    version: str
    cloneFrom: str
    binaryMediaTypes: list[str]
    minimumCompressionSize: int
    apiKeySource: str
    endpointConfiguration: "EndpointConfiguration"
    policy: str
    tags: dict[str, str]
    disableExecuteApiEndpoint: bool
    securityPolicy: str
    endpointAccessMode: str


class CreateStageRequest(TypedDict, total=False):
    restApiId: Required[str]
    stageName: Required[str]
    deploymentId: Required[str]
    description: str
    cacheClusterEnabled: bool
    cacheClusterSize: str
    variables: dict[str, str]
    documentationVersion: str
    canarySettings: "CanarySettings"
    tracingEnabled: bool
    tags: dict[str, str]


class CreateUsagePlanKeyRequest(TypedDict, total=False):
    usagePlanId: Required[str]
    keyId: Required[str]
    keyType: Required[str]


class CreateUsagePlanRequest(TypedDict, total=False):
    name: Required[str]
    description: str
    apiStages: list["ApiStage"]
    throttle: "ThrottleSettings"
    quota: "QuotaSettings"
    tags: dict[str, str]


class CreateVpcLinkRequest(TypedDict, total=False):
    name: Required[str]
    description: str
    targetArns: Required[list[str]]
    tags: dict[str, str]


class DeleteApiKeyRequest(TypedDict, total=False):
    apiKey: Required[str]


class DeleteAuthorizerRequest(TypedDict, total=False):
    restApiId: Required[str]
    authorizerId: Required[str]


class DeleteBasePathMappingRequest(TypedDict, total=False):
    domainName: Required[str]
    domainNameId: str
    basePath: Required[str]


class DeleteClientCertificateRequest(TypedDict, total=False):
    clientCertificateId: Required[str]


class DeleteDeploymentRequest(TypedDict, total=False):
    restApiId: Required[str]
    deploymentId: Required[str]


class DeleteDocumentationPartRequest(TypedDict, total=False):
    restApiId: Required[str]
    documentationPartId: Required[str]


class DeleteDocumentationVersionRequest(TypedDict, total=False):
    restApiId: Required[str]
    documentationVersion: Required[str]


class DeleteDomainNameAccessAssociationRequest(TypedDict, total=False):
    domainNameAccessAssociationArn: Required[str]


class DeleteDomainNameRequest(TypedDict, total=False):
    domainName: Required[str]
    domainNameId: str


class DeleteGatewayResponseRequest(TypedDict, total=False):
    restApiId: Required[str]
    responseType: Required[str]


class DeleteIntegrationRequest(TypedDict, total=False):
    restApiId: Required[str]
    resourceId: Required[str]
    httpMethod: Required[str]


class DeleteIntegrationResponseRequest(TypedDict, total=False):
    restApiId: Required[str]
    resourceId: Required[str]
    httpMethod: Required[str]
    statusCode: Required[str]


class DeleteMethodRequest(TypedDict, total=False):
    restApiId: Required[str]
    resourceId: Required[str]
    httpMethod: Required[str]


class DeleteMethodResponseRequest(TypedDict, total=False):
    restApiId: Required[str]
    resourceId: Required[str]
    httpMethod: Required[str]
    statusCode: Required[str]


class DeleteModelRequest(TypedDict, total=False):
    restApiId: Required[str]
    modelName: Required[str]


class DeleteRequestValidatorRequest(TypedDict, total=False):
    restApiId: Required[str]
    requestValidatorId: Required[str]


class DeleteResourceRequest(TypedDict, total=False):
    restApiId: Required[str]
    resourceId: Required[str]


class DeleteRestApiRequest(TypedDict, total=False):
    restApiId: Required[str]


class DeleteStageRequest(TypedDict, total=False):
    restApiId: Required[str]
    stageName: Required[str]


class DeleteUsagePlanKeyRequest(TypedDict, total=False):
    usagePlanId: Required[str]
    keyId: Required[str]


class DeleteUsagePlanRequest(TypedDict, total=False):
    usagePlanId: Required[str]


class DeleteVpcLinkRequest(TypedDict, total=False):
    vpcLinkId: Required[str]


class Deployment(TypedDict, total=False):
    id: str
    description: str
    createdDate: datetime
    apiSummary: dict[str, dict[str, "MethodSnapshot"]]


class Deployments(TypedDict, total=False):
    position: str
    items: list["Deployment"]


class DocumentationPart(TypedDict, total=False):
    id: str
    location: "DocumentationPartLocation"
    properties: str


class DocumentationPartIds(TypedDict, total=False):
    ids: list[str]
    warnings: list[str]


class DocumentationParts(TypedDict, total=False):
    position: str
    items: list["DocumentationPart"]


class DocumentationVersion(TypedDict, total=False):
    version: str
    createdDate: datetime
    description: str


class DocumentationVersions(TypedDict, total=False):
    position: str
    items: list["DocumentationVersion"]


class DomainName(TypedDict, total=False):
    domainName: str
    domainNameId: str
    domainNameArn: str
    certificateName: str
    certificateArn: str
    certificateUploadDate: datetime
    regionalDomainName: str
    regionalHostedZoneId: str
    regionalCertificateName: str
    regionalCertificateArn: str
    distributionDomainName: str
    distributionHostedZoneId: str
    endpointConfiguration: "EndpointConfiguration"
    domainNameStatus: str
    domainNameStatusMessage: str
    securityPolicy: str
    endpointAccessMode: str
    tags: dict[str, str]
    mutualTlsAuthentication: "MutualTlsAuthentication"
    ownershipVerificationCertificateArn: str
    managementPolicy: str
    policy: str
    routingMode: str


class DomainNameAccessAssociation(TypedDict, total=False):
    domainNameAccessAssociationArn: str
    domainNameArn: str
    accessAssociationSourceType: str
    accessAssociationSource: str
    tags: dict[str, str]


class DomainNameAccessAssociations(TypedDict, total=False):
    position: str
    items: list["DomainNameAccessAssociation"]


class DomainNames(TypedDict, total=False):
    position: str
    items: list["DomainName"]


class ExportResponse(TypedDict, total=False):
    contentType: str
    contentDisposition: str
    body: bytes


class FlushStageAuthorizersCacheRequest(TypedDict, total=False):
    restApiId: Required[str]
    stageName: Required[str]


class FlushStageCacheRequest(TypedDict, total=False):
    restApiId: Required[str]
    stageName: Required[str]


class GatewayResponse(TypedDict, total=False):
    responseType: str
    statusCode: str
    responseParameters: dict[str, str]
    responseTemplates: dict[str, str]
    defaultResponse: bool


class GatewayResponses(TypedDict, total=False):
    position: str
    items: list["GatewayResponse"]


class GenerateClientCertificateRequest(TypedDict, total=False):
    description: str
    tags: dict[str, str]


class GetAccountRequest(TypedDict, total=False):
    pass


class GetApiKeyRequest(TypedDict, total=False):
    apiKey: Required[str]
    includeValue: bool


class GetApiKeysRequest(TypedDict, total=False):
    position: str
    limit: int
    nameQuery: str
    customerId: str
    includeValues: bool


class GetAuthorizerRequest(TypedDict, total=False):
    restApiId: Required[str]
    authorizerId: Required[str]


class GetAuthorizersRequest(TypedDict, total=False):
    restApiId: Required[str]
    position: str
    limit: int


class GetBasePathMappingRequest(TypedDict, total=False):
    domainName: Required[str]
    domainNameId: str
    basePath: Required[str]


class GetBasePathMappingsRequest(TypedDict, total=False):
    domainName: Required[str]
    domainNameId: str
    position: str
    limit: int


class GetClientCertificateRequest(TypedDict, total=False):
    clientCertificateId: Required[str]


class GetClientCertificatesRequest(TypedDict, total=False):
    position: str
    limit: int


class GetDeploymentRequest(TypedDict, total=False):
    restApiId: Required[str]
    deploymentId: Required[str]
    embed: list[str]


class GetDeploymentsRequest(TypedDict, total=False):
    restApiId: Required[str]
    position: str
    limit: int


class GetDocumentationPartRequest(TypedDict, total=False):
    restApiId: Required[str]
    documentationPartId: Required[str]


class GetDocumentationPartsRequest(TypedDict, total=False):
    restApiId: Required[str]
    type: str
    nameQuery: str
    path: str
    position: str
    limit: int
    locationStatus: str


class GetDocumentationVersionRequest(TypedDict, total=False):
    restApiId: Required[str]
    documentationVersion: Required[str]


class GetDocumentationVersionsRequest(TypedDict, total=False):
    restApiId: Required[str]
    position: str
    limit: int


class GetDomainNameAccessAssociationsRequest(TypedDict, total=False):
    position: str
    limit: int
    resourceOwner: str


class GetDomainNameRequest(TypedDict, total=False):
    domainName: Required[str]
    domainNameId: str


class GetDomainNamesRequest(TypedDict, total=False):
    position: str
    limit: int
    resourceOwner: str


class GetExportRequest(TypedDict, total=False):
    restApiId: Required[str]
    stageName: Required[str]
    exportType: Required[str]
    parameters: dict[str, str]
    accepts: str


class GetGatewayResponseRequest(TypedDict, total=False):
    restApiId: Required[str]
    responseType: Required[str]


class GetGatewayResponsesRequest(TypedDict, total=False):
    restApiId: Required[str]
    position: str
    limit: int


class GetIntegrationRequest(TypedDict, total=False):
    restApiId: Required[str]
    resourceId: Required[str]
    httpMethod: Required[str]


class GetIntegrationResponseRequest(TypedDict, total=False):
    restApiId: Required[str]
    resourceId: Required[str]
    httpMethod: Required[str]
    statusCode: Required[str]


class GetMethodRequest(TypedDict, total=False):
    restApiId: Required[str]
    resourceId: Required[str]
    httpMethod: Required[str]


class GetMethodResponseRequest(TypedDict, total=False):
    restApiId: Required[str]
    resourceId: Required[str]
    httpMethod: Required[str]
    statusCode: Required[str]


class GetModelRequest(TypedDict, total=False):
    restApiId: Required[str]
    modelName: Required[str]
    flatten: bool


class GetModelTemplateRequest(TypedDict, total=False):
    restApiId: Required[str]
    modelName: Required[str]


class GetModelsRequest(TypedDict, total=False):
    restApiId: Required[str]
    position: str
    limit: int


class GetRequestValidatorRequest(TypedDict, total=False):
    restApiId: Required[str]
    requestValidatorId: Required[str]


class GetRequestValidatorsRequest(TypedDict, total=False):
    restApiId: Required[str]
    position: str
    limit: int


class GetResourceRequest(TypedDict, total=False):
    restApiId: Required[str]
    resourceId: Required[str]
    embed: list[str]


class GetResourcesRequest(TypedDict, total=False):
    restApiId: Required[str]
    position: str
    limit: int
    embed: list[str]


class GetRestApiRequest(TypedDict, total=False):
    restApiId: Required[str]


class GetRestApisRequest(TypedDict, total=False):
    position: str
    limit: int


class GetSdkRequest(TypedDict, total=False):
    restApiId: Required[str]
    stageName: Required[str]
    sdkType: Required[str]
    parameters: dict[str, str]


class GetSdkTypeRequest(TypedDict, total=False):
    id: Required[str]


class GetSdkTypesRequest(TypedDict, total=False):
    position: str
    limit: int


class GetStageRequest(TypedDict, total=False):
    restApiId: Required[str]
    stageName: Required[str]


class GetStagesRequest(TypedDict, total=False):
    restApiId: Required[str]
    deploymentId: str


class GetTagsRequest(TypedDict, total=False):
    resourceArn: Required[str]
    position: str
    limit: int


class GetUsagePlanKeyRequest(TypedDict, total=False):
    usagePlanId: Required[str]
    keyId: Required[str]


class GetUsagePlanKeysRequest(TypedDict, total=False):
    usagePlanId: Required[str]
    position: str
    limit: int
    nameQuery: str


class GetUsagePlanRequest(TypedDict, total=False):
    usagePlanId: Required[str]


class GetUsagePlansRequest(TypedDict, total=False):
    position: str
    keyId: str
    limit: int


class GetUsageRequest(TypedDict, total=False):
    usagePlanId: Required[str]
    keyId: str
    startDate: Required[str]
    endDate: Required[str]
    position: str
    limit: int


class GetVpcLinkRequest(TypedDict, total=False):
    vpcLinkId: Required[str]


class GetVpcLinksRequest(TypedDict, total=False):
    position: str
    limit: int


class ImportApiKeysRequest(TypedDict, total=False):
    body: Required[bytes]
    format: Required[str]
    failOnWarnings: bool


class ImportDocumentationPartsRequest(TypedDict, total=False):
    restApiId: Required[str]
    mode: str
    failOnWarnings: bool
    body: Required[bytes]


class ImportRestApiRequest(TypedDict, total=False):
    failOnWarnings: bool
    parameters: dict[str, str]
    body: Required[bytes]


class Integration(TypedDict, total=False):
    type: str
    httpMethod: str
    uri: str
    connectionType: str
    connectionId: str
    credentials: str
    requestParameters: dict[str, str]
    requestTemplates: dict[str, str]
    passthroughBehavior: str
    contentHandling: str
    timeoutInMillis: int
    cacheNamespace: str
    cacheKeyParameters: list[str]
    integrationResponses: dict[str, "IntegrationResponse"]
    tlsConfig: "TlsConfig"
    responseTransferMode: str
    integrationTarget: str


class IntegrationResponse(TypedDict, total=False):
    statusCode: str
    selectionPattern: str
    responseParameters: dict[str, str]
    responseTemplates: dict[str, str]
    contentHandling: str


class Method(TypedDict, total=False):
    httpMethod: str
    authorizationType: str
    authorizerId: str
    apiKeyRequired: bool
    requestValidatorId: str
    operationName: str
    requestParameters: dict[str, bool]
    requestModels: dict[str, str]
    methodResponses: dict[str, "MethodResponse"]
    methodIntegration: "Integration"
    authorizationScopes: list[str]


class MethodResponse(TypedDict, total=False):
    statusCode: str
    responseParameters: dict[str, bool]
    responseModels: dict[str, str]


class Model(TypedDict, total=False):
    id: str
    name: str
    description: str
    schema: str
    contentType: str


class Models(TypedDict, total=False):
    position: str
    items: list["Model"]


class PutGatewayResponseRequest(TypedDict, total=False):
    restApiId: Required[str]
    responseType: Required[str]
    statusCode: str
    responseParameters: dict[str, str]
    responseTemplates: dict[str, str]


class PutIntegrationRequest(TypedDict, total=False):
    restApiId: Required[str]
    resourceId: Required[str]
    httpMethod: Required[str]
    type: Required[str]
    integrationHttpMethod: str
    uri: str
    connectionType: str
    connectionId: str
    credentials: str
    requestParameters: dict[str, str]
    requestTemplates: dict[str, str]
    passthroughBehavior: str
    cacheNamespace: str
    cacheKeyParameters: list[str]
    contentHandling: str
    timeoutInMillis: int
    tlsConfig: "TlsConfig"
    responseTransferMode: str
    integrationTarget: str


class PutIntegrationResponseRequest(TypedDict, total=False):
    restApiId: Required[str]
    resourceId: Required[str]
    httpMethod: Required[str]
    statusCode: Required[str]
    selectionPattern: str
    responseParameters: dict[str, str]
    responseTemplates: dict[str, str]
    contentHandling: str


class PutMethodRequest(TypedDict, total=False):
    restApiId: Required[str]
    resourceId: Required[str]
    httpMethod: Required[str]
    authorizationType: Required[str]
    authorizerId: str
    apiKeyRequired: bool
    operationName: str
    requestParameters: dict[str, bool]
    requestModels: dict[str, str]
    requestValidatorId: str
    authorizationScopes: list[str]


class PutMethodResponseRequest(TypedDict, total=False):
    restApiId: Required[str]
    resourceId: Required[str]
    httpMethod: Required[str]
    statusCode: Required[str]
    responseParameters: dict[str, bool]
    responseModels: dict[str, str]


class PutRestApiRequest(TypedDict, total=False):
    restApiId: Required[str]
    mode: str
    failOnWarnings: bool
    parameters: dict[str, str]
    body: Required[bytes]


class RejectDomainNameAccessAssociationRequest(TypedDict, total=False):
    domainNameAccessAssociationArn: Required[str]
    domainNameArn: Required[str]


class RequestValidator(TypedDict, total=False):
    id: str
    name: str
    validateRequestBody: bool
    validateRequestParameters: bool


class RequestValidators(TypedDict, total=False):
    position: str
    items: list["RequestValidator"]


class Resource(TypedDict, total=False):
    id: str
    parentId: str
    pathPart: str
    path: str
    resourceMethods: dict[str, "Method"]


class Resources(TypedDict, total=False):
    position: str
    items: list["Resource"]


class RestApi(TypedDict, total=False):
    id: str
    name: str
    description: str
    createdDate: datetime
    version: str
    warnings: list[str]
    binaryMediaTypes: list[str]
    minimumCompressionSize: int
    apiKeySource: str
    endpointConfiguration: "EndpointConfiguration"
    policy: str
    tags: dict[str, str]
    disableExecuteApiEndpoint: bool
    rootResourceId: str
    securityPolicy: str
    endpointAccessMode: str
    apiStatus: str
    apiStatusMessage: str


class RestApis(TypedDict, total=False):
    position: str
    items: list["RestApi"]


class SdkResponse(TypedDict, total=False):
    contentType: str
    contentDisposition: str
    body: bytes


class SdkType(TypedDict, total=False):
    id: str
    friendlyName: str
    description: str
    configurationProperties: list["SdkConfigurationProperty"]


class SdkTypes(TypedDict, total=False):
    position: str
    items: list["SdkType"]


class Stage(TypedDict, total=False):
    deploymentId: str
    clientCertificateId: str
    stageName: str
    description: str
    cacheClusterEnabled: bool
    cacheClusterSize: str
    cacheClusterStatus: str
    methodSettings: dict[str, "MethodSetting"]
    variables: dict[str, str]
    documentationVersion: str
    accessLogSettings: "AccessLogSettings"
    canarySettings: "CanarySettings"
    tracingEnabled: bool
    webAclArn: str
    tags: dict[str, str]
    createdDate: datetime
    lastUpdatedDate: datetime


class Stages(TypedDict, total=False):
    item: list["Stage"]


class TagResourceRequest(TypedDict, total=False):
    resourceArn: Required[str]
    tags: Required[dict[str, str]]


class Tags(TypedDict, total=False):
    tags: dict[str, str]


class Template(TypedDict, total=False):
    value: str


class TestInvokeAuthorizerRequest(TypedDict, total=False):
    restApiId: Required[str]
    authorizerId: Required[str]
    headers: dict[str, str]
    multiValueHeaders: dict[str, list[str]]
    pathWithQueryString: str
    body: str
    stageVariables: dict[str, str]
    additionalContext: dict[str, str]


class TestInvokeAuthorizerResponse(TypedDict, total=False):
    clientStatus: int
    log: str
    latency: int
    principalId: str
    policy: str
    authorization: dict[str, list[str]]
    claims: dict[str, str]


class TestInvokeMethodRequest(TypedDict, total=False):
    restApiId: Required[str]
    resourceId: Required[str]
    httpMethod: Required[str]
    pathWithQueryString: str
    body: str
    headers: dict[str, str]
    multiValueHeaders: dict[str, list[str]]
    clientCertificateId: str
    stageVariables: dict[str, str]


class TestInvokeMethodResponse(TypedDict, total=False):
    status: int
    body: str
    headers: dict[str, str]
    multiValueHeaders: dict[str, list[str]]
    log: str
    latency: int


class UntagResourceRequest(TypedDict, total=False):
    resourceArn: Required[str]
    tagKeys: Required[list[str]]


class UpdateAccountRequest(TypedDict, total=False):
    patchOperations: list["PatchOperation"]


class UpdateApiKeyRequest(TypedDict, total=False):
    apiKey: Required[str]
    patchOperations: list["PatchOperation"]


class UpdateAuthorizerRequest(TypedDict, total=False):
    restApiId: Required[str]
    authorizerId: Required[str]
    patchOperations: list["PatchOperation"]


class UpdateBasePathMappingRequest(TypedDict, total=False):
    domainName: Required[str]
    domainNameId: str
    basePath: Required[str]
    patchOperations: list["PatchOperation"]


class UpdateClientCertificateRequest(TypedDict, total=False):
    clientCertificateId: Required[str]
    patchOperations: list["PatchOperation"]


class UpdateDeploymentRequest(TypedDict, total=False):
    restApiId: Required[str]
    deploymentId: Required[str]
    patchOperations: list["PatchOperation"]


class UpdateDocumentationPartRequest(TypedDict, total=False):
    restApiId: Required[str]
    documentationPartId: Required[str]
    patchOperations: list["PatchOperation"]


class UpdateDocumentationVersionRequest(TypedDict, total=False):
    restApiId: Required[str]
    documentationVersion: Required[str]
    patchOperations: list["PatchOperation"]


class UpdateDomainNameRequest(TypedDict, total=False):
    domainName: Required[str]
    domainNameId: str
    patchOperations: list["PatchOperation"]


class UpdateGatewayResponseRequest(TypedDict, total=False):
    restApiId: Required[str]
    responseType: Required[str]
    patchOperations: list["PatchOperation"]


class UpdateIntegrationRequest(TypedDict, total=False):
    restApiId: Required[str]
    resourceId: Required[str]
    httpMethod: Required[str]
    patchOperations: list["PatchOperation"]


class UpdateIntegrationResponseRequest(TypedDict, total=False):
    restApiId: Required[str]
    resourceId: Required[str]
    httpMethod: Required[str]
    statusCode: Required[str]
    patchOperations: list["PatchOperation"]


class UpdateMethodRequest(TypedDict, total=False):
    restApiId: Required[str]
    resourceId: Required[str]
    httpMethod: Required[str]
    patchOperations: list["PatchOperation"]


class UpdateMethodResponseRequest(TypedDict, total=False):
    restApiId: Required[str]
    resourceId: Required[str]
    httpMethod: Required[str]
    statusCode: Required[str]
    patchOperations: list["PatchOperation"]


class UpdateModelRequest(TypedDict, total=False):
    restApiId: Required[str]
    modelName: Required[str]
    patchOperations: list["PatchOperation"]


class UpdateRequestValidatorRequest(TypedDict, total=False):
    restApiId: Required[str]
    requestValidatorId: Required[str]
    patchOperations: list["PatchOperation"]


class UpdateResourceRequest(TypedDict, total=False):
    restApiId: Required[str]
    resourceId: Required[str]
    patchOperations: list["PatchOperation"]


class UpdateRestApiRequest(TypedDict, total=False):
    restApiId: Required[str]
    patchOperations: list["PatchOperation"]


class UpdateStageRequest(TypedDict, total=False):
    restApiId: Required[str]
    stageName: Required[str]
    patchOperations: list["PatchOperation"]


class UpdateUsagePlanRequest(TypedDict, total=False):
    usagePlanId: Required[str]
    patchOperations: list["PatchOperation"]


class UpdateUsageRequest(TypedDict, total=False):
    usagePlanId: Required[str]
    keyId: Required[str]
    patchOperations: list["PatchOperation"]


class UpdateVpcLinkRequest(TypedDict, total=False):
    vpcLinkId: Required[str]
    patchOperations: list["PatchOperation"]


class Usage(TypedDict, total=False):
    usagePlanId: str
    startDate: str
    endDate: str
    position: str
    items: dict[str, list[list[int]]]


class UsagePlan(TypedDict, total=False):
    id: str
    name: str
    description: str
    apiStages: list["ApiStage"]
    throttle: "ThrottleSettings"
    quota: "QuotaSettings"
    productCode: str
    tags: dict[str, str]


class UsagePlanKey(TypedDict, total=False):
    id: str
    type: str
    value: str
    name: str


class UsagePlanKeys(TypedDict, total=False):
    position: str
    items: list["UsagePlanKey"]


class UsagePlans(TypedDict, total=False):
    position: str
    items: list["UsagePlan"]


class VpcLink(TypedDict, total=False):
    id: str
    name: str
    description: str
    targetArns: list[str]
    status: str
    statusMessage: str
    tags: dict[str, str]


class VpcLinks(TypedDict, total=False):
    position: str
    items: list["VpcLink"]


class AccessLogSettings(TypedDict, total=False):
    format: str
    destinationArn: str


class ApiStage(TypedDict, total=False):
    apiId: str
    stage: str
    throttle: dict[str, "ThrottleSettings"]


class CanarySettings(TypedDict, total=False):
    percentTraffic: float
    deploymentId: str
    stageVariableOverrides: dict[str, str]
    useStageCache: bool


class DeploymentCanarySettings(TypedDict, total=False):
    percentTraffic: float
    stageVariableOverrides: dict[str, str]
    useStageCache: bool


class DocumentationPartLocation(TypedDict, total=False):
    type: Required[str]
    path: str
    method: str
    statusCode: str
    name: str


class EndpointConfiguration(TypedDict, total=False):
    types: list[str]
    ipAddressType: str
    vpcEndpointIds: list[str]


class MethodSetting(TypedDict, total=False):
    metricsEnabled: bool
    loggingLevel: str
    dataTraceEnabled: bool
    throttlingBurstLimit: int
    throttlingRateLimit: float
    cachingEnabled: bool
    cacheTtlInSeconds: int
    cacheDataEncrypted: bool
    requireAuthorizationForCacheControl: bool
    unauthorizedCacheControlHeaderStrategy: str


class MethodSnapshot(TypedDict, total=False):
    authorizationType: str
    apiKeyRequired: bool


class MutualTlsAuthentication(TypedDict, total=False):
    truststoreUri: str
    truststoreVersion: str
    truststoreWarnings: list[str]


class MutualTlsAuthenticationInput(TypedDict, total=False):
    truststoreUri: str
    truststoreVersion: str


PatchOperation = TypedDict('PatchOperation', {'op': str, 'path': str, 'value': str, 'from': str}, total=False)


class QuotaSettings(TypedDict, total=False):
    limit: int
    offset: int
    period: str


class SdkConfigurationProperty(TypedDict, total=False):
    name: str
    friendlyName: str
    description: str
    required: bool
    defaultValue: str


class StageKey(TypedDict, total=False):
    restApiId: str
    stageName: str


class ThrottleSettings(TypedDict, total=False):
    burstLimit: int
    rateLimit: float


class TlsConfig(TypedDict, total=False):
    insecureSkipVerification: bool


class BadRequestExceptionError(ModelledError):
    code = "BadRequestException"
    status = 400


class ConflictExceptionError(ModelledError):
    code = "ConflictException"
    status = 409


class LimitExceededExceptionError(ModelledError):
    code = "LimitExceededException"
    status = 429


class NotFoundExceptionError(ModelledError):
    code = "NotFoundException"
    status = 404


class ServiceUnavailableExceptionError(ModelledError):
    code = "ServiceUnavailableException"
    status = 503


class TooManyRequestsExceptionError(ModelledError):
    code = "TooManyRequestsException"
    status = 429


class UnauthorizedExceptionError(ModelledError):
    code = "UnauthorizedException"
    status = 401
