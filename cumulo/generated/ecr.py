"""Wire types of Amazon Elastic Container Registry, generated from botocore's model: do not edit.

Regenerate with `python -m cumulo.codegen`.
"""

from datetime import datetime

from typing import Required, TypedDict

from cumulo.core.errors import ModelledError

OPERATIONS = ('BatchCheckLayerAvailability', 'BatchDeleteImage', 'BatchGetImage', 'BatchGetRepositoryScanningConfiguration', 'CompleteLayerUpload', 'CreatePullThroughCacheRule', 'CreateRepository', 'CreateRepositoryCreationTemplate', 'DeleteLifecyclePolicy', 'DeletePullThroughCacheRule', 'DeleteRegistryPolicy', 'DeleteRepository', 'DeleteRepositoryCreationTemplate', 'DeleteRepositoryPolicy', 'DeleteSigningConfiguration', 'DeregisterPullTimeUpdateExclusion', 'DescribeImageReplicationStatus', 'DescribeImageScanFindings', 'DescribeImageSigningStatus', 'DescribeImages', 'DescribePullThroughCacheRules', 'DescribeRegistry', 'DescribeReplicationBackfillResults', 'DescribeRepositories', 'DescribeRepositoryCreationTemplates', 'GetAccountSetting', 'GetAuthorizationToken', 'GetDownloadUrlForLayer', 'GetLifecyclePolicy', 'GetLifecyclePolicyPreview', 'GetRegistryPolicy', 'GetRegistryScanningConfiguration', 'GetRepositoryPolicy', 'GetSigningConfiguration', 'InitiateLayerUpload', 'ListImageReferrers', 'ListImages', 'ListPullTimeUpdateExclusions', 'ListReplicationBackfills', 'ListTagsForResource', 'PutAccountSetting', 'PutImage', 'PutImageScanningConfiguration', 'PutImageTagMutability', 'PutLifecyclePolicy', 'PutRegistryPolicy', 'PutRegistryScanningConfiguration', 'PutReplicationConfiguration', 'PutSigningConfiguration', 'RegisterPullTimeUpdateExclusion', 'SetRepositoryPolicy', 'StartImageScan', 'StartLifecyclePolicyPreview', 'StartReplicationBackfill', 'StopReplicationBackfill', 'TagResource', 'UntagResource', 'UpdateImageStorageClass', 'UpdatePullThroughCacheRule', 'UpdateRepositoryCreationTemplate', 'UploadLayerPart', 'ValidatePullThroughCacheRule')


class BatchCheckLayerAvailabilityRequest(TypedDict, total=False):
    registryId: str
    repositoryName: Required[str]
    layerDigests: Required[list[str]]


class BatchCheckLayerAvailabilityResponse(TypedDict, total=False):
    layers: list["Layer"]
    failures: list["LayerFailure"]


class BatchDeleteImageRequest(TypedDict, total=False):
    registryId: str
    repositoryName: Required[str]
    imageIds: Required[list["ImageIdentifier"]]


class BatchDeleteImageResponse(TypedDict, total=False):
    imageIds: list["ImageIdentifier"]
    failures: list["ImageFailure"]


class BatchGetImageRequest(TypedDict, total=False):
    registryId: str
    repositoryName: Required[str]
    imageIds: Required[list["ImageIdentifier"]]
    acceptedMediaTypes: list[str]


class BatchGetImageResponse(TypedDict, total=False):
    images: list["Image"]
    failures: list["ImageFailure"]


class BatchGetRepositoryScanningConfigurationRequest(TypedDict, total=False):
    repositoryNames: Required[list[str]]


class BatchGetRepositoryScanningConfigurationResponse(TypedDict, total=False):
    scanningConfigurations: list["RepositoryScanningConfiguration"]
    failures: list["RepositoryScanningConfigurationFailure"]


class CompleteLayerUploadRequest(TypedDict, total=False):
    registryId: str
    repositoryName: Required[str]
    uploadId: Required[str]
    layerDigests: Required[list[str]]


class CompleteLayerUploadResponse(TypedDict, total=False):
    registryId: str
    repositoryName: str
    uploadId: str
    layerDigest: str


class CreatePullThroughCacheRuleRequest(TypedDict, total=False):
    ecrRepositoryPrefix: Required[str]
    upstreamRegistryUrl: Required[str]
    registryId: str
    upstreamRegistry: str
    credentialArn: str
    customRoleArn: str
    upstreamRepositoryPrefix: str


class CreatePullThroughCacheRuleResponse(TypedDict, total=False):
    ecrRepositoryPrefix: str
    upstreamRegistryUrl: str
    createdAt: datetime
    registryId: str
    upstreamRegistry: str
    credentialArn: str
    customRoleArn: str
    upstreamRepositoryPrefix: str


