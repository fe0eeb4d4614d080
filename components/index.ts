/**
 * pulumi-imagebuilder-distribution: one EC2 Image Builder distribution configuration, fanned out to
 * many regions, validated against AWS's model before anything is sent.
 *
 * Importing this module loads neither `@pulumi/aws` nor `@pulumi/aws-native`: the backend in use loads
 * its own submodule when the first component is created.
 * @packageDocumentation
 */
export {
    MultiRegionDistribution,
    ResolvedValidationOptions,
    checkArgsView,
    validateArgs,
    validateArgsResolved,
} from "./distribution/multiRegionDistribution";
export {
    AmiDistributionConfiguration,
    Backend,
    ContainerDistributionConfiguration,
    ContainerRepositoryService,
    DiskImageFormat,
    Distribution,
    DistributionSettings,
    FastLaunchConfiguration,
    FastLaunchLaunchTemplateSpecification,
    FastLaunchSnapshotConfiguration,
    LaunchPermissionConfiguration,
    LaunchTemplateConfiguration,
    MultiRegionDistributionArgs,
    NONE,
    RenderedAmiDistributionConfiguration,
    RenderedContainerDistributionConfiguration,
    RenderedDistribution,
    RenderedFastLaunchConfiguration,
    RenderedFastLaunchLaunchTemplateSpecification,
    RenderedFastLaunchSnapshotConfiguration,
    RenderedLaunchPermission,
    RenderedLaunchTemplateConfiguration,
    RenderedS3ExportConfiguration,
    RenderedSsmParameterConfiguration,
    RenderedTargetContainerRepository,
    S3ExportConfiguration,
    SsmParameterConfiguration,
    SsmParameterDataType,
    TargetContainerRepository,
} from "./distribution/types";
export { DistributionValidationError } from "./distribution/errors";
export { Problem, ValidationResult, Warning, describeValue, formatProblem } from "./distribution/validate";
export { UNKNOWN, Unknown } from "./distribution/values";
export { RULES } from "./distribution/rules";
export { normalizedConfigurationName } from "./distribution/rules/names";
export { RuleInfo, RuleSeverity, RuleSource } from "./distribution/rules/types";
export { defaultConfigurationName } from "./distribution/naming";
export { REGION_PATTERN, isRegionCode, partitionOf } from "./distribution/regions";
export { awsToApi } from "./distribution/render/aws";
export { awsNativeToApi } from "./distribution/render/awsNativeToApi";
export { OfflinePlanHooks, setOfflinePlanHooks } from "./distribution/planHooks";
