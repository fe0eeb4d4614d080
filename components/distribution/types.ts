import type * as pulumi from "@pulumi/pulumi";

/**
 * The disk image formats that an S3 export can write (the API's `DiskImageFormat` enum).
 * Users write the plain string: `diskImageFormat: "VMDK"`.
 */
export const DiskImageFormat = {
    /** Stream-optimized ESX Virtual Machine Disk, for VMware ESX and vSphere 4, 5 and 6. */
    VMDK: "VMDK",
    /** Raw disk image. */
    RAW: "RAW",
    /** Virtual Hard Disk, for Citrix Xen and Microsoft Hyper-V. */
    VHD: "VHD",
} as const;
/** One of `"VMDK"`, `"RAW"` or `"VHD"`. */
export type DiskImageFormat = (typeof DiskImageFormat)[keyof typeof DiskImageFormat];

/** The services a container image can be distributed to (the API's `ContainerRepositoryService`). */
export const ContainerRepositoryService = {
    /** Amazon Elastic Container Registry. */
    ECR: "ECR",
} as const;
/** Only `"ECR"` today. */
export type ContainerRepositoryService = (typeof ContainerRepositoryService)[keyof typeof ContainerRepositoryService];

/** The data types of an SSM parameter that Image Builder writes the AMI id to (`SsmParameterDataType`). */
export const SsmParameterDataType = {
    /** A plain text parameter. */
    Text: "text",
    /** A parameter that SSM validates as an AMI id. */
    AwsEc2Image: "aws:ec2:image",
} as const;
/** `"text"` or `"aws:ec2:image"`. */
export type SsmParameterDataType = (typeof SsmParameterDataType)[keyof typeof SsmParameterDataType];

/** The provider package that the component registers its one child resource with. */
export const Backend = {
    /** `@pulumi/aws` (the Terraform-based classic provider): `aws.imagebuilder.DistributionConfiguration`. */
    Aws: "aws",
    /** `@pulumi/aws-native` (Cloud Control): `aws-native:imagebuilder:DistributionConfiguration`. */
    AwsNative: "aws-native",
} as const;
/** `"aws"` or `"aws-native"`. */
export type Backend = (typeof Backend)[keyof typeof Backend];

/** Who may launch the distributed AMI (the API's `LaunchPermissionConfiguration`). */
export interface LaunchPermissionConfiguration {
    /**
     * AWS account ids (12 digits) that may launch the AMI, at most 1536.
     * @default none: no account is granted launch permission.
     */
    userIds?: pulumi.Input<pulumi.Input<string>[]>;
    /**
     * Launch permission groups. The only group is `"all"`, which makes the AMI public and needs
     * `allowPublicAmis: true` on the component.
     * @default none: the AMI is not public.
     */
    userGroups?: pulumi.Input<pulumi.Input<string>[]>;
    /**
     * ARNs of AWS Organizations (`arn:aws:organizations::123456789012:organization/o-...`) that may
     * launch the AMI, at most 25.
     * @default none
     */
    organizationArns?: pulumi.Input<pulumi.Input<string>[]>;
    /**
     * ARNs of organizational units (`arn:aws:organizations::123456789012:ou/o-.../ou-...-...`) that may
     * launch the AMI, at most 25.
     * @default none
     */
    organizationalUnitArns?: pulumi.Input<pulumi.Input<string>[]>;
}