class CreateRepositoryCreationTemplateRequest(TypedDict, total=False):
    prefix: Required[str]
    description: str
    encryptionConfiguration: "EncryptionConfigurationForRepositoryCreationTemplate"
    resourceTags: list["Tag"]
    imageTagMutability: str
    imageTagMutabilityExclusionFilters: list["ImageTagMutabilityExclusionFilter"]
    repositoryPolicy: str
    lifecyclePolicy: str
    appliedFor: Required[list[str]]
    customRoleArn: str


class CreateRepositoryCreationTemplateResponse(TypedDict, total=False):
    registryId: str
    repositoryCreationTemplate: "RepositoryCreationTemplate"


class CreateRepositoryRequest(TypedDict, total=False):
    registryId: str
    repositoryName: Required[str]
    tags: list["Tag"]
    imageTagMutability: str
    imageTagMutabilityExclusionFilters: list["ImageTagMutabilityExclusionFilter"]
    imageScanningConfiguration: "ImageScanningConfiguration"
    encryptionConfiguration: "EncryptionConfiguration"


class CreateRepositoryResponse(TypedDict, total=False):
    repository: "Repository"


class DeleteLifecyclePolicyRequest(TypedDict, total=False):
    registryId: str
    repositoryName: Required[str]


class DeleteLifecyclePolicyResponse(TypedDict, total=False):
    registryId: str
    repositoryName: str
    lifecyclePolicyText: str
    lastEvaluatedAt: datetime


class DeletePullThroughCacheRuleRequest(TypedDict, total=False):
    ecrRepositoryPrefix: Required[str]
    registryId: str


class DeletePullThroughCacheRuleResponse(TypedDict, total=False):
    ecrRepositoryPrefix: str
    upstreamRegistryUrl: str
    createdAt: datetime
    registryId: str
    credentialArn: str
    customRoleArn: str
    upstreamRepositoryPrefix: str


class DeleteRegistryPolicyRequest(TypedDict, total=False):
    pass


class DeleteRegistryPolicyResponse(TypedDict, total=False):
    registryId: str
    policyText: str


class DeleteRepositoryCreationTemplateRequest(TypedDict, total=False):
    prefix: Required[str]


class DeleteRepositoryCreationTemplateResponse(TypedDict, total=False):
    registryId: str
    repositoryCreationTemplate: "RepositoryCreationTemplate"


class DeleteRepositoryPolicyRequest(TypedDict, total=False):
    registryId: str
    repositoryName: Required[str]


class DeleteRepositoryPolicyResponse(TypedDict, total=False):
    registryId: str
    repositoryName: str
    policyText: str


class DeleteRepositoryRequest(TypedDict, total=False):
    registryId: str
    repositoryName: Required[str]
    force: bool


class DeleteRepositoryResponse(TypedDict, total=False):
    repository: "Repository"


class DeleteSigningConfigurationRequest(TypedDict, total=False):
    pass


class DeleteSigningConfigurationResponse(TypedDict, total=False):
    registryId: str
    signingConfiguration: "SigningConfiguration"


class DeregisterPullTimeUpdateExclusionRequest(TypedDict, total=False):
    principalArn: Required[str]


class DeregisterPullTimeUpdateExclusionResponse(TypedDict, total=False):
    principalArn: str


class DescribeImageReplicationStatusRequest(TypedDict, total=False):
    repositoryName: Required[str]
    imageId: Required["ImageIdentifier"]
    registryId: str


class DescribeImageReplicationStatusResponse(TypedDict, total=False):
    repositoryName: str
    imageId: "ImageIdentifier"
    replicationStatuses: list["ImageReplicationStatus"]


class DescribeImageScanFindingsRequest(TypedDict, total=False):
    registryId: str
    repositoryName: Required[str]
    imageId: Required["ImageIdentifier"]
    nextToken: str
    maxResults: int


class DescribeImageScanFindingsResponse(TypedDict, total=False):
    registryId: str
    repositoryName: str
    imageId: "ImageIdentifier"
    imageScanStatus: "ImageScanStatus"
    imageScanFindings: "ImageScanFindings"
    nextToken: str


class DescribeImageSigningStatusRequest(TypedDict, total=False):
    repositoryName: Required[str]
    imageId: Required["ImageIdentifier"]
    registryId: str


class DescribeImageSigningStatusResponse(TypedDict, total=False):
    repositoryName: str
    imageId: "ImageIdentifier"
    registryId: str
    signingStatuses: list["ImageSigningStatus"]


class DescribeImagesRequest(TypedDict, total=False):
    registryId: str
    repositoryName: Required[str]
    imageIds: list["ImageIdentifier"]
    nextToken: str
    maxResults: int
    filter: "DescribeImagesFilter"


class DescribeImagesResponse(TypedDict, total=False):
    imageDetails: list["ImageDetail"]
    nextToken: str


