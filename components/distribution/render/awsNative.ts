/**
 * Rendering for `@pulumi/aws-native` (CloudFormation's `AWS::ImageBuilder::DistributionConfiguration`
 * through Cloud Control), and back.
 *
 * CloudFormation names the launch permission `launchPermissionConfiguration` and has no
 * `s3ExportConfiguration` (validation refuses it before rendering). Everything else keeps the API's
 * names, `setDefaultVersion` included.
 */
import type { ApiEntry } from "../canonical";
import { isDeferred, isPlainObject, mapInput } from "../values";
import { withMember } from "./common";
import type * as pulumi from "@pulumi/pulumi";

function renameMember(v: unknown, from: string, to: string): unknown {
    if (isDeferred(v)) {
        return mapInput(v as pulumi.Input<Record<string, unknown>>, (x) => renameMember(x, from, to));
    }
    if (!isPlainObject(v)) {
        return v;
    }
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
        out[k === from ? to : k] = x;
    }
    return out;
}

/** One canonical entry as aws-native's `DistributionConfigurationDistributionArgs`. */
export function toAwsNativeDistribution(e: ApiEntry): Record<string, unknown> {
    return withMember(
        e,
        "amiDistributionConfiguration",
        (v) => renameMember(v, "launchPermission", "launchPermissionConfiguration"),
        { skip: "s3ExportConfiguration" },
    );
}

/** Canonical entries as aws-native distributions. */
export function renderAwsNative(entries: readonly ApiEntry[]): Record<string, unknown>[] {
    return entries.map(toAwsNativeDistribution);
}

/** The API's shape of aws-native distributions (resolved values), for plans and parity checks. */
export function awsNativeToApi(distributions: readonly Record<string, unknown>[]): Record<string, unknown>[] {
    return distributions.map((d) =>
        withMember(
            d,
            "amiDistributionConfiguration",
            (v) => renameMember(v, "launchPermissionConfiguration", "launchPermission"),
            { dropNullish: true },
        ),
    );
}