/** The AMI settings of one region (the API's `AmiDistributionConfiguration`). */
export interface AmiDistributionConfiguration {
    /**
     * The name of the output AMI, 3 to 127 characters of letters, digits, `-_ .:{}`, usually with
     * `{{ imagebuilder:buildDate }}` so that every build gets a unique name.
     * @default Image Builder names the AMI after the recipe and the build date.
     */
    name?: pulumi.Input<string>;
    /**
     * The description of the AMI, 1 to 1024 characters.
     * @default none
     */
    description?: pulumi.Input<string>;
    /**
     * Accounts (12-digit ids) that receive a copy of the AMI in this region, at most 1536. An empty list
     * sends nothing, which is how an override clears a default list.
     * @default none: the AMI stays in the building account.
     */
    targetAccountIds?: pulumi.Input<pulumi.Input<string>[]>;
    /**
     * Tags for the distributed AMI, at most 50; keys may not start with `aws:`. In overrides this map
     * merges key by key over the default's (a map given as an Output too, once it resolves).
     * @default none
     */
    amiTags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
    /**
     * The KMS key that encrypts the AMI's snapshots in this region: a key id, alias or ARN. An ARN must
     * be in this region and partition.
     * @default the account's default EBS encryption key, or no encryption.
     */
    kmsKeyId?: pulumi.Input<string>;
    /**
     * Who may launch the AMI without owning a copy.
     * @default none: only the owning accounts can launch it.
     */
    launchPermission?: LaunchPermissionConfiguration;
}

/** The repository a container image is pushed to (the API's `TargetContainerRepository`). */
export interface TargetContainerRepository {
    /** The service that hosts the repository: `"ECR"`. Required (checked after defaults and overrides merge). */
    service?: pulumi.Input<ContainerRepositoryService>;
    /** The name of the repository (1 to 1024 characters), without the registry prefix. Required (checked after merging). */
    repositoryName?: pulumi.Input<string>;
}

/** The container settings of one region (the API's `ContainerDistributionConfiguration`). */
export interface ContainerDistributionConfiguration {
    /**
     * The description of the container distribution, 1 to 1024 characters.
     * @default none
     */
    description?: pulumi.Input<string>;
    /**
     * Tags given to the pushed image (for example `"latest"`). An empty list sends nothing.
     * @default none: Image Builder tags the image with the build version.
     */
    containerTags?: pulumi.Input<pulumi.Input<string>[]>;
    /** The destination repository. Required (checked after merging). */
    targetRepository?: TargetContainerRepository;
}

/** A launch template that is updated with the new AMI (the API's `LaunchTemplateConfiguration`). */
export interface LaunchTemplateConfiguration {
    /** The id of the EC2 launch template, `lt-` followed by 17 characters. Required (checked after merging). */
    launchTemplateId?: pulumi.Input<string>;
    /**
     * The account that owns the launch template.
     * @default the account that runs the build.
     */
    accountId?: pulumi.Input<string>;
    /**
     * Whether the new launch template version becomes the default version.
     * @default true, as in the API ("If you don't set a value, Image Builder treats it as true") and in
     * Terraform's `default`. Until 0.2.0 the component sent `false` when it was omitted.
     */
    setDefaultVersion?: pulumi.Input<boolean>;
}

/** Export of the image as a disk file to S3 (the API's `S3ExportConfiguration`). */
export interface S3ExportConfiguration {
    /** The IAM role that grants VM Import/Export permission to write to the bucket. Required (checked after merging). */
    roleName?: pulumi.Input<string>;
    /** The disk image format: `"VMDK"`, `"RAW"` or `"VHD"`. Required (checked after merging). */
    diskImageFormat?: pulumi.Input<DiskImageFormat>;
    /** The S3 bucket that receives the disk image. Required (checked after merging). */
    s3Bucket?: pulumi.Input<string>;
    /**
     * The key prefix in the bucket.
     * @default none: the bucket's root.
     */
    s3Prefix?: pulumi.Input<string>;
}

/** How many pre-provisioned snapshots fast launch keeps (`FastLaunchSnapshotConfiguration`). */
export interface FastLaunchSnapshotConfiguration {
    /**
     * The number of pre-provisioned snapshots to keep, 1 to 10000.
     * @default EC2's default (5).
     */
    targetResourceCount?: pulumi.Input<number>;
}