class DescribePullThroughCacheRulesRequest(TypedDict, total=False):
    registryId: str
    ecrRepositoryPrefixes: list[str]
    nextToken: str
    maxResults: int


class DescribePullThroughCacheRulesResponse(TypedDict, total=False):
    pullThroughCacheRules: list["PullThroughCacheRule"]
    nextToken: str


class DescribeRegistryRequest(TypedDict, total=False):
    pass


class DescribeRegistryResponse(TypedDict, total=False):
    registryId: str
    replicationConfiguration: "ReplicationConfiguration"


class DescribeReplicationBackfillResultsRequest(TypedDict, total=False):
    registryId: str
    replicationBackfillId: Required[str]
    resultStatusFilter: str
    maxResults: int
    nextToken: str


class DescribeReplicationBackfillResultsResponse(TypedDict, total=False):
    registryId: str
    replicationBackfillId: str
    destination: "ReplicationDestination"
    status: str
    failureCode: str
    progress: "ReplicationBackfillProgress"
    results: list["ReplicationBackfillResult"]
    startedAt: datetime
    endedAt: datetime
    nextToken: str


class DescribeRepositoriesRequest(TypedDict, total=False):
    registryId: str
    repositoryNames: list[str]
    nextToken: str
    maxResults: int


class DescribeRepositoriesResponse(TypedDict, total=False):
    repositories: list["Repository"]
    nextToken: str


class DescribeRepositoryCreationTemplatesRequest(TypedDict, total=False):
    prefixes: list[str]
    nextToken: str
    maxResults: int


class DescribeRepositoryCreationTemplatesResponse(TypedDict, total=False):
    registryId: str
    repositoryCreationTemplates: list["RepositoryCreationTemplate"]
    nextToken: str


class GetAccountSettingRequest(TypedDict, total=False):
    name: Required[str]


class GetAccountSettingResponse(TypedDict, total=False):
    name: str
    value: str


class GetAuthorizationTokenRequest(TypedDict, total=False):
    registryIds: list[str]


class GetAuthorizationTokenResponse(TypedDict, total=False):
    authorizationData: list["AuthorizationData"]


class GetDownloadUrlForLayerRequest(TypedDict, total=False):
    registryId: str
    repositoryName: Required[str]
    layerDigest: Required[str]


class GetDownloadUrlForLayerResponse(TypedDict, total=False):
    downloadUrl: str
    layerDigest: str


class GetLifecyclePolicyPreviewRequest(TypedDict, total=False):
    registryId: str
    repositoryName: Required[str]
    imageIds: list["ImageIdentifier"]
    nextToken: str
    maxResults: int
    filter: "LifecyclePolicyPreviewFilter"


class GetLifecyclePolicyPreviewResponse(TypedDict, total=False):
    registryId: str
    repositoryName: str
    lifecyclePolicyText: str
    status: str
    nextToken: str
    previewResults: list["LifecyclePolicyPreviewResult"]
    summary: "LifecyclePolicyPreviewSummary"


class GetLifecyclePolicyRequest(TypedDict, total=False):
    registryId: str
    repositoryName: Required[str]


class GetLifecyclePolicyResponse(TypedDict, total=False):
    registryId: str
    repositoryName: str
    lifecyclePolicyText: str
    lastEvaluatedAt: datetime


class GetRegistryPolicyRequest(TypedDict, total=False):
    pass


class GetRegistryPolicyResponse(TypedDict, total=False):
    registryId: str
    policyText: str


class GetRegistryScanningConfigurationRequest(TypedDict, total=False):
    pass


class GetRegistryScanningConfigurationResponse(TypedDict, total=False):
    registryId: str
    scanningConfiguration: "RegistryScanningConfiguration"


class GetRepositoryPolicyRequest(TypedDict, total=False):
    registryId: str
    repositoryName: Required[str]


class GetRepositoryPolicyResponse(TypedDict, total=False):
    registryId: str
    repositoryName: str
    policyText: str


class GetSigningConfigurationRequest(TypedDict, total=False):
    pass


class GetSigningConfigurationResponse(TypedDict, total=False):
    registryId: str
    signingConfiguration: "SigningConfiguration"


class InitiateLayerUploadRequest(TypedDict, total=False):
    registryId: str
    repositoryName: Required[str]


class InitiateLayerUploadResponse(TypedDict, total=False):
    uploadId: str
    partSize: int


class ListImageReferrersRequest(TypedDict, total=False):
    registryId: str
    repositoryName: Required[str]
    subjectId: Required["SubjectIdentifier"]
    filter: "ListImageReferrersFilter"
    nextToken: str
    maxResults: int


class ListImageReferrersResponse(TypedDict, total=False):
    referrers: list["ImageReferrer"]
    nextToken: str


