/**
 * Rendering for `@pulumi/aws-native` (CloudFormation's `AWS::ImageBuilder::DistributionConfiguration`
 * through Cloud Control), and back.
 *
 * CloudFormation names the launch permission `launchPermissionConfiguration` and has no
 * `s3ExportConfiguration` (validation refuses it before rendering). Everything else keeps the API's
 * names, `setDefaultVersion` included.
 */
import type * as nativeInputs from "@pulumi/aws-native/types/input";
import type { ApiEntry } from "../canonical";
import { renameMember, withMember } from "./common";

/** One distribution as `@pulumi/aws-native` takes it (a type only: nothing of the SDK is loaded here). */
export type AwsNativeDistribution = nativeInputs.imagebuilder.DistributionConfigurationDistributionArgs;

/**
 * One canonical entry as aws-native's `DistributionConfigurationDistributionArgs`. Canonical entries hold
 * the model's members only (see `shapeCopy`); CloudFormation names them as the API does but for the
 * launch permission, and lacks S3 export: renaming the one and leaving out the other makes the entry the
 * provider's type.
 */
export function toAwsNativeDistribution(e: ApiEntry): AwsNativeDistribution {
    return withMember(
        e,
        "amiDistributionConfiguration",
        (v) => renameMember(v, "launchPermission", "launchPermissionConfiguration"),
        { skip: "s3ExportConfiguration" },
    ) as AwsNativeDistribution;
}

/** Canonical entries as aws-native distributions. */
export function renderAwsNative(entries: readonly ApiEntry[]): AwsNativeDistribution[] {
    return entries.map(toAwsNativeDistribution);
}