/** The launch template that fast launch uses to pre-provision snapshots. Give an id or a name, not both. */
export interface FastLaunchLaunchTemplateSpecification {
    /**
     * The id of the launch template (`lt-` and 17 characters).
     * @default none: give `launchTemplateName` instead, or neither for EC2's defaults.
     */
    launchTemplateId?: pulumi.Input<string>;
    /**
     * The name of the launch template.
     * @default none: give `launchTemplateId` instead, or neither.
     */
    launchTemplateName?: pulumi.Input<string>;
    /**
     * The version of the launch template.
     * @default the launch template's default version.
     */
    launchTemplateVersion?: pulumi.Input<string>;
}

/** Windows fast launch for the distributed AMI (the API's `FastLaunchConfiguration`). */
export interface FastLaunchConfiguration {
    /** Whether fast launch is enabled for the AMI. Required (checked after merging). */
    enabled?: pulumi.Input<boolean>;
    /**
     * Snapshot settings.
     * @default EC2's defaults.
     */
    snapshotConfiguration?: FastLaunchSnapshotConfiguration;
    /**
     * The maximum number of instances launched in parallel to create snapshots; at least 6 (EC2's rule).
     * @default EC2's default (6).
     */
    maxParallelLaunches?: pulumi.Input<number>;
    /**
     * The launch template used to pre-provision snapshots.
     * @default EC2's defaults.
     */
    launchTemplate?: FastLaunchLaunchTemplateSpecification;
    /**
     * The account that owns the fast-launch enabled AMI.
     * @default the deploying account: on `backend: "aws"` (which requires it) the component looks it up
     * with `aws.getCallerIdentity`; on `"aws-native"` it is left out, as the API allows.
     */
    accountId?: pulumi.Input<string>;
}

/** An SSM parameter that Image Builder sets to the new AMI id (the API's `SsmParameterConfiguration`). */
export interface SsmParameterConfiguration {
    /**
     * The parameter's name (1 to 1011 characters of letters, digits and `_.-/`; SSM counts the 1011 as the
     * parameter's ARN, `arn:<partition>:ssm:<region>:<account>:parameter/` and the name without its leading
     * `/`). Required (checked after merging).
     */
    parameterName?: pulumi.Input<string>;
    /**
     * The account that owns the parameter: one of this region's `targetAccountIds`, or the account that
     * deploys the configuration and runs the build (checked once that account is looked up).
     * @default the account that runs the build.
     */
    amiAccountId?: pulumi.Input<string>;
    /**
     * The parameter's data type, `"text"` or `"aws:ec2:image"`.
     * @default SSM's default, `"text"`.
     */
    dataType?: pulumi.Input<SsmParameterDataType>;
}

/**
 * The settings of one region's distribution, without the region: the API's `Distribution` minus
 * `region`. Used for `defaults` and `overrides`. Fields the API requires are optional in the types so
 * that `defaults` and `overrides` can each hold part of a setting; the merged result must have them,
 * and validation names any that is missing. Each region needs at least one output: AMI,
 * container, S3 export, fast launch, launch template, SSM parameter or license configuration.
 */
export interface DistributionSettings {
    /**
     * AMI settings: name, tags, accounts to copy to, KMS key, launch permissions.
     * @default none: no AMI settings for the region.
     */
    amiDistributionConfiguration?: AmiDistributionConfiguration;
    /**
     * Container image settings.
     * @default none
     */
    containerDistributionConfiguration?: ContainerDistributionConfiguration;
    /**
     * ARNs of License Manager configurations to associate with the AMI, at most 50.
     * @default none
     */
    licenseConfigurationArns?: pulumi.Input<pulumi.Input<string>[]>;
    /**
     * Launch templates to update with the new AMI, at most 100. The whole list may be an Output.
     * @default none
     */
    launchTemplateConfigurations?: pulumi.Input<LaunchTemplateConfiguration[]>;
    /**
     * Export of the image to S3 as a disk file. Only `backend: "aws"` supports it (CloudFormation has
     * no such property).
     * @default none
     */
    s3ExportConfiguration?: S3ExportConfiguration;
    /**
     * Windows fast launch settings, at most 1000. The whole list may be an Output.
     * @default none
     */
    fastLaunchConfigurations?: pulumi.Input<FastLaunchConfiguration[]>;
    /**
     * SSM parameters to set to the new AMI id. The whole list may be an Output.
     * @default none
     */
    ssmParameterConfigurations?: pulumi.Input<SsmParameterConfiguration[]>;
}