class ListImagesRequest(TypedDict, total=False):
    registryId: str
    repositoryName: Required[str]
    nextToken: str
    maxResults: int
    filter: "ListImagesFilter"


class ListImagesResponse(TypedDict, total=False):
    imageIds: list["ImageIdentifier"]
    nextToken: str


class ListPullTimeUpdateExclusionsRequest(TypedDict, total=False):
    maxResults: int
    nextToken: str


class ListPullTimeUpdateExclusionsResponse(TypedDict, total=False):
    pullTimeUpdateExclusions: list[str]
    nextToken: str


class ListReplicationBackfillsRequest(TypedDict, total=False):
    registryId: str
    maxResults: int
    nextToken: str


class ListReplicationBackfillsResponse(TypedDict, total=False):
    registryId: str
    backfills: list["ReplicationBackfillSummary"]
    nextToken: str


class ListTagsForResourceRequest(TypedDict, total=False):
    resourceArn: Required[str]


class ListTagsForResourceResponse(TypedDict, total=False):
    tags: list["Tag"]


class PutAccountSettingRequest(TypedDict, total=False):
    name: Required[str]
    value: Required[str]


class PutAccountSettingResponse(TypedDict, total=False):
    name: str
    value: str


class PutImageRequest(TypedDict, total=False):
    registryId: str
    repositoryName: Required[str]
    imageManifest: Required[str]
    imageManifestMediaType: str
    imageTag: str
    imageDigest: str


class PutImageResponse(TypedDict, total=False):
    image: "Image"


class PutImageScanningConfigurationRequest(TypedDict, total=False):
    registryId: str
    repositoryName: Required[str]
    imageScanningConfiguration: Required["ImageScanningConfiguration"]


class PutImageScanningConfigurationResponse(TypedDict, total=False):
    registryId: str
    repositoryName: str
    imageScanningConfiguration: "ImageScanningConfiguration"


class PutImageTagMutabilityRequest(TypedDict, total=False):
    registryId: str
    repositoryName: Required[str]
    imageTagMutability: Required[str]
    imageTagMutabilityExclusionFilters: list["ImageTagMutabilityExclusionFilter"]


class PutImageTagMutabilityResponse(TypedDict, total=False):
    registryId: str
    repositoryName: str
    imageTagMutability: str
    imageTagMutabilityExclusionFilters: list["ImageTagMutabilityExclusionFilter"]


class PutLifecyclePolicyRequest(TypedDict, total=False):
    registryId: str
    repositoryName: Required[str]
    lifecyclePolicyText: Required[str]


class PutLifecyclePolicyResponse(TypedDict, total=False):
    registryId: str
    repositoryName: str
    lifecyclePolicyText: str


class PutRegistryPolicyRequest(TypedDict, total=False):
    policyText: Required[str]


class PutRegistryPolicyResponse(TypedDict, total=False):
    registryId: str
    policyText: str


class PutRegistryScanningConfigurationRequest(TypedDict, total=False):
    scanType: str
    rules: list["RegistryScanningRule"]


class PutRegistryScanningConfigurationResponse(TypedDict, total=False):
    registryScanningConfiguration: "RegistryScanningConfiguration"


class PutReplicationConfigurationRequest(TypedDict, total=False):
    replicationConfiguration: Required["ReplicationConfiguration"]


class PutReplicationConfigurationResponse(TypedDict, total=False):
    replicationConfiguration: "ReplicationConfiguration"


class PutSigningConfigurationRequest(TypedDict, total=False):
    signingConfiguration: Required["SigningConfiguration"]


class PutSigningConfigurationResponse(TypedDict, total=False):
    signingConfiguration: "SigningConfiguration"


class RegisterPullTimeUpdateExclusionRequest(TypedDict, total=False):
    principalArn: Required[str]


class RegisterPullTimeUpdateExclusionResponse(TypedDict, total=False):
    principalArn: str
    createdAt: datetime


class SetRepositoryPolicyRequest(TypedDict, total=False):
    registryId: str
    repositoryName: Required[str]
    policyText: Required[str]
    force: bool


class SetRepositoryPolicyResponse(TypedDict, total=False):
    registryId: str
    repositoryName: str
    policyText: str


class StartImageScanRequest(TypedDict, total=False):
    registryId: str
    repositoryName: Required[str]
    imageId: Required["ImageIdentifier"]


class StartImageScanResponse(TypedDict, total=False):
    registryId: str
    repositoryName: str
    imageId: "ImageIdentifier"
    imageScanStatus: "ImageScanStatus"


class StartLifecyclePolicyPreviewRequest(TypedDict, total=False):
    registryId: str
    repositoryName: Required[str]
    lifecyclePolicyText: str


class StartLifecyclePolicyPreviewResponse(TypedDict, total=False):
    registryId: str
    repositoryName: str
    lifecyclePolicyText: str
    status: str


class StartReplicationBackfillRequest(TypedDict, total=False):
    registryId: str
    destination: Required["ReplicationDestination"]


class StartReplicationBackfillResponse(TypedDict, total=False):
    replicationBackfillId: str
    registryId: str
    destination: "ReplicationDestination"
    status: str
    startedAt: datetime


class StopReplicationBackfillRequest(TypedDict, total=False):
    registryId: str
    replicationBackfillId: Required[str]


class StopReplicationBackfillResponse(TypedDict, total=False):
    registryId: str
    replicationBackfillId: str
    destination: "ReplicationDestination"
    status: str
    startedAt: datetime


class TagResourceRequest(TypedDict, total=False):
    resourceArn: Required[str]
    tags: Required[list["Tag"]]


class TagResourceResponse(TypedDict, total=False):
    pass


class UntagResourceRequest(TypedDict, total=False):
    resourceArn: Required[str]
    tagKeys: Required[list[str]]


class UntagResourceResponse(TypedDict, total=False):
    pass


class UpdateImageStorageClassRequest(TypedDict, total=False):
    registryId: str
    repositoryName: Required[str]
    imageId: Required["ImageIdentifier"]
    targetStorageClass: Required[str]


class UpdateImageStorageClassResponse(TypedDict, total=False):
    registryId: str
    repositoryName: str
    imageId: "ImageIdentifier"
    imageStatus: str


class UpdatePullThroughCacheRuleRequest(TypedDict, total=False):
    registryId: str
    ecrRepositoryPrefix: Required[str]
    credentialArn: str
    customRoleArn: str


class UpdatePullThroughCacheRuleResponse(TypedDict, total=False):
    ecrRepositoryPrefix: str
    registryId: str
    updatedAt: datetime
    credentialArn: str
    customRoleArn: str
    upstreamRepositoryPrefix: str


class UpdateRepositoryCreationTemplateRequest(TypedDict, total=False):
    prefix: Required[str]
    description: str
    encryptionConfiguration: "EncryptionConfigurationForRepositoryCreationTemplate"
    resourceTags: list["Tag"]
    imageTagMutability: str
    imageTagMutabilityExclusionFilters: list["ImageTagMutabilityExclusionFilter"]
    repositoryPolicy: str
    lifecyclePolicy: str
    appliedFor: list[str]
    customRoleArn: str


class UpdateRepositoryCreationTemplateResponse(TypedDict, total=False):
    registryId: str
    repositoryCreationTemplate: "RepositoryCreationTemplate"


class UploadLayerPartRequest(TypedDict, total=False):
    registryId: str
    repositoryName: Required[str]
    uploadId: Required[str]
    partFirstByte: Required[int]
    partLastByte: Required[int]
    layerPartBlob: Required[bytes]


class UploadLayerPartResponse(TypedDict, total=False):
    registryId: str
    repositoryName: str
    uploadId: str
    lastByteReceived: int


class ValidatePullThroughCacheRuleRequest(TypedDict, total=False):
    ecrRepositoryPrefix: Required[str]
    registryId: str


class ValidatePullThroughCacheRuleResponse(TypedDict, total=False):
    ecrRepositoryPrefix: str
    registryId: str
    upstreamRegistryUrl: str
    credentialArn: str
    customRoleArn: str
    upstreamRepositoryPrefix: str
    isValid: bool
    failure: str


class AuthorizationData(TypedDict, total=False):
    authorizationToken: str
    expiresAt: datetime
    proxyEndpoint: str


class DescribeImagesFilter(TypedDict, total=False):
    tagStatus: str
    imageStatus: str


class EncryptionConfiguration(TypedDict, total=False):
    encryptionType: Required[str]
    kmsKey: str


class EncryptionConfigurationForRepositoryCreationTemplate(TypedDict, total=False):
    encryptionType: Required[str]
    kmsKey: str


class Image(TypedDict, total=False):
    registryId: str
    repositoryName: str
    imageId: "ImageIdentifier"
    imageManifest: str
    imageManifestMediaType: str


class ImageDetail(TypedDict, total=False):
    registryId: str
    repositoryName: str
    imageDigest: str
    imageTags: list[str]
    imageSizeInBytes: int
    imagePushedAt: datetime
    imageScanStatus: "ImageScanStatus"
    imageScanFindingsSummary: "ImageScanFindingsSummary"
    imageManifestMediaType: str
    artifactMediaType: str
    lastRecordedPullTime: datetime
    subjectManifestDigest: str
    imageStatus: str
    lastArchivedAt: datetime
    lastActivatedAt: datetime


class ImageFailure(TypedDict, total=False):
    imageId: "ImageIdentifier"
    failureCode: str
    failureReason: str