/**
 * Turns off, in an override, a setting that `defaults` gives: the region is sent nothing for that field
 * (`overrides: { "eu-west-1": { amiDistributionConfiguration: NONE } }`, or `kmsKeyId: NONE` one level
 * down). It is `null` at run time. Its type is `never` so that it fits every field: the fields' own types
 * leave out `null`, which Pulumi's schema for other languages cannot express. Writing `undefined`
 * instead keeps the default.
 */
export const NONE: never = null as never;

/** One region's distribution in the API's shape: {@link DistributionSettings} plus `region`. */
export interface Distribution extends DistributionSettings {
    /** The region code, for example `"eu-west-1"`. Required. */
    region: pulumi.Input<string>;
}

/** The arguments of {@link MultiRegionDistribution}. */
export interface MultiRegionDistributionArgs {
    /**
     * The name of the distribution configuration: 3 to 128 letters, digits, `-`, `_` and spaces.
     * Name is create-only in AWS: changing it replaces the configuration.
     * @default `<component name>-<stack>-<hash>`: derived from the component's name, the stack and the
     * project, deterministic within a stack, valid for the API, and different for every stack of the
     * project, so two stacks deploying to one account and region do not collide.
     */
    name?: pulumi.Input<string>;
    /**
     * The description of the configuration, 1 to 1024 characters.
     * @default none
     */
    description?: pulumi.Input<string>;
    /**
     * Tags on the distribution configuration, at most 50; keys may not start with `aws:`. The whole map
     * may be an Output (tags from a stack reference, for example).
     * @default none
     */
    tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
    /**
     * The regions to fan `defaults` out to, one distribution each (after `overrides`).
     * @default none: only the entries of `distributions` are used.
     */
    regions?: pulumi.Input<string>[];
    /**
     * The settings every region of `regions` starts from.
     * @default none: each region's settings come from `overrides` alone.
     */
    defaults?: DistributionSettings;
    /**
     * Settings per region, deep-merged over `defaults`: objects merge key by key (maps such as
     * `amiTags` too), lists replace the default's list. Every key must be one of `regions`.
     * @default none
     */
    overrides?: Record<string, DistributionSettings>;
    /**
     * Explicit entries in the API's shape, joined with the fan-out of `regions`. A region may appear
     * once across `regions` and `distributions`.
     * @default none
     */
    distributions?: pulumi.Input<Distribution>[];
    /**
     * Which provider package registers the configuration.
     * @default `"aws"`: `@pulumi/aws`. `"aws-native"` uses `@pulumi/aws-native` (no S3 export).
     */
    backend?: Backend;
    /**
     * The region the configuration itself lives in (it can distribute to any region).
     * @default the provider's region. On `"aws"` it is sent as the resource's `region`; on
     * `"aws-native"` the component creates an aws-native provider for it, unless `opts` passes one.
     */
    homeRegion?: pulumi.Input<string>;
    /**
     * Allow `launchPermission.userGroups: ["all"]`, which makes the AMI public to every AWS account.
     * @default false: a public AMI is rejected, so that it cannot happen by accident.
     */
    allowPublicAmis?: boolean;
}

/** Launch permissions as sent. */
export interface RenderedLaunchPermission {
    /** Account ids that may launch the AMI. */
    userIds?: string[];
    /** Launch permission groups (`"all"`). */
    userGroups?: string[];
    /** Organization ARNs that may launch the AMI. */
    organizationArns?: string[];
    /** Organizational unit ARNs that may launch the AMI. */
    organizationalUnitArns?: string[];
}