class ImageIdentifier(TypedDict, total=False):
    imageDigest: str
    imageTag: str


class ImageReferrer(TypedDict, total=False):
    digest: Required[str]
    mediaType: Required[str]
    artifactType: str
    size: Required[int]
    annotations: dict[str, str]
    artifactStatus: str


class ImageReplicationStatus(TypedDict, total=False):
    region: str
    registryId: str
    status: str
    failureCode: str


class ImageScanFindings(TypedDict, total=False):
    imageScanCompletedAt: datetime
    vulnerabilitySourceUpdatedAt: datetime
    findingSeverityCounts: dict[str, int]
    findings: list["ImageScanFinding"]
    enhancedFindings: list["EnhancedImageScanFinding"]


class ImageScanStatus(TypedDict, total=False):
    status: str
    description: str


class ImageScanningConfiguration(TypedDict, total=False):
    scanOnPush: bool


class ImageSigningStatus(TypedDict, total=False):
    signingProfileArn: str
    failureCode: str
    failureReason: str
    status: str


class ImageTagMutabilityExclusionFilter(TypedDict, total=False):
    filterType: Required[str]
    filter: Required[str]


class Layer(TypedDict, total=False):
    layerDigest: str
    layerAvailability: str
    layerSize: int
    mediaType: str


class LayerFailure(TypedDict, total=False):
    layerDigest: str
    failureCode: str
    failureReason: str


class LifecyclePolicyPreviewFilter(TypedDict, total=False):
    tagStatus: str


class LifecyclePolicyPreviewResult(TypedDict, total=False):
    imageTags: list[str]
    imageDigest: str
    imagePushedAt: datetime
    action: "LifecyclePolicyRuleAction"
    appliedRulePriority: int
    storageClass: str


class LifecyclePolicyPreviewSummary(TypedDict, total=False):
    expiringImageTotalCount: int
    transitioningImageTotalCounts: list["TransitioningImageTotalCount"]


class ListImageReferrersFilter(TypedDict, total=False):
    artifactTypes: list[str]
    artifactStatus: str


class ListImagesFilter(TypedDict, total=False):
    tagStatus: str
    imageStatus: str


class PullThroughCacheRule(TypedDict, total=False):
    ecrRepositoryPrefix: str
    upstreamRegistryUrl: str
    createdAt: datetime
    registryId: str
    credentialArn: str
    customRoleArn: str
    upstreamRepositoryPrefix: str
    upstreamRegistry: str
    updatedAt: datetime


class RegistryScanningConfiguration(TypedDict, total=False):
    scanType: str
    rules: list["RegistryScanningRule"]


class RegistryScanningRule(TypedDict, total=False):
    scanFrequency: Required[str]
    repositoryFilters: Required[list["ScanningRepositoryFilter"]]


class ReplicationBackfillProgress(TypedDict, total=False):
    totalReplicationCount: Required[int]
    completedReplicationCount: Required[int]
    failedReplicationCount: Required[int]
    failureCodes: Required[list[str]]


class ReplicationBackfillResult(TypedDict, total=False):
    repositoryName: Required[str]
    imageId: Required["ImageIdentifier"]
    status: Required[str]
    failureCode: str
    subImageFailureCodes: list[str]


class ReplicationBackfillSummary(TypedDict, total=False):
    replicationBackfillId: Required[str]
    destination: Required["ReplicationDestination"]
    status: Required[str]
    failureCode: str
    progress: "ReplicationBackfillProgress"
    startedAt: Required[datetime]
    endedAt: datetime


class ReplicationConfiguration(TypedDict, total=False):
    rules: Required[list["ReplicationRule"]]


class ReplicationDestination(TypedDict, total=False):
    region: Required[str]
    registryId: Required[str]


class Repository(TypedDict, total=False):
    repositoryArn: str
    registryId: str
    repositoryName: str
    repositoryUri: str
    createdAt: datetime
    imageTagMutability: str
    imageTagMutabilityExclusionFilters: list["ImageTagMutabilityExclusionFilter"]
    imageScanningConfiguration: "ImageScanningConfiguration"
    encryptionConfiguration: "EncryptionConfiguration"


class RepositoryCreationTemplate(TypedDict, total=False):
    prefix: str
    description: str
    encryptionConfiguration: "EncryptionConfigurationForRepositoryCreationTemplate"
    resourceTags: list["Tag"]
    imageTagMutability: str
    imageTagMutabilityExclusionFilters: list["ImageTagMutabilityExclusionFilter"]
    repositoryPolicy: str
    lifecyclePolicy: str
    appliedFor: list[str]
    customRoleArn: str
    createdAt: datetime
    updatedAt: datetime


class RepositoryScanningConfiguration(TypedDict, total=False):
    repositoryArn: str
    repositoryName: str
    scanOnPush: bool
    scanFrequency: str
    appliedScanFilters: list["ScanningRepositoryFilter"]


class RepositoryScanningConfigurationFailure(TypedDict, total=False):
    repositoryName: str
    failureCode: str
    failureReason: str


class SigningConfiguration(TypedDict, total=False):
    rules: Required[list["SigningRule"]]


class SubjectIdentifier(TypedDict, total=False):
    imageDigest: Required[str]


class Tag(TypedDict, total=False):
    Key: Required[str]
    Value: Required[str]


class EnhancedImageScanFinding(TypedDict, total=False):
    awsAccountId: str
    description: str
    findingArn: str
    firstObservedAt: datetime
    lastObservedAt: datetime
    packageVulnerabilityDetails: "PackageVulnerabilityDetails"
    remediation: "Remediation"
    resources: list["Resource"]
    score: float
    scoreDetails: "ScoreDetails"
    severity: str
    status: str
    title: str
    type: str
    updatedAt: datetime
    fixAvailable: str
    exploitAvailable: str


class ImageScanFinding(TypedDict, total=False):
    name: str
    description: str
    uri: str
    severity: str
    attributes: list["Attribute"]


class ImageScanFindingsSummary(TypedDict, total=False):
    imageScanCompletedAt: datetime
    vulnerabilitySourceUpdatedAt: datetime
    findingSeverityCounts: dict[str, int]


class LifecyclePolicyRuleAction(TypedDict, total=False):
    type: str
    targetStorageClass: str


class ReplicationRule(TypedDict, total=False):
    destinations: Required[list["ReplicationDestination"]]
    repositoryFilters: list["RepositoryFilter"]


class ScanningRepositoryFilter(TypedDict, total=False):
    filter: Required[str]
    filterType: Required[str]


class SigningRule(TypedDict, total=False):
    signingProfileArn: Required[str]
    repositoryFilters: list["SigningRepositoryFilter"]


class TransitioningImageTotalCount(TypedDict, total=False):
    targetStorageClass: str
    imageTotalCount: int


class Attribute(TypedDict, total=False):
    key: Required[str]
    value: str


class PackageVulnerabilityDetails(TypedDict, total=False):
    cvss: list["CvssScore"]
    referenceUrls: list[str]
    relatedVulnerabilities: list[str]
    source: str
    sourceUrl: str
    vendorCreatedAt: datetime
    vendorSeverity: str
    vendorUpdatedAt: datetime
    vulnerabilityId: str
    vulnerablePackages: list["VulnerablePackage"]


class Remediation(TypedDict, total=False):
    recommendation: "Recommendation"


class RepositoryFilter(TypedDict, total=False):
    filter: Required[str]
    filterType: Required[str]


class Resource(TypedDict, total=False):
    details: "ResourceDetails"
    id: str
    tags: dict[str, str]
    type: str


class ScoreDetails(TypedDict, total=False):
    cvss: "CvssScoreDetails"


class SigningRepositoryFilter(TypedDict, total=False):
    filter: Required[str]
    filterType: Required[str]


class CvssScore(TypedDict, total=False):
    baseScore: float
    scoringVector: str
    source: str
    version: str


class CvssScoreDetails(TypedDict, total=False):
    adjustments: list["CvssScoreAdjustment"]
    score: float
    scoreSource: str
    scoringVector: str
    version: str


class Recommendation(TypedDict, total=False):
    url: str
    text: str


class ResourceDetails(TypedDict, total=False):
    awsEcrContainerImage: "AwsEcrContainerImageDetails"


class VulnerablePackage(TypedDict, total=False):
    arch: str
    epoch: int
    filePath: str
    name: str
    packageManager: str
    release: str
    sourceLayerHash: str
    version: str
    fixedInVersion: str


class AwsEcrContainerImageDetails(TypedDict, total=False):
    architecture: str
    author: str
    imageHash: str
    imageTags: list[str]
    platform: str
    pushedAt: datetime
    lastInUseAt: datetime
    inUseCount: int
    registry: str
    repositoryName: str


class CvssScoreAdjustment(TypedDict, total=False):
    metric: str
    reason: str


class BlockedByOrganizationPolicyExceptionError(ModelledError):
    code = "BlockedByOrganizationPolicyException"


class EmptyUploadExceptionError(ModelledError):
    code = "EmptyUploadException"


class ExclusionAlreadyExistsExceptionError(ModelledError):
    code = "ExclusionAlreadyExistsException"


class ExclusionNotFoundExceptionError(ModelledError):
    code = "ExclusionNotFoundException"


class ImageAlreadyExistsExceptionError(ModelledError):
    code = "ImageAlreadyExistsException"


class ImageArchivedExceptionError(ModelledError):
    code = "ImageArchivedException"