/** AMI settings as sent. */
export interface RenderedAmiDistributionConfiguration {
    /** The AMI's name. */
    name?: string;
    /** The AMI's description. */
    description?: string;
    /** Accounts that receive a copy. */
    targetAccountIds?: string[];
    /** Tags of the AMI, keys sorted. */
    amiTags?: Record<string, string>;
    /** The KMS key. */
    kmsKeyId?: string;
    /** Launch permissions. */
    launchPermission?: RenderedLaunchPermission;
}

/** A target container repository as sent. */
export interface RenderedTargetContainerRepository {
    /** Always `"ECR"`. */
    service: string;
    /** The repository's name. */
    repositoryName: string;
}

/** Container settings as sent. */
export interface RenderedContainerDistributionConfiguration {
    /** The description. */
    description?: string;
    /** Image tags. */
    containerTags?: string[];
    /** The repository. */
    targetRepository: RenderedTargetContainerRepository;
}

/** A launch template configuration as sent: `setDefaultVersion` is always present. */
export interface RenderedLaunchTemplateConfiguration {
    /** The launch template's id. */
    launchTemplateId: string;
    /** The account that owns the launch template. */
    accountId?: string;
    /** Whether the new version becomes the default (`true` unless given, as in the API). */
    setDefaultVersion: boolean;
}

/** An S3 export as sent. */
export interface RenderedS3ExportConfiguration {
    /** The VM Import/Export role. */
    roleName: string;
    /** `"VMDK"`, `"RAW"` or `"VHD"`. */
    diskImageFormat: DiskImageFormat;
    /** The bucket. */
    s3Bucket: string;
    /** The key prefix. */
    s3Prefix?: string;
}

/** Fast-launch snapshot settings as sent. */
export interface RenderedFastLaunchSnapshotConfiguration {
    /** Pre-provisioned snapshots to keep. */
    targetResourceCount?: number;
}

/** A fast-launch launch template as sent. */
export interface RenderedFastLaunchLaunchTemplateSpecification {
    /** The launch template's id. */
    launchTemplateId?: string;
    /** The launch template's name. */
    launchTemplateName?: string;
    /** The launch template's version. */
    launchTemplateVersion?: string;
}

/** A fast-launch configuration as sent. */
export interface RenderedFastLaunchConfiguration {
    /** Whether fast launch is enabled. */
    enabled: boolean;
    /** Snapshot settings. */
    snapshotConfiguration?: RenderedFastLaunchSnapshotConfiguration;
    /** Parallel launches. */
    maxParallelLaunches?: number;
    /** The launch template. */
    launchTemplate?: RenderedFastLaunchLaunchTemplateSpecification;
    /** The owning account (on `"aws"`, the deploying account when none was given). */
    accountId?: string;
}

/** An SSM parameter configuration as sent. */
export interface RenderedSsmParameterConfiguration {
    /** The parameter's name. */
    parameterName: string;
    /** The account that owns the parameter. */
    amiAccountId?: string;
    /** `"text"` or `"aws:ec2:image"`. */
    dataType?: SsmParameterDataType;
}

/** A distribution as it is sent, in the API's field names, every value resolved. */
export interface RenderedDistribution {
    /** The region code. */
    region: string;
    /** AMI settings. */
    amiDistributionConfiguration?: RenderedAmiDistributionConfiguration;
    /** Container settings. */
    containerDistributionConfiguration?: RenderedContainerDistributionConfiguration;
    /** License Manager configuration ARNs. */
    licenseConfigurationArns?: string[];
    /** Launch templates to update. */
    launchTemplateConfigurations?: RenderedLaunchTemplateConfiguration[];
    /** S3 export (`backend: "aws"` only). */
    s3ExportConfiguration?: RenderedS3ExportConfiguration;
    /** Fast-launch configurations. */
    fastLaunchConfigurations?: RenderedFastLaunchConfiguration[];
    /** SSM parameters to set. */
    ssmParameterConfigurations?: RenderedSsmParameterConfiguration[];
}