class ImageDigestDoesNotMatchExceptionError(ModelledError):
    code = "ImageDigestDoesNotMatchException"


class ImageNotFoundExceptionError(ModelledError):
    code = "ImageNotFoundException"


class ImageStorageClassUpdateNotSupportedExceptionError(ModelledError):
    code = "ImageStorageClassUpdateNotSupportedException"


class ImageTagAlreadyExistsExceptionError(ModelledError):
    code = "ImageTagAlreadyExistsException"


class InvalidLayerExceptionError(ModelledError):
    code = "InvalidLayerException"


class InvalidLayerPartExceptionError(ModelledError):
    code = "InvalidLayerPartException"


class InvalidParameterExceptionError(ModelledError):
    code = "InvalidParameterException"


class InvalidTagParameterExceptionError(ModelledError):
    code = "InvalidTagParameterException"


class KmsExceptionError(ModelledError):
    code = "KmsException"


class LayerAlreadyExistsExceptionError(ModelledError):
    code = "LayerAlreadyExistsException"


class LayerInaccessibleExceptionError(ModelledError):
    code = "LayerInaccessibleException"


class LayerPartTooSmallExceptionError(ModelledError):
    code = "LayerPartTooSmallException"


class LayersNotFoundExceptionError(ModelledError):
    code = "LayersNotFoundException"


class LifecyclePolicyNotFoundExceptionError(ModelledError):
    code = "LifecyclePolicyNotFoundException"


class LifecyclePolicyPreviewInProgressExceptionError(ModelledError):
    code = "LifecyclePolicyPreviewInProgressException"


class LifecyclePolicyPreviewNotFoundExceptionError(ModelledError):
    code = "LifecyclePolicyPreviewNotFoundException"


class LimitExceededExceptionError(ModelledError):
    code = "LimitExceededException"


class PullThroughCacheRuleAlreadyExistsExceptionError(ModelledError):
    code = "PullThroughCacheRuleAlreadyExistsException"


class PullThroughCacheRuleNotFoundExceptionError(ModelledError):
    code = "PullThroughCacheRuleNotFoundException"


class ReferencedImagesNotFoundExceptionError(ModelledError):
    code = "ReferencedImagesNotFoundException"


class RegistryPolicyNotFoundExceptionError(ModelledError):
    code = "RegistryPolicyNotFoundException"


class ReplicationBackfillInProgressExceptionError(ModelledError):
    code = "ReplicationBackfillInProgressException"


class ReplicationBackfillInvalidStatusExceptionError(ModelledError):
    code = "ReplicationBackfillInvalidStatusException"


class ReplicationBackfillNotFoundExceptionError(ModelledError):
    code = "ReplicationBackfillNotFoundException"


class RepositoryAlreadyExistsExceptionError(ModelledError):
    code = "RepositoryAlreadyExistsException"


class RepositoryNotEmptyExceptionError(ModelledError):
    code = "RepositoryNotEmptyException"


class RepositoryNotFoundExceptionError(ModelledError):
    code = "RepositoryNotFoundException"


class RepositoryPolicyNotFoundExceptionError(ModelledError):
    code = "RepositoryPolicyNotFoundException"


class ScanNotFoundExceptionError(ModelledError):
    code = "ScanNotFoundException"


class SecretNotFoundExceptionError(ModelledError):
    code = "SecretNotFoundException"


class ServerExceptionError(ModelledError):
    code = "ServerException"


class SigningConfigurationNotFoundExceptionError(ModelledError):
    code = "SigningConfigurationNotFoundException"


class TemplateAlreadyExistsExceptionError(ModelledError):
    code = "TemplateAlreadyExistsException"


class TemplateNotFoundExceptionError(ModelledError):
    code = "TemplateNotFoundException"


class TooManyTagsExceptionError(ModelledError):
    code = "TooManyTagsException"


class UnableToAccessSecretExceptionError(ModelledError):
    code = "UnableToAccessSecretException"


class UnableToDecryptSecretValueExceptionError(ModelledError):
    code = "UnableToDecryptSecretValueException"


class UnableToGetUpstreamImageExceptionError(ModelledError):
    code = "UnableToGetUpstreamImageException"


class UnableToGetUpstreamLayerExceptionError(ModelledError):
    code = "UnableToGetUpstreamLayerException"


class UnableToListUpstreamImageReferrersExceptionError(ModelledError):
    code = "UnableToListUpstreamImageReferrersException"


class UnsupportedImageTypeExceptionError(ModelledError):
    code = "UnsupportedImageTypeException"


class UnsupportedUpstreamRegistryExceptionError(ModelledError):
    code = "UnsupportedUpstreamRegistryException"


class UploadNotFoundExceptionError(ModelledError):
    code = "UploadNotFoundException"


class ValidationExceptionError(ModelledError):
    code = "ValidationException"
